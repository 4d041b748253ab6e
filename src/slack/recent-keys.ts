/**
 * A bounded in-memory set of recently seen keys (oldest forgotten first). Used for slash commands and clicks, which
 * Slack does not retry: a repeat arrives within seconds (a double delivery), so memory suffices here; a replay of a
 * captured request, also after a restart, is refused earlier by the HTTP gate, which keeps request signatures in
 * SQLite. The order of arrival is a ring of `capacity` slots, so forgetting the oldest key costs no allocation.
 */
export class RecentKeys {
  private readonly seen = new Set<string>();
  private readonly order: (string | undefined)[];
  private next = 0;

  constructor(capacity = 10_000) {
    this.order = new Array<string | undefined>(Math.max(1, capacity)).fill(undefined);
  }

  /** True the first time `key` is seen while remembered. */
  firstSeen(key: string): boolean {
    if (this.seen.has(key)) return false;
    const oldest = this.order[this.next];
    if (oldest !== undefined) this.seen.delete(oldest);
    this.order[this.next] = key;
    this.next = (this.next + 1) % this.order.length;
    this.seen.add(key);
    return true;
  }
}
