import type { Claimed } from '../store/timer-claims.js';
import type { TimerRecord } from '../store/timer-repository.js';

/** A claimed timer the runner holds: waiting for its turn, then running. `until` is when its lease ends. */
export interface Waiting {
  readonly timer: TimerRecord;
  until: number;
}

/** What a claim should leave out: the JSON array of kinds that have room, and the subjects already held. */
export interface ClaimFilter {
  readonly kinds: string;
  readonly busy: string;
}

/**
 * The runner's bookkeeping of claimed timers: which wait, which run, per subject (at most one running, the others
 * waiting behind it in due order) and per kind (at most `maxPerKind` running), at most `maxRunning` in all.
 */
export class TimerLanes {
  private waiting: Waiting[] = [];
  private readonly runningSubjects = new Set<string>();
  private readonly held = new Map<string, number>();
  private readonly perKind = new Map<string, number>();
  private count = 0;
  private fullKinds = 0;
  private allKinds = { size: -1, json: '[]' };

  constructor(
    private readonly maxRunning: number,
    private readonly maxPerKind: number,
  ) {}

  /** How many handlers run now. */
  get running(): number {
    return this.count;
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
    let kinds: string;
    if (this.fullKinds === 0) {
      if (this.allKinds.size !== handlers.size)
        this.allKinds = { size: handlers.size, json: JSON.stringify([...handlers.keys()]) };
      kinds = this.allKinds.json;
    } else {
      const open = [...handlers.keys()].filter((kind) => (this.perKind.get(kind) ?? 0) < this.maxPerKind);
      if (open.length === 0) return undefined;
      kinds = JSON.stringify(open);
    }
    return { kinds, busy: this.held.size === 0 ? '[]' : JSON.stringify([...this.held.keys()]) };
  }

  /** True when a waiting timer's lease ends before `at`. */
  leaseBefore(at: number): boolean {
    return this.waiting.some((w) => w.until < at);
  }

  /** Renews the leases of the waiting timers (grouped by the lease they hold); drops those lost meanwhile. */
  renew(renewIds: (ids: number[], held: number) => Claimed): void {
    const groups = new Map<number, number[]>();
    for (const w of this.waiting) groups.set(w.until, [...(groups.get(w.until) ?? []), w.timer.id]);
    const kept = new Map<number, number>();
    for (const [held, ids] of groups) {
      const renewed = renewIds(ids, held);
      for (const timer of renewed.timers) kept.set(timer.id, renewed.until);
    }
    const rest: Waiting[] = [];
    for (const w of this.waiting) {
      const until = kept.get(w.timer.id);
      if (until === undefined) this.release(w.timer.subject);
      else {
        w.until = until;
        rest.push(w);
      }
    }
    this.waiting = rest;
  }

  /**
   * Calls `start` for every waiting timer whose subject has nothing running or waiting before it and whose kind
   * (and the total) has room, in the order they were claimed; the others keep waiting.
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
        if (blocked.has(subject) || this.runningSubjects.has(subject) || !this.fits(kind)) {
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
