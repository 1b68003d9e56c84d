"""Reading JMH's JSON results and writing a script's section of bench/RESULTS.md; used by the Python that
bench/router.sh and bench/ledger.sh run through jmh_section (bench/lib.sh), with the BENCH_* variables it sets."""

import json
import math
import os
import sys

env = os.environ


def runs():
    """JMH's results by benchmark method name (the last part of its full name)."""
    return {run["benchmark"].rsplit(".", 1)[1]: run for run in json.load(open(env["BENCH_JSON"]))}


def require(by_name, names):
    missing = [name for name in names if name not in by_name]
    if missing:
        sys.exit("no results for " + ", ".join(missing))


def score(by_name, name, unit):
    """The score and its error (0 when JMH gives none, as with a single iteration), in the unit expected."""
    metric = by_name[name]["primaryMetric"]
    if metric["scoreUnit"] != unit:
        sys.exit(f"{name}: unit {metric['scoreUnit']}, expected {unit}")
    error = metric["scoreError"]
    return metric["score"], (error if isinstance(error, (int, float)) and math.isfinite(error) else 0.0)


def quotient(a, b):
    """a ÷ b of two (score, error) pairs, with the error of the quotient."""
    (x, ex), (y, ey) = a, b
    r = x / y
    return r, r * math.sqrt((ex / x) ** 2 + (ey / y) ** 2)


def facts(first, threads):
    """The table of the machine, the JVM and JMH's settings (taken from the first run), and the commit."""
    settings = (f"{first['forks']} fork, {first['warmupIterations']} × {first['warmupTime']} warm-up and "
                f"{first['measurementIterations']} × {first['measurementTime']} measured per benchmark, {threads}")
    jvm_args = " ".join(first.get("jvmArgs", [])) or "(none)"
    return [
        "| | |",
        "|---|---|",
        f"| cores (nproc) | {env['BENCH_NPROC']} |",
        f"| CPU | {env['BENCH_CPU']} |",
        f"| load average before / after the run (1, 5, 15 min) | {env['BENCH_LOAD']} |",
        f"| Java | {env['BENCH_JAVA']} ({first.get('vmName', '?')} {first.get('vmVersion', '')}) |",
        f"| JMH | {first.get('jmhVersion', '?')}: {settings}; JVM options {jvm_args} |",
        f"| Tollgate commit | {env['BENCH_COMMIT']} |",
    ]


def write_section(lines):
    """Puts the lines between "<!-- NAME:begin -->" and "<!-- NAME:end -->" of RESULTS.md, replacing what was there;
    a new section goes above "<!-- notes below are kept -->", or at the end. The rest of the file is left as it is."""
    name = env["BENCH_NAME"]
    begin, end, notes = f"<!-- {name}:begin -->\n", f"<!-- {name}:end -->\n", "<!-- notes below are kept -->\n"
    section = "\n".join([begin.strip()] + lines + [end.strip()]) + "\n"
    path = env["BENCH_RESULTS"]
    text = open(path).read() if os.path.exists(path) else ""
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
