import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TimerRunReport } from './targets/timer-scheduler.js';

const TARGET = fileURLToPath(new URL('./targets/timer-scheduler.ts', import.meta.url));

/**
 * Runs the durable-timer target (`targets/timer-scheduler.ts`) once in its own process with `env` added, and
 * resolves with its report (its last stdout line); rejects if it fails.
 */
export function runTimerTarget(env: Record<string, string>): Promise<TimerRunReport> {
  const child = spawn(process.execPath, ['--import', 'tsx', TARGET], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1);
      if (code !== 0 || !last)
        reject(new Error(`timer benchmark target (${env.BENCH_TIMER_MODE}) exited ${code}`));
      else resolve(JSON.parse(last) as TimerRunReport);
    });
  });
}
