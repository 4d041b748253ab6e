/** mulberry32: a tiny seeded PRNG, so every run arms the same due offsets. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Overdue timers are spread over this long before start, like a scheduler that was down for a minute. */
const OVERDUE_SPAN_MS = 60_000;

/**
 * The due offsets (ms from start) of the durable-timer benches' `total` timers, from one seed, so every run and
 * every scheduler gets the same plan: the first `overdue` due in the minute before start (a restart's catch-up),
 * the rest spread uniformly over the next `windowMs`.
 */
export function timerPlan(total: number, overdue: number, windowMs: number): number[] {
  const random = seeded(4);
  return Array.from({ length: total }, (_, i) =>
    i < overdue ? -Math.ceil(random() * OVERDUE_SPAN_MS) : Math.ceil(random() * windowMs),
  );
}
