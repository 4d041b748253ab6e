import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a Prometheus may take to start, answer ready and land its first scrape. */
const START_TIMEOUT_MS = 20_000;
/** Lines of Prometheus's stderr kept for the error when it does not start. */
const LOG_LINES = 20;

/** Whether `path` is an executable file. */
function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The prometheus binary: `PROMETHEUS_BIN`, else `/usr/bin/prometheus`, else the first on PATH; undefined if none. */
export function prometheusBinary(): string | undefined {
  const fromEnv = process.env.PROMETHEUS_BIN;
  if (fromEnv) return executable(fromEnv) ? fromEnv : undefined;
  const candidates = [
    '/usr/bin/prometheus',
    ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'prometheus')),
  ];
  return candidates.find((c) => c !== 'prometheus' && executable(c));
}

/** Whether a prometheus binary is installed here. */
export function prometheusAvailable(): boolean {
  return prometheusBinary() !== undefined;
}

/** A free loopback port (there is a gap before Prometheus binds it; {@link startPrometheus} retries a lost race). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** What {@link startPrometheus} scrapes. */
export interface PrometheusOptions {
  /** `host:port` targets scraped at `/metrics` every second by one job, `demo`. */
  readonly targets: readonly string[];
  /** The binary (default: {@link prometheusBinary}). */
  readonly binary?: string;
}

/** A running Prometheus of the sandbox's (or a test's) own; `stop()` it when done. */
export interface PrometheusServer {
  /** `http://127.0.0.1:<port>`, for `metrics.prometheus.url`. */
  readonly url: string;
  /** Kills Prometheus and removes its config and storage; safe to call twice. */
  stop(): Promise<void>;
}

/** The scrape config: one job, 1 s interval and timeout, the given targets. */
function scrapeConfig(targets: readonly string[]): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: demo',
    '    static_configs:',
    `      - targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]`,
    '',
  ].join('\n');
}

/** Stops a child: SIGTERM, then SIGKILL if it is still there after 3 s. */
async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const gone = await Promise.race([exited.then(() => true), sleep(3_000).then(() => false)]);
  if (!gone) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Polls `/-/ready` until it answers 200, the child exits, or the time runs out. */
async function waitReady(url: string, child: ChildProcess, deadline: number): Promise<boolean> {
  while (performance.now() < deadline && child.exitCode === null) {
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) return true;
    await sleep(100);
  }
  return false;
}

/** Polls `min(up{job="demo"})` until it is 1 (every target's first scrape landed) or the time runs out. */
async function waitScraped(url: string, deadline: number): Promise<boolean> {
  const query = `${url}/api/v1/query?query=${encodeURIComponent('min(up{job="demo"})')}`;
  while (performance.now() < deadline) {
    const up = await fetch(query, { signal: AbortSignal.timeout(1_000) })
      .then((r) => r.json() as Promise<{ data?: { result?: { value?: [number, string] }[] } }>)
      .then((body) => body.data?.result?.[0]?.value?.[1])
      .catch(() => undefined);
    if (up === '1') return true;
    await sleep(100);
  }
  return false;
}

/** One try at starting Prometheus on a fresh port; rejects with its log when it does not come up. */
async function startOnce(binary: string, dir: string, attempt: number): Promise<PrometheusServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, `data-${attempt}`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const log: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => log.push(...chunk.split('\n').filter(Boolean)));
  child.on('error', (error) => log.push(String(error)));
  const deadline = performance.now() + START_TIMEOUT_MS;
  const stop = () => kill(child);
  try {
    if (!(await waitReady(url, child, deadline))) throw new Error('not ready');
    if (!(await waitScraped(url, deadline))) throw new Error('no first scrape');
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`prometheus did not start (${reason}):\n${log.slice(-LOG_LINES).join('\n')}`);
  }
  return { url, stop };
}

/**
 * Starts the real `prometheus` binary (no shell) on 127.0.0.1 at a free port, with a temporary config scraping
 * `targets` every second and a temporary TSDB; resolves once `/-/ready` answers and every target's first scrape
 * has landed (`up` is 1). Never uses :9090, where a packaged Prometheus may be running.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const binary = options.binary ?? prometheusBinary();
  if (binary === undefined) throw new Error('prometheus binary not found; apt-get install prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), scrapeConfig(options.targets));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  for (let attempt = 1; ; attempt++) {
    try {
      const server = await startOnce(binary, dir, attempt);
      return {
        url: server.url,
        stop: async () => {
          await server.stop();
          cleanUp();
        },
      };
    } catch (error) {
      const lostPortRace = error instanceof Error && /address already in use/.test(error.message);
      if (!lostPortRace || attempt === 3) {
        cleanUp();
        throw error;
      }
    }
  }
}
