import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { DEFAULT_STAND_IN_TOKEN } from '../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { type DeployHarness, startDeployHarness, TEST_ROUTING_KEY } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { storeRows, storeTable } from '../support/store-query.js';

/** The deploy target's credential (a `pass_env` name that looks secret), which the fake target prints back. */
const DEPLOY_TOKEN = 'dpl_tok_9f8e7d6c5b4a3928170655';
const SECRETS = { DEPLOY_TOKEN, TEST_ROUTING_KEY, DEFAULT_STAND_IN_TOKEN };
const REDACTED = '[redacted]';

let h: DeployHarness;
const logLines: string[] = [];
const idOf = (text: string, prefix = 'DEP') => new RegExp(`${prefix}-\\d{4}-\\d{4}`).exec(text)?.[0] ?? '';

beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  h = await startDeployHarness({
    env: {
      DEPLOY_API_TOKEN: DEPLOY_TOKEN,
      FAKE_TARGET_LEAK: 'validate@4.0.1,deploy@4.0.2',
      FAKE_TARGET_FAIL: 'validate@4.0.1,deploy@4.0.2',
    },
    logger: createLogger({ level: 'trace', destination }),
  });
});
afterAll(async () => {
  await h.stop();
});

/** Every secret value found in `text`, by name. */
const leaked = (text: string) =>
  Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);

/** Every row of every table in the store (SQLite or PostgreSQL), read back through Shipgate's own connection. */
async function storedRows(): Promise<Record<string, Record<string, unknown>[]>> {
  const rows = storeRows<Record<string, unknown>>(h.shipgate);
  const tables =
    h.shipgate.store.dialect === 'sqlite'
      ? await rows`SELECT name FROM sqlite_master WHERE type = 'table'`
      : await rows`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  const names = tables.map((t) => String(t.name));
  expect(names).toEqual(expect.arrayContaining(['events', 'deploys', 'timers']));
  return Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await storeTable(h.shipgate, name)])),
  );
}

/**
 * What the store holds, as text: on SQLite the raw bytes of the database file and its WAL (SQLite keeps text as
 * UTF-8; free pages and old WAL frames included); on PostgreSQL, whose files belong to the server, every value of
 * every table, blobs decoded byte for byte.
 */
async function storedText(): Promise<string> {
  if (h.shipgate.store.dialect === 'postgres')
    return Object.values(await storedRows())
      .flat()
      .flatMap((row) => Object.values(row))
      .map((value) => (Buffer.isBuffer(value) ? value.toString('latin1') : String(value)))
      .join('\n');
  const dir = dirname(h.dbPath);
  return readdirSync(dir)
    .filter((f) => f.startsWith('shipgate.db'))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

describe('secrets an upstream echoes never reach Slack, the database or the log', () => {
  it('redacts a token a failing validation prints from the refusal, the message and the stored results', async () => {
    const id = idOf(await h.deploy('U0ALICE', 'checkout 4.0.1'));
    const record = await h.record(id);
    expect(record.state).toBe('failed');
    expect(record.validations[0]?.output).toContain(`authenticating with ${REDACTED}`);
    expect(record.validations[0]?.output).toContain(`"token":"${REDACTED}"`);
    const told = h.slack
      .messages('C0DEPLOYS', { user: 'U0ALICE' })
      .filter((m) => m.ephemeralFor === 'U0ALICE' && m.text.includes(id));
    expect(told.map((m) => m.text).join('\n')).toContain(`authenticating with ${REDACTED}`);
  });

  it('redacts it from the output of a failing deploy step in the thread', async () => {
    await seedProductionVersion(h, 'checkout', '4.0.0', 'blue');
    const id = idOf(await h.deploy('U0ALICE', 'checkout 4.0.2'));
    await h.click('U0BOB', id, 'approve');
    await h.click('U0CAROL', id, 'approve');
    expect((await h.record(id)).state).toBe('failed');
    expect((await h.thread(id)).join('\n')).toContain(`authenticating with ${REDACTED}`);
  });

  it('redacts the PagerDuty token an on-call lookup error echoes from the approval message', async () => {
    h.pagerduty.fail('/oncalls', { status: 401, echo: true });
    try {
      const id = idOf(await h.deploy('U0ALICE', 'checkout 4.0.3'));
      const note = (await h.record(id)).onCall.note ?? '';
      expect(note).toContain(`Token token=${REDACTED}`);
      expect(JSON.stringify((await h.message(id))?.blocks)).toContain(`Token token=${REDACTED}`);
    } finally {
      h.pagerduty.clearFaults();
    }
    expect(h.pagerduty.requests.some((r) => r.path === '/oncalls' && r.status === 401)).toBe(true);
  });

  it('redacts the routing key a failed page echoes from the incident card, its events and the retry', async () => {
    h.pagerduty.fail('/v2/enqueue', { status: 500, echo: true, times: 1 });
    const declared = await h.slack.command({
      user: 'U0BOB',
      command: '/incident',
      text: 'declare SEV-1 Checkout is down --service checkout',
      channel: 'C0DEPLOYS',
    });
    await h.settle();
    const id = idOf(JSON.stringify(declared.ack), 'INC');
    const failed = (await h.shipgate.runtime.incidents.get(id))?.pagerduty;
    expect(failed).toMatchObject({ state: 'failed', detail: expect.stringContaining(REDACTED) });
    const ref = await h.shipgate.sync.ref('incident-card', id);
    const card = ref?.ts ? h.slack.state.message(ref.channel, ref.ts) : undefined;
    expect(JSON.stringify(card?.blocks)).toContain(REDACTED);
    const retry = (await h.shipgate.timers.pending(id)).find((t) => t.kind.includes('page'));
    expect(retry).toBeDefined();
    h.clock.advance(5_000);
    await h.settle();
    expect((await h.shipgate.runtime.incidents.get(id))?.pagerduty.state).toBe('triggered');
  });

  it('leaves no trace of any secret in the Slack calls, the database (its file on SQLite) or the log lines', async () => {
    await h.settle();
    const slackText = JSON.stringify([h.slack.calls.map((c) => c.args), h.slack.state.allMessages()]);
    expect(leaked(slackText)).toEqual([]);
    expect(slackText).toContain(REDACTED);

    const rows = await storedRows();
    for (const table of ['events', 'deploys', 'timers'])
      expect(JSON.stringify(rows[table]), table).toContain(REDACTED);
    expect(leaked(JSON.stringify(rows))).toEqual([]);
    expect(rows.timers?.some((t) => String(t.last_error).includes(REDACTED))).toBe(true);
    expect(leaked(await storedText())).toEqual([]);

    const log = logLines.join('');
    expect(leaked(log)).toEqual([]);
    expect(log).toContain(REDACTED);
  });
});
