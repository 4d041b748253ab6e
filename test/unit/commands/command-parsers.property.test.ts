import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../../commands/index.js';
import { escapeMrkdwn } from '../../../src/slack/render-mrkdwn.js';
import type { CommandContext } from '../../../src/slack/slash-command.js';

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
];

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
  }
});
