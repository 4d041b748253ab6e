import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { createLogger } from '../../../src/logger.js';
import type { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { TimerService } from '../../../src/scheduler/timer-service.js';
import { ChannelDirectory } from '../../../src/slack/channel-directory.js';
import { MessageSync, SLACK_SYNC } from '../../../src/slack/message-sync.js';
import { PostOnce } from '../../../src/slack/post-once.js';
import { EventLog } from '../../../src/store/event-log.js';
import { SlackAttemptLog } from '../../../src/store/slack-attempt-log.js';
import { SlackMessageRepository } from '../../../src/store/slack-message-repository.js';
import { type DialectStore, dialectStores } from '../../support/dialect-stores.js';
import { startStandIn, webClient } from '../sandbox/stand-in-fixture.js';

const SUBJECT = 'DEP-2026-0001';
const logger = createLogger({ level: 'silent' });

/**
 * A live message drawn from stored state (here: how many events there are), on both stores, with the scheduler
 * running on its own connections as it does on PostgreSQL: a sync that was already waiting when a change asks for
 * it must not draw the state from before that change.
 */
describe.each(dialectStores('message_sync'))('a live message on %s', (_name, open) => {
  let store: DialectStore;
  let standIn: SlackStandIn;
  let clock: FakeClock;
  let timers: TimerService;
  let sync: MessageSync;
  let events: EventLog;

  beforeEach(async () => {
    store = await open();
    standIn = await startStandIn();
    clock = new FakeClock('2026-11-24T10:00:00Z');
    const client = webClient(standIn);
    timers = new TimerService(store.runner, clock, { owner: 'test' });
    const once = new PostOnce(
      client,
      new SlackAttemptLog(store.runner),
      new ChannelDirectory(client),
      'U0SHIPGATE',
      () => clock.now(),
      logger,
    );
    sync = new MessageSync(timers, client, new SlackMessageRepository(store.runner), logger, once, {});
    events = new EventLog(store.runner);
    sync.register('deploy', async (subject) => ({
      channel: '#deploys',
      text: `${subject}: ${await events.count()} events`,
      blocks: [],
    }));
  });
  afterEach(async () => {
    await timers.stop();
    await standIn.stop();
    await store.close();
  });

  const change = () =>
    events.append({ at: clock.now(), actor: { id: 'U0BOB', kind: 'human' }, subject: SUBJECT, type: 'note' });
  const shown = async () => {
    const ref = await sync.ref('deploy', SUBJECT);
    return ref?.ts ? standIn.state.message(ref.channel, ref.ts)?.text : undefined;
  };

  it('draws a change made in a transaction, though the sync it joined was due while the change was uncommitted', async () => {
    await sync.request('deploy', SUBJECT, clock.now());
    await timers.tick();
    expect(await shown()).toBe(`${SUBJECT}: 0 events`);

    await change();
    await sync.request('deploy', SUBJECT, clock.now());
    let ticking: Promise<number> | undefined;
    await store.runner.transaction(async () => {
      await change();
      await sync.request('deploy', SUBJECT, clock.now());
      // The scheduler runs now. On PostgreSQL it works on connections of its own, so it can finish before the
      // commit; on SQLite it waits for the transaction to end.
      ticking = timers.tick();
      if (store.runner.dialect === 'postgres') await ticking;
    });
    await ticking;
    await timers.tick();
    expect(await shown()).toBe(`${SUBJECT}: 2 events`);
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('joins one sync however often it is asked before it runs, and arms another once it is claimed', async () => {
    for (let i = 0; i < 3; i++) await sync.request('deploy', SUBJECT, clock.now());
    const waiting = (await timers.pending(SUBJECT)).filter((t) => t.kind === SLACK_SYNC);
    expect(waiting).toHaveLength(1);
    expect(await timers.joinPending(SLACK_SYNC, SUBJECT, { slot: 'watch-report' })).toBe(false);
    expect(await timers.joinPending(SLACK_SYNC, 'DEP-2026-0002', { slot: 'deploy' })).toBe(false);
    expect(await timers.joinPending(SLACK_SYNC, SUBJECT, { slot: 'deploy' })).toBe(true);

    // Another replica (or process) claims it and has drawn the state, but not yet sent it to Slack, when a change
    // asks for a sync: a new one is armed, so the change is drawn after the stale drawing lands.
    const other = store.connect();
    const replica = new TimerService(other.runner, clock, { owner: 'replica-b' });
    const client = webClient(standIn);
    const theirs = new MessageSync(
      replica,
      client,
      new SlackMessageRepository(other.runner),
      logger,
      new PostOnce(
        client,
        new SlackAttemptLog(other.runner),
        new ChannelDirectory(client),
        'U0SHIPGATE',
        () => clock.now(),
        logger,
      ),
      {},
    );
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let drawn: () => void = () => undefined;
    const drawnBefore = new Promise<void>((resolve) => {
      drawn = resolve;
    });
    let first = true;
    theirs.register('deploy', async (subject) => {
      const text = `${subject}: ${await new EventLog(other.runner).count()} events`;
      if (first) {
        first = false;
        drawn();
        await held;
      }
      return { channel: '#deploys', text, blocks: [] };
    });
    const running = replica.tick();
    await drawnBefore;
    await change();
    await sync.request('deploy', SUBJECT, clock.now());
    expect((await timers.pending(SUBJECT)).filter((t) => t.kind === SLACK_SYNC)).toHaveLength(2);
    release();
    await running;
    await timers.tick();
    expect(await shown()).toBe(`${SUBJECT}: 1 events`);
    await replica.stop();
    await other.close();
  });
});
