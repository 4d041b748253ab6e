import type { Severity } from '../../core/config/shipgate-config-schema.js';
import type { Outcome, Requester } from '../answer.js';
import { pinnedPayload, type SourceMessage } from './incident-pins.js';
import type { IncidentService } from './incident-service.js';

/** A declaration from the "Declare incident" message shortcut: the modal's choices and the message it ran on. */
export interface DeclareFromMessageRequest {
  readonly severity: Severity;
  readonly title: string;
  readonly service: string | undefined;
  readonly private: boolean;
  readonly message: SourceMessage;
}

/**
 * Declares an incident through the same path as `/incident declare` (channel, invites, card, page, clocks) and
 * records the message the shortcut ran on — an alert, say — as `incident.message_pinned` right after
 * `incident.declared`, in the same transaction. The entry keeps the message's own time and author, so it opens the
 * timeline.
 */
export async function declareFromMessage(
  incidents: IncidentService,
  req: DeclareFromMessageRequest,
  who: Requester,
): Promise<Outcome> {
  const { rt } = incidents;
  const declare = {
    kind: 'declare' as const,
    id: undefined,
    severity: req.severity,
    title: req.title,
    private: req.private,
    service: req.service,
    security: false,
  };
  return await incidents.declare(declare, who, async (incidentId) => {
    await rt.events.append({
      at: rt.clock.now(),
      actor: { id: who.userId, kind: 'human' },
      subject: incidentId,
      type: 'incident.message_pinned',
      payload: pinnedPayload(req.message) as Record<string, unknown>,
    });
  });
}
