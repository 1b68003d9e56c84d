# Shared by the JMH scripts (bench/router.sh, bench/ledger.sh); sourced, not run. Before sourcing, a script sets
# bench_name (its section of RESULTS.md, and its messages' prefix) and root (the repository).
#
#   jmh_measure CLASS ARG...      all of the below, in a new folder work (removed on exit), with ARG... for JMH
#   jmh_tools                     installs what is missing: a JDK, Maven, Python 3
#   jmh_jar WORK                  builds bench/jmh (mvn -o when OFFLINE=1) and copies its jar to WORK/benchmarks.jar
#   jmh_args CLASS                sets the array jmh_args from JMH_ARGS, with CLASS added unless they name benchmarks
#   jmh_run WORK ARG...           runs the jar into WORK/jmh.json; sets load_before and load_after
#   jmh_section WORK              runs the caller's Python (on stdin) on WORK/jmh.json, with the machine's facts in
#                                 BENCH_* variables; its helpers are in bench/jmh_results.py

say() { printf '[%s.sh %s] %s\n' "$bench_name" "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

jmh_tools() {
  local missing=()
  command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v python3 >/dev/null || missing+=(python3)
  if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  fi
}

jmh_jar() {
  local offline=()
  [[ "${OFFLINE:-0}" == 1 ]] && offline=(-o)
  say "building bench/jmh (and the modules it benchmarks) with mvn ${offline[*]} -Pbench"
  (cd "$root" && mvn -B -q "${offline[@]}" -Pbench -pl bench/jmh -am package -DskipTests) || die "the build failed"
  local jar="$root/bench/jmh/target/benchmarks.jar"
  [[ -f "$jar" ]] || die "no $jar after the build"
  cp "$jar" "$1/benchmarks.jar"   # the original may be rebuilt while this runs
}

# JMH runs every benchmark in the jar unless its arguments name some (words that are neither an option nor an
# option's value); then only those run, so each script names its own class when JMH_ARGS does not.
jmh_args() {
  read -r -a jmh_args <<<"${JMH_ARGS:-}"
  local i=0 named=0
  while ((i < ${#jmh_args[@]})); do
    case "${jmh_args[i]}" in
      -h | -l | -lp | -lprof | -lrf) ;;   # JMH's options without a value
      -*) ((i += 1)) ;;
      *) named=1 ;;
    esac
    ((i += 1))
  done
  ((named)) || jmh_args+=("$1")
}

jmh_run() {
  local work="$1"
  shift
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"   # this machine may be shared: say how busy it was
  say "running JMH (load average before: $load_before)"
  java -jar "$work/benchmarks.jar" -rf json -rff "$work/jmh.json" "$@" >&2 || die "JMH failed"
  [[ -s "$work/jmh.json" ]] || die "JMH wrote no results"
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
}

jmh_measure() {
  local class="$1"
  shift
  jmh_tools
  work="$(mktemp -d "/tmp/tollgate-$bench_name-bench.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  jmh_jar "$work"
  jmh_args "$class"
  jmh_run "$work" "$@" "${jmh_args[@]}"
}

jmh_section() {
  local work="$1" commit cpu
  if commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null)"; then
    git -C "$root" diff-index --quiet HEAD -- 2>/dev/null || commit="$commit (working tree differs from it)"
  else
    commit=unknown
  fi
  cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  BENCH_JSON="$work/jmh.json" BENCH_RESULTS="$root/bench/RESULTS.md" BENCH_NPROC="$(nproc)" \
    BENCH_CPU="${cpu:-unknown}" BENCH_JAVA="$(java -version 2>&1 | head -1)" BENCH_LOAD="$load_before / $load_after" \
    BENCH_COMMIT="$commit" BENCH_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" BENCH_NAME="$bench_name" \
    PYTHONPATH="$root/bench${PYTHONPATH:+:$PYTHONPATH}" PYTHONDONTWRITEBYTECODE=1 python3 - \
    || die "could not write $root/bench/RESULTS.md"
}
