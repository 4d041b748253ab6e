import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import type { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { ChannelDirectory } from '../../../src/slack/channel-directory.js';
import { PostOnce, SHIPGATE_EVENT_TYPE } from '../../../src/slack/post-once.js';
import { openDatabase } from '../../../src/store/database.js';
import { SlackAttemptLog } from '../../../src/store/slack-attempt-log.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { tempDbPath } from '../../support/test-shipgate.js';
import { startStandIn, webClient } from '../sandbox/stand-in-fixture.js';

let standIn: SlackStandIn;
let attempts: SlackAttemptLog;
let once: PostOnce;
const now = () => new Date('2026-11-24T09:00:00Z');
const metadataFor = (key: string) => ({ event_type: SHIPGATE_EVENT_TYPE, event_payload: { key } });

beforeEach(async () => {
  standIn = await startStandIn();
  const client = webClient(standIn);
  const attemptsDb = openDatabase(tempDbPath('shipgate-once-'));
  attempts = new SlackAttemptLog(new SqliteRunner(attemptsDb));
  once = new PostOnce(
    client,
    attempts,
    new ChannelDirectory(client),
    'U0SHIPGATE',
    now,
    createLogger({ level: 'silent' }),
  );
});
afterEach(async () => {
  await standIn.stop();
});

/** A message the bot posted earlier with `key` in its metadata (as a lost attempt would have left it). */
function leftBehind(channel: string, key: string, text: string) {
  return standIn.state.storeMessage({
    channel,
    ts: standIn.state.nextTs(),
    user: 'U0SHIPGATE',
    botId: 'B0SHIPGATE',
    text,
    metadata: metadataFor(key),
    reactions: [],
    via: 'api',
  });
}

describe('PostOnce', () => {
  it('posts by channel id with its key in the metadata, and answers the same message for the same key again', async () => {
    const first = await once.post('k1', { channel: '#deploys', text: 'hello' });
    expect(first).toMatchObject({ channel: 'C0DEPLOYS', adopted: false });
    expect(standIn.state.message('C0DEPLOYS', first.ts)?.metadata).toEqual(metadataFor('k1'));
    expect(await once.post('k1', { channel: '#deploys', text: 'hello' })).toEqual({
      ...first,
      adopted: true,
    });
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('adopts the message an attempt with an unknown outcome left, and points a doubled one at it', async () => {
    await attempts.begin('k2', 'C0DEPLOYS', now());
    const older = leftBehind('C0DEPLOYS', 'k2', 'first try');
    const doubled = leftBehind('C0DEPLOYS', 'k2', 'second try');
    leftBehind('C0DEPLOYS', 'other', 'another side effect');
    const found = await once.post('k2', { channel: 'C0DEPLOYS', text: 'third try' });
    expect(found).toEqual({ channel: 'C0DEPLOYS', ts: older.ts, adopted: true });
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(0);
    expect(standIn.state.message('C0DEPLOYS', doubled.ts)?.text).toMatch(
      /posted this message twice by mistake; the live one is <https:\/\/.+\|here>/,
    );
    expect(standIn.state.message('C0DEPLOYS', older.ts)?.text).toBe('first try');
    expect((await attempts.get('k2'))?.ts).toBe(older.ts);
  });

  it('never adopts a message another app posted with the same key', async () => {
    await attempts.begin('k3', 'C0DEPLOYS', now());
    standIn.state.storeMessage({
      channel: 'C0DEPLOYS',
      ts: standIn.state.nextTs(),
      user: 'U0AGENT',
      botId: 'B0AGENT',
      text: 'spoofed',
      metadata: metadataFor('k3'),
      reactions: [],
      via: 'api',
    });
    const posted = await once.post('k3', { channel: 'C0DEPLOYS', text: 'the real one' });
    expect(posted.adopted).toBe(false);
    expect(standIn.state.message('C0DEPLOYS', posted.ts)?.text).toBe('the real one');
  });

  it('looks in the thread for a reply, and posts again where the bot may not read the history', async () => {
    const parent = await once.post('parent', { channel: 'C0DEPLOYS', text: 'parent' });
    await attempts.begin('reply', 'C0DEPLOYS', now());
    const reply = standIn.state.storeMessage({
      channel: 'C0DEPLOYS',
      ts: standIn.state.nextTs(),
      threadTs: parent.ts,
      user: 'U0SHIPGATE',
      botId: 'B0SHIPGATE',
      text: 'reply',
      metadata: metadataFor('reply'),
      reactions: [],
      via: 'api',
    });
    expect(
      await once.post('reply', { channel: 'C0DEPLOYS', threadTs: parent.ts, text: 'reply' }),
    ).toMatchObject({
      ts: reply.ts,
      adopted: true,
    });
    standIn.failMethod('conversations.history', { error: 'not_in_channel' }, { times: 1 });
    await attempts.begin('blind', 'C0DEPLOYS', now());
    expect((await once.post('blind', { channel: 'C0DEPLOYS', text: 'again' })).adopted).toBe(false);
  });

  it('retries the search itself when Slack fails transiently, posting nothing meanwhile', async () => {
    await attempts.begin('k4', 'C0DEPLOYS', now());
    standIn.failMethod('conversations.history', { status: 500 }, { times: 1 });
    await expect(once.post('k4', { channel: 'C0DEPLOYS', text: 'x' })).rejects.toThrow();
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(0);
    expect((await once.post('k4', { channel: 'C0DEPLOYS', text: 'x' })).adopted).toBe(false);
  });
});
