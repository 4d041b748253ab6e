import semver from 'semver';
import type { CommitRef } from '../../core/releases/release-facts.js';
import { releaseNotesLines } from '../../core/releases/release-notes-text.js';
import { versionTags } from '../../core/releases/release-range.js';
import { type RichText, rich } from '../../core/text/rich-text.js';
import { list, type Outcome, refuse } from '../answer.js';
import type { Runtime } from '../runtime.js';
import { changelogBetween } from './changelog-between.js';
import { repositoryOf } from './read-release.js';
import { versionNotes } from './version-notes.js';

/** The environment whose running version `/release suggest` starts from: the first tag environment. */
function releaseEnv(rt: Runtime, service: string): string {
  return repositoryOf(rt, service)?.settings.tag_environments[0] ?? 'production';
}

function commitLine(c: CommitRef): RichText {
  return rich`• \`${c.sha}\` ${c.subject}`;
}

/**
 * `/release`: version suggestions, release notes and changelogs from a service's conventional commits (chapter
 * 4.1–4.4). Every answer is ephemeral; bad input (no repository, unknown ref, no conventional commits) is refused
 * with the reason, never a crash.
 */
export class ReleaseService {
  constructor(private readonly rt: Runtime) {}

  /** `/release suggest <service>`: the version in production, the commits since, and the bump they call for. */
  async suggest(service: string): Promise<Outcome> {
    const env = releaseEnv(this.rt, service);
    const running = (await this.rt.deploys.current(service, env))?.version;
    const { read, notes } = await versionNotes(this.rt, { service, env, date: this.rt.clock.now() });
    if (read.facts.repository !== 'read' || !notes)
      return refuse(rich`Cannot suggest a version: ${read.facts.note ?? 'unreadable'}.`);
    if (!read.commits.counted.some((c) => c.type !== undefined))
      return refuse(
        rich`Cannot suggest a version: ${notes.range} holds ${read.commits.counted.length} commits and no conventional commits (type: subject); patch is only the default.`,
      );
    const found = repositoryOf(this.rt, service);
    const tags = found ? versionTags(found.settings.tag_prefix, await found.repo.tags().catch(() => [])) : [];
    const base = running ?? tags[0]?.version ?? '0.0.0';
    const bump = read.facts.suggested ?? 'patch';
    const next = semver.inc(base, bump) ?? base;
    const decided = read.commits.counted.filter((c) =>
      bump === 'major'
        ? c.breaking
        : bump === 'minor'
          ? c.type === 'feat'
          : c.type === 'fix' || c.type === 'security',
    );
    const lines: RichText[] = [
      rich`${running ? rich`${env} runs ${running}` : rich`nothing deployed to ${env} yet; counting from ${base}`}; ${read.commits.counted.length} commits in ${notes.range}.`,
      rich`*Suggested: ${next}* (${bump}). Decided by:`,
      ...decided.map((c) => commitLine({ sha: c.shortSha, subject: c.header })),
    ];
    if (read.facts.note) lines.push(rich`_${read.facts.note}_`);
    return list(rich`${service}: suggest ${next}`, lines, rich`No commits.`);
  }

  /** `/release notes <service> <version>`: the version's 4.4 release notes, approvals from its deploy when there is one. */
  async notes(service: string, version: string): Promise<Outcome> {
    const env = releaseEnv(this.rt, service);
    const deploy = (await this.rt.deploys.recent(200, service)).find(
      (d) => d.env === env && d.version === version && d.kind !== 'rollback',
    );
    const approvals = deploy
      ? (await this.rt.deploys.approvals(deploy.id)).map((a) => ({
          role: a.role,
          userId: a.userId,
          at: a.at,
        }))
      : undefined;
    const { read, notes } = await versionNotes(this.rt, {
      service,
      env,
      version,
      ...(deploy ? { since: deploy.previousVersion ?? null } : {}),
      date: deploy?.finishedAt ?? this.rt.clock.now(),
      ...(approvals ? { approvals } : {}),
    });
    if (!notes)
      return refuse(rich`No release notes for ${service} ${version}: ${read.facts.note ?? 'unreadable'}.`);
    if (!read.commits.counted.some((c) => c.type !== undefined))
      return refuse(
        rich`No release notes for ${service} ${version}: ${notes.range} holds no conventional commits.`,
      );
    const [title, ...lines] = releaseNotesLines(notes);
    return list(title ?? rich`Release notes ${version}`, lines, rich`No changes.`);
  }

  /** `/release changelog <service> [<from> [<to>]]`: the range's 4.4 changelog entry. */
  async changelog(service: string, from: string | undefined, to: string | undefined): Promise<Outcome> {
    const result = await changelogBetween(this.rt, { service, from, to, date: this.rt.clock.now() });
    if (!result.ok) return refuse(rich`No changelog for ${service}: ${result.error}.`);
    const [title, ...lines] = releaseNotesLines(result.notes);
    return list(title ?? rich`Changelog`, lines, rich`No changes.`);
  }
}
