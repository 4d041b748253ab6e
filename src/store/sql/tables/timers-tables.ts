import type { Generated } from '../kysely.js';

/**
 * Durable timers (migration 1; `claimed_at` from migration 8, `lease_token` from the timer lease token step). Times
 * are epoch ms. A claim sets `claimed_by`, `claimed_until` (the lease's end) and `claimed_at`, and bumps
 * `lease_token`, the fencing token every later change of the claim must present.
 */
export interface TimerTables {
  timers: {
    id: Generated<number>;
    kind: string;
    subject: string;
    due_at: number;
    /** JSON object text; `{}` unless given. */
    payload: Generated<string>;
    created_at: number;
    attempts: Generated<number>;
    claimed_by: string | null;
    claimed_until: number | null;
    fired_at: number | null;
    cancelled_at: number | null;
    last_error: string | null;
    claimed_at: number | null;
    lease_token: Generated<number>;
  };
}
