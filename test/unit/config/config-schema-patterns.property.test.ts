import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calendarDateSchema } from '../../../src/core/config/calendar-date.js';
import { templateSchema } from '../../../src/core/config/deploy-target-schema.js';
import { durationSchema } from '../../../src/core/config/duration.js';
import { hourRangeSchema } from '../../../src/core/config/hour-range.js';
import { channelRefSchema, timeZoneSchema } from '../../../src/core/config/identifier-schemas.js';
import { percentageSchema } from '../../../src/core/config/percentage.js';
import { thresholdSchema } from '../../../src/core/config/threshold.js';
import { metricsSchema, watchSchema } from '../../../src/core/config/watch-schema.js';
import { weekdaySchema } from '../../../src/core/config/weekday.js';

const ajv = new Ajv2020({ strict: true, strictRequired: false });
addFormats.default(ajv);

/** What the JSON Schema of `schema` says of a value (the YAML input side, as the committed files describe it). */
function jsonSchemaAccepts(schema: z.ZodType): (value: unknown) => boolean {
  const validate = ajv.compile(z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }));
  return (value) => validate(value) === true;
}

/**
 * Texts near the edges of a format, valid ones, near misses and junk: pieces glued in any order, and for formats with
 * `slots` also one choice per slot in order (the format's shape with each part right or slightly wrong).
 */
function texts({ pieces, slots }: Pick<Format, 'pieces' | 'slots'>) {
  const glued = fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((parts) => parts.join(''));
  if (slots === undefined) return glued;
  const shaped = fc.tuple(...slots.map((slot) => fc.constantFrom(...slot))).map((parts) => parts.join(''));
  return fc.oneof(glued, shaped);
}

interface Format {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly wrap?: (text: string) => unknown;
  readonly pieces: readonly string[];
  readonly slots?: readonly (readonly string[])[];
  /** The JSON Schema refuses exactly what Shipgate refuses (otherwise it only never refuses what Shipgate accepts). */
  readonly exact: boolean;
}

const FORMATS: readonly Format[] = [
  {
    name: 'durations',
    schema: durationSchema,
    pieces: ['0', '1', '5', '30', '00', 'd', 'h', 'm', 's', ' ', '.', '-', 'x'],
    exact: true,
  },
  {
    name: 'percentages',
    schema: percentageSchema,
    pieces: ['0', '1', '10', '.', '5', '%', ' ', '-', 'x'],
    exact: true,
  },
  {
    name: 'thresholds',
    schema: thresholdSchema,
    pieces: ['error_rate', 'latency_p99', 'a', '_', 'X', '1', '.', '5', ' ', '>', '<', '=', '%', 'ms', 's'],
    slots: [
      ['error_rate', 'latency_p99', 'a', 'A', '1x', ''],
      ['', ' ', '  '],
      ['>', '>=', '<', '<=', '=', '=>'],
      ['', ' '],
      ['1', '0.5', '500', '.5', '1.', 'x'],
      ['', ' '],
      ['', '%', 'ms', 's', 'm', '%%'],
    ],
    exact: true,
  },
  {
    name: 'weekdays',
    schema: weekdaySchema,
    pieces: ['mon', 'MON', 'Mon', 'tues', 'wednes', 'sun', 'day', 'DAY', 'Day', ' ', 'x'],
    exact: true,
  },
  {
    name: 'channels',
    schema: channelRefSchema,
    pieces: ['#', 'deploys', 'a', '-', '_', 'C', 'G', 'U', '0123', 'ABCD', 'A', ' ', 'é'],
    exact: true,
  },
  {
    name: 'command templates',
    schema: templateSchema,
    pieces: [
      '{',
      '}',
      'service',
      'version',
      'previous_version',
      'deploy_id',
      '{service}',
      '{percent}',
      '{x}',
      ' ',
      'x',
    ],
    exact: true,
  },
  {
    name: 'watch queries',
    schema: watchSchema.shape.queries,
    wrap: (text) => ({ error_rate: text }),
    pieces: [
      '{',
      '}',
      'service',
      'track',
      'bogus',
      '_',
      '{service}',
      '{track}',
      '{job="a"}',
      '{Bad}',
      ' ',
      'x',
    ],
    exact: true,
  },
  {
    name: 'metrics.http_json URLs',
    schema: metricsSchema,
    wrap: (text) => ({ http_json: { url: text } }),
    pieces: [
      'http://',
      'https://',
      'ftp://',
      'host',
      '/',
      ':8080',
      '{service}',
      '{track}',
      '{bogus}',
      ' ',
      'x',
    ],
    exact: true,
  },
  {
    name: 'hour ranges',
    schema: hourRangeSchema,
    pieces: ['0', '1', '2', '4', '9', ':', '00', '30', '59', '60', '-', ' ', '10:00', '16:00', '24:00'],
    slots: [
      ['', ' '],
      ['0', '9', '09', '10', '23', '24', '25', '123'],
      [':', '.'],
      ['00', '30', '59', '60', '5'],
      ['', ' '],
      ['-', '–'],
      ['', ' '],
      ['1', '09', '16', '23', '24', '25'],
      [':'],
      ['00', '30', '59', '60'],
    ],
    exact: false,
  },
  {
    name: 'dates',
    schema: calendarDateSchema,
    pieces: ['2026', '-', '02', '11', '28', '30', '31', '13', '00', '1', ' '],
    slots: [
      ['', ' '],
      ['2026', '2024', '0000', '999', '20266'],
      ['-', '/'],
      ['01', '02', '04', '12', '13', '00', '1'],
      ['-'],
      ['01', '28', '29', '30', '31', '32', '00', '1'],
      ['', ' '],
    ],
    exact: false,
  },
];

describe.each(FORMATS)('the JSON Schema of $name', (format) => {
  const { schema, wrap = (text: string) => text } = format;
  const schemaSays = jsonSchemaAccepts(schema);
  const shipgateSays = (value: unknown) => schema.safeParse(value).success;

  it('never refuses what Shipgate accepts', () => {
    const sample = fc.sample(texts(format), { numRuns: 2000, seed: 1 });
    expect(sample.filter((text) => shipgateSays(wrap(text))).length, 'accepted texts tried').toBeGreaterThan(
      20,
    );
    expect(sample.filter((text) => !shipgateSays(wrap(text))).length, 'refused texts tried').toBeGreaterThan(
      20,
    );
    fc.assert(
      fc.property(texts(format), (text) => {
        if (shipgateSays(wrap(text))) expect(schemaSays(wrap(text)), JSON.stringify(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what is not text at all', () => {
    expect(schemaSays(wrap(30 as unknown as string))).toBe(false);
    expect(shipgateSays(wrap(30 as unknown as string))).toBe(false);
  });
});

describe.each(FORMATS.filter((f) => f.exact))('the JSON Schema of $name', (format) => {
  const { schema, wrap = (text: string) => text } = format;
  const schemaSays = jsonSchemaAccepts(schema);
  const shipgateSays = (value: unknown) => schema.safeParse(value).success;

  it('refuses exactly what Shipgate refuses', () => {
    fc.assert(
      fc.property(texts(format), (text) => {
        expect(schemaSays(wrap(text)), JSON.stringify(text)).toBe(shipgateSays(wrap(text)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the loose patterns', () => {
  it('accept every calendar date and every time zone the runtime knows', () => {
    const date = jsonSchemaAccepts(calendarDateSchema);
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        (d) => {
          expect(date(d.toISOString().slice(0, 10))).toBe(true);
        },
      ),
    );
    const zone = jsonSchemaAccepts(timeZoneSchema);
    const zones = Intl.supportedValuesOf('timeZone');
    expect(zones.length).toBeGreaterThan(100);
    expect(zones.filter((name) => timeZoneSchema.safeParse(name).success && !zone(name))).toEqual([]);
  });

  it('still refuse text of the wrong shape', () => {
    const hours = jsonSchemaAccepts(hourRangeSchema);
    const date = jsonSchemaAccepts(calendarDateSchema);
    const zone = jsonSchemaAccepts(timeZoneSchema);
    expect(['10-16', '25:00-26:00', '10:60-11:00'].filter(hours)).toEqual([]);
    expect(['27.11.2026', '2026-13-01', '2026-1-1'].filter(date)).toEqual([]);
    expect(['Europe Berlin', '/Berlin', ''].filter(zone)).toEqual([]);
  });
});
