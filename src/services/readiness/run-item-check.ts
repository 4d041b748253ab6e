import { formatDuration } from '../../core/config/duration.js';
import type { ChecklistItem } from '../../core/config/readiness-checklist-schema.js';
import type { ServiceConfig } from '../../core/config/shipgate-config-schema.js';
import type { ItemResult } from '../../core/readiness/item-result.js';
import { printableEvidence } from '../../core/readiness/printable-evidence.js';
import type { ProbeOutcome } from '../ports/readiness-probes.js';
import { builtinCheck } from './builtin-check.js';
import type { ReadinessRuntime } from './readiness-runtime.js';

/** Extra time a command or HTTP check gets past its own timeout to report it before the guard gives up on it. */
const REPORT_GRACE_MS = 2_000;

/**
 * Runs one `check` item with its timeout and turns what happened into an item result. Never throws: a hung check
 * fails with "timed out after …", an error with its message, and output is kept only as printable evidence.
 */
export async function runItemCheck(
  rt: ReadinessRuntime,
  item: ChecklistItem,
  section: string,
  subject: {
    readonly service: string;
    readonly version: string;
    readonly env: string;
    readonly config: ServiceConfig;
  },
): Promise<ItemResult> {
  const base = { id: item.id, text: item.text, section, critical: item.critical, weight: item.weight };
  const check = item.check;
  const result = (ok: boolean, reason: string, evidence?: string): ItemResult => {
    const shown = evidence === undefined ? '' : printableEvidence(evidence);
    return {
      ...base,
      kind: 'check',
      passed: ok,
      reason: printableEvidence(reason),
      ...(shown ? { evidence: shown } : {}),
    };
  };
  if (check === undefined) return result(false, 'the item has no check');
  const timeoutMs = check.timeout.ms;
  const timedOut = `timed out after ${formatDuration(timeoutMs)}`;
  const controller = new AbortController();
  const probe = { ...subject, itemId: item.id };
  const run = async (): Promise<{ ok: boolean; reason: string; evidence?: string }> => {
    if (check.builtin !== undefined) return builtinCheck(rt, check.builtin, check, subject);
    const outcome: ProbeOutcome =
      check.command !== undefined
        ? await rt.readinessProbes.command(check, probe, controller.signal)
        : await rt.readinessProbes.http(check, probe, controller.signal);
    return {
      ok: outcome.ok,
      reason: outcome.timedOut ? timedOut : outcome.summary,
      ...(outcome.output ? { evidence: outcome.output } : {}),
    };
  };
  const guardMs = check.builtin === undefined ? timeoutMs + REPORT_GRACE_MS : timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<{ ok: boolean; reason: string }>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, reason: timedOut });
    }, guardMs);
    timer.unref?.();
  });
  try {
    const found = await Promise.race([run(), guard]);
    return result(
      found.ok,
      found.reason,
      'evidence' in found ? (found.evidence as string | undefined) : undefined,
    );
  } catch (err) {
    return result(false, `the check failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearTimeout(timer);
  }
}
