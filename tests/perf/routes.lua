-- wrk script for `load.py`: each connection cycles through one path of each of the five routes
-- of `examples/hello`, and `done` prints the figures as one JSON line (prefixed `RESULT `).

local paths = {
    "/hello?name=me",
    "/hello/me?greeting=Howdy",
    "/users/42",
    "/stage",
    "/test/hello",
}
local requests = {}
local next_request = 1

function init(args)
    for i, path in ipairs(paths) do
        requests[i] = wrk.format("GET", path)
    end
end

function request()
    local r = requests[next_request]
    next_request = next_request % #requests + 1
    return r
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,' ..
        '"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}\n',
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
        latency.max, e.connect, e.read, e.write, e.timeout, e.status))
end
