"""Ops that call Python: tf.py_function (EagerPyFunc) and tf.numpy_function (PyFunc,
PyFuncStateless), plus `TypedListOp`, the record of ops whose list input has a type per
element (TF's `list(type)` attributes: py_function's inputs, Assert's and StringFormat's data).

Differences from TF:
* The Python function travels with the op as its private attribute `_func` (TF keeps a
  token -> function registry); the `token` attribute is kept for messages.
* py_function's gradient re-runs `func` under a GradientTape (TF caches the tape of the
  forward run), so a function with side effects runs them again when differentiated.
"""
import itertools
import traceback

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.nest import flatten
from tensorlite.framework.op_inputs import runtime_name
from tensorlite.framework.registry import OpDef, not_differentiable_grad, register
from tensorlite.framework.tensor import EagerTensor
from tensorlite.ops import shape_util

__all__ = ["py_function", "numpy_function"]


class TypedListOp:
    """An op type whose list input `name` gives each element its own dtype.

    The registry's signatures give a list input one dtype ("N*T"), so each list length gets
    its own OpDef (cached; the one-element OpDef is the registered record). Element i is
    the input `<name>_<i>` with type attribute `<name>_T<i>`, so Python values convert to
    constants named as TF names them ("data_0", "input_1"). (A `list(type)` signature in
    the registry would make this unnecessary.)
    """

    def __init__(self, op_type, kernel, shape, *, name, fixed=(), outputs=(),
                 default_attrs=None, stateful=False, grad=None):
        self._args = dict(default_attrs=default_attrs, stateful=stateful)
        self.type = op_type
        self.kernel = kernel
        self.shape = shape
        self.name = name
        self.fixed = tuple(fixed)
        self.outputs = tuple(outputs)
        self._grad = grad
        self._variants = {}
        self.registered = register(self.variant(1))

    def variant(self, length, outputs=None):
        """The OpDef for `length` list elements; `outputs` (dtypes) replaces the outputs for
        ops whose output types are attributes (py_function's Tout)."""
        outputs = self.outputs if outputs is None else tuple(outputs)
        key = (length, outputs)
        opdef = self._variants.get(key)
        if opdef is None:
            type_attrs = {f"{self.name}_T{i}": None for i in range(length)}
            opdef = self._variants[key] = OpDef(
                self.type, self.kernel, self.shape, self._grad,
                inputs=self.fixed + tuple(f"{self.name}_{i}: {self.name}_T{i}"
                                          for i in range(length)),
                outputs=outputs, type_attrs=type_attrs, **self._args)
        return opdef

    def set_grad(self, grad):
        self._grad = grad
        for opdef in self._variants.values():
            opdef.grad = grad

    def __call__(self, fixed_inputs, list_inputs, attrs, name, outputs=None):
        opdef = self.variant(len(list_inputs), outputs)
        return apply(opdef, tuple(fixed_inputs) + tuple(list_inputs), attrs, name)


# ------------------------------------------------------------------ kernels

class _PythonFunction:
    """The function a py_function op calls (its `_func` attribute)."""

    __slots__ = ("function", "token", "eager", "__weakref__")

    def __init__(self, function, token, eager):
        self.function = function
        self.token = token
        self.eager = eager

    def __repr__(self):
        return f"<Python function {self.token}: {self.function!r}>"


_tokens = itertools.count()


def _dtype_of(array):
    array = np.asarray(array)
    if array.dtype == object or array.dtype.kind in "SU":
        return _dtypes.string
    return _dtypes.as_dtype(array.dtype)


def _python_error(error):
    """A Python exception raised by the function, as TF's py_func kernel reports it."""
    if isinstance(error, (ValueError, TypeError)):
        cls = errors.InvalidArgumentError
    elif isinstance(error, StopIteration):
        cls = errors.OutOfRangeError
    elif isinstance(error, MemoryError):
        cls = errors.ResourceExhaustedError
    elif isinstance(error, NotImplementedError):
        cls = errors.UnimplementedError
    else:
        cls = errors.UnknownError
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return cls(None, None, f"{type(error).__name__}: {error}\n{trace}")


def _check_count(token, values, expected):
    if len(values) != len(expected):
        raise errors.InvalidArgumentError(
            None, None, f"{token} returns {len(values)} values, but expects to see "
            f"{len(expected)} values.")


def _eager_py_func_kernel(*arrays, Tout, token, is_async=False, _func=None):
    with _context.eager_mode():
        args = [EagerTensor(a, _dtype_of(a)) for a in arrays]
        try:
            result = _func.function(*args)
            if isinstance(result, (tuple, list)):
                outputs = [convert_to_tensor(v, dtype=t) for v, t in zip(result, Tout)]
            elif result is None:
                outputs = []
            else:
                outputs = [convert_to_tensor(result, dtype=Tout[0])] if Tout else []
        except Exception as e:  # noqa: BLE001 (any Python error becomes the op's error)
            raise _python_error(e) from None
    _check_count(token, outputs, Tout)
    values = [t._value if isinstance(t, EagerTensor) else t.numpy() for t in outputs]
    return values[0] if len(values) == 1 else values


def _numpy_input(array):
    if isinstance(array, np.ndarray):
        if array.ndim == 0:
            return array[()]          # TF hands rank-0 values over as NumPy scalars
        return array if array.flags.writeable else array.copy()
    return array


def _numpy_output(value):
    result = np.asarray(value)
    if result.dtype.kind in "SU":
        return np.vectorize(lambda s: s.encode() if isinstance(s, str) else s,
                            otypes=[object])(result)
    return result


def _py_func_kernel(*arrays, Tout, token, _func=None):
    try:
        result = _func.function(*[_numpy_input(a) for a in arrays])
    except Exception as e:  # noqa: BLE001
        raise _python_error(e) from None
    if isinstance(result, bytes):
        result = [result]
    values = [_numpy_output(v) for v in result] if isinstance(result, (tuple, list)) else \
        ([] if result is None else [_numpy_output(result)])
    _check_count(token, values, Tout)
    for index, (value, dtype) in enumerate(zip(values, Tout)):
        actual = _dtype_of(value)
        if actual is not dtype:
            raise errors.InvalidArgumentError(
                None, None, f"{index}-th value returned by {token} is {runtime_name(actual)}, "
                f"but expects {runtime_name(dtype)}")
    return values[0] if len(values) == 1 else values


def _unknown_shapes(inputs, attrs):
    count = len(attrs["Tout"])
    return shape_util.UNKNOWN if count == 1 else [shape_util.UNKNOWN] * count


def _py_func_op(op_type, kernel, stateful=True, grad=None):
    # The registered record has one float input and output; calls use variants.
    return TypedListOp(op_type, kernel, _unknown_shapes, name="input",
                       outputs=(_dtypes.float32,), stateful=stateful, grad=grad)


EAGER_PY_FUNC = _py_func_op("EagerPyFunc", _eager_py_func_kernel)   # gradient: below
PY_FUNC = _py_func_op("PyFunc", _py_func_kernel, grad=not_differentiable_grad)
PY_FUNC_STATELESS = _py_func_op("PyFuncStateless", _py_func_kernel, stateful=False,
                                grad=not_differentiable_grad)


# ------------------------------------------------------------------ gradient

def _rerun_gradient(function, inputs, output_grads):
    """d(function outputs)/d(inputs) by running `function` again under a GradientTape."""
    from tensorlite.autodiff.tape import GradientTape
    with GradientTape() as tape:
        for x in inputs:
            if x.dtype.is_floating or x.dtype.is_complex:
                tape.watch(x)
        outputs = function(*inputs)
    outputs = [convert_to_tensor(t) for t in
               (outputs if isinstance(outputs, (tuple, list)) else [outputs])]
    return tape.gradient(outputs, list(inputs), output_gradients=list(output_grads)[:len(outputs)])


def _eager_py_func_grad(op, *output_grads):
    function = op.get_attr("_func").function
    inputs = list(op.inputs)
    if _context.executing_eagerly():
        return _rerun_gradient(function, inputs, output_grads)
    count = len(inputs)
    dtypes = [t.dtype for t in inputs]

    def gradient_function(*args):
        grads = _rerun_gradient(function, args[:count], args[count:])
        # TF's gradient py_func returns 0.0 for inputs the function does not depend on.
        return [convert_to_tensor(0, dtype=dtype) if g is None else g
                for g, dtype in zip(grads, dtypes)]
    return eager_py_func(gradient_function, inputs + list(output_grads), dtypes)


EAGER_PY_FUNC.set_grad(_eager_py_func_grad)


# ------------------------------------------------------------------ public wrappers

def _check_args(name, func, inp, Tout):
    """TF's checks; returns a decorator when `func` is None (`@tf.py_function(Tout=...)`)."""
    if Tout is None:
        raise TypeError(f"Missing required argument: 'Tout'\n  If using {name} as a "
                        f"decorator, set `Tout`\n  **by name** above the function:\n"
                        f"  `@{name}(Tout=tout)`")
    if func is None:
        if inp is not None:
            raise TypeError(f"Don't set the `inp` argument when using {name} as a decorator "
                            "(`func=None`).")
        return True
    if inp is None:
        raise TypeError(f"Missing argument `inp`:\n  You must set the `inp` argument (the list "
                        f"of arguments to the\n  function), unless you use `{name}` as a "
                        "decorator(`func=None`).")
    if not callable(func):
        raise ValueError(f"Expected func to be callable. Received func={func} of type "
                         f"{type(func)}.")
    return False


def _call_op(record, func, inp, Tout, name, extra_attrs, eager):
    is_list = isinstance(Tout, (list, tuple))
    out_dtypes = [_dtypes.as_dtype(t) for t in (Tout if is_list else [Tout])]
    token = f"pyfunc_{next(_tokens)}"
    attrs = {"Tout": out_dtypes, "token": token, **extra_attrs,
             "_func": _PythonFunction(func, token, eager)}
    result = record([], list(inp), attrs, name or record.type, outputs=out_dtypes)
    if len(out_dtypes) == 1:
        return [result] if is_list else result
    if result is None:          # no outputs, eagerly
        return []
    return result


def eager_py_func(func=None, inp=None, Tout=None, name=None):
    """tf.py_function: an op that calls `func` on EagerTensors (differentiable)."""
    if _check_args("tf.py_function", func, inp, Tout):
        def decorator(function):
            def wrapper(*args):
                return eager_py_func(function, inp=args, Tout=Tout, name=name)
            wrapper.__name__ = getattr(function, "__name__", "py_function")
            wrapper.__doc__ = getattr(function, "__doc__", None)
            return wrapper
        return decorator
    return _call_op(EAGER_PY_FUNC, func, inp, Tout, name, {"is_async": False}, eager=True)


py_function = eager_py_func


def py_func(func, inp, Tout, stateful=True, name=None):
    """tf.compat.v1.py_func: calls `func` on NumPy arrays (not differentiable).

    Eagerly `func` is simply called, as TF does: its errors surface unchanged and results are
    converted without checking `Tout`."""
    if _context.executing_eagerly():
        result = func(*[np.array(x) for x in inp])
        result = [x if x is None else convert_to_tensor(x) for x in flatten(result)]
        return result[0] if len(result) == 1 else result
    if not callable(func):
        raise ValueError(f"Expected func to be callable. Received func={func} of type "
                         f"{type(func)}.")
    record = PY_FUNC if stateful else PY_FUNC_STATELESS
    return _call_op(record, func, inp, Tout, name, {}, eager=False)


def numpy_function(func=None, inp=None, Tout=None, stateful=True, name=None):
    """tf.numpy_function: an op that calls `func` on NumPy arrays (not differentiable)."""
    if _check_args("tf.numpy_function", func, inp, Tout):
        def decorator(function):
            def wrapper(*args):
                return numpy_function(function, inp=args, Tout=Tout, stateful=stateful,
                                      name=name)
            wrapper.__name__ = getattr(function, "__name__", "numpy_function")
            return wrapper
        return decorator
    return py_func(func, inp, Tout, stateful=stateful, name=name)

