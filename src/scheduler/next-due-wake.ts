import type { Clock } from '../clock.js';
import { detached } from './detached.js';
import { type TimerFunctions, WakeTimer } from './wake-timer.js';

/** A timer still due after a tick that looked at it (so it could not be run) is looked at again this much later. */
const STUCK_RETRY_MS = 1000;
/**
 * The least time from one tick's look at the due timers to the next wake-up: timers due close together share one
 * tick instead of waking the process once each (a wake-up from idle costs about 0.1 ms of CPU on a small VM). A lone
 * timer still fires at its due time.
 */
const WAKE_GAP_MS = 25;

/** What a {@link NextDueWake} reads and calls. */
export interface NextDueWakeDeps {
  readonly clock: Clock;
  /** When the soonest timer the scheduler could claim now comes due (epoch ms); undefined when none. */
  readonly nextDueAt: (now: number) => Promise<number | undefined>;
  /** True while a tick runs: it looks again whenever a timer is armed due, and sets the wake-up after each pass. */
  readonly ticking: () => boolean;
  /** When the last tick looked for due timers (epoch ms). */
  readonly lookedAt: () => number;
  readonly onWake: () => void;
  readonly onError: (err: unknown) => void;
  readonly timerFunctions?: TimerFunctions | undefined;
}

/**
 * Keeps the scheduler's one `setTimeout` set for the soonest pending timer it could claim (a kind with a handler and
 * room, a subject it is not busy with, no live lease; one indexed query), while enabled, also while a tick runs. A
 * timer armed sooner than the wake-up moves it forward at once (`armed`: armed here, or heard of from another
 * replica); a cancel makes it look again once the current synchronous work is over. The look is asynchronous and
 * {@link detached} (outside the caller's transaction, so on SQLite it waits for the transaction to end): when
 * several overlap only the latest sets the wake-up, and a timer armed while one is under way is not forgotten.
 */
export class NextDueWake {
  private readonly wake: WakeTimer;
  private enabled = false;
  private queued = false;
  private looks = 0;
  /** The soonest wake-up asked for by `armed` since the latest look began; undefined when none is under way. */
  private armedMeanwhile: number | undefined;
  private looking = false;
  private current: Promise<void> | undefined;

  constructor(private readonly deps: NextDueWakeDeps) {
    this.wake = new WakeTimer(deps.onWake, deps.timerFunctions);
  }

  /** Starts keeping the wake-up set (the caller ticks, which sets it). */
  enable(): void {
    this.enabled = true;
  }

  /** Clears the wake-up and stops setting it. */
  disable(): void {
    this.enabled = false;
    this.wake.clear();
  }

  /**
   * A timer of a kind with a handler was armed for `dueAt` (epoch ms): wake up then if that is sooner (a running
   * tick looks at one due already by itself).
   */
  armed(dueAt: number): void {
    if (!this.enabled || (this.deps.ticking() && dueAt <= this.deps.clock.now().getTime())) return;
    const wakeAt = Math.max(dueAt, this.deps.lookedAt() + WAKE_GAP_MS);
    if (this.looking) this.armedMeanwhile = Math.min(this.armedMeanwhile ?? wakeAt, wakeAt);
    const at = this.wake.at;
    if (at === undefined || wakeAt < at) this.wake.set(wakeAt, this.deps.clock.now().getTime());
  }

  /** Looks for the soonest timer again after the current synchronous work. */
  refreshSoon(): void {
    if (!this.enabled || this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (!this.deps.ticking()) this.refresh();
    });
  }

  /** Sets the wake-up for the soonest claimable timer, or clears it when there is none. */
  refresh(): void {
    if (!this.enabled) return;
    const look = ++this.looks;
    this.looking = true;
    this.armedMeanwhile = undefined;
    const done = detached(() => this.look(look));
    this.current = done;
    void done.finally(() => {
      if (this.current === done) this.current = undefined;
    });
  }

  /** Resolves once the look under way, if any, is over (before the database closes). */
  async settled(): Promise<void> {
    await this.current;
  }

  private async look(look: number): Promise<void> {
    let next: number | undefined;
    try {
      next = await this.deps.nextDueAt(this.deps.clock.now().getTime());
    } catch (err) {
      if (look === this.looks) {
        this.looking = false;
        this.wake.clear();
      }
      this.deps.onError(err);
      return;
    }
    if (look !== this.looks) return;
    this.looking = false;
    const armed = this.armedMeanwhile;
    this.armedMeanwhile = undefined;
    if (!this.enabled) return;
    const now = this.deps.clock.now().getTime();
    const lookedAt = this.deps.lookedAt();
    let wakeAt: number | undefined;
    if (next === undefined) wakeAt = undefined;
    else if (next <= lookedAt) wakeAt = now + STUCK_RETRY_MS;
    else wakeAt = Math.max(next, lookedAt + WAKE_GAP_MS);
    if (armed !== undefined && (wakeAt === undefined || armed < wakeAt)) wakeAt = armed;
    if (wakeAt === undefined) this.wake.clear();
    else this.wake.set(wakeAt, now);
  }
}
