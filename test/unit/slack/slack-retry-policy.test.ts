import { describe, expect, it } from 'vitest';
import type { TimerRecord } from '../../../src/core/timer-record.js';
import { isTransientSlackFailure, slackDeliveryPolicy } from '../../../src/slack/slack-retry-policy.js';

const HOUR = 3_600_000;
const queued = new Date('2026-11-24T10:00:00Z');
const timer = (attempts: number): TimerRecord => ({
  id: 1,
  kind: 'slack.call',
  subject: 'DEP-2026-0001',
  dueAt: queued,
  payload: {},
  attempts,
  createdAt: queued,
});
const platform = (error: string) =>
  Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { ok: false, error } });
const http = (statusCode: number) =>
  Object.assign(new Error(`HTTP ${statusCode}`), { code: 'slack_webapi_http_error', statusCode });

describe('isTransientSlackFailure', () => {
  it.each([
    ['a 500', http(500)],
    ['a 503', http(503)],
    ['a 429', http(429)],
    [
      'a rate-limited rejection',
      Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 30 }),
    ],
    [
      'a timeout',
      Object.assign(new Error('timeout'), {
        code: 'slack_webapi_request_error',
        original: { name: 'TimeoutError' },
      }),
    ],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['Slack’s internal_error', platform('internal_error')],
    ['Slack’s ratelimited', platform('ratelimited')],
    [
      'a thread reply whose parent is not posted yet',
      new Error('the deploy message of DEP-2026-0001 is not posted yet'),
    ],
  ])('retries %s for hours', (_name, err) => {
    expect(isTransientSlackFailure(err)).toBe(true);
  });

  it.each([
    ['invalid_blocks', platform('invalid_blocks')],
    ['invalid_arguments', platform('invalid_arguments')],
    ['a 400', http(400)],
    ['a 404', http(404)],
  ])('does not retry %s for hours', (_name, err) => {
    expect(isTransientSlackFailure(err)).toBe(false);
  });
});

describe('slackDeliveryPolicy', () => {
  it('keeps retrying a transient failure until retry_for has passed since the message was queued', () => {
    let now = new Date(queued.getTime() + 23 * HOUR);
    const policy = slackDeliveryPolicy(24 * HOUR, () => now);
    expect(policy.keepTrying?.(timer(300), http(500))).toBe(true);
    now = new Date(queued.getTime() + 24 * HOUR);
    expect(policy.keepTrying?.(timer(301), http(500))).toBe(false);
  });

  it('gives any other failure 10 runs', () => {
    const policy = slackDeliveryPolicy(24 * HOUR, () => queued);
    expect(policy.keepTrying?.(timer(9), platform('invalid_cursor'))).toBe(true);
    expect(policy.keepTrying?.(timer(10), platform('invalid_cursor'))).toBe(false);
  });
});
