import { describe, expect, it } from 'vitest';
import { parseFieldPath, readJsonField } from '../../../../src/core/watch/json-field-path.js';

describe('JSON field paths (metrics.http_json)', () => {
  it('parses dotted paths and refuses anything else', () => {
    expect(parseFieldPath('error_rate')).toEqual(['error_rate']);
    expect(parseFieldPath('latency.p99')).toEqual(['latency', 'p99']);
    expect(parseFieldPath('series.0.value')).toEqual(['series', '0', 'value']);
    expect(parseFieldPath('sum(rate(x[1m]))')).toBeUndefined();
    expect(parseFieldPath('latency..p99')).toBeUndefined();
    expect(parseFieldPath('')).toBeUndefined();
  });

  it('reads a number at a path, nested objects and array indexes included', () => {
    const body = { error_rate: 0.02, latency: { p99: 0.12 }, series: [{ value: 7 }] };
    expect(readJsonField(body, 'error_rate')).toEqual({ ok: true, value: 0.02 });
    expect(readJsonField(body, 'latency.p99')).toEqual({ ok: true, value: 0.12 });
    expect(readJsonField(body, 'series.0.value')).toEqual({ ok: true, value: 7 });
    expect(readJsonField({ requests: 0 }, 'requests')).toEqual({ ok: true, value: 0 });
  });

  it('is no data with the reason for a missing field, null, a non-number or a bad path: never a value', () => {
    const body = { error_rate: null, latency: { p95: 0.1 }, text: 'fast', flag: true, toString: 1 };
    expect(readJsonField(body, 'throughput')).toEqual({
      ok: false,
      reason: 'no field throughput in the JSON',
    });
    expect(readJsonField(body, 'latency.p99')).toEqual({
      ok: false,
      reason: 'no field latency.p99 in the JSON (latency has no p99)',
    });
    expect(readJsonField(body, 'error_rate')).toEqual({
      ok: false,
      reason: 'error_rate is null (no traffic?)',
    });
    expect(readJsonField(body, 'text')).toEqual({ ok: false, reason: 'text is not a number: "fast"' });
    expect(readJsonField(body, 'flag')).toEqual({ ok: false, reason: 'flag is not a number: true' });
    expect(readJsonField(body, 'latency')).toEqual({
      ok: false,
      reason: 'latency is not a number: {"p95":0.1}',
    });
    expect(readJsonField([1, 2], 'length')).toEqual({ ok: false, reason: 'no field length in the JSON' });
    expect(readJsonField(body, 'a b')).toEqual({ ok: false, reason: 'not a JSON field path: "a b"' });
  });
});
