import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../clock.js';
import type { TimerHandler, TimerPolicy } from '../services/ports/timers.js';
import type { SqlRunner } from '../store/sql/sql-runner.js';
import { type AdoptedLease, type Backlog, TimerClaims } from '../store/timer-claims.js';
import { type TimerRecord, TimerRepository, toRecord } from '../store/timer-repository.js';
import { detached } from './detached.js';
import { DueTimerRunner } from './due-timer-runner.js';
import { LeaseLostError } from './lease-lost-error.js';
import { NextDueWake } from './next-due-wake.js';
import { defaultBackoffMs } from './retry-policy.js';
import { SafetySweep } from './safety-sweep.js';
import { TimerOutcomes } from './timer-outcomes.js';
import type { SchedulerHealth, TimerServiceOptions } from './timer-service-options.js';

export type { TimerHandler, TimerPolicy } from '../services/ports/timers.js';
export type { AdoptedLease, Backlog } from '../store/timer-claims.js';
export type { TimerRecord } from '../store/timer-repository.js';
export type { ArmedSignals } from './armed-signals.js';
export { LeaseLostError } from './lease-lost-error.js';
export { defaultBackoffMs } from './retry-policy.js';
export type { SchedulerHealth, TimerServiceOptions } from './timer-service-options.js';
export type { TimerFunctions } from './wake-timer.js';

/** The unclaimed backlog /readyz and /metrics show is looked up again at most this often (a count over due rows). */
const BACKLOG_LOOK_MS = 1000;

/**
 * Durable timers: every deadline is a row in `timers`, so it survives restarts and overdue ones fire at
 * start-up; handlers are registered per kind with `on`. Once started, one `setTimeout` sleeps until the soonest
 * claimable timer and `tick()` runs then (at least 25 ms after the previous look, so a burst of timers shares
 * ticks); it is set again whenever a timer is armed or cancelled and after every pass. A node-cron sweep every few
 * seconds ticks as well: it catches timers armed by another process and leases that ran out, and renews the leases
 * of long handlers. With `armedSignals` (PostgreSQL's NOTIFY) a timer armed by another replica re-plans the wake-up
 * at once. Handlers of different subjects run at the same time, one subject's timers one at a time (see
 * {@link DueTimerRunner}). Works on either store through a {@link SqlRunner}.
 *
 * Delivery: a timer fires once by claim. Before its handler runs the row is leased (pending, due, and unclaimed or
 * its lease expired; on PostgreSQL with `FOR UPDATE SKIP LOCKED`), which bumps its fencing token; only the
 * scheduler holding the lease runs it, and success sets `fired_at` only while owner and token still match. Any
 * number of schedulers on one store (processes on one SQLite file, replicas on one PostgreSQL) therefore fire each
 * timer once while they stay alive, and one that was paused past its lease and wakes up late neither starts nor
 * completes a timer another took over. If a process dies mid-handler, another scheduler runs the timer once the
 * lease (default 60 s) has run out; on SQLite the next process to start on the file takes its leases over at once
 * ({@link adoptStaleLeases}). At-least-once across crashes, exactly-once otherwise: handlers should be idempotent
 * for their subject.
 *
 * The scheduler's own store work (claims, renewals, records of outcomes, wake-up looks) runs {@link detached} from
 * its callers, never inside a caller's transaction: on SQLite it waits until no transaction is open on the
 * connection, on PostgreSQL it uses the pool.
 */
export class TimerService {
  private readonly repo: TimerRepository;
  private readonly claims: TimerClaims;
  private readonly runner: DueTimerRunner;
  private readonly outcomes: TimerOutcomes;
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly owner: string;
  private readonly startedAt: number;
  private readonly onTickError: (err: unknown) => void;
  private readonly sweep: SafetySweep;
  private readonly wake: NextDueWake;
  private readonly adopts: boolean;
  private started = false;
  private adopted = false;
  private lastTick: Date | undefined;
  private unclaimed: Backlog = { due: 0, oldestDueAt: undefined };
  private unclaimedAt = Number.NEGATIVE_INFINITY;
  private listening: Promise<(() => Promise<void>) | undefined> = Promise.resolve(undefined);
  private backlogLook: Promise<void> | undefined;
  private stopping = false;

  constructor(
    store: SqlRunner,
    private readonly clock: Clock,
    private readonly options: TimerServiceOptions = {},
  ) {
    this.repo = new TimerRepository(store);
    this.claims = new TimerClaims(store);
    this.adopts = options.adoptStaleLeases ?? store.dialect === 'sqlite';
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.startedAt = clock.now().getTime();
    this.onTickError = options.onTickError ?? ((err) => console.error('shipgate: timer tick failed', err));
    const { repo, claims, owner, onTickError } = this;
    this.outcomes = new TimerOutcomes({
      ...{ repo, claims, clock, owner, onTickError, onError: options.onError, onFired: options.onFired },
      onLeaseLost: options.onLeaseLost,
      defaults: { maxAttempts: options.maxAttempts ?? 10, backoffMs: options.backoffMs ?? defaultBackoffMs },
    });
    this.runner = new DueTimerRunner({
      ...{ claims, clock, owner, onTickError, handlers: this.handlers, outcomes: this.outcomes },
      leaseMs: options.leaseMs ?? 60_000,
      maxRunning: Math.max(1, options.maxRunning ?? 32),
      maxRunningPerKind: Math.max(1, options.maxRunningPerKind ?? 8),
      onPass: (idle) => {
        if (idle) this.lastTick = this.clock.now();
        this.wake.refresh();
        this.lookAtBacklog();
      },
    });
    const sweepSeconds = Math.min(59, Math.max(1, Math.round(options.sweepSeconds ?? 5)));
    this.sweep = new SafetySweep(sweepSeconds, `shipgate-timers-${this.owner}`, () => void this.safeTick());
    this.wake = new NextDueWake({
      clock,
      nextDueAt: (now) => this.runner.nextDueAt(now),
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
   * and waiting for their turn, or not claimed yet). The unclaimed count is the one last looked up (after a pass,
   * at most once a second, and when this is called and it is older than that), so it may lag by a sweep.
   */
  health(): SchedulerHealth {
    this.lookAtBacklog();
    const unclaimed = this.unclaimed;
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
   * step of a pipeline) runs in that same tick. On PostgreSQL the insert also notifies every replica's scheduler
   * (delivered when the transaction commits).
   */
  async arm(
    kind: string,
    subject: string,
    dueAt: Date,
    payload: Record<string, unknown> = {},
  ): Promise<number> {
    if (Number.isNaN(dueAt.getTime())) throw new RangeError(`timer ${kind} for ${subject}: invalid due date`);
    const now = this.clock.now();
    const id = await this.repo.insert({ kind, subject, dueAt, payload, createdAt: now });
    this.armed(kind, dueAt, now);
    return id;
  }

  /**
   * Arms a follow-up of `current`, the timer whose handler is running (the next step of a pipeline, the next
   * sample), as {@link arm} does, but only while this scheduler's claim on `current` still holds, in one statement:
   * a handler whose lease ran out meanwhile (its process was paused past it, and another scheduler may have taken
   * the timer over and armed the follow-up itself) arms nothing and throws {@link LeaseLostError}, and its run ends
   * as a failure the fencing token keeps from being recorded. Without a claim (`current.claim` absent: not a
   * handler's timer) it is a plain `arm`.
   */
  async armNext(
    current: TimerRecord,
    kind: string,
    subject: string,
    dueAt: Date,
    payload: Record<string, unknown> = {},
  ): Promise<number> {
    if (current.claim === undefined) return await this.arm(kind, subject, dueAt, payload);
    if (Number.isNaN(dueAt.getTime())) throw new RangeError(`timer ${kind} for ${subject}: invalid due date`);
    const now = this.clock.now();
    const lease = { owner: this.owner, token: current.claim };
    const id = await this.repo.insertAfter(current.id, lease, now, {
      kind,
      subject,
      dueAt,
      payload,
      createdAt: now,
    });
    if (id === undefined) throw new LeaseLostError(current.id, current.claim);
    this.armed(kind, dueAt, now);
    return id;
  }

  /**
   * Joins a pending timer of `kind` about `subject` with exactly `payload` that no scheduler has claimed yet, instead
   * of arming another: true when there is one. It is held for the caller's transaction (see
   * `TimerRepository.holdUnclaimed`), so it runs only once the change it was joined for is committed, on any store
   * and from any replica. False when there is none — one already claimed may have read the state before the change —
   * and the caller arms a new one.
   */
  async joinPending(kind: string, subject: string, payload: Record<string, unknown> = {}): Promise<boolean> {
    return (await this.repo.holdUnclaimed(kind, subject, payload)) > 0;
  }

  /**
   * Cancels one pending timer; false if it already fired, was cancelled or does not exist, and false for a timer
   * whose handler runs in this scheduler now: it is firing (a handler re-planning its subject's timers may name its
   * own), so it is recorded fired once the handler ends, not cancelled.
   */
  async cancel(id: number): Promise<boolean> {
    await this.outcomes.flushNow();
    if (this.runner.runs(id)) return false;
    const cancelled = await this.repo.cancel(id, this.clock.now());
    if (cancelled) this.wake.refreshSoon();
    return cancelled;
  }

  /**
   * Cancels every pending timer about `subject` (only those of `kind` if given) and returns how many, leaving out
   * the one whose handler runs in this scheduler now, if any: it is firing, and is recorded fired (see `cancel`).
   */
  async cancelFor(subject: string, kind?: string): Promise<number> {
    await this.outcomes.flushNow();
    const cancelled = await this.repo.cancelFor(
      subject,
      kind,
      this.clock.now(),
      this.runner.runningOf(subject),
    );
    if (cancelled > 0) this.wake.refreshSoon();
    return cancelled;
  }

  /**
   * Registers the handler for one kind, with an optional retry policy for its timers (see {@link TimerPolicy});
   * without one the service's `maxAttempts` and `backoffMs` apply. Timers of a kind without a handler stay pending.
   * Readies the claim statements for the kinds now registered, so the first claim after `start()` prepares nothing.
   */
  on(kind: string, handler: TimerHandler, options?: TimerPolicy): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for timer kind ${kind} is already registered`);
    this.handlers.set(kind, handler);
    this.claims.prepareFilter(this.handlers.size);
    if (options) this.outcomes.setPolicy(kind, options);
    this.wake.refreshSoon();
  }

  /** Pending timers (all, or about `subject`), soonest first. */
  async pending(subject?: string): Promise<TimerRecord[]> {
    await this.outcomes.flushNow();
    return (await this.repo.listPending(subject)).map(toRecord);
  }

  /**
   * Releases, once, the leases that other owners took before this service was made, so their timers run at once
   * instead of when the lease runs out; a lease taken after that by a live scheduler is left alone. Each released
   * timer notes `lease of <owner> taken over at restart` as its last error. Only where `adoptStaleLeases` is on
   * (the default on SQLite, where one writer means a process starting on the file stands in for every earlier
   * one); on PostgreSQL the other owners may be live replicas, so by default it releases nothing and a dead
   * replica's leases simply run out. `start()` calls it; a composition root that drives ticks by hand calls it
   * before the first tick. Resolves with what it released.
   */
  async adoptStaleLeases(): Promise<AdoptedLease[]> {
    if (this.adopted || !this.adopts) return [];
    this.adopted = true;
    const adopted = await this.claims.adoptStale(this.owner, this.startedAt);
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
   * Takes over the leases of processes that are gone (where `adoptStaleLeases` is on), listens for timers armed by
   * other replicas (with `armedSignals`), ticks at once (so overdue timers fire at start-up), then whenever the
   * soonest timer comes due, plus a safety sweep every `sweepSeconds` (set up once the first pass is over, so it
   * does not delay the catch-up; it ticks even while handlers run), until `stop()`. {@link listeningForArms} resolves
   * once the listening has begun.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.wake.enable();
    const signals = this.options.armedSignals;
    if (signals)
      this.listening = detached(() => signals.listen((dueAt) => this.heardArmed(dueAt))).catch(
        (err: unknown) => {
          this.onTickError(err);
          return undefined;
        },
      );
    void this.adoptStaleLeases()
      .catch((err: unknown) => {
        this.onTickError(err);
        return [];
      })
      .then(() => this.safeTick());
    setImmediate(() => {
      if (this.started) this.sweep.start();
    });
  }

  /** Resolves once `start()` listens for timers armed elsewhere (at once without `armedSignals`). */
  async listeningForArms(): Promise<void> {
    await this.listening;
  }

  /**
   * Stops waking up and listening, then waits for running handlers (and what they arm due) and its own looks at the
   * table to finish, so the database can close.
   */
  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    this.wake.disable();
    await this.sweep.stop();
    const unlisten = await this.listening;
    this.listening = Promise.resolve(undefined);
    await unlisten?.().catch((err: unknown) => this.onTickError(err));
    await this.runner.settled?.catch(() => 0);
    await Promise.all([this.wake.settled(), this.backlogLook]);
  }

  /** A timer of `kind` due at `dueAt` was armed at `now`: run it in the running tick if due, or wake up for it. */
  private armed(kind: string, dueAt: Date, now: Date): void {
    if (this.runner.active && dueAt <= now) this.runner.poke();
    if (this.handlers.has(kind)) this.wake.armed(dueAt.getTime());
  }

  /** Another scheduler (or this one) armed a timer due at `dueAt`: look now if it is due, else wake up then. */
  private heardArmed(dueAt: number): void {
    if (!this.started || !Number.isFinite(dueAt)) return;
    if (this.runner.active && dueAt <= this.clock.now().getTime()) this.runner.poke();
    this.wake.armed(dueAt);
  }

  /** Looks up the unclaimed backlog again, in the background, unless it was looked up within the last second. */
  private lookAtBacklog(): void {
    const at = performance.now();
    if (this.stopping || this.backlogLook !== undefined || at - this.unclaimedAt < BACKLOG_LOOK_MS) return;
    this.unclaimedAt = at;
    const kinds = [...this.handlers.keys()];
    this.backlogLook = detached(() => this.claims.backlog(this.clock.now().getTime(), kinds)).then(
      (backlog) => {
        this.unclaimed = backlog;
      },
      (err: unknown) => this.onTickError(err),
    );
    void this.backlogLook.finally(() => {
      this.backlogLook = undefined;
    });
  }

  private async safeTick(): Promise<void> {
    try {
      await this.tick();
    } catch (err) {
      this.onTickError(err);
    }
  }
}
