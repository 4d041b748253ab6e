/**
 * A bounded in-memory set of recently seen keys (oldest forgotten first). Used for slash commands and clicks, which
 * Slack does not retry: a repeat arrives within seconds (a double delivery), so memory suffices and the request
 * path stays free of a disk write.
 */
export class RecentKeys {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  /** True the first time `key` is seen while remembered. */
  firstSeen(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}
