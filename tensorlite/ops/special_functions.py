"""Special functions of tf.math: lgamma, digamma, polygamma, zeta, erfinv, ndtri, lbeta,
bessel_i0e and bessel_i1e. NumPy has none of them, so each kernel is a classical
approximation evaluated in float64 (accurate to a few float64 ulps) and cast back.
Kernel, gradient and wrapper side by side.
"""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, register
from tensorlite.framework.scopes import name_scope
from tensorlite.ops import math_ops, math_unary
from tensorlite.ops.array_manip import ones_like, zeros_like
from tensorlite.ops.gather_scatter import where
from tensorlite.ops.shape_util import broadcast_rule, same_as_first

# As TF's CPU kernels: half, float and double (bfloat16 has an op but no kernel there).
HALF_TO_DOUBLE = (_dtypes.float16, _dtypes.float32, _dtypes.float64)
FLOAT_DOUBLE = (_dtypes.float32, _dtypes.float64)


def _float64_kernel(function):
    """Evaluate `function` on float64 arrays, quietly (TF returns inf/nan silently)."""
    def kernel(*arrays):
        with np.errstate(all="ignore"):
            result = function(*[np.asarray(a, np.float64) for a in arrays])
        dtype = np.asarray(arrays[-1]).dtype
        return np.asarray(result).astype(dtype)
    kernel.__name__ = function.__name__
    return kernel


def _polynomial(coefficients, x):
    """coefficients[0] + coefficients[1] * x + ... (Horner)."""
    result = np.full_like(x, coefficients[-1])
    for c in reversed(coefficients[:-1]):
        result = result * x + c
    return result


# ------------------------------------------------------------------ lgamma, digamma

# Lanczos' approximation with g = 7, n = 9 (relative error ~1e-15 for x >= 0.5).
_LANCZOS_G = 7.0
_LANCZOS = (0.99999999999980993, 676.5203681218851, -1259.1392167224028,
            771.32342877765313, -176.61502916214059, 12.507343278686905,
            -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7)
_HALF_LOG_2PI = 0.91893853320467274178


def _lgamma_positive(x):
    """lgamma on x >= 0.5."""
    z = x - 1.0
    series = np.full_like(z, _LANCZOS[0])
    for i, c in enumerate(_LANCZOS[1:], 1):
        series = series + c / (z + i)
    t = z + _LANCZOS_G + 0.5
    return _HALF_LOG_2PI + (z + 0.5) * np.log(t) - t + np.log(series)


def _sin_pi(x):
    """sin(pi x), reduced first so large arguments keep their accuracy."""
    return np.sin(np.pi * (x - 2.0 * np.round(x / 2.0)))


def _lgamma(x):
    reflect = x < 0.5
    positive = _lgamma_positive(np.where(reflect, 1.0 - x, x))
    # Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x); TF returns +inf at the poles.
    reflected = np.log(np.pi / np.abs(_sin_pi(x))) - positive
    result = np.where(reflect, reflected, positive)
    result = np.where((x <= 0) & (x == np.floor(x)), np.inf, result)
    return np.where(np.isinf(x), np.inf, result)


# Asymptotic digamma: ln x - 1/(2x) - sum B_2k / (2k x^2k), used for x >= 10.
_DIGAMMA_TAIL = (1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12)


def _digamma(x):
    reflect = x < 0.5
    y = np.where(reflect, 1.0 - x, x)
    shift = np.zeros_like(y)
    for _ in range(10):        # recurrence psi(y) = psi(y + 1) - 1 / y up to y >= 10
        small = y < 10.0
        shift = shift - np.where(small, 1.0 / y, 0.0)
        y = np.where(small, y + 1.0, y)
    inv2 = 1.0 / (y * y)
    tail = _polynomial(_DIGAMMA_TAIL, inv2) * inv2
    result = np.log(y) - 0.5 / y - tail + shift
    # Reflection: psi(1 - x) - psi(x) = pi / tan(pi x).
    reduced = x - np.round(x)
    result = np.where(reflect, result - np.pi / np.tan(np.pi * reduced), result)
    # TF: nan at the poles and at -inf, +inf at +inf.
    result = np.where((x <= 0) & (x == np.floor(x)), np.nan, result)
    return np.where(x == np.inf, np.inf, result)


# ------------------------------------------------------------------ zeta, polygamma

# Euler-Maclaurin constants (2k)! / B_2k, as in Cephes' zeta.c (which Eigen and TF use).
_ZETA_A = (12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9,
           7.47242496e10, -2.950130727918164224e12, 1.1646782814350067249e14,
           -4.5979787224074726105e15, 1.8152105401943546773e17, -7.1661652561756670113e18)
_EPS = np.finfo(np.float64).eps


def _zeta(s, q):
    """Hurwitz zeta sum_k (q + k)^-s, Cephes' algorithm (element by element stopping)."""
    s, q = np.broadcast_arrays(s, q)
    s, q = s.astype(np.float64), q.astype(np.float64)
    total = q ** -s
    a = q.copy()
    b = np.zeros_like(q)
    done = np.isnan(total) | ~np.isfinite(s)
    i = 0
    while True:
        active = ~done & ((i < 9) | (a <= 9.0))
        if not active.any():
            break
        i += 1
        a = np.where(active, a + 1.0, a)
        b = np.where(active, a ** -s, b)
        total = np.where(active, total + b, total)
        done |= active & (np.abs(b / total) < _EPS)
    w = a
    total = np.where(done, total, total + b * w / (s - 1.0) - 0.5 * b)
    factor = np.ones_like(s)
    k = 0.0
    for c in _ZETA_A:
        factor = factor * (s + k)
        b = b / w
        term = factor * b / c
        total = np.where(done, total, total + term)
        done |= np.abs(term / total) < _EPS
        k += 1.0
        factor = factor * (s + k)
        b = b / w
        k += 1.0
    total = np.where(q > 1e8, (1.0 / (s - 1.0) + 0.5 / q) * q ** (1.0 - s), total)
    # Cephes' domain: inf at s == 1 and at non-positive integer q, nan for s < 1 and for
    # negative q with non-integer s (q^-s is not real).
    total = np.where(s < 1.0, np.nan, total)
    total = np.where((q <= 0) & (q != np.floor(q)) & (s != np.floor(s)), np.nan, total)
    return np.where((s == 1.0) | ((q <= 0) & (q == np.floor(q))), np.inf, total)


def _polygamma(n, x):
    """psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x); digamma at n = 0; nan unless n is a
    non-negative integer (Eigen's rule)."""
    n, x = np.broadcast_arrays(n, x)
    order = n + 1.0
    sign = np.where(np.mod(order, 2.0) == 0.0, 1.0, -1.0)
    result = sign * np.exp(_lgamma(order)) * _zeta(order, x)
    result = np.where(n == 0, _digamma(x), result)
    return np.where((n != np.floor(n)) | (n < 0), np.nan, result)


# ------------------------------------------------------------------ erfinv, ndtri

# Wichura's algorithm AS 241 (PPND16): the normal quantile to about 1e-16.
_AS241_A = (3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3,
            1.3731693765509461125e4, 4.5921953931549871457e4, 6.7265770927008700853e4,
            3.3430575583588128105e4, 2.5090809287301226727e3)
_AS241_B = (1.0, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
            2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4,
            5.2264952788528545610e3)
_AS241_C = (1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
            3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
            2.27238449892691845833e-2, 7.74545014278341407640e-4)
_AS241_D = (1.0, 2.05319162663775882187e0, 1.67638483018380384940e0,
            6.89767334985100004550e-1, 1.48103976427480074590e-1,
            1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9)
_AS241_E = (6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
            2.96560571828504891230e-1, 2.65321895265761230930e-2,
            1.24266094738807843860e-3, 2.71155556874348757815e-5,
            2.01033439929228813265e-7)
_AS241_F = (1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1,
            1.48753612908506148525e-2, 7.86869131145613259100e-4,
            1.84631831751005468180e-5, 1.42151175831644588870e-7,
            2.04426310338993978564e-15)


def _normal_quantile(q, tail):
    """The quantile at p = 0.5 + q, given q and tail = min(p, 1 - p) computed exactly."""
    r = 0.180625 - q * q
    central = q * _polynomial(_AS241_A, r) / _polynomial(_AS241_B, r)
    r = np.sqrt(-np.log(tail))
    near = _polynomial(_AS241_C, r - 1.6) / _polynomial(_AS241_D, r - 1.6)
    far = _polynomial(_AS241_E, r - 5.0) / _polynomial(_AS241_F, r - 5.0)
    outer = np.copysign(np.where(r <= 5.0, near, far), q)
    return np.where(np.abs(q) <= 0.425, central, outer)


_SQRT_HALF = 0.70710678118654752440


def _erfinv(y):
    # erfinv(y) = ndtri((1 + y) / 2) / sqrt(2); q = y / 2 and the tail (1 - |y|) / 2 are
    # exact in float64, which keeps full accuracy as |y| approaches 1.
    result = _normal_quantile(y / 2.0, (1.0 - np.abs(y)) / 2.0) * _SQRT_HALF
    result = np.where(np.abs(y) == 1.0, np.copysign(np.inf, y), result)
    return np.where(np.abs(y) > 1.0, np.nan, result)


def _ndtri(p):
    result = _normal_quantile(p - 0.5, np.minimum(p, 1.0 - p))
    result = np.where(p == 0.0, -np.inf, np.where(p == 1.0, np.inf, result))
    return np.where((p < 0.0) | (p > 1.0), np.nan, result)


# ------------------------------------------------------------------ exponentially scaled I0, I1

def _bessel_ie(x, order):
    """exp(-|x|) I_order(x): the power series up to |x| = 30 (positive terms, no
    cancellation), Hankel's asymptotic expansion beyond (truncated far below 1e-20)."""
    ax = np.abs(x)
    small = np.minimum(ax, 30.0)
    quarter = small * small / 4.0
    term = np.ones_like(small) if order == 0 else small / 2.0
    series = term
    for k in range(1, 90):
        term = term * quarter / (k * (k + order))
        series = series + term
    series = series * np.exp(-small)
    large = np.maximum(ax, 30.0)
    mu = 4.0 * order * order
    term = np.ones_like(large)
    asymptotic = term
    for k in range(1, 30):
        term = -term * (mu - (2 * k - 1) ** 2) / (k * 8.0 * large)
        asymptotic = asymptotic + term
    asymptotic = asymptotic / np.sqrt(2.0 * np.pi * large)
    result = np.where(ax <= 30.0, series, asymptotic)
    result = np.where(np.isinf(ax), 0.0, result)
    return result if order == 0 else np.copysign(result, x)


# ------------------------------------------------------------------ ops and gradients

def _unary(op_type, function, allowed, grad):
    return register(OpDef(op_type, _float64_kernel(function), same_as_first, grad,
                          inputs=("x: T",), outputs=("T",), type_attrs={"T": allowed}))


def _lgamma_grad(op, grad):
    return [grad * digamma(op.inputs[0])]


def _digamma_grad(op, grad):
    x = op.inputs[0]
    return [grad * polygamma(convert_to_tensor(1, dtype=x.dtype), x)]


def _erfinv_grad(op, grad):
    root_pi_over_two = convert_to_tensor(np.sqrt(np.pi) / 2, dtype=grad.dtype)
    return [grad * root_pi_over_two * math_unary.exp(math_unary.square(op.outputs[0]))]


def _ndtri_grad(op, grad):
    root_two_pi = convert_to_tensor(np.sqrt(2 * np.pi), dtype=grad.dtype)
    half = convert_to_tensor(0.5, dtype=grad.dtype)
    return [grad * root_two_pi * math_unary.exp(math_unary.square(op.outputs[0]) * half)]


def _bessel_i0e_grad(op, grad):
    x, y = op.inputs[0], op.outputs[0]
    return [grad * (bessel_i1e(x) - math_unary.sign(x) * y)]


def _bessel_i1e_grad(op, grad):
    # As TF: the limit 0.5 at x = 0, where the general form divides by zero.
    # (A safe x keeps the unused branch finite: no 0 * inf in the backward pass.)
    x, y = op.inputs[0], op.outputs[0]
    is_zero = math_ops.equal(x, zeros_like(x))
    safe_x = where(is_zero, ones_like(x), x)
    general = bessel_i0e(x) - y * (math_unary.sign(x) + math_unary.reciprocal(safe_x))
    at_zero = convert_to_tensor(0.5, dtype=x.dtype)
    return [grad * where(is_zero, at_zero * ones_like(x), general)]


def _reduced_binary_grads(op, partial_q):
    # The first argument (s, n) gets no gradient in TF; q/x gets partial_q, unbroadcast.
    q = op.inputs[1]
    return [None, math_ops.sum_to_shape_of(partial_q, q)]


def _zeta_grad(op, grad):
    s, q = op.inputs
    one = convert_to_tensor(1, dtype=s.dtype)
    return _reduced_binary_grads(op, grad * -s * zeta(s + one, q))


def _polygamma_grad(op, grad):
    n, x = op.inputs
    one = convert_to_tensor(1, dtype=n.dtype)
    return _reduced_binary_grads(op, grad * polygamma(n + one, x))


LGAMMA = _unary("Lgamma", _lgamma, HALF_TO_DOUBLE, _lgamma_grad)
DIGAMMA = _unary("Digamma", _digamma, HALF_TO_DOUBLE, _digamma_grad)
ERFINV = _unary("Erfinv", _erfinv, FLOAT_DOUBLE, _erfinv_grad)
NDTRI = _unary("Ndtri", _ndtri, FLOAT_DOUBLE, _ndtri_grad)
BESSEL_I0E = _unary("BesselI0e", lambda x: _bessel_ie(x, 0), HALF_TO_DOUBLE, _bessel_i0e_grad)
BESSEL_I1E = _unary("BesselI1e", lambda x: _bessel_ie(x, 1), HALF_TO_DOUBLE, _bessel_i1e_grad)
ZETA = register(OpDef("Zeta", _float64_kernel(_zeta), broadcast_rule, _zeta_grad,
                      inputs=("x: T", "q: T"), outputs=("T",), type_attrs={"T": FLOAT_DOUBLE}))
POLYGAMMA = register(OpDef("Polygamma", _float64_kernel(_polygamma), broadcast_rule,
                           _polygamma_grad, inputs=("a: T", "x: T"), outputs=("T",),
                           type_attrs={"T": FLOAT_DOUBLE}))


def lgamma(x, name=None):
    """log |Gamma(x)| elementwise (+inf at the poles)."""
    return apply(LGAMMA, (x,), name=name or "Lgamma")


def digamma(x, name=None):
    """The derivative of lgamma (nan at the poles)."""
    return apply(DIGAMMA, (x,), name=name or "Digamma")


def polygamma(a, x, name=None):
    """The a-th derivative of digamma; a must hold non-negative integers (else nan)."""
    return apply(POLYGAMMA, (a, x), name=name or "Polygamma")


def zeta(x, q, name=None):
    """Hurwitz zeta: sum over k >= 0 of (q + k)^-x."""
    return apply(ZETA, (x, q), name=name or "Zeta")


def erfinv(x, name=None):
    """The inverse of erf on [-1, 1] (nan outside)."""
    return apply(ERFINV, (x,), name=name or "Erfinv")


def ndtri(x, name=None):
    """The standard normal quantile function (inverse of ndtr) on [0, 1]."""
    return apply(NDTRI, (x,), name=name or "Ndtri")


def bessel_i0e(x, name=None):
    """exp(-|x|) I0(x), the exponentially scaled modified Bessel function of order 0."""
    return apply(BESSEL_I0E, (x,), name=name or "BesselI0e")


def bessel_i1e(x, name=None):
    """exp(-|x|) I1(x), the exponentially scaled modified Bessel function of order 1."""
    return apply(BESSEL_I1E, (x,), name=name or "BesselI1e")


def lbeta(x, name=None):
    """log |Beta(x)| over the last axis: sum(lgamma(x)) - lgamma(sum(x))."""
    with name_scope(name, "lbeta", [x]):
        x = convert_to_tensor(x, name="x")
        log_prod_gamma_x = _sum_last_axis(lgamma(x))
        # As TF: an empty last axis gives lgamma(0) = inf, so the result is -inf.
        log_gamma_sum_x = lgamma(_sum_last_axis(x))
        return log_prod_gamma_x - log_gamma_sum_x


def _sum_last_axis(x):
    return math_ops.reduce_sum(x, axis=[-1])

