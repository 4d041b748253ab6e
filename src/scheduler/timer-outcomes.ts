import type { Clock } from '../clock.js';
import type { TimerPolicy } from '../services/ports/timers.js';
import type { Done, TimerClaims } from '../store/timer-claims.js';
import type { TimerRecord, TimerRepository } from '../store/timer-repository.js';
import { describeError, type ResolvedPolicy, resolvePolicy, retryDelayMs } from './retry-policy.js';

/** What {@link TimerOutcomes} writes to and reports to. */
export interface TimerOutcomesDeps {
  readonly repo: TimerRepository;
  readonly claims: TimerClaims;
  readonly clock: Clock;
  readonly owner: string;
  /** The policy of kinds registered without one. */
  readonly defaults: { readonly maxAttempts: number; readonly backoffMs: (attempt: number) => number };
  readonly onError: ((err: unknown, timer: TimerRecord) => void) | undefined;
  readonly onFired: ((timer: TimerRecord) => void) | undefined;
  readonly onTickError: (err: unknown) => void;
  /** True when the connection is in another caller's transaction: `again` then runs once it ends. */
  readonly deferred: (again: () => void) => boolean;
}

/**
 * Records how each run ended: success (`fired_at`), a retry after the kind's backoff, or giving up once its policy
 * says so (the error is kept and `onError` called once). Successes are written together by `flush`, so a burst of
 * synchronous handlers costs one transaction; whoever reads timers through the service flushes first.
 */
export class TimerOutcomes {
  private done: Done[] = [];
  private readonly policies = new Map<string, ResolvedPolicy>();
  private readonly defaultPolicy: ResolvedPolicy;

  constructor(private readonly deps: TimerOutcomesDeps) {
    this.defaultPolicy = resolvePolicy(undefined, deps.defaults);
  }

  /** Sets the retry policy of one kind (the defaults fill what it leaves out). */
  setPolicy(kind: string, options: TimerPolicy): void {
    this.policies.set(kind, resolvePolicy(options, this.defaultPolicy));
  }

  /** The handler of `timer` succeeded: it is marked fired at the next flush. */
  succeeded(timer: TimerRecord): void {
    this.done.push({ id: timer.id, at: this.deps.clock.now().getTime() });
    this.deps.onFired?.(timer);
  }

  /** The handler of `timer` failed with `err`: retry after the backoff, or give up. */
  failed(timer: TimerRecord, err: unknown): void {
    if (this.deps.deferred(() => this.failed(timer, err))) return;
    const { repo, owner } = this.deps;
    const counted = { ...timer, attempts: timer.attempts + 1 };
    const policy = this.policies.get(timer.kind) ?? this.defaultPolicy;
    const message = describeError(err);
    const now = this.deps.clock.now();
    if (this.retries(policy, counted, err)) {
      const dueAt = new Date(now.getTime() + retryDelayMs(policy, counted.attempts, err));
      repo.release(timer.id, owner, dueAt, message);
      return;
    }
    if (!repo.giveUp(timer.id, owner, now, message)) return;
    try {
      this.deps.onError?.(err, counted);
    } catch (reportErr) {
      this.deps.onTickError(reportErr);
    }
  }

  /**
   * Marks fired the timers whose handlers succeeded since the last flush. Inside a caller's transaction (which may
   * yet roll back) it writes them but keeps them, to be written again (a no-op once fired) by the next flush.
   */
  flush(): void {
    if (this.done.length === 0 || this.deps.deferred(() => this.flush())) return;
    this.flushNow();
  }

  /** {@link flush} in the caller's turn on the connection, inside its transaction if it has one. */
  flushNow(): void {
    if (this.done.length === 0) return;
    this.deps.claims.completeAll(this.done, this.deps.owner);
    if (!this.deps.claims.inTransaction) this.done = [];
  }

  private retries(policy: ResolvedPolicy, counted: TimerRecord, err: unknown): boolean {
    if (policy.keepTrying) {
      try {
        return policy.keepTrying(counted, err) === true;
      } catch (predicateErr) {
        this.deps.onTickError(predicateErr);
      }
    }
    return counted.attempts < policy.maxAttempts;
  }
}
