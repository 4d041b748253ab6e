import { userInfo } from 'node:os';
import { Command, type CommanderError } from 'commander';
import type { Actor } from '../core/actor.js';
import { AgentTokens } from '../services/agents/agent-tokens.js';
import { AgentTokenRepository } from '../store/agent-token-repository.js';
import { EventLog } from '../store/event-log.js';
import { agentListTable } from './agent-list-table.js';
import { openCliStore } from './open-cli-store.js';

/** What one `shipgate agent …` printed and exits with: 0 done, 1 refused, 2 bad usage. */
export interface AgentCliResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Where and as whom `shipgate agent` works; unset, the store follows the runtime contract (`SHIPGATE_DATABASE_URL`,
 * else `SHIPGATE_DB`).
 */
export interface AgentCliOptions {
  readonly db?: string | undefined;
  /** Recorded on the events as the actor (default `cli:<os user>`). */
  readonly by?: string | undefined;
}

const done = (stdout: string, stderr = ''): AgentCliResult => ({ exitCode: 0, stdout, stderr });
const refused = (message: string): AgentCliResult => ({
  exitCode: 1,
  stdout: '',
  stderr: `shipgate agent: ${message}\n`,
});
const usage = (message: string): AgentCliResult => ({
  exitCode: 2,
  stdout: '',
  stderr: `shipgate agent: ${message}\n`,
});
const list = (text: string | undefined) =>
  text
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function operator(options: AgentCliOptions, env: NodeJS.ProcessEnv): Actor {
  if (options.by?.trim()) return { id: options.by.trim(), kind: 'human' };
  let name = env.USER || env.USERNAME || 'operator';
  try {
    name = userInfo().username || name;
  } catch {
    // no passwd entry for this uid (a container): the environment's name stands
  }
  return { id: `cli:${name}`, kind: 'human' };
}

/**
 * Runs `work` on the token service over the store (`--db`, else PostgreSQL when `SHIPGATE_DATABASE_URL` is set, else
 * `SHIPGATE_DB`; see {@link openCliStore}), the same one a running Shipgate reads per request. It is migrated as
 * Shipgate would, and made when `create` (`agent add` may run before Shipgate ever started); otherwise it must exist.
 */
async function withTokens(
  options: AgentCliOptions,
  env: NodeJS.ProcessEnv,
  create: boolean,
  work: (tokens: AgentTokens, by: Actor) => Promise<AgentCliResult>,
): Promise<AgentCliResult> {
  const opening = await openCliStore({ db: options.db, env }, create ? 'create' : 'write');
  if (!opening.ok) return refused(opening.reason);
  const { runner } = opening.store;
  try {
    const tokens = new AgentTokens({
      registry: new AgentTokenRepository(runner),
      events: new EventLog(runner),
      clock: { now: () => new Date() },
      tx: { transaction: (inside) => runner.transaction(inside) },
    });
    return await work(tokens, operator(options, env));
  } finally {
    await opening.store.close();
  }
}

/** The `agent` subcommands as plain functions of their arguments (the commands below print what these return). */
export const agentCli = {
  add(
    name: string,
    options: AgentCliOptions & { scopes?: string | undefined; channels?: string | undefined },
    env: NodeJS.ProcessEnv = process.env,
  ): Promise<AgentCliResult> {
    return withTokens(options, env, true, async (tokens, by) => {
      const outcome = await tokens.add(
        { name, scopes: list(options.scopes), channels: list(options.channels) },
        by,
      );
      if (!outcome.ok) return outcome.refusal === 'usage' ? usage(outcome.reason) : refused(outcome.reason);
      const { agent } = outcome;
      const explanation = [
        `Added agent ${agent.name} with the scopes ${agent.scopes.join(', ')}${agent.channels.length ? ` and the private channels ${agent.channels.join(', ')}` : ''}.`,
        'Its token follows, shown this once: Shipgate keeps only its SHA-256 hash. Store it as a secret and send it',
        'as `Authorization: Bearer <token>` to /api/v1 and /mcp. Revoke it with `npx shipgate agent revoke <name>`.',
      ];
      return done(`${outcome.token}\n`, `${explanation.join('\n')}\n`);
    });
  },
  list(options: AgentCliOptions, env: NodeJS.ProcessEnv = process.env): Promise<AgentCliResult> {
    return withTokens(options, env, false, async (tokens) =>
      done(agentListTable(await tokens.list(), await tokens.suspension())),
    );
  },
  revoke(
    name: string,
    options: AgentCliOptions,
    env: NodeJS.ProcessEnv = process.env,
  ): Promise<AgentCliResult> {
    return withTokens(options, env, false, async (tokens, by) => {
      const outcome = await tokens.revoke(name, by);
      if (!outcome.ok) return refused(outcome.reason);
      return done(`Revoked agent ${name}: its next request answers 401.\n`);
    });
  },
  suspend(
    options: AgentCliOptions & { reason?: string | undefined },
    env: NodeJS.ProcessEnv = process.env,
  ): Promise<AgentCliResult> {
    return withTokens(options, env, false, async (tokens, by) => {
      await tokens.suspend(by, options.reason?.trim() || 'suspended from the command line');
      return done('Suspended every agent token: each answers 401 until `npx shipgate agent resume`.\n');
    });
  },
  resume(options: AgentCliOptions, env: NodeJS.ProcessEnv = process.env): Promise<AgentCliResult> {
    return withTokens(options, env, false, async (tokens, by) =>
      (await tokens.resume(by))
        ? done('Resumed: agent tokens work again.\n')
        : refused('agents are not suspended'),
    );
  },
};

function print(result: AgentCliResult): void {
  process.stderr.write(result.stderr);
  process.stdout.write(result.stdout);
  process.exitCode = result.exitCode;
}

const DB_OPTION = [
  '--db <path>',
  'a SQLite database (default: PostgreSQL when $SHIPGATE_DATABASE_URL is set, else $SHIPGATE_DB or data/shipgate.db)',
] as const;
const BY_OPTION = [
  '--by <who>',
  'who is acting, for the audit trail (default: cli:<your user name>)',
] as const;

/** Usage errors (a missing argument, an unknown option) exit 2, as a refusal exits 1. */
function usageExit(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : 2);
}

/**
 * `shipgate agent add|list|revoke|suspend|resume`: AI agent tokens in the Shipgate store, which a running
 * Shipgate reads on every request (a change counts at once, no restart).
 */
export function agentCliCommand(): Command {
  const agent = new Command('agent')
    .description('manage AI agent tokens for /api/v1 and /mcp; exit 0 done, 1 refused, 2 bad usage')
    .exitOverride(usageExit);
  agent
    .command('add')
    .description('add an agent token and print it once, alone on the last line')
    .argument('<name>', 'the agent, e.g. ci-bot (a-z, 0-9, -)')
    .option('--scopes <list>', 'comma-separated: read, recommend, annotate, alert (default: all four)')
    .option(
      '--channels <list>',
      'comma-separated private incident channel ids the token may see, e.g. C0123ABCD',
    )
    .option(...DB_OPTION)
    .option(...BY_OPTION)
    .action(async (name: string, options) => print(await agentCli.add(name, options)));
  agent
    .command('list')
    .description('list agent tokens: name, scopes, channels, created, last used, revoked (never the token)')
    .option(...DB_OPTION)
    .action(async (options) => print(await agentCli.list(options)));
  agent
    .command('revoke')
    .description("revoke an agent's token: its next request answers 401")
    .argument('<name>', 'the agent')
    .option(...DB_OPTION)
    .option(...BY_OPTION)
    .action(async (name: string, options) => print(await agentCli.revoke(name, options)));
  agent
    .command('suspend')
    .description('emergency stop: every agent token answers 401 until resume')
    .option('--reason <text>', 'why, for the audit trail')
    .option(...DB_OPTION)
    .option(...BY_OPTION)
    .action(async (options) => print(await agentCli.suspend(options)));
  agent
    .command('resume')
    .description('lift the emergency stop')
    .option(...DB_OPTION)
    .option(...BY_OPTION)
    .action(async (options) => print(await agentCli.resume(options)));
  return agent;
}
