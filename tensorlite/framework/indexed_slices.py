"""`tf.IndexedSlices`: rows of a dense tensor given by index, the gradient of gather.

Converting one to a tensor (`tf.convert_to_tensor`, or passing it to any op) densifies it
with UnsortedSegmentSum, as TF does, so the conversion is itself differentiable.
`aggregate` sums partial gradients that may mix tensors and IndexedSlices.
"""
from tensorlite.framework.convert import convert_to_tensor, register_tensor_conversion_function
from tensorlite.framework.tensor import Tensor


class IndexedSlices:
    """A sparse representation of a tensor: `dense[indices[i]] = values[i]`, shape
    `dense_shape` (duplicate indices add up when densified)."""

    _is_tensor_like = True      # (tf.is_tensor says True, as for TF's composite tensors)

    def __init__(self, values, indices, dense_shape=None):
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape

    @property
    def values(self):
        return self._values

    @property
    def indices(self):
        return self._indices

    @property
    def dense_shape(self):
        return self._dense_shape

    @property
    def shape(self):
        """The static shape of the dense tensor, as far as `dense_shape` is known."""
        from tensorlite.framework.tensor_shape import TensorShape
        if self._dense_shape is None:
            return TensorShape(None)
        if not isinstance(self._dense_shape, Tensor):
            return TensorShape([int(d) for d in self._dense_shape])
        from tensorlite.ops import shape_util
        return shape_util.constant_value_as_shape(self._dense_shape)

    @property
    def dtype(self):
        return self._values.dtype

    @property
    def name(self):
        return self._values.name

    @property
    def device(self):
        return self._values.device

    @property
    def op(self):
        return self._values.op

    @property
    def graph(self):
        return self._values.graph

    def consumers(self):
        return self._values.consumers()

    def __str__(self):
        dense_shape = f", dense_shape={self._dense_shape}" \
            if self._dense_shape is not None else ""
        return f"IndexedSlices(indices={self._indices}, values={self._values}{dense_shape})"

    def __neg__(self):
        from tensorlite.ops.math_ops import negative
        return IndexedSlices(negative(self._values), self._indices, self._dense_shape)


def _indexed_slices_to_tensor(value, dtype=None, name=None, as_ref=False):
    if dtype is not None and dtype is not value.dtype:
        raise ValueError(f"Incompatible tensor conversion requested to `dtype` {dtype.name} "
                         f"for IndexedSlices ({value}) with dtype {value.dtype.name}")
    if value.dense_shape is None:
        raise ValueError("Tensor conversion requested for IndexedSlices for argument `value` "
                         f"without dense_shape: {value!s}")
    from tensorlite.ops.gather_scatter import unsorted_segment_sum
    return unsorted_segment_sum(value.values, value.indices, value.dense_shape[0], name=name)


register_tensor_conversion_function(IndexedSlices, _indexed_slices_to_tensor)


def aggregate(grads):
    """The sum of partial gradients: concatenated IndexedSlices if all are IndexedSlices,
    else a dense sum (TF's AggregateIndexedSlicesGradients)."""
    grads = [g for g in grads if g is not None]
    if not grads:
        return None
    if len(grads) == 1:
        return grads[0]
    if any(isinstance(g, Tensor) for g in grads):
        from tensorlite.ops.math_unary import add_n
        return add_n([convert_to_tensor(g) for g in grads])
    from tensorlite.framework import dtypes
    from tensorlite.ops.array_manip import concat
    from tensorlite.ops.math_ops import cast
    indices = [convert_to_tensor(g.indices) for g in grads]
    if len({i.dtype for i in indices}) > 1:
        indices = [cast(i, dtypes.int64) for i in indices]
    return IndexedSlices(concat([g.values for g in grads], 0), concat(indices, 0),
                         grads[0].dense_shape)
