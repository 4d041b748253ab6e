/**
 * Where a scheduler hears that a timer was armed by another scheduler on the same store (another replica), so
 * the one holding the earliest wake-up re-plans at once instead of at its next safety sweep. On PostgreSQL this is
 * `LISTEN` on the channel `arm` notifies (`postgresArmedSignals`); SQLite needs none (one process arms and runs).
 * A port, so the scheduler never imports a database driver.
 */
export interface ArmedSignals {
  /**
   * Calls `onArmed(dueAt)` (epoch ms) for every timer armed from now on, by any scheduler (this one included), once
   * the arming transaction commits. Resolves once listening, with the function that stops listening.
   */
  listen(onArmed: (dueAt: number) => void): Promise<() => Promise<void>>;
}
