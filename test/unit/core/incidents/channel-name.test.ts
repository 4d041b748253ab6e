import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHANNEL_NAME_MAX,
  CHANNEL_NAME_PATTERN,
  incidentChannelName,
  slugify,
} from '../../../../src/core/incidents/channel-name.js';
import { formatIncidentId } from '../../../../src/core/incidents/incident-id.js';

describe('slugify', () => {
  it('lowercases and joins words with single hyphens', () => {
    expect(slugify('Checkout   DOWN!!  (EU)')).toBe('checkout-down-eu');
  });

  it('folds accents and special Latin letters to ASCII', () => {
    expect(slugify('Café Zahlungsausfall – Straße Ærø Łódź')).toBe('cafe-zahlungsausfall-strasse-aero-lodz');
  });

  it('turns underscores, emoji and other scripts into separators and trims them at the ends', () => {
    expect(slugify('🔥 db_primary 停止 down 🔥')).toBe('db-primary-down');
  });

  it('gives an empty slug for a title with nothing usable', () => {
    expect(slugify('!!! ???')).toBe('');
    expect(slugify('支付失败')).toBe('');
  });

  it('cuts on a word boundary', () => {
    expect(slugify('checkout payments down', 20)).toBe('checkout-payments');
    expect(slugify('checkout payments down', 17)).toBe('checkout-payments');
    expect(slugify('checkout payments down', 16)).toBe('checkout');
  });

  it('cuts a single word longer than the limit hard', () => {
    expect(slugify('supercalifragilistic', 5)).toBe('super');
  });
});

describe('incidentChannelName', () => {
  it('joins the lowercased id and the slug', () => {
    expect(incidentChannelName('INC-2026-0007', 'Checkout down')).toBe('inc-2026-0007-checkout-down');
  });

  it('appends -2, -3 … for later attempts after name_taken', () => {
    expect(incidentChannelName('INC-2026-0007', 'Checkout down', 1)).toBe('inc-2026-0007-checkout-down-2');
    expect(incidentChannelName('INC-2026-0007', 'Checkout down', 2)).toBe('inc-2026-0007-checkout-down-3');
  });

  it('still gives a valid name when the title slugs to nothing', () => {
    expect(incidentChannelName('INC-2026-0007', '???')).toBe('inc-2026-0007');
    expect(incidentChannelName('INC-2026-0007', '???', 1)).toBe('inc-2026-0007-2');
  });

  it('shortens a long title on a word boundary so the suffix still fits in 80 characters', () => {
    const title =
      'payment provider returns timeouts for every card payment in the european region since the deploy';
    const first = incidentChannelName('INC-2026-0007', title);
    expect(first).toBe('inc-2026-0007-payment-provider-returns-timeouts-for-every-card-payment-in-the');
    expect(incidentChannelName('INC-2026-0007', title, 11)).toHaveLength(CHANNEL_NAME_MAX);
    expect(incidentChannelName('INC-2026-0007', title, 11)).toBe(`${first}-12`);
    expect(incidentChannelName('INC-2026-0007', title, 99)).toBe(
      'inc-2026-0007-payment-provider-returns-timeouts-for-every-card-payment-in-100',
    );
  });

  it('refuses an id that is not an incident id and a negative attempt', () => {
    expect(() => incidentChannelName('DEP-2026-0007', 'x')).toThrow(RangeError);
    expect(() => incidentChannelName('INC-2026-0007', 'x', -1)).toThrow(RangeError);
  });

  it('always produces a name Slack accepts that starts with the incident id', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 })),
        fc.nat({ max: 100_000 }),
        (year, sequence, title, attempt) => {
          const id = formatIncidentId(year, sequence);
          const name = incidentChannelName(id, title, attempt);
          expect(name).toMatch(CHANNEL_NAME_PATTERN);
          expect(name.startsWith(id.toLowerCase())).toBe(true);
          if (attempt > 0) expect(name.endsWith(`-${attempt + 1}`)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps every slug inside the pattern on its own', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (title) => {
        const slug = slugify(title);
        expect(slug === '' || CHANNEL_NAME_PATTERN.test(slug)).toBe(true);
        expect(slug).not.toMatch(/--|^-|-$/);
      }),
    );
  });
});
