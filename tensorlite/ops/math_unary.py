"""Elementwise math: sign, powers, exponentials, logarithms, trigonometry, sigmoid, erf,
rounding, finiteness tests, squared_difference and add_n. Kernel, gradient and wrapper of
each op side by side.
"""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import (OpDef, not_differentiable_grad, register,
                                          register_array_gradient)
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import Tensor
from tensorlite.ops import math_ops
from tensorlite.ops.shape_util import broadcast_rule, same_as_first

__all__ = ["log_sigmoid", "sign", "square", "sqrt", "exp", "sin", "cos", "tan", "tanh",
           "sigmoid", "floor", "round", "add_n", "sinh", "cosh", "asin", "acos", "atan", "atan2",
           "scalar_mul"]

FLOATS = _dtypes.FLOATING_TYPES
COMPLEX = _dtypes.COMPLEX_TYPES
INEXACT = FLOATS + COMPLEX
SIGNED_INTS = (_dtypes.int8, _dtypes.int16, _dtypes.int32, _dtypes.int64)
SIGNED = INEXACT + SIGNED_INTS


def _op(op_type, kernel, allowed, grad, out="T"):
    return register(OpDef(op_type, kernel, same_as_first, grad, inputs=("x: T",),
                          outputs=(out,), type_attrs={"T": allowed}))


def _quiet(function):
    """Run a NumPy kernel without floating-point warnings: TF returns inf/nan silently."""
    def kernel(x):
        with np.errstate(all="ignore"):
            return function(x)
    kernel.__name__ = getattr(function, "__name__", "kernel")
    return kernel


# ------------------------------------------------------------------ kernels that NumPy lacks

def _sigmoid_kernel(x):
    with np.errstate(all="ignore"):
        if np.iscomplexobj(x):
            return (1 / (1 + np.exp(-x))).astype(x.dtype)
        e = np.exp(-np.abs(x))          # never overflows
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype)


# W. J. Cody's rational Chebyshev approximations (Math. Comp. 1969), as in netlib's specfun
# CALERF: erf for |x| <= 0.46875, erfc for 0.46875 < |x| <= 4 and for |x| > 4.
_ERF_A = (3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
          3.20937758913846947e03, 1.85777706184603153e-1)
_ERF_B = (2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
          2.84423683343917062e03)
_ERF_C = (5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
          2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
          2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8)
_ERF_D = (1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
          1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
          3.43936767414372164e03, 1.23033935480374942e03)
_ERF_P = (3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
          1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2)
_ERF_Q = (2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
          6.05183413124413191e-2, 2.33520497626869185e-3)
_SQRT_1_PI = 0.56418958354775628695


def _erf_kernel(x):
    v = np.asarray(x, dtype=np.float64)
    y = np.abs(v)
    with np.errstate(all="ignore"):
        # |x| <= 0.46875: erf directly.
        ysq = y * y
        num, den = _ERF_A[4] * ysq, ysq
        for a, b in zip(_ERF_A[:3], _ERF_B[:3]):
            num, den = (num + a) * ysq, (den + b) * ysq
        small = v * (num + _ERF_A[3]) / (den + _ERF_B[3])
        # 0.46875 < |x| <= 4: erfc, with exp(-y*y) split for accuracy.
        num, den = _ERF_C[8] * y, y
        for c, d in zip(_ERF_C[:7], _ERF_D[:7]):
            num, den = (num + c) * y, (den + d) * y
        middle = (num + _ERF_C[7]) / (den + _ERF_D[7])
        # |x| > 4: asymptotic erfc.
        inv = 1.0 / ysq
        num, den = _ERF_P[5] * inv, inv
        for p, q in zip(_ERF_P[:4], _ERF_Q[:4]):
            num, den = (num + p) * inv, (den + q) * inv
        large = (_SQRT_1_PI - inv * (num + _ERF_P[4]) / (den + _ERF_Q[4])) / y
        erfc = np.where(y <= 4.0, middle, large)
        head = np.trunc(y * 16.0) / 16.0
        erfc = np.exp(-head * head) * np.exp(-(y - head) * (y + head)) * erfc
        erfc = np.where(y >= 26.543, 0.0, erfc)
        result = np.where(y <= 0.46875, small, np.copysign(1.0 - erfc, v))
    result = np.where(np.isnan(v), v, result)
    return result.astype(x.dtype) if np.ndim(x) else x.dtype.type(result)


def _reciprocal_kernel(x):
    if x.dtype.kind in "iu":
        # TF's op allows integers but its CPU kernels don't (graphs fail when run).
        name = _dtypes.from_numpy_dtype(x.dtype).name.upper()
        raise errors.NotFoundError(None, None, "Could not find device for node: {{node "
                                   f"Reciprocal}}}} = Reciprocal[T=DT_{name}]")
    with np.errstate(all="ignore"):
        return np.reciprocal(x)


def _rsqrt_kernel(x):
    with np.errstate(all="ignore"):
        return (1 / np.sqrt(x)).astype(x.dtype)


# ------------------------------------------------------------------ gradients
# Written with public ops so that they run in graphs, eagerly and to any order. For complex
# x, TF's rules take the conjugate of the derivative (grad * conj(f'(x)), see math_ops):
# they read the input or output through _conj_input / _conj_output.

def _conj_input(op):
    return math_ops.conj_if_complex(op.inputs[0])


def _conj_output(op):
    return math_ops.conj_if_complex(op.outputs[0])


def _sign_grad(op, grad):
    from tensorlite.ops import array_manip
    return [array_manip.zeros_like(op.inputs[0])]


def _reciprocal_grad(op, grad):
    y = _conj_output(op)
    return [-grad * y * y]


def _square_grad(op, grad):
    return [grad * (_conj_input(op) * 2)]


def _sqrt_grad(op, grad):
    return [grad * 0.5 / _conj_output(op)]


def _rsqrt_grad(op, grad):
    y = _conj_output(op)
    return [grad * (y * y * y) * -0.5]


def _exp_grad(op, grad):
    return [grad * _conj_output(op)]


def _expm1_grad(op, grad):
    return [grad * exp(_conj_input(op))]


def _log_grad(op, grad):
    return [grad * reciprocal(_conj_input(op))]


def _log1p_grad(op, grad):
    return [grad * reciprocal(_conj_input(op) + 1)]


def _sin_grad(op, grad):
    return [grad * cos(_conj_input(op))]


def _cos_grad(op, grad):
    return [-grad * sin(_conj_input(op))]


def _tan_grad(op, grad):
    return [grad * square(reciprocal(cos(_conj_input(op))))]


def _tanh_grad(op, grad):
    y = _conj_output(op)
    return [grad * (1 - y * y)]


def _sigmoid_grad(op, grad):
    y = _conj_output(op)
    return [grad * (y * (1 - y))]


def _erf_grad(op, grad):
    x = op.inputs[0]
    return [grad * (2 * _SQRT_1_PI) * exp(-square(x))]


def _sinh_grad(op, grad):
    return [grad * cosh(_conj_input(op))]


def _cosh_grad(op, grad):
    return [grad * sinh(_conj_input(op))]


def _asin_grad(op, grad):
    return [grad * rsqrt(1 - square(_conj_input(op)))]


def _acos_grad(op, grad):
    return [-grad * rsqrt(1 - square(_conj_input(op)))]


def _atan_grad(op, grad):
    return [grad * reciprocal(1 + square(_conj_input(op)))]


def _atan2_grad(op, grad):
    y, x = op.inputs
    scale = grad * reciprocal(square(x) + square(y))
    return math_ops.unbroadcast_gradients(y, x, scale * x, -scale * y)


def _squared_difference_grad(op, grad):
    # No conjugate: for complex x - y, TF's rule is 2 grad (x - y) as for real values.
    x, y = op.inputs
    gx = grad * ((x - y) * 2)
    return math_ops.unbroadcast_gradients(x, y, gx, -gx)


def _conj_grad(op, grad):
    return [conj(grad)]


def _div_no_nan_grad(op, grad):
    x, y = op.inputs
    cx, cy = math_ops.conj_if_complex(x), math_ops.conj_if_complex(y)
    return math_ops.unbroadcast_gradients(
        x, y, divide_no_nan(grad, cy), grad * divide_no_nan(divide_no_nan(-cx, cy), cy))


def _add_n_grad(op, grad):
    return [grad] * len(op.inputs)


# ------------------------------------------------------------------ op records

SIGN = _op("Sign", np.sign, SIGNED, _sign_grad)
RECIPROCAL = _op("Reciprocal", _reciprocal_kernel, SIGNED, _reciprocal_grad)
SQUARE = _op("Square", np.square, _dtypes.NUMBER_TYPES, _square_grad)
SQRT = _op("Sqrt", _quiet(np.sqrt), INEXACT, _sqrt_grad)
RSQRT = _op("Rsqrt", _rsqrt_kernel, INEXACT, _rsqrt_grad)
EXP = _op("Exp", _quiet(np.exp), INEXACT, _exp_grad)
EXPM1 = _op("Expm1", _quiet(np.expm1), INEXACT, _expm1_grad)
LOG = _op("Log", _quiet(np.log), INEXACT, _log_grad)
LOG1P = _op("Log1p", _quiet(np.log1p), INEXACT, _log1p_grad)
SIN = _op("Sin", np.sin, INEXACT, _sin_grad)
COS = _op("Cos", np.cos, INEXACT, _cos_grad)
TAN = _op("Tan", _quiet(np.tan), INEXACT, _tan_grad)
TANH = _op("Tanh", np.tanh, INEXACT, _tanh_grad)
SINH = _op("Sinh", _quiet(np.sinh), INEXACT, _sinh_grad)
COSH = _op("Cosh", _quiet(np.cosh), INEXACT, _cosh_grad)
ASIN = _op("Asin", _quiet(np.arcsin), INEXACT, _asin_grad)
ACOS = _op("Acos", _quiet(np.arccos), INEXACT, _acos_grad)
ATAN = _op("Atan", np.arctan, INEXACT, _atan_grad)
SIGMOID = _op("Sigmoid", _sigmoid_kernel, INEXACT, _sigmoid_grad)
ERF = _op("Erf", _erf_kernel, FLOATS, _erf_grad)
# TF: Floor, Ceil and Round have no gradient (None), not a zero gradient.
FLOOR = _op("Floor", np.floor, FLOATS, not_differentiable_grad)
CEIL = _op("Ceil", np.ceil, FLOATS, not_differentiable_grad)
ROUND = _op("Round", np.round, SIGNED, not_differentiable_grad)   # half to even, like TF


# The rules of Square, Sqrt, Exp, Log, Tanh and Sigmoid on arrays (see OpDef.array_grad).
# Constants take the value's dtype: a Python float would widen a NumPy scalar (NumPy 1.x).
# Complex values are conjugated, as the symbolic rules do, after one dtype test.

def _array_input(op):
    x = op.inputs[0]
    return x._value.conj() if x._dtype.is_complex else x._value


def _array_output(op):
    y = op.outputs[0]
    return y._value.conj() if y._dtype.is_complex else y._value


def _square_array_grad(op, grad):
    x = _array_input(op)
    return [grad * (x * x.dtype.type(2))]


def _tanh_array_grad(op, grad):
    y = _array_output(op)
    return [grad * (grad.dtype.type(1) - y * y)]


def _sigmoid_array_grad(op, grad):
    y = _array_output(op)
    return [grad * (y * (grad.dtype.type(1) - y))]


register_array_gradient("Square")(_square_array_grad)
register_array_gradient("Sqrt")(
    lambda op, grad: [grad * grad.dtype.type(0.5) / _array_output(op)])
register_array_gradient("Exp")(lambda op, grad: [grad * _array_output(op)])
register_array_gradient("Log")(lambda op, grad: [grad * np.reciprocal(_array_input(op))])
register_array_gradient("Tanh")(_tanh_array_grad)
register_array_gradient("Sigmoid")(_sigmoid_array_grad)
IS_FINITE = _op("IsFinite", np.isfinite, FLOATS, not_differentiable_grad, out="bool")
IS_NAN = _op("IsNan", np.isnan, FLOATS, not_differentiable_grad, out="bool")
IS_INF = _op("IsInf", np.isinf, FLOATS, not_differentiable_grad, out="bool")

ATAN2 = register(OpDef("Atan2", np.arctan2, broadcast_rule, _atan2_grad,
                       inputs=("y: T", "x: T"), outputs=("T",), type_attrs={"T": FLOATS}))
CONJ = _op("Conj", np.conj, COMPLEX, _conj_grad)


def _div_no_nan_kernel(x, y):
    with np.errstate(all="ignore"):
        return np.where(y == 0, np.zeros((), x.dtype), x / y).astype(x.dtype)


DIV_NO_NAN = register(OpDef("DivNoNan", _div_no_nan_kernel, broadcast_rule, _div_no_nan_grad,
                            inputs=("x: T", "y: T"), outputs=("T",),
                            type_attrs={"T": INEXACT}))


def _squared_difference_kernel(x, y):
    difference = x - y
    if difference.dtype.kind == "c":
        # TF's is conj(x - y) (x - y): |x - y|^2, in the complex dtype.
        return difference * difference.conj()
    return np.square(difference)


SQUARED_DIFFERENCE = register(OpDef(
    "SquaredDifference", _squared_difference_kernel, broadcast_rule,
    _squared_difference_grad, inputs=("x: T", "y: T"), outputs=("T",),
    type_attrs={"T": FLOATS + COMPLEX + (_dtypes.int32, _dtypes.int64)}))


def _add_n_kernel(*inputs):
    shape = np.shape(inputs[0])
    for index, value in enumerate(inputs[1:], 1):
        if np.shape(value) != shape:
            raise ValueError(f"Inputs to operation AddN of type AddN must have the same size "
                             f"and shape.  Input 0: {_dims(shape)} != input {index}: "
                             f"{_dims(np.shape(value))}")
    total = inputs[0].copy() if np.ndim(inputs[0]) else inputs[0]
    for value in inputs[1:]:
        total = total + value
    return total


def _dims(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _add_n_shape(inputs, attrs):
    from tensorlite.ops import shape_util
    shape = inputs[0].shape
    for tensor in inputs[1:]:
        shape = shape_util.merge_shapes(shape, tensor.shape)
    return shape


ADD_N = register(OpDef("AddN", _add_n_kernel, _add_n_shape, _add_n_grad,
                       inputs=("inputs: N*T",), outputs=("T",),
                       type_attrs={"T": _dtypes.NUMBER_TYPES}))


# ------------------------------------------------------------------ public wrappers

def sign(x, name=None):
    """-1, 0 or 1; for complex x, x / |x| (0 at 0), which TF computes as DivNoNan(x,
    ComplexAbs(x)) rather than with Sign, and so differentiates (Sign's gradient is 0)."""
    dtype = getattr(x, "dtype", None)
    if dtype.is_complex if isinstance(dtype, _dtypes.DType) else np.iscomplexobj(x):
        from tensorlite.ops import complex_ops
        x = convert_to_tensor(x, name="x")
        magnitude = math_ops.cast(complex_ops.complex_abs(x), x.dtype)
        return apply(DIV_NO_NAN, (x, magnitude), name=name or "DivNoNan")
    return apply(SIGN, (x,), name=name or "Sign")


def reciprocal(x, name=None):
    return apply(RECIPROCAL, (x,), name=name or "Reciprocal")


def square(x, name=None):
    return apply(SQUARE, (x,), name=name or "Square")


def sqrt(x, name=None):
    return apply(SQRT, (x,), name=name or "Sqrt")


def rsqrt(x, name=None):
    return apply(RSQRT, (x,), name=name or "Rsqrt")


def exp(x, name=None):
    return apply(EXP, (x,), name=name or "Exp")


def expm1(x, name=None):
    return apply(EXPM1, (x,), name=name or "Expm1")


def log(x, name=None):
    return apply(LOG, (x,), name=name or "Log")


def log1p(x, name=None):
    return apply(LOG1P, (x,), name=name or "Log1p")


def sin(x, name=None):
    return apply(SIN, (x,), name=name or "Sin")


def cos(x, name=None):
    return apply(COS, (x,), name=name or "Cos")


def tan(x, name=None):
    return apply(TAN, (x,), name=name or "Tan")


def tanh(x, name=None):
    return apply(TANH, (x,), name=name or "Tanh")


def sinh(x, name=None):
    return apply(SINH, (x,), name=name or "Sinh")


def cosh(x, name=None):
    return apply(COSH, (x,), name=name or "Cosh")


def asin(x, name=None):
    return apply(ASIN, (x,), name=name or "Asin")


def acos(x, name=None):
    return apply(ACOS, (x,), name=name or "Acos")


def atan(x, name=None):
    return apply(ATAN, (x,), name=name or "Atan")


def atan2(y, x, name=None):
    return apply(ATAN2, (y, x), name=name or "Atan2")


def sigmoid(x, name=None):
    """1 / (1 + exp(-x)), computed without overflow."""
    with name_scope(name, "Sigmoid", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return apply(SIGMOID, (x,), name=scope or "Sigmoid")


def erf(x, name=None):
    return apply(ERF, (x,), name=name or "Erf")


def floor(x, name=None):
    return apply(FLOOR, (x,), name=name or "Floor")


def ceil(x, name=None):
    return apply(CEIL, (x,), name=name or "Ceil")


def round(x, name=None):
    """Round half to even (banker's rounding); integer tensors are returned unchanged."""
    x = convert_to_tensor(x, name="x")
    if x.dtype.is_integer:
        return x
    return apply(ROUND, (x,), name=name or "Round")


def is_finite(x, name=None):
    return apply(IS_FINITE, (x,), name=name or "IsFinite")


def is_nan(x, name=None):
    return apply(IS_NAN, (x,), name=name or "IsNan")


def is_inf(x, name=None):
    return apply(IS_INF, (x,), name=name or "IsInf")


def conj(x, name=None):
    """The complex conjugate; real tensors are returned unchanged (no op), as in TF."""
    x = convert_to_tensor(x, name="x")
    if not x.dtype.is_complex:
        if x.dtype.is_floating or x.dtype.is_integer:
            return x
        raise TypeError(f"Expected numeric or variant tensor, got dtype {x.dtype!r}.")
    return apply(CONJ, (x,), name=name or "Conj")


def divide_no_nan(x, y, name=None):
    """x / y, or 0 where y is 0."""
    with name_scope(name, "div_no_nan", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype=x.dtype, name="y")
        target = math_ops.TRUEDIV_TARGET.get(x.dtype)   # integers divide as floats
        if target is not None:
            x, y = math_ops.cast(x, target), math_ops.cast(y, target)
        return apply(DIV_NO_NAN, (x, y), name=scope or "div_no_nan")


def squared_difference(x, y, name=None):
    return apply(SQUARED_DIFFERENCE, (x, y), name=name or "SquaredDifference")


def scalar_mul(scalar, x, name=None):
    """scalar * x for a 0-D `scalar` (converted to x's dtype)."""
    x = x if isinstance(x, Tensor) else convert_to_tensor(x, name="x")
    scalar = convert_to_tensor(scalar, dtype=x.dtype, name="scalar")
    if scalar.shape.rank != 0:
        raise ValueError(f"The input scalar must be a 0-D value. Received shape "
                         f"{scalar.shape}.")
    with name_scope(name, "scalar_mul", [x]) as scope:
        return apply(math_ops.MUL, (scalar, x), name=scope or "Mul")


def add_n(inputs, name=None):
    """The elementwise sum of a list of tensors of one dtype and shape."""
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices "
                         "with the same dtype and shape.")
    inputs = [_dense(value) for value in inputs]
    if len(inputs) == 1:
        if name:
            from tensorlite.ops import array_ops
            return array_ops.identity(inputs[0], name=name)
        return inputs[0]
    return apply(ADD_N, inputs, name=name or "AddN")


def _dense(value):
    if isinstance(value, Tensor):
        return value
    if hasattr(value, "indices") and hasattr(value, "dense_shape"):   # IndexedSlices
        return convert_to_tensor(value)
    if value is None or isinstance(value, (str, bytes)):
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices "
                         "with the same dtype and shape.")
    return convert_to_tensor(value)


def log_sigmoid(x, name=None):
    """log(sigmoid(x)), computed stably as -softplus(-x) (tf.math.log_sigmoid)."""
    from tensorlite.framework.scopes import name_scope
    from tensorlite.ops import math_ops, nn_ops
    with name_scope(name, "LogSigmoid", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return math_ops.negative(nn_ops.softplus(math_ops.negative(x)), name=scope or None)
