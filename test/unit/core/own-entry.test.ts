import { describe, expect, it } from 'vitest';
import { ownEntry } from '../../../src/core/own-entry.js';
import { PROTOTYPE_NAMES } from '../../support/prototype-names.js';

const services: Record<string, { channel: string }> = { checkout: { channel: '#deploys' } };

describe('ownEntry', () => {
  it('finds a key the record holds', () => {
    expect(ownEntry(services, 'checkout')).toEqual({ channel: '#deploys' });
  });

  it('finds nothing for a key the record does not hold', () => {
    expect(ownEntry(services, 'payments')).toBeUndefined();
  });

  it.each(PROTOTYPE_NAMES)('finds nothing for %s, which plain objects inherit', (name) => {
    expect(ownEntry(services, name)).toBeUndefined();
    expect(ownEntry({}, name)).toBeUndefined();
  });

  it.each(PROTOTYPE_NAMES)('finds %s when the record holds it as its own key', (name) => {
    const roles: Record<string, string[]> = Object.fromEntries([[name, ['U0BOB']]]);
    expect(ownEntry(roles, name)).toEqual(['U0BOB']);
  });

  it('reads null-prototype records too', () => {
    const flags: Record<string, string> = Object.assign(Object.create(null), { env: 'prod' });
    expect(ownEntry(flags, 'env')).toBe('prod');
    expect(ownEntry(flags, 'toString')).toBeUndefined();
  });
});
