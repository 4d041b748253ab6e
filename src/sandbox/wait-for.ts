/** A source of "something happened" notifications; returns an unsubscribe function. */
export type ActivitySource = (listener: () => void) => () => void;

/** What `waitFor` polls: returns the awaited value once it exists (anything falsy means "not yet"). */
export type WaitPredicate<T> = () => T | undefined | null | false | Promise<T | undefined | null | false>;

/** Options for `waitFor`. */
export interface WaitForOptions {
  /** Give up after this long (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Also re-check this often, for conditions that change without stand-in activity (default 25 ms). */
  readonly pollMs?: number;
  /** Says what was awaited, for the timeout error. */
  readonly description?: string;
}

/**
 * Resolves with the first truthy value of `predicate`, re-checking whenever `activity` fires (a Web API call or
 * a response_url post reached the stand-in) and on a short poll; rejects after `timeoutMs`. Lets tests wait for
 * the bot's asynchronous work without sleeping blindly.
 */
export function waitFor<T>(
  predicate: WaitPredicate<T>,
  activity: ActivitySource,
  options: WaitForOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let checking = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(poll);
      unsubscribe();
      fn();
    };
    const check = async () => {
      if (done || checking) return;
      checking = true;
      try {
        const value = await predicate();
        if (value) finish(() => resolve(value));
      } catch (err) {
        finish(() => reject(err));
      } finally {
        checking = false;
      }
    };
    const timer = setTimeout(() => {
      finish(() =>
        reject(
          new Error(
            `waitFor timed out after ${timeoutMs} ms${options.description ? `: ${options.description}` : ''}`,
          ),
        ),
      );
    }, timeoutMs);
    const poll = setInterval(() => void check(), options.pollMs ?? 25);
    const unsubscribe = activity(() => void check());
    void check();
  });
}
