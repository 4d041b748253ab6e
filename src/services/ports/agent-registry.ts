/** One agent token as stored: only the SHA-256 hash of the token, never the token itself. */
export interface AgentTokenRecord {
  /** `agent add <name>`: unique for good, so `agent:<name>` in the audit trail always means one token. */
  readonly name: string;
  /** SHA-256 of the full token text, lowercase hex. */
  readonly tokenHash: string;
  readonly scopes: readonly string[];
  /** Private incident channels the token may see. */
  readonly channels: readonly string[];
  readonly createdAt: Date;
  /** Who added it (a Slack user id, or `cli:<user>` for the shell). */
  readonly createdBy: string;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

/** The emergency stop of every agent token at once, as last switched. */
export interface AgentSuspension {
  readonly suspended: boolean;
  /** Who switched it last, and when; null while it was never switched. */
  readonly by: string | null;
  readonly at: Date | null;
  readonly reason: string | null;
}

/**
 * Stored agent tokens and the agents' emergency stop. Read per request (a token added, revoked or suspended by
 * another process counts at once), so every call reads the database.
 */
export interface AgentRegistry {
  /** Stores a new token; false when the name is taken (also by a revoked token). */
  add(record: Omit<AgentTokenRecord, 'revokedAt' | 'lastUsedAt'>): Promise<boolean>;
  /** Every token, revoked ones too, oldest first. */
  list(): Promise<AgentTokenRecord[]>;
  byName(name: string): Promise<AgentTokenRecord | undefined>;
  byTokenHash(tokenHash: string): Promise<AgentTokenRecord | undefined>;
  /** Marks the token revoked at `at`; false when there is no such token or it was revoked already. */
  revoke(name: string, at: Date): Promise<boolean>;
  /** Records that the token was just used. */
  touch(name: string, at: Date): Promise<void>;
  /** Suspends every agent token until {@link AgentRegistry.resume}. */
  suspend(by: string, at: Date, reason: string): Promise<void>;
  resume(by: string, at: Date): Promise<void>;
  suspension(): Promise<AgentSuspension>;
}
