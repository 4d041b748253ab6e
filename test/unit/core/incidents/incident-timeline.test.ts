import { describe, expect, it } from 'vitest';
import {
  buildIncidentTimeline,
  TIMELINE_TEXT_MAX,
} from '../../../../src/core/incidents/incident-timeline.js';
import { toPlainText } from '../../../../src/core/text/plain-text.js';
import type { RichText } from '../../../../src/core/text/rich-text.js';
import { at, declared, ev } from './incident-fixture.js';

/** A timeline line as Slack would show it, with mentions written out as `<@U…>`. */
const line = (text: RichText) => toPlainText(text, { user: (id) => `<@${id}>` });

const pin = (time: string, ts: string, postedAt: string, text: string) =>
  ev(
    'incident.message_pinned',
    time,
    { channel: 'C0INC', ts, author: 'U0CAROL', text, postedAt: at(postedAt).toISOString() },
    'U0BOB',
  );

describe('buildIncidentTimeline', () => {
  it('describes every event type in one line with its UTC time', () => {
    const timeline = buildIncidentTimeline([
      declared('10:00'),
      ev('incident.paged', '10:00:05', { target: 'checkout on-call' }, 'shipgate', 'bot'),
      ev('incident.page_failed', '10:00:06', { error: 'PagerDuty answered 503' }, 'shipgate', 'bot'),
      ev('incident.pagerduty_acknowledged', '10:04', { by: 'Bob Example' }, 'shipgate', 'bot'),
      ev('incident.commander_assigned', '10:12', { user: 'U0BOB' }, 'U0BOB'),
      ev('incident.acknowledged', '10:12', {}, 'U0BOB'),
      ev('incident.role_assigned', '10:13', { role: 'scribe', user: 'U0CAROL' }, 'U0BOB'),
      ev('incident.severity_changed', '10:40', { from: 'SEV-1', to: 'SEV-2' }, 'U0BOB'),
      ev('incident.update_posted', '10:41', { text: 'Rolling back\npayments' }, 'U0BOB'),
      ev('incident.note_added', '10:45', { text: 'Root cause: expired certificate' }, 'U0BOB'),
      ev('incident.note_added', '10:46', { text: 'checking the replicas' }, 'U0CAROL'),
      ev(
        'incident.clock_breached',
        '11:10',
        { clock: 'update_due', severity: 'SEV-2', dueAt: at('11:10'), escalatedTo: ['engineering-lead'] },
        'shipgate',
        'bot',
      ),
      ev('incident.customer_notice_approved', '11:12', { notice: 'initial' }, 'U0BOB'),
      ev('incident.customer_notice_posted', '11:12:30', { channel: '#status' }, 'shipgate', 'bot'),
      ev(
        'incident.action_item_added',
        '11:30',
        { item: 'A1', text: 'Alert on expiry', owner: 'U0CAROL', due: '2026-12-01' },
        'U0BOB',
      ),
      ev('incident.resolved', '11:40', { resolution: 'Certificate rotated' }, 'U0BOB'),
      ev('incident.review_completed', '2026-11-25T09:00:00Z', {}, 'U0BOB'),
      ev('incident.action_item_done', '2026-11-26T09:00:00Z', { item: 'A1' }, 'U0CAROL'),
    ]);
    expect(timeline.map((e) => `${e.time} ${line(e.text)}`)).toEqual([
      '10:00 Incident declared by <@U0ALICE>: SEV-1 Checkout down (checkout)',
      '10:00 On-call paged (checkout on-call)',
      '10:00 Paging failed: PagerDuty answered 503',
      '10:04 PagerDuty page acknowledged by Bob Example',
      '10:12 Incident commander assigned: <@U0BOB>',
      '10:12 Acknowledged by <@U0BOB>',
      '10:13 <@U0CAROL> assigned as scribe',
      '10:40 Severity changed from SEV-1 to SEV-2 by <@U0BOB>',
      '10:41 Status update by <@U0BOB>: Rolling back payments',
      '10:45 Root cause identified: expired certificate',
      '10:46 Note by <@U0CAROL>: checking the replicas',
      '11:10 Status update clock breached (SEV-2, due 11:10 UTC); escalated to engineering-lead',
      '11:12 Customer notice (initial) approved by <@U0BOB>',
      '11:12 Customer notice posted to #status',
      '11:30 Action item added: Alert on expiry (owner <@U0CAROL>, due 2026-12-01)',
      '11:40 Incident resolved by <@U0BOB>: Certificate rotated',
      '09:00 Post-incident review done by <@U0BOB>',
      '09:00 Action item done: Alert on expiry (by <@U0CAROL>)',
    ]);
    expect(timeline.at(-1)).toMatchObject({
      date: '2026-11-26',
      actor: 'U0CAROL',
      type: 'incident.action_item_done',
    });
  });

  it('says when a breach escalated to nobody and names who assigned someone else as commander', () => {
    const texts = buildIncidentTimeline([
      declared('10:00', 'SEV-4'),
      ev('incident.commander_assigned', '10:05', { user: 'U0BOB' }, 'U0ALICE'),
      ev(
        'incident.clock_breached',
        '10:10',
        { clock: 'response', severity: 'SEV-4', dueAt: at('10:10') },
        'shipgate',
        'bot',
      ),
    ]).map((e) => line(e.text));
    expect(texts.slice(1)).toEqual([
      'Incident commander assigned: <@U0BOB> (by <@U0ALICE>)',
      'Response clock breached (SEV-4, due 10:10 UTC); no escalation',
    ]);
  });

  it('dates a pinned message at the original message, by its author, and lists it once', () => {
    const timeline = buildIncidentTimeline([
      declared('10:00'),
      ev('incident.note_added', '10:05', { text: 'looking' }),
      pin('10:20', '1764151380.000100', '10:03', 'error rate 40% on checkout'),
      pin('10:25', '1764151380.000100', '10:03', 'error rate 40% on checkout'),
      pin('10:26', '1764151500.000200', '10:04:30', 'rollback started'),
    ]);
    expect(timeline.map((e) => `${e.time} ${e.actor} ${line(e.text)}`)).toEqual([
      '10:00 U0ALICE Incident declared by <@U0ALICE>: SEV-1 Checkout down (checkout)',
      '10:03 U0CAROL Pinned message from <@U0CAROL>: error rate 40% on checkout',
      '10:04 U0CAROL Pinned message from <@U0CAROL>: rollback started',
      '10:05 U0ALICE Note by <@U0ALICE>: looking',
    ]);
    expect(timeline[1]?.at).toEqual(at('10:03'));
  });

  it('cuts very long text someone wrote to one line of bounded length', () => {
    const long = `${'word '.repeat(100)}\nsecond line`;
    const [, entry] = buildIncidentTimeline([
      declared('10:00'),
      ev('incident.note_added', '10:01', { text: long }),
    ]);
    const written = entry?.text.parts.find((p) => p.kind === 'text');
    expect(written?.kind === 'text' && written.text).toHaveLength(TIMELINE_TEXT_MAX);
    expect(line(entry?.text as RichText).endsWith('…')).toBe(true);
    expect(line(entry?.text as RichText)).not.toContain('\n');
  });

  it('keeps people as mentions and what they wrote as text, and leaves out events of other kinds', () => {
    const timeline = buildIncidentTimeline([
      declared('10:00'),
      { at: at('10:01'), actor: 'U0BOB', actorKind: 'human', type: 'deploy.request', payload: {} },
      ev('incident.note_added', '10:02', { text: '<!channel> see <https://evil.example|bank>' }, 'U0BOB'),
    ]);
    expect(timeline.map((e) => line(e.text))).toEqual([
      'Incident declared by <@U0ALICE>: SEV-1 Checkout down (checkout)',
      'Note by <@U0BOB>: <!channel> see <https://evil.example|bank>',
    ]);
    expect(timeline[1]?.text.parts).toEqual([
      { kind: 'markup', text: 'Note by ' },
      { kind: 'user', id: 'U0BOB' },
      { kind: 'markup', text: ': ' },
      { kind: 'text', text: '<!channel> see <https://evil.example|bank>' },
    ]);
  });
});
