"""The benchmark workloads, and the child process that times them for one implementation.

    python bench/workloads.py --impl tensorlite [--only NAME,...]

prints one line of JSON: {"impl", "version", "results": {name: {"seconds", "numpy_seconds"} or
{"error"}}}. `bench/run.py` starts one child per implementation and compares them. Each workload
uses the public `tf.*` API only, so the same code runs on tensorlite and on TensorFlow; one that
fails (an API tensorlite lacks so far) is reported as an error, never stops the run.

To add a workload: write `setup(tf) -> step` below with `@workload(...)`; that is all.
"""
import argparse
import importlib
import json
import subprocess
import sys
import time

import numpy as np

from registry import WORKLOADS, best_time, faster_than_tf, within_numpy, workload


# --- Workloads. Names are stable: later runs and issue notes refer to them. ----------------

@workload("import", issue="#2", target=faster_than_tf(20), self_timed=True)
def fresh_import_time(impl, repeat=3):
    """Wall time of a fresh interpreter that only imports `impl`, minus an empty one; best of 3."""
    def best_wall(code):
        runs = []
        for _ in range(repeat + 1):  # the first run only warms the disk cache and .pyc files
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
            runs.append(time.perf_counter() - started)
            if done.returncode != 0:
                last_line = (done.stderr.strip().splitlines() or ["no stderr"])[-1]
                raise RuntimeError(f"`{code}` failed: {last_line}")
        return min(runs[1:])
    return best_wall(f"import {impl}") - best_wall("pass")


@workload("eager scalar add", issue="#2", target=faster_than_tf(10))
def eager_scalar_add(tf):
    a = tf.constant(1.0, dtype=tf.float32)
    b = tf.constant(2.0, dtype=tf.float32)
    return lambda: a + b


GRAPH_OPS_PER_STEP = 1000


@workload("graph op tf.add", issue="#2", target=faster_than_tf(30), calls=GRAPH_OPS_PER_STEP)
def graph_add(tf):
    def step():
        # A fresh graph per 1000 ops keeps unique-name tables and op lists from growing.
        with tf.Graph().as_default():
            x = tf.compat.v1.placeholder(tf.float32, [None, 4])
            for _ in range(GRAPH_OPS_PER_STEP):
                tf.add(x, x)
    return step


@workload("Session.run 10 ops", issue="#2", target=faster_than_tf(10))
def session_run_10_ops(tf):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [4])
        y = x
        for i in range(10):
            y = y * 1.01 if i % 2 else y + 0.5
    sess = tf.compat.v1.Session(graph=graph)
    feed = {x: np.ones(4, np.float32)}
    return lambda: sess.run(y, feed)


TAPE_OPS_PER_STEP = 100


@workload("eager op under GradientTape", issue="#3", target=faster_than_tf(5), calls=TAPE_OPS_PER_STEP)
def eager_op_with_tape(tf):
    a = tf.constant(1.0, dtype=tf.float32)
    b = tf.constant(2.0, dtype=tf.float32)

    def step():
        with tf.GradientTape() as tape:
            tape.watch(a)
            for _ in range(TAPE_OPS_PER_STEP):
                a * b
    return step


@workload("gradient of 10 eager ops", issue="#3", target=faster_than_tf(10))
def gradient_10_ops(tf):
    x = tf.constant(np.ones(4, np.float32))
    c = tf.constant(1.01, dtype=tf.float32)

    def step():
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x
            for _ in range(5):
                y = y * c
                y = y + c
        return tape.gradient(y, x)
    return step


def _matmul_inputs():
    rng = np.random.default_rng(0)
    return (rng.standard_normal((512, 512), dtype=np.float32),
            rng.standard_normal((512, 512), dtype=np.float32))


def _numpy_matmul():
    a, b = _matmul_inputs()
    return lambda: a @ b


@workload("matmul 512x512", issue="#3", target=within_numpy(1.1), numpy_baseline=_numpy_matmul)
def matmul_512(tf):
    a, b = (tf.constant(v) for v in _matmul_inputs())
    return lambda: tf.matmul(a, b)


def _conv_inputs():
    rng = np.random.default_rng(0)
    return (rng.standard_normal((8, 32, 32, 32), dtype=np.float32),   # NHWC
            rng.standard_normal((3, 3, 32, 64), dtype=np.float32))    # HWIO


def _numpy_conv2d():
    # im2col + one matmul: the fastest plain-NumPy VALID convolution we found for this shape.
    x, w = _conv_inputs()
    n, h, wd, c = x.shape
    kh, kw, _, out = w.shape
    oh, ow = h - kh + 1, wd - kw + 1
    w_matrix = w.reshape(kh * kw * c, out)

    def step():
        windows = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))
        columns = windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
        return (columns @ w_matrix).reshape(n, oh, ow, out)
    return step


@workload("conv2d 8x32x32x32 3x3x64", issue="#3", target=within_numpy(1.1), numpy_baseline=_numpy_conv2d)
def conv2d(tf):
    x, w = (tf.constant(v) for v in _conv_inputs())
    return lambda: tf.nn.conv2d(x, w, strides=1, padding="VALID")


@workload("tf.function call", issue="#5", target=faster_than_tf(10))
def function_call(tf):
    @tf.function
    def f(x):
        return x * 2.0 + 1.0
    x = tf.constant(np.ones(4, np.float32))
    return lambda: f(x)


@workload("trace 500-op tf.function", issue="#5", target=faster_than_tf(10))
def trace_500_ops(tf):
    def body(x, y):
        for i in range(500):
            x = x * y if i % 2 else x + y
        return x
    spec = tf.TensorSpec([4], tf.float32)
    # A fresh tf.function per step, so every call traces instead of hitting the cache.
    return lambda: tf.function(body).get_concrete_function(spec, spec)


@workload("MLP train step (eager)", issue="#6")
def mlp_train_step(tf):
    rng = np.random.default_rng(0)
    x = tf.constant(rng.standard_normal((64, 32), dtype=np.float32))
    y = tf.constant(rng.standard_normal((64, 10), dtype=np.float32))
    params = [tf.Variable(rng.standard_normal((32, 64), dtype=np.float32) * 0.1),
              tf.Variable(np.zeros(64, np.float32)),
              tf.Variable(rng.standard_normal((64, 10), dtype=np.float32) * 0.1),
              tf.Variable(np.zeros(10, np.float32))]
    w1, b1, w2, b2 = params

    def step():
        with tf.GradientTape() as tape:
            hidden = tf.nn.relu(tf.matmul(x, w1) + b1)
            loss = tf.reduce_mean(tf.square(tf.matmul(hidden, w2) + b2 - y))
        for param, grad in zip(params, tape.gradient(loss, params)):
            param.assign_sub(0.01 * grad)
    return step


# --- The child process. ----------------------------------------------------------------------

def _error_text(error):
    return f"{type(error).__name__}: {error}".splitlines()[0][:200]


def run_workloads(impl, selected):
    tf = None
    results = {}
    for w in selected:
        try:
            if w.self_timed:
                results[w.name] = {"seconds": w.setup(impl)}
                continue
            if tf is None:
                tf = importlib.import_module(impl)
            result = {"seconds": best_time(w.setup(tf), w.calls)}
            if w.numpy_baseline is not None and impl == "tensorlite":
                result["numpy_seconds"] = best_time(w.numpy_baseline(), w.calls)
            results[w.name] = result
        except Exception as error:  # a missing API must not end the run
            results[w.name] = {"error": _error_text(error)}
    version = getattr(tf, "__version__", None) if tf is not None else None
    return {"impl": impl, "version": version, "python": sys.version.split()[0],
            "results": results}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impl", required=True, choices=["tensorlite", "tensorflow"])
    parser.add_argument("--only", default="", help="comma-separated workload names")
    args = parser.parse_args()
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = wanted - {w.name for w in WORKLOADS}
    if unknown:
        parser.error(f"unknown workloads {sorted(unknown)}; known: {[w.name for w in WORKLOADS]}")
    selected = [w for w in WORKLOADS if not wanted or w.name in wanted]
    print(json.dumps(run_workloads(args.impl, selected)))


if __name__ == "__main__":
    main()
