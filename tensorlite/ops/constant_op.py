"""Const, Placeholder and PlaceholderWithDefault: where graph values come from."""
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, register
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import shape_util


def _const_kernel(value, dtype):
    return value


CONST = register(OpDef(
    "Const", _const_kernel, lambda inputs, attrs: TensorShape(attrs["value"].shape),
    inputs=(), outputs=("dtype",)))


def make_const(graph, array, dtype, name):
    """A Const op in `graph` holding `array` (read-only: kernels never copy it)."""
    array.flags.writeable = False
    return graph.create_named_op(CONST, (), {"value": array, "dtype": dtype}, name)[0]


def _placeholder_kernel(dtype, shape):
    # The execution plan substitutes fed values; reaching the kernel means no feed.
    raise errors.InvalidArgumentError(None, None, "You must feed a value for placeholder")


PLACEHOLDER = register(OpDef(
    "Placeholder", _placeholder_kernel, lambda inputs, attrs: attrs["shape"],
    inputs=(), outputs=("dtype",)))

PLACEHOLDER_WITH_DEFAULT = register(OpDef(
    "PlaceholderWithDefault", lambda value, shape: value,
    lambda inputs, attrs: shape_util.merge_shapes(inputs[0].shape, attrs["shape"]) and
    attrs["shape"],
    inputs=("input: dtype",), outputs=("dtype",), type_attrs={"dtype": None},
    grad=lambda op, grad: [grad]))   # the default value's gradient passes through


def placeholder(dtype, shape=None, name=None):
    """A graph input that must be fed (tf.compat.v1.placeholder)."""
    if _context.executing_eagerly():
        raise RuntimeError("tf.placeholder() is not compatible with eager execution.")
    dtype = _dtypes.as_dtype(dtype)
    return apply(PLACEHOLDER, (), {"dtype": dtype, "shape": TensorShape(shape)},
                 name or "Placeholder")


def placeholder_with_default(input, shape, name=None):
    """A graph input that takes `input`'s value when not fed."""
    shape = TensorShape(shape)
    if _context.executing_eagerly():
        from tensorlite.framework.convert import convert_to_tensor
        value = convert_to_tensor(input)
        if not value.shape.is_compatible_with(shape):
            raise ValueError(f"Shape of input {value.shape} is not compatible with {shape}")
        return value
    return apply(PLACEHOLDER_WITH_DEFAULT, (input,), {"shape": shape},
                 name or "PlaceholderWithDefault")
