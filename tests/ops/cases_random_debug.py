"""Cases for the random ops, the debugging ops (Assert, CheckNumerics, StringFormat, PrintV2)
and the Python-function ops (EagerPyFunc, PyFunc, PyFuncStateless)."""
import numpy as np

from tensorlite.ops.debug_ops import string_format
from tests.ops.harness import Case, F, I, K, V


def _shaped(shape, dtype):
    return lambda *_: np.zeros(shape, dtype)


def _after(tf, op, value):
    """`value` once `op` (an op in graphs, None eagerly) has run."""
    deps = [op] if op is not None else []
    with tf.control_dependencies(deps):
        return tf.identity(value)


def _print_to_stdout(tf, x):
    import sys
    return _after(tf, tf.print("x =", x, output_stream=sys.stdout), x)


CASES = [
    # ---------------------------------------------------------------- random ops
    Case("RandomUniform", lambda tf, s: tf.random.uniform(s), _shaped((2, 3), "float32"),
         [K([2, 3])], random=True),
    Case("RandomUniform", lambda tf, s: tf.random.uniform(s, 2.0, 5.0, dtype=tf.float64,
                                                          seed=7),
         _shaped((4,), "float64"), [K([4])], random=True, name="range-float64"),
    Case("RandomUniformInt", lambda tf, s: tf.random.uniform(s, 0, 10, dtype=tf.int32),
         _shaped((3, 2), "int32"), [K([3, 2])], random=True),
    Case("RandomStandardNormal", lambda tf, s: tf.random.normal(s, 1.0, 2.0),
         _shaped((2, 2), "float32"), [K([2, 2])], random=True),
    Case("TruncatedNormal", lambda tf, s: tf.random.truncated_normal(s, seed=3),
         _shaped((5,), "float32"), [K([5])], random=True),
    Case("Multinomial", lambda tf, logits: tf.random.categorical(logits, 4),
         _shaped((2, 4), "int64"), [F(2, 3)], random=True),
    Case("RandomShuffle", lambda tf, x: tf.random.shuffle(x), _shaped((4, 2), "float32"),
         [F(4, 2)], random=True),
    # Deterministic values: a single class, a one-row shuffle.
    Case("Multinomial", lambda tf, logits: tf.random.categorical(logits, 3, dtype=tf.int32),
         lambda logits: np.ones((1, 3), np.int32),
         [V([[-np.inf, 0.0, -np.inf]], "float32")], name="one-class"),
    Case("RandomShuffle", lambda tf, x: tf.random.shuffle(x), lambda x: x, [F(1, 3)],
         name="one-row"),
    # ---------------------------------------------------------------- debugging ops
    Case("CheckNumerics", lambda tf, x: tf.debugging.check_numerics(x, "bad"), lambda x: x,
         [F(2, 3)], grad=1),
    Case("Assert", lambda tf, x: _after(tf, tf.debugging.Assert(True, [x]), x),
         lambda x: x, [F(3)]),
    Case("Assert", lambda tf, x: _after(tf, tf.debugging.assert_less(x, 10.0), x * 2.0),
         lambda x: x * 2, [F(2, 2)], name="assert_less"),
    # (The harness compares numbers: the formatted string is checked through tf.equal.)
    Case("StringFormat", lambda tf, x: tf.cast(tf.equal(
        string_format("v: {} {}", [x, x * 2]), "v: [1 2 3] [2 4 6]"), tf.int32),
         lambda x: np.int32(1), [V([1, 2, 3], "int32")]),
    Case("PrintV2", _print_to_stdout, lambda x: x, [I(2)]),
    # ---------------------------------------------------------------- Python functions
    Case("EagerPyFunc", lambda tf, x: tf.py_function(lambda a: a * a + 1.0, [x], x.dtype),
         lambda x: x * x + 1, [F(2, 3)], grad=2),
    Case("EagerPyFunc", lambda tf, x, y: tf.py_function(
        lambda a, b: [a * b, tf.cast(b, tf.float32)], [x, y], [x.dtype, tf.float32]),
         lambda x, y: [x * y, y.astype(np.float32)], [F(3), F(3)], name="two-outputs"),
    Case("PyFunc", lambda tf, x: tf.numpy_function(lambda a: np.sort(a), [x], tf.float32),
         lambda x: np.sort(x), [F(5)]),
    Case("PyFuncStateless", lambda tf, x, k: tf.numpy_function(
        lambda a, b: (a + b).astype(np.int32), [x, k], tf.int32, stateful=False),
         lambda x, k: x + 4, [I(3), K(np.int32(4))]),
]


def _print(tf, x):
    if tf.executing_eagerly():   # tf.compat.v1.Print is a graph op; eagerly it is identity
        return tf.compat.v1.Print(x, [x], message="x: ")
    return tf.compat.v1.Print(x, [x, x * 2.0], message="x: ", first_n=1)


CASES.append(Case("Print", _print, lambda x: x, [F(2, 3)], grad=1))
