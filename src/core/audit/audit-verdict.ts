import type { ChainBreak, ChainHead } from './chain-break.js';

/**
 * The answer of a full walk over the event log: every row verifies (`rows` of them, ending at `head`), or the first
 * place it does not, after reading `rows_checked` rows (the one where the walk stopped included).
 */
export type AuditVerdict =
  | { readonly ok: true; readonly rows: number; readonly head: ChainHead }
  | { readonly ok: false; readonly rows_checked: number; readonly first: ChainBreak };

/**
 * The lines `shipgate audit verify` prints: `OK: <n> events verify` and the head to note down elsewhere, or
 * `FAIL: event <id> at <time> was <problem>: <detail> (checked <n> events)`. For a deleted event, whose time is gone,
 * "at" becomes "before" (the time of the event after the gap) or "after" (the last event left).
 */
export function verdictLines(verdict: AuditVerdict): string[] {
  if (verdict.ok)
    return [`OK: ${verdict.rows} events verify`, `head: event ${verdict.head.id} ${verdict.head.hash}`];
  const { first } = verdict;
  const time = first.at === undefined ? '' : ` ${first.when} ${first.at}`;
  return [
    `FAIL: event ${first.id}${time} was ${first.problem}: ${first.detail} (checked ${verdict.rows_checked} events)`,
  ];
}
