import type { ParsedCommit } from './parsed-commit.js';

/** The 4.4 Deployment Notes, and the commits each answer came from (empty when it is the default). */
export interface DeploymentNotes {
  readonly migration: boolean;
  readonly backwardCompatible: boolean;
  readonly rollback: string;
  readonly sources: {
    readonly migration: readonly string[];
    readonly backwardCompatible: readonly string[];
    readonly rollback: readonly string[];
  };
}

/** What the request says, overriding the footers (e.g. a future `/deploy --migration`). */
export interface DeploymentNoteOverrides {
  readonly migration?: boolean;
  readonly backwardCompatible?: boolean;
  readonly rollback?: string;
}

/** The rollback line when no commit names a procedure. */
export const STANDARD_ROLLBACK = 'Standard (see runbook)';

const YES = /^(yes|y|true|required)$/i;
const NO = /^(no|n|false)$/i;

/**
 * Deployment Notes from commit footers: `Migration: yes` → a database migration is required (default no);
 * `Backward-Compatible: no` or any breaking change → not backward compatible (default yes); `Rollback: <text>` →
 * the rollback procedure, several joined with `; ` (default "Standard (see runbook)"). Overrides win.
 */
export function deploymentNotes(
  commits: readonly ParsedCommit[],
  overrides: DeploymentNoteOverrides = {},
): DeploymentNotes {
  const migrations = commits.filter((c) => YES.test(c.footers.migration ?? ''));
  const incompatible = commits.filter(
    (c) => c.breaking || NO.test(c.footers['backward-compatible'] ?? c.footers['backwards-compatible'] ?? ''),
  );
  const rollbacks = commits.filter((c) => (c.footers.rollback ?? '') !== '');
  const procedures = [...new Set(rollbacks.map((c) => c.footers.rollback ?? ''))];
  return {
    migration: overrides.migration ?? migrations.length > 0,
    backwardCompatible: overrides.backwardCompatible ?? incompatible.length === 0,
    rollback: overrides.rollback ?? (procedures.length > 0 ? procedures.join('; ') : STANDARD_ROLLBACK),
    sources: {
      migration: migrations.map((c) => c.shortSha),
      backwardCompatible: incompatible.map((c) => c.shortSha),
      rollback: rollbacks.map((c) => c.shortSha),
    },
  };
}
