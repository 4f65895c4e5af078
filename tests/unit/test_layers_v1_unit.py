"""tensorlite.layers_v1 imported directly (before it is exposed as tf.compat.v1.layers)."""
import warnings

import numpy as np
import pytest

import tensorlite as tf
from tensorlite import layers_v1 as layers

v1 = tf.compat.v1


@pytest.fixture
def graph():
    warnings.simplefilter("ignore")
    with tf.Graph().as_default() as g:
        yield g


def _names():
    return [v.name for v in v1.global_variables()]


def test_dense_names_reuse_and_values(graph):
    x = v1.placeholder(tf.float32, [None, 3])
    a = layers.dense(x, 2, kernel_initializer=v1.constant_initializer(0.5), name="fc1")
    b = layers.dense(x, 2, name="fc1", reuse=True)
    c = layers.dense(a, 4)
    d = layers.dense(c, 1, activation=tf.nn.relu)
    assert _names() == ["fc1/kernel:0", "fc1/bias:0", "dense/kernel:0", "dense/bias:0",
                        "dense_1/kernel:0", "dense_1/bias:0"]
    assert [b.name, d.name] == ["fc1_1/BiasAdd:0", "dense_1/Relu:0"]
    with pytest.raises(ValueError, match="fc1/kernel already exists"):
        layers.dense(x, 2, name="fc1")
    data = np.arange(6, dtype=np.float32).reshape(2, 3)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        out_a, out_b = sess.run([a, b], {x: data})
    np.testing.assert_allclose(out_a, data.sum(1, keepdims=True) * 0.5 * np.ones((1, 2)))
    np.testing.assert_array_equal(out_a, out_b)


def test_dense_needs_defined_last_dimension(graph):
    with pytest.raises(ValueError, match="last dimension of the inputs to a Dense layer"):
        layers.dense(v1.placeholder(tf.float32, [None, None]), 2)


def test_channels_first_builds_like_tf_and_fails_on_cpu_like_tf(graph):
    x = v1.placeholder(tf.float32, [None, 3, 6, 6])
    y = layers.conv2d(x, 4, 3, data_format="channels_first")
    flat = layers.flatten(tf.ones([2, 3, 4, 5]), data_format="channels_first")
    assert v1.global_variables()[0].shape.as_list() == [3, 3, 3, 4]
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        with pytest.raises(tf.errors.UnimplementedError, match="NHWC"):
            sess.run(y, {x: np.ones((1, 3, 6, 6), np.float32)})
        expected = np.ones([2, 3, 4, 5], np.float32).transpose(0, 2, 3, 1).reshape(2, -1)
        np.testing.assert_array_equal(sess.run(flat), expected)


def test_conv2d_transpose_is_the_gradient_of_conv2d(graph):
    rng = np.random.RandomState(1)
    kernel = rng.randn(3, 3, 2, 4).astype(np.float32)
    x = v1.placeholder(tf.float32, [2, 3, 3, 4])
    y = layers.conv2d_transpose(x, 2, 3, strides=2, padding="same", use_bias=False,
                                kernel_initializer=v1.constant_initializer(kernel))
    assert y.shape.as_list() == [2, 6, 6, 2]
    expected = tf.nn.conv2d_transpose(x, tf.constant(kernel), [2, 6, 6, 2], [1, 2, 2, 1],
                                      "SAME")
    data = rng.randn(2, 3, 3, 4).astype(np.float32)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        np.testing.assert_allclose(*sess.run([y, expected], {x: data}), rtol=1e-5)


def test_conv2d_transpose_unknown_spatial_size(graph):
    x = v1.placeholder(tf.float32, [None, None, None, 1])
    y = layers.conv2d_transpose(x, 1, 2, strides=2)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        assert sess.run(y, {x: np.ones((1, 3, 5, 1), np.float32)}).shape == (1, 6, 10, 1)


def test_batch_normalization_with_control_dependencies(graph):
    x = v1.placeholder(tf.float32, [None, 2])
    y = layers.batch_normalization(x, training=True, momentum=0.5, epsilon=0.0,
                                   center=False)
    with tf.control_dependencies(v1.get_collection(v1.GraphKeys.UPDATE_OPS)):
        y = tf.identity(y)
    data = np.array([[1.0, 2.0], [3.0, 6.0]], np.float32)
    mean, variance = [v for v in v1.global_variables() if "moving" in v.name]
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y, {x: data}), [[-1, -1], [1, 1]], rtol=1e-5)
        np.testing.assert_allclose(sess.run(mean), [1.0, 2.0])
        np.testing.assert_allclose(sess.run(variance), [1.0, 2.5])


def test_batch_normalization_rejects_unsupported_options(graph):
    with pytest.raises(NotImplementedError, match="renorm"):
        layers.batch_normalization(v1.placeholder(tf.float32, [None, 2]), renorm=True)


def test_scope_argument_and_scope_name(graph):
    x = v1.placeholder(tf.float32, [None, 2])
    layer = layers.Dense(1)
    with pytest.raises(ValueError, match="has not been used yet"):
        layer.scope_name
    with v1.variable_scope("block"):
        layer(x)
    assert layer.scope_name == "block/dense"
    assert layer.kernel.name == "block/dense/kernel:0"


def test_eager_mode():
    warnings.simplefilter("ignore")
    x = tf.constant(np.ones((2, 5, 5, 1), np.float32))
    y = layers.conv2d(x, 2, 3)
    assert y.shape == (2, 3, 3, 2)
    assert layers.max_pooling2d(y, 2, 1).shape == (2, 2, 2, 2)
    assert layers.dropout(x, training=False).numpy().sum() == 50
    bn = layers.BatchNormalization(momentum=0.0)
    bn(tf.constant([[1.0], [3.0]]), training=True)
    np.testing.assert_allclose(bn.moving_mean.numpy(), [2.0])
    np.testing.assert_allclose(bn.moving_variance.numpy(), [1.0])
