-- wrk script: each request one of the listed paths (args[1], a file of one path a line), chosen
-- uniformly at random: many cached pages, none much more popular than the others. Counts X-Cache
-- values, prints JSON at the end (counts.lua).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "counts.lua")
function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  hits, others, errors = 0, 0, 0
  math.randomseed(os.time() * 1000 + id)
end
function request() return wrk.format("GET", paths[math.random(#paths)]) end
