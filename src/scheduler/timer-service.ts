import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type ScheduledTask, schedule } from 'node-cron';
import type { Clock } from '../clock.js';
import type { Db } from '../store/database.js';
import { type TimerRecord, TimerRepository, toRecord } from '../store/timer-repository.js';

export type { TimerRecord } from '../store/timer-repository.js';

/** Runs when a timer of one kind comes due. Throwing (or rejecting) asks for a retry after a backoff. */
export type TimerHandler = (timer: TimerRecord) => void | Promise<void>;

/** Tuning for a {@link TimerService}; every field has a production default. */
export interface TimerServiceOptions {
  /** Who holds a claim; default `host:pid:random`, unique per instance. */
  owner?: string;
  /** How long a claim lasts before another scheduler may take the timer over; default 60 s. */
  leaseMs?: number;
  /** Handler runs before a failing timer is given up; default 10. */
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1-based); default 1 s doubling, capped at 5 min. */
  backoffMs?: (attempt: number) => number;
  /** Called once when a timer is given up after `maxAttempts` failed runs. */
  onError?: (err: unknown, timer: TimerRecord) => void;
  /** Called after a handler ran successfully (metrics). */
  onFired?: (timer: TimerRecord) => void;
  /** Called when a scheduled tick fails as a whole (e.g. the database is unavailable); default console.error. */
  onTickError?: (err: unknown) => void;
}

/** 1 s, 2 s, 4 s … capped at 5 minutes. */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 5 * 60 * 1000);
}

/**
 * Durable timers: every deadline is a row in `timers`, so it survives restarts and overdue ones fire at
 * start-up. node-cron wakes `tick()` every second; handlers are registered per kind with `on`.
 *
 * Delivery: a timer fires once by claim. Before its handler runs the row is leased with one conditional
 * UPDATE (pending, due, and unclaimed or its lease expired) and only the scheduler whose UPDATE changed the
 * row runs it; success sets `fired_at`. Any number of schedulers on the same file therefore fire each timer
 * exactly once while they stay alive. If a process dies mid-handler its lease (default 60 s) runs out and
 * another scheduler runs the timer again: at-least-once across crashes, exactly-once otherwise. Handlers
 * should therefore be idempotent for their subject and finish well within the lease.
 */
export class TimerService {
  private readonly repo: TimerRepository;
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly owner: string;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly onError: ((err: unknown, timer: TimerRecord) => void) | undefined;
  private readonly onFired: ((timer: TimerRecord) => void) | undefined;
  private readonly onTickError: (err: unknown) => void;
  private task: ScheduledTask | undefined;
  private inFlight: Promise<number> | undefined;
  private again = false;
  private lastTick: Date | undefined;

  constructor(
    db: Db,
    private readonly clock: Clock,
    options: TimerServiceOptions = {},
  ) {
    this.repo = new TimerRepository(db);
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 10);
    this.backoffMs = options.backoffMs ?? defaultBackoffMs;
    this.onError = options.onError;
    this.onFired = options.onFired;
    this.onTickError = options.onTickError ?? ((err) => console.error('shipgate: timer tick failed', err));
  }

  /** True between `start()` and `stop()`: reported by /readyz. */
  get running(): boolean {
    return this.task !== undefined;
  }

  /** When the last tick finished (by the service clock); undefined before the first. Reported by /readyz. */
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
    return this.repo.insert({ kind, subject, dueAt, payload, createdAt: now });
  }

  /** Cancels one pending timer; false if it already fired, was cancelled or does not exist. */
  cancel(id: number): boolean {
    return this.repo.cancel(id, this.clock.now());
  }

  /** Cancels every pending timer about `subject` (only those of `kind` if given); returns how many. */
  cancelFor(subject: string, kind?: string): number {
    return this.repo.cancelFor(subject, kind, this.clock.now());
  }

  /** Registers the handler for one kind. Timers of a kind without a handler stay pending and unclaimed. */
  on(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for timer kind ${kind} is already registered`);
    this.handlers.set(kind, handler);
  }

  /** Pending timers (all, or about `subject`), soonest first. */
  pending(subject?: string): TimerRecord[] {
    return this.repo.listPending(subject).map(toRecord);
  }

  /**
   * Fires every timer due at `clock.now()` whose kind has a handler, one at a time in due order, and returns
   * how many ran successfully. A call made while a tick is running joins it instead of overlapping, and makes the
   * running tick look once more when it is done, so a timer armed meanwhile (a message to send now) does not
   * wait for the next scheduled tick.
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
    });
    this.inFlight = run;
    this.runUntilQuiet().then(settle?.resolve, settle?.reject);
    return run;
  }

  /** Ticks at once (so overdue timers fire at start-up), then every second until `stop()`. */
  start(): void {
    if (this.task) return;
    this.task = schedule('* * * * * *', () => (this.inFlight ? undefined : this.safeTick()), {
      name: `shipgate-timers-${this.owner}`,
      noOverlap: true,
    });
    void this.safeTick();
  }

  /** Stops waking up, then waits for a tick already running to finish, so the database can be closed after. */
  async stop(): Promise<void> {
    const task = this.task;
    this.task = undefined;
    if (task) await task.destroy();
    await this.inFlight?.catch(() => 0);
  }

  /** Runs due timers, and again while a tick was asked for meanwhile. Starts synchronously (see `tick`). */
  private async runUntilQuiet(): Promise<number> {
    let fired = 0;
    do {
      this.again = false;
      fired += await this.runDue();
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

  private async runDue(): Promise<number> {
    let fired = 0;
    for (const due of this.repo.findDue(this.clock.now(), [...this.handlers.keys()])) {
      const handler = this.handlers.get(due.kind);
      if (!handler) continue;
      const now = this.clock.now();
      if (!this.repo.claim(due.id, this.owner, now, new Date(now.getTime() + this.leaseMs))) continue;
      const claimed = this.repo.get(due.id);
      if (!claimed) continue;
      const timer = toRecord(claimed);
      try {
        await handler(timer);
      } catch (err) {
        this.fail(timer, err);
        continue;
      }
      this.repo.complete(timer.id, this.owner, this.clock.now());
      this.onFired?.(timer);
      fired++;
    }
    return fired;
  }

  private fail(timer: TimerRecord, err: unknown): void {
    const attempt = timer.attempts + 1;
    const message = describe(err);
    const now = this.clock.now();
    if (attempt < this.maxAttempts) {
      const delay = Math.max(this.backoffMs(attempt), retryAfterMs(err));
      this.repo.release(timer.id, this.owner, new Date(now.getTime() + delay), message);
      return;
    }
    if (!this.repo.giveUp(timer.id, this.owner, now, message)) return;
    try {
      this.onError?.(err, { ...timer, attempts: attempt });
    } catch (reportErr) {
      this.onTickError(reportErr);
    }
  }
}

/**
 * A handler may say how long to wait before the next try (Slack's and PagerDuty's 429 carry `Retry-After`): an error
 * with a numeric `retryAfterMs`, or the Slack SDK's rate-limit error with `retryAfter` in seconds.
 */
function retryAfterMs(err: unknown): number {
  if (typeof err !== 'object' || err === null) return 0;
  const e = err as { retryAfterMs?: unknown; retryAfter?: unknown };
  if (typeof e.retryAfterMs === 'number') return e.retryAfterMs;
  if (typeof e.retryAfter === 'number') return e.retryAfter * 1000;
  return 0;
}

function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 2000);
}
