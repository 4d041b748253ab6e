import { describe, expect, it } from 'vitest';
import { rich } from '../../../src/core/text/rich-text.js';
import { SecretValues } from '../../../src/core/text/secret-values.js';
import { toMrkdwn } from '../../../src/slack/render-mrkdwn.js';

const KEY = 'R0UTINGKEY0123456789abcdefABCDEF';
const secrets = SecretValues.of([KEY]);

describe('toMrkdwn with secret values', () => {
  it('redacts them from text people or upstreams wrote, and escapes the rest as before', () => {
    const upstream = `<!channel> bad key ${KEY}`;
    expect(toMrkdwn(rich`:x: PagerDuty said: ${upstream}`, undefined, secrets)).toBe(
      ':x: PagerDuty said: &lt;!channel&gt; bad key [redacted]',
    );
  });

  it('redacts before cutting, so a cut through a secret leaves no part of it behind', () => {
    const upstream = `${'x'.repeat(30)}${KEY}${'y'.repeat(30)}`;
    const cut = toMrkdwn(rich`out: ${upstream}`, 50, secrets);
    expect(cut).toBe(`out: ${'x'.repeat(30)}[redacted]yyyy…`);
    expect(toMrkdwn(rich`out: ${upstream}`, 50)).toContain(KEY.slice(0, 14));
  });
});
