"""String ops on dense tensors (tf.strings): StringJoin, StringLength, StringLower/Upper,
StringStrip, Substr, StringToNumber, AsString, RegexFullMatch, RegexReplace (and their
Static* forms) and ReduceJoin. Kernel, shape rule and wrapper side by side; none of them is
differentiable. A string tensor's value is a NumPy object array of `bytes`.

Differences from TF: regular expressions run on Python's `re` (TF uses RE2). The patterns
and text are UTF-8 decoded first, so `.` matches one character as in RE2; but RE2-only syntax
(`\\C`, `\\pN` classes, `(?P=name)` differences, possessive forms) is not translated, Python-
only syntax (look-around, back-references) is accepted where RE2 refuses it, and a pattern's
error message is Python's. `lower`/`upper` with encoding "utf-8" use Python's Unicode case
mapping (TF uses ICU's; they agree outside a few locale-specific characters).
`to_number` to float32 parses through float64 (TF's strtof rounds once, directly).
"""
import re

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import array_ops, shape_util
from tensorlite.ops.shape_util import UNKNOWN, constant_value, same_as_first
from tensorlite.framework.errors import invalid_argument as _invalid
from tensorlite.ops.shape_util import dims_text as _dims_text


def _map(function, array):
    """`function` applied to each element of an array, as an object array of that shape."""
    array = np.asarray(array)
    result = np.empty(array.size, dtype=object)
    result[:] = [function(item) for item in array.reshape(-1)]
    return result.reshape(array.shape)


def _check_allowed(op_type, attr, value, allowed):
    # TF validates attribute values when the op is created: eagerly an InvalidArgumentError,
    # in a graph the ValueError of a node that cannot be built.
    if value in allowed:
        return
    message = (f"Value for attr '{attr}' of \"{value}\" is not in the list of allowed values: "
               + ", ".join(f'"{a}"' for a in allowed))
    if _context.executing_eagerly():
        raise _invalid(message)
    raise ValueError(f"{message} for node {op_type}")


def _register(op_type, kernel, shape, **kwargs):
    opdef = register(OpDef(op_type, kernel, shape, **kwargs))
    not_differentiable(op_type)
    return opdef


def _char_starts(value):
    """Byte offsets at which UTF-8 characters start (TF counts non-continuation bytes)."""
    return [i for i, byte in enumerate(value) if byte & 0xC0 != 0x80]


# ------------------------------------------------------------------ StringJoin

def _join_kernel(*inputs, separator="", **_):
    separator = separator.encode("utf-8") if isinstance(separator, str) else separator
    arrays = [np.asarray(x) for x in inputs]
    shape = None
    for array in arrays:   # scalars stand for every element; other shapes must be equal
        if array.ndim == 0:
            continue
        if shape is not None and array.shape != shape:
            raise _invalid(f"Input shapes do not match: {_dims_text(shape)} vs. "
                           f"{_dims_text(array.shape)}")
        shape = array.shape
    shape = () if shape is None else shape
    flat = [np.broadcast_to(array, shape).reshape(-1) for array in arrays]
    result = np.empty(int(np.prod(shape)), dtype=object)
    result[:] = [separator.join(items) for items in zip(*flat)] if flat else b""
    return result.reshape(shape)


def _join_shape(inputs, attrs):
    result = TensorShape(())
    for tensor in inputs:
        shape = tensor.shape
        if shape.rank == 0:
            continue
        if shape.rank is None:
            return UNKNOWN if result.rank == 0 else result
        if result.rank == 0:
            result = shape
        elif result.rank != shape.rank:
            raise ValueError(f"Shapes {result} and {shape} are not compatible")
        else:
            result = shape_util.merge_shapes(result, shape)
    return result


STRING_JOIN = _register("StringJoin", _join_kernel, _join_shape, inputs=("inputs: N*string",),
                        outputs=(_dtypes.string,), default_attrs={"separator": ""})


def join(inputs, separator="", name=None):
    """tf.strings.join: the inputs joined element-wise (scalars broadcast)."""
    return apply(STRING_JOIN, list(inputs), {"separator": separator}, name=name or "StringJoin")


# ------------------------------------------------------------------ element-wise ops

def _length_kernel(input, unit="BYTE"):
    count = len if unit == "BYTE" else (lambda value: len(_char_starts(value)))
    return np.array([count(v) for v in input.reshape(-1)], np.int32).reshape(input.shape)


STRING_LENGTH = _register("StringLength", _length_kernel, same_as_first,
                          inputs=("input: string",), outputs=(_dtypes.int32,),
                          default_attrs={"unit": "BYTE"})


def length(input, unit="BYTE", name=None):
    """tf.strings.length: bytes (unit "BYTE") or UTF-8 characters ("UTF8_CHAR") per element."""
    _check_allowed("StringLength", "unit", unit, ("BYTE", "UTF8_CHAR"))
    return apply(STRING_LENGTH, (input,), {"unit": unit}, name=name or "StringLength")


def length_v1(input, name=None, unit="BYTE"):
    return length(input, unit, name)


def _case_kernel(method):
    def kernel(input, encoding=""):
        if encoding == "":     # TF changes ASCII letters only (bytes.lower/upper do the same)
            return _map(getattr(bytes, method), input)
        if encoding != "utf-8":
            raise _invalid(f"only utf-8 or '' (no encoding) is supported, received {encoding}")
        return _map(lambda v: getattr(v.decode("utf-8", "surrogateescape"), method)()
                    .encode("utf-8", "surrogateescape"), input)
    return kernel


STRING_LOWER = _register("StringLower", _case_kernel("lower"), same_as_first,
                         inputs=("input: string",), outputs=(_dtypes.string,),
                         default_attrs={"encoding": ""})
STRING_UPPER = _register("StringUpper", _case_kernel("upper"), same_as_first,
                         inputs=("input: string",), outputs=(_dtypes.string,),
                         default_attrs={"encoding": ""})


def lower(input, encoding="", name=None):
    """tf.strings.lower: ASCII letters lowered, or all letters with encoding "utf-8"."""
    return apply(STRING_LOWER, (input,), {"encoding": encoding}, name=name or "StringLower")


def upper(input, encoding="", name=None):
    """tf.strings.upper: ASCII letters raised, or all letters with encoding "utf-8"."""
    return apply(STRING_UPPER, (input,), {"encoding": encoding}, name=name or "StringUpper")


# bytes.strip() strips what absl::StripAsciiWhitespace does: " \t\n\v\f\r".
STRING_STRIP = _register("StringStrip", lambda input: _map(bytes.strip, input), same_as_first,
                         inputs=("input: string",), outputs=(_dtypes.string,))


def strip(input, name=None):
    """tf.strings.strip: leading and trailing ASCII whitespace removed."""
    return apply(STRING_STRIP, (input,), name=name or "StringStrip")


# ------------------------------------------------------------------ Substr

def _substring(value, pos, size, unit, index):
    starts = _char_starts(value) if unit == "UTF8_CHAR" else None
    count = len(value) if starts is None else len(starts)
    if not -count <= pos <= count:
        shown = f" b'{value.decode('utf-8', 'replace')}'" if starts is None else ""
        raise _invalid(f"pos {pos} out of range for string{shown} at index {index}")
    pos = pos + count if pos < 0 else pos
    # A negative len is cast to size_t by TF's kernel: it takes the rest of the string.
    end = count if size < 0 else min(count, pos + size)
    if starts is None:
        return value[pos:end]
    starts.append(len(value))
    return value[starts[pos]:starts[end]]


def _substr_kernel(input, pos, len, unit="BYTE", **_):
    if pos.shape != len.shape:
        raise _invalid(f"pos and len should have the same shape, got: {_dims_text(pos.shape)} "
                       f"vs. {_dims_text(len.shape)}")
    try:
        shape = np.broadcast_shapes(input.shape, pos.shape)
    except ValueError:
        raise _invalid(f"Incompatible shapes: {_dims_text(input.shape)} vs. "
                       f"{_dims_text(pos.shape)}") from None
    values, starts, sizes = (np.broadcast_to(a, shape).reshape(-1) for a in (input, pos, len))
    result = np.empty(values.size, dtype=object)
    result[:] = [_substring(v, int(p), int(n), unit, i)
                 for i, (v, p, n) in enumerate(zip(values, starts, sizes))]
    return result.reshape(shape)


def _substr_shape(inputs, attrs):
    positions = shape_util.merge_shapes(inputs[1].shape, inputs[2].shape)
    return shape_util.broadcast(inputs[0].shape, positions)


SUBSTR = _register("Substr", _substr_kernel, _substr_shape,
                   inputs=("input: string", "pos: T", "len: T"), outputs=(_dtypes.string,),
                   type_attrs={"T": (_dtypes.int32, _dtypes.int64)},
                   default_attrs={"unit": "BYTE"})


def substr(input, pos, len, unit="BYTE", name=None):
    """tf.strings.substr: `len` bytes or characters from `pos` (negative: from the end)."""
    _check_allowed("Substr", "unit", unit, ("BYTE", "UTF8_CHAR"))
    return apply(SUBSTR, (input, pos, len), {"unit": unit}, name=name or "Substr")


def substr_v1(input, pos, len, name=None, unit="BYTE"):
    return substr(input, pos, len, unit, name)


# ------------------------------------------------------------------ StringToNumber

# What TF's parsers accept: absl::SimpleAtoi for integers (surrounding whitespace, one sign;
# no sign for unsigned types) and strtod-style text for floats (hex, inf, infinity, nan).
_INTEGER = re.compile(rb"\s*([+-]?\d+)\s*")
_DECIMAL = re.compile(rb"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*")
_HEX = re.compile(rb"\s*([+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)"
                  rb"(?:[pP][+-]?\d+)?)\s*")
_SPECIAL = re.compile(rb"\s*([+-]?(?:inf|infinity|nan))\s*", re.IGNORECASE)


def _parse_number(value, dtype):
    if dtype.is_integer:
        match = _INTEGER.fullmatch(value)
        if match and not (dtype.is_unsigned and match.group(1).startswith(b"-")):
            number = int(match.group(1))
            if dtype.min <= number <= dtype.max:
                return number
        return None
    match = _DECIMAL.fullmatch(value) or _SPECIAL.fullmatch(value)
    if match:
        return float(match.group(1))
    match = _HEX.fullmatch(value)
    return float.fromhex(match.group(1).decode("ascii")) if match else None


def _to_number_kernel(string_tensor, out_type):
    numbers = []
    for value in string_tensor.reshape(-1):
        number = _parse_number(value, out_type)
        if number is None:
            raise _invalid("StringToNumberOp could not correctly convert string: "
                           + value.decode("utf-8", "replace"))
        numbers.append(number)
    with np.errstate(over="ignore"):    # 1e300 as float32 is inf, as TF's strtof gives
        return np.array(numbers, out_type.as_numpy_dtype).reshape(string_tensor.shape)


_NUMBER_TYPES = (_dtypes.float32, _dtypes.float64, _dtypes.int32, _dtypes.int64,
                 _dtypes.uint32, _dtypes.uint64)
STRING_TO_NUMBER = _register("StringToNumber", _to_number_kernel, same_as_first,
                             inputs=("string_tensor: string",), outputs=("out_type",),
                             default_attrs={"out_type": _dtypes.float32})


def to_number(input, out_type=_dtypes.float32, name=None):
    """tf.strings.to_number: each string parsed as a number of `out_type`."""
    out_type = _dtypes.as_dtype(out_type)
    if out_type not in _NUMBER_TYPES:
        message = (f"Value for attr 'out_type' of {out_type.name} is not in the list of allowed"
                   " values: float, double, int32, int64, uint32, uint64")
        raise _invalid(message) if _context.executing_eagerly() else ValueError(message)
    return apply(STRING_TO_NUMBER, (input,), {"out_type": out_type},
                 name=name or "StringToNumber")


def string_to_number_v1(string_tensor=None, out_type=_dtypes.float32, name=None, input=None):
    if (string_tensor is None) == (input is None):
        raise ValueError("Exactly one of 'string_tensor' and 'input' must be given")
    return to_number(input if string_tensor is None else string_tensor, out_type, name)


# ------------------------------------------------------------------ AsString

def _as_string_kernel(input, precision=-1, scientific=False, shortest=False, width=-1,
                      fill="", T=None):
    dtype = T or _dtypes.as_dtype(input.dtype)
    if scientific and shortest:
        raise _invalid("Cannot select both scientific and shortest notation")
    if len(fill) > 1:
        raise _invalid("Fill string must be one or fewer characters")
    if fill and fill not in " +-0#":
        raise _invalid(f'Fill argument not supported: "{fill}"')
    floating = dtype.is_floating or dtype.is_complex
    for flag, what in ((precision > -1, "precision"), (scientific, "scientific"),
                       (shortest, "shortest")):
        if flag and not floating:
            raise _invalid(f"{what} not supported for datatype {dtype.name}")
    # TF builds one printf format from the attributes (AsStringOp's constructor).
    spec = "%" + fill + (str(width) if width > -1 else "") + \
        (f".{precision}" if precision > -1 else "")
    if dtype == _dtypes.bool:
        return _map(lambda v: b"true" if v else b"false", input)
    if dtype == _dtypes.string:
        return _map(lambda v: (spec + "s").encode() % v, input)
    if dtype.is_integer:
        return _map(lambda v: ((spec + "d") % int(v)).encode(), input)
    spec += "g" if shortest else "e" if scientific else "f"
    if dtype.is_complex:
        return _map(lambda v: f"({spec % v.real},{spec % v.imag})".encode(), input)
    return _map(lambda v: (spec % float(v)).encode(), input)


AS_STRING = _register(
    "AsString", _as_string_kernel, same_as_first, inputs=("input: T",),
    outputs=(_dtypes.string,),
    type_attrs={"T": _dtypes.INTEGER_TYPES + _dtypes.FLOATING_TYPES + _dtypes.COMPLEX_TYPES
                + (_dtypes.bool, _dtypes.string)},
    default_attrs={"precision": -1, "scientific": False, "shortest": False, "width": -1,
                   "fill": ""})


def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="",
              name=None):
    """tf.strings.as_string: each element formatted as printf formats it."""
    return apply(AS_STRING, (input,), {"precision": precision, "scientific": scientific,
                                       "shortest": shortest, "width": width, "fill": fill},
                 name=name or "AsString")


# ------------------------------------------------------------------ regular expressions

def _text(value):
    # Decoded so that "." is one character, as in RE2's UTF-8 mode; undecodable bytes
    # survive the round trip as surrogates.
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


def _compile(pattern):
    pattern = _text(pattern[()] if isinstance(pattern, np.ndarray) else pattern)
    try:
        return re.compile(pattern)
    except re.error as error:
        raise _invalid(f"Invalid pattern: {pattern}, error: {error}") from None


def _full_match_kernel(input, pattern):
    regex = _compile(pattern)
    return np.array([regex.fullmatch(_text(v)) is not None for v in input.reshape(-1)],
                    dtype=bool).reshape(input.shape)


REGEX_FULL_MATCH = _register("RegexFullMatch", _full_match_kernel, same_as_first,
                             inputs=("input: string", "pattern: string"),
                             outputs=(_dtypes.bool,))
STATIC_REGEX_FULL_MATCH = _register("StaticRegexFullMatch", _full_match_kernel, same_as_first,
                                    inputs=("input: string",), outputs=(_dtypes.bool,))


def regex_full_match(input, pattern, name=None):
    """tf.strings.regex_full_match: whether each element matches `pattern` as a whole."""
    if isinstance(pattern, (str, bytes)):   # TF's wrapper picks the Static op for a constant
        return apply(STATIC_REGEX_FULL_MATCH, (input,), {"pattern": _text(pattern)},
                     name=name or "StaticRegexFullMatch")
    return apply(REGEX_FULL_MATCH, (input, pattern), name=name or "RegexFullMatch")


def _rewriter(rewrite, groups):
    """RE2's rewrite string (\\0 to \\9 name groups, \\\\ is a backslash) as a function of a
    match; None when it names a group the pattern lacks (RE2 then replaces nothing)."""
    pieces = re.split(r"\\(\d|\\)", rewrite)
    for i in range(1, len(pieces), 2):
        if pieces[i] != "\\" and int(pieces[i]) > groups:
            return None

    def rewrite_match(match):
        return "".join(piece if i % 2 == 0 else "\\" if piece == "\\" else
                       (match.group(int(piece)) or "") for i, piece in enumerate(pieces))
    return rewrite_match


def _replace_kernel(input, pattern, rewrite, replace_global=True):
    regex = _compile(pattern)
    rewrite_match = _rewriter(_text(rewrite[()] if isinstance(rewrite, np.ndarray)
                                    else rewrite), regex.groups)
    if rewrite_match is None:
        return input.copy()
    count = 0 if replace_global else 1
    return _map(lambda v: regex.sub(rewrite_match, _text(v), count=count)
                .encode("utf-8", "surrogateescape"), input)


REGEX_REPLACE = _register("RegexReplace", _replace_kernel, same_as_first,
                          inputs=("input: string", "pattern: string", "rewrite: string"),
                          outputs=(_dtypes.string,), default_attrs={"replace_global": True})
STATIC_REGEX_REPLACE = _register("StaticRegexReplace", _replace_kernel, same_as_first,
                                 inputs=("input: string",), outputs=(_dtypes.string,),
                                 default_attrs={"replace_global": True})


def regex_replace(input, pattern, rewrite, replace_global=True, name=None):
    """tf.strings.regex_replace: matches of `pattern` replaced by `rewrite` (RE2's \\1)."""
    if isinstance(pattern, (str, bytes)) and isinstance(rewrite, (str, bytes)):
        return apply(STATIC_REGEX_REPLACE, (input,),
                     {"pattern": _text(pattern), "rewrite": _text(rewrite),
                      "replace_global": replace_global}, name=name or "StaticRegexReplace")
    return apply(REGEX_REPLACE, (input, pattern, rewrite), {"replace_global": replace_global},
                 name=name or "RegexReplace")


# ------------------------------------------------------------------ ReduceJoin

def _reduce_join_kernel(inputs, reduction_indices, keep_dims=False, separator=""):
    separator = separator.encode("utf-8") if isinstance(separator, str) else separator
    rank = inputs.ndim
    axes = []
    for axis in np.asarray(reduction_indices).reshape(-1).tolist():
        if not -rank <= axis < rank:
            raise errors.OutOfRangeError(None, None, f"Invalid reduction dimension {axis} for "
                                         f"input with {rank} dimension(s)")
        axis %= rank
        if axis in axes:
            raise _invalid(f"Duplicate reduction dimension {axis}")
        axes.append(axis)
    # TF reduces the listed axes one after another, so the first listed varies fastest:
    # put them last, in reverse order, and join the flattened tail.
    kept = [d for d in range(rank) if d not in axes]
    moved = np.transpose(inputs, kept + axes[::-1])
    kept_shape = tuple(inputs.shape[d] for d in kept)
    rows = moved.reshape((int(np.prod(kept_shape)), -1)) if moved.size else \
        np.empty((int(np.prod(kept_shape)), 0), dtype=object)
    result = np.empty(rows.shape[0], dtype=object)
    result[:] = [separator.join(row) for row in rows]
    if keep_dims:
        return result.reshape(tuple(1 if d in axes else inputs.shape[d] for d in range(rank)))
    return result.reshape(kept_shape)


def _reduce_join_shape(inputs, attrs):
    shape, axes = inputs[0].shape, constant_value(inputs[1])
    if shape.rank is None:
        return UNKNOWN
    if axes is None:
        return TensorShape([None] * shape.rank) if attrs.get("keep_dims") else UNKNOWN
    axes = {int(a) % shape.rank if shape.rank else int(a) for a in np.reshape(axes, -1)}
    dims = shape.as_list()
    if attrs.get("keep_dims"):
        return TensorShape([1 if d in axes else dims[d] for d in range(shape.rank)])
    return TensorShape([dims[d] for d in range(shape.rank) if d not in axes])


REDUCE_JOIN = _register("ReduceJoin", _reduce_join_kernel, _reduce_join_shape,
                        inputs=("inputs: string", "reduction_indices: int32"),
                        outputs=(_dtypes.string,),
                        default_attrs={"keep_dims": False, "separator": ""})


def reduce_join(inputs, axis=None, keepdims=False, separator="", name=None):
    """tf.strings.reduce_join: strings joined across `axis` (all axes when None)."""
    with name_scope(name, "ReduceJoin", [inputs]) as scope:
        inputs = convert_to_tensor(inputs, dtype=_dtypes.string, name="inputs")
        if axis is None:     # TF reduces the last axis first: range(rank - 1, -1, -1)
            rank = inputs.shape.rank
            axis = list(range(rank - 1, -1, -1)) if rank is not None else \
                array_ops.range(array_ops.rank(inputs) - 1, -1, -1)
        return apply(REDUCE_JOIN, (inputs, axis),
                     {"keep_dims": bool(keepdims), "separator": separator}, name=scope)


def reduce_join_v1(inputs, axis=None, keep_dims=None, separator="", name=None,
                   reduction_indices=None, keepdims=None):
    if axis is not None and reduction_indices is not None:
        raise ValueError("Cannot specify both 'axis' and 'reduction_indices'.")
    if keep_dims is not None and keepdims is not None:
        raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'.")
    return reduce_join(inputs, axis if reduction_indices is None else reduction_indices,
                       bool(keepdims or keep_dims), separator, name)
