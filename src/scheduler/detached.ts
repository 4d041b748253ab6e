import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs `work` in the asynchronous context this module was loaded in (no transaction open): the scheduler's own work
 * (claims, renewals, the records of how timers ended, its handlers) never runs inside a caller's transaction, even
 * when that caller armed a timer or ticked. The runners find a caller's transaction through AsyncLocalStorage, which
 * follows `queueMicrotask`, `setTimeout` and every await, so without this a claim made because of an `arm` inside a
 * transaction would be written into that transaction (and undone by its rollback), and on SQLite a statement of the
 * scheduler would slip in between the caller's.
 */
export const detached: <R>(work: () => R) => R = AsyncLocalStorage.snapshot();
