import type { DeploymentNoteOverrides } from '../../core/releases/deployment-notes.js';
import type { ReleaseFacts } from '../../core/releases/release-facts.js';
import type { ReleaseNotes } from '../../core/releases/release-notes.js';
import { releaseNotesText } from '../../core/releases/release-notes-text.js';
import { type RichText, rich } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';
import { versionNotes } from './version-notes.js';

/** A deploy's release notes in both renderings, with the facts they were read from. */
export interface DeployReleaseNotes {
  readonly facts: ReleaseFacts;
  /** Undefined when the range could not be read (`facts.note` says why). */
  readonly notes: ReleaseNotes | undefined;
  /** For the deploy thread: the notes as lines, git's words escaped; or one line saying why there are none. */
  readonly text: RichText;
  /** The 4.4 Markdown entry from `templates/changelog.mustache` (approvers as `@U…`); undefined without notes. */
  readonly markdown: string | undefined;
}

/** What the deploy request said about its Deployment Notes (`--migration`, `--rollback-procedure`). */
async function requestedNotes(rt: Runtime, deployId: string): Promise<DeploymentNoteOverrides> {
  const request = (await rt.events.forSubject(deployId)).find((e) => e.type === 'deploy.request')?.payload;
  return {
    ...(request?.migration === true ? { migration: true } : {}),
    ...(typeof request?.rollbackProcedure === 'string' ? { rollback: request.rollbackProcedure } : {}),
  };
}

/**
 * The release notes of a deploy, for the lead to post in its thread when it starts: the range from the deploy's
 * previous version to its version, dated when it finished (else now), with its recorded approvals. Undefined for an
 * unknown deploy or a rollback run; never throws for a repository that is missing or unreadable.
 */
export async function releaseNotesFor(
  rt: Runtime,
  deployId: string,
): Promise<DeployReleaseNotes | undefined> {
  const deploy = await rt.deploys.get(deployId);
  if (!deploy || deploy.kind === 'rollback') return undefined;
  const approvals = (await rt.deploys.approvals(deployId)).map((a) => ({
    role: a.role,
    userId: a.userId,
    at: a.at,
  }));
  const { read, notes } = await versionNotes(rt, {
    service: deploy.service,
    env: deploy.env,
    version: deploy.version,
    since: deploy.previousVersion ?? null,
    date: deploy.finishedAt ?? rt.clock.now(),
    approvals,
    overrides: await requestedNotes(rt, deployId),
  });
  if (!notes)
    return {
      facts: read.facts,
      notes: undefined,
      text: rich`Release notes of ${deploy.service} ${deploy.version}: none, ${read.facts.note ?? 'the commits could not be read'}.`,
      markdown: undefined,
    };
  return {
    facts: read.facts,
    notes,
    text: releaseNotesText(notes),
    markdown: rt.releaseNotes.markdown(notes, (id) => `@${id}`),
  };
}
