/**
 * A failure to inject into one Web API method:
 * `{ error }` → HTTP 200 `{ ok: false, error }`; `{ status: 429, retryAfter }` → HTTP 429 with `Retry-After` and
 * `{ ok: false, error: 'ratelimited' }`; `{ status: 500 }` → HTTP 500; `{ delayMs }` → answered normally, late (a
 * client that hangs up meanwhile, as one that timed out does, gets nothing and the call is not carried out);
 * `{ afterApply: 'drop' }` → the call takes effect, then the connection is reset before the answer (the caller
 * cannot know it worked); `{ afterApply: 'hang' }` → the call takes effect and is never answered (the caller
 * times out, or is killed while it waits).
 */
export type Fault =
  | { readonly error: string }
  | { readonly status: 429; readonly retryAfter: number }
  | { readonly status: 500 }
  | { readonly delayMs: number }
  | { readonly afterApply: 'drop' | 'hang' };

/** Which calls of the method a fault is for, by their arguments (default: every call). */
export type FaultFilter = (args: Readonly<Record<string, unknown>>) => boolean;

interface ArmedFault {
  readonly method: string;
  readonly fault: Fault;
  readonly when: FaultFilter | undefined;
  remaining: number;
}

/** Holds the armed faults; each fires on the next calls to its method until its `times` are used up. */
export class FaultInjector {
  private armed: ArmedFault[] = [];

  /**
   * Arms a fault for `method` (`'*'` for every method), for `times` calls (default: until cleared), on the calls
   * `when` picks (default: all).
   */
  add(method: string, fault: Fault, times = Number.POSITIVE_INFINITY, when?: FaultFilter): void {
    if (!(times > 0)) throw new Error(`times must be positive, got ${times}`);
    this.armed.push({ method, fault, remaining: times, when });
  }

  /** Takes the first armed fault for this call of `method`, if any, using up one of its times. */
  take(method: string, args: Readonly<Record<string, unknown>> = {}): Fault | undefined {
    const armed = this.armed.find(
      (a) => (a.method === method || a.method === '*') && (a.when?.(args) ?? true),
    );
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.armed = this.armed.filter((a) => a !== armed);
    return armed.fault;
  }

  /** Disarms every fault. */
  clear(): void {
    this.armed = [];
  }
}
