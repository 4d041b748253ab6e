import type { CommandGrammar } from './command-grammar.js';
import { helpSubcommand, subcommand } from './subcommand.js';
import { gitRefSchema, nameSchema, versionSchema } from './values.js';

/** What `/release` was asked to do. */
export type ReleaseRequest =
  | { kind: 'help' }
  | { kind: 'suggest'; service: string }
  | { kind: 'notes'; service: string; version: string }
  | { kind: 'changelog'; service: string; from: string | undefined; to: string | undefined };

/** `/release` usage, shown by `help` and with every mistake. */
export const releaseUsage = [
  '/release suggest <service>',
  '/release notes <service> <version>',
  '/release changelog <service> [<from> [<to>]]   (versions, tags, branches or commits)',
  '/release help',
];

/** The grammar of `/release`. */
export const releaseGrammar: CommandGrammar<ReleaseRequest> = {
  command: '/release',
  subcommands: {
    help: helpSubcommand(),
    suggest: subcommand({}, (read) => {
      read.atMost(1);
      return { kind: 'suggest', service: read.required(0, 'service', nameSchema) };
    }),
    notes: subcommand({}, (read) => {
      read.atMost(2);
      return {
        kind: 'notes',
        service: read.required(0, 'service', nameSchema),
        version: read.required(1, 'version', versionSchema),
      };
    }),
    changelog: subcommand({}, (read) => {
      read.atMost(3);
      return {
        kind: 'changelog',
        service: read.required(0, 'service', nameSchema),
        from: read.optional(1, 'from', gitRefSchema),
        to: read.optional(2, 'to', gitRefSchema),
      };
    }),
  },
};
