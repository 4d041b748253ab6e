import type { Actor } from '../../core/actor.js';
import type { IncidentRecord, PagerDutyState } from '../../core/incidents/incident-record.js';
import { transitionIncident } from '../../core/incidents/incident-state-machine.js';
import type { InboundLedger } from '../ports/inbound-ledger.js';
import type { Runtime } from '../runtime.js';
import { noteIncident, recordIncident } from './incident-lifecycle.js';

/** A verified PagerDuty v3 webhook event, as far as Shipgate reads it. */
export interface PagerDutyWebhookEvent {
  readonly id: string;
  readonly eventType: string;
  readonly dedupKey: string | undefined;
  readonly agent: { readonly id: string; readonly name?: string | undefined } | undefined;
  readonly assignees: readonly { readonly id: string; readonly name?: string | undefined }[];
}

/** What became of a webhook: acted on, a redelivery of one already acted on, or not about anything Shipgate runs. */
export interface WebhookOutcome {
  readonly outcome: 'applied' | 'duplicate' | 'ignored';
  readonly detail: string;
  readonly incident?: string;
}

const ESCALATION = ':escalation:';
const PAGERDUTY: Actor = { id: 'pagerduty', kind: 'bot' };
const ASSIGNMENT_EVENTS = new Set(['incident.reassigned', 'incident.escalated', 'incident.delegated']);
const BACK_TO_TRIGGERED = new Set(['incident.unacknowledged', 'incident.reopened']);

/**
 * The Shipgate incident a PagerDuty incident belongs to. Shipgate triggers with `dedup_key` = its incident id (an
 * escalation page with `<id>:escalation:<n>`), and PagerDuty hands the key back as `incident_key`.
 */
export function shipgateIncidentId(dedupKey: string | undefined): string | undefined {
  if (!dedupKey) return undefined;
  const at = dedupKey.indexOf(ESCALATION);
  return at >= 0 ? dedupKey.slice(0, at) : dedupKey;
}

function names(event: PagerDutyWebhookEvent): string | undefined {
  const list = event.assignees.map((a) => a.name ?? a.id);
  return list.length > 0 ? list.join(', ') : undefined;
}

function pagerState(state: PagerDutyState['state'], assignee: string | undefined): PagerDutyState {
  return assignee ? { state, assignee } : { state };
}

/**
 * Reflects a verified PagerDuty v3 webhook onto its incident: an acknowledgement is recorded on the timeline
 * (`incident.pagerduty_acknowledged`, which does not acknowledge the Slack incident — that takes someone here) and
 * the card shows "acknowledged — <who>"; a reassignment, escalation or delegation shows the new assignee; a
 * resolution, un-acknowledgement or reopening changes the card's PagerDuty state. Each webhook event id is acted on
 * once (PagerDuty delivers at least once), remembered in the same transaction as the change.
 */
export async function applyPagerDutyWebhook(
  rt: Runtime,
  ledger: InboundLedger,
  event: PagerDutyWebhookEvent,
): Promise<WebhookOutcome> {
  const id = shipgateIncidentId(event.dedupKey);
  const incident = id ? await rt.incidents.get(id) : undefined;
  if (!incident) {
    return {
      outcome: 'ignored',
      detail: `no Shipgate incident has incident_key ${event.dedupKey ?? '(none)'}`,
    };
  }
  const escalationPage = event.dedupKey !== incident.id;
  const result = await rt.tx.transaction(async (): Promise<WebhookOutcome> => {
    if (!(await ledger.firstSeen(`pagerduty:${event.id}`, rt.clock.now()))) {
      return {
        outcome: 'duplicate',
        detail: `webhook event ${event.id} was already applied`,
        incident: incident.id,
      };
    }
    const detail = await apply(rt, incident, event, escalationPage);
    return detail
      ? { outcome: 'applied', detail, incident: incident.id }
      : {
          outcome: 'ignored',
          detail: `${event.eventType} changes nothing on the card`,
          incident: incident.id,
        };
  });
  if (result.outcome === 'applied') rt.notifier.flush();
  return result;
}

/** Records PagerDuty's view of the page on the incident (shown on the card), with the webhook that said so. */
async function reflect(
  rt: Runtime,
  id: string,
  event: PagerDutyWebhookEvent,
  pagerduty: PagerDutyState,
): Promise<void> {
  const actor: Actor = event.agent ? { id: `pagerduty:${event.agent.id}`, kind: 'human' } : PAGERDUTY;
  await noteIncident(
    rt,
    id,
    'incident.pagerduty_state',
    actor,
    { webhook: event.eventType, ...pagerduty },
    { pagerduty },
  );
}

async function apply(
  rt: Runtime,
  incident: IncidentRecord,
  event: PagerDutyWebhookEvent,
  escalationPage: boolean,
): Promise<string | undefined> {
  const current = incident.pagerduty;
  if (event.eventType === 'incident.acknowledged') {
    const by = event.agent?.name ?? names(event);
    const pagerduty = pagerState('acknowledged', by ?? current.assignee);
    if (transitionIncident(incident.status, 'pagerduty_acknowledged').ok) {
      const actor: Actor = event.agent ? { id: `pagerduty:${event.agent.id}`, kind: 'human' } : PAGERDUTY;
      await recordIncident(rt, incident.id, 'incident.pagerduty_acknowledged', actor, by ? { by } : {}, {
        pagerduty,
      });
    } else await reflect(rt, incident.id, event, pagerduty);
    return `acknowledged in PagerDuty${by ? ` by ${by}` : ''}`;
  }
  if (ASSIGNMENT_EVENTS.has(event.eventType)) {
    const assignee = names(event);
    await reflect(rt, incident.id, event, pagerState(current.state, assignee));
    return `assigned in PagerDuty to ${assignee ?? 'nobody'}`;
  }
  if (escalationPage) return undefined;
  if (event.eventType === 'incident.resolved') {
    await reflect(rt, incident.id, event, pagerState('resolved', current.assignee));
    return 'resolved in PagerDuty';
  }
  if (BACK_TO_TRIGGERED.has(event.eventType)) {
    await reflect(rt, incident.id, event, pagerState('triggered', names(event)));
    return `${event.eventType.slice('incident.'.length)} in PagerDuty`;
  }
  return undefined;
}
