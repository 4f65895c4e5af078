"""tf.debugging assertions, check_numerics, tf.print and Python-function ops: TF's messages,
error types, graph behaviour and formatting."""
import sys

import numpy as np
import pytest


def _message(error_info):
    return str(error_info.value)


# ---------------------------------------------------------------- eager assertions

def test_assert_equal_eager_message(tf):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_equal(tf.constant([1, 2, 3]), tf.constant([1, 5, 3]))
    assert _message(info) == (
        "Condition x == y did not hold.\nIndices of first 1 different values:\n[[1]]\n"
        "Corresponding x values:\n[2]\nCorresponding y values:\n[5]\n"
        "First 3 elements of x:\n[1 2 3]\nFirst 3 elements of y:\n[1 5 3]")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_equal(tf.constant([[1, 2], [3, 4]]), tf.constant([[1, 0], [0, 4]]),
                                  message="boom", summarize=1)
    assert _message(info) == (
        "boom\nCondition x == y did not hold.\nIndices of first 1 different values:\n"
        "[[0 1]]\nCorresponding x values:\n[2]\nCorresponding y values:\n[0]\n"
        "First 1 elements of x:\n[1]\nFirst 1 elements of y:\n[1]")


def test_assert_eager_broadcast_and_scalars(tf):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_equal(1, 2)
    assert _message(info) == ("Condition x == y did not hold.\nFirst 1 elements of x:\n[1]\n"
                              "First 1 elements of y:\n[2]")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_greater_equal(tf.constant([1, 2, 3]), 4)
    assert _message(info) == ("Condition x >= y did not hold.\nFirst 3 elements of x:\n"
                              "[1 2 3]\nFirst 1 elements of y:\n[4]")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_less(tf.constant([1.0, 2.0]), tf.constant([1.0, 5.0]))
    assert "Condition x < y did not hold.\nIndices of first 1 different values:\n[[0]]" in \
        _message(info)
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_equal(tf.constant([1, 2, 3, 4, 5, 6]), 0, summarize=-1)
    assert "First 6 elements of x:\n[1 2 3 4 5 6]" in _message(info)


def test_passing_assertions_return_none_eagerly(tf):
    x = tf.constant([1.0, 2.0])
    assert tf.debugging.assert_equal(x, x) is None
    assert tf.debugging.assert_equal(x, [1.0, 2.0]) is None
    assert tf.debugging.assert_none_equal(x, 0.0) is None
    assert tf.debugging.assert_less(x, 3.0) is None
    assert tf.debugging.assert_less_equal(x, 2.0) is None
    assert tf.debugging.assert_greater(x, 0.0) is None
    assert tf.debugging.assert_positive(x) is None
    assert tf.debugging.assert_non_negative(x) is None
    assert tf.debugging.assert_negative(-x) is None
    assert tf.debugging.assert_non_positive(-x) is None
    assert tf.debugging.assert_rank(x, 1) is None
    assert tf.debugging.assert_type(x, tf.float32) is None
    assert tf.debugging.Assert(True, [x]) is None
    assert tf.assert_equal(x, x) is None and tf.assert_rank(x, 1) is None


def test_sign_assertions_eager_messages(tf):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_positive(tf.constant([1, -2, 3]))
    assert _message(info) == ("\nCondition x > 0 did not hold element-wise:\n"
                              "x (shape=(3,) dtype=int32) = \n['1', '-2', '3']")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_negative(tf.constant([1, -2, 3]), message="msg")
    assert _message(info) == ("msg.  \nCondition x < 0 did not hold element-wise:\n"
                              "x (shape=(3,) dtype=int32) = \n['1', '-2', '3']")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_non_negative(tf.constant([1.0, -2.0, 3.0, 4.0]))
    assert _message(info) == ("\nCondition x >= 0 did not hold element-wise:\n"
                              "x (shape=(4,) dtype=float32) = \n['1.0', '-2.0', '3.0', '...']")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_non_positive(tf.constant(1.5))
    # TF's message really lacks the line break after "element-wise:" here.
    assert _message(info) == ("\nCondition x <= 0 did not hold element-wise:"
                              "x (shape=() dtype=float32) = \n1.5")


def test_static_checks_raise_python_errors(tf):
    with pytest.raises(ValueError) as info:
        tf.debugging.assert_rank(tf.constant([1, 2, 3]), 2)
    assert _message(info) == "Tensor  must have rank 2.  Received rank 1, shape (3,)"
    with pytest.raises(ValueError) as info:
        tf.debugging.assert_rank(tf.constant([1, 2, 3]), 2, message="m")
    assert _message(info) == "m.  Tensor  must have rank 2.  Received rank 1, shape (3,)"
    with pytest.raises(ValueError) as info:
        tf.debugging.assert_rank_at_least(tf.constant([1.0]), 2)
    assert _message(info) == "Tensor  must have rank at least 2.  Received rank 1, shape (1,)"
    with pytest.raises(TypeError) as info:
        tf.debugging.assert_type(tf.constant([1, 2]), tf.float32, message="m")
    assert _message(info) == "m.  tensor must be of type tf.float32; got tf.int32"
    with pytest.raises(TypeError) as info:
        tf.debugging.assert_integer(tf.constant(1.0))
    assert _message(info) == ("Expected \"x\" to be integer type.  Found: tensor of dtype "
                              "<dtype: 'float32'>")
    with pytest.raises(ValueError, match=r"Expected scalar shape, saw shape: \(1,\)\."):
        tf.debugging.assert_scalar(tf.constant([1.0]))


def test_assert_eager_message(tf):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.Assert(False, [tf.constant([1, 2, 3, 4, 5]), "hello", 3])
    assert _message(info) == ("Expected 'False' to be true. Summarized data: 1, 2, 3, ...\n"
                              "b'hello'\n3")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.Assert(tf.constant(False), [tf.constant([1.5, 2.0, 3.0]), tf.constant(7)],
                            summarize=2)
    assert _message(info) == ("Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. "
                              "Summarized data: 1.5, 2.0, ...\n7")


# ---------------------------------------------------------------- graph assertions

def test_static_graph_assertion_raises_at_construction(tf):
    with tf.Graph().as_default():
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            tf.debugging.assert_equal(tf.constant([1, 2, 3]), tf.constant([1, 5, 3]))
        assert _message(info) == ("Condition x == y did not hold element-wise:\n"
                                  "x (Const:0) = \n[1 2 3]\ny (Const_1:0) = \n[1 5 3]")
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            tf.debugging.assert_positive(tf.constant([1, -2, 3]))
        assert _message(info) == ("\nCondition x > 0 did not hold element-wise:\n"
                                  "x (Const_2:0) = \n[ 1 -2  3]")


def test_graph_assertion_runs_in_session(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.int32, [None])
        check = tf.debugging.assert_equal(x, tf.constant([1, 5, 3]), message="boom")
        assert check.type == "Assert"
        assert check.name == "assert_equal_1/Assert/Assert"
        positive = tf.debugging.assert_positive(x)
        with tf.control_dependencies([check]):
            out = tf.identity(x)
        with tf.compat.v1.Session() as sess:
            np.testing.assert_array_equal(sess.run(out, {x: [1, 5, 3]}), [1, 5, 3])
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(out, {x: [1, 2, 3]})
            assert ("assertion failed: [boom] [Condition x == y did not hold element-wise:] "
                    "[x (Placeholder:0) = ] [1 2 3] [y (Const:0) = ] [1 5 3]") in _message(info)
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(positive, {x: [1, -5, 3, 4, 5]})
            assert ("assertion failed: [] [Condition x > 0 did not hold element-wise:] "
                    "[x (Placeholder:0) = ] [1 -5 3...]") in _message(info)


def test_graph_rank_assertions(tf):
    with tf.Graph().as_default():
        known = tf.compat.v1.placeholder(tf.int32, [None])
        assert tf.debugging.assert_rank(known, 1).name == \
            "assert_rank/static_checks_determined_all_ok"
        with pytest.raises(ValueError) as info:
            tf.debugging.assert_rank(known, 2)
        assert _message(info) == ("Tensor Placeholder:0 must have rank 2.  Received rank 1, "
                                  "shape (None,)")
        unknown = tf.compat.v1.placeholder(tf.int32)
        check = tf.debugging.assert_rank(unknown, 2)
        assert check.type == "Assert"
        with tf.compat.v1.Session() as sess:
            sess.run(check, {unknown: [[1]]})
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(check, {unknown: [1]})
            assert ("assertion failed: [] [Tensor Placeholder_1:0 must have rank] [2] "
                    "[Received shape: ] [1]") in _message(info)


def test_graph_assert_summarizes_like_tf(tf):
    with tf.Graph().as_default():
        value = tf.compat.v1.placeholder(tf.float32)
        condition = tf.compat.v1.placeholder(tf.bool)
        check = tf.debugging.Assert(condition, [value], summarize=4)
        with tf.compat.v1.Session() as sess:
            cases = [(np.arange(6.0).reshape(2, 3), "[[0 1 2][3...]...]"),
                     (np.arange(24.0).reshape(2, 3, 4), "[[[0 1 2 3]]...]"),
                     ([1.5, 0.1, 1 / 3, 1e10, np.nan], "[1.5 0.1 0.333333343 1e+10...]"),
                     (2.5, "[2.5]"), (np.zeros([0]), "[]")]
            for fed, expected in cases:
                with pytest.raises(tf.errors.InvalidArgumentError) as info:
                    sess.run(check, {value: fed, condition: False})
                assert f"assertion failed: {expected}" in _message(info)
            sess.run(check, {value: 1.0, condition: True})
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"should be a scalar"):
                sess.run(check, {value: 1.0, condition: [False]})


# ---------------------------------------------------------------- check_numerics

def test_check_numerics_eager(tf):
    x = tf.constant([1.0, 2.0])
    np.testing.assert_array_equal(tf.debugging.check_numerics(x, "m").numpy(), [1.0, 2.0])
    for values, what in [([1.0, np.nan], "NaN"), ([1.0, np.inf], "Inf"),
                         ([np.inf, np.nan], "Inf and NaN")]:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=f"mymsg : Tensor had {what} values"):
            tf.debugging.check_numerics(tf.constant(values), "mymsg")
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of int32"):
        tf.debugging.check_numerics(tf.constant([1, 2]), "m")


def test_check_numerics_graph_and_gradient(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2])
        checked = tf.debugging.check_numerics(x, "cn")
        assert checked.op.type == "CheckNumerics" and checked.op.name == "CheckNumerics"
        assert checked.shape.as_list() == [2]
        with tf.compat.v1.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="cn : Tensor had NaN"):
                sess.run(checked, {x: [1.0, np.nan]})
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.debugging.check_numerics(x * x, "m"))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [2.0, 4.0])


# ---------------------------------------------------------------- tf.print

def test_print_formats_like_tf(tf, capfd):
    tf.print(tf.constant(1.5), tf.constant([1.0, 0.1, 2.5e-8, 1e10, np.nan, np.inf]),
             output_stream=sys.stdout)
    tf.print(tf.constant([[1, 2], [3, 4]]), "hi", 3, [1, tf.constant(2)], {"a": tf.constant(1)},
             output_stream=sys.stdout)
    tf.print(tf.range(20), output_stream=sys.stdout)
    tf.print(tf.reshape(tf.range(100), [10, 10]), output_stream=sys.stdout)
    tf.print(tf.constant([True, False]), tf.constant(["a", "b c"]), tf.constant("x"),
             output_stream=sys.stdout)
    tf.print(tf.constant([1 / 3, 0.1], tf.float64), tf.constant(1 / 3),
             tf.constant(123456.7), output_stream=sys.stdout)
    tf.print(tf.range(20), summarize=2, sep=",", end="!\n", output_stream=sys.stdout)
    tf.print(tf.reshape(tf.range(24), [2, 3, 4]), tf.zeros([0]), output_stream=sys.stdout)
    tf.print(tf.constant("plain"), output_stream=sys.stdout)
    out = capfd.readouterr().out
    assert out == (
        "1.5 [1 0.1 2.5e-08 1e+10 nan inf]\n"
        "[[1 2]\n [3 4]] hi 3 [1, 2] {'a': 1}\n"
        "[0 1 2 ... 17 18 19]\n"
        "[[0 1 2 ... 7 8 9]\n [10 11 12 ... 17 18 19]\n [20 21 22 ... 27 28 29]\n ...\n"
        " [70 71 72 ... 77 78 79]\n [80 81 82 ... 87 88 89]\n [90 91 92 ... 97 98 99]]\n"
        '[1 0] ["a" "b c"] "x"\n'
        "[0.33333333333333331 0.1] 0.333333343 123456.703\n"
        "[0 1 ... 18 19]!\n"
        "[[[0 1 2 3]\n  [4 5 6 7]\n  [8 9 10 11]]\n\n [[12 13 14 15]\n  [16 17 18 19]\n"
        "  [20 21 22 23]]] []\n"
        "plain\n")


def test_print_defaults_to_stderr_and_returns_none(tf, capfd):
    assert tf.print("to", "stderr", tf.constant([1, 2])) is None
    captured = capfd.readouterr()
    assert captured.err.endswith("to stderr [1 2]\n") and captured.out == ""
    with pytest.raises(ValueError, match="Unrecognized keyword arguments for tf.print"):
        tf.print("x", color="red")


def test_print_in_graph_is_an_op(tf, capfd):
    with tf.Graph().as_default() as graph:
        x = tf.compat.v1.placeholder(tf.int32, [2])
        op = tf.print("x:", x, output_stream=sys.stdout)
        assert op.type == "PrintV2" and op.name == "PrintV2"
        assert [o.type for o in graph.get_operations()] == ["Placeholder", "StringFormat",
                                                            "PrintV2"]
        with tf.control_dependencies([op]):
            y = tf.identity(x)
        assert capfd.readouterr().out == ""
        with tf.compat.v1.Session() as sess:
            sess.run(y, {x: [3, 4]})
    assert capfd.readouterr().out == "x: [3 4]\n"


# ---------------------------------------------------------------- py_function, numpy_function

def test_py_function_eager(tf):
    seen = []

    def f(x, y):
        seen.append((type(x).__name__, type(y).__name__))
        return x * y
    result = tf.py_function(f, [tf.constant(2.0), 3.0], tf.float32)
    assert result.dtype == tf.float32 and result.numpy() == 6.0
    assert seen == [("EagerTensor", "EagerTensor")]
    pair = tf.py_function(lambda x: [x, x + 1], [tf.constant(2.0)], [tf.float32, tf.float32])
    assert [t.numpy() for t in pair] == [2.0, 3.0]
    assert tf.py_function(lambda x: None, [tf.constant(2.0)], []) == []
    text = tf.py_function(lambda x: "ab", [tf.constant([2.0])], tf.string)
    assert text.numpy() == b"ab"


def test_py_function_errors(tf):
    with pytest.raises(TypeError, match="Missing required argument: 'Tout'"):
        tf.py_function(lambda x: x, [1.0], None)
    with pytest.raises(tf.errors.UnknownError, match="ZeroDivisionError: division by zero"):
        tf.py_function(lambda x: 1 / 0, [tf.constant(2.0)], tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="ValueError: bad value"):
        tf.py_function(lambda x: (_ for _ in ()).throw(ValueError("bad value")),
                       [tf.constant(2.0)], tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Tensor conversion requested dtype float64"):
        tf.py_function(lambda x: x * 2, [tf.constant(2.0)], tf.float64)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="returns 1 values, but expects to see 2 values"):
        tf.py_function(lambda x: 1, [tf.constant([2.0])], [tf.float32, tf.float32])


def test_py_function_decorator(tf):
    @tf.py_function(Tout=tf.float32)
    def double(x):
        return x * 2

    assert double(tf.constant(4.0)).numpy() == 8.0


def test_numpy_function_eager(tf):
    seen = []

    def f(x, y):
        seen.append((type(x).__name__, type(y).__name__))
        return x * y
    result = tf.numpy_function(f, [tf.constant(2.0), np.float32(3.0)], tf.float32)
    assert result.numpy() == 6.0
    assert seen == [("ndarray", "ndarray")]
    # Eagerly TF calls the function directly: its errors surface unchanged.
    with pytest.raises(ZeroDivisionError):
        tf.numpy_function(lambda x: 1 / 0, [tf.constant(2.0)], tf.float32)


def test_py_function_gradient_eager(tf):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.py_function(lambda a: a * a, [x], tf.float32)
    assert tape.gradient(y, x).numpy() == 6.0
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.numpy_function(lambda a: a * a, [x], tf.float32)
    assert tape.gradient(y, x) is None


def test_python_functions_in_graphs(tf):
    seen = []

    def f(x, y):
        seen.append((type(x).__name__, type(y).__name__))
        return x * y
    with tf.Graph().as_default() as graph:
        p = tf.compat.v1.placeholder(tf.float32, [2])
        y = tf.py_function(f, [p, 2.0], tf.float32)
        z = tf.numpy_function(f, [p, 2.0], tf.float32, name="npf")
        pair = tf.py_function(lambda a: [a, a], [p], [tf.float32, tf.float32])
        stateless = tf.numpy_function(lambda a: a, [p], tf.float32, stateful=False)
        assert (y.op.type, y.name) == ("EagerPyFunc", "EagerPyFunc:0")
        assert (z.op.type, z.name) == ("PyFunc", "npf:0")
        assert stateless.op.type == "PyFuncStateless"
        assert [t.name for t in pair] == ["EagerPyFunc_1:0", "EagerPyFunc_1:1"]
        assert graph.get_operation_by_name("EagerPyFunc/input_1").type == "Const"
        assert y.shape.rank is None
        cube = tf.py_function(lambda a: a * a * a, [p], tf.float32)
        grad, = tf.gradients(cube, p)
        failing = tf.py_function(lambda a: 1 / 0, [p], tf.float32)
        bad_type = tf.numpy_function(lambda a: a.astype(np.float64), [p], tf.float32)
        with tf.compat.v1.Session() as sess:
            values = sess.run([y, z], {p: [1.0, 2.0]})
            np.testing.assert_allclose(values[0], [2.0, 4.0])
            np.testing.assert_allclose(values[1], [2.0, 4.0])
            np.testing.assert_allclose(sess.run(grad, {p: [1.0, 2.0]}), [3.0, 12.0])
            with pytest.raises(tf.errors.UnknownError, match="ZeroDivisionError"):
                sess.run(failing, {p: [1.0, 2.0]})
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="0-th value returned by pyfunc_[0-9]+ is double, but "
                                     "expects float"):
                sess.run(bad_type, {p: [1.0, 2.0]})
    # In a graph, numpy_function hands rank-0 values over as NumPy scalars.
    assert ("ndarray", "float32") in seen and ("EagerTensor", "EagerTensor") in seen


def test_py_function_in_tf_function(tf):
    @tf.function
    def add_one(a):
        return tf.py_function(lambda v: v + 1, [a], tf.float32)

    assert add_one(tf.constant(1.0)).numpy() == 2.0
