import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { signSlackRequest } from '../../src/sandbox/sign-request.js';
import { spawnTarget, type Target } from './spawn-target.js';
import type { MemoryPeak } from './targets/load-probe.js';

/** How a forged body is sent: with its `Content-Length` up front, or chunked with no length declared. */
export type ForgedFraming = 'content-length' | 'chunked';

/** What Shipgate held while one burst of forged bodies arrived, against its idle peaks just before. */
export interface ForgedBurst {
  readonly framing: ForgedFraming;
  readonly idle: MemoryPeak;
  readonly burst: MemoryPeak;
  /** How each request ended: `HTTP 413`, `HTTP 401`, or `closed` (the connection was closed while sending). */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly wallMs: number;
}

/** The forged-bodies benchmark: each framing against a Shipgate process of its own. */
export interface ForgedBodiesBench {
  readonly requests: number;
  readonly bodyBytes: number;
  readonly bursts: readonly ForgedBurst[];
}

/** How long Shipgate is watched idle before each burst, and after the last request of a burst ended. */
const IDLE_MS = 1000;
const SETTLE_MS = 200;
const CHUNK_BYTES = 64 * 1024;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Sends one forged request: a body of `body.length` bytes with Slack's headers, signed with the wrong secret and a
 * fresh timestamp. Resolves with how it ended; never rejects (a closed connection is an outcome).
 */
function sendForged(url: string, body: Buffer, framing: ForgedFraming): Promise<string> {
  const signed = signSlackRequest('not-the-signing-secret', 'forged', Date.now() / 1000);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: string) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve(outcome);
    };
    const req = request(url, {
      method: 'POST',
      headers: {
        ...signed,
        'content-type': 'application/x-www-form-urlencoded',
        ...(framing === 'content-length' ? { 'content-length': body.length } : {}),
      },
    });
    req.on('response', (res) => {
      res.resume();
      settle(`HTTP ${res.statusCode}`);
    });
    req.on('error', () => settle('closed'));
    req.on('close', () => settle('closed'));
    const write = async () => {
      for (let at = 0; at < body.length && !settled; at += CHUNK_BYTES) {
        if (!req.write(body.subarray(at, at + CHUNK_BYTES)))
          await new Promise<void>((go) => {
            const drained = () => {
              req.off('drain', drained);
              req.off('close', drained);
              go();
            };
            req.on('drain', drained);
            req.on('close', drained);
          });
      }
      if (!settled) req.end();
    };
    void write();
  });
}

/** Fires `requests` forged bodies at once and returns how they ended, counted by outcome. */
async function burst(url: string, requests: number, body: Buffer, framing: ForgedFraming) {
  const outcomes: Record<string, number> = {};
  const ended = await Promise.all(Array.from({ length: requests }, () => sendForged(url, body, framing)));
  for (const outcome of ended) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  return outcomes;
}

async function measureBurst(target: Target, requests: number, body: Buffer, framing: ForgedFraming) {
  await burst(target.url, requests, Buffer.alloc(1024, 'a'), framing);
  await target.watchMemory();
  await sleep(IDLE_MS);
  const idle = await target.readMemory();
  await target.watchMemory();
  const started = performance.now();
  const outcomes = await burst(target.url, requests, body, framing);
  const wallMs = performance.now() - started;
  await sleep(SETTLE_MS);
  const peak = await target.readMemory();
  return { framing, idle, burst: peak, outcomes, wallMs };
}

/**
 * Memory under hostile input (issue #8): `requests` concurrent forged requests of `bodyBytes` each (wrong
 * signature, fresh timestamp) against Shipgate in its own process, once with `Content-Length` declared and once
 * chunked, each against a fresh process (RSS a process once took is not given back, so a second burst in the same
 * process would reuse the first one's pages). Before each burst the same number of small forged requests open as many connections, then Shipgate is
 * watched idle for a second; its peaks (RSS, V8 heap used, Buffers) during the burst are compared with those idle
 * peaks. The caller prints.
 */
export async function benchForgedBodies(options: {
  requests: number;
  bodyBytes: number;
}): Promise<ForgedBodiesBench> {
  const body = Buffer.alloc(options.bodyBytes, 'x');
  const bursts: ForgedBurst[] = [];
  for (const framing of ['content-length', 'chunked'] as const) {
    const target = await spawnTarget(here('./targets/shipgate.ts'), {
      BENCH_SIGNING_SECRET: `bench-${process.pid}`,
    });
    try {
      bursts.push(await measureBurst(target, options.requests, body, framing));
    } finally {
      await target.stop();
    }
  }
  return { requests: options.requests, bodyBytes: options.bodyBytes, bursts };
}
