-- wrk script: POST $BENCH_BODY as JSON, with `Authorization: Bearer KEY` when $BENCH_KEY is set; with
-- several space-separated keys (one per account), the requests take them in turn.
-- Prints one machine-readable line: RESULT rps p50_ms p99_ms max_ms requests errors
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
local keys = {}
for key in string.gmatch(os.getenv("BENCH_KEY") or "", "%S+") do
  table.insert(keys, key)
end
if #keys == 1 then
  wrk.headers["Authorization"] = "Bearer " .. keys[1]
elseif #keys > 1 then
  local turn = 0
  request = function()
    turn = turn % #keys + 1
    wrk.headers["Authorization"] = "Bearer " .. keys[turn]
    return wrk.format()
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.3f %.3f %.3f %d %d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, e.connect + e.read + e.write + e.timeout + e.status))
end
