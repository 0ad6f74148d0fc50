-- wrk script: 70 % articles, 20 % fronts and lists, 10 % search, from the URL lists run.py wrote;
-- counts X-Cache values and statuses per thread and prints them at the end (as JSON).
local threads = {}

local function lines(path)
  local list = {}
  for line in io.lines(path) do list[#list + 1] = line end
  return list
end

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  articles = lines(args[1])
  fronts = lines(args[2])
  searches = lines(args[3])
  hits, misses, stale, off, other, errors, redirects = 0, 0, 0, 0, 0, 0, 0
  math.randomseed(os.time() * 1000 + id)
end

-- Zipf-like popularity: a few articles are read most (news), the rest rarely.
local function pick(list)
  local r = math.random()
  local i = math.floor(#list * r * r * r) + 1
  return list[i]
end

function request()
  local r = math.random(100)
  local target
  if r <= 70 then target = pick(articles)
  elseif r <= 90 then target = fronts[math.random(#fronts)]
  else target = searches[math.random(#searches)] end
  return wrk.format("GET", target)
end

function response(status, headers, body)
  local served = headers["X-Cache"]
  if status >= 500 or status == 404 then errors = errors + 1 end
  if status >= 300 and status < 400 then redirects = redirects + 1 end
  if served == "hit" then hits = hits + 1
  elseif served == "miss" then misses = misses + 1
  elseif served == "stale" then stale = stale + 1
  elseif served == "off" then off = off + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local t = {hits = 0, misses = 0, stale = 0, off = 0, other = 0, errors = 0, redirects = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format(
    'JSON {"requests": %d, "errors_http": %d, "socket_errors": %d, "timeouts": %d, "hits": %d, "misses": %d, "stale": %d, "off": %d, "other": %d, "redirects": %d, "p50_ms": %.1f, "p90_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, "rps": %.1f}\n',
    summary.requests, t.errors, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, t.hits, t.misses, t.stale, t.off, t.other, t.redirects,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests / (summary.duration / 1e6)))
end
