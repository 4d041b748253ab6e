import { GeneratorTemplates } from '../adapters/templates/generator-templates.js';
import { readinessDocument } from '../core/generators/readiness-document.js';
import { ownEntry } from '../core/own-entry.js';
import type { Attestation } from '../core/readiness/attestation.js';
import type { ReadinessSummary } from '../core/readiness/readiness-summary.js';
import { DeployRepository } from '../store/deploy-repository.js';
import { SqlAttestationStore } from '../store/sql/sql-attestation-store.js';
import type { SqlRunner } from '../store/sql/sql-runner.js';
import {
  type GeneratorContext,
  type GeneratorResult,
  generatorFailure,
  loadGeneratorConfig,
} from './generator-result.js';
import { openCliStore } from './open-cli-store.js';
import { writeDocument } from './write-document.js';

/** What `shipgate new readiness <service>` was asked on the command line. */
export interface NewReadinessOptions {
  readonly env?: string | undefined;
  /** The version to speak of (default: the newest one deployed to the environment). */
  readonly version?: string | undefined;
  readonly config?: string | undefined;
  readonly db?: string | undefined;
  readonly out?: string | undefined;
  readonly force?: boolean | undefined;
}

/** What the database knows of the service: its ticks, its newest version in `env` and that version's stored score. */
interface History {
  readonly attestations: readonly Attestation[];
  readonly version: string | undefined;
  readonly stored: { readonly summary: ReadinessSummary; readonly deployId: string } | undefined;
}

/** The history in the store, read in one snapshot. */
async function readHistory(
  runner: SqlRunner,
  service: string,
  env: string,
  asked: string | undefined,
): Promise<History> {
  const deploys = (await new DeployRepository(runner).recent(200, service)).filter(
    (d) => d.env === env && d.kind !== 'rollback',
  );
  const version = asked ?? deploys[0]?.version;
  const scored = deploys.find((d) => d.version === version && d.readiness !== undefined);
  return {
    attestations: await new SqlAttestationStore(runner).forService(service),
    version,
    stored: scored?.readiness ? { summary: scored.readiness, deployId: scored.id } : undefined,
  };
}

/**
 * `shipgate new readiness <service> [--env production] [--version v]`: writes the service's readiness checklist
 * document from the configured checklist to `docs/readiness/<service>.md` (`<service>-<env>.md` outside production):
 * each item's box and how Shipgate checks it, filled from the store (read-only, see {@link openCliStore}) when there
 * is one: the score the readiness gate stored for the newest version, else the valid ticks, else every box open.
 */
export async function newReadiness(
  service: string,
  options: NewReadinessOptions,
  context: GeneratorContext,
): Promise<GeneratorResult> {
  const config = loadGeneratorConfig(options.config, context);
  if (!config.ok) return generatorFailure(2, config.error);
  const { loaded } = config;
  const readiness = loaded.config.readiness;
  if (readiness === undefined || loaded.readiness === undefined)
    return generatorFailure(2, 'readiness is not configured (add readiness: to the main config)');
  const settings = ownEntry(loaded.config.services, service);
  if (settings === undefined)
    return generatorFailure(
      2,
      `unknown service ${service}; configured: ${Object.keys(loaded.config.services).join(', ')}`,
    );
  const env = options.env ?? 'production';
  if (!settings.environments.includes(env))
    return generatorFailure(
      2,
      `${service} is not deployed to ${env}; it has ${settings.environments.join(', ')}`,
    );
  const opening = await openCliStore({ db: options.db, env: context.env, cwd: context.cwd }, 'read');
  if (!opening.ok && opening.problem === 'unreadable') return generatorFailure(2, opening.reason);
  let history: History | undefined;
  if (opening.ok) {
    try {
      history = await opening.store.read((runner) => readHistory(runner, service, env, options.version));
    } finally {
      await opening.store.close();
    }
  }
  const document = readinessDocument({
    service,
    env,
    version: history?.version ?? options.version,
    checklist: loaded.readiness.checklist,
    minimum: ownEntry(readiness.minimum_score, env),
    stored: history?.stored,
    attestations: history?.attestations ?? [],
    validForMs: readiness.attestation_valid_for.ms,
    now: context.now,
  });
  return writeDocument(
    new GeneratorTemplates().readinessDocument(document),
    {
      out: options.out,
      fallback: `docs/readiness/${env === 'production' ? service : `${service}-${env}`}.md`,
      force: options.force,
    },
    context,
    opening.ok ? undefined : `no Shipgate database at ${opening.location}; every box is open`,
  );
}
