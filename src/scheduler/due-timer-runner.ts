import type { Clock } from '../clock.js';
import type { TimerHandler } from '../services/ports/timers.js';
import type { TimerClaims } from '../store/timer-claims.js';
import { detached } from './detached.js';
import { TimerLanes, type Waiting } from './timer-lanes.js';
import type { TimerOutcomes } from './timer-outcomes.js';

/** What a {@link DueTimerRunner} needs: the tables, who it claims as, its bounds, and what to call when. */
export interface DueTimerRunnerDeps {
  readonly claims: TimerClaims;
  readonly clock: Clock;
  readonly handlers: ReadonlyMap<string, TimerHandler>;
  readonly outcomes: TimerOutcomes;
  readonly owner: string;
  readonly leaseMs: number;
  readonly maxRunning: number;
  readonly maxRunningPerKind: number;
  /** After every pass over the due timers (the wake-up is set again); `idle` when nothing runs or waits. */
  readonly onPass: (idle: boolean) => void;
  readonly onTickError: (err: unknown) => void;
}

/** The first batch of due timers claimed with one statement. */
const FIRST_BATCH = 32;
/** The largest batch: a catch-up of thousands of overdue timers claims them this many at a time. */
const MAX_BATCH = 512;
/** A full batch run within this long (fast handlers) lets the next one be four times larger. */
const QUICK_BATCH_MS = 20;
/** While batches come full (a catch-up), successes are written once this many wait, else once the claims stop. */
const MAX_UNWRITTEN = 4096;

/**
 * Runs due timers: a tick claims them in batches (one statement each, in due order; 32 at first, growing while
 * batches run quickly) and starts their handlers — timers of different subjects at the same time, up to
 * `maxRunningPerKind` per kind and `maxRunning` overall, the timers of one subject one after another in due order
 * (a subject with a timer running or waiting is left out of the next claims). Whenever a handler finishes, or a
 * timer is armed or comes due, the running tick looks again, so one slow handler holds up only its own subject.
 *
 * Leases: once any held lease (waiting or running) is half gone, a pass renews them all, so a long handler keeps
 * its lease while it runs (the safety sweep makes a pass every few seconds); a waiting timer whose lease was lost is
 * dropped. A handler starts only on a lease a statement of the same pass vouched for: the claim that took it, or a
 * renewal made right before for a timer that waited its turn (or whose process was paused), so a timer another
 * scheduler took over meanwhile is not run a second time.
 *
 * A pass is asynchronous and runs {@link detached} from whoever caused it; one pass runs at a time (a call while
 * one runs makes it look again). The tick ends once nothing runs or waits and nothing more is due. The statements
 * of every batch and list size are compiled and prepared when the runner is made, not in the middle of a catch-up.
 */
export class DueTimerRunner {
  /** The instant (epoch ms, service clock) the last pass looked for due timers. */
  lookedAt = Number.NEGATIVE_INFINITY;
  /** `performance.now()` at the last pass: while it keeps moving, the scheduler is alive. */
  passedAt = Number.NEGATIVE_INFINITY;
  private readonly lanes: TimerLanes;
  private current: { promise: Promise<number>; settle: (err?: unknown) => void } | undefined;
  private fired = 0;
  private failure: unknown;
  private pumping = false;
  private again = false;
  private queued = false;
  /** The pass's latest claim came full: more timers are due right now (a catch-up). */
  private catchingUp = false;

  constructor(private readonly deps: DueTimerRunnerDeps) {
    this.lanes = new TimerLanes(deps.maxRunning, deps.maxRunningPerKind);
    deps.claims.prepareLists(MAX_BATCH);
  }

  /** True while a tick runs (from its first look until nothing runs or waits). */
  get active(): boolean {
    return this.current !== undefined;
  }

  /** How many handlers are running now. */
  get running(): number {
    return this.lanes.running;
  }

  /**
   * Runs what is due now and resolves, once nothing runs or waits any more, with how many handlers succeeded. A
   * call while a tick runs looks for due timers at once and returns that tick's promise.
   */
  tick(): Promise<number> {
    const running = this.current;
    if (running) {
      this.pump();
      return running.promise;
    }
    let settle: (err?: unknown) => void = () => {};
    const promise = new Promise<number>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve(this.fired) : reject(err));
    });
    this.current = { promise, settle };
    this.fired = 0;
    this.failure = undefined;
    this.pump();
    return promise;
  }

  /** True while the handler of timer `id` runs here. */
  runs(id: number): boolean {
    return this.lanes.runs(id);
  }

  /** The id of the timer of `subject` whose handler runs here now, if any. */
  runningOf(subject: string): number | undefined {
    return this.lanes.runningOf(subject);
  }

  /** The claimed timers waiting for their turn (their subject busy, or their kind full). */
  get waiting(): { due: number; oldestDueAt: number | undefined } {
    return this.lanes.backlog;
  }

  /** The running tick's promise; undefined when no tick runs. */
  get settled(): Promise<number> | undefined {
    return this.current?.promise;
  }

  /** A timer was armed due now while a tick runs: look again once the current synchronous work is over. */
  poke(): void {
    if (this.pumping) this.again = true;
    else if (this.current && !this.queued) {
      this.queued = true;
      queueMicrotask(() => {
        this.queued = false;
        this.pump();
      });
    }
  }

  /** When the soonest timer this runner could claim now comes due; undefined when none (or it is full). */
  nextDueAt(now: number): Promise<number | undefined> {
    const filter = this.lanes.filter(this.deps.handlers);
    return filter ? this.deps.claims.nextDueAt(now, filter) : Promise.resolve(undefined);
  }

  /** Starts a pass, or makes the running one look again. */
  private pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void detached(() => this.pass());
  }

  /** One pass: start what waits and fits, then claim more while batches come full or a timer was armed. */
  private async pass(): Promise<void> {
    this.passedAt = performance.now();
    try {
      let limit = FIRST_BATCH;
      this.catchingUp = false;
      do {
        do {
          this.again = false;
          await this.deps.outcomes.written();
          await this.startWaiting();
          const began = this.deps.clock.now().getTime();
          if (await this.claim(began, limit)) {
            this.again = true;
            limit =
              this.deps.clock.now().getTime() - began <= QUICK_BATCH_MS
                ? Math.min(limit * 4, MAX_BATCH)
                : FIRST_BATCH;
          }
        } while (this.again);
        this.catchingUp = false;
        await this.deps.outcomes.flush();
      } while (this.again);
    } catch (err) {
      this.failure ??= err;
    } finally {
      this.pumping = false;
    }
    const idle = this.lanes.idle && !this.queued;
    try {
      this.deps.onPass(idle);
    } catch (err) {
      this.deps.onTickError(err);
    }
    if (idle && this.current) {
      const { settle } = this.current;
      this.current = undefined;
      settle(this.failure);
    }
  }

  /**
   * Claims up to `limit` due timers that could run and starts what fits; true when the batch came full (more may be
   * due). The successes are not written in between while batches keep coming full (see `startWaiting`).
   */
  private async claim(now: number, limit: number): Promise<boolean> {
    const filter = this.lanes.filter(this.deps.handlers);
    if (!filter) {
      this.catchingUp = false;
      return false;
    }
    this.lookedAt = now;
    const { owner, leaseMs } = this.deps;
    const claimed = await this.deps.claims.claimDue(now, filter, owner, leaseMs, limit);
    for (const { timer, token } of claimed.timers)
      this.lanes.add({ timer, token, until: claimed.until, fresh: true });
    await this.startWaiting();
    this.catchingUp = claimed.found >= limit;
    return this.catchingUp;
  }

  /**
   * Starts every waiting timer whose subject is free and whose kind fits: renews every held lease first once one is
   * half gone, confirms (by renewing) the lease of each about to start that no statement of this pass vouched for,
   * and writes the successes so far (a burst of synchronous handlers shares one write, and a long handler never
   * holds back the records of those before it). During a catch-up (the pass's last claim came full, so more timers
   * are due right now) the successes wait, up to {@link MAX_UNWRITTEN}, for the end of the claims instead: one write
   * for the whole catch-up rather than one between every two batches, so the overdue timers' handlers run sooner.
   */
  private async startWaiting(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    if (this.lanes.leaseBefore(now + this.deps.leaseMs / 2)) await this.renew(this.lanes.heldLeases(), now);
    const unconfirmed = this.lanes.unconfirmedStartable();
    if (unconfirmed.length > 0) await this.renew(unconfirmed, this.deps.clock.now().getTime());
    if (!this.catchingUp || this.deps.outcomes.unwritten >= MAX_UNWRITTEN) await this.deps.outcomes.flush();
    this.lanes.startEach((waiting) => this.start(waiting));
    this.lanes.settle();
  }

  private async renew(leases: Waiting[], now: number): Promise<void> {
    const { owner, leaseMs } = this.deps;
    const named = leases.map((w) => ({ id: w.timer.id, token: w.token }));
    const renewed = await this.deps.claims.renew(named, owner, now, leaseMs);
    this.lanes.applyRenewal(leases, renewed.ids, renewed.until);
  }

  /** Runs one handler; a promise's outcome is recorded when it settles, and the tick then looks again. */
  private start(waiting: Waiting): void {
    const { timer } = waiting;
    const handler = this.deps.handlers.get(timer.kind) as TimerHandler;
    let result: void | Promise<void>;
    try {
      result = handler({ ...timer, claim: waiting.token });
    } catch (err) {
      this.finish(waiting, err);
      return;
    }
    if (typeof (result as PromiseLike<void> | undefined)?.then !== 'function') {
      this.finish(waiting, undefined);
      return;
    }
    (result as Promise<void>).then(
      () => this.finishAsync(waiting, undefined),
      (err: unknown) => this.finishAsync(waiting, err ?? new Error('handler rejected')),
    );
  }

  private finish(waiting: Waiting, err: unknown): void {
    this.lanes.finish(waiting);
    const { timer, token } = waiting;
    if (err === undefined) {
      this.fired++;
      this.deps.outcomes.succeeded(timer, token);
    } else this.deps.outcomes.failed(timer, token, err);
  }

  private finishAsync(waiting: Waiting, err: unknown): void {
    try {
      this.finish(waiting, err);
    } catch (recordErr) {
      this.deps.onTickError(recordErr);
    }
    this.pump();
  }
}
