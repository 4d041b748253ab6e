import type { ServiceConfig } from '../core/config/shipgate-config-schema.js';
import type { OnCallDirectory } from '../core/deploys/deploy-ports.js';
import type { OnCallMembers } from '../core/deploys/deploy-record.js';
import type { People } from './ports/people.js';

/**
 * Who can act as the on-call engineer for a service right now: PagerDuty's current on-call for the service's
 * schedule or escalation policy, found in Slack by email; the config's `on-call-engineer` members when PagerDuty is
 * not configured, fails, or names nobody Slack knows — and the result says which, so the message can tell people.
 */
export class OnCallResolver {
  constructor(
    private readonly directory: OnCallDirectory | undefined,
    private readonly users: Pick<People, 'idByEmail'>,
    private readonly configMembers: () => readonly string[],
  ) {}

  async resolve(service: ServiceConfig, at: Date): Promise<OnCallMembers> {
    const fallback = (note: string): OnCallMembers => ({
      members: [...this.configMembers()],
      source: 'config',
      note,
    });
    const pd = service.pagerduty;
    if (!this.directory || !pd) return fallback('PagerDuty is not configured for this service');
    if (!pd.schedule_id && !pd.escalation_policy_id)
      return fallback('the service names no PagerDuty schedule');
    try {
      const people = await this.directory.onCallNow(
        {
          ...(pd.schedule_id ? { scheduleId: pd.schedule_id } : {}),
          ...(pd.escalation_policy_id ? { escalationPolicyId: pd.escalation_policy_id } : {}),
        },
        at,
      );
      const ids = await Promise.all(people.map((p) => (p.email ? this.users.idByEmail(p.email) : undefined)));
      const members = [...new Set(ids.filter((id): id is string => id !== undefined))];
      if (members.length === 0)
        return fallback('PagerDuty names nobody on call who is in this Slack workspace');
      return { members, source: 'pagerduty' };
    } catch (err) {
      return fallback(`PagerDuty could not be asked (${err instanceof Error ? err.message : String(err)})`);
    }
  }
}
