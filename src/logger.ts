import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';
import { SecretValues } from './core/text/secret-values.js';

/** Slack tokens (bot, user, app, config), PagerDuty-style bearer tokens and signatures, wherever they appear in text. */
const SECRET_PATTERN =
  /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|v0=[0-9a-f]{16,}|Token token=[^\s"']+|Bearer [^\s"']+)/g;

/** Field names whose values are never logged, at any depth pino can address. */
const REDACTED_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'routingKey',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.routingKey',
  '*.authorization',
  'headers.authorization',
  'headers["x-slack-signature"]',
  '*.headers.authorization',
  '*.headers["x-slack-signature"]',
];

/**
 * Replaces anything that looks like a token or signature with `[redacted]`, and every value in `secrets` (the
 * configured secrets, whatever their shape).
 */
export function scrubSecrets(text: string, secrets: SecretValues = SecretValues.none): string {
  return secrets.redact(text.replace(SECRET_PATTERN, '[redacted]'));
}

/** The secret values each logger made by {@link createLogger} redacts; shared by its children. */
const secretsByLogger = new WeakMap<Logger, { secrets: SecretValues }>();

/**
 * Makes a logger from {@link createLogger} (and its children) also redact the configured secret values by value,
 * which start-up knows only once the config is read. False for a logger made elsewhere, which is left as it is.
 */
export function redactSecretValues(logger: Logger, secrets: SecretValues): boolean {
  const holder = secretsByLogger.get(logger);
  if (holder) holder.secrets = holder.secrets.with(secrets);
  return holder !== undefined;
}

/**
 * The process logger: pino JSON lines with secrets removed three times over — by field name (redact paths), by
 * shape and by value (see {@link redactSecretValues}) in every message string — so a token passed through a
 * library's or an upstream's error message still never reaches the log.
 */
export function createLogger(
  options: { level?: string; destination?: DestinationStream; secrets?: SecretValues } = {},
): Logger {
  const holder = { secrets: options.secrets ?? SecretValues.none };
  const logger = pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { app: 'shipgate' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrubSecrets(a, holder.secrets) : a)) as Parameters<
              typeof method
            >,
          );
        },
      },
      formatters: {
        log(object) {
          return deepScrub(object, 0, holder.secrets) as Record<string, unknown>;
        },
      },
    },
    options.destination,
  );
  secretsByLogger.set(logger, holder);
  return logger;
}

/** Scrubs every string in a log object; errors stay errors (pino serializes them later) with scrubbed text. */
function deepScrub(value: unknown, depth: number, secrets: SecretValues): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Object.prototype.toString.call(value) === '[object Error]') {
    const err = value as Error & { code?: unknown };
    const copy = Object.assign(
      new Error(scrubSecrets(err.message, secrets)),
      err.code ? { code: err.code } : {},
    );
    copy.name = err.name;
    if (err.stack !== undefined) copy.stack = scrubSecrets(err.stack, secrets);
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => deepScrub(v, depth + 1, secrets));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepScrub(v, depth + 1, secrets)]));
}

/** Adapts a pino logger to the logger interface Bolt and the Slack SDK expect, so all output shares one stream. */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (msgs: unknown[]) => msgs.map((m) => (m instanceof Error ? m.message : String(m))).join(' ');
  const at =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (...msgs: unknown[]) => {
      if (logger.isLevelEnabled(method)) logger[method]({ source: 'bolt' }, text(msgs));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
