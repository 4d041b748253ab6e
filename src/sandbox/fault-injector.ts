/**
 * A failure to inject into one Web API method:
 * `{ error }` → HTTP 200 `{ ok: false, error }`; `{ status: 429, retryAfter }` → HTTP 429 with `Retry-After` and
 * `{ ok: false, error: 'ratelimited' }`; `{ status: 500 }` → HTTP 500; `{ delayMs }` → answered normally, late.
 */
export type Fault =
  | { readonly error: string }
  | { readonly status: 429; readonly retryAfter: number }
  | { readonly status: 500 }
  | { readonly delayMs: number };

interface ArmedFault {
  readonly method: string;
  readonly fault: Fault;
  remaining: number;
}

/** Holds the armed faults; each fires on the next calls to its method until its `times` are used up. */
export class FaultInjector {
  private armed: ArmedFault[] = [];

  /** Arms a fault for `method` (`'*'` for every method), for `times` calls (default: until cleared). */
  add(method: string, fault: Fault, times = Number.POSITIVE_INFINITY): void {
    if (!(times > 0)) throw new Error(`times must be positive, got ${times}`);
    this.armed.push({ method, fault, remaining: times });
  }

  /** Takes the first armed fault for `method`, if any, using up one of its times. */
  take(method: string): Fault | undefined {
    const armed = this.armed.find((a) => a.method === method || a.method === '*');
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
