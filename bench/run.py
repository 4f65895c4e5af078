"""Benchmark tensorlite against real TensorFlow in one run and print the ratios next to the targets.

    python3 bench/run.py [--only NAME,...]

Each implementation runs in its own interpreter (`bench/workloads.py --impl ...`): tensorlite
under this Python with the repository root on PYTHONPATH, TensorFlow under the oracle interpreter
($TENSORLITE_ORACLE_PYTHON, default ~/.cache/tensorlite/oracle-venv/bin/python). Ratios are
baseline time / tensorlite time, so > 1 means tensorlite is faster. A benchmark, not a test:
it exits 0 unless the tensorlite child could not run at all.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from registry import WORKLOADS  # noqa: E402  (needs BENCH_DIR on sys.path)
import workloads  # noqa: E402,F401  (registers the workloads)

DEFAULT_ORACLE = "~/.cache/tensorlite/oracle-venv/bin/python"
CHILD_TIMEOUT_S = 300


def oracle_python():
    path = Path(os.path.expanduser(os.environ.get("TENSORLITE_ORACLE_PYTHON", DEFAULT_ORACLE)))
    return path if path.is_file() and os.access(path, os.X_OK) else None


def run_child(python, impl, only):
    """Run the workloads for `impl` in a fresh interpreter; return (report or None, problem)."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if impl == "tensorlite":
        env["PYTHONPATH"] = str(REPO_ROOT)
    else:
        env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    command = [str(python), str(BENCH_DIR / "workloads.py"), "--impl", impl]
    if only:
        command += ["--only", only]
    try:
        # cwd is bench/, so the TensorFlow child cannot pick up tensorlite from the repo root.
        done = subprocess.run(command, cwd=BENCH_DIR, env=env, capture_output=True, text=True,
                              timeout=CHILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, f"{impl} child ran past {CHILD_TIMEOUT_S} s"
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = "\n    ".join(done.stderr.strip().splitlines()[-5:])
        return None, f"{impl} child exited with {done.returncode}:\n    {tail}"
    return json.loads(lines[-1]), None


def format_seconds(seconds):
    """Three significant digits in the largest unit that keeps the number >= 1: `14.8 us`."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale or unit == "ns":
            value = seconds / scale
            return f"{value:.{max(0, 2 - len(str(int(value))) + 1)}f} {unit}"


def time_cell(result):
    if result is None:
        return "-"
    if "error" in result:
        return "n/a"
    return format_seconds(result["seconds"])


def verdict(w, tl, tf):
    """The last column: whether tensorlite meets the workload's target, or why that is unknown."""
    if "error" in tl:
        return f"n/a (error: {tl['error']})"
    target = w.target
    if target is None:
        return "(no target yet)"
    if target.baseline == "numpy":
        slowdown = tl["seconds"] / tl["numpy_seconds"]
        met = 1.0 / slowdown >= target.min_ratio
        return f"{'met' if met else 'MISSED'} ({slowdown:.2f}x NumPy's time)"
    if tf is None:
        return "n/a (TF unavailable)"
    if "error" in tf:
        return f"n/a (TF error: {tf['error']})"
    return "met" if tf["seconds"] / tl["seconds"] >= target.min_ratio else "MISSED"


def print_table(selected, tl_report, tf_report):
    tl_results = tl_report["results"] if tl_report else {}
    tf_results = tf_report["results"] if tf_report else None
    header = ["workload", "issue", "tensorlite", "tensorflow", "numpy", "TF/tl", "target", "result"]
    rows = []
    for w in selected:
        tl = tl_results.get(w.name, {"error": "tensorlite child did not run"})
        tf = tf_results.get(w.name) if tf_results is not None else None
        ratio = "-"
        if tf is not None and "error" not in tf and "error" not in tl:
            ratio = f"{tf['seconds'] / tl['seconds']:.1f}x"
        numpy_time = format_seconds(tl["numpy_seconds"]) if "numpy_seconds" in tl else ""
        rows.append([w.name, w.issue or "", time_cell(tl), time_cell(tf) if tf_results else "n/a",
                     numpy_time, ratio, w.target.text if w.target else "", verdict(w, tl, tf)])
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(len(header) - 1)]
    for row in [header] + rows:
        cells = [cell.ljust(width) if i == 0 else cell.rjust(width)
                 for i, (cell, width) in enumerate(zip(row, widths))]
        print("  ".join(cells + [row[-1]]).rstrip())


def shout(message):
    bar = "!" * 78
    print(f"\n{bar}\n!! {message}\n{bar}\n", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated workload names "
                        f"(default: all of {', '.join(w.name for w in WORKLOADS)})")
    args = parser.parse_args()
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    selected = [w for w in WORKLOADS if not wanted or w.name in wanted]
    if wanted - {w.name for w in selected}:
        parser.error(f"unknown workloads: {sorted(wanted - {w.name for w in selected})}")

    started = time.perf_counter()
    tl_report, tl_problem = run_child(sys.executable, "tensorlite", args.only)
    oracle = oracle_python()
    tf_report, tf_problem = None, None
    if oracle is None:
        tf_problem = (f"oracle interpreter not found (set $TENSORLITE_ORACLE_PYTHON or create "
                      f"{DEFAULT_ORACLE})")
    else:
        tf_report, tf_problem = run_child(oracle, "tensorflow", args.only)

    for problem in (tl_problem, tf_problem):
        if problem:
            shout(problem)
    print(f"tensorlite {(tl_report or {}).get('version')} (Python {sys.version.split()[0]})"
          f" vs TensorFlow {(tf_report or {}).get('version') or 'unavailable'}"
          f"{f' ({oracle})' if oracle else ''}")
    print("times are per operation, best of several repeats; "
          "TF/tl > 1 means tensorlite is faster\n")
    print_table(selected, tl_report, tf_report)
    print(f"\n({time.perf_counter() - started:.0f} s)")
    if tf_problem:
        shout("THE TENSORFLOW COLUMN IS UNAVAILABLE: " + tf_problem.splitlines()[0])
    return 1 if tl_problem else 0


if __name__ == "__main__":
    sys.exit(main())
