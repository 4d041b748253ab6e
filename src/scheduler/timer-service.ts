import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../clock.js';
import type { TimerHandler, TimerPolicy } from '../services/ports/timers.js';
import { type ConnectionGate, gateOf } from '../store/connection-gate.js';
import type { Db } from '../store/database.js';
import { type AdoptedLease, TimerClaims } from '../store/timer-claims.js';
import { type TimerRecord, TimerRepository, toRecord } from '../store/timer-repository.js';
import { DueTimerRunner } from './due-timer-runner.js';
import { NextDueWake } from './next-due-wake.js';
import { defaultBackoffMs } from './retry-policy.js';
import { SafetySweep } from './safety-sweep.js';
import { TimerOutcomes } from './timer-outcomes.js';
import type { SchedulerHealth, TimerServiceOptions } from './timer-service-options.js';

export type { TimerHandler, TimerPolicy } from '../services/ports/timers.js';
export type { AdoptedLease, Backlog } from '../store/timer-claims.js';
export type { TimerRecord } from '../store/timer-repository.js';
export { defaultBackoffMs } from './retry-policy.js';
export type { SchedulerHealth, TimerServiceOptions } from './timer-service-options.js';
export type { TimerFunctions } from './wake-timer.js';

/**
 * Durable timers: every deadline is a row in `timers`, so it survives restarts and overdue ones fire at
 * start-up; handlers are registered per kind with `on`. Once started, one `setTimeout` sleeps until the soonest
 * claimable timer and `tick()` runs then (at least 25 ms after the previous look, so a burst of timers shares
 * ticks); it is set again whenever a timer is armed or cancelled and after every pass. A node-cron sweep every few
 * seconds ticks as well: it catches timers armed by another process on the same file and leases that ran out.
 * Handlers of different subjects run at the same time, one subject's timers one at a time (see {@link DueTimerRunner}).
 *
 * Delivery: a timer fires once by claim. Before its handler runs the row is leased with a conditional UPDATE
 * (pending, due, and unclaimed or its lease expired) and only the scheduler whose UPDATE changed the row runs it;
 * success sets `fired_at`. Any number of schedulers on the same file therefore fire each timer exactly once while
 * they stay alive. If a process dies mid-handler, the next process to start on the file takes its leases over at
 * once ({@link adoptStaleLeases}); a live scheduler waits for the lease (default 60 s) to run out. At-least-once
 * across crashes, exactly-once otherwise: handlers should be idempotent for their subject.
 */
export class TimerService {
  private readonly repo: TimerRepository;
  private readonly claims: TimerClaims;
  private readonly gate: ConnectionGate;
  private readonly runner: DueTimerRunner;
  private readonly outcomes: TimerOutcomes;
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly owner: string;
  private readonly startedAt: number;
  private readonly onTickError: (err: unknown) => void;
  private readonly sweep: SafetySweep;
  private readonly wake: NextDueWake;
  private started = false;
  private adopted = false;
  private lastTick: Date | undefined;

  constructor(
    db: Db,
    private readonly clock: Clock,
    options: TimerServiceOptions = {},
  ) {
    this.gate = gateOf(db);
    this.repo = new TimerRepository(db);
    this.claims = new TimerClaims(db);
    const deferred = this.gate.deferred;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.startedAt = clock.now().getTime();
    this.onTickError = options.onTickError ?? ((err) => console.error('shipgate: timer tick failed', err));
    const { repo, claims, owner, onTickError } = this;
    this.outcomes = new TimerOutcomes({
      ...{
        repo,
        claims,
        clock,
        owner,
        onTickError,
        deferred,
        onError: options.onError,
        onFired: options.onFired,
      },
      defaults: { maxAttempts: options.maxAttempts ?? 10, backoffMs: options.backoffMs ?? defaultBackoffMs },
    });
    this.runner = new DueTimerRunner({
      ...{ claims, clock, owner, onTickError, deferred, handlers: this.handlers, outcomes: this.outcomes },
      leaseMs: options.leaseMs ?? 60_000,
      maxRunning: Math.max(1, options.maxRunning ?? 32),
      maxRunningPerKind: Math.max(1, options.maxRunningPerKind ?? 8),
      onPass: (idle) => {
        if (idle) this.lastTick = this.clock.now();
        this.wake.refresh();
      },
    });
    const sweepSeconds = Math.min(59, Math.max(1, Math.round(options.sweepSeconds ?? 5)));
    this.sweep = new SafetySweep(sweepSeconds, `shipgate-timers-${this.owner}`, () => void this.safeTick());
    this.wake = new NextDueWake({
      clock,
      nextDueAt: (now) => this.runner.nextDueAt(now),
      deferred,
      ticking: () => this.runner.active,
      lookedAt: () => this.runner.lookedAt,
      onWake: () => void this.safeTick(),
      onError: this.onTickError,
      timerFunctions: options.timerFunctions,
    });
  }

  /** True between `start()` and `stop()`: reported by /readyz. */
  get running(): boolean {
    return this.started;
  }

  /** When the last tick ended (by the service clock), nothing left running; undefined before the first. */
  get lastTickAt(): Date | undefined {
    return this.lastTick;
  }

  /**
   * What /readyz and /metrics report: started, last look, handlers running, and the due timers waiting (claimed
   * and waiting for their turn, or not claimed yet).
   */
  health(): SchedulerHealth {
    const kinds = JSON.stringify([...this.handlers.keys()]);
    const unclaimed = this.claims.backlog(this.clock.now().getTime(), kinds);
    const held = this.runner.waiting;
    const oldest = [unclaimed.oldestDueAt, held.oldestDueAt].filter((t): t is number => t !== undefined);
    return {
      started: this.started,
      lookedAtMonotonicMs: this.runner.passedAt,
      handlersRunning: this.runner.running,
      backlog: {
        due: unclaimed.due + held.due,
        oldestDueAt: oldest.length > 0 ? Math.min(...oldest) : undefined,
      },
    };
  }

  /**
   * Arms a timer and resolves with its id. Inside the caller's transaction it joins it, together with the state
   * change it belongs to (a rollback removes the timer too). A timer armed already due while a tick runs (the next
   * step of a pipeline) runs in that same tick.
   */
  arm(kind: string, subject: string, dueAt: Date, payload: Record<string, unknown> = {}): Promise<number> {
    return this.gate.run(() => {
      if (Number.isNaN(dueAt.getTime()))
        throw new RangeError(`timer ${kind} for ${subject}: invalid due date`);
      const now = this.clock.now();
      const id = this.repo.insert({ kind, subject, dueAt, payload, createdAt: now });
      if (this.runner.active && dueAt <= now) this.runner.poke();
      if (this.handlers.has(kind)) this.wake.armed(dueAt.getTime());
      return id;
    });
  }

  /** Cancels one pending timer; false if it already fired, was cancelled or does not exist. */
  cancel(id: number): Promise<boolean> {
    return this.gate.run(() => {
      this.outcomes.flushNow();
      const cancelled = this.repo.cancel(id, this.clock.now());
      if (cancelled) this.wake.refreshSoon();
      return cancelled;
    });
  }

  /** Cancels every pending timer about `subject` (only those of `kind` if given); returns how many. */
  cancelFor(subject: string, kind?: string): Promise<number> {
    return this.gate.run(() => {
      this.outcomes.flushNow();
      const cancelled = this.repo.cancelFor(subject, kind, this.clock.now());
      if (cancelled > 0) this.wake.refreshSoon();
      return cancelled;
    });
  }

  /**
   * Registers the handler for one kind, with an optional retry policy for its timers (see {@link TimerPolicy});
   * without one the service's `maxAttempts` and `backoffMs` apply. Timers of a kind without a handler stay pending.
   */
  on(kind: string, handler: TimerHandler, options?: TimerPolicy): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for timer kind ${kind} is already registered`);
    this.handlers.set(kind, handler);
    if (options) this.outcomes.setPolicy(kind, options);
    this.wake.refreshSoon();
  }

  /** Pending timers (all, or about `subject`), soonest first. */
  pending(subject?: string): Promise<TimerRecord[]> {
    return this.gate.run(() => {
      this.outcomes.flushNow();
      return this.repo.listPending(subject).map(toRecord);
    });
  }

  /**
   * Releases, once, the leases that other owners took before this service was made (processes that are gone:
   * SQLite has one writer, so a process starting on the file stands in for every earlier one), so their timers run
   * at once instead of when the lease runs out; a lease taken after that by a live scheduler is left alone. Each
   * released timer notes `lease of <owner> taken over at restart` as its last error. `start()` calls it; a
   * composition root that drives ticks by hand calls it before the first tick. Returns what it released.
   */
  adoptStaleLeases(): AdoptedLease[] {
    if (this.adopted) return [];
    this.adopted = true;
    const adopted = this.claims.adoptStale(this.owner, this.startedAt);
    if (adopted.length > 0) this.wake.refreshSoon();
    return adopted;
  }

  /**
   * Fires every timer due at `clock.now()` whose kind has a handler and returns, once nothing runs any more, how
   * many ran successfully. A call made while a tick is running joins it instead of overlapping, and makes the
   * running tick look for due timers at once, so a timer armed meanwhile (a message to send now) does not wait.
   */
  tick(): Promise<number> {
    return this.runner.tick();
  }

  /**
   * Takes over the leases of processes that are gone, ticks at once (so overdue timers fire at start-up), then
   * whenever the soonest timer comes due, plus a safety sweep every `sweepSeconds` (set up once the first pass is
   * over, so it does not delay the catch-up; it ticks even while handlers run), until `stop()`.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.adoptStaleLeases();
    this.wake.enable();
    void this.safeTick();
    setImmediate(() => {
      if (this.started) this.sweep.start();
    });
  }

  /** Stops waking up, then waits for running handlers (and what they arm due) to finish, so the database can close. */
  async stop(): Promise<void> {
    this.started = false;
    this.wake.disable();
    await this.sweep.stop();
    await this.runner.settled?.catch(() => 0);
  }

  private async safeTick(): Promise<void> {
    try {
      await this.tick();
    } catch (err) {
      this.onTickError(err);
    }
  }
}
