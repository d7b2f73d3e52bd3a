#!/usr/bin/env bash
# Flake hunt: runs the Vitest projects ROUNDS times (default 3) while a CPU hog keeps every core busy,
# then prints each failing test with how many rounds it failed in, and one summary line per round.
# Not part of scripts/test.sh: it takes ROUNDS full Vitest runs. Run scripts/test.sh once first (it
# installs Node 22, Chromium and node_modules); this script only builds the demo that e2e needs.
#
#   bash scripts/stress-tests.sh                 # 3 rounds, every project
#   bash scripts/stress-tests.sh 5 --project unit  # 5 rounds of the unit project (extra args go to vitest)
#
# The hog is scripts/cpu-hog.sh: one busy loop per core, each a node process with its own deadline
# (STRESS_HOG_SECONDS, default 1800 s per round), so it stops by itself even if this script is killed
# with SIGKILL; it is also stopped at the end of each round and on exit.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rounds="${1:-3}"
shift || true
case "$rounds" in '' | 0 | *[!0-9]*) echo "usage: $0 [ROUNDS] [vitest args...]" >&2; exit 2 ;; esac
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false NO_COLOR=1
unset CLOUDFLARE_API_TOKEN CLOUDFLARE_ACCOUNT_ID
[ -x "$root/.ci/.node22/bin/node" ] && export PATH="$root/.ci/.node22/bin:$PATH"
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium || true)}"
hog_seconds="${STRESS_HOG_SECONDS:-1800}"
cores="$(nproc 2>/dev/null || echo 2)"
out="$root/.ci/stress"
rm -rf "$out"
mkdir -p "$out"

hog=""
stop_hog() {
  if [ -n "$hog" ]; then kill "$hog" 2>/dev/null; wait "$hog" 2>/dev/null; fi
  hog=""
}
start_hog() {
  bash scripts/cpu-hog.sh "$hog_seconds" &
  hog=$!
}
trap 'stop_hog' EXIT
trap 'exit 130' INT TERM

echo "[stress] node $(node -v), $cores cores, $rounds rounds, hog: $cores busy loops (at most ${hog_seconds}s each)"
npm run -s build >"$out/build.log" 2>&1 || { echo "[stress] build failed, see $out/build.log"; exit 1; }

for round in $(seq "$rounds"); do
  start_hog
  started=$SECONDS
  npx vitest run --reporter=dot --reporter=json --outputFile.json="$out/round-$round.json" "$@" \
    >"$out/round-$round.log" 2>&1
  echo "$((SECONDS - started))" >"$out/round-$round.seconds"
  stop_hog
  node scripts/stress-report.mjs "$out" "$round" round
done
node scripts/stress-report.mjs "$out" "$rounds" total
