-- wrk script: client_credentials grant (RFC 6749 §4.4) for the seeded service client, client_secret_basic (RFC 6749 §2.3.1).
-- Counts non-200 answers so a run that only measured errors is visible.
-- AUTHORIZATION is "Basic base64(client_id:client_secret)", computed by token-endpoint.sh.
local authorization = os.getenv("AUTHORIZATION") or error("AUTHORIZATION is not set")

wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = authorization

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init() failures = 0 end
function response(status) if status ~= 200 then failures = failures + 1 end end
function done(summary)
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("failures") or 0) end
  io.write(string.format("non-200 responses: %d of %d\n", total, summary.requests))
end
