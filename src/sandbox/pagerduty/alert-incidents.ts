import { randomUUID } from 'node:crypto';

/** The state of an incident opened through the Events API. */
export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** An incident the stand-in opened for a `dedup_key`, for test assertions. */
export interface StandInIncident {
  readonly id: string;
  readonly number: number;
  readonly dedupKey: string;
  readonly routingKey: string;
  status: IncidentStatus;
  summary: string;
  source: string;
  severity: string;
  customDetails: Record<string, unknown> | undefined;
  links: readonly { href: string; text?: string }[];
  readonly createdAt: Date;
  /** Every status change and repeated trigger, oldest first. */
  readonly log: { readonly action: string; readonly at: Date }[];
}

/** What happened to an accepted event. */
export type EventOutcome = 'opened' | 'updated' | 'acknowledged' | 'resolved' | 'dropped';

/** An accepted (202) event as received, with what it did. */
export interface ReceivedEvent {
  readonly receivedAt: Date;
  readonly dedupKey: string;
  readonly outcome: EventOutcome;
  readonly body: Readonly<Record<string, unknown>>;
}

const open = (i: StandInIncident | undefined): i is StandInIncident =>
  i !== undefined && i.status !== 'resolved';

/**
 * Incident state per `dedup_key`, following developer-docs `02-Trigger-Events.md` ("Alert De-Duplication"): a
 * trigger opens an incident or adds to the open one with the same key and routing key; acknowledge/resolve apply
 * to that open incident and are dropped otherwise; after a resolve, a trigger with the same key opens a new one.
 */
export class AlertIncidents {
  private readonly latest = new Map<string, StandInIncident>();
  private readonly all: StandInIncident[] = [];

  /** Applies an already-validated event; returns its dedup key (generated for a trigger without one). */
  apply(event: Record<string, unknown>, at: Date): { dedupKey: string; outcome: EventOutcome } {
    const action = String(event.event_action);
    const routingKey = String(event.routing_key);
    const dedupKey = typeof event.dedup_key === 'string' ? event.dedup_key : randomUUID().replace(/-/g, '');
    const current = this.latest.get(dedupKey);
    const sameRoute = open(current) && current.routingKey === routingKey ? current : undefined;
    if (action === 'trigger') {
      const payload = event.payload as Record<string, unknown>;
      if (sameRoute) {
        sameRoute.log.push({ action: 'trigger', at });
        return { dedupKey, outcome: 'updated' };
      }
      const incident: StandInIncident = {
        id: `PINC${String(this.all.length + 1).padStart(4, '0')}`,
        number: this.all.length + 1,
        dedupKey,
        routingKey,
        status: 'triggered',
        summary: String(payload.summary),
        source: String(payload.source),
        severity: String(payload.severity),
        customDetails: payload.custom_details as Record<string, unknown> | undefined,
        links: (event.links as StandInIncident['links'] | undefined) ?? [],
        createdAt: at,
        log: [{ action: 'trigger', at }],
      };
      this.latest.set(dedupKey, incident);
      this.all.push(incident);
      return { dedupKey, outcome: 'opened' };
    }
    if (!sameRoute) return { dedupKey, outcome: 'dropped' };
    this.setStatus(sameRoute, action === 'acknowledge' ? 'acknowledged' : 'resolved', action, at);
    return { dedupKey, outcome: sameRoute.status === 'resolved' ? 'resolved' : 'acknowledged' };
  }

  /** Changes an incident's status (also used when a webhook reports a change made in PagerDuty). */
  setStatus(incident: StandInIncident, status: IncidentStatus, action: string, at: Date): void {
    incident.status = status;
    incident.log.push({ action, at });
  }

  /** The latest incident for a dedup key. */
  byDedupKey(dedupKey: string): StandInIncident | undefined {
    return this.latest.get(dedupKey);
  }

  /** An incident by its PagerDuty id. */
  byId(id: string): StandInIncident | undefined {
    return this.all.find((i) => i.id === id);
  }

  /** Every incident ever opened, oldest first. */
  list(): readonly StandInIncident[] {
    return this.all;
  }
}
