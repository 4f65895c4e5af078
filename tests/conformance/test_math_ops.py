"""Conformance: math ops, reductions, clipping, einsum and linalg basics (TF 2.21 oracle).

Dtype rules, graph op names, error types and messages, and gradients (eager tapes and graph
tf.gradients with unknown shapes, which take the dynamic-shape paths of the gradient rules).
"""
import numpy as np
import pytest


def run(tf, fetches, feed=None):
    with tf.compat.v1.Session() as sess:
        return sess.run(fetches, feed)


def grads(tf, f, *xs):
    xs = [tf.constant(x) for x in xs]
    with tf.GradientTape() as tape:
        for x in xs:
            tape.watch(x)
        y = f(*xs)
    return tape.gradient(y, xs)


def close(a, b, rtol=1e-6, atol=1e-6):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=rtol, atol=atol)


# ---------------------------------------------------------------------------
# elementwise values and dtypes
# ---------------------------------------------------------------------------

def test_round_is_bankers_rounding(tf):
    x = tf.constant([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.6], tf.float32)
    close(tf.round(x), [0.0, 2.0, 2.0, -0.0, -2.0, -2.0, 1.0])


def test_round_of_integers_returns_the_input(tf):
    x = tf.constant([1, 2], tf.int32)
    assert tf.math.round(x) is x


def test_unary_values(tf):
    x = np.array([0.25, 0.5, 1.0, 2.0], np.float32)
    close(tf.sqrt(x), np.sqrt(x))
    close(tf.math.rsqrt(x), 1 / np.sqrt(x))
    close(tf.exp(x), np.exp(x))
    close(tf.math.expm1(x), np.expm1(x))
    close(tf.math.log(x), np.log(x))
    close(tf.math.log1p(x), np.log1p(x))
    close(tf.math.reciprocal(x), 1 / x)
    close(tf.square(x), x * x)
    close(tf.sign(tf.constant([-2.0, 0.0, 3.0])), [-1.0, 0.0, 1.0])
    close(tf.math.ceil(tf.constant([-1.5, 1.2])), [-1.0, 2.0])
    close(tf.floor(tf.constant([-1.5, 1.2])), [-2.0, 1.0])


def test_sigmoid_saturates_without_overflow(tf):
    y = tf.math.sigmoid(tf.constant([-100.0, 0.0, 100.0]))
    close(y, [0.0, 0.5, 1.0])
    assert tf.sigmoid is not None and tf.math.sigmoid is not None


def test_erf_values(tf):
    x = tf.constant([0.0, 0.3, 1.0, 2.5, -4.2, 7.0], tf.float64)
    expected = [0.0, 0.3286267594591112, 0.8427007929497149, 0.9995930479825550,
                -0.9999999971445058, 1.0]
    close(tf.math.erf(x), expected, rtol=1e-13, atol=1e-15)


def test_square_keeps_integer_dtype(tf):
    y = tf.square(tf.constant([3, -4]))
    assert y.dtype == tf.int32
    assert y.numpy().tolist() == [9, 16]


def test_sqrt_of_integers_is_rejected(tf):
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of int32"):
        tf.sqrt(tf.constant([1, 2]))
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="int32 not in list of allowed values"):
            tf.sqrt(tf.constant([1, 2]))


def test_squared_difference_and_divide_no_nan(tf):
    close(tf.math.squared_difference([1.0, 2.0], [3.0, -1.0]), [4.0, 9.0])
    close(tf.math.divide_no_nan(tf.constant([1.0, 4.0]), tf.constant([0.0, 2.0])), [0.0, 2.0])


def test_is_finite_nan_inf(tf):
    x = tf.constant([1.0, np.inf, -np.inf, np.nan])
    assert tf.math.is_finite(x).numpy().tolist() == [True, False, False, False]
    assert tf.math.is_nan(x).numpy().tolist() == [False, False, False, True]
    assert tf.math.is_inf(x).numpy().tolist() == [False, True, True, False]


def test_add_n(tf):
    close(tf.add_n([tf.ones([2]), tf.ones([2]), tf.ones([2])]), [3.0, 3.0])
    x = tf.constant([1.0])
    assert tf.add_n([x]) is x


def test_add_n_errors(tf):
    with pytest.raises(ValueError, match="Inputs must be an iterable of at least one"):
        tf.add_n([])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"must have the same size and shape.  Input 0: \[2\] != input 1: "
                             r"\[3\]"):
        tf.add_n([tf.zeros([2]), tf.zeros([3])])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="cannot compute AddN as input #1"):
        tf.add_n([tf.zeros([2]), tf.zeros([2], tf.int32)])


# ---------------------------------------------------------------------------
# reductions and scans
# ---------------------------------------------------------------------------

def test_integer_mean_truncates_toward_zero(tf):
    assert tf.reduce_mean(tf.constant([1, 2, 2])).numpy() == 1
    assert tf.reduce_mean(tf.constant([-1, -2, -2])).numpy() == -1
    assert tf.reduce_mean(tf.constant([[1, 2], [4, 4]]), axis=1).numpy().tolist() == [1, 4]


def test_reductions_axes_and_keepdims(tf):
    x = tf.constant([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    close(tf.reduce_max(x, axis=-1), [5.0, 6.0])
    close(tf.reduce_min(x, axis=0, keepdims=True), [[1.0, 2.0, 3.0]])
    close(tf.reduce_prod(x, axis=[0, 1]), 720.0)
    close(tf.math.reduce_mean(x), 3.5)
    assert tf.reduce_mean(x, axis=[-1], keepdims=True).shape == (2, 1)
    b = tf.constant([[True, False], [True, True]])
    assert tf.reduce_any(b, axis=1).numpy().tolist() == [True, True]
    assert tf.reduce_all(b, axis=1).numpy().tolist() == [False, True]


def test_empty_reductions(tf):
    assert tf.reduce_max(tf.zeros([0])).numpy() == -np.inf
    assert tf.reduce_max(tf.zeros([0], tf.int32)).numpy() == np.iinfo(np.int32).min
    assert tf.reduce_prod(tf.zeros([0])).numpy() == 1.0
    assert np.isnan(tf.reduce_mean(tf.zeros([0])).numpy())


def test_max_propagates_nan(tf):
    assert np.isnan(tf.reduce_max(tf.constant([1.0, np.nan, 2.0])).numpy())


def test_invalid_reduction_axis(tf):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Invalid reduction dimension \(2 for input with 2 dimension"):
        tf.reduce_mean(tf.zeros([2, 3]), axis=2)
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Invalid reduction dimension 2 for input with 2"):
            tf.reduce_max(tf.zeros([2, 3]), axis=2)


def test_reduction_axis_edge_cases(tf):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Invalid reduction dimension \(0 for input with 0 dimension"):
        tf.reduce_sum(tf.constant(2.0), 0)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Axes contains duplicate dimension: 1"):
        tf.reduce_sum(tf.ones([2, 3]), [1, 1])
    with pytest.raises(TypeError, match="Cannot convert 1.0 to EagerTensor of dtype int32"):
        tf.reduce_mean(tf.ones([2, 3]), 1.0)
    assert tf.reduce_sum(tf.ones([2, 3]), []).shape == (2, 3)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Expected dimension in the range \[0, 0\), but got 0"):
        tf.argmax(tf.constant(2.0))


def test_integer_mean_accumulates_wide(tf):
    assert tf.reduce_mean(tf.constant([250, 250], tf.uint8)).numpy() == 250
    assert tf.reduce_mean(tf.constant([2**31 - 1, 2**31 - 1])).numpy() == 2**31 - 1
    assert tf.reduce_mean(tf.constant([-128, -128, -127], tf.int8)).numpy() == -127
    assert tf.reduce_sum(tf.constant([200, 200], tf.uint8)).numpy() == 144
    half = tf.reduce_mean(tf.constant([60000.0, 60000.0], tf.float16))
    assert half.dtype == tf.float16 and np.isinf(half.numpy())


def test_reduce_variance_std_euclidean(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 5.0]])
    close(tf.math.reduce_variance(x, axis=1), [0.25, 1.0])
    close(tf.math.reduce_std(x, axis=0), [1.0, 1.5])
    close(tf.math.reduce_euclidean_norm(tf.constant([3.0, 4.0])), 5.0)
    with pytest.raises(TypeError, match="Input must be either real or complex"):
        tf.math.reduce_variance(tf.constant([1, 2]))


def test_reduce_any_needs_bool(tf):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="cannot compute Any as input #0.*expected to be a bool tensor"):
        tf.reduce_any(tf.zeros([2]))


def test_argmax_argmin(tf):
    x = tf.constant([[1, 5], [7, 2]])
    y = tf.math.argmax(x, axis=-1)
    assert y.dtype == tf.int64 and y.numpy().tolist() == [1, 0]
    z = tf.argmin(tf.constant([3, 1, 1]), output_type=tf.int32)
    assert z.dtype == tf.int32 and z.numpy() == 1
    assert tf.argmax(tf.constant([[1.0, 2.0], [3.0, 0.0]])).numpy().tolist() == [1, 0]


def test_argmax_errors(tf):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Reduction axis 0 is empty in shape \[0\]"):
        tf.argmax(tf.zeros([0]))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Expected dimension in the range \[-2, 2\), but got 2"):
        tf.argmax(tf.zeros([2, 3]), axis=2)


def test_cumsum_cumprod(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    close(tf.cumsum(x), [1.0, 3.0, 6.0])
    close(tf.math.cumsum(x, exclusive=True), [0.0, 1.0, 3.0])
    close(tf.math.cumsum(x, reverse=True), [6.0, 5.0, 3.0])
    close(tf.math.cumprod(x, exclusive=True, reverse=True), [6.0, 3.0, 1.0])
    close(tf.math.cumsum(tf.constant([[1, 2], [3, 4]]), axis=1), [[1, 3], [3, 7]])


def test_cumsum_axis_errors(tf):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Expected scan axis in the range \[-2, 2\), but got 2"):
        tf.math.cumsum(tf.zeros([2, 3]), axis=2)


def test_reduce_logsumexp_is_stable(tf):
    close(tf.reduce_logsumexp(tf.constant([[1.0, 2.0], [3.0, 4.0]]), axis=1),
          [2.3132617, 4.3132615])
    close(tf.reduce_logsumexp(tf.constant([1000.0, 1000.0])), 1000.0 + np.log(2.0))
    assert tf.reduce_logsumexp(tf.constant([-np.inf, -np.inf])).numpy() == -np.inf


# ---------------------------------------------------------------------------
# graph op names
# ---------------------------------------------------------------------------

def test_graph_op_names(tf):
    with tf.Graph().as_default():
        a = tf.compat.v1.placeholder(tf.float32, [2, 3])
        b = tf.compat.v1.placeholder(tf.float32, [3, 4])
        assert tf.sigmoid(a).op.name == "Sigmoid"
        assert tf.add_n([a, a]).op.type == "AddN"
        assert tf.reduce_mean(a).op.type == "Mean"
        assert tf.reduce_max(a, name="m").op.name == "m"
        assert tf.math.cumsum(a).op.name == "Cumsum"
        y = tf.argmax(a)
        assert y.op.name == "ArgMax" and y.shape == (3,)
        assert tf.reduce_logsumexp(a).op.name == "ReduceLogSumExp"
        assert tf.clip_by_value(a, 0.0, 1.0).op.name == "clip_by_value"
        assert tf.clip_by_norm(a, 1.0).op.name == "clip_by_norm"
        e = tf.einsum("ij,jk", a, b)
        assert e.op.name == "einsum/Einsum" and e.op.type == "Einsum"
        assert e.op.get_attr("equation") in (b"ij,jk->ik", "ij,jk->ik")
        assert e.shape == (2, 4)
        assert tf.linalg.trace(a).op.name == "Trace"
        assert tf.linalg.diag_part(a).op.name == "diag_part"
        d = tf.linalg.diag(a, k=1)
        assert d.op.name == "diag" and d.op.type == "MatrixDiagV3" and d.shape == (2, 4, 4)
        assert tf.linalg.inv(tf.zeros([3, 3])).op.name == "MatrixInverse"
        assert tf.norm(a).op.name.startswith("norm/")


def test_clip_by_global_norm_names(tf):
    with tf.Graph().as_default():
        a = tf.compat.v1.placeholder(tf.float32, [2])
        b = tf.compat.v1.placeholder(tf.float32, [3])
        clipped, norm = tf.clip_by_global_norm([a, b], 1.0)
        assert [c.name for c in clipped] == ["clip_by_global_norm/clip_by_global_norm/_0:0",
                                             "clip_by_global_norm/clip_by_global_norm/_1:0"]
        assert norm.name == "global_norm/global_norm:0"


def test_static_shapes_in_graphs(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3, 4])
        assert tf.reduce_sum(x, axis=[1], keepdims=True).shape.as_list() == [None, 1, 4]
        assert tf.reduce_max(x, axis=-1).shape.as_list() == [None, 3]
        assert tf.matmul(x, tf.zeros([4, 5])).shape.as_list() == [None, 3, 5]
        assert tf.einsum("bij,jk->bik", x, tf.zeros([4, 2])).shape.as_list() == [None, 3, 2]
        assert tf.linalg.diag_part(x).shape.as_list() == [None, 3]
        assert tf.tensordot(x, tf.zeros([4, 2]), 1).shape.as_list() == [None, 3, 2]


# ---------------------------------------------------------------------------
# einsum, tensordot, linalg
# ---------------------------------------------------------------------------

def test_einsum_forms(tf):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.arange(12, dtype=np.float32).reshape(3, 4)
    m = np.arange(9, dtype=np.float32).reshape(3, 3)
    close(tf.einsum("ij,jk->ik", a, b), a @ b)
    close(tf.einsum("ij->ji", a), a.T)
    close(tf.einsum("ii", m), np.trace(m))
    close(tf.einsum("ii->i", m), np.diag(m))
    close(tf.einsum("i,j->ij", a[0], b[0]), np.outer(a[0], b[0]))
    close(tf.einsum("ij->", a), a.sum())
    close(tf.einsum("ba", a), a.T)
    x = np.ones([5, 2, 3], np.float32)
    y = np.ones([5, 3, 4], np.float32)
    close(tf.einsum("...ij,...jk->...ik", x, y), x @ y)
    close(tf.einsum("bij,bjk->bik", x, y), x @ y)


def test_einsum_keyword_errors(tf):
    with pytest.raises(TypeError, match="Invalid keyword arguments for einsum: foo"):
        tf.einsum("i->i", tf.ones([2]), foo=1)


def test_einsum_errors(tf):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Expected dimension 3 at axis 0 of the input shaped \[4,3\] but "
                             "got dimension 4"):
        tf.einsum("ij,jk->ik", tf.ones([2, 3]), tf.ones([4, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Expected input 0 to have rank 3 but got: 2"):
        tf.einsum("ijk,jk->ik", tf.ones([2, 3]), tf.ones([4, 3]))
    with pytest.raises(ValueError, match="Output subscripts contain a label appearing more "
                                         "than once"):
        tf.einsum("ij,jk->ikk", tf.ones([2, 3]), tf.ones([3, 3]))
    with pytest.raises(ValueError, match="Output subscripts contain the label z not present"):
        tf.einsum("ij,jk->iz", tf.ones([2, 3]), tf.ones([3, 3]))
    with pytest.raises(ValueError, match='Got 2 inputs for equation "ij->ij", expecting 1'):
        tf.einsum("ij->ij", tf.ones([2, 3]), tf.ones([3, 3]))
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
            tf.einsum("ij,jk->ik", tf.ones([2, 3]), tf.ones([4, 5]))


def test_tensordot(tf):
    a = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    b = np.arange(12, dtype=np.float32).reshape(4, 3)
    close(tf.tensordot(a, b, 1), np.tensordot(a, b, 1))
    close(tf.tensordot(a, b, [[1, 2], [1, 0]]), np.tensordot(a, b, [[1, 2], [1, 0]]))
    assert tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4]), 0).shape == (2, 3, 3, 4)
    with pytest.raises(ValueError, match="`axes` must not be larger than the number of "
                                         "dimensions of tensor"):
        tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4]), 3)
    with pytest.raises(ValueError, match=r"Different number of contraction axes `a` and `b`, "
                                         r"1 != 2\."):
        tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4]), [[1], [0, 1]])


def test_linalg_diagonals(tf):
    close(tf.linalg.diag(tf.constant([1, 2])), [[1, 0], [0, 2]])
    close(tf.linalg.diag(tf.constant([1.0, 2.0]), k=1, num_rows=3, padding_value=9),
          [[9, 1, 9], [9, 9, 2], [9, 9, 9]])
    close(tf.linalg.diag(tf.constant([1.0, 2.0]), num_rows=3), [[1, 0], [0, 2], [0, 0]])
    close(tf.linalg.diag_part(tf.constant([[3.0, 4.0], [1.0, 2.0], [5.0, 6.0]])), [3.0, 2.0])
    close(tf.linalg.diag_part(tf.ones([2, 3, 4]), k=-1, padding_value=9), np.ones([2, 2]))
    close(tf.linalg.trace(tf.constant([[3.0, 4.0], [1.0, 2.0]])), 5.0)
    assert tf.linalg.tensor_diag(tf.constant([[1, 2], [3, 4]])).shape == (2, 2, 2, 2)
    close(tf.linalg.eye(2, 3), np.eye(2, 3))


def test_linalg_diag_errors(tf):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="The number of rows or columns is not consistent"):
        tf.linalg.diag(tf.constant([1.0, 2.0]), num_rows=3, num_cols=4)
    with pytest.raises(tf.errors.InvalidArgumentError, match="The number of rows is too small"):
        tf.linalg.diag(tf.constant([1.0, 2.0]), num_rows=1, num_cols=4)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="lower_diag_index is out of bound: 5. It must be between -2 and 3"):
        tf.linalg.diag_part(tf.ones([2, 3]), k=5)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"input must be at least 2-dim, received shape: \[3\]"):
        tf.linalg.diag_part(tf.ones([3]))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Invalid shape \[2,3\]: dimensions 0 and 1 do not match"):
        tf.linalg.tensor_diag_part(tf.ones([2, 3]))


def test_inverse(tf):
    m = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    close(tf.linalg.inv(m), np.linalg.inv(m), rtol=1e-5)
    close(tf.linalg.inv(m, adjoint=True), np.linalg.inv(m.T), rtol=1e-5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input is not invertible"):
        tf.linalg.inv(tf.constant([[1.0, 2.0], [2.0, 4.0]]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix must be square"):
        tf.linalg.inv(tf.ones([3, 2]))
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
            tf.linalg.inv(tf.zeros([3, 2]))


def test_norms(tf):
    x = tf.constant([[3.0, -4.0], [1.0, 2.0]])
    close(tf.norm(x), np.sqrt(30.0))
    close(tf.norm(x, axis=1), [5.0, np.sqrt(5.0)])
    close(tf.norm(x, ord=1, axis=[0, 1]), 6.0)
    close(tf.norm(x, ord=np.inf, axis=[0, 1]), 7.0)
    close(tf.norm(x, ord=np.inf), 4.0)
    close(tf.norm(tf.constant([[3.0, 4.0]]), ord=3), 4.497941493988037)
    assert tf.norm(x, axis=0, keepdims=True).shape == (1, 2)
    with pytest.raises(ValueError, match="'ord' must be a supported vector norm, got 0"):
        tf.norm(x, ord=0)
    with pytest.raises(ValueError, match="'ord' must be a supported vector norm, got fro"):
        tf.norm(x, ord="fro")
    with pytest.raises(TypeError, match="unexpected keyword argument 'keep_dims'"):
        tf.norm(x, keep_dims=True)


# ---------------------------------------------------------------------------
# clipping
# ---------------------------------------------------------------------------

def test_clip_by_value(tf):
    close(tf.clip_by_value(tf.constant([1.0, 5.0, 2.5]), 2.0, 3.0), [2.0, 3.0, 2.5])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2\] vs. "
                                                             r"\[3\]"):
        tf.clip_by_value(tf.constant([1.0, 5.0]), [2.0, 2.0, 2.0], 3.0)
    with pytest.raises(TypeError):
        tf.clip_by_value(tf.constant([1, 5]), 2.0, 3.0)


def test_clip_by_norm(tf):
    close(tf.clip_by_norm(tf.constant([3.0, 4.0]), 1.0), [0.6, 0.8])
    close(tf.clip_by_norm(tf.constant([0.3, 0.4]), 1.0), [0.3, 0.4])
    close(tf.clip_by_norm(tf.constant([[3.0, 0.0], [4.0, 0.1]]), 1.0, axes=[0]),
          [[0.6, 0.0], [0.8, 0.1]])


def test_clip_by_global_norm_keeps_none(tf):
    clipped, norm = tf.clip_by_global_norm([tf.constant([3.0, 4.0]), None], 1.0)
    close(clipped[0], [0.6, 0.8])
    assert clipped[1] is None
    close(norm, 5.0)
    with pytest.raises(TypeError, match="`t_list` should be a sequence of tensors"):
        tf.clip_by_global_norm(tf.constant([3.0, 4.0]), 1.0)
    close(tf.linalg.global_norm([tf.constant([3.0]), tf.constant([4.0])]), 5.0)


def test_clip_by_global_norm_of_empty_list(tf):
    clipped, norm = tf.clip_by_global_norm([], 1.0)
    assert clipped == [] and norm.numpy() == 0.0


def test_clip_by_global_norm_of_inf_is_nan(tf):
    clipped, norm = tf.clip_by_global_norm([tf.constant([np.inf, 1.0])], 1.0)
    assert np.isinf(norm.numpy())
    assert np.all(np.isnan(clipped[0].numpy()))


# ---------------------------------------------------------------------------
# gradients
# ---------------------------------------------------------------------------

def test_broadcasting_gradients_are_summed_to_input_shapes(tf):
    x = np.ones([2, 3], np.float32)
    y = np.array([1.0, 2.0, 3.0], np.float32)
    gx, gy = grads(tf, lambda a, b: tf.reduce_sum(a * b), x, y)
    close(gx, np.tile(y, (2, 1)))
    close(gy, [2.0, 2.0, 2.0])
    gx, gy = grads(tf, lambda a, b: tf.reduce_sum(a - b), x, np.float32(2.0))
    assert gy.shape == () and gy.numpy() == -6.0
    gx, gy = grads(tf, lambda a, b: tf.reduce_sum(a / b), x, y)
    close(gy, -2.0 / y ** 2)


def test_matmul_gradients(tf):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.arange(12, dtype=np.float32).reshape(3, 4)
    ga, gb = grads(tf, lambda p, q: tf.reduce_sum(tf.matmul(p, q)), a, b)
    close(ga, np.ones([2, 4]) @ b.T)
    close(gb, a.T @ np.ones([2, 4]))
    ga, gb = grads(tf, lambda p, q: tf.reduce_sum(tf.matmul(p, q, transpose_a=True)), a.T, b)
    close(ga, (np.ones([2, 4]) @ b.T).T)
    x = np.ones([5, 2, 3], np.float32)
    gx, gb = grads(tf, lambda p, q: tf.reduce_sum(tf.matmul(p, q)), x, b)
    assert gx.shape == (5, 2, 3) and gb.shape == (3, 4)
    close(gb, 10 * np.ones([3, 4]))


def test_non_differentiable_ops_give_none(tf):
    x = tf.constant([1.5, 2.5])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        floor_div = x // 2.0
        as_int = tf.cast(x, tf.int32)
        rounded = tf.round(x)
        compared = tf.cast(x > 2.0, tf.float32)
        as_double = tf.cast(x, tf.float64)
    for y in (floor_div, as_int, rounded, compared):
        assert tape.gradient(y, x) is None
    g = tape.gradient(as_double, x)
    assert g.dtype == tf.float32
    close(g, [1.0, 1.0])


def test_sign_gradient_is_zero(tf):
    (g,) = grads(tf, lambda x: tf.sign(x), np.array([-1.0, 2.0], np.float32))
    close(g, [0.0, 0.0])


def test_max_gradient_splits_ties(tf):
    (g,) = grads(tf, lambda x: tf.reduce_max(x), np.array([1.0, 3.0, 3.0], np.float32))
    close(g, [0.0, 0.5, 0.5])
    (g,) = grads(tf, lambda x, : tf.reduce_sum(tf.maximum(x, 2.0)),
                 np.array([1.0, 2.0, 3.0], np.float32))
    close(g, [0.0, 1.0, 1.0])


def test_prod_gradient_with_zeros(tf):
    (g,) = grads(tf, lambda x: tf.reduce_prod(x, axis=1),
                 np.array([[0.0, 2.0, 3.0], [0.0, 0.0, 4.0]], np.float32))
    close(g, [[6.0, 0.0, 0.0], [0.0, 0.0, 0.0]])


def test_pow_gradient_at_zero_base(tf):
    gx, gy = grads(tf, lambda x, y: tf.pow(x, y), np.array([0.0, 2.0], np.float32),
                   np.array([2.0, 3.0], np.float32))
    close(gx, [0.0, 12.0])
    close(gy, [0.0, 8.0 * np.log(2.0)])


def test_second_order_gradient(tf):
    x = tf.constant([0.5, 1.0, 2.0])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(tf.sqrt(x) * tf.tanh(x))
        g = inner.gradient(y, x)
    h = outer.gradient(g, x)
    v = x.numpy().astype(np.float64)
    t = np.tanh(v)
    sech2 = 1 - t ** 2
    expected = -0.25 * v ** -1.5 * t + v ** -0.5 * sech2 + np.sqrt(v) * (-2 * t * sech2)
    close(h, expected, rtol=1e-5)


def test_einsum_gradients(tf):
    m = np.arange(9, dtype=np.float32).reshape(3, 3)
    (g,) = grads(tf, lambda x: tf.einsum("ii->i", x), m)
    close(g, np.eye(3))
    (g,) = grads(tf, lambda x: tf.einsum("ij->", x), m)
    close(g, np.ones([3, 3]))
    (g,) = grads(tf, lambda x: tf.linalg.trace(x), m)
    close(g, np.eye(3))


def test_clip_by_norm_gradient_at_zero_is_finite(tf):
    (g,) = grads(tf, lambda x: tf.reduce_sum(tf.clip_by_norm(x, 1.0)),
                 np.zeros([3], np.float32))
    assert np.all(np.isfinite(g.numpy()))


def test_graph_gradients_with_unknown_shapes(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, None)
        y = tf.compat.v1.placeholder(tf.float32, [None])
        loss = (tf.reduce_mean(x * y, axis=0) + tf.reduce_max(x) + tf.reduce_prod(y) +
                tf.reduce_sum(tf.square(x - y)))
        gx, gy = tf.compat.v1.gradients(loss, [x, y])
        xv = np.array([[1.0, 2.0, 3.0], [4.0, 6.0, 5.0]], np.float32)
        yv = np.array([1.0, 2.0, 0.5], np.float32)
        gxv, gyv = run(tf, [gx, gy], {x: xv, y: yv})
    # The loss is a [3] vector: the scalar terms are broadcast (counted) 3 times.
    diff = 2 * (xv - yv)
    expected_x = yv / 2 + 3 * diff
    expected_x[1, 1] += 3.0
    close(gxv, expected_x, rtol=1e-5)
    expected_y = xv.sum(0) / 2 + 3 * np.prod(yv) / yv - 3 * diff.sum(0)
    close(gyv, expected_y, rtol=1e-5)


def test_graph_gradient_of_batch_matmul_broadcast(tf):
    with tf.Graph().as_default():
        a = tf.compat.v1.placeholder(tf.float32, [None, 2, 3])
        b = tf.compat.v1.placeholder(tf.float32, [None, None])
        gb, ga = tf.compat.v1.gradients(tf.reduce_sum(tf.matmul(a, b)), [b, a])
        av = np.ones([4, 2, 3], np.float32)
        bv = np.arange(6, dtype=np.float32).reshape(3, 2)
        gbv, gav = run(tf, [gb, ga], {a: av, b: bv})
    close(gbv, 8 * np.ones([3, 2]))
    close(gav, np.tile(bv.sum(1), (4, 2, 1)))
