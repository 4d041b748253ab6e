import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, SecretValues } from '../../../../src/core/text/secret-values.js';

const TOKEN = 'xoxb-1234-5678-abcdefABCDEF';
const KEY = 'R0UTINGKEY0123456789abcdefABCDEF';

describe('redactSecrets', () => {
  const secrets = SecretValues.of([TOKEN, KEY]);

  it('replaces every occurrence of every value and leaves the rest of the text as it is', () => {
    expect(redactSecrets(`token ${TOKEN}, key ${KEY}; again ${TOKEN}.`, secrets)).toBe(
      `token ${REDACTED}, key ${REDACTED}; again ${REDACTED}.`,
    );
  });

  it('returns the very same string when no secret occurs in it', () => {
    const text = 'PagerDuty answered HTTP 400: Invalid routing key';
    expect(redactSecrets(text, secrets)).toBe(text);
  });

  it('redacts overlapping values as one span, so no part of either survives', () => {
    const overlapping = SecretValues.of(['abcdefgh12', 'gh12345678']);
    expect(redactSecrets('<abcdefgh12345678>', overlapping)).toBe(`<${REDACTED}>`);
    expect(redactSecrets('xabcdefgh12y gh12345678z', overlapping)).toBe(`x${REDACTED}y ${REDACTED}z`);
  });

  it('redacts a value that contains another one, and a value repeated against itself', () => {
    const nested = SecretValues.of(['secret-value', 'secret-value-longer']);
    expect(redactSecrets('a secret-value-longer b', nested)).toBe(`a ${REDACTED} b`);
    expect(redactSecrets('aaaaaaaaaaa', SecretValues.of(['aaaaaaaa']))).toBe(REDACTED);
  });

  it('finds a value inside JSON-escaped and URL-encoded text', () => {
    const quoted = 'pa"ss\\word/with\nall';
    const withQuotes = SecretValues.of([quoted]);
    const body = JSON.stringify({ error: `bad key ${quoted}` });
    expect(body).not.toContain(quoted);
    expect(redactSecrets(body, withQuotes)).toBe(`{"error":"bad key ${REDACTED}"}`);
    const twice = JSON.stringify({ body });
    const unwrapped = JSON.parse(redactSecrets(twice, withQuotes)) as { body: string };
    expect(JSON.parse(unwrapped.body)).toEqual({ error: `bad key ${REDACTED}` });
    expect(
      redactSecrets(`GET /x?token=${encodeURIComponent('a b&c=d/e?f')}`, SecretValues.of(['a b&c=d/e?f'])),
    ).toBe(`GET /x?token=${REDACTED}`);
  });

  it('ignores values shorter than eight characters, which would blank out ordinary words', () => {
    const short = SecretValues.of(['deploy', 'prod', '', undefined, 'abcdefg']);
    expect(short.size).toBe(0);
    expect(redactSecrets('deploy to prod abcdefg', short)).toBe('deploy to prod abcdefg');
  });

  it('does nothing at all without secrets', () => {
    const payload = { text: TOKEN };
    expect(SecretValues.none.redactDeep(payload)).toBe(payload);
    expect(redactSecrets(TOKEN, SecretValues.none)).toBe(TOKEN);
  });
});

describe('SecretValues', () => {
  const secrets = SecretValues.of([TOKEN, KEY]);

  it('redacts every string and key of a JSON-like value, copying only what changed', () => {
    const at = new Date('2026-12-02T09:00:00Z');
    const untouched = { kind: 'section', items: ['a', 'b'] };
    const payload = { blocks: [untouched, { text: { text: `echo ${KEY}` } }], [TOKEN]: 1, at, n: 3 };
    const redacted = secrets.redactDeep(payload);
    expect(redacted).toEqual({
      blocks: [untouched, { text: { text: `echo ${REDACTED}` } }],
      [REDACTED]: 1,
      at,
      n: 3,
    });
    expect(redacted.blocks[0]).toBe(untouched);
    expect(payload.blocks[1]).toEqual({ text: { text: `echo ${KEY}` } });
    const clean = { a: ['x'], b: { c: 'y' } };
    expect(secrets.redactDeep(clean)).toBe(clean);
  });

  it('serializes to JSON with secrets redacted, keeping valid JSON even for values with quotes', () => {
    const quoted = SecretValues.of(['a","b":"c']);
    const json = quoted.json({ list: ['a', 'b'], text: 'x a","b":"c y' });
    expect(JSON.parse(json)).toEqual({ list: ['a', 'b'], text: `x ${REDACTED} y` });
    expect(secrets.json({ ok: true })).toBe('{"ok":true}');
  });

  it('keeps a __proto__ key as data, never as a prototype', () => {
    const parsed = JSON.parse(`{"__proto__": {"polluted": "${KEY}"}}`) as Record<string, unknown>;
    const redacted = secrets.redactDeep(parsed);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(redacted, '__proto__')?.value).toEqual({ polluted: REDACTED });
  });

  it('merges two sets and says whether a value occurs in a text', () => {
    const merged = SecretValues.of([TOKEN]).with(SecretValues.of([KEY]));
    expect(merged.size).toBe(2);
    expect(merged.foundIn(`x${KEY}`)).toBe(true);
    expect(merged.foundIn('nothing here')).toBe(false);
  });
});
