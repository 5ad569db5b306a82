-- post.lua — wrk script for tests/load/run.sh: POST real articles (JSON
-- request bodies listed one path a line in the file given as the script's
-- argument) to /api/annotate in turn, and count every answer that is not 200.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  for path in io.lines(args[1]) do
    local f = assert(io.open(path, "rb"))
    bodies[#bodies + 1] = f:read("*a")
    f:close()
  end
  -- each thread starts at another article
  next_body = math.random(#bodies)
  non200 = 0
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/api/annotate", nil, bodies[next_body])
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non200")
  end
  local e = summary.errors
  io.write(string.format("result requests %d\n", summary.requests))
  io.write(string.format("result non200 %d\n", bad))
  io.write(string.format("result socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("result rps %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("result p50_ms %.1f\n", latency:percentile(50) / 1000))
  io.write(string.format("result p99_ms %.1f\n", latency:percentile(99) / 1000))
  io.write(string.format("result max_ms %.1f\n", latency.max / 1000))
end
