/** Remembers requests taken in, so a redelivery (a webhook sent again) is acted on once, across restarts. */
export interface InboundLedger {
  /** True the first time `key` is seen; inside the caller's transaction. */
  firstSeen(key: string, at: Date): Promise<boolean>;
}
