import { SHIPGATE } from '../../core/actor.js';
import type { PagerDutyState } from '../../core/incidents/incident-record.js';
import { transitionIncident } from '../../core/incidents/incident-state-machine.js';
import type { Runtime } from '../runtime.js';
import { INCIDENT_TIMERS } from './incident-defaults.js';
import { noteIncident, recordIncident } from './incident-lifecycle.js';

/** What Shipgate tells PagerDuty about an incident. */
export type PageAction = 'trigger' | 'acknowledge' | 'resolve' | 'escalate';

const SEVERITY = { 'SEV-1': 'critical', 'SEV-2': 'error', 'SEV-3': 'warning', 'SEV-4': 'info' } as const;

/**
 * Queues a paging call for an incident as a durable timer (dedup key = incident id, so PagerDuty keeps one alert
 * per incident and a trigger sent again — after a severity change — updates its severity and summary; an escalation
 * after a breached clock is its own alert). Nothing happens when paging is not configured.
 */
export async function pageIncident(
  rt: Runtime,
  id: string,
  action: PageAction,
  summary?: string,
): Promise<void> {
  if (!rt.pager) return;
  await rt.timers.arm(INCIDENT_TIMERS.page, id, rt.clock.now(), { action, ...(summary ? { summary } : {}) });
}

async function pagerState(rt: Runtime, id: string, pagerduty: PagerDutyState): Promise<void> {
  await noteIncident(rt, id, 'incident.pagerduty_state', SHIPGATE, { ...pagerduty }, { pagerduty });
}

/**
 * Sends queued pages. A failure marks the card ("page FAILED", with the escalation contacts) and is retried by
 * the timer with backoff (honouring PagerDuty's Retry-After); success puts the card back to the page's state.
 */
export function registerIncidentPaging(rt: Runtime): void {
  rt.timers.on(INCIDENT_TIMERS.page, async (timer) => {
    const pager = rt.pager;
    const incident = await rt.incidents.get(timer.subject);
    if (!pager || !incident) return;
    const action = timer.payload.action as PageAction;
    try {
      if (action === 'trigger' || action === 'escalate') {
        await pager.trigger({
          dedupKey: action === 'trigger' ? incident.id : `${incident.id}:escalation:${timer.id}`,
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
        const pagerduty = { state: 'failed', detail: error } as const;
        if (transitionIncident(incident.status, 'page').ok)
          await recordIncident(rt, incident.id, 'incident.page_failed', SHIPGATE, { error }, { pagerduty });
        else await pagerState(rt, incident.id, pagerduty);
      }
      throw err;
    }
    const firstPage = incident.pagerduty.state === 'not_paged' || incident.pagerduty.state === 'failed';
    if (action === 'trigger' && firstPage) {
      await recordIncident(
        rt,
        incident.id,
        'incident.paged',
        SHIPGATE,
        {},
        { pagerduty: { state: 'triggered' } },
      );
    } else if (action === 'trigger') {
      await rt.notifier.redraw('incident-card', incident.id, rt.clock.now());
    } else if (action !== 'escalate') {
      await pagerState(rt, incident.id, { state: action === 'acknowledge' ? 'acknowledged' : 'resolved' });
    } else if (incident.pagerduty.state === 'failed') {
      await pagerState(rt, incident.id, { state: 'triggered' });
    }
  });
}
