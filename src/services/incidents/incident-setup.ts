import { SHIPGATE } from '../../core/actor.js';
import { incidentChannelName } from '../../core/incidents/channel-name.js';
import { ownEntry } from '../../core/own-entry.js';
import { channelLink, instant, mention, rich } from '../../core/text/rich-text.js';
import type { TimerRecord } from '../../core/timer-record.js';
import type { Runtime } from '../runtime.js';
import { draftCustomerNotice, needsCustomerNotice } from './customer-notice.js';
import { INCIDENT_TIMERS } from './incident-defaults.js';
import { noteIncident, topicOf } from './incident-lifecycle.js';

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

const errorOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Registers the setup pipeline: create the channel (private for `--private`; a taken name gets a suffix), invite
 * the people, set the topic, post and pin the card, post the internal alert, announce in the incidents channel,
 * and draft the customer notification for severities that page. The incident is recorded before any of it; a step
 * the workspace refuses is retried with backoff and the declarer is told once, so no half-made incident goes
 * unnoticed. Each step arms the next only while its own lease holds (`armNext`), so a replica that stalled past its
 * lease mid-step, while another took the step over, does not run the rest of the pipeline a second time.
 */
export function registerIncidentSetup(rt: Runtime): void {
  rt.timers.on(INCIDENT_TIMERS.setup, async (timer) => {
    const step = timer.payload.step as SetupStep;
    try {
      await runStep(rt, timer.subject, step);
    } catch (err) {
      if (timer.attempts === 0) await reportFailure(rt, timer, step, errorOf(err));
      throw err;
    }
    const next = SETUP_STEPS[SETUP_STEPS.indexOf(step) + 1];
    if (next)
      await rt.timers.armNext(timer, INCIDENT_TIMERS.setup, timer.subject, rt.clock.now(), { step: next });
  });
}

/** Starts the setup pipeline of a newly declared incident. */
export async function startIncidentSetup(rt: Runtime, id: string): Promise<void> {
  await rt.timers.arm(INCIDENT_TIMERS.setup, id, rt.clock.now(), { step: SETUP_STEPS[0] });
}

async function runStep(rt: Runtime, id: string, step: SetupStep): Promise<void> {
  const incident = await rt.incidents.get(id);
  if (!incident) return;
  const channel = incident.channelId;
  if (step !== 'channel' && !channel) throw new Error('the incident channel does not exist yet');
  const here = channel as string;
  switch (step) {
    case 'channel':
      if (!channel) await createChannel(rt, id);
      return;
    case 'invite': {
      const users = await invitees(rt, id);
      if (users.length > 0) await rt.workspace.invite(here, users);
      return;
    }
    case 'topic':
      await rt.workspace.setTopic(here, topicOf(incident));
      return;
    case 'card':
      await rt.notifier.redraw('incident-card', id, rt.clock.now());
      return;
    case 'pin':
      await rt.workspace.pin('incident-card', id);
      return;
    case 'alert': {
      const policy = ownEntry(rt.config.config.incidents.severities, incident.severity);
      const nextUpdate = new Date(
        incident.declaredAt.getTime() + (policy?.update_every?.ms ?? policy?.respond_within.ms ?? 0),
      );
      await rt.workspace.post(
        here,
        rt.templates.render('incident-internal-alert.mustache', {
          severity: incident.severity,
          service: incident.service ?? 'not named yet',
          impact: incident.title.trim(),
          started_at: instant(incident.declaredAt),
          investigating: rich`${mention(incident.commander)} (incident commander)`,
          next_update: instant(nextUpdate),
          channel: channelLink(here),
        }),
        `${id}:alert`,
      );
      return;
    }
    case 'notice':
      if (needsCustomerNotice(rt, incident.severity)) await draftCustomerNotice(rt, id);
      return;
    case 'announce':
      if (incident.private) return;
      await rt.workspace.post(
        rt.config.config.incidents.channel,
        rich`:rotating_light: ${incident.severity} ${incident.id}: ${incident.title} — commander ${mention(incident.commander)}. Join ${channelLink(here)}.`,
        `${id}:announce`,
      );
      return;
  }
}

async function createChannel(rt: Runtime, id: string): Promise<void> {
  const incident = await rt.incidents.get(id);
  if (!incident) return;
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = incidentChannelName(id, incident.title, attempt);
    const created = await rt.workspace.createChannel(name, incident.private);
    if (!created.ok) continue;
    await noteIncident(
      rt,
      id,
      'incident.channel_created',
      SHIPGATE,
      { channel: created.id, name: created.name },
      { channelId: created.id, channelName: created.name },
    );
    return;
  }
  throw new Error('every channel name tried was taken');
}

/** The declarer, the commander, the service's on-call and the people of the roles configured for the severity. */
async function invitees(rt: Runtime, id: string): Promise<string[]> {
  const incident = await rt.incidents.get(id);
  if (!incident) return [];
  const { config } = rt.config;
  const policy = ownEntry(config.incidents.severities, incident.severity);
  const roleMembers = (policy?.invite ?? []).flatMap((role) => rt.roster.members(role));
  const service = incident.service ? ownEntry(config.services, incident.service) : undefined;
  const onCall = service ? (await rt.onCall.resolve(service, rt.clock.now())).members : [];
  return [...new Set([incident.declaredBy, incident.commander, ...onCall, ...roleMembers])];
}

async function reportFailure(rt: Runtime, timer: TimerRecord, step: SetupStep, error: string): Promise<void> {
  const incident = await rt.incidents.get(timer.subject);
  if (!incident) return;
  await rt.tx.transaction(async () => {
    await rt.notifier.whisper(
      incident.declaredIn,
      incident.declaredBy,
      rich`:warning: ${incident.id} is recorded, but setting it up failed at "${step}" (${error}). Shipgate keeps retrying; \`/incident ${incident.id} status\` shows where it stands.`,
      incident.id,
      rt.clock.now(),
    );
    await rt.events.append({
      at: rt.clock.now(),
      actor: SHIPGATE,
      subject: incident.id,
      type: 'incident.setup_failed',
      payload: { step, error },
    });
  });
}
