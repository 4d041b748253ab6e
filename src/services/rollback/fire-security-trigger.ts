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
function watchedReleases(rt: Runtime, service: string): DeployRecord[] {
  const environments = ownEntry(rt.config.config.services, service)?.environments ?? [];
  return environments.flatMap((env) => {
    const holder = rt.deploys.laneHolder(service, env);
    const deploy = holder ? rt.deploys.get(holder) : undefined;
    const live =
      deploy?.kind !== 'rollback' &&
      isWatchLive(deploy?.watch) &&
      (deploy?.state === 'watching' || deploy?.state === 'running');
    return live && deploy ? [deploy] : [];
  });
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
  const incident = rt.incidents.get(incidentId);
  if (!incident?.security || incident.severity !== 'SEV-1') return;
  const events = rt.events.forSubject(incidentId);
  if (events.some((e) => e.type === SECURITY_CHECKED)) return;
  if (events.some((e) => e.type === 'incident.linked_deploy' && typeof e.payload.rollback === 'string'))
    return;
  const watched = incident.service ? watchedReleases(rt, incident.service) : [];
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
    const linked = rt.events
      .forSubject(deploy.id)
      .some((e) => e.type === DEPLOY_SECURITY_INCIDENT && e.payload.incident === incidentId);
    if (!linked)
      rt.tx.transaction(() => {
        const at = rt.clock.now();
        rt.events.append({
          at,
          actor: SHIPGATE,
          subject: incidentId,
          type: 'incident.linked_deploy',
          payload: { deploy: deploy.id, trigger: SECURITY_TRIGGER },
        });
        rt.events.append({
          at,
          actor: SHIPGATE,
          subject: deploy.id,
          type: DEPLOY_SECURITY_INCIDENT,
          payload: { incident: incidentId },
        });
        threadNote(rt, deploy.id, rich`:red_circle: Rollback trigger fired — ${firingLine(firing)}.`);
      });
    if (isWatchLive(rt.deploys.get(deploy.id)?.watch)) await onTrigger(deploy.id, firing);
  }
  rt.tx.transaction(() => {
    if (rt.events.forSubject(incidentId).some((e) => e.type === SECURITY_CHECKED)) return;
    const at = rt.clock.now();
    rt.events.append({
      at,
      actor: SHIPGATE,
      subject: incidentId,
      type: SECURITY_CHECKED,
      payload: { service: incident.service ?? null, fired, unlisted },
    });
    rt.timers.arm(INCIDENT_TIMERS.securityNote, incidentId, at, { fired, unlisted });
  });
}
