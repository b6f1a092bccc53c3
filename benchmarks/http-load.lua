-- wrk script for http-load.sh: POSTs the PNG named by $HTTP_LOAD_PNG to /v1/classify and prints one
-- RESULT line with throughput, latency percentiles and error counts.
local file = assert(io.open(os.getenv("HTTP_LOAD_PNG"), "rb"))
local png = file:read("*all")
file:close()

wrk.method = "POST"
wrk.body = png
wrk.headers["Content-Type"] = "image/png"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.1f p99_ms=%.1f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
