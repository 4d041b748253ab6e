import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../../commands/index.js';
import { escapeMrkdwn } from '../../../src/slack/render-mrkdwn.js';
import type { CommandContext } from '../../../src/slack/slash-command.js';
import { PROTOTYPE_NAMES } from '../../support/prototype-names.js';

const context: CommandContext = {
  userId: 'U0ALICE',
  channelId: 'C0DEPLOYS',
  teamId: 'T0SANDBOX',
  triggerId: '1.2.3',
  responseUrl: 'http://127.0.0.1/respond/1',
};

const words = [
  'help',
  'status',
  'queue',
  'cancel',
  'declare',
  'ack',
  'commander',
  'role',
  'severity',
  'update',
  'note',
  'action',
  'add',
  'resolve',
  'timeline',
  'report',
  'list',
  'notes',
  'changelog',
  'checklist',
  'checkout',
  '2.5.4',
  'v3.0.0',
  '1.2',
  'DEP-2026-0042',
  'INC-2026-0001',
  'SEV-1',
  'sev9',
  '--env',
  'production',
  '--dry-run',
  '--strategy',
  'canary',
  '--emergency',
  '--private',
  '--service',
  '--to',
  '--reason',
  '<@U0BOB|bob>',
  '@carol',
  'due:2026-12-01',
  'due:nope',
  '"',
  "'",
  '“quoted words”',
  '--',
  '---',
  '--env=staging',
  '<script>',
  '&amp;',
  ...PROTOTYPE_NAMES,
  ...PROTOTYPE_NAMES.map((name) => `--${name}`),
  ...PROTOTYPE_NAMES.map((name) => `--${name}=x`),
  ...PROTOTYPE_NAMES.map((name) => `--env=${name}`),
];

/** How each command's text may begin: a subcommand, or the words the fallback reads. */
const starts: Record<string, readonly string[]> = {
  '/deploy': ['checkout 2.5.4', 'status', 'queue', 'cancel', 'help'],
  '/rollback': ['checkout', 'status', 'help'],
  '/incident': ['declare SEV-1', 'ack', 'role', 'INC-2026-0001 note', 'list', 'help'],
  '/release': ['notes', 'changelog', 'help'],
  '/readiness': ['checkout', 'checklist', 'help'],
};

/** Words that are never read as flags or quotes, prototype names among them. */
const plainWords = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES, 'checkout', '2.5.4', 'SEV-2', '@bob', '-x', '--'),
  fc.stringMatching(/^[a-z0-9.@_-]{1,12}$/).filter((w) => !w.startsWith('--')),
);

/** Random command texts: arbitrary unicode, and sentences built from the commands' own vocabulary. */
const texts = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.array(fc.constantFrom(...words), { maxLength: 8 }).map((w) => w.join(' ')),
  fc
    .tuple(fc.array(fc.constantFrom(...words), { maxLength: 6 }), fc.string({ maxLength: 30 }))
    .map(([w, tail]) => `${w.join(' ')} ${tail}`),
  fc.string({ minLength: 1001, maxLength: 1500 }),
);

describe('every command parser', () => {
  for (const command of allCommands()) {
    it(`answers ${command.name} with its usage for any text, and never throws`, async () => {
      await fc.assert(
        fc.asyncProperty(texts, async (text) => {
          const result = await command.run(text, context);
          expect(result.reply.response_type).toBe('ephemeral');
          expect(result.reply.text).toContain(escapeMrkdwn(command.usage[0] ?? ''));
          expect(result.reply.blocks.length).toBeGreaterThan(0);
          for (const block of result.reply.blocks) {
            if (block.type === 'section') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
          }
          expect(['help', 'invalid', 'accepted', 'unavailable']).toContain(result.outcome);
        }),
        { numRuns: 2000 },
      );
    });

    it(`answers ${command.name} with \`--<prototype name>\` anywhere as an unknown flag`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...(starts[command.name] ?? [])),
          fc.array(plainWords, { maxLength: 4 }),
          fc.constantFrom(...PROTOTYPE_NAMES),
          fc.constantFrom('', '=x', `=${PROTOTYPE_NAMES[0]}`),
          fc.array(fc.oneof(plainWords, fc.constantFrom('--env', '--dry-run', '--private')), {
            maxLength: 4,
          }),
          async (start, before, name, value, after) => {
            const text = [start, ...before, `--${name}${value}`, ...after].join(' ');
            const result = await command.run(text, context);
            expect(result.outcome).toBe('invalid');
            expect(result.reply.text).toContain(`unknown flag \`--${name}\``);
            expect(result.reply.text).toContain(escapeMrkdwn(command.usage[0] ?? ''));
          },
        ),
        { numRuns: 500 },
      );
    });
  }
});
