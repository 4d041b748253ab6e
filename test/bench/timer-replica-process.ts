import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ReplicaReport } from './targets/timer-replica.js';

const TARGET = fileURLToPath(new URL('./targets/timer-replica.ts', import.meta.url));

/** A timer replica (`targets/timer-replica.ts`) running in its own process, as the bench drives it. */
export interface TimerReplica {
  readonly name: string;
  readonly child: ChildProcess;
  /** Calls `onLine` with every line it prints from now on (`held <i>`, `fired <i> <epoch ms>`). */
  onLine(onLine: (line: string) => void): void;
  /** Starts its scheduler at `at` (epoch ms). */
  go(at: number): void;
  /** Stops it and resolves with its report once it exited. */
  stop(): Promise<ReplicaReport>;
  /** kill -9; resolves once the process is gone. */
  kill(): Promise<void>;
}

/**
 * Starts a timer replica named `name` on the PostgreSQL schema `url` with `env` added (`BENCH_LEASE_MS`,
 * `BENCH_SWEEP_S`, `BENCH_HOLD`, `BENCH_LIVE`) and resolves once it printed `ready`; rejects if it exits before.
 */
export async function spawnTimerReplica(
  name: string,
  url: string,
  env: Record<string, string> = {},
): Promise<TimerReplica> {
  const child = spawn(process.execPath, ['--import', 'tsx', TARGET], {
    env: { ...process.env, ...env, BENCH_REPLICA: name, BENCH_DATABASE_URL: url },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const listeners: ((line: string) => void)[] = [];
  let last = '';
  lines.on('line', (line) => {
    last = line;
    for (const listen of listeners) listen(line);
  });
  const exited = once(child, 'exit');
  await Promise.race([
    new Promise<void>((resolve) => {
      const ready = (line: string) => {
        if (line !== 'ready') return;
        listeners.splice(listeners.indexOf(ready), 1);
        resolve();
      };
      listeners.push(ready);
    }),
    exited.then(([code]) => {
      throw new Error(`timer replica ${name} exited with ${code} before it was ready`);
    }),
  ]);
  return {
    name,
    child,
    onLine: (onLine) => listeners.push(onLine),
    go: (at) => child.stdin?.write(`go ${at}\n`),
    async stop() {
      child.stdin?.write('stop\n');
      const [code] = await exited;
      if (code !== 0) throw new Error(`timer replica ${name} exited with ${code}`);
      return JSON.parse(last) as ReplicaReport;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
