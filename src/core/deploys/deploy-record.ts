import type { ReadinessSummary } from '../readiness/readiness-summary.js';
import type { ReleaseFacts } from '../releases/release-facts.js';
import type { WatchRecord } from '../watch/watch-record.js';
import type { Bump, Color, DeployState, StepKind, Strategy } from './deploy-types.js';

/** A pre-deployment validation's result as shown in the approval message. */
export interface ValidationResult {
  readonly name: string;
  readonly level: 'required' | 'optional';
  readonly ok: boolean;
  readonly summary: string;
  readonly output: string;
}

/** A step of the running plan and how far it got. */
export interface StepRecord {
  readonly id: string;
  readonly kind: StepKind;
  readonly label: string;
  readonly color?: Color;
  readonly percent?: number;
  readonly state: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  readonly summary?: string;
}

/**
 * Who can fill the on-call role for this deploy, and where that came from. `pending` while PagerDuty has not been
 * asked yet (the request is still validating), so nobody reads "nobody available" while Shipgate is still looking.
 */
export interface OnCallMembers {
  readonly members: string[];
  readonly source: 'pagerduty' | 'config' | 'pending';
  readonly note?: string;
}

/** One deploy request as stored. */
export interface DeployRecord {
  readonly id: string;
  readonly service: string;
  readonly env: string;
  readonly version: string;
  readonly previousVersion: string | undefined;
  readonly bump: Bump;
  readonly strategy: Strategy;
  readonly state: DeployState;
  readonly phase: 'awaiting' | 'escalated';
  readonly requester: string;
  readonly channel: string;
  readonly emergencyReason: string | undefined;
  readonly needsReview: boolean;
  readonly requiredRoles: string[];
  readonly onCall: OnCallMembers;
  readonly validations: ValidationResult[];
  readonly steps: StepRecord[];
  readonly liveColor: Color | undefined;
  readonly targetColor: Color | undefined;
  readonly outcome: string | undefined;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | undefined;
  /** `rollback` for a rollback run (it restores `version`, undoing `rollbackOf`); absent for a deploy. */
  readonly kind?: 'rollback';
  /** The deploy a rollback undoes. */
  readonly rollbackOf?: string;
  /** True once the version survived its post-deploy watch (or a human marked it good). */
  readonly survived?: boolean;
  /** The post-deploy watch, from the end of the last step. */
  readonly watch?: WatchRecord;
  /** What the service's commits said when the deploy was planned. */
  readonly release?: ReleaseFacts;
  /** The readiness assessment that let the deploy through (environments with a minimum score). */
  readonly readiness?: ReadinessSummary;
}

/** A recorded approval click; `inPlaceOf` is set only for an escalation approval standing in for other roles. */
export interface ApprovalRow {
  readonly userId: string;
  readonly role: string;
  readonly inPlaceOf?: readonly string[];
  readonly at: Date;
}

/** Deploy states in which the request still holds or waits for its lane. */
export const ACTIVE_STATES: readonly DeployState[] = [
  'requested',
  'queued',
  'validating',
  'awaiting_approval',
  'escalated',
  'approved',
  'running',
  'watching',
  'interrupted',
];

/** The fields a change may set: the state machine's state, the re-planned request, and progress. */
export type DeployPatch = Partial<
  Pick<
    DeployRecord,
    | 'state'
    | 'phase'
    | 'previousVersion'
    | 'bump'
    | 'requiredRoles'
    | 'onCall'
    | 'validations'
    | 'steps'
    | 'liveColor'
    | 'targetColor'
    | 'outcome'
    | 'finishedAt'
    | 'survived'
    | 'watch'
    | 'release'
    | 'readiness'
  >
>;

/** What runs in an environment now, from Shipgate's history: the live version and the blue-green colour serving it. */
export interface LiveState {
  readonly version: string;
  readonly color: Color | undefined;
}

/** A version refused for a service after a rollback, until a team lead unblocks it. */
export interface BlockedVersion {
  readonly service: string;
  readonly env: string;
  readonly version: string;
  /** A Slack user id, or `automatic rollback under <policy file>`. */
  readonly blockedBy: string;
  readonly reason: string;
  readonly deployId: string;
  readonly at: Date;
}
