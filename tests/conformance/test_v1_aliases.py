"""The deprecated TF1 names and argument spellings tf.compat.v1 still carries: results, op
types and names, and the errors for conflicting spellings (as in TF 2.21)."""
import logging

import numpy as np
import pytest


@pytest.mark.parametrize("name, dtype, op_name", [
    ("to_float", "float32", "ToFloat"), ("to_double", "float64", "ToDouble"),
    ("to_int32", "int32", "ToInt32"), ("to_int64", "int64", "ToInt64"),
    ("to_complex64", "complex64", "ToComplex64"), ("to_complex128", "complex128", "ToComplex128")])
def test_to_dtype(tf, name, dtype, op_name):
    cast = getattr(tf.compat.v1, name)
    with tf.Graph().as_default():
        x = tf.constant([7, -3], tf.int8)
        y = cast(x)
        assert (y.op.name, y.op.type, y.dtype) == (op_name, "Cast", tf.as_dtype(dtype))
        assert cast(x, name="foo").op.name == "foo"
        same = tf.constant(1, tf.as_dtype(dtype))
        assert cast(same) is same          # no cast needed: the input comes back
    np.testing.assert_array_equal(tf.compat.v1.to_int32(tf.constant([1.5, -2.5])), [1, -2])


def test_arg_max_arg_min(tf):
    v1 = tf.compat.v1
    x = tf.constant([[1.5, -2.0, 3.0], [4.0, 0.0, -1.0]])
    np.testing.assert_array_equal(v1.arg_max(x, 1), [2, 0])
    np.testing.assert_array_equal(v1.arg_min(input=x, dimension=0), [0, 0, 1])
    assert v1.arg_max(x, 1).dtype == tf.int64
    assert v1.arg_max(x, dimension=1, output_type=tf.int32).dtype == tf.int32
    with tf.Graph().as_default():
        assert v1.arg_max(tf.zeros([2, 3]), 1).op.type == "ArgMax"
        assert v1.arg_min(tf.zeros([2, 3]), 1, name="am").name == "am:0"


def test_div_is_python2_division(tf):
    v1 = tf.compat.v1
    np.testing.assert_array_equal(v1.div(tf.constant([7, -3]), 2), [3, -2])
    np.testing.assert_allclose(v1.div(tf.constant([7.0, -3.0]), 2.0), [3.5, -1.5])
    np.testing.assert_array_equal(v1.floor_div(tf.constant([7, -3]), 2), [3, -2])
    np.testing.assert_array_equal(v1.mod(tf.constant([7, -3]), 2), [1, 1])
    with tf.Graph().as_default():
        quotient = v1.div(tf.constant(1.0), 2.0)
        assert (quotient.name, quotient.op.type) == ("div:0", "RealDiv")
        assert v1.div(tf.constant(1), 2, name="d").op.type == "FloorDiv"
        assert v1.floor_div(tf.constant(1), 2).name == "FloorDiv:0"


def test_variable_initializer_aliases(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        assert v1.all_variables() == []
        v = tf.Variable(1.0, name="v")
        local = v1.get_local_variable("lv", initializer=2.0)
        assert [x.name for x in v1.all_variables()] == ["v:0"]
        init_local = v1.initialize_local_variables()
        init_all = v1.initialize_all_variables()
        init_some = v1.initialize_variables([v])
        assert [op.type for op in (init_local, init_all, init_some)] == ["NoOp"] * 3
        tables = v1.tables_initializer()
        assert (tables.name, tables.type) == ("init_all_tables", "NoOp")
        assert v1.initialize_all_tables().name == "init_all_tables_1"
        with v1.Session() as sess:
            sess.run([init_all, init_local, tables])
            assert sess.run([v, local]) == [1.0, 2.0]


def test_argument_spellings(tf):
    v1 = tf.compat.v1
    x = tf.constant([[1.5, -2.0, 3.0]])
    assert v1.squeeze(tf.zeros([1, 2, 1]), squeeze_dims=[0]).shape == (2, 1)
    assert v1.expand_dims(x, dim=0).shape == (1, 1, 3)
    np.testing.assert_allclose(v1.reduce_sum(x, reduction_indices=1, keep_dims=True), [[2.5]])
    assert v1.reduce_max(x, reduction_indices=[0, 1]).numpy() == 3.0
    with pytest.raises(ValueError, match="Cannot specify both"):
        v1.squeeze(tf.zeros([1, 2, 1]), axis=[0], squeeze_dims=[0])
    with pytest.raises(ValueError, match="Cannot specify both"):
        v1.expand_dims(x, 0, dim=0)
    with pytest.raises(ValueError, match="Cannot specify both 'reduction_indices' and 'axis'"):
        v1.reduce_mean(x, axis=1, reduction_indices=1)
    with pytest.raises(ValueError, match="Cannot specify both 'keep_prob' and 'rate'"):
        v1.nn.dropout(x, keep_prob=0.5, rate=0.5)
    with pytest.raises(ValueError, match=r"in the range \[0, 1\). Received: rate=-0.5"):
        v1.nn.dropout(x, keep_prob=1.5)
    kept = v1.nn.dropout(tf.ones([1000]), keep_prob=0.25).numpy()
    assert set(np.unique(kept)) <= {0.0, 4.0} and 100 < np.count_nonzero(kept) < 400
    with tf.Graph().as_default():
        y = v1.nn.dropout(tf.ones([2, 3]), keep_prob=0.5)
        assert y.shape == (2, 3) and y.name.startswith("dropout/")


def test_random_and_shape_aliases(tf):
    v1 = tf.compat.v1
    assert v1.random_normal([2, 3]).shape == (2, 3)
    assert v1.random_uniform([2], maxval=5, dtype=tf.int32).dtype == tf.int32
    assert v1.truncated_normal([4]).shape == (4,)
    assert v1.multinomial(tf.zeros([2, 3]), 4).dtype == tf.int64
    assert v1.Dimension(3).value == 3 and v1.Dimension(None).value is None
    shape = tf.TensorShape([2, None])
    assert v1.dimension_value(shape[0]) == 2 and v1.dimension_value(shape[1]) is None
    assert v1.dimension_at_index(shape, 0).value == 2


def test_check_numerics_and_verify_tensor_all_finite(tf):
    v1 = tf.compat.v1
    np.testing.assert_allclose(v1.check_numerics(tf.constant([1.0]), "msg"), [1.0])
    np.testing.assert_allclose(v1.verify_tensor_all_finite(tf.constant([1.0]), "msg"), [1.0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="bad! : Tensor had NaN values"):
        v1.verify_tensor_all_finite(x=tf.constant([np.nan]), message="bad!")
    with tf.Graph().as_default():
        y = v1.verify_tensor_all_finite(tf.constant([1.0]), "msg")
        assert (y.name, y.op.type) == ("VerifyFinite/control_dependency:0", "Identity")


def test_op_scope(tf):
    with tf.Graph().as_default():
        x = tf.constant(1.0)
        with tf.compat.v1.op_scope([x], None, default_name="outer") as scope:
            assert scope == "outer/"
            assert tf.identity(x).name == "outer/Identity:0"


def test_logging(tf, caplog):
    log = tf.compat.v1.logging
    assert (log.DEBUG, log.INFO, log.WARN, log.ERROR, log.FATAL) == (10, 20, 30, 40, 50)
    previous = log.get_verbosity()
    try:
        log.set_verbosity(log.INFO)
        assert log.get_verbosity() == log.INFO
        with caplog.at_level(logging.INFO, logger="tensorflow"):
            log.info("shown %d", 3)
            log.debug("hidden")
            log.warning("careful")
            for i in range(4):
                log.log_first_n(log.INFO, "first %d", 2, i)
        messages = [r.getMessage() for r in caplog.records if r.name == "tensorflow"]
        assert messages == ["shown 3", "careful", "first 0", "first 1"]
    finally:
        log.set_verbosity(previous)


PREDICTIONS = np.array([[1.2, -0.3, 2.8, 5.2], [0.1, 0.0, 0.0, 0.0], [0.0, 0.5, 0.3, 0.3],
                        [np.nan, 1, 2, 3], [np.inf, 1, 2, 3], [1, 1, 1, 1]], np.float32)
TARGETS = [0, 1, 3, 0, 0, 2]


@pytest.mark.parametrize("k, expected", [
    (2, [False, True, True, False, False, True]), (1, [False, False, False, False, False, True]),
    (0, [False] * 6), (5, [True, True, True, False, False, True]), (-1, [False] * 6)])
def test_in_top_k_ties_and_non_finite(tf, k, expected):
    # A tie straddling the top-k boundary counts as in; a non-finite target never does.
    np.testing.assert_array_equal(tf.math.in_top_k(TARGETS, PREDICTIONS, k), expected)
    np.testing.assert_array_equal(tf.nn.in_top_k(np.array(TARGETS, np.int64), PREDICTIONS, k),
                                  expected)
    np.testing.assert_array_equal(tf.compat.v1.nn.in_top_k(PREDICTIONS, TARGETS, k), expected)


def test_in_top_k_out_of_range_targets_and_errors(tf):
    np.testing.assert_array_equal(tf.math.in_top_k([4, 0, -1], PREDICTIONS[:3], 1),
                                  [False, True, False])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="First dimension of predictions 6 must match length of targets 2"):
        tf.math.in_top_k([0, 1], PREDICTIONS, 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="predictions must be 2-dimensional"):
        tf.math.in_top_k([0], PREDICTIONS[0], 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="targets must be 1-dimensional"):
        tf.math.in_top_k([[0]], tf.zeros([1, 3]), 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"k must be 0-D, got shape \[2\]"):
        tf.math.in_top_k([0], tf.zeros([1, 3]), [1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a int32 tensor"):
        tf.math.in_top_k(tf.constant(TARGETS), PREDICTIONS, tf.constant(2, tf.int64))


def test_in_top_k_in_a_graph(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [None, 4])
        y = v1.placeholder(tf.int32, [None])
        result = tf.math.in_top_k(y, x, 2)
        assert (result.name, result.op.type, result.dtype) == \
            ("in_top_k/InTopKV2:0", "InTopKV2", tf.bool)
        assert result.shape.as_list() == [None]
        assert tf.math.in_top_k(y, x, 2, name="foo").name == "foo/foo:0"
        assert v1.nn.in_top_k(x, y, 1).name == "in_top_k_1/InTopKV2:0"
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
            tf.math.in_top_k(tf.constant([1, 2]), tf.zeros([3, 4]), 1)
        with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
            tf.math.in_top_k(tf.constant([[1, 2]]), tf.zeros([3, 4]), 1)
        with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
            tf.math.in_top_k(tf.constant([1, 2]), tf.zeros([3]), 1)
        with v1.Session() as sess:
            np.testing.assert_array_equal(sess.run(result, {x: PREDICTIONS, y: TARGETS}),
                                          [False, True, True, False, False, True])


def test_py_func_wraps_numpy_functions(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        x = tf.constant([1.0, 2.0])
        y = v1.py_func(lambda a: a * 2, [x], tf.float32)
        z = v1.py_func(lambda a: (a, a + 1), [x], [tf.float32, tf.float32], stateful=False)
        assert (y.op.type, z[0].op.type) == ("PyFunc", "PyFuncStateless")
        with v1.Session() as sess:
            doubled, (same, plus_one) = sess.run([y, z])
    np.testing.assert_array_equal(doubled, [2.0, 4.0])
    np.testing.assert_array_equal(plus_one, [2.0, 3.0])
    assert float(v1.py_func(lambda a: a * 2, [tf.constant(3.0)], tf.float32)) == 6.0
