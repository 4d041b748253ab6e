import type { AuditVerdict } from '../../core/audit/audit-verdict.js';
import { instant, type RichText, rich } from '../../core/text/rich-text.js';
import type { AuditLog } from '../ports/audit-log.js';
import { verifyAudit } from './verify-audit.js';

/** What `/shipgate audit verify` says: whether the chain verifies, and the line that says how (times as date tokens). */
export interface AuditAnswer {
  readonly ok: boolean;
  readonly line: RichText;
}

/** The verdict as Slack shows it: the same facts as the CLI's line, the time in each reader's own zone. */
export function auditAnswerOf(verdict: AuditVerdict): AuditAnswer {
  if (verdict.ok)
    return {
      ok: true,
      line: rich`OK: ${String(verdict.rows)} events verify; head: event ${String(verdict.head.id)} ${verdict.head.hash}`,
    };
  const { first } = verdict;
  const time = first.at === undefined ? rich`` : rich` ${first.when} ${instant(new Date(first.at))}`;
  return {
    ok: false,
    line: rich`FAIL: event ${String(first.id)}${time} was ${first.problem}: ${first.detail} (checked ${String(verdict.rows_checked)} events)`,
  };
}

/** Verifies the whole log now and answers for Slack. */
export async function answerAuditVerify(log: AuditLog): Promise<AuditAnswer> {
  return auditAnswerOf(await verifyAudit(log));
}
