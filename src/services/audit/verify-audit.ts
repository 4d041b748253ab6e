import type { AuditVerdict } from '../../core/audit/audit-verdict.js';
import { GENESIS_HASH } from '../../core/audit/canonical-event.js';
import {
  beyondHead,
  type ChainBreak,
  type ChainRow,
  classifyBreak,
  headMismatch,
  tailDeleted,
} from '../../core/audit/chain-break.js';
import type { AuditLog, ChainedEvent } from '../ports/audit-log.js';

/** How many rows each read fetches: memory stays flat however long the log is. */
const BATCH = 2000;

const link = (row: ChainedEvent): ChainRow => ({ id: row.id, at: row.at });

/**
 * Walks the whole event log in id order, in batches, inside one read snapshot, recomputing every row's hash and
 * checking it chains to the row before, that ids run on without a gap, and that the log ends at the head every
 * append records. Stops at the first row that does not verify and names what happened there (see
 * `classifyBreak`). What it can tell: an edited row whose hash was left alone, a row inserted or re-hashed
 * anywhere but at the very end without the head, deleted rows (a gap, or a log that ends before its head), rows
 * moved before one they were appended after. What it cannot: someone who rewrites the chain from a row onward *and*
 * the head (the hash has no key) — compare the head it prints with one noted down earlier for that.
 */
export async function verifyAudit(log: AuditLog, batchSize = BATCH): Promise<AuditVerdict> {
  return await log.snapshot(async (): Promise<AuditVerdict> => {
    const head = await log.head();
    let beforePrevious: ChainedEvent | undefined;
    let previous: ChainedEvent | undefined;
    let checked = 0;
    const fail = (first: ChainBreak): AuditVerdict => ({ ok: false, rows_checked: checked, first });
    for (let rows = await log.chainAfter(Number.NEGATIVE_INFINITY, batchSize); rows.length > 0; ) {
      for (const row of rows) {
        checked++;
        const expected = previous?.hash ?? GENESIS_HASH;
        const selfConsistent = row.hash === log.hashOf(row);
        const linked = row.prevHash === expected;
        const contiguous = row.id === (previous?.id ?? 0) + 1 && Number.isSafeInteger(row.id);
        if (!selfConsistent || !linked || !contiguous) {
          const claimed =
            !linked && row.prevHash !== null ? await log.idWithHash(row.prevHash, row.id) : undefined;
          return fail(
            classifyBreak({
              row: link(row),
              previous: previous && link(previous),
              beforePrevious: beforePrevious && link(beforePrevious),
              selfConsistent,
              linked,
              unchained: row.hash === null || row.prevHash === null,
              skipsPrevious:
                previous !== undefined && row.prevHash === (beforePrevious?.hash ?? GENESIS_HASH),
              claimsLater: claimed,
            }),
          );
        }
        if (row.id > head.id) return fail(beyondHead(link(row), head));
        if (row.id === head.id && row.hash !== head.hash) return fail(headMismatch(link(row)));
        beforePrevious = previous;
        previous = row;
      }
      rows = previous ? await log.chainAfter(previous.id, batchSize) : [];
    }
    if ((previous?.id ?? 0) < head.id) return fail(tailDeleted(previous && link(previous), head));
    return { ok: true, rows: checked, head };
  });
}
