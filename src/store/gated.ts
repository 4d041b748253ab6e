import type { ConnectionGate } from './connection-gate.js';

/** `T` with every method returning a promise of what it returned: a synchronous repository seen through its gate. */
export type Gated<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/**
 * A synchronous SQLite repository behind the connection's gate: each method call waits for its turn (no other
 * caller's transaction open), then runs the repository's prepared statements at once. The repositories keep their
 * synchronous, prepared-statement code, and callers see the asynchronous ports every store offers.
 */
export function gated<T extends object>(gate: ConnectionGate, impl: T): Gated<T> {
  const out: Record<string, unknown> = {};
  for (
    let proto = Object.getPrototypeOf(impl);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = (impl as Record<string, unknown>)[name];
      if (name === 'constructor' || name in out || typeof method !== 'function') continue;
      out[name] = (...args: unknown[]) => gate.run(() => method.apply(impl, args));
    }
  }
  return out as Gated<T>;
}
