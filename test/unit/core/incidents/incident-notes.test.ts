import { describe, expect, it } from 'vitest';
import { classifyNote } from '../../../../src/core/incidents/incident-notes.js';

describe('classifyNote', () => {
  it.each([
    ['Root cause: expired TLS certificate', 'root_cause', 'expired TLS certificate'],
    ['root-cause:  pool exhausted ', 'root_cause', 'pool exhausted'],
    ['IMPACT: 1,200 failed checkouts', 'impact', '1,200 failed checkouts'],
    ['Fix: rolled back to 2.5.3', 'fix', 'rolled back to 2.5.3'],
    ['Went well: paging was fast', 'went_well', 'paging was fast'],
    ['went  poorly: no runbook', 'went_poorly', 'no runbook'],
  ])('files "%s" under %s', (note, label, text) => {
    expect(classifyNote(note)).toEqual({ label, text });
  });

  it('keeps other notes, including ones with a colon, as plain notes', () => {
    expect(classifyNote('Looking at db: replica lag 40s')).toEqual({
      label: undefined,
      text: 'Looking at db: replica lag 40s',
    });
    expect(classifyNote('Root cause:   ')).toEqual({ label: undefined, text: 'Root cause:' });
  });
});
