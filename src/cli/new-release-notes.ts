import { dirname, resolve } from 'node:path';
import { GitSourceRepository } from '../adapters/git/git-source-repository.js';
import { GeneratorTemplates } from '../adapters/templates/generator-templates.js';
import { MarkdownReleaseNotesRenderer } from '../adapters/templates/release-notes-templates.js';
import { versionSchema } from '../core/commands/values.js';
import { ownEntry } from '../core/own-entry.js';
import { versionNotes } from '../services/releases/version-notes.js';
import { openDatabase } from '../store/database.js';
import { DeployRepository } from '../store/deploy-repository.js';
import type { SqlRunner } from '../store/sql/sql-runner.js';
import { SqliteRunner } from '../store/sql/sqlite-runner.js';
import {
  type GeneratorContext,
  type GeneratorResult,
  generatorFailure,
  loadGeneratorConfig,
} from './generator-result.js';
import { openCliStore } from './open-cli-store.js';
import { writeDocument } from './write-document.js';

/** What `shipgate new release-notes <service> <version>` was asked on the command line. */
export interface NewReleaseNotesOptions {
  /** The environment whose deploy of the version lends its approvals (default: production). */
  readonly env?: string | undefined;
  /** The notes' date, `YYYY-MM-DD`; by default when the deploy finished, else today in UTC. */
  readonly date?: string | undefined;
  readonly config?: string | undefined;
  readonly db?: string | undefined;
  readonly out?: string | undefined;
  readonly force?: boolean | undefined;
}

function parseDate(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * `shipgate new release-notes <service> <version>`: writes the version's 4.4 release notes
 * (`templates/changelog.mustache`) to `docs/release-notes/<service>-<version>.md`, from the conventional commits of
 * `services.<service>.repository` since the newest older version tag (or, when Shipgate deployed the version, since
 * the version it replaced, with that deploy's approvals) up to the version's tag, else HEAD. Without a repository it
 * writes the template with every section empty and says why.
 */
export async function newReleaseNotes(
  service: string,
  versionText: string,
  options: NewReleaseNotesOptions,
  context: GeneratorContext,
): Promise<GeneratorResult> {
  const config = loadGeneratorConfig(options.config, context);
  if (!config.ok) return generatorFailure(2, config.error);
  const { loaded } = config;
  const settings = ownEntry(loaded.config.services, service);
  if (settings === undefined)
    return generatorFailure(
      2,
      `unknown service ${service}; configured: ${Object.keys(loaded.config.services).join(', ')}`,
    );
  const version = versionSchema.safeParse(versionText);
  if (!version.success) return generatorFailure(2, `${versionText}: expected a SemVer version such as 2.5.4`);
  const asked = options.date === undefined ? undefined : parseDate(options.date);
  if (options.date !== undefined && asked === undefined)
    return generatorFailure(2, `--date ${options.date}: expected YYYY-MM-DD`);
  const where = {
    out: options.out,
    fallback: `docs/release-notes/${service}-${version.data}.md`,
    force: options.force,
  };
  const templates = new GeneratorTemplates();
  if (settings.repository === undefined) {
    const why = `no repository is configured for ${service} (services.${service}.repository), so the sections are empty: fill them in`;
    return writeDocument(
      templates.blankReleaseNotes(version.data, asked ?? context.now, why),
      where,
      context,
      why,
    );
  }
  const env = options.env ?? 'production';
  const dir = resolve(dirname(loaded.path), settings.repository.path);
  const repo = new GitSourceRepository(dir);
  const opening = await openCliStore({ db: options.db, env: context.env, cwd: context.cwd }, 'read');
  if (!opening.ok && opening.problem === 'unreadable') return generatorFailure(2, opening.reason);
  const write = async (runner: SqlRunner): Promise<GeneratorResult> => {
    const deploys = new DeployRepository(runner);
    const deploy = (await deploys.recent(200, service)).find(
      (d) => d.env === env && d.version === version.data && d.kind !== 'rollback',
    );
    const { read, notes } = await versionNotes(
      { config: loaded, deploys, repositoryFor: (name) => (name === service ? repo : undefined) },
      {
        service,
        env,
        version: version.data,
        since: deploy?.previousVersion ?? null,
        date: asked ?? deploy?.finishedAt ?? context.now,
        ...(deploy
          ? {
              approvals: (await deploys.approvals(deploy.id)).map((a) => ({
                role: a.role,
                userId: a.userId,
                at: a.at,
              })),
            }
          : {}),
      },
    );
    if (notes === undefined)
      return generatorFailure(1, read.facts.note ?? `cannot read ${service}'s commits`);
    const count = read.facts.commitCount ?? 0;
    const range = `${service} ${read.facts.from ?? ''}..${read.facts.to ?? ''}: ${count} commit${count === 1 ? '' : 's'}${read.facts.note ? ` (${read.facts.note})` : ''}${deploy ? `, approvals of ${deploy.id}` : ''}`;
    return writeDocument(
      new MarkdownReleaseNotesRenderer().markdown(notes, (id) => `@${id}`),
      where,
      context,
      range,
    );
  };
  if (opening.ok) {
    try {
      return await opening.store.read(write);
    } finally {
      await opening.store.close();
    }
  }
  // No store yet: the notes come from the commits alone, read against an empty schema.
  const empty = openDatabase(':memory:');
  try {
    return await write(new SqliteRunner(empty));
  } finally {
    empty.close();
  }
}
