import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import type { ReadinessSummary } from '../../core/readiness/readiness-summary.js';
import type { ReleaseFacts } from '../../core/releases/release-facts.js';
import { escapeMrkdwn } from '../render-mrkdwn.js';

const MAX_COMMITS = 10;
const MAX_GAPS = 8;

/** How a band reads in a message. */
export function bandText(band: ReadinessSummary['band']): string {
  const words: Record<ReadinessSummary['band'], string> = {
    ready: 'ready',
    minor_improvements: 'ready with minor improvements',
    not_ready: 'not ready',
    do_not_deploy: 'do not deploy',
  };
  return words[band];
}

/**
 * What the commits said, for the approval message: the range and the bump they call for, the commits that raised
 * the approval rule (at most ten, then a count), or, when the range could not be read, that and why.
 */
export function releaseSection(release: ReleaseFacts): string {
  if (release.repository !== 'read') {
    const what = release.repository === 'none' ? 'Commits not read' : 'Commits could not be read';
    return `:warning: *${what}*: ${escapeMrkdwn(release.note ?? 'unknown reason')} — the approval rule follows the version numbers alone.`;
  }
  const range = `${escapeMrkdwn(release.from ?? '?')}..${escapeMrkdwn(release.to ?? '?')}`;
  const head = `*Commits* — ${release.commitCount ?? 0} in ${range}; they call for ${(release.suggested ?? 'patch').toUpperCase()}`;
  const raised = release.raisedBy ?? [];
  if (raised.length === 0 || !release.versionBump) return head;
  const lines = raised
    .slice(0, MAX_COMMITS)
    .map((c) => `• \`${escapeMrkdwn(c.sha.slice(0, 7))}\` ${escapeMrkdwn(c.subject)}`);
  if (raised.length > MAX_COMMITS) lines.push(`• … and ${raised.length - MAX_COMMITS} more`);
  return `${head}\n:arrow_up: *Approval raised from ${release.versionBump.toUpperCase()}* by:\n${lines.join('\n')}`;
}

/** The readiness score and band for the approval message, with the items that did not pass. */
export function readinessSection(readiness: ReadinessSummary): string {
  const minimum = readiness.minimum === undefined ? '' : ` (minimum ${readiness.minimum})`;
  const head = `*Readiness* — score ${readiness.score}${minimum}: ${bandText(readiness.band)}`;
  const gaps = readiness.gaps
    .slice(0, MAX_GAPS)
    .map((g) => `${g.critical ? ':x:' : ':warning:'} ${escapeMrkdwn(g.text)} — ${escapeMrkdwn(g.reason)}`);
  if (readiness.gaps.length > MAX_GAPS) gaps.push(`… and ${readiness.gaps.length - MAX_GAPS} more`);
  return [head, ...gaps].join('\n');
}

/** The Change field: the bump, and the version numbers' bump when the commits raised it. */
export function changeText(d: DeployRecord): string {
  const raised = d.release?.raisedBy?.length && d.release.versionBump && d.release.versionBump !== d.bump;
  return raised
    ? `${d.bump.toUpperCase()} (raised from ${d.release?.versionBump?.toUpperCase()} by the commits)`
    : d.bump.toUpperCase();
}
