import { execFile } from 'node:child_process';

/** What one git invocation printed, or how it failed. */
export interface GitResult {
  readonly ok: boolean;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when git could not run or ran out of time (not a plain non-zero exit). */
  readonly failure?: string;
}

/** One git invocation: arguments (no shell), the work tree, a timeout and extra environment. */
export interface GitRun {
  readonly cwd: string;
  readonly args: readonly string[];
  readonly timeoutMs: number;
  readonly env?: Readonly<Record<string, string>>;
  /** Written to git's standard input (a tag message); stdin is closed at once otherwise. */
  readonly input?: string;
}

/** The variables a git child keeps from Shipgate's environment (so credentials helpers and ssh keep working). */
const KEPT = ['PATH', 'HOME', 'SSH_AUTH_SOCK', 'GIT_SSH_COMMAND', 'SYSTEMROOT', 'TMPDIR'];

/**
 * Runs `git` as a child process with no shell, `GIT_TERMINAL_PROMPT=0` (a push that needs a password fails instead
 * of waiting for one), `LC_ALL=C` (messages in English, for the error mapping) and a timeout. Never throws.
 */
export function runGit(run: GitRun): Promise<GitResult> {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_PAGER: 'cat' };
  for (const key of KEPT) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  Object.assign(env, run.env);
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      [...run.args],
      { cwd: run.cwd, env, timeout: run.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, code: 0, stdout, stderr });
        const err = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
        const failure =
          err.code === 'ENOENT'
            ? 'git is not installed (or not on PATH)'
            : err.killed
              ? `git ${run.args[0]} timed out after ${Math.round(run.timeoutMs / 1000)} s`
              : typeof err.code === 'number'
                ? undefined
                : err.message;
        resolve({
          ok: false,
          code: typeof err.code === 'number' ? err.code : null,
          stdout,
          stderr,
          ...(failure ? { failure } : {}),
        });
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(run.input ?? '');
  });
}
