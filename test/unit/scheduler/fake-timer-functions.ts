import type { TimerFunctions } from '../../../src/scheduler/timer-service.js';

/** One `setTimeout` the scheduler asked for. */
export interface FakeTimeout {
  readonly ms: number;
  readonly callback: () => void;
  cleared: boolean;
  fired: boolean;
}

/** Timer functions that only record what they are asked; a test fires a timeout by hand. */
export interface FakeTimerFunctions {
  readonly functions: TimerFunctions;
  /** Every timeout ever set, oldest first. */
  readonly all: FakeTimeout[];
  /** The delays of the timeouts still waiting (neither cleared nor fired). */
  waiting(): number[];
  /** Fires the one waiting timeout; fails the test if there is not exactly one. */
  fire(): void;
}

/** Creates a fresh set of recording timer functions. */
export function fakeTimerFunctions(): FakeTimerFunctions {
  const all: FakeTimeout[] = [];
  const live = () => all.filter((t) => !t.cleared && !t.fired);
  return {
    functions: {
      setTimeout(callback, ms) {
        const timeout: FakeTimeout = { ms, callback, cleared: false, fired: false };
        all.push(timeout);
        return timeout;
      },
      clearTimeout(handle) {
        (handle as FakeTimeout).cleared = true;
      },
    },
    all,
    waiting: () => live().map((t) => t.ms),
    fire() {
      const [only, ...more] = live();
      if (!only || more.length > 0) throw new Error(`expected one waiting timeout, found ${live().length}`);
      only.fired = true;
      only.callback();
    },
  };
}
