import { SHIPGATE } from '../../core/actor.js';
import type { Severity } from '../../core/config/shipgate-config-schema.js';
import {
  type IncidentClock,
  planIncidentClocks,
  replanClocks,
} from '../../core/incidents/incident-clocks.js';
import { incidentClockPolicy } from '../../core/incidents/incident-deadlines.js';
import { foldIncident, type IncidentSnapshot } from '../../core/incidents/incident-snapshot.js';
import { channelLink, instant, joinRich, mention, rich } from '../../core/text/rich-text.js';
import type { TimerRecord } from '../../core/timer-record.js';
import type { Runtime } from '../runtime.js';
import { INCIDENT_TIMERS } from './incident-defaults.js';
import { recordIncident } from './incident-lifecycle.js';
import { pageIncident } from './incident-paging.js';

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
export async function snapshotOf(rt: Runtime, id: string): Promise<IncidentSnapshot> {
  return foldIncident(await rt.events.forSubject(id));
}

/** The clocks the incident's events call for at `at` (now by default). */
async function planFor(rt: Runtime, id: string, at: Date = rt.clock.now()): Promise<IncidentClock[]> {
  const s = await snapshotOf(rt, id);
  return planIncidentClocks(
    incidentClockPolicy(rt.config.config),
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
async function armedClocks(rt: Runtime, id: string): Promise<{ timerId: number; clock: IncidentClock }[]> {
  return (await rt.timers.pending(id))
    .filter((t) => t.kind === INCIDENT_TIMERS.clock)
    .map((t) => ({ timerId: t.id, clock: clockOf(t) }));
}

/**
 * Brings an incident's armed clock timers in line with what its events call for: a severity change, an update, an
 * acknowledgement or resolution re-plans every clock at once (cancel what no longer applies, arm what is new,
 * keep the rest). Clocks are timer rows, so they resume after a restart and overdue ones fire at once.
 */
export async function replanIncidentClocks(rt: Runtime, id: string): Promise<void> {
  const armed = await armedClocks(rt, id);
  const plan = replanClocks(
    armed.map((a) => a.clock),
    await planFor(rt, id),
  );
  const cancelKeys = new Set(plan.cancel.map((c) => c.key));
  for (const a of armed) if (cancelKeys.has(a.clock.key)) await rt.timers.cancel(a.timerId);
  for (const c of plan.arm) await rt.timers.arm(INCIDENT_TIMERS.clock, id, c.dueAt, { ...c });
}

/** The running clocks of an incident with their due times, soonest first, for the card. */
export async function cardClocks(rt: Runtime, id: string): Promise<{ label: string; dueAt: Date }[]> {
  return (await armedClocks(rt, id))
    .map(({ clock }) => ({ label: LABEL[clock.kind], dueAt: clock.dueAt }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** When the next status update is due, if a cadence runs (for the answers to `ack` and `update`). */
export async function nextUpdateDue(rt: Runtime, id: string): Promise<Date | undefined> {
  return (await armedClocks(rt, id)).find((a) => a.clock.kind === 'update_due')?.clock.deadline;
}

/**
 * What a clock does when it fires: reminders nudge the channel, the commander or the action item's owner; a
 * breached deadline is recorded and escalated to the severity's roles by mention in the channel, a direct
 * message and a PagerDuty alert. Every clock re-plans afterwards (the next review reminder, say).
 */
export function registerIncidentClocks(rt: Runtime): void {
  rt.timers.on(INCIDENT_TIMERS.clock, async (timer) => {
    const clock = clockOf(timer);
    const incident = await rt.incidents.get(timer.subject);
    const justBefore = new Date(clock.dueAt.getTime() - 1);
    if (!incident || !(await planFor(rt, timer.subject, justBefore)).some((c) => c.key === clock.key)) return;
    const deadline = clock.deadline;
    const now = rt.clock.now();
    const post = async (channel: string, text: ReturnType<typeof rich>) =>
      await rt.notifier.post(channel, text, incident.id, now);
    const here = incident.channelId ?? incident.declaredIn;
    switch (clock.kind) {
      case 'response_reminder':
        await post(
          here,
          rich`:alarm_clock: ${incident.id} still needs an acknowledgement: acknowledge with \`/incident ack\` or assign a commander by ${instant(deadline, 'time')} (${incident.severity}).`,
        );
        break;
      case 'update_reminder':
        await post(
          here,
          rich`:alarm_clock: ${mention(incident.commander)} the next status update of ${incident.id} is due at ${instant(deadline, 'time')}: \`/incident update <text>\`.`,
        );
        break;
      case 'review_reminder':
        await post(
          here,
          rich`:memo: ${mention(incident.commander)} the post-incident review of ${incident.id} is due ${instant(deadline)}.`,
        );
        break;
      case 'action_reminder': {
        const item = (await snapshotOf(rt, incident.id)).actionItems.find((a) => a.id === clock.actionItemId);
        if (item)
          await post(
            item.owner,
            rich`:memo: Action item ${item.id} of ${incident.id} due ${item.due ?? ''}: ${item.text}`,
          );
        break;
      }
      case 'response':
      case 'update_due':
      case 'review_due': {
        const targets = [...new Set(clock.escalateTo.flatMap((r) => rt.roster.members(r)))];
        await recordIncident(rt, incident.id, 'incident.clock_breached', SHIPGATE, {
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
        await post(
          here,
          rich`:rotating_light: ${incident.id} (${incident.severity}) ${what} (due ${instant(deadline, 'time')}). Escalating to ${clock.escalateTo.join(', ') || 'nobody'}: ${joinRich(targets.map(mention), ' ')}`,
        );
        for (const user of targets)
          await post(
            user,
            rich`:rotating_light: ${incident.severity} ${incident.id} "${incident.title}" ${what}. Please join ${channelLink(here)}.`,
          );
        if (targets.length) await pageIncident(rt, incident.id, 'escalate', `${incident.id} ${what}`);
        break;
      }
    }
    await replanIncidentClocks(rt, incident.id);
  });
}
