import { classifyNote } from '../../core/incidents/incident-notes.js';
import type { IncidentRecord } from '../../core/incidents/incident-record.js';
import { buildIncidentTimeline } from '../../core/incidents/incident-timeline.js';
import { channelLink, instant, joinRich, mention, type RichText, rich } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';
import { nextUpdateDue, snapshotOf } from './incident-clock-timers.js';

/** "The next status update is due at …", or nothing when no cadence runs. */
export async function nextUpdateText(rt: Runtime, id: string): Promise<RichText> {
  const due = await nextUpdateDue(rt, id);
  return due ? rich` The next status update is due at ${instant(due, 'time')}.` : rich``;
}

/** The root cause the resolution notice names: the latest `Root cause:` note, else the resolution text itself. */
export async function recordedRootCause(rt: Runtime, id: string, resolution: string): Promise<string> {
  const causes = (await rt.events.forSubject(id))
    .filter((e) => e.type === 'incident.note_added')
    .map((e) => classifyNote(String(e.payload.text)))
    .filter((note) => note.label === 'root_cause');
  return causes.at(-1)?.text ?? resolution;
}

/** `/incident status`: severity, title, status, commander, PagerDuty, updates and breaches, and the next update due. */
export async function incidentStatus(rt: Runtime, incident: IncidentRecord): Promise<RichText> {
  const s = await snapshotOf(rt, incident.id);
  const where = incident.channelId ? rich` · ${channelLink(incident.channelId)}` : rich``;
  return rich`*${incident.id}* ${incident.severity} — ${incident.title}\nStatus: ${incident.status} · commander ${mention(incident.commander)} · PagerDuty: ${incident.pagerduty.state} · updates: ${s.updateCount} · breaches: ${s.breaches.length}${where}${await nextUpdateText(rt, incident.id)}`;
}

/** `/incident timeline`: every event in order, each time shown in the reader's own zone. */
export async function incidentTimeline(rt: Runtime, incident: IncidentRecord): Promise<RichText> {
  const lines = buildIncidentTimeline(await rt.events.forSubject(incident.id)).map(
    (e) => rich`${instant(e.at)} ${e.text}`,
  );
  return rich`*Timeline of ${incident.id}*\n${joinRich(lines, '\n')}`;
}
