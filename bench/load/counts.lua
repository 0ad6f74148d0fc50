-- Shared by single.lua and spread.lua: counts X-Cache hits, other answers and errors per thread,
-- and prints them with the throughput and latency as one JSON line at the end.
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
  if headers["X-Cache"] == "hit" then hits = hits + 1 else others = others + 1 end
end
function done(summary, latency, requests)
  local h, o, e = 0, 0, 0
  for _, thread in ipairs(threads) do h = h + thread:get("hits"); o = o + thread:get("others"); e = e + thread:get("errors") end
  io.write(string.format('JSON {"requests": %d, "rps": %.1f, "p50_ms": %.2f, "p99_ms": %.2f, "hits": %d, "not_hits": %d, "errors": %d}\n',
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, h, o, e))
end
