import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small round-robin load balancer on loopback, for tests with several Shipgate replicas: each request goes to
 * the next upstream in turn, body and headers as received (so Slack's signature still verifies). An upstream that
 * refuses the connection (a killed replica) is skipped and the request tried on the next, as a load balancer's
 * health check would take it out (a request the replica took in and then died on is answered 502, never sent
 * twice: Slack's own retry, signed anew, is what delivers it again); one that does not answer within `timeoutMs` (a stopped replica) gets the request
 * answered 504, which Slack treats as a failed delivery. `served` counts the requests each upstream answered.
 */
export class RoundRobinProxy {
  private next = 0;
  readonly served: number[];

  private constructor(
    private readonly server: Server,
    private readonly upstreams: string[],
  ) {
    this.served = upstreams.map(() => 0);
  }

  /** Listens on an ephemeral loopback port in front of `upstreams` (base URLs such as `http://127.0.0.1:4100`). */
  static async start(upstreams: string[], options: { timeoutMs?: number } = {}): Promise<RoundRobinProxy> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    let proxy: RoundRobinProxy | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const tryFrom = (attempt: number) => {
          const self = proxy as RoundRobinProxy;
          if (attempt >= self.upstreams.length) {
            res.writeHead(502).end('no upstream answered');
            return;
          }
          const index = self.next++ % self.upstreams.length;
          const target = new URL(req.url ?? '/', self.upstreams[index]);
          const forward = request(
            target,
            { method: req.method, headers: { ...req.headers, host: target.host }, timeout: timeoutMs },
            (upstream) => {
              self.served[index] = (self.served[index] ?? 0) + 1;
              res.writeHead(upstream.statusCode ?? 502, upstream.headers);
              upstream.pipe(res);
            },
          );
          forward.on('timeout', () => {
            forward.destroy();
            if (!res.headersSent) res.writeHead(504).end('upstream timed out');
          });
          forward.on('error', (err: NodeJS.ErrnoException) => {
            if (res.headersSent || res.writableEnded) return;
            if (err.code === 'ECONNREFUSED') tryFrom(attempt + 1);
            else res.writeHead(502).end(err.message);
          });
          forward.end(body);
        };
        tryFrom(0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new RoundRobinProxy(server, upstreams);
    return proxy;
  }

  /** The proxy's base URL. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Replaces upstream `index` (a replica restarted on another port). */
  replace(index: number, upstream: string): void {
    this.upstreams[index] = upstream;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
