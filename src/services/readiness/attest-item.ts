import { ownEntry } from '../../core/own-entry.js';
import { mentionList, rich } from '../../core/text/rich-text.js';
import type { Decision } from '../answer.js';
import type { Runtime } from '../runtime.js';

/** A checkbox click on an attest item. */
export interface AttestRequest {
  readonly service: string;
  readonly itemId: string;
  /** The version the message was about (kept with the tick for the record). */
  readonly version: string | undefined;
  readonly userId: string;
  /** True to tick, false to untick. */
  readonly checked: boolean;
}

/** Subject of a service's readiness events. */
export function readinessSubject(service: string): string {
  return `readiness:${service}`;
}

/**
 * Ticks or unticks an attest item of the checklist. Only members of the item's `attest.role` (read from the stored
 * config, never from the click) may do either; anyone in the role may untick a colleague's tick. The tick is stored
 * with who and when, and a `readiness.attest` / `readiness.unattest` event is appended in the same transaction.
 */
export async function attest(
  rt: Pick<Runtime, 'config' | 'clock' | 'tx' | 'events' | 'attestations'>,
  request: AttestRequest,
): Promise<Decision> {
  const checklist = rt.config.readiness?.checklist;
  if (checklist === undefined)
    return { ok: false, message: rich`Readiness is not configured, so nothing can be ticked.` };
  const item = checklist.sections.flatMap((s) => s.items).find((i) => i.id === request.itemId);
  const role = item?.attest?.role;
  if (item === undefined || role === undefined)
    return {
      ok: false,
      message: rich`${request.itemId} is not an item people tick on the readiness checklist.`,
    };
  if (ownEntry(rt.config.config.services, request.service) === undefined)
    return { ok: false, message: rich`${request.service} is not a configured service.` };
  const members = ownEntry(rt.config.config.roles, role) ?? [];
  if (!members.includes(request.userId))
    return {
      ok: false,
      message: rich`Only the ${role} role may ${request.checked ? 'tick' : 'untick'} "${item.text}" (${mentionList(members, 'nobody is in that role')}). Nothing was changed.`,
    };
  const at = rt.clock.now();
  await rt.tx.transaction(async () => {
    if (request.checked)
      await rt.attestations.put({
        service: request.service,
        itemId: item.id,
        userId: request.userId,
        role,
        version: request.version,
        at,
      });
    else await rt.attestations.remove(request.service, item.id);
    await rt.events.append({
      at,
      actor: { id: request.userId, kind: 'human' },
      subject: readinessSubject(request.service),
      type: request.checked ? 'readiness.attest' : 'readiness.unattest',
      payload: { item: item.id, role, ...(request.version ? { version: request.version } : {}) },
    });
  });
  return {
    ok: true,
    message: request.checked
      ? rich`You attested "${item.text}" for ${request.service} as ${role}.`
      : rich`You removed the attestation of "${item.text}" for ${request.service}.`,
  };
}
