import type { IncidentRequest } from '../../core/commands/incident-grammar.js';
import type { Severity } from '../../core/config/shipgate-config-schema.js';
import { checkIncidentCommand } from '../../core/incidents/incident-state-machine.js';
import type { OversightAction } from '../../core/oversight/boundary.js';
import { describeDuration } from '../../core/text/describe-duration.js';
import { instant, mention, RichText, rich } from '../../core/text/rich-text.js';
import { done, type Outcome, type Requester, refuse } from '../answer.js';
import { admit, boundaryOutcome, requesterActing } from '../oversight/admit.js';
import type { Runtime } from '../runtime.js';
import { checkIncidentAccess, recordAccessRefused } from './incident-access.js';
import { replanIncidentClocks, snapshotOf } from './incident-clock-timers.js';
import { INCIDENT_TIMERS } from './incident-defaults.js';
import { postInChannel, recordIncident } from './incident-lifecycle.js';
import { pageIncident } from './incident-paging.js';
import { incidentStatus, incidentTimeline, nextUpdateText, recordedRootCause } from './incident-reads.js';
import { requestIncidentReport } from './incident-report-upload.js';
import { namedPerson, targetIncident } from './target-incident.js';

type Req = Exclude<IncidentRequest, { kind: 'declare' | 'list' | 'help' }>;

/** The oversight boundary's action for each subcommand: notes are documentation, the rest is responding. */
const INCIDENT_ACTIONS: Readonly<Record<Req['kind'], OversightAction>> = {
  ack: 'incident.acknowledge',
  commander: 'incident.command',
  role: 'incident.command',
  severity: 'incident.severity',
  update: 'incident.command',
  status: 'incident.read',
  note: 'timeline.annotate',
  action: 'incident.command',
  action_done: 'incident.command',
  resolve: 'incident.resolve',
  timeline: 'incident.read',
  report: 'incident.read',
};

/**
 * Runs one `/incident` subcommand (other than declare and list) on its incident: checks who may (see
 * {@link checkIncidentAccess}; a refusal is recorded) and that the incident's state allows it, records the event (state first, through the transition table), redraws the card and topic, re-plans the
 * clocks and tells PagerDuty.
 */
export async function runIncidentCommand(rt: Runtime, req: Req, who: Requester): Promise<Outcome> {
  const admitted = await admit(
    rt,
    requesterActing(who),
    INCIDENT_ACTIONS[req.kind],
    req.id ?? (await rt.incidents.byChannel(who.channelId))?.id ?? 'incident',
  );
  if (!admitted.ok) return boundaryOutcome(admitted);
  const found = await targetIncident(rt, req, who);
  if (found instanceof RichText) return refuse(found, { showUsage: true });
  const incident = found;
  const access = await checkIncidentAccess(rt, incident, who, req.kind);
  if (!access.ok) {
    await recordAccessRefused(rt, incident, who, req.kind, access.rule);
    return refuse(access.answer, { showUsage: access.rule === 'private' });
  }
  const allowed = checkIncidentCommand(incident.status, req.kind);
  if (!allowed.ok) return refuse(rich`${incident.id}: ${allowed.reason}`);
  const actor = admitted.actor;
  const now = rt.clock.now();
  switch (req.kind) {
    case 'ack': {
      if (incident.acknowledgedAt)
        return refuse(
          rich`${incident.id} was already acknowledged at ${instant(incident.acknowledgedAt, 'time')}.`,
        );
      await rt.tx.transaction(async () => {
        await recordIncident(rt, incident.id, 'incident.acknowledged', actor, {}, { acknowledgedAt: now });
        await pageIncident(rt, incident.id, 'acknowledge');
        await replanIncidentClocks(rt, incident.id);
      });
      return done(
        rich`:white_check_mark: ${incident.id} acknowledged; the response clock is stopped.${await nextUpdateText(rt, incident.id)}`,
      );
    }
    case 'commander':
    case 'role': {
      const user = await namedPerson(rt, req.user);
      if (typeof user !== 'string') return refuse(user, { showUsage: true });
      await rt.tx.transaction(async () => {
        if (req.kind === 'commander')
          await recordIncident(
            rt,
            incident.id,
            'incident.commander_assigned',
            actor,
            { user },
            { commander: user, ...(incident.acknowledgedAt ? {} : { acknowledgedAt: now }) },
          );
        else
          await recordIncident(
            rt,
            incident.id,
            'incident.role_assigned',
            actor,
            { role: req.role, user },
            { roles: { ...incident.roles, [req.role]: user } },
          );
        if (incident.channelId) await rt.notifier.invite(incident.channelId, [user], incident.id, now);
        await replanIncidentClocks(rt, incident.id);
      });
      const what = req.kind === 'commander' ? 'the incident commander' : req.role;
      return done(rich`:busts_in_silhouette: ${mention(user)} is now ${what} of ${incident.id}.`);
    }
    case 'severity': {
      if (req.severity === incident.severity)
        return refuse(rich`${incident.id} is already ${incident.severity}.`);
      await rt.tx.transaction(async () => {
        await recordIncident(
          rt,
          incident.id,
          'incident.severity_changed',
          actor,
          { from: incident.severity as Severity, to: req.severity },
          { severity: req.severity },
        );
        await replanIncidentClocks(rt, incident.id);
        const pages = rt.config.config.incidents.severities[req.severity].page;
        if (incident.pagerduty.state !== 'not_paged' || pages) await pageIncident(rt, incident.id, 'trigger');
        await postInChannel(
          rt,
          incident,
          rich`:arrows_counterclockwise: ${mention(who.userId)} changed the severity of ${incident.id}: ${incident.severity} → ${req.severity}. Every clock is re-planned.`,
        );
      });
      return done(
        rich`${incident.id} is now ${req.severity}; its clocks were re-planned.${await nextUpdateText(rt, incident.id)}`,
      );
    }
    case 'update': {
      await rt.tx.transaction(async () => {
        await recordIncident(
          rt,
          incident.id,
          'incident.update_posted',
          actor,
          { text: req.text },
          { lastUpdateAt: now },
        );
        await postInChannel(
          rt,
          incident,
          rich`:loudspeaker: *Status update* from ${mention(who.userId)}: ${req.text}`,
        );
        await replanIncidentClocks(rt, incident.id);
      });
      return done(rich`Update posted in ${incident.id}.${await nextUpdateText(rt, incident.id)}`);
    }
    case 'note':
      await recordIncident(rt, incident.id, 'incident.note_added', actor, { text: req.text });
      return done(rich`Note added to the timeline of ${incident.id}.`);
    case 'action': {
      const owner = await namedPerson(rt, req.owner);
      if (typeof owner !== 'string') return refuse(owner, { showUsage: true });
      const item = `A${(await snapshotOf(rt, incident.id)).actionItems.length + 1}`;
      await rt.tx.transaction(async () => {
        await recordIncident(rt, incident.id, 'incident.action_item_added', actor, {
          item,
          text: req.text,
          owner,
          ...(req.due ? { due: req.due } : {}),
        });
        await replanIncidentClocks(rt, incident.id);
      });
      return done(
        rich`Action item ${item} of ${incident.id}: ${req.text} — ${mention(owner)}${req.due ? `, due ${req.due}` : ''}. Mark it done with \`/incident ${incident.id} action done ${item}\`.`,
      );
    }
    case 'action_done': {
      const item = (await snapshotOf(rt, incident.id)).actionItems.find((a) => a.id === req.item);
      if (!item) return refuse(rich`${incident.id} has no action item ${req.item}.`);
      if (item.status === 'done')
        return refuse(rich`Action item ${item.id} of ${incident.id} is already done.`);
      await rt.tx.transaction(async () => {
        await recordIncident(rt, incident.id, 'incident.action_item_done', actor, { item: item.id });
        await replanIncidentClocks(rt, incident.id);
      });
      return done(rich`:white_check_mark: Action item ${item.id} of ${incident.id} is done: ${item.text}`);
    }
    case 'resolve': {
      await rt.tx.transaction(async () => {
        const resolved = await recordIncident(
          rt,
          incident.id,
          'incident.resolved',
          actor,
          { resolution: req.resolution },
          { resolvedAt: now, resolution: req.resolution },
        );
        await pageIncident(rt, incident.id, 'resolve');
        await replanIncidentClocks(rt, incident.id);
        await postInChannel(
          rt,
          resolved,
          rt.templates.render('incident-resolution-notification.mustache', {
            service: incident.service ?? incident.title,
            resolved_at: instant(now),
            duration: describeDuration(now.getTime() - incident.declaredAt.getTime()),
            root_cause: (await recordedRootCause(rt, incident.id, req.resolution)).trim(),
            prevention: 'to be decided in the post-incident review',
          }),
        );
        const archive = rt.config.config.incidents.archive_after;
        if (archive && incident.channelId)
          await rt.timers.arm(INCIDENT_TIMERS.archive, incident.id, new Date(now.getTime() + archive.ms), {});
      });
      return done(
        rich`:large_green_circle: ${incident.id} resolved. The post-incident review is due within ${rt.config.config.incidents.review_within.text}.`,
      );
    }
    case 'status':
      return done(await incidentStatus(rt, incident));
    case 'timeline':
      return done(await incidentTimeline(rt, incident));
    case 'report':
      return await requestIncidentReport(rt, incident, who.userId);
  }
}
