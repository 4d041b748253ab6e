import { describeSeconds } from './describe-seconds.js';

/** Plain words for the socket errors a metrics or health request meets most. */
const WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  UND_ERR_SOCKET: 'connection closed before an answer',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connect timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted TLS certificate',
  ERR_INVALID_URL: 'invalid URL',
};

/** The errno-style code of a fetch failure's cause (Happy Eyeballs wraps several tries in an AggregateError). */
function causeCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  if (!(cause instanceof Error)) return undefined;
  const code = (cause as NodeJS.ErrnoException).code;
  if (code !== undefined) return code;
  const first = cause instanceof AggregateError ? (cause.errors[0] as NodeJS.ErrnoException) : undefined;
  return first?.code;
}

/**
 * Why a fetch gave no answer, in one line for a Slack thread: `timed out after 2 s` when `signal` (the request's
 * timeout) fired, `connection refused`, `host not found`, or the error's own message. Names no URL, so a token in
 * a query string never reaches the thread.
 */
export function describeFetchFailure(error: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `timed out after ${describeSeconds(timeoutMs)}`;
  const code = causeCode(error);
  if (code !== undefined) return WORDS[code] ?? code;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
