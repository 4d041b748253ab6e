import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitSourceRepository } from '../../../src/adapters/git/git-source-repository.js';
import { toPlainText } from '../../../src/core/text/plain-text.js';
import { changelogBetween } from '../../../src/services/releases/changelog-between.js';
import { readRelease } from '../../../src/services/releases/read-release.js';
import { releaseNotesFor } from '../../../src/services/releases/release-notes-for.js';
import { ReleaseService } from '../../../src/services/releases/release-service.js';
import { tagRelease } from '../../../src/services/releases/tag-release.js';
import { addBareRemote, createTestRepo, git, type TestRepo } from '../../support/git-repo.js';
import { releaseRuntime, storeDeploy } from './release-runtime.js';

/** v2.5.3, then a fix, a squash-merged fix, a merged PR, a security fix and a migration: the 2.5.4 candidate. */
function historyRepo(): TestRepo {
  const repo = createTestRepo();
  repo.commit('chore: initial commit');
  repo.tag('v2.5.3');
  repo.commit('fix: login timeout on high load (#125)');
  repo.commit('fix: incorrect error messages in API (#126)');
  repo.git('checkout', '-q', '-b', 'export');
  repo.commit('feat: user profile export', 'export.txt');
  repo.git('checkout', '-q', 'main');
  repo.commit('perf: improve database query performance (#124)');
  repo.git(
    'merge',
    '-q',
    '--no-ff',
    'export',
    '-m',
    'Merge pull request #123 from dev/export\n\nfeat: user profile export',
  );
  repo.commit('security: add rate limiting to authentication endpoints');
  repo.commit('feat: export endpoint\n\nAdds /api/v1/users/export.\n\nMigration: yes');
  return repo;
}

describe('releases over a real git repository', () => {
  it('reads the range since the running version, suggests minor and raises a patch request', async () => {
    const repo = historyRepo();
    const rt = releaseRuntime(repo.dir);
    await storeDeploy(rt, '2.5.3');
    const { facts, commits } = await readRelease(rt, {
      service: 'checkout',
      env: 'production',
      version: '2.5.4',
    });
    expect(facts).toMatchObject({
      repository: 'read',
      from: 'v2.5.3',
      to: 'HEAD',
      suggested: 'minor',
      versionBump: 'patch',
      commit: repo.git('rev-parse', 'HEAD'),
    });
    expect(facts.raisedBy?.map((c) => c.subject)).toEqual([
      'feat: export endpoint',
      'Merge pull request #123 from dev/export',
      'feat: user profile export',
    ]);
    expect(commits.listed.map((c) => c.title)).not.toContain('chore: initial commit');
  });

  it('raises a patch to major for a breaking footer and says which commit', async () => {
    const repo = createTestRepo();
    repo.commit('chore: init');
    repo.tag('v1.0.0');
    repo.commit('refactor: tokens\n\nBREAKING CHANGE: old tokens are refused');
    const rt = releaseRuntime(repo.dir);
    const { facts } = await readRelease(rt, {
      service: 'checkout',
      env: 'production',
      version: '1.0.1',
      since: '1.0.0',
    });
    expect(facts).toMatchObject({
      suggested: 'major',
      versionBump: 'patch',
      raisedBy: [{ subject: 'refactor: tokens' }],
    });
  });

  it('says when there is no repository or the repository cannot be read', async () => {
    const rt = releaseRuntime('/nonexistent/shipgate-repo');
    expect(
      (await readRelease(rt, { service: 'payments', env: 'production', version: '1.0.0' })).facts,
    ).toMatchObject({ repository: 'none' });
    const unreadable = await readRelease(rt, { service: 'checkout', env: 'production', version: '1.0.0' });
    expect(unreadable.facts).toMatchObject({
      repository: 'unreadable',
      note: expect.stringContaining('not found'),
    });
    const empty = releaseRuntime(createTestRepo().dir);
    expect(
      (await readRelease(empty, { service: 'checkout', env: 'production', version: '1.0.0' })).facts
        .repository,
    ).toBe('unreadable');
  });

  it('renders the 4.4 changelog of a range of tags', async () => {
    const repo = historyRepo();
    repo.tag('v2.5.4');
    const rt = releaseRuntime(repo.dir);
    const result = await changelogBetween(rt, {
      service: 'checkout',
      from: '2.5.3',
      to: '2.5.4',
      date: new Date('2024-01-15T12:00:00Z'),
    });
    if (!result.ok) throw new Error(result.error);
    expect(rt.releaseNotes.markdown(result.notes, (id) => `@${id}`)).toBe(
      [
        '## [2.5.4] - 2024-01-15',
        '',
        '### Added',
        '- Export endpoint',
        '- User profile export (#123)',
        '',
        '### Changed',
        '- Improve database query performance (#124)',
        '',
        '### Fixed',
        '- Incorrect error messages in API (#126)',
        '- Login timeout on high load (#125)',
        '',
        '### Security',
        '- Add rate limiting to authentication endpoints',
        '',
        '### Deployment Notes',
        '- Database migration required: YES',
        '- Backward compatible: YES',
        '- Rollback procedure: Standard (see runbook)',
        '',
      ].join('\n'),
    );
    const unknown = await changelogBetween(rt, {
      service: 'checkout',
      from: '9.9.9',
      to: 'HEAD',
      date: new Date(0),
    });
    expect(unknown).toEqual({
      ok: false,
      error: 'unknown version 9.9.9: there is no tag v9.9.9 and no ref 9.9.9',
    });
  });

  it('refuses a changelog of commits that are not conventional', async () => {
    const repo = createTestRepo();
    repo.commit('Initial import');
    repo.commit('Update things');
    const rt = releaseRuntime(repo.dir);
    const result = await changelogBetween(rt, { service: 'checkout', date: new Date(0) });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('no conventional commits') });
    const outcome = await new ReleaseService(rt).suggest('checkout');
    expect(outcome.answer.kind).toBe('refused');
  });

  it('answers /release suggest, notes and changelog as lists, escaping what git holds', async () => {
    const repo = historyRepo();
    repo.commit('fix: <!channel> *bold* & `code`');
    const rt = releaseRuntime(repo.dir);
    await storeDeploy(rt, '2.5.3');
    const service = new ReleaseService(rt);
    const suggest = await service.suggest('checkout');
    expect(suggest.answer).toMatchObject({ kind: 'list' });
    if (suggest.answer.kind !== 'list') throw new Error('not a list');
    expect(toPlainText(suggest.answer.title)).toBe('checkout: suggest 2.6.0');
    const notes = await service.notes('checkout', '2.5.4');
    if (notes.answer.kind !== 'list') throw new Error('not a list');
    const evil = notes.answer.lines.find((l) => toPlainText(l).includes('channel'));
    expect(evil?.parts.some((p) => p.kind === 'text' && p.text.includes('<!channel>'))).toBe(true);
    expect(evil?.parts.some((p) => p.kind === 'markup' && p.text.includes('<!channel>'))).toBe(false);
    expect((await service.changelog('checkout', 'v2.5.3', 'HEAD')).answer.kind).toBe('list');
    expect((await service.changelog('checkout', 'nope', undefined)).answer.kind).toBe('refused');
    expect((await service.notes('payments', '1.0.0')).answer.kind).toBe('refused');
  });

  it('gives a deploy its notes with approvals, for the thread and as Markdown', async () => {
    const repo = historyRepo();
    const rt = releaseRuntime(repo.dir);
    const id = await storeDeploy(rt, '2.5.4', { previousVersion: '2.5.3' });
    await rt.deploys.addApproval(id, {
      userId: 'U0BOB',
      role: 'on-call-engineer',
      at: new Date('2026-11-24T10:05:00Z'),
    });
    const notes = await releaseNotesFor(rt, id);
    expect(notes?.markdown).toContain('### Approvals\n- On-Call Engineer: @U0BOB (2026-11-24)');
    expect(toPlainText(notes?.text ?? (undefined as never))).toContain('Release notes 2.5.4');
  });
});

describe('GitSourceRepository', () => {
  it('says what is wrong: not a repository, an unknown ref, an option-looking ref', async () => {
    const plain = new GitSourceRepository(mkdtempSync(join(tmpdir(), 'shipgate-plain-')));
    await expect(plain.head()).rejects.toThrow(/is not a git repository/);
    const repo = historyRepo();
    const git = new GitSourceRepository(repo.dir);
    expect(await git.resolve('no-such-branch')).toBeUndefined();
    await expect(git.commits({ from: 'no-such-tag', to: 'HEAD' })).rejects.toThrow(/unknown ref/);
    await expect(git.resolve('--output=x')).rejects.toThrow(/not a valid git ref/);
    expect(await git.hasFile('HEAD', 'export.txt')).toBe(true);
    expect(await git.hasFile('HEAD', 'runbooks/rollback-production.md')).toBe(false);
    expect(await git.rootCommit()).toBe(repo.git('rev-list', '--max-parents=0', 'HEAD'));
  });
});

describe('tagging what survived production', () => {
  it('tags the deployed commit once, pushes it, and is idempotent', async () => {
    const repo = historyRepo();
    const bare = addBareRemote(repo);
    const rt = releaseRuntime(repo.dir, 'origin');
    const head = repo.git('rev-parse', 'HEAD');
    const id = await storeDeploy(rt, '2.5.4', { release: { repository: 'read', commit: head } });
    await rt.deploys.addApproval(id, {
      userId: 'U0BOB',
      role: 'on-call-engineer',
      at: new Date('2026-11-24T10:05:00Z'),
    });
    const first = await tagRelease(rt, id);
    expect(first).toEqual({ kind: 'tagged', tag: 'v2.5.4', commit: head, pushed: true, already: false });
    expect(repo.git('rev-parse', 'v2.5.4^{commit}')).toBe(head);
    expect(repo.git('cat-file', '-t', 'v2.5.4')).toBe('tag');
    const message = repo.git('tag', '-l', '--format=%(contents)', 'v2.5.4');
    expect(message).toContain(`Deploy: ${id}`);
    expect(message).toContain('On-Call Engineer: @U0BOB (2026-11-24)');
    expect(message).toContain('Watch: none configured; tagged when the deploy succeeded');
    expect(git(bare, 'rev-parse', 'v2.5.4^{commit}')).toBe(head);
    expect(await rt.releases.get('checkout', '2.5.4')).toMatchObject({
      state: 'pushed',
      deployId: id,
      commit: head,
    });
    expect(await tagRelease(rt, id)).toMatchObject({ kind: 'tagged', already: true });
    expect((await rt.events.forSubject(id)).map((e) => e.type)).toEqual([
      'release.tag_recorded',
      'release.tagged',
      'release.tag_pushed',
    ]);
  });

  it('finishes after a crash between recording and tagging, finding its own tag', async () => {
    const repo = historyRepo();
    const rt = releaseRuntime(repo.dir);
    const head = repo.git('rev-parse', 'HEAD');
    const id = await storeDeploy(rt, '2.5.4', { release: { repository: 'read', commit: head } });
    await new GitSourceRepository(repo.dir).createTag({
      name: 'v2.5.4',
      commit: head,
      message: 'earlier\n',
      at: new Date(0),
    });
    await rt.releases.insertPending({
      service: 'checkout',
      version: '2.5.4',
      env: 'production',
      deployId: id,
      commit: head,
      tag: 'v2.5.4',
      state: 'pending',
      detail: undefined,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    });
    expect(await tagRelease(rt, id)).toMatchObject({ kind: 'tagged', commit: head, already: false });
    expect((await rt.releases.get('checkout', '2.5.4'))?.state).toBe('tagged');
  });

  it('refuses a tag that exists on another commit, with the reason recorded', async () => {
    const repo = historyRepo();
    repo.tag('v2.5.4', 'HEAD~1');
    const rt = releaseRuntime(repo.dir);
    const id = await storeDeploy(rt, '2.5.4', {
      release: { repository: 'read', commit: repo.git('rev-parse', 'HEAD') },
    });
    const outcome = await tagRelease(rt, id);
    expect(outcome).toMatchObject({
      kind: 'failed',
      reason: expect.stringContaining('already exists on commit'),
    });
    expect((await rt.releases.get('checkout', '2.5.4'))?.state).toBe('failed');
  });

  it('never tags a failed or rolled-back deploy, a watch that did not survive, or staging', async () => {
    const repo = historyRepo();
    const rt = releaseRuntime(repo.dir);
    for (const patch of [
      { state: 'failed' as const },
      { state: 'rolled_back' as const },
      { env: 'staging' },
      { state: 'succeeded' as const, watch: {} as never, survived: false },
    ]) {
      const id = await storeDeploy(rt, '2.5.4', patch);
      expect((await tagRelease(rt, id)).kind).toBe('skipped');
    }
    expect(repo.git('tag', '-l', 'v2.5.4')).toBe('');
    expect(await rt.releases.get('checkout', '2.5.4')).toBeUndefined();
  });
});
