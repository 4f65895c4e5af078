"""Python operators on tensors (`+`, `<`, `==`, `~`, ...) with TF's names and dtype rules.

`x + y` converts a Python `y` to x's dtype if it can (else the op reports the mismatch);
reflected forms (`2 - t`) force the Python value to the tensor's dtype; in graphs each
operator opens a name scope ("add", "sub", ...) so constants are named "add/y", "sub/x".
"""
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply_eager as _apply_eager
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import EagerTensor, Tensor
from tensorlite.ops import math_ops

_state = _context.state


def _add(x, y, name):
    if x.dtype is _dtypes.string:
        return math_ops.apply(math_ops.ADD, (x, y), name=name)
    if not isinstance(y, Tensor):
        y = convert_to_tensor(y, dtype_hint=x.dtype, name="y")
    return math_ops.apply(math_ops.ADD_V2, (x, y), name=name)


def _mul(x, y, name):
    if x.dtype is _dtypes.bool or (isinstance(y, Tensor) and y.dtype is _dtypes.bool):
        # TF multiplies booleans through int32 (logical and).
        product = math_ops.multiply(math_ops.cast(x, _dtypes.int32),
                                    math_ops.cast(y, _dtypes.int32), name=name)
        return math_ops.cast(product, _dtypes.bool)
    return math_ops.multiply(x, y, name=name)


def _and(x, y, name):
    if x.dtype is _dtypes.bool:
        return math_ops.logical_and(x, y, name=name)
    return math_ops.apply(math_ops.BITWISE_AND, (x, y), name=name)


def _or(x, y, name):
    if x.dtype is _dtypes.bool:
        return math_ops.logical_or(x, y, name=name)
    return math_ops.apply(math_ops.BITWISE_OR, (x, y), name=name)


def _xor(x, y, name):
    if x.dtype is _dtypes.bool:
        return math_ops.logical_xor(x, y, name=name)
    return math_ops.apply(math_ops.BITWISE_XOR, (x, y), name=name)


def _forced(function):
    """Ops other than `+` convert a Python operand to the tensor's dtype strictly."""
    def run(x, y, name):
        if not isinstance(y, Tensor):
            y = convert_to_tensor(y, dtype=x.dtype, name="y")
        return function(x, y, name=name)
    return run


def _matmul(x, y, name):
    return math_ops.matmul(x, y, name=name)


# Eagerly, two float tensors of one dtype go straight to the op: what `function` would do
# for them after its dtype checks (the hot path of eager arithmetic).
_FLOAT_OPS = {"add": math_ops.ADD_V2, "sub": math_ops.SUB, "mul": math_ops.MUL,
              "truediv": math_ops.REAL_DIV, "pow": math_ops.POW}


def _eager_variable_value(value):
    """A variable operand read as its value; any other operand as it is."""
    read = math_ops.eager_value_of_variable(value)
    return value if read is None else read


def _make_operator(function, op_name):
    float_op = _FLOAT_OPS.get(op_name)

    def binary_op(x, y):
        if type(x) is EagerTensor and not _state.stack and _context.eager_by_default():
            if type(y) is not EagerTensor:
                y = _eager_variable_value(y)       # `h + bias` with bias a variable
            if type(y) is EagerTensor:
                dtype = x._dtype
                if float_op is not None and dtype is y._dtype and dtype.is_floating:
                    return _apply_eager(float_op, (x, y))
                return function(x, y, None)          # hot path: no scopes eagerly
        with name_scope(None, op_name, [x, y]) as scope:
            return function(x, y, scope)

    def r_binary_op(y, x):
        with name_scope(None, op_name, [x, y]) as scope:
            # TF's r_binary_op_wrapper converts the other operand to y's dtype first.
            x = convert_to_tensor(x, dtype=y.dtype, name="x")
            return function(x, y, scope)

    return binary_op, r_binary_op


_BINARY = {
    "add": _add,
    "sub": _forced(math_ops.subtract),
    "mul": _forced(_mul),
    "truediv": math_ops.truediv,
    "floordiv": _forced(math_ops.floordiv),
    "mod": _forced(math_ops.mod),
    "pow": _forced(math_ops.pow),
    "matmul": _matmul,
    "and": _forced(_and),
    "or": _forced(_or),
    "xor": _forced(_xor),
}

for _op_name, _function in _BINARY.items():
    _forward, _reflected = _make_operator(_function, _op_name)
    Tensor.override_operator(f"__{_op_name}__", _forward)
    Tensor.override_operator(f"__r{_op_name}__", _reflected)
Tensor.override_operator("__div__", Tensor.__truediv__)
Tensor.override_operator("__rdiv__", Tensor.__rtruediv__)


def _compare(function):
    # The Python operand is converted strictly by the op itself (named "Less/y" in graphs).
    def compare(x, y):
        return function(x, y)
    return compare


Tensor.override_operator("__lt__", _compare(math_ops.less))
Tensor.override_operator("__le__", _compare(math_ops.less_equal))
Tensor.override_operator("__gt__", _compare(math_ops.greater))
Tensor.override_operator("__ge__", _compare(math_ops.greater_equal))
Tensor.override_operator("__neg__", lambda x: math_ops.negative(x))
Tensor.override_operator("__abs__", lambda x: math_ops.abs(x))


def _invert(x):
    if x.dtype is _dtypes.bool:
        return math_ops.logical_not(x)
    return math_ops.apply(math_ops.INVERT, (x,), name="Invert")


Tensor.override_operator("__invert__", _invert)


def _elementwise_equality(x):
    """TF compares elementwise only when executing eagerly (outside functions too)."""
    if not Tensor._USE_EQUALITY:
        return False
    if isinstance(x, EagerTensor):
        return True
    return x.graph.building_function and _context.executing_eagerly_outside_functions()


def _equality(op):
    def equality(x, y):
        if y is None:
            return op is math_ops.NOT_EQUAL
        if not _elementwise_equality(x):
            return (x is y) if op is math_ops.EQUAL else (x is not y)
        return math_ops.apply(op, (x, y), {"incompatible_shape_error": False},
                              name="Equal" if op is math_ops.EQUAL else "NotEqual")
    return equality


Tensor.override_operator("__eq__", _equality(math_ops.EQUAL))
Tensor.override_operator("__ne__", _equality(math_ops.NOT_EQUAL))
