import { SHIPGATE } from '../../core/actor.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { ownEntry } from '../../core/own-entry.js';
import { rich } from '../../core/text/rich-text.js';
import { firingLine } from '../../core/watch/format-metric.js';
import { SECURITY_TRIGGER, securityFiring } from '../../core/watch/security-firing.js';
import { isWatchLive } from '../../core/watch/watch-record.js';
import { threadNote } from '../deploys/deploy-lifecycle.js';
import { INCIDENT_TIMERS } from '../incidents/incident-defaults.js';
import type { Runtime } from '../runtime.js';
import type { OnTrigger } from '../watch/take-sample.js';

/** The incident event that records which watched releases a security incident fired on (once per incident). */
export const SECURITY_CHECKED = 'incident.security_trigger_checked';
/** The deploy event that links a watched release to the security incident that fired its trigger. */
export const DEPLOY_SECURITY_INCIDENT = 'deploy.security_incident';

/** The releases of `service` whose watch still judges (one per environment: the watch holds the lane). */
async function watchedReleases(rt: Runtime, service: string): Promise<DeployRecord[]> {
  const environments = ownEntry(rt.config.config.services, service)?.environments ?? [];
  const watched: DeployRecord[] = [];
  for (const env of environments) {
    const holder = await rt.deploys.laneHolder(service, env);
    const deploy = holder ? await rt.deploys.get(holder) : undefined;
    const live =
      deploy?.kind !== 'rollback' &&
      isWatchLive(deploy?.watch) &&
      (deploy?.state === 'watching' || deploy?.state === 'running');
    if (live && deploy) watched.push(deploy);
  }
  return watched;
}

const listsSecurityTrigger = (rt: Runtime, env: string) =>
  rt.config.environments.get(env)?.rollback.triggers.some((t) => t.kind === SECURITY_TRIGGER) ?? false;

/**
 * A SEV-1 declared with `--security` (issue #9): fires `security_incident` on each watched release of the
 * incident's service whose environment's policy lists that trigger, through `onTrigger` — the path a metric trigger
 * takes, so `rollback.automatic: true` rolls back at once under the policy file's authority and otherwise a
 * recommendation asks for Roll back now / Keep. Each release is first linked to the incident both ways
 * (`incident.linked_deploy`, `deploy.security_incident`) and its thread told why, in one transaction; the rollback's
 * follow-up then joins this incident instead of declaring another. A rerun after a crash fires again only where
 * the watch still judges. Once done, the incident's channel is told what happened, or that nothing was watched.
 * An incident that a rollback opened (linked to it already) fires nothing: its rollback happened.
 */
export async function fireSecurityTrigger(
  rt: Runtime,
  incidentId: string,
  onTrigger: OnTrigger,
): Promise<void> {
  const incident = await rt.incidents.get(incidentId);
  if (!incident?.security || incident.severity !== 'SEV-1') return;
  const events = await rt.events.forSubject(incidentId);
  if (events.some((e) => e.type === SECURITY_CHECKED)) return;
  if (events.some((e) => e.type === 'incident.linked_deploy' && typeof e.payload.rollback === 'string'))
    return;
  const watched = incident.service ? await watchedReleases(rt, incident.service) : [];
  const firing = securityFiring(
    `SEV-1 security incident ${incidentId} declared by ${incident.declaredBy}: ${incident.title}`,
  );
  const fired: string[] = [];
  const unlisted: string[] = [];
  for (const deploy of watched) {
    if (!listsSecurityTrigger(rt, deploy.env)) {
      unlisted.push(deploy.id);
      continue;
    }
    fired.push(deploy.id);
    const linked = (await rt.events.forSubject(deploy.id)).some(
      (e) => e.type === DEPLOY_SECURITY_INCIDENT && e.payload.incident === incidentId,
    );
    if (!linked)
      await rt.tx.transaction(async () => {
        const at = rt.clock.now();
        await rt.events.append({
          at,
          actor: SHIPGATE,
          subject: incidentId,
          type: 'incident.linked_deploy',
          payload: { deploy: deploy.id, trigger: SECURITY_TRIGGER },
        });
        await rt.events.append({
          at,
          actor: SHIPGATE,
          subject: deploy.id,
          type: DEPLOY_SECURITY_INCIDENT,
          payload: { incident: incidentId },
        });
        await threadNote(rt, deploy.id, rich`:red_circle: Rollback trigger fired — ${firingLine(firing)}.`);
      });
    if (isWatchLive((await rt.deploys.get(deploy.id))?.watch)) await onTrigger(deploy.id, firing);
  }
  await rt.tx.transaction(async () => {
    if ((await rt.events.forSubject(incidentId)).some((e) => e.type === SECURITY_CHECKED)) return;
    const at = rt.clock.now();
    await rt.events.append({
      at,
      actor: SHIPGATE,
      subject: incidentId,
      type: SECURITY_CHECKED,
      payload: { service: incident.service ?? null, fired, unlisted },
    });
    await rt.timers.arm(INCIDENT_TIMERS.securityNote, incidentId, at, { fired, unlisted });
  });
}
