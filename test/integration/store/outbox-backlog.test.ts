import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxBacklog } from '../../../src/store/outbox-backlog.js';
import { defineStatement } from '../../../src/store/sql/statement.js';
import { type DialectStore, dialectStores } from '../../support/dialect-stores.js';

const T0 = Date.UTC(2026, 11, 3, 10, 0, 0);

const addTimer = defineStatement((db, p) =>
  db.insertInto('timers').values({
    kind: p('kind'),
    subject: p('subject'),
    due_at: p('due'),
    created_at: p('created'),
    fired_at: p('fired'),
    cancelled_at: p('cancelled'),
  }),
);

describe.each(dialectStores('outbox_backlog'))('the outbox backlog on %s', (_name, open) => {
  let store: DialectStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });
  const add = (kind: string, created: number, ended: { fired?: number; cancelled?: number } = {}) =>
    store.runner.run(addTimer, {
      kind,
      subject: 'DEP-2026-0001',
      due: created + 60_000,
      created,
      fired: ended.fired ?? null,
      cancelled: ended.cancelled ?? null,
    });

  it('counts the pending timers of its kinds only, and dates the oldest of them', async () => {
    const backlog = new OutboxBacklog(store.runner, ['slack.call', 'slack.sync']);
    expect(await backlog.size()).toEqual({ pending: 0, oldestQueuedAt: undefined });
    await add('slack.call', T0 + 5_000);
    await add('slack.sync', T0 + 2_000);
    await add('slack.call', T0, { fired: T0 + 1_000 });
    await add('slack.sync', T0 + 1_000, { cancelled: T0 + 1_500 });
    await add('incident.clock', T0 - 60_000);
    expect(await backlog.size()).toEqual({ pending: 2, oldestQueuedAt: T0 + 2_000 });
    expect(await new OutboxBacklog(store.runner, ['incident.clock']).size()).toEqual({
      pending: 1,
      oldestQueuedAt: T0 - 60_000,
    });
    expect(await new OutboxBacklog(store.runner, ['slack.thread']).size()).toEqual({
      pending: 0,
      oldestQueuedAt: undefined,
    });
  });
});
