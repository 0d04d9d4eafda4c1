-- wrk script for bench/activities.sh: every request is a public sign-up (one guardian, one
-- child) for a random activity from the file $BENCH_ACTIVITIES (one UUID a line), with the CSRF
-- token $BENCH_CSRF that belongs to the cookie $BENCH_COOKIE. Each request comes "from" its own
-- address (X-Forwarded-For; the server runs with trust_forwarded_for) so the per-address sign-up
-- limit, which stays on, does not turn the burst into 429s.
-- Prints the same machine-readable BENCH line as wrk-report.lua.
local ids = {}
local body_tail
local counter = 0
local cookie

init = function(args)
  for line in io.lines(os.getenv("BENCH_ACTIVITIES")) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  body_tail = "&rows=1&guardian_name=Bench+Foresatt&phone=912+34+567&language=nb&send=1" ..
              "&child1_birth_year=2015&csrf=" .. os.getenv("BENCH_CSRF")
  cookie = os.getenv("BENCH_COOKIE")
end

request = function()
  counter = counter + 1
  local id = ids[math.random(#ids)]
  -- wrk.format takes these instead of wrk.headers, so every header goes here.
  local headers = {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254)),
  }
  return wrk.format("POST", "/activities/" .. id, headers, "child1_name=Barn+" .. counter .. body_tail)
end

done = function(summary, latency, requests)
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "mean_us=%.1f err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
