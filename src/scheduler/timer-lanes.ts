import type { ClaimFilter } from '../store/timer-claims.js';
import type { TimerRecord } from '../store/timer-repository.js';

export type { ClaimFilter } from '../store/timer-claims.js';

/**
 * A claimed timer the runner holds: waiting for its turn, then running. `token` is the claim's fencing token,
 * `until` when its lease ends. `fresh` while the statement that just claimed or renewed it vouches for the lease
 * (set by the claim or renewal, cleared once the pass has started what it could): only a fresh timer is started.
 * `lost` once a renewal found the lease gone while its handler ran.
 */
export interface Waiting {
  readonly timer: TimerRecord;
  readonly token: number;
  until: number;
  fresh: boolean;
  lost?: boolean;
}

/** A claim to renew: the timer and the claim's fencing token. */
export interface HeldLease {
  readonly id: number;
  readonly token: number;
}

/**
 * The runner's bookkeeping of claimed timers: which wait, which run, per subject (at most one running, the others
 * waiting behind it in due order) and per kind (at most `maxPerKind` running), at most `maxRunning` in all.
 */
export class TimerLanes {
  private waiting: Waiting[] = [];
  private readonly runningNow = new Set<Waiting>();
  private readonly runningSubjects = new Set<string>();
  private readonly held = new Map<string, number>();
  private readonly perKind = new Map<string, number>();
  private count = 0;
  private fullKinds = 0;
  private allKinds: { size: number; kinds: readonly string[] } = { size: -1, kinds: [] };

  constructor(
    private readonly maxRunning: number,
    private readonly maxPerKind: number,
  ) {}

  /** How many handlers run now. */
  get running(): number {
    return this.count;
  }

  /** The id of the timer of `subject` whose handler runs now, if one does (at most one per subject). */
  runningOf(subject: string): number | undefined {
    if (!this.runningSubjects.has(subject)) return undefined;
    for (const w of this.runningNow) if (w.timer.subject === subject) return w.timer.id;
    return undefined;
  }

  /** True while the handler of timer `id` runs. */
  runs(id: number): boolean {
    for (const w of this.runningNow) if (w.timer.id === id) return true;
    return false;
  }

  /** True when nothing runs and nothing waits. */
  get idle(): boolean {
    return this.count === 0 && this.waiting.length === 0;
  }

  /** The claimed timers waiting for their turn: how many, and the oldest due time (epoch ms). */
  get backlog(): { due: number; oldestDueAt: number | undefined } {
    let oldest: number | undefined;
    for (const w of this.waiting) {
      const due = w.timer.dueAt.getTime();
      if (oldest === undefined || due < oldest) oldest = due;
    }
    return { due: this.waiting.length, oldestDueAt: oldest };
  }

  /** Holds a freshly claimed timer until its turn. */
  add(waiting: Waiting): void {
    this.waiting.push(waiting);
    this.held.set(waiting.timer.subject, (this.held.get(waiting.timer.subject) ?? 0) + 1);
  }

  /** What the next claim may take (kinds with a handler and room, subjects not held); undefined when full. */
  filter(handlers: ReadonlyMap<string, unknown>): ClaimFilter | undefined {
    if (this.count >= this.maxRunning) return undefined;
    let kinds: readonly string[];
    if (this.fullKinds === 0) {
      if (this.allKinds.size !== handlers.size)
        this.allKinds = { size: handlers.size, kinds: [...handlers.keys()] };
      kinds = this.allKinds.kinds;
    } else kinds = [...handlers.keys()].filter((kind) => (this.perKind.get(kind) ?? 0) < this.maxPerKind);
    if (kinds.length === 0) return undefined;
    return { kinds, busy: this.held.size === 0 ? [] : [...this.held.keys()] };
  }

  /** True when the lease of a timer held (waiting, or running and not lost) ends before `at`. */
  leaseBefore(at: number): boolean {
    if (this.waiting.some((w) => w.until < at)) return true;
    for (const w of this.runningNow) if (!w.lost && w.until < at) return true;
    return false;
  }

  /** Every claim held, waiting or running (and not lost): what a renewal of all leases names. */
  heldLeases(): Waiting[] {
    return [...this.waiting, ...[...this.runningNow].filter((w) => !w.lost)];
  }

  /**
   * The waiting timers that would start now (subject free, kind and total with room, in claim order) but that no
   * statement of this pass vouched for: they need their lease confirmed first.
   */
  unconfirmedStartable(): Waiting[] {
    const out: Waiting[] = [];
    const blocked = new Set<string>();
    const perKind = new Map<string, number>();
    let count = this.count;
    for (const w of this.waiting) {
      const { subject, kind } = w.timer;
      const kindCount = (this.perKind.get(kind) ?? 0) + (perKind.get(kind) ?? 0);
      if (
        blocked.has(subject) ||
        this.runningSubjects.has(subject) ||
        count >= this.maxRunning ||
        kindCount >= this.maxPerKind
      ) {
        blocked.add(subject);
        continue;
      }
      blocked.add(subject);
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
      count++;
      if (!w.fresh) out.push(w);
    }
    return out;
  }

  /**
   * What a renewal of `renewed` (the claims it named) found: those whose id came back now hold until `until` and are
   * fresh; a waiting one that did not come back is dropped (another scheduler has it), a running one is marked lost.
   */
  applyRenewal(renewed: readonly Waiting[], kept: ReadonlySet<number>, until: number): void {
    const lost = new Set<Waiting>();
    for (const w of renewed) {
      if (kept.has(w.timer.id)) {
        w.until = until;
        w.fresh = true;
      } else if (this.runningNow.has(w)) w.lost = true;
      else lost.add(w);
    }
    if (lost.size === 0) return;
    this.waiting = this.waiting.filter((w) => {
      if (!lost.has(w)) return true;
      this.release(w.timer.subject);
      return false;
    });
  }

  /** The pass has started what it could: the waiting timers need a statement to vouch for them again. */
  settle(): void {
    for (const w of this.waiting) w.fresh = false;
  }

  /**
   * Calls `start` for every fresh waiting timer whose subject has nothing running or waiting before it and whose
   * kind (and the total) has room, in the order they were claimed; the others keep waiting.
   */
  startEach(start: (waiting: Waiting) => void): void {
    if (this.waiting.length === 0) return;
    const queue = this.waiting;
    this.waiting = [];
    const blocked = new Set<string>();
    const rest: Waiting[] = [];
    let next = 0;
    try {
      while (next < queue.length) {
        const w = queue[next++] as Waiting;
        const { subject, kind } = w.timer;
        if (!w.fresh || blocked.has(subject) || this.runningSubjects.has(subject) || !this.fits(kind)) {
          blocked.add(subject);
          rest.push(w);
          continue;
        }
        this.markRunning(w);
        start(w);
      }
    } finally {
      this.waiting = rest.concat(queue.slice(next), this.waiting);
    }
  }

  /** A started timer's handler is done: its subject and kind have room again. */
  finish(waiting: Waiting): void {
    const { subject, kind } = waiting.timer;
    this.runningNow.delete(waiting);
    this.count--;
    const before = this.perKind.get(kind) ?? 0;
    if (before === this.maxPerKind) this.fullKinds--;
    if (before <= 1) this.perKind.delete(kind);
    else this.perKind.set(kind, before - 1);
    this.runningSubjects.delete(subject);
    this.release(subject);
  }

  private fits(kind: string): boolean {
    return this.count < this.maxRunning && (this.perKind.get(kind) ?? 0) < this.maxPerKind;
  }

  private markRunning(waiting: Waiting): void {
    const { subject, kind } = waiting.timer;
    this.runningNow.add(waiting);
    this.count++;
    const after = (this.perKind.get(kind) ?? 0) + 1;
    this.perKind.set(kind, after);
    if (after === this.maxPerKind) this.fullKinds++;
    this.runningSubjects.add(subject);
  }

  private release(subject: string): void {
    const left = (this.held.get(subject) ?? 1) - 1;
    if (left <= 0) this.held.delete(subject);
    else this.held.set(subject, left);
  }
}
