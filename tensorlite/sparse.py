"""The `tf.sparse` namespace (SparseTensor and the ops on it), and the TF1 names that
tf.compat.v1 gives the same functions (`V1_NAMES`).

Loaded lazily: the sparse ops register when this module is first imported.
"""
from tensorlite.framework.sparse_tensor import SparseTensor, SparseTensorValue
from tensorlite.ops.sparse_ops import (add, add_v1, concat_sparse as concat, concat_v1,
                                       expand_dims, fill_empty_rows, from_dense, map_values,
                                       reduce_max, reduce_max_v1, reduce_sum, reduce_sum_v1,
                                       reorder, reshape_sparse as reshape, retain,
                                       slice_sparse as slice, sparse_dense_matmul,
                                       sparse_placeholder, sparse_to_dense, to_dense,
                                       transpose)

__all__ = ["SparseTensor", "add", "concat", "expand_dims", "fill_empty_rows", "from_dense",
           "map_values", "reduce_max", "reduce_sum", "reorder", "reshape", "retain", "slice",
           "sparse_dense_matmul", "to_dense", "transpose"]

# tf.compat.v1.<name> -> the function (TF1 spellings and argument names).
V1_NAMES = {
    "SparseTensor": SparseTensor,
    "SparseTensorValue": SparseTensorValue,
    "sparse_add": add_v1,
    "sparse_concat": concat_v1,
    "sparse_fill_empty_rows": fill_empty_rows,
    "sparse_placeholder": sparse_placeholder,
    "sparse_reduce_max": reduce_max_v1,
    "sparse_reduce_sum": reduce_sum_v1,
    "sparse_reorder": reorder,
    "sparse_reshape": reshape,
    "sparse_retain": retain,
    "sparse_slice": slice,
    "sparse_tensor_dense_matmul": sparse_dense_matmul,
    "sparse_tensor_to_dense": to_dense,
    "sparse_to_dense": sparse_to_dense,
    "sparse_transpose": transpose,
}

# tf.compat.v1.sparse: tf.sparse plus TF1's extra spellings.
V1_SPARSE_NAMES = {
    "add": add_v1, "concat": concat_v1, "placeholder": sparse_placeholder,
    "reduce_max": reduce_max_v1, "reduce_sum": reduce_sum_v1, "matmul": sparse_dense_matmul,
}
