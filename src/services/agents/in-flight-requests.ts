/** One agent request under way: aborted when agents are suspended while it runs. */
export interface InFlightRequest {
  readonly signal: AbortSignal;
  /** Forgets the request (its answer is out); call once, however it ended. */
  end(): void;
}

/**
 * The agent requests this process is serving right now, so the emergency stop can abort them: a request that has
 * not yet acted answers `401` instead. Requests served by another replica are stopped by the suspension check each
 * one makes against the database right before it acts.
 */
export class InFlightRequests {
  private readonly running = new Set<AbortController>();

  /** Registers a request; its signal aborts on {@link InFlightRequests.abortAll}. */
  begin(): InFlightRequest {
    const controller = new AbortController();
    this.running.add(controller);
    return { signal: controller.signal, end: () => this.running.delete(controller) };
  }

  /** Aborts every request under way with `reason`; returns how many there were. */
  abortAll(reason: string): number {
    const aborted = [...this.running];
    this.running.clear();
    for (const controller of aborted) controller.abort(new Error(reason));
    return aborted.length;
  }

  /** How many requests are under way. */
  get size(): number {
    return this.running.size;
  }
}
