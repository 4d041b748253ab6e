import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PagerDutyStandIn } from '../../../src/sandbox/pagerduty/index.js';
import { DEFAULT_REST_SPEC_PATH } from '../../../src/sandbox/pagerduty/rest-spec.js';
import { ADA, BOB, CY, restGet, restHeaders } from './pagerduty-fixture.js';

const DAY_START = new Date('2026-03-02T09:00:00Z');
const DAY_END = new Date('2026-03-02T21:00:00Z');

describe('PagerDuty stand-in REST API', () => {
  let standIn: PagerDutyStandIn;
  let headers: Record<string, string>;

  beforeAll(async () => {
    standIn = await PagerDutyStandIn.start({ now: () => new Date('2026-03-02T12:00:00Z') });
    headers = restHeaders(standIn.token);
  });
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.clearOnCall();
    standIn.clearFaults();
    standIn.setOnCall({
      scheduleId: 'PSCHED1',
      escalationPolicyId: 'PEP1',
      users: [ADA],
      start: DAY_START,
      end: DAY_END,
    });
    standIn.setOnCall({ escalationPolicyId: 'PEP1', level: 2, users: [BOB] });
    standIn.setOnCall({ scheduleId: 'PSCHED9', escalationPolicyId: 'PEP9', users: [CY] });
  });

  it('refuses a request without Authorization with 401 and PagerDuty’s error body', async () => {
    const res = await restGet(standIn.url, '/oncalls', { Accept: headers.Accept ?? '' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: { code: 2006, message: 'Authentication failed', errors: ['Missing Authorization header'] },
    });
  });

  it('refuses an Authorization header that does not match the spec’s pattern', async () => {
    const res = await restGet(standIn.url, '/oncalls', {
      ...headers,
      Authorization: `Token ${standIn.token}`,
    });
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).toContain('Token token=');
  });

  it('refuses a well-formed token that is not the configured one, and accepts Bearer with the right one', async () => {
    expect((await restGet(standIn.url, '/oncalls', restHeaders('wrongToken123'))).status).toBe(401);
    const bearer = await restGet(standIn.url, '/oncalls', {
      ...headers,
      Authorization: `Bearer ${standIn.token}`,
    });
    expect(bearer.status).toBe(200);
  });

  it('refuses a request without the versioned Accept header with 400 ArgumentError', async () => {
    const res = await restGet(standIn.url, '/oncalls', { ...headers, Accept: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 2001, message: 'Invalid Input Provided' });
    expect(JSON.stringify(res.body)).toContain('application/vnd.pagerduty+json;version=2');
  });

  it('refuses an include[] value outside the spec’s enum with 400 ArgumentError', async () => {
    const res = await restGet(standIn.url, '/oncalls?include%5B%5D=teams', headers);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: 2001,
        message: 'Invalid Input Provided',
        errors: ["include[] must be one of escalation_policies, users, schedules (got 'teams')"],
      },
    });
  });

  it('refuses query parameters the operation does not define, such as schedule_ids without []', async () => {
    const res = await restGet(standIn.url, '/oncalls?schedule_ids=PSCHED1', headers);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("Unknown query parameter 'schedule_ids' for listOnCalls");
  });

  it('refuses badly typed values: a non-boolean earliest, a non-date since, an unknown time zone', async () => {
    for (const query of ['earliest=yes', 'since=tomorrow', 'time_zone=Mars%2FOlympus', 'limit=ten']) {
      expect((await restGet(standIn.url, `/oncalls?${query}`, headers)).status, query).toBe(400);
    }
  });

  it('refuses an until before since with Invalid Query Date Range', async () => {
    const res = await restGet(
      standIn.url,
      '/oncalls?since=2026-03-02T12:00:00Z&until=2026-03-01T12:00:00Z',
      headers,
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 2005 });
  });

  it('lists on-calls by schedule as references, shaped like the spec’s example', async () => {
    const res = await restGet(standIn.url, '/oncalls?schedule_ids%5B%5D=PSCHED1', headers);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      oncalls: [
        {
          user: {
            id: ADA.id,
            type: 'user_reference',
            summary: ADA.name,
            self: `https://api.pagerduty.com/users/${ADA.id}`,
            html_url: `https://subdomain.pagerduty.com/users/${ADA.id}`,
          },
          schedule: expect.objectContaining({ id: 'PSCHED1', type: 'schedule_reference' }),
          escalation_policy: expect.objectContaining({ id: 'PEP1', type: 'escalation_policy_reference' }),
          escalation_level: 1,
          start: '2026-03-02T09:00:00Z',
          end: '2026-03-02T21:00:00Z',
        },
      ],
      limit: 25,
      offset: 0,
      more: false,
      total: null,
    });
  });

  it('expands users with their email for include[]=users and renders times in time_zone', async () => {
    const res = await restGet(
      standIn.url,
      '/oncalls?escalation_policy_ids%5B%5D=PEP1&include%5B%5D=users&time_zone=America%2FNew_York',
      headers,
    );
    const oncalls = res.body.oncalls as {
      user: Record<string, unknown>;
      escalation_level: number;
      start: string;
    }[];
    expect(oncalls.map((o) => [o.user.type, o.user.email, o.escalation_level])).toEqual([
      ['user', ADA.email, 1],
      ['user', BOB.email, 2],
    ]);
    expect(oncalls[0]?.start).toBe('2026-03-02T04:00:00-05:00');
  });

  it('leaves out shifts that do not overlap since..until', async () => {
    const res = await restGet(
      standIn.url,
      '/oncalls?escalation_policy_ids%5B%5D=PEP1&since=2026-03-03T00:00:00Z&until=2026-03-03T01:00:00Z',
      headers,
    );
    expect((res.body.oncalls as { user: { id: string } }[]).map((o) => o.user.id)).toEqual([BOB.id]);
  });

  it('paginates with limit and offset, reporting more and (when asked) total', async () => {
    const first = await restGet(standIn.url, '/oncalls?limit=2&total=true', headers);
    expect(first.body).toMatchObject({ limit: 2, offset: 0, more: true, total: 3 });
    const second = await restGet(standIn.url, '/oncalls?limit=2&offset=2', headers);
    expect(second.body).toMatchObject({ more: false, total: null });
    expect((second.body.oncalls as unknown[]).length).toBe(1);
  });

  it('answers GET /users/{id} with the full user and 404 for an unknown id', async () => {
    const found = await restGet(standIn.url, `/users/${BOB.id}`, headers);
    expect(found.body.user).toMatchObject({ id: BOB.id, type: 'user', name: BOB.name, email: BOB.email });
    const missing = await restGet(standIn.url, '/users/PNOBODY', headers);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 2100, message: 'Not Found' });
  });

  it('checks GET /users against its own operation: contact_methods is a valid include there, users is not', async () => {
    expect((await restGet(standIn.url, '/users?include%5B%5D=contact_methods', headers)).status).toBe(200);
    expect((await restGet(standIn.url, '/users?include%5B%5D=users', headers)).status).toBe(400);
    const byName = await restGet(standIn.url, '/users?query=kahn', headers);
    expect((byName.body.users as { id: string }[]).map((u) => u.id)).toEqual([BOB.id]);
  });

  it('answers injected failures with Retry-After for the given number of times, then normally', async () => {
    standIn.fail('/oncalls', { status: 429, retryAfter: 7, times: 1 });
    const limited = await restGet(standIn.url, '/oncalls', headers);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body.error).toBeDefined();
    expect((await restGet(standIn.url, '/oncalls', headers)).status).toBe(200);
  });

  it('records each request with its query, headers and answered status', async () => {
    const before = standIn.requests.length;
    await restGet(standIn.url, '/oncalls?include%5B%5D=users&user_ids%5B%5D=PADA001', headers);
    const recorded = standIn.requests.slice(before);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      method: 'GET',
      path: '/oncalls',
      query: [
        ['include[]', 'users'],
        ['user_ids[]', 'PADA001'],
      ],
      status: 200,
    });
    expect(recorded[0]?.headers.authorization).toBe(`Token token=${standIn.token}`);
  });

  it('derives its rules from the REST spec it is started with, not from lists of its own', async () => {
    const spec = JSON.parse(readFileSync(DEFAULT_REST_SPEC_PATH, 'utf8'));
    spec.components.parameters.include_oncalls.schema.enum.push('teams');
    const specPath = join(mkdtempSync(join(tmpdir(), 'shipgate-pd-spec-')), 'rest-openapiv3.json');
    writeFileSync(specPath, JSON.stringify(spec));
    const widened = await PagerDutyStandIn.start({ restSpecPath: specPath });
    try {
      widened.setOnCall({ scheduleId: 'PSCHED1', users: [ADA] });
      const h = restHeaders(widened.token);
      expect((await restGet(standIn.url, '/oncalls?include%5B%5D=teams', headers)).status).toBe(400);
      expect((await restGet(widened.url, '/oncalls?include%5B%5D=teams', h)).status).toBe(200);
      expect((await restGet(widened.url, '/oncalls?include%5B%5D=sideburns', h)).status).toBe(400);
      const ok = await restGet(widened.url, '/oncalls?include%5B%5D=users&schedule_ids%5B%5D=PSCHED1', h);
      expect((ok.body.oncalls as { user: { email: string } }[])[0]?.user.email).toBe(ADA.email);
    } finally {
      await widened.stop();
    }
  });
});
