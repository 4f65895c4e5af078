"""Reductions (Mean, Max, Min, Prod, Any, All, ArgMax, ArgMin), scans (Cumsum, Cumprod),
reduce_logsumexp and the clipping functions. Kernel, gradient and wrapper side by side;
Sum and its gradient helpers live in math_ops.
"""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import (OpDef, not_differentiable, register,
                                          register_array_gradient)
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import math_ops, shape_util
from tensorlite.ops.math_ops import as_tensor, kernel_axes, reduce_sum, reduction_shape
from tensorlite.ops.linalg_ops import einsum, norm, tensordot  # noqa: F401  (tf.* names)

__all__ = ["count_nonzero", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
           "reduce_all", "reduce_logsumexp", "argmax", "argmin", "cumsum", "clip_by_value",
           "clip_by_norm", "clip_by_global_norm", "einsum", "norm", "tensordot"]

INDEX = (_dtypes.int32, _dtypes.int64)
NUMBERS = _dtypes.NUMBER_TYPES
REAL = _dtypes.REAL_NUMBER_TYPES
REDUCE_DEFAULTS = {"keep_dims": False}


def _reduction(op_type, kernel, allowed, grad, dtype="T"):
    spec = "input: T" if dtype == "T" else f"input: {dtype}"
    return register(OpDef(op_type, kernel, reduction_shape, grad,
                          inputs=(spec, "reduction_indices: Tidx"), outputs=(dtype,),
                          type_attrs=({"T": allowed} if dtype == "T" else {}) | {"Tidx": INDEX},
                          default_attrs=REDUCE_DEFAULTS))


# ------------------------------------------------------------------ kernels

def _mean_kernel(input, reduction_indices, keep_dims=False):
    axes = kernel_axes(reduction_indices, np.ndim(input))
    dtype = input.dtype
    if dtype.kind in "fc" and dtype.itemsize > 2 and input.size:
        # np.mean's own arithmetic (pairwise sum, then one division), without its wrapper.
        total = np.add.reduce(input, axis=axes, keepdims=keep_dims)
        return total / total.dtype.type(input.size // max(total.size, 1))
    if dtype.kind in "iu":
        # TF sums in a 64-bit integer and divides with truncation toward zero.
        wide = np.int64 if input.dtype.kind == "i" else np.uint64
        total = np.sum(input, axis=axes, keepdims=keep_dims, dtype=wide)
        count = max(np.size(input) // max(np.size(total), 1), 1)
        if input.dtype.kind == "u":
            return (total // wide(count)).astype(input.dtype)
        return (np.sign(total) * (np.abs(total) // count)).astype(input.dtype)
    if np.size(input) == 0:    # 0 / 0: NaN, without NumPy's "Mean of empty slice" warning
        with np.errstate(all="ignore"):
            total = np.sum(input, axis=axes, keepdims=keep_dims)
            return (total / np.zeros((), total.dtype)).astype(input.dtype)
    if input.dtype == np.float16:
        # float16 accumulates in float16 (NumPy's default would use float32), as TF's does.
        with np.errstate(over="ignore"):
            return np.mean(input, axis=axes, keepdims=keep_dims, dtype=np.float16)
    return np.mean(input, axis=axes, keepdims=keep_dims).astype(input.dtype)


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _highest(dtype):
    return np.inf if dtype.kind == "f" else np.iinfo(dtype).max


def _max_kernel(input, reduction_indices, keep_dims=False):
    axes = kernel_axes(reduction_indices, np.ndim(input))
    # An empty reduction gives the lowest value of the dtype, as TF's does.
    return np.maximum.reduce(input, axis=axes, keepdims=keep_dims, initial=_lowest(input.dtype))


def _min_kernel(input, reduction_indices, keep_dims=False):
    axes = kernel_axes(reduction_indices, np.ndim(input))
    return np.minimum.reduce(input, axis=axes, keepdims=keep_dims,
                             initial=_highest(input.dtype))


def _prod_kernel(input, reduction_indices, keep_dims=False):
    axes = kernel_axes(reduction_indices, np.ndim(input))
    return np.prod(input, axis=axes, keepdims=keep_dims, dtype=input.dtype)


def _any_kernel(input, reduction_indices, keep_dims=False):
    return np.any(input, axis=kernel_axes(reduction_indices, np.ndim(input)),
                  keepdims=keep_dims)


def _all_kernel(input, reduction_indices, keep_dims=False):
    return np.all(input, axis=kernel_axes(reduction_indices, np.ndim(input)),
                  keepdims=keep_dims)


# ------------------------------------------------------------------ gradients

def _mean_grad(op, grad):
    x, y = op.inputs[0], op.outputs[0]
    sum_grad = math_ops.broadcast_reduction_grad(op, grad)
    if x.shape.is_fully_defined() and y.shape.is_fully_defined():
        factor = x.shape.num_elements() // max(y.shape.num_elements(), 1)
        return [math_ops.truediv(sum_grad, convert_to_tensor(factor, dtype=sum_grad.dtype)),
                None]
    from tensorlite.ops import array_ops
    factor = math_ops.floordiv(array_ops.size(x), math_ops.maximum(array_ops.size(y), 1))
    return [math_ops.truediv(sum_grad, math_ops.cast(factor, sum_grad.dtype)), None]


def _mean_array_grad(op, grad):
    x = op.inputs[0]._value
    size, reduced = x.size, op.outputs[0]._value.size
    # Divided before broadcasting (the same values as _mean_grad's, fewer divisions).
    grad = grad / grad.dtype.type(size // max(reduced, 1))
    if reduced == 1 and grad.size == 1:
        # A mean of everything (a loss): every element gets the same share.
        return [np.full(x.shape, grad.reshape(()), grad.dtype), None]
    return [math_ops.broadcast_reduction_array_grad(op, grad), None]


def _min_or_max_grad(op, grad):
    from tensorlite.ops import array_ops
    x, y = op.inputs[0], op.outputs[0]
    kept = math_ops.keep_dims_shape(x, op.inputs[1])
    if not op.get_attr("keep_dims"):
        y = array_ops.reshape(y, kept)
        grad = array_ops.reshape(grad, kept)
    indicators = math_ops.cast(math_ops.equal(y, x), grad.dtype)
    selected = array_ops.reshape(reduce_sum(indicators, op.inputs[1]), kept)
    return [math_ops.truediv(indicators, selected) * grad, None]


def _prod_grad(op, grad):
    """d prod / d x_i = the product of the other entries, computed without dividing by x_i
    (so zeros are fine): one reduced axis at a time, with exclusive cumulative products.
    For complex x, its conjugate (TF's rule, like Mul's)."""
    from tensorlite.ops import array_ops
    x = op.inputs[0]
    axes = shape_util.constant_value(op.inputs[1])
    rank = x.shape.rank
    if not op.get_attr("keep_dims"):
        grad = array_ops.reshape(grad, math_ops.keep_dims_shape(x, op.inputs[1]))
    if axes is None or rank is None:
        # Reduction axes known only at run time: y / x (TF's answer too, away from zeros).
        y = array_ops.reshape(op.outputs[0], array_ops.shape(grad))
        return [grad * math_ops.conj_if_complex(math_ops.realdiv(y, x)), None]
    axes = sorted({int(a) % rank for a in np.reshape(axes, -1)}) if rank else []
    if not axes:
        return [array_ops.reshape(grad, array_ops.shape(x)) if rank else grad, None]
    partials = [x]
    for axis in axes[:-1]:
        partials.append(reduce_prod(partials[-1], axis, keepdims=True))
    for axis, partial in zip(reversed(axes), reversed(partials)):
        others = cumprod(partial, axis, exclusive=True) * \
            cumprod(partial, axis, exclusive=True, reverse=True)
        grad = grad * math_ops.conj_if_complex(others)
    return [grad, None]


# ------------------------------------------------------------------ op records

def _euclidean_norm_kernel(input, reduction_indices, keep_dims=False):
    axes = kernel_axes(reduction_indices, np.ndim(input))
    squares = input * np.conj(input) if input.dtype.kind == "c" else \
        np.square(input.astype(np.float64) if input.dtype.kind in "iu" else input)
    total = np.sum(squares, axis=axes, keepdims=keep_dims)
    return np.sqrt(total).astype(input.dtype)


def _euclidean_norm_grad(op, grad):
    # x / |x| times the gradient, with no conjugate for complex x, as TF's rule.
    from tensorlite.ops import array_ops
    output = op.outputs[0]
    if not op.get_attr("keep_dims"):
        kept = math_ops.keep_dims_shape(op.inputs[0], op.inputs[1])
        output = array_ops.reshape(output, kept)
        grad = array_ops.reshape(grad, kept)
    return [math_ops.truediv(op.inputs[0], output / grad), None]


MEAN = _reduction("Mean", _mean_kernel, NUMBERS, _mean_grad)
register_array_gradient("Mean")(_mean_array_grad)
EUCLIDEAN_NORM = _reduction("EuclideanNorm", _euclidean_norm_kernel, NUMBERS,
                            _euclidean_norm_grad)
MAX = _reduction("Max", _max_kernel, REAL, _min_or_max_grad)
MIN = _reduction("Min", _min_kernel, REAL, _min_or_max_grad)
PROD = _reduction("Prod", _prod_kernel, NUMBERS, _prod_grad)
ANY = _reduction("Any", _any_kernel, None, None, dtype="bool")
ALL = _reduction("All", _all_kernel, None, None, dtype="bool")
not_differentiable("Any")
not_differentiable("All")


# ------------------------------------------------------------------ ArgMax, ArgMin

def _arg_kernel(function):
    def kernel(input, dimension, output_type=_dtypes.int64):
        rank = np.ndim(input)
        if np.ndim(dimension) != 0:
            raise errors.InvalidArgumentError(
                None, None, f"dim must be a scalar, but received tensor of shape: "
                f"{shape_util.shape_text(TensorShape(np.shape(dimension)))}")
        axis = int(dimension)
        if not -rank <= axis < rank:
            raise errors.InvalidArgumentError(
                None, None, f"Expected dimension in the range [{-rank}, {rank}), but got "
                f"{axis}")
        axis %= rank
        if np.shape(input)[axis] == 0:
            raise errors.InvalidArgumentError(
                None, None, f"Reduction axis {axis} is empty in shape "
                f"{shape_util.shape_text(TensorShape(np.shape(input)))}")
        result = function(input, axis=axis)
        return np.asarray(result).astype(output_type.as_numpy_dtype) if np.ndim(result) \
            else output_type.as_numpy_dtype(result)
    return kernel


def _arg_shape(inputs, attrs):
    shape = inputs[0].shape
    axis = shape_util.constant_value(inputs[1])
    if shape.rank is None:
        return shape_util.UNKNOWN
    rank = shape.rank
    if axis is None:
        return TensorShape((None,) * max(rank - 1, 0))
    axis = int(np.reshape(axis, -1)[0])
    if not -max(rank, 1) <= axis < max(rank, 1):
        raise ValueError(f"Expected dimension in the range [{-rank}, {rank}), but got {axis}")
    dims = shape.as_list()
    if rank:
        del dims[axis % rank]
    return TensorShape(tuple(dims))


def _arg_op(op_type, function):
    return register(OpDef(op_type, _arg_kernel(function), _arg_shape,
                          inputs=("input: T", "dimension: Tidx"), outputs=("output_type",),
                          type_attrs={"T": REAL + (_dtypes.bool,),
                                      "Tidx": (_dtypes.int16,) + INDEX},
                          default_attrs={"output_type": _dtypes.int64}))


ARG_MAX = _arg_op("ArgMax", np.argmax)
ARG_MIN = _arg_op("ArgMin", np.argmin)
not_differentiable("ArgMax")
not_differentiable("ArgMin")


# ------------------------------------------------------------------ Cumsum, Cumprod

def _scan_kernel(function, identity):
    def kernel(x, axis, exclusive=False, reverse=False):
        if np.ndim(axis) != 0:
            raise errors.InvalidArgumentError(
                None, None, f"ScanOp: axis must be a scalar, not "
                f"{shape_util.shape_text(TensorShape(np.shape(axis)))}")
        rank = np.ndim(x)
        axis = int(axis)
        if not -rank <= axis < rank:
            raise errors.InvalidArgumentError(
                None, None, f"ScanOp: Expected scan axis in the range [{-rank}, {rank}), but "
                f"got {axis}")
        axis %= rank
        if reverse:
            x = np.flip(x, axis)
        result = function(x, axis=axis, dtype=x.dtype)
        if exclusive:
            # Shift by one along the axis, starting from the operation's identity.
            head = [slice(None)] * rank
            head[axis] = slice(0, 1)
            body = [slice(None)] * rank
            body[axis] = slice(0, -1)
            first = np.full_like(result[tuple(head)], identity)
            result = np.concatenate([first, result[tuple(body)]], axis=axis)
        return np.flip(result, axis) if reverse else result
    return kernel


def _cumsum_grad(op, grad):
    return [cumsum(grad, op.inputs[1], exclusive=op.get_attr("exclusive"),
                   reverse=not op.get_attr("reverse")), None]


def _cumprod_grad(op, grad):
    # TF's rule, which takes no conjugates even for complex x (unlike Prod's).
    from tensorlite.ops import math_unary
    x, axis = op.inputs
    exclusive, reverse = op.get_attr("exclusive"), op.get_attr("reverse")
    prod = cumprod(x, axis, exclusive=exclusive, reverse=reverse)
    out = cumsum(prod * grad, axis, exclusive=exclusive, reverse=not reverse)
    return [math_unary.divide_no_nan(out, x), None]


def _scan_op(op_type, function, identity, grad):
    return register(OpDef(op_type, _scan_kernel(function, identity), shape_util.same_as_first,
                          grad, inputs=("x: T", "axis: Tidx"), outputs=("T",),
                          type_attrs={"T": NUMBERS, "Tidx": INDEX},
                          default_attrs={"exclusive": False, "reverse": False}))


CUMSUM = _scan_op("Cumsum", np.cumsum, 0, _cumsum_grad)
CUMPROD = _scan_op("Cumprod", np.cumprod, 1, _cumprod_grad)


# ------------------------------------------------------------------ public wrappers

def _reduce(opdef, input_tensor, axis, keepdims, name, default_name):
    return math_ops.reduce(opdef, input_tensor, axis, keepdims, name or default_name)


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    """Mean over `axis`; integer means truncate toward zero, as TF's do."""
    return _reduce(MEAN, input_tensor, axis, keepdims, name, "Mean")


def reduce_max(input_tensor, axis=None, keepdims=False, name=None):
    return _reduce(MAX, input_tensor, axis, keepdims, name, "Max")


def reduce_min(input_tensor, axis=None, keepdims=False, name=None):
    return _reduce(MIN, input_tensor, axis, keepdims, name, "Min")


def reduce_prod(input_tensor, axis=None, keepdims=False, name=None):
    return _reduce(PROD, input_tensor, axis, keepdims, name, "Prod")


def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    return _reduce(ANY, input_tensor, axis, keepdims, name, "Any")


def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    return _reduce(ALL, input_tensor, axis, keepdims, name, "All")


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    return _reduce(EUCLIDEAN_NORM, input_tensor, axis, keepdims, name, "EuclideanNorm")


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """The mean squared deviation from the mean (floating or complex inputs only)."""
    from tensorlite.ops import math_unary
    with name_scope(name or "reduce_variance"):
        input_tensor = convert_to_tensor(input_tensor)
        means = reduce_mean(input_tensor, axis=axis, keepdims=True)
        if means.dtype.is_integer:
            raise TypeError(f"Input must be either real or complex. Received integer type "
                            f"{means.dtype}.")
        diff = input_tensor - means
        if diff.dtype.is_complex:
            squared = math_ops.cast(math_ops.multiply(diff, math_unary.conj(diff)),
                                    diff.dtype.real_dtype)
        else:
            squared = math_unary.square(diff)
        return reduce_mean(squared, axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    from tensorlite.ops import math_unary
    with name_scope(name or "reduce_std"):
        variance = reduce_variance(input_tensor, axis=axis, keepdims=keepdims)
        return math_unary.sqrt(variance)


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """log(sum(exp(x))) computed stably, by subtracting the (finite) maximum first."""
    from tensorlite.ops import array_manip, array_ops, gather_scatter, math_unary
    with name_scope(name, "ReduceLogSumExp", [input_tensor]) as scope:
        input_tensor = as_tensor(input_tensor, "input_tensor")
        raw_max = reduce_max(input_tensor, axis=axis, keepdims=True)
        my_max = array_manip.stop_gradient(
            gather_scatter.where(math_unary.is_finite(raw_max), raw_max,
                              array_manip.zeros_like(raw_max)))
        result = math_unary.log(reduce_sum(math_unary.exp(input_tensor - my_max),
                                           axis=axis, keepdims=keepdims))
        if not keepdims:
            my_max = array_ops.reshape(my_max, array_ops.shape(result))
        result = math_ops.add(result, my_max, name=scope)
        if axis is None and not keepdims and result.shape.rank is None:
            result.set_shape(())
        return result


def argmax(input, axis=None, output_type=_dtypes.int64, name=None):
    return apply(ARG_MAX, (input, 0 if axis is None else axis),
                 {"output_type": _dtypes.as_dtype(output_type)}, name=name or "ArgMax")


def argmin(input, axis=None, output_type=_dtypes.int64, name=None):
    return apply(ARG_MIN, (input, 0 if axis is None else axis),
                 {"output_type": _dtypes.as_dtype(output_type)}, name=name or "ArgMin")


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    with name_scope(name, "Cumsum", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return apply(CUMSUM, (x, axis), {"exclusive": bool(exclusive),
                                         "reverse": bool(reverse)}, name=scope or "Cumsum")


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    with name_scope(name, "Cumprod", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return apply(CUMPROD, (x, axis), {"exclusive": bool(exclusive),
                                          "reverse": bool(reverse)}, name=scope or "Cumprod")


# ------------------------------------------------------------------ clipping

def _is_indexed_slices(value):
    return not isinstance(value, Tensor) and hasattr(value, "indices") and \
        hasattr(value, "dense_shape") and hasattr(value, "values")


def _with_values(original, values):
    if _is_indexed_slices(original):
        return type(original)(values, original.indices, original.dense_shape)
    return values


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """min(max(t, clip_value_min), clip_value_max) without changing t's shape."""
    with name_scope(name, "clip_by_value", [t, clip_value_min, clip_value_max]) as scope:
        values = convert_to_tensor(t.values if _is_indexed_slices(t) else t, name="t")
        clip_value_min = _like(clip_value_min, values)
        clip_value_max = _like(clip_value_max, values)
        t_min = math_ops.minimum(values, clip_value_max)
        _check_no_broadcast(values, t_min)
        t_max = math_ops.maximum(t_min, clip_value_min, name=scope)
        _check_no_broadcast(values, t_max)
        return _with_values(t, t_max)


def _like(value, tensor):
    """Python values take tensor's dtype, as the op's own input conversion would give them."""
    if isinstance(value, Tensor):
        return value
    return convert_to_tensor(value, dtype=tensor.dtype)


def _check_no_broadcast(values, result):
    if not values.shape.is_compatible_with(result.shape):
        raise ValueError(f"Shapes {values.shape} and {result.shape} are incompatible")


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """t * clip_norm / max(l2norm(t, axes), clip_norm), with a NaN-free gradient at 0."""
    from tensorlite.ops import array_manip, array_ops, gather_scatter, math_unary
    with name_scope(name, "clip_by_norm", [t, clip_norm]) as scope:
        values = convert_to_tensor(t.values if _is_indexed_slices(t) else t, name="t")
        clip_norm = _like(clip_norm, values)
        l2sum = reduce_sum(values * values, axes, keepdims=True)
        positive = math_ops.greater(l2sum, convert_to_tensor(0, dtype=l2sum.dtype))
        # The double where keeps the gradient finite when the norm is 0.
        l2sum_safe = gather_scatter.where(positive, l2sum, array_manip.ones_like(l2sum))
        l2norm = gather_scatter.where(positive, math_unary.sqrt(l2sum_safe), l2sum)
        intermediate = values * clip_norm
        _check_no_broadcast(values, intermediate)
        clipped = array_ops.identity(intermediate / math_ops.maximum(l2norm, clip_norm),
                                     name=scope)
        return _with_values(t, clipped)


def _check_sequence(t_list):
    if not isinstance(t_list, (list, tuple)):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received "
                        f"{type(t_list)}.")
    return list(t_list)


def global_norm(t_list, name=None):
    """sqrt(sum of squares of every entry of every tensor); None entries are skipped."""
    from tensorlite.ops import array_ops, math_unary
    t_list = _check_sequence(t_list)
    with name_scope(name, "global_norm", [t for t in t_list if t is not None]) as scope:
        values = [convert_to_tensor(t.values if _is_indexed_slices(t) else t, name=f"t_{i}")
                  if t is not None else None for i, t in enumerate(t_list)]
        half_squared = [reduce_sum(v * v) * 0.5 for v in values if v is not None]
        total = reduce_sum(array_ops.stack(half_squared)) if half_squared else \
            convert_to_tensor(0.0)
        return math_unary.sqrt(total * 2.0, name="global_norm" if scope else None)


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Scale every tensor by clip_norm / max(global_norm, clip_norm); returns
    (clipped list, global norm). None entries stay None."""
    from tensorlite.ops import array_ops
    t_list = _check_sequence(t_list)
    if use_norm is None:
        use_norm = global_norm(t_list, name)
    with name_scope(name, "clip_by_global_norm",
                    [t for t in t_list if t is not None] + [clip_norm]) as scope:
        use_norm = convert_to_tensor(use_norm)
        one = convert_to_tensor(1.0, dtype=use_norm.dtype)
        scale_for_finite = clip_norm * math_ops.minimum(1.0 / use_norm, one / clip_norm)
        # Finite norms leave this unchanged; inf or NaN norms make the scale NaN.
        scale = scale_for_finite + (use_norm - use_norm)
        clipped = []
        for i, t in enumerate(t_list):
            if t is None:
                clipped.append(None)
                continue
            values = convert_to_tensor(t.values if _is_indexed_slices(t) else t,
                                       name=f"t_{i}")
            scaled = array_ops.identity(values * math_ops.cast(scale, values.dtype),
                                        name=f"{scope}_{i}" if scope else None)
            clipped.append(_with_values(t, scaled))
        return clipped, use_norm


# ------------------------------------------------------------------ TF1 spellings

def _deprecated_lookup(new_name, new_value, old_name, old_value):
    if new_value is not None and old_value is not None:
        raise ValueError(f"Cannot specify both '{old_name}' and '{new_name}'.")
    return new_value if new_value is not None else old_value


def _v1_reduction(reduce):
    def reduce_v1(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                  keep_dims=None):
        axis = _deprecated_lookup("axis", axis, "reduction_indices", reduction_indices)
        keepdims = _deprecated_lookup("keepdims", keepdims, "keep_dims", keep_dims)
        return reduce(input_tensor, axis, bool(keepdims), name)
    reduce_v1.__name__ = reduce.__name__ + "_v1"
    reduce_v1.__doc__ = f"TF1's {reduce.__name__}: also takes reduction_indices, keep_dims."
    return reduce_v1


def _v1_arg(arg):
    def arg_v1(input, axis=None, name=None, dimension=None, output_type=_dtypes.int64):
        axis = _deprecated_lookup("axis", axis, "dimension", dimension)
        return arg(input, axis, output_type, name)
    arg_v1.__name__ = arg.__name__ + "_v1"
    return arg_v1


def _v1_names():
    from tensorlite.ops import linalg_ops, math_unary
    names = {f.__name__: _v1_reduction(f)
             for f in (reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod,
                       reduce_any, reduce_all, reduce_logsumexp)}
    names.update(argmax=_v1_arg(argmax), argmin=_v1_arg(argmin), cumprod=cumprod,
                 diag=linalg_ops.tensor_diag, diag_part=linalg_ops.tensor_diag_part,
                 trace=linalg_ops.trace, norm=linalg_ops.norm_v1,
                 div_no_nan=math_unary.divide_no_nan,
                 floormod=math_ops.floormod, mod=math_ops.floormod)
    for name in ("log", "rsqrt", "ceil", "reciprocal", "erf", "expm1", "log1p",
                 "squared_difference", "is_finite", "is_nan", "is_inf"):
        names[name] = getattr(math_unary, name)
    return names


# The names tf.compat.v1 adds or spells differently (reduce_sum(..., keep_dims=...),
# tf.log, tf.diag): compat/v1.py installs them over the TF2 ones.
V1_NAMES = _v1_names()


def count_nonzero(input, axis=None, keepdims=None, dtype=_dtypes.int64, name=None):
    """The number of non-zero elements along `axis` (tf.math.count_nonzero)."""
    with name_scope(name, "count_nonzero", [input]):
        input = convert_to_tensor(input, name="input")
        nonzero = math_ops.cast(math_ops.not_equal(input, np.zeros((), input.dtype.as_numpy_dtype)
                                                   if input.dtype.is_numpy_compatible and
                                                   input.dtype.name != "string" else b""),
                                _dtypes.int64)
        counts = math_ops.reduce_sum(nonzero, axis=axis, keepdims=bool(keepdims))
        return math_ops.cast(counts, dtype)
