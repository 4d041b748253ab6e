import type { ActorKind } from '../actor.js';
import type { Bump } from './deploy-types.js';

/** The role that must approve a break-glass deploy outside the change window (chapter 3.4, design §1). */
export const DEFAULT_EMERGENCY_ROLE = 'engineering-lead';

/** One recorded approval. An escalated approval fills every role listed in `inPlaceOf` at once. */
export interface ApprovalRecord {
  readonly userId: string;
  readonly role: string;
  readonly at: Date;
  readonly inPlaceOf?: readonly string[];
}

/** Who clicked Approve: only `human` clickers can ever approve (chapter 2.2). */
export interface ApproverClick {
  readonly userId: string;
  readonly kind: ActorKind;
}

/** `awaiting` before the approval timeout; `escalated` after it, when the escalation role may approve alone. */
export type ApprovalPhase = 'awaiting' | 'escalated';

/** What decides the roles a deploy needs. */
export interface RequiredRolesInput {
  /** The environment's `approval.approvers`. */
  readonly policyApprovers: readonly string[];
  /** The SemVer bump; `undefined` when it is not known (then no bump role is added). */
  readonly bump: Bump | undefined;
  /** The main config's `bump_approvers`. */
  readonly bumpApprovers: Readonly<Record<Bump, string>>;
  /** True for a break-glass `--emergency` deploy. */
  readonly emergency: boolean;
  /** Who approves emergencies; defaults to engineering-lead. */
  readonly emergencyRole?: string;
  /** The environment's `approval.required`; when false only an emergency needs anyone (default true). */
  readonly approvalRequired?: boolean;
}

/**
 * The roles that must each approve a deploy, by a distinct human who is not the requester: the environment's
 * approvers, then the bump's role (chapter 4.1), then the emergency role for break-glass deploys; no repeats, in
 * that order, so the approval message lists them the same way every time.
 */
export function requiredRoles(input: RequiredRolesInput): string[] {
  const roles: string[] = [];
  if (input.approvalRequired !== false) {
    roles.push(...input.policyApprovers);
    if (input.bump !== undefined) roles.push(input.bumpApprovers[input.bump]);
  }
  if (input.emergency) roles.push(input.emergencyRole ?? DEFAULT_EMERGENCY_ROLE);
  return [...new Set(roles)];
}

/** The roles an approval satisfies: its own role, or every role it was given in place of. */
export function rolesFilledBy(approval: ApprovalRecord): readonly string[] {
  return approval.inPlaceOf ?? [approval.role];
}

/** Required roles no recorded approval has filled yet, in the required order. */
export function missingRoles(required: readonly string[], approvals: readonly ApprovalRecord[]): string[] {
  const filled = new Set(approvals.flatMap(rolesFilledBy));
  return required.filter((role) => !filled.has(role));
}
