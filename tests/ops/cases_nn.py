"""Cases for tf.nn: activations, softmax, bias_add, losses, normalization, dropout, embedding
lookup, convolutions and pooling (see harness.py).

Gradient ops (ReluGrad, Conv2DBackpropInput, MaxPoolGrad, ...) are reached through a tape
inside `build`, so their own gradients (second derivatives of the forward ops) are checked
too. The convolution references below loop over output pixels: slow, simple, independent of
the im2col kernels they check.
"""
import math

import numpy as np

from tests.ops.harness import Case, F, I, K, V

SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717
_erf = np.vectorize(math.erf, otypes=[np.float64])


def _ref(function):
    """A reference computed in float64 and returned in the first input's dtype."""
    def reference(x, *rest):
        rest = [np.asarray(r, np.float64) if isinstance(r, np.ndarray) and r.dtype.kind == "f"
                else r for r in rest]
        result = function(np.asarray(x, np.float64), *rest)
        if isinstance(result, (list, tuple)):
            return [np.asarray(r).astype(x.dtype) for r in result]
        return np.asarray(result).astype(x.dtype)
    return reference


def _vjp(tf, f, x, dy):
    """The gradient of f at x against dy, built with a tape (eager or graph)."""
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x, output_gradients=dy)


def _vjp2(tf, f, x, dy, ddx):
    """The gradient of (x, dy) -> vjp(f)(x, dy) with respect to dy, against ddx."""
    with tf.GradientTape() as tape:
        tape.watch(dy)
        g = _vjp(tf, f, x, dy)
    return tape.gradient(g, dy, output_gradients=ddx)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _log_softmax(x, axis=-1):
    return np.log(_softmax(x, axis))


def _elu(x):
    return np.where(x < 0, np.expm1(np.minimum(x, 0)), x)


def _selu(x):
    return SELU_SCALE * np.where(x < 0, SELU_ALPHA * np.expm1(np.minimum(x, 0)), x)


# ------------------------------------------------------------------ convolution references

def _pads(size, k, stride, dilation, padding):
    k_eff = (k - 1) * dilation + 1
    if padding == "SAME":
        out = -(-size // stride)
        total = max((out - 1) * stride + k_eff - size, 0)
        return total // 2, total - total // 2
    if padding == "VALID":
        return 0, 0
    return padding


def _windows(shape, k, strides, dilations, padding):
    """Padded shape, pads, output size and for each output pixel the window slices."""
    (kh, kw), (sh, sw), (dh, dw) = k, strides, dilations
    ph = _pads(shape[1], kh, sh, dh, padding if isinstance(padding, str) else padding[1])
    pw = _pads(shape[2], kw, sw, dw, padding if isinstance(padding, str) else padding[2])
    hp, wp = shape[1] + sum(ph), shape[2] + sum(pw)
    oh = (hp - (kh - 1) * dh - 1) // sh + 1
    ow = (wp - (kw - 1) * dw - 1) // sw + 1
    windows = [(i, j, (slice(None), slice(i * sh, i * sh + (kh - 1) * dh + 1, dh),
                       slice(j * sw, j * sw + (kw - 1) * dw + 1, dw)))
               for i in range(oh) for j in range(ow)]
    return (ph, pw), (oh, ow), windows


def _pad(x, pads, value=0.0):
    return np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)), constant_values=value)


def _crop(xp, pads, shape):
    return xp[:, pads[0][0]:pads[0][0] + shape[1], pads[1][0]:pads[1][0] + shape[2]]


def np_conv2d(x, f, strides=(1, 1), padding="VALID", dilations=(1, 1)):
    pads, (oh, ow), windows = _windows(x.shape, f.shape[:2], strides, dilations, padding)
    xp = _pad(x, pads)
    out = np.zeros((x.shape[0], oh, ow, f.shape[3]), x.dtype)
    for i, j, w in windows:
        out[:, i, j] = np.einsum("nabc,abco->no", xp[w], f)
    return out


def np_conv2d_backprop_input(shape, f, dy, strides=(1, 1), padding="VALID", dilations=(1, 1)):
    pads, _, windows = _windows(shape, f.shape[:2], strides, dilations, padding)
    dxp = _pad(np.zeros(shape, dy.dtype), pads)
    for i, j, w in windows:
        dxp[w] += np.einsum("no,abco->nabc", dy[:, i, j], f)
    return _crop(dxp, pads, shape)


def np_conv2d_backprop_filter(x, fshape, dy, strides=(1, 1), padding="VALID",
                              dilations=(1, 1)):
    pads, _, windows = _windows(x.shape, fshape[:2], strides, dilations, padding)
    xp = _pad(x, pads)
    df = np.zeros(fshape, dy.dtype)
    for i, j, w in windows:
        df += np.einsum("nabc,no->abco", xp[w], dy[:, i, j])
    return df


def np_depthwise(x, f, strides=(1, 1), padding="VALID", dilations=(1, 1)):
    pads, (oh, ow), windows = _windows(x.shape, f.shape[:2], strides, dilations, padding)
    xp = _pad(x, pads)
    out = np.zeros((x.shape[0], oh, ow, f.shape[2], f.shape[3]), x.dtype)
    for i, j, w in windows:
        out[:, i, j] = np.einsum("nabc,abcm->ncm", xp[w], f)
    return out.reshape(x.shape[0], oh, ow, -1)


def np_depthwise_backprop_input(shape, f, dy, strides=(1, 1), padding="VALID"):
    pads, _, windows = _windows(shape, f.shape[:2], strides, (1, 1), padding)
    dy = dy.reshape(dy.shape[:3] + f.shape[2:])
    dxp = _pad(np.zeros(shape, dy.dtype), pads)
    for i, j, w in windows:
        dxp[w] += np.einsum("ncm,abcm->nabc", dy[:, i, j], f)
    return _crop(dxp, pads, shape)


def np_depthwise_backprop_filter(x, fshape, dy, strides=(1, 1), padding="VALID"):
    pads, _, windows = _windows(x.shape, fshape[:2], strides, (1, 1), padding)
    dy = dy.reshape(dy.shape[:3] + tuple(fshape[2:]))
    xp = _pad(x, pads)
    df = np.zeros(fshape, dy.dtype)
    for i, j, w in windows:
        df += np.einsum("nabc,ncm->abcm", xp[w], dy[:, i, j])
    return df


def np_max_pool(x, k, strides, padding):
    pads, (oh, ow), windows = _windows(x.shape, k, strides, (1, 1), padding)
    xp = _pad(x, pads, -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min)
    out = np.zeros((x.shape[0], oh, ow, x.shape[3]), x.dtype)
    for i, j, w in windows:
        out[:, i, j] = xp[w].max(axis=(1, 2))
    return out


def np_max_pool_grad(x, dy, k, strides, padding):
    pads, _, windows = _windows(x.shape, k, strides, (1, 1), padding)
    xp = _pad(x, pads, -np.inf)
    dxp = np.zeros(xp.shape, dy.dtype)
    n, c = x.shape[0], x.shape[3]
    for i, j, (_, rows, cols) in windows:
        window = xp[:, rows, cols].reshape(n, -1, c)
        first = np.argmax(window, axis=1)                   # first maximum, row-major
        a, b = np.unravel_index(first, (rows.stop - rows.start, cols.stop - cols.start))
        for bi in range(n):
            for ci in range(c):
                dxp[bi, rows.start + a[bi, ci], cols.start + b[bi, ci], ci] += dy[bi, i, j, ci]
    return _crop(dxp, pads, x.shape)


def np_avg_pool(x, k, strides, padding):
    pads, (oh, ow), windows = _windows(x.shape, k, strides, (1, 1), padding)
    xp, ones = _pad(x, pads), _pad(np.ones_like(x), pads)
    out = np.zeros((x.shape[0], oh, ow, x.shape[3]), x.dtype)
    for i, j, w in windows:
        out[:, i, j] = xp[w].sum(axis=(1, 2)) / ones[w].sum(axis=(1, 2))
    return out


def np_avg_pool_grad(shape, dy, k, strides, padding):
    pads, _, windows = _windows(shape, k, strides, (1, 1), padding)
    ones = _pad(np.ones(shape, dy.dtype), pads)
    dxp = np.zeros(ones.shape, dy.dtype)
    for i, j, w in windows:
        count = ones[w].sum(axis=(1, 2))[:, None, None, :]
        dxp[w] += ones[w] * dy[:, i:i + 1, j:j + 1] / count
    return _crop(dxp, pads, shape)


def _normalized(tf, labels, axis):
    return labels / tf.reduce_sum(labels, axis, keepdims=True)


def _np_normalized(labels, axis):
    return labels / labels.sum(axis, keepdims=True)


def _xent(labels, logits):
    return -np.sum(labels * _log_softmax(logits), axis=-1)


def _sparse_xent(labels, logits):
    log_probs = _log_softmax(logits)
    labels = np.asarray(labels, np.int64)
    return -np.take_along_axis(log_probs, labels[..., None], -1)[..., 0]


def _batch_norm(x, mean, variance, offset, scale):
    return (x - mean) / np.sqrt(variance + 1e-3) * scale + offset


def _div_partition_lookup(p0, p1, ids):
    table = np.concatenate([p0, p1])     # "div": ids 0..2 in p0, 3..4 in p1
    return table[np.array(ids)]


def _mod_partition_lookup(p0, p1, ids):
    table = np.empty((p0.shape[0] + p1.shape[0],) + p0.shape[1:], p0.dtype)
    table[0::2], table[1::2] = p0, p1    # "mod": even ids in p0, odd ids in p1
    return table[np.array(ids)]


CONV_TOL = {"rtol": 1e-4, "atol": 1e-4}
EXPLICIT = [[0, 0], [1, 2], [0, 1], [0, 0]]
POOL_EXPLICIT = [[0, 0], [1, 1], [0, 1], [0, 0]]
X = F(2, 5, 5, 3)
W = F(3, 3, 3, 2)
X_POS = F(2, 4, 5, 3, low=-3, high=3)

CASES = [
    Case("InTopKV2", lambda tf, targets, predictions, k: tf.nn.in_top_k(targets, predictions, k),
         lambda targets, predictions, k: _in_top_k(predictions, targets, k),
         [I(5, high=3), F(5, 4), K(2)]),
    Case("InTopKV2", lambda tf, predictions, targets: tf.nn.in_top_k(targets, predictions, 1),
         lambda predictions, targets: _in_top_k(predictions, targets, 1),
         [V([[1., 1., 0.], [np.nan, 2., 1.], [0., np.inf, 3.], [2., 1., 0.]], "float32"),
          V([1, 0, 2, 5], "int64")], name="ties_nonfinite_out_of_range"),
    # ---------------------------------------------------------------- activations
    Case("Relu", lambda tf, x: tf.nn.relu(x), lambda x: np.maximum(x, 0), [F(2, 3)], grad=2),
    Case("Relu", lambda tf, x: tf.nn.relu(x), lambda x: np.maximum(x, 0),
         [I(2, 3, low=-3, high=3)], name="int32"),
    Case("ReluGrad", lambda tf, x, dy: _vjp(tf, tf.nn.relu, x, dy),
         lambda x, dy: np.where(x > 0, dy, 0).astype(x.dtype), [F(2, 3), F(2, 3)], grad=1),
    Case("Relu6", lambda tf, x: tf.nn.relu6(x), lambda x: np.clip(x, 0, 6),
         [F(3, 4, low=-3, high=9)], grad=2),
    Case("Relu6Grad", lambda tf, x, dy: _vjp(tf, tf.nn.relu6, x, dy),
         lambda x, dy: np.where((x > 0) & (x < 6), dy, 0).astype(x.dtype),
         [F(3, 4, low=-3, high=9), F(3, 4)], grad=1),
    Case("Elu", lambda tf, x: tf.nn.elu(x), _ref(_elu), [F(2, 3)], grad=2),
    Case("EluGrad", lambda tf, x, dy: _vjp(tf, tf.nn.elu, x, dy),
         _ref(lambda x, dy: dy * np.where(x < 0, np.exp(x), 1)), [F(2, 3), F(2, 3)], grad=2),
    Case("Selu", lambda tf, x: tf.nn.selu(x), _ref(_selu), [F(2, 3)], grad=2),
    Case("SeluGrad", lambda tf, x, dy: _vjp(tf, tf.nn.selu, x, dy),
         _ref(lambda x, dy: dy * SELU_SCALE * np.where(x < 0, SELU_ALPHA * np.exp(x), 1)),
         [F(2, 3), F(2, 3)], grad=2),
    Case("Softplus", lambda tf, x: tf.nn.softplus(x), _ref(lambda x: np.logaddexp(0, x)),
         [F(2, 3, low=-5, high=5)], grad=2),
    Case("Softsign", lambda tf, x: tf.nn.softsign(x), _ref(lambda x: x / (1 + np.abs(x))),
         [F(2, 3)], grad=2),
    Case("LeakyRelu", lambda tf, x: tf.nn.leaky_relu(x, alpha=0.1),
         _ref(lambda x: np.where(x > 0, x, 0.1 * x)), [F(2, 3)], grad=2),
    Case("LeakyReluGrad", lambda tf, x, dy: _vjp(tf, lambda t: tf.nn.leaky_relu(t, 0.3), x, dy),
         _ref(lambda x, dy: np.where(x > 0, dy, 0.3 * dy)), [F(2, 3), F(2, 3)], grad=1),
    Case("nn.gelu", lambda tf, x: tf.nn.gelu(x),
         _ref(lambda x: 0.5 * x * (1 + _erf(x / np.sqrt(2)))), [F(2, 3)], grad=2),
    Case("nn.gelu", lambda tf, x: tf.nn.gelu(x, approximate=True),
         _ref(lambda x: 0.5 * x * (1 + np.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)))),
         [F(2, 3)], grad=2, name="approximate"),
    Case("nn.silu", lambda tf, x: tf.nn.silu(x), _ref(lambda x: x * _sigmoid(x)), [F(2, 3)],
         grad=2),
    Case("nn.sigmoid", lambda tf, x: tf.nn.sigmoid(x), _ref(_sigmoid), [F(2, 3)], grad=2),
    Case("nn.tanh", lambda tf, x: tf.nn.tanh(x), _ref(np.tanh), [F(2, 3)], grad=2),
    Case("nn.crelu", lambda tf, x: tf.nn.crelu(x),
         lambda x: np.maximum(np.concatenate([x, -x], -1), 0), [F(2, 3)], grad=1),

    # ---------------------------------------------------------------- softmax
    Case("Softmax", lambda tf, x: tf.nn.softmax(x), _ref(_softmax), [F(2, 4)], grad=2),
    Case("Softmax", lambda tf, x: tf.nn.softmax(x, axis=0), _ref(lambda x: _softmax(x, 0)),
         [F(3, 2, 2)], grad=2, name="axis0", unknown_rank=False),   # tensorlite limit
    Case("LogSoftmax", lambda tf, x: tf.nn.log_softmax(x), _ref(_log_softmax), [F(2, 4)],
         grad=2),
    Case("LogSoftmax", lambda tf, x: tf.nn.log_softmax(x, axis=1),
         _ref(lambda x: _log_softmax(x, 1)), [F(2, 3, 2)], grad=2, name="axis1",
         unknown_rank=False),

    # ---------------------------------------------------------------- bias_add, l2_loss
    Case("BiasAdd", lambda tf, x, b: tf.nn.bias_add(x, b), lambda x, b: x + b,
         [F(2, 3, 4), F(4)], grad=1),
    Case("BiasAdd", lambda tf, x, b: tf.nn.bias_add(x, b, data_format="NCHW"),
         lambda x, b: x + b[:, None, None], [F(2, 3, 2, 2), F(3)], grad=1, name="NCHW"),
    Case("BiasAddGrad",
         lambda tf, dy: _vjp(tf, lambda t: tf.nn.bias_add(tf.zeros([2, 3, 4], dy.dtype), t),
                             tf.zeros([4], dy.dtype), dy),
         lambda dy: dy.sum(axis=(0, 1)), [F(2, 3, 4)], grad=1),
    Case("L2Loss", lambda tf, x: tf.nn.l2_loss(x), _ref(lambda x: np.sum(x * x) / 2),
         [F(3, 2)], grad=2),

    # ---------------------------------------------------------------- losses
    # Labels are normalized first: like TF's, the op's backprop is softmax - labels, the
    # gradient for label rows that sum to one.
    Case("SoftmaxCrossEntropyWithLogits",
         lambda tf, labels, logits: tf.nn.softmax_cross_entropy_with_logits(
             _normalized(tf, labels, -1), logits),
         _ref(lambda labels, logits: _xent(_np_normalized(labels, -1), logits)),
         [F(3, 4, low=0.1, high=1), F(3, 4)], grad=2),
    Case("SoftmaxCrossEntropyWithLogits",
         lambda tf, labels, logits: tf.nn.softmax_cross_entropy_with_logits(
             _normalized(tf, labels, 0), logits, axis=0),
         _ref(lambda labels, logits: _xent(_np_normalized(labels, 0).T, logits.T)),
         [F(4, 3, low=0.1, high=1), F(4, 3)], grad=2, name="axis0", unknown_rank=False),
    Case("SoftmaxCrossEntropyWithLogits",
         lambda tf, labels, logits: tf.nn.softmax_cross_entropy_with_logits(
             _normalized(tf, labels, -1), logits),
         _ref(lambda labels, logits: _xent(_np_normalized(labels, -1), logits)),
         [F(2, 3, 4, low=0.1, high=1), F(2, 3, 4)], grad=2, name="rank3"),
    Case("SoftmaxCrossEntropyWithLogits",
         lambda tf, labels, logits: tf.compat.v1.nn.softmax_cross_entropy_with_logits(
             labels=_normalized(tf, labels, -1), logits=logits),
         _ref(lambda labels, logits: _xent(_np_normalized(labels, -1), logits)),
         [F(3, 4, low=0.1, high=1), F(3, 4)], name="v1"),
    Case("SparseSoftmaxCrossEntropyWithLogits",
         lambda tf, labels, logits: tf.nn.sparse_softmax_cross_entropy_with_logits(labels,
                                                                                   logits),
         lambda labels, logits: _ref(lambda lg, lb: _sparse_xent(lb, lg))(logits, labels),
         [K([0, 3, 1]), F(3, 4)], grad=2),
    Case("SparseSoftmaxCrossEntropyWithLogits",
         lambda tf, labels, logits: tf.nn.sparse_softmax_cross_entropy_with_logits(
             tf.constant(labels, tf.int64), logits),
         lambda labels, logits: _ref(lambda lg, lb: _sparse_xent(lb, lg))(logits, labels),
         [K([[0, 2], [1, 1]]), F(2, 2, 3)], grad=2, name="rank3"),
    Case("nn.sigmoid_cross_entropy_with_logits",
         lambda tf, labels, logits: tf.nn.sigmoid_cross_entropy_with_logits(labels, logits),
         lambda labels, logits: _ref(lambda lg, lb: np.maximum(lg, 0) - lg * lb +
                                     np.log1p(np.exp(-np.abs(lg))))(logits, labels),
         [F(2, 3, low=0, high=1), F(2, 3, low=-5, high=5)], grad=2),

    Case("nn.weighted_cross_entropy_with_logits",
         lambda tf, labels, logits: tf.nn.weighted_cross_entropy_with_logits(labels, logits,
                                                                             2.5),
         lambda labels, logits: _ref(lambda lg, lb: lb * 2.5 * np.log1p(np.exp(-lg)) +
                                     (1 - lb) * np.log1p(np.exp(lg)))(logits, labels),
         [F(2, 3, low=0, high=1), F(2, 3, low=-5, high=5)], grad=2),

    # ---------------------------------------------------------------- normalization
    Case("nn.l2_normalize", lambda tf, x: tf.nn.l2_normalize(x, axis=1),
         _ref(lambda x: x / np.sqrt(np.sum(x * x, axis=1, keepdims=True))), [F(2, 3)], grad=2),
    Case("nn.moments", lambda tf, x: list(tf.nn.moments(x, [0, 1])),
         _ref(lambda x: [x.mean(axis=(0, 1)), x.var(axis=(0, 1))]), [F(2, 3, 2)], grad=1),
    Case("nn.moments", lambda tf, x: list(tf.nn.moments(x, [1], keepdims=True)),
         _ref(lambda x: [x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)]),
         [F(2, 3)], grad=1, name="keepdims"),
    Case("nn.batch_normalization",
         lambda tf, x, m, v, o, s: tf.nn.batch_normalization(x, m, v, o, s, 1e-3),
         _ref(_batch_norm), [F(2, 3), F(3), F(3, low=0.5, high=2), F(3), F(3)], grad=1),

    # ---------------------------------------------------------------- dropout, embeddings
    Case("nn.dropout", lambda tf, x: tf.nn.dropout(x, 0.5, seed=1), lambda x: x, [F(3, 4)],
         random=True),
    Case("nn.dropout", lambda tf, x: tf.compat.v1.nn.dropout(x, keep_prob=0.7,
                                                             noise_shape=[3, 1]),
         lambda x: x, [F(3, 4)], random=True, name="keep_prob"),
    Case("nn.embedding_lookup", lambda tf, p, ids: tf.nn.embedding_lookup(p, ids),
         lambda p, ids: p[np.array(ids)], [F(5, 3), K([[0, 4], [3, 3]])], grad=1),
    Case("nn.embedding_lookup",
         lambda tf, p0, p1, ids: tf.nn.embedding_lookup([p0, p1], ids),
         _div_partition_lookup, [F(3, 2), F(2, 2), K([[0, 4], [3, 2]])], grad=1,
         name="div"),
    Case("nn.embedding_lookup",
         lambda tf, p0, p1, ids: tf.compat.v1.nn.embedding_lookup([p0, p1], ids),
         _mod_partition_lookup, [F(3, 2), F(2, 2), K([[0, 4], [3, 1]])], grad=1,
         name="mod"),

    # ---------------------------------------------------------------- convolution
    Case("Conv2D", lambda tf, x, w: tf.nn.conv2d(x, w, 1, "SAME"),
         lambda x, w: np_conv2d(x, w, padding="SAME"), [X, W], grad=2, **CONV_TOL),
    Case("Conv2D", lambda tf, x, w: tf.nn.conv2d(x, w, [2, 2], "VALID"),
         lambda x, w: np_conv2d(x, w, (2, 2), "VALID"), [F(1, 6, 5, 2), F(2, 3, 2, 3)],
         grad=2, name="valid-stride2", **CONV_TOL),
    Case("Conv2D", lambda tf, x, w: tf.nn.conv2d(x, w, [1, 2, 1, 1], "SAME", dilations=[2, 1]),
         lambda x, w: np_conv2d(x, w, (2, 1), "SAME", (2, 1)), [F(1, 6, 5, 2), F(2, 2, 2, 2)],
         grad=2, name="same-stride-dilated", **CONV_TOL),
    Case("Conv2D", lambda tf, x, w: tf.nn.conv2d(x, w, 1, EXPLICIT),
         lambda x, w: np_conv2d(x, w, padding=[None, (1, 2), (0, 1)]),
         [F(1, 4, 4, 2), F(3, 3, 2, 2)], grad=2, name="explicit", **CONV_TOL),
    Case("Conv2D", lambda tf, x, w: tf.nn.conv2d(x, w, 1, "VALID"),
         lambda x, w: np_conv2d(x, w), [I(1, 4, 4, 2, low=-3, high=3),
                                        I(2, 2, 2, 3, low=-3, high=3)], name="int32"),
    Case("Conv2DBackpropInput",
         lambda tf, dy, w: tf.nn.conv2d_transpose(dy, w, [2, 5, 5, 3], 2, "SAME"),
         lambda dy, w: np_conv2d_backprop_input((2, 5, 5, 3), w, dy, (2, 2), "SAME"),
         [F(2, 3, 3, 2), W], grad=2, **CONV_TOL),
    Case("Conv2DBackpropInput",
         lambda tf, w, dy: _vjp(tf, lambda t: tf.nn.conv2d(t, w, 1, EXPLICIT, dilations=2),
                                tf.zeros([1, 5, 5, 2], w.dtype), dy),
         lambda w, dy: np_conv2d_backprop_input((1, 5, 5, 2), w, dy, (1, 1),
                                                [None, (1, 2), (0, 1)], (2, 2)),
         [F(2, 2, 2, 2), F(1, 6, 4, 2)], grad=2, name="explicit-dilated", **CONV_TOL),
    Case("Conv2DBackpropFilter",
         lambda tf, x, dy: tf.compat.v1.nn.conv2d_backprop_filter(
             x, [3, 3, 3, 2], dy, [1, 1, 1, 1], "SAME"),
         lambda x, dy: np_conv2d_backprop_filter(x, (3, 3, 3, 2), dy, padding="SAME"),
         [X, F(2, 5, 5, 2)], grad=2, **CONV_TOL),
    Case("Conv2DBackpropFilter",
         lambda tf, x, dy: _vjp(tf, lambda t: tf.nn.conv2d(x, t, 2, "VALID"),
                                tf.zeros([3, 3, 3, 2], x.dtype), dy),
         lambda x, dy: np_conv2d_backprop_filter(x, (3, 3, 3, 2), dy, (2, 2)),
         [X, F(2, 2, 2, 2)], grad=2, name="valid-stride2", **CONV_TOL),
    Case("DepthwiseConv2dNative",
         lambda tf, x, w: tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME"),
         lambda x, w: np_depthwise(x, w, padding="SAME"), [F(2, 4, 4, 3), F(3, 3, 3, 2)],
         grad=2, **CONV_TOL),
    Case("DepthwiseConv2dNative",
         lambda tf, x, w: tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "VALID"),
         lambda x, w: np_depthwise(x, w, (2, 2), "VALID"), [F(1, 5, 5, 2), F(2, 2, 2, 3)],
         grad=2, name="valid-stride2", **CONV_TOL),
    Case("DepthwiseConv2dNative",
         lambda tf, x, w: tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "VALID", dilations=[2, 2]),
         lambda x, w: np_depthwise(x, w, dilations=(2, 2)), [F(1, 5, 5, 2), F(2, 2, 2, 1)],
         grad=2, name="dilated", **CONV_TOL),
    Case("DepthwiseConv2dNativeBackpropInput",
         lambda tf, w, dy: tf.nn.depthwise_conv2d_backprop_input(
             [1, 5, 5, 2], w, dy, [1, 2, 2, 1], "SAME"),
         lambda w, dy: np_depthwise_backprop_input((1, 5, 5, 2), w, dy, (2, 2), "SAME"),
         [F(3, 3, 2, 2), F(1, 3, 3, 4)], grad=2, **CONV_TOL),
    Case("DepthwiseConv2dNativeBackpropFilter",
         lambda tf, x, dy: tf.nn.depthwise_conv2d_backprop_filter(
             x, [2, 2, 2, 3], dy, [1, 1, 1, 1], "VALID"),
         lambda x, dy: np_depthwise_backprop_filter(x, (2, 2, 2, 3), dy),
         [F(1, 4, 4, 2), F(1, 3, 3, 6)], grad=2, **CONV_TOL),
    Case("nn.conv1d", lambda tf, x, w: tf.nn.conv1d(x, w, 1, "SAME"),
         lambda x, w: np_conv2d(x[:, None], w[None], padding="SAME")[:, 0],
         [F(2, 5, 3), F(3, 3, 2)], grad=2, **CONV_TOL),

    Case("nn.separable_conv2d",
         lambda tf, x, dw, pw: tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "SAME"),
         lambda x, dw, pw: np_conv2d(np_depthwise(x, dw, padding="SAME"), pw),
         [F(1, 4, 4, 2), F(3, 3, 2, 2), F(1, 1, 4, 3)], grad=2, **CONV_TOL),
    Case("nn.convolution", lambda tf, x, w: tf.nn.convolution(x, w, padding="SAME"),
         lambda x, w: np_conv2d(x, w, padding="SAME"), [F(1, 4, 4, 2), F(2, 2, 2, 3)],
         grad=2, unknown_rank=False, **CONV_TOL),   # a tensorlite limit (1-D and 2-D)

    # ---------------------------------------------------------------- pooling
    Case("MaxPool", lambda tf, x: tf.nn.max_pool(x, 2, 2, "SAME"),
         lambda x: np_max_pool(x, (2, 2), (2, 2), "SAME"), [X_POS], grad=2,
         unknown_rank=False),   # TF: "must have a static shape or a data format"
    Case("MaxPool", lambda tf, x: tf.nn.max_pool2d(x, [3, 2], [1, 2], "VALID"),
         lambda x: np_max_pool(x, (3, 2), (1, 2), "VALID"), [X_POS], grad=2,
         name="overlapping"),
    Case("MaxPool", lambda tf, x: tf.compat.v1.nn.max_pool(x, [1, 2, 2, 1], [1, 1, 1, 1],
                                                           POOL_EXPLICIT),
         lambda x: np_max_pool(x, (2, 2), (1, 1), [None, (1, 1), (0, 1)]), [X_POS], grad=2,
         name="explicit"),
    Case("MaxPool", lambda tf, x: tf.nn.max_pool(x, 2, 1, "VALID"),
         lambda x: np_max_pool(x, (2, 2), (1, 1), "VALID"), [I(1, 3, 3, 2, low=-9, high=9)],
         name="int32", unknown_rank=False),
    Case("MaxPool", lambda tf, x: tf.nn.max_pool1d(x, 2, 1, "VALID"),
         lambda x: np_max_pool(x[:, None], (1, 2), (1, 1), "VALID")[:, 0], [F(2, 5, 3)],
         grad=2, name="1d"),
    Case("MaxPoolGrad", lambda tf, x, dy: _vjp(tf, lambda t: tf.nn.max_pool(t, 3, 2, "SAME"),
                                                x, dy),
         lambda x, dy: np_max_pool_grad(x, dy, (3, 3), (2, 2), "SAME"),
         [X_POS, F(2, 2, 3, 3)], grad=1, unknown_rank=False),
    Case("MaxPoolGradGrad",
         lambda tf, x, ddx: _vjp2(tf, lambda t: tf.nn.max_pool(t, 2, 1, "VALID"), x,
                                  tf.ones([2, 3, 4, 3], x.dtype), ddx),
         lambda x, ddx: _max_pool_gather(x, ddx, (2, 2), (1, 1)), [X_POS, X_POS], grad=1,
         unknown_rank=False),
    Case("AvgPool", lambda tf, x: tf.nn.avg_pool(x, 2, 2, "SAME"),
         lambda x: np_avg_pool(x, (2, 2), (2, 2), "SAME"), [X], grad=1, unknown_rank=False,
         **CONV_TOL),
    Case("AvgPool", lambda tf, x: tf.nn.avg_pool2d(x, [3, 2], [1, 2], "VALID"),
         lambda x: np_avg_pool(x, (3, 2), (1, 2), "VALID"), [X], grad=1, name="overlapping",
         **CONV_TOL),
    Case("AvgPool", lambda tf, x: tf.nn.avg_pool1d(x, 3, 2, "SAME"),
         lambda x: np_avg_pool(x[:, None], (1, 3), (1, 2), "SAME")[:, 0], [F(2, 5, 3)],
         grad=1, name="1d", **CONV_TOL),
    Case("AvgPoolGrad",
         lambda tf, dy: _vjp(tf, lambda t: tf.nn.avg_pool(t, 3, 2, "SAME"),
                             tf.zeros([2, 5, 5, 3], dy.dtype), dy),
         lambda dy: np_avg_pool_grad((2, 5, 5, 3), dy, (3, 3), (2, 2), "SAME"),
         [F(2, 3, 3, 3)], grad=1, **CONV_TOL),
]


def _max_pool_gather(x, ddx, k, strides):
    """MaxPoolGradGrad's reference: each window's first maximum position read from ddx."""
    pads, (oh, ow), windows = _windows(x.shape, k, strides, (1, 1), "VALID")
    n, c = x.shape[0], x.shape[3]
    out = np.zeros((n, oh, ow, c), ddx.dtype)
    for i, j, w in windows:
        first = np.argmax(x[w].reshape(n, -1, c), axis=1)
        out[:, i, j] = np.take_along_axis(ddx[w].reshape(n, -1, c), first[:, None], 1)[:, 0]
    return out


def _in_top_k(predictions, targets, k):
    """Row by row: in range, finite, and fewer than k predictions strictly greater."""
    out = []
    for row, target in zip(predictions, targets):
        ok = 0 <= target < len(row) and np.isfinite(row[target])
        out.append(bool(ok and sum(v > row[target] for v in row) < k))
    return np.array(out, bool)


# ---------------------------------------------------------------- LRN, SpaceToDepth, DepthToSpace
# LRN accepts no float64 (as in TF), so finite differences cannot check it: its gradient is
# the LRNGrad case, against the Jacobian-vector product written out below.

def _lrn_norm(x, radius, bias, alpha):
    depth = x.shape[-1]
    sums = np.stack([np.sum(x[..., max(d - radius, 0):d + radius + 1] ** 2, axis=-1)
                     for d in range(depth)], axis=-1)
    return bias + alpha * sums


def np_lrn(x, radius=5, bias=1.0, alpha=1.0, beta=0.5):
    x64 = x.astype(np.float64)
    return (x64 * _lrn_norm(x64, radius, bias, alpha) ** -beta).astype(x.dtype)


def np_lrn_grad(x, dy, radius=5, bias=1.0, alpha=1.0, beta=0.5):
    x64, g = x.astype(np.float64), dy.astype(np.float64)
    norm = _lrn_norm(x64, radius, bias, alpha)
    dx = np.zeros_like(x64)
    depth = x.shape[-1]
    for j in range(depth):          # out_j depends on x_j directly and on its window's x_i
        dx[..., j] += g[..., j] * norm[..., j] ** -beta
        for i in range(max(j - radius, 0), min(j + radius + 1, depth)):
            dx[..., i] -= (2 * alpha * beta * x64[..., i] * x64[..., j] * g[..., j] *
                           norm[..., j] ** (-beta - 1))
    return dx.astype(x.dtype)


def np_space_to_depth(x, b):
    n, h, w, c = x.shape
    return x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5).reshape(
        n, h // b, w // b, b * b * c)


def np_depth_to_space(x, b):
    n, h, w, c = x.shape
    return x.reshape(n, h, w, b, b, c // (b * b)).transpose(0, 1, 3, 2, 4, 5).reshape(
        n, h * b, w * b, c // (b * b))


CASES += [
    Case("LRN", lambda tf, x: tf.nn.lrn(x), np_lrn, [F(2, 3, 2, 8)], rtol=1e-5),
    Case("LRN", lambda tf, x: tf.nn.local_response_normalization(x, 2, 1.5, 0.3, 0.7),
         lambda x: np_lrn(x, 2, 1.5, 0.3, 0.7), [F(1, 2, 2, 7)], rtol=1e-5, name="attrs"),
    Case("LRNGrad", lambda tf, x, dy: _vjp(tf, lambda t: tf.nn.lrn(t, 2, 1.5, 0.3, 0.7), x, dy),
         lambda x, dy: np_lrn_grad(x, dy, 2, 1.5, 0.3, 0.7), [F(1, 2, 3, 6), F(1, 2, 3, 6)],
         rtol=1e-4, atol=1e-5),
    Case("SpaceToDepth", lambda tf, x: tf.nn.space_to_depth(x, 2),
         lambda x: np_space_to_depth(x, 2), [F(2, 4, 6, 3)], grad=2),
    Case("SpaceToDepth", lambda tf, x: tf.compat.v1.space_to_depth(x, 3),
         lambda x: np_space_to_depth(x, 3), [I(1, 3, 6, 2)], name="int32-v1"),
    Case("DepthToSpace", lambda tf, x: tf.nn.depth_to_space(x, 2),
         lambda x: np_depth_to_space(x, 2), [F(2, 2, 3, 8)], grad=2),
]
