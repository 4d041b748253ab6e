import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { joinRich, type RichText, rich } from '../../core/text/rich-text.js';
import { INCIDENT_TIMERS } from '../incidents/incident-defaults.js';
import type { Runtime } from '../runtime.js';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** What became of one release the security trigger fired on, as the incident channel reads it. */
async function firedLine(rt: Runtime, deploy: DeployRecord): Promise<RichText> {
  const what = rich`${deploy.service} ${deploy.version} in ${deploy.env} (${deploy.id})`;
  if (deploy.state === 'rolled_back') {
    const run = (await rt.deploys.recent(50, deploy.service)).find(
      (d) => d.kind === 'rollback' && d.rollbackOf === deploy.id,
    );
    return rich`${what} is rolled back${run ? rich` by ${run.id} to ${run.version}` : ''}.`;
  }
  if (deploy.watch?.state === 'recommending')
    return rich`${what}: a rollback is recommended in its deploy thread; a human decides with Roll back now or Keep (rollback.automatic is off).`;
  return rich`${what}: its watch is ${deploy.watch?.state ?? 'gone'}; nothing was rolled back.`;
}

/** The line for the incident channel, from what the trigger recorded and what the releases are now. */
async function noteText(
  rt: Runtime,
  incidentId: string,
  fired: string[],
  unlisted: string[],
): Promise<RichText> {
  const incident = await rt.incidents.get(incidentId);
  const service = incident?.service;
  if (!service)
    return rich`:lock: Security incident without a service (\`--service\`): no release was checked, so nothing was rolled back. Roll back by hand with \`/rollback <service> --security "<reason>"\`.`;
  const lines: RichText[] = [];
  for (const id of fired) {
    const deploy = await rt.deploys.get(id);
    if (deploy) lines.push(rich`:red_circle: \`security_incident\` fired: ${await firedLine(rt, deploy)}`);
  }
  for (const id of unlisted) {
    const deploy = await rt.deploys.get(id);
    if (deploy)
      lines.push(
        rich`:warning: ${deploy.service} ${deploy.version} is being watched in ${deploy.env} (${id}), but that environment's policy does not list \`security_incident\` under rollback.triggers; nothing was rolled back.`,
      );
  }
  if (lines.length === 0)
    lines.push(
      rich`:lock: No release of ${service} was being watched, so nothing was rolled back. To roll back what runs now: \`/rollback ${service} --security "<reason>"\`.`,
    );
  return joinRich(lines, '\n');
}

/**
 * Registers the line a security incident's channel gets once its trigger was handled: which watched releases it
 * rolled back or asked a human about, or that no release was being watched (so nothing was rolled back). Its
 * timers share the incident's subject, so the line waits for the channel; without one yet it is retried.
 */
export function registerSecurityTriggerNote(rt: Runtime): void {
  rt.timers.on(INCIDENT_TIMERS.securityNote, async (timer) => {
    const incident = await rt.incidents.get(timer.subject);
    if (!incident) return;
    if (!incident.channelId) throw new Error('the incident channel does not exist yet');
    await rt.notifier.post(
      incident.channelId,
      await noteText(rt, incident.id, strings(timer.payload.fired), strings(timer.payload.unlisted)),
      incident.id,
      rt.clock.now(),
    );
  });
}
