import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LoadSample, MemoryPeak, ProbeAnswer, ProbeRequest } from './targets/load-probe.js';

/** A benchmark target running in its own process, so its memory and CPU are its own. */
export interface Target {
  readonly url: string;
  readonly child: ChildProcess;
  /** Starts a measured interval inside the target (see `serveLoadProbe`). */
  mark(): Promise<void>;
  /** CPU and event-loop delay of the target since the last `mark`. */
  read(): Promise<LoadSample>;
  /** Starts watching the target's memory (peaks sampled every 2 ms inside it). */
  watchMemory(): Promise<void>;
  /** The peaks since `watchMemory`, and stops watching. */
  readMemory(): Promise<MemoryPeak>;
  stop(): Promise<void>;
}

/** Starts `script` with tsx, with an IPC channel for the load probe, and waits for the JSON line with its URL. */
export async function spawnTarget(script: string, env: Record<string, string>): Promise<Target> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  const ask = <T extends ProbeAnswer['type']>(request: ProbeRequest, type: T) =>
    new Promise<Extract<ProbeAnswer, { type: T }>>((resolve) => {
      const listen = (message: ProbeAnswer) => {
        if (message.type !== type) return;
        child.off('message', listen);
        resolve(message as Extract<ProbeAnswer, { type: T }>);
      };
      child.on('message', listen);
      child.send(request);
    });
  return {
    url,
    child,
    mark: async () => {
      await ask({ type: 'mark' }, 'marked');
    },
    read: async () => {
      const { cpuUs, eventLoopDelayP99Ms, eventLoopDelayMaxMs } = await ask({ type: 'read' }, 'sample');
      return { cpuUs, eventLoopDelayP99Ms, eventLoopDelayMaxMs };
    },
    watchMemory: async () => {
      await ask({ type: 'watch-memory' }, 'watching');
    },
    readMemory: async () => {
      const { rss, heapUsed, arrayBuffers } = await ask({ type: 'read-memory' }, 'memory');
      return { rss, heapUsed, arrayBuffers };
    },
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
