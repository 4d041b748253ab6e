import type { IncidentService } from '../incidents/incident-service.js';
import type { DeclareForRollback } from './rollback-follow-up.js';

/**
 * Declares a rollback's incident through the `/incident` machinery (channel, clocks, paging, review), as a public
 * incident of the service, with the given commander; `link` records the links in the same transaction.
 */
export function declareForRollback(incidents: IncidentService): DeclareForRollback {
  return async (request, commander, channelId, link) => {
    let declared: string | undefined;
    await incidents.declare(
      { kind: 'declare', id: undefined, ...request, private: false },
      { userId: commander, channelId },
      async (incidentId) => {
        declared = incidentId;
        await link(incidentId);
      },
    );
    return declared;
  };
}
