import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/adapters/email/create-mailer.js';
import { loadConfig } from '../../src/config/load-config.js';
import { type DemoMetricsService, startDemoMetricsService } from '../support/demo-metrics-service.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { monitoringFor, watchTestConfig } from '../support/watch-config.js';

/**
 * What follows an automatic rollback under `rollback.notification: [slack, pagerduty, email]` (the chapter's
 * production policy): the email through the loopback SMTP sink, and the PagerDuty Events API v2 event with a dedup
 * key per deploy, each through a server that fails at first. The watch has only a health check (no Prometheus):
 * three consecutive failing health checks of the new colour roll back, covering `watching → rolled_back` by a
 * trigger without metrics.
 */
let demo: DemoMetricsService;
let sink: SmtpSink;
let h: DeployHarness;
let bad = '';
let run = '';

const EMAIL = { smtp_url_env: 'SMTP_URL', from: 'shipgate@example.com', to: ['oncall@example.com'] };
const idOf = (text: string) => /DEP-\d{4}-\d{4}/.exec(text)?.[0] ?? '';

/** Advances the fake clock by `ms` and runs what fell due. */
async function advance(ms: number) {
  h.clock.advance(ms);
  await h.settle();
}

describe('notifications after a rollback', () => {
  beforeAll(async () => {
    demo = await startDemoMetricsService({ service: 'checkout' });
    sink = await startSmtpSink();
    const configure = watchTestConfig({
      watch: {
        interval: '10s',
        min_samples: 3,
        health_check: { url: `${demo.url}/healthz/{color}`, timeout: '1s' },
      },
      notifications: { email: EMAIL },
      production: monitoringFor(60_000, '1m'),
    });
    const mailer = createMailer(
      configure(loadConfig('test/fixtures/deploy/shipgate.yml')).config,
      { SMTP_URL: sink.url },
      2000,
    );
    if (!mailer) throw new Error('notifications.email did not give a mailer');
    h = await startDeployHarness({ configure, mailer, pagerTimeoutMs: 300 });
    await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
  }, 20_000);
  afterAll(async () => {
    await h?.stop();
    await sink?.stop();
    await demo?.stop();
  });

  it('rolls back after three consecutive failing health checks, with the SMTP server and PagerDuty failing at first', async () => {
    bad = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4'));
    await h.click('U0BOB', bad, 'approve');
    await h.click('U0CAROL', bad, 'approve');
    expect(await h.record(bad)).toMatchObject({ state: 'watching', targetColor: 'green' });
    demo.setHealth(500, 'green');
    sink.failNext(1, { code: 451, message: 'Try again later' });
    h.pagerduty.slow('/v2/enqueue', 1000);

    await advance(10_000);
    await advance(10_000);
    expect((await h.record(bad)).state).toBe('watching');
    expect((await h.record(bad)).watch?.progress.healthStreak).toBe(2);
    await advance(10_000);

    expect((await h.record(bad)).state).toBe('rolled_back');
    const rollback = (await h.shipgate.runtime.deploys.recent(10, 'checkout')).find(
      (d) => d.kind === 'rollback',
    );
    run = rollback?.id ?? '';
    expect(rollback).toMatchObject({ state: 'succeeded', version: '2.5.3', previousVersion: '2.5.4' });
    expect((await h.thread(bad)).some((t) => t.includes('health_check_failures: 3'))).toBe(true);
    expect(sink.received).toHaveLength(0);
    expect(sink.rejected).toHaveLength(1);
    const key = `rollback-${bad}`;
    const pages = h.pagerduty.requests.filter((r) => r.body.includes(`"dedup_key":"${key}"`));
    expect(pages).toHaveLength(1);
    h.pagerduty.clearFaults();
  }, 30_000);

  it('retries the refused email and delivers it once, with the service, versions, reason and deploy id', async () => {
    await advance(2_000);
    const [mail] = await sink.waitFor(1);
    expect(sink.received).toHaveLength(1);
    expect(mail?.envelopeFrom).toBe('shipgate@example.com');
    expect(mail?.to).toEqual(['oncall@example.com']);
    expect(mail?.subject).toBe(
      `[Shipgate] checkout rolled back 2.5.4 → 2.5.3 in production in 0 seconds (${run})`,
    );
    expect(mail?.text).toContain(`checkout rolled back 2.5.4 → 2.5.3 in production`);
    expect(mail?.text).toMatch(
      /Trigger: health_check_failures: 3 \(consecutive\): 3 consecutive failed health checks; the last: 500 /,
    );
    expect(mail?.text).toMatch(/Authority: rollback\.automatic: true in .*production-deployment\.yml/);
    expect(mail?.shipgateKey).toBe(`rollback:${run}`);
    expect(mail?.messageId).toBe(sink.rejected[0]?.messageId);

    await advance(60_000);
    expect(sink.received).toHaveLength(1);
  }, 20_000);

  it('sends one PagerDuty event per deploy: the retry after a timed-out call adds to the same incident', async () => {
    const key = `rollback-${bad}`;
    const sent = () =>
      h.pagerduty.requests.filter((r) => r.path === '/v2/enqueue' && r.body.includes(`"dedup_key":"${key}"`));
    await advance(5 * 60_000);
    expect(sent()).toHaveLength(2);
    const accepted = () => h.pagerduty.events.filter((e) => e.dedupKey === key);
    await h.slack.waitFor(() => accepted().length === 2 || undefined, { timeoutMs: 5000 });
    expect(
      accepted()
        .map((e) => e.outcome)
        .sort(),
    ).toEqual(['opened', 'updated']);
    expect(h.pagerduty.allIncidents().filter((i) => i.dedupKey === key)).toHaveLength(1);
    const incident = h.pagerduty.incident(key);
    expect(incident?.summary).toBe(`checkout rolled back 2.5.4 → 2.5.3 in production in 0 seconds (${run})`);
    expect(incident?.customDetails).toEqual({ deploy: run, env: 'production', version: '2.5.3' });
    expect(accepted()[0]?.body).toMatchObject({ event_action: 'trigger', dedup_key: key });
    expect(await h.shipgate.timers.pending(run)).toEqual([]);

    await advance(60_000);
    expect(sent()).toHaveLength(2);
  }, 20_000);
});
