import type { CommandGrammar } from './command-grammar.js';
import { helpSubcommand, subcommand, UsageError } from './subcommand.js';
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
      /** `--security "<reason>"`: a security rollback (trigger `security_incident`, SEV-1 security incident after). */
      security: string | undefined;
      dryRun: boolean;
    }
  | { kind: 'status'; service: string | undefined };

/** `/rollback` usage, shown by `help` and with every mistake. */
export const rollbackUsage = [
  '/rollback <service> [--env production] [--to <version>] [--reason "<text>"] [--dry-run]',
  '/rollback <service> [--env production] [--to <version>] --security "<reason>" [--dry-run]',
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
  fallback: subcommand(
    { env: 'string', to: 'string', reason: 'string', security: 'string', 'dry-run': 'boolean' },
    (read) => {
      const service = read.required(0, 'service', nameSchema);
      read.atMost(1);
      const security = read.flag('security', reasonSchema);
      const reason = read.flag('reason', reasonSchema);
      if (security !== undefined && reason !== undefined)
        throw new UsageError(
          'give the reason once: `--security "<reason>"` is the reason of a security rollback',
        );
      return {
        kind: 'rollback',
        service,
        env: read.flag('env', nameSchema),
        to: read.flag('to', versionSchema),
        reason,
        security,
        dryRun: read.has('dry-run'),
      };
    },
  ),
};
