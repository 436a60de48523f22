-- wrk script: each request submits a form (raw body); with ?sheet=1 (the
-- default) the server reads it, validates it, stores it durably and renders
-- its confirmation sheet before answering.
-- Environment: GF_TOKEN, GF_FILE, GF_QUERY (default "sheet=1").
local token = os.getenv("GF_TOKEN")
local path = os.getenv("GF_FILE")
local query = os.getenv("GF_QUERY") or "sheet=1"
local f = assert(io.open(path, "rb"))
local body = f:read("*a")
f:close()
local name = path:match("([^/]+)$")

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/octet-stream"
  wrk.path = "/api/v1/submissions?" .. query .. "&name=" .. name
  created, sheets = 0, 0
end

function response(status, headers, resp)
  if status == 201 then
    created = created + 1
    if resp:find('"sheet_ready":true', 1, true) then sheets = sheets + 1 end
  end
end

function done(summary, latency, requests)
  local c, s = 0, 0
  for _, t in ipairs(threads) do
    c = c + (t:get("created") or 0)
    s = s + (t:get("sheets") or 0)
  end
  io.write(string.format("created %d submissions, %d with their sheet rendered\n", c, s))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
