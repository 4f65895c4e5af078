"""Small TF names real programs use: log_sigmoid, count_nonzero, tf.compat.v1.Print,
is_variable_initialized, and the TF1 argument-clash messages."""
import numpy as np
import pytest


def test_log_sigmoid_and_count_nonzero(tf):
    np.testing.assert_allclose(tf.math.log_sigmoid(tf.constant([0.0, 2.0])).numpy(),
                               [-0.6931472, -0.126928], rtol=1e-6)
    count = tf.math.count_nonzero(tf.constant([0, 1, 2]))
    assert count.dtype == tf.int64 and count.numpy() == 2
    per_row = tf.math.count_nonzero(tf.constant([[0.0, 1.0], [2.0, 0.0]]), axis=1)
    assert per_row.numpy().tolist() == [1, 1]
    with tf.Graph().as_default():
        x = tf.constant(1.0)
        assert tf.math.log_sigmoid(x).op.name == "LogSigmoid"
        assert tf.math.count_nonzero(x).op.name == "count_nonzero/Sum"


def test_v1_print_is_an_identity_op(tf):
    with tf.Graph().as_default():
        x = tf.constant([1.0, 2.0])
        y = tf.compat.v1.Print(x, [x], message="x: ")
        assert (y.op.type, y.name) == ("Print", "Print:0")
        with tf.compat.v1.Session() as sess:
            assert sess.run(y).tolist() == [1.0, 2.0]


def test_is_variable_initialized_op_names(tf):
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        op = tf.compat.v1.is_variable_initialized(v)
        assert op.op.type == "VarIsInitializedOp"
        with tf.compat.v1.Session() as sess:
            assert not sess.run(op)
            sess.run(v.initializer)
            assert sess.run(op)


def test_v1_deprecated_argument_clashes(tf):
    v1 = tf.compat.v1
    with pytest.raises(ValueError, match="Cannot specify both 'squeeze_dims' and 'axis'."):
        v1.squeeze(tf.zeros([1, 2]), axis=0, squeeze_dims=0)
    with pytest.raises(ValueError, match="Cannot specify both 'dim' and 'axis'."):
        v1.expand_dims(tf.zeros([2]), axis=0, dim=0)
