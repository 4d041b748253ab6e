import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { createLogger } from '../../../src/logger.js';
import { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { type Shipgate, startShipgate } from '../../../src/shipgate.js';
import { type FreshSchema, freshSchema, missingPostgres } from '../../support/postgres.js';
import { tempDbPath } from '../../support/test-shipgate.js';

/** How many slash commands a replica answered, read from its own /metrics (its series carry its name). */
async function answered(replica: Shipgate): Promise<number> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  return text
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('shipgate_commands_total{') && line.includes(`replica="${replica.replicaId}"`),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/**
 * Socket Mode with two replicas on one PostgreSQL: each opens its own connection (Slack allows up to 10 per app and
 * spreads the envelopes over them, as the stand-in does), both answer, and one going away leaves the other taking
 * everything.
 */
describe.skipIf(missingPostgres())('Socket Mode with two replicas on PostgreSQL', () => {
  let standIn: SlackStandIn;
  let schema: FreshSchema;
  let replicas: Shipgate[] = [];
  const start = (replicaId: string) =>
    startShipgate({
      config: loadConfig('config/shipgate.example.yml'),
      dbPath: tempDbPath(),
      databaseUrl: schema.url,
      replicaId,
      port: 0,
      host: '127.0.0.1',
      clock: new FakeClock('2026-11-24T10:00:00Z'),
      startScheduler: false,
      logger: createLogger({ level: 'silent' }),
      slack: {
        botToken: 'xoxb-sandbox',
        appToken: 'xapp-sandbox',
        botId: 'B0SHIPGATE',
        botUserId: 'U0SHIPGATE',
        apiUrl: standIn.apiUrl,
        retries: 0,
      },
    });
  beforeAll(async () => {
    standIn = await SlackStandIn.start({ seed: true });
    schema = await freshSchema('socket_replicas');
    replicas = [await start('replica-a'), await start('replica-b')];
  }, 30_000);
  afterAll(async () => {
    for (const replica of replicas) await replica.stop().catch(() => undefined);
    await standIn?.stop();
    await schema?.drop();
  });

  it('answers over both connections, numbering incidents once, and over the other when one replica stops', async () => {
    expect(replicas.map((r) => r.slack.mode)).toEqual(['socket', 'socket']);
    expect(standIn.socketConnections).toBe(2);
    const declare = async (n: number) => {
      const { ack } = await standIn.command({
        user: 'U0BOB',
        command: '/incident',
        text: `declare SEV-3 Search is slow ${n}`,
        channel: 'C0DEPLOYS',
      });
      return /INC-\d{4}-\d{4}/.exec(JSON.stringify(ack))?.[0];
    };
    const ids = await Promise.all(Array.from({ length: 10 }, (_, n) => declare(n)));
    expect(new Set(ids).size).toBe(10);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    const [a, b] = replicas as [Shipgate, Shipgate];
    const byA = await answered(a);
    const byB = await answered(b);
    expect(byA + byB).toBe(10);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);

    await a.stop();
    await standIn.waitFor(() => standIn.socketConnections === 1, { timeoutMs: 5000 });
    const later = await Promise.all(Array.from({ length: 4 }, (_, n) => declare(10 + n)));
    expect(new Set([...ids, ...later]).size).toBe(14);
    expect(await answered(b)).toBe(byB + 4);
  }, 60_000);
});
