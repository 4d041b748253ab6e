import type Database from 'better-sqlite3';
import { chainLegacyEvents } from './chain-legacy-events.js';

/**
 * Gives each approval its place among its deploy's approvals, so two approvals in the same millisecond keep the
 * order they were given in on either store (SQLite's rowid, which the order used to rely on, is that order).
 */
export const DEPLOY_APPROVAL_ORDER_SQLITE = `
  ALTER TABLE deploy_approvals ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
  UPDATE deploy_approvals SET seq = rowid;
  `;

/**
 * The timers' fencing token (issue #14): bumped by every claim, so a scheduler whose lease was taken over and
 * claimed again (by another replica, or by itself after a pause) can no longer complete, release or renew it.
 * The same text runs on both stores.
 */
export const TIMER_LEASE_TOKEN_SQL = 'ALTER TABLE timers ADD COLUMN lease_token INTEGER NOT NULL DEFAULT 0';

/** One schema step: SQL to execute, or a function for a step SQL alone cannot do (it runs in the same transaction). */
export type Migration = string | ((db: Database.Database) => void);

/**
 * Versioned schema migrations, applied in order at start-up. Each entry runs once; the applied version is kept
 * in SQLite's `user_version` pragma. Append new migrations; never edit one that has shipped.
 */
export const migrations: readonly Migration[] = [
  `
  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('human', 'bot', 'agent')),
    subject TEXT NOT NULL,
    type TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX events_subject ON events (subject, id);
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

  CREATE TABLE timers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    claimed_until INTEGER,
    fired_at INTEGER,
    cancelled_at INTEGER,
    last_error TEXT
  );
  CREATE INDEX timers_pending ON timers (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
  CREATE INDEX timers_subject ON timers (subject, kind);

  CREATE TABLE inbound_requests (
    key TEXT PRIMARY KEY,
    received_at INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );

  CREATE TABLE slack_messages (
    subject TEXT NOT NULL,
    slot TEXT NOT NULL,
    channel TEXT NOT NULL,
    ts TEXT,
    PRIMARY KEY (subject, slot)
  );

  CREATE TABLE deploys (
    id TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    env TEXT NOT NULL,
    version TEXT NOT NULL,
    previous_version TEXT,
    bump TEXT NOT NULL,
    strategy TEXT NOT NULL,
    state TEXT NOT NULL,
    phase TEXT NOT NULL DEFAULT 'awaiting',
    requester TEXT NOT NULL,
    channel TEXT NOT NULL,
    emergency_reason TEXT,
    needs_review INTEGER NOT NULL DEFAULT 0,
    required_roles TEXT NOT NULL,
    on_call TEXT NOT NULL DEFAULT '{"members":[],"source":"config"}',
    validations TEXT NOT NULL DEFAULT '[]',
    steps TEXT NOT NULL DEFAULT '[]',
    live_color TEXT,
    target_color TEXT,
    outcome TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    finished_at INTEGER
  );
  CREATE INDEX deploys_lane ON deploys (service, env, state, created_at);

  CREATE TABLE deploy_approvals (
    deploy_id TEXT NOT NULL REFERENCES deploys (id),
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    in_place_of TEXT NOT NULL DEFAULT '[]',
    at INTEGER NOT NULL,
    PRIMARY KEY (deploy_id, user_id)
  );

  CREATE TABLE lanes (
    service TEXT NOT NULL,
    env TEXT NOT NULL,
    holder TEXT NOT NULL REFERENCES deploys (id),
    since INTEGER NOT NULL,
    PRIMARY KEY (service, env)
  );
  `,
  `
  CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    private INTEGER NOT NULL DEFAULT 0,
    service TEXT,
    declared_by TEXT NOT NULL,
    declared_in TEXT NOT NULL,
    commander TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '{}',
    channel_id TEXT,
    channel_name TEXT,
    pagerduty TEXT NOT NULL DEFAULT '{"state":"not_paged"}',
    resolution TEXT,
    declared_at INTEGER NOT NULL,
    acknowledged_at INTEGER,
    resolved_at INTEGER,
    reviewed_at INTEGER,
    last_update_at INTEGER,
    customer_notice TEXT,
    customer_notice_state TEXT NOT NULL DEFAULT 'none',
    updated_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX incidents_channel ON incidents (channel_id) WHERE channel_id IS NOT NULL;

  `,
  `
  ALTER TABLE slack_messages ADD COLUMN rendered TEXT;
  `,
  `
  CREATE INDEX deploys_history ON deploys (service, env, state, finished_at, id);
  `,
  `
  CREATE TABLE slack_request_signatures (
    timestamp INTEGER NOT NULL,
    signature BLOB NOT NULL,
    PRIMARY KEY (timestamp, signature)
  ) WITHOUT ROWID;
  `,
  `
  CREATE TABLE slack_attempts (
    key TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    ts TEXT,
    attempted_at INTEGER NOT NULL,
    done_at INTEGER
  );
  `,
  `
  ALTER TABLE timers ADD COLUMN claimed_at INTEGER;
  `,
  `
  ALTER TABLE deploys ADD COLUMN kind TEXT NOT NULL DEFAULT 'deploy';
  ALTER TABLE deploys ADD COLUMN rollback_of TEXT;
  ALTER TABLE deploys ADD COLUMN survived INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE deploys ADD COLUMN watch TEXT;
  CREATE TABLE blocked_versions (
    service TEXT NOT NULL,
    env TEXT NOT NULL,
    version TEXT NOT NULL,
    blocked_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    deploy_id TEXT NOT NULL,
    blocked_at INTEGER NOT NULL,
    PRIMARY KEY (service, env, version)
  );
  `,
  `
  ALTER TABLE incidents ADD COLUMN security INTEGER NOT NULL DEFAULT 0;
  `,
  `
  ALTER TABLE deploys ADD COLUMN release TEXT;
  ALTER TABLE deploys ADD COLUMN readiness TEXT;
  CREATE TABLE releases (
    service TEXT NOT NULL,
    version TEXT NOT NULL,
    env TEXT NOT NULL,
    deploy_id TEXT NOT NULL,
    commit_sha TEXT,
    tag TEXT NOT NULL,
    state TEXT NOT NULL,
    detail TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (service, version)
  );
  CREATE TABLE readiness_attestations (
    service TEXT NOT NULL,
    item_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    version TEXT,
    at INTEGER NOT NULL,
    PRIMARY KEY (service, item_id)
  );
  CREATE TABLE deploy_checklist_ticks (
    deploy_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (deploy_id, item_id)
  );
  `,
  `
  CREATE TABLE events_chained (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('human', 'bot', 'agent', 'shipgate')),
    subject TEXT NOT NULL,
    type TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT,
    hash TEXT
  );
  INSERT INTO events_chained (id, at, actor, actor_kind, subject, type, payload)
    SELECT id, at, actor, CASE WHEN actor = 'shipgate' THEN 'shipgate' ELSE actor_kind END, subject, type, payload
    FROM events ORDER BY id;
  DROP TABLE events;
  ALTER TABLE events_chained RENAME TO events;
  CREATE INDEX events_subject ON events (subject, id);
  CREATE INDEX events_actor_kind ON events (actor_kind, id);
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
  `,
  chainLegacyEvents,
  `
  CREATE TABLE agent_tokens (
    name TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    channels TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at INTEGER,
    last_used_at INTEGER
  );
  CREATE TABLE agent_switch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    changed_by TEXT,
    changed_at INTEGER,
    reason TEXT
  );
  INSERT INTO agent_switch (id, suspended) VALUES (1, 0);
  `,
  DEPLOY_APPROVAL_ORDER_SQLITE,
  TIMER_LEASE_TOKEN_SQL,
];
