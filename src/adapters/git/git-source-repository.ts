import { statSync } from 'node:fs';
import type { ParsedCommit } from '../../core/releases/parsed-commit.js';
import type { SourceCommit, TagRef } from '../../core/releases/source-commit.js';
import type {
  CommitRange,
  NewTag,
  SourceRepository,
  TagCreation,
} from '../../services/ports/source-repository.js';
import { parseCommit } from './parse-commit.js';
import { type GitResult, runGit } from './run-git.js';

/** Options of a repository adapter. */
export interface GitRepositoryOptions {
  /** How long one git command may take (default 20 s; a push gets three times as long). */
  readonly timeoutMs?: number;
  /** Who annotated tags name as their tagger. */
  readonly tagger?: { readonly name: string; readonly email: string };
}

const RECORD = '\x1e';
const FIELD = '\x1f';

/**
 * {@link SourceRepository} over the real `git` CLI in the work tree at `dir`. Refs that could be read as options
 * (`-…`) are refused; failures become errors naming the folder and what git said.
 */
export class GitSourceRepository implements SourceRepository {
  private readonly timeoutMs: number;
  private readonly tagger: { readonly name: string; readonly email: string };

  constructor(
    readonly dir: string,
    options: GitRepositoryOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.tagger = options.tagger ?? { name: 'Shipgate', email: 'shipgate@localhost' };
  }

  async tags(): Promise<TagRef[]> {
    const out = await this.git([
      'for-each-ref',
      '--format=%(refname:strip=2)%1f%(*objectname)%1f%(objectname)',
      'refs/tags',
    ]);
    return out
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [name = '', peeled = '', object = ''] = line.split(FIELD);
        return { name, commit: peeled || object };
      });
  }

  async resolve(ref: string): Promise<string | undefined> {
    checkRef(ref);
    const result = await this.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (result.ok) return result.stdout.trim();
    if (result.code === 1 && !result.failure) return undefined;
    throw this.error(result, 'rev-parse');
  }

  async head(): Promise<string> {
    return (await this.git(['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
  }

  async rootCommit(ref = 'HEAD'): Promise<string> {
    checkRef(ref);
    const roots = (await this.git(['rev-list', '--max-parents=0', ref, '--'])).trim().split('\n');
    const root = roots[roots.length - 1];
    if (!root) throw new Error(`${this.dir}: ${ref} has no root commit`);
    return root;
  }

  parse(commit: SourceCommit): ParsedCommit {
    return parseCommit(commit);
  }

  async commits(range: CommitRange): Promise<SourceCommit[]> {
    checkRef(range.to);
    if (range.from !== undefined) checkRef(range.from);
    const spec = range.from === undefined ? [range.to] : [range.to, `^${range.from}`];
    const out = await this.git([
      'log',
      '--topo-order',
      `--format=${RECORD}%H${FIELD}%P${FIELD}%B`,
      ...spec,
      '--',
    ]);
    return out
      .split(RECORD)
      .filter((chunk) => chunk.trim() !== '')
      .map((chunk) => {
        const [sha = '', parents = '', ...message] = chunk.split(FIELD);
        return {
          sha: sha.trim(),
          parents: parents.trim() === '' ? [] : parents.trim().split(' '),
          message: message.join(FIELD).trim(),
        };
      });
  }

  async hasFile(commit: string, path: string): Promise<boolean> {
    checkRef(commit);
    const result = await this.run(['cat-file', '-e', `${commit}:${path.replace(/^\.?\//, '')}`]);
    if (result.ok) return true;
    if (result.failure) throw this.error(result, 'cat-file');
    return false;
  }

  async createTag(tag: NewTag): Promise<TagCreation> {
    checkRef(tag.name);
    const existing = await this.resolve(`refs/tags/${tag.name}`);
    if (existing !== undefined) {
      if (existing === tag.commit) return 'exists';
      throw new Error(
        `tag ${tag.name} already exists on commit ${existing.slice(0, 7)}, not on ${tag.commit.slice(0, 7)}`,
      );
    }
    const date = `@${Math.floor(tag.at.getTime() / 1000)} +0000`;
    await this.git(['tag', '--annotate', '--file=-', '--cleanup=verbatim', tag.name, tag.commit], {
      env: {
        GIT_COMMITTER_NAME: this.tagger.name,
        GIT_COMMITTER_EMAIL: this.tagger.email,
        GIT_COMMITTER_DATE: date,
      },
      input: tag.message,
    });
    return 'created';
  }

  async pushTag(remote: string, name: string): Promise<void> {
    checkRef(remote);
    checkRef(name);
    await this.git(['push', '--porcelain', remote, `refs/tags/${name}:refs/tags/${name}`], {
      timeoutMs: this.timeoutMs * 3,
    });
  }

  private async git(
    args: readonly string[],
    extra: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
  ): Promise<string> {
    const result = await this.run(args, extra);
    if (!result.ok) throw this.error(result, args[0] ?? 'git');
    return result.stdout;
  }

  private run(
    args: readonly string[],
    extra: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
  ): Promise<GitResult> {
    if (!isDirectory(this.dir)) {
      return Promise.resolve({
        ok: false,
        code: null,
        stdout: '',
        stderr: '',
        failure: `repository folder not found: ${this.dir}`,
      });
    }
    return runGit({
      cwd: this.dir,
      args,
      timeoutMs: extra.timeoutMs ?? this.timeoutMs,
      ...(extra.env ? { env: extra.env } : {}),
      ...(extra.input !== undefined ? { input: extra.input } : {}),
    });
  }

  private error(result: GitResult, command: string): Error {
    if (result.failure) return new Error(result.failure);
    const said = result.stderr
      .trim()
      .split('\n')
      .filter((l) => l.trim() !== '');
    const text = said.join(' ');
    if (/not a git repository/i.test(text)) return new Error(`${this.dir} is not a git repository`);
    if (/unknown revision|bad revision|ambiguous argument|bad object|invalid object name/i.test(text))
      return new Error(`unknown ref in ${this.dir}: ${said[0]?.replace(/^fatal: /, '') ?? text}`);
    return new Error(
      `git ${command} failed in ${this.dir}: ${said.slice(-3).join(' ') || `exit ${result.code}`}`,
    );
  }
}

/** Refuses a ref that git would read as an option, or that holds whitespace or control characters. */
function checkRef(ref: string): void {
  if (ref === '' || ref.startsWith('-') || /[\s\p{Cc}]/u.test(ref))
    throw new Error(`not a valid git ref: ${JSON.stringify(ref)}`);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
