"""Complex numbers: Complex, Real, Imag, Angle and ComplexAbs, with TF's wrappers
(tf.complex, tf.math.real/imag/angle) and gradients (python/ops/math_grad.py).

TF's convention for a complex gradient: the gradient of a real loss L with respect to
z = x + iy is dL/dx + i dL/dy (not its conjugate), so Real's gradient is complex(g, 0),
Imag's complex(0, g), and Complex's splits the incoming gradient back into (real, imag).
"""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, register
from tensorlite.framework.scopes import name_scope
from tensorlite.ops import array_manip, gather_scatter, math_ops, math_unary
from tensorlite.ops.shape_util import broadcast_rule, same_as_first

__all__ = ["complex"]

REAL_PARTS = (_dtypes.float32, _dtypes.float64)
COMPLEX = _dtypes.COMPLEX_TYPES


def _complex_kernel(real, imag, Tout):
    # Filled part by part: real + 1j * imag would turn an infinite imag into a NaN real.
    out = np.empty(np.broadcast_shapes(np.shape(real), np.shape(imag)), Tout.as_numpy_dtype)
    out.real = real
    out.imag = imag
    return out


def _complex_grad(op, grad):
    real_part, imag_part = op.inputs
    return math_ops.unbroadcast_gradients(real_part, imag_part, real(grad), imag(grad))


def _part_kernel(function):
    return lambda input, Tout: np.asarray(function(input)).astype(Tout.as_numpy_dtype)


def _real_grad(op, grad):
    return [complex(grad, array_manip.zeros_like(grad))]


def _imag_grad(op, grad):
    return [complex(array_manip.zeros_like(grad), grad)]


def _angle_grad(op, grad):
    # TF's rule: -grad / (imag(x) + i real(x)).
    x = op.inputs[0]
    z = math_unary.reciprocal(complex(imag(x), real(x)))
    return [-complex(grad, array_manip.zeros_like(grad)) * z]


def _complex_abs_grad(op, grad):
    # grad * x / |x|, and 0 at x = 0 (div_no_nan) where |x| has no derivative.
    absolute = op.outputs[0]
    return [math_unary.divide_no_nan(complex(grad, array_manip.zeros_like(grad)) * op.inputs[0],
                                     complex(absolute, array_manip.zeros_like(absolute)))]


def _complex_to_real(op_type, function, grad):
    return register(OpDef(op_type, _part_kernel(function), same_as_first, grad,
                          inputs=("input: T",), outputs=("Tout",), type_attrs={"T": COMPLEX}))


COMPLEX_OP = register(OpDef("Complex", _complex_kernel, broadcast_rule, _complex_grad,
                            inputs=("real: T", "imag: T"), outputs=("Tout",),
                            type_attrs={"T": REAL_PARTS}))
REAL = _complex_to_real("Real", np.real, _real_grad)
IMAG = _complex_to_real("Imag", np.imag, _imag_grad)
ANGLE = _complex_to_real("Angle", np.angle, _angle_grad)
COMPLEX_ABS = _complex_to_real("ComplexAbs", np.abs, _complex_abs_grad)


def complex(real, imag, name=None):
    """real + i imag, elementwise (broadcasting): complex64 from float32 parts, complex128
    from float64 ones."""
    real = convert_to_tensor(real, name="real")
    imag = convert_to_tensor(imag, name="imag")
    with name_scope(name, "Complex", [real, imag]) as scope:
        input_types = (real.dtype, imag.dtype)
        if input_types == (_dtypes.float64, _dtypes.float64):
            out = _dtypes.complex128
        elif input_types == (_dtypes.float32, _dtypes.float32):
            out = _dtypes.complex64
        else:
            raise TypeError(f"The `real` and `imag` components have incorrect types: "
                            f"{real.dtype.name} {imag.dtype.name}. They must be consistent, "
                            f"and one of {[_dtypes.float32, _dtypes.float64]}")
        return apply(COMPLEX_OP, (real, imag), {"Tout": out}, name=scope or "Complex")


def _to_real_part(opdef, input, name):
    return apply(opdef, (input,), {"Tout": input.dtype.real_dtype}, name=name)


def real(input, name=None):
    """The real part; a real tensor is returned unchanged (no op), as in TF."""
    with name_scope(name, "Real", [input]) as scope:
        input = convert_to_tensor(input, name="input")
        if input.dtype.is_complex:
            return _to_real_part(REAL, input, scope or "Real")
        if input.dtype.is_numeric:
            return input
        raise TypeError(f"input must be a numeric tensor, but got tensor with dtype "
                        f"{input.dtype}")


def imag(input, name=None):
    """The imaginary part; zeros for a real tensor, as in TF."""
    with name_scope(name, "Imag", [input]) as scope:
        input = convert_to_tensor(input, name="input")
        if input.dtype.is_complex:
            return _to_real_part(IMAG, input, scope or "Imag")
        return array_manip.zeros_like(input)


def angle(input, name=None):
    """The argument atan2(imag, real); for a real tensor, pi where it is negative and 0
    elsewhere, as TF builds it."""
    with name_scope(name, "Angle", [input]) as scope:
        input = convert_to_tensor(input, name="input")
        if input.dtype.is_complex:
            return _to_real_part(ANGLE, input, scope or "Angle")
        return gather_scatter.where(math_ops.less(input, 0),
                               np.pi * array_manip.ones_like(input),
                               array_manip.zeros_like(input))


def complex_abs(x, name=None):
    """|x| of a complex tensor, as a float tensor (what tf.abs runs for complex input)."""
    return _to_real_part(COMPLEX_ABS, x, name or "ComplexAbs")


MATH_NAMES = {"real": real, "imag": imag, "angle": angle}
# TF1's top-level spellings (tf.compat.v1.real, ...).
V1_NAMES = {"real": real, "imag": imag, "angle": angle}
