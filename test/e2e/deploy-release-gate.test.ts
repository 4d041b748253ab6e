import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readinessChecklistSchema } from '../../src/core/config/readiness-checklist-schema.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { addBareRemote, createTestRepo, git, type TestRepo } from '../support/git-repo.js';

let h: DeployHarness;
let repo: TestRepo;
let remote = '';
const FRANK = { id: 'PUFRANK', name: 'Frank', email: 'frank@example.com' };

/** A check that fails while its flag file exists. */
const flagged = (flag: string) =>
  `${process.execPath} -e "process.exit(require('fs').existsSync(process.argv[1]) ? 1 : 0)" ${flag}`;

const flags = { tests: '', docs: '' };

const idOf = (ack: string) => /DEP-\d{4}-\d{4}/.exec(ack)?.[0] ?? '';
const told = (user: string) =>
  h.slack.state
    .allMessages()
    .filter((m) => m.ephemeralFor === user)
    .map((m) => m.text)
    .join('\n');

beforeAll(async () => {
  repo = createTestRepo();
  remote = addBareRemote(repo);
  flags.tests = join(repo.dir, '..', `${repo.dir.split('/').at(-1)}.tests-fail`);
  flags.docs = join(repo.dir, '..', `${repo.dir.split('/').at(-1)}.docs-fail`);
  const checklist = readinessChecklistSchema.parse({
    sections: [
      {
        name: 'Code & Configuration',
        items: [
          {
            id: 'tests_pass',
            text: 'All tests pass',
            critical: true,
            weight: 1,
            check: { command: flagged(flags.tests) },
          },
          {
            id: 'docs',
            text: 'Runbooks complete and up-to-date',
            weight: 9,
            check: { command: flagged(flags.docs) },
          },
        ],
      },
    ],
  });
  h = await startDeployHarness({
    env: { FAKE_TARGET_FAIL: 'switch_traffic@2.6.1' },
    configure: (loaded) => {
      const checkout = loaded.config.services.checkout;
      if (!checkout) throw new Error('the test config has no checkout');
      return {
        ...loaded,
        config: {
          ...loaded.config,
          services: {
            ...loaded.config.services,
            checkout: {
              ...checkout,
              repository: {
                path: repo.dir,
                tag_prefix: 'v',
                remote: 'origin',
                tag_environments: ['production'],
              },
            },
          },
          readiness: {
            checklist: 'readiness-checklist.yml',
            minimum_score: { production: 90 },
            attestation_valid_for: { ms: 30 * 86_400_000, text: '30d' },
            emergency_skips_gate: [],
          },
        },
        readiness: { checklist, path: join(repo.dir, 'readiness-checklist.yml') },
      };
    },
  });
  h.pagerduty.setOnCall({ scheduleId: 'PSCH001', users: [FRANK] });
  repo.commit('feat: checkout 2.5.3');
  repo.tag('v2.5.3');
  await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
});
afterAll(async () => {
  await h.stop();
  for (const flag of Object.values(flags)) rmSync(flag, { force: true });
});

describe('the readiness gate of /deploy', () => {
  it('refuses a score below the minimum and lists the items to fix', async () => {
    writeFileSync(flags.docs, '');
    const id = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4'));
    rmSync(flags.docs);
    const refused = await h.record(id);
    expect(refused.state).toBe('failed');
    expect(refused.outcome).toBe('refused: readiness score 10 is below the minimum 90 for production');
    expect(refused.readiness).toMatchObject({ score: 10, ready: false, minimum: 90 });
    expect(told('U0ALICE')).toContain(`${id} is refused by the readiness gate`);
    expect(told('U0ALICE')).toContain(':warning: Runbooks complete and up-to-date — ');
    expect((await h.record(id)).validations).toEqual([]);
  });

  it('refuses a failed critical item whatever the score', async () => {
    writeFileSync(flags.tests, '');
    const id = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4'));
    rmSync(flags.tests);
    expect((await h.record(id)).state).toBe('failed');
    expect((await h.record(id)).readiness).toMatchObject({ score: 90, band: 'do_not_deploy' });
    expect((await h.record(id)).outcome).toBe('refused: a critical readiness item failed (All tests pass)');
    expect(told('U0ALICE')).toContain(':x: *critical* All tests pass');
  });

  it('keeps the gate for --emergency unless readiness.emergency_skips_gate lists the environment', async () => {
    writeFileSync(flags.docs, '');
    const id = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4 --emergency "checkout down"'));
    rmSync(flags.docs);
    expect((await h.record(id)).state).toBe('failed');
    expect((await h.record(id)).outcome).toContain('readiness score 10 is below the minimum 90');

    const skips = h.shipgate.runtime.config.config.readiness?.emergency_skips_gate as string[];
    skips.push('production');
    writeFileSync(flags.docs, '');
    try {
      const skipped = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4 --emergency "checkout down"'));
      expect((await h.record(skipped)).state).toBe('awaiting_approval');
      expect((await h.record(skipped)).readiness).toBeUndefined();
      expect((await h.shipgate.runtime.events.forSubject(skipped)).map((e) => e.type)).toContain(
        'deploy.readiness_skipped',
      );
      await h.slack.command({
        user: 'U0ALICE',
        command: '/deploy',
        text: `cancel ${skipped}`,
        channel: 'C0DEPLOYS',
      });
      await h.settle();
      expect((await h.record(skipped)).state).toBe('cancelled');
    } finally {
      skips.pop();
      rmSync(flags.docs);
    }
  });
});

describe('/deploy reads the commits, raises the approval rule and tags what survived', () => {
  let id = '';

  it('raises a PATCH to MAJOR when the range holds a breaking change, listing the commit', async () => {
    repo.commit('fix: login timeout on high load (#125)');
    repo.commit('feat: user profile export (#123)\n\nMigration: yes');
    const breaking = repo.commit('feat(api)!: drop the legacy cart API');
    id = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4'));
    const record = await h.record(id);
    expect(record.state).toBe('awaiting_approval');
    expect(record.readiness).toMatchObject({ score: 100, band: 'ready', ready: true });
    expect(record.release).toMatchObject({
      repository: 'read',
      versionBump: 'patch',
      suggested: 'major',
      commitCount: 3,
      raisedBy: [{ sha: breaking.slice(0, 7), subject: 'feat(api)!: drop the legacy cart API' }],
    });
    expect(record.bump).toBe('major');
    expect(record.requiredRoles).toEqual(['team-lead', 'on-call-engineer', 'engineering-lead']);
    const blocks = JSON.stringify((await h.message(id))?.blocks);
    expect(blocks).toContain('MAJOR (raised from PATCH by the commits)');
    expect(blocks).toContain(`\`${breaking.slice(0, 7)}\` feat(api)!: drop the legacy cart API`);
    expect(blocks).toContain('*Readiness* — score 100 (minimum 90): ready');
    expect((await h.thread(id)).some((t) => t.includes('approved as MAJOR, not PATCH'))).toBe(true);
  });

  it('posts the release notes when the deploy starts and tags the version once it succeeded', async () => {
    await h.click('U0BOB', id, 'approve');
    await h.click('U0FRANK', id, 'approve');
    expect(await h.click('U0DAVE', id, 'approve')).toContain('the deploy starts now');
    expect((await h.record(id)).state).toBe('succeeded');
    const notes = (await h.thread(id)).find((t) => t.includes('Release notes')) ?? '';
    expect(notes).toContain(
      '*Added*\n• BREAKING: api: Drop the legacy cart API\n• User profile export (#123)',
    );
    expect(notes).toContain('Login timeout on high load (#125)');
    expect(notes).toContain('Database migration required: YES');
    const tagged = await h.shipgate.runtime.releases.get('checkout', '2.5.4');
    expect(tagged).toMatchObject({ deployId: id, state: 'pushed', tag: 'v2.5.4' });
    expect(git(repo.dir, 'rev-parse', 'v2.5.4^{commit}')).toBe(git(repo.dir, 'rev-parse', 'HEAD'));
    const message = git(repo.dir, 'tag', '-l', '--format=%(contents)', 'v2.5.4');
    expect(message).toContain(id);
    expect(message).toContain('U0BOB');
    expect(git(remote, 'tag', '-l')).toContain('v2.5.4');
    expect((await h.thread(id)).some((t) => t.includes('Tagged v2.5.4'))).toBe(true);
    const ref = await h.shipgate.sync.ref('deploy-checklist', id);
    const checklist = ref?.ts ? h.slack.state.message(ref.channel, ref.ts) : undefined;
    expect(JSON.stringify(checklist?.blocks)).toContain(
      ':white_check_mark: Release tagged in git — v2.5.4 on ',
    );
  });

  it("never tags a version whose deploy failed; the request's --migration and rollback procedure fill the notes", async () => {
    repo.commit('fix: rounding in totals');
    const failing = idOf(
      await h.deploy(
        'U0ALICE',
        'checkout 2.6.1 --migration --rollback-procedure "restore the orders snapshot"',
      ),
    );
    await h.click('U0BOB', failing, 'approve');
    await h.click('U0FRANK', failing, 'approve');
    expect((await h.record(failing)).state).toBe('failed');
    const notes = (await h.thread(failing)).find((t) => t.includes('Release notes')) ?? '';
    expect(notes).toContain('Database migration required: YES');
    expect(notes).toContain('Rollback procedure: restore the orders snapshot');
    expect(await h.shipgate.runtime.releases.get('checkout', '2.6.1')).toBeUndefined();
    expect(git(repo.dir, 'tag', '-l', 'v2.6.1')).toBe('');
  });

  it('says a range it cannot read instead of ignoring it', async () => {
    renameSync(join(repo.dir, '.git'), join(repo.dir, '.git-away'));
    try {
      const id2 = idOf(await h.deploy('U0ALICE', 'checkout 2.7.1'));
      expect((await h.record(id2)).state).toBe('awaiting_approval');
      expect((await h.record(id2)).release).toMatchObject({ repository: 'unreadable' });
      expect((await h.record(id2)).bump).toBe('minor');
      const blocks = JSON.stringify((await h.message(id2))?.blocks);
      expect(blocks).toContain(':warning: *Commits could not be read*');
      expect(blocks).toContain('the approval rule follows the version numbers alone');
    } finally {
      renameSync(join(repo.dir, '.git-away'), join(repo.dir, '.git'));
    }
  });
});
