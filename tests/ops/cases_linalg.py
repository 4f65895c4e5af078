"""Cases for the tf.linalg factorizations, determinants and solvers (see harness.py).

Random matrices are shifted by 3 * identity (or made x @ x^T + 3 I) so that they are well
conditioned, and the finite-difference gradients are meaningful. Singular vectors and
eigenvectors are compared with NumPy's own (same LAPACK routines, so the same signs).
"""
import numpy as np

from tensorlite.framework.dispatch import apply
from tensorlite.ops import linalg_more
from tests.ops.harness import Case, F, I, K, V

TOL = {"rtol": 1e-4, "atol": 1e-5}


def _shift(tf, x):
    """x + 3 I (x of any batch shape; 3 x 3 matrices)."""
    return x + 3 * tf.eye(3, dtype=x.dtype)


def _gram(tf, x):
    """x @ x^T + 3 I: symmetric positive definite."""
    return tf.matmul(x, x, transpose_b=True) + 3 * tf.eye(3, dtype=x.dtype)


def _np_shift(x):
    return np.asarray(x, np.float64) + 3 * np.eye(3)


def _np_gram(x):
    x = np.asarray(x, np.float64)
    return np.matmul(x, np.swapaxes(x, -1, -2)) + 3 * np.eye(3)


def _like(x, *values):
    out = [np.asarray(v).astype(x.dtype) for v in values]
    return out[0] if len(out) == 1 else out


def _tri_solve(a, b, lower=True, adjoint=False):
    a = np.tril(a) if lower else np.triu(a)
    if adjoint:
        a = np.swapaxes(a, -1, -2)
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, batch + a.shape[-2:])
    b = np.broadcast_to(b, batch + b.shape[-2:])
    return np.linalg.solve(a, b)


def _svd(x, full_matrices=False):
    u, s, vh = np.linalg.svd(np.asarray(x, np.float64), full_matrices=full_matrices)
    return _like(x, s, u, np.swapaxes(vh, -1, -2))


def _fast_ls(tf, a, b, l2):
    """The MatrixSolveLs kernel's fast path (tf.linalg.lstsq runs the composite for small
    matrices, as TF does): built directly."""
    return apply(linalg_more.MATRIX_SOLVE_LS, (a, b, l2), {"fast": True})


def _np_ls(a, b, l2):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    at = np.swapaxes(a, -1, -2)
    if a.shape[-2] >= a.shape[-1]:
        return np.linalg.solve(at @ a + l2 * np.eye(a.shape[-1]), at @ b)
    return at @ np.linalg.solve(a @ at + l2 * np.eye(a.shape[-2]), b)


CASES = [
    # ---------------------------------------------------------------- Cholesky
    Case("Cholesky", lambda tf, x: tf.linalg.cholesky(_gram(tf, x)),
         lambda x: _like(x, np.linalg.cholesky(_np_gram(x))), [F(3, 3)], grad=2, **TOL),
    Case("Cholesky", lambda tf, x: tf.linalg.cholesky(_gram(tf, x)),
         lambda x: _like(x, np.linalg.cholesky(_np_gram(x))), [F(2, 3, 3)], grad=1,
         name="batch", **TOL),
    Case("Cholesky", lambda tf, x: tf.linalg.logdet(_gram(tf, x)),
         lambda x: _like(x, np.linalg.slogdet(_np_gram(x))[1]), [F(2, 3, 3)], grad=1,
         name="logdet", **TOL),
    Case("Cholesky", lambda tf, x: tf.linalg.cholesky(x),
         lambda x: np.array([[2.0, 0.0], [1.0, 2.0 ** 0.5]], x.dtype),
         [V(np.array([[4.0, 2.0], [2.0, 3.0]], np.float32))], name="fixed", **TOL),
    Case("Cholesky", lambda tf, x, b: tf.linalg.cholesky_solve(tf.linalg.cholesky(_gram(tf, x)),
                                                               b),
         lambda x, b: _like(x, np.linalg.solve(_np_gram(x), b)), [F(2, 3, 3), F(2, 3, 2)],
         grad=1, name="cholesky_solve", **TOL),
    Case("Cholesky", lambda tf, a, b: tf.linalg.lstsq(a, b),
         lambda a, b: _like(a, np.linalg.lstsq(a.astype(np.float64), b, rcond=None)[0]),
         [F(4, 3), F(4, 2)], grad=1, name="lstsq", rtol=1e-3, atol=1e-4),
    Case("Cholesky", lambda tf, a, b: tf.linalg.lstsq(a, b, l2_regularizer=0.5),
         lambda a, b: _like(a, _np_ls(a, b, 0.5)), [F(2, 2, 3), F(2, 2, 2)], grad=1,
         name="lstsq-underdetermined", rtol=1e-3, atol=1e-4),

    # ---------------------------------------------------------------- determinants
    Case("MatrixDeterminant", lambda tf, x: tf.linalg.det(_shift(tf, x)),
         lambda x: _like(x, np.linalg.det(_np_shift(x))), [F(2, 3, 3, low=-1, high=1)],
         grad=2, **TOL),
    Case("MatrixDeterminant", lambda tf, x: tf.linalg.det(x), lambda x: np.float32(0.0),
         [V(np.array([[1.0, 2.0], [2.0, 4.0]], np.float32))], name="singular"),
    Case("LogMatrixDeterminant", lambda tf, x: list(tf.linalg.slogdet(_shift(tf, x))),
         lambda x: _like(x, *np.linalg.slogdet(_np_shift(x))),
         [F(2, 3, 3, low=-1, high=1)], grad=2, **TOL),
    Case("LogMatrixDeterminant", lambda tf, x: list(tf.linalg.slogdet(x)),
         lambda x: [np.float32(-1.0), np.float32(np.log(6.0))],
         [V(np.array([[-2.0, 0.0], [0.0, 3.0]], np.float32))], name="negative", **TOL),

    # ---------------------------------------------------------------- solvers
    Case("MatrixSolve", lambda tf, a, b: tf.linalg.solve(_shift(tf, a), b),
         lambda a, b: _like(a, np.linalg.solve(_np_shift(a), b)),
         [F(3, 3, low=-1, high=1), F(3, 2)], grad=2, **TOL),
    Case("MatrixSolve", lambda tf, a, b: tf.linalg.solve(_shift(tf, a), b, adjoint=True),
         lambda a, b: _like(a, np.linalg.solve(np.swapaxes(_np_shift(a), -1, -2), b)),
         [F(2, 3, 3, low=-1, high=1), F(2, 3, 1)], grad=1, name="adjoint-batch", **TOL),
    Case("MatrixTriangularSolve", lambda tf, a, b: tf.linalg.triangular_solve(_shift(tf, a), b),
         lambda a, b: _like(a, _tri_solve(_np_shift(a), b)),
         [F(3, 3, low=-1, high=1), F(3, 2)], grad=2, **TOL),
    Case("MatrixTriangularSolve",
         lambda tf, a, b: tf.linalg.triangular_solve(_shift(tf, a), b, lower=False,
                                                     adjoint=True),
         lambda a, b: _like(a, _tri_solve(_np_shift(a), b, lower=False, adjoint=True)),
         [F(2, 1, 3, 3, low=-1, high=1), F(4, 3, 2)], grad=1, name="upper-adjoint-broadcast",
         **TOL),
    Case("MatrixTriangularSolve", lambda tf, a, b: tf.linalg.triangular_solve(a, b),
         lambda a, b: np.array([[1.0], [-np.inf]], np.float32),
         [V(np.array([[1.0, 0.0], [2.0, 0.0]], np.float32)),
          V(np.array([[1.0], [1.0]], np.float32))], name="singular"),
    Case("MatrixSolveLs", lambda tf, a, b: tf.linalg.lstsq(a, b, fast=False),
         lambda a, b: _like(a, np.linalg.lstsq(a.astype(np.float64), b, rcond=None)[0]),
         [F(4, 3), F(4, 2)], name="complete-orthogonal", **TOL),
    Case("MatrixSolveLs", lambda tf, a, b: tf.linalg.lstsq(a, b, fast=False),
         lambda a, b: _like(a, np.linalg.pinv(a.astype(np.float64)) @ b),
         [F(2, 2, 3), F(2, 2, 1)], name="minimum-norm", **TOL),
    Case("MatrixSolveLs", lambda tf, a, b: _fast_ls(tf, a, b, 0.0),
         lambda a, b: _like(a, _np_ls(a, b, 0.0)), [F(2, 4, 3), F(2, 4, 2)], grad=1,
         name="fast-overdetermined", rtol=1e-3, atol=1e-4),
    Case("MatrixSolveLs", lambda tf, a, b: _fast_ls(tf, a, b, 0.25),
         lambda a, b: _like(a, _np_ls(a, b, 0.25)), [F(2, 3), F(2, 2)], grad=1,
         name="fast-underdetermined", rtol=1e-3, atol=1e-4),

    # ---------------------------------------------------------------- factorizations
    Case("Qr", lambda tf, x: list(tf.linalg.qr(x)),
         lambda x: _like(x, *np.linalg.qr(x.astype(np.float64))), [F(2, 4, 3)], grad=1,
         **TOL),
    Case("Qr", lambda tf, x: list(tf.linalg.qr(x)),
         lambda x: _like(x, *np.linalg.qr(x.astype(np.float64))), [F(2, 4)], grad=1,
         name="wide", **TOL),
    Case("Qr", lambda tf, x: list(tf.linalg.qr(x, full_matrices=True)),
         lambda x: _like(x, *np.linalg.qr(x.astype(np.float64), mode="complete")),
         [F(2, 3)], grad=1, name="wide-full", **TOL),
    Case("Qr", lambda tf, x: list(tf.linalg.qr(x, full_matrices=True)),
         lambda x: _like(x, *np.linalg.qr(x.astype(np.float64), mode="complete")),
         [F(4, 2)], name="deep-full", **TOL),
    Case("Svd", lambda tf, x: list(tf.linalg.svd(x)), _svd, [F(2, 4, 3)], grad=1, **TOL),
    Case("Svd", lambda tf, x: list(tf.linalg.svd(x)), _svd, [F(2, 4)], grad=1, name="wide",
         **TOL),
    Case("Svd", lambda tf, x: list(tf.linalg.svd(x)), _svd, [F(3, 3)], grad=1,
         name="square", **TOL),
    Case("Svd", lambda tf, x: list(tf.linalg.svd(x, full_matrices=True)),
         lambda x: _svd(x, full_matrices=True), [F(4, 3)], grad=1, name="full", **TOL),
    Case("Svd", lambda tf, x: tf.linalg.svd(x, compute_uv=False),
         lambda x: _like(x, np.linalg.svd(x.astype(np.float64), compute_uv=False)),
         [F(2, 3, 4)], grad=2, name="values", **TOL),
    Case("SelfAdjointEigV2", lambda tf, x: list(tf.linalg.eigh(x)),
         lambda x: _like(x, *np.linalg.eigh(x.astype(np.float64), UPLO="L")),
         [F(2, 3, 3)], grad=1, **TOL),
    Case("SelfAdjointEigV2", lambda tf, x: tf.linalg.eigvalsh(x),
         lambda x: _like(x, np.linalg.eigvalsh(x.astype(np.float64), UPLO="L")),
         [F(3, 3)], grad=2, name="values", **TOL),

    # ---------------------------------------------------------------- band part
    Case("MatrixBandPart", lambda tf, x: tf.linalg.band_part(x, 1, 0),
         lambda x: np.tril(x) - np.tril(x, -2), [F(2, 3, 4)], grad=2),
    Case("MatrixBandPart", lambda tf, x: tf.linalg.band_part(x, -1, 0), np.tril,
         [F(4, 3)], grad=1, name="lower"),
    Case("MatrixBandPart", lambda tf, x, lo, hi: tf.linalg.band_part(x, lo, hi),
         lambda x, lo, hi: np.triu(x) - np.triu(x, 3), [I(3, 4), K(0), K(2)], name="int"),

    # ---------------------------------------------------------------- set_diag, cross
    Case("MatrixSetDiagV3", lambda tf, x, d: tf.linalg.set_diag(x, d),
         lambda x, d: _np_set_diag(x, d, 0), [F(2, 3, 4), F(2, 3)], grad=2),
    Case("MatrixSetDiagV3", lambda tf, x, d: tf.linalg.set_diag(x, d, k=-1),
         lambda x, d: _np_set_diag(x, d, -1), [F(4, 3), F(3)], grad=1, name="k-below"),
    Case("MatrixSetDiagV3", lambda tf, x, d: tf.compat.v1.matrix_set_diag(x, d, k=2),
         lambda x, d: _np_set_diag(x, d, 2), [I(2, 3, 4), I(2, 2)], name="int-k-above"),
    Case("Cross", lambda tf, a, b: tf.linalg.cross(a, b), np.cross, [F(2, 4, 3), F(2, 4, 3)],
         grad=2),
    Case("Cross", lambda tf, a, b: tf.linalg.cross(a, b), np.cross, [I(3), I(3)],
         name="int"),
]


def _np_set_diag(x, d, k):
    out = np.array(x)
    steps = np.arange(d.shape[-1])
    out[..., steps + max(-k, 0), steps + max(k, 0)] = d
    return out


# ---------------------------------------------------------------- Lu

def _np_lu(x):
    """Partial-pivoting LU, one matrix at a time (the first row of largest |pivot|): the
    reference for the Lu kernel's vectorized loop."""
    x = np.asarray(x)
    lus, perms = np.array(x), np.zeros(x.shape[:-1], np.int32)
    for index in np.ndindex(*x.shape[:-2]):
        a, perm = np.array(x[index]), list(range(x.shape[-1]))
        for k in range(a.shape[0]):
            pivot = k + int(np.argmax(np.abs(a[k:, k])))
            a[[k, pivot]] = a[[pivot, k]]
            perm[k], perm[pivot] = perm[pivot], perm[k]
            a[k + 1:, k] /= a[k, k]
            a[k + 1:, k + 1:] -= np.outer(a[k + 1:, k], a[k, k + 1:])
        lus[index], perms[index] = a, perm
    return lus, perms


def _np_unpack(lower_upper, perm):
    """P^T @ L @ U."""
    lower_upper = np.asarray(lower_upper, np.float64)
    lower = np.tril(lower_upper, -1) + np.eye(lower_upper.shape[-1])
    x = lower @ np.triu(lower_upper)
    return np.take_along_axis(x, np.argsort(perm)[..., None], axis=-2)


PERM = V(np.array([[2, 0, 1], [1, 2, 0]], np.int32))

CASES += [
    Case("Lu", lambda tf, x: list(tf.linalg.lu(x)), _np_lu, [F(2, 4, 4)], **TOL),
    Case("Lu", lambda tf, x: list(tf.linalg.lu(x, output_idx_type=tf.int64)),
         lambda x: [_np_lu(x)[0], _np_lu(x)[1].astype(np.int64)], [F(3, 3, dtype="float64")],
         name="int64"),
    Case("Lu", lambda tf, x: tf.linalg.lu_reconstruct(*tf.linalg.lu(x)), lambda x: x,
         [F(2, 3, 3)], name="reconstruct-roundtrip", **TOL),
    Case("Lu", lambda tf, lu, p: tf.linalg.lu_reconstruct(lu, p),
         lambda lu, p: _like(lu, _np_unpack(lu, p)), [F(2, 3, 3), PERM], grad=2,
         name="reconstruct", **TOL),
    Case("Lu", lambda tf, lu, p, b: tf.linalg.lu_solve(_shift(tf, lu), p, b),
         lambda lu, p, b: _like(lu, np.linalg.solve(_np_unpack(_np_shift(lu), p), b)),
         [F(2, 3, 3, low=-1, high=1), PERM, F(4, 1, 3, 2)], grad=1, name="solve-broadcast",
         **TOL),
    Case("Lu", lambda tf, x, b: tf.linalg.lu_solve(*tf.linalg.lu(x), b),
         lambda x, b: _like(x, np.linalg.solve(_np_shift(x) - 3 * np.eye(3), b)),
         [F(3, 3), F(3, 2)], name="solve-matrix", rtol=1e-3, atol=1e-4),
    Case("Lu", lambda tf, lu, p: tf.linalg.lu_matrix_inverse(_shift(tf, lu), p),
         lambda lu, p: _like(lu, np.linalg.inv(_np_unpack(_np_shift(lu), p))),
         [F(2, 3, 3, low=-1, high=1), PERM], grad=1, name="matrix-inverse", **TOL),
]
