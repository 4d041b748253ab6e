import { describe, expect, it } from 'vitest';
import { RecentKeys } from '../../../src/slack/recent-keys.js';

describe('RecentKeys', () => {
  it('says true the first time a key is seen and false for its repeats', () => {
    const keys = new RecentKeys(3);
    expect(['a', 'b', 'a', 'c', 'b'].map((k) => keys.firstSeen(k))).toEqual([true, true, false, true, false]);
  });

  it('forgets the oldest key once more than its capacity are remembered', () => {
    const keys = new RecentKeys(3);
    for (const k of ['a', 'b', 'c', 'd']) keys.firstSeen(k);
    expect(['b', 'c', 'd'].map((k) => keys.firstSeen(k))).toEqual([false, false, false]);
    expect(keys.firstSeen('a')).toBe(true);
    expect(keys.firstSeen('b')).toBe(true);
  });
});
