import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import type { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { slackError, startStandIn, webClient } from './stand-in-fixture.js';

let standIn: SlackStandIn;
let client: ReturnType<typeof webClient>;
let clock: FakeClock;
beforeEach(async () => {
  clock = new FakeClock('2026-11-24T10:00:00Z');
  standIn = await startStandIn({ clock });
  client = webClient(standIn);
});
afterEach(async () => {
  await standIn.stop();
});

const modal = (title = 'Approve deploy') => ({
  type: 'modal' as const,
  callback_id: 'approve',
  title: { type: 'plain_text' as const, text: title },
  submit: { type: 'plain_text' as const, text: 'Approve' },
  blocks: [
    {
      type: 'input' as const,
      block_id: 'reason',
      label: { type: 'plain_text' as const, text: 'Reason' },
      element: { type: 'plain_text_input' as const, action_id: 'text' },
    },
  ],
});

describe('views.open', () => {
  it('opens a modal for the user the trigger id was issued to', async () => {
    const trigger = standIn.state.issueTrigger('U0BOB');
    const res = await client.views.open({ trigger_id: trigger, view: modal() });
    expect(res.view).toMatchObject({ type: 'modal', callback_id: 'approve', state: { values: {} } });
    expect(res.view?.id).toMatch(/^V/);
    expect(standIn.state.views.get(res.view?.id as string)).toMatchObject({ userId: 'U0BOB', open: true });
  });

  it('answers expired_trigger_id after 3 seconds, exchanged_trigger_id on reuse, invalid_trigger_id otherwise', async () => {
    const late = standIn.state.issueTrigger('U0BOB');
    const used = standIn.state.issueTrigger('U0BOB');
    await client.views.open({ trigger_id: used, view: modal() });
    expect(await slackError(client.views.open({ trigger_id: used, view: modal() }))).toBe(
      'exchanged_trigger_id',
    );
    clock.advance(3001);
    expect(await slackError(client.views.open({ trigger_id: late, view: modal() }))).toBe(
      'expired_trigger_id',
    );
    expect(await slackError(client.views.open({ trigger_id: '12.34.ab', view: modal() }))).toBe(
      'invalid_trigger_id',
    );
  });

  it('refuses a modal title over 24 characters with invalid_arguments and the reason', async () => {
    const trigger = standIn.state.issueTrigger('U0BOB');
    const err = await client.views.open({ trigger_id: trigger, view: modal('x'.repeat(25)) }).catch((e) => e);
    expect(err.data).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: {
        messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'],
      },
    });
  });
});

describe('views.update and views.publish', () => {
  it('updates a view by id, checking the hash', async () => {
    const opened = await client.views.open({
      trigger_id: standIn.state.issueTrigger('U0BOB'),
      view: modal(),
    });
    const id = opened.view?.id as string;
    const updated = await client.views.update({
      view_id: id,
      hash: opened.view?.hash as string,
      view: modal('Step 2'),
    });
    expect(updated.view?.title).toEqual({ type: 'plain_text', text: 'Step 2' });
    expect(
      await slackError(
        client.views.update({ view_id: id, hash: opened.view?.hash as string, view: modal() }),
      ),
    ).toBe('hash_conflict');
    expect(await slackError(client.views.update({ view_id: 'V0NOPE', view: modal() }))).toBe('not_found');
  });

  it('publishes a Home tab per user and replaces it on republish', async () => {
    const home = {
      type: 'home' as const,
      blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'hi' } }],
    };
    const first = await client.views.publish({ user_id: 'U0ALICE', view: home });
    const second = await client.views.publish({ user_id: 'U0ALICE', view: { ...home, blocks: [] } });
    expect(second.view?.id).toBe(first.view?.id);
    expect(second.view?.blocks).toEqual([]);
  });
});

describe('file uploads (filesUploadV2)', () => {
  it('uploads through the stand-in’s upload URL and shares the file in the channel', async () => {
    const res = await client.filesUploadV2({
      channel_id: 'C0INCIDENTS',
      filename: 'INC-2026-0001.md',
      title: 'Post-incident report',
      content: '# Report\nAll good.',
      initial_comment: 'Report attached',
    });
    expect(res.ok).toBe(true);
    const [file] = [...standIn.state.files.values()];
    expect(file).toMatchObject({
      filename: 'INC-2026-0001.md',
      title: 'Post-incident report',
      completed: true,
    });
    expect(file?.content?.toString('utf8')).toBe('# Report\nAll good.');
    const [message] = standIn.messages('C0INCIDENTS');
    expect(message).toMatchObject({ text: 'Report attached', files: [file?.id] });
    expect(standIn.calls.map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
  });

  it('refuses to complete an upload whose bytes never arrived, and a zero length', async () => {
    const { file_id } = await client.files.getUploadURLExternal({ filename: 'a.txt', length: 3 });
    const files = [{ id: file_id as string }];
    expect(await slackError(client.files.completeUploadExternal({ files: files as [{ id: string }] }))).toBe(
      'file_not_found',
    );
    expect(
      await slackError(client.apiCall('files.getUploadURLExternal', { filename: 'a.txt', length: 0 })),
    ).toBe('missing_argument');
  });
});
