-- wrk script for http-load.sh: POSTs the PNG named by $HTTP_LOAD_PNG to /v1/classify and prints one
-- RESULT line with throughput, latency percentiles, 503 answers and error counts.
local file = assert(io.open(os.getenv("HTTP_LOAD_PNG"), "rb"))
local png = file:read("*all")
file:close()
busy = 0 -- 503 answers of this thread: the server refusing load by design, counted apart from errors
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

wrk.method = "POST"
wrk.body = png
wrk.headers["Content-Type"] = "image/png"

function response(status, headers, body)
  if status == 503 then
    busy = busy + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local refused = 0
  for _, thread in ipairs(threads) do
    refused = refused + thread:get("busy")
  end
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.1f p99_ms=%.1f busy503=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    refused, e.status - refused, e.connect + e.read + e.write + e.timeout))
end
