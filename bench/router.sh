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
#                 (without one, all of RouterBenchmark's and no other class's)
# The section goes between "<!-- router:begin -->" and "<!-- router:end -->" (added above the line
# "<!-- notes below are kept -->" when missing); the rest of RESULTS.md is left as it is.
set -euo pipefail

bench_name=router
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

jmh_measure RouterBenchmark -prof gc

# --- RESULTS.md --------------------------------------------------------------------------------------------------
jmh_section "$work" <<'EOF'
import sys
from jmh_results import env, facts, quotient, require, runs, score, write_section

by_name = runs()
rows = [
    ("defaultOrder", "plan(): no provider preferences (filters, then the inverse-square price pick)"),
    ("sortedByLatencyWithPreferences",
     "plan(): provider sort latency, ignore one, max_price, preferred_max_latency 2 s"),
    ("fallbackModels", "plan(): the 20-endpoint model plus models: [2 smaller] (4 and 3 endpoints)"),
    ("parseRequest", "baseline: WireJson.parseObject of the request"),
    ("countPromptTokens", "reference: TokenCount.of(PromptText.of(body)), which plan() does only near a context limit"),
]
require(by_name, [name for name, _ in rows])

def ratio(a, b):
    return quotient(score(by_name, a, "us/op"), score(by_name, b, "us/op"))

def allocated(name):
    metric = by_name[name].get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return f"{metric['score']:,.0f}" if metric else "n/a"

first = by_name["defaultOrder"]
order, order_err = ratio("defaultOrder", "parseRequest")
counting, counting_err = ratio("countPromptTokens", "defaultOrder")

lines = [
    "# Router decision benchmark (JMH)",
    "",
    f"Written by `bench/router.sh` on {env['BENCH_DATE']}: `Router.plan()` for one model served by 20 endpoints",
    "(different prices, supported parameters, quantizations; 18 with health measurements), against parsing the same",
    "chat request (a system and a user message of about 400 and 350 characters, temperature, max_tokens). Code:",
    "`bench/jmh/src/main/java/dev/tollgate/bench/RouterBenchmark.java`. Average time per call, one thread; the",
    "error is JMH's 99.9 % confidence interval; allocation from JMH's gc profiler.",
    "",
    *facts(first, f"{first['threads']} thread"),
    "",
    "| benchmark | what | µs/op | ± error | ÷ parseRequest | allocated B/op |",
    "|---|---|---|---|---|---|",
]
for name, what in rows:
    value, error = score(by_name, name, "us/op")
    lines.append(f"| `{name}` | {what} | {value:.2f} | {error:.2f} | {ratio(name, 'parseRequest')[0]:.1f} | "
                 f"{allocated(name)} |")
lines += [
    "",
    f"The decision with no preferences costs **{order:.1f} ± {order_err:.1f}** times the parse of the request"
    " (defaultOrder ÷ parseRequest);",
    "plan() counts the prompt's tokens only when its UTF-8 length might not fit a context window, which these",
    f"prompts never approach; counting them would cost **{counting:.1f} ± {counting_err:.1f}** decisions"
    " (countPromptTokens ÷ defaultOrder).",
]
write_section(lines)
print(f"defaultOrder ÷ parseRequest = {order:.1f} ± {order_err:.1f}; counting tokens = {counting:.1f} decisions",
      file=sys.stderr)
EOF
say "wrote the router section of $root/bench/RESULTS.md"
