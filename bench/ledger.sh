#!/usr/bin/env bash
# Measures a call's money path through the ledger (CallCharges: hold, then settle or release) into an embedded
# PostgreSQL with JMH (bench/jmh), beside one round trip and one committed one-row update through the same pool (the
# baselines), and settlements per second with 8 threads on one organisation and spread over 64; writes the ledger
# section of bench/RESULTS.md. About 5 minutes on 2 cores (each benchmark starts its own PostgreSQL).
#
#   bench/ledger.sh
#
# Settings (environment):
#   OFFLINE=1     build with mvn -o (when ~/.m2 already holds JMH and the plugins)
#   JMH_ARGS      more arguments for JMH, e.g. JMH_ARGS='-wi 1 -i 2' for a quick look, -p synchronousCommit=on for
#                 commits that wait for the WAL flush, or a regex naming benchmarks (without one, all of
#                 SettlementBenchmark's and no other class's)
# The section goes between "<!-- ledger:begin -->" and "<!-- ledger:end -->" (added above the line
# "<!-- notes below are kept -->" when missing); the rest of RESULTS.md is left as it is.
set -euo pipefail

bench_name=ledger
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

jmh_measure SettlementBenchmark

# --- RESULTS.md --------------------------------------------------------------------------------------------------
jmh_section "$work" <<'EOF'
import math, sys
from jmh_results import env, facts, quotient, require, runs, score, write_section

by_name = runs()
latency = [
    ("holdThenSettle", "a call's money path: hold its worst case ($0.0123), then settle it (cost $0.000123, list"
                       " $0.0001353): two ledger transactions"),
    ("holdOnly", "the hold alone (left open)"),
    ("holdThenRelease", "hold, then release it (a call that failed)"),
    ("roundTrip", "baseline: `SELECT 1` through the pool"),
    ("oneRowUpdate", "baseline: one autocommit `UPDATE` of one row"),
]
rates = [
    ("settleOneOrganization", "hold then settle, every thread for the same organisation"),
    ("settleSpread", "hold then settle over 64 organisations, each thread with its own"),
    ("roundTripConcurrent", "baseline: `SELECT 1` through the pool"),
]
require(by_name, [name for name, _ in latency + rates])
trip = score(by_name, "roundTrip", "us/op")
trips_per_s = score(by_name, "roundTripConcurrent", "ops/s")

def in_round_trips(name):
    """What one operation costs in round trips: its time ÷ a round trip's, or (at the same concurrency) the round
    trips per second ÷ its operations per second."""
    if by_name[name]["mode"] == "thrpt":
        return quotient(trips_per_s, score(by_name, name, "ops/s"))
    return quotient(score(by_name, name, "us/op"), trip)

first = by_name["holdThenSettle"]
threads = by_name["settleSpread"]["threads"]
commit = by_name["holdThenSettle"].get("params", {}).get("synchronousCommit", "?")
both, both_err = score(by_name, "holdThenSettle", "us/op")
hold, hold_err = score(by_name, "holdOnly", "us/op")
both_trips, both_trips_err = in_round_trips("holdThenSettle")
update_trips, update_trips_err = in_round_trips("oneRowUpdate")
one, one_err = score(by_name, "settleOneOrganization", "ops/s")
spread, spread_err = score(by_name, "settleSpread", "ops/s")
gain, gain_err = quotient((spread, spread_err), (one, one_err))

lines = [
    "# Ledger settlement benchmark (JMH)",
    "",
    f"Written by `bench/ledger.sh` on {env['BENCH_DATE']}: `CallCharges.hold` and `settle` (or `release`) through the",
    "`Ledger` into a real PostgreSQL, opened as the gateway opens it (`Database.open` with embedded settings: zonky's",
    "PostgreSQL on loopback, the migrations, HikariCP with 16 connections). Every call has a new generation id, so new",
    "transfers; one organisation holds $1,000,000,000 of credits, and 64 more for the spread run. Code:",
    "`bench/jmh/src/main/java/dev/tollgate/bench/SettlementBenchmark.java`. The error is JMH's 99.9 % confidence",
    "interval (0 with a single iteration). synchronous_commit off is zonky's default, so embedded Tollgate's; an",
    "external PostgreSQL's default is on (JMH_ARGS='-p synchronousCommit=on').",
    "",
    *facts(first, f"1 thread, {threads} for the rows in operations per second"),
    f"| PostgreSQL's synchronous_commit | {commit} |",
    "",
    "| benchmark | what | threads | score | unit | ± error | in round trips |",
    "|---|---|---|---|---|---|---|",
]
for name, what in latency + rates:
    unit = "us/op" if by_name[name]["mode"] == "avgt" else "ops/s"
    value, error = score(by_name, name, unit)
    shown = "µs/op" if unit == "us/op" else "ops/s"
    digits = ".1f" if unit == "us/op" else ",.0f"
    lines.append(f"| `{name}` | {what} | {by_name[name]['threads']} | {value:{digits}} | {shown} | {error:{digits}} | "
                 f"{in_round_trips(name)[0]:.1f} |")
lines += [
    "",
    "\"In round trips\": µs/op ÷ `roundTrip`'s; for the rows in operations per second, `roundTripConcurrent`'s",
    "operations per second ÷ the row's, both with the same threads and pool.",
    "",
    f"A call's hold and settlement add **{both:.0f} ± {both_err:.0f} µs** (= **{both_trips:.1f} ± {both_trips_err:.1f}**"
    " round trips to PostgreSQL;",
    f"holdThenSettle ÷ roundTrip): the hold {hold:.0f} ± {hold_err:.0f} µs, the settlement"
    f" {both - hold:.0f} ± {math.hypot(both_err, hold_err):.0f} µs (holdThenSettle − holdOnly).",
    f"One committed one-row update costs {update_trips:.1f} ± {update_trips_err:.1f} round trips.",
    "",
    f"Settlements per second: **{one:,.0f} ± {one_err:,.0f}** with {threads} threads on one organisation,"
    f" **{spread:,.0f} ± {spread_err:,.0f}** spread over 64",
    f"organisations (× {gain:.2f} ± {gain_err:.2f}); one thread alone settles {1e6 / both:,.0f} a second"
    " (1 ÷ holdThenSettle).",
    "Whatever the organisation, every hold and settlement also locks the platform's margin account, and every",
    "settlement the provider's payable account, until it commits.",
]
write_section(lines)
print(f"holdThenSettle {both:.0f} µs = {both_trips:.1f} round trips; settlements/s one organisation {one:,.0f},"
      f" spread {spread:,.0f}", file=sys.stderr)
EOF
say "wrote the ledger section of $root/bench/RESULTS.md"
