import type { Clock } from '../clock.js';
import type { Claimed, Done, TimerClaims } from '../store/timer-claims.js';
import type { TimerRecord, TimerRepository } from '../store/timer-repository.js';
import { describeError, retryAfterMs } from './retry-policy.js';

/** Runs when a timer of one kind comes due. Throwing (or rejecting) asks for a retry after a backoff. */
export type TimerHandler = (timer: TimerRecord) => void | Promise<void>;

/** What a {@link DueTimerRunner} needs: the tables, who it claims as, and what to do with outcomes. */
export interface DueTimerRunnerDeps {
  readonly repo: TimerRepository;
  readonly claims: TimerClaims;
  readonly clock: Clock;
  readonly handlers: ReadonlyMap<string, TimerHandler>;
  readonly owner: string;
  readonly leaseMs: number;
  readonly maxAttempts: number;
  readonly backoffMs: (attempt: number) => number;
  readonly onError: ((err: unknown, timer: TimerRecord) => void) | undefined;
  readonly onFired: ((timer: TimerRecord) => void) | undefined;
  readonly onTickError: (err: unknown) => void;
}

/** The first batch of due timers claimed with one UPDATE. */
const FIRST_BATCH = 32;
/** The largest batch: a catch-up of thousands of overdue timers claims them this many at a time. */
const MAX_BATCH = 512;
/** A full batch run within this long (fast handlers) lets the next one be four times larger. */
const QUICK_BATCH_MS = 20;

/**
 * One pass over the due timers: claims them in batches (one conditional UPDATE each, in due order; 32 at first,
 * growing while batches run quickly), runs each handler in turn, and records success (`fired_at`), a retry after a
 * backoff, or giving up after the last attempt. A lease that is half gone before its timer's turn comes is renewed
 * first; a timer whose lease was lost is skipped.
 *
 * Successes of handlers that return without a promise are written together: such a timer is marked fired with the
 * ones after it, when the batch ends or before the runner waits for a handler's promise, so no other code runs
 * meanwhile; whoever reads timers through the service first calls `flush`, and so sees them fired. A handler that
 * returns a promise is marked fired as soon as it resolves, as before.
 */
export class DueTimerRunner {
  /** The instant (epoch ms) the last pass looked for due timers. */
  lookedAt = Number.NEGATIVE_INFINITY;
  private done: Done[] = [];

  constructor(private readonly deps: DueTimerRunnerDeps) {}

  /**
   * Runs the timers of `kinds` (a JSON array) due now, one at a time, claiming a batch after another while they
   * come full (a timer that becomes due meanwhile is included); returns how many succeeded.
   */
  async runDue(kinds: string): Promise<number> {
    const { claims, clock, owner, leaseMs } = this.deps;
    let fired = 0;
    let limit = FIRST_BATCH;
    for (;;) {
      const now = clock.now().getTime();
      this.lookedAt = now;
      const claimed = claims.claimDue(now, kinds, owner, leaseMs, limit);
      try {
        fired += await this.runClaimed(claimed);
      } finally {
        this.flush();
      }
      if (claimed.found < limit) return fired;
      limit = clock.now().getTime() - now <= QUICK_BATCH_MS ? Math.min(limit * 4, MAX_BATCH) : FIRST_BATCH;
    }
  }

  /**
   * Marks fired the timers whose handlers succeeded since the last flush. Inside a caller's transaction (which may
   * yet roll back) it writes them but keeps them, to be written again (a no-op once fired) by the next flush.
   */
  flush(): void {
    if (this.done.length === 0) return;
    this.deps.claims.completeAll(this.done, this.deps.owner);
    if (!this.deps.claims.inTransaction) this.done = [];
  }

  /** Runs claimed timers in due order, renewing the lease on the rest when half of it is gone. */
  private async runClaimed(claimed: Claimed): Promise<number> {
    const { claims, clock, owner, leaseMs } = this.deps;
    let fired = 0;
    let queue = [...claimed.timers];
    let until = claimed.until;
    while (queue.length > 0) {
      const now = clock.now().getTime();
      if (until - now < leaseMs / 2) {
        this.flush();
        ({ timers: queue, until } = claims.renew(
          queue.map((t) => t.id),
          owner,
          until,
          now,
          leaseMs,
        ));
        continue;
      }
      const outcome = this.run(queue.shift() as TimerRecord);
      if (typeof outcome === 'boolean' ? outcome : await outcome) fired++;
    }
    return fired;
  }

  /** Runs one handler; a promise only when the handler returned one (earlier successes are written first). */
  private run(timer: TimerRecord): boolean | Promise<boolean> {
    const handler = this.deps.handlers.get(timer.kind);
    if (!handler) return false;
    let result: void | Promise<void>;
    try {
      result = handler(timer);
    } catch (err) {
      this.fail(timer, err);
      return false;
    }
    if (typeof (result as PromiseLike<void> | undefined)?.then !== 'function') return this.succeeded(timer);
    this.flush();
    return (result as Promise<void>).then(
      () => {
        this.succeeded(timer);
        this.flush();
        return true;
      },
      (err: unknown) => {
        this.fail(timer, err);
        return false;
      },
    );
  }

  private succeeded(timer: TimerRecord): true {
    this.done.push({ id: timer.id, at: this.deps.clock.now().getTime() });
    this.deps.onFired?.(timer);
    return true;
  }

  private fail(timer: TimerRecord, err: unknown): void {
    const { repo, owner, maxAttempts } = this.deps;
    const attempt = timer.attempts + 1;
    const message = describeError(err);
    const now = this.deps.clock.now();
    if (attempt < maxAttempts) {
      const delay = Math.max(this.deps.backoffMs(attempt), retryAfterMs(err));
      repo.release(timer.id, owner, new Date(now.getTime() + delay), message);
      return;
    }
    if (!repo.giveUp(timer.id, owner, now, message)) return;
    try {
      this.deps.onError?.(err, { ...timer, attempts: attempt });
    } catch (reportErr) {
      this.deps.onTickError(reportErr);
    }
  }
}
