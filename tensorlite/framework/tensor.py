"""`tf.Tensor` and its two kinds: EagerTensor (holds a NumPy value) and SymbolicTensor
(an output of a graph Operation).

Operator overloads (`+`, `[]`, ...) are attached by the op modules with
`Tensor.override_operator`, as TF does, so this module does not import the op library.
"""
import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import errors
from tensorlite.framework.device import EAGER_DEVICE
from tensorlite.framework.tensor_shape import TensorShape


class Tensor:
    """A multi-dimensional value of one dtype: the base of eager and graph tensors."""

    __slots__ = ()
    # Makes NumPy defer to our reflected operators (`np_array + tensor`).
    __array_priority__ = 100
    # TF2 behaviour: `==` is elementwise and tensors are unhashable outside v1 graphs.
    # `disable_v2_behavior` / `disable_tensor_equality` switch it off.
    _USE_EQUALITY = True
    OVERLOADABLE_OPERATORS = frozenset({
        "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__div__",
        "__rdiv__", "__truediv__", "__rtruediv__", "__floordiv__", "__rfloordiv__",
        "__mod__", "__rmod__", "__pow__", "__rpow__", "__matmul__", "__rmatmul__",
        "__neg__", "__abs__", "__invert__", "__lt__", "__le__", "__gt__", "__ge__",
        "__and__", "__rand__", "__or__", "__ror__", "__xor__", "__rxor__", "__getitem__",
        "__eq__", "__ne__"})

    @classmethod
    def override_operator(cls, operator, func):
        if operator not in cls.OVERLOADABLE_OPERATORS:
            raise ValueError(f"Overriding {operator} is disallowed")
        setattr(cls, operator, func)

    # Shared conveniences --------------------------------------------------------------

    def get_shape(self):
        return self.shape

    @property
    def ndim(self):
        return self.shape.rank

    def ref(self):
        """A hashable reference to this tensor (usable as a dict key)."""
        return Reference(self)

    experimental_ref = ref

    def __hash__(self):
        if Tensor._USE_EQUALITY and _hash_forbidden(self):
            raise TypeError(f"Tensor is unhashable. Instead, use tensor.ref() as the key.")
        return id(self)

    def __eq__(self, other):  # replaced by math ops with TF's tensor_equals
        return self is other

    def __ne__(self, other):
        return self is not other

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        raise TypeError("Tensors cannot be pickled; use tensor.numpy() for the value")


def _hash_forbidden(tensor):
    """TF forbids hashing eager tensors and tensors of function graphs (TF's Tensor.__hash__)."""
    if isinstance(tensor, EagerTensor):
        return True
    return tensor.graph.building_function and _context.executing_eagerly_outside_functions()


class EagerTensor(Tensor):
    """A tensor with a concrete value, created by eager execution."""

    __slots__ = ("_value", "_dtype", "_shape", "__weakref__")

    def __init__(self, value, dtype):
        self._value = value        # np.ndarray or NumPy scalar
        self._dtype = dtype
        self._shape = None

    @property
    def dtype(self):
        return self._dtype

    @property
    def shape(self):
        shape = self._shape
        if shape is None:
            shape = self._shape = TensorShape(np.shape(self._value))
        return shape

    @property
    def device(self):
        return EAGER_DEVICE

    backing_device = device

    def numpy(self):
        """A copy of the value: a NumPy array, or a NumPy scalar for rank 0."""
        value = self._value
        if isinstance(value, np.ndarray):
            return value[()] if value.ndim == 0 else value.copy()
        return value

    def _numpy(self):
        value = self._value
        if isinstance(value, np.ndarray) and value.ndim == 0:
            return value[()]
        return value

    @property
    def name(self):
        raise AttributeError("Tensor.name is undefined when eager execution is enabled.")

    @property
    def op(self):
        raise AttributeError("Tensor.op is undefined when eager execution is enabled.")

    @property
    def graph(self):
        raise AttributeError("Tensor.graph is undefined when eager execution is enabled.")

    @property
    def value_index(self):
        raise AttributeError("Tensor.value_index is undefined when eager execution is "
                             "enabled.")

    def consumers(self):
        raise NotImplementedError("Tensor.consumers is undefined when eager execution is "
                                  "enabled.")

    def set_shape(self, shape):
        if not self.shape.is_compatible_with(shape):
            raise ValueError(f"Tensor's shape {self.shape} is not compatible with supplied "
                             f"shape {TensorShape(shape)}.")

    def eval(self, feed_dict=None, session=None):
        raise NotImplementedError("eval is not supported when eager execution is enabled, "
                                  "is .numpy() what you're looking for?")

    def _text(self, is_repr):
        if not self._dtype.is_numpy_compatible:
            return "<unprintable>"
        value = self._numpy()
        if is_repr:
            if np.isscalar(value) and not isinstance(value, bytes):
                text = repr(value.item())
            else:
                text = repr(value)
        else:
            text = str(value)
        return "\n" + text if "\n" in text else text

    def __repr__(self):
        return (f"<tf.Tensor: shape={self.shape}, dtype={self._dtype.name}, "
                f"numpy={self._text(True)}>")

    def __str__(self):
        return f"tf.Tensor({self._text(False)}, shape={self.shape}, dtype={self._dtype.name})"

    def __bool__(self):
        value = self._value
        if np.size(value) == 0:   # TF says False where NumPy 2 refuses
            return False
        return bool(value)

    def __len__(self):
        if not np.ndim(self._value):
            raise TypeError("Scalar tensor has no `len()`")
        return len(self._value)

    def __iter__(self):
        if not np.ndim(self._value):
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(len(self._value)))

    def __index__(self):
        return self._numpy().__index__()

    def __int__(self):
        return int(self._numpy())

    def __float__(self):
        return float(self._numpy())

    def __complex__(self):
        return complex(self._numpy())

    def __array__(self, dtype=None, copy=None):
        value = np.asarray(self._value)
        return value if dtype is None else value.astype(dtype, copy=False)

    def __format__(self, format_spec):
        return format(self._numpy(), format_spec)


class SymbolicTensor(Tensor):
    """An output of an Operation in a graph; it has a value only when a Session runs it."""

    __slots__ = ("_op", "_value_index", "_dtype", "_shape", "__weakref__")

    def __init__(self, op, value_index, dtype, shape):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = shape

    @property
    def op(self):
        return self._op

    @property
    def graph(self):
        return self._op.graph

    @property
    def dtype(self):
        return self._dtype

    @property
    def shape(self):
        return self._shape

    @property
    def value_index(self):
        return self._value_index

    @property
    def name(self):
        return f"{self._op.name}:{self._value_index}"

    @property
    def device(self):
        return self._op.device

    def set_shape(self, shape):
        """Merge `shape` into this tensor's static shape (ValueError if incompatible)."""
        from tensorlite.ops.shape_util import merge_shapes
        self._shape = merge_shapes(self._shape, shape)

    def consumers(self):
        """The operations that take this tensor as an input, in creation order."""
        return [op for op in self._op.graph.get_operations()
                for t in op.inputs if t is self]

    def eval(self, feed_dict=None, session=None):
        from tensorlite.execution.session import run_with_default_session
        return run_with_default_session(self, feed_dict, self.graph, session)

    def __repr__(self):
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def __str__(self):
        if self._shape.rank is None:
            return f'Tensor("{self.name}", dtype={self._dtype.name})'
        return f'Tensor("{self.name}", shape={self._shape}, dtype={self._dtype.name})'

    def __bool__(self):
        _disallow_in_graph(self, "Using a symbolic `tf.Tensor` as a Python `bool`")

    def __iter__(self):
        _disallow_in_graph(self, "Iterating over a symbolic `tf.Tensor`")

    def __len__(self):
        raise TypeError(f"len is not well defined for a symbolic Tensor ({self.name}). "
                        "Please call `x.shape` rather than `len(x)` for shape information.")

    def __index__(self):
        raise TypeError(f"Tensor {self.name} of a graph cannot be used as a Python integer")

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(
            f"Cannot convert a symbolic tf.Tensor ({self.name}) to a numpy array. This error "
            "may indicate that you're trying to pass a Tensor to a NumPy call, which is not "
            "supported.")


def _disallow_in_graph(tensor, what):
    # TF's message, plus where tensorlite differs: it has no AutoGraph to convert Python
    # control flow, so data-dependent branches and loops need tf.cond / tf.while_loop.
    raise errors.OperatorNotAllowedInGraphError(
        f"{what} is not allowed. You can attempt the following resolutions to the problem: "
        "If you are running in Graph mode, use Eager execution mode or decorate this function "
        "with @tf.function. If you are using AutoGraph, you can try decorating this function "
        "with @tf.function. If that does not work, then you may be using an unsupported "
        "feature or your source code may not be visible to AutoGraph. (tensorlite has no "
        "AutoGraph: inside tf.function, write data-dependent control flow with tf.cond and "
        "tf.while_loop.)")


class Reference:
    """A hashable wrapper of a tensor or variable (`t.ref()`): hashes and compares by id."""

    __slots__ = ("_wrapped",)

    def __init__(self, wrapped):
        self._wrapped = wrapped

    def deref(self):
        return self._wrapped

    def __hash__(self):
        return id(self._wrapped)

    def __eq__(self, other):
        return isinstance(other, Reference) and self._wrapped is other._wrapped

    def __repr__(self):
        return f"<Reference wrapping {self._wrapped!r}>"


def is_tensor(x):
    return isinstance(x, Tensor) or getattr(x, "_is_tensor_like", False)
