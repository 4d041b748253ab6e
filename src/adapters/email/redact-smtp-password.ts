import { REDACTED } from '../../core/text/secret-values.js';

/** The password of an SMTP URL as written (percent-encoded); empty when there is none or the URL does not parse. */
function writtenPassword(smtpUrl: string): string {
  try {
    return new URL(smtpUrl).password;
  } catch {
    return '';
  }
}

/**
 * The forms an SMTP password can take in an error: percent-encoded as in the URL, decoded (what the server is sent),
 * encoded the way `encodeURIComponent` does, and base64 (what AUTH LOGIN puts on the wire); longest first.
 */
function formsOf(written: string): string[] {
  let decoded = written;
  try {
    decoded = decodeURIComponent(written);
  } catch {
    decoded = written;
  }
  const forms = [written, decoded, encodeURIComponent(decoded), Buffer.from(decoded).toString('base64')];
  return [...new Set(forms.filter((form) => form.length > 0))].sort((a, b) => b.length - a.length);
}

/**
 * A function that replaces the password of `smtpUrl` (every form of it, however short) with `[redacted]` in a
 * text, so no error Shipgate throws or logs about a mail gives the SMTP password away; the identity when the URL
 * has no password.
 */
export function redactSmtpPassword(smtpUrl: string): (text: string) => string {
  const written = writtenPassword(smtpUrl);
  if (written === '') return (text) => text;
  const forms = formsOf(written);
  return (text) => forms.reduce((out, form) => out.split(form).join(REDACTED), text);
}
