import { SHIPGATE } from '../../core/actor.js';
import { ownEntry } from '../../core/own-entry.js';
import { BAND_WORDS } from '../../core/readiness/readiness-band.js';
import { joinRich, rich } from '../../core/text/rich-text.js';
import { assessReadiness } from '../readiness/assess-readiness.js';
import type { Runtime } from '../runtime.js';
import { applyDeployEvent, recordDeployChange, tellUser } from './deploy-lifecycle.js';

const MAX_LISTED = 10;

/**
 * The readiness gate (chapter 5.2): for an environment with a `readiness.minimum_score`, the deploy's version is
 * assessed before the validations and before anyone is asked to approve. A failed critical item or a score below the
 * minimum refuses the deploy and tells the requester the items to fix; otherwise the score and band are stored and
 * shown in the approval message. `--emergency` skips the gate only in environments listed in
 * `readiness.emergency_skips_gate`. Returns false when the deploy was refused (or moved on meanwhile).
 */
export async function passReadinessGate(rt: Runtime, id: string): Promise<boolean> {
  const deploy = await rt.deploys.get(id);
  const settings = rt.config.config.readiness;
  if (deploy?.state !== 'validating') return false;
  const minimum = settings ? ownEntry(settings.minimum_score, deploy.env) : undefined;
  if (minimum === undefined || deploy.kind === 'rollback') return true;
  if (deploy.emergencyReason !== undefined && settings?.emergency_skips_gate.includes(deploy.env)) {
    await recordDeployChange(rt, id, 'deploy.readiness_skipped', SHIPGATE, {}, { reason: 'emergency' });
    return true;
  }
  const assessment = await assessReadiness(rt, {
    service: deploy.service,
    version: deploy.version,
    env: deploy.env,
  });
  if ((await rt.deploys.get(id))?.state !== 'validating') return false;
  const { summary } = assessment;
  const payload = { score: summary.score, band: summary.band, ready: summary.ready, minimum };
  if (summary.ready) {
    await recordDeployChange(rt, id, 'deploy.readiness', SHIPGATE, { readiness: summary }, payload);
    return true;
  }
  const gaps = [...summary.gaps].sort((a, b) => Number(b.critical) - Number(a.critical));
  const critical = gaps.filter((g) => g.critical);
  const why = assessment.problem
    ? assessment.problem
    : critical.length > 0
      ? `a critical readiness item failed (${critical.map((g) => g.text).join('; ')})`
      : `readiness score ${summary.score} is below the minimum ${minimum} for ${deploy.env}`;
  const refused = await rt.tx.transaction(async () => {
    await recordDeployChange(rt, id, 'deploy.readiness', SHIPGATE, { readiness: summary }, payload);
    return await applyDeployEvent(rt, id, 'validations_failed', SHIPGATE, {
      outcome: `refused: ${why}`,
      finishedAt: rt.clock.now(),
    });
  });
  const lines = gaps
    .slice(0, MAX_LISTED)
    .map((g) => rich`${g.critical ? ':x: *critical*' : ':warning:'} ${g.text} — ${g.reason}`);
  if (gaps.length > MAX_LISTED) lines.push(rich`… and ${gaps.length - MAX_LISTED} more`);
  await tellUser(
    rt,
    refused,
    refused.requester,
    rich`:no_entry: ${id} is refused by the readiness gate: ${why}. Score ${summary.score} of 100 (${BAND_WORDS[summary.band]}; ${deploy.env} needs ${minimum}). Fix these, then \`/readiness ${deploy.service} ${deploy.version} --env ${deploy.env}\` and request the deploy again:\n${joinRich(lines, '\n')}`,
  );
  return false;
}
