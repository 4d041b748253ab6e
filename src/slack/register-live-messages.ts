import type { SecretValues } from '../core/text/secret-values.js';
import { recommendationView } from '../services/agents/recommendations.js';
import type { DeployService } from '../services/deploys/deploy-service.js';
import type { IncidentService } from '../services/incidents/incident-service.js';
import type { ReadinessService } from '../services/readiness/readiness-service.js';
import { agentRecommendationMessage } from './blocks/agent-recommendation-message.js';
import { customerNoticeMessage } from './blocks/customer-notice.js';
import { deployChecklistMessage } from './blocks/deploy-checklist-message.js';
import { deployMessage } from './blocks/deploy-message.js';
import { incidentCard } from './blocks/incident-card.js';
import { readinessMessage } from './blocks/readiness-message.js';
import { watchDecision, watchReport } from './blocks/watch-messages.js';
import type { MessageSync, RenderedMessage } from './message-sync.js';

/**
 * Declares how each live message is drawn: the services say what is stored, Block Kit is built here, and the
 * configured secret values are redacted from the whole payload (text and blocks) before it is compared with what
 * Slack shows and sent.
 */
export function registerLiveMessages(
  sync: MessageSync,
  services: {
    readonly deploys: DeployService;
    readonly incidents: IncidentService;
    readonly readiness?: ReadinessService;
  },
  secrets: SecretValues,
): void {
  const safe = (message: RenderedMessage | undefined) => message && secrets.redactDeep(message);
  sync.register('deploy', async (id) => {
    const view = await services.deploys.view(id);
    return safe(view && deployMessage(view));
  });
  sync.register('incident-card', async (id) => {
    const view = await services.incidents.card(id);
    return safe(view && incidentCard(view));
  });
  sync.register('watch-report', async (id) => {
    const view = await services.deploys.view(id);
    return safe(view && watchReport(view.deploy, view.businessMetrics));
  });
  sync.register('watch-decision', async (id) => {
    const view = await services.deploys.view(id);
    return safe(view && watchDecision(view.deploy));
  });
  sync.register('deploy-checklist', async (id) => {
    const view = await services.deploys.checklist(id);
    return safe(view && deployChecklistMessage(view));
  });
  sync.register('readiness', async (id) => {
    const view = await services.readiness?.view(id);
    return safe(view && readinessMessage(view));
  });
  sync.register('agent-recommendation', async (id) => {
    const view = await recommendationView(services.deploys.rt, id);
    return safe(view && agentRecommendationMessage(view));
  });
  sync.register('customer-notice', async (id) => {
    const view = await services.incidents.notice(id);
    return safe(view && customerNoticeMessage(view));
  });
}
