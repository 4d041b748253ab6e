import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { GeneratorContext } from '../../../src/cli/generator-result.js';
import { newReadiness } from '../../../src/cli/new-readiness.js';
import { newReleaseNotes } from '../../../src/cli/new-release-notes.js';
import type { DeployRecord } from '../../../src/core/deploys/deploy-record.js';
import type { ReadinessSummary } from '../../../src/core/readiness/readiness-summary.js';
import { openDatabase } from '../../../src/store/database.js';
import { DeployRepository } from '../../../src/store/deploy-repository.js';
import { EventLog } from '../../../src/store/event-log.js';
import { SqlAttestationStore } from '../../../src/store/sql/sql-attestation-store.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { cliWorkspace, runCli } from '../../support/cli-workspace.js';
import { createTestRepo } from '../../support/git-repo.js';
import { expectTemplateSections } from '../../support/template-headings.js';

const NOW = new Date('2026-11-24T12:00:00Z');

function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

function inDir(cwd: string, now = NOW): GeneratorContext {
  return { cwd, env: { SHIPGATE_DB: 'data/shipgate.db' }, now };
}

/** A finished deploy of checkout, as Shipgate records one. */
function deploy(id: string, version: string, extra: Partial<DeployRecord> = {}): DeployRecord {
  const at = new Date('2026-11-23T14:00:00Z');
  return {
    id,
    service: 'checkout',
    env: 'production',
    version,
    previousVersion: '2.5.3',
    bump: 'patch',
    strategy: 'blue-green',
    state: 'succeeded',
    phase: 'awaiting',
    requester: 'U0ALICE',
    channel: '#deploys',
    emergencyReason: undefined,
    needsReview: false,
    requiredRoles: ['team-lead', 'on-call-engineer'],
    onCall: { members: [], source: 'config' },
    validations: [],
    steps: [],
    liveColor: 'blue',
    targetColor: 'green',
    outcome: 'deployed',
    createdAt: at,
    updatedAt: at,
    finishedAt: at,
    ...extra,
  };
}

describe('npx shipgate new rollback-runbook', { timeout: 60_000 }, () => {
  it("writes the chapter's 4.3 procedure with checkout's step commands, and refuses to overwrite it", () => {
    const dir = cliWorkspace('new-runbook');
    const run = runCli(dir, ['new', 'rollback-runbook', 'checkout']);
    expect(run).toMatchObject({ code: 0, stdout: 'Wrote docs/rollback-runbooks/checkout-production.md\n' });
    const markdown = read(dir, 'docs/rollback-runbooks/checkout-production.md');
    expectTemplateSections(markdown, 'rollback-runbook.mustache');
    expect(markdown).toContain(
      '1. Switch traffic back to the previous colour: `../scripts/switch-traffic.sh checkout {color}`',
    );
    expect(markdown).toContain('- In Slack: `/rollback checkout --env production --reason "<what you saw>"`');
    expect(runCli(dir, ['new', 'rollback-runbook', 'checkout'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('docs/rollback-runbooks/checkout-production.md exists; pass --force'),
    });
    const staging = runCli(dir, [
      'new',
      'rollback-runbook',
      'checkout',
      '--env',
      'staging',
      '--out',
      'runbooks/rollback-staging.md',
    ]);
    expect(staging).toMatchObject({ code: 0, stdout: 'Wrote runbooks/rollback-staging.md\n' });
    expect(read(dir, 'runbooks/rollback-staging.md')).toContain('Deployment strategy: rolling');
    expect(runCli(dir, ['new', 'rollback-runbook', 'nosuch'])).toMatchObject({
      code: 2,
      stderr: 'shipgate new: unknown service nosuch; configured: checkout, payments\n',
    });
  });
});

describe('npx shipgate new readiness', { timeout: 60_000 }, () => {
  it('writes every checklist item open when there is no database', () => {
    const dir = cliWorkspace('new-readiness');
    const run = runCli(dir, ['new', 'readiness', 'checkout']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Wrote docs/readiness/checkout.md\n');
    expect(run.stderr).toContain('no Shipgate database at');
    const markdown = read(dir, 'docs/readiness/checkout.md');
    expectTemplateSections(markdown, 'readiness.mustache');
    expect(markdown).not.toContain('- [x]');
    expect(markdown).toContain(
      '- Score: not assessed yet; `npx shipgate readiness checkout <version> --env production`',
    );
  });

  it("takes the newest version's stored score and boxes from the database", async () => {
    const dir = cliWorkspace('new-readiness-db');
    const db = openDatabase(join(dir, 'data/shipgate.db'));
    const summary: ReadinessSummary = {
      score: 92,
      band: 'ready',
      ready: true,
      gaps: [
        {
          id: 'code_review',
          text: 'Code review',
          critical: false,
          reason: 'not attested yet (needs team-lead)',
        },
      ],
      at: '2026-11-23T13:55:00.000Z',
    };
    const deploys = new DeployRepository(new SqliteRunner(db));
    await deploys.insert(deploy('DEP-2026-0001', '2.5.3', { createdAt: new Date('2026-11-20T10:00:00Z') }));
    await deploys.insert(deploy('DEP-2026-0002', '2.5.4', { readiness: summary }));
    db.close();
    const run = runCli(dir, ['new', 'readiness', 'checkout']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const markdown = read(dir, 'docs/readiness/checkout.md');
    expect(markdown).toContain('- Version: 2.5.4\n');
    expect(markdown).toContain(
      '- Score: 92/100, Ready for production deploy (ready; assessed 2026-11-23T13:55:00.000Z on DEP-2026-0002)',
    );
    expect(markdown).toContain('- [ ] Code review completed and approved (weight 1)');
    expect(markdown).toContain('- [x] All tests pass (unit, integration, e2e) **(critical)** (weight 3)');
  });

  it('ticks the attest items whose stored tick is still valid at the time given', async () => {
    const dir = cliWorkspace('new-readiness-ticks');
    const db = openDatabase(join(dir, 'data/shipgate.db'));
    await new SqlAttestationStore(new SqliteRunner(db)).put({
      service: 'checkout',
      itemId: 'code_review',
      userId: 'U0BOB',
      role: 'team-lead',
      version: '2.5.4',
      at: new Date('2026-11-20T09:00:00Z'),
    });
    db.close();
    expect((await newReadiness('checkout', { version: '2.5.4' }, inDir(dir))).exitCode).toBe(0);
    const fresh = read(dir, 'docs/readiness/checkout.md');
    expect(fresh).toContain('- [x] Code review completed and approved (weight 1)');
    expect(fresh).toContain('  - Status: attested by team-lead (U0BOB, 2026-11-20T09:00:00.000Z)');
    expect(fresh).toContain('- Version: 2.5.4\n');
    const later = await newReadiness(
      'checkout',
      { force: true },
      inDir(dir, new Date('2027-01-01T00:00:00Z')),
    );
    expect(later.exitCode).toBe(0);
    expect(read(dir, 'docs/readiness/checkout.md')).toContain(
      '- [ ] Code review completed and approved (weight 1)',
    );
  });
});

describe('npx shipgate new incident-report', { timeout: 60_000 }, () => {
  it('writes the report shipgate report prints, and the empty template with blank', async () => {
    const dir = cliWorkspace('new-incident');
    const db = openDatabase(join(dir, 'data/shipgate.db'));
    const events = new EventLog(new SqliteRunner(db));
    const bob = { id: 'U0BOB', kind: 'human' as const };
    const at = (time: string) => new Date(`2026-11-24T${time}:00Z`);
    await events.append({
      at: at('10:00'),
      actor: bob,
      subject: 'INC-2026-0007',
      type: 'incident.declared',
      payload: { id: 'INC-2026-0007', severity: 'SEV-2', title: 'Checkout is slow', services: ['checkout'] },
    });
    await events.append({
      at: at('10:05'),
      actor: bob,
      subject: 'INC-2026-0007',
      type: 'incident.acknowledged',
      payload: {},
    });
    await events.append({
      at: at('11:05'),
      actor: bob,
      subject: 'INC-2026-0007',
      type: 'incident.resolved',
      payload: { resolution: 'Rolled back to 2.5.3', rootCause: 'A slow query in 2.5.4' },
    });
    db.close();
    const run = runCli(dir, ['new', 'incident-report', 'inc-2026-0007']);
    expect(run).toMatchObject({ code: 0, stdout: 'Wrote docs/incident-reports/INC-2026-0007.md\n' });
    const markdown = read(dir, 'docs/incident-reports/INC-2026-0007.md');
    expect(markdown).toBe(runCli(dir, ['report', 'INC-2026-0007']).stdout);
    expectTemplateSections(markdown, 'incident-report.mustache');
    expect(markdown).toContain('## Root Cause:\nA slow query in 2.5.4');

    const blank = runCli(dir, ['new', 'incident-report', 'blank']);
    expect(blank).toMatchObject({ code: 0, stdout: 'Wrote docs/incident-reports/blank.md\n' });
    expectTemplateSections(read(dir, 'docs/incident-reports/blank.md'), 'incident-report.mustache');
    expect(runCli(dir, ['new', 'incident-report', 'INC-2026-0099'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('INC-2026-0099 does not exist'),
    });
  });
});

describe('npx shipgate new release-notes', { timeout: 60_000 }, () => {
  /** A workspace whose checkout has a real git repository: 2.5.3 tagged, then a feature and a fix tagged 2.5.4. */
  function withRepository(): string {
    const dir = cliWorkspace('new-release-notes');
    const main = join(dir, 'config/shipgate.example.yml');
    const data = parse(readFileSync(main, 'utf8'));
    data.services.checkout.repository = { path: 'checkout-repo', tag_prefix: 'v' };
    writeFileSync(main, stringify(data));
    const repo = createTestRepo(join(dir, 'config/checkout-repo'));
    repo.commit('chore: init');
    repo.tag('v2.5.3');
    repo.commit('feat: export orders as CSV (#3)');
    repo.commit('fix: login timeout on high load (#5)\n\nMigration: yes');
    repo.tag('v2.5.4');
    repo.commit('feat(cart): saved carts (#8)');
    return dir;
  }

  it("writes a tagged version's notes from its conventional commits, as shipgate changelog does", () => {
    const dir = withRepository();
    const run = runCli(dir, ['new', 'release-notes', 'checkout', '2.5.4', '--date', '2026-11-24']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Wrote docs/release-notes/checkout-2.5.4.md\n');
    expect(run.stderr).toContain('checkout v2.5.3..v2.5.4: 2 commits');
    const markdown = read(dir, 'docs/release-notes/checkout-2.5.4.md');
    expect(markdown).toBe(
      runCli(dir, ['changelog', 'checkout', '2.5.3..2.5.4', '--date', '2026-11-24']).stdout,
    );
    expectTemplateSections(markdown, 'changelog.mustache');
    expect(markdown).toContain('### Added\n- Export orders as CSV (#3)');
    expect(markdown).toContain('- Database migration required: YES');
  });

  it('reads an untagged version up to HEAD, and lends the approvals of its recorded deploy', async () => {
    const dir = withRepository();
    const db = openDatabase(join(dir, 'data/shipgate.db'));
    const deploys = new DeployRepository(new SqliteRunner(db));
    await deploys.insert(deploy('DEP-2026-0003', '2.6.0', { previousVersion: '2.5.4' }));
    await deploys.addApproval('DEP-2026-0003', {
      userId: 'U0BOB',
      role: 'team-lead',
      at: new Date('2026-11-23T13:00:00Z'),
    });
    db.close();
    const result = await newReleaseNotes('checkout', '2.6.0', {}, inDir(dir));
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('checkout v2.5.4..HEAD: 1 commit,');
    expect(read(dir, 'docs/release-notes/checkout-2.6.0.md')).toBe(
      [
        '## [2.6.0] - 2026-11-23',
        '',
        '### Added',
        '- cart: Saved carts (#8)',
        '',
        '### Deployment Notes',
        '- Database migration required: NO',
        '- Backward compatible: YES',
        '- Rollback procedure: Standard (see runbook)',
        '',
        '### Approvals',
        '- Team Lead: @U0BOB (2026-11-23)',
        '',
      ].join('\n'),
    );
  });

  it('writes the template with empty sections when no repository is configured, and says why', () => {
    const dir = cliWorkspace('new-release-notes-blank');
    const run = runCli(dir, ['new', 'release-notes', 'payments', '2.6.0', '--date', '2026-11-24']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'shipgate new: no repository is configured for payments (services.payments.repository), so the sections are empty: fill them in\n',
    );
    const markdown = read(dir, 'docs/release-notes/payments-2.6.0.md');
    expectTemplateSections(markdown, 'changelog.mustache');
    expect(markdown.split('\n').filter((l) => l.startsWith('### '))).toEqual([
      '### Added',
      '### Changed',
      '### Fixed',
      '### Security',
      '### Deployment Notes',
      '### Approvals',
    ]);
    expect(markdown.startsWith('## [2.6.0] - 2026-11-24\n')).toBe(true);
  });
});
