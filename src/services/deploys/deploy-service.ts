import type { DeployRequest } from '../../core/commands/deploy-grammar.js';
import { deployLine, deployListReply } from '../../slack/blocks/deploy-replies.js';
import { IDS } from '../../slack/ids.js';
import { answered, type CommandContext, type CommandResult, refused } from '../../slack/slash-command.js';
import { ACTIVE_STATES } from '../../store/deploy-repository.js';
import type { BackgroundWork } from '../background-work.js';
import { registerApprovalTimers } from './approval-timers.js';
import { approveDeploy, cancelDeploy, type Decision, mayReject, rejectDeploy } from './decide-deploy.js';
import type { DeployContext } from './deploy-context.js';
import { tellUser } from './deploy-lifecycle.js';
import { renderDeploy } from './deploy-view.js';
import { recoverDeploys } from './recover-deploys.js';
import { requestDeploy } from './request-deploy.js';

/**
 * The deploy workflow behind `/deploy` and the approval buttons: request checks, validations, approvals with their
 * timers, lanes and queue, execution through deploy adapters, and recovery after a restart.
 */
export class DeployService {
  constructor(
    readonly ctx: DeployContext,
    private readonly work: BackgroundWork,
  ) {
    ctx.sync.register(IDS.deployMessageSlot, (id) => renderDeploy(ctx, id));
    registerApprovalTimers(ctx);
  }

  /** `/deploy <service> <version> …` */
  request(
    ask: Extract<DeployRequest, { kind: 'deploy' }>,
    who: CommandContext,
    usage: readonly string[],
  ): CommandResult {
    const result = requestDeploy(this.ctx, ask, who, usage);
    const after = result.after;
    if (!after) return result;
    return { ...result, after: async () => this.work.start('deploy request', after) };
  }

  /** `/deploy status [id|service]`: one deploy in detail, a service's recent deploys, or everything active plus what needs review. */
  status(target: string | undefined): CommandResult {
    const { deploys } = this.ctx;
    if (target?.startsWith('DEP-')) {
      const d = deploys.get(target);
      if (!d) return refused(`${target} does not exist.`);
      const approvals = deploys
        .approvals(d.id)
        .map((a) => `${a.role} by <@${a.userId}>`)
        .join(', ');
      const lines = [
        deployLine(d),
        `Approvals: ${approvals || 'none yet'}`,
        ...(d.outcome ? [`Outcome: ${d.outcome}`] : []),
      ];
      return { outcome: 'accepted', reply: deployListReply(`Deploy ${d.id}`, lines, '') };
    }
    if (target) {
      const lines = deploys.recent(10, target).map((d) => deployLine(d));
      return {
        outcome: 'accepted',
        reply: deployListReply(`Recent deploys of ${target}`, lines, 'No deploys yet.'),
      };
    }
    const active = deploys.inStates(ACTIVE_STATES).map((d) => deployLine(d));
    const review = deploys.needingReview().map((d) => deployLine(d));
    const lines = [
      ...active,
      ...(review.length ? ['*Emergency deploys needing post-hoc review:*', ...review] : []),
    ];
    return { outcome: 'accepted', reply: deployListReply('Active deploys', lines, 'No deploy is active.') };
  }

  /** `/deploy queue [service]`: who holds each lane and who waits, in order. */
  queue(service: string | undefined): CommandResult {
    const { deploys } = this.ctx;
    const queued = deploys.queued(service);
    const lanes = new Map<string, string[]>();
    for (const d of queued) {
      const key = `${d.service}/${d.env}`;
      lanes.set(key, [
        ...(lanes.get(key) ?? []),
        deployLine(d, ` · position ${(lanes.get(key)?.length ?? 0) + 1}`),
      ]);
    }
    const lines = [...lanes.entries()].flatMap(([lane, waiting]) => {
      const [svc = '', env = ''] = lane.split('/');
      const holder = deploys.laneHolder(svc, env);
      return [`*${lane}* — held by ${holder ?? 'nobody'}`, ...waiting];
    });
    return {
      outcome: 'accepted',
      reply: deployListReply(`Deploy queue${service ? ` of ${service}` : ''}`, lines, 'Nothing is waiting.'),
    };
  }

  /** `/deploy cancel <id>` */
  async cancel(id: string, userId: string): Promise<CommandResult> {
    return this.decided(await cancelDeploy(this.ctx, id, userId), 'cancel');
  }

  /** An Approve click. */
  async approve(id: string, userId: string): Promise<string> {
    return this.run(await approveDeploy(this.ctx, id, userId), 'deploy execution');
  }

  /** A Reject click: may this person reject (the modal opens only if so)? */
  mayReject(id: string, userId: string): Promise<Decision> {
    return mayReject(this.ctx, id, userId);
  }

  /** The reject modal was submitted; a refusal (the deploy moved on meanwhile) is told to the person. */
  async reject(id: string, userId: string, reason: string): Promise<string> {
    const decision = await rejectDeploy(this.ctx, id, userId, reason);
    const deploy = this.ctx.deploys.get(id);
    if (!decision.ok && deploy) tellUser(this.ctx, deploy, userId, `:no_entry: ${decision.message}`);
    return this.run(decision, 'lane release');
  }

  /** Marks interrupted deploys and resumes what can be resumed (call once at start-up). */
  recover(): void {
    this.work.start('deploy recovery', () => recoverDeploys(this.ctx));
  }

  private run(decision: Decision, name: string): string {
    if (decision.after) this.work.start(name, decision.after);
    return decision.message;
  }

  private decided(decision: Decision, name: string): CommandResult {
    const message = this.run(decision, name);
    return decision.ok ? answered(`:heavy_check_mark: ${message}`) : refused(message);
  }
}
