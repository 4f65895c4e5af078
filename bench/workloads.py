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
import os
import subprocess
import sys
import time

import numpy as np

from registry import (WORKLOADS, best_time, best_times_interleaved, faster_than_tf,
                      within_numpy, workload)


# --- Workloads. Names are stable: later runs and issue notes refer to them. ----------------

@workload("import", issue="#2", target=faster_than_tf(20), self_timed=True)
def fresh_import_time(impl, repeat=3):
    """Wall time of a fresh interpreter that only imports `impl`, minus an empty one; best of 3."""
    def best_wall(code):
        runs = []
        for _ in range(repeat + 1):  # the first run only warms the disk cache and .pyc files
            started = time.perf_counter()
            # Bytecode caching on, as in any installed package (pip precompiles TF's):
            # PYTHONDONTWRITEBYTECODE would make every run recompile our sources.
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            done = subprocess.run([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True, env=env)
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
    return (rng.standard_normal((32, 28, 28, 32), dtype=np.float32),  # NHWC
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


@workload("conv2d 32x28x28x32 3x3x64", issue="#3", target=within_numpy(1.1), numpy_baseline=_numpy_conv2d)
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


# --- Variables (issue 4). ---------------------------------------------------------------------

SCOPES_PER_STEP = 200


@workload("get_variable in fresh nested scopes", issue="#4", target=faster_than_tf(50),
          calls=SCOPES_PER_STEP)
def get_variable_create(tf):
    v1 = tf.compat.v1

    def step():
        with tf.Graph().as_default():
            for i in range(SCOPES_PER_STEP):
                with v1.variable_scope(f"outer{i}"):
                    with v1.variable_scope("inner"):
                        v1.get_variable("w", [3], initializer=v1.zeros_initializer())
    return step


@workload("get_variable reuse=True lookup", issue="#4", target=faster_than_tf(50))
def get_variable_lookup(tf):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        with v1.variable_scope("model"):
            v1.get_variable("w", [3], initializer=v1.zeros_initializer())

    def step():
        with graph.as_default():
            with v1.variable_scope("model", reuse=True):
                return v1.get_variable("w", [3])
    return step


# --- Training steps (issues 5 and 6): an MLP 784-256-256-10, batch 128, plain SGD -------------
# (TF's GradientDescentOptimizer on both sides; the NumPy baseline is the same step by hand).

MLP_SIZES = (784, 256, 256, 10)
MLP_BATCH = 128
MLP_RATE = 0.01


def _mlp_data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((MLP_BATCH, MLP_SIZES[0]), dtype=np.float32)
    labels = rng.integers(0, MLP_SIZES[-1], MLP_BATCH)
    y = np.eye(MLP_SIZES[-1], dtype=np.float32)[labels]
    weights = []
    for fan_in, fan_out in zip(MLP_SIZES[:-1], MLP_SIZES[1:]):
        weights.append(rng.standard_normal((fan_in, fan_out), dtype=np.float32) * 0.05)
        weights.append(np.zeros(fan_out, np.float32))
    return x, y, weights


def _numpy_mlp_step():
    """The same step written by hand in NumPy: forward, softmax cross-entropy, backward."""
    x, y, params = _mlp_data()

    def step():
        w1, b1, w2, b2, w3, b3 = params
        h1 = np.maximum(x @ w1 + b1, 0)
        h2 = np.maximum(h1 @ w2 + b2, 0)
        logits = h2 @ w3 + b3
        shifted = logits - logits.max(axis=1, keepdims=True)
        probs = np.exp(shifted)
        probs /= probs.sum(axis=1, keepdims=True)
        d_logits = (probs - y) / MLP_BATCH
        d_w3, d_b3 = h2.T @ d_logits, d_logits.sum(0)
        d_h2 = (d_logits @ w3.T) * (h2 > 0)
        d_w2, d_b2 = h1.T @ d_h2, d_h2.sum(0)
        d_h1 = (d_h2 @ w2.T) * (h1 > 0)
        d_w1, d_b1 = x.T @ d_h1, d_h1.sum(0)
        for param, grad in zip(params, (d_w1, d_b1, d_w2, d_b2, d_w3, d_b3)):
            param -= MLP_RATE * grad
    return step


def _mlp_loss(tf, x, y, params):
    w1, b1, w2, b2, w3, b3 = params
    h1 = tf.nn.relu(tf.matmul(x, w1) + b1)
    h2 = tf.nn.relu(tf.matmul(h1, w2) + b2)
    logits = tf.matmul(h2, w3) + b3
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))


@workload("MLP SGD step: v1 graph + Session", issue="#6", target=within_numpy(1.15),
          numpy_baseline=_numpy_mlp_step)
def mlp_graph_step(tf):
    v1 = tf.compat.v1
    x_data, y_data, weights = _mlp_data()
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [None, MLP_SIZES[0]])
        y = v1.placeholder(tf.float32, [None, MLP_SIZES[-1]])
        params = [tf.Variable(w) for w in weights]
        loss = _mlp_loss(tf, x, y, params)
        train = v1.train.GradientDescentOptimizer(MLP_RATE).minimize(loss)
        init = v1.global_variables_initializer()
    sess = v1.Session(graph=graph)
    sess.run(init)
    feed = {x: x_data, y: y_data}
    return lambda: sess.run(train, feed)


@workload("MLP SGD step: eager + GradientTape", issue="#6", target=within_numpy(1.15),
          numpy_baseline=_numpy_mlp_step)
def mlp_eager_step(tf):
    x_data, y_data, weights = _mlp_data()
    x, y = tf.constant(x_data), tf.constant(y_data)
    params = [tf.Variable(w) for w in weights]
    optimizer = tf.compat.v1.train.GradientDescentOptimizer(MLP_RATE)

    def step():
        with tf.GradientTape() as tape:
            loss = _mlp_loss(tf, x, y, params)
        optimizer.apply_gradients(zip(tape.gradient(loss, params), params))
    return step


@workload("MLP SGD step: tf.function", issue="#5", target=within_numpy(1.15),
          numpy_baseline=_numpy_mlp_step)
def mlp_function_step(tf):
    x_data, y_data, weights = _mlp_data()
    x, y = tf.constant(x_data), tf.constant(y_data)
    params = [tf.Variable(w) for w in weights]

    optimizer = tf.compat.v1.train.GradientDescentOptimizer(MLP_RATE)

    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = _mlp_loss(tf, x, y, params)
        optimizer.apply_gradients(zip(tape.gradient(loss, params), params))
        return loss
    return lambda: step(x, y)


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
            if w.numpy_baseline is not None and impl == "tensorlite":
                ours, numpy_time = best_times_interleaved(w.setup(tf), w.numpy_baseline(),
                                                          w.calls)
                result = {"seconds": ours, "numpy_seconds": numpy_time}
            else:
                result = {"seconds": best_time(w.setup(tf), w.calls)}
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
