"""`tf.TensorArray`: TF 2's two implementations behind one facade.

Eagerly (TF's _EagerTensorArray) it is a Python list of tensors, written in place, so
`ta.write(i, x)` also works without reassigning and the tape differentiates the ops that
read it (stack, concat). In graphs and functions (TF's _GraphTensorArrayV2) it wraps a
TensorList variant tensor, its `flow`: every write returns a new TensorArray around a new
list, which is what a `tf.while_loop` carries (see `to_flows`/`from_flows`).
"""
import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors, nest
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import EagerTensor, Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import shape_util
from tensorlite.ops import tensor_list_ops as list_ops

__all__ = ["TensorArray"]


def _int(value):
    return int(value.numpy()) if isinstance(value, EagerTensor) else int(value)


class _EagerTensorArray:
    """TF's eager TensorArray: a list of EagerTensors (None: never written)."""

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None,
                 handle=None, infer_shape=True, element_shape=None):
        if handle is not None:
            raise ValueError("TensorArray handles are not supported when eager "
                             "execution is enabled.")
        if size is None:
            raise ValueError("Size must be declared for TensorArrays when eager "
                             "execution is enabled.")
        self._flow = convert_to_tensor(0, dtype=_dtypes.int32)
        self._infer_shape = infer_shape
        self._element_shape = TensorShape(element_shape)
        self._dtype = _dtypes.as_dtype(dtype).base_dtype
        self._dynamic_size = dynamic_size or False
        self._clear_after_read = True if clear_after_read is None else clear_after_read
        self._previously_read_indices = []
        self._tensor_array = [None] * _int(size)

    @property
    def element_shape(self):
        return self._element_shape

    def identity(self):
        return self.parent()

    def read(self, index, name=None):
        index = _int(index)
        if index < 0:
            raise errors.OutOfRangeError(
                None, None, f"Reading from negative indices (index {index}) is not allowed.")
        if index >= len(self._tensor_array):
            raise errors.OutOfRangeError(
                None, None, f"Tried to read from index {index} but array size is: "
                f"{len(self._tensor_array)} ")
        tensor = self._tensor_array[index]
        if tensor is None:
            if index in self._previously_read_indices:
                raise errors.InvalidArgumentError(
                    None, None, f"Could not read index {index} twice because it was cleared "
                    "after a previous read (perhaps try setting clear_after_read = false?)")
            tensor = self._maybe_zero(index)
        if self._clear_after_read:
            self._tensor_array[index] = None
            self._previously_read_indices.append(index)
        return tensor

    def _write(self, index, value):
        index = _int(index)
        if index < 0:
            raise errors.OutOfRangeError(
                None, None, f"Writing to negative indices (index {index}) is not allowed.")
        size = len(self._tensor_array)
        if index >= size:
            if not self._dynamic_size:
                raise errors.OutOfRangeError(
                    None, None, f"Tried to write to index {index} but array is not "
                    f"resizeable and size is: {size} ")
            self._tensor_array.extend([None] * (index - size + 1))
        if not isinstance(value, EagerTensor):
            value = convert_to_tensor(value, preferred_dtype=self._dtype, name="value")
        if self._dtype != value.dtype:
            raise errors.InvalidArgumentError(
                None, None, f"TensorArray dtype is {self._dtype.name} but Op is trying to "
                f"write dtype {value.dtype.name} ")
        if not self._element_shape.is_compatible_with(value.shape):
            raise ValueError(f"Incompatible shape for value ({value.shape}), expected "
                             f"({self._element_shape})")
        if self._infer_shape:
            self._element_shape = self._element_shape.merge_with(value.shape)
        self._tensor_array[index] = value

    def write(self, index, value, name=None):
        self._write(index, value)
        return self.parent()

    def _maybe_zero(self, index):
        value = self._tensor_array[index]
        if value is None:
            from tensorlite.ops.array_manip import zeros
            value = self._tensor_array[index] = zeros(self._element_shape, self._dtype)
        return value

    def stack(self, name=None):
        from tensorlite.ops.array_ops import stack
        for index in range(len(self._tensor_array)):
            self._maybe_zero(index)
        if not self._tensor_array:
            shape = [0] + (self._element_shape.as_list()
                           if self._element_shape.is_fully_defined() else [])
            return convert_to_tensor(np.zeros(shape, self._dtype.as_numpy_dtype))
        return stack(self._tensor_array, name=name or "stack")

    def gather(self, indices, name=None):
        from tensorlite.ops.array_ops import stack
        if isinstance(indices, EagerTensor):
            indices = indices.numpy()
        return stack([self._maybe_zero(int(i)) for i in np.reshape(indices, -1)])

    def concat(self, name=None):
        from tensorlite.ops.array_manip import concat
        values = [self._maybe_zero(i) for i in range(len(self._tensor_array))]
        for index, value in enumerate(values):
            if value.shape.rank == 0:
                raise errors.InvalidArgumentError(
                    None, None, f"Concat saw a scalar shape at index {index} but requires "
                    "at least vectors.")
        return concat(values, 0, name=name or "concat")

    def unstack(self, value, name=None):
        from tensorlite.ops.array_manip import unstack
        tensors = unstack(convert_to_tensor(value, preferred_dtype=self._dtype),
                          name=name or "unstack")
        if len(tensors) > len(self._tensor_array) and not self._dynamic_size:
            raise ValueError(f"Cannot unstack {len(tensors)} tensors into a TensorArray of "
                             f"static size {len(self._tensor_array)} ")
        self._tensor_array = list(tensors)
        return self.parent()

    def scatter(self, indices, value, name=None):
        from tensorlite.ops.array_manip import unstack
        if isinstance(indices, EagerTensor):
            indices = indices.numpy()
        value = convert_to_tensor(value, preferred_dtype=self._dtype)
        for index, item in zip(np.reshape(indices, -1), unstack(value)):
            self._write(int(index), item)
        return self.parent()

    def split(self, value, lengths, name=None):
        from tensorlite.ops.array_manip import split
        value = convert_to_tensor(value, preferred_dtype=self._dtype, name="value")
        lengths = convert_to_tensor(lengths)
        total = int(np.sum(lengths.numpy()))
        if lengths.shape.rank != 1:
            raise errors.InvalidArgumentError(
                None, None, f"Expected lengths to be a vector, received shape: "
                f"{lengths.shape.as_list()} ")
        if value.shape.rank == 0:
            raise errors.InvalidArgumentError(
                None, None, "Expected value to be at least a vector, but received shape: "
                f"{value.shape.as_list()} ")
        if total != value.shape.as_list()[0]:
            raise errors.InvalidArgumentError(
                None, None, "Expected sum of lengths to be equal to values.shape[0], but "
                f"sum of lengths is {total} and value's shape is: {value.shape.as_list()} ")
        if not self._dynamic_size and lengths.shape[0] != len(self._tensor_array):
            raise errors.InvalidArgumentError(
                None, None, "TensorArray's size is not equal to the size of lengths "
                f"({len(self._tensor_array)} vs. {lengths.shape[0]}), and the TensorArray "
                "is not marked as dynamically resizeable.")
        self._tensor_array = list(split(value, lengths, name=name or "split"))
        return self.parent()

    def size(self, name=None):
        return convert_to_tensor(len(self._tensor_array), dtype=_dtypes.int32)

    def close(self, name=None):
        del self._tensor_array[:]


class _GraphTensorArray:
    """TF's _GraphTensorArrayV2: a TensorList flow tensor plus static metadata."""

    def __init__(self, dtype, size=None, dynamic_size=None, flow=None, infer_shape=True,
                 element_shape=None, name=None):
        self._dynamic_size = dynamic_size
        self._size = size
        if flow is not None and (not isinstance(flow, Tensor) or
                                 flow.dtype is not _dtypes.variant):
            raise TypeError(f"Expected `flow` to be a variant tensor, but received "
                            f"`{getattr(flow, 'dtype', type(flow).__name__)}` instead.")
        if flow is None and size is None:
            raise ValueError("Argument `size` must be provided if argument `flow` is not "
                             "provided.")
        if flow is not None and size is not None:
            raise ValueError("Cannot provide both `flow` and `size` arguments at the same "
                             "time.")
        if flow is not None and element_shape is not None:
            raise ValueError("Cannot provide both `flow` and `element_shape` arguments"
                             "at the same time.")
        self._dtype = _dtypes.as_dtype(dtype).base_dtype
        # A one-element list, shared by every TensorArray built from this one's flow, so
        # that a shape learned from a write inside a loop body is known after the loop.
        self._element_shape = [TensorShape(element_shape)]
        self._infer_shape = infer_shape
        with name_scope(name, "TensorArrayV2", [size, flow]) as scope:
            self._flow = flow if flow is not None else list_ops.tensor_list_reserve(
                element_shape, size, self._dtype, name=scope or None)

    @property
    def element_shape(self):
        return self._element_shape[0]

    def _check_element_shape(self, shape):
        if not shape.is_compatible_with(self.element_shape):
            raise ValueError(f"Inconsistent shapes: saw {shape} but expected "
                             f"{self.element_shape} ")
        if self._infer_shape:
            self._element_shape[0] = self.element_shape.merge_with(shape)

    def _value(self, value):
        value = convert_to_tensor(value, preferred_dtype=self._dtype, name="value")
        if value.dtype != self._dtype:
            # TF only logs this and then fails in the kernel; fail at once with its text.
            raise TypeError(f"Input value {value} has dtype {value.dtype}, but expected "
                            f"dtype {self._dtype}")
        return value

    def identity(self):
        from tensorlite.ops.array_ops import identity
        return build_ta_with_new_flow(self, identity(self._flow))

    def read(self, index, name=None):
        with name_scope(name, "TensorArrayV2Read", [self._flow, index]):
            return list_ops.tensor_list_get_item(self._flow, index, self._dtype,
                                                 element_shape=self.element_shape, name=name)

    def write(self, index, value, name=None):
        with name_scope(name, "TensorArrayV2Write", [self._flow, index, value]):
            value = self._value(value)
            self._check_element_shape(value.shape)
            flow = list_ops.tensor_list_set_item(
                self._flow, index, value, resize_if_index_out_of_bounds=bool(
                    self._dynamic_size), name=name)
            return build_ta_with_new_flow(self, flow)

    def stack(self, name=None):
        with name_scope(name, "TensorArrayV2Stack", [self._flow]):
            size = -1
            if not self._dynamic_size and self._size is not None:
                known = shape_util.constant_value(convert_to_tensor(self._size))
                size = -1 if known is None else int(known)
            return list_ops.tensor_list_stack(self._flow, self._dtype, num_elements=size,
                                              element_shape=self.element_shape)

    def gather(self, indices, name=None):
        return list_ops.tensor_list_gather(self._flow, indices, self._dtype,
                                           element_shape=self.element_shape, name=name)

    def concat(self, name=None):
        shape = self.element_shape
        element_shape = [None] + shape.as_list()[1:] if shape.rank is not None else None
        return list_ops.tensor_list_concat(self._flow, self._dtype,
                                           element_shape=element_shape, name=name)[0]

    def unstack(self, value, name=None):
        with name_scope(name, "TensorArrayUnstack", [self._flow, value]):
            value = self._value(value)
            self._check_element_shape(value.shape[1:])
            flow = list_ops.tensor_list_from_tensor(value, value.shape[1:])
            return build_ta_with_new_flow(self, flow)

    def scatter(self, indices, value, name=None):
        with name_scope(name, "TensorArrayScatter", [self._flow, value, indices]):
            value = self._value(value)
            self._check_element_shape(value.shape[1:])
            flow = list_ops.tensor_list_scatter_into_existing_list(self._flow, value,
                                                                   indices)
            return build_ta_with_new_flow(self, flow)

    def split(self, value, lengths, name=None):
        with name_scope(name, "TensorArraySplit", [self._flow, value, lengths]):
            value = self._value(value)
            known = shape_util.constant_value(convert_to_tensor(lengths))
            if value.shape.rank is not None and known is not None and np.ndim(known) and \
                    np.size(known) and np.max(known) == np.min(known):
                self._check_element_shape(
                    TensorShape([int(np.reshape(known, -1)[0])]).concatenate(
                        value.shape[1:]))
            flow = list_ops.tensor_list_split(value, self.element_shape, lengths, name=name)
            return build_ta_with_new_flow(self, flow)

    def size(self, name=None):
        if not self._dynamic_size and self._size is not None:
            return convert_to_tensor(self._size, dtype=_dtypes.int32)
        return list_ops.tensor_list_length(self._flow, name=name)

    def close(self, name=None):
        from tensorlite.ops.control_flow_ops import no_op
        return no_op(name=name)


class TensorArray:
    """A list of tensors of one dtype, for loops (TF's tf.TensorArray).

    `handle` and `tensor_array_name` exist for TF1's TensorArray v1, which tensorlite does
    not have: in graphs every TensorArray is TF 2's TensorList-backed one.
    """

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None,
                 tensor_array_name=None, handle=None, flow=None, infer_shape=True,
                 element_shape=None, colocate_with_first_write_call=True, name=None):
        if _context.executing_eagerly() and (flow is None or
                                             flow.dtype is not _dtypes.variant):
            self._implementation = _EagerTensorArray(
                dtype, size=size, dynamic_size=dynamic_size,
                clear_after_read=clear_after_read, handle=handle, infer_shape=infer_shape,
                element_shape=element_shape)
        else:
            if handle is not None:
                raise ValueError("TensorArray handles (TF1's TensorArray v1) are not "
                                 "supported by tensorlite; use `flow`")
            self._implementation = _GraphTensorArray(
                dtype, size=size, dynamic_size=dynamic_size, flow=flow,
                infer_shape=infer_shape, element_shape=element_shape, name=name)
        self._implementation.parent = lambda: self

    @property
    def flow(self):
        """The flow tensor: the TensorList variant in graphs (a dummy int32 eagerly)."""
        return self._implementation._flow

    @property
    def dtype(self):
        return self._implementation._dtype

    @property
    def handle(self):
        return None

    @property
    def element_shape(self):
        return self._implementation.element_shape

    @property
    def dynamic_size(self):
        return self._implementation._dynamic_size

    def identity(self):
        return self._implementation.identity()

    def read(self, index, name=None):
        return self._implementation.read(index, name=name)

    def write(self, index, value, name=None):
        return self._implementation.write(index, value, name=name)

    def stack(self, name=None):
        return self._implementation.stack(name=name)

    def gather(self, indices, name=None):
        return self._implementation.gather(indices, name=name)

    def concat(self, name=None):
        return self._implementation.concat(name=name)

    def unstack(self, value, name=None):
        return self._implementation.unstack(value, name=name)

    def scatter(self, indices, value, name=None):
        return self._implementation.scatter(indices, value, name=name)

    def split(self, value, lengths, name=None):
        return self._implementation.split(value, lengths, name=name)

    def size(self, name=None):
        return self._implementation.size(name=name)

    def close(self, name=None):
        return self._implementation.close(name=name)


def build_ta_with_new_flow(old_ta, flow):
    """A TensorArray like `old_ta` around a new flow (sharing its element-shape record)."""
    impl = old_ta._implementation if isinstance(old_ta, TensorArray) else old_ta
    if isinstance(impl, _EagerTensorArray) and not _context.executing_eagerly():
        raise NotImplementedError(
            "Attempting to build a graph-mode TF2-style TensorArray from either an "
            "eager-mode TensorArray or a TF1-style TensorArray.  This is not currently "
            "supported.  You may be attempting to capture a TensorArray inside a "
            "tf.function or tf.data map function. Instead, construct a new TensorArray "
            "inside the function.")
    new_ta = TensorArray(dtype=impl._dtype, flow=flow, infer_shape=impl._infer_shape)
    new_impl = new_ta._implementation
    new_impl._dynamic_size = impl._dynamic_size
    new_impl._size = impl._size
    new_impl._element_shape = impl._element_shape
    return new_ta


def to_flows(structure):
    """`structure` with each TensorArray replaced by its flow (a while_loop variable)."""
    flat = nest.flatten(structure)
    if not any(isinstance(item, TensorArray) for item in flat):
        return structure
    return nest.pack_sequence_as(
        structure, [item.flow if isinstance(item, TensorArray) else item for item in flat])


def from_flows(originals, structure):
    """`structure` (flows) with TensorArrays rebuilt where `originals` had them."""
    flat_originals = nest.flatten(originals)
    if not any(isinstance(item, TensorArray) for item in flat_originals):
        return structure
    flat = nest.flatten(structure)
    return nest.pack_sequence_as(structure, [
        build_ta_with_new_flow(original, value) if isinstance(original, TensorArray)
        else value for original, value in zip(flat_originals, flat)])
