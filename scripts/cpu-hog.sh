#!/usr/bin/env bash
# A CPU hog for testing under load: one busy loop per core (node processes), each stopping by itself
# after SECONDS (default 1800) even if this script is killed with SIGKILL; stopping this script
# (TERM, INT, or its end) stops them at once.
#
#   bash scripts/cpu-hog.sh 900 & hog=$!; bash scripts/test.sh; kill "$hog"
set -uo pipefail
seconds="${1:-1800}"
case "$seconds" in '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac
cores="$(nproc 2>/dev/null || echo 2)"
loops=()
stop() {
  for pid in "${loops[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
}
trap stop EXIT
trap 'exit 143' TERM INT
for _ in $(seq "$cores"); do
  node -e "const end = Date.now() + $seconds * 1000; while (Date.now() < end);" &
  loops+=("$!")
done
wait
