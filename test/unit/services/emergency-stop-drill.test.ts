import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/event-record.js';
import { lastStopDrill } from '../../../src/services/oversight/emergency-stop-drill.js';

const event = (id: number, type: string, at: string, actor: string): StoredEvent => ({
  id,
  at: new Date(at),
  actor,
  actorKind: 'human',
  subject: 'agents',
  type,
  payload: {},
});

describe('the emergency-stop drill', () => {
  it('is the newest stop followed by a resume; a stop still holding or a lone resume is none', () => {
    expect(lastStopDrill([])).toBeUndefined();
    expect(lastStopDrill([event(1, 'agents.resumed', '2026-11-01T10:00:00Z', 'U1')])).toBeUndefined();
    expect(lastStopDrill([event(1, 'agents.suspended', '2026-11-01T10:00:00Z', 'U1')])).toBeUndefined();
    const drill = lastStopDrill([
      event(1, 'agents.suspended', '2026-11-01T10:00:00Z', 'U1'),
      event(2, 'agents.resumed', '2026-11-01T10:05:00Z', 'U2'),
      event(3, 'agents.suspended', '2026-11-20T10:00:00Z', 'U3'),
      event(4, 'agents.resumed', '2026-11-20T10:02:00Z', 'U1'),
      event(5, 'agents.suspended', '2026-11-25T10:00:00Z', 'U3'),
    ]);
    expect(drill).toEqual({
      stoppedAt: new Date('2026-11-20T10:00:00Z'),
      stoppedBy: 'U3',
      resumedAt: new Date('2026-11-20T10:02:00Z'),
      resumedBy: 'U1',
    });
  });
});
