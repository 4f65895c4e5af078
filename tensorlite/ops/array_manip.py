"""Array manipulation: concat, unstack, split, slice, transpose, expand_dims, squeeze, tile,
pad, reverse, fill/zeros/ones(_like), eye, linspace, one_hot, broadcast_to, sequence_mask,
shape_n and stop_gradient. Kernel, shape rule, gradient and wrapper side by side.
"""
import builtins
import math

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import math_ops, shape_util
from tensorlite.ops.array_ops import (INDEX_TYPES, identity, index_argument, range, rank, reshape,
                                      shape, size, stack)
from tensorlite.ops.shape_util import UNKNOWN, constant_value, same_as_first
from tensorlite.framework.errors import invalid_argument as _invalid
from tensorlite.ops.shape_util import dims_text as _dims_text

__all__ = ["concat", "unstack", "split", "slice", "transpose", "expand_dims", "squeeze", "tile",
           "pad", "reverse", "fill", "zeros", "ones", "zeros_like", "ones_like", "eye",
           "linspace", "one_hot", "broadcast_to", "sequence_mask", "shape_n", "stop_gradient"]

FLOATS = (_dtypes.bfloat16, _dtypes.float16, _dtypes.float32, _dtypes.float64) \
    if hasattr(_dtypes, "bfloat16") else (_dtypes.float16, _dtypes.float32, _dtypes.float64)


def _ints(value):
    return [int(v) for v in np.reshape(value, -1)]


def _is_tensor(value):
    return isinstance(value, Tensor)


# ------------------------------------------------------------------ ConcatV2

def _concat_kernel(*args):
    values, axis = args[:-1], int(args[-1])
    first = np.shape(values[0])
    ndim = len(first)
    if ndim == 0:
        raise _invalid("ConcatOp : Can't concatenate scalars (use tf.stack instead)")
    if not -ndim <= axis < ndim:
        raise _invalid(f"ConcatOp : Expected concatenating dimensions in the range "
                       f"[{-ndim}, {ndim}), but got {axis}")
    axis %= ndim
    for i, value in enumerate(values[1:], 1):
        other = np.shape(value)
        if len(other) != ndim:
            raise _invalid(f"ConcatOp : Ranks of all input tensors should match: shape[0] = "
                           f"{_dims_text(first)} vs. shape[{i}] = {_dims_text(other)}")
        for d in builtins.range(ndim):
            if d != axis and other[d] != first[d]:
                raise _invalid(f"ConcatOp : Dimension {d} in both shapes must be equal: "
                               f"shape[0] = {_dims_text(first)} vs. shape[{i}] = "
                               f"{_dims_text(other)}")
    return np.concatenate(values, axis=axis)


def _concat_shape(inputs, attrs):
    values = inputs[:-1]
    known = [t.shape for t in values if t.shape.rank is not None]
    if not known:
        return UNKNOWN
    ndim = known[0].rank
    for s in known:
        if s.rank != ndim:
            raise ValueError(f"Shape must be rank {ndim} but is rank {s.rank}")
    if ndim == 0:
        raise ValueError("Can't concatenate scalars (use tf.stack instead)")
    axis = constant_value(inputs[-1])
    if axis is None:
        return TensorShape((None,) * ndim)
    axis = int(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"Expected concatenating dimensions in the range [{-ndim}, {ndim}), "
                         f"but got {axis}")
    axis %= ndim
    dims = [None] * ndim
    total = 0
    for s in known:
        other = s.as_list()
        for d, value in enumerate(other):
            if d == axis:
                continue
            if dims[d] is None:
                dims[d] = value
            elif value is not None and value != dims[d]:
                # TF compares the shapes with the concatenation axis removed.
                merged = [v for i, v in enumerate(dims) if i != axis]
                rest = [v for i, v in enumerate(other) if i != axis]
                raise ValueError(f"Dimension {d - (d > axis)} in both shapes must be equal, "
                                 f"but are {dims[d]} and {value}. Shapes are "
                                 f"{shape_util.shape_text(TensorShape(merged))} and "
                                 f"{shape_util.shape_text(TensorShape(rest))}.")
    for t in values:
        along = t.shape.as_list()[axis] if t.shape.rank is not None else None
        total = None if total is None or along is None else total + along
    dims[axis] = total
    return TensorShape(tuple(dims))


def _concat_grad(op, grad):
    values = op.inputs[:-1]
    if len(values) == 1:
        return [grad, None]
    axis_tensor = op.inputs[-1]
    axis = constant_value(axis_tensor)
    ndim = values[0].shape.rank
    if axis is not None and ndim is not None:
        axis = int(axis) % ndim
        sizes = [v.shape.as_list()[axis] for v in values]
        if any(s is None for s in sizes):
            sizes = stack([shape(v)[axis] for v in values])
    else:
        axis = math_ops.floormod(math_ops.cast(axis_tensor, _dtypes.int32), rank(values[0]))
        sizes = stack([shape(v)[axis] for v in values])
    return split(grad, sizes, axis=axis) + [None]


CONCAT_V2 = register(OpDef("ConcatV2", _concat_kernel, _concat_shape, _concat_grad,
                           inputs=("values: N*T", "axis: Tidx"), outputs=("T",),
                           type_attrs={"T": None, "Tidx": INDEX_TYPES}))


def concat(values, axis, name="concat"):
    """Concatenate tensors along `axis` (a single tensor passes through an Identity)."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) == 1:
        with name_scope(name):
            axis_tensor = convert_to_tensor(axis, name="concat_dim", dtype=_dtypes.int32)
            if axis_tensor.shape.rank not in (None, 0):
                raise ValueError(f"Shape {axis_tensor.shape} must have rank 0")
            return identity(values[0], name=name)
    return apply(CONCAT_V2, list(values) + [axis], name=name or "concat")


# ------------------------------------------------------------------ Unpack

def _unpack_kernel(value, num, axis=0):
    ndim = np.ndim(value)
    if not -ndim <= axis < ndim:
        raise _invalid(f"axis = {axis} not in [{-ndim}, {ndim})")
    if np.shape(value)[axis] != num:
        raise _invalid(f"Input shape axis {axis % ndim} must equal {num}, got shape "
                       f"{_dims_text(np.shape(value))}")
    return list(np.moveaxis(value, axis, 0))


def _unpack_shape(inputs, attrs):
    num, axis = attrs["num"], attrs.get("axis", 0)
    source = inputs[0].shape
    if source.rank is None:
        return [UNKNOWN] * num
    dims = source.as_list()
    if not -len(dims) <= axis < len(dims):
        raise ValueError(f"axis = {axis} not in [{-len(dims)}, {len(dims)})")
    axis %= len(dims)
    shape_util.merge_dims(dims[axis], num)
    return [TensorShape(tuple(dims[:axis] + dims[axis + 1:]))] * num


UNPACK = register(OpDef(
    "Unpack", _unpack_kernel, _unpack_shape,
    lambda op, *grads: [stack(list(grads), axis=op.get_attr("axis"))],
    inputs=("value: T",), outputs=lambda attrs, types: [types["T"]] * attrs["num"],
    type_attrs={"T": None}, default_attrs={"axis": 0}))


def unstack(value, num=None, axis=0, name="unstack"):
    """Split `value` along `axis` into a list of tensors of one rank less."""
    if num is None:
        value = convert_to_tensor(value)
        value_shape = value.shape
        if value_shape.rank is not None:
            if axis < -value_shape.rank or axis >= value_shape.rank:
                raise ValueError(f"Argument `axis` = {axis} not in range "
                                 f"[{-value_shape.rank}, {value_shape.rank})")
            num = value_shape.as_list()[axis]
        if num is None:
            raise ValueError(f"Cannot infer argument `num` from shape {value_shape}")
    return apply(UNPACK, (value,), {"num": int(num), "axis": axis}, name=name or "unstack")


# ------------------------------------------------------------------ Split, SplitV

def _split_axis(axis, ndim):
    axis = int(axis)
    if not -ndim <= axis < ndim:
        raise _invalid(f"-input rank(-{ndim}) <= split_dim < input rank ({ndim}), but got "
                       f"{axis}")
    return axis % ndim


def _split_kernel(split_dim, value, num_split):
    axis = _split_axis(split_dim, np.ndim(value))
    length = np.shape(value)[axis]
    if length % num_split:
        raise _invalid(f"Number of ways to split should evenly divide the split dimension, "
                       f"but got split_dim {axis} (size = {length}) and num_split {num_split}")
    return np.split(value, num_split, axis=axis)


def _split_sizes(sizes, length):
    sizes = _ints(sizes)
    if sizes.count(-1) > 1:
        raise _invalid("There can only be one -1 in the input.")
    determined = sum(s for s in sizes if s != -1)
    if (-1 not in sizes and determined != length) or determined > length:
        raise _invalid("Determined shape must either match input shape along split_dim "
                       "exactly if fully specified, or be less than the size of the input "
                       f"along split_dim if not fully specified.  Got: {determined}")
    return [length - determined if s == -1 else s for s in sizes]


def _split_v_kernel(value, size_splits, split_dim, num_split):
    axis = _split_axis(split_dim, np.ndim(value))
    sizes = _split_sizes(size_splits, np.shape(value)[axis])
    if len(sizes) != num_split:
        raise _invalid(f"size_splits must have exactly num_split ({num_split}) elements, "
                       f"got {len(sizes)}")
    return np.split(value, np.cumsum(sizes)[:-1], axis=axis)


def _split_shapes(source, axis, sizes, num):
    """Output shapes of a split of `source` along `axis` into `sizes` (None: unknown)."""
    if source.rank is None:
        return [UNKNOWN] * num
    dims = source.as_list()
    if axis is None:
        return [TensorShape((None,) * len(dims))] * num
    axis = int(axis)
    if not -len(dims) <= axis < len(dims):
        raise ValueError(f"Dimension must be in range [{-len(dims)}, {len(dims)}), but is "
                         f"{axis}")
    axis %= len(dims)
    result = []
    for piece in sizes:
        out = list(dims)
        out[axis] = piece
        result.append(TensorShape(tuple(out)))
    return result


def _split_shape(inputs, attrs):
    num = attrs["num_split"]
    source = inputs[1].shape
    axis = constant_value(inputs[0])
    if axis is not None and source.rank is not None:
        length = source.as_list()[int(axis) % max(source.rank, 1)] \
            if -source.rank <= int(axis) < source.rank else None
        if length is not None and length % num:
            raise ValueError(f"Dimension size must be evenly divisible by {num} but is "
                             f"{length}\n\tNumber of ways to split should evenly divide the "
                             "split dimension")
        return _split_shapes(source, axis, [None if length is None else length // num] * num,
                             num)
    return _split_shapes(source, axis, [None] * num, num)


def _split_v_shape(inputs, attrs):
    num = attrs["num_split"]
    source = inputs[0].shape
    axis = constant_value(inputs[2])
    sizes = constant_value(inputs[1])
    pieces = [None] * num
    if sizes is not None and axis is not None and source.rank is not None and \
            -source.rank <= int(axis) < source.rank:
        sizes = _ints(sizes)
        length = source.as_list()[int(axis) % source.rank]
        if len(sizes) != num:
            raise ValueError(f"Length of size_splits should be equal to num_split: "
                             f"{len(sizes)} vs. {num}")
        if sizes.count(-1) > 1:
            raise ValueError("Only one dimensions can have a value of -1. Second one found "
                             "at dimension " + str([i for i, s in enumerate(sizes)
                                                   if s == -1][1]))
        if length is None:
            pieces = [None if s == -1 else s for s in sizes]
        else:
            determined = sum(s for s in sizes if s != -1)
            if (-1 not in sizes and determined != length) or determined > length:
                raise ValueError(f"can't split axis of size {length} into pieces of size "
                                 f"{_dims_text(sizes)}")
            pieces = [length - determined if s == -1 else s for s in sizes]
    return _split_shapes(source, axis, pieces, num)


SPLIT = register(OpDef(
    "Split", _split_kernel, _split_shape,
    lambda op, *grads: [None, concat(list(grads), op.inputs[0])],
    inputs=("split_dim: int32", "value: T"),
    outputs=lambda attrs, types: [types["T"]] * attrs["num_split"], type_attrs={"T": None}))

SPLIT_V = register(OpDef(
    "SplitV", _split_v_kernel, _split_v_shape,
    lambda op, *grads: [concat(list(grads), op.inputs[2]), None, None],
    inputs=("value: T", "size_splits: Tlen", "split_dim: int32"),
    outputs=lambda attrs, types: [types["T"]] * attrs["num_split"],
    type_attrs={"T": None, "Tlen": (_dtypes.int8, _dtypes.int32, _dtypes.int64)}))


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Split `value` into `num_or_size_splits` equal pieces (Split) or pieces of the given
    sizes (SplitV) along `axis`."""
    if isinstance(num_or_size_splits, (int, np.integer)) and \
            not isinstance(num_or_size_splits, bool):
        return apply(SPLIT, (axis, value), {"num_split": int(num_or_size_splits)},
                     name=name or "split")
    size_splits = convert_to_tensor(num_or_size_splits)
    if size_splits.shape.rank == 0:
        raise ValueError("Rank-0 tensors are not supported as the num_or_size_splits argument "
                         f"to split. Argument provided: {num_or_size_splits}")
    if num is None:
        dims = size_splits.shape.as_list() if size_splits.shape.rank else None
        num = dims[0] if dims else None
        if num is None:
            raise ValueError(f"Cannot infer argument `num` from shape {num_or_size_splits}")
    return apply(SPLIT_V, (value, size_splits, axis), {"num_split": int(num)},
                 name=name or "split")


# ------------------------------------------------------------------ Slice

def _slice_kernel(input, begin, size):
    begin, size = _ints(begin), _ints(size)
    dims = np.shape(input)
    if len(begin) != len(dims) or len(size) != len(dims):
        raise _invalid(f"Expected begin and size arguments to be 1-D tensors of size "
                       f"{len(dims)}, but got shapes [{len(begin)}] and [{len(size)}] "
                       "instead.")
    index = []
    for i, (b, s, d) in enumerate(zip(begin, size, dims)):
        if s == -1:
            s = d - b
        if not 0 <= b <= d:
            raise _invalid(f"Expected begin[{i}] in [0, {d}], but got {b}")
        if not 0 <= s <= d - b:
            raise _invalid(f"Expected size[{i}] in [0, {d - b}], but got {s}")
        index.append(builtins.slice(b, b + s))
    return input[tuple(index)]


def _slice_shape(inputs, attrs):
    source = inputs[0].shape
    begin, size = constant_value(inputs[1]), constant_value(inputs[2])
    ndim = source.rank
    if size is None:
        length = inputs[2].shape.as_list()[0] if inputs[2].shape.rank == 1 else None
        ndim = ndim if ndim is not None else length
        return UNKNOWN if ndim is None else TensorShape((None,) * ndim)
    size = _ints(size)
    if ndim is not None and len(size) != ndim:
        raise ValueError(f"Shape must be rank {ndim} but is rank {len(size)}")
    dims = source.as_list() if ndim is not None else [None] * len(size)
    begin = _ints(begin) if begin is not None else [None] * len(size)
    out = []
    for i, (b, s, d) in enumerate(zip(begin, size, dims)):
        if s != -1:
            out.append(s)
        else:
            out.append(None if d is None or b is None else d - b)
    return TensorShape(tuple(out))


def _slice_grad(op, grad):
    x, begin = op.inputs[0], op.inputs[1]
    before = begin
    after = shape(x, out_type=begin.dtype) - begin - shape(op.outputs[0], out_type=begin.dtype)
    return [pad(grad, stack([before, after], axis=1)), None, None]


SLICE = register(OpDef("Slice", _slice_kernel, _slice_shape, _slice_grad,
                       inputs=("input: T", "begin: Index", "size: Index"), outputs=("T",),
                       type_attrs={"T": None, "Index": INDEX_TYPES}))


def slice(input_, begin, size, name=None):
    """The `size`-shaped block of `input_` starting at `begin` (-1 in size: to the end)."""
    return apply(SLICE, (input_, index_argument(begin), index_argument(size)),
                 name=name or "Slice")


# ------------------------------------------------------------------ Transpose

def _check_perm(perm, ndim):
    perm = _ints(perm)
    if len(perm) != ndim:
        raise _invalid(f"transpose expects a vector of size {ndim}. But input(1) is a vector "
                       f"of size {len(perm)}")
    for p in perm:
        if not 0 <= p < ndim:
            raise _invalid(f"{p} is out of range [0 .. {ndim})")
    for d in builtins.range(ndim):
        if d not in perm:
            raise _invalid(f"{d} is missing from {{{','.join(str(p) for p in perm)}}}.")
    return perm


def _transpose_shape(inputs, attrs):
    source = inputs[0].shape
    perm = constant_value(inputs[1])
    if perm is None:
        length = inputs[1].shape.as_list()[0] if inputs[1].shape.rank == 1 else None
        ndim = source.rank if source.rank is not None else length
        return UNKNOWN if ndim is None else TensorShape((None,) * ndim)
    perm = _ints(perm)
    if source.rank is None:
        return TensorShape((None,) * len(perm))
    if len(perm) != source.rank:
        raise ValueError(f"Dimension must be {source.rank} but is {len(perm)}")
    dims = source.as_list()
    for p in perm:
        if not 0 <= p < len(dims):
            raise ValueError(f"{p} is out of range [0 .. {len(dims)})")
    return TensorShape(tuple(dims[p] for p in perm))


def _inverse_permutation(perm):
    value = constant_value(perm)
    if value is not None:
        return np.argsort(np.reshape(value, -1)).astype(perm.dtype.as_numpy_dtype)
    from tensorlite.ops.gather_scatter import scatter_nd
    return scatter_nd(expand_dims(perm, -1), range(0, size(perm, out_type=perm.dtype),
                                                   dtype=perm.dtype),
                      shape(perm, out_type=perm.dtype))


TRANSPOSE = register(OpDef(
    "Transpose", lambda x, perm: np.transpose(x, _check_perm(perm, np.ndim(x))),
    _transpose_shape,
    lambda op, grad: [transpose(grad, _inverse_permutation(op.inputs[1])), None],
    inputs=("x: T", "perm: Tperm"), outputs=("T",),
    type_attrs={"T": None, "Tperm": INDEX_TYPES}))

CONJUGATE_TRANSPOSE = register(OpDef(
    "ConjugateTranspose",
    lambda x, perm: np.conj(np.transpose(x, _check_perm(perm, np.ndim(x)))),
    _transpose_shape,
    lambda op, grad: [transpose(grad, _inverse_permutation(op.inputs[1]), conjugate=True),
                      None],
    inputs=("x: T", "perm: Tperm"), outputs=("T",),
    type_attrs={"T": None, "Tperm": INDEX_TYPES}))


def transpose(a, perm=None, conjugate=False, name="transpose"):
    """Permute the dimensions of `a` (reversed by default); conjugate complex values too
    when `conjugate` is set."""
    with name_scope(name, "transpose", [a]) as scope:
        if not _is_tensor(a):
            a = convert_to_tensor(a, name="a")
        opdef = CONJUGATE_TRANSPOSE if conjugate and a.dtype.is_complex else TRANSPOSE
        if perm is None:
            ndim = a.shape.rank
            if ndim is None:
                perm = range(rank(a) - 1, -1, -1)
            else:
                perm = np.arange(ndim - 1, -1, -1, dtype=np.int32)
        return apply(opdef, (a, index_argument(perm)), name=scope or "transpose")


# ------------------------------------------------------------------ ExpandDims, Squeeze

def _expand_dims_kernel(input, dim):
    values = _ints(dim)
    if len(values) != 1:
        raise _invalid(f"'dim' must be a tensor with a single value")
    axis, ndim = values[0], np.ndim(input)
    if not -ndim - 1 <= axis <= ndim:
        raise _invalid(f"Tried to expand dim index {axis} for tensor with {ndim} dimensions.")
    return np.expand_dims(input, axis)


def _expand_dims_shape(inputs, attrs):
    source = inputs[0].shape
    axis = constant_value(inputs[1])
    if source.rank is None:
        return UNKNOWN
    if axis is None:
        return TensorShape((None,) * (source.rank + 1))
    axis = _ints(axis)[0]
    ndim = source.rank
    if not -ndim - 1 <= axis <= ndim:
        raise ValueError(f"dim {axis} not in the interval [{-ndim - 1}, {ndim}].")
    if axis < 0:
        axis += ndim + 1
    dims = source.as_list()
    return TensorShape(tuple(dims[:axis] + [1] + dims[axis:]))


EXPAND_DIMS = register(OpDef(
    "ExpandDims", _expand_dims_kernel, _expand_dims_shape,
    lambda op, grad: [reshape(grad, shape(op.inputs[0])), None],
    inputs=("input: T", "dim: Tdim"), outputs=("T",),
    type_attrs={"T": None, "Tdim": INDEX_TYPES}))


def expand_dims(input, axis, name=None):
    """Insert a dimension of size 1 at `axis`."""
    return apply(EXPAND_DIMS, (input, index_argument(axis)), name=name or "ExpandDims")


def _squeeze_axes(dims, squeeze_dims, error):
    ndim = len(dims)
    axes = set()
    for axis in squeeze_dims:
        if not -ndim <= axis < ndim:
            raise error(f"Tried to squeeze dim index {axis} for tensor with {ndim} "
                        "dimensions.")
        axis %= ndim
        if dims[axis] is not None and dims[axis] != 1:
            raise error(f"Can not squeeze dim[{axis}], expected a dimension of 1, got "
                        f"{dims[axis]}")
        axes.add(axis)
    return axes


def _squeeze_kernel(input, squeeze_dims=()):
    dims = np.shape(input)
    if not squeeze_dims:
        return np.squeeze(input)
    return np.squeeze(input, axis=tuple(_squeeze_axes(dims, squeeze_dims, _invalid)))


def _squeeze_shape(inputs, attrs):
    source = inputs[0].shape
    squeeze_dims = list(attrs.get("squeeze_dims") or ())
    if source.rank is None:
        return UNKNOWN
    dims = source.as_list()
    if not squeeze_dims:
        if None in dims:
            return UNKNOWN
        return TensorShape(tuple(d for d in dims if d != 1))
    axes = _squeeze_axes(dims, squeeze_dims, ValueError)
    return TensorShape(tuple(d for i, d in enumerate(dims) if i not in axes))


SQUEEZE = register(OpDef(
    "Squeeze", _squeeze_kernel, _squeeze_shape,
    lambda op, grad: [reshape(grad, shape(op.inputs[0]))],
    inputs=("input: T",), outputs=("T",), type_attrs={"T": None},
    default_attrs={"squeeze_dims": []}))


def squeeze(input, axis=None, name=None):
    """Remove dimensions of size 1 (only those in `axis`, when given)."""
    if axis is None:
        axis = []
    elif np.isscalar(axis) or isinstance(axis, (int, np.integer)):
        axis = [axis]
    return apply(SQUEEZE, (input,), {"squeeze_dims": [int(a) for a in axis]},
                 name=name or "Squeeze")


# ------------------------------------------------------------------ Tile

def _tile_kernel(input, multiples):
    multiples = _ints(multiples)
    ndim = np.ndim(input)
    if len(multiples) != ndim:
        raise _invalid(f"Expected multiples argument to be a vector of length {ndim} but got "
                       f"length {len(multiples)}")
    for i, m in enumerate(multiples):
        if m < 0:
            raise _invalid(f"Expected multiples[{i}] >= 0, but got {m}")
    return np.tile(input, multiples) if ndim else np.array(input)


def _tile_shape(inputs, attrs):
    source = inputs[0].shape
    multiples = constant_value(inputs[1])
    if multiples is None:
        partial = shape_util.constant_value_as_shape(inputs[1])
        ndim = source.rank if source.rank is not None else partial.rank
        if ndim is None:
            return UNKNOWN
        dims = source.as_list() if source.rank is not None else [None] * ndim
        factors = partial.as_list() if partial.rank is not None else [None] * ndim
        return TensorShape(tuple(None if d is None or m is None else d * m
                                 for d, m in zip(dims, factors)))
    multiples = _ints(multiples)
    if source.rank is None:
        return TensorShape((None,) * len(multiples))
    if len(multiples) != source.rank:
        raise ValueError(f"Shape must be rank {source.rank} but is rank {len(multiples)}")
    return TensorShape(tuple(None if d is None else d * m
                             for d, m in zip(source.as_list(), multiples)))


def _tile_grad(op, grad):
    multiples = op.inputs[1]
    input_shape = shape(op.inputs[0], out_type=multiples.dtype)
    # Reshape to [m0, d0, m1, d1, ...] and sum the multiples away (TF's _TileGrad).
    split_shape = reshape(transpose(stack([multiples, input_shape])), [-1])
    axes = range(0, size(split_shape), 2)
    input_grad = math_ops.reduce_sum(reshape(grad, split_shape), axes)
    if not _context.executing_eagerly():
        input_grad.set_shape(op.inputs[0].shape)
    return [input_grad, None]


TILE = register(OpDef("Tile", _tile_kernel, _tile_shape, _tile_grad,
                      inputs=("input: T", "multiples: Tmultiples"), outputs=("T",),
                      type_attrs={"T": None, "Tmultiples": INDEX_TYPES}))


def tile(input, multiples, name=None):
    """Repeat `input` `multiples[i]` times along each dimension i."""
    return apply(TILE, (input, index_argument(multiples)), name=name or "Tile")


# ------------------------------------------------------------------ Pad, PadV2, MirrorPad

def _paddings(paddings, dims):
    array = np.asarray(paddings)
    if array.ndim != 2 or array.shape[0] != len(dims) or array.shape[1] != 2:
        raise _invalid(f"The first dimension of paddings must be the rank of inputs"
                       f"{_dims_text(array.shape)} {_dims_text(dims)}")
    pairs = [(int(a), int(b)) for a, b in array]
    for a, b in pairs:
        if a < 0 or b < 0:
            raise _invalid(f"Paddings must be non-negative: {a} {b}")
    return pairs


def _pad_kernel(input, paddings, constant_values=None):
    pairs = _paddings(paddings, np.shape(input))
    if constant_values is not None and np.ndim(constant_values) != 0:
        raise _invalid(f"constant_values must be a scalar. Got: "
                       f"{_dims_text(np.shape(constant_values))}")
    if not pairs:
        return np.array(input)
    if constant_values is None:
        constant_values = np.zeros((), dtype=np.asarray(input).dtype)
        if constant_values.dtype == object:
            constant_values = b""
    result = np.full([d + a + b for d, (a, b) in zip(np.shape(input), pairs)],
                     constant_values, dtype=np.asarray(input).dtype)
    result[tuple(builtins.slice(a, a + d) for d, (a, _) in zip(np.shape(input), pairs))] = input
    return result


def _mirror_pad_kernel(input, paddings, mode):
    dims = np.shape(input)
    pairs = _paddings(paddings, dims)
    for d, (a, b) in zip(dims, pairs):
        if mode == "REFLECT" and (a >= d or b >= d):
            raise _invalid(f"paddings must be less than the dimension size: {a}, {b} not less "
                           f"than {d}")
        if mode == "SYMMETRIC" and (a > d or b > d):
            raise _invalid(f"paddings must be no greater than the dimension size: {a}, {b} "
                           f"greater than {d}")
    if not pairs:
        return np.array(input)
    return np.pad(input, pairs, mode=mode.lower())


def _mirror_pad_grad_kernel(input, paddings, mode):
    """Fold the padded borders of a gradient back onto the positions they mirror."""
    pairs = [(int(a), int(b)) for a, b in np.asarray(paddings)]
    result = np.asarray(input)
    offset = 1 if mode == "REFLECT" else 0
    for axis, (a, b) in enumerate(pairs):
        g = np.moveaxis(result, axis, 0)
        n = g.shape[0] - a - b
        core = g[a:a + n].copy()
        if a:
            core[offset:offset + a] += g[:a][::-1]
        if b:
            core[n - offset - b:n - offset] += g[a + n:][::-1]
        result = np.moveaxis(core, 0, axis)
    return np.ascontiguousarray(result)


def _pad_shape(inputs, attrs):
    source = inputs[0].shape
    paddings = constant_value(inputs[1])
    paddings_shape = inputs[1].shape
    if paddings_shape.rank is not None and paddings_shape.rank != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {paddings_shape.rank}")
    if paddings is None:
        ndim = source.rank
        if ndim is None and paddings_shape.rank == 2:
            ndim = paddings_shape.as_list()[0]
        return UNKNOWN if ndim is None else TensorShape((None,) * ndim)
    paddings = np.reshape(paddings, (-1, 2)) if np.size(paddings) else np.zeros((0, 2))
    if source.rank is None:
        return TensorShape((None,) * len(paddings))
    if len(paddings) != source.rank:
        raise ValueError(f"Shape must be rank {len(paddings)} but is rank {source.rank}")
    return TensorShape(tuple(None if d is None else d + int(a) + int(b)
                             for d, (a, b) in zip(source.as_list(), paddings)))


def _pad_grad(op, grad):
    x, paddings = op.inputs[0], op.inputs[1]
    begin = reshape(slice(paddings, [0, 0], stack([rank(x), 1])), [-1])
    x_grad = slice(grad, begin, shape(x, out_type=paddings.dtype))
    return [x_grad, None] + ([None] if len(op.inputs) == 3 else [])


PAD = register(OpDef("Pad", _pad_kernel, _pad_shape, _pad_grad,
                     inputs=("input: T", "paddings: Tpaddings"), outputs=("T",),
                     type_attrs={"T": None, "Tpaddings": INDEX_TYPES}))
PAD_V2 = register(OpDef("PadV2", _pad_kernel, _pad_shape, _pad_grad,
                        inputs=("input: T", "paddings: Tpaddings", "constant_values: T"),
                        outputs=("T",), type_attrs={"T": None, "Tpaddings": INDEX_TYPES}))
MIRROR_PAD = register(OpDef(
    "MirrorPad", _mirror_pad_kernel, _pad_shape,
    lambda op, grad: [apply(MIRROR_PAD_GRAD, (grad, op.inputs[1]),
                            {"mode": op.get_attr("mode")}, name="MirrorPadGrad"), None],
    inputs=("input: T", "paddings: Tpaddings"), outputs=("T",),
    type_attrs={"T": None, "Tpaddings": INDEX_TYPES}))


def _mirror_pad_grad_shape(inputs, attrs):
    source = inputs[0].shape
    paddings = constant_value(inputs[1])
    if source.rank is None or paddings is None:
        return UNKNOWN if source.rank is None else TensorShape((None,) * source.rank)
    paddings = np.reshape(paddings, (-1, 2))
    return TensorShape(tuple(None if d is None else d - int(a) - int(b)
                             for d, (a, b) in zip(source.as_list(), paddings)))


MIRROR_PAD_GRAD = register(OpDef(
    "MirrorPadGrad", _mirror_pad_grad_kernel, _mirror_pad_grad_shape,
    lambda op, grad: [apply(MIRROR_PAD, (grad, op.inputs[1]), {"mode": op.get_attr("mode")},
                            name="MirrorPad"), None],
    inputs=("input: T", "paddings: Tpaddings"), outputs=("T",),
    type_attrs={"T": None, "Tpaddings": INDEX_TYPES}))


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """Pad `tensor` by paddings[i] = [before, after] along each dimension i."""
    mode = mode.upper()
    paddings = index_argument(paddings)
    if mode == "CONSTANT":
        if not _is_tensor(constant_values) and np.ndim(constant_values) == 0 and \
                constant_values == np.zeros_like(constant_values):
            result = apply(PAD, (tensor, paddings), name=name or "Pad")
        else:
            if not _is_tensor(constant_values) and _is_tensor(tensor):
                constant_values = convert_to_tensor(constant_values, dtype=tensor.dtype)
            result = apply(PAD_V2, (tensor, paddings, constant_values), name=name or "PadV2")
    elif mode in ("REFLECT", "SYMMETRIC"):
        result = apply(MIRROR_PAD, (tensor, paddings), {"mode": mode},
                       name=name or "MirrorPad")
    else:
        raise ValueError('Value of argument `mode` expected to be one of "CONSTANT", '
                         f'"REFLECT", or "SYMMETRIC". Received `mode` = {mode}')
    return result


# ------------------------------------------------------------------ ReverseV2

def _reverse_kernel(tensor, axis):
    ndim = np.ndim(tensor)
    axes = []
    for i, a in enumerate(_ints(axis)):
        if not -ndim <= a < ndim:
            raise _invalid(f"'axis'[{i}] = {a} is out of valid range [0, {ndim - 1}")
        a %= ndim
        if a in axes:
            raise _invalid(f"axis {a} specified more than once.")
        axes.append(a)
    return np.flip(tensor, axis=tuple(axes)).copy() if axes else np.array(tensor)


def _reverse_shape(inputs, attrs):
    source = inputs[0].shape
    axis = constant_value(inputs[1])
    if axis is not None and source.rank is not None:
        try:
            _reverse_kernel(np.zeros([0] * source.rank), axis)
        except errors.InvalidArgumentError as error:
            raise ValueError(error.message) from None
    return source


REVERSE_V2 = register(OpDef(
    "ReverseV2", _reverse_kernel, _reverse_shape,
    lambda op, grad: [reverse(grad, op.inputs[1]), None],
    inputs=("tensor: T", "axis: Tidx"), outputs=("T",),
    type_attrs={"T": None, "Tidx": INDEX_TYPES}))


def reverse(tensor, axis, name=None):
    """Reverse `tensor` along each dimension in `axis`."""
    return apply(REVERSE_V2, (tensor, index_argument(axis)), name=name or "ReverseV2")


# ------------------------------------------------------------------ Fill, zeros, ones

def _fill_kernel(dims, value):
    if np.ndim(dims) != 1:
        raise _invalid(f"dims must represent a vector, got shape {_dims_text(np.shape(dims))}")
    if np.ndim(value) != 0:
        raise _invalid(f"value must represent a scalar, got shape "
                       f"{_dims_text(np.shape(value))}")
    dims = _ints(dims)
    for d in dims:
        if d < 0:
            raise _invalid(f"Dimension {d} must be >= 0")
    return np.full(dims, value, dtype=np.asarray(value).dtype)


def _fill_shape(inputs, attrs):
    if inputs[1].shape.rank not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {inputs[1].shape.rank}")
    if inputs[0].shape.rank not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {inputs[0].shape.rank}")
    return shape_util.constant_value_as_shape(inputs[0])


FILL = register(OpDef("Fill", _fill_kernel, _fill_shape,
                      lambda op, grad: [None, math_ops.reduce_sum(grad)],
                      inputs=("dims: index_type", "value: T"), outputs=("T",),
                      type_attrs={"T": None, "index_type": INDEX_TYPES}))


def fill(dims, value, name=None):
    """A tensor of shape `dims` filled with the scalar `value`."""
    return apply(FILL, (index_argument(dims), value), name=name or "Fill")


def _filled(shape_value, dtype, name, value, default_name):
    dtype = _dtypes.as_dtype(dtype)
    with name_scope(name, default_name, [shape_value]) as scope:
        if dtype is _dtypes.bool:
            scalar = bool(value)
        elif dtype is _dtypes.string:
            scalar = b"" if value == 0 else value
        else:
            scalar = value
        if not _is_tensor(shape_value):
            try:
                static = TensorShape(shape_value)
                if not static.is_fully_defined():
                    raise ValueError("partially known shape")
                dims = static.as_list()
                if not _context.executing_eagerly() and math.prod(dims) < 1000:
                    return convert_to_tensor(np.full(dims, scalar, dtype=dtype.as_numpy_dtype),
                                             name=scope or default_name)
                shape_value = np.array(dims, dtype=np.int32 if all(
                    d < 2**31 for d in dims) else np.int64)
            except (TypeError, ValueError):
                shape_value = convert_to_tensor(shape_value, dtype=_dtypes.int32)
        if not _is_tensor(shape_value) and np.ndim(shape_value) == 0:
            shape_value = np.reshape(shape_value, [-1])
        elif _is_tensor(shape_value) and shape_value.shape.rank == 0:
            shape_value = reshape(shape_value, [-1])
        return apply(FILL, (shape_value, convert_to_tensor(scalar, dtype=dtype)),
                     name=scope or default_name)


def zeros(shape, dtype=_dtypes.float32, name=None):
    """A tensor of `shape` filled with zeros (a constant in graphs when small, as in TF)."""
    return _filled(shape, dtype, name, 0, "zeros")


def ones(shape, dtype=_dtypes.float32, name=None):
    """A tensor of `shape` filled with ones."""
    return _filled(shape, dtype, name, 1, "ones")


def _like_kernel(fill_value):
    def kernel(x):
        if np.asarray(x).dtype == object:
            return np.full(np.shape(x), b"" if fill_value == 0 else fill_value, dtype=object)
        return np.full(np.shape(x), fill_value, dtype=np.asarray(x).dtype)
    return kernel


ZEROS_LIKE = register(OpDef("ZerosLike", _like_kernel(0), same_as_first, inputs=("x: T",),
                            outputs=("T",), type_attrs={"T": None}))
ONES_LIKE = register(OpDef("OnesLike", _like_kernel(1), same_as_first, inputs=("x: T",),
                           outputs=("T",), type_attrs={"T": None}))
not_differentiable("ZerosLike")
not_differentiable("OnesLike")


def _like(input, dtype, name, opdef, make, default_name):
    with name_scope(name, default_name, [input]) as scope:
        if not _is_tensor(input):
            input = convert_to_tensor(input, name="tensor")
        dtype = _dtypes.as_dtype(dtype) if dtype is not None else None
        if not _context.executing_eagerly() and input.shape.is_fully_defined():
            return make(input.shape.as_list(), dtype or input.dtype, name=scope)
        if dtype is not None and dtype is not input.dtype:
            return make(shape(input), dtype, name=scope)
        return apply(opdef, (input,), name=scope or default_name)


def zeros_like(input, dtype=None, name=None):
    """Zeros with the shape (and, by default, dtype) of `input`."""
    return _like(input, dtype, name, ZEROS_LIKE, zeros, "zeros_like")


def ones_like(input, dtype=None, name=None):
    """Ones with the shape (and, by default, dtype) of `input`."""
    return _like(input, dtype, name, ONES_LIKE, ones, "ones_like")


def eye(num_rows, num_columns=None, batch_shape=None, dtype=_dtypes.float32, name=None):
    """Identity matrices of shape batch_shape + [num_rows, num_columns].

    Built from a comparison of two ranges rather than TF's MatrixDiag ops (same value).
    """
    with name_scope(name, "eye", [num_rows, num_columns, batch_shape]):
        dtype = _dtypes.as_dtype(dtype)
        num_columns = num_rows if num_columns is None else num_columns
        for value in (num_rows, num_columns):
            if not _is_tensor(value) and (not isinstance(value, (int, np.integer)) or
                                          isinstance(value, bool)):
                raise TypeError("Arguments `num_rows` and `num_columns` must be positive "
                                f"integer values. Received: num_rows={num_rows}, "
                                f"num_columns={num_columns}")
        rows = expand_dims(range(0, num_rows), -1)
        matrix = math_ops.cast(math_ops.equal(rows, range(0, num_columns)), dtype)
        if batch_shape is None or (not _is_tensor(batch_shape) and len(batch_shape) == 0):
            return matrix
        full_shape = concat([convert_to_tensor(batch_shape, dtype=_dtypes.int32),
                             shape(matrix)], 0)
        return broadcast_to(matrix, full_shape)


# ------------------------------------------------------------------ LinSpace

def _lin_space_kernel(start, stop, num):
    num = int(num)
    if num < 0:
        raise _invalid(f"Requires num > 0: {num}")
    return np.linspace(start, stop, num, dtype=np.asarray(start).dtype)


def _lin_space_shape(inputs, attrs):
    for t in inputs:
        if t.shape.rank not in (None, 0):
            raise ValueError(f"Shape must be rank 0 but is rank {t.shape.rank}")
    num = constant_value(inputs[2])
    return TensorShape((None if num is None else int(num),))


def _lin_space_grad(op, grad):
    # TF's LinSpace op has no gradient, but tf.linspace (a composite in TF 2) is
    # differentiable in start and stop: out[i] = start + (stop - start) * i / (num - 1).
    dtype = grad.dtype
    num = op.inputs[2]
    steps = math_ops.cast(range(0, num), dtype)
    last = math_ops.cast(math_ops.maximum(num - 1, 1), dtype)
    fraction = steps / last
    grad_stop = math_ops.reduce_sum(grad * fraction)
    return [math_ops.reduce_sum(grad) - grad_stop, grad_stop, None]


LIN_SPACE = register(OpDef("LinSpace", _lin_space_kernel, _lin_space_shape, _lin_space_grad,
                           inputs=("start: T", "stop: T", "num: Tidx"), outputs=("T",),
                           type_attrs={"T": FLOATS, "Tidx": INDEX_TYPES}))


def linspace(start, stop, num, name=None, axis=0):
    """`num` evenly spaced values from `start` to `stop` (both included) along `axis`.

    Integer start/stop give float64, as in TF. Scalars use one LinSpace op; N-d start/stop
    broadcast against each other.
    """
    with name_scope(name, "linspace", [start, stop]) as scope:
        start = convert_to_tensor(start, name="start")
        stop = convert_to_tensor(stop, name="stop", dtype=start.dtype)
        if not start.dtype.is_floating:
            start = math_ops.cast(start, _dtypes.float64)
            stop = math_ops.cast(stop, _dtypes.float64)
        if start.shape.rank == 0 and stop.shape.rank == 0 and axis in (0, -1):
            return apply(LIN_SPACE, (start, stop, num), name=scope or "linspace")
        start = start + zeros_like(stop)
        stop = stop + zeros_like(start)
        if start.shape.rank is None:
            if axis not in (0, -1):
                raise ValueError("linspace along an axis other than the first or the last "
                                 "needs start and stop of known rank")
            fraction = apply(LIN_SPACE, (np.zeros((), start.dtype.as_numpy_dtype),
                                         np.ones((), start.dtype.as_numpy_dtype), num))
            if axis == 0:     # the fractions broadcast as [num, 1, 1, ...]
                ones = fill(expand_dims(rank(start), 0), np.int32(1))
                fraction = reshape(fraction, concat([np.array([-1], np.int32), ones], 0))
            first, last = expand_dims(start, axis), expand_dims(stop, axis)
            return math_ops.add(first, (last - first) * fraction, name=scope or "linspace")
        ndim = start.shape.rank + 1
        axis = axis + ndim if axis < 0 else axis
        fraction = apply(LIN_SPACE, (np.zeros((), start.dtype.as_numpy_dtype),
                                     np.ones((), start.dtype.as_numpy_dtype), num))
        fraction = reshape(fraction, [1] * axis + [-1] + [1] * (ndim - 1 - axis))
        first, last = expand_dims(start, axis), expand_dims(stop, axis)
        return math_ops.add(first, (last - first) * fraction, name=scope or "linspace")


# ------------------------------------------------------------------ OneHot

def _one_hot_kernel(indices, depth, on_value, off_value, axis=-1):
    depth = int(depth)
    if depth < 0:
        raise _invalid(f"depth must be non-negative, got: {depth}")
    ndim = np.ndim(indices)
    if not -1 <= axis <= ndim:
        raise _invalid(f"Expected axis to be -1 or between [0, {ndim + 1}).  But received: "
                       f"{axis}")
    mask = np.expand_dims(indices, -1) == np.arange(depth)
    result = np.where(mask, on_value, off_value).astype(np.asarray(on_value).dtype)
    return result if axis == -1 else np.moveaxis(result, -1, axis)


def _one_hot_shape(inputs, attrs):
    source = inputs[0].shape
    depth = constant_value(inputs[1])
    axis = attrs.get("axis", -1)
    if source.rank is None:
        return UNKNOWN
    dims = source.as_list()
    if not -1 <= axis <= len(dims):
        raise ValueError(f"Expected axis to be -1 or between [0, {len(dims) + 1}).  But "
                         f"received: {axis}")
    axis = len(dims) if axis == -1 else axis
    return TensorShape(tuple(dims[:axis] + [None if depth is None else int(depth)] +
                             dims[axis:]))


ONE_HOT = register(OpDef(
    "OneHot", _one_hot_kernel, _one_hot_shape,
    inputs=("indices: TI", "depth: int32", "on_value: T", "off_value: T"), outputs=("T",),
    type_attrs={"T": None, "TI": (_dtypes.uint8, _dtypes.int8, _dtypes.int32, _dtypes.int64)},
    default_attrs={"axis": -1}))
not_differentiable("OneHot")


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot rows: `on_value` where indices[...] == j, else `off_value` (index -1 or out
    of range gives an all-off row)."""
    with name_scope(name, "one_hot", [indices, depth, on_value, off_value, axis, dtype]) \
            as scope:
        dtype = _dtypes.as_dtype(dtype) if dtype is not None else None
        if on_value is not None:
            on_value = convert_to_tensor(on_value, dtype_hint=dtype)
        if off_value is not None:
            off_value = convert_to_tensor(off_value, dtype_hint=dtype)
        on_dtype = on_value.dtype if on_value is not None else None
        off_dtype = off_value.dtype if off_value is not None else None
        if on_value is not None or off_value is not None:
            if dtype is not None:
                if on_value is not None and on_dtype is not dtype:
                    raise TypeError(f"dtype {on_dtype!r} of on_value does not match dtype "
                                    f"parameter {dtype!r}")
                if off_value is not None and off_dtype is not dtype:
                    raise TypeError(f"dtype {off_dtype!r} of off_value does not match dtype "
                                    f"parameter {dtype!r}")
            else:
                dtype = on_dtype if on_value is not None else off_dtype
        elif dtype is None:
            dtype = _dtypes.float32
        if on_value is None:
            on_value = convert_to_tensor(1, dtype, name="on_value")
            on_dtype = dtype
        if off_value is None:
            off_value = convert_to_tensor(0, dtype, name="off_value")
            off_dtype = dtype
        if on_dtype is not off_dtype:
            raise TypeError(f"dtype {on_dtype!r} of on_value does not match dtype "
                            f"{off_dtype!r} of off_value")
        return apply(ONE_HOT, (indices, depth, on_value, off_value),
                     {"axis": -1 if axis is None else int(axis)}, name=scope or "one_hot")


# ------------------------------------------------------------------ BroadcastTo

def _broadcast_to_kernel(input, shape):
    target = _ints(shape)
    source = np.shape(input)
    if len(source) > len(target):
        raise _invalid(f"Rank of input ({len(source)}) must be no greater than rank of output "
                       f"shape ({len(target)}).")
    for s, t in zip(source[::-1], target[::-1]):
        if s != t and s != 1:
            raise _invalid(f"Incompatible shapes: {_dims_text(source)} vs. "
                           f"{_dims_text(target)}")
    return np.array(np.broadcast_to(input, target))


def _broadcast_to_shape(inputs, attrs):
    target = shape_util.constant_value_as_shape(inputs[1])
    source = inputs[0].shape
    if target.rank is None or source.rank is None:
        return target
    if source.rank > target.rank:
        raise ValueError(f"Rank of input ({source.rank}) must be no greater than rank of "
                         f"output shape ({target.rank}).")
    dims = target.as_list()
    offset = target.rank - source.rank
    for i, s in enumerate(source.as_list()):
        t = dims[offset + i]
        if s is not None and t is not None and s != 1 and s != t:
            raise ValueError(f"Dimensions must be equal, but are {s} and {t}")
    return target


def reduce_to_shape(grad, target_shape):
    """Sum `grad` over the dimensions broadcasting added to reach it from `target_shape`.

    TF's BroadcastGradientArgs + Sum + Reshape, with the axes computed statically when the
    shapes are known and with Where/Equal on the shape tensors otherwise.
    """
    target = constant_value(target_shape)
    if target is not None and grad.shape.is_fully_defined():
        target = _ints(target)
        source = grad.shape.as_list()
        if source == target:
            return grad
        offset = len(source) - len(target)
        axes = [i for i, d in enumerate(source)
                if i < offset or (target[i - offset] == 1 and d != 1)]
        summed = math_ops.reduce_sum(grad, np.array(axes, dtype=np.int32), keepdims=True) \
            if axes else grad
        return reshape(summed, target)
    from tensorlite.ops.gather_scatter import where
    target_shape = math_ops.cast(target_shape, _dtypes.int32)
    missing = rank(grad) - size(target_shape)
    padded = concat([ones(expand_dims(missing, 0), _dtypes.int32), target_shape], 0)
    axes = reshape(where(math_ops.equal(padded, 1)), [-1])
    return reshape(math_ops.reduce_sum(grad, axes, keepdims=True), target_shape)


BROADCAST_TO = register(OpDef(
    "BroadcastTo", _broadcast_to_kernel, _broadcast_to_shape,
    lambda op, grad: [reduce_to_shape(grad, shape(op.inputs[0])), None],
    inputs=("input: T", "shape: Tidx"), outputs=("T",),
    type_attrs={"T": None, "Tidx": INDEX_TYPES}))


def broadcast_to(input, shape, name=None):
    """Broadcast `input` to `shape` (NumPy broadcasting rules)."""
    return apply(BROADCAST_TO, (input, index_argument(shape)), name=name or "BroadcastTo")


# ------------------------------------------------------------------ sequence_mask

def sequence_mask(lengths, maxlen=None, dtype=_dtypes.bool, name=None):
    """mask[i..., j] = j < lengths[i...], for j in [0, maxlen) (maxlen: max(lengths))."""
    with name_scope(name, "SequenceMask", [lengths, maxlen]):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            from tensorlite.ops import reductions
            maxlen = reductions.reduce_max(lengths)
            maxlen = math_ops.maximum(convert_to_tensor(0, maxlen.dtype), maxlen)
        else:
            maxlen = convert_to_tensor(maxlen)
        if maxlen.shape.rank is not None and maxlen.shape.rank != 0:
            raise ValueError("Argument `maxlen` must be scalar for sequence_mask, received "
                             f"`maxlen` = {maxlen} with shape '{maxlen.shape}' instead")
        row_vector = range(convert_to_tensor(0, maxlen.dtype), maxlen,
                           convert_to_tensor(1, maxlen.dtype))
        matrix = math_ops.cast(expand_dims(lengths, -1), maxlen.dtype)
        result = math_ops.less(row_vector, matrix)
        dtype = _dtypes.as_dtype(dtype) if dtype is not None else None
        if dtype is None or dtype is _dtypes.bool:
            return result
        return math_ops.cast(result, dtype)


# ------------------------------------------------------------------ ShapeN, StopGradient

SHAPE_N = register(OpDef(
    "ShapeN",
    lambda *inputs, out_type, N=None: [np.array(np.shape(x), dtype=out_type.as_numpy_dtype)
                                       for x in inputs],
    lambda inputs, attrs: [TensorShape((t.shape.rank,)) for t in inputs],
    inputs=("input: N*T",), outputs=lambda attrs, types: [attrs["out_type"]] * attrs["N"],
    type_attrs={"T": None}, default_attrs={"out_type": _dtypes.int32}))
not_differentiable("ShapeN")


def shape_n(input, out_type=_dtypes.int32, name=None):
    """The shapes of several tensors at once."""
    input = list(input)
    return apply(SHAPE_N, input, {"out_type": _dtypes.as_dtype(out_type), "N": len(input)},
                 name=name or "ShapeN")


STOP_GRADIENT = register(OpDef("StopGradient", lambda input: input, same_as_first,
                               inputs=("input: T",), outputs=("T",), type_attrs={"T": None}))
not_differentiable("StopGradient")


def stop_gradient(input, name=None):
    """`input`, as a value through which no gradient flows."""
    return apply(STOP_GRADIENT, (input,), name=name or "StopGradient")


def __getattr__(name):
    # where/gather/... live in gather_scatter (which imports this module): resolve lazily.
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from tensorlite.ops import gather_scatter
    if name in gather_scatter.__all__ or hasattr(gather_scatter, name):
        return getattr(gather_scatter, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Static values of small shape computations, so shapes built from them stay known in graphs.
def _fold(function):
    def folder(op):
        values = [constant_value(t) for t in op.inputs]
        if any(v is None for v in values):
            return None
        try:
            return function(op, *values)
        except (ValueError, IndexError, TypeError, errors.OpError):
            return None
    return folder


shape_util.register_constant_folder(
    "ConcatV2", _fold(lambda op, *values: _concat_kernel(*values)))
shape_util.register_constant_folder(
    "ExpandDims", _fold(lambda op, x, dim: _expand_dims_kernel(x, dim)))
shape_util.register_constant_folder(
    "Squeeze", _fold(lambda op, x: _squeeze_kernel(x, op.get_attr("squeeze_dims"))))
shape_util.register_constant_folder(
    "Fill", _fold(lambda op, dims, value: _fill_kernel(dims, value)
                  if np.prod(_ints(dims)) <= 64 else None))


# ------------------------------------------------------------------ TF1 forms

def expand_dims_v1(input, axis=None, name=None, dim=None):
    """tf.compat.v1.expand_dims (also takes the deprecated `dim`)."""
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'dim' and 'axis'.")
        axis = dim
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return expand_dims(input, axis, name)


def squeeze_v1(input, axis=None, name=None, squeeze_dims=None):
    """tf.compat.v1.squeeze (also takes the deprecated `squeeze_dims`)."""
    if squeeze_dims is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'squeeze_dims' and 'axis'.")
        axis = squeeze_dims
    return squeeze(input, axis, name)


def transpose_v1(a, perm=None, name="transpose", conjugate=False):
    return transpose(a, perm, conjugate, name)


def pad_v1(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    return pad(tensor, paddings, mode, constant_values, name)


def zeros_like_v1(tensor, dtype=None, name=None, optimize=True):
    return zeros_like(tensor, dtype, name)


def ones_like_v1(tensor, dtype=None, name=None, optimize=True):
    return ones_like(tensor, dtype, name)


def shape_v1(input, name=None, out_type=_dtypes.int32):
    return shape(input, out_type, name)


def size_v1(input, name=None, out_type=_dtypes.int32):
    return size(input, out_type, name)


# What tf.compat.v1 should bind where TF1's function differs from (or is missing in) TF2's.
V1_API = {"expand_dims": expand_dims_v1, "squeeze": squeeze_v1, "transpose": transpose_v1,
          "pad": pad_v1, "zeros_like": zeros_like_v1, "ones_like": ones_like_v1,
          "shape": shape_v1, "size": size_v1, "reverse_v2": reverse, "lin_space": linspace}
