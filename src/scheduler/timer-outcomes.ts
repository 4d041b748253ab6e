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
  /** A run's record was refused: its claim no longer held (see `TimerServiceOptions.onLeaseLost`). */
  readonly onLeaseLost: ((timer: TimerRecord) => void) | undefined;
  readonly onTickError: (err: unknown) => void;
}

/**
 * Records how each run ended: success (`fired_at`), a retry after the kind's backoff, or giving up once its policy
 * says so (the error is kept and `onError` called once). Every record names the claim (owner and fencing token)
 * the handler ran under, so a scheduler that lost the lease meanwhile records nothing (and reports the refused record
 * to `onLeaseLost`). Successes are written
 * together by `flush`, so a burst of synchronous handlers costs one statement; whoever reads timers through the
 * service flushes first. Failures are written one after another as they come (`written` waits for them).
 */
export class TimerOutcomes {
  private done: Done[] = [];
  /** The timers of `done`, for the report of a success whose record was refused. */
  private readonly doneTimers = new Map<number, TimerRecord>();
  /** Ids of `done` a `flushNow` wrote, inside a transaction that may have committed: not reported as lost. */
  private readonly writtenNow = new Set<number>();
  private writes: Promise<void> = Promise.resolve();
  private readonly policies = new Map<string, ResolvedPolicy>();
  private readonly defaultPolicy: ResolvedPolicy;

  constructor(private readonly deps: TimerOutcomesDeps) {
    this.defaultPolicy = resolvePolicy(undefined, deps.defaults);
  }

  /** Sets the retry policy of one kind (the defaults fill what it leaves out). */
  setPolicy(kind: string, options: TimerPolicy): void {
    this.policies.set(kind, resolvePolicy(options, this.defaultPolicy));
  }

  /** The handler of `timer` (claimed with `token`) succeeded: it is marked fired at the next flush. */
  succeeded(timer: TimerRecord, token: number): void {
    this.done.push({ id: timer.id, token, at: this.deps.clock.now().getTime() });
    this.doneTimers.set(timer.id, timer);
    this.deps.onFired?.(timer);
  }

  /**
   * The handler of `timer` (claimed with `token`) failed with `err`: retry after the backoff, or give up. The record
   * is written after the ones before it; a failure to write goes to `onTickError`.
   */
  failed(timer: TimerRecord, token: number, err: unknown): void {
    const now = this.deps.clock.now();
    this.writes = this.writes
      .then(() => this.recordFailure(timer, token, err, now))
      .catch((writeErr: unknown) => this.deps.onTickError(writeErr));
  }

  /** How many successes wait for the next flush. */
  get unwritten(): number {
    return this.done.length;
  }

  /** Resolves once every failure recorded so far is written. */
  written(): Promise<void> {
    return this.writes;
  }

  /**
   * Writes the failures recorded so far, then marks fired the timers whose handlers succeeded since the last flush.
   * Runs outside any caller's transaction (the scheduler's own pass, one at a time), so what it writes is kept; the
   * successes stay listed until written, so a `flushNow` meanwhile writes them too.
   */
  async flush(): Promise<void> {
    await this.writes;
    if (this.done.length === 0) return;
    const batch = this.done.slice();
    const marked = await this.deps.claims.completeAll(batch, this.deps.owner);
    this.done = this.done.slice(batch.length);
    for (const { id } of batch) {
      const timer = this.doneTimers.get(id);
      this.doneTimers.delete(id);
      const maybeWritten = this.writtenNow.delete(id);
      if (!marked.has(id) && !maybeWritten && timer) this.leaseLost(timer);
    }
  }

  /**
   * Writes the successes not yet flushed in the caller's turn, inside its transaction if it has one (before a cancel
   * or a read of pending timers, so a timer that ran is not reported pending or cancelled), but keeps them: that
   * transaction may yet roll back, and the scheduler's next flush writes them again (a no-op once fired).
   */
  async flushNow(): Promise<void> {
    if (this.done.length === 0) return;
    const batch = [...this.done];
    await this.deps.claims.completeAll(batch, this.deps.owner);
    for (const { id } of batch) this.writtenNow.add(id);
  }

  private async recordFailure(timer: TimerRecord, token: number, err: unknown, now: Date): Promise<void> {
    const { repo, owner } = this.deps;
    const lease = { owner, token };
    const counted = { ...timer, attempts: timer.attempts + 1 };
    const policy = this.policies.get(timer.kind) ?? this.defaultPolicy;
    const message = describeError(err);
    if (this.retries(policy, counted, err)) {
      const dueAt = new Date(now.getTime() + retryDelayMs(policy, counted.attempts, err));
      if (!(await repo.release(timer.id, lease, dueAt, message))) this.leaseLost(timer);
      return;
    }
    if (!(await repo.giveUp(timer.id, lease, now, message))) {
      this.leaseLost(timer);
      return;
    }
    try {
      this.deps.onError?.(err, counted);
    } catch (reportErr) {
      this.deps.onTickError(reportErr);
    }
  }

  private leaseLost(timer: TimerRecord): void {
    try {
      this.deps.onLeaseLost?.(timer);
    } catch (reportErr) {
      this.deps.onTickError(reportErr);
    }
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
