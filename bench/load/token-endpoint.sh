#!/usr/bin/env bash
# Load test of the issuer's token endpoint on loopback, with wrk (Debian package `wrk`).
#   bench/load/token-endpoint.sh [duration] [connections]      e.g. bench/load/token-endpoint.sh 30s 64
# Starts the issuer in Release with the embedded SQLite database in a temporary data folder, then measures
#   1. client_credentials for the seeded service client (client_secret_basic),
#   2. refresh_token grants with rotation (one chain per wrk thread, chains minted by tests/interop-js first).
# Every request goes to 127.0.0.1; every run is bounded by the duration; the issuer is stopped at the end.
# Environment: REDIS (optional StackExchange.Redis configuration string to run with shared state on Redis),
#              REFRESH_CHAINS (default 4), WARMUP (default 15s: tiered compilation and PGO need several seconds under load
#              before the code is final), SKIP_BUILD=1 to reuse the last Release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
duration=${1:-30s}
connections=${2:-64}
threads=2
chains=${REFRESH_CHAINS:-4}
warmup=${WARMUP:-15s}
work=$(mktemp -d)
issuer_pid=

cleanup() {
  [ -n "$issuer_pid" ] && kill "$issuer_pid" 2>/dev/null && wait "$issuer_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# CPU time (ms) the issuer process has used: with other work on the machine, CPU per request is the steadier figure.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$issuer_pid/stat"; }

# measure LABEL wrk-arguments...: runs wrk, prints its report and the issuer's CPU milliseconds per request.
measure() {
  local label=$1; shift
  local before after out requests
  before=$(cpu_ms)
  out=$(wrk "$@")
  after=$(cpu_ms)
  echo "$out"
  requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<<"$out")
  awk -v l="$label" -v c=$((after - before)) -v r="${requests:-0}" -v n="$(nproc)" \
    'BEGIN { if (r > 0) printf "%s: issuer CPU %.2f ms per request -> at most %.0f requests/s on %d idle cores\n", l, c / r, (c > 0 ? n * 1000 * r / c : 0), n }'
}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build -c Release --nologo -v q "$root/src/Identity.Issuer/Identity.Issuer.csproj" >/dev/null
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
export ASPNETCORE_ENVIRONMENT=Production
export Issuer__SeedDemoData=true
export Issuer__IssuerUri="$base/" Issuer__AllowInsecureHttp=true Issuer__DataPath="$work/data"
export Logging__LogLevel__Default=Warning
if [ -n "${REDIS:-}" ]; then
  export Redis__Configuration="$REDIS" Redis__InstanceName="bench:$$:"
fi
dotnet "$root/src/Identity.Issuer/bin/Release/net10.0/Identity.Issuer.dll" --urls "$base" >"$work/issuer.log" 2>&1 &
issuer_pid=$!
for _ in $(seq 150); do
  curl -fsS "$base/health" >/dev/null 2>&1 && break
  kill -0 "$issuer_pid" 2>/dev/null || { cat "$work/issuer.log"; exit 1; }
  sleep 0.2
done
curl -fsS "$base/health" >/dev/null

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), dotnet $(dotnet --version)"
echo "== issuer: $base (Release, SQLite${REDIS:+, Redis $REDIS})"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
echo "== framework floor: GET /health"
measure health -t"$threads" -c"$connections" -d10s --latency "$base/health" | grep -E "Requests/sec|50%|99%|CPU"

# 1. client_credentials. One request first, so a broken setup fails here rather than in wrk's statistics.
authorization="Basic $(printf '%s' 'demo-service:demo-service-secret' | base64 -w0)"
curl -fsS -X POST -H "Authorization: $authorization" -d grant_type=client_credentials "$base/connect/token" >/dev/null
echo "== client_credentials: wrk -t$threads -c$connections -d$duration --latency (after a $warmup warm-up)"
AUTHORIZATION="$authorization" wrk -t"$threads" -c"$connections" -d"$warmup" -s bench/load/client-credentials.lua "$base/connect/token" >/dev/null
AUTHORIZATION="$authorization" measure client_credentials -t"$threads" -c"$connections" -d"$duration" --latency -s bench/load/client-credentials.lua "$base/connect/token"

# Where the time goes, by subtraction (each run is short; these requests are refused on purpose):
#  - unknown client: request parsing and the client lookup in the database, no secret hashing, no token;
#  - wrong secret: the same plus PBKDF2 verification of the secret, no token;
#  - the full run above adds token creation, signing and the token entry written to the database.
echo "== breakdown: unknown client (lookup only), wrong secret (lookup + PBKDF2), 10 s each"
AUTHORIZATION="Basic $(printf '%s' 'no-such-client:x' | base64 -w0)" measure unknown_client -t"$threads" -c"$connections" -d10s -s bench/load/client-credentials.lua "$base/connect/token" | grep -E "Requests/sec|CPU|non-200"
AUTHORIZATION="Basic $(printf '%s' 'demo-service:wrong-secret' | base64 -w0)" measure wrong_secret -t"$threads" -c"$connections" -d10s -s bench/load/client-credentials.lua "$base/connect/token" | grep -E "Requests/sec|CPU|non-200"

# 2. refresh_token with rotation: each chain is strictly sequential, so concurrency equals the number of chains.
if command -v node >/dev/null && [ -d tests/interop-js/node_modules ]; then
  # Twice the chains: the first half warms the refresh path up (a rotated token cannot be used again), the second is measured.
  echo "== minting $((2 * chains)) refresh token chains through the login flow (openid-client)"
  ISSUER="$base/" CLIENT_ID=demo-rp CLIENT_SECRET=demo-rp-secret REDIRECT_URI=http://localhost:5090/signin-oidc \
    LOGIN_USERNAME="${LOGIN_USERNAME:-marie.tremblay}" LOGIN_PASSWORD="${LOGIN_PASSWORD:-Demo-Citoyen-2026}" \
    node tests/interop-js/oidc-flow.mjs --refresh-tokens $((2 * chains)) >"$work/all-refresh-tokens.txt"
  head -n "$chains" "$work/all-refresh-tokens.txt" >"$work/warmup-tokens.txt"
  tail -n "$chains" "$work/all-refresh-tokens.txt" >"$work/refresh-tokens.txt"
  rp_authorization="Basic $(printf '%s' 'demo-rp:demo-rp-secret' | base64 -w0)"
  REFRESH_TOKENS_FILE="$work/warmup-tokens.txt" AUTHORIZATION="$rp_authorization" wrk -t"$chains" -c"$chains" -d"$warmup" -s bench/load/refresh-token.lua "$base/connect/token" >/dev/null
  echo "== refresh_token: wrk -t$chains -c$chains -d$duration --latency (after a $warmup warm-up on other chains)"
  REFRESH_TOKENS_FILE="$work/refresh-tokens.txt" AUTHORIZATION="$rp_authorization" measure refresh_token -t"$chains" -c"$chains" -d"$duration" --latency -s bench/load/refresh-token.lua "$base/connect/token"
else
  echo "== refresh_token: skipped (needs node and 'npm ci' in tests/interop-js)"
fi

echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== issuer process: $(ps -o rss=,time= -p "$issuer_pid" | awk '{printf "RSS %.0f MiB, CPU time %s", $1/1024, $2}')"
