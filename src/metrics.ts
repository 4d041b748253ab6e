import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

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
}

/** Creates a fresh registry with process metrics and Shipgate's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
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
  };
}
