import type { CommandGrammar } from './command-grammar.js';
import { helpSubcommand, subcommand } from './subcommand.js';
import { nameSchema, versionSchema } from './values.js';

/** What `/readiness` was asked to do. */
export type ReadinessRequest =
  | { kind: 'help' }
  | { kind: 'checklist' }
  | { kind: 'assess'; service: string; version: string | undefined; env: string | undefined };

/** `/readiness` usage, shown by `help` and with every mistake. */
export const readinessUsage = [
  '/readiness <service> [<version>] [--env production]',
  '/readiness checklist',
  '/readiness help',
];

/** The grammar of `/readiness`. */
export const readinessGrammar: CommandGrammar<ReadinessRequest> = {
  command: '/readiness',
  subcommands: {
    help: helpSubcommand(),
    checklist: subcommand({}, (read) => {
      read.atMost(0);
      return { kind: 'checklist' } as const;
    }),
  },
  fallback: subcommand({ env: 'string' }, (read) => {
    const service = read.required(0, 'service', nameSchema);
    const version = read.optional(1, 'version', versionSchema);
    read.atMost(2);
    return { kind: 'assess', service, version, env: read.flag('env', nameSchema) };
  }),
};
