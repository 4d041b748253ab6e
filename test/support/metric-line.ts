/** A label of a /metrics series, written as Prometheus's text format writes it: `name="value"`. */
const label = (name: string, value: string) => `${name}="${literal(value)}"`;

/** The `replica` label a Shipgate on PostgreSQL, or one given a replica name, puts on every series. */
const ANY_REPLICA = 'replica="[^"\\\\]*"';

/** The value pattern "1 or more" (counters that must have counted something). */
export const AT_LEAST_ONE = /[1-9]\d*/;

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Every ordering of `items`. */
function orderings(items: readonly string[]): string[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    orderings([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/**
 * A RegExp for one line of `/metrics`: the series `name` with exactly `labels` (in any order; Prometheus does not
 * care) and the value `value` (a number for that value exactly, a RegExp for a pattern such as {@link AT_LEAST_ONE}), plus
 * the `replica` label, which a Shipgate on PostgreSQL (or given a replica name) adds to every series and a lone
 * SQLite process leaves off. Anything else about the line must be as given, so e.g. `shipgate_timers_running 1`
 * does not match `shipgate_timers_running 10` or a series with another label.
 */
export function metricLine(
  name: string,
  labels: Readonly<Record<string, string>>,
  value: number | RegExp,
): RegExp {
  const pairs = Object.entries(labels).map(([key, text]) => label(key, text));
  const withReplica = orderings([...pairs, ANY_REPLICA]);
  const without = pairs.length > 0 ? orderings(pairs) : [];
  const sets = [...withReplica, ...without].map((set) => `\\{${set.join(',')}\\}`);
  if (pairs.length === 0) sets.push('');
  const valuePattern = typeof value === 'number' ? literal(String(value)) : value.source;
  return new RegExp(`^${literal(name)}(?:${sets.join('|')}) (?:${valuePattern})$`, 'm');
}

/**
 * The value of the series `name` with exactly `labels` (and perhaps the `replica` label, as {@link metricLine})
 * in a `/metrics` text, or undefined when it has no such line.
 */
export function metricValue(
  text: string,
  name: string,
  labels: Readonly<Record<string, string>>,
): number | undefined {
  const line = text.match(metricLine(name, labels, /\S+/))?.[0];
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}
