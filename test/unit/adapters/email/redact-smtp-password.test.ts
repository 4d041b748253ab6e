import { describe, expect, it } from 'vitest';
import { redactSmtpPassword } from '../../../../src/adapters/email/redact-smtp-password.js';

describe('redactSmtpPassword', () => {
  const redact = redactSmtpPassword('smtps://mailer:p%40ss%2Fw@smtp.example.com:465');

  it('redacts the password as written, decoded and in base64', () => {
    expect(redact('url p%40ss%2Fw, sent p@ss/w, login cEBzcy93')).toBe(
      'url [redacted], sent [redacted], login [redacted]',
    );
  });

  it('redacts a short password too', () => {
    expect(redactSmtpPassword('smtp://u:ab@h:25')('a reply with ab in it')).toBe(
      'a reply with [redacted] in it',
    );
  });

  it('leaves the text alone when the URL has no password', () => {
    expect(redactSmtpPassword('smtp://mailer@smtp.example.com:25')('mailer at smtp.example.com')).toBe(
      'mailer at smtp.example.com',
    );
  });

  it('leaves the text alone when the URL does not parse', () => {
    expect(redactSmtpPassword('not a url')('not a url')).toBe('not a url');
  });
});
