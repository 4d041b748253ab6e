import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { GitSourceRepository } from '../adapters/git/git-source-repository.js';
import { MarkdownReleaseNotesRenderer } from '../adapters/templates/release-notes-templates.js';
import { ConfigError } from '../config/config-problem.js';
import { type LoadedConfig, loadConfig } from '../config/load-config.js';
import { resolveConfigPath } from '../config/resolve-config-path.js';
import { ownEntry } from '../core/own-entry.js';
import { changelogBetween } from '../services/releases/changelog-between.js';

/** What `changelog` was asked. */
export interface ChangelogOptions {
  readonly config?: string | undefined;
  readonly writeChangelog?: boolean | undefined;
  /** The entry's date, `YYYY-MM-DD`; today in UTC by default. */
  readonly date?: string | undefined;
}

/** The Markdown printed (and where it was written), or the one-line reason there is none. */
export type ChangelogOutcome =
  | { readonly ok: true; readonly markdown: string; readonly wrote?: string }
  | { readonly ok: false; readonly error: string };

/**
 * Puts a changelog entry at the top of a `CHANGELOG.md`'s text: after a leading `# Changelog` heading when there is
 * one, else first under a new heading. Refuses (returns the reason) when the file already has an entry for the
 * same version heading.
 */
export function prependEntry(existing: string | undefined, entry: string): string | { error: string } {
  const heading = entry.split('\n')[0] ?? '';
  const version = /^## \[([^\]]+)\]/.exec(heading)?.[1];
  if (existing === undefined) return `# Changelog\n\n${entry}`;
  if (
    version &&
    version !== 'Unreleased' &&
    existing.split('\n').some((l) => l.startsWith(`## [${version}]`))
  )
    return { error: `CHANGELOG.md already has an entry for ${version}` };
  const match = /^# Changelog[^\n]*\n+/i.exec(existing);
  if (match) return `${match[0]}${entry}\n${existing.slice(match[0].length)}`;
  return `${entry}\n${existing}`;
}

/** Builds (and with `writeChangelog`, writes) the changelog entry of `range` (`<from>..<to>`) for `service`. */
export async function changelogFromConfig(
  service: string,
  range: string,
  options: ChangelogOptions,
  now: Date,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChangelogOutcome> {
  const parts = range.split('..');
  if (parts.length !== 2 || parts.some((p) => p.trim() === '' || p.startsWith('-')))
    return {
      ok: false,
      error: `${range}: expected a range <from>..<to>, such as 2.5.3..2.5.4 or v2.5.3..HEAD`,
    };
  const [from, to] = parts as [string, string];
  let date = now;
  if (options.date !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(options.date) || Number.isNaN(Date.parse(`${options.date}T00:00:00Z`)))
      return { ok: false, error: `--date ${options.date}: expected YYYY-MM-DD` };
    date = new Date(`${options.date}T00:00:00Z`);
  }
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(options.config ?? resolveConfigPath(env));
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, error: err.message };
    throw err;
  }
  const settings = ownEntry(loaded.config.services, service);
  if (!settings) return { ok: false, error: `unknown service ${service} in ${loaded.path}` };
  const dir = settings.repository ? resolve(dirname(loaded.path), settings.repository.path) : undefined;
  const repo = dir ? new GitSourceRepository(dir) : undefined;
  const result = await changelogBetween(
    { config: loaded, repositoryFor: (name) => (name === service ? repo : undefined) },
    { service, from, to, date },
  );
  if (!result.ok) return result;
  const markdown = new MarkdownReleaseNotesRenderer().markdown(result.notes, (id) => `@${id}`);
  if (!options.writeChangelog || !dir) return { ok: true, markdown };
  const file = join(dir, 'CHANGELOG.md');
  const next = prependEntry(existsSync(file) ? readFileSync(file, 'utf8') : undefined, markdown);
  if (typeof next !== 'string') return { ok: false, error: next.error };
  writeFileSync(file, next);
  return { ok: true, markdown, wrote: file };
}

/** `shipgate changelog <service> <from>..<to> [--config path] [--write-changelog] [--date YYYY-MM-DD]`. */
export function changelogCommand(): Command {
  return new Command('changelog')
    .description("print a service's changelog entry (chapter 4.4) for a range of its repository, as Markdown")
    .argument('<service>', 'the service, as the config names it')
    .argument('<range>', '<from>..<to>: versions (resolved to tags) or any git refs')
    .option(
      '--config <path>',
      'the main config (default: $SHIPGATE_CONFIG, config/shipgate.yml, or the example)',
    )
    .option('--write-changelog', "also prepend the entry to the repository's CHANGELOG.md")
    .option('--date <yyyy-mm-dd>', "the entry's date (default: today in UTC)")
    .action(async (service: string, range: string, options: ChangelogOptions) => {
      const outcome = await changelogFromConfig(service, range, options, new Date());
      if (outcome.ok) {
        process.stdout.write(outcome.markdown);
        if (outcome.wrote) process.stderr.write(`shipgate changelog: prepended to ${outcome.wrote}\n`);
        return;
      }
      process.stderr.write(`shipgate changelog: ${outcome.error}\n`);
      process.exitCode = 1;
    });
}
