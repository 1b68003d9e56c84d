#!/usr/bin/env bash
# Measures what the README reports for start-up: seconds from running ./tollgate to /health/ready answering 200,
# and the resident memory of the JVM and of the embedded PostgreSQL right after, for a first start on an empty data
# folder and then for restarts of the same folder. Loopback only; each run is bounded to 180 s.
#   bench/startup.sh [restarts]      (default 2)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
restarts="${1:-2}"
port="${TOLLGATE_HTTP_PORT:-18080}"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT

(cd "$root" && mvn -B -q -DskipTests package >/dev/null 2>&1)

# Proportional set size (shared pages divided among the processes sharing them), so that PostgreSQL's shared
# buffers count once and not once per backend.
pss_kb() { awk '/^Pss:/ {s+=$2} END {print s+0}' "${@/%//smaps_rollup}" 2>/dev/null; }

measure() {
  local label="$1" start end pid log
  log="$(mktemp)"
  start=$(date +%s%N)
  TOLLGATE_HTTP_PORT="$port" TOLLGATE_DATA_DIR="$data" TOLLGATE_JAR="$root/web/target/tollgate.jar" \
    "$root/tollgate" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 720); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" == 200 ]]; then break; fi
    kill -0 "$pid" 2>/dev/null || { echo "$label: Tollgate exited; see $log" >&2; exit 1; }
    sleep 0.25
  done
  end=$(date +%s%N)
  local jvm pg
  jvm=$(ps -o rss= -p "$pid")
  local postmaster
  postmaster=$(head -1 "$data/postgres/postmaster.pid")
  pg=$(pss_kb "/proc/$postmaster" $(pgrep -P "$postmaster" | sed 's#^#/proc/#'))
  printf '| %s | %.1f s | %d MB | %d MB |\n' "$label" "$(echo "($end - $start) / 1000000000" | bc -l)" \
    $((jvm / 1024)) $((pg / 1024))
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  rm -f "$log"
}

echo "| start | to ready | RSS of the JVM | PSS of the embedded PostgreSQL (all its processes) |"
echo "|---|---|---|---|"
measure "first"
for i in $(seq 1 "$restarts"); do measure "restart $i"; done
