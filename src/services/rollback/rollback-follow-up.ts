import { SHIPGATE } from '../../core/actor.js';
import type { Severity } from '../../core/config/shipgate-config-schema.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { ownEntry } from '../../core/own-entry.js';
import { clipAtWord } from '../../core/text/clip-at-word.js';
import { describeDuration } from '../../core/text/describe-duration.js';
import { mention, mentionList, rich } from '../../core/text/rich-text.js';
import { threadNote } from '../deploys/deploy-lifecycle.js';
import type { Runtime } from '../runtime.js';
import { ROLLBACK_FINISHED, WATCH_TIMERS } from '../watch/watch-timers.js';
import { DEPLOY_SECURITY_INCIDENT } from './fire-security-trigger.js';

/** The event that marks a rollback run a security one (`/rollback --security`): its incident is SEV-1, security. */
export const SECURITY_ROLLBACK = 'deploy.security_rollback';

/** Declares the incident a rollback opens and returns its id (the `/incident` machinery: channel, clocks, paging). */
export type DeclareForRollback = (
  request: { severity: Severity; title: string; service: string; security: boolean },
  commander: string,
  channelId: string,
  link: (incidentId: string) => Promise<void>,
) => Promise<string | undefined>;

/** The reason and trigger an order stored, read back from the rollback run's events. */
async function orderOf(
  rt: Runtime,
  id: string,
): Promise<{ reason: string; trigger?: string; authority?: string }> {
  const ordered = (await rt.events.forSubject(id)).find((e) => e.type === 'deploy.order_rollback');
  const p = ordered?.payload ?? {};
  return {
    reason: String(p.reason ?? 'no reason given'),
    ...(typeof p.trigger === 'string' ? { trigger: p.trigger } : {}),
    ...(typeof p.authority === 'string' ? { authority: p.authority } : {}),
  };
}

const done = async (rt: Runtime, id: string, type: string) =>
  (await rt.events.forSubject(id)).some((e) => e.type === type);

/** The security incident whose trigger fired on the undone release, when one did (the rollback joins it). */
async function securityIncidentOf(rt: Runtime, run: DeployRecord): Promise<string | undefined> {
  if (!run.rollbackOf) return undefined;
  const linked = (await rt.events.forSubject(run.rollbackOf)).find(
    (e) => e.type === DEPLOY_SECURITY_INCIDENT,
  );
  return typeof linked?.payload.incident === 'string' ? linked.payload.incident : undefined;
}

function summaryOf(run: DeployRecord, ok: boolean, seconds: string): string {
  return ok
    ? `${run.service} rolled back ${run.previousVersion} → ${run.version} in ${run.env} in ${seconds} (${run.id})`
    : `${run.service} rollback ${run.previousVersion} → ${run.version} in ${run.env} FAILED after ${seconds} (${run.id}): ${run.outcome ?? ''}`;
}

/**
 * Registers what follows a rollback (issue #9, chapter 3.4 `rollback.notification`), each duty recorded so a retry
 * after a crash does not do it twice: the duration; Slack (the undone release's thread and the service channel);
 * PagerDuty (Events API v2, dedup key per rollback); email; and an incident declared through `/incident`, linked
 * both ways — SEV-1 and marked security after a security rollback; a rollback fired by a security incident joins
 * that incident instead. A rollback that overran `rollback.timeout` pages the on-call and escalates to the
 * engineering lead.
 */
export function registerRollbackFollowUp(rt: Runtime, declare: DeclareForRollback): void {
  rt.timers.on(ROLLBACK_FINISHED, async (timer) => {
    const run = await rt.deploys.get(timer.subject);
    if (run?.kind !== 'rollback') return;
    const ok = run.state === 'succeeded';
    const durationMs = (run.finishedAt ?? rt.clock.now()).getTime() - run.createdAt.getTime();
    const seconds = describeDuration(Math.max(0, durationMs));
    const policy = rt.config.environments.get(run.env);
    const notify = new Set(policy?.rollback.notification ?? ['slack']);
    const order = await orderOf(rt, run.id);
    const summary = summaryOf(run, ok, seconds);
    const channel = ownEntry(rt.config.config.services, run.service)?.channel ?? run.channel;
    if (!(await done(rt, run.id, 'deploy.rollback_finished')))
      await rt.tx.transaction(async () => {
        await rt.timers.cancelFor(run.id, WATCH_TIMERS.rollbackTimeout);
        await rt.events.append({
          at: rt.clock.now(),
          actor: SHIPGATE,
          subject: run.id,
          type: 'deploy.rollback_finished',
          payload: { ok, durationMs, withinTimeout: durationMs <= (policy?.rollback.timeout.ms ?? 300_000) },
        });
        const why = order.trigger ? rich` Trigger: ${order.trigger}.` : rich` Reason: ${order.reason}.`;
        const line = ok
          ? rich`:rewind: ${summary}.${why} ${run.previousVersion ?? ''} is blocked for ${run.service} until a team lead runs \`/deploy unblock ${run.service} ${run.previousVersion ?? ''}\`; the lane stays locked until \`/deploy unblock ${run.service}\`.`
          : rich`:red_circle: ${summary}. Finish it by hand from the steps in ${run.id}'s thread; the lane stays locked.${why}`;
        if (notify.has('slack')) {
          await rt.notifier.post(channel, line, run.id, rt.clock.now());
          if (run.rollbackOf) await threadNote(rt, run.rollbackOf, line);
        }
        if (notify.has('pagerduty') && rt.pager)
          await rt.timers.arm(WATCH_TIMERS.page, run.id, rt.clock.now(), {
            deployId: run.id,
            key: `rollback-${run.rollbackOf ?? run.id}`,
            summary,
          });
        if (notify.has('email') && rt.mailer)
          await rt.timers.arm(WATCH_TIMERS.rollbackEmail, run.id, rt.clock.now(), {
            subject: `[Shipgate] ${summary}`,
            text: `${summary}.\n\n${order.trigger ? `Trigger: ${order.trigger}` : `Reason: ${order.reason}`}\n${order.authority ? `Authority: ${order.authority}\n` : ''}`,
          });
      });
    if (await done(rt, run.id, 'deploy.rollback_incident')) return;
    const link = async (incidentId: string) => {
      await rt.events.append({
        at: rt.clock.now(),
        actor: SHIPGATE,
        subject: incidentId,
        type: 'incident.linked_deploy',
        payload: { deploy: run.rollbackOf ?? run.id, rollback: run.id },
      });
      await rt.events.append({
        at: rt.clock.now(),
        actor: SHIPGATE,
        subject: run.id,
        type: 'deploy.rollback_incident',
        payload: { incident: incidentId },
      });
      if (run.rollbackOf)
        await rt.events.append({
          at: rt.clock.now(),
          actor: SHIPGATE,
          subject: run.rollbackOf,
          type: 'deploy.rollback_incident',
          payload: { incident: incidentId },
        });
    };
    const existing = await securityIncidentOf(rt, run);
    if (existing) {
      await rt.tx.transaction(async () => {
        await link(existing);
        await threadNote(
          rt,
          run.id,
          rich`:lock: This rollback belongs to security incident ${existing} (SEV-1).`,
        );
      });
      return;
    }
    const security = await done(rt, run.id, SECURITY_ROLLBACK);
    const severity = security ? 'SEV-1' : rt.config.config.rollback.incident_severity;
    const undone = run.rollbackOf ? await rt.deploys.get(run.rollbackOf) : undefined;
    const commander = run.requester === SHIPGATE.id ? (undone?.requester ?? run.requester) : run.requester;
    const incident = await declare(
      {
        severity,
        title: clipAtWord(
          `${security ? 'Security rollback' : 'Rollback'} of ${run.service} ${run.previousVersion} in ${run.env}: ${order.trigger ?? order.reason}`,
          150,
        ),
        service: run.service,
        security,
      },
      commander,
      channel,
      link,
    );
    if (incident) {
      const note = rich`:rotating_light: ${incident} (${severity}${security ? ', security' : ''}) declared for this rollback; ${mention(commander)} is its commander.`;
      await threadNote(rt, run.id, note);
      if (run.rollbackOf) await threadNote(rt, run.rollbackOf, note);
    }
  });

  rt.timers.on(WATCH_TIMERS.rollbackTimeout, async (timer) => {
    const run = await rt.deploys.get(timer.subject);
    // An interrupted rollback (Shipgate restarted during a step) has not finished either: it needs a human most.
    if (run?.state !== 'running' && run?.state !== 'interrupted') return;
    const leads = rt.roster.members('engineering-lead');
    const timeout = describeDuration(Number(timer.payload.timeoutMs));
    await rt.tx.transaction(async () => {
      await rt.events.append({
        at: rt.clock.now(),
        actor: SHIPGATE,
        subject: run.id,
        type: 'deploy.rollback_overran',
        payload: { timeoutMs: Number(timer.payload.timeoutMs) },
      });
      if (rt.pager)
        await rt.timers.arm(WATCH_TIMERS.page, run.id, rt.clock.now(), {
          deployId: run.id,
          key: `rollback-timeout-${run.id}`,
          summary: `${run.service} rollback ${run.id} in ${run.env} has not finished within ${timeout}`,
        });
      await threadNote(
        rt,
        run.id,
        rich`:rotating_light: ${run.id} has not finished within rollback.timeout (${timeout}). The on-call is paged; escalated to engineering-lead: ${mentionList(leads, 'nobody configured')}.`,
      );
      await rt.notifier.post(
        configuredChannelName(rt, run),
        rich`:rotating_light: Rollback ${run.id} of ${run.service} is overrunning rollback.timeout (${timeout}); ${mentionList(leads, 'engineering-lead')} please take over.`,
        run.id,
        rt.clock.now(),
      );
    });
  });

  rt.timers.on(WATCH_TIMERS.page, async (timer) => {
    if (!rt.pager) return;
    const deploy = await rt.deploys.get(String(timer.payload.deployId));
    await rt.pager.trigger({
      dedupKey: String(timer.payload.key),
      summary: String(timer.payload.summary),
      source: 'shipgate',
      severity: 'error',
      ...(deploy ? { component: deploy.service } : {}),
      customDetails: deploy ? { deploy: deploy.id, env: deploy.env, version: deploy.version } : {},
    });
  });

  rt.timers.on(WATCH_TIMERS.rollbackEmail, async (timer) => {
    const email = rt.config.config.notifications.email;
    if (!rt.mailer || !email) return;
    await rt.mailer.send({
      from: email.from,
      to: email.to,
      subject: String(timer.payload.subject),
      text: String(timer.payload.text),
      key: `rollback:${timer.subject}`,
    });
  });
}

function configuredChannelName(rt: Runtime, run: DeployRecord): string {
  return ownEntry(rt.config.config.services, run.service)?.channel ?? run.channel;
}
