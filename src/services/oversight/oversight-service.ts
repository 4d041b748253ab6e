import type { Actor } from '../../core/actor.js';
import { instant, mention, mentionList, rich } from '../../core/text/rich-text.js';
import { done, list, type Outcome, type Requester, refuse } from '../answer.js';
import type { AuditAnswer } from '../audit/audit-answer.js';
import type { Runtime } from '../runtime.js';
import { admit, boundaryOutcome, requesterActing } from './admit.js';

/** The agents' emergency stop as the service needs it (the agent token service implements it). */
export interface EmergencyStop {
  /** Suspends every token and aborts this process's agent requests in flight; returns how many were aborted. */
  suspend(by: Actor, reason: string): Promise<number>;
  /** Lifts the stop; false when agents were not stopped. */
  resume(by: Actor): Promise<boolean>;
  suspension(): Promise<{ suspended: boolean; by: string | null; at: Date | null; reason: string | null }>;
}

/** The roles whose members may pull and release the emergency stop. */
export const EMERGENCY_STOP_ROLES = ['engineering-lead', 'on-call-engineer'] as const;

/**
 * `/shipgate`: the humans' controls over automation. `agents stop` (an engineering lead or the on-call) suspends
 * every agent token at once — requests in flight included — and says so in the incidents channel; `agents resume`
 * lifts it; `agents status` shows it; `audit verify` checks the event log's hash chain. Each stop → resume pair is
 * the drill the readiness item "AI Agent emergency stop tested" counts.
 */
export class OversightService {
  constructor(
    readonly rt: Runtime,
    private readonly stop: EmergencyStop,
    private readonly audit: () => Promise<AuditAnswer>,
  ) {}

  /** `/shipgate agents stop|resume|status`. */
  async agents(action: 'stop' | 'resume' | 'status', who: Requester): Promise<Outcome> {
    const rt = this.rt;
    if (action === 'status') {
      const s = await this.stop.suspension();
      if (!s.suspended)
        return done(
          s.at
            ? rich`Agents may act (resumed by ${mention(s.by ?? '')} ${instant(s.at)}).`
            : rich`Agents may act; the emergency stop was never pulled.`,
        );
      return done(
        rich`:octagonal_sign: Agents are stopped since ${s.at ? instant(s.at) : '?'} by ${mention(s.by ?? '')}${s.reason ? rich`: ${s.reason}` : ''}.`,
      );
    }
    const admitted = await admit(rt, requesterActing(who), 'agents.switch', 'agents');
    if (!admitted.ok) return boundaryOutcome(admitted);
    const allowed = EMERGENCY_STOP_ROLES.flatMap((role) => rt.roster.members(role));
    if (!allowed.includes(admitted.actor.id))
      return refuse(
        rich`Only an engineering lead or the on-call engineer may ${action} the agents: ${mentionList(allowed, 'nobody is configured')}.`,
      );
    const now = rt.clock.now();
    if (action === 'stop') {
      if ((await this.stop.suspension()).suspended) return done(rich`Agents are already stopped.`);
      const aborted = await rt.tx.transaction(async () => {
        const n = await this.stop.suspend(admitted.actor, `emergency stop by ${admitted.actor.id}`);
        await rt.notifier.post(
          rt.config.config.incidents.channel,
          rich`:octagonal_sign: Emergency stop: ${mention(admitted.actor.id)} suspended every agent token. Agents get 401 until \`/shipgate agents resume\`.`,
          'agents',
          now,
        );
        return n;
      });
      rt.notifier.flush();
      return done(
        rich`:octagonal_sign: Every agent token is suspended${aborted > 0 ? rich`; ${String(aborted)} request(s) in flight were cut off` : ''}. \`/shipgate agents resume\` lifts it.`,
      );
    }
    const resumed = await rt.tx.transaction(async () => {
      const ok = await this.stop.resume(admitted.actor);
      if (ok)
        await rt.notifier.post(
          rt.config.config.incidents.channel,
          rich`:white_check_mark: ${mention(admitted.actor.id)} lifted the emergency stop; agent tokens work again.`,
          'agents',
          now,
        );
      return ok;
    });
    rt.notifier.flush();
    return resumed ? done(rich`Agents may act again.`) : refuse(rich`Agents were not stopped.`);
  }

  /** `/shipgate audit verify`: the first event that does not verify, or how many do. */
  async auditVerify(): Promise<Outcome> {
    const answer = await this.audit();
    return list(
      answer.ok ? rich`:white_check_mark: The audit chain verifies` : rich`:x: The audit chain is broken`,
      [answer.line],
      rich``,
    );
  }
}
