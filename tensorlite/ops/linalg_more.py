"""More of `tf.linalg`: Cholesky, MatrixDeterminant, LogMatrixDeterminant, MatrixSolve,
MatrixTriangularSolve, MatrixSolveLs, Qr, Svd, SelfAdjointEigV2, Lu and MatrixBandPart, with
the composites TF builds on them (logdet, cholesky_solve, lstsq, eigvalsh, lu_solve, ...).
Kernel, shape rule, gradient and wrapper side by side; NumPy's LAPACK routines are the
kernels. The gradients are TF's (python/ops/linalg_grad.py), written with public ops.
"""
import collections

import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import (array_manip, array_ops, gather_scatter, linalg_ops, math_ops,
                            math_unary, reductions, shape_util)
from tensorlite.ops.math_ops import matmul
from tensorlite.ops.nn_ops import l2_normalize  # noqa: F401  (tf.linalg.l2_normalize)
from tensorlite.framework.errors import invalid_argument as _invalid

__all__ = ["cholesky", "det", "slogdet", "logdet", "solve", "triangular_solve", "lstsq",
           "qr", "svd", "eigh", "eigvalsh", "band_part", "cholesky_solve", "set_diag", "cross",
           "matvec", "normalize", "l2_normalize", "matrix_rank", "pinv", "expm", "lu",
           "lu_reconstruct", "lu_solve", "lu_matrix_inverse"]

FLOATS = (_dtypes.float16, _dtypes.float32, _dtypes.float64)
COMPLEX = _dtypes.COMPLEX_TYPES
LINALG_TYPES = FLOATS + COMPLEX
# TF's MatrixTriangularSolve also takes bfloat16 (when this NumPy has it).
TRIANGULAR_TYPES = LINALG_TYPES + tuple(t for t in _dtypes.FLOATING_TYPES if t not in FLOATS)
_LAPACK_DTYPES = (np.float32, np.float64, np.complex64, np.complex128)


def _dims_text(dims):
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


def _lapack(x):
    """x in a dtype LAPACK takes: half precision is computed in float32 (NumPy's linalg
    has no float16), and the result cast back by the caller."""
    return x if x.dtype.type in _LAPACK_DTYPES else x.astype(np.float32)


def _check_matrices(x, square=True, index=0):
    """TF's LinearAlgebraOp input checks."""
    if x.ndim < 2:
        raise _invalid(f"Input tensor {index} must have rank >= 2, got {x.ndim}")
    if square and x.shape[-1] != x.shape[-2]:
        raise _invalid("Input matrix must be square.")


def _check_same_batch(matrix, rhs):
    """MatrixSolve and MatrixSolveLs do not broadcast their batch dimensions."""
    if matrix.ndim != rhs.ndim:
        raise _invalid("All input tensors must have the same rank.")
    if matrix.shape[:-2] != rhs.shape[:-2]:
        raise _invalid("All input tensors must have the same outer dimensions.")
    if matrix.shape[-2] != rhs.shape[-2]:
        raise _invalid("Input matrix and rhs are incompatible.")


def _adjoint_array(x):
    return np.conj(np.swapaxes(x, -1, -2))


# ------------------------------------------------------------------ static shape rules

def _matrix_dims(shape, what="Shape"):
    """(batch dims, rows, cols) of a static shape of rank >= 2; None for unknown rank."""
    if shape.rank is None:
        return None
    if shape.rank < 2:
        raise ValueError(f"{what} must be at least rank 2 but is rank {shape.rank}")
    dims = shape.as_list()
    return dims[:-2], dims[-2], dims[-1]


def _square_dims(shape):
    dims = _matrix_dims(shape)
    if dims is None:
        return None
    batch, rows, cols = dims
    return batch, shape_util.merge_dims(cols, rows)   # TF names the columns first


def _square_shape(inputs, attrs):
    dims = _square_dims(inputs[0].shape)
    if dims is None:
        return shape_util.UNKNOWN
    batch, n = dims
    return TensorShape(tuple(batch) + (n, n))


def _batch_shape(inputs, attrs):
    dims = _square_dims(inputs[0].shape)
    return shape_util.UNKNOWN if dims is None else TensorShape(tuple(dims[0]))


def _merge_batches(a, b):
    """Batch dims that must be equal (MatrixSolve), as TF's shape function merges them."""
    if len(a) != len(b):
        raise ValueError(f"Shapes must be equal rank, but are {len(a)} and {len(b)}")
    merged = []
    for i, (x, y) in enumerate(zip(a, b)):
        if x is not None and y is not None and x != y:
            raise ValueError(f"Dimension {i} in both shapes must be equal, but are {x} and "
                             f"{y}. Shapes are {_dims_text(a)} and {_dims_text(b)}.")
        merged.append(x if x is not None else y)
    return merged


def _solve_shape(inputs, attrs):
    matrix, rhs = _square_dims(inputs[0].shape), _matrix_dims(inputs[1].shape)
    if rhs is None:
        return shape_util.UNKNOWN
    if matrix is None:
        return inputs[1].shape
    rows = shape_util.merge_dims(matrix[1], rhs[1])
    return TensorShape(tuple(_merge_batches(matrix[0], rhs[0])) + (rows, rhs[2]))


def _triangular_solve_shape(inputs, attrs):
    matrix, rhs = _square_dims(inputs[0].shape), _matrix_dims(inputs[1].shape)
    if matrix is None or rhs is None:
        return shape_util.UNKNOWN
    batch = shape_util.broadcast(TensorShape(tuple(matrix[0])), TensorShape(tuple(rhs[0])))
    rows = shape_util.merge_dims(matrix[1], rhs[1])
    return batch.concatenate(TensorShape((rows, rhs[2])))


def _solve_ls_shape(inputs, attrs):
    matrix, rhs = _matrix_dims(inputs[0].shape), _matrix_dims(inputs[1].shape)
    if rhs is None:
        return shape_util.UNKNOWN
    if matrix is None:
        return TensorShape(tuple(rhs[0]) + (None, rhs[2]))
    shape_util.merge_dims(matrix[1], rhs[1])
    return TensorShape(tuple(_merge_batches(matrix[0], rhs[0])) + (matrix[2], rhs[2]))


def _small(rows, cols):
    return None if rows is None or cols is None else min(rows, cols)


# ------------------------------------------------------------------ Cholesky

def _cholesky_array(x):
    """Lower Cholesky factors; a matrix that is not positive definite gets NaN in its lower
    triangle, as TF's CPU kernel (2.21) returns it rather than raising."""
    try:
        return np.linalg.cholesky(x)
    except np.linalg.LinAlgError:
        pass
    out = np.zeros_like(x)
    lower = np.tril(np.ones(x.shape[-2:], dtype=bool))
    for index in np.ndindex(*x.shape[:-2]):
        try:
            out[index] = np.linalg.cholesky(x[index])
        except np.linalg.LinAlgError:
            out[index][lower] = np.nan
    return out


def _cholesky_kernel(input):
    _check_matrices(input)
    return _cholesky_array(_lapack(input)).astype(input.dtype, copy=False)


def _identity_like(matrix):
    """A batch of identities shaped like a batch of square matrices (shape known at run
    time only)."""
    return linalg_ops.diag(array_manip.ones_like(linalg_ops.diag_part(matrix)))


def _cholesky_grad(op, grad):
    # TF's rule: l^{-H} @ ((l^H @ grad) * (tril(ones) - eye / 2)) @ l^{-1}, symmetrized.
    chol = op.outputs[0]
    chol_inverse = triangular_solve(chol, _identity_like(chol))
    middle = matmul(chol, grad, adjoint_a=True)
    middle = middle - 0.5 * linalg_ops.diag(linalg_ops.diag_part(middle))
    middle = band_part(middle, -1, 0)
    grad_a = matmul(matmul(chol_inverse, middle, adjoint_a=True), chol_inverse)
    return [(grad_a + linalg_ops.adjoint(grad_a)) * 0.5]


CHOLESKY = register(OpDef("Cholesky", _cholesky_kernel, _square_shape, _cholesky_grad,
                          inputs=("input: T",), outputs=("T",),
                          type_attrs={"T": LINALG_TYPES}))


def cholesky(input, name=None):
    """The lower Cholesky factor of each innermost matrix (only its lower triangle is read).

    A matrix that is not positive definite gives NaNs, as TF 2.21's CPU kernel does.
    """
    return apply(CHOLESKY, (input,), name=name or "Cholesky")


# ------------------------------------------------------------------ determinants

def _det_kernel(input):
    _check_matrices(input)
    return np.asarray(np.linalg.det(_lapack(input))).astype(input.dtype, copy=False)


def _slogdet_kernel(input):
    _check_matrices(input)
    sign, log_abs = np.linalg.slogdet(_lapack(input))
    return (np.asarray(sign).astype(input.dtype, copy=False),
            np.asarray(log_abs).astype(input.dtype, copy=False))


def _matrix_axes(tensor):
    """`tensor` with two trailing unit axes: it scales each matrix of a batch."""
    return array_manip.expand_dims(array_manip.expand_dims(tensor, -1), -1)


def _det_grad(op, grad):
    determinant = op.outputs[0]
    return [_matrix_axes(grad * determinant) * linalg_ops.inv(op.inputs[0], adjoint=True)]


def _slogdet_grad(op, grad_sign, grad_log_abs):
    # The sign is piecewise constant: only the log-determinant carries a gradient.
    return [_matrix_axes(grad_log_abs) * linalg_ops.inv(op.inputs[0], adjoint=True)]


def _slogdet_shape(inputs, attrs):
    shape = _batch_shape(inputs, attrs)
    return [shape, shape]


MATRIX_DETERMINANT = register(OpDef(
    "MatrixDeterminant", _det_kernel, _batch_shape, _det_grad, inputs=("input: T",),
    outputs=("T",), type_attrs={"T": LINALG_TYPES}))
LOG_MATRIX_DETERMINANT = register(OpDef(
    "LogMatrixDeterminant", _slogdet_kernel, _slogdet_shape, _slogdet_grad,
    inputs=("input: T",), outputs=("T", "T"), type_attrs={"T": LINALG_TYPES}))

_LogMatrixDeterminant = collections.namedtuple("LogMatrixDeterminant",
                                               ["sign", "log_abs_determinant"])


def det(input, name=None):
    """The determinant of each innermost matrix."""
    return apply(MATRIX_DETERMINANT, (input,), name=name or "MatrixDeterminant")


def slogdet(input, name=None):
    """(sign, log |determinant|) of each innermost matrix, as TF's namedtuple."""
    sign, log_abs = apply(LOG_MATRIX_DETERMINANT, (input,),
                          name=name or "LogMatrixDeterminant")
    return _LogMatrixDeterminant(sign, log_abs)


def _real(x):
    """The real part (TF's math.real), by a complex-to-real Cast, which keeps it."""
    return math_ops.cast(x, x.dtype.real_dtype) if x.dtype.is_complex else x


def logdet(matrix, name=None):
    """log(det(matrix)) of Hermitian positive-definite matrices, through their Cholesky
    factors as TF computes it."""
    with name_scope(name, "logdet", [matrix]):
        chol = cholesky(matrix)
        return 2.0 * math_ops.reduce_sum(
            math_unary.log(_real(linalg_ops.diag_part(chol))), axis=[-1])


# ------------------------------------------------------------------ MatrixSolve

def _solve_kernel(matrix, rhs, adjoint=False):
    _check_matrices(matrix)
    _check_matrices(rhs, square=False, index=1)
    _check_same_batch(matrix, rhs)
    a = _lapack(matrix)
    if adjoint:
        a = _adjoint_array(a)
    try:
        result = np.linalg.solve(a, _lapack(rhs))
    except np.linalg.LinAlgError:
        raise _invalid("Input matrix is not invertible.") from None
    return result.astype(rhs.dtype, copy=False)


def _solve_grad(op, grad):
    matrix, adjoint_a, solution = op.inputs[0], op.get_attr("adjoint"), op.outputs[0]
    grad_rhs = solve(matrix, grad, adjoint=not adjoint_a)
    if adjoint_a:
        grad_matrix = -matmul(solution, grad_rhs, adjoint_b=True)
    else:
        grad_matrix = -matmul(grad_rhs, solution, adjoint_b=True)
    return [grad_matrix, grad_rhs]


MATRIX_SOLVE = register(OpDef(
    "MatrixSolve", _solve_kernel, _solve_shape, _solve_grad,
    inputs=("matrix: T", "rhs: T"), outputs=("T",), type_attrs={"T": LINALG_TYPES},
    default_attrs={"adjoint": False}))


def solve(matrix, rhs, adjoint=False, name=None):
    """X with matrix @ X = rhs (adjoint(matrix) @ X = rhs with adjoint=True); batch
    dimensions must match (no broadcasting, as in TF)."""
    return apply(MATRIX_SOLVE, (matrix, rhs), {"adjoint": bool(adjoint)},
                 name=name or "MatrixSolve")


# ------------------------------------------------------------------ MatrixTriangularSolve

def _substitute(a, b, lower):
    """Solve a @ x = b for triangular a, row by row (LAPACK's trtrs, vectorized over the
    batch): NumPy has no triangular solver, and a zero on the diagonal must give inf/NaN as
    TF's does, not an error."""
    x = np.zeros(np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + b.shape[-2:],
                 dtype=np.result_type(a, b))
    rows = range(a.shape[-1]) if lower else reversed(range(a.shape[-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in rows:
            # Rows not solved yet are zero in x, so the full row product sums the solved ones.
            done = np.matmul(a[..., i:i + 1, :], x)[..., 0, :]
            x[..., i, :] = (b[..., i, :] - done) / a[..., i, i][..., None]
    return x


def _triangular_solve_kernel(matrix, rhs, lower=True, adjoint=False):
    _check_matrices(matrix)
    _check_matrices(rhs, square=False, index=1)
    try:
        np.broadcast_shapes(matrix.shape[:-2], rhs.shape[:-2])
    except ValueError:
        raise _invalid(f"In[0] and In[1] must have compatible batch dimensions: "
                       f"{_dims_text(matrix.shape)} vs. {_dims_text(rhs.shape)}") from None
    if matrix.shape[-1] != rhs.shape[-2]:
        raise _invalid("Input matrix and rhs are incompatible.")
    a = _lapack(matrix)
    # Only the named triangle is read: the other one may hold anything.
    a = np.tril(a) if lower else np.triu(a)
    if adjoint:
        a, lower = _adjoint_array(a), not lower
    return _substitute(a, _lapack(rhs), lower).astype(rhs.dtype, copy=False)


def _triangular_solve_grad(op, grad):
    matrix, rhs = op.inputs
    adjoint_a, lower_a = op.get_attr("adjoint"), op.get_attr("lower")
    solution = op.outputs[0]
    grad_rhs = triangular_solve(matrix, grad, lower=lower_a, adjoint=not adjoint_a)
    if adjoint_a:
        grad_matrix = -matmul(solution, grad_rhs, adjoint_b=True)
    else:
        grad_matrix = -matmul(grad_rhs, solution, adjoint_b=True)
    grad_matrix = band_part(grad_matrix, -1, 0) if lower_a else band_part(grad_matrix, 0, -1)
    if matrix.shape.is_fully_defined() and rhs.shape.is_fully_defined() and \
            matrix.shape[:-2] == rhs.shape[:-2]:
        return [grad_matrix, grad_rhs]
    # Batch dimensions broadcast in the forward op: sum the gradients back over them.
    matrix_shape, rhs_shape = array_ops.shape(matrix), array_ops.shape(rhs)
    reduce_matrix, reduce_rhs = math_ops.broadcast_gradient_args(matrix_shape[:-2],
                                                                 rhs_shape[:-2])
    grad_matrix = array_ops.reshape(math_ops.reduce_sum(grad_matrix, axis=reduce_matrix),
                                    matrix_shape)
    grad_rhs = array_ops.reshape(math_ops.reduce_sum(grad_rhs, axis=reduce_rhs), rhs_shape)
    return [grad_matrix, grad_rhs]


MATRIX_TRIANGULAR_SOLVE = register(OpDef(
    "MatrixTriangularSolve", _triangular_solve_kernel, _triangular_solve_shape,
    _triangular_solve_grad, inputs=("matrix: T", "rhs: T"), outputs=("T",),
    type_attrs={"T": TRIANGULAR_TYPES}, default_attrs={"lower": True, "adjoint": False}))


def triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """X with matrix @ X = rhs for triangular matrices (batch dimensions broadcast)."""
    with name_scope(name, "triangular_solve", [matrix, rhs]):
        return apply(MATRIX_TRIANGULAR_SOLVE, (matrix, rhs),
                     {"lower": bool(lower), "adjoint": bool(adjoint)},
                     name="MatrixTriangularSolve")


def cholesky_solve(chol, rhs, name=None):
    """X with A @ X = rhs, given A's Cholesky factor `chol` (two triangular solves)."""
    with name_scope(name, "cholesky_solve", [chol, rhs]):
        half = apply(MATRIX_TRIANGULAR_SOLVE, (chol, rhs), {"lower": True, "adjoint": False},
                     name="MatrixTriangularSolve")
        return apply(MATRIX_TRIANGULAR_SOLVE, (chol, half), {"lower": True, "adjoint": True},
                     name="MatrixTriangularSolve")


# ------------------------------------------------------------------ MatrixSolveLs

def _gramian_cholesky_array(a, l2_regularizer, first_kind):
    gramian = np.matmul(_adjoint_array(a), a) if first_kind else np.matmul(a, _adjoint_array(a))
    if l2_regularizer:
        gramian = gramian + l2_regularizer * np.eye(gramian.shape[-1], dtype=gramian.dtype)
    return _cholesky_array(gramian)


def _solve_ls_kernel(matrix, rhs, l2_regularizer, fast=True):
    _check_matrices(matrix, square=False)
    _check_matrices(rhs, square=False, index=1)
    _check_same_batch(matrix, rhs)
    a, b = _lapack(matrix), _lapack(rhs)
    if not fast:
        # TF's complete orthogonal decomposition: the minimum-norm least-squares solution
        # (l2_regularizer is ignored, as TF documents).
        out = np.zeros(a.shape[:-2] + (a.shape[-1], b.shape[-1]), dtype=a.dtype)
        for index in np.ndindex(*a.shape[:-2]):
            out[index] = np.linalg.lstsq(a[index], b[index], rcond=None)[0]
        return out.astype(rhs.dtype, copy=False)
    # The normal equations through a Cholesky factorization, as TF's fast path.
    l2 = float(l2_regularizer)
    if a.shape[-2] >= a.shape[-1]:
        chol = _gramian_cholesky_array(a, l2, first_kind=True)
        rhs_n = np.matmul(_adjoint_array(a), b)
        half = _substitute(chol, rhs_n, lower=True)
        out = _substitute(_adjoint_array(chol), half, lower=False)
    else:
        chol = _gramian_cholesky_array(a, l2, first_kind=False)
        half = _substitute(chol, b, lower=True)
        out = np.matmul(_adjoint_array(a), _substitute(_adjoint_array(chol), half, lower=False))
    return out.astype(rhs.dtype, copy=False)


def _gramian_cholesky(matrix, l2_regularizer, first_kind):
    """TF's _RegularizedGramianCholesky: chol(A^H A + l2 I), or chol(A A^H + l2 I)."""
    gramian = matmul(matrix, matrix, adjoint_a=first_kind, adjoint_b=not first_kind)
    if isinstance(l2_regularizer, Tensor) or l2_regularizer != 0:
        gramian += l2_regularizer * _identity_like(gramian)
    return cholesky(gramian)


def _solve_ls_grad(op, grad):
    if not op.get_attr("fast"):
        raise ValueError("Gradient not defined for fast=False")
    a, b = op.inputs[0], op.inputs[1]
    l2 = math_ops.cast(op.inputs[2], a.dtype)

    def overdetermined():
        # X = (A^H A + l2 I)^{-1} A^H B.
        chol = _gramian_cholesky(a, l2, first_kind=True)
        z = cholesky_solve(chol, grad)
        xzt = matmul(op.outputs[0], z, adjoint_b=True)
        zx_sym = xzt + linalg_ops.matrix_transpose(xzt)
        return [-matmul(a, zx_sym) + matmul(b, z, adjoint_b=True), matmul(a, z), None]

    def underdetermined():
        # X = A^H (A A^H + l2 I)^{-1} B.
        chol = _gramian_cholesky(a, l2, first_kind=False)
        grad_b = cholesky_solve(chol, matmul(a, grad))
        tmp = cholesky_solve(chol, b)
        a1 = -matmul(grad_b, matmul(tmp, a, adjoint_a=True))
        a2 = matmul(tmp, grad - matmul(a, grad_b, adjoint_a=True), adjoint_b=True)
        return [a1 + a2, grad_b, None]

    return _by_matrix_shape(a, overdetermined, underdetermined)[:2] + [None]


def _by_matrix_shape(matrix, overdetermined, underdetermined):
    """TF's choice between the two normal equations: statically when the matrix shape is
    known, else by a tf.cond on its run-time shape."""
    rows, cols = (matrix.shape.as_list()[-2:] if matrix.shape.rank is not None
                  else (None, None))
    if rows is not None and cols is not None:
        return overdetermined() if rows >= cols else underdetermined()
    from tensorlite.ops import control_flow
    shape = array_ops.shape(matrix)
    result = control_flow.cond(shape[-2] >= shape[-1],
                               lambda: [t for t in overdetermined() if t is not None],
                               lambda: [t for t in underdetermined() if t is not None])
    return list(result) if isinstance(result, (list, tuple)) else [result]


MATRIX_SOLVE_LS = register(OpDef(
    "MatrixSolveLs", _solve_ls_kernel, _solve_ls_shape, _solve_ls_grad,
    inputs=("matrix: T", "rhs: T", "l2_regularizer: float64"), outputs=("T",),
    type_attrs={"T": LINALG_TYPES}, default_attrs={"fast": True}))

# TF's guess of the L2 cache size: above it, with many small matrices, its matrix_solve_ls
# runs the MatrixSolveLs kernel rather than the composite.
_L2_CACHE_SIZE_GUESSTIMATE = 256000


def _use_composite(fast, matrix):
    if fast is False:
        return False
    shape = matrix.shape
    if not shape.is_fully_defined():
        return True
    dims = shape.as_list()
    size = int(np.prod(dims)) * matrix.dtype.size
    io_bound = int(np.prod(dims[:-2])) > min(dims[-2:])
    return not (size > _L2_CACHE_SIZE_GUESSTIMATE and io_bound)


def lstsq(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """Least-squares solutions of matrix @ X = rhs, by TF's composite (normal equations
    through Cholesky) when fast, else the MatrixSolveLs kernel (minimum norm)."""
    matrix = convert_to_tensor(matrix, name="matrix")
    if matrix.dtype == _dtypes.complex128 and l2_regularizer != 0:
        raise NotImplementedError("matrix_solve_ls is currently disabled for complex128 and "
                                  "l2_regularizer != 0 due to poor accuracy.")
    if not _use_composite(fast, matrix):
        return apply(MATRIX_SOLVE_LS, (matrix, rhs, l2_regularizer), {"fast": bool(fast)},
                     name=name or "MatrixSolveLs")
    with name_scope(name, "matrix_solve_ls", [matrix, rhs, l2_regularizer]):
        rhs = convert_to_tensor(rhs, dtype_hint=matrix.dtype, name="rhs")

        def overdetermined():
            chol = _gramian_cholesky(matrix, l2_regularizer, first_kind=True)
            return [cholesky_solve(chol, matmul(matrix, rhs, adjoint_a=True))]

        def underdetermined():
            chol = _gramian_cholesky(matrix, l2_regularizer, first_kind=False)
            return [matmul(matrix, cholesky_solve(chol, rhs), adjoint_a=True)]

        return _by_matrix_shape(matrix, overdetermined, underdetermined)[0]


# ------------------------------------------------------------------ Qr

def _qr_kernel(input, full_matrices=False):
    _check_matrices(input, square=False)
    q, r = np.linalg.qr(_lapack(input), mode="complete" if full_matrices else "reduced")
    return q.astype(input.dtype, copy=False), r.astype(input.dtype, copy=False)


def _qr_shape(inputs, attrs):
    dims = _matrix_dims(inputs[0].shape)
    if dims is None:
        return [shape_util.UNKNOWN, shape_util.UNKNOWN]
    batch, rows, cols = dims
    inner = rows if attrs.get("full_matrices") else _small(rows, cols)
    return [TensorShape(tuple(batch) + (rows, inner)),
            TensorShape(tuple(batch) + (inner, cols))]


def _qr_grad(op, dq, dr):
    # TF's rule (arXiv:2009.10071): square and deep matrices directly, wide ones reduced
    # to the square case by partitioning a = [x, y].
    q, r = op.outputs
    if r.shape.rank is None or None in r.shape.as_list()[-2:]:
        raise NotImplementedError("QrGrad not implemented with dynamic shapes. "
                                  f"Received r.shape: {r.shape}")
    rows_r, cols_r = r.shape.as_list()[-2:]
    rows_q, cols_q = q.shape.as_list()[-2:]
    if rows_r > cols_r and rows_q == cols_q:
        raise NotImplementedError("QrGrad not implemented when nrows > ncols and "
                                  f"full_matrices is true. Received r.shape={r.shape} with "
                                  f"nrows={rows_r}and ncols={cols_r}.")

    def upper_solve(x, upper):
        """x @ inverse(upper)^H, for upper-triangular `upper`."""
        return linalg_ops.adjoint(triangular_solve(upper, linalg_ops.adjoint(x), lower=False))

    def square_and_deep(q, r, dq, dr):
        qdq = matmul(q, dq, adjoint_a=True)
        qdq_ = qdq - linalg_ops.adjoint(qdq)
        rdr = matmul(r, dr, adjoint_b=True)
        rdr_ = rdr - linalg_ops.adjoint(rdr)
        tril = band_part(qdq_ + rdr_, -1, 0)
        result = matmul(q, dr + upper_solve(tril, r)) + upper_solve(dq - matmul(q, qdq), r)
        if q.dtype.is_complex:
            # The correction TF adds for complex matrices: the imaginary part of diag(m).
            m = rdr - linalg_ops.adjoint(qdq)
            eyem = linalg_ops.diag(linalg_ops.diag_part(m))
            correction = eyem - math_ops.cast(_real(eyem), q.dtype)
            result = result + upper_solve(matmul(q, linalg_ops.adjoint(correction)), r)
        return result

    if rows_q >= cols_r:
        return [square_and_deep(q, r, dq, dr)]
    a = op.inputs[0]
    y = a[..., :, rows_q:]
    u = r[..., :, :rows_q]
    dv = dr[..., :, rows_q:]
    du = dr[..., :, :rows_q]
    dy = matmul(q, dv)
    dx = square_and_deep(q, u, dq + matmul(y, dv, adjoint_b=True), du)
    return [array_manip.concat([dx, dy], axis=-1)]


QR = register(OpDef("Qr", _qr_kernel, _qr_shape, _qr_grad, inputs=("input: T",),
                    outputs=("T", "T"), type_attrs={"T": LINALG_TYPES},
                    default_attrs={"full_matrices": False}))

_Qr = collections.namedtuple("Qr", ["q", "r"])


def qr(input, full_matrices=False, name=None):
    """(q, r) of each innermost matrix, as TF's namedtuple."""
    q, r = apply(QR, (input,), {"full_matrices": bool(full_matrices)}, name=name or "Qr")
    return _Qr(q, r)


# ------------------------------------------------------------------ Svd

def _svd_kernel(input, compute_uv=True, full_matrices=False):
    _check_matrices(input, square=False)
    a = _lapack(input)
    if not compute_uv:
        s = np.linalg.svd(a, compute_uv=False)
        empty = np.zeros((0,), dtype=input.dtype)
        return s.astype(input.dtype), empty, empty
    u, s, vh = np.linalg.svd(a, full_matrices=full_matrices)
    # TF returns v, not NumPy's v^H.
    return (s.astype(input.dtype), u.astype(input.dtype, copy=False),
            _adjoint_array(vh).astype(input.dtype, copy=False))


def _svd_shape(inputs, attrs):
    dims = _matrix_dims(inputs[0].shape)
    compute_uv = attrs.get("compute_uv", True)
    # Without compute_uv, u and v are placeholders TF shapes [0].
    empty = TensorShape((0,))
    if dims is None:
        return [shape_util.UNKNOWN] + ([shape_util.UNKNOWN] * 2 if compute_uv else [empty] * 2)
    batch, rows, cols = dims
    small = _small(rows, cols)
    s = TensorShape(tuple(batch) + (small,))
    if not compute_uv:
        return [s, empty, empty]
    full = attrs.get("full_matrices", False)
    return [s, TensorShape(tuple(batch) + (rows, rows if full else small)),
            TensorShape(tuple(batch) + (cols, cols if full else small))]


def _safe_reciprocal(x, epsilon=1e-20):
    """TF's Lorentz-broadened 1/x: no NaN where singular values or eigenvalues repeat."""
    return x * math_unary.reciprocal(x * x + epsilon)


def _zero_diagonal(x):
    return x - linalg_ops.diag(linalg_ops.diag_part(x))


def _svd_grad(op, grad_s, grad_u, grad_v):
    # TF's rule (Giles; Townsend for full_matrices=False; complex per Liu), including its
    # limits: static inner dimensions, and |m - n| <= 1 with full_matrices.
    a = op.inputs[0]
    grad_s = math_ops.cast(grad_s, a.dtype)
    grad_s_mat = linalg_ops.diag(grad_s)
    if not op.get_attr("compute_uv"):
        s, u, v = svd(a, compute_uv=True)
        return [matmul(u, matmul(grad_s_mat, v, adjoint_b=True))]
    full_matrices = op.get_attr("full_matrices")
    dims = a.shape.as_list()[-2:] if a.shape.rank is not None else [None, None]
    if a.shape.rank is not None:
        dims = [shape_util.merge_dims(dims[0], _dim(grad_u, -2)),
                shape_util.merge_dims(dims[1], _dim(grad_v, -2))]
    m, n = dims
    if m is None or n is None:
        raise NotImplementedError("SVD gradient has not been implemented for input with "
                                  "unknown inner matrix shape.")
    s, u, v = op.outputs
    s = math_ops.cast(s, a.dtype)
    use_adjoint = m > n
    if use_adjoint:
        # The gradient of A^H = V S U^H, transposed back at the end.
        m, n = n, m
        u, v = v, u
        grad_u, grad_v = grad_v, grad_u
    if full_matrices and abs(m - n) > 1:
        raise NotImplementedError("svd gradient is not implemented for abs(m - n) > 1 when "
                                  f"full_matrices is True. Received: m={m} and n={n} from "
                                  f"op input={a} with shape={a.shape}.")
    s_mat = linalg_ops.diag(s)
    s2 = s * s
    f = _zero_diagonal(_safe_reciprocal(array_manip.expand_dims(s2, -2) -
                                        array_manip.expand_dims(s2, -1)))
    s_inv_mat = linalg_ops.diag(_safe_reciprocal(s))
    v1 = v[..., :, :m]
    grad_v1 = grad_v[..., :, :m]
    u_gu = matmul(u, grad_u, adjoint_a=True)
    v_gv = matmul(v1, grad_v1, adjoint_a=True)
    f_u = f * u_gu
    f_v = f * v_gv
    term1_nouv = (grad_s_mat + matmul(f_u + linalg_ops.adjoint(f_u), s_mat) +
                  matmul(s_mat, f_v + linalg_ops.adjoint(f_v)))
    result = matmul(u, matmul(term1_nouv, v1, adjoint_b=True))
    if m != n:
        gv1t = linalg_ops.matrix_transpose(grad_v1, conjugate=True)
        term2_nous = gv1t - matmul(matmul(gv1t, v1), v1, adjoint_b=True)
        if full_matrices:
            v2 = v[..., :, m:n]
            grad_v2 = grad_v[..., :, m:n]
            term2_nous -= matmul(matmul(v1, grad_v2, adjoint_a=True), v2, adjoint_b=True)
        result = result + matmul(matmul(u, s_inv_mat), term2_nous)
    if a.dtype.is_complex:
        eye = linalg_ops.diag(array_manip.ones_like(s))
        l = eye * v_gv  # noqa: E741 (TF's name)
        term3_nouv = matmul(s_inv_mat, linalg_ops.adjoint(l) - l)
        result = result + 0.5 * matmul(u, matmul(term3_nouv, v1, adjoint_b=True))
    return [linalg_ops.matrix_transpose(result, conjugate=True) if use_adjoint else result]


def _dim(tensor, axis):
    shape = tensor.shape
    return None if shape.rank is None or shape.rank < 2 else shape.as_list()[axis]


SVD = register(OpDef("Svd", _svd_kernel, _svd_shape, _svd_grad, inputs=("input: T",),
                     outputs=("T", "T", "T"), type_attrs={"T": LINALG_TYPES},
                     default_attrs={"compute_uv": True, "full_matrices": False}))


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """Singular values, in TF's order: s, or (s, u, v) with a = u @ diag(s) @ adjoint(v)."""
    s, u, v = apply(SVD, (tensor,), {"compute_uv": bool(compute_uv),
                                     "full_matrices": bool(full_matrices)},
                    name=name or "Svd")
    return (_real(s), u, v) if compute_uv else _real(s)


# ------------------------------------------------------------------ SelfAdjointEigV2

def _eig_kernel(input, compute_v=True):
    _check_matrices(input)
    a = _lapack(input)
    # Only the lower triangle is read, as TF's (Eigen's) solver reads it.
    if not compute_v:
        e = np.linalg.eigvalsh(a, UPLO="L")
        return e.astype(input.dtype), np.zeros((0,), dtype=input.dtype)
    e, v = np.linalg.eigh(a, UPLO="L")
    return e.astype(input.dtype), v.astype(input.dtype, copy=False)


def _eig_shape(inputs, attrs):
    dims = _square_dims(inputs[0].shape)
    compute_v = attrs.get("compute_v", True)
    if dims is None:
        return [shape_util.UNKNOWN, shape_util.UNKNOWN if compute_v else TensorShape((0,))]
    batch, n = dims
    return [TensorShape(tuple(batch) + (n,)),
            TensorShape(tuple(batch) + (n, n)) if compute_v else TensorShape((0,))]


def _eig_grad(op, grad_e, grad_v):
    e = op.outputs[0]
    if op.get_attr("compute_v"):
        v = op.outputs[1]
        # f[i, j] = 1 / (e_j - e_i) off the diagonal (infinite for repeated eigenvalues,
        # where eigenvectors are defined only up to a rotation).
        f = _zero_diagonal(_safe_reciprocal(array_manip.expand_dims(e, -2) -
                                            array_manip.expand_dims(e, -1)))
        grad_a = matmul(v, matmul(linalg_ops.diag(grad_e) +
                                  f * matmul(v, grad_v, adjoint_a=True), v, adjoint_b=True))
    else:
        _, v = eigh(op.inputs[0])
        grad_a = matmul(v, matmul(linalg_ops.diag(grad_e), v, adjoint_b=True))
    # The op reads only the lower triangle: symmetrize, then keep that triangle.
    grad_a = band_part(grad_a + linalg_ops.adjoint(grad_a), -1, 0)
    return [grad_a - 0.5 * linalg_ops.diag(linalg_ops.diag_part(grad_a))]


SELF_ADJOINT_EIG = register(OpDef(
    "SelfAdjointEigV2", _eig_kernel, _eig_shape, _eig_grad, inputs=("input: T",),
    outputs=("T", "T"), type_attrs={"T": LINALG_TYPES}, default_attrs={"compute_v": True}))


def eigh(tensor, name=None):
    """(eigenvalues ascending, eigenvectors as columns) of self-adjoint matrices, reading
    only their lower triangles."""
    e, v = apply(SELF_ADJOINT_EIG, (tensor,), {"compute_v": True},
                 name=name or "SelfAdjointEigV2")
    return e, v


def eigvalsh(tensor, name=None):
    """The eigenvalues (ascending) of self-adjoint matrices."""
    e, _ = apply(SELF_ADJOINT_EIG, (tensor,), {"compute_v": False},
                 name=name or "SelfAdjointEigV2")
    return e


# ------------------------------------------------------------------ MatrixBandPart

def _band_part_kernel(input, num_lower, num_upper):
    if input.ndim < 2:
        raise _invalid(f"input must be at least 2-dim, received shape: "
                       f"{_dims_text(input.shape)}")
    rows, cols = input.shape[-2:]
    for what, value in (("num_lower", num_lower), ("num_upper", num_upper)):
        if np.ndim(value) != 0:
            raise _invalid(f"{what} must be scalar, got shape {_dims_text(np.shape(value))}")
    num_lower, num_upper = int(num_lower), int(num_upper)
    if num_lower > rows:
        raise _invalid(f"num_lower must be negative or less or equal to number of rows "
                       f"({rows}) got: {num_lower}")
    if num_upper > cols:
        raise _invalid(f"num_upper must be negative or less or equal to number of columns "
                       f"({cols}) got: {num_upper}")
    offset = np.arange(cols)[None, :] - np.arange(rows)[:, None]     # column - row
    keep = np.ones((rows, cols), dtype=bool)
    if num_lower >= 0:
        keep &= offset >= -num_lower
    if num_upper >= 0:
        keep &= offset <= num_upper
    return np.where(keep, input, np.zeros((), dtype=input.dtype))


def _band_part_grad(op, grad):
    return [band_part(grad, op.inputs[1], op.inputs[2]), None, None]


MATRIX_BAND_PART = register(OpDef(
    "MatrixBandPart", _band_part_kernel, shape_util.same_as_first, _band_part_grad,
    inputs=("input: T", "num_lower: Tindex", "num_upper: Tindex"), outputs=("T",),
    type_attrs={"T": None, "Tindex": (_dtypes.int32, _dtypes.int64)}))


def band_part(input, num_lower, num_upper, name=None):
    """The band of each innermost matrix: num_lower subdiagonals and num_upper
    superdiagonals (negative: all of them), zeros elsewhere."""
    # Python numbers become int64 (TF's default for Tindex), or the other bound's dtype.
    index_dtype = next((bound.dtype for bound in (num_lower, num_upper)
                        if isinstance(bound, Tensor)), _dtypes.int64)
    if not isinstance(num_lower, Tensor):
        num_lower = convert_to_tensor(num_lower, dtype=index_dtype, name="num_lower")
    return apply(MATRIX_BAND_PART, (input, num_lower, num_upper),
                 name=name or "MatrixBandPart")


# ------------------------------------------------------------------ MatrixSetDiagV3

def _one_k(k):
    """The diagonal index k (a scalar or a pair (d, d)); bands are not supported."""
    k = np.reshape(k, -1)
    if k.size == 0 or k.size > 2:
        raise _invalid(f"diag_index must be a scalar or vector with 1 or 2 elements. It has "
                       f"{k.size} elements.")
    if k.size == 2 and k[0] != k[1]:
        raise _invalid(f"tensorlite sets one diagonal (k = d or (d, d)), not a band "
                       f"({k[0]}, {k[1]})")
    return int(k[0])


def _set_diag_kernel(input, diagonal, k, align="RIGHT_LEFT"):
    if input.ndim < 2:
        raise _invalid(f"input must be at least 2-dim, received shape: "
                       f"{_dims_text(input.shape)}")
    k = _one_k(k)
    rows, cols = input.shape[-2:]
    length = max(min(rows + min(k, 0), cols - max(k, 0)), 0)
    expected = input.shape[:-2] + (length,)
    if diagonal.shape != expected:
        raise _invalid("Either first dimensions of diagonal don't match input.shape[:-2], or "
                       "diagonal.shape[:-1] is not equal to the longests diagonal in range "
                       f"[lower_diag_index:upper_diag_index].\nInput shape: "
                       f"{_dims_text(input.shape)}\nDiagonal shape: "
                       f"{_dims_text(diagonal.shape)}\nExpected diagonal shape: "
                       f"{_dims_text(expected)}")
    steps = np.arange(length)
    out = input.copy()
    out[..., steps + max(-k, 0), steps + max(k, 0)] = diagonal
    return out


def _set_diag_shape(inputs, attrs):
    if inputs[0].shape.rank is not None and inputs[0].shape.rank < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {inputs[0].shape.rank}")
    return inputs[0].shape


def _set_diag_grad(op, grad):
    # TF's rule: the input gets the gradient with diagonal k zeroed, the diagonal its part.
    k = op.inputs[2]
    return [set_diag(grad, array_manip.zeros_like(op.inputs[1]), k=k),
            linalg_ops.diag_part(grad, k=k), None]


MATRIX_SET_DIAG = register(OpDef(
    "MatrixSetDiagV3", _set_diag_kernel, _set_diag_shape, _set_diag_grad,
    inputs=("input: T", "diagonal: T", "k: int32"), outputs=("T",), type_attrs={"T": None},
    default_attrs={"align": "RIGHT_LEFT"}))


def set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):
    """`input` with diagonal k of each innermost matrix replaced by `diagonal` (one
    diagonal; TF also takes a band k = (lo, hi))."""
    return apply(MATRIX_SET_DIAG, (input, diagonal, k), {"align": align},
                 name=name or "set_diag")


# ------------------------------------------------------------------ Cross

def _cross_kernel(a, b):
    if a.shape != b.shape:
        raise _invalid(f"Both inputs must be of same shape: {_dims_text(a.shape)} vs. "
                       f"{_dims_text(b.shape)}")
    if a.ndim < 1 or a.shape[-1] != 3:
        raise errors.FailedPreconditionError(
            None, None, "Cross-products are only defined for 3-element vectors.")
    return np.cross(a, b).astype(a.dtype, copy=False)


def _cross_shape(inputs, attrs):
    a, b = inputs[0].shape, inputs[1].shape
    if a.rank is None:
        return b
    if b.rank is not None:
        a = a.merge_with(b)
    if a.rank == 0 or a.as_list()[-1] not in (None, 3):
        raise ValueError(f"Dimension must be 3 but is {a.as_list()[-1] if a.rank else 0}")
    return a


CROSS = register(OpDef("Cross", _cross_kernel, _cross_shape,
                       lambda op, grad: [cross(op.inputs[1], grad), cross(grad, op.inputs[0])],
                       inputs=("a: T", "b: T"), outputs=("T",),
                       type_attrs={"T": _dtypes.REAL_NUMBER_TYPES}))


def cross(a, b, name=None):
    """The cross product of 3-element vectors (innermost dimension), a and b of one shape."""
    return apply(CROSS, (a, b), name=name or "Cross")


# ------------------------------------------------------------------ composites

def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False,
           name=None):
    """a @ b for matrices a and vectors b (batch dimensions broadcast)."""
    with name_scope(name, "MatVec", [a, b]):
        output = matmul(a, array_manip.expand_dims(b, -1), transpose_a=transpose_a,
                        adjoint_a=adjoint_a, a_is_sparse=a_is_sparse,
                        b_is_sparse=b_is_sparse)
        return array_manip.squeeze(output, axis=-1)


def normalize(tensor, ord="euclidean", axis=None, name=None):
    """(tensor / norm, norm), the norm kept with its reduced dimensions (size 1)."""
    with name_scope(name, "normalize", [tensor]):
        tensor = convert_to_tensor(tensor)
        norm = math_ops.cast(linalg_ops.norm(tensor, ord, axis, keepdims=True), tensor.dtype)
        return tensor / norm, norm


def _max_matrix_dim(a, dtype):
    """max(rows, cols) as a Python float when static, else a tensor of `dtype`."""
    rows, cols = a.shape.as_list()[-2:] if a.shape.rank is not None else (None, None)
    if rows is not None and cols is not None:
        return float(max(rows, cols))
    shape = array_ops.shape(a)
    return math_ops.cast(math_ops.maximum(shape[-2], shape[-1]), dtype)


def matrix_rank(a, tol=None, validate_args=False, name=None):
    """The number of singular values above `tol` (default: eps * max(rows, cols) *
    the largest singular value), as TF computes it."""
    with name_scope(name or "matrix_rank"):
        a = convert_to_tensor(a, dtype_hint=_dtypes.float32, name="a")
        s = svd(a, compute_uv=False)
        if tol is None:
            eps = np.finfo(a.dtype.as_numpy_dtype).eps
            tol = eps * math_ops.cast(_max_matrix_dim(a, s.dtype), s.dtype) * \
                reductions.reduce_max(s, axis=-1, keepdims=True)
        return math_ops.reduce_sum(math_ops.cast(s > tol, _dtypes.int32), axis=-1)


def pinv(a, rcond=None, validate_args=False, name=None):
    """The Moore-Penrose pseudo-inverse through the SVD, singular values at or below
    rcond * the largest one treated as zero (TF's default rcond: 10 * max(rows, cols) *
    eps)."""
    with name_scope(name or "pinv"):
        a = convert_to_tensor(a, name="a")
        dtype = a.dtype.as_numpy_dtype
        if rcond is None:
            rcond = 10.0 * _max_matrix_dim(a, a.dtype) * np.finfo(dtype).eps
        rcond = convert_to_tensor(rcond, dtype=a.dtype, name="rcond")
        s, u, v = svd(a, full_matrices=False, compute_uv=True)
        # Small singular values become inf, so that 1 / s is 0 without NaN gradients.
        cutoff = rcond * reductions.reduce_max(s, axis=-1)
        s = gather_scatter.where(s > array_manip.expand_dims(cutoff, -1), s,
                                 np.array(np.inf, dtype))
        a_pinv = matmul(v / array_manip.expand_dims(s, -2), u, adjoint_b=True)
        if a.shape.rank is not None:
            a_pinv.set_shape(a.shape[:-2].concatenate([a.shape[-1], a.shape[-2]]))
        return a_pinv


# ------------------------------------------------------------------ expm

# Padé coefficients b_0..b_m of the degree-m approximants (Higham 2005, as Eigen and TF).
_PADE = {
    3: [120.0, 60.0, 12.0, 1.0],
    5: [30240.0, 15120.0, 3360.0, 420.0, 30.0, 1.0],
    7: [17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0, 1.0],
    9: [17643225600.0, 8821612800.0, 2075673600.0, 302702400.0, 30270240.0, 2162160.0,
        110880.0, 3960.0, 90.0, 1.0],
    13: [64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
         1187353796428800.0, 129060195264000.0, 10559470521600.0, 670442572800.0,
         33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0],
}


def _pade(matrix, degree):
    """(u, v) with exp(matrix) ~ (v - u)^-1 (v + u): u the odd terms, v the even ones."""
    b = _PADE[degree]
    ident = _identity_like(matrix)
    powers = [ident, matmul(matrix, matrix)]          # matrix^0, ^2, ^4, ^6, ...
    for _ in range(2, 4 if degree == 13 else degree // 2 + 1):
        powers.append(matmul(powers[-1], powers[1]))
    if degree == 13:
        # TF's evaluation: matrix^6 is reused instead of forming matrix^8..12.
        m2, m4, m6 = powers[1], powers[2], powers[3]
        u = matmul(matrix, matmul(m6, m6 + b[11] * m4 + b[9] * m2) + b[7] * m6 +
                   b[5] * m4 + b[3] * m2 + b[1] * ident)
        v = matmul(m6, b[12] * m6 + b[10] * m4 + b[8] * m2) + b[6] * m6 + b[4] * m4 + \
            b[2] * m2 + b[0] * ident
        return u, v
    u = math_unary.add_n([b[i] * powers[i // 2] for i in range(1, degree + 1, 2)])
    v = math_unary.add_n([b[i] * powers[i // 2] for i in range(0, degree + 1, 2)])
    return matmul(matrix, u), v


def expm(input, name=None):
    """exp of each innermost square matrix, by scaling and squaring with the Padé
    approximant TF picks from the 1-norm (TF's composite, so it differentiates as it)."""
    from tensorlite.ops import control_flow
    with name_scope(name, "matrix_exponential", [input]):
        matrix = convert_to_tensor(input, name="input")
        if matrix.shape.rank is not None and matrix.shape[-2:] == [0, 0]:
            return matrix
        batch_shape = matrix.shape[:-2] if matrix.shape.rank is not None else None
        if batch_shape is None or not batch_shape.is_fully_defined():
            batch_shape = array_ops.shape(matrix)[:-2]
        # One batch dimension, so that the per-matrix choices below are plain wheres.
        matrix = array_ops.reshape(matrix, array_manip.concat(
            ([-1], array_ops.shape(matrix)[-2:]), axis=0))
        l1_norm = array_manip.expand_dims(array_manip.expand_dims(reductions.reduce_max(
            math_ops.reduce_sum(math_ops.abs(matrix), axis=1), axis=-1), -1), -1)

        def const(value):
            return convert_to_tensor(value, dtype=l1_norm.dtype)

        def nest_where(bounds, cases):
            if len(bounds) == 1:
                return gather_scatter.where(l1_norm < const(bounds[0]), cases[0], cases[1])
            return gather_scatter.where(l1_norm < const(bounds[0]), cases[0],
                                        nest_where(bounds[1:], cases[1:]))

        if matrix.dtype in (_dtypes.float16, _dtypes.float32, _dtypes.complex64):
            maxnorm, degrees = 3.925724783138660, (3, 5, 7)
            bounds = (4.258730016922831e-001, 1.880152677804762e+000)
        elif matrix.dtype in (_dtypes.float64, _dtypes.complex128):
            maxnorm, degrees = 5.371920351148152, (3, 5, 7, 9, 13)
            bounds = (1.495585217958292e-002, 2.539398330063230e-001,
                      9.504178996162932e-001, 2.097847961257068e+000)
        else:
            raise ValueError(f"tf.linalg.expm does not support matrices of type "
                             f"{matrix.dtype}")
        squarings = math_ops.maximum(math_unary.floor(
            math_unary.log(l1_norm / const(maxnorm)) / math_unary.log(const(2.0))), 0)
        scaled = matrix / math_ops.cast(math_ops.pow(const(2.0), squarings), matrix.dtype)
        # The highest degree runs on the scaled matrix, the others on the matrix itself.
        pades = [_pade(matrix, d) for d in degrees[:-1]] + [_pade(scaled, degrees[-1])]
        u = nest_where(bounds, [p[0] for p in pades])
        v = nest_where(bounds, [p[1] for p in pades])
        is_finite = math_unary.is_finite(reductions.reduce_max(l1_norm))
        result = control_flow.cond(
            is_finite, lambda: solve(-u + v, u + v),
            lambda: array_manip.fill(array_ops.shape(matrix),
                                     convert_to_tensor(np.nan, dtype=matrix.dtype)))
        max_squarings = reductions.reduce_max(squarings)

        def keep_squaring(i, _):
            return control_flow.cond(is_finite, lambda: i < max_squarings,
                                     lambda: convert_to_tensor(False))

        def square(i, r):
            return i + 1, gather_scatter.where(i < squarings, matmul(r, r), r)

        _, result = control_flow.while_loop(keep_squaring, square, [const(0.0), result])
        if isinstance(batch_shape, TensorShape):
            return array_ops.reshape(result, batch_shape.concatenate(result.shape[-2:]))
        return array_ops.reshape(result, array_manip.concat(
            (batch_shape, array_ops.shape(result)[-2:]), axis=0))


# ------------------------------------------------------------------ Lu

def _lu_kernel(input, output_idx_type=_dtypes.int32):
    """TF's kernel is Eigen's PartialPivLU: right-looking elimination that takes the first
    row of largest |pivot| (as LAPACK's getrf), here run on every matrix of the batch at
    once."""
    _check_matrices(input)
    work = _lapack(input)
    n = work.shape[-1]
    lu = work.reshape((int(np.prod(work.shape[:-2])), n, n)).copy()
    perm = np.tile(np.arange(n), (lu.shape[0], 1))
    batch = np.arange(lu.shape[0])
    for k in range(n):
        pivot = k + np.argmax(np.abs(lu[:, k:, k]), axis=1)
        for rows in (lu, perm):
            rows[batch, k], rows[batch, pivot] = rows[batch, pivot], rows[batch, k].copy()
        diagonal = lu[:, k, k]
        # A zero column is left as it is (Eigen skips the division); the check below fails.
        scale = np.where(diagonal == 0, 1, diagonal)
        lu[:, k + 1:, k] /= scale[:, None]
        lu[:, k + 1:, k + 1:] -= lu[:, k + 1:, k, None] * lu[:, k, None, k + 1:]
    # TF checks the smallest |pivot| after factoring: a singular matrix is an error, not
    # an inf/NaN result (NaN pivots fail it too).
    if n and not (np.abs(np.diagonal(lu, axis1=-2, axis2=-1)) > 0).all():
        raise _invalid("Input is not invertible.")
    return (lu.reshape(input.shape).astype(input.dtype, copy=False),
            perm.reshape(input.shape[:-1]).astype(output_idx_type.as_numpy_dtype))


def _lu_shape(inputs, attrs):
    dims = _square_dims(inputs[0].shape)
    if dims is None:
        return [shape_util.UNKNOWN, shape_util.UNKNOWN]
    batch, n = dims
    return [TensorShape(tuple(batch) + (n, n)), TensorShape(tuple(batch) + (n,))]


# No gradient: TF 2.21 registers none for Lu (tape.gradient raises LookupError).
LU = register(OpDef("Lu", _lu_kernel, _lu_shape, inputs=("input: T",),
                    outputs=("T", "output_idx_type"),
                    # TF 2.21 registers no half-precision Lu kernel.
                    type_attrs={"T": (_dtypes.float32, _dtypes.float64) + COMPLEX,
                                "output_idx_type": (_dtypes.int32, _dtypes.int64)},
                    default_attrs={"output_idx_type": _dtypes.int32}))

_Lu = collections.namedtuple("Lu", ["lu", "p"])


def lu(input, output_idx_type=_dtypes.int32, name=None):
    """(lu, p) with input = lu_reconstruct(lu, p): L (unit diagonal, not stored) and U packed
    in `lu`, and `p` the input's row that became each row, as TF's namedtuple."""
    output_idx_type = _dtypes.as_dtype(output_idx_type)
    result = apply(LU, (input,), {"output_idx_type": output_idx_type}, name=name or "Lu")
    return _Lu(*result)


def _lu_checks(lower_upper, perm):
    """TF's lu_reconstruct_assertions, those decidable from static shapes."""
    rank = lower_upper.shape.rank
    if rank is not None and rank < 2:
        raise ValueError("Input `lower_upper` must have at least 2 dimensions.")
    if rank is not None and perm.shape.rank is not None and rank != perm.shape.rank + 1:
        raise ValueError("`rank(lower_upper)` must equal `rank(perm) + 1`")
    # TF tests the batch dims for being known before comparing rows with columns.
    if rank is not None and lower_upper.shape[:-2].is_fully_defined():
        rows, cols = lower_upper.shape.as_list()[-2:]
        if rows != cols:
            raise ValueError("`lower_upper` must be square.")


def _lu_inputs(lower_upper, perm):
    lower_upper = convert_to_tensor(lower_upper, dtype_hint=_dtypes.float32,
                                    name="lower_upper")
    perm = convert_to_tensor(perm, dtype_hint=_dtypes.int32, name="perm")
    _lu_checks(lower_upper, perm)
    return lower_upper, perm


def _unit_lower(lower_upper):
    ones = array_manip.ones(array_ops.shape(lower_upper)[:-1], dtype=lower_upper.dtype)
    return set_diag(band_part(lower_upper, -1, 0), ones)


def _gather_rows(matrices, rows):
    """matrices[..., rows[...], :] per matrix: matrices [b, d, m], rows [b, d]."""
    return gather_scatter.gather(matrices, rows, axis=1, batch_dims=1)


def lu_reconstruct(lower_upper, perm, validate_args=False, name=None):
    """The matrices `tf.linalg.lu` factored: P^T @ L @ U.

    validate_args adds no run-time assertions (the static checks are TF's)."""
    with name_scope(name or "lu_reconstruct"):
        lower_upper, perm = _lu_inputs(lower_upper, perm)
        shape = array_ops.shape(lower_upper)
        x = matmul(_unit_lower(lower_upper), band_part(lower_upper, 0, -1))
        # The inverse permutation, argmax of the permutation matrix's columns (TF maps
        # InvertPermutation over the batch).
        d = shape[-1]
        inverse = reductions.argmax(array_manip.one_hot(perm, d, dtype=_dtypes.int32),
                                    axis=-2, output_type=perm.dtype)
        x = _gather_rows(array_ops.reshape(x, [-1, d, d]),
                         array_ops.reshape(inverse, [-1, d]))
        x = array_ops.reshape(x, shape)
        x.set_shape(lower_upper.shape)
        return x


def lu_solve(lower_upper, perm, rhs, validate_args=False, name=None):
    """x with lu_reconstruct(lower_upper, perm) @ x = rhs; perm's and rhs's batch dims
    broadcast.

    validate_args adds no run-time assertions (the static checks are TF's)."""
    with name_scope(name or "lu_solve"):
        lower_upper, perm = _lu_inputs(lower_upper, perm)
        rhs = convert_to_tensor(rhs, dtype_hint=lower_upper.dtype, name="rhs")
        if rhs.shape.rank is not None and rhs.shape.rank < 2:
            raise ValueError("Input `rhs` must have at least 2 dimensions.")
        rows = rhs.shape[-2] if rhs.shape.rank is not None else None
        cols = lower_upper.shape[-1] if lower_upper.shape.rank is not None else None
        if rows is not None and cols is not None and rows != cols:
            raise ValueError("`lower_upper.shape[-1]` must equal `rhs.shape[-1]`.")
        if rhs.shape.rank == 2 and perm.shape.rank == 1:
            permuted_rhs = gather_scatter.gather(rhs, perm, axis=-2)
        else:
            rhs_shape = array_ops.shape(rhs)
            d, m = rhs_shape[-2], rhs_shape[-1]
            # The broadcast batch shape (TF's broadcast_dynamic_shape), read off a sum of
            # zeros shaped batch + [1]: only its shape is used.
            batch_shape = array_ops.shape(
                array_manip.zeros_like(rhs[..., 0, :1]) +
                array_manip.zeros_like(math_ops.cast(perm[..., :1], rhs.dtype)))[:-1]
            full_shape = array_manip.concat([batch_shape, [d, m]], axis=0)
            matrices = array_ops.reshape(array_manip.broadcast_to(rhs, full_shape),
                                         [-1, d, m])
            rows = array_ops.reshape(array_manip.broadcast_to(perm, full_shape[:-1]), [-1, d])
            permuted_rhs = array_ops.reshape(_gather_rows(matrices, rows), full_shape)
        # The upper solve reads only the upper triangle of lower_upper.
        return triangular_solve(lower_upper, triangular_solve(_unit_lower(lower_upper),
                                                              permuted_rhs), lower=False)


def lu_matrix_inverse(lower_upper, perm, validate_args=False, name=None):
    """The inverse of lu_reconstruct(lower_upper, perm), by lu_solve against identities.

    validate_args adds no run-time assertions (the static checks are TF's)."""
    with name_scope(name or "lu_matrix_inverse"):
        lower_upper, perm = _lu_inputs(lower_upper, perm)
        shape = array_ops.shape(lower_upper)
        return lu_solve(lower_upper, perm, rhs=array_manip.eye(
            shape[-1], batch_shape=shape[:-2], dtype=lower_upper.dtype))


# TF1's top-level spellings (tf.compat.v1.cholesky, ...): those TF 2.21 still has there.
V1_NAMES = {
    "cholesky": cholesky,
    "matrix_determinant": det,
    "matrix_solve": solve,
    "matrix_triangular_solve": triangular_solve,
    "matrix_solve_ls": lstsq,
    "qr": qr,
    "svd": svd,
    "self_adjoint_eig": eigh,
    "self_adjoint_eigvals": eigvalsh,
    "matrix_band_part": band_part,
    "cholesky_solve": cholesky_solve,
    "matrix_set_diag": set_diag,
    "cross": cross,
}
