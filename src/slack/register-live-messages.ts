import type { DeployService } from '../services/deploys/deploy-service.js';
import type { IncidentService } from '../services/incidents/incident-service.js';
import { customerNoticeMessage } from './blocks/customer-notice.js';
import { deployMessage } from './blocks/deploy-message.js';
import { incidentCard } from './blocks/incident-card.js';
import type { MessageSync } from './message-sync.js';

/** Declares how each live message is drawn: the services say what is stored, Block Kit is built here. */
export function registerLiveMessages(
  sync: MessageSync,
  services: { readonly deploys: DeployService; readonly incidents: IncidentService },
): void {
  sync.register('deploy', (id) => {
    const view = services.deploys.view(id);
    return view && deployMessage(view);
  });
  sync.register('incident-card', (id) => {
    const view = services.incidents.card(id);
    return view && incidentCard(view);
  });
  sync.register('customer-notice', (id) => {
    const view = services.incidents.notice(id);
    return view && customerNoticeMessage(view);
  });
}
