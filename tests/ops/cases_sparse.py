"""Cases for the sparse ops (tensorlite/ops/sparse_ops.py; see harness.py).

Indices and dense shapes are constants; the values (and dense operands) are the fed,
differentiated inputs. Multi-output ops return their components as a list; the gradient
ops (SparseAddGrad, ...) are built directly, as only gradient rules build them.
"""
import numpy as np

from tensorlite import sparse as tfs
from tensorlite.framework.dispatch import apply
from tensorlite.ops import sparse_ops
from tests.ops.harness import Case, F

IDX = [[0, 1], [1, 0], [2, 3]]
SHAPE = [3, 4]
B_IDX = [[0, 1], [2, 0]]


def _dense(values, indices=IDX, shape=SHAPE, fill=0):
    result = np.full(shape, fill, dtype=values.dtype)
    for index, value in zip(indices, values):
        result[tuple(index)] = value
    return result


def _st(values, indices=IDX, shape=SHAPE):
    return tfs.SparseTensor(indices, values, shape)


def _parts(st):
    return [st.indices, st.values, st.dense_shape]


def _i64(value):
    return np.asarray(value, np.int64)


def _add_reference(a, b):
    keys = sorted({tuple(i) for i in IDX} | {tuple(i) for i in B_IDX})
    dense = _dense(a) + _dense(b, B_IDX)
    return [_i64(keys), np.array([dense[k] for k in keys], a.dtype), _i64(SHAPE)]


def _matmul_reference(values, b, adjoint_a, adjoint_b):
    a = _dense(values)
    return ((a.T if adjoint_a else a) @ (b.T if adjoint_b else b)).astype(b.dtype)


def _matmul_case(adjoint_a, adjoint_b):
    inner = 3 if adjoint_a else 4
    b = F(2, inner) if adjoint_b else F(inner, 2)
    return Case("SparseTensorDenseMatMul",
                lambda tf, v, m: tfs.sparse_dense_matmul(_st(v), m, adjoint_a, adjoint_b),
                lambda v, m: _matmul_reference(v, m, adjoint_a, adjoint_b), [F(3), b], grad=2,
                name=f"adjoint_a={adjoint_a}-adjoint_b={adjoint_b}")


def _fill_reference(values, default):
    indices = [[0, 1], [1, 0], [2, 3], [3, 0]]
    return [_i64(indices), np.array([values[0], default, values[1], default], values.dtype),
            np.array([False, True, False, True]), _i64([0, 2])]


def _max_reference(values):
    dense = np.full((3, 2), -np.inf)
    present = np.zeros((3, 2), bool)
    for index, value in zip([[0, 0], [0, 1], [2, 1]], values):
        dense[tuple(index)] = value
        present[tuple(index)] = True
    return np.where(present.any(1), dense.max(1), 0).astype(values.dtype)


CASES = [
    Case("SparseToDense", lambda tf, v, d: tfs.to_dense(_st(v), d),
         lambda v, d: _dense(v, fill=d), [F(3), F()], grad=2),
    Case("SparseToDense", lambda tf, v, d: tfs.sparse_to_dense(3, [5], v, d),
         lambda v, d: np.where(np.arange(5) == 3, v, d).astype(v.dtype),
         [F(), F()], grad=2, name="scalar-index-and-value"),
    Case("SparseToDense", lambda tf, v: tfs.sparse_to_dense([1, 3], [5], v, -1.0),
         lambda v: np.array([-1, v[0], -1, v[1], -1], v.dtype), [F(2)], grad=2,
         name="vector"),
    Case("SparseReorder",
         lambda tf, v: [tfs.reorder(_st(v, [[2, 0], [0, 1], [1, 1]], [3, 2])).indices,
                        tfs.reorder(_st(v, [[2, 0], [0, 1], [1, 1]], [3, 2])).values],
         lambda v: [_i64([[0, 1], [1, 1], [2, 0]]), v[[1, 2, 0]]], [F(3)], grad=2),
    Case("SparseReshape", lambda tf, v: _parts(tfs.reshape(_st(v), [2, -1])),
         lambda v: [_i64([[0, 1], [0, 4], [1, 5]]), v, _i64([2, 6])], [F(3)], grad=2),
    Case("SparseAdd", lambda tf, a, b: _parts(tfs.add(_st(a), _st(b, B_IDX))),
         _add_reference, [F(3), F(2)], grad=1),
    Case("SparseAddGrad",
         lambda tf, g: apply(sparse_ops.SPARSE_ADD_GRAD,
                             (g, _i64(IDX), _i64(B_IDX), _i64([[0, 1], [1, 0], [2, 0], [2, 3]]))),
         lambda g: [g[[0, 1, 3]], g[[0, 2]]], [F(4)]),
    Case("SparseTensorDenseAdd", lambda tf, v, d: tfs.add(_st(v), d),
         lambda v, d: _dense(v) + d, [F(3), F(3, 4)], grad=2),
] + [_matmul_case(a, b) for a in (False, True) for b in (False, True)] + [
    Case("SparseReduceSum", lambda tf, v: tfs.reduce_sum(_st(v), 1),
         lambda v: _dense(v).sum(1), [F(3)], grad=2),
    Case("SparseReduceSum", lambda tf, v: tfs.reduce_sum(_st(v), [0, -1], keepdims=True),
         lambda v: _dense(v).sum((0, 1), keepdims=True), [F(3)], grad=2, name="keepdims"),
    Case("SparseReduceMax", lambda tf, v: tfs.reduce_max(_st(v, [[0, 0], [0, 1], [2, 1]],
                                                             [3, 2]), 1),
         lambda v: _max_reference(v), [F(3)]),
    Case("SparseSlice", lambda tf, v: _parts(tfs.slice(_st(v), [1, 0], [5, 5])),
         lambda v: [_i64([[0, 0], [1, 3]]), v[1:], _i64([2, 4])], [F(3)], grad=1),
    Case("SparseSliceGrad",
         lambda tf, g: apply(sparse_ops.SPARSE_SLICE_GRAD,
                             (g, _i64(IDX), _i64([1, 0]), _i64([[0, 0], [1, 3]]))),
         lambda g: np.array([0, g[0], g[1]], g.dtype), [F(2)]),
    Case("SparseFillEmptyRows",
         lambda tf, v, d: list(apply(sparse_ops.SPARSE_FILL_EMPTY_ROWS,
                                     (_i64([[0, 1], [2, 3]]), v, _i64([4, 4]), d))),
         _fill_reference, [F(2), F()], grad=1),
    Case("SparseFillEmptyRowsGrad",
         lambda tf, g: apply(sparse_ops.SPARSE_FILL_EMPTY_ROWS_GRAD, (_i64([0, 2]), g)),
         lambda g: [g[[0, 2]], np.asarray(g[1] + g[3], g.dtype)], [F(4)]),
]

