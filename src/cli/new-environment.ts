import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { GeneratorTemplates } from '../adapters/templates/generator-templates.js';
import type { LoadedConfig } from '../config/load-config.js';
import { validateWith } from '../core/config/config-issue.js';
import { type EnvironmentPolicy, environmentPolicySchema } from '../core/config/environment-policy-schema.js';
import { resourceNameSchema } from '../core/config/identifier-schemas.js';
import {
  type EnvironmentPolicyAsk,
  environmentPolicyView,
} from '../core/generators/environment-policy-view.js';
import { type PlannedWrite, planWrite, shownPath } from './generated-file.js';
import {
  type GeneratorContext,
  type GeneratorResult,
  generatorFailure,
  loadGeneratorConfig,
} from './generator-result.js';
import { optionWords } from './option-words.js';
import { schemaComment } from './schema-comment.js';
import { writeCheckedConfig } from './write-checked-config.js';

/** What `shipgate new environment <name>` was asked on the command line. */
export interface NewEnvironmentOptions {
  readonly config?: string | undefined;
  readonly out?: string | undefined;
  readonly force?: boolean | undefined;
  readonly strategy?: string | undefined;
  /** Comma-separated approver roles. */
  readonly approvers?: string | undefined;
  /** `false` for `--no-approval`. */
  readonly approval?: boolean | undefined;
}

/** A planned environment policy file, its parsed policy, and the file `config check` must accept afterwards. */
export interface PlannedEnvironment {
  readonly write: PlannedWrite;
  readonly policy: EnvironmentPolicy;
  readonly checkPath: string;
}

/**
 * Plans the environment policy file of `name`: the chapter's 3.4 format filled from the options and the main config
 * (see {@link environmentPolicyView}), headed by the schema modeline, at `<environments_dir>/<name>-deployment.yml`
 * unless `out` says otherwise. Refuses an existing file without `force`, and an environment of that name defined in
 * another file (two definitions would refuse the whole config).
 */
export function planEnvironment(
  name: string,
  options: NewEnvironmentOptions,
  loaded: LoadedConfig,
  context: GeneratorContext,
): PlannedEnvironment | GeneratorResult {
  if (!resourceNameSchema.safeParse(name).success)
    return generatorFailure(
      2,
      `${name}: expected an environment name such as qa (lower case, digits, - or _)`,
    );
  const ask: EnvironmentPolicyAsk = {
    name,
    strategy: options.strategy,
    approvers: optionWords(options.approvers),
    approval: options.approval,
  };
  const draft = environmentPolicyView(ask, loaded.config);
  if (!draft.ok) return generatorFailure(2, draft.error);
  const dir = resolve(dirname(loaded.path), loaded.config.environments_dir);
  const path =
    options.out === undefined ? join(dir, `${name}-deployment.yml`) : resolve(context.cwd, options.out);
  const twin = loaded.environmentFiles.get(name);
  if (twin !== undefined && twin !== path)
    return generatorFailure(
      1,
      `environment ${name} is already defined in ${shownPath(twin, context.cwd)}; rewrite it with --out ${shownPath(twin, context.cwd)} --force`,
    );
  const text = `${schemaComment(path, 'environment')}\n${new GeneratorTemplates().environmentPolicy(draft.view)}`;
  const policy = validateWith(environmentPolicySchema, parse(text));
  if (!policy.ok)
    return generatorFailure(
      1,
      `the template rendered a policy the schema refuses (check templates/environment-deployment.mustache):\n${policy.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  const write = planWrite(path, text, options.force === true, context.cwd);
  if (typeof write === 'string') return generatorFailure(1, write);
  return { write, policy: policy.value, checkPath: dirname(path) === dir ? loaded.path : path };
}

/**
 * `shipgate new environment <name>`: writes the environment policy and runs `config check` on the result (the main
 * config when the file lands in its environments folder, else the file alone); a result the check refuses is taken
 * back and its problems printed.
 */
export function newEnvironment(
  name: string,
  options: NewEnvironmentOptions,
  context: GeneratorContext,
): GeneratorResult {
  const config = loadGeneratorConfig(options.config, context);
  if (!config.ok) return generatorFailure(2, config.error);
  const planned = planEnvironment(name, options, config.loaded, context);
  if ('exitCode' in planned) return planned;
  return writeCheckedConfig([planned.write], planned.checkPath, context);
}
