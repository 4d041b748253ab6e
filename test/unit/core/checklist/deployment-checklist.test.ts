import { describe, expect, it } from 'vitest';
import {
  type ChecklistFacts,
  deploymentChecklist,
} from '../../../../src/core/checklist/deployment-checklist.js';
import { DEPLOYMENT_CHECKLIST } from '../../../../src/core/checklist/deployment-checklist-items.js';
import { mayTick } from '../../../../src/core/checklist/may-tick.js';
import type { DeployRecord } from '../../../../src/core/deploys/deploy-record.js';
import { toPlainText } from '../../../../src/core/text/plain-text.js';

const at = new Date('2026-11-24T10:00:00Z');
const deploy: DeployRecord = {
  id: 'DEP-2026-0001',
  service: 'checkout',
  env: 'production',
  version: '2.6.0',
  previousVersion: '2.5.3',
  bump: 'minor',
  strategy: 'canary',
  state: 'succeeded',
  phase: 'awaiting',
  requester: 'U0ALICE',
  channel: '#deploys',
  emergencyReason: undefined,
  needsReview: false,
  requiredRoles: ['team-lead'],
  onCall: { members: ['U0CAROL'], source: 'config' },
  validations: [
    { name: 'integration_tests', level: 'required', ok: true, summary: 'exit 0', output: '' },
    { name: 'security_scan', level: 'optional', ok: false, summary: 'exit 1 (CVE found)', output: '' },
  ],
  steps: [{ id: 's1', kind: 'deploy', label: 'Deploy canary', state: 'succeeded' }],
  liveColor: undefined,
  targetColor: undefined,
  outcome: undefined,
  createdAt: at,
  updatedAt: at,
  finishedAt: at,
};

const facts = (over: Partial<ChecklistFacts> = {}, record: Partial<DeployRecord> = {}): ChecklistFacts => ({
  deploy: { ...deploy, ...record },
  approvals: [{ userId: 'U0BOB', role: 'team-lead', at }],
  ticks: [],
  windowOverride: undefined,
  watch: { configured: true, businessMetrics: false, durationMs: 30 * 60_000 },
  incident: undefined,
  tagging: 'tagged_here',
  tag: undefined,
  ...over,
});

const entry = (f: ChecklistFacts, id: string) => {
  const found = deploymentChecklist(f).find((e) => e.item.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return { state: found.state, evidence: toPlainText(found.evidence), tickable: found.tickable };
};

describe('deploymentChecklist', () => {
  it('holds every item of the chapter 9.1 checklist in its four sections', () => {
    expect(DEPLOYMENT_CHECKLIST).toHaveLength(25);
    expect(new Set(DEPLOYMENT_CHECKLIST.map((i) => i.section))).toEqual(
      new Set(['Pre-Deployment', 'Deployment', 'Post-Deployment', 'Sign-Off']),
    );
  });

  it('takes validations, the raised bump and readiness from the record', () => {
    const f = facts(
      {},
      {
        release: {
          repository: 'read',
          versionBump: 'patch',
          suggested: 'minor',
          raisedBy: [{ sha: 'abc', subject: 'feat: export' }],
          commitCount: 3,
          from: 'v2.5.3',
          to: 'HEAD',
        },
        readiness: {
          score: 72,
          band: 'minor_improvements',
          ready: false,
          minimum: 90,
          gaps: [],
          at: at.toISOString(),
        },
      },
    );
    expect(entry(f, 'version_determined').evidence).toBe(
      'MINOR (2.5.3 → 2.6.0), raised from PATCH by 1 commit(s)',
    );
    expect(entry(f, 'tests_pass')).toMatchObject({
      state: 'done',
      evidence: 'integration_tests passed before approval',
    });
    expect(entry(f, 'security_scan')).toMatchObject({
      state: 'failed',
      evidence: 'security_scan: exit 1 (CVE found)',
    });
    expect(entry(f, 'performance_baseline')).toMatchObject({ state: 'open', tickable: true });
    expect(entry(f, 'readiness_complete')).toMatchObject({
      state: 'failed',
      evidence: 'score 72 (minor improvements)',
    });
    expect(entry(f, 'changelog_generated').evidence).toContain('from 3 commit(s), v2.5.3..HEAD');
  });

  it('says an unreadable range, a failed tag and an untagged environment', () => {
    expect(
      entry(
        facts({}, { release: { repository: 'none', note: 'no repository configured' } }),
        'changelog_generated',
      ),
    ).toMatchObject({
      state: 'open',
      evidence: 'no repository configured',
      tickable: true,
    });
    expect(
      entry(facts({ tag: { tag: 'v2.6.0', state: 'failed', detail: 'push refused' } }), 'release_tagged'),
    ).toMatchObject({
      state: 'failed',
      evidence: 'v2.6.0: push refused',
    });
    expect(
      entry(facts({ tag: { tag: 'v2.6.0', state: 'pushed', commit: '0123456789abcdef' } }), 'release_tagged')
        .evidence,
    ).toBe('v2.6.0 on 0123456789ab (pushed)');
    expect(entry(facts({ tagging: 'not_this_env' }), 'release_tagged').state).toBe('not_applicable');
    expect(entry(facts({}, { state: 'rolled_back' }), 'release_tagged').evidence).toBe(
      'not tagged: the release did not survive',
    );
  });

  it('leaves the deployment items of a refused deploy not applicable', () => {
    const f = facts({}, { state: 'refused', steps: [] });
    expect(entry(f, 'strategy_executed')).toMatchObject({ state: 'not_applicable', tickable: false });
    expect(entry(f, 'signoff_on_call').tickable).toBe(false);
  });

  it('counts a person tick only where Shipgate could not decide', () => {
    const f = facts({
      ticks: [
        { itemId: 'dashboards_open', userId: 'U0CAROL', at },
        { itemId: 'tests_pass', userId: 'U0CAROL', at },
      ],
    });
    expect(entry(f, 'dashboards_open')).toMatchObject({ state: 'done', evidence: 'ticked by @U0CAROL' });
    expect(entry(f, 'tests_pass').evidence).toBe('integration_tests passed before approval');
  });

  it('names the emergency override and the watch window', () => {
    const f = facts(
      { windowOverride: ['blackout: Black Friday'] },
      { emergencyReason: 'checkout down', survived: true },
    );
    expect(entry(f, 'change_window_verified').evidence).toBe(
      'emergency override of a closed window (blackout: Black Friday): checkout down',
    );
    expect(entry(f, 'health_checks_window').evidence).toBe('survived its 30 minutes watch');
    expect(
      entry(
        facts({ watch: { configured: false, businessMetrics: false, durationMs: 0 } }),
        'health_checks_window',
      ).tickable,
    ).toBe(true);
  });
});

describe('mayTick', () => {
  const roles = { 'team-lead': ['U0BOB'], 'on-call-engineer': ['U0CAROL'], 'release-manager': ['U0ALICE'] };
  const item = (id: string) => {
    const found = DEPLOYMENT_CHECKLIST.find((i) => i.id === id);
    if (!found) throw new Error(`no item ${id}`);
    return found;
  };
  const ask = (userId: string) => ({
    userId,
    deploy: { ...deploy, onCall: { members: ['U0FRANK'], source: 'pagerduty' as const } },
    approvals: [],
    roles,
    onCallRole: 'on-call-engineer',
  });

  it('lets role members tick ordinary items and keeps outsiders out', () => {
    expect(mayTick(item('dashboards_open'), ask('U0BOB')).ok).toBe(true);
    expect(mayTick(item('dashboards_open'), ask('U0NOBODY')).ok).toBe(false);
  });

  it('keeps each sign-off to its people', () => {
    expect(mayTick(item('signoff_on_call'), ask('U0FRANK')).ok).toBe(true);
    expect(mayTick(item('signoff_on_call'), ask('U0CAROL')).ok).toBe(true);
    expect(mayTick(item('signoff_on_call'), ask('U0BOB')).ok).toBe(false);
    expect(mayTick(item('signoff_deployment_lead'), ask('U0BOB')).ok).toBe(false);
    expect(mayTick(item('signoff_deployment_lead'), ask('U0ALICE')).ok).toBe(true);
    expect(mayTick(item('signoff_product_owner'), ask('U0BOB')).ok).toBe(true);
    const owners = { ...ask('U0BOB'), roles: { ...roles, 'product-owner': ['U0ERIN'] } };
    expect(mayTick(item('signoff_product_owner'), owners).ok).toBe(false);
  });
});
