import { SHIPGATE } from '../../core/actor.js';
import type { Severity } from '../../core/config/shipgate-config-schema.js';
import {
  type IncidentClock,
  planIncidentClocks,
  replanClocks,
} from '../../core/incidents/incident-clocks.js';
import { incidentClockPolicy } from '../../core/incidents/incident-deadlines.js';
import { foldIncident, type IncidentSnapshot } from '../../core/incidents/incident-snapshot.js';
import { formatUtcDateTime, formatUtcTime } from '../../core/incidents/incident-time.js';
import type { TimerRecord } from '../../scheduler/timer-service.js';
import { INCIDENT_TIMERS, type IncidentContext } from './incident-context.js';
import { recordIncident } from './incident-lifecycle.js';
import { pageIncident } from './incident-paging.js';

const utc = (at: Date) => `${formatUtcTime(at)} UTC`;
const LABEL: Record<IncidentClock['kind'], string> = {
  response: 'Response (acknowledge with a commander)',
  response_reminder: 'Response reminder',
  update_due: 'Next status update',
  update_reminder: 'Update reminder',
  review_due: 'Post-incident review',
  review_reminder: 'Review reminder',
  action_reminder: 'Action item reminder',
};

/** The incident as its events say it is now. */
export function snapshotOf(ctx: IncidentContext, id: string): IncidentSnapshot {
  return foldIncident(ctx.events.forSubject(id));
}

/** The clocks the incident's events call for at `at` (now by default). */
function planFor(ctx: IncidentContext, id: string, at: Date = ctx.clock.now()): IncidentClock[] {
  const s = snapshotOf(ctx, id);
  return planIncidentClocks(
    incidentClockPolicy(ctx.config.config),
    {
      severity: s.severity,
      declaredAt: s.declaredAt,
      acknowledgedAt: s.acknowledgedAt,
      lastUpdateAt: s.lastUpdateAt,
      severityChangedAt: s.severityChangedAt,
      resolvedAt: s.resolvedAt,
      reviewedAt: s.reviewedAt,
      actionItems: s.actionItems,
      breaches: s.breaches,
    },
    at,
  );
}

/** The clock a timer row was armed for; its dates come back from JSON as strings and are made Dates again. */
function clockOf(timer: TimerRecord): IncidentClock {
  const raw = timer.payload as Record<string, unknown>;
  return {
    ...(raw as unknown as IncidentClock),
    dueAt: timer.dueAt,
    deadline: new Date(String(raw.deadline)),
  };
}

/** The armed clock timers of an incident. */
function armedClocks(ctx: IncidentContext, id: string): { timerId: number; clock: IncidentClock }[] {
  return ctx.timers
    .pending(id)
    .filter((t) => t.kind === INCIDENT_TIMERS.clock)
    .map((t) => ({ timerId: t.id, clock: clockOf(t) }));
}

/**
 * Brings an incident's armed clock timers in line with what its events call for: a severity change, an update, an
 * acknowledgement or resolution re-plans every clock at once (cancel what no longer applies, arm what is new,
 * keep the rest). Clocks are timer rows, so they resume after a restart and overdue ones fire at once.
 */
export function replanIncidentClocks(ctx: IncidentContext, id: string): void {
  const armed = armedClocks(ctx, id);
  const plan = replanClocks(
    armed.map((a) => a.clock),
    planFor(ctx, id),
  );
  const cancelKeys = new Set(plan.cancel.map((c) => c.key));
  for (const a of armed) if (cancelKeys.has(a.clock.key)) ctx.timers.cancel(a.timerId);
  for (const c of plan.arm) ctx.timers.arm(INCIDENT_TIMERS.clock, id, c.dueAt, { ...c });
}

/** The running clocks of an incident with their due times, for the card. */
export function cardClocks(ctx: IncidentContext, id: string): { label: string; dueAt: Date }[] {
  return armedClocks(ctx, id)
    .map(({ clock }) => ({ label: LABEL[clock.kind], dueAt: clock.dueAt }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/**
 * What a clock does when it fires: reminders nudge the channel, the commander or the action item's owner; a
 * breached deadline is recorded and escalated to the severity's roles by mention in the channel, a direct
 * message and a PagerDuty alert. Every clock re-plans afterwards (the next review reminder, say).
 */
export function registerIncidentClocks(ctx: IncidentContext): void {
  ctx.timers.on(INCIDENT_TIMERS.clock, (timer) => {
    const clock = clockOf(timer);
    const incident = ctx.incidents.get(timer.subject);
    const justBefore = new Date(clock.dueAt.getTime() - 1);
    if (!incident || !planFor(ctx, timer.subject, justBefore).some((c) => c.key === clock.key)) return;
    const deadline = clock.deadline;
    const people = (roles: readonly string[]) => roles.flatMap((r) => ctx.config.config.roles[r] ?? []);
    const post = (channel: string, text: string) =>
      ctx.outbox.enqueue('chat.postMessage', { channel, text }, incident.id, ctx.clock.now());
    const here = incident.channelId ?? incident.declaredIn;
    switch (clock.kind) {
      case 'response_reminder':
        post(
          here,
          `:alarm_clock: ${incident.id} still needs an acknowledgement: acknowledge with \`/incident ack\` or assign a commander by ${utc(deadline)} (${incident.severity}).`,
        );
        break;
      case 'update_reminder':
        post(
          here,
          `:alarm_clock: <@${incident.commander}> the next status update of ${incident.id} is due at ${utc(deadline)}: \`/incident update <text>\`.`,
        );
        break;
      case 'review_reminder':
        post(
          here,
          `:memo: <@${incident.commander}> the post-incident review of ${incident.id} is due ${formatUtcDateTime(deadline)}.`,
        );
        break;
      case 'action_reminder': {
        const item = snapshotOf(ctx, incident.id).actionItems.find((a) => a.id === clock.actionItemId);
        if (item) post(item.owner, `:memo: Action item of ${incident.id} due ${item.due}: ${item.text}`);
        break;
      }
      case 'response':
      case 'update_due':
      case 'review_due': {
        const targets = people(clock.escalateTo);
        recordIncident(ctx, incident.id, 'incident.clock_breached', SHIPGATE, {
          clock: clock.kind,
          severity: clock.severity as Severity,
          dueAt: deadline,
          escalatedTo: [...clock.escalateTo],
        });
        const what = {
          response: 'was not acknowledged in time',
          update_due: 'missed its status update',
          review_due: 'missed its post-incident review',
        }[clock.kind];
        post(
          here,
          `:rotating_light: ${incident.id} (${incident.severity}) ${what} (due ${utc(deadline)}). Escalating to ${clock.escalateTo.join(', ') || 'nobody'}: ${targets.map((u) => `<@${u}>`).join(' ')}`,
        );
        for (const user of targets)
          post(
            user,
            `:rotating_light: ${incident.severity} ${incident.id} "${incident.title}" ${what}. Please join <#${incident.channelId ?? incident.declaredIn}>.`,
          );
        if (targets.length) pageIncident(ctx, incident.id, 'escalate', `${incident.id} ${what}`);
        break;
      }
    }
    replanIncidentClocks(ctx, incident.id);
  });
}
