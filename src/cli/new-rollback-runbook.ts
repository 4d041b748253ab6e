import { GeneratorTemplates } from '../adapters/templates/generator-templates.js';
import { rollbackRunbook } from '../core/generators/rollback-runbook.js';
import { ownEntry } from '../core/own-entry.js';
import {
  type GeneratorContext,
  type GeneratorResult,
  generatorFailure,
  loadGeneratorConfig,
} from './generator-result.js';
import { writeDocument } from './write-document.js';

/** What `shipgate new rollback-runbook <service>` was asked on the command line. */
export interface NewRollbackRunbookOptions {
  readonly env?: string | undefined;
  readonly config?: string | undefined;
  readonly out?: string | undefined;
  readonly force?: boolean | undefined;
}

/**
 * `shipgate new rollback-runbook <service> [--env production]`: writes the chapter's 4.3 rollback procedure for the
 * service's strategy in that environment, with its configured step commands, to
 * `docs/rollback-runbooks/<service>-<env>.md`; says where the readiness check looks for a runbook when the service
 * has a repository.
 */
export function newRollbackRunbook(
  service: string,
  options: NewRollbackRunbookOptions,
  context: GeneratorContext,
): GeneratorResult {
  const config = loadGeneratorConfig(options.config, context);
  if (!config.ok) return generatorFailure(2, config.error);
  const { loaded } = config;
  const settings = ownEntry(loaded.config.services, service);
  if (settings === undefined)
    return generatorFailure(
      2,
      `unknown service ${service}; configured: ${Object.keys(loaded.config.services).join(', ')}`,
    );
  const env = options.env ?? 'production';
  const policy = loaded.environments.get(env);
  if (policy === undefined || !settings.environments.includes(env))
    return generatorFailure(
      2,
      `${service} is not deployed to ${env}; it has ${settings.environments.join(', ')}`,
    );
  const text = new GeneratorTemplates().rollbackRunbook(
    rollbackRunbook({ service, env, settings, policy, config: loaded.config }),
  );
  const note = settings.repository
    ? `the readiness check rollback_runbook looks for runbooks/rollback-${env}.md in ${service}'s repository (${settings.repository.path}); put it there or use --out`
    : undefined;
  return writeDocument(
    text,
    { out: options.out, fallback: `docs/rollback-runbooks/${service}-${env}.md`, force: options.force },
    context,
    note,
  );
}
