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

/** The most memory a target held while it was watched, in bytes (`process.memoryUsage()`). */
export interface MemoryPeak {
  readonly rss: number;
  readonly heapUsed: number;
  /** Memory outside the V8 heap held by Buffers and other ArrayBuffers (where request bodies live). */
  readonly arrayBuffers: number;
}

/** Messages the bench sends a target over the IPC channel, and the answers. */
export type ProbeRequest =
  | { readonly type: 'mark' }
  | { readonly type: 'read' }
  | { readonly type: 'watch-memory' }
  | { readonly type: 'read-memory' };
export type ProbeAnswer =
  | { readonly type: 'marked' }
  | ({ readonly type: 'sample' } & LoadSample)
  | { readonly type: 'watching' }
  | ({ readonly type: 'memory' } & MemoryPeak);

/** How often the memory watch samples `process.memoryUsage()`, in ms. */
const MEMORY_SAMPLE_MS = 2;

/**
 * Lets the bench measure this target from the inside: `mark` starts a measured interval (resets the event-loop
 * delay histogram and notes `process.cpuUsage()`), `read` answers with what the interval cost. CPU comes from
 * getrusage (µs resolution, all threads), not from /proc's 10 ms clock ticks, which are too coarse for a round of
 * a second or less. `watch-memory` starts sampling `process.memoryUsage()` every 2 ms, `read-memory` stops and
 * answers with the peaks. Does nothing when the process has no IPC channel.
 */
export function serveLoadProbe(): void {
  if (!process.send) return;
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  let since = process.cpuUsage();
  let watch: { peak: MemoryPeak; timer: NodeJS.Timeout } | undefined;
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
    } else if (message.type === 'watch-memory') {
      if (watch) clearInterval(watch.timer);
      const current = { peak: memoryNow(), timer: setInterval(() => sampleInto(current), MEMORY_SAMPLE_MS) };
      watch = current;
      answer({ type: 'watching' });
    } else if (message.type === 'read-memory') {
      const peak = watch ? sampleInto(watch) : memoryNow();
      if (watch) clearInterval(watch.timer);
      watch = undefined;
      answer({ type: 'memory', ...peak });
    }
  });
}

function memoryNow(): MemoryPeak {
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, arrayBuffers };
}

/** Takes one sample into the watch's peaks and returns them. */
function sampleInto(watch: { peak: MemoryPeak }): MemoryPeak {
  const now = memoryNow();
  watch.peak = {
    rss: Math.max(watch.peak.rss, now.rss),
    heapUsed: Math.max(watch.peak.heapUsed, now.heapUsed),
    arrayBuffers: Math.max(watch.peak.arrayBuffers, now.arrayBuffers),
  };
  return watch.peak;
}

function answer(message: ProbeAnswer): void {
  process.send?.(message);
}
