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
