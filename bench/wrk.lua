-- wrk script of bench/run.py. Without arguments: the default GET. With arguments
-- (ids file, thread count, path format): POST to the path of each id in turn, each thread
-- taking every n-th id, so no entry is moved twice. done() prints one JSON line.
local ids = nil
local sent = 0
local path_format = nil

local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

function init(args)
  if args[1] then
    local step = tonumber(args[2])
    path_format = args[3]
    ids = {}
    local i = 0
    for line in io.lines(args[1]) do
      if line ~= "" then
        if i % step == index then table.insert(ids, line) end
        i = i + 1
      end
    end
  end
end

function request()
  if ids then
    sent = sent + 1
    -- Past the end, the last id again: refused as already moved, and not counted as a move.
    local id = ids[sent] or ids[#ids]
    return wrk.format("POST", string.format(path_format, id), nil, "")
  end
  return wrk.format(nil)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %.0f, "p95_us": %.0f, "p99_us": %.0f, '
      .. '"errors": %d, "bad_status": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
