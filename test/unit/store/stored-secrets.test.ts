import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretValues } from '../../../src/core/text/secret-values.js';
import { type Db, openDatabase } from '../../../src/store/database.js';
import { EventLog } from '../../../src/store/event-log.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { TimerRepository } from '../../../src/store/timer-repository.js';
import { tempDbPath } from '../../support/test-shipgate.js';

/** A secret with characters JSON escapes, so a careless replacement inside JSON text would break it. */
const QUOTED = 'tok"en\\with-quotes';
const KEY = 'R0UTINGKEY0123456789abcdefABCDEF';
const at = new Date('2026-11-24T10:00:00Z');

let path: string;
let db: Db;

beforeEach(() => {
  path = tempDbPath('shipgate-secrets-');
  db = openDatabase(path, { secrets: SecretValues.of([QUOTED, KEY]) });
});
afterEach(() => {
  db.close();
  rmSync(dirname(path), { recursive: true, force: true });
});

const raw = (sql: string) => JSON.stringify(db.prepare(sql).all());

describe('a database opened with secret values', () => {
  it('stores event payloads with them redacted, as JSON that still reads back', async () => {
    const events = new EventLog(new SqliteRunner(db));
    await events.append({
      at,
      actor: { id: 'shipgate', kind: 'shipgate' },
      subject: 'INC-2026-0001',
      type: 'incident.page_failed',
      payload: { error: `HTTP 400: ${QUOTED} and {"routing_key":"${KEY}"}`, [KEY]: ['x', QUOTED] },
    });
    expect((await events.forSubject('INC-2026-0001'))[0]?.payload).toEqual({
      error: 'HTTP 400: [redacted] and {"routing_key":"[redacted]"}',
      '[redacted]': ['x', '[redacted]'],
    });
    expect(raw('SELECT payload FROM events')).not.toMatch(/R0UTINGKEY|tok\\*"en/);
  });

  it('stores timer payloads and the errors of failed runs with them redacted', async () => {
    const timers = new TimerRepository(new SqliteRunner(db));
    const id = await timers.insert({
      kind: 'slack.call',
      subject: 'DEP-2026-0001',
      dueAt: at,
      payload: { method: 'chat.postMessage', args: { text: `echo ${KEY}` } },
      createdAt: at,
    });
    const token = await timers.claim(id, 'me', at, new Date(at.getTime() + 60_000));
    expect(token).toBe(1);
    expect(await timers.release(id, { owner: 'me', token: 1 }, at, `PagerDutyError: bad key ${KEY}`)).toBe(
      true,
    );
    const stored = await timers.get(id);
    expect(stored?.payload).toEqual({ method: 'chat.postMessage', args: { text: 'echo [redacted]' } });
    expect(stored?.lastError).toBe('PagerDutyError: bad key [redacted]');
    expect(raw('SELECT * FROM timers')).not.toContain(KEY);
  });

  it('leaves a database opened without secrets as it was', async () => {
    const plainPath = tempDbPath('shipgate-plain-');
    const plain = openDatabase(plainPath);
    await new EventLog(new SqliteRunner(plain)).append({
      at,
      actor: { id: 'U0BOB', kind: 'human' },
      subject: 's',
      type: 't',
      payload: { KEY },
    });
    expect(JSON.stringify(plain.prepare('SELECT payload FROM events').all())).toContain(KEY);
    plain.close();
    rmSync(dirname(plainPath), { recursive: true, force: true });
  });
});
