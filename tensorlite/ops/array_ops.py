"""Shape-manipulating ops: Identity, Reshape, Shape, Rank, Size, Pack, Range, StridedSlice
(with TF's `tensor[...]` slicing), and NoOp. Kernel, shape rule and wrapper side by side.
"""
import builtins

import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor, register_tensor_conversion_function
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import (OpDef, not_differentiable, register,
                                          register_array_gradient, register_gradient,
                                          register_identity_gradient)
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import shape_util
from tensorlite.ops.shape_util import same_as_first
from tensorlite.ops.shape_util import dims_text as _dims_text

INDEX_TYPES = (_dtypes.int32, _dtypes.int64)

# ------------------------------------------------------------------ Identity, NoOp

def _identity_kernel(input):
    # Reading a TF1 reference variable ("v/read" is an Identity) dereferences its storage.
    if getattr(input, "deref_on_read", False):
        return input.get()
    return input


IDENTITY = register(OpDef("Identity", _identity_kernel, same_as_first,
                          inputs=("input: T",), outputs=("T",), type_attrs={"T": None}))

NO_OP = register(OpDef("NoOp", lambda: None, None, inputs=(), outputs=()))


def identity(input, name=None):
    return apply(IDENTITY, (input,), name=name or "Identity")


def no_op(name=None):
    return apply(NO_OP, (), name=name or "NoOp")


# ------------------------------------------------------------------ Reshape

def _reshape_kernel(tensor, shape):
    # NumPy's reshape agrees with TF's whenever it succeeds (its -1 rule is TF's); TF's
    # messages are only worked out when it fails.
    try:
        if type(tensor) is np.ndarray and type(shape) is np.ndarray:
            return tensor.reshape(shape.tolist())     # (the method: no Python wrapper)
        return np.reshape(tensor, shape.tolist() if type(shape) is np.ndarray else shape)
    except ValueError:
        pass
    shape = [int(d) for d in np.reshape(shape, -1)]
    size = int(np.size(tensor))
    known = int(np.prod([d for d in shape if d != -1], dtype=np.int64))
    if shape.count(-1) > 1:
        raise errors.InvalidArgumentError(None, None, "Only one input size may be -1, not both")
    if -1 in shape:
        if known == 0 or size % known:
            raise errors.InvalidArgumentError(
                None, None, f"Input to reshape is a tensor with {size} values, but the "
                f"requested shape requires a multiple of {known}")
    elif known != size:
        raise errors.InvalidArgumentError(
            None, None, f"Input to reshape is a tensor with {size} values, but the requested "
            f"shape has {known}")
    return np.reshape(tensor, shape)


def _reshape_shape(inputs, attrs):
    target = shape_util.constant_value_as_shape(inputs[1])
    value = shape_util.constant_value(inputs[1])
    source = inputs[0].shape
    if value is None or target.rank is None:
        return target
    dims = [int(d) for d in np.reshape(value, -1)]
    if dims.count(-1) > 1 or not source.is_fully_defined():
        return target
    size = source.num_elements()
    known = int(np.prod([d for d in dims if d != -1], dtype=np.int64))
    if -1 in dims:
        if known == 0 or size % known:
            raise ValueError(f"Dimension size must be evenly divisible by {known} but is "
                             f"{size}")
        dims[dims.index(-1)] = size // known
    elif size != known:
        raise ValueError(f"Cannot reshape a tensor with {size} elements to shape "
                         f"{_dims_text(dims)} ({known} elements)")
    return TensorShape(tuple(dims))


RESHAPE = register(OpDef("Reshape", _reshape_kernel, _reshape_shape,
                         inputs=("tensor: T", "shape: Tshape"), outputs=("T",),
                         type_attrs={"T": None, "Tshape": INDEX_TYPES}))


def reshape(tensor, shape, name=None):
    return apply(RESHAPE, (tensor, _index_tensor(shape)), name=name or "Reshape")


def _index_tensor(value):
    return index_argument(value)


def index_argument(value):
    """A shape/axis-like argument: Python ints (lists of them, even empty ones) become int32
    arrays (int64 when a value needs it), the default index type of TF's op definitions."""
    if isinstance(value, Tensor) or hasattr(value, "_as_tensor"):
        return value
    if isinstance(value, TensorShape):
        value = value.as_list()
    if isinstance(value, (list, tuple)) and _dtype_in_nested(value) is not None:
        return value
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        return value
    if array.dtype == object or array.dtype.kind not in "iuf" or \
            (array.dtype.kind == "f" and array.size):
        return value
    if array.dtype.kind == "f" or (array.dtype.kind in "iu" and
                                   not isinstance(value, (np.ndarray, np.generic))):
        fits = not array.size or (-2**31 <= array.min() and array.max() < 2**31)
        return array.astype(np.int32 if fits else np.int64)
    return value


# ------------------------------------------------------------------ Shape, Rank, Size

SHAPE = register(OpDef(
    "Shape", lambda input, out_type: np.array(np.shape(input), dtype=out_type.as_numpy_dtype),
    lambda inputs, attrs: TensorShape((inputs[0].shape.rank,)),
    inputs=("input: T",), outputs=("out_type",), type_attrs={"T": None}))

RANK = register(OpDef(
    "Rank", lambda input: np.int32(np.ndim(input)), shape_util.scalar,
    inputs=("input: T",), outputs=("int32",), type_attrs={"T": None}))

SIZE = register(OpDef(
    "Size", lambda input, out_type: out_type.as_numpy_dtype(np.size(input)),
    shape_util.scalar, inputs=("input: T",), outputs=("out_type",), type_attrs={"T": None}))

def _fold_strided_slice(op):
    values = [shape_util.constant_value(t) for t in op.inputs]
    if any(v is None for v in values):
        return None
    try:
        return _strided_slice_kernel(*values, **{mask: op.get_attr(mask) for mask in _MASKS})
    except (ValueError, IndexError, TypeError, errors.OpError):
        return None


def _fold_reshape(op):
    value, target = (shape_util.constant_value(t) for t in op.inputs)
    if value is None or target is None:
        return None
    try:
        return _reshape_kernel(value, target)
    except (ValueError, errors.OpError):
        return None


shape_util.register_constant_folder("StridedSlice", _fold_strided_slice)
shape_util.register_constant_folder("Reshape", _fold_reshape)
shape_util.register_constant_folder(
    "Rank", lambda op: np.int32(op.inputs[0].shape.rank)
    if op.inputs[0].shape.rank is not None else None)
shape_util.register_constant_folder(
    "Size", lambda op: op.get_attr("out_type").as_numpy_dtype(op.inputs[0].shape.num_elements())
    if op.inputs[0].shape.is_fully_defined() else None)


def shape(input, out_type=_dtypes.int32, name=None):
    """The shape of `input` as a 1-D tensor. In a graph a fully known static shape becomes a
    constant named "Shape", as TF's shape_internal does."""
    out_type = _dtypes.as_dtype(out_type)
    graph_constant = _graph_constant(input, name, "Shape",
                                     lambda s: s.as_list() if s.is_fully_defined() else None,
                                     out_type)
    if graph_constant is not None:
        return graph_constant
    return apply(SHAPE, (input,), {"out_type": out_type}, name=name or "Shape")


def rank(input, name=None):
    """The rank of `input`; a constant when it is known statically (as in TF)."""
    graph_constant = _graph_constant(input, name, "Rank", lambda s: s.rank, _dtypes.int32)
    if graph_constant is not None:
        return graph_constant
    return apply(RANK, (input,), name=name or "Rank")


def size(input, out_type=_dtypes.int32, name=None):
    """The number of elements of `input`; a constant when it is known statically."""
    out_type = _dtypes.as_dtype(out_type)
    graph_constant = _graph_constant(
        input, name, "Size",
        lambda s: s.num_elements() if s.is_fully_defined() else
        (0 if s.rank is not None and 0 in s.as_list() else None), out_type)
    if graph_constant is not None:
        return graph_constant
    return apply(SIZE, (input,), {"out_type": out_type}, name=name or "Size")


def _graph_constant(input, name, default_name, static_value, dtype):
    """TF's graph-mode shortcut for Shape/Rank/Size: a Const when the value is static.

    Eagerly the op itself runs (the value is the same and no gradient flows either way).
    """
    from tensorlite.framework import context as _context
    from tensorlite.framework.scopes import name_scope
    if _context.executing_eagerly() or not isinstance(input, Tensor):
        return None
    value = static_value(input.shape)
    if value is None:
        return None
    with name_scope(name, default_name, [input]) as scope:
        return convert_to_tensor(np.array(value, dtype=dtype.as_numpy_dtype), name=scope)


# ------------------------------------------------------------------ Pack

def _pack_shape(inputs, attrs):
    shape = TensorShape(None)
    for t in inputs:
        shape = shape.merge_with(t.shape)
    if shape.rank is None:
        return shape_util.UNKNOWN
    axis = attrs.get("axis", 0)
    dims = list(shape.as_list())
    rank = len(dims) + 1
    if not -rank <= axis < rank:
        raise ValueError(f"axis = {axis} not in [{-rank}, {rank})")
    dims.insert(axis % rank, len(inputs))
    return TensorShape(tuple(dims))


PACK = register(OpDef("Pack", lambda *values, axis=0: np.stack(values, axis=axis), _pack_shape,
                      inputs=("values: N*T",), outputs=("T",), type_attrs={"T": None},
                      default_attrs={"axis": 0}))


def stack(values, axis=0, name="stack"):
    """Stack a list of rank-R tensors into one rank-(R+1) tensor along `axis`."""
    from tensorlite.framework.scopes import name_scope
    values = list(values)
    if not values:
        raise ValueError("tf.stack requires at least one value")
    with name_scope(name, "stack", values) as scope:
        return apply(PACK, values, {"axis": axis}, name=scope or name)


# ------------------------------------------------------------------ Range

def _range_kernel(start, limit, delta):
    if delta == 0:
        raise errors.InvalidArgumentError(None, None, "Requires delta != 0")
    return np.arange(start, limit, delta).astype(np.result_type(start))


def _range_shape(inputs, attrs):
    values = [shape_util.constant_value(t) for t in inputs]
    if any(v is None for v in values):
        return TensorShape((None,))
    start, limit, delta = values
    return TensorShape((max(0, int(np.ceil((limit - start) / delta))),))


RANGE = register(OpDef("Range", _range_kernel, _range_shape,
                       inputs=("start: Tidx", "limit: Tidx", "delta: Tidx"),
                       outputs=("Tidx",), type_attrs={"Tidx": _dtypes.REAL_NUMBER_TYPES}))


def range(start, limit=None, delta=1, dtype=None, name="range"):
    if limit is None:
        start, limit = 0, start
    dtype = _dtypes.as_dtype(dtype) if dtype is not None else None
    if dtype is None:
        kinds = [v.dtype for v in (start, limit, delta) if isinstance(v, Tensor)]
        floaty = any(isinstance(v, float) for v in (start, limit, delta))
        dtype = max(kinds, key=lambda d: (d.is_floating, d.size)) if kinds else \
            (_dtypes.float32 if floaty else _dtypes.int32)
    values = [convert_to_tensor(v, dtype=dtype) if not isinstance(v, Tensor) else v
              for v in (start, limit, delta)]
    return apply(RANGE, values, name=name or "range")


# ------------------------------------------------------------------ StridedSlice

def _slice_spec(begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask,
                shrink_axis_mask):
    """The NumPy index tuple that a StridedSlice's vectors and masks denote."""
    index = []
    for i in builtins.range(len(begin)):
        bit = 1 << i
        if ellipsis_mask & bit:
            index.append(Ellipsis)
        elif new_axis_mask & bit:
            index.append(np.newaxis)
        elif shrink_axis_mask & bit:
            index.append(int(begin[i]))
        else:
            index.append(slice(None if begin_mask & bit else int(begin[i]),
                               None if end_mask & bit else int(end[i]), int(strides[i])))
    return tuple(index)


def _input_dims_of(index, rank):
    """For each entry of `index`, the first input dimension it consumes.

    `...` consumes every dimension the other entries leave; tf.newaxis consumes none.
    """
    consumed = sum(1 for item in index if item is not Ellipsis and item is not np.newaxis)
    result, dim = [], 0
    for item in index:
        result.append(dim)
        if item is Ellipsis:
            dim += max(rank - consumed, 0)
        elif item is not np.newaxis:
            dim += 1
    return result


def _strided_slice_kernel(input, begin, end, strides, begin_mask=0, end_mask=0,
                          ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0):
    if np.any(np.asarray(strides) == 0):
        raise errors.InvalidArgumentError(None, None, "strides[0] must be non-zero")
    if bin(ellipsis_mask).count("1") > 1:
        raise errors.InvalidArgumentError(None, None,
                                          "Multiple ellipses in slice spec not allowed")
    consuming = [i for i in builtins.range(len(begin))
                 if not (ellipsis_mask | new_axis_mask) & (1 << i)]
    if np.ndim(input) == 0 and consuming:
        raise errors.InvalidArgumentError(None, None, "Attempting to slice scalar input.")
    index = _slice_spec(begin, end, strides, begin_mask, end_mask, ellipsis_mask,
                        new_axis_mask, shrink_axis_mask)
    shape = np.shape(input)
    if Ellipsis not in index:
        index = index + (Ellipsis,)
    for item, dim in zip(index, _input_dims_of(index, len(shape))):
        if isinstance(item, int):
            if dim >= len(shape):
                raise errors.InvalidArgumentError(
                    None, None, f"Index out of range using input dim {dim}; input has only "
                    f"{len(shape)} dims")
            if not -shape[dim] <= item < shape[dim]:
                # TF reports a negative index after adding the dimension's size.
                shown = item + shape[dim] if item < 0 else item
                raise errors.InvalidArgumentError(
                    None, None, f"slice index {shown} of dimension {dim} out of bounds.")
    return input[index]


def _strided_slice_shape(inputs, attrs):
    source = inputs[0].shape
    vectors = [shape_util.constant_value(t) for t in inputs[1:]]
    if source.rank is None:
        return shape_util.UNKNOWN
    if any(v is None for v in vectors):
        return _strided_slice_partial_shape(source, inputs[1].shape, vectors[2], attrs)
    index = _slice_spec(*vectors, attrs.get("begin_mask", 0), attrs.get("end_mask", 0),
                        attrs.get("ellipsis_mask", 0), attrs.get("new_axis_mask", 0),
                        attrs.get("shrink_axis_mask", 0))
    if Ellipsis not in index:
        index = index + (Ellipsis,)
    dims = source.as_list()
    out = []
    consumed = sum(1 for item in index if item is not Ellipsis and item is not np.newaxis)
    for item, dim in zip(index, _input_dims_of(index, len(dims))):
        if item is Ellipsis:
            out.extend(dims[dim:dim + max(len(dims) - consumed, 0)])
        elif item is np.newaxis:
            out.append(1)
        elif isinstance(item, int):
            if dim >= len(dims):
                raise ValueError(f"Index out of range using input dim {dim}; input has only "
                                 f"{len(dims)} dims")
            size = dims[dim]
            if size is not None and not -size <= item < size:
                shown = item + size if item < 0 else item
                raise ValueError(f"slice index {shown} of dimension {dim} out of bounds.")
        else:
            if dim >= len(dims):
                raise ValueError(f"Index out of range using input dim {dim}; input has only "
                                 f"{len(dims)} dims")
            size = dims[dim]
            out.append(None if size is None else len(builtins.range(*item.indices(size))))
    return TensorShape(tuple(out))


class _UnknownExtent:
    """A slice entry whose begin/end are computed: its dimension's size is unknown."""


_UNKNOWN_EXTENT = _UnknownExtent()


def _strided_slice_partial_shape(source, begin_shape, strides, attrs):
    """TF's inference when begin/end are computed (`x[i]` in a loop): the masks still fix
    the rank, the dims that shrink or are new, and full `:` slices of unit stride."""
    if begin_shape.rank != 1 or begin_shape.as_list()[0] is None:
        return shape_util.UNKNOWN
    begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_mask = (
        attrs.get(name, 0) for name in ("begin_mask", "end_mask", "ellipsis_mask",
                                        "new_axis_mask", "shrink_axis_mask"))
    index = []
    for i in builtins.range(begin_shape.as_list()[0]):
        bit = 1 << i
        if ellipsis_mask & bit:
            index.append(Ellipsis)
        elif new_axis_mask & bit:
            index.append(np.newaxis)
        elif shrink_mask & bit:
            index.append(0)         # (the dimension goes away, whatever the index)
        elif begin_mask & bit and end_mask & bit and strides is not None and \
                abs(int(np.reshape(strides, -1)[i])) == 1:
            index.append(slice(None))
        else:
            index.append(_UNKNOWN_EXTENT)
    if Ellipsis not in index:
        index.append(Ellipsis)
    dims = source.as_list()
    consumed = sum(1 for item in index if item is not Ellipsis and item is not np.newaxis)
    if consumed > len(dims):
        raise ValueError(f"Index out of range using input dim {len(dims)}; input has only "
                         f"{len(dims)} dims")
    out = []
    for item, dim in zip(index, _input_dims_of(index, len(dims))):
        if item is Ellipsis:
            out.extend(dims[dim:dim + max(len(dims) - consumed, 0)])
        elif item is np.newaxis:
            out.append(1)
        elif item is _UNKNOWN_EXTENT:
            out.append(None)
        elif not isinstance(item, int):
            out.append(dims[dim])
    return TensorShape(tuple(out))


STRIDED_SLICE = register(OpDef(
    "StridedSlice", _strided_slice_kernel, _strided_slice_shape,
    inputs=("input: T", "begin: Index", "end: Index", "strides: Index"), outputs=("T",),
    type_attrs={"T": None, "Index": INDEX_TYPES},
    default_attrs={"begin_mask": 0, "end_mask": 0, "ellipsis_mask": 0, "new_axis_mask": 0,
                   "shrink_axis_mask": 0}))


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0,
                  ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0, var=None,
                  name=None):
    if strides is None:
        strides = [1] * len(begin)
    attrs = {"begin_mask": begin_mask, "end_mask": end_mask, "ellipsis_mask": ellipsis_mask,
             "new_axis_mask": new_axis_mask, "shrink_axis_mask": shrink_axis_mask}
    return apply(STRIDED_SLICE, (input_, begin, end, strides), attrs,
                 name=name or "StridedSlice")


def _is_index(value):
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (int, np.integer)):
        return True
    if isinstance(value, Tensor):
        return value.dtype.is_integer and value.shape.rank in (0, None)
    return False


def slice_helper(tensor, slice_spec):
    """`tensor[slice_spec]` with TF's semantics (ints, slices, ..., tf.newaxis, int tensors)."""
    from tensorlite.framework.scopes import name_scope
    if not isinstance(slice_spec, (list, tuple)):   # TF reads t[[1, 2]] as t[1, 2]
        slice_spec = (slice_spec,)
    begin, end, strides = [], [], []
    begin_mask = end_mask = ellipsis_mask = new_axis_mask = shrink_axis_mask = 0
    for index, item in enumerate(slice_spec):
        bit = 1 << index
        if isinstance(item, slice):
            for part, mask_name in ((item.start, "begin"), (item.stop, "end")):
                if part is not None and not _is_index(part):
                    raise TypeError(_BAD_INDEX.format(item))
            if item.step is not None and not _is_index(item.step):
                raise TypeError(_BAD_INDEX.format(item))
            begin.append(0 if item.start is None else item.start)
            end.append(0 if item.stop is None else item.stop)
            strides.append(1 if item.step is None else item.step)
            if item.start is None:
                begin_mask |= bit
            if item.stop is None:
                end_mask |= bit
        elif item is Ellipsis:
            begin.append(0), end.append(0), strides.append(1)
            ellipsis_mask |= bit
        elif item is None:
            begin.append(0), end.append(0), strides.append(1)
            new_axis_mask |= bit
        elif _is_index(item):
            begin.append(item)
            end.append(item + 1 if not isinstance(item, Tensor) else item + 1)
            strides.append(1)
            shrink_axis_mask |= bit
        else:
            raise TypeError(_BAD_INDEX.format(item))
    with name_scope(None, "strided_slice", [tensor] + begin + end + strides) as scope:
        if begin:
            vectors = [_pack_index(v) for v in (begin, end, strides)]
        else:
            empty = np.zeros(0, dtype=np.int32)
            vectors = [empty, empty, empty]
        attrs = {"begin_mask": begin_mask, "end_mask": end_mask,
                 "ellipsis_mask": ellipsis_mask, "new_axis_mask": new_axis_mask,
                 "shrink_axis_mask": shrink_axis_mask}
        return apply(STRIDED_SLICE, [tensor] + vectors, attrs, name=scope or "strided_slice")


_BAD_INDEX = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
              "tf.int32/tf.int64 tensors are valid indices, got {!r}")


def _pack_index(values):
    if not any(isinstance(v, Tensor) for v in values):
        dtype = np.int64 if any(not -2**31 <= int(v) < 2**31 for v in values) else np.int32
        return np.array([int(v) for v in values], dtype=dtype)
    dtype = next(v.dtype for v in values if isinstance(v, Tensor))
    return stack([v if isinstance(v, Tensor) else convert_to_tensor(v, dtype=dtype)
                  for v in values])


Tensor.override_operator("__getitem__", slice_helper)


def _strided_slice_grad_kernel(shape, begin, end, strides, dy, begin_mask=0, end_mask=0,
                               ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0):
    index = _slice_spec(begin, end, strides, begin_mask, end_mask, ellipsis_mask,
                        new_axis_mask, shrink_axis_mask)
    result = np.zeros([int(d) for d in np.reshape(shape, -1)], dtype=np.asarray(dy).dtype)
    result[index] = dy
    return result


_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")

STRIDED_SLICE_GRAD = register(OpDef(
    "StridedSliceGrad", _strided_slice_grad_kernel,
    lambda inputs, attrs: shape_util.constant_value_as_shape(inputs[0]),
    inputs=("shape: Index", "begin: Index", "end: Index", "strides: Index", "dy: T"),
    outputs=("T",), type_attrs={"T": None, "Index": INDEX_TYPES},
    default_attrs={"begin_mask": 0, "end_mask": 0, "ellipsis_mask": 0, "new_axis_mask": 0,
                   "shrink_axis_mask": 0}))


@register_gradient("StridedSlice")
def _strided_slice_gradient(op, grad):
    # Scatter the incoming gradient into zeros of the input's shape (TF's StridedSliceGrad).
    begin, end, strides = op.inputs[1:]
    attrs = {mask: op.get_attr(mask) for mask in _MASKS}
    input_shape = shape(op.inputs[0], out_type=begin.dtype)
    return [apply(STRIDED_SLICE_GRAD, (input_shape, begin, end, strides, grad), attrs,
                  name="StridedSliceGrad"), None, None, None]


@register_gradient("StridedSliceGrad")
def _strided_slice_grad_gradient(op, grad):
    begin, end, strides = op.inputs[1:4]
    attrs = {mask: op.get_attr(mask) for mask in _MASKS}
    return [None, None, None, None,
            apply(STRIDED_SLICE, (grad, begin, end, strides), attrs, name="StridedSlice")]


# ------------------------------------------------------------------ gradients

register_identity_gradient("Identity")


@register_gradient("Reshape")
def _reshape_gradient(op, grad):
    return [reshape(grad, shape(op.inputs[0])), None]


register_array_gradient("Reshape")(
    lambda op, grad: [np.reshape(grad, np.shape(op.inputs[0]._value)), None])


@register_gradient("Pack")
def _pack_gradient(op, grad):
    from tensorlite.ops.array_manip import unstack
    return unstack(grad, num=op.get_attr("N"), axis=op.get_attr("axis"))


for _op_type in ("Shape", "Rank", "Size", "Range"):
    not_differentiable(_op_type)


# ------------------------------------------------------------------ autopacking

def _dtype_in_nested(values):
    for item in values:
        if isinstance(item, Tensor):
            return item.dtype
        if isinstance(item, (list, tuple)):
            found = _dtype_in_nested(item)
            if found is not None:
                return found
    return None


def _autopack(values, dtype, name):
    """Pack a nested list holding tensors into one tensor (TF's _autopacking_helper)."""
    from tensorlite.framework import context as _context
    from tensorlite.framework.scopes import name_scope
    if _context.executing_eagerly() and all(isinstance(v, Tensor) for v in values):
        return apply(PACK, list(values), {"axis": 0}, name=name)
    must_pack, converted = False, []
    with name_scope(name) as scope:
        for index, item in enumerate(values):
            if isinstance(item, Tensor):
                if dtype is not None and item.dtype is not dtype:
                    raise TypeError(f"Cannot convert a list containing a tensor of dtype "
                                    f"{item.dtype} to {dtype} (Tensor is: {item!r})")
                must_pack = True
            elif isinstance(item, (list, tuple)):
                item = _autopack(item, dtype, str(index))
                must_pack |= isinstance(item, Tensor)
            converted.append(item)
        if not must_pack:
            return converted
        tensors = [item if isinstance(item, Tensor) else
                   convert_to_tensor(item, dtype=dtype, name=str(index))
                   for index, item in enumerate(converted)]
        return apply(PACK, tensors, {"axis": 0}, name=scope or name)


def _autopacking_conversion(value, dtype=None, name=None, as_ref=False):
    # Lists mixing tensors and numbers ([tf.shape(x)[0], -1]) become a Pack op, as in TF.
    inferred = _dtype_in_nested(value)
    if as_ref or inferred is None:
        return NotImplemented
    if dtype is not None and dtype is not inferred:
        from tensorlite.ops.math_ops import cast
        value = _cast_nested(value, dtype, cast)
    return _autopack(value, dtype or inferred, name or "packed")


def _cast_nested(values, dtype, cast):
    return [cast(v, dtype) if isinstance(v, Tensor) and v.dtype is not dtype else
            _cast_nested(v, dtype, cast) if isinstance(v, (list, tuple)) else v
            for v in values]


register_tensor_conversion_function((list, tuple), _autopacking_conversion, 99)


def __getattr__(name):
    # TF's array_ops module also holds concat, transpose, gather, ...; they live in
    # array_manip / gather_scatter here, which import this module, so resolve lazily.
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from tensorlite.ops import array_manip, gather_scatter
    for module in (array_manip, gather_scatter):
        if hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
