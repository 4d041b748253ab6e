import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { SchedulerHealth } from './scheduler/timer-service.js';

/** Prometheus metrics Shipgate exposes at `GET /metrics`. One instance per process (tests make their own). */
export interface Metrics {
  readonly registry: Registry;
  /** Slash commands handled, by command and outcome (help, invalid, accepted, duplicate, error). */
  readonly commands: Counter<'command' | 'outcome'>;
  /** Seconds from receiving a Slack request to answering it (Slack allows 3 s). */
  readonly ackLatency: Histogram<'endpoint'>;
  /** Slack requests by HTTP status, so rejected signatures (401) are visible. */
  readonly slackRequests: Counter<'status'>;
  /** Timers fired by the scheduler, by kind. */
  readonly timersFired: Counter<'kind'>;
  /** Failed calls to Slack and PagerDuty, by upstream and reason (timeout, 5xx, 429, network). */
  readonly upstreamErrors: Counter<'upstream' | 'reason'>;
}

/**
 * Creates a fresh registry with process metrics and Shipgate's own. With `replica`, every series carries a
 * `replica` label, so replicas scraped behind one load balancer (or one service discovery name) stay apart.
 */
export function createMetrics(options: { replica?: string } = {}): Metrics {
  const registry = new Registry();
  if (options.replica) registry.setDefaultLabels({ replica: options.replica });
  collectDefaultMetrics({ register: registry, prefix: 'shipgate_' });
  return {
    registry,
    commands: new Counter({
      name: 'shipgate_commands_total',
      help: 'Slash commands handled, by command and outcome',
      labelNames: ['command', 'outcome'],
      registers: [registry],
    }),
    ackLatency: new Histogram({
      name: 'shipgate_ack_latency_seconds',
      help: 'Time from receiving a Slack request to acknowledging it',
      labelNames: ['endpoint'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
      registers: [registry],
    }),
    slackRequests: new Counter({
      name: 'shipgate_slack_requests_total',
      help: 'Requests to the Slack endpoint, by HTTP status',
      labelNames: ['status'],
      registers: [registry],
    }),
    timersFired: new Counter({
      name: 'shipgate_timers_fired_total',
      help: 'Durable timers fired, by kind',
      labelNames: ['kind'],
      registers: [registry],
    }),
    upstreamErrors: new Counter({
      name: 'shipgate_upstream_errors_total',
      help: 'Failed calls to Slack and PagerDuty, by upstream and reason (timeout, 5xx, 429, network)',
      labelNames: ['upstream', 'reason'],
      registers: [registry],
    }),
  };
}

/**
 * Adds the scheduler's gauges, read when /metrics is scraped: `shipgate_timers_running` (handlers running now) and
 * `shipgate_timers_due` (due timers waiting for their turn or to be claimed: the backlog).
 */
export function observeScheduler(metrics: Metrics, health: () => SchedulerHealth): void {
  new Gauge({
    name: 'shipgate_timers_running',
    help: 'Durable timer handlers running now',
    registers: [metrics.registry],
    collect() {
      this.set(health().handlersRunning);
    },
  });
  new Gauge({
    name: 'shipgate_timers_due',
    help: 'Durable timers that are due and waiting for their turn or to be claimed',
    registers: [metrics.registry],
    collect() {
      this.set(health().backlog.due);
    },
  });
}

/**
 * Adds the outbox's gauges, read from the store when /metrics is scraped: `shipgate_outbox_pending` (Slack side
 * effects not yet delivered) and `shipgate_outbox_oldest_seconds` (how long the oldest of them has waited; 0 when
 * none does).
 */
export function observeOutbox(
  metrics: Metrics,
  backlog: () => Promise<{ readonly pending: number; readonly oldestQueuedAt: number | undefined }>,
  now: () => number,
): void {
  new Gauge({
    name: 'shipgate_outbox_pending',
    help: 'Slack messages and calls queued and not yet delivered',
    registers: [metrics.registry],
    async collect() {
      this.set((await backlog()).pending);
    },
  });
  new Gauge({
    name: 'shipgate_outbox_oldest_seconds',
    help: 'Seconds since the oldest undelivered Slack message or call was queued (0 when none waits)',
    registers: [metrics.registry],
    async collect() {
      const oldest = (await backlog()).oldestQueuedAt;
      this.set(oldest === undefined ? 0 : Math.max(0, (now() - oldest) / 1000));
    },
  });
}
