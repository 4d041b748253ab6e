import { CHECKLIST_SECTIONS } from '../../core/checklist/deployment-checklist-items.js';
import type { DeployRequest } from '../../core/commands/deploy-grammar.js';
import { ACTIVE_STATES, type DeployRecord } from '../../core/deploys/deploy-record.js';
import { describeDeployState } from '../../core/deploys/deploy-state-machine.js';
import { joinRich, mention, type RichText, rich } from '../../core/text/rich-text.js';
import { type Decision, done, list, type Outcome, type Requester, refuse } from '../answer.js';
import {
  type Acting,
  admit,
  boundaryDecision,
  boundaryOutcome,
  requesterActing,
} from '../oversight/admit.js';
import { registerReleaseTimers } from '../releases/release-timers.js';
import type { Runtime } from '../runtime.js';
import { registerApprovalTimers } from './approval-timer-handlers.js';
import { checklistLines } from './checklist-lines.js';
import { approveDeploy, cancelDeploy, mayReject, rejectDeploy } from './decide-deploy.js';
import { type DeployChecklistView, deployChecklist, tickChecklistItem } from './deploy-checklist.js';
import { tellUser } from './deploy-lifecycle.js';
import { registerDeployRunTimer } from './deploy-run-timer.js';
import { type DeployView, deployView } from './deploy-view.js';
import { recoverDeploys } from './recover-deploys.js';
import { requestDeploy } from './request-deploy.js';

/** One line per deploy for `/deploy status` and `/deploy queue`. */
export function deployLine(d: DeployRecord, extra: RichText = rich``): RichText {
  const review = d.needsReview ? rich` · :rotating_light: emergency — needs post-hoc review` : rich``;
  const watch = d.survived
    ? rich` · :white_check_mark: survived its watch`
    : d.watch && d.watch.state !== 'pending'
      ? rich` · watch ${d.watch.state.replaceAll('_', ' ')}`
      : rich``;
  const what = d.kind === 'rollback' ? rich`rollback of ${d.service}` : rich`${d.service}`;
  return rich`*${d.id}* ${what} ${d.previousVersion ?? '–'} → ${d.version} (${d.env}, ${d.bump}) — ${describeDeployState(d.state)}, by ${mention(d.requester)}${extra}${watch}${review}`;
}

/**
 * The deploy workflow behind `/deploy` and the approval buttons: request checks, validations, approvals with their
 * timers, lanes and queue (re-planned when a request leaves it), execution through deploy adapters, and recovery
 * after a restart. Answers are domain values; entry points render them.
 */
export class DeployService {
  constructor(readonly rt: Runtime) {
    registerApprovalTimers(rt);
    registerReleaseTimers(rt);
    registerDeployRunTimer(rt);
  }

  /** `/deploy <service> <version> …` */
  async request(ask: Extract<DeployRequest, { kind: 'deploy' }>, who: Requester): Promise<Outcome> {
    const admitted = await admit(this.rt, requesterActing(who), 'deploy.request', ask.service);
    if (!admitted.ok) return boundaryOutcome(admitted);
    const outcome = await requestDeploy(this.rt, ask, who);
    const after = outcome.after;
    if (!after) return outcome;
    return { ...outcome, after: async () => this.rt.work.start('deploy request', after) };
  }

  /** The live message of a deploy as stored now (for the chat platform to draw). */
  async view(id: string): Promise<DeployView | undefined> {
    return await deployView(this.rt, id);
  }

  /** A deploy's 9.1 checklist once its approval request is out (for the thread message). */
  async checklist(id: string): Promise<DeployChecklistView | undefined> {
    return await deployChecklist(this.rt, id, { visibleOnly: true });
  }

  /**
   * The checkboxes of one checklist section now read `selected`: each tickable item of that section whose state
   * differs is ticked or cleared as this person (every change is checked against who may tick it).
   */
  async setChecklistSection(
    id: string,
    section: number,
    selected: readonly string[],
    userId: string,
  ): Promise<RichText[]> {
    const view = await deployChecklist(this.rt, id);
    const name = CHECKLIST_SECTIONS[section];
    if (!view || !name) return [rich`That checklist is no longer there.`];
    const wanted = new Set(selected);
    const changed = view.entries
      .filter((e) => e.item.section === name && e.tickable)
      .filter((e) => wanted.has(e.item.id) !== (e.tickedBy !== undefined));
    const answers: RichText[] = [];
    for (const e of changed)
      answers.push((await tickChecklistItem(this.rt, id, e.item.id, userId, wanted.has(e.item.id))).message);
    return answers;
  }

  /** `/deploy status [id|service]`: one deploy in detail, a service's recent deploys, or everything active plus what needs review. */
  async status(target: string | undefined): Promise<Outcome> {
    const { deploys } = this.rt;
    if (target?.startsWith('DEP-')) {
      const d = await deploys.get(target);
      if (!d) return refuse(rich`${target} does not exist.`);
      const approvals = joinRich(
        (await deploys.approvals(d.id)).map((a) => rich`${a.role} by ${mention(a.userId)}`),
        ', ',
      );
      const checklist = await deployChecklist(this.rt, d.id);
      const lines = [
        deployLine(d),
        rich`Approvals: ${approvals.isEmpty ? 'none yet' : approvals}`,
        ...(d.outcome ? [rich`Outcome: ${d.outcome}`] : []),
        ...(checklist ? checklistLines(checklist.entries) : []),
      ];
      return list(rich`Deploy ${d.id}`, lines, rich``);
    }
    if (target) {
      const lines = (await deploys.recent(10, target)).map((d) => deployLine(d));
      return list(rich`Recent deploys of ${target}`, lines, rich`No deploys yet.`);
    }
    const active = (await deploys.inStates(ACTIVE_STATES)).map((d) => deployLine(d));
    const review = (await deploys.needingReview()).map((d) => deployLine(d));
    const lines = [
      ...active,
      ...(review.length ? [rich`*Emergency deploys needing post-hoc review:*`, ...review] : []),
    ];
    return list(rich`Active deploys`, lines, rich`No deploy is active.`);
  }

  /** `/deploy queue [service]`: who holds each lane and who waits, in order. */
  async queue(service: string | undefined): Promise<Outcome> {
    const { deploys } = this.rt;
    const lanes = new Map<string, DeployRecord[]>();
    for (const d of await deploys.queued(service))
      lanes.set(`${d.service}/${d.env}`, [...(lanes.get(`${d.service}/${d.env}`) ?? []), d]);
    const lines: RichText[] = [];
    for (const waiting of lanes.values()) {
      const first = waiting[0] as DeployRecord;
      const holder = await deploys.laneHolder(first.service, first.env);
      lines.push(
        rich`*${first.service}/${first.env}* — held by ${holder ?? 'nobody'}`,
        ...waiting.map((d, i) => deployLine(d, rich` · position ${i + 1}`)),
      );
    }
    return list(rich`Deploy queue${service ? ` of ${service}` : ''}`, lines, rich`Nothing is waiting.`);
  }

  /** `/deploy cancel <id>` */
  async cancel(id: string, who: Requester): Promise<Outcome> {
    const decision = await cancelDeploy(this.rt, id, who.userId);
    this.run(decision, 'lane release');
    return decision.ok ? done(rich`:heavy_check_mark: ${decision.message}`) : refuse(decision.message);
  }

  /** An Approve click. */
  async approve(id: string, acting: Acting): Promise<RichText> {
    return (await this.approval(id, acting)).message;
  }

  /** An approval attempt: checked against the oversight boundary first, then the deploy's approval rules. */
  async approval(id: string, acting: Acting): Promise<Decision> {
    const admitted = await admit(this.rt, acting, 'deploy.approve', id);
    if (!admitted.ok) return boundaryDecision(admitted);
    const decision = await approveDeploy(this.rt, id, admitted.actor);
    this.run(decision, 'deploy execution');
    return decision;
  }

  /** A Reject click: may this person reject (the modal opens only if so)? */
  mayReject(id: string, userId: string): Promise<Decision> {
    return mayReject(this.rt, id, userId);
  }

  /** The reject modal was submitted; a refusal (the deploy moved on meanwhile) is told to the person. */
  async reject(id: string, userId: string, reason: string): Promise<RichText> {
    const decision = await rejectDeploy(this.rt, id, userId, reason);
    const deploy = await this.rt.deploys.get(id);
    if (!decision.ok && deploy) await tellUser(this.rt, deploy, userId, rich`:no_entry: ${decision.message}`);
    return this.run(decision, 'lane release');
  }

  /** Marks interrupted deploys and resumes what can be resumed (call once at start-up). */
  recover(): void {
    this.rt.work.start('deploy recovery', () => recoverDeploys(this.rt));
  }

  private run(decision: Decision, name: string): RichText {
    if (decision.after) this.rt.work.start(name, decision.after);
    return decision.message;
  }
}
