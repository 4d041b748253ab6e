import { describe, expect, it } from 'vitest';
import {
  InvalidWebhookError,
  parseWebhookEvent,
  verifyPagerDutySignature,
} from '../../../../src/adapters/pagerduty/verify-webhook.js';

/** Vector computed independently: `printf '%s' BODY | openssl dgst -sha256 -hmac SECRET`. */
const BODY = '{"event":{"id":"01","event_type":"incident.resolved"}}';
const SECRET = 'whsec0123';
const SIG = 'v1=3ec251ee9cb489523ac99347d71b1bafc044df7f0c68c6f7506c22fe36280f98';
const OLD_SIG = 'v1=2cdb463d52eaba9473dae30afbfbc163cc9b07257f60faf03117ea5db699de58'; // secret 'old-secret'

/** The `incident.priority_updated` example of PagerDuty/developer-docs `docs/webhooks/01-Overview.md`. */
const DOCS_EXAMPLE = JSON.stringify({
  event: {
    id: '5ac64822-4adc-4fda-ade0-410becf0de4f',
    event_type: 'incident.priority_updated',
    resource_type: 'incident',
    occurred_at: '2020-10-02T18:45:22.169Z',
    agent: {
      html_url: 'https://acme.pagerduty.com/users/PLH1HKV',
      id: 'PLH1HKV',
      self: 'https://api.pagerduty.com/users/PLH1HKV',
      summary: 'Tenex Engineer',
      type: 'user_reference',
    },
    client: { name: 'PagerDuty' },
    data: {
      id: 'PGR0VU2',
      type: 'incident',
      self: 'https://api.pagerduty.com/incidents/PGR0VU2',
      html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
      number: 2,
      status: 'triggered',
      incident_key: 'd3640fbd41094207a1c11e58e46b1662',
      created_at: '2020-04-09T15:16:27Z',
      title: 'A little bump in the road',
      assignees: [
        {
          html_url: 'https://acme.pagerduty.com/users/PTUXL6G',
          id: 'PTUXL6G',
          self: 'https://api.pagerduty.com/users/PTUXL6G',
          summary: 'User 123',
          type: 'user_reference',
        },
      ],
      urgency: 'high',
      resolve_reason: null,
    },
  },
});

describe('verifyPagerDutySignature', () => {
  it('accepts the v1 HMAC-SHA256 of the raw body', () => {
    expect(verifyPagerDutySignature(SECRET, BODY, SIG)).toBe(true);
    expect(verifyPagerDutySignature(SECRET, Buffer.from(BODY), SIG)).toBe(true);
  });

  it('accepts any one of several comma-separated signatures, as sent during a secret rotation', () => {
    expect(verifyPagerDutySignature(SECRET, BODY, `${OLD_SIG},${SIG}`)).toBe(true);
    expect(verifyPagerDutySignature(SECRET, BODY, `${OLD_SIG}, ${SIG}`)).toBe(true);
    expect(verifyPagerDutySignature(['rotated-out', SECRET], BODY, SIG)).toBe(true);
  });

  it('refuses a tampered body, another secret, and a missing or empty header', () => {
    expect(verifyPagerDutySignature(SECRET, BODY.replace('resolved', 'acknowledged'), SIG)).toBe(false);
    expect(verifyPagerDutySignature('another', BODY, SIG)).toBe(false);
    expect(verifyPagerDutySignature(SECRET, BODY, undefined)).toBe(false);
    expect(verifyPagerDutySignature(SECRET, BODY, '')).toBe(false);
    expect(verifyPagerDutySignature('', BODY, SIG)).toBe(false);
  });

  it('ignores signatures of other versions and truncated signatures', () => {
    expect(verifyPagerDutySignature(SECRET, BODY, SIG.replace('v1=', 'v2='))).toBe(false);
    expect(verifyPagerDutySignature(SECRET, BODY, SIG.slice(0, -2))).toBe(false);
    expect(verifyPagerDutySignature(SECRET, BODY, SIG.slice(3))).toBe(false);
  });
});

describe('parseWebhookEvent', () => {
  it('reads PagerDuty’s documented example: ids, type, time, incident, dedup key, agent and assignees', () => {
    expect(parseWebhookEvent(DOCS_EXAMPLE)).toEqual({
      id: '5ac64822-4adc-4fda-ade0-410becf0de4f',
      eventType: 'incident.priority_updated',
      resourceType: 'incident',
      occurredAt: new Date('2020-10-02T18:45:22.169Z'),
      incident: {
        id: 'PGR0VU2',
        number: 2,
        title: 'A little bump in the road',
        status: 'triggered',
        htmlUrl: 'https://acme.pagerduty.com/incidents/PGR0VU2',
      },
      dedupKey: 'd3640fbd41094207a1c11e58e46b1662',
      agent: { id: 'PLH1HKV', name: 'Tenex Engineer', email: undefined },
      assignees: [{ id: 'PTUXL6G', name: 'User 123', email: undefined }],
    });
  });

  it('reads an event PagerDuty itself caused (agent null) and a note that only references its incident', () => {
    const note = parseWebhookEvent(
      JSON.stringify({
        event: {
          id: 'e2',
          event_type: 'incident.annotated',
          resource_type: 'incident',
          occurred_at: '2026-03-02T12:00:00Z',
          agent: null,
          data: {
            incident: { id: 'PGR0VU2', summary: 'A little bump in the road', type: 'incident_reference' },
            id: 'P2LA89X',
            content: 'I sure am glad we are using PagerDuty!',
            type: 'incident_note',
          },
        },
      }),
    );
    expect(note.agent).toBeUndefined();
    expect(note.dedupKey).toBeUndefined();
    expect(note.incident).toMatchObject({ id: 'PGR0VU2', title: 'A little bump in the road' });
  });

  it('refuses a body that is not JSON or not a v3 event, saying what is wrong', () => {
    expect(() => parseWebhookEvent('not json')).toThrow(InvalidWebhookError);
    expect(() => parseWebhookEvent('{"messages":[]}')).toThrow(/not a v3 event: event/);
    const noTime = JSON.stringify({
      event: { id: 'x', event_type: 't', resource_type: 'incident', data: {} },
    });
    expect(() => parseWebhookEvent(noTime)).toThrow(/event\.occurred_at/);
  });
});
