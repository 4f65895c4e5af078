"""Registry cases for math_more.py, segment_ops.py and special_functions.py.

The references are independent of the kernels: Python's math.lgamma and math.erf, loops
over rows, Euler-Maclaurin sums with many terms, and quadrature of Bessel's integrals.
"""
import math

import numpy as np

from tests.ops.harness import Case, F, I, K, V


# ------------------------------------------------------------------ references

def _segments(data, ids, count, reduce, empty):
    data, ids = np.asarray(data), np.asarray(ids)
    out = np.full((count,) + data.shape[ids.ndim:], empty, dtype=data.dtype)
    for j in range(count):
        rows = [data[i] for i, s in np.ndenumerate(ids) if s == j]
        if rows:
            out[j] = reduce(np.stack(rows), axis=0)
    return out


def _sorted(reduce, empty=0):
    return lambda x, ids: _segments(x, ids, ids[-1] + 1, reduce, empty)


def _unsorted(reduce, count, empty):
    return lambda x, ids: _segments(x, ids, count, reduce, empty)


def _bincount(x, weights=None, size=None):
    size = int(x.max()) + 1 if size is None else size
    out = np.zeros(size, np.int32 if weights is None else weights.dtype)
    for i, v in enumerate(x):
        out[v] += 1 if weights is None else weights[i]
    return out


def _unique_with_counts(x):
    values = list(dict.fromkeys(x.tolist()))
    idx = np.array([values.index(v) for v in x], np.int32)
    counts = np.array([int(np.sum(x == v)) for v in values], np.int32)
    return np.array(values, x.dtype), idx, counts


def _stitch(indices, data):
    out = np.zeros((max(max(i) for i in indices) + 1,) + data[0].shape[1:], data[0].dtype)
    for index, values in zip(indices, data):
        for position, row in zip(index, values):
            out[position] = row
    return out


def _elementwise(function):
    def reference(x):
        return np.vectorize(function, otypes=[np.float64])(x).astype(x.dtype)
    return reference


def _digamma(x):
    # Five-point derivative of math.lgamma (error ~1e-12 at this step).
    h = 1e-3
    return (-math.lgamma(x + 2 * h) + 8 * math.lgamma(x + h) - 8 * math.lgamma(x - h) +
            math.lgamma(x - 2 * h)) / (12 * h)


def _hurwitz_zeta(s, q, terms=4000):
    # Direct sum plus the Euler-Maclaurin tail: the error is far below float64 precision.
    head = sum((q + k) ** -s for k in range(terms))
    a = q + terms
    return head + a ** (1 - s) / (s - 1) + 0.5 * a ** -s + s * a ** (-s - 1) / 12


def _polygamma(n, x):
    n = int(n)
    return (-1) ** (n + 1) * math.factorial(n) * _hurwitz_zeta(n + 1.0, x)


def _bisect(function, target, low, high):
    """The root of an increasing `function` - target on [low, high]."""
    for _ in range(200):
        middle = 0.5 * (low + high)
        if function(middle) < target:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def _erfinv(y):
    # Near +-1 solved on erfc(x) = 1 - |y| (exact in float64): erf is too flat there.
    if abs(y) < 0.5:
        return _bisect(math.erf, y, -1.0, 1.0)
    root = _bisect(lambda x: -math.erfc(x), -(1.0 - abs(y)), 0.0, 30.0)
    return math.copysign(root, y)


def _ndtri(p):
    # The upper tail 0.5 erfc(x / sqrt 2) = min(p, 1 - p), mirrored below p = 0.5.
    tail = min(p, 1.0 - p)
    root = _bisect(lambda x: -0.5 * math.erfc(x / math.sqrt(2.0)), -tail, 0.0, 40.0)
    return root if p > 0.5 else -root


_THETA = np.linspace(0.0, np.pi, 4001)


def _bessel_ie(order):
    def reference(x):
        # exp(-|x|) I_n(x) = (1/pi) int_0^pi exp(|x| (cos t - 1)) cos(n t) dt, sign(x)^n.
        weight = np.exp(abs(x) * (np.cos(_THETA) - 1.0)) * np.cos(order * _THETA)
        return np.sign(x) ** order * np.trapezoid(weight, _THETA) / np.pi
    return reference


_SORTED_IDS = K([0, 0, 1, 3])
_UNSORTED_IDS = K([0, 2, 1, -1, 2])
_PROD_WITH_ZEROS = V(np.array([[0.0, 2.0], [3.0, 0.0], [0.0, 5.0], [1.5, 2.0]], np.float32))

CASES = [
    # ------------------------------------------------------------- segment_ops.py
    Case("SegmentSum", lambda tf, x, i: tf.math.segment_sum(x, i),
         _sorted(np.sum), [F(4, 2), _SORTED_IDS], grad=1),
    Case("SegmentMean", lambda tf, x, i: tf.math.segment_mean(x, i),
         _sorted(np.mean), [F(4, 3), _SORTED_IDS], grad=1),
    Case("SegmentMean", lambda tf, x: tf.math.segment_mean(x, [0, 0, 2, 2, 2]),
         lambda x: np.array([3, 0, 2], np.int32), [V(np.array([2, 4, 1, 2, 4], np.int32))],
         name="int-truncates"),
    Case("SegmentMax", lambda tf, x, i: tf.math.segment_max(x, i),
         _sorted(np.max), [F(4, 2), _SORTED_IDS], grad=1),
    Case("SegmentMin", lambda tf, x, i: tf.math.segment_min(x, i),
         _sorted(np.min), [F(4, 2), _SORTED_IDS], grad=1),
    Case("SegmentProd", lambda tf, x, i: tf.math.segment_prod(x, i),
         _sorted(np.prod, 1), [F(4, 2), _SORTED_IDS], grad=1),
    Case("SegmentProd", lambda tf, x: tf.math.segment_prod(x, [0, 0, 0, 1]),
         lambda x: _segments(x, [0, 0, 0, 1], 2, np.prod, 1), [_PROD_WITH_ZEROS], grad=1,
         name="zeros"),
    Case("UnsortedSegmentMax", lambda tf, x, i: tf.math.unsorted_segment_max(x, i, 3),
         _unsorted(np.max, 3, np.finfo(np.float32).min), [F(5, 2), _UNSORTED_IDS], grad=1),
    Case("UnsortedSegmentMax", lambda tf, x, i: tf.math.unsorted_segment_max(x, i, 4),
         _unsorted(np.max, 4, np.iinfo(np.int32).min), [I(2, 2, high=9), K([[0, 3], [3, -1]])],
         name="int-2d-ids"),
    Case("UnsortedSegmentMin", lambda tf, x, i: tf.math.unsorted_segment_min(x, i, 3),
         _unsorted(np.min, 3, np.finfo(np.float32).max), [F(5, 2), _UNSORTED_IDS], grad=1),
    Case("UnsortedSegmentProd", lambda tf, x, i: tf.math.unsorted_segment_prod(x, i, 4),
         _unsorted(np.prod, 4, 1), [F(5, 2), _UNSORTED_IDS], grad=1),
    Case("UnsortedSegmentProd", lambda tf, x: tf.math.unsorted_segment_prod(x, [0, 1, 0, 0], 2),
         lambda x: _segments(x, [0, 1, 0, 0], 2, np.prod, 1), [_PROD_WITH_ZEROS], grad=1,
         name="zeros"),
    Case("UnsortedSegmentSum", lambda tf, x, i: tf.math.unsorted_segment_mean(x, i, 4),
         _unsorted(np.mean, 4, 0), [F(5, 2), _UNSORTED_IDS], grad=1, name="mean"),
    Case("UnsortedSegmentSum", lambda tf, x, i: tf.math.unsorted_segment_sqrt_n(x, i, 4),
         _unsorted(lambda rows, axis: np.sum(rows, axis) / np.sqrt(len(rows)), 4, 0),
         [F(5, 2), _UNSORTED_IDS], grad=1, name="sqrt-n"),
    # ------------------------------------------------------------- math_more.py
    Case("DenseBincount", lambda tf, x: tf.math.bincount(x), _bincount, [I(7, high=4)]),
    Case("DenseBincount", lambda tf, x, w: tf.math.bincount(x, weights=w, minlength=7),
         lambda x, w: _bincount(x, w, 7), [I(6, high=4), F(6)], name="weights-minlength"),
    Case("DenseBincount", lambda tf, x: tf.math.bincount(x, axis=-1, maxlength=3),
         lambda x: np.stack([_bincount(r[r < 3], size=3) for r in x]), [I(2, 5, high=4)],
         name="rows-maxlength"),
    Case("LowerBound", lambda tf, s, v: tf.searchsorted(s, v),
         lambda s, v: np.stack([np.searchsorted(a, b) for a, b in zip(s, v)]).astype(np.int32),
         [V(np.array([[1.0, 2.0, 2.0, 5.0], [0.0, 1.0, 3.0, 3.5]], np.float32)), F(2, 3)]),
    Case("UpperBound", lambda tf, s, v: tf.searchsorted(s, v, side="right", out_type=tf.int64),
         lambda s, v: np.searchsorted(s, v, side="right").astype(np.int64),
         [V(np.array([-1.0, 0.0, 0.0, 1.5], np.float32)), V(np.float32([0.0, 2.0, -3.0]))]),
    Case("HistogramFixedWidth", lambda tf, x: tf.histogram_fixed_width(x, [-1.0, 1.0], 5),
         lambda x: np.bincount(np.clip(np.floor((x + 1.0) / 0.4), 0, 4).astype(int),
                               minlength=5).astype(np.int32), [F(12)]),
    Case("Roll", lambda tf, x: tf.roll(x, [1, -2], [0, 1]),
         lambda x: np.roll(x, (1, -2), (0, 1)), [F(3, 4)], grad=1),
    Case("Roll", lambda tf, x, s: tf.roll(x, s, -1), lambda x, s: np.roll(x, int(s), -1),
         [F(2, 5), V(np.int32(3))], grad=1, name="tensor-shift"),
    Case("UnravelIndex", lambda tf, i: tf.unravel_index(i, [3, 4]),
         lambda i: np.stack(np.unravel_index(i, (3, 4))).astype(np.int32),
         [V(np.int32([5, 7, 0, 11]))]),
    Case("DynamicPartition", lambda tf, x, p: tf.dynamic_partition(x, p, 3),
         lambda x, p: [x[np.asarray(p) == k] for k in range(3)],
         [F(5, 2), K([0, 2, 0, 1, 2])], grad=1),
    Case("DynamicStitch", lambda tf, a, x, b, y: tf.dynamic_stitch([a, b], [x, y]),
         lambda a, x, b, y: _stitch([a, b], [x, y]),
         [K([0, 3]), F(2, 3), K([1, 2, 4]), F(3, 3)], grad=1),
    Case("UniqueWithCounts", lambda tf, x: tf.unique_with_counts(x), _unique_with_counts,
         [I(8, high=3)]),
    Case("ListDiff", lambda tf, x, y: tf.compat.v1.setdiff1d(x, y),
         lambda x, y: (x[~np.isin(x, y)], np.flatnonzero(~np.isin(x, y)).astype(np.int32)),
         [I(8, high=5), I(3, high=5)]),
    # ------------------------------------------------------------- special_functions.py
    Case("Lgamma", lambda tf, x: tf.math.lgamma(x), _elementwise(math.lgamma),
         [F(3, 4, low=0.2, high=6.0)], grad=2),
    Case("Lgamma", lambda tf, x: tf.math.lgamma(x), _elementwise(math.lgamma),
         [V(np.array([-2.5, -0.3, 0.7, 1.0, 2.0, 12.5, 170.2], np.float64))],
         rtol=1e-13, atol=1e-13, name="reflection-float64"),
    Case("Lgamma", lambda tf, x: tf.math.lbeta(x),
         lambda x: (np.sum(_elementwise(math.lgamma)(x), -1) -
                    _elementwise(math.lgamma)(np.sum(x, -1))), [F(2, 3, low=0.3, high=4.0)],
         grad=1, name="lbeta"),
    Case("Digamma", lambda tf, x: tf.math.digamma(x), _elementwise(_digamma),
         [F(3, 4, low=0.2, high=6.0)], grad=2),
    Case("Digamma", lambda tf, x: tf.math.digamma(x), _elementwise(_digamma),
         [V(np.array([-2.5, -0.3, 0.6, 9.5, 10.5, 40.0], np.float64))], rtol=1e-9,
         atol=1e-9, name="reflection-float64"),
    Case("Polygamma", lambda tf, n, x: tf.math.polygamma(tf.cast(n, x.dtype), x),
         lambda n, x: np.vectorize(_polygamma, otypes=[np.float64])(n, x).astype(x.dtype),
         [I(2, 3, low=1, high=3), F(2, 3, low=0.5, high=4.0)], grad=1, rtol=1e-4),
    Case("Zeta", lambda tf, s, q: tf.math.zeta(tf.cast(s, q.dtype) + 1.5, q),
         lambda s, q: np.vectorize(_hurwitz_zeta, otypes=[np.float64])(s + 1.5, q).astype(
             q.dtype), [I(3, low=0, high=3), F(2, 3, low=0.5, high=4.0)], grad=1, rtol=1e-4),
    Case("Erfinv", lambda tf, x: tf.math.erfinv(x), _elementwise(_erfinv),
         [F(3, 4, low=-0.99, high=0.99)], grad=2),
    Case("Erfinv", lambda tf, x: tf.math.erfinv(x), _elementwise(_erfinv),
         [V(np.array([-1 + 1e-12, -0.5, 1e-9, 0.3, 0.9, 0.99999, 1 - 1e-15]))], rtol=1e-12,
         atol=0, name="tails-float64"),
    Case("Ndtri", lambda tf, x: tf.math.ndtri(x), _elementwise(_ndtri),
         [F(3, 4, low=0.01, high=0.99)], grad=2),
    Case("Ndtri", lambda tf, x: tf.math.ndtri(x), _elementwise(_ndtri),
         [V(np.array([1e-300, 1e-20, 0.02, 0.5, 0.97, 1 - 1e-12]))], rtol=1e-12, atol=1e-15,
         name="tails-float64"),
    Case("BesselI0e", lambda tf, x: tf.math.bessel_i0e(x), _elementwise(_bessel_ie(0)),
         [F(3, 4, low=-6.0, high=6.0)], grad=2),
    Case("BesselI0e", lambda tf, x: tf.math.bessel_i0e(x), _elementwise(_bessel_ie(0)),
         [V(np.array([0.0, -0.5, 3.0, 29.5, -30.5, 80.0, 600.0]))], rtol=1e-13, atol=0,
         name="ranges-float64"),
    Case("BesselI1e", lambda tf, x: tf.math.bessel_i1e(x), _elementwise(_bessel_ie(1)),
         [F(3, 4, low=-6.0, high=6.0)], grad=2),
    Case("BesselI1e", lambda tf, x: tf.math.bessel_i1e(x), _elementwise(_bessel_ie(1)),
         [V(np.array([-0.5, 3.0, 29.5, -30.5, 80.0, 600.0]))], rtol=1e-13, atol=0,
         name="ranges-float64"),
]
