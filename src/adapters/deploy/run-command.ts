import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import type { StepOutcome } from '../../core/deploys/deploy-types.js';
import { OutputTail } from './output-tail.js';
import { describeElapsed, describeLength, stepOutcome as outcome } from './step-outcome.js';

/** One command to run as a child process, with no shell in between. */
export interface CommandRun {
  /** Program and arguments, already split and filled. */
  readonly argv: readonly string[];
  readonly cwd: string;
  /** The complete environment of the child (nothing is inherited). */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** How long the process group gets between SIGTERM and SIGKILL; 5 s unless a test shortens it. */
  readonly killGraceMs?: number;
  readonly signal?: AbortSignal | undefined;
}

/** Default pause between SIGTERM and SIGKILL when a command times out or is cancelled. */
export const KILL_GRACE_MS = 5_000;
/** After the program exits, how long to wait for descendants still holding its output pipes. */
const DRAIN_MS = 500;

type Ending = 'timeout' | 'abort';

/**
 * Runs a command in its own process group (`detached`), capturing stdout and stderr interleaved (last 40 lines /
 * 2,500 characters). On timeout or abort the whole group gets SIGTERM, then SIGKILL after the grace period, so
 * helpers a script started die with it. Never throws: every failure is an outcome with `ok: false`.
 */
export function runCommand(run: CommandRun): Promise<StepOutcome> {
  const started = performance.now();
  const [file, ...args] = run.argv;
  const refuse = (summary: string) => outcome(false, summary, '', performance.now() - started);
  if (file === undefined || file === '') return Promise.resolve(refuse('the command line is empty'));
  if (!isDirectory(run.cwd)) return Promise.resolve(refuse(`working directory not found: ${run.cwd}`));
  if (run.signal?.aborted) return Promise.resolve(refuse('cancelled before it started'));

  return new Promise((resolve) => {
    const tail = new OutputTail();
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, {
        cwd: run.cwd,
        env: run.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      resolve(refuse(`cannot start ${file}: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    const timers: NodeJS.Timeout[] = [];
    let ending: Ending | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null; at: number } | undefined;
    let spawnError: NodeJS.ErrnoException | undefined;
    let done = false;

    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    const finish = () => {
      if (done) return;
      done = true;
      for (const timer of timers) clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      const durationMs = (exit?.at ?? performance.now()) - started;
      resolve(
        summarize(file, { ending, exit, spawnError, durationMs, timeoutMs: run.timeoutMs }, tail.text()),
      );
    };
    const stop = (why: Ending) => {
      if (ending !== undefined || done) return;
      ending = why;
      killGroup('SIGTERM');
      // Not cleared by finish(): descendants that outlive the program still get SIGKILL when the grace ends.
      const hardKill = setTimeout(() => {
        killGroup('SIGKILL');
        timers.push(setTimeout(finish, DRAIN_MS));
      }, run.killGraceMs ?? KILL_GRACE_MS);
      hardKill.unref();
    };
    const onAbort = () => stop('abort');

    timers.push(setTimeout(() => stop('timeout'), run.timeoutMs));
    run.signal?.addEventListener('abort', onAbort, { once: true });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => tail.push(chunk));
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      spawnError = error;
      finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal, at: performance.now() };
      if (ending === undefined) timers.push(setTimeout(finish, DRAIN_MS));
    });
    child.on('close', finish);
  });
}

interface RunEnd {
  readonly ending: Ending | undefined;
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly spawnError: NodeJS.ErrnoException | undefined;
  readonly durationMs: number;
  readonly timeoutMs: number;
}

function summarize(file: string, end: RunEnd, output: string): StepOutcome {
  const { ending, exit, spawnError, durationMs } = end;
  const after = describeElapsed(durationMs);
  if (spawnError !== undefined) {
    const summary =
      spawnError.code === 'ENOENT'
        ? `command not found: ${file}`
        : spawnError.code === 'EACCES'
          ? `cannot run ${file}: permission denied`
          : `cannot start ${file}: ${spawnError.message}`;
    return outcome(false, summary, output, durationMs);
  }
  if (ending === 'timeout')
    return outcome(false, `timed out after ${describeLength(end.timeoutMs)}`, output, durationMs, true);
  if (ending === 'abort') return outcome(false, `cancelled after ${after}`, output, durationMs);
  const code = exit?.code ?? null;
  if (code === null)
    return outcome(false, `killed by ${exit?.signal ?? 'a signal'} after ${after}`, output, durationMs);
  if (code === 0) return outcome(true, `exit 0 in ${after}`, output, durationMs);
  return outcome(false, `exit ${code} after ${after}`, output, durationMs);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
