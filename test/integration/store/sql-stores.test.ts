import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReleaseRepository } from '../../../src/store/release-repository.js';
import { SlackAttemptLog } from '../../../src/store/slack-attempt-log.js';
import { SlackMessageRepository } from '../../../src/store/slack-message-repository.js';
import { nextSequence } from '../../../src/store/sql/next-sequence.js';
import { SqlAttestationStore } from '../../../src/store/sql/sql-attestation-store.js';
import { SqlInboundLedger } from '../../../src/store/sql/sql-inbound-ledger.js';
import { defineStatement } from '../../../src/store/sql/statement.js';
import { type DialectStore, dialectStores } from '../../support/dialect-stores.js';

const stores = dialectStores('sql_stores');

const countKeys = defineStatement((db) =>
  db.selectFrom('inbound_requests').select((eb) => eb.fn.countAll<number>().as('n')),
);
const addKey = defineStatement((db, p) =>
  db.insertInto('inbound_requests').values({ key: p('key'), received_at: p('at') }),
);

describe.each(stores)('the dialect-neutral stores on %s', (_name, open) => {
  let store: DialectStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });
  const keys = async () => Number((await store.runner.get<{ n: number | string }>(countKeys))?.n);

  it('takes a redelivered key in once, also when both copies arrive at the same time', async () => {
    const ledger = new SqlInboundLedger(store.runner);
    const at = new Date('2026-12-03T10:00:00Z');
    expect(await ledger.firstSeen('event:Ev01', at)).toBe(true);
    expect(await ledger.firstSeen('event:Ev01', at)).toBe(false);
    const racing = await Promise.all(Array.from({ length: 10 }, () => ledger.firstSeen('event:Ev02', at)));
    expect(racing.filter(Boolean)).toHaveLength(1);
  });

  it('stores, replaces and removes checklist ticks', async () => {
    const ticks = new SqlAttestationStore(store.runner);
    const at = new Date('2026-12-03T10:00:00Z');
    await ticks.put({ service: 'checkout', itemId: 'b', userId: 'U0BOB', role: 'qa', version: '2.5.4', at });
    await ticks.put({
      service: 'checkout',
      itemId: 'a',
      userId: 'U0ANA',
      role: 'qa',
      version: undefined,
      at,
    });
    const later = new Date(at.getTime() + 60_000);
    await ticks.put({
      service: 'checkout',
      itemId: 'b',
      userId: 'U0CAROL',
      role: 'lead',
      version: '2.5.5',
      at: later,
    });
    expect(await ticks.forService('checkout')).toEqual([
      { service: 'checkout', itemId: 'a', userId: 'U0ANA', role: 'qa', version: undefined, at },
      { service: 'checkout', itemId: 'b', userId: 'U0CAROL', role: 'lead', version: '2.5.5', at: later },
    ]);
    expect(await ticks.remove('checkout', 'a')).toBe(true);
    expect(await ticks.remove('checkout', 'a')).toBe(false);
    expect((await ticks.forService('checkout')).map((t) => t.itemId)).toEqual(['b']);
  });

  it('keeps where each live message is and what it last showed', async () => {
    const messages = new SlackMessageRepository(store.runner);
    expect(await messages.get('DEP-2026-0001', 'deploy')).toBeUndefined();
    await messages.set('DEP-2026-0001', 'deploy', 'C0DEPLOYS', '1700000000.000100', 'v1');
    await messages.setRendered('DEP-2026-0001', 'deploy', 'v2');
    expect(await messages.get('DEP-2026-0001', 'deploy')).toEqual({
      channel: 'C0DEPLOYS',
      ts: '1700000000.000100',
      rendered: 'v2',
    });
    await messages.set('DEP-2026-0001', 'deploy', 'C0OTHER', '1700000000.000200', 'v3');
    expect((await messages.get('DEP-2026-0001', 'deploy'))?.channel).toBe('C0OTHER');
  });

  it('records Slack attempts begun and finished, and prunes only finished old ones', async () => {
    const attempts = new SlackAttemptLog(store.runner);
    const at = new Date('2026-12-03T10:00:00Z');
    await attempts.begin('outbox:1', 'C0DEPLOYS', at);
    expect(await attempts.get('outbox:1')).toEqual({
      key: 'outbox:1',
      channel: 'C0DEPLOYS',
      ts: undefined,
      attemptedAt: at,
    });
    await attempts.begin('outbox:2', 'C0DEPLOYS', at);
    await attempts.finish('outbox:1', 'C0DEPLOYS', '1700000000.000300', at);
    expect((await attempts.get('outbox:1'))?.ts).toBe('1700000000.000300');
    expect(await attempts.prune(new Date(at.getTime() + 1))).toBe(1);
    expect(await attempts.get('outbox:1')).toBeUndefined();
    expect(await attempts.get('outbox:2')).toBeDefined();
  });

  it('records a release once, finds it again on a retry, and lists the newest first', async () => {
    const releases = new ReleaseRepository(store.runner);
    const at = new Date('2026-12-03T10:00:00Z');
    const pending = {
      service: 'checkout',
      version: '2.5.4',
      env: 'production',
      deployId: 'DEP-2026-0003',
      commit: undefined,
      tag: 'v2.5.4',
      state: 'pending' as const,
      detail: undefined,
      createdAt: at,
      updatedAt: at,
    };
    expect(await releases.insertPending(pending)).toEqual(pending);
    expect(await releases.insertPending({ ...pending, deployId: 'DEP-2026-0009' })).toEqual(pending);
    const later = new Date(at.getTime() + 1000);
    const tagged = await releases.update('checkout', '2.5.4', { state: 'tagged', commit: 'abc123' }, later);
    expect(tagged).toMatchObject({ state: 'tagged', commit: 'abc123', updatedAt: later });
    expect(await releases.get('checkout', '2.5.4')).toEqual(tagged);
    await releases.insertPending({ ...pending, version: '2.5.10', tag: 'v2.5.10', createdAt: later });
    expect((await releases.list('checkout', 10)).map((r) => r.version)).toEqual(['2.5.10', '2.5.4']);
    expect((await releases.list('checkout', 1)).map((r) => r.version)).toEqual(['2.5.10']);
  });

  it('numbers a sequence without gaps or repeats, also under 20 concurrent callers, and gives a rolled-back number back', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 20 }, () =>
        store.runner.transaction(() => nextSequence(store.runner, 'deploy:2026')),
      ),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await expect(
      store.runner.transaction(async () => {
        await nextSequence(store.runner, 'deploy:2026');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await nextSequence(store.runner, 'deploy:2026')).toBe(21);
    expect(await nextSequence(store.runner, 'incident:2026')).toBe(1);
  });

  it('commits a transaction whole, rolls a failed one back whole, and keeps a caught inner failure inside', async () => {
    const before = await keys();
    await expect(
      store.runner.transaction(async () => {
        await store.runner.run(addKey, { key: 'tx:rolled-back', at: 0 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await keys()).toBe(before);
    await store.runner.transaction(async () => {
      await store.runner.run(addKey, { key: 'tx:outer', at: 0 });
      await expect(
        store.runner.transaction(async () => {
          await store.runner.run(addKey, { key: 'tx:inner', at: 0 });
          throw new Error('inner failed');
        }),
      ).rejects.toThrow('inner failed');
      await store.runner.run(addKey, { key: 'tx:after', at: 0 });
    });
    expect(await keys()).toBe(before + 2);
  });

  it('keeps what other callers do out of an open transaction', async () => {
    const before = await keys();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const failing = store.runner.transaction(async () => {
      await store.runner.run(addKey, { key: 'iso:inside', at: 0 });
      await held;
      throw new Error('rolled back');
    });
    const outside = store.runner.run(addKey, { key: 'iso:outside', at: 0 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(failing).rejects.toThrow('rolled back');
    await outside;
    expect(await keys()).toBe(before + 1);
  });

  it('refuses a statement run without one of its values', async () => {
    await expect(store.runner.run(addKey, { at: 0 })).rejects.toThrow('statement parameter key is missing');
  });
});
