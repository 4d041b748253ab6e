import { dirname } from 'node:path';
import { Command } from 'commander';
import { PagerDutyOnCall } from '../adapters/pagerduty/pagerduty-on-call.js';
import { LocalReadinessProbes } from '../adapters/readiness/readiness-probes.js';
import { ConfigError } from '../config/config-problem.js';
import { type LoadedConfig, loadConfig } from '../config/load-config.js';
import { resolveConfigPath } from '../config/resolve-config-path.js';
import { ownEntry } from '../core/own-entry.js';
import type { ReadinessAssessment } from '../core/readiness/readiness-assessment.js';
import { OnCallResolver } from '../services/on-call-resolver.js';
import type { AttestationStore } from '../services/ports/attestation-store.js';
import { assessReadiness } from '../services/readiness/assess-readiness.js';
import type { ReadinessRuntime } from '../services/readiness/readiness-runtime.js';
import { DeployRepository } from '../store/deploy-repository.js';
import { EventLog } from '../store/event-log.js';
import { SqlAttestationStore } from '../store/sql/sql-attestation-store.js';
import type { SqlRunner } from '../store/sql/sql-runner.js';
import { openCliStore } from './open-cli-store.js';
import { readinessReport } from './readiness-report.js';

/** What `shipgate readiness` prints and exits with: 0 ready, 1 not ready, 2 bad input. */
export interface ReadinessCliResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
  readonly assessment?: ReadinessAssessment;
}

/**
 * Where the CLI reads from; unset, they follow the runtime contract (`SHIPGATE_CONFIG`; `SHIPGATE_DATABASE_URL`, else
 * `SHIPGATE_DB`).
 */
export interface ReadinessCliOptions {
  readonly env?: string | undefined;
  readonly config?: string | undefined;
  readonly db?: string | undefined;
}

const NO_ATTESTATIONS: AttestationStore = {
  forService: async () => [],
  put: async () => undefined,
  remove: async () => false,
};

/**
 * Assesses a service version from the command line, without Slack: the config and its checklist, attestations and
 * deploy history from the store (read-only, in one snapshot, see {@link openCliStore}; without one, nothing is
 * attested and nothing was tested), and PagerDuty's on-call only when `PAGERDUTY_TOKEN` is set (else the config's
 * on-call-engineer role). A store that is there but cannot be read is exit 2, not an empty history.
 */
export async function readinessFromCli(
  service: string,
  version: string,
  options: ReadinessCliOptions,
  processEnv: NodeJS.ProcessEnv = process.env,
): Promise<ReadinessCliResult> {
  const bad = (message: string): ReadinessCliResult => ({
    exitCode: 2,
    stdout: '',
    stderr: `shipgate readiness: ${message}\n`,
  });
  let config: LoadedConfig;
  try {
    config = loadConfig(options.config ?? resolveConfigPath(processEnv));
  } catch (err) {
    if (err instanceof ConfigError) return bad(err.message);
    return bad(err instanceof Error ? err.message : String(err));
  }
  if (config.readiness === undefined)
    return bad('readiness is not configured (add readiness: to the main config)');
  const serviceConfig = ownEntry(config.config.services, service);
  if (serviceConfig === undefined)
    return bad(`unknown service ${service}; configured: ${Object.keys(config.config.services).join(', ')}`);
  const env = options.env ?? 'production';
  if (!serviceConfig.environments.includes(env))
    return bad(`${service} is not deployed to ${env}; it has ${serviceConfig.environments.join(', ')}`);
  const opening = await openCliStore({ db: options.db, env: processEnv }, 'read');
  if (!opening.ok && opening.problem === 'unreadable') return bad(opening.reason);
  const store = opening.ok ? opening.store : undefined;
  const assess = async (runner: SqlRunner | undefined): Promise<ReadinessCliResult> => {
    const rt: ReadinessRuntime = {
      config,
      clock: { now: () => new Date() },
      onCall: new OnCallResolver(
        processEnv.PAGERDUTY_TOKEN
          ? new PagerDutyOnCall({
              token: processEnv.PAGERDUTY_TOKEN,
              apiUrl: processEnv.PAGERDUTY_API_URL,
              timeoutMs: config.config.timeouts.pagerduty.ms,
            })
          : undefined,
        { idByEmail: async (email) => email },
        () => config.config.roles['on-call-engineer'] ?? [],
      ),
      attestations: runner ? new SqlAttestationStore(runner) : NO_ATTESTATIONS,
      deploys: runner ? new DeployRepository(runner) : { recent: async () => [] },
      ...(runner ? { events: new EventLog(runner) } : {}),
      readinessProbes: new LocalReadinessProbes(config.config.services, {
        baseDir: dirname(config.path),
        env: processEnv,
      }),
    };
    const assessment = await assessReadiness(rt, { service, version, env });
    if (assessment.problem) return bad(assessment.problem);
    const note = opening.ok
      ? ''
      : `note: no Shipgate database at ${opening.location}; no item counts as attested or tested\n`;
    return {
      exitCode: assessment.summary.ready ? 0 : 1,
      stdout: readinessReport(assessment),
      stderr: note,
      assessment,
    };
  };
  try {
    return store ? await store.read(assess) : await assess(undefined);
  } finally {
    await store?.close();
  }
}

/** `shipgate readiness <service> <version> [--env production] [--config path] [--db path]`: exits 0 only when ready. */
export function readinessCliCommand(): Command {
  return new Command('readiness')
    .description(
      "check a version's production readiness (chapter 5.3); exit 0 ready, 1 not ready, 2 bad input",
    )
    .argument('<service>', 'a configured service, e.g. checkout')
    .argument('<version>', 'the version to check, e.g. 2.5.3')
    .option('--env <env>', 'the environment (default: production)')
    .option(
      '--config <path>',
      'the main config (default: $SHIPGATE_CONFIG, config/shipgate.yml, or the example)',
    )
    .option(
      '--db <path>',
      'a SQLite database with attestations and deploys (default: PostgreSQL when $SHIPGATE_DATABASE_URL is set, else $SHIPGATE_DB or data/shipgate.db)',
    )
    .action(async (service: string, version: string, options: ReadinessCliOptions) => {
      const result = await readinessFromCli(service, version, options);
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      process.exitCode = result.exitCode;
    });
}
