import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';

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

/** Replaces anything that looks like a token or signature with `[redacted]`. */
export function scrubSecrets(text: string): string {
  return text.replace(SECRET_PATTERN, '[redacted]');
}

/**
 * The process logger: pino JSON lines with secrets removed twice over — by field name (redact paths) and by shape
 * in every message string — so a token passed through a library's error message still never reaches the log.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { app: 'shipgate' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>,
          );
        },
      },
      formatters: {
        log(object) {
          return deepScrub(object, 0) as Record<string, unknown>;
        },
      },
    },
    options.destination,
  );
}

/** Scrubs every string in a log object; errors stay errors (pino serializes them later) with scrubbed text. */
function deepScrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Object.prototype.toString.call(value) === '[object Error]') {
    const err = value as Error & { code?: unknown };
    const copy = Object.assign(new Error(scrubSecrets(err.message)), err.code ? { code: err.code } : {});
    copy.name = err.name;
    if (err.stack !== undefined) copy.stack = scrubSecrets(err.stack);
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => deepScrub(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepScrub(v, depth + 1)]));
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
