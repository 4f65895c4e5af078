"""Elementwise arithmetic, comparisons, logic, MatMul, Cast and Sum: kernel, shape and
public wrapper of each op side by side; their gradients (and the broadcasting-gradient
helpers that other op modules reuse) follow at the end.
"""
import functools
import operator

import numpy as np

from tensorlite.autodiff.grad_util import broadcast_array, sum_array_to_shape
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor, registered_conversion
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import (OpDef, not_differentiable, register,
                                          register_array_gradient, register_gradient)
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import EagerTensor, Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import shape_util
from tensorlite.ops.shape_util import broadcast_rule, same_as_first

_state = _context.state

FLOATS = _dtypes.FLOATING_TYPES
INTS = _dtypes.INTEGER_TYPES
REAL = _dtypes.REAL_NUMBER_TYPES
NUMBERS = _dtypes.NUMBER_TYPES
SIGNED_NUMBERS = tuple(d for d in NUMBERS if not d.is_unsigned)


def _binary(op_type, kernel, allowed, out="T"):
    return register(OpDef(op_type, kernel, broadcast_rule, inputs=("x: T", "y: T"),
                          outputs=(out,), type_attrs={"T": allowed}))


def _unary(op_type, kernel, allowed, arg="x"):
    return register(OpDef(op_type, kernel, same_as_first, inputs=(f"{arg}: T",),
                          outputs=("T",), type_attrs={"T": allowed}))


def _real_div(x, y):
    if x.dtype.kind in "iu":
        # TF's RealDiv on integers truncates toward zero, like C.
        return (np.trunc(np.true_divide(x, y))).astype(x.dtype)
    return x / y


def _floor_div(x, y):
    if x.dtype.kind in "iu" and np.any(np.asarray(y) == 0):
        raise ValueError("Integer division by zero")
    return np.floor_divide(x, y)


def _floor_mod(x, y):
    if x.dtype.kind in "iu" and np.any(np.asarray(y) == 0):
        raise ValueError("Integer division by zero")
    return np.mod(x, y)


def _pow(x, y):
    if x.dtype.kind in "iu" and np.any(np.asarray(y) < 0):
        raise ValueError("Integers to negative integer powers are not allowed")
    return np.power(x, y)


ADD_V2 = _binary("AddV2", operator.add, NUMBERS)
ADD = _binary("Add", operator.add, NUMBERS + (_dtypes.string,))
SUB = _binary("Sub", operator.sub, NUMBERS)
MUL = _binary("Mul", operator.mul, NUMBERS)
REAL_DIV = _binary("RealDiv", _real_div, NUMBERS)
FLOOR_DIV = _binary("FloorDiv", _floor_div, REAL)
FLOOR_MOD = _binary("FloorMod", _floor_mod, REAL)
POW = _binary("Pow", _pow, SIGNED_NUMBERS)
MAXIMUM = _binary("Maximum", np.maximum, REAL)
MINIMUM = _binary("Minimum", np.minimum, REAL)
NEG = _unary("Neg", operator.neg, SIGNED_NUMBERS)
ABS = _unary("Abs", np.abs, SIGNED_NUMBERS)
LOGICAL_NOT = _unary("LogicalNot", np.logical_not, (_dtypes.bool,))
INVERT = _unary("Invert", np.invert, INTS)
LOGICAL_AND = _binary("LogicalAnd", np.logical_and, (_dtypes.bool,))
LOGICAL_OR = _binary("LogicalOr", np.logical_or, (_dtypes.bool,))
BITWISE_AND = _binary("BitwiseAnd", np.bitwise_and, INTS)
BITWISE_OR = _binary("BitwiseOr", np.bitwise_or, INTS)
BITWISE_XOR = _binary("BitwiseXor", np.bitwise_xor, INTS)

LESS = _binary("Less", np.less, REAL, out="bool")
LESS_EQUAL = _binary("LessEqual", np.less_equal, REAL, out="bool")
GREATER = _binary("Greater", np.greater, REAL, out="bool")
GREATER_EQUAL = _binary("GreaterEqual", np.greater_equal, REAL, out="bool")


def _equal_kernel(x, y, incompatible_shape_error=True):
    try:
        return np.equal(x, y)
    except ValueError:
        if incompatible_shape_error:
            raise
        return np.bool_(False)


def _not_equal_kernel(x, y, incompatible_shape_error=True):
    try:
        return np.not_equal(x, y)
    except ValueError:
        if incompatible_shape_error:
            raise
        return np.bool_(True)


def _equality_shape(inputs, attrs):
    try:
        return broadcast_rule(inputs, attrs)
    except ValueError:
        if attrs.get("incompatible_shape_error", True):
            raise
        return TensorShape(())


EQUAL = register(OpDef("Equal", _equal_kernel, _equality_shape, inputs=("x: T", "y: T"),
                       outputs=("bool",), type_attrs={"T": None},
                       default_attrs={"incompatible_shape_error": True}))
NOT_EQUAL = register(OpDef("NotEqual", _not_equal_kernel, _equality_shape,
                           inputs=("x: T", "y: T"), outputs=("bool",), type_attrs={"T": None},
                           default_attrs={"incompatible_shape_error": True}))


# ------------------------------------------------------------------ MatMul

def _matmul_kernel(a, b, transpose_a=False, transpose_b=False):
    if a.ndim < 2 or b.ndim < 2:
        index, matrix = (0, a) if a.ndim < 2 else (1, b)
        raise ValueError(f"In[{index}] ndims must be >= 2: {matrix.ndim}")
    if transpose_a:
        a = a.T
    if transpose_b:
        b = b.T
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"Matrix size-incompatible: In[0]: [{a.shape[0]},{a.shape[1]}], "
                         f"In[1]: [{b.shape[0]},{b.shape[1]}]")
    return a @ b


def _matmul_shape(inputs, attrs):
    a, b = shape_util.dims(inputs[0].shape), shape_util.dims(inputs[1].shape)
    for d in (a, b):
        if d is not None and len(d) != 2:
            raise ValueError(f"Shape must be rank 2 but is rank {len(d)}")
    if a is None or b is None:
        return TensorShape((None, None))
    if attrs.get("transpose_a"):
        a = a[::-1]
    if attrs.get("transpose_b"):
        b = b[::-1]
    shape_util.merge_dims(a[1], b[0])
    return TensorShape((a[0], b[1]))


def _batch_matmul_kernel(x, y, adj_x=False, adj_y=False):
    if adj_x:
        x = np.conj(np.swapaxes(x, -1, -2))
    if adj_y:
        y = np.conj(np.swapaxes(y, -1, -2))
    return np.matmul(x, y)


def _batch_matmul_shape(inputs, attrs):
    a, b = shape_util.dims(inputs[0].shape), shape_util.dims(inputs[1].shape)
    if a is None or b is None:
        return shape_util.UNKNOWN
    if len(a) < 2 or len(b) < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {min(len(a), len(b))}")
    if attrs.get("adj_x"):
        a = a[:-2] + (a[-1], a[-2])
    if attrs.get("adj_y"):
        b = b[:-2] + (b[-1], b[-2])
    shape_util.merge_dims(a[-1], b[-2])
    batch = shape_util.broadcast(TensorShape(a[:-2]), TensorShape(b[:-2]))
    return batch.concatenate((a[-2], b[-1]))


MAT_MUL = register(OpDef("MatMul", _matmul_kernel, _matmul_shape, inputs=("a: T", "b: T"),
                         outputs=("T",), type_attrs={"T": NUMBERS},
                         default_attrs={"transpose_a": False, "transpose_b": False}))
BATCH_MAT_MUL = register(OpDef("BatchMatMulV2", _batch_matmul_kernel, _batch_matmul_shape,
                               inputs=("x: T", "y: T"), outputs=("T",),
                               type_attrs={"T": NUMBERS},
                               default_attrs={"adj_x": False, "adj_y": False}))


# ------------------------------------------------------------------ Cast

def _cast_kernel(x, DstT, Truncate=False):
    target = DstT.as_numpy_dtype
    if DstT is _dtypes.string:
        raise ValueError("Cast to string is not supported")
    if np.iscomplexobj(x) and not DstT.is_complex:
        x = np.real(x)
    return np.asarray(x).astype(target) if np.ndim(x) else target(x)


CAST = register(OpDef("Cast", _cast_kernel, same_as_first, inputs=("x: SrcT",),
                      outputs=("DstT",), type_attrs={"SrcT": None},
                      default_attrs={"Truncate": False}))


def cast(x, dtype, name=None):
    """Cast `x` to `dtype` (a no-op, returning `x`, when it already has that dtype)."""
    if type(x) is EagerTensor and x._dtype is dtype:
        return x
    dtype = _dtypes.as_dtype(dtype)
    x = convert_to_tensor(x, name="x") if not hasattr(x, "dtype") or \
        not isinstance(x.dtype, _dtypes.DType) else x
    if x.dtype is dtype:
        return x
    return apply(CAST, (x,), {"DstT": dtype}, name or "Cast")


# ------------------------------------------------------------------ Sum

def _sum_kernel(input, reduction_indices, keep_dims=False):
    axes = kernel_axes(reduction_indices, np.ndim(input))
    return np.add.reduce(input, axis=axes, keepdims=keep_dims, dtype=input.dtype)


# A plan hands a reduction the same read-only axes array on every run (a constant, or a
# folded value): its checked axes are kept, by identity, with the array itself (so the id
# stays its own). Writable arrays (fed ones) are checked every time.
_checked_axes = {}


def kernel_axes(indices, rank):
    """The reduction axes as a tuple (None for a scalar), after TF's checks."""
    entry = _checked_axes.get(id(indices))
    if entry is not None and entry[0] is indices and entry[1] == rank:
        return entry[2]
    axes = _kernel_axes(indices, rank)
    if type(indices) is np.ndarray and not indices.flags.writeable:
        if len(_checked_axes) > 1024:
            _checked_axes.clear()
        _checked_axes[id(indices)] = (indices, rank, axes)
    return axes


def _kernel_axes(indices, rank):
    axes = (indices.reshape(-1) if type(indices) is np.ndarray else
            np.reshape(indices, -1)).tolist()
    for axis in axes:
        if not -rank <= axis < rank:
            raise ValueError(f"Invalid reduction dimension ({axis} for input with {rank} "
                             "dimension(s)")
    axes = tuple(axis % rank for axis in axes)
    if len(set(axes)) != len(axes):
        duplicate = next(a for a in axes if axes.count(a) > 1)
        raise ValueError("Invalid reduction arguments: Axes contains duplicate dimension: "
                         f"{duplicate}")
    return axes if rank else None


def reduction_shape(inputs, attrs):
    shape = inputs[0].shape
    axes = shape_util.constant_value(inputs[1])
    keep = attrs.get("keep_dims", False)
    if shape.rank is None:
        return shape_util.UNKNOWN
    rank = shape.rank
    if axes is None:
        return TensorShape((None,) * rank) if keep else shape_util.UNKNOWN
    dims = list(shape.as_list())
    reduced = set()
    for axis in np.reshape(axes, -1).tolist():
        if not -rank <= axis < rank:
            raise ValueError(f"Invalid reduction dimension {axis} for input with {rank} "
                             "dimensions")
        reduced.add(axis % rank)
    if keep:
        return TensorShape(tuple(1 if i in reduced else d for i, d in enumerate(dims)))
    return TensorShape(tuple(d for i, d in enumerate(dims) if i not in reduced))


SUM = register(OpDef("Sum", _sum_kernel, reduction_shape,
                     inputs=("input: T", "reduction_indices: Tidx"), outputs=("T",),
                     type_attrs={"T": NUMBERS, "Tidx": (_dtypes.int32, _dtypes.int64)},
                     default_attrs={"keep_dims": False}))


# ------------------------------------------------------------------ public wrappers

def add(x, y, name=None):
    """x + y. Like TF, `y` is converted with x's dtype only as a hint, so a mismatch
    reaches the op (InvalidArgumentError eagerly) rather than the conversion."""
    if isinstance(x, Tensor) and isinstance(y, Tensor):   # nothing to convert: no scope
        return apply(ADD if x.dtype is _dtypes.string else ADD_V2, (x, y),
                     name=name or "Add")
    with name_scope(name, "Add", [x]) as scope:
        x = as_tensor(x, "x")
        y = convert_to_tensor(y, dtype_hint=x.dtype, name="y")
        return apply(ADD if x.dtype is _dtypes.string else ADD_V2, (x, y),
                     name=scope or "Add")


def subtract(x, y, name=None):
    return apply(SUB, (x, y), name=name or "Sub")


def multiply(x, y, name=None):
    return apply(MUL, (x, y), name=name or "Mul")


def realdiv(x, y, name=None):
    return apply(REAL_DIV, (x, y), name=name or "RealDiv")


def floordiv(x, y, name=None):
    return apply(FLOOR_DIV, (x, y), name=name or "floordiv")


def floor_div(x, y, name=None):
    return apply(FLOOR_DIV, (x, y), name=name or "FloorDiv")


def floormod(x, y, name=None):
    return apply(FLOOR_MOD, (x, y), name=name or "FloorMod")


def mod(x, y, name=None):
    return apply(FLOOR_MOD, (x, y), name=name or "mod")


def pow(x, y, name=None):
    return apply(POW, (x, y), name=name or "Pow")


def maximum(x, y, name=None):
    return apply(MAXIMUM, (x, y), name=name or "Maximum")


def minimum(x, y, name=None):
    return apply(MINIMUM, (x, y), name=name or "Minimum")


def negative(x, name=None):
    return apply(NEG, (x,), name=name or "Neg")


def abs(x, name=None):
    """|x|; for complex x, a float tensor (ComplexAbs, as TF's tf.abs runs it)."""
    dtype = getattr(x, "dtype", None)
    if dtype.is_complex if isinstance(dtype, _dtypes.DType) else np.iscomplexobj(x):
        from tensorlite.ops import complex_ops
        return complex_ops.complex_abs(convert_to_tensor(x, name="x"), name=name or "Abs")
    return apply(ABS, (x,), name=name or "Abs")


def logical_not(x, name=None):
    return apply(LOGICAL_NOT, (x,), name=name or "LogicalNot")


def logical_and(x, y, name=None):
    return apply(LOGICAL_AND, (x, y), name=name or "LogicalAnd")


def logical_or(x, y, name=None):
    return apply(LOGICAL_OR, (x, y), name=name or "LogicalOr")


def logical_xor(x, y, name="LogicalXor"):
    with name_scope(name, "LogicalXor", [x, y]) as scope:
        return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=scope)


def less(x, y, name=None):
    return apply(LESS, (x, y), name=name or "Less")


def less_equal(x, y, name=None):
    return apply(LESS_EQUAL, (x, y), name=name or "LessEqual")


def greater(x, y, name=None):
    return apply(GREATER, (x, y), name=name or "Greater")


def greater_equal(x, y, name=None):
    return apply(GREATER_EQUAL, (x, y), name=name or "GreaterEqual")


def equal(x, y, name=None):
    return apply(EQUAL, (x, y), name=name or "Equal")


def not_equal(x, y, name=None):
    return apply(NOT_EQUAL, (x, y), name=name or "NotEqual")


TRUEDIV_TARGET = {_dtypes.uint8: _dtypes.float32, _dtypes.int8: _dtypes.float32,
                   _dtypes.uint16: _dtypes.float32, _dtypes.int16: _dtypes.float32,
                   _dtypes.uint32: _dtypes.float64, _dtypes.uint64: _dtypes.float64,
                   _dtypes.int32: _dtypes.float64, _dtypes.int64: _dtypes.float64}


def truediv(x, y, name=None):
    """x / y; integers are cast to a float type first (int32 -> float64), as TF does."""
    with name_scope(name, "truediv", [x, y]) as scope:
        x = as_tensor(x, "x")
        y = convert_to_tensor(y, dtype_hint=x.dtype, name="y")
        if x.dtype is not y.dtype:
            raise TypeError(f"`x` and `y` must have the same dtype, got {x.dtype!r} != "
                            f"{y.dtype!r}.")
        if x.dtype is _dtypes.bool or x.dtype is _dtypes.string:
            raise TypeError(f"Invalid dtype {x.dtype!r} in __truediv__. Expected one of "
                            "{int8, uint8, int16, uint16, int32, uint32, int64, uint64, "
                            "bfloat16, float16, float32, float64, complex64, complex128}.")
        target = TRUEDIV_TARGET.get(x.dtype)
        if target is not None:
            x, y = cast(x, target), cast(y, target)
        return apply(REAL_DIV, (x, y), name=scope or "truediv")


def divide(x, y, name=None):
    """x / y (tf.divide): TF's truediv, with `x` converted to `y`'s dtype if needed."""
    if not hasattr(x, "dtype") or isinstance(x, np.ndarray):
        x = convert_to_tensor(x, dtype=getattr(y, "dtype", None)
                              if isinstance(getattr(y, "dtype", None), _dtypes.DType) else None)
    return truediv(x, y, name)


_NO_TRANSPOSE = {"transpose_a": False, "transpose_b": False}


def eager_value_of_variable(value):
    """A variable's current value read as a tensor (recorded like any read); else None."""
    read = getattr(type(value), "_read_as_op_input", None)    # resource variables
    if read is not None:
        return read(value)
    if isinstance(value, (Tensor, list, tuple, np.ndarray, float, int)):
        return None
    return registered_conversion(value)


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False,
           grad_b=False, name=None):
    """Matrix product of the two innermost dimensions (batched for rank > 2)."""
    if transpose_a and adjoint_a:
        raise ValueError("Only one of transpose_a and adjoint_a can be True.")
    if transpose_b and adjoint_b:
        raise ValueError("Only one of transpose_b and adjoint_b can be True.")
    if not (transpose_a or transpose_b or adjoint_a or adjoint_b or _state.stack) and \
            _context.eager_by_default():
        # Eagerly, matrices (or variables holding them) of one dtype: straight to MatMul.
        a_value = a if type(a) is EagerTensor else eager_value_of_variable(a)
        b_value = b if type(b) is EagerTensor else eager_value_of_variable(b)
        if type(a_value) is EagerTensor and type(b_value) is EagerTensor and \
                a_value._dtype is b_value._dtype and a_value._value.ndim == 2 and \
                b_value._value.ndim == 2:
            return apply(MAT_MUL, (a_value, b_value), _NO_TRANSPOSE)
    with name_scope(name, "MatMul", [a, b]) as scope:
        a = as_tensor(a, "a")
        b = convert_to_tensor(b, dtype_hint=a.dtype, name="b")
        rank_a, rank_b = a.shape.rank, b.shape.rank
        batched = rank_a is None or rank_a > 2 or rank_b is None or rank_b > 2
        if not batched and not (adjoint_a and a.dtype.is_complex) and \
                not (adjoint_b and b.dtype.is_complex):
            attrs = {"transpose_a": bool(transpose_a or adjoint_a),
                     "transpose_b": bool(transpose_b or adjoint_b)}
            return apply(MAT_MUL, (a, b), attrs, name=scope or "MatMul")
        if transpose_a and a.dtype.is_complex:
            a = _conj_free_transpose(a)
        if transpose_b and b.dtype.is_complex:
            b = _conj_free_transpose(b)
        attrs = {"adj_x": bool(adjoint_a or (transpose_a and not a.dtype.is_complex)),
                 "adj_y": bool(adjoint_b or (transpose_b and not b.dtype.is_complex))}
        return apply(BATCH_MAT_MUL, (a, b), attrs, name=scope or "MatMul")


def _conj_free_transpose(x):
    from tensorlite.ops import array_ops
    rank = x.shape.rank
    perm = list(range(rank - 2)) + [rank - 1, rank - 2]
    return array_ops.transpose(x, perm)


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum over `axis` (all axes when None), keeping reduced axes as 1 with keepdims."""
    return reduce(SUM, input_tensor, axis, keepdims, name or "Sum")


_ALL_AXES = {}


def reduce(opdef, input_tensor, axis, keepdims, name):
    """Apply a reduction op (input, reduction_indices; keep_dims) as TF's reduce_* do."""
    input_tensor = as_tensor(input_tensor, "input_tensor")
    all_axes = axis is None
    if all_axes and type(input_tensor) is EagerTensor and _context.executing_eagerly():
        # Eagerly: the all-axes constant of each rank is made once (tensors are immutable).
        rank = input_tensor._value.ndim
        axes = _ALL_AXES.get(rank)
        if axes is None:
            all_axes = np.arange(rank, dtype=np.int32)
            all_axes.flags.writeable = False      # shared by every call
            axes = _ALL_AXES[rank] = EagerTensor(all_axes, _dtypes.int32)
        return apply(opdef, (input_tensor, axes), {"keep_dims": bool(keepdims)}, name=name)
    if all_axes:
        axis = reduction_axes(input_tensor, axis)
        if isinstance(axis, np.ndarray):
            # TF makes the all-axes constant outside the op's scope ("Const", not "Sum/...").
            axis = convert_to_tensor(axis)
    elif isinstance(axis, (list, tuple)) and not axis:
        axis = np.zeros(0, np.int32)
    elif not isinstance(axis, (Tensor, np.ndarray)) and not _holds_tensors(axis) and \
            np.asarray(axis).dtype.kind not in "iu":
        convert_to_tensor(axis, dtype=_dtypes.int32)   # TF's TypeError for float axes
    result = apply(opdef, (input_tensor, axis), {"keep_dims": bool(keepdims)}, name=name)
    if all_axes and not keepdims and result.shape.rank is None:
        result.set_shape(())     # TF's _may_reduce_to_scalar
    return result


def _holds_tensors(value):
    return isinstance(value, (list, tuple)) and any(isinstance(v, Tensor) for v in value)


def reduction_axes(x, axis):
    if axis is not None:
        return axis
    rank = x.shape.rank
    if rank is not None:
        return np.arange(rank, dtype=np.int32)
    from tensorlite.ops import array_ops
    return array_ops.range(0, array_ops.rank(x))


def as_tensor(value, name):
    return value if hasattr(value, "dtype") and isinstance(getattr(value, "dtype"),
                                                           _dtypes.DType) \
        and not isinstance(value, np.ndarray) else convert_to_tensor(value, name=name)


# ------------------------------------------------------------------ BroadcastGradientArgs

def _broadcast_axes(s0, s1):
    """The axes to sum a broadcast result over to get back shapes s0 and s1 (TF's BCast)."""
    rank = max(len(s0), len(s1))
    a = (1,) * (rank - len(s0)) + tuple(s0)
    b = (1,) * (rank - len(s1)) + tuple(s1)
    r0, r1 = [], []
    for i, (da, db) in enumerate(zip(a, b)):
        if da == db:
            if da == 1:
                r0.append(i)
                r1.append(i)
        elif da == 1:
            r0.append(i)
        elif db == 1:
            r1.append(i)
        else:
            raise ValueError(f"Incompatible shapes: {_shape_text(s0)} vs. {_shape_text(s1)}")
    return r0, r1


def _shape_text(dims):
    return "[" + ",".join(str(int(d)) for d in dims) + "]"


def _broadcast_gradient_args_kernel(s0, s1):
    r0, r1 = _broadcast_axes([int(d) for d in s0], [int(d) for d in s1])
    return np.array(r0, dtype=s0.dtype), np.array(r1, dtype=s0.dtype)


BROADCAST_GRADIENT_ARGS = register(OpDef(
    "BroadcastGradientArgs", _broadcast_gradient_args_kernel,
    lambda inputs, attrs: [TensorShape((None,)), TensorShape((None,))],
    inputs=("s0: T", "s1: T"), outputs=("T", "T"),
    type_attrs={"T": (_dtypes.int32, _dtypes.int64)}))
not_differentiable("BroadcastGradientArgs")


def broadcast_gradient_args(s0, s1, name=None):
    """The reduction axes (r0, r1) for the gradients of a broadcasting binary op."""
    return apply(BROADCAST_GRADIENT_ARGS, (s0, s1), name=name or "BroadcastGradientArgs")


# ------------------------------------------------------------------ gradient helpers

def _static_dims(tensor):
    shape = tensor.shape
    return tuple(shape.as_list()) if shape.is_fully_defined() else None


@functools.lru_cache(maxsize=4096)
def _sum_plan(grad_dims, dims):
    """How to sum a gradient of grad_dims back to dims: None (nothing to do), or (the axes to
    sum, or None; the shape to reshape the sum to, or None), as read-only int32 arrays."""
    if grad_dims == dims:
        return None
    axes = _broadcast_axes(dims, grad_dims)[0]
    kept = tuple(d for i, d in enumerate(grad_dims) if i not in axes)
    return (_frozen(axes) if axes else None), (None if kept == dims else _frozen(dims))


def _frozen(values):
    array = np.array(values, dtype=np.int32)
    array.flags.writeable = False      # cached and shared between calls
    return array


def _apply_sum_plan(grad, plan):
    if plan is None or grad is None:
        return grad
    axes, shape = plan
    if axes is not None:
        grad = reduce_sum(grad, axes)
    if shape is not None:
        from tensorlite.ops import array_ops
        grad = array_ops.reshape(grad, shape)
    return grad


def sum_to_shape_of(grad, x):
    """`grad` summed over the axes along which `x` was broadcast to grad's shape."""
    if grad is None:
        return None
    gdims, xdims = _static_dims(grad), _static_dims(x)
    if gdims is not None and xdims is not None:
        return _apply_sum_plan(grad, _sum_plan(gdims, xdims))
    from tensorlite.ops import array_ops
    x_shape = array_ops.shape(x)
    _, axes = broadcast_gradient_args(array_ops.shape(grad), x_shape)
    return array_ops.reshape(reduce_sum(grad, axes), x_shape)


def shape_arg(dims):
    """A static shape as an int32 array (an empty Python list would become float32)."""
    return np.array(dims, dtype=np.int32)


@functools.lru_cache(maxsize=4096)
def _unbroadcast_plan(xdims, ydims):
    out = tuple(shape_util.broadcast(TensorShape(xdims), TensorShape(ydims)).as_list())
    return _sum_plan(out, xdims), _sum_plan(out, ydims)


def unbroadcast_gradients(x, y, gx, gy):
    """[gx, gy] summed back to the shapes of x and y, as TF's BroadcastGradientArgs does."""
    if type(x) is EagerTensor and type(y) is EagerTensor:
        # Eager fast path: nothing to sum when each needed gradient already has its shape.
        x_shape, y_shape = np.shape(x._value), np.shape(y._value)
        if (gx is None or (type(gx) is EagerTensor and np.shape(gx._value) == x_shape)) and \
                (gy is None or (type(gy) is EagerTensor and np.shape(gy._value) == y_shape)):
            return [gx, gy]
    xdims, ydims = _static_dims(x), _static_dims(y)
    if xdims is not None and ydims is not None:
        if xdims == ydims:
            return [gx, gy]
        plan_x, plan_y = _unbroadcast_plan(xdims, ydims)
        return [_apply_sum_plan(gx, plan_x), _apply_sum_plan(gy, plan_y)]
    from tensorlite.ops import array_ops
    x_shape, y_shape = array_ops.shape(x), array_ops.shape(y)
    rx, ry = broadcast_gradient_args(x_shape, y_shape)
    return [None if gx is None else array_ops.reshape(reduce_sum(gx, rx), x_shape),
            None if gy is None else array_ops.reshape(reduce_sum(gy, ry), y_shape)]


def keep_dims_shape(x, axes):
    """x's shape with the `axes` set to 1 (TF's math_ops.reduced_shape): an int32 array when
    it is known statically, else an int32 tensor."""
    static_axes = shape_util.constant_value(axes)
    if static_axes is not None and x.shape.is_fully_defined():
        dims = x.shape.as_list()
        for axis in np.reshape(static_axes, -1).tolist() if dims else ():
            dims[int(axis) % len(dims)] = 1
        return shape_arg(dims)
    from tensorlite.ops import array_ops, reductions
    input_shape = array_ops.shape(x)
    rank = array_ops.rank(x)
    axes = cast(axes, _dtypes.int32)
    axes = floormod(axes + rank, maximum(rank, 1))
    hits = equal(array_ops.reshape(array_ops.range(0, rank), [-1, 1]),
                 array_ops.reshape(axes, [1, -1]))
    mask = cast(reductions.reduce_any(hits, axis=1), _dtypes.int32)
    return input_shape - (input_shape - 1) * mask


def shape_of(x):
    """x's shape as an int32 array when known statically, else a Shape tensor."""
    dims = _static_dims(x)
    if dims is not None:
        return shape_arg(dims)
    from tensorlite.ops import array_ops
    return array_ops.shape(x)


def broadcast_reduction_grad(op, grad):
    """The gradient of a reduction (`input`, `reduction_indices`) reshaped to keep the reduced
    axes and broadcast to the input's shape (what Sum's gradient is, and Mean's up to scale)."""
    from tensorlite.ops import array_manip, array_ops
    x = op.inputs[0]
    if not op.get_attr("keep_dims"):
        grad = array_ops.reshape(grad, keep_dims_shape(x, op.inputs[1]))
    dims = _static_dims(x)
    if dims is not None and _static_dims(grad) == dims:
        return grad
    return array_manip.broadcast_to(grad, shape_of(x))


# ------------------------------------------------------------------ gradients
# For complex inputs TF's rules multiply the incoming gradient by the conjugate of the
# derivative (python/ops/math_grad.py: grad * conj(y) for Mul): with TF's convention, the
# gradient of a real loss L by z = x + iy is dL/dx + i dL/dy, which for a holomorphic f is
# conj(f'(z)) times the gradient by f(z). Real tensors are not touched (no Conj op).

def conj_if_complex(x):
    """conj(x) for a complex tensor; any other tensor as it is."""
    if x.dtype.is_complex:
        from tensorlite.ops import math_unary
        return math_unary.conj(x)
    return x


@register_gradient("AddV2")
def _add_grad(op, grad):
    x, y = op.inputs
    skip = op.skip_input_indices
    return unbroadcast_gradients(x, y, None if 0 in skip else grad,
                                 None if 1 in skip else grad)


register_gradient("Add")(_add_grad)


@register_gradient("Sub")
def _sub_grad(op, grad):
    x, y = op.inputs
    skip = op.skip_input_indices
    return unbroadcast_gradients(x, y, None if 0 in skip else grad,
                                 None if 1 in skip else negative(grad))


@register_gradient("Mul")
def _mul_grad(op, grad):
    # An input no one differentiates by (TF's skip_input_indices) gets no gradient work.
    x, y = op.inputs
    skip = op.skip_input_indices
    return unbroadcast_gradients(x, y,
                                 None if 0 in skip else multiply(grad, conj_if_complex(y)),
                                 None if 1 in skip else multiply(conj_if_complex(x), grad))


@register_gradient("RealDiv")
def _real_div_grad(op, grad):
    x, y = op.inputs
    skip = op.skip_input_indices
    cx, cy = conj_if_complex(x), conj_if_complex(y)
    return unbroadcast_gradients(x, y, None if 0 in skip else realdiv(grad, cy),
                                 None if 1 in skip else
                                 grad * realdiv(realdiv(negative(cx), cy), cy))


@register_gradient("FloorMod")
def _floor_mod_grad(op, grad):
    x, y = op.inputs
    return unbroadcast_gradients(x, y, grad, grad * negative(floor_div(x, y)))


@register_gradient("Pow")
def _pow_grad(op, grad):
    from tensorlite.ops import array_manip, gather_scatter, math_unary
    x, y = op.inputs
    cx, cy = conj_if_complex(x), conj_if_complex(y)
    gx = grad * cy * pow(cx, cy - 1)
    # Avoid a false singularity at x = 0: no sensible real value for x <= 0, so 0; a
    # complex x has a logarithm everywhere but at 0 (TF's masks).
    zero = convert_to_tensor(0, dtype=x.dtype)
    mask = not_equal(cx, zero) if x.dtype.is_complex else greater(cx, zero)
    safe_x = gather_scatter.where(mask, cx, array_manip.ones_like(x))
    log_x = gather_scatter.where(mask, math_unary.log(safe_x), array_manip.zeros_like(x))
    gy = grad * conj_if_complex(op.outputs[0]) * log_x
    return unbroadcast_gradients(x, y, gx, gy)


def _maximum_minimum_grad(op, grad, selector):
    from tensorlite.ops import array_manip, gather_scatter
    x, y = op.inputs
    zeros = array_manip.zeros_like(grad)
    x_selected = selector(x, y)
    return unbroadcast_gradients(x, y, gather_scatter.where(x_selected, grad, zeros),
                                 gather_scatter.where(x_selected, zeros, grad))


@register_gradient("Maximum")
def _maximum_grad(op, grad):
    return _maximum_minimum_grad(op, grad, greater_equal)


@register_gradient("Minimum")
def _minimum_grad(op, grad):
    return _maximum_minimum_grad(op, grad, less_equal)


@register_gradient("Neg")
def _neg_grad(op, grad):
    return [negative(grad)]


@register_gradient("Abs")
def _abs_grad(op, grad):
    from tensorlite.ops import math_unary
    return [grad * math_unary.sign(op.inputs[0])]


@register_gradient("MatMul")
def _matmul_grad(op, grad):
    a, b = op.inputs
    t_a, t_b = op.get_attr("transpose_a"), op.get_attr("transpose_b")

    skip = op.skip_input_indices   # e.g. the data input of a layer: no gradient wanted
    if a.dtype.is_complex:
        # Only the conjugate that a wanted gradient uses: b's for a's gradient, and a's b's.
        a = a if 1 in skip else conj_if_complex(a)
        b = b if 0 in skip else conj_if_complex(b)

    def mm(index, x, y, tx, ty):
        if index in skip:
            return None
        return apply(MAT_MUL, (x, y), {"transpose_a": tx, "transpose_b": ty}, name="MatMul")

    if not t_a and not t_b:
        return [mm(0, grad, b, False, True), mm(1, a, grad, True, False)]
    if not t_a and t_b:
        return [mm(0, grad, b, False, False), mm(1, grad, a, True, False)]
    if t_a and not t_b:
        return [mm(0, b, grad, False, True), mm(1, a, grad, False, False)]
    return [mm(0, b, grad, True, True), mm(1, grad, a, True, True)]


@register_gradient("BatchMatMulV2")
def _batch_matmul_grad(op, grad):
    # No conjugates to add: the products below take adjoints, which conjugate (as TF's do).
    x, y = op.inputs
    adj_x, adj_y = op.get_attr("adj_x"), op.get_attr("adj_y")

    def mm(a, b, adj_a, adj_b):
        return apply(BATCH_MAT_MUL, (a, b), {"adj_x": adj_a, "adj_y": adj_b},
                     name="MatMul")

    if not adj_x:
        gx, gy = (mm(grad, y, False, True), mm(x, grad, True, False)) if not adj_y else \
            (mm(grad, y, False, False), mm(grad, x, True, False))
    else:
        gx, gy = (mm(y, grad, False, True), mm(x, grad, False, False)) if not adj_y else \
            (mm(y, grad, True, True), mm(grad, x, True, True))
    # Batch dimensions broadcast like any binary op's: sum the gradient back.
    return [sum_to_shape_of(gx, x), sum_to_shape_of(gy, y)]


_CAST_DIFFERENTIABLE = frozenset(_dtypes.FLOATING_TYPES + _dtypes.COMPLEX_TYPES)


@register_gradient("Cast")
def _cast_grad(op, grad):
    source = op.inputs[0].dtype
    if source in _CAST_DIFFERENTIABLE and grad.dtype in _CAST_DIFFERENTIABLE:
        return [cast(grad, source)]
    return [None]


@register_gradient("Sum")
def _sum_grad(op, grad):
    return [broadcast_reduction_grad(op, grad), None]


# ------------------------------------------------------------------ array gradients
# The rules above on NumPy arrays, for first-order eager backprop (see OpDef.array_grad):
# the same formulas, without a tensor or a dispatch per step. Complex values are conjugated
# as the symbolic rules do, after one test of the tensor's DType (a plain attribute, which
# costs the hot path of real values less than an array's dtype.kind).

def _binary_array_grads(op, gx, gy):
    """[gx, gy] summed back to the inputs' shapes (where broadcasting made them differ);
    a rule passes None for an input no one differentiates by."""
    x, y = op.inputs
    return [None if gx is None else sum_array_to_shape(gx, x._value.shape),
            None if gy is None else sum_array_to_shape(gy, y._value.shape)]


@register_array_gradient("AddV2", "Add")
def _add_array_grad(op, grad):
    skip = op.skip_input_indices
    return _binary_array_grads(op, None if 0 in skip else grad, None if 1 in skip else grad)


@register_array_gradient("Sub")
def _sub_array_grad(op, grad):
    skip = op.skip_input_indices
    return _binary_array_grads(op, None if 0 in skip else grad, None if 1 in skip else -grad)


@register_array_gradient("Mul")
def _mul_array_grad(op, grad):
    x, y = op.inputs[0]._value, op.inputs[1]._value
    if op.inputs[0]._dtype.is_complex:
        x, y = x.conj(), y.conj()
    skip = op.skip_input_indices
    return _binary_array_grads(op, None if 0 in skip else grad * y,
                               None if 1 in skip else x * grad)


@register_array_gradient("RealDiv")
def _real_div_array_grad(op, grad):
    x, y = op.inputs[0]._value, op.inputs[1]._value
    if op.inputs[0]._dtype.is_complex:
        x, y = x.conj(), y.conj()
    skip = op.skip_input_indices
    return _binary_array_grads(op, None if 0 in skip else grad / y,
                               None if 1 in skip else grad * ((-x / y) / y))


@register_array_gradient("Neg")
def _neg_array_grad(op, grad):
    return [-grad]


@register_array_gradient("MatMul")
def _matmul_array_grad(op, grad):
    a, b = op.inputs[0]._value, op.inputs[1]._value
    t_a, t_b = op.get_attr("transpose_a"), op.get_attr("transpose_b")
    skip = op.skip_input_indices
    if op.inputs[0]._dtype.is_complex:
        a, b = a.conj(), b.conj()
    # The products of _matmul_grad, with `.T` for its transpose flags.
    ga = gb = None
    if 0 not in skip:
        ga = (b @ grad.T if not t_b else b.T @ grad.T) if t_a else \
            (grad @ b.T if not t_b else grad @ b)
    if 1 not in skip:
        gb = (a @ grad if not t_b else grad.T @ a.T) if t_a else \
            (a.T @ grad if not t_b else grad.T @ a)
    return [ga, gb]


def broadcast_reduction_array_grad(op, grad):
    """broadcast_reduction_grad on arrays: the reduced axes kept, then broadcast to x."""
    shape = op.inputs[0]._value.shape     # eager values are arrays or NumPy scalars
    if not op.get_attr("keep_dims") and shape:
        kept = list(shape)
        for axis in np.reshape(op.inputs[1]._value, -1).tolist():
            kept[axis % len(shape)] = 1
        grad = np.reshape(grad, kept)
    if grad.shape == shape:
        return grad
    return broadcast_array(grad, shape)


@register_array_gradient("Sum")
def _sum_array_grad(op, grad):
    return [broadcast_reduction_array_grad(op, grad), None]


@register_array_gradient("Cast")
def _cast_array_grad(op, grad):
    source = op.inputs[0].dtype
    if source in _CAST_DIFFERENTIABLE and grad.dtype.kind in "fc":
        if grad.dtype.kind == "c" and not source.is_complex:
            grad = grad.real      # the real part, as the Cast kernel takes (no warning)
        return [grad.astype(source.as_numpy_dtype, copy=False)]
    return NotImplemented


for _type in ("FloorDiv", "Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual",
              "LogicalAnd", "LogicalOr", "LogicalNot", "Invert", "BitwiseAnd", "BitwiseOr",
              "BitwiseXor"):
    not_differentiable(_type)
