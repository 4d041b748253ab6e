import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistBlockId } from '../../src/slack/blocks/deploy-checklist-message.js';
import { IDS } from '../../src/slack/ids.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';

let h: DeployHarness;
let id = '';
const FRANK = { id: 'PUFRANK', name: 'Frank', email: 'frank@example.com' };

const checklistMessage = async () => {
  const ref = await h.shipgate.sync.ref('deploy-checklist', id);
  return ref?.ts ? h.slack.state.message(ref.channel, ref.ts) : undefined;
};

/** Ticks exactly `values` in one section's checkboxes as `user`; resolves with what that user was told. */
async function tick(user: string, section: number, values: string[]): Promise<string> {
  const ref = await h.shipgate.sync.ref('deploy-checklist', id);
  if (!ref?.ts) throw new Error('no checklist message');
  const result = await h.slack.clickButton({
    user,
    channel: ref.channel,
    ts: ref.ts,
    actionId: IDS.deployChecklist,
    blockId: checklistBlockId(id, section),
    value: values,
  });
  await h.slack.waitFor(() => result.responses.length > 0 || undefined, { timeoutMs: 2000 }).catch(() => {});
  await h.settle();
  return result.responses.map((r) => JSON.stringify(r.body)).join('\n');
}

beforeAll(async () => {
  h = await startDeployHarness();
  await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
  h.pagerduty.setOnCall({ scheduleId: 'PSCH001', users: [FRANK] });
  id = /DEP-\d{4}-\d{4}/.exec(await h.deploy('U0ALICE', 'checkout 2.5.4'))?.[0] ?? '';
});
afterAll(async () => {
  await h.stop();
});

describe('the 9.1 deployment checklist in the deploy thread', () => {
  it('is posted with the approval request and ticks what Shipgate knows before approval', async () => {
    const posted = await checklistMessage();
    expect(posted?.threadTs).toBe((await h.message(id))?.ts);
    const blocks = JSON.stringify(posted?.blocks);
    expect(posted?.text).toContain(`Deployment checklist for checkout 2.5.4* (${id})`);
    expect(blocks).toContain(
      ':white_check_mark: Version determined (MAJOR/MINOR/PATCH) — PATCH (2.5.3 → 2.5.4)',
    );
    expect(blocks).toContain('smoke_tests, integration_tests passed before approval');
    expect(blocks).toContain(':white_check_mark: On-call engineer scheduled — <@U0FRANK> (pagerduty)');
    expect(blocks).not.toContain(':white_check_mark: Approvers confirmed');
  });

  it('ticks approvals, the strategy and the window once the deploy ran, and shows it in /deploy status', async () => {
    await h.click('U0BOB', id, 'approve');
    await h.click('U0FRANK', id, 'approve');
    expect((await h.record(id)).state).toBe('succeeded');
    const blocks = JSON.stringify((await checklistMessage())?.blocks);
    expect(blocks).toContain(
      ':white_check_mark: Approvers confirmed — team-lead <@U0BOB>, on-call-engineer <@U0FRANK>',
    );
    expect(blocks).toContain(
      ':white_check_mark: Deployment strategy executed (blue-green/canary) — blue-green: 3 step(s) succeeded',
    );
    expect(blocks).toContain(
      ':heavy_minus_sign: Incident channel created — not needed: no incident during the release',
    );
    const status = await h.slack.command({
      user: 'U0CAROL',
      command: '/deploy',
      text: `status ${id}`,
      channel: 'C0DEPLOYS',
    });
    const shown = JSON.stringify(status.ack);
    expect(shown).toContain('Deployment checklist');
    expect(shown).toContain('Monitoring dashboards open');
  });

  it('lets people tick the rest, decides who may sign off on the server, and refuses bots', async () => {
    expect(await tick('U0CAROL', 1, ['dashboards_open'])).toContain('Ticked *Monitoring dashboards open*');
    expect((await h.shipgate.runtime.deploys.checklistTicks(id)).map((t) => [t.itemId, t.userId])).toEqual([
      ['dashboards_open', 'U0CAROL'],
    ]);
    expect(JSON.stringify((await checklistMessage())?.blocks)).toContain(
      'Monitoring dashboards open — ticked by <@U0CAROL>',
    );

    expect(await tick('U0BOB', 3, ['signoff_on_call'])).toContain(
      "only the deploy's on-call or a member of on-call-engineer",
    );
    expect(await tick('U0FRANK', 3, ['signoff_on_call'])).toContain('Ticked *On-Call Engineer*');
    expect(await tick('U0ROBOT', 1, ['dashboards_open', 'stakeholders_notified'])).toContain(
      'ticked by people; bots and apps only read them',
    );
    expect(await tick('U0AGENT', 2, ['support_tickets'])).toContain('only the requester, an approver');
    expect((await h.shipgate.runtime.deploys.checklistTicks(id)).map((t) => t.itemId)).toEqual([
      'dashboards_open',
      'signoff_on_call',
    ]);

    expect(await tick('U0CAROL', 1, [])).toContain('Cleared *Monitoring dashboards open*');
    const events = (await h.shipgate.runtime.events.forSubject(id)).map((e) => `${e.type} ${e.actor}`);
    expect(events).toContain('deploy.checklist_tick U0CAROL');
    expect(events).toContain('deploy.checklist_untick U0CAROL');
  });
});
