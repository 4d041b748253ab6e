import type { CommandGrammar } from './command-grammar.js';
import { helpSubcommand, subcommand } from './subcommand.js';
import { nameSchema, reasonSchema, versionSchema } from './values.js';

/** What `/rollback` was asked to do. */
export type RollbackRequest =
  | { kind: 'help' }
  | {
      kind: 'rollback';
      service: string;
      env: string | undefined;
      to: string | undefined;
      reason: string | undefined;
      dryRun: boolean;
    }
  | { kind: 'status'; service: string | undefined };

/** `/rollback` usage, shown by `help` and with every mistake. */
export const rollbackUsage = [
  '/rollback <service> [--env production] [--to <version>] [--reason "<text>"] [--dry-run]',
  '/rollback status [service]',
  '/rollback help',
];

/** The grammar of `/rollback`. */
export const rollbackGrammar: CommandGrammar<RollbackRequest> = {
  command: '/rollback',
  subcommands: {
    help: helpSubcommand(),
    status: subcommand({}, (read) => {
      read.atMost(1);
      return { kind: 'status', service: read.optional(0, 'service', nameSchema) };
    }),
  },
  fallback: subcommand({ env: 'string', to: 'string', reason: 'string', 'dry-run': 'boolean' }, (read) => {
    const service = read.required(0, 'service', nameSchema);
    read.atMost(1);
    return {
      kind: 'rollback',
      service,
      env: read.flag('env', nameSchema),
      to: read.flag('to', versionSchema),
      reason: read.flag('reason', reasonSchema),
      dryRun: read.has('dry-run'),
    };
  }),
};
