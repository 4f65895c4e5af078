"""Peak memory of the demo (examples/demo.py) on tensorlite and on TensorFlow, side by side.

    python bench/memory.py

The same demo file runs twice, each time in a fresh interpreter: once as is, once with
`tensorlite` replaced by `tensorflow` in sys.modules (the oracle interpreter,
$TENSORLITE_ORACLE_PYTHON, default ~/.cache/tensorlite/oracle-venv/bin/python). Each
child reports its own peak resident set size. Target (issue #6): tensorlite's peak at most
1/5 of TensorFlow's.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = os.path.join(ROOT, "examples", "demo.py")
CHILD = """
import json, os, resource, runpy, sys
impl = sys.argv[1]
if impl == "tensorflow":
    import tensorflow
    sys.modules["tensorlite"] = tensorflow
sys.argv = [sys.argv[2]]
runpy.run_path(sys.argv[0], run_name="__main__")
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("PEAK " + json.dumps(peak_kib))
"""


def peak_mib(python, impl):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=ROOT,
               TENSORLITE_DEMO_DIR=tempfile.mkdtemp(prefix=f"demo-{impl}-"))
    done = subprocess.run([python, "-c", CHILD, impl, DEMO], capture_output=True, text=True,
                          env=env, timeout=600)
    for line in done.stdout.splitlines():
        if line.startswith("PEAK "):
            return json.loads(line[5:]) / 1024.0
    raise RuntimeError(f"{impl} demo failed: {done.stderr.strip().splitlines()[-1:]}")


def main():
    oracle = os.environ.get("TENSORLITE_ORACLE_PYTHON",
                            os.path.expanduser("~/.cache/tensorlite/oracle-venv/bin/python"))
    ours = peak_mib(sys.executable, "tensorlite")
    print(f"demo peak memory: tensorlite {ours:.0f} MiB")
    if not os.path.exists(oracle):
        print(f"!!! TensorFlow oracle not found at {oracle}: no comparison !!!")
        return
    theirs = peak_mib(oracle, "tensorflow")
    ratio = theirs / ours
    verdict = "met" if ratio >= 5 else "MISSED"
    print(f"demo peak memory: tensorflow {theirs:.0f} MiB; TF/tl = {ratio:.1f}x "
          f"(target >= 5x: {verdict})")


if __name__ == "__main__":
    main()
