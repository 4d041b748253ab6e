import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Resolution of the event-loop delay sampler, in ms: the same in every target, so their figures compare. */
const RESOLUTION_MS = 5;

/** What a target measured about itself since the bench last marked it. */
export interface LoadSample {
  /** User + system CPU time of the whole process (every thread), in µs. */
  readonly cpuUs: number;
  /** p99 and max of the event-loop delay (`monitorEventLoopDelay`), in ms. */
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
}

/** Messages the bench sends a target over the IPC channel, and the answers. */
export type ProbeRequest = { readonly type: 'mark' } | { readonly type: 'read' };
export type ProbeAnswer = { readonly type: 'marked' } | ({ readonly type: 'sample' } & LoadSample);

/**
 * Lets the bench measure this target from the inside: `mark` starts a measured interval (resets the event-loop
 * delay histogram and notes `process.cpuUsage()`), `read` answers with what the interval cost. CPU comes from
 * getrusage (µs resolution, all threads), not from /proc's 10 ms clock ticks, which are too coarse for a round of
 * a second or less. Does nothing when the process has no IPC channel.
 */
export function serveLoadProbe(): void {
  if (!process.send) return;
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  let since = process.cpuUsage();
  process.on('message', (message: ProbeRequest) => {
    if (message.type === 'mark') {
      delay.reset();
      since = process.cpuUsage();
      answer({ type: 'marked' });
    } else if (message.type === 'read') {
      const cpu = process.cpuUsage(since);
      answer({
        type: 'sample',
        cpuUs: cpu.user + cpu.system,
        eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
        eventLoopDelayMaxMs: delay.max / 1e6,
      });
    }
  });
}

function answer(message: ProbeAnswer): void {
  process.send?.(message);
}
