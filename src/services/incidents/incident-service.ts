import type { IncidentRequest } from '../../core/commands/incident-grammar.js';
import { noticeReply } from '../../slack/blocks/command-reply.js';
import { incidentCard } from '../../slack/blocks/incident-card.js';
import { type CommandContext, type CommandResult, refused } from '../../slack/slash-command.js';
import { registerCustomerNotice } from './customer-notice.js';
import { cardClocks, registerIncidentClocks, replanIncidentClocks } from './incident-clock-timers.js';
import { runIncidentCommand } from './incident-commands.js';
import { INCIDENT_SLOTS, INCIDENT_TIMERS, type IncidentContext } from './incident-context.js';
import { pageIncident, registerIncidentPaging } from './incident-paging.js';
import { registerIncidentReport } from './incident-report-upload.js';
import { registerIncidentSetup, startIncidentSetup } from './incident-setup.js';

type Declare = Extract<IncidentRequest, { kind: 'declare' }>;

/**
 * The incident workflow behind `/incident`: declare (recorded first, then a channel, invites, topic, pinned card,
 * internal alert, announcement and a PagerDuty page, each a durable retried step), the commands run in the
 * channel, and the severity clocks that remind and escalate.
 */
export class IncidentService {
  constructor(readonly ctx: IncidentContext) {
    ctx.sync.register(INCIDENT_SLOTS.card, (id) => {
      const incident = ctx.incidents.get(id);
      if (!incident?.channelId) return undefined;
      return incidentCard(
        incident,
        cardClocks(ctx, id),
        ctx.config.config.paging?.pagerduty?.escalation_contacts ?? [],
      );
    });
    registerIncidentSetup(ctx);
    registerIncidentPaging(ctx);
    registerIncidentClocks(ctx);
    registerCustomerNotice(ctx);
    registerIncidentReport(ctx);
    ctx.timers.on(INCIDENT_TIMERS.archive, async (timer) => {
      const incident = ctx.incidents.get(timer.subject);
      if (incident?.channelId && incident.status !== 'declared' && incident.status !== 'acknowledged') {
        await ctx.slack.conversations.archive({ channel: incident.channelId });
      }
    });
  }

  /**
   * `/incident declare <SEV-n> <title>`: the declarer is the commander until someone else is assigned. `first`, when
   * given, records the incident's first entries right after `incident.declared`, in the same transaction.
   */
  declare(
    req: Declare,
    who: CommandContext,
    usage: readonly string[],
    first?: (incidentId: string) => void,
  ): CommandResult {
    const { config } = this.ctx.config;
    if (req.service && !config.services[req.service]) {
      return refused(
        `unknown service \`${req.service}\`; known services: ${Object.keys(config.services).join(', ')}`,
        usage,
      );
    }
    const ctx = this.ctx;
    const now = ctx.clock.now();
    const id = ctx.db.transaction(() => {
      const incidentId = ctx.incidents.nextId(now.getUTCFullYear());
      ctx.incidents.insert({
        id: incidentId,
        title: req.title,
        severity: req.severity,
        status: 'declared',
        private: req.private,
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
      ctx.events.append({
        at: now,
        actor: { id: who.userId, kind: 'human' },
        subject: incidentId,
        type: 'incident.declared',
        payload: {
          id: incidentId,
          severity: req.severity,
          title: req.title,
          private: req.private,
          services: req.service ? [req.service] : [],
        },
      });
      first?.(incidentId);
      startIncidentSetup(ctx, incidentId);
      if (config.incidents.severities[req.severity].page) pageIncident(ctx, incidentId, 'trigger');
      replanIncidentClocks(ctx, incidentId);
      return incidentId;
    })();
    return {
      outcome: 'accepted',
      reply: noticeReply(
        `:rotating_light: ${id} declared (${req.severity}): ${req.title}. Opening its channel now; you are the incident commander until you assign someone (\`/incident commander @user\`).`,
      ),
      after: async () => ctx.sync.flush(),
    };
  }

  /** `/incident list`: open incidents. */
  list(): CommandResult {
    const lines = this.ctx.incidents
      .list()
      .map(
        (i) =>
          `• *${i.id}* ${i.severity} ${i.title} — ${i.status}, IC <@${i.commander}>${i.channelId ? ` <#${i.channelId}>` : ''}`,
      );
    return {
      outcome: 'accepted',
      reply: noticeReply(lines.length ? `*Open incidents*\n${lines.join('\n')}` : 'No open incidents.'),
    };
  }

  /** Every other subcommand, run on its incident. */
  async run(
    req: Exclude<IncidentRequest, { kind: 'declare' | 'list' | 'help' }>,
    who: CommandContext,
    usage: readonly string[],
  ): Promise<CommandResult> {
    const result = await runIncidentCommand(this.ctx, req, who, usage);
    return { ...result, after: async () => this.ctx.sync.flush() };
  }
}
