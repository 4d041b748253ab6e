import { SHIPGATE } from '../../core/actor.js';
import { INCIDENT_TIMERS, type IncidentContext } from './incident-context.js';
import { patchIncident, recordIncident } from './incident-lifecycle.js';

/** What Shipgate tells PagerDuty about an incident. */
export type PageAction = 'trigger' | 'acknowledge' | 'resolve' | 'escalate';

const SEVERITY = { 'SEV-1': 'critical', 'SEV-2': 'error', 'SEV-3': 'warning', 'SEV-4': 'info' } as const;

/**
 * Queues a PagerDuty Events API call for an incident as a durable timer (dedup key = incident id, so PagerDuty
 * keeps one alert per incident and a trigger sent again — after a severity change — updates its severity and
 * summary; an escalation after a breached clock is its own alert). Nothing happens when
 * paging is not configured.
 */
export function pageIncident(ctx: IncidentContext, id: string, action: PageAction, summary?: string): void {
  if (!ctx.pager) return;
  ctx.timers.arm(INCIDENT_TIMERS.page, id, ctx.clock.now(), { action, ...(summary ? { summary } : {}) });
}

/**
 * Sends queued pages. A failure marks the card ("page FAILED", with the escalation contacts) and is retried by
 * the timer with backoff (honouring PagerDuty's Retry-After); success puts the card back to the page's state.
 */
export function registerIncidentPaging(ctx: IncidentContext): void {
  ctx.timers.on(INCIDENT_TIMERS.page, async (timer) => {
    const pager = ctx.pager;
    const incident = ctx.incidents.get(timer.subject);
    if (!pager || !incident) return;
    const action = timer.payload.action as PageAction;
    try {
      if (action === 'trigger' || action === 'escalate') {
        const dedupKey = action === 'trigger' ? incident.id : `${incident.id}:escalation:${timer.id}`;
        await pager.trigger({
          dedupKey,
          summary: String(timer.payload.summary ?? `${incident.severity} ${incident.id}: ${incident.title}`),
          source: 'shipgate',
          severity: SEVERITY[incident.severity as keyof typeof SEVERITY] ?? 'critical',
          ...(incident.service ? { component: incident.service } : {}),
          customDetails: {
            incident: incident.id,
            commander: incident.commander,
            channel: incident.channelName ?? '',
          },
        });
      } else if (action === 'acknowledge') await pager.acknowledge(incident.id);
      else await pager.resolve(incident.id);
    } catch (err) {
      if (timer.attempts === 0) {
        const error = err instanceof Error ? err.message : String(err);
        recordIncident(
          ctx,
          incident.id,
          'incident.page_failed',
          SHIPGATE,
          { error },
          { pagerduty: { state: 'failed', detail: error } },
        );
      }
      throw err;
    }
    const firstPage = incident.pagerduty.state === 'not_paged' || incident.pagerduty.state === 'failed';
    if (action === 'trigger' && firstPage) {
      recordIncident(ctx, incident.id, 'incident.paged', SHIPGATE, {}, { pagerduty: { state: 'triggered' } });
    } else if (action === 'trigger') {
      patchIncident(ctx, incident.id, {});
    } else if (action !== 'escalate') {
      patchIncident(ctx, incident.id, {
        pagerduty: { state: action === 'acknowledge' ? 'acknowledged' : 'resolved' },
      });
    } else if (incident.pagerduty.state === 'failed') {
      patchIncident(ctx, incident.id, { pagerduty: { state: 'triggered' } });
    }
  });
}
