import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real git repository in a temporary folder, driven with real `git` commands (no global config read). */
export interface TestRepo {
  readonly dir: string;
  git(...args: string[]): string;
  /** Commits a change to `file` with `message` (subject, body and footers as written); returns the full sha. */
  commit(message: string, file?: string): string;
  tag(name: string, ref?: string): void;
}

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
};

/** Runs git in `dir` and returns its trimmed output. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: ENV, encoding: 'utf8' }).trim();
}

/** Creates an empty repository on `main` with a test identity, in a new temporary folder or in `at`. */
export function createTestRepo(at?: string): TestRepo {
  const dir = at ?? mkdtempSync(join(tmpdir(), 'shipgate-repo-'));
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test Dev');
  git(dir, 'config', 'user.email', 'dev@example.test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'config', 'tag.gpgsign', 'false');
  let n = 0;
  return {
    dir,
    git: (...args) => git(dir, ...args),
    commit(message, file = 'file.txt') {
      n += 1;
      writeFileSync(join(dir, file), `change ${n}\n`, { flag: 'a' });
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '--cleanup=verbatim', '-m', message);
      return git(dir, 'rev-parse', 'HEAD');
    },
    tag(name, ref = 'HEAD') {
      git(dir, 'tag', name, ref);
    },
  };
}

/** A bare repository to push to, added to `repo` as `origin`. */
export function addBareRemote(repo: TestRepo): string {
  const bare = mkdtempSync(join(tmpdir(), 'shipgate-remote-'));
  git(bare, 'init', '-q', '--bare');
  repo.git('remote', 'add', 'origin', bare);
  return bare;
}
