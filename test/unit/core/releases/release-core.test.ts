import { describe, expect, it } from 'vitest';
import { parseCommit } from '../../../../src/adapters/git/parse-commit.js';
import { groupChanges } from '../../../../src/core/releases/change-sections.js';
import { crossCheckBump } from '../../../../src/core/releases/cross-check-bump.js';
import { deploymentNotes } from '../../../../src/core/releases/deployment-notes.js';
import { effectiveBump } from '../../../../src/core/releases/effective-bump.js';
import { entryText } from '../../../../src/core/releases/entry-text.js';
import { releaseCommits } from '../../../../src/core/releases/release-commits.js';
import { releaseRange } from '../../../../src/core/releases/release-range.js';
import { roleLabel } from '../../../../src/core/releases/role-label.js';
import { suggestBump } from '../../../../src/core/releases/suggest-bump.js';

let n = 0;
const sha = () => `${String(++n).padStart(7, '0')}${'a'.repeat(33)}`;
const c = (message: string, parents: string[] = ['p']) => parseCommit({ sha: sha(), parents, message });

describe('parseCommit', () => {
  it('reads type, scope, subject and references', () => {
    const p = c('feat(api): add user export (#123)');
    expect(p).toMatchObject({ type: 'feat', scope: 'api', title: 'add user export', breaking: false });
    expect(p.references).toEqual(['#123']);
  });

  it('marks feat! and BREAKING CHANGE footers as breaking, and reads trailers after the note', () => {
    expect(c('feat!: drop v1 API').breaking).toBe(true);
    const footer = c(
      'refactor: new auth\n\nBody.\n\nBREAKING CHANGE: tokens expire\nMigration: yes\nRollback: restore db',
    );
    expect(footer).toMatchObject({ breaking: true, breakingNote: 'tokens expire' });
    expect(footer.footers).toMatchObject({ migration: 'yes', rollback: 'restore db' });
    expect(c('fix: x\n\nBREAKING-CHANGE: y').breaking).toBe(true);
  });

  it('reads a GitHub merge commit from its PR title and keeps the PR number', () => {
    const p = c('Merge pull request #12 from x/login\n\nfix: login timeout on high load', ['a', 'b']);
    expect(p).toMatchObject({
      type: 'fix',
      title: 'login timeout on high load',
      pullRequest: '#12',
      merge: true,
    });
    expect(entryText({ ...p, sha: p.shortSha })).toBe('Login timeout on high load (#12)');
  });

  it('reads a squash commit and keeps its reference once', () => {
    const p = c('fix: incorrect error messages (#126)');
    expect(p).toMatchObject({ type: 'fix', title: 'incorrect error messages', pullRequest: '#126' });
    expect(entryText({ ...p, sha: p.shortSha })).toBe('Incorrect error messages (#126)');
  });

  it('keeps a non-conventional commit as written, without a type', () => {
    expect(c('Update readme')).toMatchObject({ type: undefined, title: 'Update readme' });
  });
});

describe('suggestBump and crossCheckBump', () => {
  const fix = c('fix: a');
  const feat = c('feat: b');
  const breaking = c('feat!: c');
  it('suggests major for a breaking change, minor for a feature, else patch', () => {
    expect(suggestBump([fix, feat, breaking])).toMatchObject({
      bump: 'major',
      deciding: [{ sha: breaking.shortSha }],
    });
    expect(suggestBump([fix, feat]).bump).toBe('minor');
    expect(suggestBump([fix])).toMatchObject({ bump: 'patch', deciding: [{ sha: fix.shortSha }] });
  });
  it('says patch is only the default when nothing is conventional', () => {
    expect(suggestBump([c('Update readme')])).toMatchObject({
      bump: 'patch',
      note: expect.stringContaining('no conventional'),
    });
  });
  it('raises a patch to major with the breaking commits, and to minor with the features', () => {
    expect(crossCheckBump('patch', [fix, breaking])).toEqual({
      bump: 'major',
      raisedBy: [{ sha: breaking.shortSha, subject: 'feat!: c' }],
    });
    expect(crossCheckBump('patch', [fix, feat]).raisedBy).toEqual([
      { sha: feat.shortSha, subject: 'feat: b' },
    ]);
    expect(crossCheckBump('minor', [feat])).toEqual({ bump: 'minor', raisedBy: [] });
    expect(crossCheckBump('major', [fix])).toEqual({ bump: 'major', raisedBy: [] });
  });
  it('applies the raised bump from stored facts', () => {
    expect(
      effectiveBump('patch', {
        repository: 'read',
        suggested: 'major',
        raisedBy: [{ sha: 'a', subject: 'b' }],
      }),
    ).toBe('major');
    expect(effectiveBump('patch', { repository: 'unreadable' })).toBe('patch');
  });
});

describe('groupChanges and deploymentNotes', () => {
  it('groups into Added, Changed, Fixed and Security and leaves housekeeping out', () => {
    const groups = groupChanges([
      c('feat: export'),
      c('fix: timeout'),
      c('perf: faster queries'),
      c('security: patch CVE-2024-1234'),
      c('fix: rate limit\n\nSecurity: brute force'),
      c('chore: bump deps'),
      c('docs: readme'),
      c('chore!: drop node 18'),
    ]);
    expect(groups.map((g) => [g.section, g.entries.map((e) => e.title)])).toEqual([
      ['Added', ['export']],
      ['Changed', ['faster queries', 'drop node 18']],
      ['Fixed', ['timeout']],
      ['Security', ['patch CVE-2024-1234', 'rate limit']],
    ]);
  });
  it('reads Migration, Backward-Compatible and Rollback footers, with defaults', () => {
    expect(deploymentNotes([c('fix: a')])).toMatchObject({
      migration: false,
      backwardCompatible: true,
      rollback: 'Standard (see runbook)',
    });
    const notes = deploymentNotes([
      c('feat: a\n\nMigration: yes'),
      c('feat!: b'),
      c('fix: c\n\nRollback: run down.sql'),
    ]);
    expect(notes).toMatchObject({ migration: true, backwardCompatible: false, rollback: 'run down.sql' });
  });
  it('names roles as the chapter does', () => {
    expect(roleLabel('engineering-lead')).toBe('Engineering Lead');
    expect(roleLabel('on-call-engineer')).toBe('On-Call Engineer');
  });
});

describe('releaseCommits', () => {
  it('lists a merge with a conventional PR title once and counts the commits it brought in', () => {
    const base = { sha: 'base', parents: [], message: 'chore: init' };
    const side = { sha: 'side', parents: ['base'], message: 'feat!: new login' };
    const main = { sha: 'main', parents: ['base'], message: 'fix: typo' };
    const merge = {
      sha: 'merge',
      parents: ['main', 'side'],
      message: 'Merge pull request #7 from x/login\n\nfeat: new login',
    };
    const read = releaseCommits([merge, main, side], parseCommit);
    expect(read.listed.map((p) => p.sha)).toEqual(['merge', 'main']);
    expect(read.counted.map((p) => p.sha)).toEqual(['merge', 'main', 'side']);
    expect(suggestBump(read.counted).bump).toBe('major');
    expect(releaseCommits([base], parseCommit).listed).toHaveLength(1);
  });
  it('skips merges that say nothing', () => {
    const read = releaseCommits(
      [{ sha: 'm', parents: ['a', 'b'], message: "Merge branch 'main' into x" }],
      parseCommit,
    );
    expect(read.counted).toEqual([]);
  });
});

describe('releaseRange', () => {
  const tags = [
    { name: 'v2.5.3', commit: 'c253' },
    { name: 'v2.5.4', commit: 'c254' },
    { name: 'v2.4.0', commit: 'c240' },
    { name: 'nightly', commit: 'cn' },
  ];
  const base = { tagPrefix: 'v', tags, head: 'chead' };
  it("ends at the version's tag, else HEAD", () => {
    expect(releaseRange({ ...base, version: '2.5.4', current: '2.5.3' }).to).toEqual({
      commit: 'c254',
      label: 'v2.5.4',
    });
    expect(releaseRange({ ...base, version: '2.6.0', current: '2.5.4' }).to).toEqual({
      commit: 'chead',
      label: 'HEAD',
    });
  });
  it("starts at the running version's tag, else its recorded commit", () => {
    expect(releaseRange({ ...base, version: '2.6.0', current: '2.5.4' }).from).toEqual({
      commit: 'c254',
      label: 'v2.5.4',
    });
    const recorded = releaseRange({
      ...base,
      version: '2.6.0',
      current: '2.5.5',
      recorded: { commit: 'c255abcdef', deployId: 'DEP-2026-0001' },
    });
    expect(recorded.from).toEqual({ commit: 'c255abcdef', label: 'c255abc' });
    expect(recorded.note).toContain('DEP-2026-0001');
  });
  it('before any deploy, starts at the newest older version tag, else the root', () => {
    expect(releaseRange({ ...base, version: '2.5.4' }).from).toEqual({ commit: 'c253', label: 'v2.5.3' });
    expect(releaseRange({ ...base, version: '2.4.0' }).from).toBeUndefined();
    expect(releaseRange({ tagPrefix: 'v', tags: [], head: 'h', version: '1.0.0' }).from).toBeUndefined();
  });
});
