"""Sparse ops: each op's kernel, shape rule and gradient (TF's sparse_grad.py) side by side,
then the `tf.sparse` wrappers that take and return SparseTensors.

Kernels take SparseTensor components as arrays; like TF's they expect indices in row-major
(lexicographic) order where TF does (SparseToDense validates it, SparseAdd assumes it).
"""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.sparse_tensor import SparseTensor, convert_to_sparse_tensor
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import math_ops
from tensorlite.ops.reductions import reduce_any, reduce_max as dense_reduce_max
from tensorlite.ops.array_manip import concat, transpose as dense_transpose, zeros_like
from tensorlite.ops.array_ops import INDEX_TYPES, range as _range, reshape, stack
from tensorlite.ops.array_ops import shape as dense_shape_of
from tensorlite.ops.gather_scatter import gather, gather_nd, scatter_nd, where
from tensorlite.ops.shape_util import UNKNOWN, constant_value, constant_value_as_shape
from tensorlite.framework.errors import invalid_argument as _invalid

_int64 = _dtypes.int64
NUMBERS = _dtypes.NUMBER_TYPES
REAL = _dtypes.REAL_NUMBER_TYPES


def _text(index):
    return "[" + ",".join(str(int(i)) for i in index) + "]"


def _lexicographic_order(indices):
    """The stable permutation sorting index rows in row-major order."""
    indices = np.asarray(indices).reshape(len(indices), -1)
    if indices.shape[1] == 0:
        return np.arange(len(indices))
    return np.lexsort(indices.T[::-1])


def _dense_of(indices, values, shape, fill=0):
    """The dense array of sparse components (duplicates add up)."""
    result = np.full(tuple(int(d) for d in shape), fill, dtype=np.asarray(values).dtype)
    np.add.at(result, tuple(np.asarray(indices, dtype=np.int64).T), values)
    return result


def _rows(shape, what="indices"):
    """The static [N, rank] shape of an indices input (N and rank possibly unknown)."""
    shape = shape.with_rank(2)
    return shape.as_list()


def _vector_length(tensor):
    shape = tensor.shape
    return shape.as_list()[0] if shape.rank == 1 else None


# ------------------------------------------------------------------ SparseToDense

def _sparse_to_dense_kernel(sparse_indices, output_shape, sparse_values, default_value,
                            validate_indices=True):
    indices, shape = np.asarray(sparse_indices), np.asarray(output_shape)
    values = np.asarray(sparse_values)
    if indices.ndim > 2:
        raise _invalid(f"sparse_indices should be a scalar, vector, or matrix, got shape "
                       f"{_text(indices.shape)}")
    num_elements = indices.shape[0] if indices.ndim > 0 else 1
    num_dims = indices.shape[1] if indices.ndim > 1 else 1
    if shape.ndim != 1 or shape.size != num_dims:
        raise _invalid(f"output_shape has incorrect number of elements: {shape.size} "
                       f"should be: {num_dims}")
    if values.ndim > 1 or (values.ndim == 1 and values.size != num_elements):
        raise _invalid(f"sparse_values has incorrect shape {_text(values.shape)}, should be "
                       f"[] or [{num_elements}]")
    if np.ndim(default_value) != 0:
        raise _invalid("default_value should be a scalar.")
    indices = indices.reshape(num_elements, num_dims).astype(np.int64)
    if validate_indices:
        # TF's SparseTensor::ValidateAndInitialize: bounds, then order, index by index.
        for i, index in enumerate(indices):
            if np.any(index < 0) or np.any(index >= shape):
                raise _invalid(f"indices[{i}] = {_text(index)} is out of bounds: need "
                               f"0 <= index < {_text(shape)}")
            if i > 0:
                previous = tuple(indices[i - 1])
                if tuple(index) < previous:
                    raise _invalid(f"indices[{i}] = {_text(index)} is out of order. Many "
                                   "sparse ops require sorted indices.\n    Use "
                                   "`tf.sparse.reorder` to create a correctly ordered "
                                   "copy.\n\n")
                if tuple(index) == previous:
                    raise _invalid(f"indices[{i}] = {_text(index)} is repeated")
    result = np.full(tuple(int(d) for d in shape), default_value, dtype=values.dtype)
    result[tuple(indices.T)] = values
    return result


def _sparse_to_dense_shape(inputs, attrs):
    return constant_value_as_shape(inputs[1])


def _sparse_to_dense_grad(op, grad):
    # TF's rule gathers at `sparse_indices` as they are, which fails for the vector and
    # scalar forms the op accepts; as [num_values, rank] rows it works for all three.
    sparse_indices, output_shape, sparse_values, _ = op.inputs
    rows = reshape(sparse_indices, stack([-1, dense_shape_of(output_shape)[0]]))
    values_grad = gather_nd(grad, rows)
    if sparse_values.shape.rank == 0:      # one value broadcast to every index
        values_grad = math_ops.reduce_sum(values_grad)
    default_grad = math_ops.reduce_sum(grad) - math_ops.reduce_sum(values_grad)
    return [None, None, values_grad, default_grad]


SPARSE_TO_DENSE = register(OpDef(
    "SparseToDense", _sparse_to_dense_kernel, _sparse_to_dense_shape, _sparse_to_dense_grad,
    inputs=("sparse_indices: Tindices", "output_shape: Tindices", "sparse_values: T",
            "default_value: T"),
    outputs=("T",), type_attrs={"T": None, "Tindices": INDEX_TYPES},
    default_attrs={"validate_indices": True}))


def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0,
                    validate_indices=True, name=None):
    """tf.compat.v1.sparse_to_dense: a dense tensor from indices and values."""
    return apply(SPARSE_TO_DENSE, (sparse_indices, output_shape, sparse_values, default_value),
                 {"validate_indices": bool(validate_indices)}, name=name or "SparseToDense")


def to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """tf.sparse.to_dense: the dense tensor, `default_value` (0) where no value is given."""
    sp_input = convert_to_sparse_tensor(sp_input)
    if default_value is None:
        default_value = np.zeros((), sp_input.dtype.as_numpy_dtype) \
            if sp_input.dtype is not _dtypes.string else b""
    default_value = convert_to_tensor(default_value, dtype=sp_input.dtype)
    return apply(SPARSE_TO_DENSE, (sp_input.indices, sp_input.dense_shape, sp_input.values,
                                   default_value),
                 {"validate_indices": bool(validate_indices)}, name=name or "SparseToDense")


def from_dense(tensor, name=None):
    """tf.sparse.from_dense: the non-zero elements of `tensor` as a SparseTensor."""
    with name_scope(name, "dense_to_sparse"):
        tensor = convert_to_tensor(tensor)
        indices = where(math_ops.not_equal(tensor, zeros_like(tensor)))
        values = gather_nd(tensor, indices)
        shape = dense_shape_of(tensor, out_type=_int64)
        return SparseTensor(indices, values, shape)


# ------------------------------------------------------------------ SparseReorder

def _reorder_kernel(input_indices, input_values, input_shape):
    order = _lexicographic_order(input_indices)
    return [np.asarray(input_indices)[order], np.asarray(input_values)[order]]


def _reorder_shape(inputs, attrs):
    return [inputs[0].shape, inputs[1].shape]


def _reorder_grad(op, unused_indices_grad, values_grad):
    # The permutation the op applied, found by reordering positions (TF's rule); the
    # gradient goes back to each value's original position.
    input_indices, _, input_shape = op.inputs
    positions = _range(dense_shape_of(input_indices, out_type=_int64)[0])
    _, permutation = apply(SPARSE_REORDER, (input_indices, positions, input_shape))
    num_values = dense_shape_of(op.inputs[1], out_type=_int64)
    return [None, scatter_nd(reshape(permutation, [-1, 1]), values_grad, num_values), None]


SPARSE_REORDER = register(OpDef(
    "SparseReorder", _reorder_kernel, _reorder_shape, _reorder_grad,
    inputs=("input_indices: int64", "input_values: T", "input_shape: int64"),
    outputs=("int64", "T"), type_attrs={"T": None}))


def reorder(sp_input, name=None):
    """tf.sparse.reorder: the same SparseTensor with indices in row-major order."""
    sp_input = convert_to_sparse_tensor(sp_input)
    indices, values = apply(SPARSE_REORDER, (sp_input.indices, sp_input.values,
                                             sp_input.dense_shape), name=name or "SparseReorder")
    dense_shape = sp_input.shape.as_list() if sp_input.shape.is_fully_defined() \
        else sp_input.dense_shape
    return SparseTensor(indices, values, dense_shape)


# ------------------------------------------------------------------ SparseReshape

def _reshape_kernel(input_indices, input_shape, new_shape):
    indices = np.asarray(input_indices, dtype=np.int64)
    old, new = np.asarray(input_shape, dtype=np.int64), np.asarray(new_shape, dtype=np.int64)
    unknown = np.flatnonzero(new == -1)
    if len(unknown) > 1:
        raise _invalid(f"only one output dimension may be -1, not both {unknown[0]} and "
                       f"{unknown[1]}")
    dense_size = int(np.prod(old))
    product = int(np.prod(new[new != -1]))
    if len(unknown):
        if product == 0 or dense_size % product:
            raise _invalid(f"Input to reshape is a SparseTensor with {dense_size} dense "
                           f"values, but the requested shape requires a multiple of "
                           f"{product}. input_shape={_text(old)} output_shape={_text(new)}")
        new = new.copy()
        new[unknown[0]] = dense_size // product
    elif product != dense_size:
        raise _invalid(f"Input to reshape is a tensor with {dense_size} dense values, but "
                       f"the requested shape has {product}. input_shape={_text(old)} "
                       f"output_shape={_text(new)}")
    if indices.shape[0] == 0:
        return [np.zeros((0, len(new)), np.int64), new]
    flat = np.ravel_multi_index(tuple(indices.T), tuple(old)) if len(old) else \
        np.zeros(len(indices), np.int64)
    output = np.stack(np.unravel_index(flat, tuple(new)), axis=1) if len(new) else \
        np.zeros((len(indices), 0), np.int64)
    return [output.astype(np.int64), new]


def _reshape_shape(inputs, attrs):
    rank = _vector_length(inputs[2])
    return [TensorShape((inputs[0].shape.with_rank(2).as_list()[0], rank)),
            TensorShape((rank,))]


SPARSE_RESHAPE = register(OpDef(
    "SparseReshape", _reshape_kernel, _reshape_shape,
    inputs=("input_indices: int64", "input_shape: int64", "new_shape: int64"),
    outputs=("int64", "int64")))
not_differentiable("SparseReshape")


def reshape_sparse(sp_input, shape, name=None):
    """tf.sparse.reshape: the same values at the indices of a dense tensor of `shape`."""
    sp_input = convert_to_sparse_tensor(sp_input)
    shape = convert_to_tensor(shape, dtype=_int64)
    with name_scope(name, "SparseReshape", [sp_input]) as scope:
        indices, output_shape = apply(SPARSE_RESHAPE, (sp_input.indices, sp_input.dense_shape,
                                                       shape), name=scope or "SparseReshape")
        target = constant_value(shape)
        # As TF: with the input's shape and the target known, the result's shape is known
        # statically, and a wrong element count fails while building.
        if target is not None and sp_input.shape.is_fully_defined():
            target = [int(d) for d in target]
            if target.count(-1) > 1:
                raise ValueError(f"At most one dimension can be inferred (-1). Found: "
                                 f"{target}")
            size = int(np.prod(sp_input.shape.as_list()))
            resolved = list(target)
            if -1 in resolved:
                known = int(np.prod([d for d in resolved if d != -1]))
                resolved[resolved.index(-1)] = size // known if known else -1
            if -1 not in resolved:
                if int(np.prod(resolved)) != size:
                    raise ValueError(f"Cannot reshape a tensor with {size} elements to shape "
                                     f"{target} ({int(np.prod(resolved))} elements).")
                output_shape = resolved
        return SparseTensor(indices, sp_input.values, output_shape)


# ------------------------------------------------------------------ SparseAdd, SparseAddGrad

def _row_keys(*index_arrays):
    """Each distinct index row once (sorted), and each array's rows' positions among them."""
    stacked = np.concatenate(index_arrays, axis=0)
    unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    bounds = np.cumsum([0] + [len(a) for a in index_arrays])
    return unique, [inverse[bounds[i]:bounds[i + 1]] for i in range(len(index_arrays))]


def _sparse_add_kernel(a_indices, a_values, a_shape, b_indices, b_values, b_shape, thresh):
    a_indices, b_indices = np.asarray(a_indices), np.asarray(b_indices)
    a_shape, b_shape = np.asarray(a_shape), np.asarray(b_shape)
    if a_indices.shape[1] != b_indices.shape[1]:
        raise _invalid(f"Input indices must have the same dimension, got "
                       f"{a_indices.shape[1]} and {b_indices.shape[1]}")
    for dim, (a, b) in enumerate(zip(a_shape, b_shape)):
        if a != b:
            raise _invalid(f"Operands' shapes do not match: got {a} and {b} for dimension "
                           f"{dim}")
    a_values, b_values = np.asarray(a_values), np.asarray(b_values)
    rank = a_indices.shape[1]
    if len(a_indices) + len(b_indices) == 0:
        return [np.zeros((0, rank), np.int64), a_values[:0], a_shape.copy()]
    unique, (a_pos, b_pos) = _row_keys(a_indices.reshape(-1, rank), b_indices.reshape(-1, rank))
    sums = np.zeros(len(unique), dtype=a_values.dtype)
    np.add.at(sums, a_pos, a_values)
    np.add.at(sums, b_pos, b_values)
    # TF applies the threshold only to positions present in both operands.
    in_both = np.bincount(np.concatenate([a_pos, b_pos]), minlength=len(unique)) > 1
    keep = ~in_both | (np.abs(sums) >= thresh)
    return [unique[keep].astype(np.int64), sums[keep], a_shape.copy()]


def _sparse_add_shape(inputs, attrs):
    rank = inputs[0].shape.with_rank(2).as_list()[1]
    return [TensorShape((None, rank)), TensorShape((None,)), inputs[2].shape]


def _sparse_add_grad(op, *grads):
    a_grad, b_grad = apply(SPARSE_ADD_GRAD, (grads[1], op.inputs[0], op.inputs[3],
                                             op.outputs[0]))
    return [None, a_grad, None, None, b_grad, None, None]


SPARSE_ADD = register(OpDef(
    "SparseAdd", _sparse_add_kernel, _sparse_add_shape, _sparse_add_grad,
    inputs=("a_indices: int64", "a_values: T", "a_shape: int64", "b_indices: int64",
            "b_values: T", "b_shape: int64", "thresh: Treal"),
    outputs=("int64", "T", "int64"), type_attrs={"T": NUMBERS, "Treal": REAL}))


def _sparse_add_grad_kernel(backprop_val_grad, a_indices, b_indices, sum_indices):
    grad = np.asarray(backprop_val_grad)
    sum_rows = {tuple(row): i for i, row in enumerate(np.asarray(sum_indices).tolist())}

    def pick(indices):
        positions = [sum_rows.get(tuple(row), -1) for row in np.asarray(indices).tolist()]
        result = np.zeros(len(positions), dtype=grad.dtype)
        found = np.asarray(positions, dtype=np.int64) >= 0
        result[found] = grad[np.asarray(positions, dtype=np.int64)[found]]
        return result
    return [pick(a_indices), pick(b_indices)]


SPARSE_ADD_GRAD = register(OpDef(
    "SparseAddGrad", _sparse_add_grad_kernel,
    lambda inputs, attrs: [TensorShape((inputs[1].shape.with_rank(2).as_list()[0],)),
                           TensorShape((inputs[2].shape.with_rank(2).as_list()[0],))],
    inputs=("backprop_val_grad: T", "a_indices: int64", "b_indices: int64",
            "sum_indices: int64"),
    outputs=("T", "T"), type_attrs={"T": NUMBERS}))
not_differentiable("SparseAddGrad")


# ------------------------------------------------------------------ SparseTensorDenseAdd

def _sparse_dense_add_kernel(a_indices, a_values, a_shape, b):
    b = np.asarray(b)
    a_shape = np.asarray(a_shape)
    if len(a_shape) != b.ndim:
        raise _invalid(f"Dimensions must match: sparse rank {len(a_shape)} vs dense rank "
                       f"{b.ndim}")
    for dim, (a, d) in enumerate(zip(a_shape, b.shape)):
        if a != d:
            raise _invalid(f"Dimension {dim} does not equal (no broadcasting is supported): "
                           f"sparse side {a} vs dense side {d}")
    result = b.copy()
    np.add.at(result, tuple(np.asarray(a_indices, dtype=np.int64).T), a_values)
    return result


SPARSE_TENSOR_DENSE_ADD = register(OpDef(
    "SparseTensorDenseAdd", _sparse_dense_add_kernel,
    lambda inputs, attrs: inputs[3].shape,
    lambda op, grad: [None, gather_nd(grad, op.inputs[0]), None, grad],
    inputs=("a_indices: Tindices", "a_values: T", "a_shape: Tindices", "b: T"),
    outputs=("T",), type_attrs={"T": NUMBERS, "Tindices": INDEX_TYPES}))


def add(a, b, threshold=0, name=None):
    """tf.sparse.add: sparse + sparse (a SparseTensor; sums of two values with magnitude
    below `threshold` are dropped) or sparse + dense (a dense tensor)."""
    a_sparse, b_sparse = _is_sparse(a), _is_sparse(b)
    if not (a_sparse or b_sparse):
        raise TypeError("At least one input should be SparseTensor; do you mean to use "
                        "tf.add()?")
    if a_sparse and b_sparse:
        a, b = convert_to_sparse_tensor(a), convert_to_sparse_tensor(b)
        threshold = convert_to_tensor(threshold, dtype=a.dtype.real_dtype, name="threshold")
        indices, values, shape = apply(SPARSE_ADD, (
            a.indices, a.values, a.dense_shape, b.indices, b.values, b.dense_shape, threshold),
            name=name or "SparseAdd")
        a.shape.assert_is_compatible_with(b.shape)
        static_shape = a.shape.merge_with(b.shape)
        if static_shape.is_fully_defined():
            shape = static_shape.as_list()
        return SparseTensor(indices, values, shape)
    if b_sparse:
        a, b = b, a
    a = convert_to_sparse_tensor(a)
    return apply(SPARSE_TENSOR_DENSE_ADD, (a.indices, a.values, a.dense_shape, b),
                 name=name or "SparseTensorDenseAdd")


def add_v1(a, b, threshold=None, thresh=None):
    """tf.compat.v1.sparse_add: `thresh` is the old name of `threshold`."""
    if threshold is not None and thresh is not None:
        raise ValueError("Cannot specify both 'threshold' and 'thresh'.")
    threshold = threshold if threshold is not None else thresh
    return add(a, b, 0 if threshold is None else threshold)


def _is_sparse(value):
    from tensorlite.framework.sparse_tensor import is_sparse
    return is_sparse(value)


# ------------------------------------------------------------------ SparseTensorDenseMatMul

def _matmul_kernel(a_indices, a_values, a_shape, b, adjoint_a=False, adjoint_b=False):
    a_shape, b = np.asarray(a_shape), np.asarray(b)
    a = _dense_of(a_indices, a_values, a_shape)
    if adjoint_a:
        a = np.conj(a.T)
    if adjoint_b:
        b = np.conj(b.T)
    if a.shape[1] != b.shape[0]:
        rows, cols = (a_shape[1], a_shape[0]) if adjoint_a else tuple(a_shape)
        raise _invalid(f"Cannot multiply A and B because inner dimension does not match: "
                       f"{a.shape[1]} vs. {b.shape[0]}.  Did you forget a transpose?  "
                       f"Dimensions of A: [{rows}, {cols}).  Dimensions of B: "
                       f"{_text(np.shape(b.T) if adjoint_b else b.shape)}")
    return (a @ b).astype(b.dtype)


def _matmul_shape(inputs, attrs):
    a_shape = constant_value_as_shape(inputs[2])
    b = inputs[3].shape.with_rank(2).as_list()
    if a_shape.rank is None:
        a_shape = TensorShape((None, None))
    a = a_shape.with_rank(2).as_list()
    rows = a[1] if attrs.get("adjoint_a") else a[0]
    inner_a = a[0] if attrs.get("adjoint_a") else a[1]
    inner_b, cols = (b[1], b[0]) if attrs.get("adjoint_b") else (b[0], b[1])
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        raise ValueError(f"Dimensions must be equal, but are {inner_a} and {inner_b}")
    return TensorShape((rows, cols))


def _matmul_grad(op, grad):
    # TF's _SparseTensorDenseMatMulGrad for real dtypes.
    a_indices, a_values, a_shape, b = op.inputs
    adjoint_a, adjoint_b = op.get_attr("adjoint_a"), op.get_attr("adjoint_b")
    b_grad = apply(SPARSE_TENSOR_DENSE_MATMUL, (a_indices, a_values, a_shape, grad),
                   {"adjoint_a": not adjoint_a, "adjoint_b": False})
    if adjoint_b:
        b_grad = dense_transpose(b_grad)
    rows, cols = a_indices[:, 0], a_indices[:, 1]
    parts_a = gather(grad, cols if adjoint_a else rows)
    parts_b = gather(dense_transpose(b) if adjoint_b else b, rows if adjoint_a else cols)
    a_values_grad = math_ops.reduce_sum(parts_a * parts_b, axis=1)
    return [None, a_values_grad, None, b_grad]


SPARSE_TENSOR_DENSE_MATMUL = register(OpDef(
    "SparseTensorDenseMatMul", _matmul_kernel, _matmul_shape, _matmul_grad,
    inputs=("a_indices: Tindices", "a_values: T", "a_shape: int64", "b: T"),
    outputs=("T",), type_attrs={"T": REAL, "Tindices": INDEX_TYPES},
    default_attrs={"adjoint_a": False, "adjoint_b": False}))


def sparse_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    """tf.sparse.sparse_dense_matmul: a rank-2 SparseTensor times a dense matrix (or a dense
    matrix times a SparseTensor, as TF's transposes give).

    Differs from TF: real dtypes only."""
    if _is_sparse(b):
        # dense @ sparse = (sparse^T @ dense^T)^T, as TF computes it.
        b = convert_to_sparse_tensor(b)
        with name_scope(name, "SparseTensorDenseMatMul", [sp_a, b.indices, b.values]):
            sp_a = convert_to_tensor(sp_a, name="b")
            product = sparse_dense_matmul(b, sp_a, adjoint_a=not adjoint_b,
                                          adjoint_b=not adjoint_a)
            return dense_transpose(product)
    sp_a = convert_to_sparse_tensor(sp_a)
    with name_scope(name, "SparseTensorDenseMatMul", [sp_a.indices, sp_a.values, b]) as scope:
        b = convert_to_tensor(b, name="b")
        return apply(SPARSE_TENSOR_DENSE_MATMUL, (sp_a.indices, sp_a.values, sp_a.dense_shape,
                                                  b),
                     {"adjoint_a": bool(adjoint_a), "adjoint_b": bool(adjoint_b)},
                     name=scope or "SparseTensorDenseMatMul")


# ------------------------------------------------------------------ SparseReduceSum/Max

def _reduce_axes(axes, rank):
    axes = np.asarray(axes, dtype=np.int64).reshape(-1)
    for axis in axes:
        if not -rank <= axis < rank:
            raise _invalid(f"Invalid reduction dimension {axis}, for input with {rank} "
                           "dimensions.")
    return tuple(sorted({int(a) % rank for a in axes}))


def _reduce_kernel(kind):
    def kernel(input_indices, input_values, input_shape, reduction_axes, keep_dims=False):
        values = np.asarray(input_values)
        shape = np.asarray(input_shape)
        axes = _reduce_axes(reduction_axes, len(shape))
        if kind == "Sum":
            return np.sum(_dense_of(input_indices, values, shape), axis=axes,
                          keepdims=keep_dims).astype(values.dtype)
        # Max over the given values only; a group with no value is 0, as TF's kernel gives.
        present = np.zeros(tuple(int(d) for d in shape), bool)
        present[tuple(np.asarray(input_indices, dtype=np.int64).T)] = True
        lowest = np.finfo(values.dtype).min if values.dtype.kind == "f" else \
            np.iinfo(values.dtype).min
        dense = np.full(present.shape, lowest, dtype=values.dtype)
        np.maximum.at(dense, tuple(np.asarray(input_indices, dtype=np.int64).T), values)
        result = np.max(dense, axis=axes, keepdims=keep_dims, initial=lowest)
        return np.where(np.any(present, axis=axes, keepdims=keep_dims), result,
                        np.zeros((), values.dtype)).astype(values.dtype)
    kernel.__name__ = f"sparse_reduce_{kind.lower()}_kernel"
    return kernel


def _reduce_shape(inputs, attrs):
    shape = constant_value_as_shape(inputs[2])
    axes = constant_value(inputs[3])
    if shape.rank is None or axes is None:
        return UNKNOWN
    rank = shape.rank
    try:
        axes = _reduce_axes(axes, rank)
    except errors.InvalidArgumentError as e:
        raise ValueError(e.message) from None
    dims = shape.as_list()
    if attrs.get("keep_dims"):
        return TensorShape([1 if i in axes else d for i, d in enumerate(dims)])
    return TensorShape([d for i, d in enumerate(dims) if i not in axes])


def _reduce_sum_grad(op, out_grad):
    # Each value's gradient is the output gradient of its group (TF's _SparseReduceSumGrad).
    sp_indices, _, sp_shape, axes = op.inputs
    rank = dense_shape_of(sp_shape)
    positions = _range(rank[0])
    axes = math_ops.floormod(math_ops.cast(axes, _dtypes.int32), rank[0])
    is_reduced = reduce_any(math_ops.equal(
        reshape(positions, [-1, 1]), reshape(axes, [1, -1])), axis=1)
    kept_shape = where(is_reduced, zeros_like(sp_shape) + 1, sp_shape)
    out_grad = reshape(out_grad, kept_shape)
    scale = math_ops.floordiv(sp_shape, kept_shape)
    return [None, gather_nd(out_grad, math_ops.floordiv(sp_indices, scale)), None, None]


REDUCE = {kind: register(OpDef(
    f"SparseReduce{kind}", _reduce_kernel(kind), _reduce_shape,
    _reduce_sum_grad if kind == "Sum" else None,
    inputs=("input_indices: int64", "input_values: T", "input_shape: int64",
            "reduction_axes: int32"),
    outputs=("T",), type_attrs={"T": NUMBERS if kind == "Sum" else REAL},
    default_attrs={"keep_dims": False})) for kind in ("Sum", "Max")}
not_differentiable("SparseReduceMax")   # TF registers no gradient for it


def _reduction(kind):
    def reduce(sp_input, axis=None, keepdims=None, output_is_sparse=False, name=None):
        if output_is_sparse:
            raise NotImplementedError(
                f"tf.sparse.reduce_{kind.lower()}(output_is_sparse=True) (SparseReduce"
                f"{kind}Sparse) is not implemented in tensorlite; reduce to a dense tensor "
                "and use tf.sparse.from_dense.")
        sp_input = convert_to_sparse_tensor(sp_input)
        if axis is None:
            rank = sp_input.shape.rank
            axis = list(range(rank)) if rank is not None else \
                _range(dense_shape_of(sp_input.dense_shape)[0])
        axis = convert_to_tensor(axis, dtype=_dtypes.int32)
        return apply(REDUCE[kind], (sp_input.indices, sp_input.values, sp_input.dense_shape,
                                    axis),
                     {"keep_dims": bool(keepdims)}, name=name or f"SparseReduce{kind}")
    reduce.__name__ = f"reduce_{kind.lower()}"
    reduce.__doc__ = (f"tf.sparse.reduce_{kind.lower()}: the {kind.lower()} of the given "
                      "values over `axis` (all axes by default), as a dense tensor.")
    return reduce


reduce_sum = _reduction("Sum")
reduce_max = _reduction("Max")


def _reduction_v1(reduce):
    def reduce_v1(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None):
        axis = reduction_axes if axis is None else axis
        keepdims = keep_dims if keepdims is None else keepdims
        return reduce(sp_input, axis, keepdims)
    reduce_v1.__name__ = f"sparse_{reduce.__name__}"
    reduce_v1.__doc__ = f"tf.compat.v1.sparse_{reduce.__name__} (TF1 argument names too)."
    return reduce_v1


reduce_sum_v1 = _reduction_v1(reduce_sum)
reduce_max_v1 = _reduction_v1(reduce_max)


# ------------------------------------------------------------------ SparseSlice

def _slice_mask(indices, start, size):
    indices = np.asarray(indices, dtype=np.int64)
    start, size = np.asarray(start, np.int64), np.asarray(size, np.int64)
    return np.all((indices >= start) & (indices < start + size), axis=1)


def _slice_kernel(indices, values, shape, start, size):
    shape, start, size = (np.asarray(a, np.int64) for a in (shape, start, size))
    if not len(shape) == len(start) == len(size):
        raise _invalid(f"Expected start and size to have the rank of the input "
                       f"({len(shape)}), got {len(start)} and {len(size)}")
    keep = _slice_mask(indices, start, size)
    output_shape = np.maximum(np.minimum(start + size, shape) - start, 0)
    return [np.asarray(indices, np.int64)[keep] - start, np.asarray(values)[keep],
            output_shape]


def _slice_shape(inputs, attrs):
    rank = inputs[0].shape.with_rank(2).as_list()[1]
    return [TensorShape((None, rank)), TensorShape((None,)), TensorShape((rank,))]


def _slice_grad(op, *grads):
    input_indices, _, _, input_start, _ = op.inputs
    values_grad = apply(SPARSE_SLICE_GRAD, (grads[1], input_indices, input_start,
                                            op.outputs[0]))
    return [None, values_grad, None, None, None]


SPARSE_SLICE = register(OpDef(
    "SparseSlice", _slice_kernel, _slice_shape, _slice_grad,
    inputs=("indices: int64", "values: T", "shape: int64", "start: int64", "size: int64"),
    outputs=("int64", "T", "int64"), type_attrs={"T": None}))


def _slice_grad_kernel(backprop_val_grad, input_indices, input_start, output_indices):
    grad = np.asarray(backprop_val_grad)
    position = {tuple(row): i for i, row in
                enumerate(np.asarray(output_indices, np.int64).tolist())}
    start = np.asarray(input_start, np.int64)
    result = np.zeros(len(input_indices), dtype=grad.dtype)
    for i, row in enumerate((np.asarray(input_indices, np.int64) - start).tolist()):
        j = position.get(tuple(row))
        if j is not None:
            result[i] = grad[j]
    return result


SPARSE_SLICE_GRAD = register(OpDef(
    "SparseSliceGrad", _slice_grad_kernel,
    lambda inputs, attrs: TensorShape((inputs[1].shape.with_rank(2).as_list()[0],)),
    inputs=("backprop_val_grad: T", "input_indices: int64", "input_start: int64",
            "output_indices: int64"),
    outputs=("T",), type_attrs={"T": NUMBERS}))
not_differentiable("SparseSliceGrad")


def slice_sparse(sp_input, start, size, name=None):
    """tf.sparse.slice: the entries in [start, start + size), re-based at `start`."""
    sp_input = convert_to_sparse_tensor(sp_input)
    start = convert_to_tensor(start, dtype=_int64)
    size = convert_to_tensor(size, dtype=_int64)
    with name_scope(name, "SparseSlice", [sp_input]) as scope:
        indices, values, shape = apply(SPARSE_SLICE, (sp_input.indices, sp_input.values,
                                                      sp_input.dense_shape, start, size),
                                       name=scope or "SparseSlice")
        return SparseTensor(indices, values, shape)


# ------------------------------------------------------------------ SparseFillEmptyRows

def _fill_empty_rows_kernel(indices, values, dense_shape, default_value):
    indices = np.asarray(indices, np.int64)
    values = np.asarray(values)
    dense_shape = np.asarray(dense_shape, np.int64)
    if np.ndim(default_value) != 0:
        raise _invalid("default_value must be a scalar")
    rows = int(dense_shape[0]) if len(dense_shape) else 0
    if rows == 0 and len(indices):
        raise _invalid("Received SparseTensor with dense_shape[0] = 0 but indices.shape[0] "
                       f"= {len(indices)}")
    row_of = indices[:, 0] if len(indices) else np.zeros(0, np.int64)
    empty = np.bincount(row_of, minlength=rows)[:rows] == 0
    filler = np.zeros((int(empty.sum()), indices.shape[1]), np.int64)
    filler[:, 0] = np.flatnonzero(empty)
    all_indices = np.concatenate([indices, filler])
    # Entries keep their order within a row; a filled row comes where its row number says.
    order = np.argsort(all_indices[:, 0], kind="stable")
    all_values = np.concatenate([values, np.full(len(filler), default_value, values.dtype)])
    reverse_index_map = np.empty(len(all_indices), np.int64)
    reverse_index_map[order] = np.arange(len(all_indices))
    return [all_indices[order], all_values[order], empty,
            reverse_index_map[:len(indices)]]


def _fill_empty_rows_shape(inputs, attrs):
    rank = inputs[0].shape.with_rank(2).as_list()[1]
    return [TensorShape((None, rank)), TensorShape((None,)), TensorShape((None,)),
            TensorShape((inputs[0].shape.as_list()[0],))]


def _fill_empty_rows_grad(op, *grads):
    values_grad, default_grad = apply(SPARSE_FILL_EMPTY_ROWS_GRAD, (op.outputs[3], grads[1]))
    return [None, values_grad, None, default_grad]


SPARSE_FILL_EMPTY_ROWS = register(OpDef(
    "SparseFillEmptyRows", _fill_empty_rows_kernel, _fill_empty_rows_shape,
    _fill_empty_rows_grad,
    inputs=("indices: int64", "values: T", "dense_shape: int64", "default_value: T"),
    outputs=("int64", "T", "bool", "int64"), type_attrs={"T": None}))


def _fill_empty_rows_grad_kernel(reverse_index_map, grad_values):
    grad_values = np.asarray(grad_values)
    reverse_index_map = np.asarray(reverse_index_map, np.int64)
    values_grad = grad_values[reverse_index_map]
    filled = np.ones(len(grad_values), bool)
    filled[reverse_index_map] = False
    return [values_grad, np.sum(grad_values[filled]).astype(grad_values.dtype)]


SPARSE_FILL_EMPTY_ROWS_GRAD = register(OpDef(
    "SparseFillEmptyRowsGrad", _fill_empty_rows_grad_kernel,
    lambda inputs, attrs: [inputs[0].shape, TensorShape(())],
    inputs=("reverse_index_map: int64", "grad_values: T"),
    outputs=("T", "T"), type_attrs={"T": None}))
not_differentiable("SparseFillEmptyRowsGrad")


def fill_empty_rows(sp_input, default_value, name=None):
    """tf.sparse.fill_empty_rows: `default_value` at [row, 0, ...] of every empty row; also
    returns which rows were empty."""
    sp_input = convert_to_sparse_tensor(sp_input)
    with name_scope(name, "SparseFillEmptyRows", [sp_input]) as scope:
        default_value = convert_to_tensor(default_value, dtype=sp_input.dtype)
        indices, values, empty_rows, _ = apply(
            SPARSE_FILL_EMPTY_ROWS, (sp_input.indices, sp_input.values, sp_input.dense_shape,
                                     default_value), name=scope or "SparseFillEmptyRows")
        return SparseTensor(indices, values, sp_input.dense_shape), empty_rows


# ------------------------------------------------------------------ compositions

def retain(sp_input, to_retain):
    """tf.sparse.retain: the entries whose `to_retain` flag is true."""
    sp_input = convert_to_sparse_tensor(sp_input)
    to_retain = convert_to_tensor(to_retain)
    retain_shape = to_retain.shape.with_rank(1)
    values_shape = sp_input.values.shape
    if values_shape.rank is not None:
        values_shape.dims[0].assert_is_compatible_with(retain_shape.dims[0])
    where_true = reshape(where(to_retain), [-1])
    return SparseTensor(gather(sp_input.indices, where_true),
                        gather(sp_input.values, where_true), sp_input.dense_shape)


def transpose(sp_input, perm=None, name=None):
    """tf.sparse.transpose: dimensions permuted by `perm` (reversed by default), reordered."""
    with name_scope(name, "SparseTranspose", [sp_input]):
        sp_input = convert_to_sparse_tensor(sp_input)
        if perm is None:
            rank = sp_input.shape.rank
            if rank is not None:
                perm = list(range(rank - 1, -1, -1))
            else:
                rank = dense_shape_of(sp_input.dense_shape)[0]
                perm = rank - 1 - _range(rank)
        indices = dense_transpose(gather(dense_transpose(sp_input.indices), perm))
        perm_value = constant_value(convert_to_tensor(perm))
        if perm_value is not None and sp_input.shape.is_fully_defined():
            old = sp_input.shape.as_list()
            new_shape = [old[int(p)] for p in perm_value]
        else:
            new_shape = gather(sp_input.dense_shape, perm)
        return reorder(SparseTensor(indices, sp_input.values, new_shape))


def concat_sparse(axis, sp_inputs, expand_nonconcat_dims=False, name=None):
    """tf.sparse.concat: SparseTensors joined along `axis`, in row-major order.

    Differs from TF: built from dense ops and SparseReorder rather than one SparseConcat op;
    non-concat dimensions that differ are an error while building when the shapes are
    static, and otherwise take the first input's sizes instead of failing at run time."""
    if not isinstance(sp_inputs, (list, tuple)):
        raise TypeError("Inputs must be a list")
    sp_inputs = [convert_to_sparse_tensor(s) for s in sp_inputs]
    if not sp_inputs:
        raise ValueError("sp_inputs must not be empty")
    with name_scope(name, "SparseConcat", [s.values for s in sp_inputs]):
        rank = next((s.shape.rank for s in sp_inputs if s.shape.rank is not None), None)
        if rank is None:
            raise ValueError("tf.sparse.concat needs inputs of known rank in tensorlite")
        axis = int(axis) % rank if rank else 0
        shapes = [s.shape.as_list() for s in sp_inputs]
        if not expand_nonconcat_dims:
            for position, shape in enumerate(shapes[1:], 1):
                for dim, (a, b) in enumerate(zip(shapes[0], shape)):
                    if dim != axis and a is not None and b is not None and a != b:
                        raise ValueError(f"Input shapes must match: expected {a} for "
                                         f"dimension {dim} but got {b} at position "
                                         f"{position}")
        one_hot = np.zeros(rank, np.int64)
        one_hot[axis] = 1
        offset = convert_to_tensor(np.int64(0))
        indices = []
        for s in sp_inputs:
            indices.append(s.indices + reshape(offset * one_hot, [1, rank]))
            offset = offset + s.dense_shape[axis]
        if expand_nonconcat_dims:
            largest = dense_reduce_max(stack([s.dense_shape for s in sp_inputs]), axis=0)
        else:
            largest = sp_inputs[0].dense_shape
        output_shape = largest * (1 - one_hot) + offset * one_hot
        static = _concat_static_shape(shapes, axis, expand_nonconcat_dims)
        if static is not None:
            output_shape = static
        return reorder(SparseTensor(concat(indices, 0), concat([s.values for s in sp_inputs],
                                                               0), output_shape))


def _concat_static_shape(shapes, axis, expand):
    if not all(None not in shape for shape in shapes):
        return None
    result = list(np.max(shapes, axis=0)) if expand else list(shapes[0])
    result[axis] = sum(shape[axis] for shape in shapes)
    return [int(d) for d in result]


def concat_v1(axis=None, sp_inputs=None, expand_nonconcat_dim=False, concat_dim=None,
              name=None, expand_nonconcat_dims=None):
    """tf.compat.v1.sparse_concat: `concat_dim` and `expand_nonconcat_dim` are old names."""
    axis = concat_dim if axis is None else axis
    expand = expand_nonconcat_dim if expand_nonconcat_dims is None else expand_nonconcat_dims
    return concat_sparse(axis, sp_inputs, expand, name)


def expand_dims(sp_input, axis=None, name=None):
    """tf.sparse.expand_dims: a dimension of size 1 inserted at `axis` (default -1).

    Differs from TF: `axis` must be a Python int, and the input's rank known."""
    sp_input = convert_to_sparse_tensor(sp_input)
    axis = -1 if axis is None else axis
    if not isinstance(axis, (int, np.integer)):
        raise TypeError("tensorlite's tf.sparse.expand_dims takes a Python int axis")
    rank = sp_input.shape.rank
    if rank is None:
        raise ValueError("tf.sparse.expand_dims needs an input of known rank in tensorlite")
    if not -rank - 1 <= axis <= rank:
        raise ValueError(f"axis {axis} is out of range for a SparseTensor of rank {rank}")
    axis = axis % (rank + 1)
    with name_scope(name, "expand_dims", [sp_input.values]):
        new_column = zeros_like(sp_input.indices[:, :1])
        indices = concat([sp_input.indices[:, :axis], new_column, sp_input.indices[:, axis:]],
                         1)
        shape = concat([sp_input.dense_shape[:axis], np.array([1], np.int64),
                        sp_input.dense_shape[axis:]], 0)
        static = sp_input.shape.as_list()
        static.insert(axis, 1)
        if None not in static:
            shape = static
        return SparseTensor(indices, sp_input.values, shape)


def map_values(op, *args, **kwargs):
    """tf.sparse.map_values: `op` applied to the values of the SparseTensor arguments (which
    must share their indices), giving a SparseTensor of those indices.

    Differs from TF: several SparseTensors are checked to be one object or to have equal
    static shapes only, not equal indices at run time."""
    sparse = [a for a in list(args) + list(kwargs.values()) if isinstance(a, SparseTensor)]
    if not sparse:
        raise ValueError("No SparseTensor in argument list of map_values")
    first = sparse[0]
    for other in sparse[1:]:
        if other is not first and not other.shape.is_compatible_with(first.shape):
            raise ValueError("SparseTensors passed to map_values must have the same shape; "
                             f"got {first.shape} and {other.shape}")
    args = [a.values if isinstance(a, SparseTensor) else a for a in args]
    kwargs = {k: v.values if isinstance(v, SparseTensor) else v for k, v in kwargs.items()}
    return SparseTensor(first.indices, op(*args, **kwargs), first.dense_shape)


def sparse_placeholder(dtype, shape=None, name=None):
    """tf.compat.v1.sparse_placeholder: a SparseTensor of three placeholders (its
    dense_shape defaults to `shape` when that is given), fed with a SparseTensorValue."""
    from tensorlite.framework import context
    from tensorlite.framework.sparse_tensor import with_static_shape
    from tensorlite.ops.constant_op import placeholder, placeholder_with_default
    if context.executing_eagerly():
        raise RuntimeError("`sparse_placeholder` is not compatible with eager execution.")
    shape_name = f"{name}/shape" if name is not None else None
    if shape is None:
        rank = None
        dense_shape = placeholder(_int64, shape=[None], name=shape_name)
        static_shape = TensorShape(None)
    elif isinstance(shape, Tensor):
        rank = shape.shape.as_list()[0]
        static_shape = constant_value_as_shape(shape)
        dense_shape = placeholder_with_default(shape, shape.shape, name=shape_name)
    else:
        rank = len(shape)
        static_shape = TensorShape([None if d in (None, -1) else d
                                    for d in TensorShape(shape).as_list()])
        value = convert_to_tensor([-1 if d is None else d for d in static_shape.as_list()],
                                  dtype=_int64,
                                  name=f"{name}/shape_default" if name is not None else None)
        dense_shape = placeholder_with_default(value, value.shape, name=shape_name)
    result = SparseTensor(
        values=placeholder(dtype, shape=[None],
                           name=f"{name}/values" if name is not None else None),
        indices=placeholder(_int64, shape=[None, rank],
                            name=f"{name}/indices" if name is not None else None),
        dense_shape=dense_shape)
    return with_static_shape(result, static_shape)
