import type {
  DeployRecord,
  OnCallMembers,
  StepRecord,
  ValidationResult,
} from '../core/deploys/deploy-record.js';
import type { Bump, Color, DeployState, Strategy } from '../core/deploys/deploy-types.js';
import type { ReadinessSummary } from '../core/readiness/readiness-summary.js';
import type { ReleaseFacts } from '../core/releases/release-facts.js';
import { SecretValues } from '../core/text/secret-values.js';
import type { WatchRecord } from '../core/watch/watch-record.js';

/** A `deploys` row as either store returns it (and the `deploys` table as the neutral statements see it). */
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
  kind: 'deploy' | 'rollback';
  rollback_of: string | null;
  survived: number;
  watch: string | null;
  release: string | null;
  readiness: string | null;
}

/**
 * A deploy as the row the stores keep (JSON columns for lists, epoch ms for times), with `secrets` redacted from its
 * free text: the emergency reason, the outcome, the on-call note and every validation's and step's summary and
 * output.
 */
export function toRow(r: DeployRecord, secrets: SecretValues = SecretValues.none): DeployRow {
  const text = (value: string | undefined) => (value === undefined ? null : secrets.redact(value));
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
    emergency_reason: text(r.emergencyReason),
    needs_review: r.needsReview ? 1 : 0,
    required_roles: JSON.stringify(r.requiredRoles),
    on_call: secrets.json(r.onCall),
    validations: secrets.json(r.validations),
    steps: secrets.json(r.steps),
    live_color: r.liveColor ?? null,
    target_color: r.targetColor ?? null,
    outcome: text(r.outcome),
    created_at: r.createdAt.getTime(),
    updated_at: r.updatedAt.getTime(),
    finished_at: r.finishedAt?.getTime() ?? null,
    kind: r.kind ?? 'deploy',
    rollback_of: r.rollbackOf ?? null,
    survived: r.survived ? 1 : 0,
    watch: r.watch ? secrets.json(r.watch) : null,
    release: r.release ? secrets.json(r.release) : null,
    readiness: r.readiness ? secrets.json(r.readiness) : null,
  };
}

/** A stored watch back with its dates. */
function watchOf(json: string): WatchRecord {
  const w = JSON.parse(json) as WatchRecord & { startedAt: string; endedAt?: string; reportedAt?: string };
  return {
    ...w,
    startedAt: new Date(w.startedAt),
    ...(w.endedAt ? { endedAt: new Date(w.endedAt) } : {}),
    ...(w.reportedAt ? { reportedAt: new Date(w.reportedAt) } : {}),
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
    ...(r.kind === 'rollback' ? { kind: 'rollback' as const } : {}),
    ...(r.rollback_of ? { rollbackOf: r.rollback_of } : {}),
    ...(r.survived ? { survived: true } : {}),
    ...(r.watch ? { watch: watchOf(r.watch) } : {}),
    ...(r.release ? { release: JSON.parse(r.release) as ReleaseFacts } : {}),
    ...(r.readiness ? { readiness: JSON.parse(r.readiness) as ReadinessSummary } : {}),
  };
}
