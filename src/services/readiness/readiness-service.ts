import { randomUUID } from 'node:crypto';
import type { ReadinessRequest } from '../../core/commands/readiness-grammar.js';
import { PRODUCTION } from '../../core/config/cross-check-config.js';
import { ownEntry } from '../../core/own-entry.js';
import type { ReadinessAssessment } from '../../core/readiness/readiness-assessment.js';
import { rich } from '../../core/text/rich-text.js';
import { type Decision, done, list, type Outcome, type Requester, refuse } from '../answer.js';
import type { Runtime } from '../runtime.js';
import { assessReadiness } from './assess-readiness.js';
import { attest } from './attest-item.js';

/** Event type holding the assessment a readiness message shows. */
export const READINESS_ASSESSED = 'readiness.assessed';

/** What a readiness message shows: the channel it is in and the newest assessment drawn in it. */
export interface ReadinessMessageView {
  readonly id: string;
  readonly channel: string;
  readonly assessment: ReadinessAssessment;
}

/**
 * `/readiness` and the checkboxes of its message. An assessment runs after the acknowledgement and is stored as an
 * event of the message's id; the message is a live message drawn from that event, so a tick (checked on the server
 * against the stored config) re-assesses, stores the new assessment and redraws the same message.
 */
export class ReadinessService {
  constructor(readonly rt: Runtime) {}

  /** `/readiness <service> [<version>] [--env <env>]`: answers at once, posts the assessment in the channel. */
  async request(ask: Extract<ReadinessRequest, { kind: 'assess' }>, who: Requester): Promise<Outcome> {
    const { config } = this.rt.config;
    if (config.readiness === undefined || this.rt.config.readiness === undefined)
      return refuse(
        rich`Readiness is not configured: add readiness: (and its checklist file) to the main config.`,
      );
    const service = ownEntry(config.services, ask.service);
    if (service === undefined)
      return refuse(
        rich`Unknown service ${ask.service}. Configured: ${Object.keys(config.services).join(', ')}.`,
        {
          showUsage: true,
        },
      );
    const env =
      ask.env ??
      (service.environments.includes(PRODUCTION) ? PRODUCTION : (service.environments.at(-1) ?? PRODUCTION));
    if (!service.environments.includes(env))
      return refuse(
        rich`${ask.service} is not deployed to ${env}; it has ${service.environments.join(', ')}.`,
        {
          showUsage: true,
        },
      );
    const version = ask.version ?? (await this.rt.deploys.current(ask.service, env))?.version;
    if (version === undefined)
      return refuse(
        rich`Nothing of ${ask.service} runs in ${env} according to Shipgate, so give the version: /readiness ${ask.service} <version> --env ${env}`,
        { showUsage: true },
      );
    const id = `RDY-${randomUUID().slice(0, 8)}`;
    const question = { service: ask.service, version, env };
    return done(
      rich`Checking the readiness of ${ask.service} ${version} for ${env}; the result is posted here.`,
      async () =>
        this.rt.work.start('readiness assessment', async () => {
          const assessment = await assessReadiness(this.rt, question);
          await this.store(id, who.channelId, assessment, who.userId);
        }),
    );
  }

  /** `/readiness checklist`: the configured checklist, section by section. */
  checklist(): Outcome {
    const loaded = this.rt.config.readiness;
    if (loaded === undefined)
      return refuse(
        rich`Readiness is not configured: add readiness: (and its checklist file) to the main config.`,
      );
    const lines = loaded.checklist.sections.flatMap((section) => [
      rich`*${section.name}*`,
      ...section.items.map((item) => {
        const how = item.attest
          ? rich`ticked by ${item.attest.role}`
          : item.check?.builtin
            ? rich`built-in ${item.check.builtin}`
            : item.check?.command
              ? rich`command`
              : rich`HTTP check`;
        const critical = item.critical ? rich` · *critical*` : rich``;
        return rich`• ${item.text} (${item.id}, weight ${item.weight}${critical}) — ${how}`;
      }),
    ]);
    return list(rich`Production readiness checklist`, lines, rich`The checklist is empty.`);
  }

  /** The newest assessment of a readiness message, for drawing it. */
  async view(id: string): Promise<ReadinessMessageView | undefined> {
    const event = (await this.rt.events.forSubject(id)).filter((e) => e.type === READINESS_ASSESSED).at(-1);
    if (event === undefined) return undefined;
    return {
      id,
      channel: String(event.payload.channel),
      assessment: event.payload.assessment as ReadinessAssessment,
    };
  }

  /**
   * A checkbox click on a readiness message: the item is ticked or unticked when the clicker is in its role (see
   * {@link attest}); then the message's service version is re-assessed and the message redrawn with the new score.
   */
  async toggle(id: string, itemId: string, userId: string, checked: boolean): Promise<Decision> {
    const shown = await this.view(id);
    if (shown === undefined)
      return { ok: false, message: rich`This readiness message is not known to Shipgate any more.` };
    const { service, version, env } = shown.assessment;
    const decision = await attest(this.rt, { service, itemId, version, userId, checked });
    if (!decision.ok) return decision;
    return {
      ...decision,
      after: async () => {
        const assessment = await assessReadiness(this.rt, { service, version, env });
        await this.store(id, shown.channel, assessment, userId);
      },
    };
  }

  private async store(
    id: string,
    channel: string,
    assessment: ReadinessAssessment,
    userId: string,
  ): Promise<void> {
    const at = this.rt.clock.now();
    await this.rt.tx.transaction(async () => {
      await this.rt.events.append({
        at,
        actor: { id: userId, kind: 'human' },
        subject: id,
        type: READINESS_ASSESSED,
        payload: { channel, assessment: { ...assessment } },
      });
      await this.rt.notifier.redraw('readiness', id, at);
    });
    this.rt.notifier.flush();
  }
}
