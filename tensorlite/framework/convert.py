"""Turning Python and NumPy values into tensors with TF's dtype rules.

Python floats become float32 and ints int32 (int64 when they do not fit), NumPy values keep
their dtype, and a requested dtype never silently changes a tensor's dtype.
"""
import numbers

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.tensor import EagerTensor, SymbolicTensor, Tensor

_INT32_MIN, _INT32_MAX = -2**31, 2**31 - 1
_INT64_MIN, _INT64_MAX = -2**63, 2**63 - 1

# (type, function(value, dtype, name, as_ref) -> Tensor), as TF's
# register_tensor_conversion_function; searched in registration order.
_conversion_functions = []


def register_tensor_conversion_function(base_type, conversion_func, priority=100):
    """Teach convert_to_tensor about another type (TF's function of the same name)."""
    _conversion_functions.append((priority, base_type, conversion_func))
    _conversion_functions.sort(key=lambda entry: entry[0])


def convert_to_tensor(value, dtype=None, name=None, dtype_hint=None, preferred_dtype=None,
                      as_ref=False):
    """A Tensor for `value` in the current context (TF's tf.convert_to_tensor)."""
    if dtype is not None:
        # A TF1 reference dtype (a variable's float32_ref) asks for its value's dtype.
        dtype = _dtypes.as_dtype(dtype).base_dtype
    if isinstance(value, Tensor):
        if dtype is not None and value.dtype is not dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with "
                             f"dtype {value.dtype.name}: {value!r}")
        return _in_current_context(value)
    result = registered_conversion(value, dtype, name, as_ref)
    if result is not None:
        return result
    custom = getattr(type(value), "__tf_tensor__", None)
    if custom is not None:
        return custom(value, dtype, name)
    hint = preferred_dtype if preferred_dtype is not None else dtype_hint
    if dtype is None and hint is not None:
        try:
            return constant(value, _dtypes.as_dtype(hint), name=name, _verify=True)
        except (TypeError, ValueError):
            pass
    return constant(value, dtype, name=name, _verify=True)


def registered_conversion(value, dtype=None, name=None, as_ref=False):
    """The tensor a registered conversion function makes of `value` (a variable's read),
    or None when no function takes it."""
    for _, base_type, function in _conversion_functions:
        if isinstance(value, base_type):
            result = function(value, dtype=dtype, name=name, as_ref=as_ref)
            if result is not NotImplemented:
                return result
    return None


def _in_current_context(tensor):
    builder = _context.current_builder()
    if builder.is_eager:
        if isinstance(tensor, SymbolicTensor):
            raise TypeError(
                f"{tensor!r} is out of scope and cannot be used here: it belongs to a graph, "
                "and eager code cannot use graph tensors. Use return values, explicit Python "
                "locals or TensorFlow collections to access it.")
        return tensor
    if isinstance(tensor, EagerTensor):
        capture = getattr(builder, "capture", None)
        if capture is None:
            raise RuntimeError("Attempting to capture an EagerTensor without building a "
                               "function.")
        return capture(tensor)
    return tensor


def constant(value, dtype=None, shape=None, name="Const", _verify=False):
    """A constant tensor (eager, or a Const op in a graph) holding `value`."""
    if dtype is not None:
        dtype = _dtypes.as_dtype(dtype).base_dtype
    if isinstance(value, Tensor):
        if dtype is not None and value.dtype is not dtype:
            raise TypeError(f"Expected tensor {value.numpy() if isinstance(value, EagerTensor) else value} "
                            f"with dtype {dtype!r}, but got dtype {value.dtype!r}.")
        if shape is None:
            return _in_current_context(value)
    builder = _context.current_builder()
    array, dtype = to_numpy(value, dtype, builder.is_eager)
    if shape is not None:
        array = _apply_shape(array, value, shape, builder.is_eager)
    if builder.is_eager:
        return EagerTensor(array, dtype)
    from tensorlite.ops.constant_op import make_const
    return make_const(builder, array, dtype, "Const" if name is None else name)


def to_numpy(value, dtype, eager=True):
    """The NumPy array (and DType) that `value` denotes, checked and cast as TF does."""
    if isinstance(value, EagerTensor):
        array = value._value
        natural = value.dtype
        if dtype is None or dtype is natural:
            return array, natural
        return _cast_array(np.asarray(array), dtype), dtype
    if isinstance(value, (np.ndarray, np.generic)):
        natural = _dtypes.from_numpy_dtype(value.dtype)
        if natural is _dtypes.string:
            array = np.asarray(value, dtype=object)
            array = _encode_strings(array)
        else:
            array = np.array(value)
        if dtype is None or dtype is natural:
            return array, natural
        if natural is _dtypes.string or dtype is _dtypes.string:
            raise _conversion_error(value, dtype, eager)
        return _cast_array(array, dtype), dtype
    if isinstance(value, Tensor):
        raise TypeError(f"Cannot use a graph tensor {value!r} as a constant value")
    return _python_to_numpy(value, dtype, eager)


def _python_to_numpy(value, dtype, eager):
    kind, array = _infer_python(value)
    natural = {"bool": _dtypes.bool, "int": None, "float": _dtypes.float32,
               "complex": _dtypes.complex128, "string": _dtypes.string,
               "float64": _dtypes.float64}[kind]
    if kind == "float64":
        kind = "float"
    elif kind == "float" and dtype is None and array.size and \
            np.max(np.abs(array[np.isfinite(array)]), initial=0) > np.finfo(np.float32).max:
        raise ValueError("Can't convert Python sequence with a value out of range for a "
                         "double-precision float.")
    if kind == "int":
        low, high = (int(array.min()), int(array.max())) if array.size else (0, 0)
        if low < _INT64_MIN or high > _INT64_MAX:
            raise ValueError("Can't convert Python sequence with out-of-range integer to "
                             "Tensor.")
        fits_int32 = _INT32_MIN <= low and high <= _INT32_MAX
        natural = _dtypes.int32 if fits_int32 else _dtypes.int64
    if dtype is None:
        dtype = natural
    elif array.size and not _python_kind_fits(kind, dtype):   # [] fits any dtype
        raise _conversion_error(value, dtype, eager)
    if dtype is _dtypes.string:
        return array, dtype
    return _cast_array(array, dtype), dtype


def _python_kind_fits(kind, dtype):
    """Which Python value kinds TF converts to which dtypes without complaint."""
    if kind == "string" or dtype is _dtypes.string:
        return kind == "string" and dtype is _dtypes.string
    if kind == "complex":
        return dtype.is_complex
    if kind == "float":
        return dtype.is_floating or dtype.is_complex
    if kind == "int":
        return not dtype.is_bool
    return True   # bool converts to any number


def _infer_python(value):
    """Classify a (nested) Python value and turn it into a NumPy array."""
    if isinstance(value, bool):
        return "bool", np.array(value)
    if isinstance(value, numbers.Integral):
        return "int", np.array(int(value), dtype=object if abs(value) >= 2**63 else np.int64)
    if isinstance(value, float):
        return "float", np.array(value)
    if isinstance(value, complex):
        return "complex", np.array(value)
    if isinstance(value, (str, bytes)):
        return "string", np.array(_as_bytes(value), dtype=object)
    if value is None:
        raise ValueError(f"Attempt to convert a value (None) with an unsupported type "
                         f"({type(None)}) to a Tensor.")
    if isinstance(value, (list, tuple)):
        return _infer_sequence(value)
    if hasattr(value, "__array__"):
        array = np.asarray(value)
        return _infer_python(array.tolist()) if array.dtype == object else \
            ("float" if array.dtype.kind == "f" else "int", array)
    raise ValueError(f"Attempt to convert a value ({value!r}) with an unsupported type "
                     f"({type(value)}) to a Tensor.")


_KIND_RANK = {"bool": 0, "int": 1, "float": 2, "complex": 3}


def _infer_sequence(value):
    flat, shape = [], []
    _flatten_rectangular(value, 0, shape, flat)
    kinds = set()
    leaves = []
    wide_float = False   # a NumPy float64 scalar among the items makes the result float64
    for item in flat:
        if isinstance(item, Tensor):
            item = item.numpy()
        if isinstance(item, (np.ndarray, np.generic)):
            wide_float |= item.dtype == np.float64
            item = item.item() if np.ndim(item) == 0 else item
        kind, array = _infer_python(item)
        kinds.add(kind)
        leaves.append(array[()] if array.ndim == 0 else array)
    if not leaves:
        return "float", np.zeros(shape, dtype=np.float64)
    if len(kinds) > 1 and ("string" in kinds or "bool" in kinds):
        raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
    if "string" in kinds:
        array = np.empty(len(leaves), dtype=object)
        array[:] = leaves
        return "string", array.reshape(shape)
    kind = max(kinds, key=_KIND_RANK.__getitem__)
    if kind == "int" and any(isinstance(v, int) and abs(v) >= 2**63 for v in leaves):
        raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
    numpy_type = {"bool": np.bool_, "int": np.int64, "float": np.float64,
                  "complex": np.complex128}[kind]
    if kind == "float" and wide_float:
        kind = "float64"
    return kind, np.array(leaves, dtype=numpy_type).reshape(shape)


def _flatten_rectangular(value, depth, shape, flat):
    if isinstance(value, (list, tuple)) or (isinstance(value, (EagerTensor, np.ndarray)) and
                                             np.ndim(value)):
        items = list(value)
        if len(shape) == depth:
            shape.append(len(items))
        elif len(shape) < depth or shape[depth] != len(items):
            raise ValueError("Can't convert non-rectangular Python sequence to Tensor.")
        for item in items:
            _flatten_rectangular(item, depth + 1, shape, flat)
    else:
        if len(shape) > depth and depth < len(shape):
            raise ValueError("Can't convert non-rectangular Python sequence to Tensor.")
        flat.append(value)


def _cast_array(array, dtype):
    target = dtype.as_numpy_dtype
    if dtype.is_unsigned or (dtype.is_integer and array.dtype.kind in "iu"):
        # TF wraps out-of-range integers (uint8(-1) == 255); NumPy 2 refuses, so go through
        # int64 and let astype wrap.
        if array.dtype == object:
            array = array.astype(np.int64)
        return np.asarray(array).astype(target)
    return np.asarray(array).astype(target)


def _encode_strings(array):
    flat = [_as_bytes(item) for item in array.reshape(-1)]
    result = np.empty(len(flat), dtype=object)
    result[:] = flat
    return result.reshape(array.shape)


def _as_bytes(value):
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _conversion_error(value, dtype, eager):
    if eager:
        return TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    return TypeError(f"Expected {dtype.name}, but got {value!r} of type "
                     f"'{type(value).__name__}'.")


def _apply_shape(array, original, shape, eager):
    from tensorlite.framework.tensor_shape import TensorShape
    shape = TensorShape(shape)
    if not shape.is_fully_defined():
        raise ValueError(f"Shape {shape} must be fully defined for tf.constant")
    dims = tuple(shape.as_list())
    wanted = int(np.prod(dims, dtype=np.int64))
    if array.size == wanted:
        return array.reshape(dims)
    if array.size == 1:
        return np.full(dims, array.reshape(()), dtype=array.dtype)
    raise TypeError(f"Eager execution of tf.constant with unsupported shape. Tensor {array} "
                    f"(converted from {original}) has {array.size} elements, but got `shape` "
                    f"{dims} with {wanted} elements).")
