"""Segment reductions: SegmentSum/Mean/Max/Min/Prod (sorted ids, output rows = last id + 1)
and UnsortedSegmentMax/Min/Prod (num_segments rows, negative ids dropped), with
unsorted_segment_mean and unsorted_segment_sqrt_n composed as TF composes them.
UnsortedSegmentSum lives in gather_scatter.py. Kernel, shape rule, gradient and wrapper side
by side.
"""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import math_ops, math_unary, shape_util
from tensorlite.ops.array_manip import concat, expand_dims, ones, ones_like, zeros_like
from tensorlite.ops.array_ops import INDEX_TYPES, rank, reshape, shape
from tensorlite.ops.gather_scatter import (checked_unsorted_segments, gather,
                                           unsorted_segment_sum, where)
# (UnsortedSegmentSum's shape rule serves its siblings too.)
from tensorlite.ops.gather_scatter import unsorted_segment_shape as _unsorted_shape
from tensorlite.ops.shape_util import UNKNOWN
from tensorlite.framework.errors import invalid_argument as _invalid

REAL = _dtypes.REAL_NUMBER_TYPES
NUMBERS = _dtypes.NUMBER_TYPES


# The reduction of each op: NumPy's in-place ufunc and the value of an empty segment.
# Sorted ops fill empty segments with 0 (1 for prod); unsorted ones with the reduction's
# identity, which for max and min TF takes as the dtype's lowest and highest *finite*
# values (-3.4e38 for an empty float32 segment, not -inf).
def _lowest(dtype):
    return np.finfo(dtype).min if dtype.kind == "f" else np.iinfo(dtype).min


def _highest(dtype):
    return np.finfo(dtype).max if dtype.kind == "f" else np.iinfo(dtype).max


_REDUCTIONS = {
    "Sum": (np.add, lambda dtype: 0), "Mean": (np.add, lambda dtype: 0),
    "Prod": (np.multiply, lambda dtype: 1), "Max": (np.maximum, _lowest),
    "Min": (np.minimum, _highest),
}


def _reduce(kind, data, ids, count, sorted_ids):
    """out[j] = reduction of data[i] over ids[i] == j (ids flattened, >= 0)."""
    ufunc, identity = _REDUCTIONS[kind]
    rest = data.shape[1:]
    result = np.full((count,) + rest, identity(data.dtype), dtype=data.dtype)
    ufunc.at(result, ids, data)
    if kind == "Mean":
        counts = np.bincount(ids, minlength=count).reshape((count,) + (1,) * len(rest))
        if data.dtype.kind in "iu":   # C++ integer division truncates toward zero
            result = (np.sign(result) * (np.abs(result) // np.maximum(counts, 1)))
        else:
            with np.errstate(all="ignore"):
                result = result / np.maximum(counts, 1)
        result = result.astype(data.dtype)
    elif sorted_ids and kind in ("Max", "Min"):
        empty = np.bincount(ids, minlength=count) == 0
        result[empty] = 0
    return result


# ------------------------------------------------------------------ sorted segment ops

def _sorted_kernel(kind):
    def kernel(data, segment_ids):
        data, ids = np.asarray(data), np.asarray(segment_ids)
        if ids.ndim != 1:
            raise _invalid("segment_ids should be a vector.")
        if data.ndim == 0 or ids.shape[0] != data.shape[0]:
            raise _invalid("segment_ids should be the same size as dimension 0 of input.")
        count = int(ids[-1]) + 1 if ids.size else 0
        # TF walks the ids in order: the first id out of range or below its predecessor.
        out_of_range = (ids < 0) | (ids >= count)
        decreasing = np.concatenate([[False], ids[1:] < ids[:-1]])
        bad = out_of_range | decreasing
        if np.any(bad):
            position = int(np.argmax(bad))
            if out_of_range[position]:
                raise _invalid(f"Segment id {ids[position]} out of range [0, {count}), "
                               "possibly because 'segment_ids' input is not sorted.")
            raise _invalid("segment ids are not increasing")
        return _reduce(kind, data, ids.astype(np.int64), count, True)
    kernel.__name__ = f"segment_{kind.lower()}_kernel"
    return kernel


def _sorted_shape(inputs, attrs):
    data, ids = inputs[0].shape, inputs[1].shape
    if ids.rank is not None and ids.rank != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {ids.rank}")
    if data.rank is None:
        return UNKNOWN
    if data.rank == 0:
        raise ValueError("Shape must be at least rank 1 but is rank 0")
    if ids.rank is not None:
        shape_util.merge_dims(data.as_list()[0], ids.as_list()[0])
    return TensorShape((None,) + tuple(data.as_list()[1:]))


def _segment_sum_grad(op, grad):
    return [gather(grad, op.inputs[1]), None]


def _segment_mean_grad(op, grad):
    # Each row's share of its segment's gradient: grad / (rows in the segment).
    data, ids = op.inputs
    ones_shape = concat([shape(ids), ones(expand_dims(rank(data) - 1, 0), _dtypes.int32)], 0)
    counts = segment_sum(ones(ones_shape, grad.dtype), ids)
    return [gather(grad / counts, ids), None]


def _segment_min_or_max_grad(op, grad):
    # The gradient goes to the selected rows, split evenly among ties (TF's rule).
    data, ids = op.inputs
    is_selected = math_ops.equal(data, gather(op.outputs[0], ids))
    num_selected = segment_sum(math_ops.cast(is_selected, grad.dtype), ids)
    gathered = gather(grad / num_selected, ids)
    return [where(is_selected, gathered, zeros_like(data)), None]


def _prod_partial(data, is_zero, output, non_zero_prod, pick):
    """d prod / d data: prod / data without zeros, the product of the others at the one
    zero (a segment with two zeros has its gradient zeroed by the caller)."""
    non_zero_data = where(is_zero, ones_like(data), data)
    return where(is_zero, pick(non_zero_prod), pick(output) / non_zero_data), non_zero_data


def _segment_prod_grad(op, grad):
    data, ids = op.inputs
    is_zero = math_ops.equal(data, zeros_like(data))
    num_zeros = segment_sum(math_ops.cast(is_zero, _dtypes.int32), ids)
    grad = where(math_ops.greater(num_zeros, 1), zeros_like(grad), grad)
    non_zero_prod = segment_prod(where(is_zero, ones_like(data), data), ids)
    partial, _ = _prod_partial(data, is_zero, op.outputs[0], non_zero_prod,
                               lambda t: gather(t, ids))
    return [gather(grad, ids) * partial, None]


_SORTED_TYPES = {"Sum": NUMBERS, "Mean": NUMBERS, "Prod": NUMBERS, "Max": REAL, "Min": REAL}
_SORTED_GRADS = {"Sum": _segment_sum_grad, "Mean": _segment_mean_grad,
                 "Prod": _segment_prod_grad, "Max": _segment_min_or_max_grad,
                 "Min": _segment_min_or_max_grad}
SORTED = {kind: register(OpDef(
    f"Segment{kind}", _sorted_kernel(kind), _sorted_shape, _SORTED_GRADS[kind],
    inputs=("data: T", "segment_ids: Tindices"), outputs=("T",),
    type_attrs={"T": _SORTED_TYPES[kind], "Tindices": INDEX_TYPES})) for kind in _SORTED_TYPES}


def _sorted_wrapper(kind):
    def segment_reduction(data, segment_ids, name=None):
        return apply(SORTED[kind], (data, segment_ids), name=name or f"Segment{kind}")
    segment_reduction.__name__ = f"segment_{kind.lower()}"
    segment_reduction.__doc__ = (f"The {kind.lower()} of `data`'s rows per segment; "
                                 "`segment_ids` sorted, output rows = last id + 1.")
    return segment_reduction


segment_sum = _sorted_wrapper("Sum")
segment_mean = _sorted_wrapper("Mean")
segment_max = _sorted_wrapper("Max")
segment_min = _sorted_wrapper("Min")
segment_prod = _sorted_wrapper("Prod")


# ------------------------------------------------------------------ unsorted segment ops

def _unsorted_kernel(kind):
    def kernel(data, segment_ids, num_segments):
        ids_ndim = np.ndim(segment_ids)
        data, flat_ids, count = checked_unsorted_segments(data, segment_ids, num_segments)
        flat_data = data.reshape((flat_ids.size,) + data.shape[ids_ndim:])
        keep = flat_ids >= 0     # negative ids are dropped, as in TF
        return _reduce(kind, flat_data[keep], flat_ids[keep].astype(np.int64), count, False)
    kernel.__name__ = f"unsorted_segment_{kind.lower()}_kernel"
    return kernel


def _gather_drop_negatives(params, ids):
    """params gathered at ids, zeros where an id is negative; and the kept-row mask shaped
    to broadcast against the result (TF's _GatherDropNegatives)."""
    clipped = math_ops.maximum(ids, zeros_like(ids))
    gathered = gather(params, clipped)
    kept = math_ops.greater_equal(ids, zeros_like(ids))
    extra = expand_dims(rank(gathered) - rank(kept), 0)
    kept = reshape(kept, concat([shape(kept), ones(extra, _dtypes.int32)], 0))
    return where(kept, gathered, zeros_like(gathered)), kept


def _unsorted_min_or_max_grad(op, grad):
    data, ids, count = op.inputs
    gathered_outputs, kept = _gather_drop_negatives(op.outputs[0], ids)
    is_selected = math_ops.logical_and(math_ops.equal(data, gathered_outputs), kept)
    num_selected = unsorted_segment_sum(math_ops.cast(is_selected, grad.dtype), ids, count)
    gathered, _ = _gather_drop_negatives(grad / num_selected, ids)
    return [where(is_selected, gathered, zeros_like(gathered)), None, None]


def _unsorted_prod_grad(op, grad):
    data, ids, count = op.inputs
    is_zero = math_ops.equal(data, zeros_like(data))
    num_zeros = unsorted_segment_sum(math_ops.cast(is_zero, _dtypes.int32), ids, count)
    grad = where(math_ops.greater(num_zeros, 1), zeros_like(grad), grad)
    non_zero_prod = unsorted_segment_prod(where(is_zero, ones_like(data), data), ids, count)
    clipped = math_ops.maximum(ids, zeros_like(ids))
    partial, _ = _prod_partial(data, is_zero, op.outputs[0], non_zero_prod,
                               lambda t: gather(t, clipped))
    gathered, _ = _gather_drop_negatives(grad, ids)
    return [gathered * partial, None, None]


_UNSORTED_TYPES = {"Max": REAL, "Min": REAL, "Prod": NUMBERS}
_UNSORTED_GRADS = {"Max": _unsorted_min_or_max_grad, "Min": _unsorted_min_or_max_grad,
                   "Prod": _unsorted_prod_grad}
UNSORTED = {kind: register(OpDef(
    f"UnsortedSegment{kind}", _unsorted_kernel(kind), _unsorted_shape, _UNSORTED_GRADS[kind],
    inputs=("data: T", "segment_ids: Tindices", "num_segments: Tnumsegments"),
    outputs=("T",),
    type_attrs={"T": _UNSORTED_TYPES[kind], "Tindices": (_dtypes.int16,) + INDEX_TYPES,
                "Tnumsegments": INDEX_TYPES})) for kind in _UNSORTED_TYPES}


def unsorted_segment_max(data, segment_ids, num_segments, name=None):
    """The max of `data`'s rows per segment (the dtype's lowest value for empty ones)."""
    return apply(UNSORTED["Max"], (data, segment_ids, num_segments),
                 name=name or "UnsortedSegmentMax")


def unsorted_segment_min(data, segment_ids, num_segments, name=None):
    """The min of `data`'s rows per segment (the dtype's highest value for empty ones)."""
    return apply(UNSORTED["Min"], (data, segment_ids, num_segments),
                 name=name or "UnsortedSegmentMin")


def unsorted_segment_prod(data, segment_ids, num_segments, name=None):
    """The product of `data`'s rows per segment (1 for empty ones)."""
    return apply(UNSORTED["Prod"], (data, segment_ids, num_segments),
                 name=name or "UnsortedSegmentProd")


def _unsorted_segment_counts(data, segment_ids, num_segments):
    """Rows per segment (at least 1), shaped to broadcast against the segment sums."""
    if data.shape.rank is not None and segment_ids.shape.rank is not None:
        # Known ranks: a constant tail keeps the result's static shape known.
        tail = [1] * (data.shape.rank - segment_ids.shape.rank)
    else:
        tail = ones(expand_dims(rank(data) - rank(segment_ids), 0), _dtypes.int32)
    ones_shape = concat([shape(segment_ids), tail], 0)
    counts = unsorted_segment_sum(ones(ones_shape, data.dtype), segment_ids, num_segments)
    return math_ops.maximum(counts, ones_like(counts))


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """The mean of `data`'s rows per segment (0 for empty ones)."""
    with name_scope(name, "UnsortedSegmentMean"):
        data = convert_to_tensor(data, name="data")
        segment_ids = convert_to_tensor(segment_ids, name="segment_ids")
        counts = _unsorted_segment_counts(data, segment_ids, num_segments)
        return unsorted_segment_sum(data, segment_ids, num_segments) / counts


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """The sum of `data`'s rows per segment divided by sqrt(rows in it)."""
    with name_scope(name, "UnsortedSegmentSqrtN"):
        data = convert_to_tensor(data, name="data")
        segment_ids = convert_to_tensor(segment_ids, name="segment_ids")
        counts = math_unary.sqrt(_unsorted_segment_counts(data, segment_ids, num_segments))
        return unsorted_segment_sum(data, segment_ids, num_segments) / counts
