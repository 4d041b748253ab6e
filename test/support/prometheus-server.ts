import { prometheusAvailable } from '../../src/sandbox/prometheus/start-prometheus.js';

export {
  type PrometheusOptions,
  type PrometheusServer,
  prometheusAvailable,
  prometheusBinary,
  startPrometheus,
} from '../../src/sandbox/prometheus/start-prometheus.js';

/**
 * For `describe.skipIf(missingPrometheus())`: false when the binary is here. When it is missing, CI (`CI` set)
 * throws, so the file fails instead of passing untested; anywhere else it warns loudly and returns true.
 */
export function missingPrometheus(): boolean {
  if (prometheusAvailable()) return false;
  const message =
    'prometheus binary not found (PROMETHEUS_BIN, /usr/bin/prometheus, PATH): install it with `apt-get install prometheus`';
  if (process.env.CI) throw new Error(`${message}; CI must run the Prometheus tests`);
  console.warn(`\n!!!!!!!!\n!!! SKIPPING the Prometheus tests: ${message}\n!!!!!!!!\n`);
  return true;
}
