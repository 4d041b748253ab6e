import type {
  DeployRecord,
  OnCallMembers,
  StepRecord,
  ValidationResult,
} from '../core/deploys/deploy-record.js';
import type { Bump, Color, DeployState, Strategy } from '../core/deploys/deploy-types.js';

/** A `deploys` row as SQLite returns it. */
export interface DeployRow {
  id: string;
  service: string;
  env: string;
  version: string;
  previous_version: string | null;
  bump: Bump;
  strategy: Strategy;
  state: DeployState;
  phase: 'awaiting' | 'escalated';
  requester: string;
  channel: string;
  emergency_reason: string | null;
  needs_review: number;
  required_roles: string;
  on_call: string;
  validations: string;
  steps: string;
  live_color: Color | null;
  target_color: Color | null;
  outcome: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

/** A deploy as the row SQLite stores (JSON columns for lists, epoch ms for times). */
export function toRow(r: DeployRecord): DeployRow {
  return {
    id: r.id,
    service: r.service,
    env: r.env,
    version: r.version,
    previous_version: r.previousVersion ?? null,
    bump: r.bump,
    strategy: r.strategy,
    state: r.state,
    phase: r.phase,
    requester: r.requester,
    channel: r.channel,
    emergency_reason: r.emergencyReason ?? null,
    needs_review: r.needsReview ? 1 : 0,
    required_roles: JSON.stringify(r.requiredRoles),
    on_call: JSON.stringify(r.onCall),
    validations: JSON.stringify(r.validations),
    steps: JSON.stringify(r.steps),
    live_color: r.liveColor ?? null,
    target_color: r.targetColor ?? null,
    outcome: r.outcome ?? null,
    created_at: r.createdAt.getTime(),
    updated_at: r.updatedAt.getTime(),
    finished_at: r.finishedAt?.getTime() ?? null,
  };
}

/** The stored row back as a deploy record. */
export function fromRow(r: DeployRow): DeployRecord {
  return {
    id: r.id,
    service: r.service,
    env: r.env,
    version: r.version,
    previousVersion: r.previous_version ?? undefined,
    bump: r.bump,
    strategy: r.strategy,
    state: r.state,
    phase: r.phase,
    requester: r.requester,
    channel: r.channel,
    emergencyReason: r.emergency_reason ?? undefined,
    needsReview: r.needs_review === 1,
    requiredRoles: JSON.parse(r.required_roles) as string[],
    onCall: JSON.parse(r.on_call) as OnCallMembers,
    validations: JSON.parse(r.validations) as ValidationResult[],
    steps: JSON.parse(r.steps) as StepRecord[],
    liveColor: r.live_color ?? undefined,
    targetColor: r.target_color ?? undefined,
    outcome: r.outcome ?? undefined,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    finishedAt: r.finished_at === null ? undefined : new Date(r.finished_at),
  };
}
