#!/usr/bin/env bash
# Smoke test of the Cloudflare service: starts `wrangler dev` offline on 127.0.0.1 (fresh local
# state, a dev token passed as a var) and drives the HTTP API with curl: auth, a session, a turn
# streamed as SSE, history, an approval answered mid-stream, two concurrent prompts, limits, delete.
# Prints each check and, at the end, the time from POST prompt to the first SSE event.
#
#   bash scripts/wrangler-dev-smoke.sh            # port 8787; PORT=8790 RUNS=20 bash scripts/... to vary
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$root/.ci/.node22/bin:$PATH"
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false NO_COLOR=1
unset CLOUDFLARE_API_TOKEN CLOUDFLARE_ACCOUNT_ID

port="${PORT:-8787}"
runs="${RUNS:-6}"
base="http://127.0.0.1:$port"
token="smoke-token-$(node -e 'process.stdout.write(require("crypto").randomBytes(16).toString("hex"))')"
work="$(mktemp -d)"
log="$work/wrangler-dev.log"
failures=0
wrangler_pid=""

cleanup() {
  if [ -n "$wrangler_pid" ]; then kill -- "-$wrangler_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

pass() { echo "[smoke] ok   $*"; }
fail() { echo "[smoke] FAIL $*"; failures=$((failures + 1)); }
check() { # check <description> <expected> <actual>
  if [ "$2" = "$3" ]; then pass "$1 ($3)"; else fail "$1: expected $2, got $3"; fi
}
json_field() { # json_field <field> < json
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];process.stdout.write(typeof v==="string"?v:JSON.stringify(v))})' "$1"
}
api() { # api <method> <path> [json body] -> prints "<status> <body>"
  local method=$1 path=$2 body=${3:-}
  if [ -n "$body" ]; then
    curl -s --max-time 30 -o "$work/body" -w '%{http_code}' -X "$method" -H "authorization: Bearer $token" \
      -H 'content-type: application/json' --data-binary "$body" "$base$path"
  else
    curl -s --max-time 30 -o "$work/body" -w '%{http_code}' -X "$method" -H "authorization: Bearer $token" "$base$path"
  fi
}
now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }

# 1. wrangler dev, offline, on 127.0.0.1, in its own process group (so every child stops with it).
setsid npx wrangler dev --config worker/cloudflare/wrangler.toml --ip 127.0.0.1 --port "$port" \
  --persist-to "$work/state" --var "AMPLIFIER_EDGE_TOKEN:$token" </dev/null >"$log" 2>&1 &
wrangler_pid=$!
started=$(now_ms)
until grep -q "Ready on" "$log"; do
  if ! kill -0 "$wrangler_pid" 2>/dev/null; then cat "$log"; echo "[smoke] wrangler dev exited"; exit 1; fi
  if [ $(( $(now_ms) - started )) -gt 90000 ]; then cat "$log"; echo "[smoke] wrangler dev not ready in 90 s"; exit 1; fi
  sleep 0.2
done
echo "[smoke] wrangler dev ready on $base in $(( $(now_ms) - started )) ms"

# 2. Health (open) and auth (closed).
check "GET /health" 200 "$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "$base/health")"
check "POST /v1/sessions without a token" 401 \
  "$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -X POST --data '{}' "$base/v1/sessions")"
check "POST /v1/sessions with a wrong token" 401 "$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' \
  -X POST -H 'authorization: Bearer wrong' --data '{}' "$base/v1/sessions")"

# 3. A session with the offline mock provider and the calculator.
plan='{"session":{"orchestrator":"loop-basic","context":"context-simple"},"providers":[{"module":"provider-mock"}],"tools":[{"module":"tool-calculator"}]}'
check "POST /v1/sessions" 201 "$(api POST /v1/sessions "{\"plan\":$plan}")"
session=$(json_field session_id <"$work/body")
[[ "$session" =~ ^[0-9a-f]{32}$ ]] && pass "session id is 128-bit hex ($session)" || fail "session id $session"

# 4. Prompts streamed as SSE; the time to the first event of each (the first one also mounts the session).
first_event_times=()
for run in $(seq 1 "$runs"); do
  start=$(now_ms)
  first=""
  : >"$work/stream"
  while IFS= read -r line; do
    if [ -z "$first" ] && [[ "$line" == event:* ]]; then first=$(( $(now_ms) - start )); fi
    echo "$line" >>"$work/stream"
  done < <(curl -sN --max-time 30 -X POST -H "authorization: Bearer $token" -H 'content-type: application/json' \
    --data "{\"prompt\":\"What is $run * 7?\"}" "$base/v1/sessions/$session/prompt")
  total=$(( $(now_ms) - start ))
  first_event_times+=("$first")
  expected="data: {\"response\":\"The answer is $((run * 7)).\"}"
  if [ "$(grep '^data:' "$work/stream" | tail -1)" = "$expected" ]; then
    pass "prompt $run: $(grep -c '^event:' "$work/stream") events, first after ${first} ms, result after ${total} ms"
  else
    fail "prompt $run ended with $(tail -3 "$work/stream" | tr '\n' ' ')"
  fi
done
grep -q '^event: tool:pre$' "$work/stream" && pass "the stream carries tool:pre" || fail "no tool:pre event"

check "GET .../messages" 200 "$(api GET "/v1/sessions/$session/messages")"
check "history length after $runs turns" $((runs * 4)) "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(0,"utf8")).messages.length)' <"$work/body")"
check "GET /v1/sessions/:id" 200 "$(api GET "/v1/sessions/$session")"

# 5. An approval answered mid-stream (a sandboxed hook asks before every tool).
hook='import { HookResult } from \"amplifier-core\"; export async function mount(c) { c.hooks.register(\"tool:pre\", async (_e, d) => HookResult.ask_user(\"Run \" + d.tool_name + \"?\"), { name: \"ask\" }); }'
asking="{\"session\":{\"orchestrator\":\"loop-basic\",\"context\":\"context-simple\"},\"providers\":[{\"module\":\"provider-mock\"}],\"tools\":[{\"module\":\"tool-calculator\"}],\"hooks\":[{\"module\":\"hook-ask\",\"source\":{\"inline\":\"$hook\"}}]}"
check "POST /v1/sessions (sandboxed hook)" 201 "$(api POST /v1/sessions "{\"plan\":$asking}")"
asking_session=$(json_field session_id <"$work/body")
curl -sN --max-time 60 -X POST -H "authorization: Bearer $token" -H 'content-type: application/json' \
  --data '{"prompt":"What is 6 * 7?"}' "$base/v1/sessions/$asking_session/prompt" >"$work/approval-stream" &
stream_pid=$!
request_id=""
for _ in $(seq 1 300); do
  request_id=$(grep -A1 '^event: approval:required$' "$work/approval-stream" | grep '^data:' | sed 's/^data: //' | json_field request_id 2>/dev/null || true)
  [ -n "$request_id" ] && break
  sleep 0.1
done
[ -n "$request_id" ] && pass "approval:required carries request id $request_id" || fail "no approval:required event"
check "POST .../approvals/<forged id>" 404 "$(api POST "/v1/sessions/$asking_session/approvals/0123456789abcdef0123456789abcdef" '{"decision":"Allow"}')"
check "POST .../approvals/<id> on another session" 404 "$(api POST "/v1/sessions/$session/approvals/$request_id" '{"decision":"Allow"}')"
check "POST .../approvals/<id>" 200 "$(api POST "/v1/sessions/$asking_session/approvals/$request_id" '{"decision":"Allow"}')"
wait "$stream_pid" || true
check "the approved turn's result" 'data: {"response":"The answer is 42."}' "$(grep '^data:' "$work/approval-stream" | tail -1)"

# 6. Two prompts at once: both complete, one after the other.
for n in 1 2; do
  curl -sN --max-time 60 -X POST -H "authorization: Bearer $token" -H 'content-type: application/json' \
    --data "{\"prompt\":\"What is $n + 100?\"}" "$base/v1/sessions/$session/prompt" >"$work/concurrent-$n" &
  eval "concurrent_$n=\$!"
done
wait "$concurrent_1" "$concurrent_2" || true
check "concurrent prompt 1" 'data: {"response":"The answer is 101."}' "$(grep '^data:' "$work/concurrent-1" | tail -1)"
check "concurrent prompt 2" 'data: {"response":"The answer is 102."}' "$(grep '^data:' "$work/concurrent-2" | tail -1)"
api GET "/v1/sessions/$session/messages" >/dev/null
check "history after the concurrent prompts (not interleaved)" "user,assistant,tool,assistant,user,assistant,tool,assistant" \
  "$(node -e 'const m=JSON.parse(require("fs").readFileSync(0,"utf8")).messages.slice(-8);console.log(m.map(x=>x.role).join(","))' <"$work/body")"

# 7. Bad input.
check "POST .../prompt without a prompt" 400 "$(api POST "/v1/sessions/$session/prompt" '{}')"
echo "[smoke]      $(cat "$work/body")"
check "POST /v1/sessions with an invalid plan" 400 "$(api POST /v1/sessions '{"plan":{"session":{"orchestrator":"loop-basic"}}}')"
echo "[smoke]      $(cat "$work/body")"
head -c 3000000 /dev/zero | tr '\0' ' ' >"$work/big"
check "POST /v1/sessions with a 3 MB body" 413 "$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -X POST \
  -H "authorization: Bearer $token" -H 'content-type: application/json' --data-binary @"$work/big" "$base/v1/sessions")"
check "POST .../prompt with a 3 MB chunked body" 413 "$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -X POST \
  -H "authorization: Bearer $token" -H 'content-type: application/json' -H 'transfer-encoding: chunked' \
  --data-binary @"$work/big" "$base/v1/sessions/$session/prompt")"

# 8. Delete: 204, then gone, and archived in KV.
check "DELETE /v1/sessions/:id" 204 "$(api DELETE "/v1/sessions/$session")"
check "GET .../messages after delete" 404 "$(api GET "/v1/sessions/$session/messages")"
check "GET /v1/archives/:id/messages" 200 "$(api GET "/v1/archives/$session/messages")"

# Figures.
sorted=$(printf '%s\n' "${first_event_times[@]:1}" | sort -n | tr '\n' ' ')
median=$(printf '%s\n' "${first_event_times[@]:1}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "[smoke] POST prompt -> first SSE event: first turn (mounts the session) ${first_event_times[0]} ms;" \
  "next $((runs - 1)) turns median ${median} ms (sorted: ${sorted}ms); load average $(cut -d' ' -f1 /proc/loadavg)"
if [ "$failures" -gt 0 ]; then
  echo "[smoke] $failures check(s) failed; wrangler dev log:"
  tail -40 "$log"
  exit 1
fi
echo "[smoke] all checks passed"
