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
  nextId(year: number): string;
  insert(record: DeployRecord): void;
  get(id: string): DeployRecord | undefined;
  update(id: string, patch: DeployPatch, at: Date): DeployRecord;
  approvals(id: string): ApprovalRow[];
  /** False when this person already approved this deploy. */
  addApproval(id: string, approval: ApprovalRow): boolean;
  /** True when `deployId` now holds the lane. */
  acquireLane(service: string, env: string, deployId: string, at: Date): boolean;
  releaseLane(service: string, env: string, deployId: string): boolean;
  laneHolder(service: string, env: string): string | undefined;
  /** Deploys waiting for a lane, oldest first. */
  queued(service?: string, env?: string): DeployRecord[];
  inStates(states: readonly DeployState[]): DeployRecord[];
  recent(limit: number, service?: string): DeployRecord[];
  needingReview(): DeployRecord[];
  /** What runs in `env` now according to Shipgate's history. */
  current(service: string, env: string): LiveState | undefined;
  /** Blocks a version after a rollback (a second block of the same version keeps the first). */
  block(entry: BlockedVersion): void;
  /** False when the version was not blocked. */
  unblock(service: string, env: string, version: string): boolean;
  blocked(service: string, env: string, version: string): BlockedVersion | undefined;
  /** The newest version that survived its watch and is not `except`. */
  lastSurvived(service: string, env: string, except: string | undefined): string | undefined;
  /** Whether any deploy of the service was ever requested (or recorded) in `env`. */
  hasHistory(service: string, env: string): boolean;
  /** Whether the version ever ran in the environment. */
  everDeployed(service: string, env: string, version: string): boolean;
  /** People's ticks on the deploy's 9.1 checklist, oldest first. */
  checklistTicks(id: string): ChecklistTick[];
  /** False when the item was already ticked. */
  tickChecklist(id: string, tick: ChecklistTick): boolean;
  /** False when the item was not ticked. */
  untickChecklist(id: string, itemId: string): boolean;
}
