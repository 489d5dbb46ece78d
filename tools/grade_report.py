#!/usr/bin/env python3
"""The half of tools/grade that runs the exercise tests and reports.

    grade_report.py run BINARY --out results.json [--timeout 60]
    grade_report.py compile-error BUILD_LOG --tests-dir tests/exercises --out results.json

Each test case runs alone, under a timeout, so that a crash or an endless
loop costs only that test. Scoring: one point per test case (a test case
checks one property of one exercise; an exercise has 2 to 4). The report
follows Gradescope's autograder format (results.json: score,
execution_time, output, tests[] of name/number/score/max_score/status/output).
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import OrderedDict

NAME = re.compile(r"^ch(\d+) ex(\d+) ([^:]+)")  # "ch01 ex1 sigmoid: known values"
MAX_OUTPUT = 4000  # characters of test output kept per test


def parse(name):
    m = NAME.match(name)
    return (m.group(1), m.group(2), m.group(3).strip()) if m else ("??", "?", name)


def run_one(binary, name, timeout):
    """(passed, output) of one test case, run alone in its own process group."""
    proc = subprocess.Popen([binary, name], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace", start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return False, f"timed out after {timeout} s (an endless loop?)"
    # Drop Catch's banner and filter line: keep the failures and the summary.
    lines = [l for l in out.splitlines() if not l.startswith(("Filters:", "Run with -?", "~~~"))
             and "is a Catch v" not in l]
    text = "\n".join(lines).strip()
    if proc.returncode < 0:
        text += f"\ncrashed: {signal.Signals(-proc.returncode).name}"
    if proc.returncode == 0 and "All tests passed" not in out:
        return False, "no test case ran under this name:\n" + text
    if proc.returncode == 0 and "no CUDA device" in out:
        # A GPU exercise (chapter 09) on a machine without a GPU: its test
        # returned without checking anything, so it earns nothing here.
        return False, ("NOT GRADED: this test needs a CUDA device and the grading machine has "
                       "none (0 points here; grade on a machine with a GPU).\n" + text)
    if len(text) > MAX_OUTPUT:
        text = text[:MAX_OUTPUT] + "\n... (cut)"
    return proc.returncode == 0, text


def entry(name, k, passed, output):
    ch, ex, _ = parse(name)
    return {"name": name, "number": f"{int(ch) if ch.isdigit() else ch}.{ex}.{k}",
            "score": 1.0 if passed else 0.0, "max_score": 1.0,
            "status": "passed" if passed else "failed",
            "tags": [f"ch{ch}", f"ex{ex}"], "output": output}


def numbered(names):
    """(name, k): k counts the test cases within each exercise, from 1."""
    seen = {}
    for name in names:
        key = parse(name)[:2]
        seen[key] = seen.get(key, 0) + 1
        yield name, seen[key]


def table(tests, chapters):
    """The score table: one row per chapter and exercise, and the total."""
    rows = OrderedDict()
    for t in tests:
        ch, ex, function = parse(t["name"])
        row = rows.setdefault((ch, ex), {"function": function, "passed": 0, "total": 0,
                                          "points": 0.0, "max": 0.0})
        row["passed"] += t["status"] == "passed"
        row["total"] += 1
        row["points"] += t["score"]
        row["max"] += t["max_score"]
    line = "{:<24}{:<28}{:>7}{:>9}"
    lines = [line.format("chapter", "exercise", "tests", "points")]
    for (ch, ex), r in rows.items():
        lines.append(line.format(chapters.get(ch, "ch" + ch), f"ex{ex} {r['function']}",
                                 f"{r['passed']}/{r['total']}", f"{r['points']:g}/{r['max']:g}"))
    score = sum(t["score"] for t in tests)
    total = sum(t["max_score"] for t in tests)
    passed = sum(t["status"] == "passed" for t in tests)
    lines.append(line.format("total", "", f"{passed}/{len(tests)}", f"{score:g}/{total:g}"))
    return "\n".join(lines), score, total


def chapter_names(exercises_dir):
    """{"01": "01-logistic-regression", ...} from the folders of exercises/."""
    names = os.listdir(exercises_dir) if exercises_dir and os.path.isdir(exercises_dir) else []
    return {n[:2]: n for n in names if re.match(r"\d\d-", n)}


def write(path, tests, started, message, chapters):
    text, score, total = table(tests, chapters)
    failed = [t["name"] for t in tests if t["status"] != "passed"]
    summary = "\n".join(filter(None, [message, text]))
    if failed and len(failed) < len(tests):
        summary += "\n\nfailed:\n" + "\n".join("  " + n for n in failed)
    results = {"score": score, "execution_time": round(time.time() - started),
               "output": summary, "tests": tests,
               "extra_data": {"max_score": total, "scoring": "one point per test case"}}
    with open(path, "w") as f:
        json.dump(results, f, indent=2)
    print(summary)
    print(f"\nscore {score:g} / {total:g}; report written to {path}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=["run", "compile-error"])
    p.add_argument("path", help="the exercise_tests binary, or the build log")
    p.add_argument("--out", required=True)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--tests-dir", help="tests/exercises, to list the tests that did not build")
    p.add_argument("--exercises-dir", help="exercises/, whose folders name the chapters")
    a = p.parse_args()
    started = time.time()
    chapters = chapter_names(a.exercises_dir)

    if a.mode == "compile-error":
        # No binary: read the test names from the sources so the table shows 0/N.
        names = []
        for f in sorted(os.listdir(a.tests_dir)):
            if f.endswith("_test.cpp"):
                src = open(os.path.join(a.tests_dir, f)).read()
                names += re.findall(r'TEST_CASE\(\s*"([^"]+)"', src)
        # Keep the compiler's messages; drop build-tool progress and command lines.
        noise = re.compile(r"^(\[\d+/\d+\]|FAILED:|ninja:|make(\[\d+\])?:|: && |/\S+/c(\+\+|c) )")
        log = open(a.path, errors="replace").read().splitlines()
        shown = "\n".join([l for l in log if not noise.match(l)][:60])
        message = ("The submission does not compile, so no test could run: score 0.\n"
                   "Compiler errors:\n" + shown + "\n")
        tests = [entry(n, k, False, "did not compile") for n, k in numbered(names)]
        write(a.out, tests, started, message, chapters)
        return 0

    listing = subprocess.run([a.path, "--list-test-names-only"], capture_output=True, text=True)
    names = [n.strip() for n in listing.stdout.splitlines() if n.strip()]
    # (Catch2 v2 exits with the number of tests listed, so only the names count.)
    if not names:
        print(f"grade: cannot list the tests of {a.path}", file=sys.stderr)
        return 2
    tests = []
    for name, k in numbered(names):
        passed, output = run_one(a.path, name, a.timeout)
        tests.append(entry(name, k, passed, output))
    write(a.out, tests, started, "", chapters)
    return 0


if __name__ == "__main__":
    sys.exit(main())
