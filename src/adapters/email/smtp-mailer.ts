import { createTransport, type Transporter } from 'nodemailer';
import type { Mail, Mailer } from '../../services/ports/mailer.js';
import { messageIdForKey } from './message-id-for-key.js';
import { redactSmtpPassword } from './redact-smtp-password.js';

/** The longest error text a failed send reports, after the key: enough for the server's reply line. */
const MAX_REASON_LENGTH = 300;

/** Control characters (CR and LF above all) that would end a header line early. */
const CONTROL_CHARACTERS = /\p{Cc}+/gu;

/**
 * The {@link Mailer} on SMTP, through nodemailer: one connection per mail (no pool), to the server an
 * `smtp://user:pass@host:port` or `smtps://…` URL names, with `timeoutMs` bounding the connection, the server's
 * greeting and every socket wait. Each mail is plain text with a Message-ID derived from its key and an
 * `X-Shipgate-Key` header, so a retried send is recognisable. A failed send throws an Error whose message names
 * the key and the reason and never contains the SMTP password.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  private readonly redact: (text: string) => string;

  constructor(smtpUrl: string, timeoutMs: number) {
    this.redact = redactSmtpPassword(smtpUrl);
    if (!/^smtps?:\/\/[^/?#]/i.test(smtpUrl)) {
      throw new TypeError(
        'the SMTP URL must look like smtp://user:pass@host:port or smtps://user:pass@host:port',
      );
    }
    try {
      this.transport = createTransport({
        url: smtpUrl,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
        dnsTimeout: timeoutMs,
        disableFileAccess: true,
        disableUrlAccess: true,
        logger: false,
        debug: false,
      });
    } catch (err) {
      throw new TypeError(`the SMTP URL is not usable: ${this.reason(err)}`);
    }
  }

  /** Sends `mail`; resolves once the server accepted it for at least one recipient, else throws. */
  async send(mail: Mail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: mail.from,
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        messageId: messageIdForKey(mail.key),
        headers: { 'X-Shipgate-Key': mail.key.replace(CONTROL_CHARACTERS, ' ') },
      });
    } catch (err) {
      throw new Error(`email ${mail.key} not sent: ${this.reason(err)}`);
    }
  }

  private reason(err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { code?: unknown } | null)?.code;
    const oneLine = this.redact(message).replace(/\s+/g, ' ').trim();
    const short =
      oneLine.length > MAX_REASON_LENGTH ? `${oneLine.slice(0, MAX_REASON_LENGTH - 1)}…` : oneLine;
    return typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? `${short} (${code})` : short;
  }
}
