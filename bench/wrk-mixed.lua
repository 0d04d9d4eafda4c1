-- wrk script for bench/run.sh: a mix of distinct search pages instead of one URL repeated, so a
-- response cache gets a realistic share of misses. The pool is every search word × every
-- benchmark municipality, plus each word nationally (20 × 357 + 20 = 7,160 URLs). Each request
-- picks one with a log-uniform (Zipf-like) law: a few pages are very popular, most are rare.
-- The seed is fixed per thread, so runs are comparable.
local words = {
  "fotball", "sv%C3%B8mming", "dans", "sjakk", "korps", "leksehjelp", "ski", "klatring",
  "sykkel", "musikk", "teater", "bibliotek", "turn", "h%C3%A5ndball", "kor", "utstyr",
  "sommer", "ferie", "gratis", "trening",
}
local first = tonumber(os.getenv("BENCH_MUN_FIRST") or "9001")
local count = tonumber(os.getenv("BENCH_MUN_COUNT") or "357")

local paths = {}
for _, w in ipairs(words) do
  paths[#paths + 1] = "/offers?q=" .. w
  for m = first, first + count - 1 do
    paths[#paths + 1] = "/offers?q=" .. w .. "&kommune=" .. m
  end
end

-- A fixed shuffle, so "popular" does not simply mean "the first word".
math.randomseed(42)
for i = #paths, 2, -1 do
  local j = math.random(i)
  paths[i], paths[j] = paths[j], paths[i]
end

local thread_no = 0
function setup(thread)
  thread_no = thread_no + 1
  thread:set("seed", thread_no)
end

function init(args)
  math.randomseed(1000 + (seed or 0))
end

function request()
  -- Log-uniform over 1 … #paths.
  local i = math.floor((#paths) ^ math.random())
  if i < 1 then i = 1 end
  return wrk.format("GET", paths[i])
end

dofile((os.getenv("BENCH_DIR") or "bench") .. "/wrk-report.lua")
