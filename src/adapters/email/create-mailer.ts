import type { ShipgateConfig } from '../../core/config/shipgate-config-schema.js';
import type { Mailer } from '../../services/ports/mailer.js';
import { SmtpMailer } from './smtp-mailer.js';

/**
 * The mailer `notifications.email` asks for: undefined when the config has no `notifications.email`, else an
 * {@link SmtpMailer} on the URL in the environment variable `smtp_url_env` names, each connection step bounded by
 * `timeoutMs`. A configured email whose variable is unset or empty, or holds no smtp:// or smtps:// URL, is a
 * start-up error: it throws, naming the variable (never its value), rather than dropping the mails silently.
 */
export function createMailer(
  config: Pick<ShipgateConfig, 'notifications'>,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Mailer | undefined {
  const email = config.notifications.email;
  if (!email) return undefined;
  const name = email.smtp_url_env;
  const url = env[name]?.trim();
  if (!url) {
    throw new Error(
      `notifications.email is configured but the environment variable ${name} is not set: set ${name} to the SMTP URL (smtp://user:pass@host:port or smtps://…)`,
    );
  }
  try {
    return new SmtpMailer(url, timeoutMs);
  } catch (err) {
    throw new Error(
      `${name} (notifications.email.smtp_url_env): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
