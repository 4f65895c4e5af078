"""Small tensor helpers the backprop needs: seeds, zeros and summing partial gradients."""
import weakref

import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.tensor import EagerTensor, Tensor


def ones_like(tensor):
    if isinstance(tensor, EagerTensor):
        return EagerTensor(np.ones_like(tensor._value), tensor.dtype)
    from tensorlite.ops import array_manip
    return array_manip.ones_like(tensor)


# The zero gradients backprop makes for unconnected outputs, so that gradient rules can
# skip terms they would multiply by zero (TF's IsZero check). Keyed by id, held weakly.
_zero_gradients = weakref.WeakValueDictionary()


def zeros_like(tensor):
    tensor = getattr(tensor, "tensor", tensor)   # an untracked source stands for its tensor
    if tensor.dtype is _dtypes.variant:
        # TF's ZerosLike of a TensorList: a list of zero elements (the ZerosLike op would
        # make an array of the variant's NumPy shape instead).
        from tensorlite.ops import tensor_list_ops
        zeros = tensor_list_ops.zeros_like_list(tensor)
    elif isinstance(tensor, EagerTensor):
        zeros = EagerTensor(np.zeros_like(tensor._value), tensor.dtype)
    else:
        from tensorlite.ops import array_manip
        zeros = array_manip.zeros_like(tensor)
    _zero_gradients[id(zeros)] = zeros
    return zeros


def is_zero(tensor):
    """Whether `tensor` is a zero gradient made by the backprop (not computed: known)."""
    return _zero_gradients.get(id(tensor)) is tensor


def aggregate(grads):
    """The sum of partial gradients (tensors and/or IndexedSlices)."""
    if len(grads) == 1:
        return grads[0]
    if any(not isinstance(g, Tensor) for g in grads):
        from tensorlite.framework import indexed_slices
        return indexed_slices.aggregate(grads)
    if grads[0].dtype is _dtypes.variant:
        # TF's AddN of TensorLists adds them elementwise.
        from tensorlite.ops import tensor_list_ops
        return tensor_list_ops.add_lists(grads)
    from tensorlite.ops import math_unary
    return math_unary.add_n(grads)


def sum_array_to_shape(grad, shape):
    """`grad` (an array) summed over the axes along which an input of `shape` was broadcast
    to it: the array form of TF's BroadcastGradientArgs + Sum + Reshape."""
    grad_shape = grad.shape     # arrays and NumPy scalars both have one
    if grad_shape == shape:
        return grad
    axes = _broadcast_axes.get((grad_shape, shape))
    if axes is None:
        if len(_broadcast_axes) > 4096:     # many distinct shapes (varying batch sizes)
            _broadcast_axes.clear()
        lead = len(grad_shape) - len(shape)
        axes = _broadcast_axes[(grad_shape, shape)] = tuple(range(lead)) + tuple(
            lead + i for i, dim in enumerate(shape) if dim == 1 and grad_shape[lead + i] != 1)
    return grad.sum(axis=axes, dtype=grad.dtype).reshape(shape)


_broadcast_axes = {}    # (gradient shape, input shape) -> summed axes; shapes repeat


def broadcast_array(value, shape):
    """`value` broadcast to `shape` as a new array (np.broadcast_to is a read-only view,
    and slower to make than this copy)."""
    result = np.empty(shape, value.dtype)
    result[...] = value
    return result
