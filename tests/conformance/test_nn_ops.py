"""Conformance: tf.nn — activations, softmax, bias_add, losses, normalization, dropout,
embedding lookup, convolution and pooling (TF 2.21 is the oracle)."""
import numpy as np
import pytest

RNG = np.random.default_rng(7)
X = RNG.standard_normal((2, 5, 5, 3)).astype(np.float32)
W = RNG.standard_normal((3, 3, 3, 4)).astype(np.float32)


def _close(a, b, tol=1e-5):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=tol, atol=tol)


# ---------------------------------------------------------------------------
# Graph op names and types
# ---------------------------------------------------------------------------

def test_activation_op_names(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2, 3])
        names = [(t.op.name, t.op.type) for t in (
            tf.nn.relu(x), tf.nn.relu6(x), tf.nn.elu(x), tf.nn.selu(x), tf.nn.softplus(x),
            tf.nn.leaky_relu(x), tf.nn.softmax(x), tf.nn.log_softmax(x), tf.nn.sigmoid(x),
            tf.nn.tanh(x), tf.nn.l2_loss(x), tf.nn.bias_add(x, [1.0, 2.0, 3.0]))]
    assert names == [("Relu", "Relu"), ("Relu6", "Relu6"), ("Elu", "Elu"), ("Selu", "Selu"),
                     ("Softplus", "Softplus"), ("LeakyRelu", "LeakyRelu"),
                     ("Softmax", "Softmax"), ("LogSoftmax", "LogSoftmax"),
                     ("Sigmoid", "Sigmoid"), ("Tanh", "Tanh"), ("L2Loss", "L2Loss"),
                     ("BiasAdd", "BiasAdd")]


def test_composite_and_loss_op_names(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2, 3])
        assert tf.nn.l2_normalize(x, 1).op.name == "l2_normalize"
        assert tf.nn.sigmoid_cross_entropy_with_logits(x, x).op.name == "logistic_loss"
        sparse = tf.nn.sparse_softmax_cross_entropy_with_logits([1, 2], x)
        assert sparse.op.name == "SparseSoftmaxCrossEntropyWithLogits/" \
                                 "SparseSoftmaxCrossEntropyWithLogits"
        assert sparse.op.type == "SparseSoftmaxCrossEntropyWithLogits"
        dense = tf.nn.softmax_cross_entropy_with_logits(x, x)
        assert dense.op.name.startswith("softmax_cross_entropy_with_logits/")
        assert g.get_operation_by_name("softmax_cross_entropy_with_logits").type == \
            "SoftmaxCrossEntropyWithLogits"
        assert tf.nn.embedding_lookup(x, [1]).op.name == "embedding_lookup/Identity"
        mean, variance = tf.nn.moments(x, [0])
        assert mean.shape.as_list() == [3] and variance.shape.as_list() == [3]
        assert tf.nn.moments(x, [0], keepdims=True)[0].shape.as_list() == [1, 3]


def test_conv_and_pool_op_names(tf):
    g = tf.Graph()
    with g.as_default():
        y = tf.compat.v1.placeholder(tf.float32, [2, 8, 8, 3])
        f = tf.ones([3, 3, 3, 4])
        results = [
            tf.nn.conv2d(y, f, 1, "SAME"),
            tf.nn.conv2d_transpose(y, tf.ones([3, 3, 5, 3]), [2, 8, 8, 5], 1),
            tf.nn.depthwise_conv2d(y, tf.ones([3, 3, 3, 2]), [1, 1, 1, 1], "SAME"),
            tf.nn.max_pool(y, 2, 2, "SAME"), tf.nn.max_pool2d(y, 2, 2, "SAME"),
            tf.nn.avg_pool(y, 2, 2, "SAME"), tf.nn.avg_pool2d(y, 2, 2, "SAME"),
            tf.compat.v1.nn.max_pool(y, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"),
            tf.compat.v1.nn.avg_pool(y, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"),
            tf.compat.v1.nn.conv2d(y, f, [1, 1, 1, 1], "SAME")]
    assert [(t.op.name, t.op.type) for t in results] == [
        ("Conv2D", "Conv2D"), ("conv2d_transpose", "Conv2DBackpropInput"),
        ("depthwise", "DepthwiseConv2dNative"), ("MaxPool2d", "MaxPool"),
        ("MaxPool2d_1", "MaxPool"), ("AvgPool", "AvgPool"), ("AvgPool2D", "AvgPool"),
        ("MaxPool", "MaxPool"), ("AvgPool_1", "AvgPool"), ("Conv2D_1", "Conv2D")]
    conv = results[0].op
    assert conv.get_attr("strides") == [1, 1, 1, 1]
    assert conv.get_attr("dilations") == [1, 1, 1, 1]
    assert results[0].shape.as_list() == [2, 8, 8, 4]
    assert results[1].shape.as_list() == [2, 8, 8, 5]
    assert results[2].shape.as_list() == [2, 8, 8, 6]
    assert results[3].shape.as_list() == [2, 4, 4, 3]


def test_static_shapes_with_unknown_dims(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 7, None, 3])
        conv = tf.nn.conv2d(x, tf.ones([3, 3, 3, 5]), 2, "VALID")
        pool = tf.nn.max_pool(x, 3, 2, "SAME")
        logits = tf.compat.v1.placeholder(tf.float32, [None, 4])
        loss = tf.nn.softmax_cross_entropy_with_logits(logits, logits)
    assert conv.shape.as_list() == [None, 3, None, 5]
    assert pool.shape.as_list() == [None, 4, None, 3]
    assert loss.shape.as_list() == [None]


# ---------------------------------------------------------------------------
# Activations and softmax
# ---------------------------------------------------------------------------

def test_activation_values(tf):
    x = np.array([-3.0, -0.5, 0.0, 0.5, 7.0], np.float32)
    _close(tf.nn.relu(x), np.maximum(x, 0))
    _close(tf.nn.relu6(x), np.clip(x, 0, 6))
    _close(tf.nn.elu(x), np.where(x < 0, np.expm1(x), x))
    _close(tf.nn.leaky_relu(x), np.where(x > 0, x, 0.2 * x))
    _close(tf.nn.softplus(x), np.log1p(np.exp(x)))
    _close(tf.nn.selu(x), 1.0507009873554805 * np.where(x < 0, 1.6732632423543772 *
                                                         np.expm1(x), x))
    _close(tf.nn.gelu(x), [-0.00404969, -0.15426877, 0.0, 0.34573123, 7.0])
    _close(tf.nn.gelu(x, approximate=True), [-0.00363752, -0.15428598, 0.0, 0.345714, 7.0])
    _close(tf.nn.silu(x), x / (1 + np.exp(-x)))


def test_activation_dtypes(tf):
    assert tf.nn.relu(tf.constant([-1, 2])).dtype == tf.int32
    leaky = tf.nn.leaky_relu(tf.constant([-1, 2]))
    assert leaky.dtype == tf.float32
    _close(leaky, [-0.2, 2.0])
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.nn.elu(tf.constant([-1, 2]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.nn.softmax(tf.constant([1, 2]))
    with pytest.raises(ValueError, match="must be a floating point tensor"):
        tf.nn.gelu(tf.constant([1, 2]))


def test_relu_gradient_at_zero_is_zero(tf):
    x = tf.constant([-1.0, 0.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.relu(x)
    _close(tape.gradient(y, x), [0.0, 0.0, 1.0])


def test_softmax_axis(tf):
    x = RNG.standard_normal((2, 3, 4)).astype(np.float32)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    _close(tf.nn.softmax(x, axis=1), e / e.sum(axis=1, keepdims=True))
    _close(tf.nn.log_softmax(x, axis=1), np.log(e / e.sum(axis=1, keepdims=True)), 1e-4)
    with pytest.raises(tf.errors.InvalidArgumentError, match="`dim` must be in the range"):
        tf.nn.softmax(tf.ones([2, 3]), axis=3)


def test_softmax_of_scalar_fails_in_graph(tf):
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
            tf.nn.softmax(tf.constant(1.0))


# ---------------------------------------------------------------------------
# bias_add and l2_loss
# ---------------------------------------------------------------------------

def test_bias_add(tf):
    x = RNG.standard_normal((2, 3, 4)).astype(np.float32)
    b = np.arange(4, dtype=np.float32)
    _close(tf.nn.bias_add(x, b), x + b)
    _close(tf.nn.bias_add(x, b[:3], data_format="NCHW"), x + b[:3, None])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Must provide as many biases as the last dimension"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.ones([4]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Biases must be 1D"):
        tf.nn.bias_add(tf.ones([2, 3]), tf.ones([1, 3]))
    with pytest.raises(ValueError, match="must be of the form"):
        tf.nn.bias_add(x, b, data_format="HWC")
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [2, 3])
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
            tf.nn.bias_add(p, tf.ones([4]))
        with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
            tf.nn.bias_add(tf.ones([3]), tf.ones([3]))


def test_bias_add_gradient_sums_over_batch(tf):
    x = tf.constant(np.ones((2, 3, 4), np.float32))
    b = tf.constant(np.zeros(4, np.float32))
    with tf.GradientTape() as tape:
        tape.watch(b)
        y = tf.reduce_sum(tf.nn.bias_add(x, b) * 2.0)
    _close(tape.gradient(y, b), [12.0] * 4)


def test_l2_loss(tf):
    value = tf.nn.l2_loss(tf.constant([1.0, 2.0]))
    assert value.shape == () and value.dtype == tf.float32
    _close(value, 2.5)


# ---------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------

def test_softmax_cross_entropy(tf):
    logits = RNG.standard_normal((3, 4)).astype(np.float32)
    labels = np.eye(4, dtype=np.float32)[[0, 3, 1]]
    log_probs = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    expected = -(labels * log_probs).sum(-1)
    _close(tf.nn.softmax_cross_entropy_with_logits(labels, logits), expected)
    _close(tf.nn.softmax_cross_entropy_with_logits(labels.T, logits.T, axis=0), expected)
    _close(tf.nn.sparse_softmax_cross_entropy_with_logits([0, 3, 1], logits), expected)
    _close(tf.compat.v1.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits),
           expected)
    # Rank 1 logits give a scalar; labels broadcast against logits.
    assert tf.nn.softmax_cross_entropy_with_logits(labels[0], logits[0]).shape == ()
    assert tf.nn.softmax_cross_entropy_with_logits(labels[:1], logits).shape == (3,)


def test_softmax_cross_entropy_label_gradients_v1_vs_v2(tf):
    logits = tf.constant(RNG.standard_normal((2, 3)).astype(np.float32))
    labels = tf.constant([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(labels)
        v2 = tf.nn.softmax_cross_entropy_with_logits(labels, logits)
        v1 = tf.compat.v1.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    _close(tape.gradient(v2, labels), -tf.nn.log_softmax(logits).numpy())
    assert tape.gradient(v1, labels) is None


def test_softmax_cross_entropy_errors(tf):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"logits and labels must be broadcastable: logits_size=\[2,3\] "
                             r"labels_size=\[2,4\]"):
        tf.nn.softmax_cross_entropy_with_logits(tf.ones([2, 4]), tf.ones([2, 3]))
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2, 3])
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
            tf.nn.softmax_cross_entropy_with_logits(tf.ones([2, 4]), x)


def test_sparse_softmax_cross_entropy_errors(tf):
    with pytest.raises(ValueError, match=r"`labels.shape.rank` must equal "
                                         r"`logits.shape.rank - 1`"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.ones([2, 2], tf.int32),
                                                       tf.ones([2, 3]))
    with pytest.raises(ValueError, match=r"`labels.shape` must equal `logits.shape` except "
                                         r"for the last dimension"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.ones([3], tf.int32), tf.ones([2, 3]))
    with pytest.raises(ValueError, match="`logits` cannot be a scalar"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant(1), tf.constant(1.0))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Received a label value of 5 which is outside the valid range "
                             r"of \[0, 3\)\.  Label values: 1 5"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([1, 5]), tf.ones([2, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([1.0, 1.0]),
                                                       tf.ones([2, 3]))


def test_sparse_softmax_cross_entropy_rank3_and_gradient(tf):
    logits = tf.constant(RNG.standard_normal((2, 2, 3)).astype(np.float32))
    labels = tf.constant([[0, 2], [1, 1]])
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)
    assert loss.shape == (2, 2)
    expected = tf.nn.softmax(logits).numpy() - np.eye(3, dtype=np.float32)[labels.numpy()]
    _close(tape.gradient(loss, logits), expected)


def test_sigmoid_cross_entropy(tf):
    logits = np.array([-100.0, -1.0, 0.0, 2.0, 100.0], np.float32)
    labels = np.array([0.0, 1.0, 0.5, 0.0, 1.0], np.float32)
    expected = np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits)))
    _close(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits), expected)
    with pytest.raises(ValueError, match="`logits` and `labels` must have the same shape"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones([2, 4]), logits=tf.ones([2, 3]))


def test_weighted_cross_entropy(tf):
    logits = np.array([-2.0, 0.0, 3.0], np.float32)
    labels = np.array([1.0, 0.5, 0.0], np.float32)
    expected = labels * 3.0 * np.log1p(np.exp(-logits)) + (1 - labels) * np.log1p(np.exp(logits))
    _close(tf.nn.weighted_cross_entropy_with_logits(labels, logits, 3.0), expected)


# ---------------------------------------------------------------------------
# Normalization, dropout, embeddings
# ---------------------------------------------------------------------------

def test_normalization(tf):
    x = np.array([[1.0, 2.0], [3.0, 5.0]], np.float32)
    mean, variance = tf.nn.moments(x, [0])
    _close(mean, [2.0, 3.5])
    _close(variance, [1.0, 2.25])
    mean, variance = tf.nn.moments(x, [0, 1], keepdims=True)
    assert mean.shape == (1, 1)
    _close(tf.nn.l2_normalize([[3.0, 4.0]], 1), [[0.6, 0.8]])
    _close(tf.nn.l2_normalize([[0.0, 0.0]], 1), [[0.0, 0.0]])
    normalized = tf.nn.batch_normalization(x, np.float32(1.0), np.float32(4.0),
                                           np.float32(0.5), np.float32(2.0), 0.0)
    _close(normalized, (x - 1.0) / 2.0 * 2.0 + 0.5)


def test_dropout(tf):
    x = tf.ones([100, 100])
    y = tf.nn.dropout(x, rate=0.25, seed=3).numpy()
    assert set(np.unique(y)) <= {0.0, np.float32(1 / 0.75)}
    assert 0.15 < np.mean(y == 0) < 0.35
    assert tf.nn.dropout(x, rate=0.0) is x
    columns = tf.nn.dropout(x, rate=0.5, noise_shape=[1, 100]).numpy()
    assert (columns == columns[:1]).all()
    kept = tf.compat.v1.nn.dropout(x, keep_prob=0.5).numpy()
    assert set(np.unique(kept)) <= {0.0, 2.0}
    with pytest.raises(ValueError, match=r"`rate` must be a scalar tensor or a float in the "
                                         r"range \[0, 1\)"):
        tf.nn.dropout(x, 1.0)
    with pytest.raises(ValueError, match="`x.dtype` must be a floating point tensor"):
        tf.nn.dropout(tf.ones([3], tf.int32), 0.5)


def test_dropout_graph_keeps_static_shape(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 4])
        y = tf.nn.dropout(x, 0.5)
        assert y.shape.as_list() == [None, 4]


def test_embedding_lookup_partition_strategies(tf):
    p0 = tf.reshape(tf.range(6.0), [3, 2])
    p1 = tf.reshape(tf.range(6.0, 10.0), [2, 2])
    ids = [[0, 4], [3, 2]]
    # TF2 shards by "div": ids 0-2 live in p0 and 3-4 in p1.
    _close(tf.nn.embedding_lookup([p0, p1], ids), [[[0, 1], [8, 9]], [[6, 7], [4, 5]]])
    # TF1's default is "mod": even ids in p0, odd ids in p1.
    _close(tf.compat.v1.nn.embedding_lookup([p0, p1], ids), [[[0, 1], [4, 5]], [[8, 9], [2, 3]]])
    _close(tf.nn.embedding_lookup(p0, [2, 0]), [[4, 5], [0, 1]])
    clipped = tf.nn.embedding_lookup(p0, [2], max_norm=1.0).numpy()
    _close(np.linalg.norm(clipped), 1.0)


# ---------------------------------------------------------------------------
# Convolution
# ---------------------------------------------------------------------------

def _np_conv(x, w, stride=1, pads=((0, 0), (0, 0))):
    xp = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)))
    kh, kw = w.shape[:2]
    oh = (xp.shape[1] - kh) // stride + 1
    ow = (xp.shape[2] - kw) // stride + 1
    out = np.zeros((x.shape[0], oh, ow, w.shape[3]), np.float32)
    for i in range(oh):
        for j in range(ow):
            window = xp[:, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, i, j] = np.einsum("nabc,abco->no", window, w)
    return out


def test_conv2d_values(tf):
    _close(tf.nn.conv2d(X, W, 1, "VALID"), _np_conv(X, W), 1e-4)
    _close(tf.nn.conv2d(X, W, 1, "SAME"), _np_conv(X, W, pads=((1, 1), (1, 1))), 1e-4)
    # SAME with stride 2 on a 5-wide input: pad_total = 2, split evenly.
    _close(tf.nn.conv2d(X, W, 2, "SAME"), _np_conv(X, W, 2, ((1, 1), (1, 1))), 1e-4)
    # An even-sized filter puts the extra padding at the bottom/right.
    w2 = W[:2, :2]
    _close(tf.nn.conv2d(X, w2, 1, "SAME"), _np_conv(X, w2, pads=((0, 1), (0, 1))), 1e-4)
    explicit = [[0, 0], [1, 2], [0, 1], [0, 0]]
    _close(tf.nn.conv2d(X, W, 1, explicit), _np_conv(X, W, pads=((1, 2), (0, 1))), 1e-4)
    dilated = tf.nn.conv2d(X, W, 1, "VALID", dilations=2)
    w_dilated = np.zeros((5, 5, 3, 4), np.float32)
    w_dilated[::2, ::2] = W
    _close(dilated, _np_conv(X, w_dilated), 1e-4)


def test_conv2d_argument_errors(tf):
    with pytest.raises(ValueError, match="strides should be of length 1, 2 or 4"):
        tf.nn.conv2d(X, W, [1, 2, 2], "VALID")
    with pytest.raises(ValueError, match="'EXPLICIT' is not a valid value for `padding`"):
        tf.nn.conv2d(X, W, 1, "EXPLICIT")
    with pytest.raises(tf.errors.InvalidArgumentError, match="'padding'"):
        tf.nn.conv2d(X, W, 1, "FOO")
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="input depth must be evenly divisible by filter depth: 3 vs 2"):
        tf.nn.conv2d(X, W[:, :, :2], 1, "SAME")
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Computed output size would be negative: -1 \[input_size: 1, "
                             r"effective_filter_size: 3, stride: 1\]"):
        tf.nn.conv2d(tf.ones([1, 1, 1, 3]), W, 1, "VALID")


def test_conv2d_graph_errors(tf):
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Negative dimension size caused by subtracting 3 "
                                             "from 2"):
            tf.nn.conv2d(tf.ones([1, 2, 2, 3]), W, 1, "VALID")
        with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3"):
            tf.nn.conv2d(tf.ones([5, 5, 3]), W, 1, "VALID")
        with pytest.raises(ValueError, match=r"Depth of input \(3\) is not a multiple of input "
                                             r"depth of filter \(2\)"):
            tf.nn.conv2d(tf.ones([1, 5, 5, 3]), tf.ones([3, 3, 2, 4]), 1, "SAME")
        with pytest.raises(ValueError, match="Nonzero explicit padding in the batch or depth "
                                             "dimensions is not supported"):
            tf.nn.conv2d(tf.ones([1, 5, 5, 3]), W, 1, [[1, 0], [1, 2], [0, 1], [0, 0]])
        with pytest.raises(ValueError, match="Attr 'padding' of 'Conv2D' Op passed string "
                                             "'FOO'"):
            tf.nn.conv2d(tf.ones([1, 5, 5, 3]), W, 1, "FOO")


def test_conv2d_gradients_and_transpose(tf):
    x, w = tf.constant(X), tf.constant(W)
    dy = tf.constant(RNG.standard_normal((2, 3, 3, 4)).astype(np.float32))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, w])
        y = tf.nn.conv2d(x, w, 2, "SAME")
    dx, dw = tape.gradient(y, [x, w], output_gradients=dy)
    # conv2d_transpose is exactly the input gradient.
    _close(tf.nn.conv2d_transpose(dy, w, [2, 5, 5, 3], 2, "SAME"), dx, 1e-4)
    _close(tf.compat.v1.nn.conv2d_backprop_filter(x, [3, 3, 3, 4], dy, [1, 2, 2, 1], "SAME"),
           dw, 1e-4)
    _close(tf.compat.v1.nn.conv2d_backprop_input([2, 5, 5, 3], w, dy, [1, 2, 2, 1], "SAME"),
           dx, 1e-4)
    # The adjoint identity <conv(x), dy> == <x, conv^T(dy)>.
    _close(np.sum(y.numpy() * dy.numpy()), np.sum(X * dx.numpy()), 1e-3)


def test_conv2d_hessian_vector_product(tf):
    # f(x) = sum(conv(x, w)^2) is quadratic, so H v == grad f(v).
    x, w = tf.constant(X), tf.constant(W)
    v = tf.constant(RNG.standard_normal(X.shape).astype(np.float32))
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            f = tf.reduce_sum(tf.square(tf.nn.conv2d(x, w, 1, "SAME")))
        g = inner.gradient(f, x)
        projected = tf.reduce_sum(g * v)
    hv = outer.gradient(projected, x)
    with tf.GradientTape() as tape:
        tape.watch(v)
        fv = tf.reduce_sum(tf.square(tf.nn.conv2d(v, w, 1, "SAME")))
    _close(hv, tape.gradient(fv, v), 1e-3)


def test_depthwise_conv2d(tf):
    w = RNG.standard_normal((3, 3, 3, 2)).astype(np.float32)
    out = tf.nn.depthwise_conv2d(X, w, [1, 1, 1, 1], "VALID").numpy()
    assert out.shape == (2, 3, 3, 6)
    for c in range(3):
        for m in range(2):
            expected = _np_conv(X[..., c:c + 1], w[:, :, c:c + 1, m:m + 1])[..., 0]
            _close(out[..., c * 2 + m], expected, 1e-4)
    dilated = tf.nn.depthwise_conv2d(X, w[:2, :2], [1, 1, 1, 1], "SAME", dilations=[2, 2])
    assert dilated.shape == (2, 5, 5, 6)


def test_separable_conv2d_and_convolution(tf):
    dw = RNG.standard_normal((3, 3, 3, 2)).astype(np.float32)
    pw = RNG.standard_normal((1, 1, 6, 4)).astype(np.float32)
    depthwise = tf.nn.depthwise_conv2d(X, dw, [1, 1, 1, 1], "SAME")
    _close(tf.nn.separable_conv2d(X, dw, pw, [1, 1, 1, 1], "SAME"),
           tf.nn.conv2d(depthwise, pw, 1, "VALID"), 1e-4)
    _close(tf.nn.convolution(X, W, padding="SAME"), tf.nn.conv2d(X, W, 1, "SAME"), 1e-4)
    _close(tf.nn.convolution(X, W, strides=2, padding="VALID"), _np_conv(X, W, 2), 1e-4)


def test_conv1d(tf):
    x = RNG.standard_normal((2, 6, 3)).astype(np.float32)
    w = RNG.standard_normal((3, 3, 2)).astype(np.float32)
    expected = _np_conv(x[:, None], w[None])[:, 0]
    _close(tf.nn.conv1d(x, w, 1, "VALID"), expected, 1e-4)


# ---------------------------------------------------------------------------
# Pooling
# ---------------------------------------------------------------------------

def test_max_and_avg_pool_values(tf):
    x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    _close(tf.nn.max_pool(x, 2, 2, "VALID")[0, :, :, 0], [[5, 7], [13, 15]])
    _close(tf.nn.avg_pool(x, 2, 2, "VALID")[0, :, :, 0], [[2.5, 4.5], [10.5, 12.5]])
    # SAME: 3x3 windows at stride 2 on 4x4 pad one row/column at the bottom/right only, and
    # average pooling divides by the number of real (unpadded) elements.
    _close(tf.nn.max_pool(x, 3, 2, "SAME")[0, :, :, 0], [[10, 11], [14, 15]])
    _close(tf.nn.avg_pool(x, 3, 2, "SAME")[0, :, :, 0], [[5, 6.5], [11, 12.5]])
    _close(tf.nn.max_pool(x, 2, 1, [[0, 0], [1, 1], [0, 0], [0, 0]])[0, :, 0, 0],
           [1, 5, 9, 13, 13])
    assert tf.nn.max_pool(tf.ones([1, 4, 4, 3], tf.int32), 2, 2, "VALID").dtype == tf.int32
    _close(tf.nn.max_pool1d(np.array([[[1.0], [3.0], [2.0], [0.0]]], np.float32), 2, 2,
                            "VALID"), [[[3.0], [2.0]]])
    _close(tf.nn.avg_pool1d(np.array([[[1.0], [3.0], [2.0], [0.0]]], np.float32), 2, 2,
                            "VALID"), [[[2.0], [1.0]]])


def test_pool_errors(tf):
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.nn.avg_pool(tf.ones([1, 4, 4, 3], tf.int32), 2, 2, "VALID")
    with pytest.raises(tf.errors.UnimplementedError,
                       match="Pooling is not yet supported on the batch dimension"):
        tf.nn.max_pool(tf.ones([1, 4, 4, 3]), [2, 2, 2, 1], 1, "VALID")
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Bottom padding 2 needs to be smaller than the window size 2"):
        tf.nn.max_pool2d(tf.ones([1, 4, 4, 1]), 2, 1, [[0, 0], [0, 2], [0, 0], [0, 0]])
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Negative dimension size caused by subtracting 3 "
                                             "from 1"):
            tf.nn.max_pool(tf.ones([1, 1, 1, 3]), 3, 1, "VALID")
        with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 3"):
            tf.nn.max_pool2d(tf.ones([4, 4, 3]), 2, 1, "VALID")


def test_pool_gradients(tf):
    x = tf.constant(np.array([[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 6, 7], [9, 1, 3, 2]],
                             np.float32).reshape(1, 4, 4, 1))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        mx = tf.nn.max_pool(x, 2, 2, "VALID")
        avg = tf.nn.avg_pool(x, 2, 2, "VALID")
    dmax = tape.gradient(mx, x).numpy()[0, :, :, 0]
    _close(dmax, [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0]])
    _close(tape.gradient(avg, x), np.full((1, 4, 4, 1), 0.25, np.float32))
    # Overlapping windows accumulate into the shared maximum.
    with tf.GradientTape() as tape:
        tape.watch(x)
        overlapping = tf.nn.max_pool(x, 2, 1, "VALID")
    dmax = tape.gradient(overlapping, x).numpy()[0, :, :, 0]
    _close(dmax, [[0, 1, 0, 0], [0, 1, 4, 0], [0, 0, 1, 1], [1, 0, 0, 0]])


# ---------------------------------------------------------------------------
# TF1 spellings under tf.compat.v1.nn
# ---------------------------------------------------------------------------

def test_compat_v1_spellings(tf):
    nn = tf.compat.v1.nn
    x = np.array([[1.0, 2.0], [3.0, 5.0]], np.float32)
    mean, variance = nn.moments(x, [0], keep_dims=True)
    assert mean.shape == (1, 2)
    _close(variance, [[1.0, 2.25]])
    e = np.exp(x - x.max(0))
    _close(nn.softmax(x, dim=0), e / e.sum(0))
    _close(nn.l2_normalize([[3.0, 4.0]], dim=1), [[0.6, 0.8]])
    labels = np.array([[0.0, 1.0], [1.0, 0.0]], np.float32)
    _close(nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=x),
           tf.nn.softmax_cross_entropy_with_logits(labels, x))
    _close(nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0], logits=x),
           tf.nn.softmax_cross_entropy_with_logits(labels, x))
    _close(nn.xw_plus_b(x, np.eye(2, dtype=np.float32), [1.0, -1.0]), x + [1.0, -1.0])
    _close(nn.conv2d(X, filter=W, strides=[1, 1, 1, 1], padding="VALID"), _np_conv(X, W), 1e-4)
    dw = RNG.standard_normal((2, 2, 3, 1)).astype(np.float32)
    _close(nn.depthwise_conv2d(X, dw, [1, 1, 1, 1], "SAME", rate=[2, 2]),
           tf.nn.depthwise_conv2d(X, dw, [1, 1, 1, 1], "SAME", dilations=[2, 2]), 1e-4)
    _close(nn.depthwise_conv2d_native(X, dw, [1, 1, 1, 1], "VALID"),
           tf.nn.depthwise_conv2d(X, dw, [1, 1, 1, 1], "VALID"), 1e-4)
    _close(nn.max_pool(X, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"), tf.nn.max_pool(X, 2, 2, "VALID"))
    _close(nn.avg_pool(X, [1, 2, 2, 1], [1, 1, 1, 1], "SAME"), tf.nn.avg_pool(X, 2, 1, "SAME"))
    dy = tf.ones([2, 3, 3, 4])
    _close(nn.conv2d_transpose(dy, W, [2, 5, 5, 3], [1, 1, 1, 1], "VALID"),
           tf.nn.conv2d_transpose(dy, W, [2, 5, 5, 3], 1, "VALID"), 1e-4)
