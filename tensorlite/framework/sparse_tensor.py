"""`tf.SparseTensor`: a composite of three tensors, `indices` (int64 [N, rank]), `values`
([N]) and `dense_shape` (int64 [rank]); and `tf.compat.v1.SparseTensorValue`, what
Session.run returns for one and what a sparse placeholder is fed with.

Like IndexedSlices it is not a Tensor: ops take its components (tensorlite/ops/sparse_ops.py).
"""
import collections

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor_shape import TensorShape


class SparseTensorValue(collections.namedtuple("SparseTensorValue",
                                               ["indices", "values", "dense_shape"])):
    """The NumPy value of a SparseTensor (TF's namedtuple of the same name)."""


class SparseTensor:
    """A sparse tensor: `dense[indices[i]] = values[i]` for a dense tensor of `dense_shape`,
    every other element zero (or a `default_value` given when densifying)."""

    _is_tensor_like = True      # (tf.is_tensor says True, as for TF's composite tensors)

    def __init__(self, indices, values, dense_shape):
        with name_scope(None, "SparseTensor", [indices, values, dense_shape]):
            indices = convert_to_tensor(indices, name="indices", dtype=_dtypes.int64)
            values = convert_to_tensor(values, name="values")
            dense_shape = convert_to_tensor(dense_shape, name="dense_shape",
                                            dtype=_dtypes.int64)
        # TF checks the components' static shapes against each other (same messages).
        indices_shape = indices.shape.with_rank(2)
        values_shape = values.shape.with_rank(1)
        dense_shape_shape = dense_shape.shape.with_rank(1)
        indices_shape.dims[0].assert_is_compatible_with(values_shape.dims[0])
        indices_shape.dims[1].assert_is_compatible_with(dense_shape_shape.dims[0])
        self._indices = indices
        self._values = values
        self._dense_shape = dense_shape
        from tensorlite.ops.shape_util import constant_value_as_shape
        self._static_shape = constant_value_as_shape(dense_shape)

    @classmethod
    def from_value(cls, sparse_tensor_value):
        """A SparseTensor of a SparseTensorValue (or a SparseTensor, returned as it is)."""
        if isinstance(sparse_tensor_value, SparseTensor):
            return sparse_tensor_value
        return cls(sparse_tensor_value.indices, sparse_tensor_value.values,
                   sparse_tensor_value.dense_shape)

    @property
    def indices(self):
        return self._indices

    @property
    def values(self):
        return self._values

    @property
    def dense_shape(self):
        return self._dense_shape

    @property
    def shape(self):
        """The static shape of the dense tensor, as far as `dense_shape` is known."""
        return self._static_shape

    def get_shape(self):
        return self._static_shape

    def set_shape(self, shape):
        """Narrow the static shape (ValueError if incompatible), as TF's set_shape."""
        shape = TensorShape(shape)
        if not self._static_shape.is_compatible_with(shape):
            raise ValueError(f"Tensor's shape {self._static_shape} is not compatible with "
                             f"supplied shape {shape}.")
        self._static_shape = self._static_shape.merge_with(shape)

    @property
    def dtype(self):
        return self._values.dtype

    @property
    def op(self):
        return self._values.op

    @property
    def graph(self):
        return self._indices.graph

    def consumers(self):
        return self._values.consumers()

    def with_values(self, new_values):
        """A SparseTensor of the same indices and dense shape with `new_values`."""
        new_values = convert_to_tensor(new_values)
        result = SparseTensor(self._indices, new_values, self._dense_shape)
        result._static_shape = self._static_shape   # (the same class: not another module)
        return result

    def eval(self, feed_dict=None, session=None):
        """The SparseTensorValue in `session` (default: the default session)."""
        from tensorlite.execution.session import run_with_default_session
        return run_with_default_session(self, feed_dict, self.graph, session)

    def __repr__(self):
        return (f"SparseTensor(indices={self._indices}, values={self._values}, "
                f"dense_shape={self._dense_shape})")

    __str__ = __repr__


def with_static_shape(sparse, shape):
    """`sparse` with the static shape `shape` (a sparse placeholder's declared shape, which
    its fed `dense_shape` cannot show statically)."""
    sparse.set_shape(shape)
    return sparse


def convert_to_sparse_tensor(value):
    """A SparseTensor of a SparseTensor or SparseTensorValue; TypeError for anything else."""
    if isinstance(value, SparseTensorValue):
        return SparseTensor.from_value(value)
    if not isinstance(value, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")
    return value


def is_sparse(value):
    """True for a SparseTensor or a SparseTensorValue (TF's sparse_tensor.is_sparse)."""
    return isinstance(value, (SparseTensor, SparseTensorValue))
