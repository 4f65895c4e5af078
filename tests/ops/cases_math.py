"""Cases for the math ops: elementwise arithmetic and functions, reductions, scans, clipping,
matrix products, einsum and the linalg basics (see harness.py)."""
import math

import numpy as np

from tensorlite.ops import math_ops
from tests.ops.harness import B, Case, F, I, K, V

_erf = np.vectorize(math.erf, otypes=[np.float64])
EYE3 = np.eye(3)


def _eye3(x):
    """3 * identity in x's dtype (keeps the matrix well conditioned)."""
    return (3 * EYE3).astype(x.dtype.as_numpy_dtype)


def _f32(function):
    """A reference computed in float64 and returned in the input's float dtype."""
    def reference(x, *rest):
        return np.asarray(function(np.asarray(x, np.float64), *rest)).astype(x.dtype)
    return reference


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _int_mean(x, axis=None):
    total = np.sum(x, axis=axis, dtype=x.dtype)
    count = x.size // max(np.size(total), 1)
    return (np.sign(total) * (np.abs(total) // count)).astype(x.dtype)


def _exclusive_cumsum(x, axis):
    c = np.cumsum(x, axis=axis)
    return np.concatenate([np.zeros_like(np.take(c, [0], axis)), np.delete(c, -1, axis)], axis)


def _logsumexp(x, axis=None):
    m = np.max(x, axis=axis, keepdims=True)
    return (np.log(np.sum(np.exp(x - m), axis=axis)) + np.squeeze(m, axis)).astype(x.dtype)


def _clip_by_norm(x, c):
    n = np.sqrt(np.sum(x * x))
    return (x * c / max(n, c)).astype(x.dtype)


def _global(a, b, c):
    n = np.sqrt(np.sum(a * a) + np.sum(b * b))
    s = c / max(n, c)
    return [(a * s).astype(a.dtype), (b * s).astype(b.dtype), np.float32(n)]


def _clip_global(tf, a, b):
    clipped, norm = tf.clip_by_global_norm([a, None, b], 1.0)
    assert clipped[1] is None
    return [clipped[0], clipped[2], norm]


def _prod_others(x):
    return np.prod(x, axis=(0, 2)).astype(x.dtype)


CASES = [
    # ---------------------------------------------------------------- binary arithmetic
    Case("AddV2", lambda tf, x, y: tf.add(x, y), np.add, [F(2, 3), F(3)], grad=1),
    Case("AddV2", lambda tf, x, y: x + y, np.add, [F(2, 1), F(1, 3)], grad=1,
         name="broadcast-both"),
    # tf.add makes "Add" only for strings (which the harness cannot compare): run it directly.
    Case("Add", lambda tf, x, y: math_ops.apply(math_ops.ADD, (x, y)), np.add,
         [F(2, 3), F(2, 1)], grad=1),
    Case("Sub", lambda tf, x, y: tf.subtract(x, y), np.subtract, [F(2, 3), F(2, 1)], grad=1),
    Case("Mul", lambda tf, x, y: tf.multiply(x, y), np.multiply, [F(2, 3), F(3)], grad=2),
    Case("RealDiv", lambda tf, x, y: tf.realdiv(x, y), np.divide,
         [F(2, 3), F(3, low=0.5, high=2.0)], grad=2),
    Case("RealDiv", lambda tf, x, y: tf.realdiv(x, y),
         lambda x, y: np.trunc(x / y).astype(np.int32),
         [V(np.array([7, -7, 5], np.int32)), V(np.array([2, 2, -3], np.int32))], name="int"),
    Case("FloorDiv", lambda tf, x, y: tf.math.floordiv(x, y), np.floor_divide,
         [V(np.array([7, -7, 5], np.int32)), V(np.array([2, 2, -3], np.int32))]),
    Case("FloorDiv", lambda tf, x, y: x // y, np.floor_divide,
         [F(2, 3), F(3, low=0.5, high=2.0)], name="float"),
    Case("FloorMod", lambda tf, x, y: tf.math.floormod(x, y), np.mod,
         [V(np.array([[7.3, -7.1, 5.2]])), V(np.array([2.0, 2.5, -3.0]))], grad=1),
    Case("Pow", lambda tf, x, y: tf.pow(x, y), np.power,
         [F(2, 3, low=0.5, high=2.0), F(3)], grad=2),
    Case("Pow", lambda tf, x, y: x ** y, np.power,
         [V(np.array([2, 3], np.int32)), V(np.array([3, 2], np.int32))], name="int"),
    Case("Maximum", lambda tf, x, y: tf.maximum(x, y), np.maximum, [F(2, 3), F(3)], grad=1),
    Case("Minimum", lambda tf, x, y: tf.minimum(x, y), np.minimum, [F(2, 3), F(2, 1)],
         grad=1),
    Case("SquaredDifference", lambda tf, x, y: tf.math.squared_difference(x, y),
         lambda x, y: np.square(x - y), [F(2, 3), F(3)], grad=2),
    Case("DivNoNan", lambda tf, x, y: tf.math.divide_no_nan(x, y),
         lambda x, y: np.where(y == 0, 0, x / np.where(y == 0, 1, y)).astype(x.dtype),
         [F(2, 3), F(3, low=0.5, high=2.0)], grad=2),
    Case("DivNoNan", lambda tf, x, y: tf.math.divide_no_nan(x, y),
         lambda x, y: np.array([0.0, 2.0], np.float32),
         [V(np.array([1.0, 4.0], np.float32)), V(np.array([0.0, 2.0], np.float32))],
         name="zero"),
    Case("Atan2", lambda tf, y, x: tf.math.atan2(y, x), np.arctan2,
         [F(2, 3), F(3, low=0.5, high=2.0)], grad=2),
    Case("AddN", lambda tf, x, y, z: tf.add_n([x, y, z]), lambda x, y, z: x + y + z,
         [F(2, 3), F(2, 3), F(2, 3)], grad=1),

    # ---------------------------------------------------------------- unary
    Case("Neg", lambda tf, x: -x, np.negative, [F(2, 3)], grad=1),
    Case("Abs", lambda tf, x: tf.abs(x), np.abs, [F(2, 3, low=0.1, high=2.0)], grad=1),
    Case("Abs", lambda tf, x: tf.abs(x), np.abs, [I(4, low=-3, high=3)], name="int"),
    Case("Sign", lambda tf, x: tf.sign(x), np.sign, [F(2, 3)]),
    Case("Sign", lambda tf, x: tf.sign(x) * x, lambda x: np.sign(x) * x,
         [F(2, 3, low=0.1, high=2.0)], grad=1, name="grad"),
    Case("Reciprocal", lambda tf, x: tf.math.reciprocal(x), np.reciprocal,
         [F(2, 3, low=0.5, high=2.0)], grad=2),
    Case("Square", lambda tf, x: tf.square(x), np.square, [F(2, 3)], grad=2),
    Case("Square", lambda tf, x: tf.square(x), np.square, [I(3, low=-3, high=3)], name="int"),
    Case("Sqrt", lambda tf, x: tf.sqrt(x), np.sqrt, [F(2, 3, low=0.5, high=2.0)], grad=2),
    Case("Rsqrt", lambda tf, x: tf.math.rsqrt(x), lambda x: (1 / np.sqrt(x)).astype(x.dtype),
         [F(2, 3, low=0.5, high=2.0)], grad=2),
    Case("Exp", lambda tf, x: tf.exp(x), np.exp, [F(2, 3)], grad=2),
    Case("Expm1", lambda tf, x: tf.math.expm1(x), np.expm1, [F(2, 3)], grad=2),
    Case("Log", lambda tf, x: tf.math.log(x), np.log, [F(2, 3, low=0.5, high=2.0)], grad=2),
    Case("Log1p", lambda tf, x: tf.math.log1p(x), np.log1p, [F(2, 3, low=-0.5, high=2.0)],
         grad=2),
    Case("Sin", lambda tf, x: tf.sin(x), np.sin, [F(2, 3)], grad=2),
    Case("Cos", lambda tf, x: tf.cos(x), np.cos, [F(2, 3)], grad=2),
    Case("Tan", lambda tf, x: tf.tan(x), np.tan, [F(2, 3, low=-1.0, high=1.0)], grad=2),
    Case("Tanh", lambda tf, x: tf.tanh(x), np.tanh, [F(2, 3)], grad=2),
    Case("Sinh", lambda tf, x: tf.sinh(x), np.sinh, [F(2, 3)], grad=2),
    Case("Cosh", lambda tf, x: tf.cosh(x), np.cosh, [F(2, 3)], grad=2),
    Case("Asin", lambda tf, x: tf.asin(x), np.arcsin, [F(2, 3, low=-0.8, high=0.8)], grad=2),
    Case("Acos", lambda tf, x: tf.acos(x), np.arccos, [F(2, 3, low=-0.8, high=0.8)], grad=2),
    Case("Atan", lambda tf, x: tf.atan(x), np.arctan, [F(2, 3)], grad=2),
    Case("Sigmoid", lambda tf, x: tf.sigmoid(x), _f32(_sigmoid), [F(2, 3, low=-5, high=5)],
         grad=2),
    Case("Sigmoid", lambda tf, x: tf.math.sigmoid(x), _f32(_sigmoid),
         [V(np.array([-100.0, -20.0, 0.0, 20.0, 100.0], np.float32))], name="extremes"),
    Case("Erf", lambda tf, x: tf.math.erf(x), _f32(_erf), [F(2, 3, low=-3, high=3)], grad=2),
    Case("Erf", lambda tf, x: tf.math.erf(x), _f32(_erf),
         [V(np.array([0.0, 0.3, -0.46875, 0.5, 2.0, -4.0, 4.5, 7.0, -30.0]))],
         rtol=1e-14, atol=1e-15, name="ranges"),
    Case("Floor", lambda tf, x: tf.floor(x), np.floor, [F(2, 3)]),
    Case("Ceil", lambda tf, x: tf.math.ceil(x), np.ceil, [F(2, 3)]),
    Case("Round", lambda tf, x: tf.round(x), np.round,
         [V(np.array([0.5, 1.5, 2.5, -0.5, -1.5, 0.4, 2.6], np.float32))]),
    Case("IsFinite", lambda tf, x: tf.math.is_finite(x), np.isfinite,
         [V(np.array([1.0, np.inf, -np.inf, np.nan], np.float32))]),
    Case("IsNan", lambda tf, x: tf.math.is_nan(x), np.isnan,
         [V(np.array([1.0, np.inf, np.nan], np.float32))]),
    Case("IsInf", lambda tf, x: tf.math.is_inf(x), np.isinf,
         [V(np.array([1.0, -np.inf, np.nan], np.float32))]),
    Case("Conj", lambda tf, x: tf.math.conj(x), np.conj,
         [V(np.array([1 + 2j, -3j], np.complex64))]),
    Case("Cast", lambda tf, x: tf.cast(x, tf.float64), lambda x: x.astype(np.float64),
         [F(2, 3)], grad=1),
    Case("Cast", lambda tf, x: tf.cast(x, tf.int32), lambda x: x.astype(np.int32),
         [F(2, 3, low=-5, high=5)], name="float-to-int"),
    Case("Cast", lambda tf, x: tf.cast(x, tf.float32), lambda x: x.astype(np.float32),
         [I(2, 3)], name="int-to-float"),

    # ---------------------------------------------------------------- logic and comparison
    Case("LogicalNot", lambda tf, x: tf.logical_not(x), np.logical_not, [B(2, 3)]),
    Case("LogicalAnd", lambda tf, x, y: tf.logical_and(x, y), np.logical_and, [B(2, 3), B(3)]),
    Case("LogicalOr", lambda tf, x, y: tf.logical_or(x, y), np.logical_or, [B(2, 3), B(3)]),
    Case("Invert", lambda tf, x: ~x, np.invert, [I(2, 3)]),
    Case("BitwiseAnd", lambda tf, x, y: x & y, np.bitwise_and, [I(2, 3), I(3)]),
    Case("BitwiseOr", lambda tf, x, y: x | y, np.bitwise_or, [I(2, 3), I(3)]),
    Case("BitwiseXor", lambda tf, x, y: x ^ y, np.bitwise_xor, [I(2, 3), I(3)]),
    Case("Less", lambda tf, x, y: tf.less(x, y), np.less, [F(2, 3), F(3)]),
    Case("LessEqual", lambda tf, x, y: tf.less_equal(x, y), np.less_equal, [I(2, 3), I(3)]),
    Case("Greater", lambda tf, x, y: tf.greater(x, y), np.greater, [F(2, 3), F(2, 1)]),
    Case("GreaterEqual", lambda tf, x, y: tf.greater_equal(x, y), np.greater_equal,
         [I(2, 3), I(1)]),
    Case("Equal", lambda tf, x, y: tf.equal(x, y), np.equal, [I(2, 3), I(3)]),
    Case("NotEqual", lambda tf, x, y: tf.not_equal(x, y), np.not_equal, [I(2, 3), I(3)]),
    Case("BroadcastGradientArgs", lambda tf, a, b: math_ops.broadcast_gradient_args(a, b),
         lambda a, b: [np.array([0, 2], np.int32), np.array([0], np.int32)],
         [V(np.array([1, 4, 1], np.int32)), V(np.array([4, 3], np.int32))]),

    # ---------------------------------------------------------------- matrix products
    Case("MatMul", lambda tf, a, b: tf.matmul(a, b), np.matmul, [F(2, 3), F(3, 4)], grad=2),
    Case("MatMul", lambda tf, a, b: tf.matmul(a, b, transpose_a=True), lambda a, b: a.T @ b,
         [F(3, 2), F(3, 4)], grad=2, name="ta"),
    Case("MatMul", lambda tf, a, b: tf.matmul(a, b, transpose_b=True), lambda a, b: a @ b.T,
         [F(2, 3), F(4, 3)], grad=2, name="tb"),
    Case("MatMul", lambda tf, a, b: tf.matmul(a, b, transpose_a=True, transpose_b=True),
         lambda a, b: a.T @ b.T, [F(3, 2), F(4, 3)], grad=2, name="ta-tb"),
    Case("BatchMatMulV2", lambda tf, a, b: tf.matmul(a, b), np.matmul, [F(2, 2, 3), F(3, 4)],
         grad=2),
    Case("BatchMatMulV2", lambda tf, a, b: tf.matmul(a, b, adjoint_a=True),
         lambda a, b: np.swapaxes(a, -1, -2) @ b, [F(2, 3, 2), F(1, 3, 4)], grad=2,
         name="adj-a"),
    Case("BatchMatMulV2", lambda tf, a, b: tf.matmul(a, b, adjoint_b=True),
         lambda a, b: a @ np.swapaxes(b, -1, -2), [F(2, 3), F(2, 4, 3)], grad=2, name="adj-b"),
    Case("BatchMatMulV2", lambda tf, a, b: tf.matmul(a, b, adjoint_a=True, adjoint_b=True),
         lambda a, b: np.swapaxes(a, -1, -2) @ np.swapaxes(b, -1, -2),
         [F(2, 3, 2), F(2, 4, 3)], grad=2, name="adj-both"),

    # ---------------------------------------------------------------- reductions
    Case("Sum", lambda tf, x: tf.reduce_sum(x), np.sum, [F(2, 3)], grad=1),
    Case("Sum", lambda tf, x, a: tf.reduce_sum(x, a, keepdims=True),
         lambda x, a: np.sum(x, axis=a, keepdims=True), [F(2, 3, 2), K(-2)], grad=1,
         name="keepdims"),
    Case("Sum", lambda tf, x, a: tf.reduce_sum(x, a), lambda x, a: np.sum(x, axis=tuple(a)),
         [F(2, 3, 2), K([0, 2])], grad=1, name="axes"),
    Case("Mean", lambda tf, x, a: tf.reduce_mean(x, a), lambda x, a: np.mean(x, axis=a),
         [F(2, 3), K(1)], grad=1),
    Case("Mean", lambda tf, x: tf.reduce_mean(x, keepdims=True),
         lambda x: np.mean(x, keepdims=True), [F(2, 3)], grad=1, name="all-keepdims"),
    Case("Mean", lambda tf, x: tf.reduce_mean(x), _int_mean,
         [V(np.array([-1, -2, -2, 4, -7], np.int32))], name="int-truncates"),
    Case("Max", lambda tf, x, a: tf.reduce_max(x, a), lambda x, a: np.max(x, axis=a),
         [F(2, 3), K(-1)], grad=1),
    Case("Max", lambda tf, x: tf.reduce_max(x, keepdims=True),
         lambda x: np.max(x, keepdims=True), [F(3, 2)], grad=1, name="all"),
    Case("Max", lambda tf, x: tf.reduce_max(x, 0),
         lambda x: np.array([2.0, 3.0], np.float32),
         [V(np.array([[2.0, 1.0], [2.0, 3.0]], np.float32))], grad=1, name="ties"),
    Case("Min", lambda tf, x, a: tf.reduce_min(x, a), lambda x, a: np.min(x, axis=a),
         [F(2, 3), K(0)], grad=1),
    Case("Prod", lambda tf, x: tf.reduce_prod(x, [0, 2]), _prod_others,
         [F(2, 3, 2, low=0.5, high=1.5)], grad=2),
    Case("Prod", lambda tf, x, a: tf.reduce_prod(x, a, keepdims=True),
         lambda x, a: np.prod(x, axis=a, keepdims=True), [F(3, 2, low=0.5, high=1.5), K(1)],
         grad=2, name="keepdims"),
    Case("Prod", lambda tf, x: tf.reduce_prod(x, 1),
         lambda x: np.prod(x, axis=1).astype(x.dtype),
         [V(np.array([[0.0, 2.0, 3.0], [1.0, 0.0, 0.0]]))], grad=1, name="zeros"),
    Case("EuclideanNorm", lambda tf, x: tf.math.reduce_euclidean_norm(x, 1),
         lambda x: np.sqrt(np.sum(x * x, axis=1)).astype(x.dtype), [F(2, 3)], grad=2),
    Case("EuclideanNorm", lambda tf, x: tf.math.reduce_euclidean_norm(x, keepdims=True),
         lambda x: np.sqrt(np.sum(x * x, keepdims=True)).astype(x.dtype), [F(2, 3)], grad=2,
         name="all"),
    Case("Mean", lambda tf, x: tf.math.reduce_std(x, axis=0), lambda x: np.std(x, axis=0),
         [F(3, 2)], grad=2, name="reduce_std"),
    Case("Mul", lambda tf, x: tf.scalar_mul(3.0, x), lambda x: 3 * x, [F(2)], grad=1,
         name="scalar_mul"),
    Case("Any", lambda tf, x, a: tf.reduce_any(x, a), lambda x, a: np.any(x, axis=a),
         [B(2, 3), K(1)]),
    Case("All", lambda tf, x: tf.reduce_all(x, keepdims=True),
         lambda x: np.all(x, keepdims=True), [B(2, 3)]),
    Case("ArgMax", lambda tf, x: tf.argmax(x), lambda x: np.argmax(x, 0), [F(3, 2)]),
    Case("ArgMax", lambda tf, x: tf.math.argmax(x, axis=-1, output_type=tf.int32),
         lambda x: np.argmax(x, -1).astype(np.int32), [I(2, 4, high=100)], name="int32"),
    Case("ArgMin", lambda tf, x: tf.argmin(x, 1), lambda x: np.argmin(x, 1), [F(3, 4)]),
    Case("Cumsum", lambda tf, x: tf.cumsum(x, axis=1), lambda x: np.cumsum(x, 1), [F(2, 3)],
         grad=1),
    Case("Cumsum", lambda tf, x: tf.math.cumsum(x, exclusive=True, reverse=True),
         lambda x: _exclusive_cumsum(x[::-1], 0)[::-1], [F(3, 2)], grad=1, name="excl-rev"),
    Case("Cumprod", lambda tf, x: tf.math.cumprod(x, axis=-1), lambda x: np.cumprod(x, -1),
         [F(2, 3, low=0.5, high=1.5)], grad=2),
    Case("Cumprod", lambda tf, x: tf.math.cumprod(x, exclusive=True),
         lambda x: np.concatenate([np.ones_like(x[:1]), np.cumprod(x, 0)[:-1]]),
         [F(3, 2, low=0.5, high=1.5)], grad=2, name="exclusive"),
    Case("Exp", lambda tf, x: tf.reduce_logsumexp(x, axis=1), lambda x: _logsumexp(x, 1),
         [F(2, 3, low=-5, high=5)], grad=2, name="reduce_logsumexp"),

    # ---------------------------------------------------------------- clipping and norms
    Case("Maximum", lambda tf, x: tf.clip_by_value(x, -0.5, 0.5),
         lambda x: np.clip(x, -0.5, 0.5), [F(2, 3)], grad=1, name="clip_by_value"),
    Case("Sqrt", lambda tf, x: tf.clip_by_norm(x, 1.0), lambda x: _clip_by_norm(x, 1.0),
         [F(2, 3)], grad=1, name="clip_by_norm"),
    Case("Sqrt", _clip_global, lambda a, b: _global(a, b, 1.0), [F(2, 3), F(3)], grad=1,
         name="clip_by_global_norm"),
    Case("Sqrt", lambda tf, x: tf.norm(x), lambda x: np.float32(np.sqrt(np.sum(x * x))),
         [F(2, 3)], grad=2, name="norm"),
    Case("Sqrt", lambda tf, x: tf.norm(x, axis=1, keepdims=True),
         lambda x: np.linalg.norm(x, axis=1, keepdims=True).astype(x.dtype), [F(2, 3)], grad=2,
         name="norm-axis"),
    Case("Abs", lambda tf, x: tf.norm(x, ord=1, axis=[0, 1]),
         lambda x: np.linalg.norm(x, ord=1).astype(x.dtype), [F(2, 3)], grad=1,
         name="norm-1-matrix"),
    Case("Max", lambda tf, x: tf.linalg.norm(x, ord=np.inf, axis=0),
         lambda x: np.max(np.abs(x), axis=0), [F(2, 3)], grad=1, name="norm-inf"),

    # ---------------------------------------------------------------- einsum, tensordot
    Case("Einsum", lambda tf, a, b: tf.einsum("ij,jk->ik", a, b), np.matmul,
         [F(2, 3), F(3, 4)], grad=2),
    Case("Einsum", lambda tf, a, b: tf.einsum("bij,bjk->bik", a, b), np.matmul,
         [F(2, 2, 3), F(2, 3, 2)], grad=2, name="batch"),
    Case("Einsum", lambda tf, a, b: tf.einsum("...ij,...jk->...ik", a, b), np.matmul,
         [F(2, 2, 3), F(1, 3, 2)], grad=2, name="ellipsis-broadcast"),
    Case("Einsum", lambda tf, a: tf.einsum("ij->ji", a), np.transpose, [F(2, 3)], grad=1,
         name="transpose"),
    Case("Einsum", lambda tf, a: tf.einsum("ii", a), np.trace, [F(3, 3)], grad=1,
         name="trace"),
    Case("Einsum", lambda tf, a: tf.einsum("ii->i", a), np.diagonal, [F(3, 3)], grad=1,
         name="diag"),
    Case("Einsum", lambda tf, a, b: tf.einsum("i,j->ij", a, b), np.outer, [F(2), F(3)],
         grad=2, name="outer"),
    Case("Einsum", lambda tf, a: tf.einsum("ijk->j", a), lambda a: np.sum(a, axis=(0, 2)),
         [F(2, 3, 2)], grad=1, name="reduce"),
    Case("Einsum", lambda tf, a, b, c: tf.einsum("ij,jk,kl->il", a, b, c),
         lambda a, b, c: a @ b @ c, [F(2, 3), F(3, 2), F(2, 2)], grad=2, name="three"),
    Case("Einsum", lambda tf, a, b: tf.einsum("ij,ij->i", a, b),
         lambda a, b: np.sum(a * b, axis=1), [F(2, 3), F(2, 3)], grad=2, name="rowdot"),
    Case("Einsum", lambda tf, a, b: tf.tensordot(a, b, 1), np.matmul, [F(2, 3), F(3, 2)],
         grad=2, name="tensordot"),
    Case("Einsum", lambda tf, a, b: tf.tensordot(a, b, [[0, 2], [2, 1]]),
         lambda a, b: np.tensordot(a, b, [[0, 2], [2, 1]]), [F(2, 3, 2), F(3, 2, 2)], grad=2,
         name="tensordot-axes", unknown_rank=False),   # a tensorlite limit: lists of axes

    # ---------------------------------------------------------------- diagonals, inverse
    Case("MatrixDiagV3", lambda tf, d: tf.linalg.diag(d),
         lambda d: d[..., :, None] * np.eye(3, dtype=d.dtype), [F(2, 3)], grad=1),
    Case("MatrixDiagV3", lambda tf, d: tf.linalg.diag(d, k=1, num_rows=3, padding_value=9),
         lambda d: np.array([[9, d[0], 9], [9, 9, d[1]], [9, 9, 9]], d.dtype), [F(2)], grad=1,
         name="k1"),
    Case("MatrixDiagPartV3", lambda tf, x: tf.linalg.diag_part(x),
         lambda x: np.diagonal(x, axis1=-2, axis2=-1).copy(), [F(2, 3, 2)], grad=1),
    Case("MatrixDiagPartV3", lambda tf, x: tf.linalg.diag_part(x, k=-1),
         lambda x: np.diagonal(x, offset=-1).copy(), [F(3, 2)], grad=1, name="k-1"),
    Case("MatrixDiagPartV3", lambda tf, x: tf.linalg.trace(x),
         lambda x: np.trace(x, axis1=-2, axis2=-1).astype(x.dtype), [F(2, 3, 3)], grad=1,
         name="trace"),
    Case("Diag", lambda tf, d: tf.linalg.tensor_diag(d),
         lambda d: np.diag(d.reshape(-1)).reshape(d.shape + d.shape), [F(2, 2)], grad=1),
    Case("DiagPart", lambda tf, x: tf.linalg.tensor_diag_part(x),
         lambda x: np.diagonal(x.reshape(4, 4)).reshape(2, 2).copy(), [F(2, 2, 2, 2)], grad=1),
    Case("MatrixInverse", lambda tf, x: tf.linalg.inv(x + _eye3(x)),
         lambda x: np.linalg.inv(x + 3 * EYE3).astype(x.dtype), [F(3, 3, low=-1, high=1)],
         grad=2, rtol=1e-4, atol=1e-5),
    Case("MatrixInverse", lambda tf, x: tf.linalg.inv(x, adjoint=True),
         lambda x: np.linalg.inv(x.T).astype(x.dtype),
         [V(np.array([[2.0, 1.0], [0.5, 3.0]]))], grad=2, name="adjoint"),
]
