import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers Shipgate adds to every webhook call so the receiver can tell it came from Shipgate. */
export type ShipgateSignatureHeaders = {
  'X-Shipgate-Timestamp': string;
  'X-Shipgate-Signature': string;
};

function digest(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`v1:${timestamp}:${body}`).digest('hex');
}

/**
 * Signs a webhook body (empty for a GET): `X-Shipgate-Signature: v1=` + hex HMAC-SHA256 of
 * `v1:<timestamp>:<body>` under the shared secret, with the Unix timestamp in seconds beside it.
 */
export function signShipgateRequest(secret: string, body: string, at: Date): ShipgateSignatureHeaders {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    'X-Shipgate-Timestamp': timestamp,
    'X-Shipgate-Signature': `v1=${digest(secret, timestamp, body)}`,
  };
}

/** Freshness check for `verifyShipgateSignature`: refuse timestamps further than `toleranceSeconds` from `now`. */
export interface FreshnessCheck {
  readonly now: Date;
  /** Default 300 (5 minutes), as Slack does. */
  readonly toleranceSeconds?: number;
}

/**
 * For receivers (and tests): whether `header` is Shipgate's signature of `body` sent at `timestamp` under `secret`.
 * Compares in constant time. Pass `fresh` to refuse replays of old requests as well.
 */
export function verifyShipgateSignature(
  secret: string,
  timestamp: string,
  body: string,
  header: string | undefined,
  fresh?: FreshnessCheck,
): boolean {
  if (header === undefined || !/^v1=[0-9a-f]{64}$/.test(header) || !/^\d+$/.test(timestamp)) return false;
  if (fresh !== undefined) {
    const age = Math.abs(fresh.now.getTime() / 1000 - Number(timestamp));
    if (age > (fresh.toleranceSeconds ?? 300)) return false;
  }
  const expected = Buffer.from(digest(secret, timestamp, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(header.slice(3), 'hex'));
}
