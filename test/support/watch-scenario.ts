import type { LoadedConfig } from '../../src/core/config/loaded-config.js';
import { metricsSchema, watchSchema } from '../../src/core/config/watch-schema.js';
import { IDS } from '../../src/slack/ids.js';
import type { DeployHarness } from './deploy-harness.js';
import { keepPostDeployment } from './post-deployment-checks.js';

/**
 * Shared pieces of the post-deploy watch tests (test/e2e/post-deploy-watch.test.ts, watch-decisions.test.ts): the
 * checkout watch config against a loopback Prometheus and demo service, and the Slack moves such a test makes.
 */

/** The error ratio of one track of the demo service over the last 3 s (0 with traffic and no errors). */
export const ERRORS = (track: string): string =>
  `(sum(rate(http_requests_total{service="checkout",track="${track}",code="500"}[3s])) or vector(0)) / sum(rate(http_requests_total{service="checkout",track="${track}"}[3s]))`;

/** What {@link configureWatch} sets beyond its defaults. */
export interface WatchScenario {
  readonly prometheusUrl: string;
  /** The demo service's `http://127.0.0.1:<port>`; the health check is `<demoUrl>/healthz/{track}`. */
  readonly demoUrl: string;
  /** `rollback.automatic` of the production policy (default: the policy's own, true). */
  readonly automatic?: boolean;
  /** `watch.max_no_data` (default: the monitoring duration). */
  readonly maxNoData?: string;
  /** A git work tree to configure as checkout's repository (production releases are tagged there). */
  readonly repository?: string;
}

/**
 * The test config for a watch against a real Prometheus: every environment's `monitoring.duration` is 1m (6 samples
 * of 10 s), checkout samples error rate and p95/p99 latency over 3 s windows with a 1m baseline and 3 minimum
 * samples, `no_data: pause`, and health-checks the judged track of the demo service.
 */
export function configureWatch(scenario: WatchScenario) {
  return (loaded: LoadedConfig): LoadedConfig => {
    const environments = new Map(loaded.environments);
    for (const [name, policy] of loaded.environments)
      environments.set(name, {
        ...keepPostDeployment(policy, ['health_checks', 'smoke_tests']),
        monitoring: { ...policy.monitoring, duration: { ms: 60_000, text: '1m' } },
        ...(name === 'production' && scenario.automatic !== undefined
          ? { rollback: { ...policy.rollback, automatic: scenario.automatic } }
          : {}),
      });
    const checkout = loaded.config.services.checkout;
    if (!checkout) throw new Error('no checkout service');
    return {
      ...loaded,
      environments,
      config: {
        ...loaded.config,
        metrics: metricsSchema.parse({ prometheus: { url: scenario.prometheusUrl, timeout: '2s' } }),
        services: {
          ...loaded.config.services,
          checkout: {
            ...checkout,
            ...(scenario.repository
              ? {
                  repository: {
                    path: scenario.repository,
                    tag_prefix: 'v',
                    tag_environments: ['production'],
                  },
                }
              : {}),
            watch: watchSchema.parse({
              interval: '10s',
              baseline: '1m',
              min_samples: 3,
              no_data: 'pause',
              ...(scenario.maxNoData ? { max_no_data: scenario.maxNoData } : {}),
              health_check: { url: `${scenario.demoUrl}/healthz/{track}`, timeout: '1s' },
              queries: {
                error_rate: ERRORS('{track}'),
                latency_p95:
                  'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="{service}",track="{track}"}[3s])))',
                latency_p99:
                  'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="{service}",track="{track}"}[3s])))',
              },
            }),
          },
        },
      },
    };
  };
}

/** The first deploy id in a text (`DEP-2026-0001`), or '' when there is none. */
export const idOf = (text: string): string => /DEP-\d{4}-\d{4}/.exec(text)?.[0] ?? '';

/** Takes `times` watch samples: the fake clock moves one 10 s interval, then everything due runs. */
export async function sample(h: DeployHarness, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    h.clock.advance(10_000);
    await h.settle();
  }
}

/** Both approvals a production patch release of checkout needs (a team lead, then the on-call engineer). */
export async function approve(h: DeployHarness, id: string): Promise<void> {
  await h.click('U0BOB', id, 'approve');
  await h.click('U0CAROL', id, 'approve');
}

/** A slash command as `user` in #deploys, once everything it started has settled; the ack as JSON. */
export async function command(
  h: DeployHarness,
  user: string,
  command: string,
  text: string,
): Promise<string> {
  const result = await h.slack.command({ user, command, text, channel: 'C0DEPLOYS' });
  await h.settle();
  return JSON.stringify(result.ack);
}

/** The watch's decision message of a deploy (recommendation or inconclusive), as Slack shows it now. */
export async function decisionMessage(h: DeployHarness, id: string) {
  const ref = await h.shipgate.sync.ref('watch-decision', id);
  const stored = ref?.ts ? h.slack.state.message(ref.channel, ref.ts) : undefined;
  return stored && ref?.ts
    ? { ts: ref.ts, channel: ref.channel, text: stored.text, blocks: JSON.stringify(stored.blocks ?? []) }
    : undefined;
}

const WATCH_ACTIONS = { rollback: IDS.watchRollback, keep: IDS.watchKeep, good: IDS.watchGood } as const;

/**
 * Clicks Roll back now, Keep or Mark good on a deploy's watch decision message as `user`, waits for the answer and
 * lets what it started settle; resolves with what the user was told (each response body as JSON).
 */
export async function clickWatch(
  h: DeployHarness,
  user: string,
  id: string,
  action: keyof typeof WATCH_ACTIONS,
): Promise<{ text: string; ephemeral: boolean }> {
  const posted = await decisionMessage(h, id);
  if (!posted) throw new Error(`${id} has no watch decision message`);
  const result = await h.slack.clickButton({
    user,
    channel: posted.channel,
    ts: posted.ts,
    actionId: WATCH_ACTIONS[action],
  });
  await h.slack.waitFor(() => result.responses.length > 0 || undefined, { timeoutMs: 5000 });
  await h.settle();
  const bodies = result.responses.map((r) => r.body as { response_type?: string; text?: string });
  return {
    text: bodies.map((b) => b.text ?? '').join('\n'),
    ephemeral: bodies.every((b) => b.response_type === 'ephemeral'),
  };
}
