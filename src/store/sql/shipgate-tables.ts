/**
 * The tables as the dialect-neutral queries see them (kysely's `Database` type): one definition both SQLite and
 * PostgreSQL compile against, so a query that type-checks here runs on either store. Tables join this type as their
 * repositories move onto the neutral queries (issue #14); the schema itself is in the migrations.
 */
export interface ShipgateTables {
  inbound_requests: {
    key: string;
    received_at: number;
  };
  readiness_attestations: {
    service: string;
    item_id: string;
    user_id: string;
    role: string;
    version: string | null;
    at: number;
  };
  slack_messages: {
    subject: string;
    slot: string;
    channel: string;
    ts: string | null;
    rendered: string | null;
  };
  slack_attempts: {
    key: string;
    channel: string;
    ts: string | null;
    attempted_at: number;
    done_at: number | null;
  };
  releases: {
    service: string;
    version: string;
    env: string;
    deploy_id: string;
    commit_sha: string | null;
    tag: string;
    state: string;
    detail: string | null;
    created_at: number;
    updated_at: number;
  };
}
