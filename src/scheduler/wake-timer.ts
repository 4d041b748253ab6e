/** The two timer functions the scheduler needs; tests pass fakes to see the delays it asks for. */
export interface TimerFunctions {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's own timers. */
export const nodeTimers: TimerFunctions = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The longest delay `setTimeout` takes (2^31 − 1 ms, about 24.8 days); longer ones would fire at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The one real timer a scheduler sleeps on: set for an instant, it calls `onWake` then (or after the longest delay
 * `setTimeout` takes, for an instant further away; the woken scheduler simply sets it again). Setting it for the
 * instant it is already set for keeps the running timer. The timer is unref'd: it never keeps a process alive on
 * its own, but fires while the process runs.
 */
export class WakeTimer {
  private handle: unknown;
  private instant: number | undefined;

  constructor(
    private readonly onWake: () => void,
    private readonly timers: TimerFunctions = nodeTimers,
  ) {}

  /** The instant (epoch ms) the timer is set for; undefined when it is not set. */
  get at(): number | undefined {
    return this.instant;
  }

  /** Sets the timer for the instant `at`, both in epoch ms as read from the same clock as `now`. */
  set(at: number, now: number): void {
    if (this.instant === at) return;
    this.clear();
    this.instant = at;
    const handle = this.timers.setTimeout(
      () => {
        this.handle = undefined;
        this.instant = undefined;
        this.onWake();
      },
      Math.min(Math.max(0, at - now), MAX_TIMEOUT_MS),
    );
    (handle as { unref?: () => void } | undefined)?.unref?.();
    this.handle = handle;
  }

  /** Stops the timer, if set. */
  clear(): void {
    if (this.instant === undefined) return;
    this.timers.clearTimeout(this.handle);
    this.handle = undefined;
    this.instant = undefined;
  }
}
