import type { Bump } from '../deploys/deploy-types.js';
import type { ReleaseFacts } from './release-facts.js';
import { biggerBump } from './suggest-bump.js';

/**
 * The bump whose approval rule a deploy gets: the version numbers' bump, raised to the commits' suggestion when the
 * cross-check found commits that raise it (`facts.raisedBy`). Unread facts leave the version numbers' bump.
 */
export function effectiveBump(versionBump: Bump, facts: ReleaseFacts | undefined): Bump {
  const suggested = facts?.suggested;
  if (!suggested || !facts?.raisedBy?.length) return versionBump;
  return biggerBump(suggested, versionBump) ? suggested : versionBump;
}
