import type { PlanStep, StepContext, StepOutcome } from './deploy-types.js';

/**
 * A deploy target: where a service's steps run (the `command` and `http` adapters implement it). Never throws for a
 * failing step: a non-zero exit, an HTTP error or a timeout is an outcome with `ok: false`.
 */
export interface DeployTarget {
  runStep(step: PlanStep, context: StepContext, signal?: AbortSignal): Promise<StepOutcome>;
}

/** Runs one pre-deployment validation (smoke tests, security scan, …) bound to a command or an HTTP check. */
export interface Validator {
  /** Whether a check of this name is bound for the service. */
  has(name: string): boolean;
  run(name: string, context: StepContext, signal?: AbortSignal): Promise<StepOutcome>;
}

/** A person PagerDuty says is on call, with the email Shipgate uses to find them in Slack. */
export interface OnCallPerson {
  readonly pagerDutyUserId: string;
  readonly name: string;
  readonly email: string | undefined;
}

/** Who is on call for a service right now, according to PagerDuty. */
export interface OnCallDirectory {
  /** Throws when PagerDuty cannot be asked (not configured, down, unauthorized); callers fall back to config. */
  onCallNow(target: { scheduleId?: string; escalationPolicyId?: string }, at: Date): Promise<OnCallPerson[]>;
}
