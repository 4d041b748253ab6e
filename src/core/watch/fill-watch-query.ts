/** Values for a watch query's or health URL's placeholders. */
export interface WatchPlaceholders {
  readonly service: string;
  readonly env: string;
  readonly version: string;
  /** The track judged: the new colour or `canary`, or for the baseline the old colour or `stable`. */
  readonly track: string;
  /** The blue-green colour of the track (the track itself for blue-green; empty for canary). */
  readonly color: string;
}

/** Fills `{service} {env} {version} {track} {color}`; PromQL's own `{label="…"}` sets are left alone. */
export function fillWatchQuery(template: string, values: WatchPlaceholders): string {
  return template.replace(/\{(service|env|version|track|color)\}/g, (_, name: keyof WatchPlaceholders) =>
    String(values[name]),
  );
}

/**
 * The baseline form of a query: its average over the baseline window, sampled every interval, as a PromQL
 * subquery (`avg_over_time((q)[5m:10s])`), so one instant query captures the stable version's recent level.
 */
export function baselineQuery(query: string, windowSeconds: number, intervalSeconds: number): string {
  return `avg_over_time((${query})[${Math.max(1, Math.round(windowSeconds))}s:${Math.max(1, Math.round(intervalSeconds))}s])`;
}
