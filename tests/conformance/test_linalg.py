"""tf.linalg factorizations, determinants and solvers: values, TF's return conventions,
static shapes, errors and gradients."""
import numpy as np
import pytest

A = np.array([[4.0, 2.0, 0.6], [2.0, 3.0, 0.5], [0.6, 0.5, 2.0]])       # symmetric PD
M = np.array([[2.0, 1.0], [5.0, 3.0], [1.0, 1.0]])                     # 3 x 2


def _close(actual, expected, tol=1e-5):
    np.testing.assert_allclose(np.asarray(actual), np.asarray(expected), rtol=tol, atol=tol)


def _numeric_grad(f, x, eps=1e-6):
    """Central differences of a scalar NumPy function."""
    grad = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        grad[index] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def _tape_grad(tf, f, x):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x).numpy()


# ------------------------------------------------------------------ Cholesky, determinants

def test_cholesky_values_and_batch(tf):
    batch = np.stack([A, 2 * A])
    chol = tf.linalg.cholesky(tf.constant(batch))
    assert chol.shape == (2, 3, 3) and chol.dtype == tf.float64
    _close(chol, np.linalg.cholesky(batch))


def test_cholesky_reads_only_the_lower_triangle(tf):
    garbage_upper = np.tril(A) + np.triu(np.full((3, 3), 7.0), 1)
    _close(tf.linalg.cholesky(tf.constant(garbage_upper)), np.linalg.cholesky(A))


def test_cholesky_of_a_matrix_that_is_not_positive_definite_is_nan(tf):
    # TF 2.21's CPU kernel does not raise: the failed factor's lower triangle is NaN, and
    # the other matrices of the batch are factored as usual.
    chol = tf.linalg.cholesky(tf.constant([[[4.0, 2.0], [2.0, 3.0]],
                                           [[1.0, 2.0], [2.0, 1.0]]])).numpy()
    _close(chol[0], np.linalg.cholesky([[4.0, 2.0], [2.0, 3.0]]))
    assert np.isnan(chol[1][np.tril_indices(2)]).all()


def test_det_slogdet_logdet(tf):
    x = tf.constant(np.stack([A, -A]))
    _close(tf.linalg.det(x), np.linalg.det(np.stack([A, -A])))
    result = tf.linalg.slogdet(x)
    sign, log_abs = result
    assert type(result).__name__ == "LogMatrixDeterminant"
    assert result.sign is sign and result.log_abs_determinant is log_abs
    _close(sign, [1.0, -1.0])
    _close(log_abs, [np.log(np.linalg.det(A))] * 2)
    _close(tf.linalg.logdet(tf.constant(A)), np.log(np.linalg.det(A)))


def test_det_of_singular_and_empty_matrices(tf):
    assert tf.linalg.det(tf.constant([[1.0, 2.0], [2.0, 4.0]])).numpy() == 0.0
    assert tf.linalg.det(tf.zeros([0, 0])).numpy() == 1.0
    sign, log_abs = tf.linalg.slogdet(tf.constant([[1.0, 2.0], [2.0, 4.0]]))
    assert sign.numpy() == 0.0 and log_abs.numpy() == -np.inf


def test_det_of_complex_matrices(tf):
    x = tf.constant([[1.0 + 1.0j, 2.0], [2.0, 4.0]])
    assert tf.linalg.det(x).numpy() == pytest.approx(4.0j)
    sign, log_abs = tf.linalg.slogdet(x)
    assert sign.dtype == tf.complex128 and log_abs.dtype == tf.complex128
    assert sign.numpy() == pytest.approx(1.0j)
    assert log_abs.numpy() == pytest.approx(np.log(4.0))


def test_errors_of_non_square_and_low_rank_inputs(tf):
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix must be square"):
        tf.linalg.det(tf.zeros([2, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="must have rank >= 2, got 1"):
        tf.linalg.det(tf.zeros([3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix must be square"):
        tf.linalg.cholesky(tf.zeros([2, 3]))
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
            tf.linalg.det(tf.ones([3, 2]))
        with pytest.raises(ValueError, match="at least rank 2 but is rank 1"):
            tf.linalg.det(tf.ones([3]))


def test_integer_matrices_are_refused(tf):
    with pytest.raises((TypeError, tf.errors.InvalidArgumentError)):
        tf.linalg.det(tf.constant([[1, 2], [3, 4]]))


# ------------------------------------------------------------------ solvers

def test_solve_and_adjoint(tf):
    b = np.array([[1.0, 2.0], [0.0, 1.0], [3.0, -1.0]])
    x = tf.linalg.solve(tf.constant(A + np.triu(np.ones((3, 3)), 1)), tf.constant(b))
    _close(x, np.linalg.solve(A + np.triu(np.ones((3, 3)), 1), b))
    x = tf.linalg.solve(tf.constant(A + np.triu(np.ones((3, 3)), 1)), tf.constant(b),
                        adjoint=True)
    _close(x, np.linalg.solve((A + np.triu(np.ones((3, 3)), 1)).T, b))


def test_solve_of_a_singular_matrix_raises(tf):
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix is not invertible."):
        tf.linalg.solve(tf.zeros([2, 2]), tf.ones([2, 1]))


def test_solve_does_not_broadcast(tf):
    matrix = tf.ones([2, 2, 2]) + tf.eye(2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="same outer dimensions"):
        tf.linalg.solve(matrix, tf.ones([1, 2, 1]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="same rank"):
        tf.linalg.solve(matrix, tf.ones([2, 1]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="matrix and rhs are incompatible"):
        tf.linalg.solve(tf.eye(2), tf.ones([3, 1]))
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
            tf.linalg.solve(tf.ones([3, 3]), tf.ones([2, 2]))


def test_triangular_solve_reads_one_triangle_and_broadcasts(tf):
    full = A + np.array([[0.0, 9.0, 9.0], [0.0, 0.0, 9.0], [0.0, 0.0, 0.0]])
    b = np.array([[1.0], [2.0], [3.0]])
    _close(tf.linalg.triangular_solve(tf.constant(full), tf.constant(b)),
           np.linalg.solve(np.tril(full), b))
    _close(tf.linalg.triangular_solve(tf.constant(full), tf.constant(b), lower=False),
           np.linalg.solve(np.triu(full), b))
    _close(tf.linalg.triangular_solve(tf.constant(full), tf.constant(b), adjoint=True),
           np.linalg.solve(np.tril(full).T, b))
    x = tf.linalg.triangular_solve(tf.constant(np.stack([A, 2 * A])[:, None]),
                                   tf.constant(np.ones((4, 3, 2))))
    assert x.shape == (2, 4, 3, 2)
    _close(x[1, 3], np.linalg.solve(np.tril(2 * A), np.ones((3, 2))))


def test_triangular_solve_of_a_singular_matrix_gives_inf(tf):
    x = tf.linalg.triangular_solve(tf.constant([[1.0, 0.0], [2.0, 0.0]]), tf.ones([2, 1]))
    _close(x, [[1.0], [-np.inf]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="must have compatible batch dimensions"):
        tf.linalg.triangular_solve(tf.ones([2, 2, 2]), tf.ones([3, 2, 1]))


def test_cholesky_solve(tf):
    b = np.array([[1.0, 0.0], [2.0, 1.0], [3.0, -2.0]])
    x = tf.linalg.cholesky_solve(tf.linalg.cholesky(tf.constant(A)), tf.constant(b))
    _close(x, np.linalg.solve(A, b))


def test_lstsq_fast_slow_and_regularized(tf):
    b = np.array([[1.0], [2.0], [0.5]])
    expected = np.linalg.lstsq(M, b, rcond=None)[0]
    _close(tf.linalg.lstsq(tf.constant(M), tf.constant(b)), expected)
    _close(tf.linalg.lstsq(tf.constant(M), tf.constant(b), fast=False), expected)
    regularized = np.linalg.solve(M.T @ M + 0.5 * np.eye(2), M.T @ b)
    _close(tf.linalg.lstsq(tf.constant(M), tf.constant(b), l2_regularizer=0.5), regularized)
    # Underdetermined: the minimum-norm solution.
    _close(tf.linalg.lstsq(tf.constant(M.T), tf.constant([[1.0], [2.0]], tf.float64)),
           np.linalg.pinv(M.T) @ np.array([[1.0], [2.0]]))


# ------------------------------------------------------------------ factorizations

def test_qr(tf):
    result = tf.linalg.qr(tf.constant(M))
    assert type(result).__name__ == "Qr"
    q, r = result
    assert result.q is q and result.r is r
    assert q.shape == (3, 2) and r.shape == (2, 2)
    _close(tf.matmul(q, r), M)
    _close(tf.matmul(q, q, transpose_a=True), np.eye(2))
    _close(np.tril(r.numpy(), -1), np.zeros((2, 2)))
    q, r = tf.linalg.qr(tf.constant(M), full_matrices=True)
    assert q.shape == (3, 3) and r.shape == (3, 2)
    _close(tf.matmul(q, r), M)


def test_svd_returns_s_u_v(tf):
    s, u, v = tf.linalg.svd(tf.constant(M))
    assert s.shape == (2,) and u.shape == (3, 2) and v.shape == (2, 2)
    _close(s, np.linalg.svd(M, compute_uv=False))
    # v, not v^H: a = u diag(s) v^H.
    _close(tf.matmul(u * s, v, adjoint_b=True), M)
    s, u, v = tf.linalg.svd(tf.constant(M), full_matrices=True)
    assert u.shape == (3, 3) and v.shape == (2, 2)
    values = tf.linalg.svd(tf.constant(np.stack([M, 2 * M])), compute_uv=False)
    assert values.shape == (2, 2)
    _close(values[1], 2 * np.linalg.svd(M, compute_uv=False))


def test_svd_of_complex_matrices_has_real_singular_values(tf):
    s = tf.linalg.svd(tf.constant([[1.0 + 1.0j, 2.0], [2.0, 4.0]]), compute_uv=False)
    assert s.dtype == tf.float64
    _close(s, np.linalg.svd(np.array([[1.0 + 1.0j, 2.0], [2.0, 4.0]]), compute_uv=False))


def test_eigh_reads_the_lower_triangle(tf):
    x = np.tril(A) + np.triu(np.full((3, 3), 5.0), 1)
    e, v = tf.linalg.eigh(tf.constant(x))
    expected = np.linalg.eigvalsh(A)
    _close(e, expected)
    _close(tf.matmul(v * e, v, adjoint_b=True), A)
    _close(tf.linalg.eigvalsh(tf.constant(x)), expected)


def test_band_part(tf):
    x = np.arange(1, 13, dtype=np.int32).reshape(3, 4)
    _close(tf.linalg.band_part(tf.constant(x), 1, 0), np.tril(x) - np.tril(x, -2))
    _close(tf.linalg.band_part(tf.constant(x), 0, -1), np.triu(x))
    _close(tf.linalg.band_part(tf.constant(x), -1, -1), x)
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_lower must be negative or "
                       r"less or equal to number of rows \(3\) got: 5"):
        tf.linalg.band_part(tf.constant(x), 5, 0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="input must be at least 2-dim"):
        tf.linalg.band_part(tf.ones([3]), 1, 1)


# ------------------------------------------------------------------ graphs and functions

def test_static_shapes(tf):
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3, 2])
        s, u, v = tf.linalg.svd(p)
        assert [t.shape.as_list() for t in (s, u, v)] == [[None, 2], [None, 3, 2], [None, 2, 2]]
        _, u, _ = tf.linalg.svd(p, full_matrices=True)
        assert u.shape.as_list() == [None, 3, 3]
        q, r = tf.linalg.qr(p, full_matrices=True)
        assert q.shape.as_list() == [None, 3, 3] and r.shape.as_list() == [None, 3, 2]
        assert tf.linalg.lstsq(p, tf.ones([4, 3, 5])).shape.as_list() == [4, 2, 5]
        assert tf.linalg.triangular_solve(tf.ones([5, 1, 3, 3]), p).shape.as_list() == \
            [5, None, 3, 2]
        square = tf.compat.v1.placeholder(tf.float32, [None, 3, 3])
        assert tf.linalg.det(square).shape.as_list() == [None]
        assert [t.shape.as_list() for t in tf.linalg.eigh(square)] == [[None, 3],
                                                                       [None, 3, 3]]
        assert tf.linalg.solve(square, tf.ones([4, 3, 5])).shape.as_list() == [4, 3, 5]
        unknown = tf.compat.v1.placeholder(tf.float32)
        assert tf.linalg.svd(unknown, compute_uv=False).shape.rank is None


def test_graph_and_function_results(tf):
    with tf.Graph().as_default() as graph:
        x = tf.compat.v1.placeholder(tf.float64, [3, 3])
        det = tf.linalg.det(x)
        assert det.op.type == "MatrixDeterminant"
        assert tf.linalg.cholesky(x).op.type == "Cholesky"
        assert tf.linalg.band_part(x, 1, 0).op.type == "MatrixBandPart"
        with tf.compat.v1.Session(graph=graph) as sess:
            assert sess.run(det, {x: A}) == pytest.approx(np.linalg.det(A))

    @tf.function
    def solve(a, b):
        return tf.linalg.solve(a, b)

    _close(solve(tf.constant(A), tf.ones([3, 1], tf.float64)), np.linalg.solve(A, np.ones((3, 1))))


# ------------------------------------------------------------------ gradients

def test_gradients_of_determinants(tf):
    x = A + np.array([[0.0, 0.3, 0.0], [0.0, 0.0, -0.2], [0.1, 0.0, 0.0]])
    inverse_t = np.linalg.inv(x).T
    _close(_tape_grad(tf, tf.linalg.det, x), np.linalg.det(x) * inverse_t)
    _close(_tape_grad(tf, lambda t: tf.linalg.slogdet(t)[1], x), inverse_t)
    _close(_tape_grad(tf, tf.linalg.logdet, A), np.linalg.inv(A), 1e-4)


def test_gradient_of_solve(tf):
    b = np.array([[1.0], [2.0], [3.0]])
    weights = np.array([[0.5], [-1.0], [2.0]])
    grad = _tape_grad(tf, lambda t: tf.reduce_sum(tf.linalg.solve(t, b) * weights), A)
    _close(grad, _numeric_grad(lambda t: np.sum(np.linalg.solve(t, b) * weights), A), 1e-5)


def test_gradient_of_cholesky(tf):
    weights = np.array([[1.0, 0.0, 0.0], [0.5, -1.0, 0.0], [2.0, 0.3, 0.7]])

    def loss(t):
        return tf.reduce_sum(tf.linalg.cholesky(t) * weights)

    grad = _tape_grad(tf, loss, A)
    # TF's rule gives the gradient for symmetric perturbations, split over both triangles.
    numeric = _numeric_grad(lambda t: np.sum(np.linalg.cholesky((t + t.T) / 2) * weights), A)
    _close(grad, numeric, 1e-5)


def test_gradients_of_eigvalsh_and_singular_values(tf):
    # d(sum of eigenvalues * w) = V diag(w) V^T, kept in the lower triangle (diagonal once).
    weights = np.array([1.0, -2.0, 0.5])
    e, v = np.linalg.eigh(A)
    full = v @ np.diag(weights) @ v.T
    grad = _tape_grad(tf, lambda t: tf.reduce_sum(tf.linalg.eigvalsh(t) * weights), A)
    _close(grad, np.tril(2 * full) - np.diag(np.diag(full)), 1e-5)
    u, s, vh = np.linalg.svd(M, full_matrices=False)
    grad = _tape_grad(tf, lambda t: tf.reduce_sum(tf.linalg.svd(t, compute_uv=False)), M)
    _close(grad, u @ vh, 1e-5)


def test_gradient_of_lstsq_fast_false_is_undefined(tf):
    x = tf.constant(M)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.linalg.lstsq(x, tf.ones([3, 1], tf.float64), fast=False)
    with pytest.raises(ValueError, match="Gradient not defined for fast=False"):
        tape.gradient(y, x)


# ------------------------------------------------------------------ TF1 names

def test_v1_top_level_names(tf):
    v1 = tf.compat.v1
    x = tf.constant(A)
    _close(v1.cholesky(x), np.linalg.cholesky(A))
    _close(v1.matrix_determinant(x), np.linalg.det(A))
    _close(v1.matrix_solve(x, tf.ones([3, 1], tf.float64)), np.linalg.solve(A, np.ones((3, 1))))
    _close(v1.matrix_triangular_solve(x, tf.ones([3, 1], tf.float64)),
           np.linalg.solve(np.tril(A), np.ones((3, 1))))
    _close(v1.matrix_solve_ls(tf.constant(M), tf.ones([3, 1], tf.float64)),
           np.linalg.lstsq(M, np.ones((3, 1)), rcond=None)[0])
    _close(v1.cholesky_solve(v1.cholesky(x), tf.ones([3, 1], tf.float64)),
           np.linalg.solve(A, np.ones((3, 1))))
    _close(v1.self_adjoint_eigvals(x), np.linalg.eigvalsh(A))
    _close(v1.self_adjoint_eig(x)[0], np.linalg.eigvalsh(A))
    _close(v1.svd(x, compute_uv=False), np.linalg.svd(A, compute_uv=False))
    _close(v1.matrix_band_part(x, 0, 0), np.diag(np.diag(A)))
    _close(tf.matmul(*v1.qr(x)), A)
    # TF1 never had a top-level log_matrix_determinant (only tf.linalg.slogdet).
    assert not hasattr(v1, "log_matrix_determinant")


# ------------------------------------------------------------------ set_diag, cross, composites

def test_set_diag_main_and_offset_diagonals(tf):
    x = np.arange(24.0).reshape(2, 3, 4)
    d = np.array([[-1.0, -2.0, -3.0], [-4.0, -5.0, -6.0]])
    out = tf.linalg.set_diag(tf.constant(x), tf.constant(d)).numpy()
    expected = x.copy()
    expected[:, [0, 1, 2], [0, 1, 2]] = d
    _close(out, expected)
    out = tf.linalg.set_diag(tf.constant(x), tf.constant(d), k=1).numpy()
    expected = x.copy()
    expected[:, [0, 1, 2], [1, 2, 3]] = d
    _close(out, expected)
    _close(tf.compat.v1.matrix_set_diag(tf.constant(x), tf.constant(d)),
           tf.linalg.set_diag(tf.constant(x), tf.constant(d)))


def test_set_diag_rejects_a_diagonal_of_the_wrong_shape(tf):
    with pytest.raises(tf.errors.InvalidArgumentError, match="Expected diagonal shape: "
                                                             r"\[2,3\]"):
        tf.linalg.set_diag(tf.zeros([2, 3, 4]), tf.ones([2, 4]))


def test_set_diag_gradients(tf):
    x, d = tf.constant(np.ones((3, 3))), tf.constant(np.ones(3))
    w = np.arange(9.0).reshape(3, 3)
    with tf.GradientTape() as tape:
        tape.watch([x, d])
        loss = tf.reduce_sum(tf.linalg.set_diag(x, d) * w)
    gx, gd = tape.gradient(loss, [x, d])
    _close(gx, w - np.diag(np.diag(w)))
    _close(gd, np.diag(w))


def test_cross_values_errors_and_gradient(tf):
    a, b = np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0]]), np.array([[4.0, 5.0, 6.0],
                                                                    [0.0, 0.0, 1.0]])
    _close(tf.linalg.cross(a, b), np.cross(a, b))
    _close(tf.compat.v1.cross(a, b), np.cross(a, b))
    assert tf.linalg.cross([1, 0, 0], [0, 1, 0]).numpy().tolist() == [0, 0, 1]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Both inputs must be of same "
                                                             "shape"):
        tf.linalg.cross(tf.ones([2, 3]), tf.ones([3]))
    ta, tb = tf.constant(a), tf.constant(b)
    with tf.GradientTape() as tape:
        tape.watch([ta, tb])
        loss = tf.reduce_sum(tf.linalg.cross(ta, tb) * np.arange(6.0).reshape(2, 3))
    ga, gb = tape.gradient(loss, [ta, tb])
    w = np.arange(6.0).reshape(2, 3)
    _close(ga, np.cross(b, w))
    _close(gb, np.cross(w, a))


def test_matvec_normalize_l2_normalize(tf):
    a, v = np.arange(12.0).reshape(2, 2, 3), np.array([1.0, -1.0, 2.0])
    _close(tf.linalg.matvec(a, v), a @ v)
    _close(tf.linalg.matvec(a, v[:2], transpose_a=True), np.swapaxes(a, -1, -2) @ v[:2])
    x = np.array([[3.0, 4.0], [6.0, 8.0]])
    normalized, norm = tf.linalg.normalize(x, axis=1)
    _close(normalized, [[0.6, 0.8], [0.6, 0.8]])
    _close(norm, [[5.0], [10.0]])
    normalized, norm = tf.linalg.normalize(x, ord=1)
    _close(norm, [[21.0]])
    _close(normalized, x / 21.0)
    _close(tf.linalg.l2_normalize(x, axis=1), [[0.6, 0.8], [0.6, 0.8]])


def test_matrix_rank_and_pinv(tf):
    singular = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])
    ranks = tf.linalg.matrix_rank(tf.constant(np.stack([singular, np.eye(3), 0 * singular])))
    assert ranks.dtype == tf.int32 and ranks.numpy().tolist() == [2, 3, 0]
    assert tf.linalg.matrix_rank(tf.constant(np.eye(3)), tol=1.5).numpy() == 0
    _close(tf.linalg.pinv(tf.constant(singular)), np.linalg.pinv(singular))
    p = tf.linalg.pinv(tf.constant(M))
    assert p.shape == (2, 3)
    _close(p, np.linalg.pinv(M))


def test_pinv_gradient(tf):
    grad = _tape_grad(tf, lambda x: tf.reduce_sum(tf.linalg.pinv(x) * np.arange(6.0).reshape(
        2, 3)), M)
    _close(grad, _numeric_grad(lambda x: np.sum(np.linalg.pinv(x) * np.arange(6.0).reshape(
        2, 3)), M), 1e-5)


def _np_expm(a, terms=60):
    """exp(a) by its Taylor series, for small matrices."""
    result, term = np.eye(a.shape[-1]), np.eye(a.shape[-1])
    for n in range(1, terms):
        term = term @ a / n
        result = result + term
    return result


@pytest.mark.parametrize("scale", [0.005, 0.1, 0.5, 1.5, 6.0])
def test_expm_values_across_pade_degrees(tf, scale):
    # The scale picks the Padé degree (and squarings) from the 1-norm.
    rng = np.random.default_rng(3)
    a = rng.standard_normal((2, 3, 3)) * scale
    _close(tf.linalg.expm(tf.constant(a)), [_np_expm(m) for m in a], 1e-9 * max(1, scale ** 4))
    _close(tf.linalg.expm(tf.constant(a, dtype=tf.float32)), [_np_expm(m) for m in a],
           1e-4 * max(1, scale ** 3))


def test_expm_of_structured_matrices(tf):
    t = 0.7
    _close(tf.linalg.expm(tf.constant([[0.0, -t], [t, 0.0]])),
           [[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    _close(tf.linalg.expm(tf.constant(np.diag([1.0, -2.0]))), np.diag(np.exp([1.0, -2.0])))
    assert tf.linalg.expm(tf.zeros([0, 0])).shape == (0, 0)
    assert np.isnan(tf.linalg.expm(tf.constant([[np.inf, 0.0], [0.0, 1.0]])).numpy()).all()


def test_expm_gradient(tf):
    rng = np.random.default_rng(4)
    a = rng.standard_normal((3, 3))
    w = rng.standard_normal((3, 3))
    grad = _tape_grad(tf, lambda x: tf.reduce_sum(tf.linalg.expm(x) * w), a)
    _close(grad, _numeric_grad(lambda x: np.sum(_np_expm(x) * w), a), 1e-5)


def test_expm_in_function_with_unknown_batch(tf):
    f = tf.function(tf.linalg.expm,
                    input_signature=[tf.TensorSpec([None, 2, 2], tf.float64)])
    a = np.array([[[0.0, 1.0], [0.0, 0.0]], [[2.0, 0.0], [0.0, 0.0]]])
    _close(f(tf.constant(a)), [[[1.0, 1.0], [0.0, 1.0]], [[np.exp(2.0), 0.0], [0.0, 1.0]]])


def test_matrix_2_norm(tf):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 3, 4))
    _close(tf.norm(tf.constant(x), ord=2, axis=[-2, -1]), np.linalg.norm(x, 2, axis=(-2, -1)))
    result = tf.linalg.norm(tf.constant(x), ord=2, axis=(0, 2), keepdims=True)
    assert tuple(result.shape) == (1, 3, 1)
    _close(result, np.linalg.norm(x, 2, axis=(0, 2), keepdims=True))
    _close(tf.norm(tf.constant(x), ord=2, axis=(2, 0)), np.linalg.norm(x, 2, axis=(2, 0)))
    grad = _tape_grad(tf, lambda t: tf.norm(t, ord=2, axis=[0, 1]), x[0])
    u, s, vh = np.linalg.svd(x[0])
    _close(grad, np.outer(u[:, 0], vh[0]))


# ------------------------------------------------------------------ LU

def test_lu_packs_factors_and_pivots_on_the_first_largest_row(tf):
    result = tf.linalg.lu(tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64))
    assert type(result).__name__ == "Lu" and result.p.dtype == tf.int32
    _close(result.lu, [[3.0, 4.0], [1.0 / 3.0, 2.0 / 3.0]])
    assert result.p.numpy().tolist() == [1, 0]
    # |pivot| ties: the first of the tied rows, in the first column and later ones.
    lu, p = tf.linalg.lu(tf.constant([[-2.0, 1.0], [2.0, 3.0]]))
    _close(lu, [[-2.0, 1.0], [-1.0, 4.0]])
    assert p.numpy().tolist() == [0, 1]
    lu, p = tf.linalg.lu(tf.constant([[2.0, 1, 1], [2, 1, 3], [-2, 5, 1]]),
                         output_idx_type=tf.int64)
    _close(lu, [[2.0, 1, 1], [-1, 6, 2], [1, 0, 2]])
    assert p.dtype == tf.int64 and p.numpy().tolist() == [0, 2, 1]


def test_lu_of_a_batch_reconstructs_it(tf):
    x = np.random.default_rng(6).standard_normal((2, 3, 4, 4))
    lu, p = tf.linalg.lu(tf.constant(x))
    assert lu.shape == (2, 3, 4, 4) and p.shape == (2, 3, 4)
    lower = np.tril(lu.numpy(), -1) + np.eye(4)
    product = lower @ np.triu(lu.numpy())
    _close(np.take_along_axis(x, p.numpy()[..., None], axis=-2), product, 1e-10)
    _close(tf.linalg.lu_reconstruct(lu, p), x, 1e-10)
    assert np.all(np.abs(np.tril(lu.numpy(), -1)) <= 1.0)


def test_lu_of_a_singular_matrix_is_an_error(tf):
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input is not invertible"):
        tf.linalg.lu(tf.constant([[1.0, 2.0], [2.0, 4.0]]))


def test_lu_has_no_gradient(tf):
    # TF 2.21 registers no gradient for the Lu op.
    x = tf.constant(A)
    with tf.GradientTape() as tape:
        tape.watch(x)
        total = tf.reduce_sum(tf.linalg.lu(x).lu)
    with pytest.raises(LookupError):
        tape.gradient(total, x)


def test_lu_solve_and_inverse_broadcast(tf):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 3, 3)) + 3 * np.eye(3)
    rhs = rng.standard_normal((4, 1, 3, 2))
    lu, p = tf.linalg.lu(tf.constant(x))
    solved = tf.linalg.lu_solve(lu, p, tf.constant(rhs))
    assert solved.shape == (4, 2, 3, 2)
    _close(solved, np.linalg.solve(x, rhs), 1e-10)
    _close(tf.linalg.lu_solve(lu[1], p[1], tf.constant(rhs[0, 0])),
           np.linalg.solve(x[1], rhs[0, 0]), 1e-10)
    _close(tf.linalg.lu_matrix_inverse(lu, p), np.linalg.inv(x), 1e-10)


def test_lu_solve_gradient(tf):
    rng = np.random.default_rng(8)
    x = rng.standard_normal((3, 3)) + 3 * np.eye(3)
    rhs = rng.standard_normal((3, 2))
    w = rng.standard_normal((3, 2))
    lu, p = tf.linalg.lu(tf.constant(x))
    grad = _tape_grad(tf, lambda t: tf.reduce_sum(tf.linalg.lu_solve(t, p, rhs) * w), lu)

    def solve(packed):
        unpacked = (np.tril(packed, -1) + np.eye(3)) @ np.triu(packed)
        return np.sum(np.linalg.solve(unpacked[np.argsort(p.numpy())], rhs) * w)
    _close(grad, _numeric_grad(solve, lu.numpy()), 1e-6)


def test_lu_static_shape_checks(tf):
    with pytest.raises(ValueError, match="must be square"):
        tf.linalg.lu_reconstruct(tf.zeros([3, 2]), tf.constant([0, 1, 2]))
    with pytest.raises(ValueError, match="rank"):
        tf.linalg.lu_reconstruct(tf.zeros([2, 2]), tf.constant([[0, 1]]))
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        tf.linalg.lu_solve(tf.eye(2), tf.constant([0, 1]), tf.ones([2]))
    with pytest.raises(ValueError, match="must equal"):
        tf.linalg.lu_solve(tf.eye(2), tf.constant([0, 1]), tf.ones([3, 1]))


def test_lu_in_function_with_unknown_batch(tf):
    @tf.function(input_signature=[tf.TensorSpec([None, 2, 2], tf.float64)])
    def inverse(x):
        lu, p = tf.linalg.lu(x)
        assert tuple(lu.shape.as_list()) == (None, 2, 2)
        assert tuple(p.shape.as_list()) == (None, 2)
        return tf.linalg.lu_matrix_inverse(lu, p), tf.linalg.lu_reconstruct(lu, p)

    x = np.array([[[0.0, 1.0], [2.0, 0.0]], [[1.0, 2.0], [3.0, 4.0]]])
    inv, reconstructed = inverse(tf.constant(x))
    _close(inv, np.linalg.inv(x))
    _close(reconstructed, x)
