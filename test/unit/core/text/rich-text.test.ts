import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPlainText } from '../../../../src/core/text/plain-text.js';
import {
  channelLink,
  configuredChannel,
  instant,
  joinRich,
  markup,
  mention,
  mentionList,
  rich,
} from '../../../../src/core/text/rich-text.js';
import { chunkMrkdwn, escapeMrkdwn, toMrkdwn } from '../../../../src/slack/render-mrkdwn.js';

const at = new Date('2026-12-02T09:00:00Z');

describe('RichText', () => {
  it('treats interpolated strings as text someone wrote and the literal copy as markup', () => {
    const title = '<!channel> *bold* & <https://evil.example|bank>';
    const message = rich`:rotating_light: *${title}* by ${mention('U0BOB')} in ${channelLink('C0INC')} at ${instant(at)}`;
    expect(toMrkdwn(message)).toBe(
      ':rotating_light: *&lt;!channel&gt; *bold* &amp; &lt;https://evil.example|bank&gt;* by <@U0BOB> in <#C0INC> at <!date^1796202000^{date_short_pretty} {time}|2026-12-02 09:00 UTC>',
    );
    expect(toPlainText(message)).toBe(
      `:rotating_light: *${title}* by @U0BOB in #C0INC at 2026-12-02 09:00 UTC`,
    );
  });

  it('keeps nested messages, numbers and joins as they were composed', () => {
    const inner = rich`${3} of ${'<5>'}`;
    expect(toMrkdwn(rich`[${inner}]`)).toBe('[3 of &lt;5&gt;]');
    expect(toMrkdwn(joinRich(['a<b', markup('*c*'), mention('U1')], ' · '))).toBe('a&lt;b · *c* · <@U1>');
    expect(toMrkdwn(mentionList([], 'nobody available'))).toBe('nobody available');
    expect(toMrkdwn(mentionList(['U1', 'U2'], 'nobody'))).toBe('<@U1> or <@U2>');
    expect(rich``.isEmpty).toBe(true);
  });

  it('shows times in the three styles, as Slack tokens with a UTC fallback', () => {
    expect(toMrkdwn(instant(at, 'time'))).toBe('<!date^1796202000^{time}|09:00 UTC>');
    expect(toMrkdwn(instant(at, 'date'))).toBe('<!date^1796202000^{date_short_pretty}|2026-12-02>');
  });

  it('links a configured channel id and shows a configured #name as written', () => {
    expect(toMrkdwn(configuredChannel('C0STATUS'))).toBe('<#C0STATUS>');
    expect(toMrkdwn(configuredChannel('#status'))).toBe('#status');
  });

  it('never lets user text become markup in Slack, whatever it holds', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('<', '>', '&', '!', '@', '#', 'a', '|', ' ') }),
        (text) => {
          const rendered = toMrkdwn(rich`>${text}<`);
          const inner = rendered.slice(1, -1);
          expect(inner).not.toMatch(/[<>]/);
          expect(inner).toBe(escapeMrkdwn(text));
        },
      ),
    );
  });

  it('cuts a long message without breaking a mention, a date token or an escape', () => {
    const message = rich`${'x&'.repeat(10)} ${mention('U0BOB')} ${instant(at)}`;
    for (let max = 1; max < toMrkdwn(message).length; max++) {
      const cut = toMrkdwn(message, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/&(a|am)?…$|<[^>]*…$/);
    }
  });

  it('splits a long answer into Slack sections at line breaks', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    const chunks = chunkMrkdwn(lines.join('\n'));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.length <= 3000)).toBe(true);
    expect(chunks.join('\n')).toBe(lines.join('\n'));
  });
});
