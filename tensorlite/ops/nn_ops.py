"""tf.nn's non-convolution ops: activations, softmax, bias_add, losses, normalization, dropout
and embedding lookup. Op records (kernel, shape rule, gradient) sit beside their wrappers;
composite functions build on public ops as TF's Python layer does.

Ops defined by other modules (exp, where, transpose, gather, random.uniform, ...) are looked
up in the public namespace when first called, because those modules import this one.
"""
import numbers

import numpy as np

from tensorlite.autodiff.grad_util import sum_array_to_shape
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import (OpDef, not_differentiable, register,
                                          register_array_gradient)
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import EagerTensor, SymbolicTensor, Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import array_ops, math_ops, shape_util
from tensorlite.ops.shape_util import same_as_first
from tensorlite.ops.shape_util import dims_text as _dims_text

__all__ = [
    "relu", "relu6", "elu", "selu", "softplus", "softsign", "leaky_relu", "gelu", "silu",
    "swish", "crelu", "sigmoid", "tanh", "softmax", "log_softmax", "bias_add", "l2_loss",
    "l2_normalize", "moments", "batch_normalization", "dropout", "embedding_lookup",
    "softmax_cross_entropy_with_logits", "sparse_softmax_cross_entropy_with_logits",
    "sigmoid_cross_entropy_with_logits", "weighted_cross_entropy_with_logits", "in_top_k",
]

FLOATS = _dtypes.FLOATING_TYPES
REAL = _dtypes.REAL_NUMBER_TYPES
SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717


def _tf():
    """The public namespace (imported on first use: the modules it loads import this one)."""
    import tensorlite
    return tensorlite


def _as_tensor(value, name=None, dtype=None):
    if isinstance(value, Tensor):
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


def _unary(op_type, kernel, allowed, grad=None, **attrs):
    return register(OpDef(op_type, kernel, same_as_first, grad, inputs=("features: T",),
                          outputs=("T",), type_attrs={"T": allowed}, default_attrs=attrs))


def _grad_op(op_type, kernel, allowed, second_input="features", **attrs):
    """TF's activation gradient ops: (gradients, features-or-outputs) -> backprops."""
    def shape(inputs, attrs):
        return shape_util.merge_shapes(inputs[0].shape, inputs[1].shape)
    return register(OpDef(op_type, kernel, shape, inputs=("gradients: T", f"{second_input}: T"),
                          outputs=("T",), type_attrs={"T": allowed}, default_attrs=attrs))


def _zeros_like(x):
    return _tf().zeros_like(x)


def _scalar(value, dtype):
    return convert_to_tensor(value, dtype=dtype)


# ------------------------------------------------------------------ Relu family

def _relu6_kernel(features):
    return np.clip(features, 0, 6).astype(features.dtype, copy=False)


def _elu_kernel(features):
    return np.where(features < 0, np.expm1(np.minimum(features, 0)), features)


def _selu_kernel(features):
    negative = SELU_ALPHA * np.expm1(np.minimum(features, 0))
    return (SELU_SCALE * np.where(features < 0, negative, features)).astype(features.dtype)


def _softplus_kernel(features):
    return np.logaddexp(np.zeros((), features.dtype), features)


def _leaky_relu_kernel(features, alpha=0.2):
    return np.where(features > 0, features, features * features.dtype.type(alpha))


RELU = _unary("Relu", lambda features: np.maximum(features, features.dtype.type(0)), REAL)
RELU6 = _unary("Relu6", _relu6_kernel, REAL)
ELU = _unary("Elu", _elu_kernel, FLOATS)
SELU = _unary("Selu", _selu_kernel, FLOATS)
SOFTPLUS = _unary("Softplus", _softplus_kernel, FLOATS)
SOFTSIGN = _unary("Softsign", lambda features: features / (1 + np.abs(features)), FLOATS)
LEAKY_RELU = _unary("LeakyRelu", _leaky_relu_kernel, FLOATS, alpha=0.2)

# TF's CPU kernel multiplies by the mask (gradients * (features > 0)); it is also ~10x
# faster than np.where here.
RELU_GRAD = _grad_op("ReluGrad", lambda gradients, features:
                     gradients * (features > 0), REAL)
RELU6_GRAD = _grad_op("Relu6Grad", lambda gradients, features: np.where(
    (features > 0) & (features < 6), gradients, gradients.dtype.type(0)), REAL)
ELU_GRAD = _grad_op("EluGrad", lambda gradients, outputs: np.where(
    outputs < 0, gradients * (outputs + 1), gradients), FLOATS, second_input="outputs")
SELU_GRAD = _grad_op("SeluGrad", lambda gradients, outputs: np.where(
    outputs < 0, gradients * (outputs + outputs.dtype.type(SELU_SCALE * SELU_ALPHA)),
    gradients * outputs.dtype.type(SELU_SCALE)).astype(gradients.dtype, copy=False),
    FLOATS, second_input="outputs")
LEAKY_RELU_GRAD = _grad_op("LeakyReluGrad", lambda gradients, features, alpha=0.2: np.where(
    features > 0, gradients, gradients * gradients.dtype.type(alpha)), FLOATS, alpha=0.2)


def _relu_grad(op, grad):
    return [apply(RELU_GRAD, (grad, op.outputs[0]))]


def _relu6_grad(op, grad):
    return [apply(RELU6_GRAD, (grad, op.outputs[0]))]


def _elu_grad(op, grad):
    return [apply(ELU_GRAD, (grad, op.outputs[0]))]


def _selu_grad(op, grad):
    return [apply(SELU_GRAD, (grad, op.outputs[0]))]


def _leaky_relu_grad(op, grad):
    return [apply(LEAKY_RELU_GRAD, (grad, op.inputs[0]), {"alpha": op.get_attr("alpha")})]


def _softplus_grad(op, grad):
    return [grad * _tf().sigmoid(op.inputs[0])]


def _softsign_grad(op, grad):
    denominator = 1 + math_ops.abs(op.inputs[0])
    return [grad / (denominator * denominator)]


def _piecewise_linear_grad_grad(opdef, **attr_names):
    """Gradient of ReluGrad-like ops: linear in `gradients`, flat in the second input."""
    def grad_fn(op, grad):
        attrs = {name: op.get_attr(name) for name in attr_names}
        x = op.inputs[1]
        return [apply(opdef, (grad, x), attrs), _zeros_like(x)]
    return grad_fn


def _exp_grad_grad(opdef):
    """Gradient of EluGrad/SeluGrad (TF's _EluGradGrad): where the output is negative the
    op is gradients * (y + c), so d/dy = gradients."""
    def grad_fn(op, grad):
        dy, y = op.inputs
        negative = math_ops.cast(math_ops.less(y, _scalar(0, y.dtype)), grad.dtype)
        return [apply(opdef, (grad, y)), grad * dy * negative]
    return grad_fn


RELU.grad = _relu_grad
register_array_gradient("Relu")(
    lambda op, grad: [RELU_GRAD.kernel(grad, op.outputs[0]._value)])
RELU6.grad = _relu6_grad
ELU.grad = _elu_grad
SELU.grad = _selu_grad
SOFTPLUS.grad = _softplus_grad
SOFTSIGN.grad = _softsign_grad
LEAKY_RELU.grad = _leaky_relu_grad
RELU_GRAD.grad = _piecewise_linear_grad_grad(RELU_GRAD)
RELU6_GRAD.grad = _piecewise_linear_grad_grad(RELU6_GRAD)
LEAKY_RELU_GRAD.grad = _piecewise_linear_grad_grad(LEAKY_RELU_GRAD, alpha=True)
ELU_GRAD.grad = _exp_grad_grad(ELU_GRAD)
SELU_GRAD.grad = _exp_grad_grad(SELU_GRAD)


def relu(features, name=None):
    return apply(RELU, (features,), name=name or "Relu")


def relu6(features, name=None):
    with name_scope(name, "Relu6", [features]) as scope:
        features = _as_tensor(features, "features")
        return apply(RELU6, (features,), name=scope or "Relu6")


def elu(features, name=None):
    return apply(ELU, (features,), name=name or "Elu")


def selu(features, name=None):
    return apply(SELU, (features,), name=name or "Selu")


def softplus(features, name=None):
    return apply(SOFTPLUS, (features,), name=name or "Softplus")


def softsign(features, name=None):
    return apply(SOFTSIGN, (features,), name=name or "Softsign")


def leaky_relu(features, alpha=0.2, name=None):
    with name_scope(name, "LeakyRelu", [features, alpha]) as scope:
        features = _as_tensor(features, "features")
        if features.dtype.is_integer:
            features = math_ops.cast(features, _dtypes.float32)
        if isinstance(alpha, np.ndarray):
            alpha = alpha.item()
        return apply(LEAKY_RELU, (features,), {"alpha": float(alpha)},
                     name=scope or "LeakyRelu")


def gelu(features, approximate=False, name=None):
    """Gaussian error linear unit, composed of public ops as TF does."""
    tf = _tf()
    with name_scope(name, "Gelu", [features]):
        features = _as_tensor(features, "features")
        if not features.dtype.is_floating:
            raise ValueError("`features.dtype` must be a floating point tensor."
                             f"Received:features.dtype={features.dtype}")
        if approximate:
            coeff = math_ops.cast(0.044715, features.dtype)
            cube = math_ops.pow(features, _scalar(3, features.dtype))
            return 0.5 * features * (1.0 + tf.tanh(
                0.7978845608028654 * (features + coeff * cube)))
        # TF writes erfc(-x / sqrt(2)); 1 + erf(x / sqrt(2)) is the same function.
        return 0.5 * features * (1.0 + tf.math.erf(
            features * math_ops.cast(0.7071067811865476, features.dtype)))


def silu(features, beta=1.0):
    """x * sigmoid(beta * x) (tf.nn.silu / tf.nn.swish); differentiated through its parts."""
    features = _as_tensor(features, "features")
    beta = math_ops.cast(_as_tensor(beta, "beta"), features.dtype)
    return features * _tf().sigmoid(beta * features)


swish = silu


def crelu(features, axis=-1, name=None):
    """relu(concat([x, -x], axis))."""
    with name_scope(name, "CRelu", [features]) as scope:
        features = _as_tensor(features, "features")
        c = _tf().concat([features, -features], axis, name=scope)
        return relu(c)


def sigmoid(x, name=None):
    """tf.nn.sigmoid: the same op as tf.sigmoid."""
    return _tf().sigmoid(x, name=name)


def tanh(x, name=None):
    """tf.nn.tanh: the same op as tf.tanh."""
    return _tf().tanh(x, name=name)


# ------------------------------------------------------------------ Softmax, LogSoftmax

def _softmax_kernel(logits):
    if logits.ndim < 1:
        raise errors.InvalidArgumentError(None, None, "logits must have >= 1 dimension, got []")
    # (ufunc reductions: np.max/np.sum add a Python-level wrapper per call)
    shifted = np.exp(logits - np.maximum.reduce(logits, axis=-1, keepdims=True))
    return shifted / np.add.reduce(shifted, axis=-1, keepdims=True)


def _log_softmax_kernel(logits):
    if logits.ndim < 1:
        raise errors.InvalidArgumentError(None, None, "logits must have >= 1 dimension, got []")
    shifted = logits - np.maximum.reduce(logits, axis=-1, keepdims=True)
    return shifted - np.log(np.add.reduce(np.exp(shifted), axis=-1, keepdims=True))


def _at_least_rank_1(inputs, attrs):
    shape = inputs[0].shape
    if shape.rank == 0:
        raise ValueError("Shape must be at least rank 1 but is rank 0")
    return shape


def _softmax_grad(op, grad):
    softmax_ = op.outputs[0]
    return [(grad - math_ops.reduce_sum(grad * softmax_, -1, keepdims=True)) * softmax_]


def _log_softmax_grad(op, grad):
    # exp(log_softmax(x)) is softmax(x); computing it as Softmax keeps this rule to our ops.
    softmax_ = apply(SOFTMAX, (op.inputs[0],))
    return [grad - math_ops.reduce_sum(grad, -1, keepdims=True) * softmax_]


def _softmax_array_grad(op, grad):
    softmax_ = op.outputs[0]._value
    return [(grad - np.sum(grad * softmax_, -1, keepdims=True, dtype=grad.dtype)) * softmax_]


SOFTMAX = register(OpDef("Softmax", _softmax_kernel, _at_least_rank_1, _softmax_grad,
                         inputs=("logits: T",), outputs=("T",), type_attrs={"T": FLOATS}))
register_array_gradient("Softmax")(_softmax_array_grad)
LOG_SOFTMAX = register(OpDef("LogSoftmax", _log_softmax_kernel, _at_least_rank_1,
                             _log_softmax_grad, inputs=("logits: T",), outputs=("T",),
                             type_attrs={"T": FLOATS}))


def _wrap_2d_function(inputs, opdef, default_name, dim, name):
    """Apply a last-axis op along `dim`, transposing `dim` to the end and back like TF."""
    inputs = _as_tensor(inputs)
    rank = inputs.shape.rank
    dim_value = shape_util.constant_value(dim) if isinstance(dim, Tensor) else dim
    if dim_value is not None:
        dim_value = int(dim_value)
    if dim_value == -1 or (rank is not None and dim_value == rank - 1):
        return apply(opdef, (inputs,), name=name or default_name)
    if rank is None or dim_value is None:
        raise ValueError(f"{default_name} along axis {dim} needs a tensor of known rank and a "
                         f"constant axis; got shape {inputs.shape}")
    if not -rank <= dim_value < rank:
        raise errors.InvalidArgumentError(
            None, None, f"`dim` must be in the range [{-rank}, {rank}) where {rank} is the "
            f"number of dimensions in the input. Received: dim={dim_value}")
    dim_value %= rank
    perm = list(range(rank))
    perm[dim_value], perm[-1] = perm[-1], perm[dim_value]
    transpose = _tf().transpose
    output = apply(opdef, (transpose(inputs, perm),), name=default_name)
    return transpose(output, perm, name=name)


def softmax(logits, axis=None, name=None):
    return _wrap_2d_function(logits, SOFTMAX, "Softmax", -1 if axis is None else axis, name)


def log_softmax(logits, axis=None, name=None):
    return _wrap_2d_function(logits, LOG_SOFTMAX, "LogSoftmax", -1 if axis is None else axis,
                             name)


# ------------------------------------------------------------------ BiasAdd, L2Loss


def _bias_add_kernel(value, bias, data_format="NHWC"):
    if value.ndim < 2:
        raise errors.InvalidArgumentError(
            None, None, f"Input tensor must be at least 2D: {_dims_text(value.shape)}")
    if bias.ndim != 1:
        raise errors.InvalidArgumentError(
            None, None, f"Biases must be 1D: {_dims_text(bias.shape)}")
    channels_first = data_format.startswith("NC")
    channels = value.shape[1] if channels_first else value.shape[-1]
    if bias.shape[0] != channels:
        raise errors.InvalidArgumentError(
            None, None, "Must provide as many biases as the last dimension of the input "
            f"tensor: {_dims_text(bias.shape)} vs. {_dims_text(value.shape)}")
    if channels_first:
        bias = bias.reshape((-1,) + (1,) * (value.ndim - 2))
    return value + bias


def _bias_add_shape(inputs, attrs):
    value, bias = inputs[0].shape, inputs[1].shape
    if value.rank is not None and value.rank < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {value.rank}")
    if bias.rank is not None and bias.rank != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {bias.rank}")
    if value.rank is None:
        return value
    dims = value.as_list()
    if bias.rank is not None:
        axis = 1 if attrs.get("data_format", "NHWC").startswith("NC") else -1
        dims[axis] = shape_util.merge_dims(dims[axis], bias.as_list()[0])
    return TensorShape(dims)


def _bias_add_grad_kernel(out_backprop, data_format="NHWC"):
    if out_backprop.ndim < 2:
        raise errors.InvalidArgumentError(
            None, None, f"Input tensor must be at least 2D: {_dims_text(out_backprop.shape)}")
    axis = 1 if data_format.startswith("NC") else out_backprop.ndim - 1
    axes = tuple(i for i in range(out_backprop.ndim) if i != axis)
    return np.sum(out_backprop, axis=axes, dtype=out_backprop.dtype)


def _bias_add_grad_shape(inputs, attrs):
    shape = inputs[0].shape
    if shape.rank is None:
        return TensorShape((None,))
    if shape.rank < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {shape.rank}")
    axis = 1 if attrs.get("data_format", "NHWC").startswith("NC") else -1
    return TensorShape((shape.as_list()[axis],))


def _bias_add_grad(op, grad):
    data_format = op.get_attr("data_format")
    return [grad, apply(BIAS_ADD_GRAD, (grad,), {"data_format": data_format})]


def _bias_add_grad_grad(op, grad):
    # The gradient of a channel sum is the channel vector broadcast back: BiasAdd onto zeros.
    data_format = op.get_attr("data_format")
    return [apply(BIAS_ADD, (_zeros_like(op.inputs[0]), grad), {"data_format": data_format})]


def _bias_add_array_grad(op, grad):
    return [grad, _bias_add_grad_kernel(grad, op.get_attr("data_format"))]


BIAS_ADD = register(OpDef("BiasAdd", _bias_add_kernel, _bias_add_shape, _bias_add_grad,
                          inputs=("value: T", "bias: T"), outputs=("T",),
                          type_attrs={"T": _dtypes.NUMBER_TYPES},
                          default_attrs={"data_format": "NHWC"}))
BIAS_ADD_GRAD = register(OpDef("BiasAddGrad", _bias_add_grad_kernel, _bias_add_grad_shape,
                               _bias_add_grad_grad, inputs=("out_backprop: T",),
                               outputs=("T",), type_attrs={"T": _dtypes.NUMBER_TYPES},
                               default_attrs={"data_format": "NHWC"}))


register_array_gradient("BiasAdd")(_bias_add_array_grad)


def bias_add(value, bias, data_format=None, name=None):
    """value + bias along the channel axis (the last one for N...C formats)."""
    with name_scope(name, "BiasAdd", [value, bias]) as scope:
        if data_format is not None:
            if data_format.startswith("NC"):
                data_format = "NCHW"
            elif data_format.startswith("N") and data_format.endswith("C"):
                data_format = "NHWC"
            else:
                raise ValueError("`data_format` must be of the form `N...C` or `NC...`. "
                                 f"Received: data_format={data_format}")
        value = _as_tensor(value, "input")
        bias = _as_tensor(bias, "bias", dtype=value.dtype)
        return apply(BIAS_ADD, (value, bias), {"data_format": data_format or "NHWC"},
                     name=scope or "BiasAdd")


def _l2_loss_kernel(t):
    return t.dtype.type(np.sum(np.square(t), dtype=t.dtype) / 2)


L2_LOSS = register(OpDef("L2Loss", _l2_loss_kernel, shape_util.scalar,
                         lambda op, grad: [op.inputs[0] * grad],
                         inputs=("t: T",), outputs=("T",), type_attrs={"T": FLOATS}))


def l2_loss(t, name=None):
    """sum(t ** 2) / 2."""
    return apply(L2_LOSS, (t,), name=name or "L2Loss")


# ------------------------------------------------------------------ cross entropy ops

def _is_zeros(tensor):
    """True for the zeros backprop feeds to unconnected outputs (skips dead gradient terms)."""
    from tensorlite.autodiff import grad_util
    if grad_util.is_zero(tensor):
        return True
    if isinstance(tensor, SymbolicTensor):
        return tensor.op.type in ("ZerosLike", "Zeros")
    return not np.any(tensor.numpy())


def _softmax_second_order(grad_grad, logits):
    """The gradient that reaches the logits through the `backprop` output (softmax - labels)."""
    softmax_ = apply(SOFTMAX, (logits,))
    return (grad_grad - math_ops.reduce_sum(grad_grad * softmax_, -1, keepdims=True)) * softmax_


def _xent_kernel(features, labels):
    if features.shape != labels.shape:
        try:
            shape = np.broadcast_shapes(features.shape, labels.shape)
        except ValueError:
            raise errors.InvalidArgumentError(
                None, None, "logits and labels must be broadcastable: logits_size="
                f"{_dims_text(features.shape)} labels_size={_dims_text(labels.shape)}") from None
        features, labels = np.broadcast_to(features, shape), np.broadcast_to(labels, shape)
    if features.ndim != 2:
        raise errors.InvalidArgumentError(
            None, None, "logits and labels must be either 2-dimensional, or broadcasted to be "
            f"2-dimensional")
    # log_softmax and softmax from one exponential (the backprop output is softmax - labels);
    # the temporaries are updated in place (this runs in every classifier's training step).
    shifted = features - np.maximum.reduce(features, axis=-1, keepdims=True)
    exp = np.exp(shifted)
    total = np.add.reduce(exp, axis=-1, keepdims=True)
    log_probs = np.subtract(shifted, np.log(total), out=shifted)
    loss = -np.add.reduce(np.multiply(labels, log_probs, out=log_probs), axis=-1,
                          dtype=features.dtype)
    backprop = np.divide(exp, total, out=exp)
    return loss, np.subtract(backprop, labels, out=backprop)


def _xent_shape(inputs, attrs):
    for t in inputs:
        if t.shape.rank is not None and t.shape.rank != 2:
            raise ValueError(f"Shape must be rank 2 but is rank {t.shape.rank}")
    shape = shape_util.broadcast(inputs[0].shape, inputs[1].shape)
    if shape.rank is None:
        return [TensorShape((None,)), TensorShape((None, None))]
    return [TensorShape(shape.as_list()[:1]), shape]


def _sum_to_shape_of(grad, like):
    """Sum `grad` over the axes where `like` (static shape) was broadcast to it."""
    shape, target = grad.shape, like.shape
    if not (shape.is_fully_defined() and target.is_fully_defined()) or shape == target:
        return grad
    axes = [i for i, (a, b) in enumerate(zip(shape.as_list(), target.as_list())) if a != b]
    return math_ops.reduce_sum(grad, axes, keepdims=True)


def _xent_grad(op, grad_loss, grad_grad):
    logits, labels = op.inputs
    grad_loss = array_ops.reshape(grad_loss, [-1, 1])
    grad_logits = grad_loss * op.outputs[1]
    # Labels usually need no gradient (data): skip it then (TF's skip_input_indices).
    want_labels = 1 not in op.skip_input_indices
    grad_labels = grad_loss * -apply(LOG_SOFTMAX, (logits,)) if want_labels else None
    if not _is_zeros(grad_grad):
        # TF drops the backprop output's dependence on the labels; we keep it (-grad_grad).
        grad_logits += _softmax_second_order(grad_grad, logits)
        if want_labels:
            grad_labels -= grad_grad
    return [_sum_to_shape_of(grad_logits, logits),
            None if grad_labels is None else _sum_to_shape_of(grad_labels, labels)]


def _xent_array_grad(op, grad_loss, grad_grad):
    if grad_grad is not None:
        return NotImplemented     # a gradient through `backprop` too: the symbolic rule
    logits, labels = op.inputs[0]._value, op.inputs[1]._value
    grad_loss = np.reshape(grad_loss, (-1, 1))
    grad_logits = grad_loss * op.outputs[1]._value
    grad_labels = None
    if 1 not in op.skip_input_indices:
        grad_labels = sum_array_to_shape(grad_loss * -_log_softmax_kernel(logits),
                                         np.shape(labels))
    return [sum_array_to_shape(grad_logits, np.shape(logits)), grad_labels]


def _sparse_xent_array_grad(op, grad_loss, grad_grad):
    if grad_grad is not None:
        return NotImplemented
    return [np.reshape(grad_loss, (-1, 1)) * op.outputs[1]._value, None]


SOFTMAX_XENT = register(OpDef(
    "SoftmaxCrossEntropyWithLogits", _xent_kernel, _xent_shape, _xent_grad,
    inputs=("features: T", "labels: T"), outputs=("T", "T"), type_attrs={"T": FLOATS}))


def _sparse_xent_kernel(features, labels):
    if features.ndim != 2:
        raise errors.InvalidArgumentError(
            None, None, f"logits must be 2-D, but got shape {_dims_text(features.shape)}")
    if labels.ndim != 1:
        raise errors.InvalidArgumentError(
            None, None, f"labels must be 1-D, but got shape {_dims_text(labels.shape)}")
    if features.shape[0] != labels.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, "logits and labels must have the same first dimension, got logits "
            f"shape {_dims_text(features.shape)} and labels shape {_dims_text(labels.shape)}")
    classes = features.shape[1]
    bad = (labels < 0) | (labels >= classes)
    if np.any(bad):
        value = labels[np.argmax(bad)]
        raise errors.InvalidArgumentError(
            None, None, f"Received a label value of {value} which is outside the valid range "
            f"of [0, {classes}).  Label values: {' '.join(str(v) for v in labels)}")
    log_probs = _log_softmax_kernel(features)
    rows = np.arange(labels.shape[0])
    loss = -log_probs[rows, labels]
    backprop = np.exp(log_probs)
    backprop[rows, labels] -= 1
    return loss, backprop


def _sparse_xent_shape(inputs, attrs):
    features, labels = inputs[0].shape, inputs[1].shape
    if features.rank is not None and features.rank != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {features.rank}")
    if labels.rank is not None and labels.rank != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {labels.rank}")
    batch = shape_util.merge_dims(features.as_list()[0] if features.rank else None,
                                  labels.as_list()[0] if labels.rank else None)
    classes = features.as_list()[1] if features.rank else None
    return [TensorShape((batch,)), TensorShape((batch, classes))]


def _sparse_xent_grad(op, grad_loss, grad_grad):
    logits = op.inputs[0]
    grad = array_ops.reshape(grad_loss, [-1, 1]) * op.outputs[1]
    if not _is_zeros(grad_grad):
        grad += _softmax_second_order(grad_grad, logits)
    return [grad, None]


SPARSE_SOFTMAX_XENT = register(OpDef(
    "SparseSoftmaxCrossEntropyWithLogits", _sparse_xent_kernel, _sparse_xent_shape,
    _sparse_xent_grad, inputs=("features: T", "labels: Tlabels"), outputs=("T", "T"),
    type_attrs={"T": FLOATS, "Tlabels": (_dtypes.int32, _dtypes.int64)}))


register_array_gradient("SoftmaxCrossEntropyWithLogits")(_xent_array_grad)
register_array_gradient("SparseSoftmaxCrossEntropyWithLogits")(_sparse_xent_array_grad)


def _ensure_xent_args(name, labels, logits):
    if labels is None or logits is None:
        raise ValueError(f"Both `labels` and `logits` must be provided for {name}"
                         f"Received: labels={labels} and logits={logits}")


def _flatten_outer_dims(tensor):
    """Reshape to [-1, last dimension], keeping the static shape where it is known."""
    shape = tensor.shape
    if shape.is_fully_defined():
        dims = shape.as_list()
        return array_ops.reshape(tensor, [int(np.prod(dims[:-1], dtype=np.int64)), dims[-1]])
    last = array_ops.shape(tensor)[-1]
    output = array_ops.reshape(tensor, array_ops.stack([-1, last]))
    if shape.rank is not None:
        dims = shape.as_list()
        outer = None if None in dims[:-1] else int(np.prod(dims[:-1], dtype=np.int64))
        output.set_shape([outer, dims[-1]])
    return output


def _low_precision(dtype):
    return dtype is _dtypes.float16 or dtype.name == "bfloat16"


_XENT_FAST_DTYPE_IDS = (id(_dtypes.float32), id(_dtypes.float64))


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """Softmax cross entropy between `labels` (a distribution per row) and `logits`.

    Gradients flow into the labels too (TF2's semantics).
    """
    if type(logits) is EagerTensor and type(labels) is EagerTensor and axis == -1 and \
            logits._dtype is labels._dtype and id(logits._dtype) in _XENT_FAST_DTYPE_IDS and \
            logits._value.ndim == 2 and logits._value.shape == labels._value.shape and \
            _context.executing_eagerly():
        # Eagerly, the op's own case (rank 2, one float dtype): nothing to cast or reshape.
        return apply(SOFTMAX_XENT, (logits, labels))[0]
    with name_scope(name, "softmax_cross_entropy_with_logits", [logits, labels]) as scope:
        logits = _as_tensor(logits, "logits")
        labels = _as_tensor(labels, "labels")
        precise = math_ops.cast(logits, _dtypes.float32) if _low_precision(logits.dtype) \
            else logits
        labels = math_ops.cast(labels, precise.dtype)
        if axis != -1:
            static_shape = logits.shape
            rank = static_shape.rank
            if rank is None:
                raise ValueError("softmax_cross_entropy_with_logits with axis != -1 needs "
                                 "logits of known rank")
            axis %= rank
            perm = [i for i in range(rank) if i != axis] + [axis]
            transpose = _tf().transpose
            precise, labels = transpose(precise, perm), transpose(labels, perm)
        if type(precise) is EagerTensor and type(labels) is EagerTensor and \
                np.ndim(precise._value) == 2 and \
                np.shape(labels._value) == np.shape(precise._value):
            # Eagerly, rank-2 inputs are what the op takes: no flattening, and the cost has
            # its final shape. (Graphs keep TF's ops: the result is TF's Reshape there.)
            cost, _ = apply(SOFTMAX_XENT, (precise, labels),
                            name=scope or "SoftmaxCrossEntropyWithLogits")
            return math_ops.cast(cost, logits.dtype) if _low_precision(logits.dtype) else cost
        input_shape = array_ops.shape(precise)
        cost, _ = apply(SOFTMAX_XENT, (_flatten_outer_dims(precise), _flatten_outer_dims(labels)),
                        name=scope or "SoftmaxCrossEntropyWithLogits")
        cost = array_ops.reshape(cost, input_shape[:-1])
        static_shape = logits.shape
        if isinstance(cost, SymbolicTensor) and static_shape.rank is not None:
            dims = static_shape.as_list()
            del dims[axis]
            cost.set_shape(dims)
        return math_ops.cast(cost, logits.dtype) if _low_precision(logits.dtype) else cost


def softmax_cross_entropy_with_logits_v1(labels=None, logits=None, dim=-1, name=None,
                                         axis=None):
    """TF1's spelling: no gradient flows into the labels."""
    dim = dim if axis is None else axis
    _ensure_xent_args("softmax_cross_entropy_with_logits", labels, logits)
    with name_scope(name, "softmax_cross_entropy_with_logits_sg", [logits, labels]) as scope:
        labels = _tf().stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits(labels=labels, logits=logits, axis=dim,
                                             name=scope)


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """Softmax cross entropy between integer class `labels` and `logits`."""
    _ensure_xent_args("sparse_softmax_cross_entropy_with_logits", labels, logits)
    with name_scope(name, "SparseSoftmaxCrossEntropyWithLogits", [labels, logits]):
        labels = _as_tensor(labels)
        logits = _as_tensor(logits)
        precise = math_ops.cast(logits, _dtypes.float32) \
            if logits.dtype is _dtypes.float16 else logits
        labels_shape, logits_shape = labels.shape, logits.shape
        fully_defined = labels_shape.is_fully_defined() and \
            logits_shape.rank is not None and TensorShape(
                logits_shape.as_list()[:-1]).is_fully_defined()
        if logits_shape.rank == 0:
            raise ValueError(f"`logits` cannot be a scalar. Received logits={logits}`")
        if logits_shape.rank is not None and labels_shape.rank is not None and \
                labels_shape.rank != logits_shape.rank - 1:
            raise ValueError(
                "`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: "
                f"labels.shape={labels_shape} of rank {labels_shape.rank} and "
                f"logits.shape={logits_shape} of rank {logits_shape.rank}")
        if fully_defined and labels_shape.as_list() != logits_shape.as_list()[:-1]:
            raise ValueError(
                "`labels.shape` must equal `logits.shape` except for the last dimension. "
                f"Received: labels.shape={labels_shape} and logits.shape={logits_shape}")
        op_name = name or "SparseSoftmaxCrossEntropyWithLogits"
        if logits_shape.rank == 2:
            cost, _ = apply(SPARSE_SOFTMAX_XENT, (precise, labels), name=op_name)
        else:
            dynamic_labels_shape = array_ops.shape(labels)
            flat_logits = _flatten_outer_dims(precise)
            flat_labels = array_ops.reshape(labels, [-1])
            cost, _ = apply(SPARSE_SOFTMAX_XENT, (flat_logits, flat_labels), name=op_name)
            cost = array_ops.reshape(cost, dynamic_labels_shape)
            if isinstance(cost, SymbolicTensor):
                cost.set_shape(labels_shape)
        return math_ops.cast(cost, _dtypes.float16) if logits.dtype is _dtypes.float16 \
            else cost


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """max(x, 0) - x * z + log(1 + exp(-|x|)): TF's overflow-free logistic loss."""
    _ensure_xent_args("sigmoid_cross_entropy_with_logits", labels, logits)
    tf = _tf()
    with name_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits = _as_tensor(logits, "logits")
        labels = _as_tensor(labels, "labels")
        if not labels.shape.is_compatible_with(logits.shape):
            raise ValueError("`logits` and `labels` must have the same shape, received "
                             f"({logits.shape} vs {labels.shape}).")
        zeros = tf.zeros_like(logits, dtype=logits.dtype)
        cond = math_ops.greater_equal(logits, zeros)
        relu_logits = tf.where(cond, logits, zeros)
        neg_abs_logits = tf.where(cond, -logits, logits)
        return math_ops.add(relu_logits - logits * labels,
                            tf.math.log1p(tf.exp(neg_abs_logits)), name=scope)


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None):
    """Logistic loss with the positive term weighted by `pos_weight` (TF's stable form)."""
    tf = _tf()
    with name_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits = _as_tensor(logits, "logits")
        labels = _as_tensor(labels, "labels")
        if not labels.shape.is_compatible_with(logits.shape):
            raise ValueError("`logits` and `labels` must have the same shape, received "
                             f"({logits.shape} vs {labels.shape}).")
        log_weight = 1 + (pos_weight - 1) * labels
        return math_ops.add((1 - labels) * logits,
                            log_weight * (tf.math.log1p(tf.exp(-math_ops.abs(logits))) +
                                          relu(-logits)), name=scope)


# ------------------------------------------------------------------ normalization

def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x ** 2, axis), epsilon))."""
    axis = dim if axis is None else axis
    tf = _tf()
    with name_scope(name, "l2_normalize", [x]) as scope:
        x = _as_tensor(x, "x")
        square_sum = math_ops.reduce_sum(tf.square(x), axis, keepdims=True)
        x_inv_norm = tf.math.rsqrt(
            math_ops.maximum(square_sum, _scalar(epsilon, square_sum.dtype)))
        return math_ops.multiply(x, x_inv_norm, name=scope)


def moments(x, axes, shift=None, keepdims=False, name=None):
    """Mean and variance of `x` over `axes`."""
    tf = _tf()
    with name_scope(name, "moments", [x, axes]):
        x = _as_tensor(x, "x")
        y = math_ops.cast(x, _dtypes.float32) if x.dtype is _dtypes.float16 else x
        mean = tf.reduce_mean(y, axes, keepdims=True, name="mean")
        variance = tf.reduce_mean(tf.math.squared_difference(y, tf.stop_gradient(mean)),
                                  axes, keepdims=True, name="variance")
        if not keepdims:
            mean = tf.squeeze(mean, axes)
            variance = tf.squeeze(variance, axes)
        if x.dtype is _dtypes.float16:
            return math_ops.cast(mean, _dtypes.float16), math_ops.cast(variance, _dtypes.float16)
        return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) * scale / sqrt(variance + epsilon) + offset, as TF composes it."""
    with name_scope(name, "batchnorm", [x, mean, variance, scale, offset]):
        x = _as_tensor(x, "x")
        inv = _tf().math.rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv *= scale
        shift = offset - mean * inv if offset is not None else -mean * inv
        return x * math_ops.cast(inv, x.dtype) + math_ops.cast(shift, x.dtype)


# ------------------------------------------------------------------ dropout

def _noise_shape(x, noise_shape):
    if noise_shape is None:
        return array_ops.shape(x)
    if isinstance(noise_shape, Tensor):
        return noise_shape
    try:
        noise = TensorShape(noise_shape)
    except (TypeError, ValueError):
        return noise_shape
    if x.shape.rank is not None and x.shape.rank == noise.rank:
        dims = [d if n is None and d is not None else n
                for d, n in zip(x.shape.as_list(), noise.as_list())]
        if None not in dims:
            return dims
    return noise_shape


def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zero each element with probability `rate`, scaling the rest by 1 / (1 - rate)."""
    tf = _tf()
    with name_scope(name, "dropout", [x]):
        is_rate_number = isinstance(rate, numbers.Real)
        if is_rate_number and (rate < 0 or rate >= 1):
            raise ValueError("`rate` must be a scalar tensor or a float in the range [0, 1). "
                             f"Received: rate={rate}")
        x = _as_tensor(x, "x")
        if not x.dtype.is_floating:
            raise ValueError("`x.dtype` must be a floating point tensor as `x` will be scaled. "
                             f"Received: x_dtype={x.dtype}")
        if is_rate_number and rate == 0:
            return x
        if not isinstance(rate, Tensor):
            if not is_rate_number:
                raise ValueError(f"`rate` must be a scalar or scalar tensor. Received: "
                                 f"rate={rate}")
            scale = convert_to_tensor(1 / (1 - rate), dtype=x.dtype)
            ret = math_ops.multiply(x, scale)
        else:
            if rate.shape.rank not in (0, None):
                raise ValueError(f"Shape {rate.shape} must have rank 0")
            if rate.dtype is not x.dtype:
                raise ValueError("`x.dtype` must be compatible with `rate.dtype`. "
                                 f"Received: x.dtype={x.dtype} and rate.dtype={rate.dtype}")
            one = convert_to_tensor(1, dtype=x.dtype)
            ret = math_ops.realdiv(x, math_ops.subtract(one, rate))
        random_tensor = tf.random.uniform(_noise_shape(x, noise_shape), dtype=x.dtype,
                                          seed=seed)
        keep_mask = math_ops.greater_equal(
            random_tensor, rate if isinstance(rate, Tensor) else _scalar(rate, x.dtype))
        ret = tf.where(keep_mask, ret, convert_to_tensor(0, dtype=x.dtype))
        if isinstance(ret, SymbolicTensor):
            ret.set_shape(x.shape)
        return ret


def dropout_v1(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """TF1's spelling: `keep_prob` (deprecated) or `rate`."""
    try:
        rate_from_keep_prob = 1. - keep_prob if keep_prob is not None else None
    except TypeError:
        raise ValueError("`keep_prob` must be a floating point number or Tensor. "
                         f"Received: keep_prob={keep_prob}") from None
    if rate is not None and rate_from_keep_prob is not None:
        raise ValueError("Cannot specify both 'keep_prob' and 'rate'.")
    rate = rate if rate is not None else rate_from_keep_prob
    if rate is None:
        raise ValueError(f"`rate` must be provided. Received: rate={rate}")
    return dropout(x, rate, noise_shape=noise_shape, seed=seed, name=name)


# ------------------------------------------------------------------ embedding_lookup

def _clip_by_norm(params, ids, max_norm):
    """TF's embedding max_norm: each embedding scaled to an L2 norm of at most max_norm."""
    if max_norm is None:
        return params
    tf = _tf()
    ids_rank, params_rank = ids.shape.rank, params.shape.rank
    axes = list(range(ids_rank, params_rank)) if ids_rank and params_rank is not None else \
        tf.range(array_ops.rank(ids), array_ops.rank(params))
    norm = tf.sqrt(math_ops.reduce_sum(params * params, axes, keepdims=True))
    max_norm = math_ops.cast(max_norm, params.dtype)
    return params * max_norm / math_ops.maximum(norm, max_norm)


def embedding_lookup_v1(params, ids, partition_strategy="mod", name=None,
                        validate_indices=True, max_norm=None):
    """Rows `ids` of `params`: a tensor, or a list of partitions (sharded by "mod" or "div")."""
    tf = _tf()
    if params is None:
        raise ValueError("params must be specified")
    if isinstance(params, (list, tuple)) and not params:
        raise ValueError("Length of params is currently 0. Need at least one param.")
    if not isinstance(params, (list, tuple)):
        params = [params]
    params = list(params)
    with name_scope(name, "embedding_lookup", params + [ids]) as scope:
        count = len(params)
        params = [p if isinstance(p, Tensor) else convert_to_tensor(p, name="params")
                  if not hasattr(p, "read_value") else p for p in params]
        ids = _as_tensor(ids, "ids")
        if count == 1:
            result = tf.gather(params[0], ids, name=scope)
            return array_ops.identity(_clip_by_norm(result, ids, max_norm))
        flat_ids = array_ops.reshape(ids, [-1])
        if partition_strategy == "mod":
            assignments = flat_ids % count
            new_ids = flat_ids // count
        elif partition_strategy == "div":
            sizes = [array_ops.shape(p, out_type=flat_ids.dtype)[0] for p in params]
            total = math_ops.reduce_sum(array_ops.stack(sizes))
            per_partition = total // count
            extras = total % count
            assignments = math_ops.maximum(flat_ids // (per_partition + 1),
                                           (flat_ids - extras) // per_partition)
            new_ids = tf.where(assignments < extras, flat_ids % (per_partition + 1),
                               (flat_ids - extras) % per_partition)
        else:
            raise ValueError(f"Unrecognized partition strategy: {partition_strategy}."
                             "Must be one of either `mod` or `div`.")
        # One gather on the concatenated partitions: row = partition offset + id within it.
        offsets, offset = [], 0
        for p in params:
            offsets.append(offset)
            rows_in_p = p.shape[0] if p.shape.rank else None
            offset = offset + (rows_in_p if rows_in_p is not None else
                               array_ops.shape(p, out_type=flat_ids.dtype)[0])
        offsets = array_ops.stack([convert_to_tensor(o, dtype=flat_ids.dtype)
                                   if not isinstance(o, Tensor) else o for o in offsets]) \
            if any(isinstance(o, Tensor) for o in offsets) else \
            np.array(offsets, dtype=flat_ids.dtype.as_numpy_dtype)
        rows = tf.gather(offsets, assignments) + new_ids
        result = tf.gather(tf.concat(params, 0), rows)
        element_shape = params[0].shape[1:]
        for p in params[1:]:
            element_shape = element_shape.merge_with(p.shape[1:])
        if element_shape.is_fully_defined():
            target = array_ops.shape(ids)
            result = array_ops.reshape(
                result, tf.concat([target, np.array(element_shape.as_list(), np.int32)], 0),
                name=scope)
        else:
            result = array_ops.reshape(
                result, tf.concat([array_ops.shape(ids), array_ops.shape(params[0])[1:]], 0),
                name=scope)
        if isinstance(result, SymbolicTensor):
            result.set_shape(ids.shape.concatenate(element_shape))
        return _clip_by_norm(result, ids, max_norm)


def embedding_lookup(params, ids, max_norm=None, name=None):
    """TF2's embedding_lookup: partitioned params are sharded by the "div" strategy."""
    return embedding_lookup_v1(params, ids, "div", name, max_norm=max_norm)


# ---------------------------------------------------------------------- in_top_k

def _in_top_k_kernel(predictions, targets, k):
    def invalid(message):
        return errors.InvalidArgumentError(None, None, message)
    if predictions.ndim != 2:
        raise invalid("predictions must be 2-dimensional")
    if targets.ndim != 1:
        raise invalid("targets must be 1-dimensional")
    if predictions.shape[0] != targets.shape[0]:
        raise invalid(f"First dimension of predictions {predictions.shape[0]} must match "
                      f"length of targets {targets.shape[0]}")
    if np.ndim(k) != 0:
        raise invalid(f"k must be 0-D, got shape {_dims_text(np.shape(k))}")
    classes = predictions.shape[1]
    # TF's tie rule: a target is in the top k when fewer than k predictions are strictly
    # greater; out-of-range targets and non-finite target predictions are never in it.
    in_range = (targets >= 0) & (targets < classes)
    if classes == 0:
        return in_range
    target_values = predictions[np.arange(targets.shape[0]), np.where(in_range, targets, 0)]
    greater = np.count_nonzero(predictions > target_values[:, None], axis=1)
    return in_range & np.isfinite(target_values) & (greater < k)


def _in_top_k_shape(inputs, attrs):
    predictions, targets, k = (t.shape for t in inputs)
    for shape, rank in ((predictions, 2), (targets, 1), (k, 0)):
        if shape.rank is not None and shape.rank != rank:
            raise ValueError(f"Shape must be rank {rank} but is rank {shape.rank}")
    batch = shape_util.merge_dims(predictions.as_list()[0] if predictions.rank else None,
                                  targets.as_list()[0] if targets.rank else None)
    return TensorShape((batch,))


IN_TOP_K = register(OpDef(
    "InTopKV2", _in_top_k_kernel, _in_top_k_shape, None,
    inputs=("predictions: float32", "targets: T", "k: T"), outputs=("bool",),
    type_attrs={"T": (_dtypes.int32, _dtypes.int64)}))
not_differentiable("InTopKV2")


def in_top_k_v1(predictions, targets, k, name=None):
    """TF1's `tf.compat.v1.nn.in_top_k(predictions, targets, k)`: whether each target's
    prediction is among the k largest of its row (ties all count as in)."""
    with name_scope(name, "in_top_k"):
        return apply(IN_TOP_K, (predictions, targets, k), name=name or "InTopKV2")


def in_top_k(targets, predictions, k, name=None):
    """`tf.math.in_top_k` / `tf.nn.in_top_k` (TF2's argument order)."""
    return in_top_k_v1(predictions, targets, k, name)
