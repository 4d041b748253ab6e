import { RoundRobinProxy } from '../../support/round-robin-proxy.js';
import { serveLoadProbe } from './load-probe.js';

/**
 * The round-robin load balancer of the high-availability tests (`RoundRobinProxy`) in a process of its own, in front
 * of the Shipgate base URLs in `BENCH_UPSTREAMS` (comma-separated), so its work is neither the bench's nor a
 * replica's. Prints its Slack endpoint as one JSON line on stdout and answers the load probe.
 */
serveLoadProbe();
const upstreams = (process.env.BENCH_UPSTREAMS ?? '').split(',').filter(Boolean);
if (upstreams.length === 0) throw new Error('BENCH_UPSTREAMS must name at least one upstream');
const proxy = await RoundRobinProxy.start(upstreams);
process.stdout.write(`${JSON.stringify({ url: `${proxy.url}/slack/events` })}\n`);
