import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type ScheduledTask, schedule } from 'node-cron';
import type { Clock } from '../clock.js';
import type { Db } from '../store/database.js';
import { TimerClaims } from '../store/timer-claims.js';
import { type TimerRecord, TimerRepository, toRecord } from '../store/timer-repository.js';
import { DueTimerRunner, type TimerHandler } from './due-timer-runner.js';
import { NextDueWake } from './next-due-wake.js';
import { defaultBackoffMs } from './retry-policy.js';
import type { TimerServiceOptions } from './timer-service-options.js';

export type { TimerRecord } from '../store/timer-repository.js';
export type { TimerHandler } from './due-timer-runner.js';
export { defaultBackoffMs } from './retry-policy.js';
export type { TimerServiceOptions } from './timer-service-options.js';
export type { TimerFunctions } from './wake-timer.js';

/**
 * Durable timers: every deadline is a row in `timers`, so it survives restarts and overdue ones fire at
 * start-up; handlers are registered per kind with `on`. Once started, one `setTimeout` sleeps until the soonest
 * pending timer that has a handler and `tick()` runs then (at least 25 ms after the previous tick, so a burst of
 * timers shares ticks); it is set again whenever a timer is armed or cancelled and after every tick. A node-cron
 * sweep every few seconds ticks as well: it catches timers armed by another process on the same file and leases
 * that ran out.
 *
 * Delivery: a timer fires once by claim. Before its handler runs the row is leased with a conditional UPDATE
 * (pending, due, and unclaimed or its lease expired; see {@link DueTimerRunner}) and only the scheduler whose
 * UPDATE changed the row runs it; success sets `fired_at`. Any number of schedulers on the same file therefore
 * fire each timer exactly once while they stay alive. If a process dies mid-handler its lease (default 60 s) runs
 * out and another scheduler runs the timer again: at-least-once across crashes, exactly-once otherwise. Handlers
 * should therefore be idempotent for their subject and finish well within the lease.
 */
export class TimerService {
  private readonly repo: TimerRepository;
  private readonly claims: TimerClaims;
  private readonly runner: DueTimerRunner;
  private readonly handlers = new Map<string, TimerHandler>();
  private kinds = '[]';
  private readonly owner: string;
  private readonly onTickError: (err: unknown) => void;
  private readonly sweepSeconds: number;
  private readonly wake: NextDueWake;
  private started = false;
  private sweep: ScheduledTask | undefined;
  private inFlight: Promise<number> | undefined;
  private again = false;
  private lastTick: Date | undefined;

  constructor(
    db: Db,
    private readonly clock: Clock,
    options: TimerServiceOptions = {},
  ) {
    this.repo = new TimerRepository(db);
    this.claims = new TimerClaims(db);
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.onTickError = options.onTickError ?? ((err) => console.error('shipgate: timer tick failed', err));
    this.runner = new DueTimerRunner({
      repo: this.repo,
      claims: this.claims,
      clock,
      handlers: this.handlers,
      owner: this.owner,
      leaseMs: options.leaseMs ?? 60_000,
      maxAttempts: Math.max(1, options.maxAttempts ?? 10),
      backoffMs: options.backoffMs ?? defaultBackoffMs,
      onError: options.onError,
      onFired: options.onFired,
      onTickError: this.onTickError,
    });
    this.sweepSeconds = Math.min(59, Math.max(1, Math.round(options.sweepSeconds ?? 5)));
    this.wake = new NextDueWake({
      claims: this.claims,
      clock,
      kinds: () => this.kinds,
      ticking: () => this.inFlight !== undefined,
      lookedAt: () => this.runner.lookedAt,
      onWake: () => {
        if (!this.inFlight) void this.safeTick();
      },
      onError: this.onTickError,
      timerFunctions: options.timerFunctions,
    });
  }

  /** True between `start()` and `stop()`: reported by /readyz. */
  get running(): boolean {
    return this.started;
  }

  /**
   * When the last tick finished (by the service clock); undefined before the first. While started, a tick runs at
   * least every `sweepSeconds` (default 5 s). Reported by /readyz.
   */
  get lastTickAt(): Date | undefined {
    return this.lastTick;
  }

  /**
   * Arms a timer and returns its id. Synchronous, so it can run inside the caller's better-sqlite3
   * transaction together with the state change it belongs to (a rollback removes the timer too). A timer armed
   * already due while a tick runs (the next step of a pipeline) runs in that same tick.
   */
  arm(kind: string, subject: string, dueAt: Date, payload: Record<string, unknown> = {}): number {
    if (Number.isNaN(dueAt.getTime())) throw new RangeError(`timer ${kind} for ${subject}: invalid due date`);
    const now = this.clock.now();
    if (this.inFlight && dueAt <= now) this.again = true;
    const id = this.repo.insert({ kind, subject, dueAt, payload, createdAt: now });
    if (this.handlers.has(kind)) this.wake.armed(dueAt.getTime());
    return id;
  }

  /** Cancels one pending timer; false if it already fired, was cancelled or does not exist. */
  cancel(id: number): boolean {
    this.runner.flush();
    const cancelled = this.repo.cancel(id, this.clock.now());
    if (cancelled) this.wake.refreshSoon();
    return cancelled;
  }

  /** Cancels every pending timer about `subject` (only those of `kind` if given); returns how many. */
  cancelFor(subject: string, kind?: string): number {
    this.runner.flush();
    const cancelled = this.repo.cancelFor(subject, kind, this.clock.now());
    if (cancelled > 0) this.wake.refreshSoon();
    return cancelled;
  }

  /** Registers the handler for one kind. Timers of a kind without a handler stay pending and unclaimed. */
  on(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for timer kind ${kind} is already registered`);
    this.handlers.set(kind, handler);
    this.kinds = JSON.stringify([...this.handlers.keys()]);
    this.wake.refreshSoon();
  }

  /** Pending timers (all, or about `subject`), soonest first. */
  pending(subject?: string): TimerRecord[] {
    this.runner.flush();
    return this.repo.listPending(subject).map(toRecord);
  }

  /**
   * Fires every timer due at `clock.now()` whose kind has a handler, one at a time in due order, and returns
   * how many ran successfully. A call made while a tick is running joins it instead of overlapping, and makes the
   * running tick look once more when it is done, so a timer armed meanwhile (a message to send now) does not
   * wait for the next wake-up.
   */
  tick(): Promise<number> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    let settle: { resolve: (fired: number) => void; reject: (err: unknown) => void } | undefined;
    const run = new Promise<number>((resolve, reject) => {
      settle = { resolve, reject };
    }).finally(() => {
      this.inFlight = undefined;
      this.lastTick = this.clock.now();
      this.wake.refresh();
    });
    this.inFlight = run;
    this.runUntilQuiet().then(settle?.resolve, settle?.reject);
    return run;
  }

  /**
   * Ticks at once (so overdue timers fire at start-up), then whenever the soonest timer comes due, plus a safety
   * sweep every `sweepSeconds` (set up once the first tick is over, so it does not delay the catch-up), until
   * `stop()`.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake.enable();
    void this.safeTick().then(() => {
      if (!this.started || this.sweep) return;
      this.sweep = schedule(
        `*/${this.sweepSeconds} * * * * *`,
        () => (this.inFlight ? undefined : this.safeTick()),
        { name: `shipgate-timers-${this.owner}`, noOverlap: true },
      );
    });
  }

  /** Stops waking up, then waits for a tick already running to finish, so the database can be closed after. */
  async stop(): Promise<void> {
    this.started = false;
    this.wake.disable();
    const sweep = this.sweep;
    this.sweep = undefined;
    if (sweep) await sweep.destroy();
    await this.inFlight?.catch(() => 0);
  }

  /** Runs due timers, and again while a tick was asked for meanwhile. Starts synchronously (see `tick`). */
  private async runUntilQuiet(): Promise<number> {
    let fired = 0;
    do {
      this.again = false;
      fired += await this.runner.runDue(this.kinds);
    } while (this.again);
    return fired;
  }

  private async safeTick(): Promise<void> {
    try {
      await this.tick();
    } catch (err) {
      this.onTickError(err);
    }
  }
}
