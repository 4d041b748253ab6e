import type { LoadedConfig } from './core/config/loaded-config.js';
import type { DemoService } from './sandbox/demo-service/demo-service.js';
import { recordRunningVersion } from './services/deploys/record-running-version.js';
import type { Runtime } from './services/runtime.js';

/** What production runs when a sandbox starts on an empty database: checkout 2.5.3, as in the chapter's examples. */
export const SANDBOX_RUNNING: Readonly<Record<string, string>> = { checkout: '2.5.3', payments: '1.4.0' };

/** The version a service of the sandbox's config without an entry in {@link SANDBOX_RUNNING} starts at. */
const OTHER_SERVICES = '1.0.0';

/** The environment the sandbox's story deploys to. */
const ENV = 'production';

/**
 * Gives the sandbox a past: on an empty database, each production service is recorded as already running its
 * {@link SANDBOX_RUNNING} version (on blue for blue-green), so `/deploy checkout 2.5.4` is a PATCH with a previous
 * version to roll back to. Then the demo switch is set to what the database says runs now, so a restarted sandbox
 * carries on where it stopped (the demo itself keeps nothing).
 */
export async function restoreSandboxHistory(
  rt: Runtime,
  loaded: LoadedConfig,
  demo: DemoService,
): Promise<void> {
  const policy = loaded.environments.get(ENV);
  if (!policy) return;
  for (const [service, settings] of Object.entries(loaded.config.services)) {
    if (!settings.environments.includes(ENV)) continue;
    const strategy = policy.deployment_strategy;
    await recordRunningVersion(rt, {
      service,
      env: ENV,
      version: SANDBOX_RUNNING[service] ?? OTHER_SERVICES,
      color: strategy === 'blue-green' ? 'blue' : undefined,
      strategy,
      source: 'sandbox',
    });
    const live = await rt.deploys.current(service, ENV);
    if (live) demo.run(service, live.color ?? 'blue', live.version);
  }
}
