"""Row-wise partition and set ops: DynamicPartition, DynamicStitch, UniqueWithCounts and
ListDiff (tf.compat.v1.setdiff1d). Kernel, shape rule, gradient and wrapper side by side.
"""
import collections

import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import math_ops, reductions, shape_util
from tensorlite.ops.array_manip import zeros_like
from tensorlite.ops.array_ops import range, reshape, shape
from tensorlite.ops.gather_scatter import gather
from tensorlite.ops.shape_util import UNKNOWN, constant_value
from tensorlite.framework.errors import invalid_argument as _invalid
from tensorlite.ops.shape_util import check_rank_at_least as _rank_at_least
from tensorlite.ops.shape_util import dims_text as _dims_text


# ------------------------------------------------------------------ DynamicPartition, Stitch

def _partition_kernel(data, partitions, num_partitions):
    data, partitions = np.asarray(data), np.asarray(partitions)
    if data.shape[:partitions.ndim] != partitions.shape:
        raise _invalid(f"data.shape must start with partitions.shape, got data.shape = "
                       f"{_dims_text(data.shape)}, partitions.shape = "
                       f"{_dims_text(partitions.shape)}")
    flat = partitions.reshape(-1)
    bad = (flat < 0) | (flat >= num_partitions)
    if np.any(bad):
        position = np.unravel_index(int(np.argmax(bad)), partitions.shape)
        raise _invalid(f"partitions{_dims_text(position)} = {partitions[position]} is not in "
                       f"[0, {num_partitions})")
    rows = data.reshape((flat.size,) + data.shape[partitions.ndim:])
    return [rows[flat == i] for i in np.arange(num_partitions)]


def _partition_shape(inputs, attrs):
    data, partitions = inputs[0].shape, inputs[1].shape
    count = attrs["num_partitions"]
    if data.rank is None or partitions.rank is None:
        return [UNKNOWN] * count
    _rank_at_least(data, partitions.rank)
    for a, b in zip(data.as_list(), partitions.as_list()):
        shape_util.merge_dims(a, b)
    return [TensorShape((None,) + tuple(data.as_list()[partitions.rank:]))] * count


def _partition_grad(op, *grads):
    # Stitch each partition's gradient back to the rows it came from (TF's rule); an
    # output nothing depends on contributes zeros.
    data, partitions = op.inputs
    count = op.get_attr("num_partitions")
    prefix_shape = shape(partitions)
    original = reshape(range(reductions.reduce_prod(prefix_shape)), prefix_shape)
    partitioned = dynamic_partition(original, partitions, count)
    grads = [g if g is not None else zeros_like(out) for g, out in zip(grads, op.outputs)]
    stitched = dynamic_stitch(partitioned, grads)
    return [reshape(stitched, shape(data)), None]


DYNAMIC_PARTITION = register(OpDef(
    "DynamicPartition", _partition_kernel, _partition_shape, _partition_grad,
    inputs=("data: T", "partitions: int32"),
    outputs=lambda attrs, types: [types["T"]] * attrs["num_partitions"],
    type_attrs={"T": None}))


def dynamic_partition(data, partitions, num_partitions, name=None):
    """`data`'s rows split into `num_partitions` tensors by the ids in `partitions`."""
    if not isinstance(num_partitions, int) or num_partitions < 1:
        raise ValueError(f"num_partitions must be a positive integer, got {num_partitions}")
    return apply(DYNAMIC_PARTITION, (data, partitions), {"num_partitions": num_partitions},
                 name=name or "DynamicPartition")


def _stitch_kernel(*inputs, N, T):
    indices, data = [np.asarray(x) for x in inputs[:N]], [np.asarray(x) for x in inputs[N:]]
    rest = None
    for i, (index, values) in enumerate(zip(indices, data)):
        if values.shape[:index.ndim] != index.shape:
            raise _invalid(f"data[{i}].shape = {_dims_text(values.shape)} does not start "
                           f"with indices[{i}].shape = {_dims_text(index.shape)}")
        tail = values.shape[index.ndim:]
        if rest is not None and tail != rest:
            raise _invalid(f"Need data[0].shape[{indices[0].ndim}:] = {_dims_text(rest)} "
                           f"to match data[{i}].shape[{index.ndim}:] = {_dims_text(tail)}")
        rest = tail
    count = max((int(index.max()) + 1 for index in indices if index.size), default=0)
    result = np.zeros((count,) + rest, dtype=T.as_numpy_dtype)
    for index, values in zip(indices, data):     # later inputs win, as in TF
        flat = index.reshape(-1)
        if np.any(flat < 0):
            raise _invalid(f"indices[{int(flat[flat < 0][0])}] is out of range")
        result[flat] = values.reshape((flat.size,) + rest)
    return result


def _stitch_shape(inputs, attrs):
    count = attrs["N"]
    indices, data = inputs[:count], inputs[count:]
    rest, rows = None, 0
    for index, values in zip(indices, data):
        if index.shape.rank is None or values.shape.rank is None:
            return UNKNOWN if rest is None else TensorShape((None,) + rest)
        tail = TensorShape(tuple(values.shape.as_list()[index.shape.rank:]))
        rest = tail if rest is None else shape_util.merge_shapes(rest, tail)
        known = constant_value(index)
        rows = None if known is None or rows is None else \
            max(rows, int(np.max(known)) + 1 if np.size(known) else 0)
    return TensorShape((rows,) + tuple(rest.as_list()))


def _stitch_grad(op, grad):
    count = op.get_attr("N")
    indices = [math_ops.cast(x, _dtypes.int32) for x in op.inputs[:count]]
    return [None] * count + [gather(grad, index) for index in indices]


DYNAMIC_STITCH = register(OpDef(
    "DynamicStitch", _stitch_kernel, _stitch_shape, _stitch_grad,
    inputs=("indices_and_data: N*?",), outputs=lambda attrs, types: [attrs["T"]],
    num_outputs=1))


def dynamic_stitch(indices, data, name=None):
    """One tensor whose rows indices[i][...] are data[i][...] (later entries win)."""
    indices, data = list(indices), list(data)
    if len(indices) != len(data) or not indices:
        raise ValueError(f"List argument 'indices' to 'DynamicStitch' Op with length "
                         f"{len(indices)} must match length {len(data)} of argument 'data'.")
    with name_scope(name, "DynamicStitch", indices + data) as scope:
        indices = [convert_to_tensor(x, dtype=_dtypes.int32, name="indices") for x in indices]
        data = [convert_to_tensor(x, name="data") for x in data]
        data = [x if x.dtype == data[0].dtype else
                convert_to_tensor(x, dtype=data[0].dtype) for x in data]
        return apply(DYNAMIC_STITCH, indices + data,
                     {"N": len(indices), "T": data[0].dtype}, name=scope or "DynamicStitch")


# ------------------------------------------------------------------ UniqueWithCounts, ListDiff

def _unique_with_counts_kernel(x, out_idx):
    if np.ndim(x) != 1:
        raise _invalid("unique expects a 1D vector.")
    values, first, inverse, counts = np.unique(x, return_index=True, return_inverse=True,
                                               return_counts=True)
    order = np.argsort(first, kind="stable")     # TF keeps first-occurrence order
    position = np.empty_like(order)
    position[order] = np.arange(order.size)
    index_type = out_idx.as_numpy_dtype
    return [values[order], position[np.reshape(inverse, -1)].astype(index_type),
            counts[order].astype(index_type)]


UNIQUE_WITH_COUNTS = register(OpDef(
    "UniqueWithCounts", _unique_with_counts_kernel,
    lambda inputs, attrs: [TensorShape((None,)), inputs[0].shape, TensorShape((None,))],
    inputs=("x: T",), outputs=("T", "out_idx", "out_idx"), type_attrs={"T": None}))
not_differentiable("UniqueWithCounts")

_UniqueWithCountsOutput = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def unique_with_counts(x, out_idx=_dtypes.int32, name=None):
    """unique(x) plus how often each unique element occurs."""
    return _UniqueWithCountsOutput(*apply(UNIQUE_WITH_COUNTS, (x,),
                                          {"out_idx": _dtypes.as_dtype(out_idx)},
                                          name=name or "UniqueWithCounts"))


def _list_diff_kernel(x, y, out_idx):
    if np.ndim(x) != 1:
        raise _invalid("x should be a 1D vector.")
    if np.ndim(y) != 1:
        raise _invalid("y should be a 1D vector.")
    keep = np.flatnonzero(~np.isin(x, y))
    return [np.asarray(x)[keep], keep.astype(out_idx.as_numpy_dtype)]


LIST_DIFF = register(OpDef(
    "ListDiff", _list_diff_kernel,
    lambda inputs, attrs: [TensorShape((None,)), TensorShape((None,))],
    inputs=("x: T", "y: T"), outputs=("T", "out_idx"), type_attrs={"T": None}))
not_differentiable("ListDiff")

_ListDiffOutput = collections.namedtuple("ListDiff", ["out", "idx"])


def setdiff1d(x, y, index_dtype=_dtypes.int32, name=None):
    """tf.compat.v1.setdiff1d: the elements of 1-D `x` not in `y`, in order, with their
    positions in `x`."""
    return _ListDiffOutput(*apply(LIST_DIFF, (x, y), {"out_idx": _dtypes.as_dtype(index_dtype)},
                                  name=name or "ListDiff"))
