import { existsSync, readFileSync } from 'node:fs';

/**
 * Start times (ms since the epoch, from the ns clock of `fixtures/first-command.sh`) of every recorded target
 * invocation in `log` whose text includes `match`, in the order they were recorded.
 */
export function startsOf(log: string, match: string): number[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l.includes(match))
    .map((l) => Number(BigInt(l.split(' ')[0] ?? '0') / 1000n) / 1000);
}
