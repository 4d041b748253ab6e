import { describe, expect, it } from 'vitest';
import type { DeployRecord } from '../../../src/core/deploys/deploy-record.js';
import type { DeployView } from '../../../src/services/deploys/deploy-view.js';
import { deployMessage } from '../../../src/slack/blocks/deploy-message.js';

const at = new Date('2026-11-24T10:00:00Z');
const deploy: DeployRecord = {
  id: 'DEP-2026-0001',
  service: 'checkout',
  env: 'production',
  version: '2.5.4',
  previousVersion: '2.5.3',
  bump: 'patch',
  strategy: 'blue-green',
  state: 'validating',
  phase: 'awaiting',
  requester: 'U0ALICE',
  channel: '#deploys',
  emergencyReason: undefined,
  needsReview: false,
  requiredRoles: ['team-lead', 'on-call-engineer'],
  onCall: { members: [], source: 'pending' },
  validations: [],
  steps: [],
  liveColor: 'blue',
  targetColor: undefined,
  outcome: undefined,
  createdAt: at,
  updatedAt: at,
  finishedAt: undefined,
};

const view = (overrides: Partial<DeployView> = {}, record: Partial<DeployRecord> = {}): DeployView => ({
  deploy: { ...deploy, ...record },
  roles: [
    { role: 'team-lead', approvedBy: undefined, candidates: ['U0BOB'] },
    { role: 'on-call-engineer', approvedBy: undefined, candidates: [] },
  ],
  approvals: [],
  window: { emergency: false, closedReasons: [] },
  rollbackPlan: ['Switch traffic back to blue (target < 1 min)'],
  expiresAt: new Date('2026-11-24T10:30:00Z'),
  escalationRole: 'engineering-lead',
  escalationMembers: ['U0DAVE'],
  customerNotice: undefined,
  monitoringMinutes: 30,
  endedBy: undefined,
  watch: { configured: false, automatic: false },
  businessMetrics: new Set(),
  ...overrides,
});
const text = (v: DeployView) => JSON.stringify(deployMessage(v).blocks);

describe('the deploy message', () => {
  it('says the on-call engineer is being looked up while validations run, not that nobody is available', () => {
    const shown = text(view());
    expect(shown).toContain('on-call-engineer :hourglass_flowing_sand: being looked up');
    expect(shown).not.toContain('nobody available');
  });

  it('says nobody is available once the on-call was looked up and nobody can approve', () => {
    const shown = text(view({}, { state: 'awaiting_approval', onCall: { members: [], source: 'config' } }));
    expect(shown).toContain('on-call-engineer :hourglass_flowing_sand: nobody available');
  });

  it('shows the approval deadline as a date token each reader sees in their own zone', () => {
    const shown = text(
      view({}, { state: 'awaiting_approval', onCall: { members: ['U0CAROL'], source: 'pagerduty' } }),
    );
    expect(shown).toContain(
      'escalates to engineering-lead at <!date^1795516200^{date_short_pretty} {time}|2026-11-24 10:30 UTC>',
    );
  });

  it('escapes what people wrote and names who ended it', () => {
    const shown = text(
      view(
        { endedBy: 'U0BOB' },
        { state: 'rejected', outcome: 'rejected: <!channel> not today', emergencyReason: '<!here> outage' },
      ),
    );
    expect(shown).toContain('rejected: &lt;!channel&gt; not today (<@U0BOB>)');
    expect(shown).toContain('&lt;!here&gt; outage');
    expect(shown).not.toContain('<!channel>');
  });

  it('claims no watch Shipgate does not run', () => {
    expect(text(view())).toContain('no watch is configured for checkout; watch your dashboards');
    expect(text(view())).not.toContain('Shipgate watches');
  });

  it('says what the watch does when one is configured, and marks a release that survived it', () => {
    const automatic = text(view({ watch: { configured: true, automatic: true } }));
    expect(automatic).toContain(
      'Shipgate watches health and metrics against the baseline; a trigger rolls back automatically',
    );
    const manual = text(
      view({ watch: { configured: true, automatic: false } }, { state: 'succeeded', survived: true }),
    );
    expect(manual).toContain('a trigger asks a human to roll back · :white_check_mark: survived');
  });

  it('lists the commits that raised the approval rule, escaped, and says the raise in the Change field', () => {
    const shown = text(
      view(
        {},
        {
          bump: 'minor',
          release: {
            repository: 'read',
            from: 'v2.5.3',
            to: 'v2.5.4',
            commitCount: 4,
            suggested: 'minor',
            versionBump: 'patch',
            raisedBy: [{ sha: '0123456789abcdef', subject: 'feat: export <!channel> profiles (#123)' }],
          },
        },
      ),
    );
    expect(shown).toContain('MINOR (raised from PATCH by the commits)');
    expect(shown).toContain('*Commits* — 4 in v2.5.3..v2.5.4; they call for MINOR');
    expect(shown).toContain('*Approval raised from PATCH* by:');
    expect(shown).toContain('`0123456` feat: export &lt;!channel&gt; profiles (#123)');
  });

  it('says when the commits could not be read instead of ignoring it', () => {
    const none = text(
      view({}, { release: { repository: 'none', note: 'no repository is configured for checkout' } }),
    );
    expect(none).toContain(':warning: *Commits not read*: no repository is configured for checkout');
    const bad = text(view({}, { release: { repository: 'unreadable', note: 'unknown tag v9.9.9' } }));
    expect(bad).toContain(
      '*Commits could not be read*: unknown tag v9.9.9 — the approval rule follows the version numbers alone',
    );
  });

  it('shows the readiness score, band and what did not pass', () => {
    const shown = text(
      view(
        {},
        {
          readiness: {
            score: 92,
            band: 'ready',
            ready: true,
            minimum: 90,
            gaps: [
              { id: 'runbook', text: 'Runbooks complete', critical: false, reason: 'attestation expired' },
            ],
            at: '2026-11-24T10:00:00.000Z',
          },
        },
      ),
    );
    expect(shown).toContain('*Readiness* — score 92 (minimum 90): ready');
    expect(shown).toContain(':warning: Runbooks complete — attestation expired');
  });
});
