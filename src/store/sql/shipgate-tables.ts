import type { AgentTables } from './tables/agent-tables.js';
import type { CounterTables } from './tables/counters-tables.js';
import type { DeployTables } from './tables/deploys-tables.js';
import type { InboundTables } from './tables/inbound-tables.js';
import type { IncidentTables } from './tables/incident-tables.js';
import type { ReadinessTables } from './tables/readiness-tables.js';
import type { ReleaseTables } from './tables/releases-tables.js';
import type { SlackTables } from './tables/slack-tables.js';
import type { TimerTables } from './tables/timers-tables.js';

/**
 * The tables as the dialect-neutral queries see them (kysely's `Database` type): one definition both SQLite and
 * PostgreSQL compile against, so a query that type-checks here runs on either store. Tables join this type as their
 * repositories move onto the neutral queries (issue #14); the schema itself is in the migrations. Each group of
 * tables has its own file under `tables/`; a repository that moves here adds its group to this list.
 */
export interface ShipgateTables
  extends AgentTables,
    CounterTables,
    DeployTables,
    IncidentTables,
    InboundTables,
    ReadinessTables,
    ReleaseTables,
    SlackTables,
    TimerTables {}
