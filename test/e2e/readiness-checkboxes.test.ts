import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readinessChecklistSchema } from '../../src/core/config/readiness-checklist-schema.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';

const checklist = readinessChecklistSchema.parse({
  sections: [
    {
      name: 'Code & Configuration',
      items: [
        {
          id: 'security_scan',
          text: 'Security scan passes',
          critical: true,
          check: { command: `${process.execPath} -e 0` },
        },
        { id: 'signoff', text: 'Sign-off: Engineering Lead', attest: { role: 'engineering-lead' } },
      ],
    },
  ],
});

let h: DeployHarness;

beforeAll(async () => {
  h = await startDeployHarness({
    configure: (loaded) => ({
      ...loaded,
      config: {
        ...loaded.config,
        readiness: {
          checklist: 'readiness-checklist.yml',
          minimum_score: { production: 90 },
          attestation_valid_for: { ms: 30 * 86_400_000, text: '30d' },
          emergency_skips_gate: [],
        },
      },
      readiness: { checklist, path: '/readiness-checklist.yml' },
    }),
  });
});
afterAll(() => h.stop());

function readinessMessage() {
  return h.slack.state
    .allMessages()
    .filter((m) => m.text.startsWith('Readiness of checkout 2.5.3'))
    .at(-1);
}

describe('/readiness over the real Bolt app', () => {
  it('posts the score with a checkbox, refuses a tick outside the role, and redraws after a member ticks', async () => {
    const ack = await h.slack.command({
      user: 'U0BOB',
      command: '/readiness',
      text: 'checkout 2.5.3 --env production',
      channel: 'C0DEPLOYS',
    });
    expect(JSON.stringify(ack.ack)).toContain('Checking the readiness of checkout 2.5.3');
    await h.settle();
    const posted = readinessMessage();
    expect(posted?.text).toBe('Readiness of checkout 2.5.3 for production: 50/100, not ready');
    expect(JSON.stringify(posted?.blocks)).toContain('"type":"checkboxes"');

    const refused = await h.slack.clickButton({
      user: 'U0BOB',
      channel: posted?.channel ?? '',
      ts: posted?.ts ?? '',
      actionId: 'readiness.attest',
      value: ['signoff'],
    });
    await h.slack.waitFor(() => refused.responses.length > 0 || undefined, { timeoutMs: 5000 });
    await h.settle();
    expect(JSON.stringify(refused.responses.map((r) => r.body))).toContain(
      'Only the engineering-lead role may tick',
    );
    expect(await h.shipgate.runtime.attestations.forService('checkout')).toEqual([]);

    await h.slack.clickButton({
      user: 'U0DAVE',
      channel: posted?.channel ?? '',
      ts: posted?.ts ?? '',
      actionId: 'readiness.attest',
      value: ['signoff'],
    });
    await h.settle();
    expect((await h.shipgate.runtime.attestations.forService('checkout')).map((a) => a.userId)).toEqual([
      'U0DAVE',
    ]);
    const redrawn = readinessMessage();
    expect(redrawn?.ts).toBe(posted?.ts);
    expect(redrawn?.text).toBe('Readiness of checkout 2.5.3 for production: 100/100, ready');
  });

  it('shows the checklist and refuses an unknown service with the usage', async () => {
    const list = await h.slack.command({
      user: 'U0BOB',
      command: '/readiness',
      text: 'checklist',
      channel: 'C0DEPLOYS',
    });
    expect(JSON.stringify(list.ack)).toContain('Sign-off: Engineering Lead');
    const unknown = await h.slack.command({
      user: 'U0BOB',
      command: '/readiness',
      text: 'nope 1.0.0',
      channel: 'C0DEPLOYS',
    });
    expect(JSON.stringify(unknown.ack)).toContain('Unknown service nope');
  });
});
