import { describe, expect, it } from 'vitest';
import { chooseApproverRole, maximumFillable } from '../../../../src/core/deploys/choose-approver-role.js';
import { membersFrom } from './approval-fixture.js';

describe('maximumFillable', () => {
  it('counts how many roles distinct people can fill at once', () => {
    const membersOf = membersFrom({ a: ['P1'], b: ['P1'], c: ['P1', 'P2'], d: ['P3'] });
    expect(maximumFillable(['a', 'b', 'c', 'd'], membersOf)).toBe(3);
  });

  it('finds the augmenting path a greedy assignment would miss', () => {
    const membersOf = membersFrom({ a: ['P1', 'P2'], b: ['P1'] });
    expect(maximumFillable(['a', 'b'], membersOf)).toBe(2);
  });
});

describe('chooseApproverRole', () => {
  it('does not count the clicker among the people left to fill the rest', () => {
    const eligibleOf = membersFrom({ a: ['ME', 'P1'], b: ['ME'] });
    expect(
      chooseApproverRole({ candidates: ['a', 'b'], missing: ['a', 'b'], eligibleOf, clicker: 'ME' }),
    ).toBe('b');
  });

  it('throws when called without a candidate role', () => {
    expect(() =>
      chooseApproverRole({ candidates: [], missing: ['a'], eligibleOf: () => [], clicker: 'ME' }),
    ).toThrow(RangeError);
  });
});
