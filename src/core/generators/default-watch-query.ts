const SERIES = 'service="{service}",track="{track}"';

/**
 * A PromQL query to start from for a `monitoring.metrics` name, over the labels the example config's queries use
 * (`service`, `track`): the example's own queries for error rate, latency quantiles and throughput, the process
 * metrics for CPU and memory, successful requests per minute as a business metric, and the metric itself
 * (averaged over the track) for any other name.
 */
export function defaultWatchQuery(metric: string): string {
  const quantile = /^latency_p(\d{2,3})$/.exec(metric)?.[1];
  if (quantile !== undefined)
    return `histogram_quantile(0.${quantile}, sum by (le) (rate(http_request_duration_seconds_bucket{${SERIES}}[1m])))`;
  switch (metric) {
    case 'error_rate':
      return `sum(rate(http_requests_total{${SERIES},code=~"5.."}[1m])) / sum(rate(http_requests_total{${SERIES}}[1m]))`;
    case 'throughput':
      return `sum(rate(http_requests_total{${SERIES}}[1m]))`;
    case 'cpu_utilization':
      return `avg(rate(process_cpu_seconds_total{${SERIES}}[1m]))`;
    case 'memory_utilization':
      return `avg(process_resident_memory_bytes{${SERIES}})`;
    case 'requests_succeeded_per_minute':
      return `sum(rate(http_requests_total{${SERIES},code!~"5.."}[1m])) * 60`;
    default:
      return `avg(${metric}{${SERIES}})`;
  }
}
