import type { ChecklistTick } from '../../core/checklist/deployment-checklist.js';
import type {
  ApprovalRow,
  BlockedVersion,
  DeployPatch,
  DeployRecord,
  LiveState,
} from '../../core/deploys/deploy-record.js';
import type { DeployState } from '../../core/deploys/deploy-types.js';

/** Stored deploys, their approvals and the per-service lanes; callers group writes in transactions. */
export interface DeployStore {
  nextId(year: number): Promise<string>;
  insert(record: DeployRecord): Promise<void>;
  get(id: string): Promise<DeployRecord | undefined>;
  update(id: string, patch: DeployPatch, at: Date): Promise<DeployRecord>;
  approvals(id: string): Promise<ApprovalRow[]>;
  /** False when this person already approved this deploy. */
  addApproval(id: string, approval: ApprovalRow): Promise<boolean>;
  /** True when `deployId` now holds the lane. */
  acquireLane(service: string, env: string, deployId: string, at: Date): Promise<boolean>;
  releaseLane(service: string, env: string, deployId: string): Promise<boolean>;
  laneHolder(service: string, env: string): Promise<string | undefined>;
  /** Deploys waiting for a lane, oldest first. */
  queued(service?: string, env?: string): Promise<DeployRecord[]>;
  inStates(states: readonly DeployState[]): Promise<DeployRecord[]>;
  recent(limit: number, service?: string): Promise<DeployRecord[]>;
  needingReview(): Promise<DeployRecord[]>;
  /** What runs in `env` now according to Shipgate's history. */
  current(service: string, env: string): Promise<LiveState | undefined>;
  /** Blocks a version after a rollback (a second block of the same version keeps the first). */
  block(entry: BlockedVersion): Promise<void>;
  /** False when the version was not blocked. */
  unblock(service: string, env: string, version: string): Promise<boolean>;
  blocked(service: string, env: string, version: string): Promise<BlockedVersion | undefined>;
  /** The newest version that survived its watch and is not `except`. */
  lastSurvived(service: string, env: string, except: string | undefined): Promise<string | undefined>;
  /** Whether any deploy of the service was ever requested (or recorded) in `env`. */
  hasHistory(service: string, env: string): Promise<boolean>;
  /** Whether the version ever ran in the environment. */
  everDeployed(service: string, env: string, version: string): Promise<boolean>;
  /** People's ticks on the deploy's 9.1 checklist, oldest first. */
  checklistTicks(id: string): Promise<ChecklistTick[]>;
  /** False when the item was already ticked. */
  tickChecklist(id: string, tick: ChecklistTick): Promise<boolean>;
  /** False when the item was not ticked. */
  untickChecklist(id: string, itemId: string): Promise<boolean>;
}
