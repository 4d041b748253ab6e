import {
  type ChecklistEntry,
  deploymentChecklist,
  type ReleaseTagState,
} from '../../core/checklist/deployment-checklist.js';
import { DEPLOYMENT_CHECKLIST } from '../../core/checklist/deployment-checklist-items.js';
import { mayTick } from '../../core/checklist/may-tick.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { ownEntry } from '../../core/own-entry.js';
import { rich } from '../../core/text/rich-text.js';
import type { Decision } from '../answer.js';
import type { Runtime } from '../runtime.js';
import { ON_CALL_ROLE } from './deploy-defaults.js';
import { deployView } from './deploy-view.js';

/** A deploy's 9.1 checklist as judged now, for its thread message and `/deploy status`. */
export interface DeployChecklistView {
  readonly deploy: DeployRecord;
  readonly entries: readonly ChecklistEntry[];
}

/** States in which the checklist message is shown (from the approval request on). */
const HIDDEN: ReadonlySet<string> = new Set(['requested', 'queued', 'validating']);

function tagging(rt: Runtime, deploy: DeployRecord): 'tagged_here' | 'not_this_env' | 'no_repository' {
  const repository = ownEntry(rt.config.config.services, deploy.service)?.repository;
  if (!repository) return 'no_repository';
  return repository.tag_environments.includes(deploy.env) ? 'tagged_here' : 'not_this_env';
}

async function tagOf(rt: Runtime, deploy: DeployRecord): Promise<ReleaseTagState | undefined> {
  const row = await rt.releases.get(deploy.service, deploy.version);
  if (!row || row.deployId !== deploy.id) return undefined;
  return {
    tag: row.tag,
    state: row.state,
    ...(row.detail ? { detail: row.detail } : {}),
    ...(row.commit ? { commit: row.commit } : {}),
  };
}

async function incidentOf(rt: Runtime, id: string): Promise<string | undefined> {
  const linked = (await rt.events.forSubject(id)).findLast((e) => e.type === 'deploy.rollback_incident');
  return typeof linked?.payload.incident === 'string' ? linked.payload.incident : undefined;
}

/**
 * The deploy's checklist judged from stored records (undefined for a rollback run, which follows its own procedure).
 * `visibleOnly` leaves out deploys still before their approval request, whose thread message is not shown yet.
 */
export async function deployChecklist(
  rt: Runtime,
  id: string,
  options: { readonly visibleOnly?: boolean } = {},
): Promise<DeployChecklistView | undefined> {
  const view = await deployView(rt, id);
  if (!view || view.deploy.kind === 'rollback') return undefined;
  const { deploy } = view;
  if (options.visibleOnly && HIDDEN.has(deploy.state)) return undefined;
  const entries = deploymentChecklist({
    deploy,
    approvals: view.approvals,
    ticks: await rt.deploys.checklistTicks(id),
    windowOverride: view.window.emergency ? view.window.closedReasons : undefined,
    watch: {
      configured: view.watch.configured,
      businessMetrics: view.businessMetrics.size > 0,
      durationMs: view.monitoringMinutes * 60_000,
    },
    incident: await incidentOf(rt, id),
    tagging: tagging(rt, deploy),
    tag: await tagOf(rt, deploy),
  });
  return { deploy, entries };
}

/**
 * A checkbox on the checklist message was ticked or cleared. Who may is decided from stored records (see `mayTick`),
 * and only people tick (a bot or app user is refused); an item Shipgate already decided cannot be ticked by hand. The change is stored with an event and the message is
 * redrawn; the answer goes to the person who clicked.
 */
export async function tickChecklistItem(
  rt: Runtime,
  id: string,
  itemId: string,
  userId: string,
  checked: boolean,
): Promise<Decision> {
  const deploy = await rt.deploys.get(id);
  const item = DEPLOYMENT_CHECKLIST.find((i) => i.id === itemId);
  if (!deploy || !item) return { ok: false, message: rich`That checklist item does not exist.` };
  const entry = (await deployChecklist(rt, id))?.entries.find((e) => e.item.id === itemId);
  if (!entry?.tickable)
    return {
      ok: false,
      message: rich`*${item.text}* is decided by Shipgate from its records (${entry?.evidence ?? rich`not applicable`}).`,
    };
  const verdict = mayTick(item, {
    userId,
    deploy,
    approvals: await rt.deploys.approvals(id),
    roles: rt.config.config.roles,
    onCallRole: ON_CALL_ROLE,
  });
  if (!verdict.ok) return { ok: false, message: rich`You cannot tick *${item.text}*: ${verdict.reason}.` };
  if ((await rt.people.kindOf(userId, rt.clock.now())) !== 'human')
    return { ok: false, message: rich`Checklist items are ticked by people; bots and apps only read them.` };
  const now = rt.clock.now();
  const changed = await rt.tx.transaction(async () => {
    const applied = checked
      ? await rt.deploys.tickChecklist(id, { itemId, userId, at: now })
      : await rt.deploys.untickChecklist(id, itemId);
    if (!applied) return false;
    await rt.events.append({
      at: now,
      actor: { id: userId, kind: 'human' },
      subject: id,
      type: checked ? 'deploy.checklist_tick' : 'deploy.checklist_untick',
      payload: { item: itemId },
    });
    await rt.notifier.redraw('deploy-checklist', id, now);
    return true;
  });
  rt.notifier.flush();
  if (!changed)
    return { ok: true, message: rich`*${item.text}* was already ${checked ? 'ticked' : 'clear'}.` };
  return { ok: true, message: rich`${checked ? 'Ticked' : 'Cleared'} *${item.text}* on ${id}.` };
}
