import { describe, expect, it } from 'vitest';
import { computeBump } from '../../../../src/core/deploys/versioning.js';

const checkout = { service: 'checkout', env: 'production' };

describe('computeBump', () => {
  it.each([
    ['2.5.3', '2.5.4', 'patch'],
    ['2.4.9', '2.5.0', 'minor'],
    ['2.5.3', '3.0.0', 'major'],
    ['2.5.3', '2.7.1', 'minor'],
  ] as const)('reads %s → %s as a %s bump', (current, requested, bump) => {
    expect(computeBump(current, requested)).toEqual({ ok: true, bump, current });
  });

  it.each([
    ['2.5.3', '3.0.0-beta.1', 'major'],
    ['2.5.3', '2.6.0-rc.1', 'minor'],
    ['2.5.3', '2.5.4-rc.1', 'patch'],
    ['2.5.4-rc.1', '2.5.4-rc.2', 'patch'],
  ] as const)('maps the pre-release diff %s → %s to %s', (current, requested, bump) => {
    expect(computeBump(current, requested)).toMatchObject({ ok: true, bump });
  });

  it('treats the first deploy of a service as a major bump', () => {
    expect(computeBump(undefined, '1.0.0')).toEqual({ ok: true, bump: 'major', current: undefined });
  });

  it('accepts versions written with a leading v', () => {
    expect(computeBump('v2.5.3', 'v2.5.4')).toEqual({ ok: true, bump: 'patch', current: '2.5.3' });
  });

  it('refuses the version already running and points to /rollback', () => {
    const result = computeBump('2.5.4', '2.5.4', checkout);
    expect(result).toEqual({
      ok: false,
      current: '2.5.4',
      reason:
        'checkout runs 2.5.4 in production; 2.5.4 is not newer. To go back to an earlier version, use /rollback checkout --to <version>',
    });
  });

  it('refuses an older version and names the rollback command for it', () => {
    const result = computeBump('2.6.0', '2.5.4', checkout);
    expect(result).toEqual({
      ok: false,
      current: '2.6.0',
      reason:
        'checkout runs 2.6.0 in production; 2.5.4 is not newer. To go back, use /rollback checkout --to 2.5.4',
    });
  });

  it('refuses a release candidate of the version already running', () => {
    const result = computeBump('2.5.4', '2.5.4-rc.1');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('2.5.4-rc.1 is not newer');
  });

  it('throws for a version that is not SemVer (the command grammar validates first)', () => {
    expect(() => computeBump('2.5.3', 'latest')).toThrow(/not a SemVer version/);
  });
});
