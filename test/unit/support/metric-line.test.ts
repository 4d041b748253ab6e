import { describe, expect, it } from 'vitest';
import { AT_LEAST_ONE, metricLine, metricValue } from '../../support/metric-line.js';

const text = [
  '# HELP shipgate_timers_running Durable timer handlers running now',
  'shipgate_timers_running 1',
  'shipgate_timers_due{replica="shipgate-b"} 10',
  'shipgate_commands_total{command="/rollback",outcome="help"} 3',
  'shipgate_slack_requests_total{status="401",replica="vm"} 2',
  'shipgate_ack_latency_seconds_count{replica="vm",endpoint="slack"} 9',
].join('\n');

describe('metricLine', () => {
  it('matches a series with exactly its labels, in any order, with or without the replica label', () => {
    expect(text).toMatch(metricLine('shipgate_timers_running', {}, 1));
    expect(text).toMatch(metricLine('shipgate_timers_due', {}, 10));
    expect(text).toMatch(metricLine('shipgate_commands_total', { outcome: 'help', command: '/rollback' }, 3));
    expect(text).toMatch(metricLine('shipgate_slack_requests_total', { status: '401' }, AT_LEAST_ONE));
    expect(text).toMatch(metricLine('shipgate_ack_latency_seconds_count', { endpoint: 'slack' }, 9));
  });

  it('refuses another value, a missing or extra label, or a longer name', () => {
    expect(text).not.toMatch(metricLine('shipgate_timers_running', {}, 0));
    expect(text).not.toMatch(metricLine('shipgate_timers_due', {}, 1));
    expect(text).not.toMatch(metricLine('shipgate_commands_total', { command: '/rollback' }, 3));
    expect(text).not.toMatch(
      metricLine('shipgate_commands_total', { command: '/rollback', outcome: 'help', extra: 'x' }, 3),
    );
    expect(text).not.toMatch(metricLine('shipgate_slack_requests_total', { status: '40' }, AT_LEAST_ONE));
    expect(text).not.toMatch(metricLine('shipgate_timers', {}, 1));
    expect('shipgate_x{status="401"} 0').not.toMatch(
      metricLine('shipgate_x', { status: '401' }, AT_LEAST_ONE),
    );
  });
});

describe('metricValue', () => {
  it('reads the value of a series with exactly the labels given, or undefined when there is none', () => {
    expect(metricValue(text, 'shipgate_slack_requests_total', { status: '401' })).toBe(2);
    expect(metricValue(text, 'shipgate_timers_due', {})).toBe(10);
    expect(
      metricValue(text, 'shipgate_commands_total', { command: '/deploy', outcome: 'help' }),
    ).toBeUndefined();
  });
});
