/** Prometheus's error message without the `invalid parameter "query":` preamble it puts before parse errors. */
export function promqlErrorText(error: string): string {
  return error.replace(/^invalid parameter "query":\s*/, '');
}
