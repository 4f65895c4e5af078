"""TF1's deprecated names that `tf.compat.v1` of TF 2.21 still carries (`to_float`,
`arg_max`, `div`, `initialize_local_variables`, `tf.logging`, ...).

compat/v1.py merges `V1_ALIASES` into its namespace. Only names TF 2.21's tf.compat.v1 has
are here; the argument spellings (`reduction_indices`, `keep_dims`, `squeeze_dims`, `dim`,
`keep_prob`) live beside the TF2 functions they extend.
"""
import contextlib
import logging as _logging
import sys
import types

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.framework.scopes import control_dependencies, name_scope, name_scope_v1
from tensorlite.framework.tensor_shape import dimension_at_index, dimension_value
from tensorlite.ops import array_ops, debug_ops, math_ops, random_ops, reductions, script_ops
from tensorlite.variables import variables as _variables


def _cast_to(dtype, default_name):
    def cast(x, name=default_name):
        return math_ops.cast(x, dtype, name=name)
    cast.__name__ = "to_" + dtype.name.replace("float64", "double").replace("float32", "float")
    cast.__doc__ = f"TF1's deprecated cast(x, tf.{dtype.name}) (op name {default_name!r})."
    return cast


def arg_max(input, dimension, output_type=_dtypes.int64, name=None):
    """TF1's deprecated raw ArgMax (`dimension` is required)."""
    return reductions.argmax(input, dimension, output_type, name)


def arg_min(input, dimension, output_type=_dtypes.int64, name=None):
    """TF1's deprecated raw ArgMin (`dimension` is required)."""
    return reductions.argmin(input, dimension, output_type, name)


def div(x, y, name=None):
    """Python 2 division: RealDiv for floats and complex numbers, FloorDiv for integers."""
    with name_scope(name, "div", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        if x.dtype.base_dtype != y.dtype.base_dtype:
            raise TypeError(f"`x` and `y` must have the same dtype, got {x.dtype!r} != "
                            f"{y.dtype!r}.")
        if x.dtype.is_floating or x.dtype.is_complex:
            return math_ops.realdiv(x, y, name=scope)
        return math_ops.floor_div(x, y, name=scope)


def _lookup(new_name, new_value, old_name, old_value):
    if new_value is not None and old_value is not None:
        raise ValueError(f"Cannot specify both '{old_name}' and '{new_name}'.")
    return new_value if new_value is not None else old_value


def verify_tensor_all_finite(t=None, msg=None, name=None, x=None, message=None):
    """`t` (or `x`), once check_numerics found it finite; `msg` (or `message`) if not."""
    x = _lookup("x", x, "t", t)
    message = _lookup("message", message, "msg", msg)
    with name_scope(name, "VerifyFinite", [x]):
        x = convert_to_tensor(x, name="x")
        check = debug_ops.check_numerics(x, message)
        with name_scope(None, "control_dependency") as scope, control_dependencies([check]):
            return array_ops.identity(x, name=scope)


def tables_initializer(name="init_all_tables"):
    """The op running every table initializer (a NoOp when there are none)."""
    from tensorlite.framework.collections import get_collection
    from tensorlite.ops import control_flow_ops
    initializers = get_collection(GraphKeys.TABLE_INITIALIZERS)
    if initializers:
        return control_flow_ops.group(*initializers, name=name)
    return array_ops.no_op(name=name)


@contextlib.contextmanager
def op_scope(values, name, default_name=None):
    """TF1's deprecated name_scope with the arguments reordered."""
    with name_scope_v1(name, default_name=default_name, values=values) as scope:
        yield scope


# ---------------------------------------------------------------------- tf.logging

def _make_logging_module():
    """`tf.compat.v1.logging`: TF's Python logger "tensorflow", as TF sets it up."""
    module = types.ModuleType("tensorlite.compat.v1.logging",
                              "TF1's tf.logging: the Python logger 'tensorflow'.")
    counts = {}

    def get_logger():
        logger = _logging.getLogger("tensorflow")
        if not logger.handlers and not _logging.getLogger().handlers:
            # TF's default: one stderr handler with logging's basic format (INFO:tensorflow:..)
            handler = _logging.StreamHandler(sys.stderr)
            handler.setFormatter(_logging.Formatter(_logging.BASIC_FORMAT, None))
            logger.addHandler(handler)
        return logger

    def log_counted(key, level, msg, n, args, first_only):
        count = counts.get(key, 0)
        counts[key] = count + 1
        if (count < n) if first_only else (count % n == 0):
            get_logger().log(level, msg, *args)

    def caller_key():
        frame = sys._getframe(2)
        return (frame.f_code.co_filename, frame.f_lineno)

    functions = {
        "get_logger": get_logger,
        "log": lambda level, msg, *args, **kwargs: get_logger().log(level, msg, *args, **kwargs),
        "debug": lambda msg, *args, **kwargs: get_logger().debug(msg, *args, **kwargs),
        "info": lambda msg, *args, **kwargs: get_logger().info(msg, *args, **kwargs),
        "warning": lambda msg, *args, **kwargs: get_logger().warning(msg, *args, **kwargs),
        "warn": lambda msg, *args, **kwargs: get_logger().warning(msg, *args, **kwargs),
        "error": lambda msg, *args, **kwargs: get_logger().error(msg, *args, **kwargs),
        "fatal": lambda msg, *args, **kwargs: get_logger().fatal(msg, *args, **kwargs),
        "vlog": lambda level, msg, *args, **kwargs: get_logger().log(level, msg, *args,
                                                                     **kwargs),
        "log_if": lambda level, msg, condition, *args: (
            get_logger().log(level, msg, *args) if condition else None),
        "log_every_n": lambda level, msg, n, *args: log_counted(
            caller_key(), level, msg, n, args, first_only=False),
        "log_first_n": lambda level, msg, n, *args: log_counted(
            caller_key(), level, msg, n, args, first_only=True),
        "set_verbosity": lambda v: get_logger().setLevel(v),
        "get_verbosity": lambda: get_logger().getEffectiveLevel(),
        "flush": lambda: [h.flush() for h in get_logger().handlers] and None,
        "TaskLevelStatusMessage": lambda msg: get_logger().error(msg),
    }
    for function_name, function in functions.items():
        function.__name__ = function_name
        setattr(module, function_name, function)
    module.DEBUG, module.INFO, module.WARN = _logging.DEBUG, _logging.INFO, _logging.WARN
    module.ERROR, module.FATAL = _logging.ERROR, _logging.FATAL
    return module


logging = _make_logging_module()


V1_ALIASES = {
    "to_float": _cast_to(_dtypes.float32, "ToFloat"),
    "to_double": _cast_to(_dtypes.float64, "ToDouble"),
    "to_int32": _cast_to(_dtypes.int32, "ToInt32"),
    "to_int64": _cast_to(_dtypes.int64, "ToInt64"),
    "to_complex64": _cast_to(_dtypes.complex64, "ToComplex64"),
    "to_complex128": _cast_to(_dtypes.complex128, "ToComplex128"),
    "arg_max": arg_max,
    "arg_min": arg_min,
    "div": div,
    "floor_div": math_ops.floor_div,
    "all_variables": _variables.global_variables,
    "initialize_all_variables": _variables.global_variables_initializer,
    "initialize_local_variables": _variables.local_variables_initializer,
    "initialize_variables": _variables.variables_initializer,
    "tables_initializer": tables_initializer,
    "initialize_all_tables": tables_initializer,
    "verify_tensor_all_finite": verify_tensor_all_finite,
    "dimension_value": dimension_value,
    "dimension_at_index": dimension_at_index,
    "op_scope": op_scope,
    "logging": logging,
    "get_logger": logging.get_logger,
    "check_numerics": debug_ops.check_numerics,
    "random_gamma": random_ops.random_gamma,
    "random_poisson": random_ops.random_poisson_v1,
    # TF1's py_func is numpy_function (NumPy arrays in and out; PyFunc/PyFuncStateless ops).
    "py_func": script_ops.numpy_function,
}
