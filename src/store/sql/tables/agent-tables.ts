/** Agent tokens (hashes only) and the agents' emergency stop. */
export interface AgentTables {
  agent_tokens: {
    name: string;
    token_hash: string;
    /** JSON array of scope names. */
    scopes: string;
    /** JSON array of private channel ids. */
    channels: string;
    created_at: number;
    created_by: string;
    revoked_at: number | null;
    last_used_at: number | null;
  };
  /** One row, id 1. */
  agent_switch: {
    id: number;
    /** 0/1 */
    suspended: number;
    changed_by: string | null;
    changed_at: number | null;
    reason: string | null;
  };
}
