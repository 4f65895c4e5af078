"""TensorList ops (TF's list_ops): the variant values behind graph-mode `tf.TensorArray`.

A list is a `TensorList`: an immutable tuple of NumPy arrays (None for an element never
set, read as zeros of the element shape, as TF's kernels do), its element dtype and its
element shape. Every op returns a new list, so a list is a value like any tensor's, which
is what lets it be a `While` loop variable and carry gradients. Gradient rules are TF's
(python/ops/list_ops.py). TF differentiates a variant with `ZerosLike`/`AddN` kernels
registered for TensorLists; here those are the `TensorListZerosLike` and `TensorListAdd`
ops, which grad_util calls for variant gradients.
"""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import shape_util
from tensorlite.framework.errors import invalid_argument as _invalid

_VARIANT = _dtypes.variant


class TensorList:
    """The value of a variant list tensor (immutable)."""

    __slots__ = ("items", "element_dtype", "element_shape")

    def __init__(self, items, element_dtype, element_shape):
        self.items = tuple(items)
        self.element_dtype = element_dtype
        # A tuple with -1 for unknown dimensions, or None for an unknown rank.
        self.element_shape = element_shape

    def __repr__(self):
        return f"<TensorList of {len(self.items)} {self.element_dtype.name} elements>"


def _shape_from_array(value):
    """An element_shape input (-1 scalar: unknown rank; -1 dims: unknown) as a tuple."""
    value = np.asarray(value)
    if value.ndim == 0:
        if int(value) != -1:
            raise _invalid(f"The only valid scalar shape tensor is the fully unknown shape "
                           f"specified as -1. Got {int(value)}")
        return None
    return tuple(int(d) for d in value)


def _merge(a, b):
    """Merge two element shapes (tuples with -1, or None); raise if they conflict."""
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b):
        raise _invalid(f"Incompatible shapes during merge: {_text(a)} vs. {_text(b)}")
    merged = []
    for x, y in zip(a, b):
        if x != -1 and y != -1 and x != y:
            raise _invalid(f"Incompatible shapes during merge: {_text(a)} vs. {_text(b)}")
        merged.append(x if x != -1 else y)
    return tuple(merged)


def _text(shape):
    return "<unknown>" if shape is None else \
        "[" + ",".join("?" if d == -1 else str(d) for d in shape) + "]"


def _defined(shape):
    return shape is not None and all(d >= 0 for d in shape)


def _element_shape_for_zeros(tensor_list, requested, what):
    """The shape of the zeros an unset element reads as (TF's kernels need it known)."""
    shape = _merge(tensor_list.element_shape, requested)
    for item in tensor_list.items:
        if item is not None:
            shape = _merge(shape, np.shape(item))
            break
    if not _defined(shape):
        raise _invalid(f"Trying to {what} with non-fully-defined element_shape: "
                       f"{_text(shape)}")
    return shape


def _zeros(shape, dtype):
    return np.zeros(shape, dtype.as_numpy_dtype)


def _check_dtype(tensor_list, element_dtype):
    if tensor_list.element_dtype is not element_dtype:
        raise _invalid(f"Invalid data types; op elements {element_dtype.name} but list "
                       f"elements {tensor_list.element_dtype.name}")


def _static_element_shape(tensor):
    """The element shape an element_shape input denotes, as far as it is known statically."""
    value = shape_util.constant_value(tensor)
    if value is not None:
        if np.ndim(value) == 0:
            return TensorShape(None)
        return TensorShape([None if d < 0 else int(d) for d in np.reshape(value, -1)])
    if tensor.shape.rank == 0:
        return TensorShape(None)
    return shape_util.constant_value_as_shape(tensor)


def _variant_scalar(inputs, attrs):
    return TensorShape(())


def _variant_out(attrs, types):
    return [_VARIANT]


def _element_out(attrs, types):
    return [attrs["element_dtype"]]


def shape_argument(shape):
    """An element shape (TensorShape, list with None, Tensor or None) as an int32 input."""
    if isinstance(shape, Tensor):
        return shape
    shape = TensorShape(shape)
    if shape.rank is None:
        return np.array(-1, np.int32)
    return np.array([-1 if d is None else d for d in shape.as_list()], np.int32)


# ------------------------------------------------------------------ Reserve / Length / Resize

def _reserve_kernel(element_shape, num_elements, element_dtype):
    count = int(num_elements)
    if count < 0:
        raise _invalid(f"The num_elements to reserve must be a non negative number, but "
                       f"got {count}")
    return TensorList((None,) * count, element_dtype, _shape_from_array(element_shape))


RESERVE = register(OpDef("TensorListReserve", _reserve_kernel, _variant_scalar,
                         inputs=("element_shape: int32", "num_elements: int32"),
                         outputs=_variant_out, num_outputs=1))
not_differentiable("TensorListReserve")


def tensor_list_reserve(element_shape, num_elements, element_dtype, name=None):
    return apply(RESERVE, [shape_argument(element_shape), num_elements],
                 {"element_dtype": _dtypes.as_dtype(element_dtype)},
                 name=name or "TensorListReserve")


def _length_kernel(input_handle):
    return np.int32(len(input_handle.items))


LENGTH = register(OpDef("TensorListLength", _length_kernel, _variant_scalar,
                        inputs=("input_handle: variant",), outputs=("int32",)))
not_differentiable("TensorListLength")


def tensor_list_length(input_handle, name=None):
    return apply(LENGTH, [input_handle], name=name or "TensorListLength")


def _element_shape_kernel(input_handle, shape_type):
    shape = input_handle.element_shape
    if shape is None:
        return np.array(-1, shape_type.as_numpy_dtype)
    return np.array(shape, shape_type.as_numpy_dtype)


ELEMENT_SHAPE = register(OpDef(
    "TensorListElementShape", _element_shape_kernel,
    lambda inputs, attrs: TensorShape(None), inputs=("input_handle: variant",),
    outputs=lambda attrs, types: [attrs["shape_type"]], num_outputs=1))
not_differentiable("TensorListElementShape")


def tensor_list_element_shape(input_handle, shape_type=_dtypes.int32, name=None):
    return apply(ELEMENT_SHAPE, [input_handle], {"shape_type": shape_type},
                 name=name or "TensorListElementShape")


def _resize_kernel(input_handle, size):
    size = int(size)
    if size < 0:
        raise _invalid(f"TensorListSlice expects size to be non-negative. Got: {size}")
    items = input_handle.items[:size] + (None,) * max(0, size - len(input_handle.items))
    return TensorList(items, input_handle.element_dtype, input_handle.element_shape)


def _resize_grad(op, dlist):
    return [tensor_list_resize(dlist, tensor_list_length(op.inputs[0])), None]


RESIZE = register(OpDef("TensorListResize", _resize_kernel, _variant_scalar, _resize_grad,
                        inputs=("input_handle: variant", "size: int32"),
                        outputs=("variant",)))


def tensor_list_resize(input_handle, size, name=None):
    return apply(RESIZE, [input_handle, size], name=name or "TensorListResize")


# ------------------------------------------------------------------ FromTensor / Stack

def _from_tensor_kernel(tensor, element_shape):
    array = np.asarray(tensor)
    if array.ndim == 0:
        raise _invalid("Tensor must be at least a vector, but saw shape: []")
    shape = _merge(_shape_from_array(element_shape), array.shape[1:])
    return TensorList([array[i] for i in range(array.shape[0])],
                      _dtypes.as_dtype(array.dtype), shape)


def _from_tensor_grad(op, dlist):
    tensor = op.inputs[0]
    from tensorlite.ops.array_ops import shape
    element_shape = shape(tensor)[1:]
    count = tensor.shape[0] if tensor.shape.rank else None
    return [tensor_list_stack(dlist, tensor.dtype, element_shape=element_shape,
                              num_elements=-1 if count is None else count), None]


FROM_TENSOR = register(OpDef("TensorListFromTensor", _from_tensor_kernel, _variant_scalar,
                             _from_tensor_grad,
                             inputs=("tensor: element_dtype", "element_shape: int32"),
                             outputs=("variant",), type_attrs={"element_dtype": None}))


def tensor_list_from_tensor(tensor, element_shape, name=None):
    return apply(FROM_TENSOR, [tensor, shape_argument(element_shape)],
                 name=name or "TensorListFromTensor")


def _stack_kernel(input_handle, element_shape, element_dtype, num_elements):
    _check_dtype(input_handle, element_dtype)
    items = input_handle.items
    if num_elements != -1 and len(items) != num_elements:
        raise _invalid(f"Operation expected a list with {num_elements} elements but got a "
                       f"list with {len(items)} elements.")
    if not items or any(item is None for item in items):
        shape = _element_shape_for_zeros(input_handle, _shape_from_array(element_shape),
                                         "stack elements of an empty list")
        items = [_zeros(shape, element_dtype) if item is None else item for item in items]
        if not items:
            return _zeros((0,) + shape, element_dtype)
    shapes = {np.shape(item) for item in items}
    if len(shapes) > 1:
        first, other = np.shape(items[0]), next(s for s in shapes if s != np.shape(items[0]))
        raise _invalid(f"Incompatible shapes during merge: {_text(first)} vs. {_text(other)}")
    return np.stack(items)


def _stack_shape(inputs, attrs):
    count = attrs.get("num_elements", -1)
    return TensorShape([None if count == -1 else count]).concatenate(
        _static_element_shape(inputs[1]))


def _stack_grad(op, dtensor):
    from tensorlite.ops.array_ops import shape
    return [tensor_list_from_tensor(dtensor, shape(dtensor)[1:]), None]


STACK = register(OpDef("TensorListStack", _stack_kernel, _stack_shape, _stack_grad,
                       inputs=("input_handle: variant", "element_shape: int32"),
                       outputs=_element_out, num_outputs=1))


def tensor_list_stack(input_handle, element_dtype, num_elements=-1, element_shape=None,
                      name=None):
    return apply(STACK, [input_handle, shape_argument(element_shape)],
                 {"element_dtype": _dtypes.as_dtype(element_dtype),
                  "num_elements": int(num_elements)}, name=name or "TensorListStack")


# ------------------------------------------------------------------ GetItem / SetItem

def _get_item_kernel(input_handle, index, element_shape, element_dtype):
    _check_dtype(input_handle, element_dtype)
    index, items = int(index), input_handle.items
    if not 0 <= index < len(items):
        raise _invalid(f"Trying to access element {index} in a list with {len(items)} "
                       f"elements.")
    item = items[index]
    if item is None:
        shape = _element_shape_for_zeros(input_handle, _shape_from_array(element_shape),
                                         "read an uninitialized tensor")
        return _zeros(shape, element_dtype)
    return item


def _get_item_grad(op, ditem):
    input_list, index = op.inputs[0], op.inputs[1]
    reserved = tensor_list_reserve(tensor_list_element_shape(input_list),
                                   tensor_list_length(input_list), ditem.dtype)
    return [tensor_list_set_item(reserved, index, ditem), None, None]


GET_ITEM = register(OpDef(
    "TensorListGetItem", _get_item_kernel,
    lambda inputs, attrs: _static_element_shape(inputs[2]), _get_item_grad,
    inputs=("input_handle: variant", "index: int32", "element_shape: int32"),
    outputs=_element_out, num_outputs=1))


def tensor_list_get_item(input_handle, index, element_dtype, element_shape=None, name=None):
    return apply(GET_ITEM, [input_handle, index, shape_argument(element_shape)],
                 {"element_dtype": _dtypes.as_dtype(element_dtype)},
                 name=name or "TensorListGetItem")


def _set_item_kernel(input_handle, index, item, resize_if_index_out_of_bounds):
    element_dtype = _dtypes.as_dtype(np.asarray(item).dtype)
    _check_dtype(input_handle, element_dtype)
    index, items = int(index), list(input_handle.items)
    if index < 0 or index >= len(items) and not resize_if_index_out_of_bounds:
        raise _invalid(f"Trying to modify element {index} in a list with {len(items)} "
                       f"elements.")
    if index >= len(items):
        items.extend([None] * (index + 1 - len(items)))
    shape = input_handle.element_shape
    try:
        _merge(shape, np.shape(item))
    except errors.InvalidArgumentError:
        raise _invalid(f"Tried to set a tensor with incompatible shape at a list index. "
                       f"Item element shape: {_text(np.shape(item))} list shape: "
                       f"{_text(shape)}") from None
    items[index] = item
    return TensorList(items, element_dtype, shape)


def _set_item_grad(op, dlist):
    from tensorlite.ops.array_manip import zeros_like
    from tensorlite.ops.array_ops import shape
    input_list, index, item = op.inputs
    list_grad = tensor_list_set_item(dlist, index, zeros_like(item))
    element_grad = tensor_list_get_item(dlist, index, item.dtype, element_shape=shape(item))
    if op.get_attr("resize_if_index_out_of_bounds"):
        list_grad = tensor_list_resize(list_grad, tensor_list_length(input_list))
    return [list_grad, None, element_grad]


SET_ITEM = register(OpDef("TensorListSetItem", _set_item_kernel, _variant_scalar,
                          _set_item_grad,
                          inputs=("input_handle: variant", "index: int32",
                                  "item: element_dtype"),
                          outputs=("variant",), type_attrs={"element_dtype": None},
                          default_attrs={"resize_if_index_out_of_bounds": False}))


def tensor_list_set_item(input_handle, index, item, resize_if_index_out_of_bounds=False,
                         name=None):
    return apply(SET_ITEM, [input_handle, index, item],
                 {"resize_if_index_out_of_bounds": bool(resize_if_index_out_of_bounds)},
                 name=name or "TensorListSetItem")


# ------------------------------------------------------------------ Gather / Scatter

def _gather_kernel(input_handle, indices, element_shape, element_dtype):
    _check_dtype(input_handle, element_dtype)
    requested = _shape_from_array(element_shape)
    values = [_get_item_kernel(input_handle, i, element_shape, element_dtype)
              for i in np.reshape(indices, -1)]
    if not values:
        shape = _element_shape_for_zeros(input_handle, requested, "gather from an empty list")
        return _zeros((0,) + shape, element_dtype)
    return np.stack(values)


def _gather_grad(op, dtensor):
    input_list, indices = op.inputs[0], op.inputs[1]
    reserved = tensor_list_reserve(tensor_list_element_shape(input_list),
                                   tensor_list_length(input_list), dtensor.dtype)
    return [tensor_list_scatter_into_existing_list(reserved, dtensor, indices), None, None]


GATHER = register(OpDef(
    "TensorListGather", _gather_kernel,
    lambda inputs, attrs: TensorShape([inputs[1].shape[0] if inputs[1].shape.rank == 1
                                       else None]).concatenate(
        _static_element_shape(inputs[2])),
    _gather_grad, inputs=("input_handle: variant", "indices: int32", "element_shape: int32"),
    outputs=_element_out, num_outputs=1))


def tensor_list_gather(input_handle, indices, element_dtype, element_shape=None, name=None):
    return apply(GATHER, [input_handle, indices, shape_argument(element_shape)],
                 {"element_dtype": _dtypes.as_dtype(element_dtype)},
                 name=name or "TensorListGather")


def _scatter_kernel(input_handle, tensor, indices):
    tensor = np.asarray(tensor)
    element_dtype = _dtypes.as_dtype(tensor.dtype)
    _check_dtype(input_handle, element_dtype)
    indices = np.reshape(indices, -1)
    if tensor.ndim == 0 or tensor.shape[0] != indices.shape[0]:
        raise _invalid(f"Invalid number of rows in input tensor. Expected: "
                       f"{indices.shape[0]} Actual: {tensor.shape[0] if tensor.ndim else 0}")
    items = list(input_handle.items)
    shape = _merge(input_handle.element_shape, tensor.shape[1:])
    for row, index in enumerate(indices):
        index = int(index)
        if index < 0:
            raise _invalid(f"Indices in TensorListScatter must all be non-negative. Got "
                           f"{index}")
        if index >= len(items):
            items.extend([None] * (index + 1 - len(items)))
        items[index] = tensor[row]
    return TensorList(items, element_dtype, shape)


def _scatter_grad(op, dlist):
    from tensorlite.ops.array_manip import zeros_like
    from tensorlite.ops.array_ops import shape
    _, tensor, indices = op.inputs
    dtensor = tensor_list_gather(dlist, indices, tensor.dtype,
                                 element_shape=shape(tensor)[1:])
    dlist = tensor_list_scatter_into_existing_list(dlist, zeros_like(tensor), indices)
    return [dlist, dtensor, None]


SCATTER = register(OpDef("TensorListScatterIntoExistingList", _scatter_kernel,
                         _variant_scalar, _scatter_grad,
                         inputs=("input_handle: variant", "tensor: element_dtype",
                                 "indices: int32"),
                         outputs=("variant",), type_attrs={"element_dtype": None}))


def tensor_list_scatter_into_existing_list(input_handle, tensor, indices, name=None):
    return apply(SCATTER, [input_handle, tensor, indices],
                 name=name or "TensorListScatterIntoExistingList")


# ------------------------------------------------------------------ Concat / Split

def _concat_kernel(input_handle, element_shape, leading_dims, element_dtype):
    _check_dtype(input_handle, element_dtype)
    items = input_handle.items
    requested = _shape_from_array(element_shape)
    leading = np.reshape(leading_dims, -1)
    if leading.size and any(item is None for item in items):
        # TensorListSplit's gradient: unset elements are zeros of [leading_dim, *rest].
        rest = tuple(requested[1:])
        items = [_zeros((int(n),) + rest, element_dtype) if item is None else item
                 for item, n in zip(items, leading)]
    if any(item is None for item in items):
        # Unset elements read as zeros of the element shape (its leading dim included).
        shape = _element_shape_for_zeros(input_handle, requested,
                                         "concat uninitialized elements")
        items = [_zeros(shape, element_dtype) if item is None else item for item in items]
    for position, item in enumerate(items):
        if np.ndim(item) == 0:
            raise _invalid(f"Concat saw a scalar shape at index {position} but requires "
                           f"at least vectors.")
    if not items:
        shape = _element_shape_for_zeros(input_handle, requested,
                                         "concat an empty list")
        return _zeros((0,) + shape[1:], element_dtype), np.zeros((0,), np.int64)
    lengths = np.array([np.shape(item)[0] for item in items], np.int64)
    try:
        return np.concatenate(items), lengths
    except ValueError:
        raise _invalid("Incompatible shapes during concat: element shapes must agree "
                       "past the first dimension") from None


def _concat_shape(inputs, attrs):
    element = _static_element_shape(inputs[1])
    rest = element[1:] if element.rank else TensorShape(None)
    return [TensorShape([None]).concatenate(rest), TensorShape([None])]


def _concat_grad(op, dtensor, unused_dlengths):
    return [tensor_list_split(dtensor, tensor_list_element_shape(op.inputs[0]),
                              op.outputs[1]), None, None]


CONCAT = register(OpDef(
    "TensorListConcatV2", _concat_kernel, _concat_shape, _concat_grad,
    inputs=("input_handle: variant", "element_shape: int32", "leading_dims: int64"),
    outputs=lambda attrs, types: [attrs["element_dtype"], _dtypes.int64], num_outputs=2))


def tensor_list_concat(input_handle, element_dtype, element_shape=None, name=None):
    """The elements joined along their first axis: (tensor, lengths)."""
    return apply(CONCAT, [input_handle, shape_argument(element_shape),
                          np.zeros((0,), np.int64)],
                 {"element_dtype": _dtypes.as_dtype(element_dtype)},
                 name=name or "TensorListConcatV2")


def _split_kernel(tensor, element_shape, lengths):
    tensor = np.asarray(tensor)
    lengths = np.reshape(lengths, -1).astype(np.int64)
    if tensor.ndim == 0:
        raise _invalid("Tensor must be at least a vector, but saw shape: []")
    if int(lengths.sum()) != tensor.shape[0]:
        raise _invalid(f"Expected sum of lengths to be equal to values.shape[0], but sum of "
                       f"lengths is {int(lengths.sum())} and value's shape is: "
                       f"{_text(tensor.shape)}")
    ends = np.cumsum(lengths)
    items = [tensor[end - length:end] for end, length in zip(ends, lengths)]
    shape = _shape_from_array(element_shape)
    if shape is not None and len(shape) > 0:
        shape = (-1,) + shape[1:]
    shape = _merge(shape, (-1,) + tensor.shape[1:])
    return TensorList(items, _dtypes.as_dtype(tensor.dtype), shape)


def _split_grad(op, dlist):
    from tensorlite.ops.array_ops import shape
    tensor, _, lengths = op.inputs
    # Unset gradient elements are zeros of [length, *rest]: concat them per element.
    grads = tensor_list_concat_with_lengths(dlist, tensor.dtype, shape(tensor)[1:], lengths)
    return [grads, None, None]


SPLIT = register(OpDef("TensorListSplit", _split_kernel, _variant_scalar, _split_grad,
                       inputs=("tensor: element_dtype", "element_shape: int32",
                               "lengths: int64"),
                       outputs=("variant",), type_attrs={"element_dtype": None}))


def tensor_list_split(tensor, element_shape, lengths, name=None):
    from tensorlite.ops.math_ops import cast
    return apply(SPLIT, [tensor, shape_argument(element_shape),
                         cast(lengths, _dtypes.int64)], name=name or "TensorListSplit")


def tensor_list_concat_with_lengths(input_handle, element_dtype, rest_shape, lengths):
    """TensorListConcatV2 with `leading_dims` (the first dimension of each element, used
    for unset elements) and element shape [-1, *rest_shape]: TF's TensorListSplit grad."""
    from tensorlite.ops.array_manip import concat
    from tensorlite.ops.math_ops import cast
    element_shape = concat([[-1], cast(rest_shape, _dtypes.int32)], 0)
    return apply(CONCAT, [input_handle, element_shape, cast(lengths, _dtypes.int64)],
                 {"element_dtype": element_dtype}, name="TensorListConcatV2")[0]


# ------------------------------------------------------------------ variant ZerosLike / AddN

def _zeros_like_kernel(input_handle):
    return TensorList([None if item is None else np.zeros_like(item)
                       for item in input_handle.items],
                      input_handle.element_dtype, input_handle.element_shape)


ZEROS_LIKE = register(OpDef("TensorListZerosLike", _zeros_like_kernel, _variant_scalar,
                            inputs=("input_handle: variant",), outputs=("variant",)))
not_differentiable("TensorListZerosLike")


def zeros_like_list(input_handle):
    """TF's ZerosLike on a TensorList: a list of the same length with zero elements."""
    return apply(ZEROS_LIKE, [input_handle], name="ZerosLike")


def _add_kernel(*lists):
    first = lists[0]
    items = list(first.items)
    for other in lists[1:]:
        if len(other.items) != len(items):
            raise _invalid(f"Trying to add two lists of tensors with different lengths. "
                           f"One is {len(items)} and the other is {len(other.items)}")
        for i, item in enumerate(other.items):
            if item is None:
                continue
            items[i] = item if items[i] is None else items[i] + item
    return TensorList(items, first.element_dtype, first.element_shape)


def _add_grad(op, dlist):
    return [dlist] * len(op.inputs)


ADD = register(OpDef("TensorListAdd", _add_kernel, _variant_scalar, _add_grad,
                     inputs=("inputs: N*variant",), outputs=("variant",)))


def add_lists(lists):
    """TF's AddN on TensorLists: elementwise sums (unset elements count as zeros)."""
    return apply(ADD, [convert_to_tensor(t) for t in lists], name="AddN")
