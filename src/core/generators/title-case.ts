/** `qa` → `Qa`, `production` → `Production`: a name as the first word of a heading. */
export function titleCase(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}
