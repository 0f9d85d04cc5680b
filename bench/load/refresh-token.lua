-- wrk script: refresh_token grant (RFC 6749 §6) with rotation. A rotated refresh token is single-use, so each wrk
-- thread (run with -c equal to -t: one connection per thread) holds its own chain: it starts from one token read from
-- REFRESH_TOKENS_FILE (one a line, minted by the login flow) and sends, each time, the token the previous answer returned.
-- AUTHORIZATION is "Basic base64(client_id:client_secret)" of the login client, computed by token-endpoint.sh.
local authorization = os.getenv("AUTHORIZATION") or error("AUTHORIZATION is not set")
local file = os.getenv("REFRESH_TOKENS_FILE") or "refresh-tokens.txt"

local tokens = {}
for line in io.lines(file) do if #line > 0 then table.insert(tokens, line) end end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("token", tokens[#threads])
end

function init() failures = 0 end

local function escape(s) return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", c:byte()) end)) end

function request()
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = authorization },
    "grant_type=refresh_token&refresh_token=" .. escape(token))
end

function response(status, headers, body)
  local next_token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if status == 200 and next_token then token = next_token else failures = failures + 1 end
end

function done(summary)
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("failures") or 0) end
  io.write(string.format("failed refreshes: %d of %d\n", total, summary.requests))
end
