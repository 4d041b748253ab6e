/** A timeout for a one-line reason: `2 s`, `0.25 s`; whole seconds read the way the config writes them. */
export function describeSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}
