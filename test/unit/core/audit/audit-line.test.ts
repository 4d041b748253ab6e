import { describe, expect, it } from 'vitest';
import { auditLine, payloadSummary } from '../../../../src/core/audit/audit-line.js';

const event = {
  id: 7,
  at: new Date('2026-11-24T10:00:00Z'),
  actor: 'U0BOB',
  actorKind: 'human' as const,
  subject: 'DEP-2026-0001',
  type: 'deploy.approve',
  payload: { role: 'team-lead', in_place_of: ['U0ALICE'], count: 2 },
};

describe('auditLine', () => {
  it('prints time in UTC, actor (kind), subject, type and the payload as key=value', () => {
    expect(auditLine(event)).toBe(
      '2026-11-24T10:00:00.000Z U0BOB (human) DEP-2026-0001 deploy.approve role=team-lead in_place_of=["U0ALICE"] count=2',
    );
  });

  it('ends after the type when the payload is empty', () => {
    expect(auditLine({ ...event, payload: {} })).toBe(
      '2026-11-24T10:00:00.000Z U0BOB (human) DEP-2026-0001 deploy.approve',
    );
  });

  it('quotes anything with spaces, quotes or line breaks, so one event stays one line', () => {
    const line = auditLine({
      ...event,
      actor: 'agent:ci bot',
      payload: { reason: 'first line\nsecond "quoted"' },
    });
    expect(line).toBe(
      '2026-11-24T10:00:00.000Z "agent:ci bot" (human) DEP-2026-0001 deploy.approve reason="first line\\nsecond \\"quoted\\""',
    );
    expect(line).not.toContain('\n');
  });

  it('shows a time that does not parse as invalid-time instead of failing', () => {
    expect(auditLine({ ...event, at: new Date('garbage'), payload: {} })).toMatch(/^invalid-time U0BOB/);
  });
});

describe('payloadSummary', () => {
  it('cuts a long summary at 120 characters with an ellipsis, never inside a character', () => {
    const summary = payloadSummary({ note: '🚀'.repeat(200) });
    expect(Array.from(summary)).toHaveLength(120);
    expect(summary.endsWith('🚀…')).toBe(true);
  });
});
