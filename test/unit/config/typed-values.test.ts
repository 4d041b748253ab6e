import { describe, expect, it } from 'vitest';
import { calendarDateSchema, parseCalendarDate } from '../../../src/core/config/calendar-date.js';
import { validateWith } from '../../../src/core/config/config-issue.js';
import { durationSchema, formatDuration, parseDuration } from '../../../src/core/config/duration.js';
import { hourRangeSchema, parseHourRange } from '../../../src/core/config/hour-range.js';
import {
  channelRefSchema,
  slackUserIdSchema,
  timeZoneSchema,
} from '../../../src/core/config/identifier-schemas.js';
import { parsePercentage, percentageSchema } from '../../../src/core/config/percentage.js';
import { parseThreshold, thresholdBreached, thresholdSchema } from '../../../src/core/config/threshold.js';
import { parseWeekday, weekdayIndex, weekdaySchema } from '../../../src/core/config/weekday.js';

function messageOf(schema: Parameters<typeof validateWith>[0], input: unknown): string | undefined {
  const result = validateWith(schema, input);
  return result.ok ? undefined : result.issues[0]?.message;
}

describe('durations', () => {
  it.each([
    ['30m', 1_800_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['1d2h3m4s', 93_784_000],
  ])('parses %s into milliseconds', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ms, text });
    expect(durationSchema.parse(text)).toEqual({ ms, text });
  });

  it.each(['thirty minutes', '30', '30 m', '30min', '-5m', '0m', '', '30m2h', '1.5h'])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
      expect(messageOf(durationSchema, text)).toBe(
        `expected a duration such as 30m, got ${JSON.stringify(text)}`,
      );
    },
  );

  it('names non-text values and missing values in the message', () => {
    expect(messageOf(durationSchema, 30)).toBe('expected a duration such as 30m, got 30');
    expect(messageOf(durationSchema, undefined)).toBe('missing; expected a duration such as 30m');
    expect(messageOf(durationSchema, null)).toBe('expected a duration such as 30m, got an empty value');
  });

  it('formats milliseconds back into config notation', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(0)).toBe('0s');
  });
});

describe('percentages', () => {
  it.each([
    ['10%', 10],
    ['1.5%', 1.5],
    ['0%', 0],
    ['50 %', 50],
  ])('parses %s', (text, value) => {
    expect(parsePercentage(text)).toBe(value);
    expect(percentageSchema.parse(text)).toBe(value);
  });

  it.each(['ten', '10', '%10', '-5%', '1.%'])('refuses %j', (text) => {
    expect(parsePercentage(text)).toBeUndefined();
    expect(messageOf(percentageSchema, text)).toBe(
      `expected a percentage such as 10%, got ${JSON.stringify(text)}`,
    );
  });
});

describe('thresholds', () => {
  it('parses the chapter alerts', () => {
    expect(parseThreshold('error_rate > 1%')).toEqual({
      metric: 'error_rate',
      op: '>',
      value: 1,
      unit: '%',
      text: 'error_rate > 1%',
    });
    expect(thresholdSchema.parse('latency_p99 > 500ms')).toMatchObject({
      metric: 'latency_p99',
      value: 500,
      unit: 'ms',
    });
  });

  it.each([
    ['throughput < 100', '<', null],
    ['cpu_utilization >= 85.5%', '>=', '%'],
    ['latency_p95<=2s', '<=', 's'],
  ])('parses %s', (text, op, unit) => {
    expect(parseThreshold(text)).toMatchObject({ op, unit });
  });

  it.each([
    'errors are high',
    'error_rate => 1%',
    'error_rate > ',
    '> 1%',
    'Error_Rate > 1%',
    'error_rate > 1 percent',
  ])('refuses %j', (text) => {
    expect(parseThreshold(text)).toBeUndefined();
    expect(messageOf(thresholdSchema, text)).toBe(
      `expected a threshold such as error_rate > 1%, got ${JSON.stringify(text)}`,
    );
  });

  it('compares an observation with each operator', () => {
    const at = (text: string) => parseThreshold(text) ?? expect.fail(text);
    expect(thresholdBreached(at('error_rate > 1%'), 1)).toBe(false);
    expect(thresholdBreached(at('error_rate > 1%'), 1.01)).toBe(true);
    expect(thresholdBreached(at('error_rate >= 1%'), 1)).toBe(true);
    expect(thresholdBreached(at('throughput < 100'), 100)).toBe(false);
    expect(thresholdBreached(at('throughput <= 100'), 100)).toBe(true);
  });
});

describe('hour ranges', () => {
  it('turns 10:00-16:00 into minutes of the day', () => {
    expect(parseHourRange('10:00-16:00')).toEqual({ startMinute: 600, endMinute: 960, text: '10:00-16:00' });
    expect(hourRangeSchema.parse('9:30-24:00')).toMatchObject({ startMinute: 570, endMinute: 1440 });
  });

  it.each(['10-16', 'ten to four', '10:00', '10:00-16:60', '25:00-26:00', '24:00-24:00'])(
    'refuses %j',
    (text) => {
      expect(parseHourRange(text)).toBeUndefined();
      expect(messageOf(hourRangeSchema, text)).toMatch(/^expected hours such as 10:00-16:00/);
    },
  );

  it('refuses an end that is not after the start, saying so', () => {
    expect(parseHourRange('16:00-10:00')).toBeUndefined();
    expect(messageOf(hourRangeSchema, '16:00-10:00')).toBe(
      'expected hours such as 10:00-16:00 with valid times and the end after the start, got "16:00-10:00"',
    );
    expect(messageOf(hourRangeSchema, '10:00-10:00')).toMatch(/end after the start/);
  });
});

describe('weekdays', () => {
  it('accepts names in any case and returns them lower-case', () => {
    expect(parseWeekday('Tuesday')).toBe('tuesday');
    expect(weekdaySchema.parse('SUNDAY')).toBe('sunday');
    expect(weekdayIndex('sunday')).toBe(0);
    expect(weekdayIndex('saturday')).toBe(6);
  });

  it.each(['tues', 'tusday', 'weekday', ''])('refuses %j', (text) => {
    expect(parseWeekday(text)).toBeUndefined();
    expect(messageOf(weekdaySchema, text)).toBe(
      `expected a weekday such as tuesday, got ${JSON.stringify(text)}`,
    );
  });
});

describe('calendar dates', () => {
  it('accepts real YYYY-MM-DD dates', () => {
    expect(parseCalendarDate('2026-11-27')).toBe('2026-11-27');
    expect(calendarDateSchema.parse('2028-02-29')).toBe('2028-02-29');
  });

  it.each(['2026-02-30', '2027-02-29', '27.11.2026', '2026-1-5', '2026-13-01'])('refuses %j', (text) => {
    expect(parseCalendarDate(text)).toBeUndefined();
    expect(messageOf(calendarDateSchema, text)).toBe(
      `expected a date such as 2026-11-27, got ${JSON.stringify(text)}`,
    );
  });
});

describe('identifiers', () => {
  it('accepts Slack user ids and refuses names', () => {
    expect(slackUserIdSchema.parse('U0BOB')).toBe('U0BOB');
    expect(slackUserIdSchema.parse('W0ENTERPRISE')).toBe('W0ENTERPRISE');
    expect(messageOf(slackUserIdSchema, 'bob')).toBe('expected a Slack user id such as U0BOB, got "bob"');
    expect(messageOf(slackUserIdSchema, 'B0BOT')).toMatch(/Slack user id/);
  });

  it('accepts #names that follow Slack channel-name rules, and channel ids', () => {
    expect(channelRefSchema.parse('#deploys')).toBe('#deploys');
    expect(channelRefSchema.parse('C0123ABCD')).toBe('C0123ABCD');
    expect(messageOf(channelRefSchema, '#Deploys')).toMatch(/^expected a channel such as/);
    expect(messageOf(channelRefSchema, 'deploys')).toMatch(/got "deploys"$/);
  });

  it('accepts IANA time zones only', () => {
    expect(timeZoneSchema.parse('Europe/Berlin')).toBe('Europe/Berlin');
    expect(messageOf(timeZoneSchema, 'Mars/Olympus')).toBe(
      'expected an IANA time zone such as Europe/Berlin, got "Mars/Olympus"',
    );
  });
});
