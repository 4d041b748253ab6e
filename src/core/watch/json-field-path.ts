import type { Reading } from './watch-sample.js';

/** One segment of a field path: a key, or an array index written as a number (`series.0.value`). */
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** The segments of a JSON field path such as `error_rate` or `latency.p99`, or undefined when it is not one. */
export function parseFieldPath(text: string): string[] | undefined {
  const segments = text.split('.');
  return segments.every((s) => SEGMENT.test(s)) ? segments : undefined;
}

/** The start of a value for a reason, on one line. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * The number at `path` in a parsed JSON body, as a watch reading: a missing field, null (a rate without traffic)
 * and anything that is not a finite number are no data with the reason, never a value.
 */
export function readJsonField(body: unknown, path: string): Reading {
  const segments = parseFieldPath(path);
  if (segments === undefined) return { ok: false, reason: `not a JSON field path: ${shown(path)}` };
  let value: unknown = body;
  for (const [i, key] of segments.entries()) {
    const own = Array.isArray(value)
      ? /^\d+$/.test(key)
        ? value[Number(key)]
        : undefined
      : value !== null && typeof value === 'object' && Object.hasOwn(value, key)
        ? (value as Record<string, unknown>)[key]
        : undefined;
    if (own === undefined) {
      const where = i === 0 ? '' : ` (${segments.slice(0, i).join('.')} has no ${key})`;
      return { ok: false, reason: `no field ${path} in the JSON${where}` };
    }
    value = own;
  }
  if (value === null) return { ok: false, reason: `${path} is null (no traffic?)` };
  if (typeof value !== 'number' || !Number.isFinite(value))
    return { ok: false, reason: `${path} is not a number: ${shown(value)}` };
  return { ok: true, value };
}
