import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ChecklistCheck } from '../../core/config/readiness-checklist-schema.js';
import type { ServiceConfig } from '../../core/config/shipgate-config-schema.js';
import type { StepContext } from '../../core/deploys/deploy-types.js';
import { ownEntry } from '../../core/own-entry.js';
import type {
  ProbeOutcome,
  ProbeSubject,
  ReadinessProbes,
  RepositoryFile,
} from '../../services/ports/readiness-probes.js';
import { shipgateVariables } from '../deploy/command-environment.js';
import { fillTemplate } from '../deploy/fill-template.js';
import { type CommandOptions, runTemplate } from '../deploy/run-template.js';
import { checkUrl } from '../validation/binding-validator.js';

/**
 * Readiness probes on this machine: command checks run like validations (split and filled, no shell, minimal
 * environment plus `SHIPGATE_*` and `SHIPGATE_CHECK=<item id>`), in the service's `repository.path` when it has one
 * (else the config folder); HTTP checks are a GET (2xx passes); repository files are looked up under
 * `repository.path`, relative to the config folder.
 */
export class LocalReadinessProbes implements ReadinessProbes {
  constructor(
    private readonly services: Readonly<Record<string, ServiceConfig>>,
    private readonly options: CommandOptions,
  ) {}

  command(check: ChecklistCheck, subject: ProbeSubject, signal?: AbortSignal): Promise<ProbeOutcome> {
    const context = stepContext(subject);
    const repository = ownEntry(this.services, subject.service)?.repository;
    return runTemplate(
      {
        template: check.command ?? '',
        what: `the ${subject.itemId} readiness check of ${subject.service}`,
        context,
        settings: { env: check.env, pass_env: check.pass_env, cwd: repository?.path },
        variables: shipgateVariables(context, { SHIPGATE_CHECK: subject.itemId }),
        timeoutMs: check.timeout.ms,
      },
      this.options,
      signal,
    );
  }

  http(check: ChecklistCheck, subject: ProbeSubject, signal?: AbortSignal): Promise<ProbeOutcome> {
    return checkUrl(
      fillTemplate(check.http ?? '', stepContext(subject), encodeURIComponent),
      check.timeout.ms,
      signal,
    );
  }

  async repositoryFile(service: string, path: string): Promise<RepositoryFile> {
    const repository = ownEntry(this.services, service)?.repository;
    if (repository === undefined) return { kind: 'no_repository' };
    const root = resolve(this.options.baseDir, repository.path);
    const file = resolve(root, path);
    const inside = relative(root, file);
    const where = `${repository.path.replace(/\/$/, '')}/${inside}`;
    if (inside.startsWith('..') || isAbsolute(inside)) return { kind: 'missing', where: path };
    try {
      return (await stat(file)).isFile() ? { kind: 'found', where } : { kind: 'missing', where };
    } catch {
      return { kind: 'missing', where };
    }
  }
}

function stepContext(subject: ProbeSubject): StepContext {
  return {
    deployId: '',
    service: subject.service,
    version: subject.version,
    previousVersion: undefined,
    env: subject.env,
  };
}
