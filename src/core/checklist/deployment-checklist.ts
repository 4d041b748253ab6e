import type { ApprovalRow, DeployRecord } from '../deploys/deploy-record.js';
import type { DeployState } from '../deploys/deploy-types.js';
import { describeDuration } from '../text/describe-duration.js';
import { joinRich, mention, mentionList, type RichText, rich } from '../text/rich-text.js';
import { type ChecklistItemDef, DEPLOYMENT_CHECKLIST } from './deployment-checklist-items.js';

/** A person's tick on a deploy's checklist item. */
export interface ChecklistTick {
  readonly itemId: string;
  readonly userId: string;
  readonly at: Date;
}

/** Where the release tag of a deploy stands (from the releases table). */
export interface ReleaseTagState {
  readonly tag: string;
  readonly state: 'pending' | 'tagged' | 'pushed' | 'failed';
  readonly detail?: string;
  readonly commit?: string;
}

/** Everything the checklist is judged from: the deploy as stored and what Shipgate knows around it. */
export interface ChecklistFacts {
  readonly deploy: DeployRecord;
  readonly approvals: readonly ApprovalRow[];
  readonly ticks: readonly ChecklistTick[];
  /** The change window's reasons when an emergency override skipped it. */
  readonly windowOverride: readonly string[] | undefined;
  /** The watch: whether one is configured, whether it has business metrics, its window. */
  readonly watch: {
    readonly configured: boolean;
    readonly businessMetrics: boolean;
    readonly durationMs: number;
  };
  /** The incident a rollback of this deploy opened, if any. */
  readonly incident: string | undefined;
  /** Whether this deploy's version is tagged at all: no repository, or an environment that is not tagged. */
  readonly tagging: 'tagged_here' | 'not_this_env' | 'no_repository';
  readonly tag: ReleaseTagState | undefined;
}

/** How far an item is: done (by Shipgate or a person), failed (Shipgate saw it fail), open, or not applicable. */
export type ChecklistState = 'done' | 'failed' | 'open' | 'not_applicable';

/** One judged item, with the evidence for its state and, for a person's tick, who and when. */
export interface ChecklistEntry {
  readonly item: ChecklistItemDef;
  readonly state: ChecklistState;
  readonly evidence: RichText;
  /** Whether a person may tick it now (a manual item, or a known one Shipgate could not decide). */
  readonly tickable: boolean;
  readonly tickedBy?: string;
  readonly tickedAt?: Date;
}

type Judged = { readonly state: ChecklistState; readonly evidence: RichText } | undefined;

const STARTED: ReadonlySet<DeployState> = new Set([
  'running',
  'watching',
  'succeeded',
  'failed',
  'interrupted',
  'rolled_back',
]);
const APPROVED: ReadonlySet<DeployState> = new Set([...STARTED, 'approved']);
const ENDED_BEFORE_START: ReadonlySet<DeployState> = new Set(['rejected', 'expired', 'cancelled', 'refused']);

const done = (evidence: RichText): Judged => ({ state: 'done', evidence });
const failed = (evidence: RichText): Judged => ({ state: 'failed', evidence });
const open = (evidence: RichText): Judged => ({ state: 'open', evidence });

function validation(facts: ChecklistFacts, matches: (name: string) => boolean): Judged {
  const results = facts.deploy.validations.filter((v) => matches(v.name));
  if (results.length === 0) return undefined;
  const bad = results.filter((v) => !v.ok);
  const names = results.map((v) => v.name).join(', ');
  if (bad.length > 0) return failed(rich`${bad.map((v) => `${v.name}: ${v.summary}`).join('; ')}`);
  return done(rich`${names} passed before approval`);
}

function versionDetermined({ deploy }: ChecklistFacts): Judged {
  const change = rich`${deploy.bump.toUpperCase()} (${deploy.previousVersion ?? 'first deploy'} → ${deploy.version})`;
  const release = deploy.release;
  if (release?.raisedBy && release.raisedBy.length > 0 && release.versionBump)
    return done(
      rich`${change}, raised from ${release.versionBump.toUpperCase()} by ${release.raisedBy.length} commit(s)`,
    );
  if (release?.suggested)
    return done(rich`${change}; the commits call for ${release.suggested.toUpperCase()}`);
  return done(change);
}

function changelog({ deploy }: ChecklistFacts): Judged {
  const release = deploy.release;
  if (!release) return undefined;
  if (release.repository === 'read')
    return done(
      rich`from ${release.commitCount ?? 0} commit(s), ${release.from ?? '?'}..${release.to ?? '?'}; posted in this thread when the deploy starts`,
    );
  return open(rich`${release.note ?? 'the commits could not be read'}`);
}

function readiness({ deploy }: ChecklistFacts): Judged {
  const r = deploy.readiness;
  if (!r) return undefined;
  const band = r.band.replaceAll('_', ' ');
  const minimum = r.minimum === undefined ? '' : `, minimum ${r.minimum}`;
  return r.ready
    ? done(rich`score ${r.score} (${band}${minimum})`)
    : failed(rich`score ${r.score} (${band})`);
}

function approvers(facts: ChecklistFacts): Judged {
  const { deploy, approvals } = facts;
  if (deploy.requiredRoles.length === 0) return done(rich`no approval required in ${deploy.env}`);
  const approved = new Set(approvals.flatMap((a) => [a.role, ...(a.inPlaceOf ?? [])]));
  const who = joinRich(
    approvals.map((a) => rich`${a.role} ${mention(a.userId)}`),
    ', ',
  );
  if (deploy.requiredRoles.every((r) => approved.has(r))) return done(who);
  const missing = deploy.requiredRoles.filter((r) => !approved.has(r)).join(', ');
  return approvals.length > 0 ? open(rich`${who}; still needed: ${missing}`) : open(rich`needed: ${missing}`);
}

function changeWindow(facts: ChecklistFacts): Judged {
  const { deploy } = facts;
  if (!APPROVED.has(deploy.state) && deploy.state !== 'awaiting_approval' && deploy.state !== 'escalated')
    return undefined;
  if (facts.windowOverride !== undefined)
    return done(
      rich`emergency override of a closed window (${facts.windowOverride.join('; ') || 'open'}): ${deploy.emergencyReason ?? ''}`,
    );
  return done(rich`open when the request was planned and re-checked before it ran`);
}

function onCall({ deploy }: ChecklistFacts): Judged {
  if (deploy.onCall.source === 'pending') return undefined;
  if (deploy.onCall.members.length === 0)
    return open(rich`${deploy.onCall.note ?? 'nobody on call was found'}`);
  return done(rich`${mentionList(deploy.onCall.members, 'nobody', ', ')} (${deploy.onCall.source})`);
}

function rollbackReviewed({ deploy }: ChecklistFacts): Judged {
  if (!APPROVED.has(deploy.state)) return undefined;
  return done(rich`the rollback plan was in the approval message the approvers signed off`);
}

function strategy({ deploy }: ChecklistFacts): Judged {
  if (!STARTED.has(deploy.state)) return undefined;
  const steps = deploy.steps;
  const bad = steps.find((s) => s.state === 'failed');
  if (bad) return failed(rich`${bad.label} failed${bad.summary ? `: ${bad.summary}` : ''}`);
  if (steps.length > 0 && steps.every((s) => s.state === 'succeeded' || s.state === 'skipped'))
    return done(rich`${deploy.strategy}: ${steps.length} step(s) succeeded`);
  return open(rich`${deploy.strategy} under way`);
}

function incidentChannel(facts: ChecklistFacts): Judged {
  if (facts.incident) return done(rich`${facts.incident} was opened for this release`);
  const { deploy } = facts;
  if (deploy.state === 'succeeded' || deploy.survived)
    return { state: 'not_applicable', evidence: rich`not needed: no incident during the release` };
  return undefined;
}

function watchWindow(facts: ChecklistFacts, business: boolean): Judged {
  const { deploy, watch } = facts;
  if (!watch.configured || (business && !watch.businessMetrics)) return undefined;
  const minutes = describeDuration(watch.durationMs);
  const w = deploy.watch;
  if (deploy.survived || w?.state === 'survived')
    return done(
      rich`survived its ${minutes} watch${business ? ' with business metrics beside the baseline' : ''}`,
    );
  if (w?.state === 'rolled_back' || deploy.state === 'rolled_back') return failed(rich`rolled back`);
  if (w && w.state !== 'pending') return open(rich`watch ${w.state.replaceAll('_', ' ')}`);
  return undefined;
}

function releaseTag(facts: ChecklistFacts): Judged {
  if (facts.tagging === 'not_this_env')
    return { state: 'not_applicable', evidence: rich`${facts.deploy.env} releases are not tagged` };
  if (facts.tagging === 'no_repository')
    return open(rich`no repository is configured for ${facts.deploy.service}, so Shipgate cannot tag it`);
  const tag = facts.tag;
  if (!tag) {
    if (facts.deploy.state === 'rolled_back' || facts.deploy.state === 'failed')
      return { state: 'not_applicable', evidence: rich`not tagged: the release did not survive` };
    return open(rich`tagged once the release survives`);
  }
  if (tag.state === 'failed') return failed(rich`${tag.tag}: ${tag.detail ?? 'tagging failed'}`);
  if (tag.state === 'pending') return open(rich`${tag.tag} is being created`);
  const at = tag.commit ? ` on ${tag.commit.slice(0, 12)}` : '';
  return done(rich`${tag.tag}${at}${tag.state === 'pushed' ? ' (pushed)' : ''}`);
}

const JUDGES: Readonly<Record<string, (facts: ChecklistFacts) => Judged>> = {
  version_determined: versionDetermined,
  changelog_generated: changelog,
  tests_pass: (f) => validation(f, (name) => /test/.test(name)),
  security_scan: (f) => validation(f, (name) => /security/.test(name)),
  performance_baseline: (f) => validation(f, (name) => /perf/.test(name)),
  readiness_complete: readiness,
  approvers_confirmed: approvers,
  change_window_verified: changeWindow,
  on_call_scheduled: onCall,
  rollback_reviewed: rollbackReviewed,
  strategy_executed: strategy,
  incident_channel: incidentChannel,
  health_checks_window: (f) => watchWindow(f, false),
  business_metrics_stable: (f) => watchWindow(f, true),
  release_tagged: releaseTag,
};

/**
 * Judges a deploy's 9.1 checklist from what Shipgate recorded: each known item is done, failed, open or not
 * applicable with its evidence; a person's tick completes an item Shipgate could not decide (or a manual one). A
 * deploy that ended before it started (rejected, refused …) leaves its deployment items not applicable.
 */
export function deploymentChecklist(facts: ChecklistFacts): ChecklistEntry[] {
  const ticks = new Map(facts.ticks.map((t) => [t.itemId, t]));
  const endedEarly = ENDED_BEFORE_START.has(facts.deploy.state);
  return DEPLOYMENT_CHECKLIST.map((item): ChecklistEntry => {
    const judged = item.known ? JUDGES[item.id]?.(facts) : undefined;
    if (judged && judged.state !== 'open')
      return { item, state: judged.state, evidence: judged.evidence, tickable: false };
    if (endedEarly && item.section !== 'Pre-Deployment')
      return {
        item,
        state: 'not_applicable',
        evidence: rich`the deploy ended before it ran`,
        tickable: false,
      };
    const tick = ticks.get(item.id);
    if (tick)
      return {
        item,
        state: 'done',
        evidence: rich`ticked by ${mention(tick.userId)}`,
        tickable: true,
        tickedBy: tick.userId,
        tickedAt: tick.at,
      };
    return { item, state: 'open', evidence: judged?.evidence ?? rich``, tickable: !endedEarly };
  });
}

/** How many items are done (or not applicable) out of all, for the one-line summary. */
export function checklistProgress(entries: readonly ChecklistEntry[]): { done: number; total: number } {
  const settled = entries.filter((e) => e.state === 'done' || e.state === 'not_applicable').length;
  return { done: settled, total: entries.length };
}
