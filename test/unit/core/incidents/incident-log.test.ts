import { describe, expect, it } from 'vitest';
import { readIncidentEvent, readIncidentLog } from '../../../../src/core/incidents/incident-log.js';
import { at, ev } from './incident-fixture.js';

describe('reading incident events', () => {
  it('types the payload and turns ISO strings from JSON into dates', () => {
    const entry = readIncidentEvent({
      at: at('10:15'),
      actor: 'shipgate',
      actorKind: 'bot',
      type: 'incident.clock_breached',
      payload: { clock: 'response', severity: 'SEV-1', dueAt: '2026-11-24T10:15:00.000Z' },
    });
    expect(entry?.type).toBe('incident.clock_breached');
    if (entry?.type !== 'incident.clock_breached') return;
    expect(entry.payload.dueAt).toEqual(at('10:15'));
    expect(entry.payload.escalatedTo).toEqual([]);
  });

  it('fills defaults for a declaration without services, privacy or security', () => {
    const entry = readIncidentEvent(
      ev('incident.declared', '10:00', { id: 'INC-2026-0007', severity: 'SEV-2', title: 'Slow' }),
    );
    expect(entry?.payload).toEqual({
      id: 'INC-2026-0007',
      severity: 'SEV-2',
      title: 'Slow',
      private: false,
      security: false,
      services: [],
    });
  });

  it('skips events that are not incident events', () => {
    const log = readIncidentLog([
      { at: at('10:00'), actor: 'U1', actorKind: 'human', type: 'deploy.requested', payload: {} },
      ev('incident.note_added', '10:01', { text: 'hi' }),
    ]);
    expect(log.map((e) => e.type)).toEqual(['incident.note_added']);
  });

  it('throws for a payload that breaks its type, naming the field', () => {
    expect(() =>
      readIncidentEvent({
        at: at('10:00'),
        actor: 'U1',
        actorKind: 'human',
        type: 'incident.severity_changed',
        payload: { from: 'SEV-1', to: 'SEV-9' },
      }),
    ).toThrow(/incident.severity_changed payload: to/);
    expect(() =>
      readIncidentEvent({
        at: at('10:00'),
        actor: 'U1',
        actorKind: 'human',
        type: 'incident.action_item_added',
        payload: { item: 'A1', text: 'x', owner: 'U1', due: '2026-02-30' },
      }),
    ).toThrow(/due/);
  });
});
