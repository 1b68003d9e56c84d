#!/usr/bin/env bash
# Measures Tollgate's chat completions path against a fast fake upstream (nginx answering a fixed body), beside the
# same load sent to that upstream directly and through a bare nginx reverse proxy, and writes bench/RESULTS.md.
# Loopback only (ports 18180 Tollgate, 18181 fake upstream, 18182 nginx proxy); every phase is bounded; about
# 21 minutes with the defaults (7 without the history and the soak). Installs nginx, wrk (and curl, python3) from Debian's repositories when missing.
#
#   bench/gateway.sh
#
# Settings (environment):
#   WARMUP=120           seconds of load on Tollgate before measuring (then half as long on the streaming path); on
#                        2 cores the JIT compiler is still busy with Payara's and Tollgate's hot paths for about two
#                        minutes, and a shorter warm-up measures it compiling (30 s gave 0.4-0.6x these figures)
#   DURATION=15          seconds of each measured wrk run
#   STREAM_REQUESTS=500  sequential streaming requests per target for time to first byte
#   THREADS=2 CONNECTIONS=32   wrk's threads and connections for the throughput runs
#   NGINX_WORKERS=1      worker_processes of the private nginx (a number or auto)
#   TOLLGATE_JAVA_OPTS   passed to ./tollgate (its default: -Xmx512m)
#   HISTORY_KEYS=10000 HISTORY_GENERATIONS=1000000   written into the database before the runs of section 5 (0 skips it)
#   SOAK=600             seconds of load (wrk -c8) while RSS is sampled every 30 s, section 6 (0 skips it)
#   PG_STATEMENTS=0      1: Tollgate runs on a private PostgreSQL of Debian's packages with pg_stat_statements
#                        instead of the embedded one (port 18183), and section 2 also lists the statements a priced
#                        call runs at one connection, with their time per call
# Anything below the line "<!-- notes below are kept -->" in RESULTS.md survives a rerun, and so do
# the sections of bench/router.sh and bench/ledger.sh (between "<!-- router:begin -->" and "<!-- router:end -->",
# "<!-- ledger:begin -->" and "<!-- ledger:end -->").
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$root/bench/RESULTS.md"
marker='<!-- notes below are kept -->'
warmup="${WARMUP:-120}"
duration="${DURATION:-15}"
stream_requests="${STREAM_REQUESTS:-500}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-32}"
nginx_workers="${NGINX_WORKERS:-1}"
history_keys="${HISTORY_KEYS:-10000}"
history_generations="${HISTORY_GENERATIONS:-1000000}"
soak="${SOAK:-600}"
pg_statements="${PG_STATEMENTS:-0}"
tg_port=18180
up_port=18181
proxy_port=18182
statements_port=18183

say() { printf '[gateway.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# --- tools -------------------------------------------------------------------------------------------------------
missing=()
command -v nginx >/dev/null || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
command -v python3 >/dev/null || missing+=(python3)
command -v psql >/dev/null || missing+=(postgresql-client)
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
if [[ "$pg_statements" == 1 ]] && ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
  missing+=(postgresql)
fi
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

jar="$root/web/target/tollgate.jar"
if [[ ! -f "$jar" ]]; then
  command -v mvn >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y maven openjdk-17-jdk-headless; }
  say "building $jar"
  (cd "$root" && mvn -B -q -DskipTests package)
fi

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"   # this machine may be shared: say how busy it was
for port in $tg_port $up_port $proxy_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is already in use"; fi
done

# --- clean-up of everything started here -------------------------------------------------------------------------
work="$(mktemp -d /tmp/tollgate-bench.XXXXXX)"
data="$(mktemp -d /tmp/tollgate-bench-data.XXXXXX)"
tg_pid=""
nginx_pid=""
cleanup() {
  set +e
  if [[ -n "$tg_pid" ]] && kill -0 "$tg_pid" 2>/dev/null; then
    say "stopping Tollgate (pid $tg_pid)"
    kill "$tg_pid"
    for _ in $(seq 1 240); do kill -0 "$tg_pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$tg_pid" 2>/dev/null && { say "Tollgate did not stop in 60 s; killing it"; kill -9 "$tg_pid"; }
    wait "$tg_pid" 2>/dev/null
  fi
  # The embedded PostgreSQL normally stops with the JVM; stop it if it outlived a killed JVM.
  if [[ -f "$data/postgres/postmaster.pid" ]]; then
    local pm
    pm="$(head -1 "$data/postgres/postmaster.pid")"
    if [[ "$pm" =~ ^[0-9]+$ ]] && kill -0 "$pm" 2>/dev/null; then
      kill -INT "$pm"
      for _ in $(seq 1 120); do kill -0 "$pm" 2>/dev/null || break; sleep 0.25; done
    fi
  fi
  if [[ -n "$nginx_pid" ]] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid"
    for _ in $(seq 1 40); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$nginx_pid" 2>/dev/null && kill -TERM "$nginx_pid"
    wait "$nginx_pid" 2>/dev/null
  fi
  rm -rf "$work" "$data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the fake upstream and the bare proxy (nginx) ----------------------------------------------------------------
json_body='{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"fixed","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help you today?"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":9,"total_tokens":18}}'
chunk() { printf 'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"fixed",%s}\\n\\n' "$1"; }
sse_body="$(chunk '"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]')$(
  chunk '"choices":[{"index":0,"delta":{"content":"Hello!"},"finish_reason":null}]')$(
  chunk '"choices":[{"index":0,"delta":{"content":" How can I help you today?"},"finish_reason":null}]')$(
  chunk '"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]')$(
  chunk '"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":9,"total_tokens":18}')data: [DONE]\n\n"

mkdir -p "$work/nginx/tmp"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes $nginx_workers;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 75s;

    # The fake upstream: a fixed OpenAI answer, whole or as server-sent events.
    server {
        listen 127.0.0.1:$up_port;
        location = /json/chat/completions {
            default_type application/json;
            return 200 '$json_body';
        }
        location = /sse/chat/completions {
            default_type text/event-stream;
            return 200 '$sse_body';
        }
    }

    # The bare reverse proxy in front of it: the ceiling for one hop.
    upstream fake_upstream {
        server 127.0.0.1:$up_port;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$proxy_port;
        location / {
            proxy_pass http://fake_upstream;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
"$nginx_bin" -t -q -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" \
  || die "nginx rejected its configuration"
"$nginx_bin" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!

# --- a private PostgreSQL with pg_stat_statements (PG_STATEMENTS=1) ---------------------------------------------
# In the embedded server's place ($data/postgres), so the CPU figures and the clean-up find it there.
if [[ "$pg_statements" == 1 ]]; then
  pg_bin="$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -1)")"
  as_postgres() { if [[ "$(id -u)" == 0 ]]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi; }
  chmod 755 "$data"
  mkdir "$data/postgres"
  [[ "$(id -u)" == 0 ]] && chown postgres "$data/postgres"
  as_postgres "'$pg_bin/initdb' -U postgres -A trust -D '$data/postgres' >/dev/null" || die "initdb failed"
  # synchronous_commit off, as the embedded server runs.
  as_postgres "'$pg_bin/pg_ctl' -D '$data/postgres' -l '$data/postgres/server.log' -w -o '-p $statements_port \
    -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all \
    -c synchronous_commit=off -c max_connections=200' start >/dev/null" || die "the private PostgreSQL did not start"
  psql -q -h 127.0.0.1 -p "$statements_port" -U postgres -c 'CREATE DATABASE tollgate' \
    && psql -q -h 127.0.0.1 -p "$statements_port" -U postgres -d tollgate -c 'CREATE EXTENSION pg_stat_statements' \
    || die "could not prepare the private PostgreSQL"
  export TOLLGATE_DB_URL="jdbc:postgresql://127.0.0.1:$statements_port/tollgate" TOLLGATE_DB_USER=postgres
  export TOLLGATE_DB_PASSWORD=""
  pg_port=$statements_port
  pg_version="$("$pg_bin/postgres" --version | awk '{ print $3 }')"
  say "private PostgreSQL $pg_version with pg_stat_statements on 127.0.0.1:$statements_port"
fi

# --- Tollgate ----------------------------------------------------------------------------------------------------
cp "$jar" "$work/tollgate.jar"   # the original may be rebuilt while this runs
admin_token="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
say "starting Tollgate on 127.0.0.1:$tg_port (log: $work/tollgate.log)"
TOLLGATE_HTTP_PORT="$tg_port" TOLLGATE_DATA_DIR="$data" TOLLGATE_JAR="$work/tollgate.jar" \
  TOLLGATE_ADMIN_TOKEN="$admin_token" TOLLGATE_DEMO=false \
  "$root/tollgate" >"$work/tollgate.log" 2>&1 &
tg_pid=$!
started=$(date +%s%N)
ready=""
for _ in $(seq 1 720); do
  if [[ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$tg_port/health/ready")" == 200 ]]; then
    ready=1; break
  fi
  kill -0 "$tg_pid" 2>/dev/null || { tail -30 "$work/tollgate.log" >&2; die "Tollgate exited before it was ready"; }
  sleep 0.25
done
[[ -n "$ready" ]] || { tail -30 "$work/tollgate.log" >&2; die "Tollgate was not ready in 180 s"; }
ready_s=$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
# ./tollgate execs java, so its pid is the JVM's; look for a java child in case that ever changes.
java_pid="$tg_pid"
if [[ "$(cat "/proc/$tg_pid/comm" 2>/dev/null)" != java ]]; then
  java_pid="$(pgrep -P "$tg_pid" -x java | head -1)"
  [[ -n "$java_pid" ]] || die "no java process under ./tollgate (pid $tg_pid)"
fi
rss_mb() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$java_pid/status"; }
hwm_mb() { awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$java_pid/status"; }
rss_start=$(rss_mb)
say "Tollgate ready in ${ready_s} s; JVM pid $java_pid, RSS ${rss_start} MB"

# --- configuration through the operator API ----------------------------------------------------------------------
# call METHOD PATH TOKEN [BODY]: prints the response body; dies unless the status is 2xx.
# try METHOD PATH TOKEN [BODY]: the same, but only says so when the status is not 2xx.
try() {
  local code data=()
  [[ $# -ge 4 ]] && data=(--data "$4")
  code="$(curl -sS -m 30 -o "$work/response" -w '%{http_code}' -X "$1" "http://127.0.0.1:$tg_port$2" \
    -H "Authorization: Bearer $3" -H 'Content-Type: application/json' "${data[@]}")" || die "$1 $2: curl failed"
  [[ "$code" == 2* ]] || { say "$1 $2 answered $code: $(cat "$work/response")"; return 1; }
  cat "$work/response"
}
call() { try "$@" || die "the operator API refused the benchmark's configuration"; }
field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

for kind in json sse; do
  call POST /api/admin/v1/providers "$admin_token" \
    "{\"slug\":\"bench-$kind\",\"name\":\"Bench ${kind^^}\",\"protocol\":\"openai\",\"base_url\":\"http://127.0.0.1:$up_port/$kind\"}" >/dev/null
done
for model in bench/model bench/stream-model bench/unpriced-model; do
  call POST /api/admin/v1/models "$admin_token" \
    "{\"id\":\"$model\",\"name\":\"Bench $model\",\"context_length\":8192,\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"]}" >/dev/null
done
endpoint='{"model":"%s","provider":"%s","upstream_model":"fixed","cost":{"prompt":"0.0000001","completion":"0.0000002"},"context_length":8192}'
# shellcheck disable=SC2059
call POST /api/admin/v1/endpoints "$admin_token" "$(printf "$endpoint" bench/model bench-json)" >/dev/null
# shellcheck disable=SC2059
call POST /api/admin/v1/endpoints "$admin_token" "$(printf "$endpoint" bench/stream-model bench-sse)" >/dev/null
# The same answer at no cost: no hold and nothing to settle, so its runs show what the ledger costs (accounting off).
call POST /api/admin/v1/endpoints "$admin_token" \
  '{"model":"bench/unpriced-model","provider":"bench-json","upstream_model":"fixed","cost":{"prompt":"0","completion":"0"},"context_length":8192}' >/dev/null
org="$(call POST /api/admin/v1/orgs "$admin_token" '{"name":"Bench"}')"
org_id="$(field id <<<"$org")"
management_key="$(field management_key <<<"$org")"
# Credits, for when inference needs them (≈ 3 µUSD a request here); grants may not exist yet (501), so go on.
try POST "/api/admin/v1/orgs/$org_id/grants" "$admin_token" '{"amount":"100000","reason":"benchmark"}' >/dev/null \
  || say "(no credits granted; going on)"
key="$(call POST /api/v1/keys "$management_key" '{"name":"bench"}' | field key)"

# --- the requests ------------------------------------------------------------------------------------------------
json_request='{"model":"bench/model","messages":[{"role":"user","content":"Say hello"}]}'
sse_request='{"model":"bench/stream-model","messages":[{"role":"user","content":"Say hello"}],"stream":true}'
unpriced_request='{"model":"bench/unpriced-model","messages":[{"role":"user","content":"Say hello"}]}'
direct_json="http://127.0.0.1:$up_port/json/chat/completions"
proxy_json="http://127.0.0.1:$proxy_port/json/chat/completions"
direct_sse="http://127.0.0.1:$up_port/sse/chat/completions"
tollgate_chat="http://127.0.0.1:$tg_port/api/v1/chat/completions"

check() { # LABEL URL BODY EXPECTED-SUBSTRING
  local code
  code="$(curl -sS -m 10 -o "$work/check" -w '%{http_code}' -X POST "$2" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' --data "$3")" || die "$1: curl failed"
  [[ "$code" == 200 ]] || die "$1 ($2) answered $code: $(head -c 500 "$work/check")"
  grep -qF -- "$4" "$work/check" || die "$1 ($2) answered 200 without '$4': $(head -c 500 "$work/check")"
  say "$1 answers 200"
}
check "direct upstream" "$direct_json" "$json_request" '"chat.completion"'
check "nginx proxy" "$proxy_json" "$json_request" '"chat.completion"'
check "Tollgate" "$tollgate_chat" "$json_request" '"choices"'
check "direct upstream, streaming" "$direct_sse" "$sse_request" 'data: [DONE]'
check "Tollgate, streaming" "$tollgate_chat" "$sse_request" 'data: [DONE]'

# wrk scripts: the same request and headers to every target; done() prints exact figures (microseconds).
lua() { # FILE BODY
  cat >"$1" <<EOF
wrk.method = "POST"
wrk.body = [[$2]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
EOF
}
lua "$work/json.lua" "$json_request"
lua "$work/sse.lua" "$sse_request"
lua "$work/unpriced.lua" "$unpriced_request"
# The container's floor: a GET of the same path, which the inference servlet answers with a 405 in OpenRouter's
# envelope before reading a key or a body (Grizzly, the servlet container, the filters, a small JSON body).
sed -e 's/wrk.method = "POST"/wrk.method = "GET"/' -e '/^wrk.body/d' "$work/json.lua" >"$work/get.lua"

# CPU time (user + system, in clock ticks) a process and the children it waited for have used, with its live
# children's: throughput on a shared machine moves with the load, CPU time per request hardly does.
clock_ticks=$(getconf CLK_TCK)
cpu_ticks() { # PID: the process, its reaped children and its live children
  local pid=$1 total child
  [[ -r "/proc/$pid/stat" ]] || { echo 0; return; }
  total=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$pid/stat")
  for child in $(pgrep -P "$pid" || true); do
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$child/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
per_request() { # TICKS-BEFORE TICKS-AFTER REQUESTS: microseconds of CPU per request
  awk -v a="$1" -v b="$2" -v n="$3" -v t="$clock_ticks" 'BEGIN { printf "%.0f", (n > 0 ? (b - a) / t * 1e6 / n : 0) }'
}
postmaster_pid() { head -1 "$data/postgres/postmaster.pid" 2>/dev/null || echo 0; }
declare -A RPS P50 P99 NON2XX ERRS CPU_JVM CPU_PG CPU_NGINX
non2xx_total=0
bench() { # NAME SCRIPT URL THREADS CONNECTIONS SECONDS
  local out="$work/wrk-$1.txt" requests micros p50 p99 status errors jvm0 pg0 nginx0 pm
  pm="$(postmaster_pid)"
  jvm0=$(cpu_ticks "$java_pid"); pg0=$(cpu_ticks "$pm"); nginx0=$(cpu_ticks "$nginx_pid")
  timeout $(($6 + 60)) wrk -t"$4" -c"$5" -d"$6s" --latency -s "$2" "$3" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk on $3 failed"; }
  read -r _ requests micros p50 p99 status errors < <(grep '^BENCH ' "$out") || { cat "$out" >&2; die "no figures from wrk"; }
  CPU_JVM[$1]=$(per_request "$jvm0" "$(cpu_ticks "$java_pid")" "$requests")
  CPU_PG[$1]=$(per_request "$pg0" "$(cpu_ticks "$pm")" "$requests")
  CPU_NGINX[$1]=$(per_request "$nginx0" "$(cpu_ticks "$nginx_pid")" "$requests")
  RPS[$1]=$(awk -v r="$requests" -v d="$micros" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  P50[$1]=$(awk -v v="$p50" 'BEGIN { printf "%.3f", v / 1000 }')
  P99[$1]=$(awk -v v="$p99" 'BEGIN { printf "%.3f", v / 1000 }')
  NON2XX[$1]=$status
  ERRS[$1]=$errors
  non2xx_total=$((non2xx_total + status))
  say "$1: ${RPS[$1]} requests/s, p50 ${P50[$1]} ms, p99 ${P99[$1]} ms, non-2xx $status, socket errors $errors;" \
    "CPU µs a request: JVM ${CPU_JVM[$1]}, PostgreSQL ${CPU_PG[$1]}, nginx ${CPU_NGINX[$1]}"
}
# A run of the container's 405 (the GET of the inference path): its 405s are what it asks for, not errors.
bench_405() { # as bench
  bench "$@"
  non2xx_total=$((non2xx_total - ${NON2XX[$1]}))
  NON2XX[$1]=0
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.3f", a - b }'; }

stream_warmup=$(((warmup + 1) / 2))
say "warming up Tollgate: ${warmup} s non-streaming, ${stream_warmup} s streaming"
bench warmup "$work/json.lua" "$tollgate_chat" "$threads" "$connections" "$warmup"
bench warmup-stream "$work/sse.lua" "$tollgate_chat" "$threads" "$connections" "$stream_warmup"

say "1. throughput (${threads} threads × ${connections} connections, ${duration} s each)"
bench direct "$work/json.lua" "$direct_json" "$threads" "$connections" "$duration"
bench proxy "$work/json.lua" "$proxy_json" "$threads" "$connections" "$duration"
bench tollgate "$work/json.lua" "$tollgate_chat" "$threads" "$connections" "$duration"
bench tollgate-unpriced "$work/unpriced.lua" "$tollgate_chat" "$threads" "$connections" "$duration"
bench_405 tollgate-405 "$work/get.lua" "$tollgate_chat" "$threads" "$connections" "$duration"

say "2. latency at one connection (${duration} s each)"
bench direct-c1 "$work/json.lua" "$direct_json" 1 1 "$duration"
statements_sql() { psql -q -At -F $'\t' -h 127.0.0.1 -p "$statements_port" -U postgres -d tollgate -c "$1"; }
[[ "$pg_statements" == 1 ]] && statements_sql 'SELECT pg_stat_statements_reset()' >/dev/null
bench tollgate-c1 "$work/json.lua" "$tollgate_chat" 1 1 "$duration"
statements=""
if [[ "$pg_statements" == 1 ]]; then
  c1_requests="$(grep '^BENCH ' "$work/wrk-tollgate-c1.txt" | awk '{ print $2 }')"
  # Microseconds of execution a call, and executions a call (a function's statements count inside it too).
  statements="$(statements_sql "SELECT round((total_exec_time * 1000 / $c1_requests)::numeric, 1),
        round(calls::numeric / $c1_requests, 3), left(regexp_replace(query, '\s+', ' ', 'g'), 100)
      FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'tollgate') AND query NOT LIKE '%pg_stat_statements%'
      ORDER BY total_exec_time DESC LIMIT 15" \
    | awk -F '\t' '{ gsub(/\|/, "\\|", $3); printf "| %s | %s | `%s` |\n", $1, $2, $3 }')"
fi
bench tollgate-unpriced-c1 "$work/unpriced.lua" "$tollgate_chat" 1 1 "$duration"
# The floors at one connection: a bare proxy hop, and the container answering alone (its 405, as in section 1).
bench proxy-c1 "$work/json.lua" "$proxy_json" 1 1 "$duration"
bench_405 tollgate-405-c1 "$work/get.lua" "$tollgate_chat" 1 1 "$duration"

say "3. streaming: time to first byte, ${stream_requests} sequential requests per target over one keep-alive connection"
ttfb() { # URL BODY: prints "p50 p99 mean p50-first-data p99-first-data p50-total" in ms
  timeout 300 python3 - "$1" "$2" "$key" "$stream_requests" <<'EOF'
import http.client, statistics, sys, time, urllib.parse
url, body, key, n = sys.argv[1], sys.argv[2].encode(), sys.argv[3], int(sys.argv[4])
u = urllib.parse.urlsplit(url)
headers = {"Content-Type": "application/json", "Authorization": "Bearer " + key, "Accept": "text/event-stream"}
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
first_byte, first_data, total = [], [], []
for i in range(n + 20):  # the first 20 set up the connection and are not counted
    t0 = time.perf_counter()
    conn.request("POST", u.path, body, headers)
    response = conn.getresponse()
    if response.status != 200:
        sys.exit(f"{url} answered {response.status}: {response.read()[:300]!r}")
    line = response.read(1)
    t1 = time.perf_counter()
    line += response.readline()
    while line and not line.startswith(b"data:"):
        line = response.readline()
    t2 = time.perf_counter()
    rest = response.read()
    t3 = time.perf_counter()
    if b"[DONE]" not in line + rest:
        sys.exit(f"{url}: the stream did not end with data: [DONE]")
    if i >= 20:
        first_byte.append(t1 - t0); first_data.append(t2 - t0); total.append(t3 - t0)
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1)] * 1000
print(" ".join(f"{v:.3f}" for v in (pct(first_byte, 50), pct(first_byte, 99), statistics.mean(first_byte) * 1000,
                                      pct(first_data, 50), pct(first_data, 99), pct(total, 50))))
EOF
}
read -r d_fb50 d_fb99 d_fbmean d_fd50 d_fd99 d_tot50 < <(ttfb "$direct_sse" "$sse_request") || die "streaming TTFB, direct"
read -r t_fb50 t_fb99 t_fbmean t_fd50 t_fd99 t_tot50 < <(ttfb "$tollgate_chat" "$sse_request") || die "streaming TTFB, Tollgate"
[[ -n "${t_tot50:-}" && -n "${d_tot50:-}" ]] || die "no figures from the TTFB measurement"
say "TTFB p50/p99: direct $d_fb50/$d_fb99 ms, Tollgate $t_fb50/$t_fb99 ms (first data: line $t_fd50/$t_fd99 ms)"

say "   streaming throughput (${threads} threads × ${connections} connections, ${duration} s each)"
bench direct-stream "$work/sse.lua" "$direct_sse" "$threads" "$connections" "$duration"
bench tollgate-stream "$work/sse.lua" "$tollgate_chat" "$threads" "$connections" "$duration"

rss_end=$(rss_mb)
hwm_end=$(hwm_mb)
say "4. JVM RSS: ${rss_start} MB after start, ${rss_end} MB after the load (peak ${hwm_end} MB)"

# Seconds one GET takes, the server's time included (curl's time_total over loopback).
get_seconds() { curl -s -m 60 -o /dev/null -w '%{time_total}' "http://127.0.0.1:$tg_port$1" || echo n/a; }
declare -A PAGE PAGE_AGAIN
pages=(/api/v1/rankings/apps?period=month /api/v1/rankings/models?period=month /rankings /models /api/v1/models)
history_s=""
if ((history_keys > 0 || history_generations > 0)); then
  pg_port="${pg_port:-$(grep -o 'embedded PostgreSQL on 127.0.0.1:[0-9]*' "$work/tollgate.log" | head -1 | sed 's/.*://')}"
  [[ -n "$pg_port" ]] || die "no embedded PostgreSQL port in $work/tollgate.log"
  say "5. writing $history_keys keys and $history_generations generations of history into the database"
  history_started=$(date +%s)
  # Another organisation's history (the benchmark's key stays the one calling): 100 organisations share the keys,
  # the calls spread over 30 days, 12 models, 200 apps.
  PGPASSWORD=postgres psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d tollgate \
    -v keys="$history_keys" -v generations="$history_generations" >/dev/null <<'SQL' || die "could not write the history"
INSERT INTO organization (id, name)
  SELECT md5('bench-history-org-' || n)::uuid, 'History ' || n FROM generate_series(1, 100) n;
INSERT INTO api_key (id, organization_id, hash, label, name, management)
  SELECT md5('bench-history-key-' || n)::uuid, md5('bench-history-org-' || (n % 100 + 1))::uuid,
         encode(sha256(('bench-history-key-' || n)::bytea), 'hex'), 'sk-or-v1-his...' || n, 'history ' || n, false
  FROM generate_series(1, :keys) n;
INSERT INTO generation (id, organization_id, api_key_id, requested_model, model, provider, streamed, tokens_prompt,
                        tokens_completion, total_cost, http_referer, app_title, created_at)
  SELECT 'gen-history-' || n, md5('bench-history-org-' || (n % :keys % 100 + 1))::uuid,
         md5('bench-history-key-' || (n % :keys + 1))::uuid, 'history/m' || (n % 12), 'history/m' || (n % 12),
         'bench-json', false, n % 900, n % 300, (n % 1000) * 0.000001,
         CASE WHEN n % 3 = 0 THEN 'https://history' || (n % 200) || '.example' END,
         CASE WHEN n % 6 = 0 THEN 'History app ' || (n % 200) END,
         now() - (n % 2592000) * interval '1 second'
  FROM generate_series(1, :generations) n;
VACUUM ANALYZE;
SQL
  history_s=$(($(date +%s) - history_started))
  say "   written in ${history_s} s; the same runs again"
  bench tollgate-history "$work/json.lua" "$tollgate_chat" "$threads" "$connections" "$duration"
  bench tollgate-history-c1 "$work/json.lua" "$tollgate_chat" 1 1 "$duration"
  for page in "${pages[@]}"; do PAGE[$page]="$(get_seconds "$page")"; done
  for page in "${pages[@]}"; do PAGE_AGAIN[$page]="$(get_seconds "$page")"; done
  say "   GET of each page, first and second (s): $(for page in "${pages[@]}"; do
    printf '%s %s %s; ' "$page" "${PAGE[$page]}" "${PAGE_AGAIN[$page]}"; done)"
fi

declare -a SOAK_RSS=()
soak_growth=""
if ((soak > 0)); then
  say "6. soak: ${soak} s of wrk -t2 -c8 on Tollgate, RSS every 30 s"
  timeout $((soak + 60)) wrk -t2 -c8 -d"${soak}s" -s "$work/json.lua" "$tollgate_chat" >"$work/wrk-soak.txt" 2>&1 &
  soak_pid=$!
  SOAK_RSS+=("$(rss_mb)")
  for ((t = 30; t <= soak; t += 30)); do
    sleep 30
    SOAK_RSS+=("$(rss_mb)")
  done
  wait "$soak_pid" || { cat "$work/wrk-soak.txt" >&2; die "wrk failed during the soak"; }
  soak_requests="$(awk '/requests in/ { print $1 }' "$work/wrk-soak.txt")"
  # Least-squares slope of RSS over the second half of the soak, in MB a minute: the first half includes warm-up.
  soak_growth="$(printf '%s\n' "${SOAK_RSS[@]}" | awk '{ v[NR] = $1 } END {
    h = int(NR / 2) + 1; n = 0; for (i = h; i <= NR; i++) { x = (i - 1) * 0.5; n++; sx += x; sy += v[i]; sxx += x * x; sxy += x * v[i] }
    d = n * sxx - sx * sx; printf "%+.1f", (d > 0 ? (n * sxy - sx * sy) / d : 0) }')"
  say "   RSS ${SOAK_RSS[0]} → ${SOAK_RSS[-1]} MB over the soak (${soak_requests:-?} requests); second half ${soak_growth} MB/min"
fi

# --- RESULTS.md --------------------------------------------------------------------------------------------------
java_version="$(java -version 2>&1 | head -1)"
nginx_version="$("$nginx_bin" -v 2>&1 | head -1)"
wrk_version="$(wrk -v 2>&1 | head -1 | sed 's/ Copyright.*//')" || true
if commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null)"; then
  git -C "$root" diff-index --quiet HEAD -- 2>/dev/null || commit="$commit (working tree differs from it)"
else
  commit=unknown
fi
cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
memory="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
notes=""
if [[ -f "$results" ]] && grep -qxF "$marker" "$results"; then
  notes="$(sed -n "/^$marker\$/,\$p" "$results" | tail -n +2)"
fi
# The sections of bench/router.sh and bench/ledger.sh (each between its begin and end lines) are carried over as
# they are.
jmh_sections=()
for section in router ledger; do
  if [[ -f "$results" ]] && grep -qxF "<!-- $section:end -->" "$results"; then
    jmh_sections+=("$(sed -n "/^<!-- $section:begin -->\$/,/^<!-- $section:end -->\$/p" "$results")")
  fi
done

row() { # LABEL NAME
  printf '| %s | %s | %s | %s | %s |\n' "$1" "${RPS[$2]}" "${P50[$2]}" "${P99[$2]}" "$((${NON2XX[$2]} + ${ERRS[$2]}))"
}
{
  echo "# Tollgate gateway benchmark"
  echo
  echo "Written by \`bench/gateway.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Loopback only: wrk and a fake upstream"
  echo "(nginx answering a fixed OpenAI body) on the same machine as Tollgate, so they share its cores."
  if ((non2xx_total > 0)); then
    echo
    echo "**Warning: $non2xx_total responses were not 2xx; the figures of those runs are not to be trusted.**"
  fi
  echo
  echo "## Machine and versions"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| cores (nproc) | $(nproc) |"
  echo "| CPU | ${cpu:-unknown} |"
  echo "| memory | $memory |"
  echo "| load average before the run (1, 5, 15 min) | $load_before |"
  echo "| Java | $java_version |"
  echo "| nginx | $nginx_version |"
  echo "| wrk | $wrk_version |"
  echo "| Tollgate commit | $commit |"
  echo
  echo "## Settings"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| throughput runs | wrk -t$threads -c$connections, ${duration} s each |"
  echo "| latency runs | wrk -t1 -c1, ${duration} s each |"
  echo "| warm-up of Tollgate | ${warmup} s non-streaming, then ${stream_warmup} s streaming, wrk -t$threads -c$connections |"
  echo "| time to first byte | $stream_requests sequential requests per target over one keep-alive connection (Python http.client), after 20 uncounted |"
  echo "| nginx | worker_processes $nginx_workers; proxy to the upstream with keepalive 64, HTTP/1.1; access log off |"
  echo "| Tollgate JVM | ${TOLLGATE_JAVA_OPTS:--Xmx512m} (TOLLGATE_JAVA_OPTS), $(if [[ "$pg_statements" == 1 ]]; then
    echo "a private PostgreSQL with pg_stat_statements"; else echo "embedded PostgreSQL"; fi), ready ${ready_s} s after start |"
  echo "| request | \`$json_request\` (streaming: model bench/stream-model, \"stream\":true) |"
  echo
  echo "## 1. Throughput, non-streaming"
  echo
  echo "| target | requests/s | p50 ms | p99 ms | errors (non-2xx + socket) |"
  echo "|---|---|---|---|---|"
  row "upstream directly (:$up_port)" direct
  row "nginx reverse proxy (:$proxy_port)" proxy
  row "Tollgate (:$tg_port)" tollgate
  row "Tollgate, a model at no cost (no hold, nothing to settle)" tollgate-unpriced
  row "Tollgate, a GET answered 405 (the container's floor; its 405s are not errors here)" tollgate-405
  echo
  echo "Tollgate / proxy: **$(ratio "${RPS[tollgate]}" "${RPS[proxy]}")** of the requests/s;"
  echo "Tollgate / direct: **$(ratio "${RPS[tollgate]}" "${RPS[direct]}")**;"
  echo "proxy / direct: $(ratio "${RPS[proxy]}" "${RPS[direct]}")."
  echo
  echo "## 2. Added latency at one connection, non-streaming"
  echo
  echo "| target | requests/s | p50 ms | p99 ms | errors (non-2xx + socket) |"
  echo "|---|---|---|---|---|"
  row "upstream directly" direct-c1
  row "Tollgate" tollgate-c1
  row "Tollgate, a model at no cost" tollgate-unpriced-c1
  row "nginx reverse proxy" proxy-c1
  row "Tollgate, a GET answered 405 (the container alone)" tollgate-405-c1
  echo
  echo "Tollgate minus direct: p50 **$(minus "${P50[tollgate-c1]}" "${P50[direct-c1]}") ms**," \
    "p99 **$(minus "${P99[tollgate-c1]}" "${P99[direct-c1]}") ms**;"
  echo "the proxy minus direct: p50 $(minus "${P50[proxy-c1]}" "${P50[direct-c1]}") ms," \
    "p99 $(minus "${P99[proxy-c1]}" "${P99[direct-c1]}") ms;"
  echo "the container's 405 minus direct (no upstream, no database): p50 $(minus "${P50[tollgate-405-c1]}" "${P50[direct-c1]}") ms," \
    "p99 $(minus "${P99[tollgate-405-c1]}" "${P99[direct-c1]}") ms."
  echo
  if [[ -n "$statements" ]]; then
    echo "PostgreSQL's statements during the priced run at one connection (\`PG_STATEMENTS=1\`: a private"
    echo "PostgreSQL $pg_version with pg_stat_statements instead of the embedded"
    echo "one), by total execution time; a function's statements also count inside the function's own row:"
    echo
    echo "| µs a call | executions a call | statement |"
    echo "|---|---|---|"
    echo "$statements"
    echo
  fi
  echo "## 3. Streaming"
  echo
  echo "Time to first byte, one connection, sequential (ms from sending the request to the first body byte; \"first"
  echo "data\" is to the end of the first \`data:\` line; \"whole\" to the end of the stream; the Python client's own"
  echo "cost is in both rows, so read the difference):"
  echo
  echo "| target | first byte p50 | first byte p99 | first byte mean | first data p50 | first data p99 | whole p50 |"
  echo "|---|---|---|---|---|---|---|"
  echo "| upstream directly | $d_fb50 | $d_fb99 | $d_fbmean | $d_fd50 | $d_fd99 | $d_tot50 |"
  echo "| Tollgate | $t_fb50 | $t_fb99 | $t_fbmean | $t_fd50 | $t_fd99 | $t_tot50 |"
  echo
  echo "Tollgate minus direct, first byte: p50 **$(minus "$t_fb50" "$d_fb50") ms**, p99 **$(minus "$t_fb99" "$d_fb99") ms**."
  echo
  echo "Throughput, streaming (wrk -t$threads -c$connections, ${duration} s):"
  echo
  echo "| target | requests/s | p50 ms | p99 ms | errors (non-2xx + socket) |"
  echo "|---|---|---|---|---|"
  row "upstream directly" direct-stream
  row "Tollgate" tollgate-stream
  echo
  echo "Tollgate / direct: **$(ratio "${RPS[tollgate-stream]}" "${RPS[direct-stream]}")**."
  echo
  echo "## CPU time a request costs"
  echo
  echo "CPU time (user + system) each process used during a run, divided by the run's requests, in microseconds:"
  echo "unlike requests/s it hardly moves with whatever else the machine is doing. nginx is one process that is both"
  echo "the fake upstream and the bare proxy, so the proxy hop's own cost is its proxy row minus its direct row."
  echo
  echo "| run | JVM | PostgreSQL | nginx |"
  echo "|---|---|---|---|"
  for name in direct proxy tollgate tollgate-unpriced tollgate-405 direct-c1 tollgate-c1 tollgate-unpriced-c1 proxy-c1 tollgate-405-c1 direct-stream tollgate-stream; do
    echo "| $name | ${CPU_JVM[$name]} | ${CPU_PG[$name]} | ${CPU_NGINX[$name]} |"
  done
  echo
  echo "The proxy hop: **$(awk -v a="${CPU_NGINX[proxy]}" -v b="${CPU_NGINX[direct]}" 'BEGIN { print a - b }') µs**;"
  echo "Tollgate (JVM + PostgreSQL): **$((CPU_JVM[tollgate] + CPU_PG[tollgate])) µs**, at no cost"
  echo "$((CPU_JVM[tollgate-unpriced] + CPU_PG[tollgate-unpriced])) µs, the container's 405 alone ${CPU_JVM[tollgate-405]} µs."
  echo
  echo "## 4. Memory of the Tollgate JVM"
  echo
  echo "| when | RSS (VmRSS) |"
  echo "|---|---|"
  echo "| ready, before any request | ${rss_start} MB |"
  echo "| after all the load above | ${rss_end} MB (peak VmHWM ${hwm_end} MB) |"
  echo
  if [[ -n "$history_s" ]]; then
    echo "## 5. With history: $history_keys more keys and $history_generations generations in the database"
    echo
    echo "Written straight into PostgreSQL in ${history_s} s (100 more organisations, 30 days, 12 models, 200 apps),"
    echo "then the runs of sections 1 and 2 again:"
    echo
    echo "| target | requests/s | p50 ms | p99 ms | errors (non-2xx + socket) |"
    echo "|---|---|---|---|---|"
    row "Tollgate, wrk -t$threads -c$connections" tollgate-history
    row "Tollgate, one connection" tollgate-history-c1
    echo
    echo "Against the same runs without the history: $(ratio "${RPS[tollgate-history]}" "${RPS[tollgate]}") of the"
    echo "requests/s; p50 at one connection $(minus "${P50[tollgate-history-c1]}" "${P50[tollgate-c1]}") ms."
    echo
    echo "Public pages and reports on that database, each fetched twice in a row (seconds, curl's total over loopback;"
    echo "the first Vaadin page also starts the portal's first session, and the rankings are cached for a minute"
    echo "after their first read):"
    echo
    echo "| GET | first | second |"
    echo "|---|---|---|"
    for page in "${pages[@]}"; do echo "| \`$page\` | ${PAGE[$page]} | ${PAGE_AGAIN[$page]} |"; done
    echo
  fi
  if ((${#SOAK_RSS[@]} > 0)); then
    echo "## 6. Soak"
    echo
    echo "wrk -t2 -c8 for ${soak} s (${soak_requests:-?} requests); RSS of the JVM every 30 s, in MB:"
    echo
    echo "${SOAK_RSS[*]}"
    echo
    echo "Slope over the second half: **${soak_growth} MB a minute** (a flat line is within about ±1)."
    echo
  fi
  for section in "${jmh_sections[@]}"; do printf '%s\n\n' "$section"; done
  echo "$marker"
  if [[ -n "$notes" ]]; then printf '%s\n' "$notes"; fi
} >"$work/RESULTS.md"
mv "$work/RESULTS.md" "$results"
say "wrote $results"
((non2xx_total == 0)) || die "$non2xx_total responses were not 2xx (see the warning in $results)"
