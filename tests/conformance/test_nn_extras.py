"""tf.nn.local_response_normalization (lrn), space_to_depth and depth_to_space (NHWC)."""
import numpy as np
import pytest

RNG = np.random.default_rng(0)
X = RNG.uniform(-2, 2, (1, 2, 3, 6)).astype(np.float32)


def _lrn(x, radius, bias, alpha, beta):
    sums = np.stack([np.sum(x[..., max(d - radius, 0):d + radius + 1] ** 2, axis=-1)
                     for d in range(x.shape[-1])], axis=-1)
    return x / (bias + alpha * sums) ** beta


def test_lrn_values_and_gradient(tf):
    assert tf.nn.lrn is tf.nn.local_response_normalization
    out = tf.nn.lrn(X, depth_radius=2, bias=1.5, alpha=0.3, beta=0.7)
    np.testing.assert_allclose(out.numpy(), _lrn(X.astype(np.float64), 2, 1.5, 0.3, 0.7),
                               rtol=1e-5)
    x = tf.constant(X)
    dy = RNG.uniform(-1, 1, X.shape).astype(np.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.lrn(x, 2, 1.5, 0.3, 0.7)
    grad = tape.gradient(y, x, output_gradients=tf.constant(dy)).numpy()
    eps, numeric = 1e-6, np.zeros(X.size)
    x64 = X.astype(np.float64)
    for k in range(X.size):
        delta = np.zeros(X.size)
        delta[k] = eps
        delta = delta.reshape(X.shape)
        numeric[k] = np.sum((_lrn(x64 + delta, 2, 1.5, 0.3, 0.7) -
                             _lrn(x64 - delta, 2, 1.5, 0.3, 0.7)) * dy) / (2 * eps)
    np.testing.assert_allclose(grad.ravel(), numeric, rtol=1e-3, atol=1e-4)


def test_lrn_errors(tf):
    with pytest.raises(tf.errors.InvalidArgumentError, match="in must be 4-dimensional"):
        tf.nn.lrn(tf.ones([2, 2, 3]))
    with pytest.raises((TypeError, tf.errors.InvalidArgumentError)):
        tf.nn.lrn(tf.ones([1, 2, 2, 3], tf.float64))


def test_space_to_depth_and_back(tf):
    x = np.arange(16.0, dtype=np.float32).reshape(1, 4, 4, 1)
    out = tf.nn.space_to_depth(x, 2)
    assert out.shape == (1, 2, 2, 4)
    np.testing.assert_array_equal(out.numpy()[0, 0, 0], [0, 1, 4, 5])
    np.testing.assert_array_equal(out.numpy()[0, 1, 0], [8, 9, 12, 13])
    np.testing.assert_array_equal(tf.nn.depth_to_space(out, 2).numpy(), x)
    np.testing.assert_array_equal(tf.compat.v1.nn.space_to_depth(x, 2, name="s").numpy(),
                                  out.numpy())
    np.testing.assert_array_equal(tf.compat.v1.depth_to_space(out, 2).numpy(), x)


def test_space_to_depth_gradient_and_graph_shapes(tf):
    x = tf.constant(RNG.uniform(size=(2, 4, 6, 3)).astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.space_to_depth(x, 2)
    weights = tf.constant(RNG.uniform(size=(2, 2, 3, 12)).astype(np.float32))
    grad = tape.gradient(y, x, output_gradients=weights)
    np.testing.assert_array_equal(grad.numpy(), tf.nn.depth_to_space(weights, 2).numpy())
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 4, None, 8])
        assert tf.nn.space_to_depth(p, 2).shape.as_list() == [None, 2, None, 32]
        assert tf.nn.depth_to_space(p, 2).shape.as_list() == [None, 8, None, 2]
        with pytest.raises(ValueError, match="divisible by 2 but is 5"):
            tf.nn.space_to_depth(tf.compat.v1.placeholder(tf.float32, [1, 5, 4, 1]), 2)


def test_space_to_depth_errors(tf):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Image width 5 and height 5 should be divisible by block_size: 2"):
        tf.nn.space_to_depth(tf.ones([1, 5, 5, 1]), 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="must be at least minimum 2"):
        tf.nn.space_to_depth(tf.ones([1, 4, 4, 1]), 1)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Input depth dimension 3 should be divisible by: 4"):
        tf.nn.depth_to_space(tf.ones([1, 2, 2, 3]), 2)
