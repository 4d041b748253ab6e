import { describe, expect, it } from 'vitest';
import { readinessChecklistSchema } from '../../../../src/core/config/readiness-checklist-schema.js';
import { attestedItem } from '../../../../src/core/readiness/attested-item.js';
import type { ItemResult } from '../../../../src/core/readiness/item-result.js';
import { readinessBand } from '../../../../src/core/readiness/readiness-band.js';
import { scoreReadiness } from '../../../../src/core/readiness/score-readiness.js';

const AT = new Date('2026-11-24T10:00:00Z');
const DAY = 86_400_000;

function item(id: string, passed: boolean, extra: Partial<ItemResult> = {}): ItemResult {
  return {
    id,
    text: id,
    section: 'S',
    critical: false,
    weight: 1,
    kind: 'check',
    passed,
    reason: passed ? 'ok' : 'no',
    ...extra,
  };
}

/** `passed` of 100 unit-weight items pass. */
function hundred(passed: number, extra: Partial<ItemResult> = {}): ItemResult[] {
  return Array.from({ length: 100 }, (_, i) => item(`i${i}`, i < passed, i === 0 ? extra : {}));
}

describe('scoreReadiness', () => {
  it.each([
    [100, 'ready'],
    [90, 'ready'],
    [89, 'minor_improvements'],
    [70, 'minor_improvements'],
    [69, 'not_ready'],
    [50, 'not_ready'],
    [49, 'do_not_deploy'],
    [0, 'do_not_deploy'],
  ] as const)('puts a score of %i in the %s band', (passed, band) => {
    const summary = scoreReadiness(hundred(passed), { at: AT });
    expect(summary.score).toBe(passed);
    expect(summary.band).toBe(band);
    expect(readinessBand(passed)).toBe(band);
  });

  it('weighs items and rounds down so a score never rounds up into a better band', () => {
    const items = [
      item('a', true, { weight: 3 }),
      ...Array.from({ length: 30 }, (_, i) => item(`b${i}`, i < 26)),
    ];
    // (3 + 26) / 33 = 87.87… → 87
    expect(scoreReadiness(items, { at: AT }).score).toBe(87);
    const nearly = [
      ...Array.from({ length: 899 }, (_, i) => item(`c${i}`, true)),
      ...Array.from({ length: 101 }, (_, i) => item(`d${i}`, false)),
    ];
    expect(scoreReadiness(nearly, { at: AT })).toMatchObject({ score: 89, band: 'minor_improvements' });
  });

  it('says DO NOT DEPLOY for a failed critical item whatever the score', () => {
    const items = hundred(99);
    items[99] = item('oncall', false, { critical: true, reason: 'nobody is on call' });
    const summary = scoreReadiness(items, { at: AT, minimum: 90 });
    expect(summary.score).toBe(99);
    expect(summary.band).toBe('do_not_deploy');
    expect(summary.ready).toBe(false);
    expect(summary.gaps[0]).toEqual({
      id: 'oncall',
      text: 'oncall',
      critical: true,
      reason: 'nobody is on call',
    });
  });

  it('is ready at the minimum and not one point below it', () => {
    expect(scoreReadiness(hundred(90), { at: AT, minimum: 90 })).toMatchObject({ ready: true, minimum: 90 });
    expect(scoreReadiness(hundred(89), { at: AT, minimum: 90 }).ready).toBe(false);
  });

  it('without a minimum is ready from the minor-improvements band (70) up', () => {
    expect(scoreReadiness(hundred(70), { at: AT }).ready).toBe(true);
    expect(scoreReadiness(hundred(69), { at: AT }).ready).toBe(false);
    expect(scoreReadiness(hundred(70), { at: AT }).minimum).toBeUndefined();
  });

  it('scores an empty checklist 0, not ready', () => {
    expect(scoreReadiness([], { at: AT })).toMatchObject({ score: 0, ready: false, band: 'do_not_deploy' });
  });
});

describe('attestedItem', () => {
  const checklist = readinessChecklistSchema.parse({
    sections: [
      {
        name: 'Sign-Off',
        items: [{ id: 'signoff', text: 'Sign-off', attest: { role: 'engineering-lead' } }],
      },
    ],
  });
  const signoff = checklist.sections[0]?.items[0];
  if (signoff === undefined) throw new Error('no item');
  const tick = {
    service: 'checkout',
    itemId: 'signoff',
    userId: 'U0DAVE',
    role: 'engineering-lead',
    version: '2.5.3',
    at: AT,
  };

  it('passes while the attestation is younger than attestation_valid_for, and fails once it expired', () => {
    const fresh = attestedItem(signoff, 'Sign-Off', tick, 30 * DAY, new Date(AT.getTime() + 30 * DAY - 1));
    expect(fresh).toMatchObject({ passed: true, attestedBy: 'U0DAVE', attestedAt: AT.toISOString() });
    const old = attestedItem(signoff, 'Sign-Off', tick, 30 * DAY, new Date(AT.getTime() + 30 * DAY));
    expect(old.passed).toBe(false);
    expect(old.reason).toContain('expired');
  });

  it('fails naming the role when nobody ticked it', () => {
    expect(attestedItem(signoff, 'Sign-Off', undefined, DAY, AT)).toMatchObject({
      passed: false,
      reason: 'not attested yet (needs engineering-lead)',
    });
  });
});
