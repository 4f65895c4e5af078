"""Indexing ops: gather, gather_nd, scatter_nd, boolean_mask, where (Where and SelectV2),
unique, top_k, sort/argsort and unsorted_segment_sum. Kernel, shape rule, gradient and
wrapper side by side.
"""
import builtins
import collections

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.indexed_slices import IndexedSlices
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import math_ops, shape_util
from tensorlite.ops.array_manip import (concat, expand_dims, reduce_to_shape, squeeze,
                                        transpose, zeros_like)
from tensorlite.ops.array_ops import INDEX_TYPES, range, reshape, shape, size, stack
from tensorlite.ops.array_ops import rank as rank_of
from tensorlite.ops.shape_util import UNKNOWN, constant_value
from tensorlite.framework.errors import invalid_argument as _invalid
from tensorlite.ops.shape_util import dims_text as _dims_text

__all__ = ["gather", "gather_nd", "scatter_nd", "boolean_mask", "where", "unique", "sort",
           "argsort", "IndexedSlices"]

REAL = _dtypes.REAL_NUMBER_TYPES
NUMBERS = _dtypes.NUMBER_TYPES


def _prod(values):
    return int(np.prod(values, dtype=np.int64))


# ------------------------------------------------------------------ GatherV2

def _check_range(indices, limit, what="indices"):
    bad = (indices < 0) | (indices >= limit)
    if np.any(bad):
        position = np.argwhere(bad)[0]
        raise _invalid(f"{what}[{','.join(str(int(p)) for p in position)}] = "
                       f"{indices[tuple(position)]} is not in [0, {limit})")


def _gather_kernel(params, indices, axis, batch_dims=0):
    params, indices = np.asarray(params), np.asarray(indices)
    ndim, axis = params.ndim, int(axis)
    if batch_dims < 0:
        batch_dims += indices.ndim
    if not -ndim <= axis < ndim:
        raise _invalid(f"Shape must be at least rank {(axis if axis >= 0 else -axis - 1) + 1} "
                       f"but is rank {ndim}")
    axis %= ndim
    if batch_dims > axis:
        raise _invalid(f"batch_dims ({batch_dims}) must be less than or equal to axis "
                       f"({axis}).")
    for i in builtins.range(batch_dims):
        if params.shape[i] != indices.shape[i]:
            raise _invalid(f"params.shape[{i}]: {params.shape[i]} should be equal to "
                           f"indices.shape[{i}]: {indices.shape[i]}")
    limit = params.shape[axis]
    _check_range(indices, limit)
    if batch_dims == 0:
        return np.take(params, indices, axis=axis)
    batch, pre = params.shape[:batch_dims], params.shape[batch_dims:axis]
    post, index_dims = params.shape[axis + 1:], indices.shape[batch_dims:]
    flat_batch, flat_pre = _prod(batch), _prod(pre)
    grid = params.reshape(flat_batch, flat_pre, limit, _prod(post))
    flat_indices = indices.reshape(flat_batch, _prod(index_dims))
    result = grid[np.arange(flat_batch)[:, None, None], np.arange(flat_pre)[None, :, None],
                  flat_indices[:, None, :]]
    return result.reshape(batch + pre + index_dims + post)


def _gather_shape(inputs, attrs):
    params, indices = inputs[0].shape, inputs[1].shape
    axis = constant_value(inputs[2])
    batch_dims = attrs.get("batch_dims", 0)
    if axis is None or params.rank is None or indices.rank is None:
        return UNKNOWN
    axis = int(axis)
    if batch_dims < 0:
        batch_dims += indices.rank
    if axis < 0:
        axis += params.rank
    if not 0 <= axis < params.rank:
        raise ValueError(f"Shape must be at least rank {(axis if axis >= 0 else -axis - 1) + 1}"
                         f" but is rank {params.rank}")
    if batch_dims > axis:
        raise ValueError(f"batch_dims ({batch_dims}) must be less than or equal to axis "
                         f"({axis}).")
    if batch_dims > indices.rank:
        raise ValueError(f"Shape must be at least rank {batch_dims} but is rank "
                         f"{indices.rank}")
    p, i = params.as_list(), indices.as_list()
    batch = [shape_util.merge_dims(a, b) for a, b in zip(p[:batch_dims], i[:batch_dims])]
    return TensorShape(tuple(batch + p[batch_dims:axis] + i[batch_dims:] + p[axis + 1:]))


def _gather_grad(op, grad):
    params, indices, axis_tensor = op.inputs
    params_shape = shape(params)
    indices_size = expand_dims(size(indices), 0)
    batch_dims = op.get_attr("batch_dims")
    if batch_dims < 0:
        if indices.shape.rank is None:
            raise ValueError("Currently, it is unsupported to take the gradient of tf.gather "
                             "when batch_dims < 0 and the rank of the indices is unknown.")
        batch_dims += indices.shape.rank
    axis = constant_value(axis_tensor)
    ndim = params.shape.rank
    if axis is not None and int(axis) == 0:
        # As TF: the gradient of an axis-0 gather is sparse, rows of `params` by index.
        values = reshape(grad, concat([indices_size, params_shape[1:]], 0))
        return [IndexedSlices(values, reshape(indices, indices_size), params_shape), None,
                None]
    if axis is None or ndim is None:
        raise ValueError("The gradient of tf.gather needs a constant axis and a params "
                         "tensor of known rank.")
    axis = int(axis) % ndim
    # Move the gathered axis to just after the batch dimensions, sum the slices into
    # their rows with UnsortedSegmentSum, and move it back (TF's _GatherV2Grad).
    values = reshape(grad, concat([params_shape[:axis], [-1], params_shape[axis + 1:]], 0))
    perm = list(builtins.range(batch_dims)) + [axis] + \
        list(builtins.range(batch_dims, axis)) + list(builtins.range(axis + 1, ndim))
    values = transpose(values, perm)
    values_shape = shape(values)
    inner_shape = values_shape[batch_dims + 1:]
    limit = params_shape[axis]
    if batch_dims:
        batch_size = params_shape[0]
        for i in builtins.range(1, batch_dims):
            batch_size = batch_size * params_shape[i]
        offsets = range(0, batch_size) * limit
        index_rank = indices.shape.rank
        offsets = reshape(offsets, concat([params_shape[:batch_dims],
                                           [1] * (index_rank - batch_dims)], 0))
        indices = indices + math_ops.cast(offsets, indices.dtype)
        values = reshape(values, concat([[-1], inner_shape], 0))
        limit = limit * batch_size
    grad_params = unsorted_segment_sum(values, reshape(indices, [-1]), limit)
    if batch_dims:
        grad_params = reshape(grad_params, concat([params_shape[:batch_dims], [-1],
                                                   inner_shape], 0))
    inverse = list(np.argsort(perm))
    grad_params = transpose(grad_params, inverse)
    return [reshape(grad_params, params_shape), None, None]


GATHER_V2 = register(OpDef(
    "GatherV2", _gather_kernel, _gather_shape, _gather_grad,
    inputs=("params: Tparams", "indices: Tindices", "axis: Taxis"), outputs=("Tparams",),
    type_attrs={"Tparams": None, "Tindices": (_dtypes.int16,) + INDEX_TYPES,
                "Taxis": INDEX_TYPES},
    default_attrs={"batch_dims": 0}))


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Slices of `params` along `axis` at `indices` (batch_dims leading dims shared)."""
    del validate_indices
    if axis is None:
        axis = batch_dims
    # TF's tf.gather drops batch_dims when `axis` is a constant 0.
    explicit_zero = not isinstance(axis, Tensor) and np.ndim(axis) == 0 and int(axis) == 0
    attrs = {"batch_dims": int(batch_dims)} if batch_dims and not explicit_zero else {}
    return apply(GATHER_V2, (params, indices, axis), attrs, name=name or "GatherV2")


# ------------------------------------------------------------------ GatherNd, ScatterNd

def _gather_nd_kernel(params, indices, bad_indices_policy=""):
    params, indices = np.asarray(params), np.asarray(indices)
    depth = indices.shape[-1] if indices.ndim else 0
    if indices.ndim == 0:
        raise _invalid("indices must be at least a vector")
    if depth > params.ndim:
        raise _invalid(f"index innermost dimension length must be <= params rank; saw: "
                       f"{depth} vs. {params.ndim}")
    flat = indices.reshape(-1, depth)
    bounds = np.array(params.shape[:depth], dtype=np.int64)
    bad = np.any((flat < 0) | (flat >= bounds), axis=1)
    if np.any(bad):
        row = int(np.argmax(bad))
        raise _invalid(f"indices[{row}] = [{', '.join(str(v) for v in flat[row])}] does not "
                       f"index into param shape {_dims_text(params.shape)}, node name: "
                       "GatherNd")
    out_shape = indices.shape[:-1] + params.shape[depth:]
    if depth == 0:
        return np.array(np.broadcast_to(params, out_shape))
    return params[tuple(flat.T)].reshape(out_shape)


def _gather_nd_shape(inputs, attrs):
    params, indices = inputs[0].shape, inputs[1].shape
    if indices.rank is None:
        return UNKNOWN
    if indices.rank == 0:
        raise ValueError("Shape must be at least rank 1 but is rank 0")
    depth = indices.as_list()[-1]
    if depth is None or params.rank is None:
        return UNKNOWN
    if depth > params.rank:
        raise ValueError(f"indices.shape[-1] must be <= params.rank, but saw indices shape: "
                         f"{shape_util.shape_text(indices)} and params shape: "
                         f"{shape_util.shape_text(params)}")
    return TensorShape(tuple(indices.as_list()[:-1] + params.as_list()[depth:]))


def _gather_nd_grad(op, grad):
    params, indices = op.inputs
    params_shape = shape(params, out_type=indices.dtype)
    if indices.shape.rank == 2 and indices.shape.as_list()[-1] == 1:
        return [IndexedSlices(grad, squeeze(indices, axis=-1), params_shape), None]
    return [scatter_nd(indices, grad, params_shape), None]


GATHER_ND = register(OpDef(
    "GatherNd", _gather_nd_kernel, _gather_nd_shape, _gather_nd_grad,
    inputs=("params: Tparams", "indices: Tindices"), outputs=("Tparams",),
    type_attrs={"Tparams": None, "Tindices": (_dtypes.int16,) + INDEX_TYPES},
    default_attrs={"bad_indices_policy": ""}))


def gather_nd(params, indices, name=None, batch_dims=0, bad_indices_policy=""):
    """Slices of `params` at the index vectors in the last axis of `indices`."""
    if batch_dims:
        raise NotImplementedError("tf.gather_nd with batch_dims is not supported by "
                                  "tensorlite yet")
    return apply(GATHER_ND, (params, indices), name=name or "GatherNd")


def _scatter_nd_kernel(indices, updates, shape, bad_indices_policy=""):
    indices, updates = np.asarray(indices), np.asarray(updates)
    dims = [int(d) for d in np.reshape(shape, -1)]
    depth = indices.shape[-1] if indices.ndim else 0
    if depth > len(dims):
        raise _invalid(f"Output must have rank at least {depth}, got {len(dims)}")
    outer = indices.ndim - 1
    expected = indices.shape[:-1] + tuple(dims[depth:])
    if updates.shape[:outer] != indices.shape[:-1]:
        raise _invalid(f"Dimensions [0,{outer}) of indices[shape={_dims_text(indices.shape)}] "
                       f"must match dimensions [0,{outer}) of updates[shape="
                       f"{_dims_text(updates.shape)}]")
    if updates.shape != expected:
        raise _invalid(f"Dimensions [{depth},{len(dims)}) of input[shape={_dims_text(dims)}] "
                       f"must match dimensions [{outer},{updates.ndim}) of updates[shape="
                       f"{_dims_text(updates.shape)}]")
    flat = indices.reshape(-1, depth)
    bad = np.any((flat < 0) | (flat >= np.array(dims[:depth], dtype=np.int64)), axis=1)
    if np.any(bad):
        row = int(np.argmax(bad))
        raise _invalid(f"indices[{row}] = [{', '.join(str(v) for v in flat[row])}] does not "
                       f"index into shape {_dims_text(dims)}")
    result = np.zeros(dims, dtype=updates.dtype)
    np.add.at(result, tuple(flat.T), updates.reshape((-1,) + tuple(dims[depth:])))
    return result


def _scatter_nd_shape(inputs, attrs):
    indices, updates = inputs[0].shape, inputs[1].shape
    result = shape_util.constant_value_as_shape(inputs[2])
    if indices.rank is not None and updates.rank is not None and indices.rank >= 1:
        outer = indices.rank - 1
        a, b = indices.as_list()[:outer], updates.as_list()[:outer]
        for i, (x, y) in enumerate(zip(a, b)):
            if x is not None and y is not None and x != y:
                raise ValueError(
                    f"Dimensions [0,{outer}) of indices[shape={shape_util.shape_text(indices)}]"
                    f" = {_dims_text(a)} must match dimensions [0,{outer}) of updates[shape="
                    f"{shape_util.shape_text(updates)}] = {_dims_text(b)}: Dimension {i} in "
                    f"both shapes must be equal, but are {x} and {y}. Shapes are "
                    f"{_dims_text(a)} and {_dims_text(b)}.")
    return result


SCATTER_ND = register(OpDef(
    "ScatterNd", _scatter_nd_kernel, _scatter_nd_shape,
    lambda op, grad: [None, gather_nd(grad, op.inputs[0]), None],
    inputs=("indices: Tindices", "updates: T", "shape: Tindices"), outputs=("T",),
    type_attrs={"T": None, "Tindices": (_dtypes.int16,) + INDEX_TYPES},
    default_attrs={"bad_indices_policy": ""}))


def scatter_nd(indices, updates, shape, name=None):
    """Zeros of `shape` with `updates` added at `indices` (duplicates are summed)."""
    if not isinstance(shape, Tensor) and isinstance(indices, Tensor):
        shape = convert_to_tensor(shape, dtype=indices.dtype)
    return apply(SCATTER_ND, (indices, updates, shape), name=name or "ScatterNd")


# ------------------------------------------------------------------ UnsortedSegmentSum

def checked_unsorted_segments(data, segment_ids, num_segments):
    """(data, flat ids, segment count) after the checks of TF's unsorted segment kernels
    (negative ids are allowed: they drop their rows)."""
    data, ids = np.asarray(data), np.asarray(segment_ids)
    if data.shape[:ids.ndim] != ids.shape:
        raise _invalid(f"data.shape = {_dims_text(data.shape)} does not start with "
                       f"segment_ids.shape = {_dims_text(ids.shape)}")
    if np.ndim(num_segments) != 0:
        raise _invalid(f"num_segments should be a scalar, not shape "
                       f"{_dims_text(np.shape(num_segments))}")
    count = int(num_segments)
    flat_ids = ids.reshape(-1)
    too_big = flat_ids >= count
    if np.any(too_big):
        position = int(np.argmax(too_big))
        raise _invalid(f"segment_ids[{position}] = {flat_ids[position]} is out of range "
                       f"[0, {count})")
    return data, flat_ids, count


def _unsorted_segment_sum_kernel(data, segment_ids, num_segments):
    ids_ndim = np.ndim(segment_ids)
    data, flat_ids, count = checked_unsorted_segments(data, segment_ids, num_segments)
    rest = data.shape[ids_ndim:]
    flat_data = data.reshape((flat_ids.size,) + rest)
    result = np.zeros((count,) + rest, dtype=data.dtype)
    keep = flat_ids >= 0   # negative ids are dropped, as in TF
    np.add.at(result, flat_ids[keep], flat_data[keep])
    return result


def unsorted_segment_shape(inputs, attrs):
    data, ids = inputs[0].shape, inputs[1].shape
    count = constant_value(inputs[2])
    if data.rank is None or ids.rank is None:
        return UNKNOWN
    if ids.rank > data.rank:
        raise ValueError(f"Shape must be at least rank {ids.rank} but is rank {data.rank}")
    for a, b in zip(data.as_list(), ids.as_list()):
        shape_util.merge_dims(a, b)
    return TensorShape((None if count is None else int(count),) +
                       tuple(data.as_list()[ids.rank:]))


def _unsorted_segment_sum_grad(op, grad):
    # Gather each segment's gradient back to its rows; rows with negative ids get zeros.
    ids = op.inputs[1]
    clipped = math_ops.maximum(ids, zeros_like(ids))
    gathered = gather(grad, clipped)
    kept = math_ops.greater_equal(ids, 0)
    extra = gathered.shape.rank - ids.shape.rank \
        if gathered.shape.rank is not None and ids.shape.rank is not None else None
    if extra is None:
        from tensorlite.ops.array_manip import ones
        from tensorlite.ops.array_ops import rank
        kept = reshape(kept, concat([shape(kept), ones(expand_dims(rank(gathered) -
                                                                   rank(kept), 0),
                                                       _dtypes.int32)], 0))
    elif extra:
        kept = reshape(kept, concat([shape(kept), [1] * extra], 0))
    return [where(kept, gathered, zeros_like(gathered)), None, None]


UNSORTED_SEGMENT_SUM = register(OpDef(
    "UnsortedSegmentSum", _unsorted_segment_sum_kernel, unsorted_segment_shape,
    _unsorted_segment_sum_grad,
    inputs=("data: T", "segment_ids: Tindices", "num_segments: Tnumsegments"),
    outputs=("T",),
    type_attrs={"T": NUMBERS, "Tindices": (_dtypes.int16,) + INDEX_TYPES,
                "Tnumsegments": INDEX_TYPES}))


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """out[j] = sum of data[i...] over the positions where segment_ids[i...] == j."""
    return apply(UNSORTED_SEGMENT_SUM, (data, segment_ids, num_segments),
                 name=name or "UnsortedSegmentSum")


# ------------------------------------------------------------------ Where, SelectV2

WHERE = register(OpDef(
    "Where", lambda input: np.argwhere(input).astype(np.int64),
    lambda inputs, attrs: UNKNOWN if inputs[0].shape.rank is None
    else TensorShape((None, inputs[0].shape.rank)),
    inputs=("input: T",), outputs=("int64",), type_attrs={"T": None}))
not_differentiable("Where")


def _select_kernel(condition, t, e):
    try:
        shape = np.broadcast_shapes(np.shape(condition), np.shape(t), np.shape(e))
    except ValueError:
        raise _invalid(f"condition {_dims_text(np.shape(condition))}, then "
                       f"{_dims_text(np.shape(t))}, and else {_dims_text(np.shape(e))} must "
                       "be broadcastable") from None
    result = np.where(condition, t, e)
    return result.astype(np.asarray(t).dtype, copy=False) if result.shape == shape else result


def _select_shape(inputs, attrs):
    cond, t, e = (x.shape for x in inputs)
    try:
        return shape_util.broadcast(shape_util.broadcast(cond, t), e)
    except ValueError as error:
        raise ValueError(str(error)) from None


def _select_grad(op, grad):
    condition, x, y = op.inputs
    zeros = zeros_like(grad)
    grad_x = where(condition, grad, zeros)
    grad_y = where(condition, zeros, grad)
    return [None, reduce_to_shape(grad_x, shape(x)), reduce_to_shape(grad_y, shape(y))]


SELECT_V2 = register(OpDef("SelectV2", _select_kernel, _select_shape, _select_grad,
                           inputs=("condition: bool", "t: T", "e: T"), outputs=("T",),
                           type_attrs={"T": None}))


def where(condition, x=None, y=None, name=None):
    """Coordinates (int64) of true elements, or elementwise `x` where `condition` else `y`."""
    if x is None and y is None:
        with name_scope(name, "Where", [condition]) as scope:
            condition = convert_to_tensor(condition, preferred_dtype=_dtypes.bool,
                                          name="condition")
            return apply(WHERE, (condition,), name=scope or "Where")
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    # As TF's eager type matching: a Python value takes the dtype of the other branch.
    if isinstance(y, Tensor) and not isinstance(x, Tensor):
        x = convert_to_tensor(x, dtype_hint=y.dtype, name="x")
    elif isinstance(x, Tensor) and not isinstance(y, Tensor):
        y = convert_to_tensor(y, dtype_hint=x.dtype, name="y")
    return apply(SELECT_V2, (condition, x, y), name=name or "SelectV2")


# ------------------------------------------------------------------ boolean_mask

def boolean_mask(tensor, mask, axis=None, name="boolean_mask"):
    """The elements (or slices along `axis`) of `tensor` where `mask` is true."""
    with name_scope(name, "boolean_mask", [tensor, mask]):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        mask_shape, tensor_shape = mask.shape, tensor.shape
        ndims = mask_shape.rank
        if ndims == 0:
            raise ValueError("mask cannot be scalar.")
        if ndims is None:
            raise ValueError("Number of mask dimensions must be specified, even if some "
                             "dimensions are None.  E.g. shape=[None] is ok, but shape=None "
                             "is not.")
        axis = 0 if axis is None else axis
        axis_value = constant_value(axis) if isinstance(axis, Tensor) else axis
        if axis_value is not None:
            axis = int(axis_value)
            tensor_shape[axis:axis + ndims].assert_is_compatible_with(mask_shape)
        leading = size(mask)
        full = shape(tensor)
        tensor = reshape(tensor, concat([full[:axis], expand_dims(leading, 0),
                                         full[axis + ndims:]], 0))
        if axis_value is not None and tensor_shape.rank is not None and \
                not _context.executing_eagerly():
            dims = tensor_shape.as_list()
            first = tensor_shape[axis:axis + ndims].num_elements()
            tensor.set_shape(TensorShape(dims[:axis] + [first] + dims[axis + ndims:]))
        mask = reshape(mask, [-1])
        indices = squeeze(where(mask), axis=[1])
        return gather(tensor, indices, axis=axis)


# ------------------------------------------------------------------ Unique

def _unique_kernel(x, out_idx):
    if np.ndim(x) != 1:
        raise _invalid("unique expects a 1D vector.")
    values, first, inverse = np.unique(x, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")     # TF keeps first-occurrence order
    position = np.empty_like(order)
    position[order] = np.arange(order.size)
    return [values[order], position[np.reshape(inverse, -1)].astype(out_idx.as_numpy_dtype)]


UNIQUE = register(OpDef(
    "Unique", _unique_kernel,
    lambda inputs, attrs: [TensorShape((None,)), inputs[0].shape],
    inputs=("x: T",), outputs=("T", "out_idx"), type_attrs={"T": None}))
not_differentiable("Unique")


_UniqueOutput = collections.namedtuple("Unique", ["y", "idx"])


def unique(x, out_idx=_dtypes.int32, name=None):
    """The unique elements of 1-D `x` in order of appearance, and each element's index."""
    return _UniqueOutput(*apply(UNIQUE, (x,), {"out_idx": _dtypes.as_dtype(out_idx)},
                                name=name or "Unique"))


# ------------------------------------------------------------------ TopKV2, sort

def _top_k_kernel(input, k, sorted=True, index_type=_dtypes.int32):
    input = np.asarray(input)
    k = int(k)
    if k < 0:
        raise _invalid(f"Need k >= 0, got {k}")
    if input.ndim < 1:
        raise _invalid(f"input must be >= 1-D, got shape {_dims_text(input.shape)}")
    n = input.shape[-1]
    if n < k:
        raise _invalid(f"input must have at least k columns. Had {n}, needed {k}")
    # A stable ascending sort of the reversed rows, read backwards, is a descending sort in
    # which equal values keep their original order (TF's tie rule: lower index first).
    order = np.argsort(input[..., ::-1], axis=-1, kind="stable")[..., ::-1][..., :k]
    indices = (n - 1 - order)
    return [np.take_along_axis(input, indices, axis=-1),
            indices.astype(index_type.as_numpy_dtype)]


def _top_k_shape(inputs, attrs):
    source = inputs[0].shape
    k = constant_value(inputs[1])
    if source.rank is None:
        return [UNKNOWN, UNKNOWN]
    if source.rank < 1:
        raise ValueError("Shape must be at least rank 1 but is rank 0")
    dims = source.as_list()
    if k is not None and dims[-1] is not None and dims[-1] < int(k):
        raise ValueError(f"input must have last dimension >= k = {int(k)} but is "
                         f"{dims[-1]}")
    out = TensorShape(tuple(dims[:-1] + [None if k is None else int(k)]))
    return [out, out]


def _top_k_grad(op, grad, _):
    # Scatter each row's value gradients back to the positions the indices name.
    input, indices = op.inputs[0], op.outputs[1]
    index_dtype = indices.dtype
    in_shape = shape(input, out_type=index_dtype)
    k = shape(indices, out_type=index_dtype)[-1]
    rows = reshape(indices, stack([-1, k]))
    width = in_shape[-1]
    offsets = expand_dims(range(0, shape(rows, out_type=index_dtype)[0] * width, width), -1)
    flat = reshape(rows + offsets, [-1])
    total = expand_dims(size(input, out_type=index_dtype), 0)
    scattered = scatter_nd(expand_dims(flat, -1), reshape(grad, [-1]), total)
    return [reshape(scattered, in_shape), None]


TOP_K_V2 = register(OpDef(
    "TopKV2", _top_k_kernel, _top_k_shape, _top_k_grad,
    inputs=("input: T", "k: Tk"), outputs=("T", "index_type"),
    type_attrs={"T": REAL, "Tk": (_dtypes.int16,) + INDEX_TYPES},
    default_attrs={"sorted": True, "index_type": _dtypes.int32}))


def top_k(input, k=1, sorted=True, index_type=_dtypes.int32, name=None):
    """The k largest entries of the last axis and their indices (ties: lower index first)."""
    return _TopKOutput(*apply(TOP_K_V2, (input, k),
                              {"sorted": bool(sorted),
                               "index_type": _dtypes.as_dtype(index_type)},
                              name=name or "TopKV2"))


_TopKOutput = collections.namedtuple("TopKV2", ["values", "indices"])


def _descending(values, axis, return_argsort):
    ndim = values.shape.rank
    if axis == -1 or (ndim is not None and axis + 1 == ndim):
        permutation = None
        top_input = values
    else:
        if ndim is None:
            permutation = _swap_with_last(values, axis)
        else:
            axis = axis + ndim if axis < 0 else axis
            permutation = np.r_[np.arange(axis), [ndim - 1], np.arange(axis + 1, ndim - 1),
                                [axis]].astype(np.int32)
        top_input = transpose(values, permutation)
    k = shape(top_input)[-1]
    sorted_values, indices = top_k(top_input, k)
    result = indices if return_argsort else sorted_values
    if permutation is not None:
        result = transpose(result, permutation)   # a swap is its own inverse
    return result


def _swap_with_last(values, axis):
    """The permutation swapping `axis` and the last axis, for a tensor of unknown rank (as
    TF's sort computes it at run time): range(rank) with the two entries exchanged."""
    rank = rank_of(values)
    last = rank - 1
    axis = axis + rank if axis < 0 else convert_to_tensor(axis, dtype=_dtypes.int32)
    positions = range(rank)
    at_axis = math_ops.cast(math_ops.equal(positions, axis), _dtypes.int32)
    at_last = math_ops.cast(math_ops.equal(positions, last), _dtypes.int32)
    return positions + at_axis * (last - axis) + at_last * (axis - last)


def _ascending(values, axis, return_argsort):
    dtype = values.dtype
    if dtype.is_unsigned:
        offset = convert_to_tensor(np.iinfo(dtype.as_numpy_dtype).max, dtype=dtype)
        result = _descending(offset - values, axis, return_argsort)
        return result if return_argsort else offset - result
    if dtype.is_integer:
        result = _descending(-values - 1, axis, return_argsort)
        return result if return_argsort else -result - 1
    result = _descending(-values, axis, return_argsort)
    return result if return_argsort else -result


_SORTS = {"ASCENDING": _ascending, "DESCENDING": _descending}


def _sort_or_argsort(values, axis, direction, return_argsort):
    if direction not in _SORTS:
        raise ValueError(f"Argument `direction` should be one of "
                         f"{', '.join(sorted(_SORTS))}. Received: direction={direction}")
    axis_tensor = convert_to_tensor(axis, name="axis")
    axis_value = constant_value(axis_tensor)
    if axis_tensor.shape.rank not in (None, 0) or axis_value is None:
        raise ValueError(f"Argument `axis` must be a constant scalar. Received: axis={axis}.")
    values = convert_to_tensor(values, name="values")
    return _SORTS[direction](values, int(axis_value), return_argsort)


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """`values` sorted along `axis` (stable; built on TopKV2 as in TF)."""
    with name_scope(name, "sort"):
        return _sort_or_argsort(values, axis, direction, return_argsort=False)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """The indices (int32) that sort `values` along `axis`; always stable."""
    del stable
    with name_scope(name, "argsort"):
        return _sort_or_argsort(values, axis, direction, return_argsort=True)


# ------------------------------------------------------------------ TF1: Select and v1 forms

def _select_v1_kernel(condition, t, e):
    c_shape, t_shape, e_shape = np.shape(condition), np.shape(t), np.shape(e)
    same = "Inputs to operation Select of type Select must have the same size and shape."
    if len(c_shape) == 0:
        if t_shape != e_shape:
            raise _invalid(f"'then' and 'else' must have the same size.  but received: "
                           f"{_dims_text(t_shape)} vs. {_dims_text(e_shape)}")
        return np.array(t if condition else e)
    if len(c_shape) == 1 and len(t_shape) > 1:
        if t_shape != e_shape:
            raise _invalid(f"'then' and 'else' must have the same size.  but received: "
                           f"{_dims_text(t_shape)} vs. {_dims_text(e_shape)}")
        if t_shape[0] != c_shape[0]:
            raise _invalid(f"Number of batches of 'then' must match size of 'cond', but saw: "
                           f"{t_shape[0]} vs. {c_shape[0]}")
        return np.where(np.reshape(condition, c_shape + (1,) * (len(t_shape) - 1)), t, e)
    if c_shape != t_shape:
        raise _invalid(f"{same}  Input 0: {_dims_text(c_shape)} != input 1: "
                       f"{_dims_text(t_shape)}")
    if c_shape != e_shape:
        raise _invalid(f"{same}  Input 0: {_dims_text(c_shape)} != input 2: "
                       f"{_dims_text(e_shape)}")
    return np.where(condition, t, e)


def _select_v1_shape(inputs, attrs):
    cond, t, e = (x.shape for x in inputs)
    out = shape_util.merge_shapes(t, e)
    if cond.rank is None or out.rank is None or cond.rank == 0:
        return out
    if cond.rank == 1 and out.rank > 1:
        first = shape_util.merge_shapes(cond, out[:1])
        return TensorShape(first.as_list() + out.as_list()[1:])
    return shape_util.merge_shapes(out, cond)


def _select_v1_grad(op, grad):
    condition = op.inputs[0]
    zeros = zeros_like(grad)
    return [None, apply(SELECT, (condition, grad, zeros), name="Select"),
            apply(SELECT, (condition, zeros, grad), name="Select")]


SELECT = register(OpDef("Select", _select_v1_kernel, _select_v1_shape, _select_v1_grad,
                        inputs=("condition: bool", "t: T", "e: T"), outputs=("T",),
                        type_attrs={"T": None}))


def where_v1(condition, x=None, y=None, name=None):
    """tf.compat.v1.where: coordinates, or the Select op (no broadcasting: `condition` has
    x's shape, or is a vector over x's first dimension)."""
    if x is None and y is None:
        return where(condition, name=name)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return apply(SELECT, (condition, x, y), name=name or "Select")


def gather_v1(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    """tf.compat.v1.gather (`name` comes before `axis`)."""
    return gather(params, indices, validate_indices, axis, batch_dims, name)


def boolean_mask_v1(tensor, mask, name="boolean_mask", axis=None):
    """tf.compat.v1.boolean_mask (`name` comes before `axis`)."""
    return boolean_mask(tensor, mask, axis, name)


# What tf.compat.v1 should bind where TF1's function differs from (or is missing in) TF2's.
V1_API = {"where": where_v1, "where_v2": where, "gather": gather_v1,
          "boolean_mask": boolean_mask_v1, "unsorted_segment_sum": unsorted_segment_sum}
