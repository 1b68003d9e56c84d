#!/usr/bin/env bash
# Fuzzes every *FuzzTest (Jazzer, coverage-guided) for DURATION seconds each, one after another, and says what each
# run found. The build fuzzes the same targets for a few seconds each (the fuzz execution in pom.xml); this is the
# long run. Maven only builds and writes the classpath; the fuzzing runs as plain java, one JVM per target.
#
#   bench/fuzz.sh                          every target, DURATION seconds each
#   bench/fuzz.sh OpenAiWireFuzzTest       only the targets whose class name matches
#
# Settings (environment):
#   DURATION=300   seconds of fuzzing per target
#   TIMEOUT=10     seconds one input may take before it counts as a hang
#   MAX_LEN=65536  the largest input libFuzzer makes, in bytes (the build keeps libFuzzer's default, 4096)
#   OFFLINE=1      build with mvn -o
#   MVN=mvn        the Maven command (e.g. MVN='flock /tmp/maven.lock mvn' on a shared machine)
# Each target's generated corpus stays in <module>/.cifuzz-corpus/ (ignored by git) and seeds the next run. A finding
# (an unexpected exception, a hang, a stack overflow) fails the run; libFuzzer writes the input that caused it to
# <module>/src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1> (or timeout-…), and
#   mvn -pl <module> -am test -Dtest=<Class> -Dsurefire.failIfNoSpecifiedTests=false
# replays it (with the seeds) in the build's regression mode. Keep it there, under a name that says what it is, once
# the bug is fixed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${DURATION:-300}"
timeout="${TIMEOUT:-10}"
max_len="${MAX_LEN:-65536}"
filter="${1:-}"
read -r -a mvn <<<"${MVN:-mvn}"
offline=()
[[ "${OFFLINE:-0}" == 1 ]] && offline=(-o)

say() { printf '[fuzz.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

modules=(routing api)
say "building ${modules[*]} and their test classpaths"
(cd "$root" && "${mvn[@]}" -B -q "${offline[@]}" -pl "$(IFS=,; echo "${modules[*]}")" -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz-classpath.txt) || die "the build failed"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
summary="$work/summary"
failed=0
for module in "${modules[@]}"; do
  dir="$root/$module"
  classpath="$dir/target/test-classes:$dir/target/classes:$(cat "$dir/target/fuzz-classpath.txt")"
  while IFS= read -r source; do
    class="$(basename "$source" .java)"
    [[ -z "$filter" || "$class" == *"$filter"* ]] || continue
    package="$(sed -n 's/^package \(.*\);$/\1/p' "$source")"
    log="$work/$class.log"
    say "fuzzing $package.$class for ${duration}s"
    status=0
    # Jazzer's JUnit integration runs the @FuzzTest: its seeds (@MethodSource, *Inputs/), its dictionary, and the
    # corpus in .cifuzz-corpus/ from earlier runs.
    (cd "$dir" && java -cp "$classpath" \
      -Djazzer.instrument='dev.tollgate.**,org.eclipse.parsson.**' \
      com.code_intelligence.jazzer.Jazzer \
      --target_class="$package.$class" \
      --max_duration="${duration}s" \
      -timeout="$timeout" -max_len="$max_len" >"$log" 2>&1) || status=$?
    done_line="$(grep -aE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)"
    [[ -n "$done_line" ]] || done_line="$(grep -aE '^#[0-9]+[[:space:]]' "$log" | tail -1 || true)"
    runs="$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)"
    if ((status == 0)); then
      printf '%-28s ok       %s | %s\n' "$class" "${runs:-?}" "${done_line:-no libFuzzer statistics}" >>"$summary"
    else
      failed=1
      finding="$(grep -E '== Java Exception|== libFuzzer crashing input|ERROR: libFuzzer: timeout|StackOverflowError' "$log" | head -1 || true)"
      artifact="$(grep -oE "(Test unit|crashing input) written to [^ ]+" "$log" | tail -1 || true)"
      printf '%-28s FINDING  %s | %s\n' "$class" "${finding:-exit $status}" "${artifact:-see the log}" >>"$summary"
      cp "$log" "$dir/target/$class-fuzz.log"
      say "$class: exit $status; the log is in $module/target/$class-fuzz.log"
    fi
  done < <(find "$dir/src/test/java" -name '*FuzzTest.java' | sort)
done

echo
echo "Fuzzing, ${duration}s per target (max_len $max_len, timeout ${timeout}s), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg):"
cat "$summary" 2>/dev/null || echo "no target matched '$filter'"
if ((failed)); then
  echo
  echo "Replay a finding: mvn -pl <module> -am test -Dtest=<Class> -Dsurefire.failIfNoSpecifiedTests=false"
  echo "(the crash-*/timeout-* file is in the class's *Inputs/ folder, which the build's regression mode replays)."
fi
exit "$failed"
