import type { LoadedConfig } from '../../src/config/load-config.js';
import type { EnvironmentPolicy } from '../../src/core/config/environment-policy-schema.js';
import { metricsSchema, notificationsSchema, watchSchema } from '../../src/core/config/watch-schema.js';
import { keepPostDeployment } from './post-deployment-checks.js';

/** What a watch or rollback test changes in the deploy test config. */
export interface WatchTestConfig {
  /** checkout's `watch` block, as written in YAML (parsed with the real schema). */
  readonly watch?: unknown;
  /** `metrics.prometheus.url`; without it Shipgate has no Prometheus (a health-check-only watch). */
  readonly prometheusUrl?: string;
  /** `notifications` of the main file, as written in YAML. */
  readonly notifications?: unknown;
  /** Changes to the production policy (e.g. a shorter monitoring.duration). */
  readonly production?: (policy: EnvironmentPolicy) => EnvironmentPolicy;
  /** Replaces the command target's `timeout` (how long one step may run, in real time). */
  readonly stepTimeout?: { readonly ms: number; readonly text: string };
}

/** A `configure` for `startDeployHarness`: checkout watched (or not) the way the test says. */
export function watchTestConfig(options: WatchTestConfig) {
  return (loaded: LoadedConfig): LoadedConfig => {
    const production = loaded.environments.get('production');
    const checkout = loaded.config.services.checkout;
    if (!production || !checkout) throw new Error('the deploy test config has no production or checkout');
    const environments = new Map(loaded.environments);
    if (options.production) environments.set('production', options.production(production));
    const deploy =
      options.stepTimeout && checkout.deploy?.adapter === 'command'
        ? { ...checkout.deploy, timeout: options.stepTimeout }
        : checkout.deploy;
    return {
      ...loaded,
      environments,
      config: {
        ...loaded.config,
        ...(options.prometheusUrl
          ? { metrics: metricsSchema.parse({ prometheus: { url: options.prometheusUrl, timeout: '2s' } }) }
          : {}),
        ...(options.notifications ? { notifications: notificationsSchema.parse(options.notifications) } : {}),
        services: {
          ...loaded.config.services,
          checkout: {
            ...checkout,
            ...(deploy ? { deploy } : {}),
            ...(options.watch ? { watch: watchSchema.parse(options.watch) } : {}),
          },
        },
      },
    };
  };
}

/** A production policy whose monitoring lasts `ms` (written `text`). */
export const monitoringFor =
  (ms: number, text: string) =>
  (policy: EnvironmentPolicy): EnvironmentPolicy => ({
    ...keepPostDeployment(policy, ['health_checks', 'smoke_tests']),
    monitoring: { ...policy.monitoring, duration: { ms, text } },
  });
