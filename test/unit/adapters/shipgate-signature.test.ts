import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signShipgateRequest,
  verifyShipgateSignature,
} from '../../../src/adapters/deploy/shipgate-signature.js';

const at = new Date('2026-11-24T10:00:00Z');
const body = '{"service":"checkout","version":"2.5.4"}';

describe('Shipgate webhook signatures', () => {
  it('signs v1:<timestamp>:<body> with HMAC-SHA256 and the Unix timestamp in seconds', () => {
    const headers = signShipgateRequest('s3cret', body, at);
    const expected = createHmac('sha256', 's3cret').update(`v1:1795514400:${body}`).digest('hex');

    expect(headers).toEqual({
      'X-Shipgate-Timestamp': '1795514400',
      'X-Shipgate-Signature': `v1=${expected}`,
    });
  });

  it('verifies its own signature and refuses another secret, body or timestamp', () => {
    const { 'X-Shipgate-Timestamp': ts, 'X-Shipgate-Signature': signature } = signShipgateRequest(
      's3cret',
      body,
      at,
    );

    expect(verifyShipgateSignature('s3cret', ts, body, signature)).toBe(true);
    expect(verifyShipgateSignature('other', ts, body, signature)).toBe(false);
    expect(verifyShipgateSignature('s3cret', ts, `${body} `, signature)).toBe(false);
    expect(verifyShipgateSignature('s3cret', '1795514401', body, signature)).toBe(false);
  });

  it('refuses missing and malformed signature headers', () => {
    const { 'X-Shipgate-Timestamp': ts, 'X-Shipgate-Signature': signature } = signShipgateRequest(
      's3cret',
      body,
      at,
    );

    expect(verifyShipgateSignature('s3cret', ts, body, undefined)).toBe(false);
    expect(verifyShipgateSignature('s3cret', ts, body, signature.replace('v1=', 'v0='))).toBe(false);
    expect(verifyShipgateSignature('s3cret', ts, body, signature.slice(0, -2))).toBe(false);
    expect(verifyShipgateSignature('s3cret', 'yesterday', body, signature)).toBe(false);
  });

  it('refuses a replayed request older than the tolerance when asked to check freshness', () => {
    const { 'X-Shipgate-Timestamp': ts, 'X-Shipgate-Signature': signature } = signShipgateRequest(
      's3cret',
      body,
      at,
    );
    const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);

    expect(verifyShipgateSignature('s3cret', ts, body, signature, { now: later(299) })).toBe(true);
    expect(verifyShipgateSignature('s3cret', ts, body, signature, { now: later(301) })).toBe(false);
    expect(
      verifyShipgateSignature('s3cret', ts, body, signature, { now: later(301), toleranceSeconds: 600 }),
    ).toBe(true);
  });
});
