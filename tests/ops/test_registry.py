"""Every registered op, checked the same way (see harness.py). An op with no case fails."""
import glob
import importlib
import os

import numpy as np
import pytest

import tensorlite as tf
import tensorlite.data  # noqa: F401  (registers its ops on first use: load them for the check)
from tensorlite.framework import registry

# Ops that are not computations of their inputs, each covered by its own tests instead.
_DATA = "stateful tf.data pipeline op; tests/conformance/test_data.py"
EXEMPT = {
    "Placeholder": "fed values; tests/conformance/test_session.py",
    "NoOp": "no value; control-dependency tests",
    "RestoreV2": "reads a checkpoint file; tests/conformance/test_init_from_checkpoint.py",
    "PyDataset": _DATA, "IteratorV2": _DATA, "MakeIterator": _DATA, "OneShotIterator": _DATA,
    "IteratorGetNext": _DATA, "DatasetCardinality": _DATA, "ReduceDataset": _DATA,
}


def _load_cases():
    cases = []
    for path in sorted(glob.glob(os.path.join(os.path.dirname(__file__), "cases_*.py"))):
        module = importlib.import_module(f"tests.ops.{os.path.basename(path)[:-3]}")
        cases.extend(module.CASES)
    return cases


CASES = _load_cases()


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _arrays(case, seed=0, float_dtype=None):
    rng = np.random.default_rng(seed)
    values = []
    for spec in case.inputs:
        dtype = float_dtype if (float_dtype and spec.differentiable) else None
        values.append(spec.make(rng, dtype))
    return values


def _eager(case, arrays):
    args = [a if spec.const else tf.constant(a) for spec, a in zip(case.inputs, arrays)]
    return _as_list(case.build(tf, *args))


def test_every_registered_op_has_a_case():
    covered = {case.op for case in CASES}
    missing = sorted(set(registry.all_ops()) - covered - set(EXEMPT))
    assert not missing, f"registered ops without a test case: {missing}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_eager_matches_numpy(case):
    arrays = _arrays(case)
    outputs = _eager(case, arrays)
    if case.reference is None:
        return
    expected = _as_list(case.reference(*arrays))
    assert len(outputs) == len(expected)
    for out, ref in zip(outputs, expected):
        ref = np.asarray(ref)
        value = out.numpy()
        assert np.shape(value) == ref.shape, (np.shape(value), ref.shape)
        if case.random:
            continue
        assert out.dtype.as_numpy_dtype == ref.dtype or out.dtype.name == "string", \
            (out.dtype, ref.dtype)
        np.testing.assert_allclose(np.asarray(value, dtype=ref.dtype), ref, rtol=case.rtol,
                                   atol=case.atol)


# Every case is built with fully known placeholder shapes, and (unless it needs static
# shapes, e.g. a rank-dependent index) again with every dimension unknown, and with the
# rank unknown too.
GRAPH_PARAMS = [pytest.param(case, known, id=f"{case.id}-{known}-shapes")
                for case in CASES
                for known in ("known",) + (("unknown",) if case.unknown_shapes else ()) +
                (("unknown-rank",) if case.unknown_shapes and case.unknown_rank else ())]


@pytest.mark.parametrize("case, known", GRAPH_PARAMS)
def test_graph_matches_eager_and_shape_rule(case, known):
    arrays = _arrays(case)
    eager = [o.numpy() for o in _eager(case, arrays)]
    graph = tf.Graph()
    with graph.as_default():
        feeds, args = {}, []
        for spec, array in zip(case.inputs, arrays):
            if spec.const:
                args.append(array)
                continue
            shape = np.shape(array) if known == "known" else \
                [None] * np.ndim(array) if known == "unknown" else None
            placeholder = tf.compat.v1.placeholder(tf.as_dtype(np.asarray(array).dtype), shape)
            feeds[placeholder] = array
            args.append(placeholder)
        outputs = _as_list(case.build(tf, *args))
        with tf.compat.v1.Session(graph=graph) as sess:
            values = sess.run(outputs, feeds)
    for out, value, expected in zip(outputs, values, eager):
        assert out.shape.is_compatible_with(np.shape(value)), \
            f"static shape {out.shape} vs actual {np.shape(value)}"
        assert np.shape(value) == np.shape(expected)
        if not case.random:
            np.testing.assert_allclose(np.asarray(value), np.asarray(expected), rtol=case.rtol,
                                       atol=case.atol)


@pytest.mark.parametrize("case", [c for c in CASES if c.function], ids=lambda c: c.id)
def test_function_matches_eager(case):
    arrays = _arrays(case)
    eager = [o.numpy() for o in _eager(case, arrays)]
    tensors = [tf.constant(a) for spec, a in zip(case.inputs, arrays) if not spec.const]

    @tf.function
    def traced(*tensor_args):
        args, remaining = [], list(tensor_args)
        for spec, array in zip(case.inputs, arrays):
            args.append(array if spec.const else remaining.pop(0))
        return _as_list(case.build(tf, *args))

    outputs = traced(*tensors)
    assert len(outputs) == len(eager)
    for out, expected in zip(outputs, eager):
        value = out.numpy()
        assert np.shape(value) == np.shape(expected)
        assert out.dtype == tf.as_dtype(np.asarray(expected).dtype) or out.dtype == tf.string
        if not case.random:
            np.testing.assert_allclose(np.asarray(value), np.asarray(expected), rtol=case.rtol,
                                       atol=case.atol)


def _loss_fn(case, weights):
    def loss(*args):
        outputs = [o for o in _as_list(case.build(tf, *args)) if o.dtype.is_floating]
        return tf.add_n([tf.reduce_sum(o * w) for o, w in zip(outputs, weights)]) \
            if len(outputs) > 1 else tf.reduce_sum(outputs[0] * weights[0])
    return loss


def _numeric_gradient(f, arrays, index, eps=1e-6):
    # Only float inputs are perturbed; integer indices and boolean masks stay as they are.
    base = [np.array(a, dtype=np.float64) if isinstance(a, np.ndarray) and a.dtype.kind == "f"
            else a for a in arrays]
    grad = np.zeros_like(base[index])
    flat = grad.reshape(-1)
    for k in range(flat.size):
        plus = [a.copy() if isinstance(a, np.ndarray) else a for a in base]
        minus = [a.copy() if isinstance(a, np.ndarray) else a for a in base]
        plus[index].reshape(-1)[k] += eps
        minus[index].reshape(-1)[k] -= eps
        flat[k] = (f(plus) - f(minus)) / (2 * eps)
    return grad


@pytest.mark.parametrize("case", [c for c in CASES if c.grad], ids=lambda c: c.id)
def test_gradient_matches_finite_differences(case):
    arrays = _arrays(case, float_dtype="float64")
    rng = np.random.default_rng(1)
    sample = [o.numpy() for o in _eager(case, arrays)]
    weights = [rng.uniform(-1, 1, np.shape(s)) for s in sample
               if np.asarray(s).dtype.kind == "f"]
    loss = _loss_fn(case, weights)
    differentiable = [i for i, spec in enumerate(case.inputs) if spec.differentiable]

    def value(arrs):
        args = [a if spec.const else tf.constant(a) for spec, a in zip(case.inputs, arrs)]
        return float(loss(*args).numpy())

    args = [a if spec.const else tf.constant(a) for spec, a in zip(case.inputs, arrays)]
    with tf.GradientTape() as tape:
        for i in differentiable:
            tape.watch(args[i])
        total = loss(*args)
    grads = tape.gradient(total, [args[i] for i in differentiable])
    for i, grad in zip(differentiable, grads):
        numeric = _numeric_gradient(value, arrays, i)
        assert grad is not None, f"no gradient for input {i}"
        np.testing.assert_allclose(tf.convert_to_tensor(grad).numpy(), numeric,
                                   rtol=case.grad_tol, atol=case.grad_tol)

    if case.grad < 2:
        return
    directions = [rng.uniform(-1, 1, np.shape(arrays[i])) for i in differentiable]

    def first_order(arrs):
        targs = [a if spec.const else tf.constant(a) for spec, a in zip(case.inputs, arrs)]
        with tf.GradientTape() as inner:
            for i in differentiable:
                inner.watch(targs[i])
            out = loss(*targs)
        gs = inner.gradient(out, [targs[i] for i in differentiable])
        return sum(float(np.sum(tf.convert_to_tensor(g).numpy() * d))
                   for g, d in zip(gs, directions))

    with tf.GradientTape() as outer:
        for i in differentiable:
            outer.watch(args[i])
        with tf.GradientTape() as inner:
            for i in differentiable:
                inner.watch(args[i])
            out = loss(*args)
        gs = inner.gradient(out, [args[i] for i in differentiable])
        projected = tf.add_n([tf.reduce_sum(tf.convert_to_tensor(g) * d)
                              for g, d in zip(gs, directions)])
    # A gradient that is linear in an input has a zero (not missing) second derivative.
    second = outer.gradient(projected, [args[i] for i in differentiable],
                            unconnected_gradients=tf.UnconnectedGradients.ZERO)
    for i, grad in zip(differentiable, second):
        numeric = _numeric_gradient(first_order, arrays, i)
        assert grad is not None, f"no second-order gradient for input {i}"
        np.testing.assert_allclose(tf.convert_to_tensor(grad).numpy(), numeric,
                                   rtol=10 * case.grad_tol, atol=10 * case.grad_tol)
