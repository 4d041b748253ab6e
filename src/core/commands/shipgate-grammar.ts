import { z } from 'zod';
import type { CommandGrammar } from './command-grammar.js';
import { helpSubcommand, subcommand } from './subcommand.js';

/** What `/shipgate` was asked to do. */
export type ShipgateRequest =
  | { kind: 'help' }
  | { kind: 'agents'; action: 'stop' | 'resume' | 'status' }
  | { kind: 'audit_verify' };

/** `/shipgate` usage, shown by `help` and with every mistake. */
export const shipgateUsage = [
  '/shipgate agents stop     (engineering lead or on-call: suspends every agent token at once)',
  '/shipgate agents resume   (engineering lead or on-call)',
  '/shipgate agents status',
  '/shipgate audit verify',
  '/shipgate help',
];

/** The grammar of `/shipgate`. */
export const shipgateGrammar: CommandGrammar<ShipgateRequest> = {
  command: '/shipgate',
  subcommands: {
    help: helpSubcommand(),
    agents: subcommand({}, (read) => {
      read.atMost(1);
      const action = read.required(
        0,
        'agents action (stop, resume or status)',
        z.enum(['stop', 'resume', 'status'], { error: () => 'expected "stop", "resume" or "status"' }),
      );
      return { kind: 'agents', action };
    }),
    audit: subcommand({}, (read) => {
      read.atMost(1);
      read.required(0, 'audit action (verify)', z.literal('verify', { error: () => 'expected "verify"' }));
      return { kind: 'audit_verify' };
    }),
  },
};
