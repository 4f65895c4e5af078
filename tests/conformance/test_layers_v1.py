"""tf.compat.v1.layers: variable names, op names, reuse, and values, against real TF.

Real TF 2.21 serves tf.compat.v1.layers only from the `tf_keras` package and only with
TF_USE_LEGACY_KERAS set before Keras is first touched; set here for the tensorflow run.
"""
import os
import warnings

import numpy as np
import pytest

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")


@pytest.fixture
def v1(tf):
    warnings.filterwarnings("ignore", message=".*is deprecated.*")
    with tf.Graph().as_default() as graph:
        yield tf.compat.v1, graph


def _names(v1):
    return [v.name for v in v1.global_variables()]


def test_dense_variable_and_op_names(tf, v1):
    v1, graph = v1
    x = v1.placeholder(tf.float32, [None, 4])
    a = v1.layers.dense(x, 3)
    b = v1.layers.dense(a, 2, activation=tf.nn.relu)
    c = v1.layers.dense(b, 2, name="fc1", use_bias=False)
    assert _names(v1) == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0",
                          "dense_1/bias:0", "fc1/kernel:0"]
    assert [a.name, b.name, c.name] == ["dense/BiasAdd:0", "dense_1/Relu:0", "fc1/MatMul:0"]
    assert a.shape.as_list() == [None, 3]
    assert v1.trainable_variables()[0].shape.as_list() == [4, 3]


def test_dense_reuse_by_name_and_by_scope(tf, v1):
    v1, graph = v1
    x = v1.placeholder(tf.float32, [None, 4])
    a = v1.layers.dense(x, 3, name="fc1")
    b = v1.layers.dense(x, 3, name="fc1", reuse=True)
    assert b.name == "fc1_1/BiasAdd:0"
    with pytest.raises(ValueError, match="Variable fc1/kernel already exists"):
        v1.layers.dense(x, 3, name="fc1")
    with v1.variable_scope("outer"):
        v1.layers.dense(x, 2)
    with v1.variable_scope("outer", reuse=True):
        d = v1.layers.dense(x, 2)
    assert d.name == "outer_1/dense/BiasAdd:0"
    assert _names(v1) == ["fc1/kernel:0", "fc1/bias:0", "outer/dense/kernel:0",
                          "outer/dense/bias:0"]
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        feed = {x: np.ones((2, 4), np.float32)}
        np.testing.assert_allclose(*sess.run([a, b], feed))


def test_dense_values_and_rank3_input(tf, v1):
    v1, graph = v1
    x = v1.placeholder(tf.float32, [None, 2, 3])
    y = v1.layers.dense(x, 2, kernel_initializer=v1.constant_initializer(0.5),
                        bias_initializer=v1.constant_initializer(1.0))
    assert y.shape.as_list() == [None, 2, 2]
    data = np.arange(12, dtype=np.float32).reshape(2, 2, 3)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y, {x: data}),
                                   data @ np.full((3, 2), 0.5) + 1.0, rtol=1e-6)


def test_kernel_regularizer_and_trainable(tf, v1):
    v1, graph = v1
    x = v1.placeholder(tf.float32, [None, 3])
    v1.layers.dense(x, 2, kernel_initializer=v1.ones_initializer(),
                    kernel_regularizer=lambda w: 0.1 * tf.reduce_sum(w), trainable=False)
    losses = v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)
    assert len(losses) == 1
    assert v1.trainable_variables() == []
    assert _names(v1) == ["dense/kernel:0", "dense/bias:0"]
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        assert np.isclose(sess.run(losses[0]), 0.6)


def test_conv_pool_flatten_dropout_names_and_shapes(tf, v1):
    v1, graph = v1
    img = v1.placeholder(tf.float32, [None, 8, 8, 3])
    c1 = v1.layers.conv2d(img, 4, 3, activation=tf.nn.relu)
    c2 = v1.layers.conv2d(c1, 5, (3, 3), strides=2, padding="same")
    p = v1.layers.max_pooling2d(c2, 2, 2)
    q = v1.layers.average_pooling2d(c1, pool_size=2, strides=2, padding="same")
    f = v1.layers.flatten(p)
    d = v1.layers.dropout(f, rate=0.3, training=True)
    e = v1.layers.dropout(f)
    assert [t.name for t in (c1, c2, p, q, f, d, e)] == [
        "conv2d/Relu:0", "conv2d_1/BiasAdd:0", "max_pooling2d/MaxPool:0",
        "average_pooling2d/AvgPool:0", "flatten/Reshape:0", "dropout/dropout/SelectV2:0",
        "dropout_1/Identity:0"]
    assert [t.shape.as_list() for t in (c1, c2, p, q, f)] == [
        [None, 6, 6, 4], [None, 3, 3, 5], [None, 1, 1, 5], [None, 3, 3, 4], [None, 5]]
    assert [(v.name, v.shape.as_list()) for v in v1.global_variables()] == [
        ("conv2d/kernel:0", [3, 3, 3, 4]), ("conv2d/bias:0", [4]),
        ("conv2d_1/kernel:0", [3, 3, 4, 5]), ("conv2d_1/bias:0", [5])]


def test_conv2d_values(tf, v1):
    v1, graph = v1
    rng = np.random.RandomState(0)
    data = rng.randn(2, 5, 5, 2).astype(np.float32)
    kernel = rng.randn(3, 3, 2, 3).astype(np.float32)
    img = v1.placeholder(tf.float32, [None, 5, 5, 2])
    y = v1.layers.conv2d(img, 3, 3, padding="same",
                         kernel_initializer=v1.constant_initializer(kernel),
                         bias_initializer=v1.constant_initializer(0.25))
    pooled = v1.layers.max_pooling2d(y, 2, 2, padding="same")
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        out, pool = sess.run([y, pooled], {img: data})
    padded = np.pad(data, [(0, 0), (1, 1), (1, 1), (0, 0)])
    expected = np.zeros((2, 5, 5, 3), np.float32)
    for i in range(5):
        for j in range(5):
            expected[:, i, j] = np.tensordot(padded[:, i:i + 3, j:j + 3], kernel, 3)
    np.testing.assert_allclose(out, expected + 0.25, rtol=1e-4, atol=1e-5)
    assert pool.shape == (2, 3, 3, 3)
    np.testing.assert_allclose(pool[:, 0, 0], out[:, :2, :2].max(axis=(1, 2)), rtol=1e-6)


def test_conv2d_transpose(tf, v1):
    v1, graph = v1
    x = v1.placeholder(tf.float32, [None, 3, 3, 2])
    y = v1.layers.conv2d_transpose(x, 4, 3, strides=2, padding="same")
    z = v1.layers.conv2d_transpose(x, 1, (2, 2), strides=(2, 2),
                                   kernel_initializer=v1.ones_initializer())
    w = v1.layers.conv2d_transpose(x, 1, 3)
    assert [(v.name, v.shape.as_list()) for v in v1.trainable_variables()][:2] == [
        ("conv2d_transpose/kernel:0", [3, 3, 4, 2]), ("conv2d_transpose/bias:0", [4])]
    assert [t.shape.as_list() for t in (y, z, w)] == [[None, 6, 6, 4], [None, 6, 6, 1],
                                                      [None, 5, 5, 1]]
    data = np.arange(18, dtype=np.float32).reshape(1, 3, 3, 2)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        out = sess.run(z, {x: data})
    np.testing.assert_allclose(out[0, :, :, 0],
                               np.kron(data[0].sum(-1), np.ones((2, 2))), rtol=1e-6)


def test_dropout_scales_kept_units(tf, v1):
    v1, graph = v1
    x = tf.ones([200, 50])
    training = v1.placeholder(tf.bool, [])
    y = v1.layers.dropout(x, rate=0.5, training=training)
    with v1.Session() as sess:
        train = sess.run(y, {training: True})
        test = sess.run(y, {training: False})
    assert set(np.unique(train)) <= {0.0, 2.0} and 0.4 < (train == 0).mean() < 0.6
    np.testing.assert_array_equal(test, np.ones((200, 50)))


def test_batch_normalization_variables_and_updates(tf, v1):
    v1, graph = v1
    x2 = v1.placeholder(tf.float32, [None, 4])
    x4 = v1.placeholder(tf.float32, [None, 3, 3, 2])
    training = v1.placeholder(tf.bool, [])
    b1 = v1.layers.batch_normalization(x2, training=True)
    b2 = v1.layers.batch_normalization(x4, training=training, momentum=0.9)
    b3 = v1.layers.batch_normalization(x2, center=False, scale=False)
    assert _names(v1) == [
        "batch_normalization/gamma:0", "batch_normalization/beta:0",
        "batch_normalization/moving_mean:0", "batch_normalization/moving_variance:0",
        "batch_normalization_1/gamma:0", "batch_normalization_1/beta:0",
        "batch_normalization_1/moving_mean:0", "batch_normalization_1/moving_variance:0",
        "batch_normalization_2/moving_mean:0", "batch_normalization_2/moving_variance:0"]
    assert [v.name for v in v1.trainable_variables()] == [
        "batch_normalization/gamma:0", "batch_normalization/beta:0",
        "batch_normalization_1/gamma:0", "batch_normalization_1/beta:0"]
    updates = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
    assert [op.name for op in updates] == [
        "batch_normalization/AssignMovingAvg/AssignSubVariableOp",
        "batch_normalization/AssignMovingAvg_1/AssignSubVariableOp",
        "batch_normalization_1/AssignMovingAvg/AssignSubVariableOp",
        "batch_normalization_1/AssignMovingAvg_1/AssignSubVariableOp"]
    d2 = np.random.RandomState(0).randn(5, 4).astype(np.float32) * 3 + 1
    d4 = np.random.RandomState(1).randn(4, 3, 3, 2).astype(np.float32) * 2 + 5
    moving = [v for v in v1.global_variables() if "moving" in v.name]
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        out1, out2, out3 = sess.run([b1, b2, b3], {x2: d2, x4: d4, training: True})
        np.testing.assert_allclose(out1, (d2 - d2.mean(0)) / np.sqrt(d2.var(0) + 1e-3),
                                   rtol=1e-4, atol=1e-5)
        flat = d4.reshape(-1, 2)
        np.testing.assert_allclose(out2, (d4 - flat.mean(0)) / np.sqrt(flat.var(0) + 1e-3),
                                   rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(out3, d2 / np.sqrt(1 + 1e-3), rtol=1e-5)
        sess.run(updates, {x2: d2, x4: d4, training: True})
        mm1, mv1, mm2, mv2 = sess.run(moving[:4])
        # 2-D: biased batch variance; 4-D (TF's fused kernel): Bessel-corrected.
        np.testing.assert_allclose(mm1, 0.01 * d2.mean(0), rtol=1e-4)
        np.testing.assert_allclose(mv1, 0.99 + 0.01 * d2.var(0), rtol=1e-5)
        np.testing.assert_allclose(mm2, 0.1 * flat.mean(0), rtol=1e-4)
        np.testing.assert_allclose(mv2, 0.9 + 0.1 * flat.var(0, ddof=1), rtol=1e-5)
        sess.run(updates, {x2: d2, x4: d4, training: False})
        np.testing.assert_allclose(sess.run(moving[2]), mm2, rtol=1e-6)
        inference = sess.run(b2, {x4: d4, training: False})
        np.testing.assert_allclose(inference, (d4 - mm2) / np.sqrt(mv2 + 1e-3), rtol=1e-4,
                                   atol=1e-5)


def test_batch_normalization_reuse_and_axis(tf, v1):
    v1, graph = v1
    x = v1.placeholder(tf.float32, [None, 2, 3, 3])
    v1.layers.batch_normalization(x, axis=1, name="bn", training=True)
    y = v1.layers.batch_normalization(x, axis=1, name="bn", reuse=True)
    assert [(v.name, v.shape.as_list()) for v in v1.global_variables()] == [
        ("bn/gamma:0", [2]), ("bn/beta:0", [2]), ("bn/moving_mean:0", [2]),
        ("bn/moving_variance:0", [2])]
    assert y.shape.as_list() == [None, 2, 3, 3]
    z = v1.layers.batch_normalization(x, axis=2, fused=True, training=True)
    assert v1.global_variables()[-1].name == "batch_normalization/moving_variance:0"
    assert v1.global_variables()[-1].shape.as_list() == [3]
    data = np.random.RandomState(2).randn(4, 2, 3, 3).astype(np.float32)
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        out = sess.run(z, {x: data})
    mean, var = data.mean((0, 1, 3), keepdims=True), data.var((0, 1, 3), keepdims=True)
    np.testing.assert_allclose(out, (data - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-5)


def test_layer_objects_share_variables(tf, v1):
    v1, graph = v1
    x = v1.placeholder(tf.float32, [None, 4])
    layer = v1.layers.Dense(3, name="shared")
    a = layer(x)
    b = layer(x)
    assert _names(v1) == ["shared/kernel:0", "shared/bias:0"]
    assert [a.name, b.name] == ["shared/BiasAdd:0", "shared/BiasAdd_1:0"]
    assert layer.kernel.name == "shared/kernel:0"
    assert [v.name for v in layer.trainable_variables] == ["shared/kernel:0",
                                                           "shared/bias:0"]


def test_training_with_layers(tf, v1):
    v1, graph = v1
    rng = np.random.RandomState(0)
    data = rng.randn(64, 3).astype(np.float32)
    labels = (data @ np.array([[1.0], [-2.0], [0.5]], np.float32)).astype(np.float32)
    x = v1.placeholder(tf.float32, [None, 3])
    y = v1.placeholder(tf.float32, [None, 1])
    hidden = v1.layers.dense(x, 8, activation=tf.nn.tanh)
    prediction = v1.layers.dense(hidden, 1)
    loss = tf.reduce_mean(tf.square(prediction - y))
    grads = v1.gradients(loss, v1.trainable_variables())
    step = tf.group(*[v.assign_sub(0.1 * g) for v, g in zip(v1.trainable_variables(), grads)])
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        first = sess.run(loss, {x: data, y: labels})
        for _ in range(200):
            sess.run(step, {x: data, y: labels})
        assert sess.run(loss, {x: data, y: labels}) < 0.1 * first


def test_eager_layers(tf):
    warnings.filterwarnings("ignore", message=".*is deprecated.*")
    x = tf.constant(np.arange(8, dtype=np.float32).reshape(2, 4))
    assert tf.compat.v1.layers.dense(x, 3).shape == (2, 3)
    y = tf.compat.v1.layers.batch_normalization(x, training=True)
    np.testing.assert_allclose(y.numpy(), np.tile([[-1.0], [1.0]], 4), atol=1e-3)
    assert tf.compat.v1.layers.flatten(tf.ones([2, 3, 4])).shape == (2, 12)


# ------------------------------------------------------------------ 1-D and separable layers

def _assign_all(tf, v1, sess, seed=0):
    rng = np.random.RandomState(seed)
    values = []
    for variable in v1.global_variables():
        value = rng.uniform(-1, 1, variable.shape.as_list()).astype(np.float32)
        sess.run(variable.assign(value))
        values.append(value)
    return values


def _np_conv1d(x, kernel, stride=1, dilation=1, same=False):
    width, k = x.shape[1], (kernel.shape[0] - 1) * dilation + 1
    if same:
        out = -(-width // stride)
        pad = max((out - 1) * stride + k - width, 0)
        x = np.pad(x, [(0, 0), (pad // 2, pad - pad // 2), (0, 0)])
    out = (x.shape[1] - k) // stride + 1
    return np.stack([sum(x[:, i * stride + t * dilation] @ kernel[t]
                         for t in range(kernel.shape[0])) for i in range(out)], 1)


def test_conv1d_and_pooling1d(tf, v1):
    v1, graph = v1
    x = v1.placeholder(tf.float32, [None, 9, 3])
    a = v1.layers.conv1d(x, 4, 3)
    b = v1.layers.conv1d(a, 2, 2, strides=2, padding="same", activation=tf.nn.relu,
                         name="second")
    c = v1.layers.Conv1D(2, 2, dilation_rate=2, use_bias=False)(x)
    first = v1.layers.Conv1D(4, 3, data_format="channels_first", name="cf")
    d = first(tf.transpose(x, [0, 2, 1]))
    assert _names(v1) == ["conv1d/kernel:0", "conv1d/bias:0", "second/kernel:0",
                          "second/bias:0", "conv1d_1/kernel:0", "cf/kernel:0", "cf/bias:0"]
    assert v1.global_variables()[0].shape.as_list() == [3, 3, 4]
    assert first.kernel.shape.as_list() == [3, 3, 4]
    assert [a.shape.as_list(), b.shape.as_list(), c.shape.as_list(), d.shape.as_list()] == [
        [None, 7, 4], [None, 4, 2], [None, 7, 2], [None, 4, 7]]
    pooled_max = v1.layers.max_pooling1d(a, 2, 2)
    pooled_avg = v1.layers.average_pooling1d(a, 3, 1, padding="same")
    pooled_cf = v1.layers.MaxPooling1D(2, 1, data_format="channels_first")(a)
    assert pooled_max.shape.as_list() == [None, 3, 4]
    assert pooled_avg.shape.as_list() == [None, 7, 4]
    assert pooled_cf.shape.as_list() == [None, 7, 3]
    data = np.random.RandomState(1).uniform(-1, 1, [2, 9, 3]).astype(np.float32)
    with v1.Session() as sess:
        w = _assign_all(tf, v1, sess)
        got = sess.run([a, b, c, pooled_max, pooled_avg, pooled_cf, d], {x: data})
    want_a = _np_conv1d(data, w[0]) + w[1]
    np.testing.assert_allclose(got[0], want_a, rtol=1e-5, atol=1e-5)
    want_b = np.maximum(_np_conv1d(want_a, w[2], stride=2, same=True) + w[3], 0)
    np.testing.assert_allclose(got[1], want_b, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got[2], _np_conv1d(data, w[4], dilation=2), rtol=1e-5,
                               atol=1e-5)
    a_value = got[0]      # the pooling layers' input, exactly
    np.testing.assert_allclose(got[3], a_value[:, :6].reshape(2, 3, 2, 4).max(2), rtol=1e-6)
    padded = np.pad(a_value, [(0, 0), (1, 1), (0, 0)])
    counts = np.array([2, 3, 3, 3, 3, 3, 2], np.float32)[None, :, None]
    want_avg = sum(padded[:, i:i + 7] for i in range(3)) / counts
    np.testing.assert_allclose(got[4], want_avg, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[5], np.maximum(a_value[:, :, :3], a_value[:, :, 1:]),
                               rtol=1e-6)
    np.testing.assert_allclose(got[6], (_np_conv1d(data, w[5]) + w[6]).transpose(0, 2, 1),
                               rtol=1e-5, atol=1e-5)


def test_separable_conv2d(tf, v1):
    v1, graph = v1
    x = v1.placeholder(tf.float32, [None, 6, 5, 3])
    a = v1.layers.separable_conv2d(x, 4, 3, depth_multiplier=2)
    layer = v1.layers.SeparableConv2D(2, (2, 3), strides=2, padding="same", use_bias=False,
                                      name="sep")
    b = layer(x)
    assert _names(v1) == ["separable_conv2d/depthwise_kernel:0",
                          "separable_conv2d/pointwise_kernel:0", "separable_conv2d/bias:0",
                          "sep/depthwise_kernel:0", "sep/pointwise_kernel:0"]
    assert [v.shape.as_list() for v in v1.global_variables()] == [
        [3, 3, 3, 2], [1, 1, 6, 4], [4], [2, 3, 3, 1], [1, 1, 3, 2]]
    assert a.shape.as_list() == [None, 4, 3, 4] and b.shape.as_list() == [None, 3, 3, 2]
    data = np.random.RandomState(2).uniform(-1, 1, [2, 6, 5, 3]).astype(np.float32)
    with v1.Session() as sess:
        w = _assign_all(tf, v1, sess)
        got_a, got_b = sess.run([a, b], {x: data})
    depthwise, pointwise, bias = w[:3]
    # Depthwise: channel c's output m reads only channel c (output index c * 2 + m).
    columns = np.zeros([2, 4, 3, 3, 2], np.float32)
    for i in range(4):
        for j in range(3):
            patch = data[:, i:i + 3, j:j + 3]                  # [batch, 3, 3, channels]
            columns[:, i, j] = np.einsum("bhwc,hwcm->bcm", patch, depthwise)
    want_a = columns.reshape(2, 4, 3, 6) @ pointwise[0, 0] + bias
    np.testing.assert_allclose(got_a, want_a, rtol=1e-5, atol=1e-5)
    reference = tf.nn.separable_conv2d(data, w[3], w[4], [1, 2, 2, 1], "SAME")
    with v1.Session() as sess:
        np.testing.assert_allclose(got_b, sess.run(reference), rtol=1e-5, atol=1e-5)


def test_atrous_conv2d_and_transpose(tf):
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, [2, 7, 8, 3]).astype(np.float32)
    w = rng.uniform(-1, 1, [3, 2, 3, 4]).astype(np.float32)
    y = tf.nn.atrous_conv2d(x, w, 2, "VALID")
    assert y.shape.as_list() == [2, 3, 6, 4]
    # Taps two apart: the 3x2 kernel covers 5x3 input positions.
    want = np.einsum("bhwc,hwco->bo", x[:, 0:5:2, 0:3:2], w)
    np.testing.assert_allclose(y.numpy()[:, 0, 0], want, rtol=1e-5, atol=1e-5)
    same = tf.nn.atrous_conv2d(x, w, 2, "SAME")
    dilated = tf.nn.conv2d(x, w, 1, "SAME", dilations=2)
    np.testing.assert_allclose(same.numpy(), dilated.numpy(), rtol=1e-6)
    np.testing.assert_allclose(tf.nn.atrous_conv2d(x, w, 1, "SAME").numpy(),
                               tf.nn.conv2d(x, w, 1, "SAME").numpy(), rtol=1e-6)
    # The transpose is the gradient of the dilated convolution with respect to its input.
    wt = rng.uniform(-1, 1, [3, 2, 4, 3]).astype(np.float32)
    dy = rng.uniform(-1, 1, [2, 3, 6, 3]).astype(np.float32)
    t = tf.nn.atrous_conv2d_transpose(dy, wt, [2, 7, 8, 4], 2, "VALID")
    source = tf.constant(np.zeros([2, 7, 8, 4], np.float32))
    with tf.GradientTape() as tape:
        tape.watch(source)
        forward = tf.nn.atrous_conv2d(source, wt, 2, "VALID")
    np.testing.assert_allclose(t.numpy(), tape.gradient(forward, source, dy).numpy(),
                               rtol=1e-5, atol=1e-5)
    assert tf.nn.atrous_conv2d_transpose(x, np.transpose(w, [0, 1, 3, 2]), [2, 7, 8, 4], 2,
                                         "SAME").shape.as_list() == [2, 7, 8, 4]
    with pytest.raises(ValueError, match=r"all values of `dilation_rate` must be positive. "
                                         r"Received: dilation_rate=\[0 0\]"):
        tf.nn.atrous_conv2d(x, w, 0, "SAME")
    with pytest.raises(ValueError, match="`rate` cannot be less than one. Received: rate=0"):
        tf.nn.atrous_conv2d_transpose(x, wt, [2, 7, 8, 4], 0, "SAME")
    with pytest.raises(ValueError, match="`value` channel count must be compatible with "
                                         "`filters` input channel count"):
        tf.nn.atrous_conv2d_transpose(x, w, [2, 7, 8, 4], 2, "SAME")
    with pytest.raises(ValueError, match="`output_shape` channel count must be compatible"):
        tf.nn.atrous_conv2d_transpose(dy, wt, [2, 7, 8, 5], 2, "SAME")
    with pytest.raises(ValueError, match="`padding` must be either 'VALID' or 'SAME'. "
                                         "Received: padding=FOO"):
        tf.nn.atrous_conv2d_transpose(dy, wt, [2, 7, 8, 4], 2, "FOO")
