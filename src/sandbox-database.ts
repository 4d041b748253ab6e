import { dirname, join } from 'node:path';

/** Where the sandbox keeps its own database unless told otherwise: never the file a real installation uses. */
export const SANDBOX_DB = 'data/sandbox.db';

/**
 * The sandbox's SQLite file: `SHIPGATE_SANDBOX_DB`, else an explicitly set `SHIPGATE_DB`, else `data/sandbox.db`. The
 * sandbox keeps its story across restarts in it, and a later start with real Slack tokens (on `data/shipgate.db`)
 * never inherits the sandbox's deploys, approvals or incidents.
 */
export function sandboxDatabase(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHIPGATE_SANDBOX_DB?.trim() || env.SHIPGATE_DB?.trim() || SANDBOX_DB;
}

/** Every file the sandbox writes beside its database: the database with its WAL files, `sandbox.json`, the workspace. */
export function sandboxFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const db = sandboxDatabase(env);
  return [db, `${db}-wal`, `${db}-shm`, join(dirname(db), 'sandbox.json'), sandboxWorkspaceFile(env)];
}

/** Where the sandbox saves its Slack stand-in's workspace (channels, messages, pins…): beside its database. */
export function sandboxWorkspaceFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(dirname(sandboxDatabase(env)), 'sandbox-slack.json');
}
