import type { KnownBlock } from '@slack/types';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { describeDuration } from '../../core/text/describe-duration.js';
import { findingLine, firingLine } from '../../core/watch/format-metric.js';
import { IDS } from '../ids.js';
import type { RenderedMessage } from '../message-sync.js';
import { escapeMrkdwn } from '../render-mrkdwn.js';
import { confirmedButton } from './confirmed-button.js';

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: text.slice(0, 3000) },
});

/** The watch's Roll back now button; `lead` says what happens to traffic first, when that is known. */
function rollBackButton(d: DeployRecord, lead: string) {
  return confirmedButton({
    actionId: IDS.watchRollback,
    label: 'Roll back now',
    value: d.id,
    style: 'danger',
    confirmTitle: 'Roll back now?',
    confirmText: `${lead}${escapeMrkdwn(d.version)} is blocked until a team lead unblocks it.`,
    confirmLabel: 'Roll back',
  });
}

/**
 * The metrics-vs-baseline line in the deploy's thread, edited in place every `watch.report_every`: samples, the
 * watch clock, the health check and each metric against its baseline and limit.
 */
export function watchReport(d: DeployRecord, business: ReadonlySet<string>): RenderedMessage | undefined {
  const w = d.watch;
  if (!w || w.state === 'pending') return undefined;
  const p = w.progress;
  const head = `:bar_chart: *Watch of ${d.id}* — ${w.state}: ${p.samples} samples, ${describeDuration(p.watchedMs)} of ${describeDuration(w.durationMs)} watched${p.pausedMs ? `, ${describeDuration(p.pausedMs)} paused for lack of data` : ''}`;
  const health = w.lastHealth
    ? `health ${escapeMrkdwn(w.lastHealth)}${p.healthStreak ? ` (${p.healthStreak} failing in a row)` : ''}`
    : undefined;
  const metrics = w.lastFindings.map((f) => escapeMrkdwn(findingLine(f, business.has(f.metric))));
  const body = [health, ...metrics].filter((l): l is string => l !== undefined).join(' · ');
  const text = `${head}\n${body || 'no sample yet'}`;
  return { channel: d.channel, text, blocks: [section(text)], threadOf: 'deploy' };
}

/**
 * A watch's question to the humans, in the deploy channel: after a trigger without `rollback.automatic`, the
 * chapter's decision tree with **Roll back now** / **Keep**; after an inconclusive watch, **Mark good** /
 * **Roll back now**. Once decided, the same message says what happened, without buttons.
 */
export function watchDecision(d: DeployRecord): RenderedMessage | undefined {
  const w = d.watch;
  const decided = w?.firing !== undefined || (w?.progress.kept.length ?? 0) > 0;
  if (!w || (w.state !== 'recommending' && w.state !== 'inconclusive' && !decided)) return undefined;
  const what = `${d.service} ${d.version} (${d.env}, ${d.id})`;
  const blocks: KnownBlock[] = [];
  if (w.state === 'recommending' && w.firing) {
    blocks.push(
      section(
        `:red_circle: *Rollback recommended for ${escapeMrkdwn(what)}*\n${escapeMrkdwn(firingLine(w.firing))}`,
      ),
      section(
        '*Decide (chapter 4.3)*\n1. Is the root cause known? If not → roll back.\n2. Can it be fixed in under 5 minutes? If not → roll back.\n3. Only if both are yes → keep it and fix forward.',
      ),
      {
        type: 'actions',
        block_id: 'watch_decision',
        elements: [
          rollBackButton(
            d,
            `Traffic goes back to ${escapeMrkdwn(d.previousVersion ?? 'the previous version')}; `,
          ),
          confirmedButton({
            actionId: IDS.watchKeep,
            label: 'Keep',
            value: d.id,
            confirmTitle: 'Keep this release?',
            confirmText: 'The watch goes on; this trigger will not fire again for this release.',
            confirmLabel: 'Keep',
          }),
        ],
      },
    );
  } else if (w.state === 'inconclusive' && !d.survived) {
    blocks.push(
      section(
        `:grey_question: *The watch of ${escapeMrkdwn(what)} was inconclusive* — ${escapeMrkdwn(w.outcome ?? '')}. It is not marked survived.`,
      ),
      {
        type: 'actions',
        block_id: 'watch_decision',
        elements: [
          confirmedButton({
            actionId: IDS.watchGood,
            label: 'Mark good',
            value: d.id,
            style: 'primary',
            confirmTitle: 'Mark this release good?',
            confirmText: 'It becomes a version /rollback may return to.',
            confirmLabel: 'Mark good',
          }),
          rollBackButton(d, ''),
        ],
      },
    );
  } else {
    const ended =
      w.state === 'rolled_back'
        ? `rolled back — ${w.outcome ?? ''}`
        : d.survived
          ? 'marked good'
          : `the release was kept (${w.state})`;
    blocks.push(section(`:white_check_mark: *${escapeMrkdwn(what)}*: ${escapeMrkdwn(ended)}`));
  }
  return { channel: d.channel, text: `${what}: ${w.state}`, blocks };
}
