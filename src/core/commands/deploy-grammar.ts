import { z } from 'zod';
import type { CommandGrammar } from './command-grammar.js';
import { helpSubcommand, subcommand } from './subcommand.js';
import {
  deployIdSchema,
  nameSchema,
  reasonSchema,
  strategySchema,
  versionSchema,
  wordSchema,
} from './values.js';

/** What `/deploy` was asked to do. */
export type DeployRequest =
  | { kind: 'help' }
  | {
      kind: 'deploy';
      service: string;
      version: string;
      env: string | undefined;
      strategy: 'blue-green' | 'canary' | 'rolling' | 'recreate' | undefined;
      dryRun: boolean;
      emergency: string | undefined;
      /** `--migration`: the release needs a database migration (the release notes' Deployment Notes). */
      migration: boolean;
      /** `--rollback-procedure "<text>"`: how to roll this release back, when not the standard runbook. */
      rollbackProcedure: string | undefined;
    }
  | { kind: 'status'; target: string | undefined }
  | { kind: 'queue'; service: string | undefined }
  | { kind: 'cancel'; id: string }
  | { kind: 'watch_stop'; id: string }
  | { kind: 'unblock'; service: string; version: string | undefined; env: string | undefined };

/** `/deploy` usage, shown by `help` and with every mistake. */
export const deployUsage = [
  '/deploy <service> <version> [--env production] [--strategy blue-green|canary|rolling|recreate] [--dry-run] [--emergency "<reason>"] [--migration] [--rollback-procedure "<text>"]',
  '/deploy status [DEP-id|service]',
  '/deploy queue [service]',
  '/deploy cancel <DEP-id>',
  '/deploy watch stop <DEP-id>',
  '/deploy unblock <service> [<version>] [--env production]',
  '/deploy help',
];

/** The grammar of `/deploy`. */
export const deployGrammar: CommandGrammar<DeployRequest> = {
  command: '/deploy',
  subcommands: {
    help: helpSubcommand(),
    status: subcommand({}, (read) => {
      read.atMost(1);
      const target = read.optional(0, 'deploy id or service', wordSchema.pipe(deployIdSchema.or(nameSchema)));
      return { kind: 'status', target };
    }),
    queue: subcommand({}, (read) => {
      read.atMost(1);
      return { kind: 'queue', service: read.optional(0, 'service', nameSchema) };
    }),
    cancel: subcommand({}, (read) => {
      read.atMost(1);
      return { kind: 'cancel', id: read.required(0, 'deploy id', deployIdSchema) };
    }),
    watch: subcommand({}, (read) => {
      read.atMost(2);
      read.required(0, 'watch action (stop)', z.literal('stop', { error: () => 'expected "stop"' }));
      return { kind: 'watch_stop', id: read.required(1, 'deploy id', deployIdSchema) };
    }),
    unblock: subcommand({ env: 'string' }, (read) => {
      read.atMost(2);
      return {
        kind: 'unblock',
        service: read.required(0, 'service', nameSchema),
        version: read.optional(1, 'version', versionSchema),
        env: read.flag('env', nameSchema),
      };
    }),
  },
  fallback: subcommand(
    {
      env: 'string',
      strategy: 'string',
      'dry-run': 'boolean',
      emergency: 'string',
      migration: 'boolean',
      'rollback-procedure': 'string',
    },
    (read) => {
      const service = read.required(0, 'service', nameSchema);
      const version = read.required(1, 'version', versionSchema);
      read.atMost(2);
      const emergency = read.flag('emergency', reasonSchema);
      return {
        kind: 'deploy',
        service,
        version,
        env: read.flag('env', nameSchema),
        strategy: read.flag('strategy', strategySchema),
        dryRun: read.has('dry-run'),
        emergency,
        migration: read.has('migration'),
        rollbackProcedure: read.flag('rollback-procedure', reasonSchema),
      };
    },
  ),
};
