"""Assertions, numeric checks and printing: Assert, CheckNumerics, StringFormat and PrintV2
(kernel, shape rule and wrapper side by side), the tf.debugging.assert_* family and tf.print.

As in TF, assertions raise InvalidArgumentError at once when executing eagerly; in graphs
they return an op to run (e.g. under tf.control_dependencies), and raise while the graph is
built when both operands are constants. Tensors are printed with TF's formatting (the C++
`Tensor::SummarizeValue`, old style for Assert, `print_v2` style for tf.print).

Differences from TF: Assert's data is never guarded by a tf.cond (TF guards non-int32,
non-string data with an "AssertGuard" cond), so graph op names under an assertion differ;
PrintV2 writes through Python's sys.stdout / sys.stderr (TF's kernel writes to the C++
streams). The `*_v1` functions keep TF1's signatures (with `data`) for tf.compat.v1;
`string_format` is tf.strings.format.
"""
import logging
import os
import pprint
import sys

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework import nest
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import Tensor, is_tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import array_ops, math_ops, shape_util
from tensorlite.ops.script_ops import TypedListOp

__all__ = ["Assert", "assert_equal", "assert_greater", "assert_less", "assert_rank", "print"]

# ------------------------------------------------------------------ TF's tensor formatting


def _c_escape(value):
    """absl::CEscape of a string element."""
    if isinstance(value, str):
        value = value.encode("utf-8")
    special = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x22: '\\"', 0x27: "\\'", 0x5C: "\\\\"}
    return "".join(special.get(b) or (chr(b) if 0x20 <= b < 0x7F else f"\\{b:03o}")
                   for b in bytes(value))


def _float_text(value, double):
    """TF's FloatToBuffer / DoubleToBuffer: the shortest of two precisions that round-trips."""
    value = float(value)
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    if double:
        text = "%.15g" % value
        return text if float(text) == value else "%.17g" % value
    text = "%.6g" % value
    return text if np.float32(text) == np.float32(value) else "%.9g" % value


def _element_formatter(array, quote_strings):
    kind = array.dtype.kind
    if kind == "b":
        return lambda v: "1" if v else "0"
    if kind in "iu":
        return lambda v: str(int(v))
    if array.dtype == np.float64:
        return lambda v: _float_text(v, True)
    if kind == "f" or array.dtype.name == "bfloat16":
        return lambda v: _float_text(v, False)
    if kind == "c":
        return lambda v: "?"
    if quote_strings:
        return lambda v: '"' + _c_escape(v) + '"'
    return _c_escape


def summarize_value(value, summarize=3, print_v2=False):
    """TF's Tensor::SummarizeValue(summarize, print_v2) of an array."""
    array = np.asarray(value)
    flat = array.reshape(-1)
    count = flat.size
    limit = count if summarize is None or summarize < 0 else min(summarize, count)
    element = _element_formatter(array, print_v2)
    if array.ndim == 0:
        text = " ".join(element(flat[i]) for i in range(limit))
        return text + ("..." if count > limit else "")
    shape = array.shape
    parts = []
    if print_v2:
        _print_dim_v2(0, shape, limit, flat, 0, element, parts)
        return "".join(parts)
    index = [0]
    _print_dim(0, shape, limit, flat, index, element, parts)
    if count > limit:
        parts.append("...")
    return "".join(parts)


def _print_dim(dim, shape, limit, flat, index, element, parts):
    """The old-style summary: up to `limit` elements in nested brackets, then "..."."""
    if index[0] >= limit:
        return
    if dim == len(shape) - 1:
        for i in range(shape[dim]):
            if index[0] >= limit:
                if dim != 0:
                    parts.append("...")
                return
            if i > 0:
                parts.append(" ")
            parts.append(element(flat[index[0]]))
            index[0] += 1
        return
    for _ in range(shape[dim]):
        if index[0] >= limit:
            break
        parts.append("[")
        _print_dim(dim + 1, shape, limit, flat, index, element, parts)
        parts.append("]")


def _dim_spacing(dim, rank, parts):
    if dim == rank - 1:
        parts.append(" ")
    else:
        parts.append("\n" * (rank - dim - 1) + " " * (dim + 1))


def _print_dim_v2(dim, shape, ends, flat, offset, element, parts):
    """The print_v2 summary: the first and last `ends` entries of every dimension."""
    rank = len(shape)
    if dim == rank:
        parts.append(element(flat[offset]))
        return
    parts.append("[")
    count = shape[dim]
    stride = int(np.prod(shape[dim + 1:], dtype=np.int64))
    for i in range(min(ends, count)):
        if i > 0:
            _dim_spacing(dim, rank, parts)
        _print_dim_v2(dim + 1, shape, ends, flat, offset + stride * i, element, parts)
    if count > 2 * ends:
        _dim_spacing(dim, rank, parts)
        parts.append("...")
    for i in range(max(ends, count - ends), count):
        _dim_spacing(dim, rank, parts)
        _print_dim_v2(dim + 1, shape, ends, flat, offset + stride * i, element, parts)
    parts.append("]")


# ------------------------------------------------------------------ Assert

def _assert_kernel(condition, *data, summarize=3):
    if np.ndim(condition) != 0:
        raise errors.InvalidArgumentError(
            None, None, "In[0] should be a scalar: "
            f"{shape_util.shape_text(TensorShape(np.shape(condition)))}")
    if not condition:
        summary = " ".join(f"[{summarize_value(d, summarize)}]" for d in data)
        raise errors.InvalidArgumentError(None, None, f"assertion failed: {summary}")


ASSERT = TypedListOp("Assert", _assert_kernel, None, name="data", fixed=("condition: bool",),
                     outputs=(), stateful=True, default_attrs={"summarize": 3})


def _summarize_eager(tensor, summarize):
    if summarize is None:
        summarize = 3
    elif summarize < 0:
        summarize = int(np.size(tensor.numpy()))
    value = tensor.numpy()
    if np.ndim(value):
        flat = value.reshape(-1)
        texts = [str(x) for x in flat[:summarize]]
        if len(texts) < flat.size:
            texts.append("...")
    else:
        texts = [str(value)] if summarize != 0 else []
    return ", ".join(texts)


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 (TF's name)
    """Assert that `condition` holds, showing `data` if not (an op in graphs, None eagerly)."""
    if _context.executing_eagerly():
        if not condition:
            data_text = [_summarize_eager(convert_to_tensor(x), summarize) for x in data]
            raise errors.InvalidArgumentError(
                None, None, "Expected '%s' to be true. Summarized data: %s" %
                (condition, "\n".join(data_text)))
        return None
    with name_scope(name, "Assert", [condition, data]):
        attrs = {} if summarize is None else {"summarize": summarize}
        return ASSERT([condition], list(data), attrs, "Assert")


# ------------------------------------------------------------------ CheckNumerics

def _check_numerics_kernel(tensor, message):
    has_nan = bool(np.isnan(tensor).any())
    has_inf = bool(np.isinf(tensor).any())
    if has_nan or has_inf:
        what = "Inf and NaN" if has_nan and has_inf else ("NaN" if has_nan else "Inf")
        raise errors.InvalidArgumentError(None, None, f"{message} : Tensor had {what} values")
    return tensor


def _check_numerics_grad(op, grad):
    return [check_numerics(grad, "Not a number (NaN) or infinity (Inf) values detected in "
                                 f"gradient. {op.get_attr('message')}")]


CHECK_NUMERICS = register(OpDef(
    "CheckNumerics", _check_numerics_kernel, shape_util.same_as_first, _check_numerics_grad,
    inputs=("tensor: T",), outputs=("T",), type_attrs={"T": _dtypes.FLOATING_TYPES},
    stateful=True))


def check_numerics(tensor, message, name=None):
    """`tensor`, after checking it has no NaN or Inf values (InvalidArgumentError if so)."""
    return apply(CHECK_NUMERICS, (tensor,), {"message": message}, name or "CheckNumerics")


def verify_tensor_all_finite(x, message, name=None):
    """tf.debugging.assert_all_finite: `x`, once check_numerics has passed."""
    from tensorlite.framework.scopes import control_dependencies
    with name_scope(name, "VerifyFinite", [x]):
        x = convert_to_tensor(x, name="x")
        check = check_numerics(x, message=message)
        if _context.executing_eagerly():
            return x
        with control_dependencies([check]):
            with name_scope(None, "control_dependency", [x]) as scope:
                return array_ops.identity(x, name=scope)


def assert_all_finite(x, message, name=None):
    return verify_tensor_all_finite(x, message, name)


# ------------------------------------------------------------------ StringFormat, PrintV2

def _string_format_kernel(*inputs, template="%s", placeholder="%s", summarize=3):
    pieces = template.split(placeholder)
    if len(pieces) - 1 != len(inputs):
        raise errors.InvalidArgumentError(
            None, None, "num placeholders in template and num inputs must match: "
            f"{len(pieces) - 1} vs. {len(inputs)}")
    text = [pieces[0]]
    for value, piece in zip(inputs, pieces[1:]):
        text.append(summarize_value(value, summarize, print_v2=True))
        text.append(piece)
    return np.array("".join(text).encode("utf-8"), dtype=object)


STRING_FORMAT = TypedListOp(
    "StringFormat", _string_format_kernel, shape_util.scalar, name="inputs",
    outputs=(_dtypes.string,),
    default_attrs={"template": "%s", "placeholder": "%s", "summarize": 3})


def string_format(template, inputs, placeholder="{}", summarize=3, name=None):
    """tf.strings.format: `template` with each placeholder replaced by a tensor's summary."""
    if is_tensor(inputs):
        inputs = [inputs]
    if template.count(placeholder) != len(inputs):
        raise ValueError(f"The template expects {template.count(placeholder)} tensors, but "
                         f"the inputs only has {len(inputs)}. Please ensure the number of "
                         "placeholders in template matches inputs length.")
    return STRING_FORMAT([], list(inputs), {"template": template, "placeholder": placeholder,
                                            "summarize": summarize}, name or "StringFormat")


_LOG_LEVELS = {"log(info)": logging.INFO, "log(warning)": logging.WARNING,
               "log(error)": logging.ERROR}


def _print_kernel(input, output_stream="stderr", end="\n"):
    text = input[()] if isinstance(input, np.ndarray) else input
    text = (text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)) + end
    if output_stream == "stdout":
        sys.stdout.write(text)
        sys.stdout.flush()
    elif output_stream == "stderr":
        sys.stderr.write(text)
        sys.stderr.flush()
    elif output_stream.startswith("file://"):
        with open(output_stream[len("file://"):], "a", encoding="utf-8") as stream:
            stream.write(text)
    elif output_stream in _LOG_LEVELS:
        logging.getLogger("tensorflow").log(_LOG_LEVELS[output_stream], text.rstrip("\n"))
    else:
        raise errors.InvalidArgumentError(None, None,
                                          f"{output_stream} is not a valid output_stream.")


PRINT_V2 = register(OpDef(
    "PrintV2", _print_kernel, None, inputs=("input: string",), outputs=(), stateful=True,
    default_attrs={"output_stream": "stderr", "end": "\n"}))


def _output_stream_name(stream):
    if isinstance(stream, str) and stream.startswith("file://"):
        return stream
    names = {id(sys.stdout): "stdout", id(sys.stderr): "stderr",
             id(sys.__stdout__): "stdout", id(sys.__stderr__): "stderr",
             id(logging.info): "log(info)", id(logging.warning): "log(warning)",
             id(logging.warn): "log(warning)", id(logging.error): "log(error)"}
    if stream in (logging.INFO,):
        return "log(info)"
    if stream in (logging.WARNING,):
        return "log(warning)"
    if stream in (logging.ERROR,):
        return "log(error)"
    name = names.get(id(stream))
    if name is None:
        raise ValueError("Unsupported output stream, logging level, or file." + str(stream) +
                         ". Supported streams are sys.stdout, sys.stderr, tf.logging.info, "
                         "tf.logging.warning, tf.logging.error. File needs to be in the form "
                         "of 'file://<filepath>'.")
    return name


def _placeholder_for(text, placeholder="{}"):
    import random
    rng = random.Random(5)
    while placeholder in text:
        placeholder = placeholder + str(rng.randint(0, 9))
    return placeholder


def _is_tensor_like(value):
    return is_tensor(value) or hasattr(value, "_tape_handle")


def print_v2(*inputs, **kwargs):
    """tf.print: print tensors and Python values (a PrintV2 op in graphs, None eagerly)."""
    output_stream = kwargs.pop("output_stream", sys.stderr)
    name = kwargs.pop("name", None)
    summarize = kwargs.pop("summarize", 3)
    sep = kwargs.pop("sep", " ")
    end = kwargs.pop("end", os.linesep)
    if kwargs:
        raise ValueError("Unrecognized keyword arguments for tf.print: %s" % kwargs)
    stream_name = _output_stream_name(output_stream)
    format_name = name + "_format" if name else None
    if (len(inputs) == 1 and isinstance(inputs[0], Tensor) and inputs[0].shape.rank == 0
            and inputs[0].dtype is _dtypes.string):
        formatted = inputs[0]
    else:
        # TF's template: pprint of each input's structure with tensors as placeholders.
        ordered = [dict(sorted(x.items())) if isinstance(x, dict) else x for x in inputs]
        tensor_free = [nest.map_structure(lambda v: "" if _is_tensor_like(v) else v, x)
                       for x in ordered]
        placeholder = _placeholder_for(" ".join(pprint.pformat(x) for x in tensor_free))
        templates, tensors = [], []
        for value in inputs:
            placeholders = []
            for item in nest.flatten(value):
                if _is_tensor_like(item):
                    tensors.append(item)
                    placeholders.append(placeholder)
                else:
                    placeholders.append(item)
            if isinstance(value, str):
                templates.append(value)
            else:
                templates.append(pprint.pformat(nest.pack_sequence_as(value, placeholders)))
        template = sep.join(templates).replace("'" + placeholder + "'", placeholder)
        formatted = string_format(template, tensors, placeholder=placeholder,
                                  summarize=summarize, name=format_name)
    return apply(PRINT_V2, (formatted,), {"output_stream": stream_name, "end": end},
                 name or "PrintV2")


print = print_v2  # noqa: A001  (tf.print)


# ------------------------------------------------------------------ assertions

def _message_prefix(message):
    return f"{message}.  " if message else ""


def _shape_and_dtype_str(tensor):
    return f"shape={tensor.shape} dtype={tensor.dtype.name}"


def _pretty_print(item, summarize):
    if isinstance(item, Tensor):
        value = item.numpy()
        if np.isscalar(value):
            return str(value)
        flat = value.reshape(-1)
        texts = [str(x) for x in flat[:int(summarize)]]
        if len(texts) < flat.size:
            texts.append("...")
        return str(texts)
    return str(item)


def _constant_text(item):
    if not isinstance(item, Tensor):
        return str(item)
    value = shape_util.constant_value(item)
    return str(value) if value is not None else str(item)


def _eager_failure_data(sym, x, y, test, summarize):
    """TF's _make_assert_msg_data: the first differing entries and the first elements."""
    data = [f"Condition x {sym} y did not hold."]
    if summarize > 0:
        x_value, y_value = np.asarray(x.numpy()), np.asarray(y.numpy())
        if x.shape == y.shape and x.shape.as_list():
            mask = np.logical_not(test)
            indices = np.argwhere(mask)
            count = min(int(summarize), indices.shape[0])
            data += [f"Indices of first {count} different values:", indices[:count],
                     "Corresponding x values:", x_value[mask].reshape(-1)[:count],
                     "Corresponding y values:", y_value[mask].reshape(-1)[:count]]
        x_flat, y_flat = x_value.reshape(-1), y_value.reshape(-1)
        x_count, y_count = min(x_flat.size, int(summarize)), min(y_flat.size, int(summarize))
        data += [f"First {x_count} elements of x:", x_flat[:x_count],
                 f"First {y_count} elements of y:", y_flat[:y_count]]
    return data


def _binary_assert(sym, opname, op_func, static_func, x, y, data, summarize, message, name):
    from tensorlite.ops.reductions import reduce_all
    with name_scope(name, opname, [x, y, data]):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y")
        if _context.executing_eagerly():
            test = np.asarray(op_func(x, y).numpy())
            if np.all(test):
                return None
            if summarize is None:
                summarize = 3
            elif summarize < 0:
                summarize = 10 ** 9
            if data is None:
                data = _eager_failure_data(sym, x, y, test, summarize)
            if message is not None:
                data = [message] + list(data)
            raise errors.InvalidArgumentError(
                None, None, "\n".join(_pretty_print(d, summarize) for d in data))
        if data is None:
            data = [f"Condition x {sym} y did not hold element-wise:",
                    f"x ({x.name}) = ", x, f"y ({y.name}) = ", y]
        if message is not None:
            data = [message] + list(data)
        condition = reduce_all(op_func(x, y))
        x_static, y_static = shape_util.constant_value(x), shape_util.constant_value(y)
        if x_static is not None and y_static is not None:
            if not np.all(static_func(x_static, y_static)):
                raise errors.InvalidArgumentError(
                    None, None, "\n".join(_constant_text(d) for d in data))
        return Assert(condition, data, summarize=summarize)


def _no_op(name):
    return array_ops.no_op(name=name)


def assert_equal_v1(x, y, data=None, summarize=None, message=None, name=None):
    """tf.compat.v1.assert_equal."""
    with name_scope(name, "assert_equal", [x, y, data]):
        if x is y:
            return None if _context.executing_eagerly() else _no_op(None)
    return _binary_assert("==", "assert_equal", math_ops.equal, np.equal, x, y, data,
                          summarize, message, name)


def assert_none_equal_v1(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("!=", "assert_none_equal", math_ops.not_equal, np.not_equal, x, y,
                          data, summarize, message, name)


def assert_less_v1(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("<", "assert_less", math_ops.less, np.less, x, y, data, summarize,
                          message, name)


def assert_less_equal_v1(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert("<=", "assert_less_equal", math_ops.less_equal, np.less_equal, x, y,
                          data, summarize, message, name)


def assert_greater_v1(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert(">", "assert_greater", math_ops.greater, np.greater, x, y, data,
                          summarize, message, name)


def assert_greater_equal_v1(x, y, data=None, summarize=None, message=None, name=None):
    return _binary_assert(">=", "assert_greater_equal", math_ops.greater_equal,
                          np.greater_equal, x, y, data, summarize, message, name)


def _sign_assert(opname, sym, compare, zero_first):
    """assert_positive & co.: x compared with zero, reported as "Condition x > 0"."""
    def check(x, data=None, summarize=None, message=None, name=None):
        message = _message_prefix(message)
        with name_scope(name, opname, [x, data]):
            x = convert_to_tensor(x, name="x")
            if data is None:
                x_name = _shape_and_dtype_str(x) if _context.executing_eagerly() else x.name
                lines = [f"Condition x {sym} 0 did not hold element-wise:", f"x ({x_name}) = "]
                if opname == "assert_non_positive":   # TF's message lacks this line break
                    lines = [lines[0] + lines[1]]
                data = [message] + lines + [x]
            zero = convert_to_tensor(0, dtype=x.dtype)
            if zero_first:
                return compare(zero, x, data=data, summarize=summarize)
            return compare(x, zero, data=data, summarize=summarize)
    check.__name__ = opname + "_v1"
    return check


assert_negative_v1 = _sign_assert("assert_negative", "<", assert_less_v1, False)
assert_positive_v1 = _sign_assert("assert_positive", ">", assert_less_v1, True)
assert_non_negative_v1 = _sign_assert("assert_non_negative", ">=", assert_less_equal_v1, True)
assert_non_positive_v1 = _sign_assert("assert_non_positive", "<=", assert_less_equal_v1, False)


def assert_equal(x, y, message=None, summarize=None, name=None):
    """Assert x == y element-wise (an op in graphs; raises at once eagerly)."""
    return assert_equal_v1(x, y, summarize=summarize, message=message, name=name)


def assert_none_equal(x, y, summarize=None, message=None, name=None):
    """Assert x != y element-wise."""
    return assert_none_equal_v1(x, y, summarize=summarize, message=message, name=name)


def assert_less(x, y, message=None, summarize=None, name=None):
    """Assert x < y element-wise."""
    return assert_less_v1(x, y, summarize=summarize, message=message, name=name)


def assert_less_equal(x, y, message=None, summarize=None, name=None):
    """Assert x <= y element-wise."""
    return assert_less_equal_v1(x, y, summarize=summarize, message=message, name=name)


def assert_greater(x, y, message=None, summarize=None, name=None):
    """Assert x > y element-wise."""
    return assert_greater_v1(x, y, summarize=summarize, message=message, name=name)


def assert_greater_equal(x, y, message=None, summarize=None, name=None):
    """Assert x >= y element-wise."""
    return assert_greater_equal_v1(x, y, summarize=summarize, message=message, name=name)


def assert_negative(x, message=None, summarize=None, name=None):
    """Assert x < 0 element-wise."""
    return assert_negative_v1(x, message=message, summarize=summarize, name=name)


def assert_positive(x, message=None, summarize=None, name=None):
    """Assert x > 0 element-wise."""
    return assert_positive_v1(x, message=message, summarize=summarize, name=name)


def assert_non_negative(x, message=None, summarize=None, name=None):
    """Assert x >= 0 element-wise."""
    return assert_non_negative_v1(x, message=message, summarize=summarize, name=name)


def assert_non_positive(x, message=None, summarize=None, name=None):
    """Assert x <= 0 element-wise."""
    return assert_non_positive_v1(x, message=message, summarize=summarize, name=name)


def assert_near(x, y, rtol=None, atol=None, message=None, summarize=None, name=None):
    """Assert |x - y| < atol + rtol * |y| element-wise."""
    from tensorlite.ops.reductions import reduce_all
    message = _message_prefix(message)
    with name_scope(name, "assert_near", [x, y, rtol, atol]):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype)
        dtype = x.dtype.real_dtype if x.dtype.is_complex else x.dtype
        eps = np.finfo(dtype.as_numpy_dtype).eps
        rtol = convert_to_tensor(10 * eps if rtol is None else rtol, name="rtol", dtype=dtype)
        atol = convert_to_tensor(10 * eps if atol is None else atol, name="atol", dtype=dtype)
        eager = _context.executing_eagerly()
        x_name = _shape_and_dtype_str(x) if eager else x.name
        y_name = _shape_and_dtype_str(y) if eager else y.name
        data = [message, "x and y not equal to tolerance rtol = %s, atol = %s" % (rtol, atol),
                f"x ({x_name}) = ", x, f"y ({y_name}) = ", y]
        tolerance = atol + rtol * math_ops.abs(y)
        difference = math_ops.abs(x - y)
        condition = reduce_all(math_ops.less(difference, tolerance))
        return Assert(condition, data, summarize=summarize)


def _assert_rank_condition(x, rank, static_condition, dynamic_condition, data, summarize):
    assert_type_v1(rank, _dtypes.int32)
    rank_static = shape_util.constant_value(rank)
    if rank_static is not None:
        if np.ndim(rank_static) != 0:
            raise ValueError("Rank must be a scalar.")
        x_rank_static = x.shape.rank
        if x_rank_static is not None:
            if not static_condition(x_rank_static, int(rank_static)):
                raise ValueError("Static rank condition failed", x_rank_static,
                                 int(rank_static))
            return _no_op("static_checks_determined_all_ok")
    condition = dynamic_condition(array_ops.rank(x), rank)
    return Assert(condition, data, summarize=summarize)


def _rank_assert(opname, what, static_condition, dynamic_condition):
    def check(x, rank, data=None, summarize=None, message=None, name=None):
        with name_scope(name, opname, (x, rank) + tuple(data or [])):
            x = convert_to_tensor(x, name="x")
            rank = convert_to_tensor(rank, name="rank")
            message = _message_prefix(message)
            x_name = "" if _context.executing_eagerly() else x.name
            if data is None:
                data = [message, f"Tensor {x_name} must have {what}", rank,
                        "Received shape: ", array_ops.shape(x)]
            try:
                return _assert_rank_condition(x, rank, static_condition, dynamic_condition,
                                              data, summarize)
            except ValueError as e:
                if e.args[0] == "Static rank condition failed":
                    raise ValueError(
                        f"{message}Tensor {x_name} must have {what} {e.args[2]}.  Received "
                        f"rank {e.args[1]}, shape {x.shape}") from None
                raise
    check.__name__ = opname + "_v1"
    return check


assert_rank_v1 = _rank_assert("assert_rank", "rank", lambda a, b: a == b, math_ops.equal)
assert_rank_at_least_v1 = _rank_assert("assert_rank_at_least", "rank at least",
                                       lambda a, b: a >= b, math_ops.greater_equal)


def assert_rank(x, rank, message=None, name=None):
    """Assert that `x` has rank `rank` (ValueError at once when the rank is static)."""
    return assert_rank_v1(x, rank, message=message, name=name)


def assert_rank_at_least(x, rank, message=None, name=None):
    """Assert that `x` has rank `rank` or more."""
    return assert_rank_at_least_v1(x, rank, message=message, name=name)


def assert_rank_in(x, ranks, message=None, name=None):
    """Assert that the rank of `x` is one of `ranks` (static ranks only are checked at once)."""
    with name_scope(name, "assert_rank_in", (x,) + tuple(ranks)):
        x = convert_to_tensor(x, name="x")
        ranks = [convert_to_tensor(r, name="ranks") for r in ranks]
        message = _message_prefix(message)
        x_name = "" if _context.executing_eagerly() else x.name
        statics = [shape_util.constant_value(r) for r in ranks]
        if all(s is not None for s in statics) and x.shape.rank is not None:
            if x.shape.rank not in [int(s) for s in statics]:
                raise ValueError(f"{message}Tensor {x_name} does not have rank in "
                                 f"{tuple(int(s) for s in statics)}.  Received rank "
                                 f"{x.shape.rank}, shape {x.shape}")
            return _no_op("static_checks_determined_all_ok")
        actual = array_ops.rank(x)
        condition = math_ops.equal(ranks[0], actual)
        for r in ranks[1:]:
            condition = math_ops.logical_or(condition, math_ops.equal(r, actual))
        data = [message, f"Tensor {x_name} must have rank in"] + list(ranks) + \
            ["Received shape: ", array_ops.shape(x)]
        return Assert(condition, data)


def assert_type_v1(tensor, tf_type, message=None, name=None):
    """tf.compat.v1.assert_type: a no-op, or TypeError when the dtype differs."""
    tf_type = _dtypes.as_dtype(tf_type)
    with name_scope(name, "assert_type", [tensor]):
        tensor = convert_to_tensor(tensor, name="tensor")
        if tensor.dtype != tf_type:
            tensor_name = "tensor" if _context.executing_eagerly() else tensor.name
            raise TypeError(f"{_message_prefix(message)}{tensor_name} must be of type "
                            f"{tf_type!r}; got {tensor.dtype!r}")
        return _no_op("statically_determined_correct_type")


def assert_type(tensor, tf_type, message=None, name=None):
    """Assert that `tensor` has dtype `tf_type` (TypeError at once); returns None."""
    assert_type_v1(tensor, tf_type, message=message, name=name)


def assert_integer_v1(x, message=None, name=None):
    with name_scope(name, "assert_integer", [x]):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_integer:
            x_name = "tensor" if _context.executing_eagerly() else x.name
            raise TypeError(f'{_message_prefix(message)}Expected "x" to be integer type.  '
                            "Found: %s of dtype %s" % (x_name, x.dtype))
        return _no_op("statically_determined_was_integer")


def assert_integer(x, message=None, name=None):
    """Assert that `x` has an integer dtype (TypeError at once); returns None."""
    assert_integer_v1(x, message=message, name=name)


def assert_scalar(tensor, message=None, name=None):
    """Assert that `tensor` is a scalar (ValueError at once); returns the tensor."""
    with name_scope(name, "assert_scalar", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name=scope)
        message = _message_prefix(message)
        if tensor.shape.rank != 0:
            if _context.executing_eagerly():
                raise ValueError(f"{message}Expected scalar shape, saw shape: {tensor.shape}.")
            raise ValueError(f"{message}Expected scalar shape for {tensor.name}, saw shape: "
                             f"{tensor.shape}.")
        return tensor


def assert_proper_iterable(values):
    """TypeError unless `values` is an iterable other than a tensor, array or string."""
    if isinstance(values, (Tensor, np.ndarray, bytes, str)):
        raise TypeError('Expected argument "values" to be a "proper" iterable.  Found: %s'
                        % type(values))
    if not hasattr(values, "__iter__"):
        raise TypeError('Expected argument "values" to be iterable.  Found: %s' % type(values))


def is_numeric_tensor(tensor):
    return isinstance(tensor, Tensor) and (tensor.dtype.is_floating or tensor.dtype.is_integer
                                           or tensor.dtype.is_complex)


def assert_same_float_dtype(tensors=None, dtype=None):
    """The common floating dtype of `tensors` (and `dtype`); float32 when there is none."""
    for tensor in tensors or []:
        base = tensor.dtype.base_dtype if hasattr(tensor.dtype, "base_dtype") else tensor.dtype
        if dtype is None:
            dtype = base
        elif base != dtype:
            raise ValueError(f"{getattr(tensor, 'name', 'tensor')}, type={base}, must be of "
                             f"the same type ({dtype}).")
    if not dtype:
        return _dtypes.float32
    if not dtype.is_floating:
        raise ValueError(f"Expected floating point type, got {dtype}.")
    return dtype


# ---------------------------------------------------------------------- tf.compat.v1.Print

def _print_kernel(input_, *data, message="", first_n=-1, summarize=3, _counter=None):
    # TF1's Print: an identity that logs `data` to stderr each time it runs (first_n times).
    if first_n is None or first_n < 0 or _counter[0] < first_n:
        _counter[0] += 1
        limit = 3 if summarize is None else summarize
        parts = [np.array2string(np.asarray(d), threshold=max(limit, 1), edgeitems=limit)
                 if np.ndim(d) else str(np.asarray(d)) for d in data]
        sys.stderr.write(f"{message or ''}{''.join(parts)}\n")
    return input_


PRINT = register(OpDef(
    "Print", _print_kernel, lambda inputs, attrs: inputs[0].shape,
    lambda op, dy: [dy] + [None] * (len(op.inputs) - 1),
    inputs=("input: T", "data: N*?"), outputs=("T",), type_attrs={"T": None}, stateful=True))


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):
    """TF1's deprecated tf.Print: returns `input_`, printing `data` when it is computed."""
    attrs = {"message": message or "", "first_n": -1 if first_n is None else first_n,
             "summarize": 3 if summarize is None else summarize, "_counter": [0]}
    return apply(PRINT, [input_] + list(data), attrs, name=name or "Print")
