import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SecretValues } from '../../src/core/text/secret-values.js';
import { boltLogger, createLogger, redactSecretValues, scrubSecrets } from '../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

describe('logging', () => {
  it('redacts secrets by field name at any depth', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        token: 'abc',
        slack: { signingSecret: 'shh', botToken: 'xyz' },
        headers: { authorization: 'Bearer q' },
      },
      'hi',
    );
    const out = lines.join('');
    expect(out).not.toMatch(/"abc"|shh|xyz|Bearer q/);
    expect(out).toContain('[redacted]');
  });

  it('scrubs tokens and signatures that appear inside messages and errors', () => {
    const { lines, logger } = capture();
    logger.error(
      { err: new Error('invalid_auth for xoxb-1234-5678-abcdef') },
      'call failed with xapp-1-A0-99-ff',
    );
    boltLogger(logger).warn(
      'signature v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503 mismatched',
    );
    const out = lines.join('');
    expect(out).not.toMatch(/xoxb-1234|xapp-1-A0|a2114d57b48e/);
    expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('redacts configured secret values of any shape, once start-up has handed them over', () => {
    const { lines, logger } = capture();
    const key = 'R0UTINGKEY0123456789abcdefABCDEF';
    const child = logger.child({ component: 'pagerduty' });
    expect(redactSecretValues(logger, SecretValues.of([key]))).toBe(true);
    child.warn(
      { err: new Error(`Invalid routing key ${key}`), detail: { body: `{"routing_key":"${key}"}` } },
      `page failed for ${key}`,
    );
    boltLogger(logger).error(`enqueue answered 400: ${key}`);
    const out = lines.join('');
    expect(out).not.toContain(key);
    expect(out.match(/\[redacted\]/g)?.length).toBe(5);
  });

  it('says when a logger was not made by createLogger and cannot redact by value', async () => {
    const { default: pino } = await import('pino');
    expect(redactSecretValues(pino({ level: 'silent' }), SecretValues.of(['abcdefgh12']))).toBe(false);
  });

  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('deploy checkout 2.5.4 approved by U0BOB')).toBe(
      'deploy checkout 2.5.4 approved by U0BOB',
    );
  });
});

describe('logging errors', () => {
  it('keeps the error message and stack of a logged error', () => {
    const { lines, logger } = capture();
    logger.error({ err: new Error('channel_not_found') }, 'post failed');
    const entry = JSON.parse(lines[0] as string) as { err: { type: string; message: string; stack: string } };
    expect(entry.err.type).toBe('Error');
    expect(entry.err.message).toBe('channel_not_found');
    expect(entry.err.stack).toContain('logger.test.ts');
  });
});
