/** A durable deadline as a handler sees it. `attempts` counts earlier failed runs (0 on the first run). */
export interface TimerRecord {
  readonly id: number;
  readonly kind: string;
  readonly subject: string;
  readonly dueAt: Date;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
  /** When the timer was armed (how long a side effect has waited, for retry budgets). */
  readonly createdAt: Date;
  /**
   * Which claim of this timer the handler runs under: 1 the first time any scheduler took it, more once a lease was
   * lost (the replica that held it died or stalled) or a run failed and the timer came due again. Absent outside a
   * handler (pending listings).
   */
  readonly claim?: number;
}
