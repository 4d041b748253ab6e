import { renderResolutionNotification } from '../../adapters/templates/incident-templates.js';
import type { IncidentRequest } from '../../core/commands/incident-grammar.js';
import type { UserRef } from '../../core/commands/values.js';
import type { Severity } from '../../core/config/shipgate-config-schema.js';
import { checkIncidentCommand } from '../../core/incidents/incident-state-machine.js';
import { buildIncidentTimeline } from '../../core/incidents/incident-timeline.js';
import { answered, type CommandContext, type CommandResult, refused } from '../../slack/slash-command.js';
import type { IncidentRecord } from '../../store/incident-repository.js';
import { replanIncidentClocks, snapshotOf } from './incident-clock-timers.js';
import { INCIDENT_TIMERS, type IncidentContext } from './incident-context.js';
import { postInChannel, recordIncident } from './incident-lifecycle.js';
import { pageIncident } from './incident-paging.js';
import { requestIncidentReport } from './incident-report-upload.js';

type Req = IncidentRequest;

/** Finds the incident a command is about: the id given, or the incident whose channel the command was typed in. */
export function targetIncident(ctx: IncidentContext, req: Req, who: CommandContext): IncidentRecord | string {
  if (req.id)
    return ctx.incidents.get(req.id) ?? `${req.id} does not exist. \`/incident list\` shows open incidents.`;
  return (
    ctx.incidents.byChannel(who.channelId) ??
    'this is not an incident channel: run the command in one, or name the incident (`/incident INC-2026-0007 ack`).'
  );
}

/** A person named in a command, checked with Slack: a human in this workspace, else a sentence saying why not. */
async function person(ctx: IncidentContext, ref: UserRef): Promise<string | { error: string }> {
  if (!('id' in ref))
    return {
      error: `mention the person with Slack's @ completion so Slack sends their id (got @${ref.handle}).`,
    };
  const kind = await ctx.users.kindOf(ref.id, ctx.clock.now());
  return kind === 'human'
    ? ref.id
    : {
        error: `<@${ref.id}> is not a person in this workspace (${kind === 'bot' ? 'a bot or unknown user' : 'an app'}).`,
      };
}

/**
 * Runs one `/incident` subcommand (other than declare and list) on its incident: checks the incident's state allows
 * it, records the event (state first), redraws the card and topic, re-plans the clocks and tells PagerDuty.
 */
export async function runIncidentCommand(
  ctx: IncidentContext,
  req: Exclude<Req, { kind: 'declare' | 'list' | 'help' }>,
  who: CommandContext,
  usage: readonly string[],
): Promise<CommandResult> {
  const found = targetIncident(ctx, req, who);
  if (typeof found === 'string') return refused(found, usage);
  const incident = found;
  const allowed = checkIncidentCommand(incident.status, req.kind);
  if (!allowed.ok) return refused(`${incident.id}: ${allowed.reason}`);
  const actor = { id: who.userId, kind: 'human' as const };
  const now = ctx.clock.now();
  switch (req.kind) {
    case 'ack': {
      if (incident.acknowledgedAt)
        return refused(
          `${incident.id} was already acknowledged at ${incident.acknowledgedAt.toISOString().slice(11, 16)} UTC.`,
        );
      recordIncident(
        ctx,
        incident.id,
        'incident.acknowledged',
        actor,
        {},
        { status: 'acknowledged', acknowledgedAt: now },
      );
      pageIncident(ctx, incident.id, 'acknowledge');
      replanIncidentClocks(ctx, incident.id);
      return answered(
        `:white_check_mark: ${incident.id} acknowledged. The response clock is stopped; the next update is due per ${incident.severity}.`,
      );
    }
    case 'commander':
    case 'role': {
      const user = await person(ctx, req.user);
      if (typeof user !== 'string') return refused(user.error, usage);
      if (req.kind === 'commander') {
        recordIncident(
          ctx,
          incident.id,
          'incident.commander_assigned',
          actor,
          { user },
          {
            commander: user,
            ...(incident.acknowledgedAt ? {} : { status: 'acknowledged', acknowledgedAt: now }),
          },
        );
      } else {
        recordIncident(
          ctx,
          incident.id,
          'incident.role_assigned',
          actor,
          { role: req.role, user },
          { roles: { ...incident.roles, [req.role]: user } },
        );
      }
      if (incident.channelId)
        ctx.outbox.enqueue(
          'conversations.invite',
          { channel: incident.channelId, users: user },
          incident.id,
          now,
        );
      replanIncidentClocks(ctx, incident.id);
      return answered(
        `:busts_in_silhouette: <@${user}> is now ${req.kind === 'commander' ? 'the incident commander' : req.role} of ${incident.id}.`,
      );
    }
    case 'severity': {
      if (req.severity === incident.severity)
        return refused(`${incident.id} is already ${incident.severity}.`);
      recordIncident(
        ctx,
        incident.id,
        'incident.severity_changed',
        actor,
        { from: incident.severity as Severity, to: req.severity },
        { severity: req.severity },
      );
      replanIncidentClocks(ctx, incident.id);
      const pages = ctx.config.config.incidents.severities[req.severity].page;
      if (incident.pagerduty.state !== 'not_paged' || pages) pageIncident(ctx, incident.id, 'trigger');
      postInChannel(
        ctx,
        incident,
        `:arrows_counterclockwise: <@${who.userId}> changed the severity of ${incident.id}: ${incident.severity} → ${req.severity}. Every clock is re-planned.`,
      );
      return answered(`${incident.id} is now ${req.severity}; its clocks were re-planned.`);
    }
    case 'update': {
      recordIncident(
        ctx,
        incident.id,
        'incident.update_posted',
        actor,
        { text: req.text },
        { lastUpdateAt: now },
      );
      postInChannel(ctx, incident, `:loudspeaker: *Status update* from <@${who.userId}>: ${req.text}`);
      replanIncidentClocks(ctx, incident.id);
      return answered(
        `Update posted in ${incident.id}. The next one is due per ${incident.severity}'s cadence.`,
      );
    }
    case 'note':
      recordIncident(ctx, incident.id, 'incident.note_added', actor, { text: req.text });
      return answered(`Note added to the timeline of ${incident.id}.`);
    case 'action': {
      const owner = await person(ctx, req.owner);
      if (typeof owner !== 'string') return refused(owner.error, usage);
      const item = `A${snapshotOf(ctx, incident.id).actionItems.length + 1}`;
      recordIncident(ctx, incident.id, 'incident.action_item_added', actor, {
        item,
        text: req.text,
        owner,
        ...(req.due ? { due: req.due } : {}),
      });
      replanIncidentClocks(ctx, incident.id);
      return answered(
        `Action item ${item} of ${incident.id}: ${req.text} — <@${owner}>${req.due ? `, due ${req.due}` : ''}.`,
      );
    }
    case 'resolve': {
      const resolved = recordIncident(
        ctx,
        incident.id,
        'incident.resolved',
        actor,
        { resolution: req.resolution },
        { status: 'resolved', resolvedAt: now, resolution: req.resolution },
      );
      pageIncident(ctx, incident.id, 'resolve');
      replanIncidentClocks(ctx, incident.id);
      postInChannel(
        ctx,
        resolved,
        renderResolutionNotification({
          service: incident.service ?? incident.title,
          startedAt: incident.declaredAt,
          resolvedAt: now,
          rootCause: req.resolution,
          prevention: 'to be decided in the post-incident review',
        }),
      );
      const archive = ctx.config.config.incidents.archive_after;
      if (archive && incident.channelId)
        ctx.timers.arm(INCIDENT_TIMERS.archive, incident.id, new Date(now.getTime() + archive.ms), {});
      return answered(
        `:large_green_circle: ${incident.id} resolved. The post-incident review is due within ${ctx.config.config.incidents.review_within.text}.`,
      );
    }
    case 'status': {
      const s = snapshotOf(ctx, incident.id);
      return answered(
        `*${incident.id}* ${incident.severity} — ${incident.title}\nStatus: ${incident.status} · commander <@${incident.commander}> · PagerDuty: ${incident.pagerduty.state} · updates: ${s.updateCount} · breaches: ${s.breaches.length}`,
      );
    }
    case 'timeline': {
      const lines = buildIncidentTimeline(ctx.events.forSubject(incident.id)).map(
        (e) => `\`${e.date} ${e.time} UTC\` ${e.text}`,
      );
      return answered(`*Timeline of ${incident.id}*\n${lines.join('\n')}`.slice(0, 2900));
    }
    case 'report':
      return requestIncidentReport(ctx, incident, who.userId);
  }
}
