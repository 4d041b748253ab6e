import type { IncidentRequest } from '../../core/commands/incident-grammar.js';
import type { IncidentRecord } from '../../core/incidents/incident-record.js';
import { transitionIncident } from '../../core/incidents/incident-state-machine.js';
import { ownEntry } from '../../core/own-entry.js';
import { channelLink, mention, rich } from '../../core/text/rich-text.js';
import { done, list, type Outcome, type Requester, refuse } from '../answer.js';
import type { Runtime } from '../runtime.js';
import { type CustomerNoticeView, customerNoticeView } from './customer-notice.js';
import { canSeeIncident } from './incident-access.js';
import { cardClocks, registerIncidentClocks, replanIncidentClocks } from './incident-clock-timers.js';
import { runIncidentCommand } from './incident-commands.js';
import { INCIDENT_TIMERS } from './incident-defaults.js';
import { pageIncident, registerIncidentPaging } from './incident-paging.js';
import { registerIncidentReport } from './incident-report-upload.js';
import { registerIncidentSetup, startIncidentSetup } from './incident-setup.js';

type Declare = Extract<IncidentRequest, { kind: 'declare' }>;

/** What the pinned card shows: the incident, its running clocks, and whom to call when paging fails. */
export interface IncidentCardView {
  readonly incident: IncidentRecord;
  readonly clocks: readonly { readonly label: string; readonly dueAt: Date }[];
  readonly escalationContacts: readonly string[];
}

/**
 * The incident workflow behind `/incident`: declare (recorded first, then a channel, invites, topic, pinned card,
 * internal alert, announcement and a PagerDuty page, each a durable retried step), the commands run in the
 * channel, and the severity clocks that remind and escalate. Answers are domain values; entry points render them.
 */
export class IncidentService {
  constructor(readonly rt: Runtime) {
    registerIncidentSetup(rt);
    registerIncidentPaging(rt);
    registerIncidentClocks(rt);
    registerIncidentReport(rt);
    rt.timers.on(INCIDENT_TIMERS.archive, async (timer) => {
      const incident = await rt.incidents.get(timer.subject);
      if (incident?.channelId && incident.status !== 'declared' && incident.status !== 'acknowledged')
        await rt.workspace.archive(incident.channelId);
    });
  }

  /** The pinned card of an incident as stored now (for the chat platform to draw). */
  async card(id: string): Promise<IncidentCardView | undefined> {
    const incident = await this.rt.incidents.get(id);
    if (!incident?.channelId) return undefined;
    return {
      incident,
      clocks: await cardClocks(this.rt, id),
      escalationContacts: this.rt.config.config.paging?.pagerduty?.escalation_contacts ?? [],
    };
  }

  /** The customer notice draft of an incident as stored now. */
  async notice(id: string): Promise<CustomerNoticeView | undefined> {
    return await customerNoticeView(this.rt, id);
  }

  /**
   * `/incident declare <SEV-n> <title>`: the declarer is the commander until someone else is assigned. `first`, when
   * given, records the incident's first entries right after `incident.declared`, in the same transaction.
   */
  async declare(
    req: Declare,
    who: Requester,
    first?: (incidentId: string) => Promise<void>,
  ): Promise<Outcome> {
    const rt = this.rt;
    const { config } = rt.config;
    if (req.service && !ownEntry(config.services, req.service))
      return refuse(
        rich`unknown service \`${req.service}\`; known services: ${Object.keys(config.services).join(', ')}`,
        { showUsage: true },
      );
    const now = rt.clock.now();
    const declared = transitionIncident(undefined, 'declare');
    if (!declared.ok) throw new Error(declared.reason);
    const id = await rt.tx.transaction(async () => {
      const incidentId = await rt.incidents.nextId(now.getUTCFullYear());
      await rt.incidents.insert({
        id: incidentId,
        title: req.title,
        severity: req.severity,
        status: declared.state,
        private: req.private,
        security: req.security,
        service: req.service,
        declaredBy: who.userId,
        declaredIn: who.channelId,
        commander: who.userId,
        roles: {},
        channelId: undefined,
        channelName: undefined,
        pagerduty: { state: 'not_paged' },
        resolution: undefined,
        declaredAt: now,
        acknowledgedAt: undefined,
        resolvedAt: undefined,
        reviewedAt: undefined,
        lastUpdateAt: undefined,
        customerNotice: undefined,
        customerNoticeState: 'none',
        updatedAt: now,
      });
      await rt.events.append({
        at: now,
        actor: { id: who.userId, kind: 'human' },
        subject: incidentId,
        type: 'incident.declared',
        payload: {
          id: incidentId,
          severity: req.severity,
          title: req.title,
          private: req.private,
          security: req.security,
          services: req.service ? [req.service] : [],
        },
      });
      await first?.(incidentId);
      await startIncidentSetup(rt, incidentId);
      if (req.security)
        await rt.timers.arm(INCIDENT_TIMERS.securityTrigger, `security:${incidentId}`, now, {
          incident: incidentId,
        });
      if (config.incidents.severities[req.severity].page) await pageIncident(rt, incidentId, 'trigger');
      await replanIncidentClocks(rt, incidentId);
      return incidentId;
    });
    const security = req.security
      ? rich` Security incident: ${req.service ? rich`the \`security_incident\` rollback trigger fires on ${req.service}'s watched release, if any; its channel says what happened.` : rich`no service named (\`--service\`), so no release is rolled back.`}`
      : rich``;
    return done(
      rich`:rotating_light: ${id} declared (${req.severity}): ${req.title}. Opening its channel now; you are the incident commander until you assign someone (\`/incident commander @user\`).${security}`,
      async () => rt.notifier.flush(),
    );
  }

  /** `/incident list`: open incidents, without the private ones the reader is not a member of. */
  async list(who: Requester): Promise<Outcome> {
    const open = await this.rt.incidents.list();
    const seen = await Promise.all(open.map((i) => canSeeIncident(this.rt, i, who)));
    const lines = open
      .filter((_, n) => seen[n])
      .map((i) => {
        const where = i.channelId ? rich` ${channelLink(i.channelId)}` : rich``;
        return rich`• *${i.id}* ${i.severity} ${i.title} — ${i.status}, IC ${mention(i.commander)}${where}`;
      });
    return list(rich`Open incidents`, lines, rich`No open incidents.`);
  }

  /** Every other subcommand, run on its incident. */
  async run(
    req: Exclude<IncidentRequest, { kind: 'declare' | 'list' | 'help' }>,
    who: Requester,
  ): Promise<Outcome> {
    const outcome = await runIncidentCommand(this.rt, req, who);
    return { ...outcome, after: async () => this.rt.notifier.flush() };
  }
}
