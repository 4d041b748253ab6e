import { formatDuration } from '../config/duration.js';
import type { ChecklistItem } from '../config/readiness-checklist-schema.js';
import { type Attestation, attestationValid } from './attestation.js';
import type { ItemResult } from './item-result.js';

/**
 * The result of an attest item: it passes while someone in its role ticked it no longer than `validForMs` before
 * `now`; an expired tick fails and says since when, an absent one fails asking the role to tick it.
 */
export function attestedItem(
  item: ChecklistItem,
  section: string,
  attestation: Attestation | undefined,
  validForMs: number,
  now: Date,
): ItemResult {
  const role = item.attest?.role ?? '';
  const base = {
    id: item.id,
    text: item.text,
    section,
    critical: item.critical,
    weight: item.weight,
    kind: 'attest' as const,
    role,
  };
  if (attestation === undefined)
    return { ...base, passed: false, reason: `not attested yet (needs ${role})` };
  const who = { attestedBy: attestation.userId, attestedAt: attestation.at.toISOString() };
  if (!attestationValid(attestation, validForMs, now))
    return {
      ...base,
      ...who,
      passed: false,
      reason: `attestation expired (older than ${formatDuration(validForMs)}); ${role} must tick it again`,
    };
  return { ...base, ...who, passed: true, reason: `attested by ${role}` };
}
