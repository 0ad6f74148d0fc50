-- wrk script for one URL: counts X-Cache values, prints JSON at the end (counts.lua).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "counts.lua")
function init(args) hits, others, errors = 0, 0, 0 end
