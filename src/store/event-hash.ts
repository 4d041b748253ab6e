import { createHash } from 'node:crypto';
import { type ChainFields, canonicalEvent } from '../core/audit/canonical-event.js';

/**
 * The chain hash of one event: SHA-256, lowercase hex, over {@link canonicalEvent}. The one function appends, the
 * migration that chains legacy rows and `shipgate audit verify` all use.
 */
export function eventHash(fields: ChainFields): string {
  return createHash('sha256').update(canonicalEvent(fields), 'utf8').digest('hex');
}
