"""Segment reductions, bincount, confusion_matrix, searchsorted, histograms, roll, meshgrid,
unravel_index, dynamic_partition/stitch, unique_with_counts, setdiff1d and the special
functions of tf.math: values, dtypes, static shapes, gradients and errors as TF 2.21 has them.
"""
import math

import numpy as np
import pytest

DATA = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]


def _np(tensors):
    return [t.numpy() for t in tensors]


# ------------------------------------------------------------------ segment reductions

def test_sorted_segment_reductions_fill_empty_segments(tf):
    data = tf.constant(DATA)
    np.testing.assert_allclose(tf.math.segment_max(data, [0, 2, 2]).numpy(),
                               [[1, 2], [0, 0], [5, 6]])
    np.testing.assert_allclose(tf.math.segment_prod(data, [0, 2, 2]).numpy(),
                               [[1, 2], [1, 1], [15, 24]])
    np.testing.assert_allclose(tf.math.segment_mean(data, [1, 2, 2]).numpy(),
                               [[0, 0], [1, 2], [4, 5]])
    result = tf.math.segment_sum(data, tf.constant([0, 0, 1], tf.int64))
    assert result.dtype == tf.float32
    np.testing.assert_allclose(result.numpy(), [[4, 6], [5, 6]])
    assert tf.math.segment_min(tf.constant([3, 1, 2]), [0, 0, 1]).numpy().tolist() == [1, 2]
    # Integer means truncate, as C++ division does.
    assert tf.math.segment_mean(tf.constant([1, 2, 3]), [0, 2, 2]).numpy().tolist() == [1, 0, 2]


@pytest.mark.parametrize("ids, message", [
    ([1, 0, 2], "segment ids are not increasing"),
    ([0, 0], "segment_ids should be the same size as dimension 0 of input."),
    ([-1, 0, 0], "Segment id -1 out of range [0, 1), possibly because 'segment_ids' input "
                 "is not sorted."),
    ([[0, 0, 0]], "segment_ids should be a vector."),
])
def test_sorted_segment_errors(tf, ids, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message.replace("[", r"\[")
                       .replace("(", r"\(").replace(")", r"\)")):
        tf.math.segment_sum(tf.constant(DATA), ids)


def test_unsorted_segment_reductions(tf):
    data = tf.constant(DATA)
    lowest = np.finfo(np.float32).min
    np.testing.assert_allclose(tf.math.unsorted_segment_max(data, [0, 2, 2], 4).numpy(),
                               [[1, 2], [lowest, lowest], [5, 6], [lowest, lowest]])
    ints = tf.math.unsorted_segment_min(tf.constant([1, 2, 3]), [0, 2, 2], 4)
    assert ints.numpy().tolist() == [1, 2**31 - 1, 2, 2**31 - 1]
    np.testing.assert_allclose(tf.math.unsorted_segment_prod(data, [0, 2, -1], 4).numpy(),
                               [[1, 2], [1, 1], [3, 4], [1, 1]])
    np.testing.assert_allclose(tf.math.unsorted_segment_mean(data, [0, 2, -1], 4).numpy(),
                               [[1, 2], [0, 0], [3, 4], [0, 0]])
    np.testing.assert_allclose(tf.math.unsorted_segment_sqrt_n(data, [0, 2, 2], 4).numpy(),
                               [[1, 2], [0, 0], [8 / math.sqrt(2), 10 / math.sqrt(2)], [0, 0]],
                               rtol=1e-6)
    mean = tf.math.unsorted_segment_mean(tf.constant([1, 2, 3]), [0, 2, 2], 4)
    assert mean.dtype == tf.float64 and mean.numpy().tolist() == [1.0, 0.0, 2.5, 0.0]
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"segment_ids\[2\] = 5 is out of range \[0, 4\)"):
        tf.math.unsorted_segment_max(data, [0, 2, 5], 4)


def test_segment_static_shapes(tf):
    with tf.Graph().as_default():
        data = tf.compat.v1.placeholder(tf.float32, [4, 2])
        ids = tf.constant([0, 0, 1, 2])
        for reduce in (tf.math.segment_sum, tf.math.segment_mean, tf.math.segment_max,
                       tf.math.segment_min, tf.math.segment_prod):
            result = reduce(data, ids)
            assert result.shape.as_list() == [None, 2]
        assert tf.math.segment_sum(data, ids).op.type == "SegmentSum"
        for reduce in (tf.math.unsorted_segment_max, tf.math.unsorted_segment_min,
                       tf.math.unsorted_segment_prod, tf.math.unsorted_segment_mean,
                       tf.math.unsorted_segment_sqrt_n):
            assert reduce(data, ids, 3).shape.as_list() == [3, 2]
        assert tf.math.unsorted_segment_max(data, ids, 3).op.type == "UnsortedSegmentMax"
        with pytest.raises(ValueError):
            tf.math.segment_sum(data, tf.constant([[0, 1, 1, 2]]))


def test_segment_gradients_split_ties_and_handle_zeros(tf):
    data = tf.constant([[1.0, 0.0], [1.0, 2.0], [0.5, 0.0], [2.0, 3.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(data)
        maximum = tf.math.segment_max(data, [0, 0, 1, 1])
        product = tf.math.segment_prod(data, [0, 0, 0, 1])
        unsorted = tf.math.unsorted_segment_min(data, [1, 1, -1, 0], 2)
        mean = tf.math.segment_mean(data, [0, 0, 0, 1])
    np.testing.assert_allclose(tape.gradient(maximum, data).numpy(),
                               [[0.5, 0], [0.5, 1], [0, 0], [1, 1]])
    np.testing.assert_allclose(tape.gradient(product, data).numpy(),
                               [[0.5, 0], [0.5, 0], [1, 0], [1, 1]])
    np.testing.assert_allclose(tape.gradient(unsorted, data).numpy(),
                               [[0.5, 1], [0.5, 0], [0, 0], [1, 1]])
    np.testing.assert_allclose(tape.gradient(mean, data).numpy(),
                               [[1 / 3, 1 / 3]] * 3 + [[1, 1]], rtol=1e-6)


# ------------------------------------------------------------------ bincount, confusion_matrix

def test_bincount(tf):
    result = tf.math.bincount([1, 1, 3])
    assert result.dtype == tf.int32 and result.numpy().tolist() == [0, 2, 0, 1]
    assert tf.math.bincount([1, 1, 3], minlength=6, maxlength=2).numpy().tolist() == [0, 2]
    weighted = tf.math.bincount([1, 1, 3], weights=[0.5, 1.0, 2.0], dtype=tf.float64)
    assert weighted.dtype == tf.float32     # weights decide the dtype
    np.testing.assert_allclose(weighted.numpy(), [0, 1.5, 0, 2])
    assert tf.math.bincount([1, 1, 3], dtype=tf.float64).dtype == tf.float64
    assert tf.math.bincount([[1, 1], [3, 0]]).numpy().tolist() == [1, 2, 0, 1]
    assert tf.math.bincount([[1, 1], [3, 0]], axis=-1).numpy().tolist() == \
        [[0, 2, 0, 0], [1, 0, 0, 1]]
    assert tf.math.bincount([1, 1, 3], binary_output=True).numpy().tolist() == [0, 1, 0, 1]
    empty = tf.math.bincount([])
    assert empty.shape == (0,) and empty.dtype == tf.int32
    assert tf.math.bincount(tf.constant([1, 1], tf.int64)).dtype == tf.int32
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input arr must be non-negative"):
        tf.math.bincount([1, -1])
    with pytest.raises(ValueError, match="mutually exclusive"):
        tf.math.bincount([1], weights=[1.0], binary_output=True)
    with pytest.raises(ValueError, match="Only 0 and -1"):
        tf.math.bincount([[1]], axis=1)
    with tf.Graph().as_default():
        values = tf.compat.v1.placeholder(tf.int32, [None])
        counts = tf.math.bincount(values)
        assert counts.op.type == "DenseBincount" and counts.shape.as_list() == [None]
        with tf.compat.v1.Session() as sess:
            assert sess.run(counts, {values: [2, 0, 2]}).tolist() == [1, 0, 2]


def test_confusion_matrix(tf):
    result = tf.math.confusion_matrix([0, 1, 2], [0, 2, 2])
    assert result.dtype == tf.int32
    assert result.numpy().tolist() == [[1, 0, 0], [0, 0, 1], [0, 0, 1]]
    weighted = tf.math.confusion_matrix([0, 1, 2], [0, 2, 2], weights=[1.0, 2.0, 3.0],
                                        dtype=tf.float32)
    assert weighted.dtype == tf.float32
    np.testing.assert_allclose(weighted.numpy(), [[1, 0, 0], [0, 0, 2], [0, 0, 3]])
    assert tf.math.confusion_matrix([1, 0], [1, 1], num_classes=3).numpy().tolist() == \
        [[0, 1, 0], [0, 1, 0], [0, 0, 0]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="`labels` out of bound"):
        tf.math.confusion_matrix([0, 1, 2], [0, 1, 1], num_classes=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="`labels` contains negative"):
        tf.math.confusion_matrix([0, -1, 2], [0, 2, 2])
    with tf.Graph().as_default():
        labels = tf.compat.v1.placeholder(tf.int32, [None])
        assert tf.math.confusion_matrix(labels, labels, num_classes=4).shape == (4, 4)
        assert tf.math.confusion_matrix(labels, labels).shape.as_list() == [None, None]


# ------------------------------------------------------------------ searchsorted, histograms

def test_searchsorted(tf):
    result = tf.searchsorted([[1.0, 2.0, 3.0]], [[2.0, 0.5, 9.0]], side="right")
    assert result.dtype == tf.int32 and result.numpy().tolist() == [[2, 0, 3]]
    left = tf.searchsorted([1.0, 2.0, 3.0], [2.0, 0.5], out_type=tf.int64)
    assert left.dtype == tf.int64 and left.numpy().tolist() == [1, 0]
    with pytest.raises(ValueError, match="must be either 'right' or 'left'"):
        tf.searchsorted([1.0], [1.0], side="middle")
    with pytest.raises(tf.errors.InvalidArgumentError, match="Leading dim_size"):
        tf.searchsorted([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[2.0, 0.5]])
    with tf.Graph().as_default():
        sorted_rows = tf.compat.v1.placeholder(tf.float32, [3, 5])
        values = tf.compat.v1.placeholder(tf.float32, [3, 2])
        assert tf.searchsorted(sorted_rows, values).shape == (3, 2)


def test_histograms(tf):
    values = [-1.0, 0.0, 1.5, 3.0, 9.0]
    counts = tf.histogram_fixed_width(values, [0.0, 3.0], nbins=3)
    assert counts.dtype == tf.int32 and counts.numpy().tolist() == [2, 1, 2]
    assert tf.histogram_fixed_width(values, [0.0, 3.0], nbins=3, dtype=tf.int64).dtype == \
        tf.int64
    assert tf.histogram_fixed_width([1, 2, 5], [0, 6], nbins=3).numpy().tolist() == [1, 1, 1]
    bins = tf.histogram_fixed_width_bins([[-1.0, 0.0], [1.5, 9.0]], [0.0, 3.0], nbins=3)
    assert bins.dtype == tf.int32 and bins.numpy().tolist() == [[0, 0], [1, 2]]
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"value_range\[0\] < value_range\[1\], but got '\[3, 0\]'"):
        tf.histogram_fixed_width(values, [3.0, 0.0], nbins=3)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="nbins should be a positive number, but got '0'"):
        tf.histogram_fixed_width(values, [0.0, 3.0], nbins=0)
    with tf.Graph().as_default():
        assert tf.histogram_fixed_width(tf.ones([7]), [0.0, 3.0], nbins=4).shape == (4,)


# ------------------------------------------------------------------ roll, meshgrid, unravel

def test_roll(tf):
    x = [[1, 2, 3], [4, 5, 6]]
    assert tf.roll(x, [1, -1], [0, 1]).numpy().tolist() == [[5, 6, 4], [2, 3, 1]]
    assert tf.roll(x, [1, 1], [1, 1]).numpy().tolist() == [[2, 3, 1], [5, 6, 4]]
    assert tf.roll(x, 1, -1).numpy().tolist() == [[3, 1, 2], [6, 4, 5]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="shift and axis must have the same"):
        tf.roll(x, [1], [1, 0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="axis 2 is out of range"):
        tf.roll(x, 1, 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="input must be 1-D or higher"):
        tf.roll(5, 1, 0)
    values = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(values)
        rolled = tf.roll(values, 1, 0)
        loss = tf.reduce_sum(rolled * [1.0, 10.0, 100.0])
    np.testing.assert_allclose(tape.gradient(loss, values).numpy(), [10, 100, 1])
    with tf.Graph().as_default():
        assert tf.roll(tf.compat.v1.placeholder(tf.float32, [None, 3]), 1, 0).shape.as_list() \
            == [None, 3]


def test_meshgrid(tf):
    x, y = tf.meshgrid([1, 2, 3], [4, 5])
    assert x.numpy().tolist() == [[1, 2, 3], [1, 2, 3]]
    assert y.numpy().tolist() == [[4, 4, 4], [5, 5, 5]]
    x, y = tf.meshgrid([1, 2, 3], [4, 5], indexing="ij")
    assert x.shape == (3, 2) and y.numpy().tolist() == [[4, 5], [4, 5], [4, 5]]
    grids = tf.meshgrid([1, 2], [3], [4, 5, 6])
    assert [g.shape for g in grids] == [(1, 2, 3)] * 3
    assert tf.meshgrid() == []
    with pytest.raises(ValueError, match="must be either 'xy' or 'ij', got 'xx'"):
        tf.meshgrid([1], [2], indexing="xx")
    with pytest.raises(TypeError, match="'foo' is an invalid keyword argument"):
        tf.meshgrid([1, 2], foo=1)
    with tf.Graph().as_default():
        grids = tf.meshgrid(tf.ones([3]), tf.ones([4]))
        assert [g.shape.as_list() for g in grids] == [[4, 3], [4, 3]]


def test_unravel_index(tf):
    result = tf.unravel_index([5, 7], [3, 4])
    assert result.dtype == tf.int32 and result.numpy().tolist() == [[1, 1], [1, 3]]
    assert tf.unravel_index(5, [3, 4]).numpy().tolist() == [1, 1]
    assert tf.unravel_index(tf.constant(5, tf.int64), [3, 4]).dtype == tf.int64
    with pytest.raises(tf.errors.InvalidArgumentError, match="index is out of bound"):
        tf.unravel_index(12, [3, 4])
    with pytest.raises(tf.errors.InvalidArgumentError, match="scalar or vector"):
        tf.unravel_index([[5]], [3, 4])
    with tf.Graph().as_default():
        indices = tf.compat.v1.placeholder(tf.int32, [None])
        assert tf.unravel_index(indices, [3, 4]).shape.as_list() == [2, None]


# ------------------------------------------------------------------ partition, stitch, sets

def test_dynamic_partition_and_stitch(tf):
    parts = tf.dynamic_partition([1, 2, 3, 4], [0, 1, 0, 1], 3)
    assert [p.tolist() for p in _np(parts)] == [[1, 3], [2, 4], []]
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"partitions\[1\] = 3 is not in \[0, 3\)"):
        tf.dynamic_partition([1, 2, 3, 4], [0, 3, 0, 1], 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="must start with partitions"):
        tf.dynamic_partition([1, 2, 3, 4], [0, 1, 0], 3)
    stitched = tf.dynamic_stitch([[0, 2], [1, 0]], [[1.0, 2.0], [3.0, 4.0]])
    assert stitched.numpy().tolist() == [4.0, 3.0, 2.0]    # the later value wins
    assert tf.dynamic_stitch([[0, 2], [4]], [[1.0, 2.0], [3.0]]).numpy().tolist() == \
        [1, 0, 2, 0, 3]
    assert tf.dynamic_stitch([[0, 1], 5], [[[1.0], [2.0]], [3.0]]).shape == (6, 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not start with"):
        tf.dynamic_stitch([[0, 2], [1]], [[1.0, 2.0], [3.0, 4.0]])
    with tf.Graph().as_default():
        data = tf.compat.v1.placeholder(tf.float32, [4, 2])
        parts = tf.dynamic_partition(data, [0, 1, 0, 1], 2)
        assert [p.shape.as_list() for p in parts] == [[None, 2]] * 2
        stitched = tf.dynamic_stitch([[0, 1], [2]], [tf.ones([2, 3]), tf.ones([1, 3])])
        assert stitched.shape == (3, 3)


def test_partition_stitch_gradients(tf):
    data = tf.constant([1.0, 2.0, 3.0, 4.0])
    with tf.GradientTape() as tape:
        tape.watch(data)
        first, second = tf.dynamic_partition(data, [1, 0, 1, 0], 2)
        loss = tf.reduce_sum(first * [1.0, 2.0]) + 10.0 * tf.reduce_sum(second)
    np.testing.assert_allclose(tape.gradient(loss, data).numpy(), [10, 1, 10, 2])
    a, b = tf.constant([1.0, 2.0]), tf.constant([3.0])
    with tf.GradientTape() as tape:
        tape.watch([a, b])
        stitched = tf.dynamic_stitch([[2, 0], [1]], [a, b])
        loss = tf.reduce_sum(stitched * [1.0, 2.0, 3.0])
    grads = tape.gradient(loss, [a, b])
    assert grads[0].numpy().tolist() == [3.0, 1.0] and grads[1].numpy().tolist() == [2.0]


def test_unique_with_counts_and_setdiff1d(tf):
    y, idx, count = tf.unique_with_counts([3, 1, 3, 2, 1, 3])
    assert y.numpy().tolist() == [3, 1, 2] and count.numpy().tolist() == [3, 2, 1]
    assert idx.numpy().tolist() == [0, 1, 0, 2, 1, 0]
    wide = tf.unique_with_counts([3, 1, 3], out_idx=tf.int64)
    assert wide.idx.dtype == tf.int64 and wide.count.dtype == tf.int64
    with pytest.raises(tf.errors.InvalidArgumentError, match="unique expects a 1D vector"):
        tf.unique_with_counts([[3, 1, 3]])
    out, idx = tf.compat.v1.setdiff1d([1, 2, 3, 4, 2], [2, 5])
    assert out.numpy().tolist() == [1, 3, 4] and idx.numpy().tolist() == [0, 2, 3]
    floats = tf.compat.v1.setdiff1d([1.0, 2.0], [2.0], index_dtype=tf.int64)
    assert floats.out.dtype == tf.float32 and floats.idx.dtype == tf.int64
    with pytest.raises(tf.errors.InvalidArgumentError, match="y should be a 1D vector"):
        tf.compat.v1.setdiff1d([1, 2], [[2, 5]])
    assert not hasattr(tf, "setdiff1d")


# ------------------------------------------------------------------ special functions

def test_lgamma_and_digamma(tf):
    x = np.array([-2.5, -0.3, 0.5, 1.0, 2.0, 3.7, 30.0], np.float64)
    np.testing.assert_allclose(tf.math.lgamma(x).numpy(), [math.lgamma(v) for v in x],
                               rtol=1e-13, atol=1e-14)
    euler = 0.57721566490153286
    digamma = tf.math.digamma(tf.constant([1.0, 0.5, 4.0], tf.float64)).numpy()
    np.testing.assert_allclose(digamma, [-euler, -euler - 2 * math.log(2),
                                         1 + 1 / 2 + 1 / 3 - euler], rtol=1e-14)
    poles = tf.constant([0.0, -1.0, np.inf])
    assert tf.math.lgamma(poles).numpy().tolist() == [np.inf] * 3
    special = tf.math.digamma(poles).numpy()
    assert np.isnan(special[0]) and np.isnan(special[1]) and special[2] == np.inf
    assert tf.math.lgamma(tf.constant([1.0], tf.float16)).dtype == tf.float16
    with pytest.raises((TypeError, tf.errors.InvalidArgumentError)):
        tf.math.lgamma(tf.constant([1, 2]))
    x = tf.constant([0.5, 2.0], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.math.lgamma(x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(),
                               tf.math.digamma(x).numpy(), rtol=1e-14)


def test_polygamma_zeta_lbeta(tf):
    np.testing.assert_allclose(tf.math.polygamma(1.0, 1.0).numpy(), math.pi ** 2 / 6,
                               rtol=1e-6)
    np.testing.assert_allclose(tf.math.zeta(tf.constant(2.0, tf.float64), 1.0).numpy(),
                               math.pi ** 2 / 6, rtol=1e-14)
    result = tf.math.polygamma([0.0, 1.0, 1.5, -1.0], [2.0, 0.0, 2.0, 2.0]).numpy()
    np.testing.assert_allclose(result[0], 1 - 0.5772157, rtol=1e-6)
    assert result[1] == np.inf and np.isnan(result[2]) and np.isnan(result[3])
    zeta = tf.math.zeta([1.0, 0.5, 2.0, 3.0], [1.0, 1.0, -1.0, -1.5]).numpy()
    assert zeta[0] == np.inf and np.isnan(zeta[1]) and zeta[2] == np.inf
    np.testing.assert_allclose(zeta[3], 0.11810221, rtol=1e-5)
    np.testing.assert_allclose(tf.math.lbeta([[1.0, 2.0], [0.5, 0.5]]).numpy(),
                               [-math.log(2), math.log(math.pi)], rtol=1e-6)
    assert tf.math.lbeta([]).numpy() == -np.inf


def test_erfinv_and_ndtri(tf):
    y = np.array([-0.9, -0.3, 0.0, 0.5, 0.999999], np.float64)
    x = tf.math.erfinv(y).numpy()
    np.testing.assert_allclose([math.erf(v) for v in x], y, rtol=1e-14, atol=1e-16)
    edges = tf.math.erfinv([1.0, -1.0, 2.0]).numpy()
    assert edges[0] == np.inf and edges[1] == -np.inf and np.isnan(edges[2])
    p = np.array([1e-10, 0.025, 0.5, 0.975], np.float64)
    q = tf.math.ndtri(p).numpy()
    np.testing.assert_allclose([0.5 * math.erfc(-v / math.sqrt(2)) for v in q], p,
                               rtol=1e-13, atol=1e-16)
    y = tf.constant(0.5)
    with tf.GradientTape() as tape:
        tape.watch(y)
        x = tf.math.erfinv(y)
    np.testing.assert_allclose(tape.gradient(x, y).numpy(),
                               math.sqrt(math.pi) / 2 * math.exp(x.numpy() ** 2), rtol=1e-6)


def test_bessel_ie(tf):
    x = tf.constant([0.0, -0.5, 2.0, -45.0, 700.0], tf.float64)
    theta = np.linspace(0, np.pi, 20001)
    for function, order in ((tf.math.bessel_i0e, 0), (tf.math.bessel_i1e, 1)):
        expected = [np.sign(v) ** order * np.trapezoid(
            np.exp(abs(v) * (np.cos(theta) - 1)) * np.cos(order * theta), theta) / np.pi
            for v in x.numpy()]
        np.testing.assert_allclose(function(x).numpy(), expected, rtol=1e-12, atol=1e-300)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.math.bessel_i1e(x)
    assert tape.gradient(y, x).numpy()[0] == 0.5      # the limit, not 0/0


def test_namespaces(tf):
    for name in ("segment_sum", "segment_mean", "segment_max", "segment_min", "segment_prod",
                 "unsorted_segment_mean", "unsorted_segment_max", "unsorted_segment_min",
                 "unsorted_segment_prod", "unsorted_segment_sqrt_n", "bincount",
                 "confusion_matrix", "lgamma", "digamma", "erfinv", "ndtri", "lbeta",
                 "bessel_i0e", "bessel_i1e", "polygamma", "zeta", "reduce_std", "cumprod",
                 "top_k", "in_top_k"):
        assert hasattr(tf.math, name), name
        assert hasattr(tf.compat.v1.math, name), name
    for name in ("searchsorted", "histogram_fixed_width", "histogram_fixed_width_bins",
                 "roll", "meshgrid", "unravel_index", "dynamic_partition", "dynamic_stitch",
                 "unique_with_counts"):
        assert hasattr(tf, name) and hasattr(tf.compat.v1, name), name
    for name in ("setdiff1d", "segment_sum", "lgamma", "bincount", "confusion_matrix"):
        assert hasattr(tf.compat.v1, name), name
    for name in ("segment_sum", "lgamma", "bincount", "roll", "erfinv"):
        assert not hasattr(tf, name) or name == "roll", name
    assert not hasattr(tf.compat.v1, "erfinv")
