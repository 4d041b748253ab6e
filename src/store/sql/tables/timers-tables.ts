import type { Generated } from 'kysely';

/** Durable timers: Slack side effects waiting to be delivered, incident clocks, watches. */
export interface TimerTables {
  timers: {
    /** Given by the store on insert. */
    id: Generated<number>;
    kind: string;
    subject: string;
    due_at: number;
    /** JSON object text; `{}` unless given. */
    payload: Generated<string>;
    created_at: number;
    /** 0 unless given. */
    attempts: Generated<number>;
    claimed_by: string | null;
    claimed_until: number | null;
    fired_at: number | null;
    cancelled_at: number | null;
    last_error: string | null;
    claimed_at: number | null;
  };
}
