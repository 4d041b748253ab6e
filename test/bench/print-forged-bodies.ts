import type { ForgedBodiesBench } from './forged-bodies.js';
import { fmt, table } from './format.js';

const MIB = 1024 * 1024;
const mib = (bytes: number) => fmt(bytes / MIB, 1);

/** Prints the forged-bodies section: per framing, Shipgate's idle and burst peaks and how the requests ended. */
export function printForgedBodies(bench: ForgedBodiesBench): void {
  console.log(
    `\nForged bodies: ${bench.requests} concurrent requests of ${fmt(bench.bodyBytes / 1e6, 1)} MB with a wrong ` +
      'signature, against Shipgate idle just before (peaks sampled every 2 ms inside the process)',
  );
  console.log('(idle = peak over 1 s without traffic; Buffers = process.memoryUsage().arrayBuffers)');
  const rows = bench.bursts.flatMap((b) => [
    [`${b.framing}, idle`, mib(b.idle.rss), mib(b.idle.heapUsed), mib(b.idle.arrayBuffers), '', ''],
    [
      `${b.framing}, burst`,
      mib(b.burst.rss),
      mib(b.burst.heapUsed),
      mib(b.burst.arrayBuffers),
      fmt(b.wallMs, 0),
      Object.entries(b.outcomes)
        .map(([outcome, n]) => `${n}× ${outcome}`)
        .join(', '),
    ],
    [
      `${b.framing}, above idle`,
      mib(b.burst.rss - b.idle.rss),
      mib(b.burst.heapUsed - b.idle.heapUsed),
      mib(b.burst.arrayBuffers - b.idle.arrayBuffers),
      '',
      '',
    ],
  ]);
  console.log(
    table([['framing', 'RSS MiB', 'heap MiB', 'Buffers MiB', 'burst ms', 'requests ended'], ...rows]),
  );
}
