"""Local response normalization (LRN, LRNGrad) and the NHWC block rearrangements
(SpaceToDepth, DepthToSpace, each the other's gradient): kernel, shape rule, gradient."""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.framework.errors import invalid_argument as _invalid

__all__ = ["local_response_normalization", "lrn", "space_to_depth", "depth_to_space"]

_LRN_TYPES = tuple(d for d in _dtypes.FLOATING_TYPES if d is not _dtypes.float64)
_LRN_DEFAULTS = {"depth_radius": 5, "bias": 1.0, "alpha": 1.0, "beta": 0.5}


def _window_sum(values, radius):
    """sum(values[..., d - radius : d + radius + 1]) along the last axis, clipped at edges."""
    depth = values.shape[-1]
    cumulative = np.concatenate([np.zeros(values.shape[:-1] + (1,), values.dtype),
                                 np.cumsum(values, axis=-1)], axis=-1)
    index = np.arange(depth)
    return cumulative[..., np.minimum(index + radius + 1, depth)] - \
        cumulative[..., np.maximum(index - radius, 0)]


def _lrn_kernel(input, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5):
    if input.ndim != 4:
        raise _invalid("in must be 4-dimensional")
    x = input.astype(np.float64)
    norm = bias + alpha * _window_sum(x * x, depth_radius)
    return (x * norm ** -beta).astype(input.dtype)


def _lrn_grad_kernel(input_grads, input_image, output_image, depth_radius=5, bias=1.0,
                     alpha=1.0, beta=0.5):
    if input_grads.ndim != 4 or input_image.ndim != 4 or output_image.ndim != 4:
        raise _invalid("inputs must be 4-dimensional")
    if not input_grads.shape == input_image.shape == output_image.shape:
        raise _invalid("input_grads, input_image, and out_image should have the same shape")
    # out_j = x_j * norm_j^-beta with norm_j = bias + alpha * sum_{i near j} x_i^2, so
    # dx_i = g_i norm_i^-beta - 2 alpha beta x_i sum_{j near i} g_j x_j norm_j^(-beta-1).
    g, x = input_grads.astype(np.float64), input_image.astype(np.float64)
    norm = bias + alpha * _window_sum(x * x, depth_radius)
    through_norm = _window_sum(g * x * norm ** (-beta - 1), depth_radius)
    return (g * norm ** -beta - 2 * alpha * beta * x * through_norm).astype(input_grads.dtype)


def _rank_4(inputs, attrs):
    return inputs[0].shape.with_rank(4)


def _lrn_grad(op, grad):
    attrs = {name: op.get_attr(name) for name in _LRN_DEFAULTS}
    return [apply(LRN_GRAD, (grad, op.inputs[0], op.outputs[0]), attrs)]


LRN = register(OpDef("LRN", _lrn_kernel, _rank_4, _lrn_grad, inputs=("input: T",),
                     type_attrs={"T": _LRN_TYPES}, default_attrs=_LRN_DEFAULTS))
# TF registers no gradient for LRNGrad.
LRN_GRAD = register(OpDef("LRNGrad", _lrn_grad_kernel, _rank_4,
                          inputs=("input_grads: T", "input_image: T", "output_image: T"),
                          type_attrs={"T": _LRN_TYPES}, default_attrs=_LRN_DEFAULTS))


def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):
    """input / (bias + alpha * sum of squares over 2*depth_radius+1 channels) ** beta."""
    attrs = {"depth_radius": int(depth_radius), "bias": float(bias), "alpha": float(alpha),
             "beta": float(beta)}
    return apply(LRN, (input,), attrs, name=name or "LRN")


lrn = local_response_normalization


# ------------------------------------------------------------------ SpaceToDepth, DepthToSpace

def _check_block(block_size, data_format, op_type):
    if block_size < 2:
        raise _invalid(f"Value for attr 'block_size' of {block_size} must be at least "
                       "minimum 2")
    if data_format != "NHWC":
        raise errors.UnimplementedError(
            None, None, f"tensorlite's {op_type} supports the NHWC data format only, not "
            f"{data_format}")


def _space_to_depth_kernel(input, block_size, data_format="NHWC"):
    _check_block(block_size, data_format, "SpaceToDepth")
    if input.ndim != 4:
        raise _invalid(f"Input rank should be: 4 instead of: {input.ndim}")
    n, h, w, c = input.shape
    if h % block_size or w % block_size:
        raise _invalid(f"Image width {w} and height {h} should be divisible by block_size: "
                       f"{block_size}")
    b = block_size
    blocks = input.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5)
    return np.ascontiguousarray(blocks).reshape(n, h // b, w // b, b * b * c)


def _depth_to_space_kernel(input, block_size, data_format="NHWC"):
    _check_block(block_size, data_format, "DepthToSpace")
    if input.ndim != 4:
        raise _invalid(f"Input rank should be: 4 instead of: {input.ndim}")
    n, h, w, c = input.shape
    b = block_size
    if c % (b * b):
        raise _invalid(f"Input depth dimension {c} should be divisible by: {b * b}")
    blocks = input.reshape(n, h, w, b, b, c // (b * b)).transpose(0, 1, 3, 2, 4, 5)
    return np.ascontiguousarray(blocks).reshape(n, h * b, w * b, c // (b * b))


def _divide(dim, block, what):
    if dim is None:
        return None
    if dim % block:
        raise ValueError(f"Dimension size must be evenly divisible by {block} but is {dim} "
                         f"for '{what}'")
    return dim // block


def _space_to_depth_shape(inputs, attrs):
    n, h, w, c = inputs[0].shape.with_rank(4).as_list()
    b = attrs["block_size"]
    return TensorShape([n, _divide(h, b, "height"), _divide(w, b, "width"),
                        None if c is None else c * b * b])


def _depth_to_space_shape(inputs, attrs):
    n, h, w, c = inputs[0].shape.with_rank(4).as_list()
    b = attrs["block_size"]
    return TensorShape([n, None if h is None else h * b, None if w is None else w * b,
                        _divide(c, b * b, "depth")])


def _block_attrs(op):
    return {"block_size": op.get_attr("block_size"), "data_format": op.get_attr("data_format")}


SPACE_TO_DEPTH = register(OpDef(
    "SpaceToDepth", _space_to_depth_kernel, _space_to_depth_shape,
    lambda op, grad: [apply(DEPTH_TO_SPACE, (grad,), _block_attrs(op))],
    inputs=("input: T",), type_attrs={"T": None}, default_attrs={"data_format": "NHWC"}))
DEPTH_TO_SPACE = register(OpDef(
    "DepthToSpace", _depth_to_space_kernel, _depth_to_space_shape,
    lambda op, grad: [apply(SPACE_TO_DEPTH, (grad,), _block_attrs(op))],
    inputs=("input: T",), type_attrs={"T": None}, default_attrs={"data_format": "NHWC"}))


def space_to_depth(input, block_size, data_format="NHWC", name=None):
    """Move each block_size x block_size spatial block into the channels (NHWC)."""
    with name_scope(name, "SpaceToDepth", [input]) as scope:
        return apply(SPACE_TO_DEPTH, (input,), {"block_size": int(block_size),
                     "data_format": data_format}, name=scope or "SpaceToDepth")


def depth_to_space(input, block_size, data_format="NHWC", name=None):
    """Move channel groups into block_size x block_size spatial blocks (NHWC)."""
    with name_scope(name, "DepthToSpace", [input]) as scope:
        return apply(DEPTH_TO_SPACE, (input,), {"block_size": int(block_size),
                     "data_format": data_format}, name=scope or "DepthToSpace")


# ------------------------------------------------------------------ ReverseSequence

def _reverse_sequence_kernel(input, seq_lengths, seq_dim, batch_dim=0):
    # TF's ReverseSequenceOp checks, in its order and words.
    if seq_lengths.ndim != 1:
        raise _invalid(f"seq_lengths must be 1-dim, not {seq_lengths.ndim}")
    if batch_dim == seq_dim:
        raise _invalid(f"batch_dim == seq_dim == {seq_dim}")
    if not 0 <= seq_dim < input.ndim:
        raise _invalid(f"seq_dim must be < input rank ( {seq_dim} vs. {input.ndim})")
    if not 0 <= batch_dim < input.ndim:
        raise _invalid(f"batch_dim must be < input rank ( {batch_dim} vs. {input.ndim})")
    if seq_lengths.shape[0] != input.shape[batch_dim]:
        raise _invalid(f"Length of seq_lengths != input.dims({batch_dim}), "
                       f"({seq_lengths.shape[0]} vs. {input.shape[batch_dim]})")
    steps = input.shape[seq_dim]
    for d, length in enumerate(seq_lengths):
        if length < 0:
            raise _invalid(f"seq_lens({d}) < 0")
        if length > steps:
            raise _invalid(f"seq_lens({d}) > input.dims({seq_dim})")
    # Row b reads step (length_b - 1 - t) for t < length_b and step t past its length.
    time = np.arange(steps)
    lengths = seq_lengths.astype(np.int64)[:, None]
    source = np.where(time < lengths, lengths - 1 - time, time)      # [batch, steps]
    moved = np.moveaxis(input, (batch_dim, seq_dim), (0, 1))
    index = source.reshape(source.shape + (1,) * (moved.ndim - 2))
    result = np.take_along_axis(moved, index, axis=1)
    return np.ascontiguousarray(np.moveaxis(result, (0, 1), (batch_dim, seq_dim)))


def _reverse_sequence_shape(inputs, attrs):
    shape = inputs[0].shape
    lengths = inputs[1].shape
    if lengths.rank not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {lengths.rank}")
    lengths = lengths.with_rank(1)
    if shape.rank is None:
        return shape
    batch_dim, seq_dim = attrs.get("batch_dim", 0), attrs["seq_dim"]
    if batch_dim >= shape.rank:
        raise ValueError(f"batch_dim must be < input rank: {batch_dim} vs. {shape.rank}")
    if seq_dim >= shape.rank:
        raise ValueError(f"seq_dim must be < input rank: {seq_dim} vs. {shape.rank}")
    dims = shape.as_list()
    batch, count = dims[batch_dim], lengths[0]
    if batch is not None and count is not None and batch != count:
        raise ValueError(f"Dimensions must be equal, but are {batch} and {count}")
    dims[batch_dim] = batch if batch is not None else count
    return TensorShape(dims)


def _reverse_sequence_grad(op, grad):
    # A permutation: the gradient permutes back (TF's _ReverseSequenceGrad).
    attrs = {"seq_dim": op.get_attr("seq_dim"), "batch_dim": op.get_attr("batch_dim")}
    return [apply(REVERSE_SEQUENCE, (grad, op.inputs[1]), attrs), None]


REVERSE_SEQUENCE = register(OpDef(
    "ReverseSequence", _reverse_sequence_kernel, _reverse_sequence_shape,
    _reverse_sequence_grad, inputs=("input: T", "seq_lengths: Tlen"),
    type_attrs={"T": None, "Tlen": (_dtypes.int32, _dtypes.int64)},
    default_attrs={"batch_dim": 0}))


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None):
    """Reverse the first seq_lengths[b] entries along seq_axis of each slice b of batch_axis.

    Exported as tf.reverse_sequence (not under tf.nn, as in TF).
    """
    if seq_axis is None:
        raise TypeError("Expected int for argument 'seq_dim' not None.")
    attrs = {"seq_dim": int(seq_axis), "batch_dim": 0 if batch_axis is None else int(batch_axis)}
    return apply(REVERSE_SEQUENCE, (input, seq_lengths), attrs, name=name or "ReverseSequence")
