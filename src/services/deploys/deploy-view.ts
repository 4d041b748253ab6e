import { approvalSummary } from '../../core/deploys/approval-summary.js';
import type { ApprovalRow, DeployRecord } from '../../core/deploys/deploy-record.js';
import { rollbackPlan } from '../../core/deploys/strategy-plan.js';
import { ownEntry } from '../../core/own-entry.js';
import { toPlainText } from '../../core/text/plain-text.js';
import type { Runtime } from '../runtime.js';
import { watchSettingsOf } from '../watch/watch-settings.js';
import { approvalDeadline } from './approval-clock.js';
import { membersOf } from './deploy-members.js';

/** Per required role: who approved it, or who still can. */
export interface RoleStatus {
  readonly role: string;
  readonly approvedBy: string | undefined;
  /** Set when the escalation role approved in this role's place: that role's name. */
  readonly escalatedBy?: string;
  readonly candidates: readonly string[];
}

/** Everything the deploy's live message shows, read from stored state. */
export interface DeployView {
  readonly deploy: DeployRecord;
  readonly roles: readonly RoleStatus[];
  readonly approvals: readonly ApprovalRow[];
  /** The change window as it was at request time; `closedReasons` is set for an emergency override. */
  readonly window: { readonly emergency: boolean; readonly closedReasons: readonly string[] };
  readonly rollbackPlan: readonly string[];
  readonly expiresAt: Date | undefined;
  readonly escalationRole: string | undefined;
  readonly escalationMembers: readonly string[];
  /** The customer notice a MAJOR deploy needs before it runs (from the template), as plain text. */
  readonly customerNotice: string | undefined;
  /** The policy's monitoring window in minutes (doubled for MAJOR). */
  readonly monitoringMinutes: number;
  /** Who ended it, when a person did (rejected, cancelled, abandoned). */
  readonly endedBy: string | undefined;
  /** Whether Shipgate watches this release after its steps, and whether a trigger rolls back on its own. */
  readonly watch: { readonly configured: boolean; readonly automatic: boolean };
  /** The service's business metrics (shown as plain numbers, not as rates or latencies). */
  readonly businessMetrics: ReadonlySet<string>;
}

const ENDED_BY_PERSON = new Set(['deploy.reject', 'deploy.cancel', 'deploy.abandon']);

/** The deploy's live message, drawn from what is stored now. */
export async function deployView(rt: Runtime, id: string): Promise<DeployView | undefined> {
  const deploy = await rt.deploys.get(id);
  if (!deploy) return undefined;
  const policy = rt.config.environments.get(deploy.env);
  const approvals = await rt.deploys.approvals(id);
  const summary = approvalSummary({
    requiredRoles: deploy.requiredRoles,
    approvals,
    requesterId: deploy.requester,
    membersOf: (role) => membersOf(rt, deploy, role),
  });
  const events = await rt.events.forSubject(id);
  const override = events.find((e) => e.type === 'deploy.emergency_override');
  const ended = events.findLast((e) => ENDED_BY_PERSON.has(e.type) && e.actorKind === 'human');
  const escalationRole = policy?.approval.escalation_on_timeout;
  const minutes = (policy?.monitoring.duration.ms ?? 30 * 60_000) / 60_000;
  return {
    deploy,
    approvals,
    roles: summary.map((line) =>
      line.status === 'approved'
        ? {
            role: line.role,
            approvedBy: line.userId,
            candidates: [],
            ...(line.escalatedBy ? { escalatedBy: line.escalatedBy } : {}),
          }
        : { role: line.role, approvedBy: undefined, candidates: line.candidates },
    ),
    window: {
      emergency: deploy.emergencyReason !== undefined,
      closedReasons: (override?.payload.window as string[] | undefined) ?? [],
    },
    rollbackPlan: rollbackPlan(deploy.strategy, {
      liveColor: deploy.liveColor ?? 'blue',
      previousVersion: deploy.previousVersion,
      ...(policy?.rollback.timeout ? { rollbackTimeout: policy.rollback.timeout } : {}),
    }),
    expiresAt: await approvalDeadline(rt, id),
    escalationRole,
    escalationMembers: escalationRole ? rt.roster.members(escalationRole) : [],
    customerNotice:
      deploy.bump === 'major'
        ? toPlainText(
            rt.templates.render('deploy-customer-notice.mustache', {
              service: deploy.service,
              version: deploy.version,
              env: deploy.env,
              deploy_id: deploy.id,
            }),
          )
        : undefined,
    monitoringMinutes: deploy.bump === 'major' ? minutes * 2 : minutes,
    endedBy: ended?.actor,
    watch: {
      configured: watchSettingsOf(rt, deploy) !== undefined,
      automatic: rt.config.environments.get(deploy.env)?.rollback.automatic ?? false,
    },
    businessMetrics: new Set(
      Object.keys(ownEntry(rt.config.config.services, deploy.service)?.watch?.business_metrics ?? {}),
    ),
  };
}
