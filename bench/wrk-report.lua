-- wrk script for bench/run.sh: prints one machine-readable line after the human summary, so
-- the numbers do not have to be scraped from wrk's rounded, unit-suffixed text.
-- Latencies are in microseconds; errors.status counts responses that were not 2xx/3xx.
done = function(summary, latency, requests)
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "mean_us=%.1f err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
