import { type IncomingMessage, request } from 'node:http';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../../src/http/api/api-routes.js';
import {
  apiErrorSchema,
  deployListSchema,
  deploySchema,
  incidentListSchema,
  sampleListSchema,
  timelineSchema,
} from '../../../src/http/api/api-schemas.js';
import { AgentTokenRepository } from '../../../src/store/agent-token-repository.js';
import { openDatabase } from '../../../src/store/database.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { type AgentApiServer, OPERATOR, startAgentApi } from '../../support/agent-api-server.js';
import { CHECKOUT_DEPLOY, INCIDENT, RecordingAgentDoor } from '../../support/recording-agent-door.js';

let door: RecordingAgentDoor;
let api: AgentApiServer;
let full: string;
let reader: string;

beforeAll(async () => {
  door = new RecordingAgentDoor();
  api = await startAgentApi(door);
  full = await api.addAgent('ops-bot');
  reader = await api.addAgent('reader', ['read']);
});
afterAll(async () => {
  await api.stop();
});
beforeEach(() => {
  door.calls.length = 0;
});

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** One request to the API; the answer must be JSON whatever its status. */
async function call(
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown; raw?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${api.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const EXPECTED_ROUTES = [
  'GET /api/v1/deploys',
  'GET /api/v1/deploys/{id}',
  'GET /api/v1/deploys/{id}/samples',
  'GET /api/v1/incidents',
  'GET /api/v1/incidents/{id}',
  'GET /api/v1/incidents/{id}/timeline',
  'POST /api/v1/deploys/{id}/recommendations',
  'POST /api/v1/incidents/{id}/notes',
  'POST /api/v1/alerts',
  'POST /api/v1/incidents/{id}/analysis',
  'POST /api/v1/deploys',
  'POST /api/v1/deploys/{id}/approve',
  'POST /api/v1/deploys/{id}/rollback',
  'POST /api/v1/incidents/{id}/resolve',
  'PUT /api/v1/config',
  'GET /api/v1/secrets',
  'DELETE /api/v1/deploys/{id}/watch',
];

describe('GET /api/v1/openapi.json', () => {
  it('is served without a token, validates as OpenAPI 3.1 and describes every route with its answers', async () => {
    const { status, body } = await call('GET', '/api/v1/openapi.json');
    expect(status).toBe(200);
    await expect(SwaggerParser.validate(structuredClone(body) as never)).resolves.toBeDefined();
    expect(body.openapi).toBe('3.1.0');
    const paths = body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    const listed = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(listed.sort()).toEqual([...EXPECTED_ROUTES, 'GET /api/v1/openapi.json'].sort());
    expect(body.components).toMatchObject({
      securitySchemes: { agentToken: { type: 'http', scheme: 'bearer' } },
    });
    expect(Object.keys(paths['/api/v1/deploys/{id}/recommendations']?.post?.responses ?? {}).sort()).toEqual(
      ['201', '400', '401', '403', '404', '409', '413', '429'].sort(),
    );
    expect(Object.keys(paths['/api/v1/deploys']?.get?.responses ?? {}).sort()).toEqual(
      ['200', '400', '401', '403', '404', '429'].sort(),
    );
    expect(Object.keys(paths['/api/v1/deploys/{id}/approve']?.post?.responses ?? {})).not.toContain('200');
  });

  it('is the document of the routes the API serves', () => {
    expect(API_ROUTES.map((r) => `${r.method} /api/v1${r.path}`)).toEqual(EXPECTED_ROUTES);
  });
});

describe('bearer tokens', () => {
  it('answers 401 with WWW-Authenticate for a missing, malformed or unknown token', async () => {
    for (const token of [undefined, 'xoxb-not-ours', `sgp_${'A'.repeat(43)}`]) {
      const answer = await call('GET', '/api/v1/deploys', { token });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.body).toEqual({ error: 'unauthorized', reason: expect.any(String) });
    }
    expect(door.calls).toEqual([]);
  });

  it('takes a token added while Shipgate runs at once, and refuses it from the request after its revocation', async () => {
    const token = await api.addAgent('short-lived');
    expect((await call('GET', '/api/v1/incidents', { token })).status).toBe(200);
    const other = openDatabase(api.dbPath);
    try {
      expect(await new AgentTokenRepository(new SqliteRunner(other)).revoke('short-lived', new Date())).toBe(
        true,
      );
    } finally {
      other.close();
    }
    expect(await call('GET', '/api/v1/incidents', { token })).toMatchObject({
      status: 401,
      body: { error: 'unauthorized', reason: 'this agent token was revoked' },
    });
    expect(door.callsOf('listIncidents')).toHaveLength(1);
  });
});

describe('reads', () => {
  it('answer the door through the contract, keeping only the fields it names', async () => {
    const list = await call('GET', '/api/v1/deploys?service=checkout&limit=5', { token: reader });
    expect(list.status).toBe(200);
    expect(deployListSchema.parse(list.body).deploys).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain('internalNote');
    expect(door.callsOf('listDeploys')).toEqual([
      { method: 'listDeploys', agent: 'reader', args: [{ service: 'checkout', limit: 5 }] },
    ]);
    const one = await call('GET', `/api/v1/deploys/${CHECKOUT_DEPLOY.id}`, { token: reader });
    expect(one.status).toBe(200);
    expect(deploySchema.parse(one.body).version).toBe('2.5.4');
    const samples = await call('GET', `/api/v1/deploys/${CHECKOUT_DEPLOY.id}/samples`, { token: reader });
    expect(sampleListSchema.parse(samples.body).samples).toHaveLength(1);
    const incidents = await call('GET', '/api/v1/incidents', { token: reader });
    expect(incidentListSchema.parse(incidents.body).incidents[0]?.id).toBe(INCIDENT.id);
    const incident = await call('GET', `/api/v1/incidents/${INCIDENT.id}`, { token: reader });
    expect(incident.body).toEqual(INCIDENT);
    const timeline = await call('GET', `/api/v1/incidents/${INCIDENT.id}/timeline`, { token: reader });
    expect(timelineSchema.parse(timeline.body).timeline[0]?.type).toBe('incident.declared');
  });

  it("pass the door's own refusal on with its status", async () => {
    expect(await call('GET', '/api/v1/deploys/dep-nope', { token: reader })).toMatchObject({
      status: 404,
      body: { error: 'not_found', reason: 'no deploy dep-nope' },
    });
  });

  it('need the read scope', async () => {
    const token = await api.addAgent('writer', ['recommend']);
    expect(await call('GET', '/api/v1/incidents', { token })).toMatchObject({
      status: 403,
      body: { error: 'forbidden', rule: 'OB-SCOPE-1', reason: 'this token lacks the read scope' },
    });
    expect(door.calls).toEqual([]);
  });
});

describe('permitted writes', () => {
  it('answer 201 with the id, passing the body without absent fields', async () => {
    const rec = await call('POST', `/api/v1/deploys/${CHECKOUT_DEPLOY.id}/recommendations`, {
      token: full,
      body: { action: 'pause', reasoning: 'p99 latency doubled' },
    });
    expect(rec).toMatchObject({ status: 201, body: { id: 'rec-1' } });
    expect(door.callsOf('recommend')[0]?.args).toEqual([
      CHECKOUT_DEPLOY.id,
      { action: 'pause', reasoning: 'p99 latency doubled' },
    ]);
    const note = await call('POST', `/api/v1/incidents/${INCIDENT.id}/notes`, {
      token: full,
      body: { text: 'error rate back to baseline' },
    });
    expect(note).toMatchObject({ status: 201, body: { id: 41 } });
    const alert = await call('POST', '/api/v1/alerts', {
      token: full,
      body: { service: 'checkout', summary: 'error rate 5x baseline', severity: 'critical' },
    });
    expect(alert).toMatchObject({ status: 201, body: { id: 42 } });
    const analysis = await call('POST', `/api/v1/incidents/${INCIDENT.id}/analysis`, {
      token: full,
      body: { markdown: '## Cause\nA slow query.' },
    });
    expect(analysis).toMatchObject({ status: 201, body: { id: 43 } });
    expect(door.calls.map((c) => `${c.method}:${c.agent}`)).toEqual([
      'recommend:ops-bot',
      'annotate:ops-bot',
      'alert:ops-bot',
      'analysis:ops-bot',
    ]);
  });

  it('each need their own scope', async () => {
    const cases: [string, string, unknown, string][] = [
      [
        'POST',
        `/api/v1/deploys/${CHECKOUT_DEPLOY.id}/recommendations`,
        { action: 'continue', reasoning: 'ok' },
        'recommend',
      ],
      ['POST', `/api/v1/incidents/${INCIDENT.id}/notes`, { text: 'x' }, 'annotate'],
      ['POST', '/api/v1/alerts', { service: 'checkout', summary: 'x', severity: 'info' }, 'alert'],
      ['POST', `/api/v1/incidents/${INCIDENT.id}/analysis`, { markdown: 'x' }, 'annotate'],
    ];
    for (const [method, path, body, scope] of cases)
      expect(await call(method, path, { token: reader, body })).toMatchObject({
        status: 403,
        body: { error: 'forbidden', rule: 'OB-SCOPE-1', reason: `this token lacks the ${scope} scope` },
      });
    expect(door.calls).toEqual([]);
  });
});

describe('forbidden routes', () => {
  it('reach the door with any valid token, whose boundary answers 403 with its rule', async () => {
    const cases: [string, string, string][] = [
      ['POST', '/api/v1/deploys', 'OB-DEPLOY-1'],
      ['POST', `/api/v1/deploys/${CHECKOUT_DEPLOY.id}/approve`, 'OB-DEPLOY-2'],
      ['POST', `/api/v1/deploys/${CHECKOUT_DEPLOY.id}/rollback`, 'OB-ROLLBACK-1'],
      ['POST', `/api/v1/incidents/${INCIDENT.id}/resolve`, 'OB-INC-3'],
      ['PUT', '/api/v1/config', 'OB-CONFIG-1'],
      ['GET', '/api/v1/secrets', 'OB-SECRET-1'],
      ['DELETE', `/api/v1/deploys/${CHECKOUT_DEPLOY.id}/watch`, 'OB-MON-1'],
    ];
    const token = await api.addAgent('alerter', ['alert']);
    for (const [method, path, rule] of cases) {
      const answer = await call(method, path, { token, ...(method === 'GET' ? {} : { body: { any: 1 } }) });
      expect(answer).toMatchObject({ status: 403, body: { error: 'forbidden', rule } });
      expect(apiErrorSchema.parse(answer.body).reason).toMatch(/AI agents may not/);
    }
    expect(door.calls.map((c) => c.method)).toEqual([
      'requestDeploy',
      'approveDeploy',
      'rollbackDeploy',
      'resolveIncident',
      'changeConfig',
      'readSecrets',
      'stopWatch',
    ]);
    expect(door.callsOf('requestDeploy')[0]?.args).toEqual([{ any: 1 }]);
  });
});

describe('bad requests', () => {
  const recommendations = `/api/v1/deploys/${CHECKOUT_DEPLOY.id}/recommendations`;

  it('answer 400 naming the field, and never reach the door', async () => {
    const cases: [{ body?: unknown; raw?: string }, string][] = [
      [{ raw: '{"action": "pause",' }, 'body'],
      [{ body: [1, 2] }, 'body'],
      [{ body: { action: 'rollback-now', reasoning: 'x' } }, 'action'],
      [{ body: { action: 'pause' } }, 'reasoning'],
      [{ body: { action: 'pause', reasoning: 'x', metrics: { p99: 'slow' } } }, 'metrics.p99'],
      [{ body: { action: 'pause', reasoning: 'x', approve: true } }, 'approve'],
      [{}, 'body'],
    ];
    for (const [request, field] of cases) {
      const answer = await call('POST', recommendations, { token: full, ...request });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: 'bad_request', field, reason: expect.any(String) });
    }
    expect(await call('GET', '/api/v1/deploys?limit=0', { token: full })).toMatchObject({
      status: 400,
      body: { error: 'bad_request', field: 'limit' },
    });
    expect(await call('GET', '/api/v1/deploys?colour=blue', { token: full })).toMatchObject({
      status: 400,
      body: { error: 'bad_request', field: 'colour' },
    });
    expect(await call('GET', `/api/v1/deploys/${'x'.repeat(101)}`, { token: full })).toMatchObject({
      status: 400,
      body: { error: 'bad_request', field: 'id' },
    });
    expect(door.calls).toEqual([]);
  });

  it('answer 404 for an unknown route and 405 with Allow for a wrong method, as JSON', async () => {
    expect(await call('GET', '/api/v1/nope', { token: full })).toMatchObject({
      status: 404,
      body: { error: 'not_found' },
    });
    expect(await call('GET', '/api/v1', { token: full })).toMatchObject({ status: 404 });
    const wrong = await call('PATCH', `/api/v1/deploys/${CHECKOUT_DEPLOY.id}`, { token: full });
    expect(wrong).toMatchObject({ status: 405, body: { error: 'method_not_allowed' } });
    expect(wrong.headers.get('allow')).toBe('GET');
    const post = await call('GET', `/api/v1/incidents/${INCIDENT.id}/notes`, { token: full });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('POST');
    expect((await call('POST', '/api/v1/openapi.json')).status).toBe(405);
  });
});

describe('failures inside', () => {
  it('answer 500 as JSON when the door throws, and the next request is served', async () => {
    door.failNext = new Error('database is locked');
    expect(await call('GET', '/api/v1/incidents', { token: full })).toEqual({
      status: 500,
      headers: expect.anything(),
      body: { error: 'internal', reason: 'internal error' },
    });
    expect((await call('GET', '/api/v1/incidents', { token: full })).status).toBe(200);
  });

  it('answer 500 when the door answers outside the contract', async () => {
    door.deployAnswer = { id: 7 };
    try {
      expect(await call('GET', `/api/v1/deploys/${CHECKOUT_DEPLOY.id}`, { token: full })).toMatchObject({
        status: 500,
        body: { error: 'internal' },
      });
    } finally {
      door.deployAnswer = undefined;
    }
  });
});

/** A POST whose body streams in by hand: `write` parts, then `end`; `answer` resolves when the server answers. */
function streamedPost(path: string, token: string, length?: number) {
  const headers: Record<string, string | number> = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  if (length !== undefined) headers['content-length'] = length;
  const req = request(`${api.url}${path}`, { method: 'POST', headers });
  const answer = new Promise<{
    status: number;
    body: Record<string, unknown>;
    connection?: string | undefined;
  }>((resolve, reject) => {
    req.on('response', (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), connection: res.headers.connection }),
      );
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  return { req, answer };
}

describe('body size', () => {
  it('answers 413 when Content-Length passes 64 KiB, before any body arrives', async () => {
    const { req, answer } = streamedPost('/api/v1/alerts', full, 64 * 1024 + 1);
    const got = await answer;
    req.destroy();
    expect(got).toMatchObject({ status: 413, body: { error: 'too_large' }, connection: 'close' });
  });

  it('answers 413 as soon as a chunked body passes 64 KiB', async () => {
    const { req, answer } = streamedPost(`/api/v1/incidents/${INCIDENT.id}/analysis`, full);
    req.write(`{"markdown":"${'a'.repeat(40 * 1024)}`);
    req.write('b'.repeat(40 * 1024));
    const got = await answer;
    req.destroy();
    expect(got).toMatchObject({ status: 413, body: { error: 'too_large' } });
    expect(door.calls).toEqual([]);
  });
});

describe('the emergency stop', () => {
  const path = `/api/v1/deploys/${CHECKOUT_DEPLOY.id}/recommendations`;
  const body = JSON.stringify({ action: 'rollback', reasoning: 'error rate 5x' });

  it('aborts a request under way: it answers 401 at once and the door is never called', async () => {
    const { req, answer } = streamedPost(path, full, Buffer.byteLength(body));
    req.write(body.slice(0, 10));
    await expect.poll(() => api.tokens.inFlight.size).toBe(1);
    expect(await api.tokens.suspend(OPERATOR, 'runaway agent')).toBe(1);
    try {
      expect(await answer).toMatchObject({
        status: 401,
        body: { error: 'unauthorized', reason: 'agents are suspended' },
      });
      req.on('error', () => undefined);
      req.end(body.slice(10));
      expect(await call('GET', '/api/v1/incidents', { token: full })).toMatchObject({
        status: 401,
        body: { reason: 'agents are suspended' },
      });
    } finally {
      await api.tokens.resume(OPERATOR);
    }
    expect(door.calls).toEqual([]);
    expect(api.tokens.inFlight.size).toBe(0);
  });

  it('stops a request under way when another replica suspended agents: the check right before acting', async () => {
    const { req, answer } = streamedPost(path, full, Buffer.byteLength(body));
    req.write(body.slice(0, 10));
    await expect.poll(() => api.tokens.inFlight.size).toBe(1);
    const other = openDatabase(api.dbPath);
    try {
      await new AgentTokenRepository(new SqliteRunner(other)).suspend(
        'U0BOB',
        new Date(),
        'from another replica',
      );
    } finally {
      other.close();
    }
    req.end(body.slice(10));
    try {
      expect(await answer).toMatchObject({
        status: 401,
        body: { error: 'unauthorized', reason: 'agents are suspended' },
      });
    } finally {
      await api.tokens.resume(OPERATOR);
    }
    expect(door.calls).toEqual([]);
    expect((await call('GET', '/api/v1/incidents', { token: full })).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past agents.rate_limit requests a minute, per token', async () => {
    const limited = await startAgentApi(new RecordingAgentDoor(), { rateLimit: 3 });
    try {
      const one = await limited.addAgent('one');
      const two = await limited.addAgent('two');
      const get = (token: string) =>
        fetch(`${limited.url}/api/v1/incidents`, { headers: { authorization: `Bearer ${token}` } });
      for (let i = 0; i < 3; i++) expect((await get(one)).status).toBe(200);
      const refused = await get(one);
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(await refused.json()).toEqual({
        error: 'too_many_requests',
        reason: expect.stringContaining('3'),
      });
      expect((await get(two)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
