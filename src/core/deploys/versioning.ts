import type { ReleaseType } from 'semver';
import semver from 'semver';
import type { Bump } from './deploy-types.js';

/** Whether a requested version may be deployed over the current one, and which SemVer bump it is. */
export type BumpCheck =
  | { readonly ok: true; readonly bump: Bump; readonly current: string | undefined }
  | { readonly ok: false; readonly reason: string; readonly current: string };

/** Names the service and environment in a refusal ("checkout runs 2.5.4 in production"). */
export interface VersionContext {
  readonly service: string;
  readonly env: string;
}

const BUMP_OF_DIFF: Readonly<Record<ReleaseType, Bump>> = {
  major: 'major',
  premajor: 'major',
  minor: 'minor',
  preminor: 'minor',
  patch: 'patch',
  prepatch: 'patch',
  prerelease: 'patch',
  release: 'patch',
};

function valid(version: string, what: string): string {
  const parsed = semver.valid(version);
  if (parsed === null) throw new RangeError(`${what} "${version}" is not a SemVer version`);
  return parsed;
}

/**
 * The SemVer bump from the version running now to the requested one (chapter 4.1), which picks the extra approver
 * role. A first deploy (no current version) counts as major. A version that is not newer is refused with a pointer
 * to `/rollback`, because going back is a rollback with its own procedure, not a deploy.
 */
export function computeBump(
  current: string | undefined,
  requested: string,
  context?: VersionContext,
): BumpCheck {
  const wanted = valid(requested, 'requested version');
  if (current === undefined) return { ok: true, bump: 'major', current: undefined };
  const live = valid(current, 'current version');
  const difference = semver.diff(live, wanted);
  if (difference !== null && semver.gt(wanted, live))
    return { ok: true, bump: BUMP_OF_DIFF[difference], current: live };

  const service = context?.service ?? '<service>';
  const subject =
    context === undefined ? `The current version is ${live}` : `${service} runs ${live} in ${context.env}`;
  const hint =
    difference === null
      ? `To go back to an earlier version, use /rollback ${service} --to <version>`
      : `To go back, use /rollback ${service} --to ${wanted}`;
  return { ok: false, reason: `${subject}; ${wanted} is not newer. ${hint}`, current: live };
}
