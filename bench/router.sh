#!/usr/bin/env bash
# Measures the router's decision (Router.plan) for a model served by 20 endpoints with JMH (bench/jmh), beside the
# JSON parse of the same request (the baseline: every call parses its body anyway) and the prompt's token count (a
# part of the decision), and writes the router section of bench/RESULTS.md. About 2½ minutes on 2 cores.
#
#   bench/router.sh
#
# Settings (environment):
#   OFFLINE=1     build with mvn -o (when ~/.m2 already holds JMH and the plugins)
#   JMH_ARGS      more arguments for JMH, e.g. JMH_ARGS='-wi 1 -i 2' for a quick look, or a regex naming benchmarks
# The section goes between "<!-- router:begin -->" and "<!-- router:end -->" (added above the line
# "<!-- notes below are kept -->" when missing); the rest of RESULTS.md is left as it is.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$root/bench/RESULTS.md"
offline=()
[[ "${OFFLINE:-0}" == 1 ]] && offline=(-o)
read -r -a jmh_args <<<"${JMH_ARGS:-}"

say() { printf '[router.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# --- tools -------------------------------------------------------------------------------------------------------
missing=()
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

# --- build -------------------------------------------------------------------------------------------------------
say "building bench/jmh (and routing) with mvn ${offline[*]} -Pbench"
(cd "$root" && mvn -B -q "${offline[@]}" -Pbench -pl bench/jmh -am package -DskipTests) || die "the build failed"
jar="$root/bench/jmh/target/benchmarks.jar"
[[ -f "$jar" ]] || die "no $jar after the build"

work="$(mktemp -d /tmp/tollgate-router-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp "$jar" "$work/benchmarks.jar"   # the original may be rebuilt while this runs

# --- run ---------------------------------------------------------------------------------------------------------
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"   # this machine may be shared: say how busy it was
say "running JMH (load average before: $load_before)"
java -jar "$work/benchmarks.jar" -rf json -rff "$work/jmh.json" -prof gc "${jmh_args[@]}" >&2 \
  || die "JMH failed"
[[ -s "$work/jmh.json" ]] || die "JMH wrote no results"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- RESULTS.md --------------------------------------------------------------------------------------------------
if commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null)"; then
  git -C "$root" diff-index --quiet HEAD -- 2>/dev/null || commit="$commit (working tree differs from it)"
else
  commit=unknown
fi
cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
java_version="$(java -version 2>&1 | head -1)"

BENCH_JSON="$work/jmh.json" BENCH_RESULTS="$results" BENCH_NPROC="$(nproc)" BENCH_CPU="${cpu:-unknown}" \
  BENCH_JAVA="$java_version" BENCH_LOAD="$load_before / $load_after" BENCH_COMMIT="$commit" \
  BENCH_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" python3 - <<'EOF' || die "could not write $results"
import json, math, os, sys

env = os.environ
runs = json.load(open(env["BENCH_JSON"]))
by_name = {run["benchmark"].rsplit(".", 1)[1]: run for run in runs}
rows = [
    ("defaultOrder", "plan(): no provider preferences (filters, then the inverse-square price pick)"),
    ("sortedByLatencyWithPreferences",
     "plan(): provider sort latency, ignore one, max_price, preferred_max_latency 2 s"),
    ("fallbackModels", "plan(): the 20-endpoint model plus models: [2 smaller] (4 and 3 endpoints)"),
    ("parseRequest", "baseline: WireJson.parseObject of the request"),
    ("countPromptTokens", "reference: TokenCount.of(PromptText.of(body)), which plan() does only near a context limit"),
]
missing = [name for name, _ in rows if name not in by_name]
if missing:
    sys.exit("no results for " + ", ".join(missing))

def score(name):
    metric = by_name[name]["primaryMetric"]
    if metric["scoreUnit"] != "us/op":
        sys.exit(f"{name}: unit {metric['scoreUnit']}, expected us/op")
    error = metric["scoreError"]
    return metric["score"], (error if isinstance(error, (int, float)) and math.isfinite(error) else 0.0)

def ratio(a, b):
    (x, ex), (y, ey) = score(a), score(b)
    r = x / y
    return r, r * math.sqrt((ex / x) ** 2 + (ey / y) ** 2)

def allocated(name):
    metric = by_name[name].get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return f"{metric['score']:,.0f}" if metric else "n/a"

first = by_name["defaultOrder"]
settings = (f"{first['forks']} fork, {first['warmupIterations']} × {first['warmupTime']} warm-up and "
            f"{first['measurementIterations']} × {first['measurementTime']} measured per benchmark, "
            f"{first['threads']} thread")
jvm_args = " ".join(first.get("jvmArgs", [])) or "(none)"
order, order_err = ratio("defaultOrder", "parseRequest")
counting, counting_err = ratio("countPromptTokens", "defaultOrder")

lines = [
    "<!-- router:begin -->",
    "# Router decision benchmark (JMH)",
    "",
    f"Written by `bench/router.sh` on {env['BENCH_DATE']}: `Router.plan()` for one model served by 20 endpoints",
    "(different prices, supported parameters, quantizations; 18 with health measurements), against parsing the same",
    "chat request (a system and a user message of about 400 and 350 characters, temperature, max_tokens). Code:",
    "`bench/jmh/src/main/java/dev/tollgate/bench/RouterBenchmark.java`. Average time per call, one thread; the",
    "error is JMH's 99.9 % confidence interval; allocation from JMH's gc profiler.",
    "",
    "| | |",
    "|---|---|",
    f"| cores (nproc) | {env['BENCH_NPROC']} |",
    f"| CPU | {env['BENCH_CPU']} |",
    f"| load average before / after the run (1, 5, 15 min) | {env['BENCH_LOAD']} |",
    f"| Java | {env['BENCH_JAVA']} ({first.get('vmName', '?')} {first.get('vmVersion', '')}) |",
    f"| JMH | {first.get('jmhVersion', '?')}: {settings}; JVM options {jvm_args} |",
    f"| Tollgate commit | {env['BENCH_COMMIT']} |",
    "",
    "| benchmark | what | µs/op | ± error | ÷ parseRequest | allocated B/op |",
    "|---|---|---|---|---|---|",
]
for name, what in rows:
    value, error = score(name)
    lines.append(f"| `{name}` | {what} | {value:.2f} | {error:.2f} | {ratio(name, 'parseRequest')[0]:.1f} | "
                 f"{allocated(name)} |")
lines += [
    "",
    f"The decision with no preferences costs **{order:.1f} ± {order_err:.1f}** times the parse of the request"
    " (defaultOrder ÷ parseRequest);",
    "plan() counts the prompt's tokens only when its UTF-8 length might not fit a context window, which these",
    f"prompts never approach; counting them would cost **{counting:.1f} ± {counting_err:.1f}** decisions"
    " (countPromptTokens ÷ defaultOrder).",
    "<!-- router:end -->",
]
section = "\n".join(lines) + "\n"

path = env["BENCH_RESULTS"]
text = open(path).read() if os.path.exists(path) else ""
begin, end, notes = "<!-- router:begin -->\n", "<!-- router:end -->\n", "<!-- notes below are kept -->\n"
if begin in text and end in text and text.index(begin) < text.index(end):
    text = text[: text.index(begin)] + section + text[text.index(end) + len(end):]
elif notes in text:
    at = text.index(notes)
    text = text[:at] + section + "\n" + text[at:]
else:
    text = text + ("\n" if text and not text.endswith("\n\n") else "") + section
tmp = path + ".tmp"
with open(tmp, "w") as out:
    out.write(text)
os.replace(tmp, path)
print(f"defaultOrder ÷ parseRequest = {order:.1f} ± {order_err:.1f}; counting tokens = {counting:.1f} decisions",
      file=sys.stderr)
EOF
say "wrote the router section of $results"
