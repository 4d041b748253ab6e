import { isValidSlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../../src/sandbox/sign-request.js';

// Slack's published worked example (docs.slack.dev/authentication/verifying-requests-from-slack), as copied in
// shared/docs/platform-facts.md §1 from bolt-js and python-slack-sdk tests.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = 1531420618;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

describe('signSlackRequest', () => {
  it("reproduces Slack's published worked example", () => {
    const headers = signSlackRequest(SECRET, BODY, TIMESTAMP);
    expect(BODY).toHaveLength(362);
    expect(headers).toEqual({
      'X-Slack-Signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'X-Slack-Request-Timestamp': '1531420618',
    });
  });

  it("produces signatures Bolt's own verifier accepts, and only under the right secret", () => {
    const headers = signSlackRequest(SECRET, BODY, TIMESTAMP);
    const request = (secret: string, body: string) => ({
      signingSecret: secret,
      body,
      headers: {
        'x-slack-signature': headers['X-Slack-Signature'],
        'x-slack-request-timestamp': Number(headers['X-Slack-Request-Timestamp']),
      },
      nowMilliseconds: TIMESTAMP * 1000,
    });
    expect(isValidSlackRequest(request(SECRET, BODY))).toBe(true);
    expect(isValidSlackRequest(request('another-secret', BODY))).toBe(false);
    expect(isValidSlackRequest(request(SECRET, `${BODY}&x=1`))).toBe(false);
  });

  it('drops fractions of a second from the timestamp, as Slack sends whole seconds', () => {
    expect(signSlackRequest('s', '{}', 1700000000.9)['X-Slack-Request-Timestamp']).toBe('1700000000');
  });
});
