import { renderInternalAlert } from '../../adapters/templates/incident-templates.js';
import { SHIPGATE } from '../../core/actor.js';
import { incidentChannelName } from '../../core/incidents/channel-name.js';
import type { TimerRecord } from '../../scheduler/timer-service.js';
import { draftCustomerNotice, needsCustomerNotice } from './customer-notice.js';
import { INCIDENT_SLOTS, INCIDENT_TIMERS, type IncidentContext } from './incident-context.js';
import { topicOf } from './incident-lifecycle.js';

/** The steps that turn a declared incident into a working channel, in order; each is a durable, retried timer. */
export const SETUP_STEPS = [
  'channel',
  'invite',
  'topic',
  'card',
  'pin',
  'alert',
  'announce',
  'notice',
] as const;
type SetupStep = (typeof SETUP_STEPS)[number];

const errorOf = (err: unknown) =>
  (err as { data?: { error?: string } }).data?.error ?? (err instanceof Error ? err.message : String(err));

/**
 * Registers the setup pipeline: create the channel (private for `--private`; a taken name gets a suffix), invite
 * the people, set the topic, post and pin the card, post the internal alert, announce in the incidents channel,
 * and draft the customer notification for severities that page.
 * The incident is recorded before any of it; a step Slack refuses is retried with backoff and the declarer is
 * told once, so no half-made incident goes unnoticed.
 */
export function registerIncidentSetup(ctx: IncidentContext): void {
  ctx.timers.on(INCIDENT_TIMERS.setup, async (timer) => {
    const step = timer.payload.step as SetupStep;
    try {
      await runStep(ctx, timer.subject, step);
    } catch (err) {
      if (timer.attempts === 0) reportFailure(ctx, timer, step, errorOf(err));
      throw err;
    }
    const next = SETUP_STEPS[SETUP_STEPS.indexOf(step) + 1];
    if (next) ctx.timers.arm(INCIDENT_TIMERS.setup, timer.subject, ctx.clock.now(), { step: next });
  });
}

/** Starts the setup pipeline of a newly declared incident. */
export function startIncidentSetup(ctx: IncidentContext, id: string): void {
  ctx.timers.arm(INCIDENT_TIMERS.setup, id, ctx.clock.now(), { step: SETUP_STEPS[0] });
}

async function runStep(ctx: IncidentContext, id: string, step: SetupStep): Promise<void> {
  const incident = ctx.incidents.get(id);
  if (!incident) return;
  const channel = incident.channelId;
  if (step !== 'channel' && !channel) throw new Error('the incident channel does not exist yet');
  switch (step) {
    case 'channel':
      if (!channel) await createChannel(ctx, id);
      return;
    case 'invite': {
      const users = await invitees(ctx, id);
      if (users.length === 0) return;
      try {
        await ctx.slack.conversations.invite({ channel: channel as string, users: users.join(',') });
      } catch (err) {
        if (errorOf(err) !== 'already_in_channel') throw err;
      }
      return;
    }
    case 'topic':
      await ctx.slack.conversations.setTopic({ channel: channel as string, topic: topicOf(incident) });
      return;
    case 'card':
      ctx.sync.request(INCIDENT_SLOTS.card, id, ctx.clock.now());
      return;
    case 'pin': {
      const card = ctx.sync.ref(INCIDENT_SLOTS.card, id);
      if (!card?.ts) throw new Error('the card is not posted yet');
      try {
        await ctx.slack.pins.add({ channel: card.channel, timestamp: card.ts });
      } catch (err) {
        if (errorOf(err) !== 'already_pinned') throw err;
      }
      return;
    }
    case 'alert': {
      const policy = ctx.config.config.incidents.severities[incident.severity as 'SEV-1'];
      const text = renderInternalAlert({
        severity: incident.severity,
        service: incident.service ?? 'not named yet',
        impact: incident.title,
        startedAt: incident.declaredAt,
        investigating: `<@${incident.commander}> (incident commander)`,
        nextUpdateAt: new Date(
          incident.declaredAt.getTime() + (policy?.update_every?.ms ?? policy?.respond_within.ms ?? 0),
        ),
        channel: incident.channelName ?? '',
      });
      await ctx.slack.chat.postMessage({ channel: channel as string, text });
      return;
    }
    case 'notice':
      if (needsCustomerNotice(ctx, incident.severity)) draftCustomerNotice(ctx, id);
      return;
    case 'announce':
      if (incident.private) return;
      await ctx.slack.chat.postMessage({
        channel: ctx.config.config.incidents.channel,
        text: `:rotating_light: ${incident.severity} ${incident.id}: ${incident.title} — commander <@${incident.commander}>. Join <#${channel}>.`,
      });
      return;
  }
}

async function createChannel(ctx: IncidentContext, id: string): Promise<void> {
  const incident = ctx.incidents.get(id);
  if (!incident) return;
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = incidentChannelName(id, incident.title, attempt);
    try {
      const created = await ctx.slack.conversations.create({ name, is_private: incident.private });
      const channelId = created.channel?.id;
      if (!channelId) throw new Error('conversations.create returned no channel');
      ctx.db.transaction(() => {
        const now = ctx.clock.now();
        ctx.incidents.update(id, { channelId, channelName: created.channel?.name ?? name }, now);
        ctx.events.append({
          at: now,
          actor: SHIPGATE,
          subject: id,
          type: 'incident.channel_created',
          payload: { channel: channelId, name },
        });
      })();
      return;
    } catch (err) {
      if (errorOf(err) !== 'name_taken') throw err;
    }
  }
  throw new Error('every channel name tried was taken');
}

/** The declarer, the commander, PagerDuty's on-call for the service and the roles configured for the severity. */
async function invitees(ctx: IncidentContext, id: string): Promise<string[]> {
  const incident = ctx.incidents.get(id);
  if (!incident) return [];
  const { config } = ctx.config;
  const policy = config.incidents.severities[incident.severity as 'SEV-1'];
  const roleMembers = (policy?.invite ?? []).flatMap((role) => config.roles[role] ?? []);
  const service = incident.service ? config.services[incident.service] : undefined;
  const onCall = service ? (await ctx.onCall.resolve(service, ctx.clock.now())).members : [];
  return [...new Set([incident.declaredBy, incident.commander, ...onCall, ...roleMembers])];
}

function reportFailure(ctx: IncidentContext, timer: TimerRecord, step: SetupStep, error: string): void {
  const incident = ctx.incidents.get(timer.subject);
  if (!incident) return;
  ctx.outbox.enqueue(
    'chat.postEphemeral',
    {
      channel: incident.declaredIn,
      user: incident.declaredBy,
      text: `:warning: ${incident.id} is recorded, but setting it up failed at "${step}" (${error}). Shipgate keeps retrying; /incident ${incident.id} status shows where it stands.`,
    },
    incident.id,
    ctx.clock.now(),
  );
  ctx.events.append({
    at: ctx.clock.now(),
    actor: SHIPGATE,
    subject: incident.id,
    type: 'incident.setup_failed',
    payload: { step, error },
  });
}
