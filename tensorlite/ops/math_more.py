"""Math and array ops real programs use beyond the core: bincount, confusion_matrix,
searchsorted, histograms, roll, meshgrid and unravel_index; and the namespaces of these, of
the partition and set ops (partition_ops.py), the segment reductions (segment_ops.py) and
the special functions (special_functions.py). Kernel, shape rule, gradient and wrapper side
by side.
"""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import math_ops, reductions, segment_ops, special_functions
from tensorlite.ops.array_manip import ones, ones_like
from tensorlite.ops.array_ops import INDEX_TYPES, reshape, shape, size, stack
from tensorlite.ops.control_flow_ops import with_dependencies
from tensorlite.ops.debug_ops import assert_less, assert_non_negative
from tensorlite.ops.gather_scatter import scatter_nd
# Exported from here (see __all__ and V1_NAMES).
from tensorlite.ops.partition_ops import (dynamic_partition, dynamic_stitch,  # noqa: F401
                                         setdiff1d, unique_with_counts)
from tensorlite.ops.shape_util import UNKNOWN, constant_value
from tensorlite.framework.errors import invalid_argument as _invalid
from tensorlite.ops.shape_util import check_rank_at_least as _rank_at_least
from tensorlite.ops.shape_util import dims_text as _dims_text

__all__ = ["searchsorted", "histogram_fixed_width", "histogram_fixed_width_bins", "roll",
           "meshgrid", "unravel_index", "dynamic_partition", "dynamic_stitch",
           "unique_with_counts"]

REAL = _dtypes.REAL_NUMBER_TYPES
NUMBERS = _dtypes.NUMBER_TYPES


def _rank_is(shape, rank):
    if shape.rank is not None and shape.rank != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {shape.rank}")


# ------------------------------------------------------------------ DenseBincount

def _bincount_kernel(input, size, weights, binary_output=False):
    input, weights = np.asarray(input), np.asarray(weights)
    count = int(size)
    if count < 0:
        raise _invalid(f"size ({count}) must be non-negative")
    if input.ndim not in (1, 2):
        raise _invalid(f"Shape must be at most rank 2 but is rank {input.ndim}")
    if np.any(input < 0):
        raise _invalid("Input arr must be non-negative!")
    if weights.size and weights.shape != input.shape:
        raise _invalid(f"Input and weights must have the same shape: "
                       f"{_dims_text(input.shape)} vs. {_dims_text(weights.shape)}")
    rows = input.reshape(-1, input.shape[-1]) if input.ndim == 2 else input.reshape(1, -1)
    result = np.zeros((rows.shape[0], count), dtype=weights.dtype)
    keep = rows < count        # values at or past `size` are dropped (maxlength)
    row_ids = np.broadcast_to(np.arange(rows.shape[0])[:, None], rows.shape)
    if binary_output:
        result[row_ids[keep], rows[keep]] = 1
    elif weights.size:
        np.add.at(result, (row_ids[keep], rows[keep]), weights.reshape(rows.shape)[keep])
    else:
        np.add.at(result, (row_ids[keep], rows[keep]), 1)
    return result if input.ndim == 2 else result[0]


def _bincount_shape(inputs, attrs):
    source = inputs[0].shape
    count = constant_value(inputs[1])
    count = None if count is None else int(count)
    if source.rank is None:
        return UNKNOWN
    if source.rank == 2:
        return TensorShape((source.as_list()[0], count))
    return TensorShape((count,))


DENSE_BINCOUNT = register(OpDef(
    "DenseBincount", _bincount_kernel, _bincount_shape,
    inputs=("input: Tidx", "size: Tidx", "weights: T"), outputs=("T",),
    type_attrs={"Tidx": INDEX_TYPES,
                "T": (_dtypes.int32, _dtypes.int64, _dtypes.float32, _dtypes.float64)},
    default_attrs={"binary_output": False}))
# No gradient, as in TF (asking for one is TF's LookupError).


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=_dtypes.int32,
             name=None, axis=None, binary_output=False):
    """Counts (or summed weights) of each value in the non-negative integers `arr`."""
    with name_scope(name or "bincount"):
        arr = convert_to_tensor(arr, name="arr")
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
        if weights is not None and binary_output:
            raise ValueError("Arguments `binary_output` and `weights` are mutually "
                             "exclusive. Please specify only one.")
        if not arr.dtype.is_integer:
            arr = math_ops.cast(arr, _dtypes.int32)
        axis = 0 if axis is None else axis
        if axis not in (0, -1):
            raise ValueError(f"Unsupported value for argument axis={axis}. Only 0 and -1 are "
                             "currently supported.")
        nonempty = math_ops.cast(math_ops.greater(size(arr), 0), arr.dtype)
        output_size = nonempty * (reductions.reduce_max(arr) + 1)
        if minlength is not None:
            minlength = convert_to_tensor(minlength, name="minlength", dtype=arr.dtype)
            output_size = math_ops.maximum(minlength, output_size)
        if maxlength is not None:
            maxlength = convert_to_tensor(maxlength, name="maxlength", dtype=arr.dtype)
            output_size = math_ops.minimum(maxlength, output_size)
        if axis == 0:
            if weights is not None:
                weights = reshape(weights, [-1])
            arr = reshape(arr, [-1])
        if weights is None:
            # An empty weights tensor means "count" to the kernel (TF's convention).
            weights = convert_to_tensor(np.zeros([0], _dtypes.as_dtype(dtype).as_numpy_dtype))
        return apply(DENSE_BINCOUNT, (arr, output_size, weights),
                     {"binary_output": bool(binary_output)}, name="DenseBincount")


def bincount_v1(arr, weights=None, minlength=None, maxlength=None, dtype=_dtypes.int32):
    """tf.compat.v1.bincount: no name, axis or binary_output."""
    return bincount(arr, weights, minlength, maxlength, dtype)


# ------------------------------------------------------------------ confusion_matrix

def _squeeze_extra_dim(labels, predictions):
    """TF's remove_squeezable_dimensions: drop a trailing size-1 axis from the one of rank
    one higher than the other (static ranks)."""
    from tensorlite.ops.array_manip import squeeze
    labels_rank, predictions_rank = labels.shape.rank, predictions.shape.rank
    if labels_rank is not None and predictions_rank is not None:
        if labels_rank == predictions_rank + 1 and labels.shape.as_list()[-1] in (1, None):
            labels = squeeze(labels, [-1])
        elif predictions_rank == labels_rank + 1 and \
                predictions.shape.as_list()[-1] in (1, None):
            predictions = squeeze(predictions, [-1])
    return labels, predictions


def confusion_matrix(labels, predictions, num_classes=None, weights=None,
                     dtype=_dtypes.int32, name=None):
    """counts[i, j]: how often label i was predicted as j (weighted when `weights`)."""
    with name_scope(name, "confusion_matrix", [predictions, labels, num_classes, weights]):
        labels, predictions = _squeeze_extra_dim(convert_to_tensor(labels, name="labels"),
                                                 convert_to_tensor(predictions,
                                                                   name="predictions"))
        predictions = math_ops.cast(predictions, _dtypes.int64)
        labels = math_ops.cast(labels, _dtypes.int64)
        labels = with_dependencies([assert_non_negative(
            labels, message="`labels` contains negative values")], labels)
        predictions = with_dependencies([assert_non_negative(
            predictions, message="`predictions` contains negative values")], predictions)
        if num_classes is None:
            num_classes = math_ops.maximum(reductions.reduce_max(predictions),
                                           reductions.reduce_max(labels)) + 1
        else:
            num_classes_int64 = math_ops.cast(num_classes, _dtypes.int64)
            labels = with_dependencies([assert_less(
                labels, num_classes_int64, message="`labels` out of bound")], labels)
            predictions = with_dependencies([assert_less(
                predictions, num_classes_int64, message="`predictions` out of bound")],
                predictions)
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
            predictions.shape.assert_is_compatible_with(weights.shape)
            weights = math_ops.cast(weights, dtype)
        # A Python num_classes stays a constant shape, so the static shape is known.
        matrix_shape = [num_classes, num_classes] if not isinstance(num_classes, Tensor) \
            else math_ops.cast(stack([num_classes, num_classes]), _dtypes.int64)
        indices = stack([labels, predictions], axis=1)
        values = ones_like(predictions, dtype) if weights is None else weights
        return scatter_nd(indices, values, matrix_shape)


def confusion_matrix_v1(labels, predictions, num_classes=None, dtype=_dtypes.int32,
                        name=None, weights=None):
    """tf.compat.v1.math.confusion_matrix (`dtype` and `name` come before `weights`)."""
    return confusion_matrix(labels, predictions, num_classes, weights, dtype, name)


# ------------------------------------------------------------------ LowerBound, UpperBound

def _bound_kernel(side):
    def kernel(sorted_inputs, values, out_type=_dtypes.int32):
        sorted_inputs, values = np.asarray(sorted_inputs), np.asarray(values)
        if sorted_inputs.ndim != 2 or values.ndim != 2:
            raise _invalid("sorted_inputs and values must be rank 2")
        if sorted_inputs.shape[0] != values.shape[0]:
            raise _invalid("Leading dim_size of both tensors must match.")
        result = np.empty(values.shape, out_type.as_numpy_dtype)
        for row in np.ndindex(values.shape[0]):
            result[row] = np.searchsorted(sorted_inputs[row], values[row], side=side)
        return result
    return kernel


def _bound_shape(inputs, attrs):
    _rank_is(inputs[0].shape, 2)
    _rank_is(inputs[1].shape, 2)
    return inputs[1].shape


BOUNDS = {}
for _side, _op_type in (("left", "LowerBound"), ("right", "UpperBound")):
    BOUNDS[_side] = register(OpDef(
        _op_type, _bound_kernel(_side), _bound_shape,
        inputs=("sorted_inputs: T", "values: T"), outputs=("out_type",),
        type_attrs={"T": REAL}, default_attrs={"out_type": _dtypes.int32}))
    not_differentiable(_op_type)


def searchsorted(sorted_sequence, values, side="left", out_type=_dtypes.int32, name=None):
    """Where each of `values` would go in the innermost sorted rows of `sorted_sequence`."""
    if side not in ("left", "right"):
        raise ValueError(f"Argument `side` must be either 'right' or 'left'. Received: "
                         f"`side` = '{side}'.")
    with name_scope(name, "searchsorted", [sorted_sequence, values]):
        sorted_sequence = convert_to_tensor(sorted_sequence, name="sorted_sequence")
        values = convert_to_tensor(values, name="values", dtype=sorted_sequence.dtype)
        sequence_size = shape(sorted_sequence)[-1]
        values_size = shape(values)[-1]
        sorted_2d = reshape(sorted_sequence, stack([-1, sequence_size]))
        values_2d = reshape(values, stack([-1, values_size]))
        output = apply(BOUNDS[side], (sorted_2d, values_2d),
                       {"out_type": _dtypes.as_dtype(out_type)},
                       name="LowerBound" if side == "left" else "UpperBound")
        return reshape(output, shape(values))


# ------------------------------------------------------------------ HistogramFixedWidth

def _histogram_kernel(values, value_range, nbins, dtype=_dtypes.int32):
    values, value_range = np.asarray(values), np.asarray(value_range)
    count = int(nbins)
    if value_range.shape != (2,):
        raise _invalid(f"value_range should be a vector of 2 elements, got shape "
                       f"{_dims_text(value_range.shape)}")
    low, high = value_range
    if not low < high:
        raise _invalid(f"value_range should satisfy value_range[0] < value_range[1], but got "
                       f"'[{low:g}, {high:g}]'")
    if count <= 0:
        raise _invalid(f"nbins should be a positive number, but got '{count}'")
    # As TF's kernel: the bin in double precision, values below the range in the first
    # bin and values at or above its end in the last.
    step = (float(high) - float(low)) / count
    bins = (np.maximum(values, low).astype(np.float64) - float(low)) / step
    bins = np.minimum(bins, count - 1).astype(np.int64).reshape(-1)
    return np.bincount(bins, minlength=count).astype(dtype.as_numpy_dtype)


def _histogram_shape(inputs, attrs):
    _rank_is(inputs[1].shape, 1)
    _rank_is(inputs[2].shape, 0)
    count = constant_value(inputs[2])
    return TensorShape((None if count is None else int(count),))


HISTOGRAM_FIXED_WIDTH = register(OpDef(
    "HistogramFixedWidth", _histogram_kernel, _histogram_shape,
    inputs=("values: T", "value_range: T", "nbins: int32"), outputs=("dtype",),
    type_attrs={"T": (_dtypes.int32, _dtypes.int64, _dtypes.float32, _dtypes.float64)},
    default_attrs={"dtype": _dtypes.int32}))
not_differentiable("HistogramFixedWidth")


def histogram_fixed_width(values, value_range, nbins=100, dtype=_dtypes.int32, name=None):
    """Counts of `values` in `nbins` equal bins over `value_range` (ends clamped in)."""
    with name_scope(name, "histogram_fixed_width", [values, value_range, nbins]) as scope:
        return apply(HISTOGRAM_FIXED_WIDTH, (values, value_range, nbins),
                     {"dtype": _dtypes.as_dtype(dtype)}, name=scope or "HistogramFixedWidth")


def histogram_fixed_width_bins(values, value_range, nbins=100, dtype=_dtypes.int32,
                               name=None):
    """The bin (int32) of each of `values` among `nbins` equal bins over `value_range`."""
    with name_scope(name, "histogram_fixed_width", [values, value_range, nbins]):
        values = convert_to_tensor(values, name="values")
        values_shape = shape(values)
        values = reshape(values, [-1])
        value_range = convert_to_tensor(value_range, name="value_range")
        nbins = convert_to_tensor(nbins, dtype=_dtypes.int32, name="nbins")
        nbins_float = math_ops.cast(nbins, values.dtype)
        scaled = math_ops.truediv(values - value_range[0], value_range[1] - value_range[0],
                                  name="scaled_values")
        from tensorlite.ops.math_unary import floor
        indices = floor(nbins_float * scaled, name="indices")
        indices = math_ops.cast(reductions.clip_by_value(indices, 0, nbins_float - 1),
                                _dtypes.int32)
        return reshape(indices, values_shape)


# ------------------------------------------------------------------ Roll

def _roll_kernel(input, shift, axis):
    input, shift, axis = np.asarray(input), np.asarray(shift), np.asarray(axis)
    if input.ndim == 0:
        raise _invalid("input must be 1-D or higher")
    if shift.ndim > 1:
        raise _invalid(f"shift must be a scalar or a 1-D vector. Found: "
                       f"{_dims_text(shift.shape)}")
    if axis.ndim > 1:
        raise _invalid(f"axis must be a scalar or a 1-D vector. Found: "
                       f"{_dims_text(axis.shape)}")
    if shift.shape != axis.shape:
        raise _invalid("shift and axis must have the same size")
    for a in axis.reshape(-1):
        if not -input.ndim <= a < input.ndim:
            raise _invalid(f"axis {a} is out of range")
    # Shifts along a repeated axis add up, in TF as in np.roll.
    return np.roll(input, tuple(int(s) for s in shift.reshape(-1)),
                   tuple(int(a) for a in axis.reshape(-1)))


def _roll_shape(inputs, attrs):
    _rank_at_least(inputs[0].shape, 1)
    return inputs[0].shape


ROLL = register(OpDef(
    "Roll", _roll_kernel, _roll_shape,
    lambda op, grad: [roll(grad, -op.inputs[1], op.inputs[2]), None, None],
    inputs=("input: T", "shift: Tshift", "axis: Taxis"), outputs=("T",),
    type_attrs={"T": None, "Tshift": INDEX_TYPES, "Taxis": INDEX_TYPES}))


def roll(input, shift, axis, name=None):
    """`input` rotated by `shift` positions along each of `axis`."""
    return apply(ROLL, (input, shift, axis), name=name or "Roll")


# ------------------------------------------------------------------ meshgrid

def meshgrid(*args, **kwargs):
    """N-D coordinate grids from N vectors; indexing "xy" (default) swaps the first two."""
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        key = list(kwargs.keys())[0]
        raise TypeError(f"'{key}' is an invalid keyword argument for this function")
    if indexing not in ("xy", "ij"):
        raise ValueError(f"Argument `indexing` parameter must be either 'xy' or 'ij', got "
                         f"'{indexing}'")
    with name_scope(name, "meshgrid", args):
        ndim = len(args)
        if not ndim:
            return []
        singles = (1,) * ndim
        output = [reshape(convert_to_tensor(x), singles[:i] + (-1,) + singles[i + 1:])
                  for i, x in enumerate(args)]
        shapes = [size(x) for x in args]
        output_dtype = convert_to_tensor(args[0]).dtype.base_dtype
        if indexing == "xy" and ndim > 1:
            output[0] = reshape(output[0], (1, -1) + (1,) * (ndim - 2))
            output[1] = reshape(output[1], (-1, 1) + (1,) * (ndim - 2))
            shapes[0], shapes[1] = shapes[1], shapes[0]
        # As TF: broadcast by multiplying with ones (so mixed dtypes are TF's Mul error).
        factor = ones(stack(shapes), output_dtype)
        return [x * factor for x in output]


# ------------------------------------------------------------------ UnravelIndex

def _unravel_kernel(indices, dims):
    indices, dims = np.asarray(indices), np.asarray(dims)
    if indices.ndim > 1:
        raise _invalid(f'The indices can only be scalar or vector, got '
                       f'"{_dims_text(indices.shape)}"')
    if dims.ndim != 1:
        raise _invalid(f'The indices can only be 1-D, got "{_dims_text(dims.shape)}"')
    if np.any(dims <= 0):
        raise _invalid("Input dims must be > 0")
    if np.any((indices < 0) | (indices >= np.prod(dims, dtype=np.int64))):
        raise _invalid("index is out of bound as with dims")
    return np.stack(np.unravel_index(indices, tuple(int(d) for d in dims))).astype(
        indices.dtype)


def _unravel_shape(inputs, attrs):
    indices, dims = inputs[0].shape, inputs[1].shape
    _rank_is(dims, 1)
    ndims = None if dims.rank is None else dims.as_list()[0]
    if indices.rank is None:
        return UNKNOWN
    if indices.rank > 1:
        raise ValueError(f"Shape must be at most rank 1 but is rank {indices.rank}")
    return TensorShape((ndims,) + tuple(indices.as_list()))


UNRAVEL_INDEX = register(OpDef(
    "UnravelIndex", _unravel_kernel, _unravel_shape,
    inputs=("indices: Tidx", "dims: Tidx"), outputs=("Tidx",), type_attrs={"Tidx": INDEX_TYPES}))
not_differentiable("UnravelIndex")


def unravel_index(indices, dims, name=None):
    """The coordinates in an array of shape `dims` of flat `indices` (one row per axis)."""
    return apply(UNRAVEL_INDEX, (indices, dims), name=name or "UnravelIndex")


# ------------------------------------------------------------------ namespaces

_SPECIAL = ("lgamma", "digamma", "polygamma", "zeta", "erfinv", "ndtri", "lbeta",
            "bessel_i0e", "bessel_i1e")
_SEGMENT = ("segment_sum", "segment_mean", "segment_max", "segment_min", "segment_prod",
            "unsorted_segment_max", "unsorted_segment_min", "unsorted_segment_prod",
            "unsorted_segment_mean", "unsorted_segment_sqrt_n")

# tf.math (and so tf.compat.v1.math, the same module).
MATH_NAMES = {"bincount": bincount, "confusion_matrix": confusion_matrix,
              **{name: getattr(special_functions, name) for name in _SPECIAL},
              **{name: getattr(segment_ops, name) for name in _SEGMENT}}

# TF1's top level: the segment ops and most special functions were top-level there too
# (erfinv, ndtri and the Bessel functions were not).
V1_NAMES = {"setdiff1d": setdiff1d, "bincount": bincount_v1,
            "confusion_matrix": confusion_matrix_v1,
            **{name: MATH_NAMES[name] for name in _SEGMENT},
            **{name: MATH_NAMES[name] for name in ("lgamma", "digamma", "polygamma", "zeta",
                                                   "lbeta")}}
