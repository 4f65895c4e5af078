"""Array gradient rules (OpDef.array_grad) against the symbolic rules they stand in for.

First-order eager backprop differentiates ops with an `array_grad` on NumPy arrays; the
symbolic `grad` still serves graphs, functions and higher order. Every case of the
registry test whose op has an array rule is differentiated both ways here: the results must
agree in value, dtype and shape, with every input watched and with only one (so that rules
skipping unwatched inputs are exercised too).
"""
import numpy as np
import pytest

import tensorlite as tf
from tensorlite.framework import registry
from tensorlite.ops import math_ops
from tests.ops.test_registry import CASES, _arrays, _as_list, _eager, _loss_fn

OPS = registry.all_ops()
# (Identity-like ops pass their gradient on in backprop itself: no rule to compare.)
ARRAY_CASES = [case for case in CASES
               if case.grad and case.op in OPS and OPS[case.op].array_grad is not None and
               not OPS[case.op].gradient_is_identity]


def test_every_array_rule_is_checked():
    with_rules = {op_type for op_type, opdef in registry.all_ops().items()
                  if opdef.array_grad is not None and not opdef.gradient_is_identity}
    unchecked = with_rules - {case.op for case in ARRAY_CASES}
    assert not unchecked, f"array gradient rules without a differentiable case: {unchecked}"


def _count_calls(monkeypatch, op_type, attribute):
    opdef = registry.get(op_type)
    function, calls = getattr(opdef, attribute), []

    def counting(*args, **kwargs):
        calls.append(1)
        return function(*args, **kwargs)
    monkeypatch.setattr(opdef, attribute, counting)
    return calls


def _gradients(case, arrays, weights, watched, symbolic):
    args = [a if spec.const else tf.constant(a) for spec, a in zip(case.inputs, arrays)]
    with tf.GradientTape() as tape:
        for i in watched:
            tape.watch(args[i])
        total = _loss_fn(case, weights)(*args)
    sources = [args[i] for i in watched]
    if not symbolic:
        return tape.gradient(total, sources)
    with tf.GradientTape():     # a recording tape needs the gradients as tensors
        return tape.gradient(total, sources)


@pytest.mark.parametrize("watch", ["all", "first"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", ARRAY_CASES, ids=lambda c: c.id)
def test_array_rule_matches_symbolic_rule(case, dtype, watch, monkeypatch):
    arrays = _arrays(case, float_dtype=dtype)
    rng = np.random.default_rng(1)
    weights = [rng.uniform(-1, 1, np.shape(o.numpy())).astype(dtype)
               for o in _eager(case, arrays) if o.dtype.is_floating]
    watched = [i for i, spec in enumerate(case.inputs) if spec.differentiable]
    if watch == "first":
        watched = watched[:1]
    calls = _count_calls(monkeypatch, case.op, "array_grad")
    kernel_calls = _count_calls(monkeypatch, case.op, "kernel")
    fast = _gradients(case, arrays, weights, watched, symbolic=False)
    # (A case can lose its op at another dtype: a cast to float64 of float64 is no Cast.)
    assert calls or not kernel_calls, f"the array rule of {case.op} was not used"
    calls.clear()
    slow = _gradients(case, arrays, weights, watched, symbolic=True)
    assert not calls, "a recording tape must get the symbolic rules"
    for got, expected in zip(fast, slow):
        assert (got is None) == (expected is None)
        if got is None:
            continue
        got, expected = tf.convert_to_tensor(got), tf.convert_to_tensor(expected)
        assert got.dtype == expected.dtype
        assert got.shape == expected.shape
        rtol = 1e-5 if dtype == "float32" else 1e-12
        np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=rtol, atol=rtol)


def test_variable_read():
    # ReadVariableOp passes its gradient on (gradient_is_identity): two reads, one sum.
    variable = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.matmul(variable, variable))
    grad = tape.gradient(loss, variable)
    assert grad.dtype == tf.float32
    ones = np.ones((2, 2), np.float32)
    value = variable.numpy()
    np.testing.assert_allclose(grad.numpy(), ones @ value.T + value.T @ ones)


def test_partials_mix_arrays_and_symbolic_rules():
    # tf.sin has no array rule: array partials meet tensor partials, then feed a symbolic
    # rule, whose result feeds array rules again.
    x = tf.constant([0.5, 1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.sin(x * x) + x * 3.0
        loss = tf.reduce_sum(y * y)
    grad = tape.gradient(loss, x)
    value = np.array([0.5, 1.0, 2.0], np.float32)
    y = np.sin(value * value) + value * 3
    expected = 2 * y * (np.cos(value * value) * 2 * value + 3)
    assert grad.dtype == tf.float32
    np.testing.assert_allclose(grad.numpy(), expected, rtol=1e-5)


def test_output_gradients_and_unconnected_outputs():
    logits = tf.constant([[1.0, 2.0, 0.5]])
    labels = tf.constant([[0.0, 1.0, 0.0]])
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    grad = tape.gradient(loss, logits, output_gradients=tf.constant([2.0]))
    probs = np.exp([1.0, 2.0, 0.5]) / np.sum(np.exp([1.0, 2.0, 0.5]))
    np.testing.assert_allclose(grad.numpy(), [2 * (probs - [0, 1, 0])], rtol=1e-6)


# Complex inputs: TF's rules multiply by conjugates (grad * conj(y) for Mul), which the array
# rules do after a dtype test. Each rule whose op takes a complex dtype has a case here (its
# id: op type first), differentiated both ways like the float cases above; the values
# themselves are held to finite differences in tests/conformance/test_complex_gradients.py.
COMPLEX_CASES = {
    "AddV2": (lambda tf, x, y: x + y, [(2, 3), (3,)]),
    "Add": (lambda tf, x, y: math_ops.apply(math_ops.ADD, (x, y)), [(2, 1), (1, 3)]),
    "Sub": (lambda tf, x, y: x - y, [(2, 3), (2, 1)]),
    "Mul": (lambda tf, x, y: x * y, [(2, 3), (3,)]),
    "RealDiv": (lambda tf, x, y: x / y, [(2, 3), (3,)]),
    "Neg": (lambda tf, x: -x, [(2, 3)]),
    "Square": (lambda tf, x: tf.square(x), [(2, 3)]),
    "Sqrt": (lambda tf, x: tf.sqrt(x), [(2, 3)]),
    "Exp": (lambda tf, x: tf.exp(x), [(2, 3)]),
    "Log": (lambda tf, x: tf.math.log(x), [(2, 3)]),
    "Tanh": (lambda tf, x: tf.tanh(x), [(2, 3)]),
    "Sigmoid": (lambda tf, x: tf.sigmoid(x), [(2, 3)]),
    "Cast": (lambda tf, x: tf.cast(x, tf.complex128 if x.dtype == tf.complex64 else
                                   tf.complex64), [(2, 3)]),
    "Cast-to-real": (lambda tf, x: tf.cast(tf.cast(x, x.dtype.real_dtype), x.dtype) * x,
                     [(2, 3)]),
    "Reshape": (lambda tf, x: tf.reshape(x * x, [3, -1]), [(2, 3)]),
    "MatMul": (lambda tf, a, b: tf.matmul(a, b), [(2, 3), (3, 4)]),
    "MatMul-ta": (lambda tf, a, b: tf.matmul(a, b, transpose_a=True), [(3, 2), (3, 4)]),
    "MatMul-tb": (lambda tf, a, b: tf.matmul(a, b, transpose_b=True), [(2, 3), (4, 3)]),
    "MatMul-ta-tb": (lambda tf, a, b: tf.matmul(a, b, transpose_a=True, transpose_b=True),
                     [(3, 2), (4, 3)]),
    "Sum": (lambda tf, x: tf.reduce_sum(x, axis=1), [(2, 3)]),
    "Mean": (lambda tf, x: tf.reduce_mean(x, axis=0, keepdims=True), [(2, 3)]),
    "BiasAdd": (lambda tf, x, b: tf.nn.bias_add(x, b), [(2, 3, 4), (4,)]),
}


def test_every_complex_array_rule_is_checked():
    complex_types = {tf.complex64, tf.complex128}
    with_rules = {op_type for op_type, opdef in registry.all_ops().items()
                  if opdef.array_grad is not None and not opdef.gradient_is_identity and
                  any(allowed is None or complex_types & set(allowed)
                      for allowed in opdef.type_attrs.values())}
    unchecked = with_rules - {case_id.split("-")[0] for case_id in COMPLEX_CASES}
    assert not unchecked, f"array gradient rules without a complex case: {unchecked}"


def _complex_gradients(build, args, weights, watched, symbolic):
    with tf.GradientTape() as tape:
        for i in watched:
            tape.watch(args[i])
        out = build(tf, *args)
        # A real loss whose gradient by `out` has both parts: conj(weights).
        total = tf.reduce_sum(tf.math.real(out * tf.cast(weights, out.dtype)))
    sources = [args[i] for i in watched]
    if not symbolic:
        return tape.gradient(total, sources)
    with tf.GradientTape():     # a recording tape needs the gradients as tensors
        return tape.gradient(total, sources)


@pytest.mark.parametrize("watch", ["all", "first", "second"])
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("case_id", list(COMPLEX_CASES))
def test_complex_array_rule_matches_symbolic_rule(case_id, dtype, watch, monkeypatch):
    build, shapes = COMPLEX_CASES[case_id]
    if watch == "second" and len(shapes) < 2:
        watch = "first"     # (a unary case: watching its one input is the whole check)
    rng = np.random.default_rng(3)
    # Re x in [0.5, 1.5]: away from the branch cuts of Sqrt and Log.
    args = [tf.constant((rng.uniform(0.5, 1.5, shape) +
                         1j * rng.uniform(-1, 1, shape)).astype(dtype)) for shape in shapes]
    out_shape = build(tf, *args).shape
    weights = (rng.uniform(-1, 1, out_shape) + 1j * rng.uniform(-1, 1, out_shape))
    watched = {"all": list(range(len(shapes))), "first": [0], "second": [1]}[watch]
    op_type = case_id.split("-")[0]
    calls = _count_calls(monkeypatch, op_type, "array_grad")
    fast = _complex_gradients(build, args, weights, watched, symbolic=False)
    assert calls, f"the array rule of {op_type} was not used"
    calls.clear()
    slow = _complex_gradients(build, args, weights, watched, symbolic=True)
    assert not calls, "a recording tape must get the symbolic rules"
    for got, expected in zip(fast, slow):
        got, expected = tf.convert_to_tensor(got), tf.convert_to_tensor(expected)
        assert got.dtype == expected.dtype == tf.as_dtype(dtype)
        assert got.shape == expected.shape
        rtol = 1e-5 if dtype == "complex64" else 1e-12
        np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=rtol, atol=rtol)
