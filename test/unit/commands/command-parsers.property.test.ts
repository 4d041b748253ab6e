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
  '\uFEFF8.0.0',
  '"\uFEFF8.0.0"',
  '8.0.0\u200B',
  '" 6.0.0 "',
  '"7.0.0\n"',
  '"\t7.0.0"',
  '"\u00A06.0.0"',
  '\u202Echeckout',
  'checkout\u200D',
  'DEP-2026-0042\u2060',
  'INC-2026-0001\u200B',
  'SEV-1\uFEFF',
  '\u2066x\u2069',
  '\u0000',
  '\u0007',
  '\u001B[31m',
  '\u0085',
  '\u00AD',
  '\uD800',
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
  '/release': ['suggest', 'notes', 'changelog', 'help'],
  '/readiness': ['checkout', 'checklist', 'help'],
  '/shipgate': ['agents stop', 'agents', 'audit verify', 'help'],
};

/** Characters that must never hide in a word that becomes an identifier (with the name each refusal gives). */
const HIDDEN: readonly (readonly [string, string])[] = [
  ['\uFEFF', 'U+FEFF (zero width no-break space)'],
  ['\u200B', 'U+200B (zero width space)'],
  ['\u200C', 'U+200C (zero width non-joiner)'],
  ['\u200D', 'U+200D (zero width joiner)'],
  ['\u2060', 'U+2060 (word joiner)'],
  ['\u00AD', 'U+00AD (soft hyphen)'],
  ['\u200E', 'U+200E (left-to-right mark)'],
  ['\u202E', 'U+202E (right-to-left override)'],
  ['\u2067', 'U+2067 (right-to-left isolate)'],
  ['\u0000', 'U+0000 (null)'],
  ['\u0007', 'U+0007 (bell)'],
  ['\u001B', 'U+001B (escape)'],
  ['\u007F', 'U+007F (delete)'],
  ['\u0085', 'U+0085 (next line)'],
  ['\u009B', 'U+009B (control)'],
  ['\u00A0', 'U+00A0 (no-break space)'],
  ['\u3164', 'U+3164 (hangul filler)'],
];

/** Commands whose words become identifiers: a template with one word to hide a character in. */
const identifierWords: readonly (readonly [string, string, string])[] = [
  ['/deploy', 'checkout {} --dry-run', '2.5.4'],
  ['/deploy', '{} 2.5.4', 'checkout'],
  ['/deploy', 'checkout 2.5.4 --env {}', 'production'],
  ['/deploy', 'cancel {}', 'DEP-2026-0042'],
  ['/rollback', 'checkout --to {}', '2.5.3'],
  ['/incident', 'declare {} Checkout down', 'SEV-1'],
  ['/incident', 'role {} @bob', 'scribe'],
  ['/release', 'notes checkout {}', '2.5.4'],
  ['/readiness', '{} 2.5.4', 'checkout'],
];

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

describe('words that become identifiers', () => {
  it('refuse an invisible or control character anywhere in them, quoted or not, naming it', async () => {
    // A no-break space separates words like a space unless it is quoted, so it can only hide inside quotes.
    const commands = new Map(allCommands().map((c) => [c.name, c]));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...identifierWords),
        fc.constantFrom(...HIDDEN),
        fc.nat(),
        fc.boolean(),
        async ([name, template, word], [hidden, label], at, quoted) => {
          const cut = at % (word.length + 1);
          const spoiled = `${word.slice(0, cut)}${hidden}${word.slice(cut)}`;
          const separates = /[^\S\uFEFF]/.test(hidden);
          const text = template.replace('{}', quoted || separates ? `"${spoiled}"` : spoiled);
          const result = await commands.get(name)?.run(text, context);
          expect(result?.outcome).toBe('invalid');
          expect(result?.reply.text).toContain(`character ${label} at position ${cut + 1}`);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

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
