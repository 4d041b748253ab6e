import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import type { Actor } from '../../../src/core/actor.js';
import { AGENTS_SUSPENDED, AgentTokens, hashAgentToken } from '../../../src/services/agents/agent-tokens.js';
import { AgentTokenRepository } from '../../../src/store/agent-token-repository.js';
import { gateOf } from '../../../src/store/connection-gate.js';
import { type Db, openDatabase } from '../../../src/store/database.js';
import { EventLog } from '../../../src/store/event-log.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { tempDbPath } from '../../support/test-shipgate.js';

const ALICE: Actor = { id: 'U0ALICE', kind: 'human' };

let path: string;
let db: Db;
let clock: FakeClock;
let events: EventLog;
let tokens: AgentTokens;

/** A token service over its own handle on the shared SQLite file (as another process or replica would have). */
function serviceOn(handle: Db): AgentTokens {
  const runner = new SqliteRunner(handle);
  return new AgentTokens({
    registry: new AgentTokenRepository(runner),
    events: new EventLog(runner),
    clock,
    tx: gateOf(handle),
  });
}

beforeEach(() => {
  path = tempDbPath('shipgate-agent-tokens-');
  db = openDatabase(path);
  clock = new FakeClock('2026-11-24T10:00:00Z');
  events = new EventLog(new SqliteRunner(db));
  tokens = serviceOn(db);
});
afterEach(() => {
  db.close();
});

const bearer = (token: string) => `Bearer ${token}`;

async function added(name: string, scopes?: string[], channels?: string[]): Promise<string> {
  const outcome = await tokens.add({ name, scopes, channels }, ALICE);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.token;
}

describe('agent tokens', () => {
  it('are sgp_ and 32 random bytes, and only their SHA-256 reaches the database file', async () => {
    const token = await added('ci-bot');
    expect(token).toMatch(/^sgp_[A-Za-z0-9_-]{43}$/);
    const row = db.prepare('SELECT * FROM agent_tokens').get() as Record<string, unknown>;
    expect(row).toMatchObject({ name: 'ci-bot', token_hash: hashAgentToken(token), created_by: 'U0ALICE' });
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readdirSync(dirname(path))
      .map((f) => readFileSync(join(dirname(path), f)).toString('latin1'))
      .join('');
    expect(bytes).toContain(hashAgentToken(token));
    expect(bytes).not.toContain(token.slice(4));
  });

  it('default to all four scopes and no private channels, and record who added them', async () => {
    await added('ci-bot');
    expect(await tokens.list()).toEqual([
      expect.objectContaining({
        name: 'ci-bot',
        scopes: ['read', 'recommend', 'annotate', 'alert'],
        channels: [],
        createdAt: clock.now(),
        revokedAt: null,
        lastUsedAt: null,
      }),
    ]);
    expect(await events.forSubject('agent:ci-bot')).toEqual([
      expect.objectContaining({
        actor: 'U0ALICE',
        actorKind: 'human',
        type: 'agent.added',
        payload: { scopes: ['read', 'recommend', 'annotate', 'alert'], channels: [] },
      }),
    ]);
  });

  it('authenticate a bearer header as the agent, with its scopes and channels, and mark it used', async () => {
    const token = await added('watcher', ['recommend', 'read'], ['C0SECRET']);
    clock.advance(60_000);
    const auth = await tokens.authenticate(bearer(token));
    expect(auth).toEqual({
      ok: true,
      identity: {
        name: 'watcher',
        scopes: ['read', 'recommend'],
        channels: ['C0SECRET'],
        actor: { id: 'agent:watcher', kind: 'agent' },
      },
    });
    expect((await tokens.list())[0]?.lastUsedAt).toEqual(clock.now());
  });

  it('tell a missing, malformed and unknown header apart', async () => {
    await added('ci-bot');
    const failure = async (header: string | undefined) => {
      const auth = await tokens.authenticate(header);
      return auth.ok ? 'ok' : auth.failure;
    };
    expect(await failure(undefined)).toBe('missing');
    expect(await failure('  ')).toBe('missing');
    expect(await failure('Basic dXNlcjpwYXNz')).toBe('malformed');
    expect(await failure('Bearer xoxb-123')).toBe('malformed');
    expect(await failure(bearer(`sgp_${'A'.repeat(43)}`))).toBe('unknown');
  });

  it('refuse a name that is not a-z0-9-, an unknown scope and a channel that is not an id', async () => {
    expect(await tokens.add({ name: 'CI bot' }, ALICE)).toMatchObject({ ok: false, refusal: 'usage' });
    expect(await tokens.add({ name: '-bot' }, ALICE)).toMatchObject({ ok: false, refusal: 'usage' });
    expect(await tokens.add({ name: 'a'.repeat(64) }, ALICE)).toMatchObject({ ok: false, refusal: 'usage' });
    expect(await tokens.add({ name: 'bot', scopes: ['read', 'deploy'] }, ALICE)).toMatchObject({
      ok: false,
      refusal: 'usage',
      reason: expect.stringContaining('deploy'),
    });
    expect(await tokens.add({ name: 'bot', scopes: [] }, ALICE)).toMatchObject({
      ok: false,
      refusal: 'usage',
    });
    expect(await tokens.add({ name: 'bot', channels: ['#incidents'] }, ALICE)).toMatchObject({
      ok: false,
      refusal: 'usage',
    });
    expect(await tokens.list()).toEqual([]);
  });

  it('refuse a name taken, also by a revoked token, without writing an event', async () => {
    await added('ci-bot');
    expect(await tokens.add({ name: 'ci-bot' }, ALICE)).toMatchObject({
      ok: false,
      refusal: 'refused',
      reason: 'agent ci-bot exists already',
    });
    await tokens.revoke('ci-bot', ALICE);
    expect(await tokens.add({ name: 'ci-bot' }, ALICE)).toMatchObject({
      ok: false,
      refusal: 'refused',
      reason: expect.stringContaining('revoked'),
    });
    expect((await events.forSubject('agent:ci-bot')).map((e) => e.type)).toEqual([
      'agent.added',
      'agent.revoked',
    ]);
  });

  it('stop authenticating a revoked token at once, also when another handle revoked it', async () => {
    const token = await added('ci-bot');
    expect((await tokens.authenticate(bearer(token))).ok).toBe(true);
    const other = openDatabase(path);
    try {
      expect(await serviceOn(other).revoke('ci-bot', ALICE)).toEqual({ ok: true });
    } finally {
      other.close();
    }
    expect(await tokens.authenticate(bearer(token))).toMatchObject({ ok: false, failure: 'revoked' });
    expect(await tokens.revoke('ci-bot', ALICE)).toEqual({
      ok: false,
      reason: 'agent ci-bot is revoked already',
    });
    expect(await tokens.revoke('nobody', ALICE)).toEqual({ ok: false, reason: 'no agent nobody' });
    expect((await tokens.list())[0]?.revokedAt).toEqual(clock.now());
  });

  it('suspend every token and abort the requests under way, then resume', async () => {
    const token = await added('ci-bot');
    const running = tokens.begin();
    const finished = tokens.begin();
    finished.end();
    expect(await tokens.suspend(ALICE, 'runaway agent')).toBe(1);
    expect(running.signal.aborted).toBe(true);
    expect(await tokens.authenticate(bearer(token))).toEqual({
      ok: false,
      failure: 'suspended',
      reason: AGENTS_SUSPENDED,
    });
    expect(await tokens.suspension()).toEqual({
      suspended: true,
      by: 'U0ALICE',
      at: clock.now(),
      reason: 'runaway agent',
    });
    clock.advance(1_000);
    expect(await tokens.resume(ALICE)).toBe(true);
    expect(await tokens.resume(ALICE)).toBe(false);
    expect((await tokens.authenticate(bearer(token))).ok).toBe(true);
    expect((await events.forSubject('agents')).map((e) => [e.type, e.payload])).toEqual([
      ['agents.suspended', { reason: 'runaway agent' }],
      ['agents.resumed', {}],
    ]);
  });

  it('see a suspension made by another replica right before acting', async () => {
    await added('ci-bot');
    const running = tokens.begin();
    expect(await tokens.refusalIfSuspended(running.signal)).toBeUndefined();
    const other = openDatabase(path);
    try {
      await serviceOn(other).suspend({ id: 'U0BOB', kind: 'human' }, 'stop');
    } finally {
      other.close();
    }
    expect(running.signal.aborted).toBe(false);
    expect(await tokens.refusalIfSuspended(running.signal)).toEqual({
      ok: false,
      status: 401,
      error: 'unauthorized',
      reason: AGENTS_SUSPENDED,
    });
  });
});
