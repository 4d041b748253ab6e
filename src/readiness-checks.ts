import type { ReadinessCheck } from './http/create-http-server.js';
import type { SchedulerHealth } from './scheduler/timer-service.js';
import type { StoreHealth } from './store/open-store.js';
import type { OutboxBacklogSize } from './store/outbox-backlog.js';
import type { UpstreamHealth } from './upstream-health.js';

/** How long the scheduler may go without looking for due timers: three of its 5 s safety sweeps. */
export const READY_LOOK_MS = 15_000;

/** What `/readyz` looks at. */
export interface ReadinessSources {
  /** The store answers and its schema is current (migrations applied). */
  readonly database: () => Promise<StoreHealth>;
  readonly scheduler: () => SchedulerHealth;
  /** False when tests drive the scheduler by hand (`startScheduler: false`). */
  readonly schedulerExpected: boolean;
  readonly upstreams: UpstreamHealth;
  /** The Slack side effects waiting to be delivered (read from the store). */
  readonly outbox: () => Promise<OutboxBacklogSize>;
  /** The service clock, epoch ms (how late the oldest due timer is). */
  readonly now: () => number;
  /** Monotonic ms, as `SchedulerHealth.lookedAtMonotonicMs` is read; `performance.now()` by default. */
  readonly monotonicNow?: () => number;
}

/**
 * `/readyz` reports this process's own health: the database answers (and on PostgreSQL has every migration this
 * build knows), and the scheduler runs and has looked for due
 * timers within the last 15 s (it does every 5 s even while handlers are busy). Trouble upstream — calls to Slack
 * or PagerDuty timing out or failing, timers waiting their turn, Slack messages not yet delivered — is detail, never
 * a reason to answer 503: taking
 * this process out of rotation would not make Slack answer sooner.
 */
export function readinessChecks(sources: ReadinessSources): ReadinessCheck {
  return async () => ({
    database: await databaseCheck(sources.database),
    scheduler: schedulerCheck(sources),
    upstreams: upstreamCheck(sources.upstreams),
    outbox: await outboxCheck(sources),
  });
}

async function databaseCheck(health: () => Promise<StoreHealth>): Promise<StoreHealth> {
  try {
    return await health();
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

function schedulerCheck(sources: ReadinessSources): { ok: boolean; detail?: string } {
  if (!sources.schedulerExpected) return { ok: true, detail: 'driven by hand' };
  const health = sources.scheduler();
  if (!health.started) return { ok: false, detail: 'scheduler not running' };
  const quietMs = (sources.monotonicNow ?? (() => performance.now()))() - health.lookedAtMonotonicMs;
  if (quietMs > READY_LOOK_MS) {
    return { ok: false, detail: `the scheduler has not looked for due timers for ${seconds(quietMs)} s` };
  }
  const parts: string[] = [];
  if (health.handlersRunning > 0) {
    parts.push(`${health.handlersRunning} timer${health.handlersRunning === 1 ? '' : 's'} running`);
  }
  const { due, oldestDueAt } = health.backlog;
  if (due > 0 && oldestDueAt !== undefined) {
    parts.push(`${due} due and waiting, the oldest due ${seconds(sources.now() - oldestDueAt)} s ago`);
  }
  return parts.length > 0 ? { ok: true, detail: parts.join('; ') } : { ok: true };
}

/** The outbox backlog as detail; a store that cannot be read shows in the database check, never fails this one. */
async function outboxCheck(sources: ReadinessSources): Promise<{ ok: boolean; detail?: string }> {
  let backlog: OutboxBacklogSize;
  try {
    backlog = await sources.outbox();
  } catch (err) {
    return {
      ok: true,
      detail: `the backlog cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const { pending, oldestQueuedAt } = backlog;
  if (pending === 0 || oldestQueuedAt === undefined) return { ok: true };
  const what = pending === 1 ? '1 Slack message waits' : `${pending} Slack messages wait`;
  return {
    ok: true,
    detail: `${what} to be delivered, the oldest queued ${seconds(sources.now() - oldestQueuedAt)} s ago`,
  };
}

function upstreamCheck(upstreams: UpstreamHealth): { ok: boolean; detail?: string } {
  const summary = upstreams.summary();
  return summary ? { ok: true, detail: summary } : { ok: true };
}

function seconds(ms: number): number {
  return Math.max(0, Math.round(ms / 1000));
}
