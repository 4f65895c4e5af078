"""Conformance: eager tensors (TF 2.21 as the oracle).

Covers tf.constant / tf.convert_to_tensor dtype inference and conversion, the
EagerTensor surface (numpy(), dtype, shape, ndim, device, repr/str), every Python
operator, __getitem__, and the Python protocols (bool, len, iter, index, float,
int, __array__, hash/ref). Every expectation here was checked against real
TensorFlow 2.21 (`--tf-impl=tensorflow`).
"""
import copy

import numpy as np
import pytest

CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"
BAD_INDEX = (r"Only integers, slices \(`:`\), ellipsis \(`...`\), tf.newaxis \(`None`\) "
             r"and scalar tf.int32/tf.int64 tensors are valid indices")


def assert_tensor(t, expected, dtype):
    """`t` is an eager tensor with exactly this dtype (TF dtype and NumPy dtype) and value."""
    expected = np.asarray(expected)
    assert t.dtype == dtype, (t.dtype, dtype)
    value = t.numpy()
    assert np.asarray(value).dtype == dtype.as_numpy_dtype or dtype.name == "string"
    assert tuple(t.shape) == expected.shape
    np.testing.assert_array_equal(value, expected)


# ---------------------------------------------------------------------------
# tf.constant / tf.convert_to_tensor: dtype inference
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, dtype_name, shape", [
    (1.5, "float32", ()),
    (1, "int32", ()),
    (2**31 - 1, "int32", ()),
    (-2**31, "int32", ()),
    (2**31, "int64", ()),            # just past int32: silently widened to int64
    (-2**31 - 1, "int64", ()),
    ([1, 2**40], "int64", (2,)),     # one big element widens the whole list
    (True, "bool", ()),
    ("hi", "string", ()),
    (b"hi", "string", ()),
    ([[1, 2], [3, 4]], "int32", (2, 2)),
    (([1, 2], (3, 4)), "int32", (2, 2)),   # tuples nest like lists
    ([1, 2.5], "float32", (2,)),     # mixed int/float list -> float32
    ([], "float32", (0,)),           # empty list defaults to float32
    ([[]], "float32", (1, 0)),
    (1 + 2j, "complex128", ()),
    (float("inf"), "float32", ()),
])
def test_python_value_dtype_inference(tf, value, dtype_name, shape):
    for convert in (tf.constant, tf.convert_to_tensor):
        t = convert(value)
        assert t.dtype.name == dtype_name
        assert t.dtype == getattr(tf, dtype_name)
        assert tuple(t.shape) == shape
        assert t.shape == shape


def test_out_of_range_python_numbers_are_refused(tf):
    with pytest.raises(ValueError, match="Can't convert Python sequence with out-of-range integer to Tensor."):
        tf.constant(2**63)
    with pytest.raises(ValueError, match="out-of-range integer"):
        tf.convert_to_tensor([1, 2**64])
    # Python floats are inferred as float32; 1e40 does not fit, and the message
    # (misleadingly) talks about double precision.
    with pytest.raises(ValueError, match="out of range for a double-precision float"):
        tf.constant(1e40)
    assert_tensor(tf.constant(1e40, dtype=tf.float64), 1e40, tf.float64)


@pytest.mark.parametrize("value, match", [
    ([[1, 2], [3]], "Can't convert non-rectangular Python sequence to Tensor."),
    ([True, 1], "Can't convert Python sequence with mixed types to Tensor."),
    (["a", 1], "Can't convert Python sequence with mixed types to Tensor."),
    (None, r"Attempt to convert a value \(None\) with an unsupported type \(<class 'NoneType'>\) to a Tensor."),
    ({"a": 1}, r"with an unsupported type \(<class 'dict'>\) to a Tensor"),
    (object(), r"Attempt to convert a value .* with an unsupported type \(<class 'object'>\) to a Tensor"),
])
def test_unconvertible_python_values_raise_value_error(tf, value, match):
    with pytest.raises(ValueError, match=match):
        tf.constant(value)
    with pytest.raises(ValueError, match=match):
        tf.convert_to_tensor(value)


@pytest.mark.parametrize("array, dtype_name", [
    (np.array([1.0, 2.0]), "float64"),        # float64 arrays stay float64
    (np.array([1, 2], dtype=np.int64), "int64"),
    (np.array([1.0], dtype=np.float32), "float32"),
    (np.array([1], dtype=np.uint32), "uint32"),
    (np.array([True]), "bool"),
    (np.array(["a"]), "string"),
    (np.float64(1.0), "float64"),             # NumPy scalars keep their dtype too
    (np.int16(3), "int16"),
    (np.float16(3), "float16"),
    (np.zeros((2, 0)), "float64"),
    ([np.float64(1), 2.0], "float64"),        # one NumPy float64 scalar makes a list float64
    ([np.float32(1.5), 2], "float32"),
])
def test_numpy_inputs_keep_their_dtype(tf, array, dtype_name):
    t = tf.constant(array)
    assert t.dtype == getattr(tf, dtype_name)
    assert tuple(t.shape) == np.shape(array)
    assert tf.convert_to_tensor(array).dtype == getattr(tf, dtype_name)


def test_string_values_are_utf8_bytes(tf):
    t = tf.constant("é")
    assert t.numpy() == b"\xc3\xa9"
    assert type(t.numpy()) is bytes
    v = tf.constant(["a", "bc"])
    assert v.dtype == tf.string
    assert v.numpy().dtype == object
    assert v.numpy().tolist() == [b"a", b"bc"]


# ---------------------------------------------------------------------------
# explicit dtype
# ---------------------------------------------------------------------------

def test_explicit_dtype_widening_conversions_are_allowed(tf):
    assert_tensor(tf.constant(1, dtype=tf.float32), 1.0, tf.float32)
    assert_tensor(tf.constant(1, dtype=tf.float64), 1.0, tf.float64)
    assert_tensor(tf.convert_to_tensor(1, dtype=tf.float32), 1.0, tf.float32)
    assert_tensor(tf.constant([1, 2], dtype="float32"), [1.0, 2.0], tf.float32)
    assert_tensor(tf.constant(1, dtype=np.float32), 1.0, tf.float32)
    assert_tensor(tf.constant(1, dtype=float), 1.0, tf.float32)   # Python float -> float32
    assert_tensor(tf.constant(True, dtype=tf.int32), 1, tf.int32)  # bool -> int is fine
    assert_tensor(tf.constant(3.0, dtype=tf.float16), 3.0, tf.float16)


@pytest.mark.parametrize("value, dtype_name, shown", [
    (1.5, "int32", "1.5"),
    (2.0, "int32", "2.0"),            # even an integral Python float is refused
    ([1.5, 2.0], "int32", r"\[1.5, 2.0\]"),
    (1, "bool", "1"),
    ([1, 0], "bool", r"\[1, 0\]"),
    ("a", "int32", "'a'"),
    (1, "string", "1"),
    (float("nan"), "int32", "nan"),
])
def test_explicit_dtype_lossy_python_conversions_raise_type_error(tf, value, dtype_name, shown):
    dtype = getattr(tf, dtype_name)
    message = f"Cannot convert {shown} to EagerTensor of dtype {dtype_name}"
    with pytest.raises(TypeError, match=message):
        tf.constant(value, dtype=dtype)
    with pytest.raises(TypeError, match=message):
        tf.convert_to_tensor(value, dtype=dtype)


def test_explicit_integer_dtype_wraps_out_of_range_python_ints(tf):
    assert_tensor(tf.constant(300, dtype=tf.uint8), 44, tf.uint8)
    assert_tensor(tf.constant(-1, dtype=tf.uint8), 255, tf.uint8)
    assert_tensor(tf.constant(2**40, dtype=tf.int32), 0, tf.int32)


def test_explicit_dtype_casts_numpy_arrays_even_when_lossy(tf):
    # NumPy inputs are cast with NumPy semantics: float -> int truncates.
    assert_tensor(tf.constant(np.array([1.5, -2.7]), dtype=tf.int32), [1, -2], tf.int32)
    assert_tensor(tf.convert_to_tensor(np.array([1.5]), dtype=tf.float32), [1.5], tf.float32)


def test_converting_existing_tensors(tf):
    t = tf.constant(1)
    assert tf.convert_to_tensor(t) is t
    assert tf.convert_to_tensor(t, dtype=tf.int32) is t
    with pytest.raises(ValueError, match=r"Tensor conversion requested dtype float32 for Tensor with dtype int32: "
                                         r"<tf.Tensor: shape=\(\), dtype=int32, numpy=1>"):
        tf.convert_to_tensor(t, dtype=tf.float32)
    with pytest.raises(TypeError, match="Expected tensor 1 with dtype tf.float32, but got dtype tf.int32."):
        tf.constant(t, dtype=tf.float32)
    assert_tensor(tf.constant(tf.constant(1.5), dtype=tf.float32), 1.5, tf.float32)
    assert_tensor(tf.constant(tf.constant([1, 2]), shape=[2, 1]), [[1], [2]], tf.int32)
    # convert_to_tensor packs lists mixing tensors and Python values
    assert_tensor(tf.convert_to_tensor([tf.constant(1), 2]), [1, 2], tf.int32)


def test_bad_dtype_argument(tf):
    with pytest.raises(TypeError, match="Cannot convert the argument `type_value`: 'foo' to a TensorFlow DType."):
        tf.constant(1, dtype="foo")
    with pytest.raises(TypeError, match="Cannot convert the argument `type_value`: <class 'int'> to a TensorFlow DType."):
        tf.constant(1, dtype=int)


def test_dtype_hint(tf):
    # the hint is used when the value converts cleanly ...
    assert_tensor(tf.convert_to_tensor(1, dtype_hint=tf.float32), 1.0, tf.float32)
    assert_tensor(tf.convert_to_tensor([1, 2], dtype_hint=tf.float32), [1.0, 2.0], tf.float32)
    assert_tensor(tf.convert_to_tensor(np.array([1, 2]), dtype_hint=tf.float32), [1.0, 2.0], tf.float32)
    assert_tensor(tf.convert_to_tensor(3, dtype_hint=tf.int8), 3, tf.int8)
    assert_tensor(tf.convert_to_tensor(1.5, dtype_hint=tf.float64), 1.5, tf.float64)
    # ... and silently ignored (no error) when it would not
    assert_tensor(tf.convert_to_tensor(1.5, dtype_hint=tf.int32), 1.5, tf.float32)
    assert_tensor(tf.convert_to_tensor(2.0, dtype_hint=tf.int64), 2.0, tf.float32)
    assert_tensor(tf.convert_to_tensor(1, dtype_hint=tf.bool), 1, tf.int32)
    assert_tensor(tf.convert_to_tensor("a", dtype_hint=tf.int32), b"a", tf.string)
    # an existing tensor is never converted by a hint
    assert_tensor(tf.convert_to_tensor(tf.constant(1), dtype_hint=tf.float32), 1, tf.int32)


# ---------------------------------------------------------------------------
# shape argument of tf.constant
# ---------------------------------------------------------------------------

def test_constant_shape_argument(tf):
    assert_tensor(tf.constant(7, shape=[2, 3]), np.full((2, 3), 7), tf.int32)    # scalar is broadcast
    assert_tensor(tf.constant([1], shape=[3]), [1, 1, 1], tf.int32)             # one element is broadcast
    assert_tensor(tf.constant(1, shape=[0]), np.zeros((0,)), tf.int32)
    assert_tensor(tf.constant([1, 2, 3, 4, 5, 6], shape=[2, 3]), [[1, 2, 3], [4, 5, 6]], tf.int32)  # reshaped
    assert_tensor(tf.constant([5], shape=[]), 5, tf.int32)
    assert_tensor(tf.constant([1, 2], dtype=tf.float32, shape=[2, 1]), [[1.0], [2.0]], tf.float32)
    assert_tensor(tf.constant(0.0, shape=(2,)), [0.0, 0.0], tf.float32)
    assert_tensor(tf.constant(0.0, shape=tf.TensorShape([2])), [0.0, 0.0], tf.float32)
    assert_tensor(tf.constant(np.arange(6), shape=[3, 2]), np.arange(6).reshape(3, 2), tf.int64)


def test_constant_shape_argument_mismatch(tf):
    with pytest.raises(TypeError, match=r"Eager execution of tf.constant with unsupported shape. Tensor \[1 2 3\] "
                                        r"\(converted from \[1, 2, 3\]\) has 3 elements, but got `shape` \(2, 2\) "
                                        r"with 4 elements\)."):
        tf.constant([1, 2, 3], shape=[2, 2])
    # broadcasting only works from a single element, never row-wise
    with pytest.raises(TypeError, match="has 2 elements, but got `shape` \\(2, 2\\) with 4 elements"):
        tf.constant([1, 2], shape=[2, 2])
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        tf.constant([1, 2, 3, 4], shape=[-1, 2])


# ---------------------------------------------------------------------------
# numpy(), dtype, shape, ndim, device, repr/str
# ---------------------------------------------------------------------------

def test_numpy_of_scalars_returns_numpy_scalars(tf):
    f = tf.constant(3.5).numpy()
    assert type(f) is np.float32 and f == 3.5
    i = tf.constant(5).numpy()
    assert type(i) is np.int32 and i == 5
    b = tf.constant(True).numpy()
    assert type(b) is np.bool_ and b
    assert type(tf.constant(5, dtype=tf.int64).numpy()) is np.int64
    s = tf.constant("hi").numpy()
    assert type(s) is bytes and s == b"hi"


def test_numpy_of_arrays_returns_independent_writable_copies(tf):
    t = tf.constant([1, 2])
    a = t.numpy()
    assert type(a) is np.ndarray and a.dtype == np.int32 and a.shape == (2,)
    assert a.flags.writeable
    a[0] = 99
    np.testing.assert_array_equal(t.numpy(), [1, 2])   # the tensor is unaffected


def test_dtype_shape_ndim_device(tf):
    s, v, m = tf.constant(3.5), tf.constant([1, 2, 3]), tf.constant([[1.0, 2.0], [3.0, 4.0]])
    assert s.shape == () and s.shape == tf.TensorShape([]) and s.ndim == 0
    assert v.shape == [3] and v.shape == (3,) and v.ndim == 1
    assert m.shape.as_list() == [2, 2] and m.ndim == 2
    assert type(v.shape) is tf.TensorShape
    assert v.shape[0] == 3 and type(v.shape[0]) is int
    assert v.shape.rank == 1 and len(v.shape) == 1
    assert repr(v.shape) == "TensorShape([3])" and str(v.shape) == "(3,)"
    assert repr(s.shape) == "TensorShape([])" and str(s.shape) == "()"
    assert v.get_shape() == [3]
    assert s.dtype == tf.float32 and v.dtype == tf.int32
    assert repr(s.dtype) == "tf.float32" and str(s.dtype) == "<dtype: 'float32'>"
    assert s.dtype.name == "float32" and s.dtype == np.float32
    assert v.dtype.as_numpy_dtype is np.int32
    assert s.device == CPU0
    assert tf.identity(v).device == CPU0
    assert v.set_shape([3]) is None and v.set_shape([None]) is None
    with pytest.raises(ValueError, match=r"Tensor's shape \(3,\) is not compatible with supplied shape \(4,\)."):
        v.set_shape([4])


@pytest.mark.parametrize("make, expected_repr, expected_str", [
    (lambda tf: tf.constant(3.5),
     "<tf.Tensor: shape=(), dtype=float32, numpy=3.5>",
     "tf.Tensor(3.5, shape=(), dtype=float32)"),
    (lambda tf: tf.constant(5),
     "<tf.Tensor: shape=(), dtype=int32, numpy=5>",
     "tf.Tensor(5, shape=(), dtype=int32)"),
    (lambda tf: tf.constant(0.1),   # scalar repr goes through .item(): full float64 digits of the float32
     "<tf.Tensor: shape=(), dtype=float32, numpy=0.10000000149011612>",
     "tf.Tensor(0.1, shape=(), dtype=float32)"),
    (lambda tf: tf.constant(True),
     "<tf.Tensor: shape=(), dtype=bool, numpy=True>",
     "tf.Tensor(True, shape=(), dtype=bool)"),
    (lambda tf: tf.constant("hi"),
     "<tf.Tensor: shape=(), dtype=string, numpy=b'hi'>",
     "tf.Tensor(b'hi', shape=(), dtype=string)"),
    (lambda tf: tf.constant([1, 2, 3]),
     "<tf.Tensor: shape=(3,), dtype=int32, numpy=array([1, 2, 3], dtype=int32)>",
     "tf.Tensor([1 2 3], shape=(3,), dtype=int32)"),
    (lambda tf: tf.constant([7], dtype=tf.int64),
     "<tf.Tensor: shape=(1,), dtype=int64, numpy=array([7])>",
     "tf.Tensor([7], shape=(1,), dtype=int64)"),
    (lambda tf: tf.constant(np.array([1.5, 2.0])),
     "<tf.Tensor: shape=(2,), dtype=float64, numpy=array([1.5, 2. ])>",
     "tf.Tensor([1.5 2. ], shape=(2,), dtype=float64)"),
    (lambda tf: tf.constant([True, False]),
     "<tf.Tensor: shape=(2,), dtype=bool, numpy=array([ True, False])>",
     "tf.Tensor([ True False], shape=(2,), dtype=bool)"),
    (lambda tf: tf.constant(["a", "b"]),
     "<tf.Tensor: shape=(2,), dtype=string, numpy=array([b'a', b'b'], dtype=object)>",
     "tf.Tensor([b'a' b'b'], shape=(2,), dtype=string)"),
    (lambda tf: tf.constant([]),
     "<tf.Tensor: shape=(0,), dtype=float32, numpy=array([], dtype=float32)>",
     "tf.Tensor([], shape=(0,), dtype=float32)"),
    # multi-line NumPy text starts on a new line
    (lambda tf: tf.constant([[1.0, 2.0], [3.0, 4.0]]),
     "<tf.Tensor: shape=(2, 2), dtype=float32, numpy=\narray([[1., 2.],\n       [3., 4.]], dtype=float32)>",
     "tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)"),
])
def test_repr_and_str(tf, make, expected_repr, expected_str):
    t = make(tf)
    assert repr(t) == expected_repr
    assert str(t) == expected_str


def test_format_uses_the_numpy_value_and_copy_returns_self(tf):
    assert f"{tf.constant(3.14159):.2f}" == "3.14"
    assert f"{tf.constant([1, 2])}" == "[1 2]"
    t = tf.constant([1, 2])          # eager tensors are immutable
    assert copy.copy(t) is t
    assert copy.deepcopy(t) is t


# ---------------------------------------------------------------------------
# operators
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("op, int_expected, float_expected, int_result_dtype", [
    ("+", [9, -5, 2], [9.0, -5.0, 2.0], "int32"),
    ("-", [5, -9, 8], [5.0, -9.0, 8.0], "int32"),
    ("*", [14, -14, -15], [14.0, -14.0, -15.0], "int32"),
    ("/", [3.5, -3.5, 5 / -3], [3.5, -3.5, np.float32(5) / np.float32(-3)], "float64"),
    ("//", [3, -4, -2], [3.0, -4.0, -2.0], "int32"),     # floor division, like Python
    ("%", [1, 1, -1], [1.0, 1.0, -1.0], "int32"),        # sign follows the divisor, like Python
])
def test_binary_arithmetic_operators(tf, op, int_expected, float_expected, int_result_dtype):
    a, b = tf.constant([7, -7, 5]), tf.constant([2, 2, -3])
    x, y = tf.constant([7.0, -7.0, 5.0]), tf.constant([2.0, 2.0, -3.0])
    r = eval(f"a {op} b")
    assert r.dtype == getattr(tf, int_result_dtype)
    np.testing.assert_allclose(r.numpy(), int_expected, rtol=1e-15)
    r = eval(f"x {op} y")
    assert r.dtype == tf.float32
    np.testing.assert_allclose(r.numpy(), float_expected, rtol=1e-6)


def test_power_operator(tf):
    assert_tensor(tf.constant(3) ** 2, 9, tf.int32)
    assert_tensor(tf.constant([7.0, -7.0, 5.0]) ** tf.constant([2.0, 2.0, -3.0]),
                  np.array([49.0, 49.0, 0.008], np.float32), tf.float32)
    assert_tensor(tf.constant(4.0) ** 0.5, 2.0, tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Integers to negative integer powers are not allowed"):
        tf.constant(2) ** tf.constant(-1)


def test_reflected_operators_with_python_scalars(tf):
    a = tf.constant([7, -7, 5])
    assert_tensor(2 - a, [-5, 9, -3], tf.int32)
    assert_tensor(2 + a, [9, -5, 7], tf.int32)
    assert_tensor(2 * a, [14, -14, 10], tf.int32)
    assert_tensor(2 ** tf.constant([1, 2, 3]), [2, 4, 8], tf.int32)
    assert_tensor(2.0 ** tf.constant([1.0, 2.0]), [2.0, 4.0], tf.float32)
    assert_tensor(7 // tf.constant([2, 2, -3]), [3, 3, -3], tf.int32)
    assert_tensor(7 % tf.constant([2, 2, -3]), [1, 1, -2], tf.int32)
    r = 2 / tf.constant([4, -8, 5])
    assert_tensor(r, [0.5, -0.25, 0.4], tf.float64)
    assert_tensor(2 < a, [True, False, True], tf.bool)
    assert_tensor(tf.constant(1.5) + 1, 2.5, tf.float32)   # a Python int adapts to a float tensor
    assert_tensor(tf.constant(1.0) + True, 2.0, tf.float32)
    assert_tensor(tf.constant(1) + True, 2, tf.int32)


def test_operators_with_lists_and_numpy_arrays(tf):
    t = tf.constant([1, 2])
    assert_tensor(t + [10, 20], [11, 22], tf.int32)
    assert_tensor([10, 20] + t, [11, 22], tf.int32)
    assert_tensor(t + np.array([10, 20]), [11, 22], tf.int32)        # int64 array adapts to int32
    assert_tensor(np.array([10, 20]) + t, [11, 22], tf.int32)        # the tensor wins over ndarray.__add__
    assert_tensor(tf.constant(1.0) + np.array([2.0]), [3.0], tf.float32)  # float64 array adapts to float32
    assert_tensor(np.array([2.0]) + tf.constant(1.0), [3.0], tf.float32)
    # NumPy values are cast to the tensor's dtype even when lossy
    assert_tensor(tf.constant(1) + np.float64(1.5), 2, tf.int32)
    assert_tensor(tf.constant(1) + np.array([1.5]), [2], tf.int32)


def test_true_division_result_dtypes(tf):
    assert_tensor(tf.constant(7) / tf.constant(2), 3.5, tf.float64)
    assert_tensor(tf.constant(7) / 2, 3.5, tf.float64)
    assert_tensor(tf.constant(7, tf.int64) / tf.constant(2, tf.int64), 3.5, tf.float64)
    assert_tensor(tf.constant(7, tf.int16) / tf.constant(2, tf.int16), 3.5, tf.float32)
    assert_tensor(tf.constant(7, tf.int8) / tf.constant(2, tf.int8), 3.5, tf.float32)
    assert_tensor(tf.constant(7, tf.uint8) / tf.constant(2, tf.uint8), 3.5, tf.float32)
    assert_tensor(tf.constant(7, tf.float16) / tf.constant(2, tf.float16), 3.5, tf.float16)
    assert_tensor(tf.divide(7, 2), 3.5, tf.float64)
    assert_tensor(tf.divide(7.0, 2), 3.5, tf.float32)
    assert_tensor(tf.constant(1) / tf.constant(0), np.inf, tf.float64)
    assert_tensor(tf.constant(1.0) / tf.constant(0.0), np.inf, tf.float32)
    with pytest.raises(TypeError, match=r"Invalid dtype tf.bool in __truediv__"):
        tf.constant(True) / tf.constant(True)


def test_true_division_of_mismatched_dtypes_is_a_type_error(tf):
    with pytest.raises(TypeError, match="`x` and `y` must have the same dtype, got tf.int32 != tf.float32."):
        tf.constant(7) / 2.5
    with pytest.raises(TypeError, match="`x` and `y` must have the same dtype, got tf.float32 != tf.float64."):
        tf.constant(1.0) / tf.constant(1.0, tf.float64)
    with pytest.raises(TypeError, match="`x` and `y` must have the same dtype, got tf.int32 != tf.float32."):
        tf.divide(1, 2.5)


def test_integer_division_by_zero(tf):
    with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
        tf.constant(1) // tf.constant(0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
        tf.constant(1) % tf.constant(0)


def test_mixing_tensor_dtypes_is_an_invalid_argument_error(tf):
    f32, f64 = tf.constant(1.0), tf.constant(1.0, dtype=tf.float64)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="cannot compute AddV2 as input #1\\(zero-based\\) was expected to be a float "
                             "tensor but is a double tensor"):
        f32 + f64
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a double tensor but is a float tensor"):
        f64 + f32
    with pytest.raises(tf.errors.InvalidArgumentError, match="cannot compute Sub .* float tensor but is a double"):
        f32 - f64
    with pytest.raises(tf.errors.InvalidArgumentError, match="cannot compute Mul .* float tensor but is a double"):
        f32 * f64
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a int32 tensor but is a int64 tensor"):
        tf.constant(1) + tf.constant(1, dtype=tf.int64)
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a int32 tensor but is a float tensor"):
        tf.add(tf.constant(1), tf.constant(1.0))
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a float tensor but is a double tensor"):
        tf.matmul(tf.constant([[1.0]]), tf.constant([[1.0]], tf.float64))
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a float tensor but is a double tensor"):
        f32 == f64


def test_python_float_with_int_tensor(tf):
    t = tf.constant(1)
    # `+` (and tf.add) hand both operands to the kernel unconverted: InvalidArgumentError ...
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a int32 tensor but is a float tensor"):
        t + 1.5
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a int32 tensor but is a float tensor"):
        tf.add(t, 1.5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a float tensor but is a int32 tensor"):
        tf.add(1.5, t)
    # ... while the other operators convert the Python value to the tensor's dtype first: TypeError
    for f in (lambda: 1.5 + t, lambda: t - 1.5, lambda: t * 1.5, lambda: 1.5 * t, lambda: 1.5 / t,
              lambda: t // 1.5, lambda: t % 1.5, lambda: t ** 0.5, lambda: t < 1.5, lambda: t == 1.5,
              lambda: tf.multiply(t, 1.5), lambda: tf.subtract(t, 1.5)):
        with pytest.raises(TypeError, match="Cannot convert (1.5|0.5) to EagerTensor of dtype int32"):
            f()


def test_python_ints_wrap_to_the_tensor_dtype(tf):
    assert_tensor(tf.constant(1) + 2**40, 1, tf.int32)
    assert_tensor(tf.constant(1, tf.int64) + 2**40, 2**40 + 1, tf.int64)
    assert_tensor(tf.constant(1, tf.uint8) + 300, 45, tf.uint8)
    assert_tensor(tf.constant(1, tf.uint8) - 2, 255, tf.uint8)
    assert_tensor(tf.constant(2**31 - 1) + 1, -2**31, tf.int32)


def test_unary_operators(tf):
    a = tf.constant([7, -7, 5])
    assert_tensor(-a, [-7, 7, -5], tf.int32)
    assert_tensor(tf.negative(1.5), -1.5, tf.float32)
    assert_tensor(abs(a), [7, 7, 5], tf.int32)
    assert_tensor(abs(tf.constant([-1.5, 2.0])), [1.5, 2.0], tf.float32)
    assert_tensor(abs(tf.constant(-2**31)), -2**31, tf.int32)
    assert_tensor(~tf.constant([True, False]), [False, True], tf.bool)
    assert_tensor(~tf.constant([0, 5, -1]), [-1, -6, 0], tf.int32)
    assert_tensor(~tf.constant([0, 5], tf.uint8), [255, 250], tf.uint8)
    with pytest.raises(TypeError, match="bad operand type for unary \\+"):
        +a
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of bool is not in the list of allowed values"):
        -tf.constant(True)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of uint8 is not in the list of allowed values"):
        -tf.constant(3, tf.uint8)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of float is not in the list of allowed values"):
        ~tf.constant(1.0)


@pytest.mark.parametrize("op, expected", [
    ("<", [False, True, False]),
    ("<=", [False, True, False]),
    (">", [True, False, True]),
    (">=", [True, False, True]),
    ("==", [False, False, False]),
    ("!=", [True, True, True]),
])
def test_comparison_operators_are_elementwise(tf, op, expected):
    a, b = tf.constant([7, -7, 5]), tf.constant([2, 2, -3])
    assert_tensor(eval(f"a {op} b"), expected, tf.bool)


def test_equality_in_eager_mode(tf):
    a = tf.constant([7, -7, 5])
    assert_tensor(a == 7, [True, False, False], tf.bool)
    assert_tensor(a == a, [True, True, True], tf.bool)      # a tensor, not object identity
    assert_tensor(tf.constant([True, False]) == True, [True, False], tf.bool)  # noqa: E712
    assert_tensor(tf.constant(["a", "b"]) == "a", [True, False], tf.bool)
    # None compares by identity; incompatible shapes give a scalar bool tensor instead of an error
    assert (a == None) is False  # noqa: E711
    assert (a != None) is True  # noqa: E711
    assert_tensor(tf.constant([1, 2]) == tf.constant([1, 2, 3]), False, tf.bool)
    assert_tensor(tf.constant([1, 2]) != tf.constant([1, 2, 3]), True, tf.bool)
    with pytest.raises(TypeError, match="Cannot convert 'x' to EagerTensor of dtype int32"):
        a == "x"
    # ordering comparisons do raise on incompatible shapes
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2\] vs. \[3\]"):
        tf.constant([1, 2]) < tf.constant([1, 2, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2\] vs. \[3\]"):
        tf.constant([1, 2]) + tf.constant([1, 2, 3])


def test_bitwise_and_logical_operators(tf):
    p, q = tf.constant([True, True, False]), tf.constant([True, False, False])
    assert_tensor(p & q, [True, False, False], tf.bool)
    assert_tensor(p | q, [True, True, False], tf.bool)
    assert_tensor(p ^ q, [False, True, False], tf.bool)
    assert_tensor(tf.constant(True) & False, False, tf.bool)
    assert_tensor(True & tf.constant(True), True, tf.bool)
    assert_tensor(False | tf.constant(True), True, tf.bool)
    i, j = tf.constant([12, 10]), tf.constant([10, 6])
    assert_tensor(i & j, [8, 2], tf.int32)
    assert_tensor(i | j, [14, 14], tf.int32)
    assert_tensor(i ^ j, [6, 12], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of float is not in the list"):
        tf.constant(1.0) & tf.constant(1.0)
    with pytest.raises(TypeError, match="unsupported operand type\\(s\\) for <<"):
        tf.constant(1) << 2


def test_bool_arithmetic(tf):
    assert_tensor(tf.constant(True) * tf.constant(True), True, tf.bool)   # `*` on bools is allowed
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of bool is not in the list"):
        tf.constant(True) + tf.constant(True)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'T' of bool is not in the list"):
        tf.constant(True) < tf.constant(True)


def test_string_addition_concatenates(tf):
    assert_tensor(tf.constant("a") + tf.constant("b"), b"ab", tf.string)
    assert_tensor(tf.constant("a") + "b", b"ab", tf.string)
    with pytest.raises(TypeError, match="Cannot convert 2 to EagerTensor of dtype string"):
        tf.constant("a") * 2


def test_matmul_operator(tf):
    m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    assert_tensor(m @ tf.constant([[5.0], [6.0]]), [[17.0], [39.0]], tf.float32)
    assert_tensor(tf.constant([[1, 2], [3, 4]]) @ tf.constant([[5], [6]]), [[17], [39]], tf.int32)
    assert_tensor(tf.constant([[1.0, 2.0]]) @ [[1.0], [2.0]], [[5.0]], tf.float32)
    assert_tensor([[1.0, 2.0]] @ tf.constant([[1.0], [2.0]]), [[5.0]], tf.float32)
    assert_tensor(tf.matmul([[1, 2]], [[3], [4]]), [[11]], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Matrix size-incompatible: In\[0\]: \[2,2\], In\[1\]: \[1,3\]"):
        m @ tf.constant([[5.0, 6.0, 7.0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"In\[0\] ndims must be >= 2"):
        tf.constant([1.0, 2.0]) @ tf.constant([1.0, 2.0])


def test_broadcasting(tf):
    assert_tensor(tf.constant([[1], [2]]) + tf.constant([10, 20, 30]), [[11, 21, 31], [12, 22, 32]], tf.int32)


def test_small_op_set_values(tf):
    assert_tensor(tf.cast(tf.constant([1.7, -1.7]), tf.int32), [1, -1], tf.int32)  # truncates toward zero
    assert_tensor(tf.cast(tf.constant([0.0, 2.0]), tf.bool), [False, True], tf.bool)
    assert_tensor(tf.cast([1, 2], tf.float64), [1.0, 2.0], tf.float64)
    assert_tensor(tf.reduce_sum(tf.constant([[1, 2], [3, 4]])), 10, tf.int32)
    assert_tensor(tf.reduce_sum(tf.constant([[1, 2], [3, 4]]), axis=0), [4, 6], tf.int32)
    assert_tensor(tf.reshape(tf.constant([1, 2, 3, 4]), [2, -1]), [[1, 2], [3, 4]], tf.int32)
    assert_tensor(tf.identity([1, 2]), [1, 2], tf.int32)
    assert_tensor(tf.add(1, 2), 3, tf.int32)
    assert_tensor(tf.add(1.5, 2), 3.5, tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Input to reshape is a tensor with 3 values, but the requested shape has 4"):
        tf.reshape(tf.constant([1, 2, 3]), [2, 2])
    # ops without outputs return None eagerly
    assert tf.no_op() is None
    assert tf.group(tf.constant(1)) is None


# ---------------------------------------------------------------------------
# __getitem__
# ---------------------------------------------------------------------------

def test_getitem_basic_slicing(tf):
    v = tf.constant([10, 20, 30, 40, 50])
    assert_tensor(v[1], 20, tf.int32)
    assert_tensor(v[-1], 50, tf.int32)
    assert_tensor(v[1:4:2], [20, 40], tf.int32)
    assert_tensor(v[::-1], [50, 40, 30, 20, 10], tf.int32)
    assert_tensor(v[::-2], [50, 30, 10], tf.int32)
    assert_tensor(v[3:0:-1], [40, 30, 20], tf.int32)
    assert_tensor(v[10:], np.zeros((0,), np.int32), tf.int32)   # slices clamp, like Python
    assert_tensor(v[-10:2], [10, 20], tf.int32)
    assert_tensor(v[np.int64(2)], 30, tf.int32)


def test_getitem_multidimensional(tf):
    m = tf.reshape(tf.constant(list(range(12))), [3, 4])
    assert_tensor(m[1], [4, 5, 6, 7], tf.int32)
    assert_tensor(m[1, 2], 6, tf.int32)
    assert_tensor(m[1][2], 6, tf.int32)
    assert_tensor(m[-1, -1], 11, tf.int32)
    assert_tensor(m[:, 1], [1, 5, 9], tf.int32)
    assert_tensor(m[..., 1], [1, 5, 9], tf.int32)
    assert_tensor(m[1, ...], [4, 5, 6, 7], tf.int32)
    assert_tensor(m[::2, ::-2], [[3, 1], [11, 9]], tf.int32)
    assert_tensor(m[1:2], [[4, 5, 6, 7]], tf.int32)
    assert_tensor(m[1:1], np.zeros((0, 4), np.int32), tf.int32)


def test_getitem_newaxis_and_tensor_indices(tf):
    assert tf.newaxis is None
    m = tf.reshape(tf.constant(list(range(12))), [3, 4])
    assert m[tf.newaxis].shape == [1, 3, 4]
    assert m[None].shape == [1, 3, 4]
    assert_tensor(m[:, tf.newaxis, 1], [[1], [5], [9]], tf.int32)
    assert_tensor(tf.constant(1)[tf.newaxis], [1], tf.int32)
    assert_tensor(tf.constant(1)[...], 1, tf.int32)
    v = tf.constant([10, 20, 30, 40, 50])
    assert_tensor(v[tf.constant(2)], 30, tf.int32)
    assert_tensor(v[tf.constant(2, tf.int64)], 30, tf.int32)
    assert_tensor(v[tf.constant(1):tf.constant(3)], [20, 30], tf.int32)


def test_getitem_errors(tf):
    v = tf.constant([10, 20, 30, 40, 50])
    m = tf.reshape(tf.constant(list(range(12))), [3, 4])
    err = tf.errors.InvalidArgumentError
    with pytest.raises(err, match="slice index 5 of dimension 0 out of bounds."):
        v[5]
    with pytest.raises(err, match="slice index -1 of dimension 0 out of bounds."):
        v[-6]
    with pytest.raises(err, match="slice index 4 of dimension 1 out of bounds."):
        m[:, 4]
    with pytest.raises(err, match=r"strides\[0\] must be non-zero"):
        v[::0]
    with pytest.raises(err, match="Index out of range using input dim 2; input has only 2 dims"):
        m[1, 2, 3]
    with pytest.raises(err, match="Multiple ellipses in slice spec not allowed"):
        m[..., ...]
    with pytest.raises(err, match="Attempting to slice scalar input."):
        tf.constant(1)[0]
    # a Python list is NOT fancy indexing: it is read like a tuple of indices
    with pytest.raises(err, match="Index out of range using input dim 1; input has only 1 dims"):
        v[[1, 2]]
    for bad in (1.0, "a", tf.constant(1.0), tf.constant([1, 2])):
        with pytest.raises(TypeError, match=BAD_INDEX):
            v[bad]
    with pytest.raises(TypeError, match="object does not support item assignment"):
        v[0] = 1


# ---------------------------------------------------------------------------
# Python protocols
# ---------------------------------------------------------------------------

def test_bool(tf):
    assert bool(tf.constant(3)) is True
    assert bool(tf.constant(0.0)) is False
    assert bool(tf.constant([1])) is True        # one element is fine, like NumPy
    assert bool(tf.constant([])) is False
    assert bool(tf.constant("")) is False
    with pytest.raises(ValueError, match="The truth value of an array with more than one element is ambiguous. "
                                         r"Use a.any\(\) or a.all\(\)"):
        bool(tf.constant([1, 2, 3]))
    with pytest.raises(ValueError, match="truth value of an array with more than one element is ambiguous"):
        if tf.constant([1, 2]) == tf.constant([1, 2]):
            pass


def test_len_and_iteration(tf):
    v, m = tf.constant([10, 20, 30]), tf.reshape(tf.constant(list(range(12))), [3, 4])
    assert len(v) == 3 and len(m) == 3
    items = list(v)
    assert len(items) == 3
    for item, expected in zip(items, [10, 20, 30]):
        assert_tensor(item, expected, tf.int32)
    assert [tuple(row.shape) for row in m] == [(4,), (4,), (4,)]
    assert list(tf.constant([])) == []
    assert [int(x) for x in reversed(v)] == [30, 20, 10]
    assert 20 in v
    with pytest.raises(TypeError, match="Scalar tensor has no `len\\(\\)`"):
        len(tf.constant(1))
    with pytest.raises(TypeError, match="Cannot iterate over a scalar tensor."):
        list(tf.constant(1))


def test_index_protocol(tf):
    assert list(range(tf.constant(3))) == [0, 1, 2]
    assert list(range(tf.constant(3, tf.int64))) == [0, 1, 2]
    assert [1, 2, 3, 4][tf.constant(2)] == 3
    assert hex(tf.constant(255)) == "0xff"
    idx = tf.constant(3).__index__()
    assert type(idx) is int and idx == 3
    with pytest.raises(AttributeError, match="'numpy.float32' object has no attribute '__index__'"):
        range(tf.constant(3.0))
    with pytest.raises(TypeError, match="only integer scalar arrays can be converted to a scalar index"):
        range(tf.constant([3]))


def test_float_int_complex(tf):
    f = float(tf.constant(3))
    assert type(f) is float and f == 3.0
    assert float(tf.constant(3.5)) == 3.5
    i = int(tf.constant(3.7))
    assert type(i) is int and i == 3
    assert int(tf.constant(-3.7)) == -3
    assert int(tf.constant(True)) == 1
    assert complex(tf.constant(3.0)) == 3 + 0j
    for convert in (float, int):
        for t in (tf.constant([3]), tf.constant([3, 4])):   # even a one-element vector is refused
            with pytest.raises(TypeError, match="only 0-dimensional arrays can be converted to Python scalars"):
                convert(t)


def test_numpy_array_protocol(tf):
    a = np.asarray(tf.constant([1, 2]))
    assert type(a) is np.ndarray and a.dtype == np.int32
    np.testing.assert_array_equal(a, [1, 2])
    a = np.asarray(tf.constant([1, 2]), dtype=np.float64)
    assert a.dtype == np.float64
    a = np.array(tf.constant(2.5))
    assert a.shape == () and a.dtype == np.float32 and a == 2.5
    a = tf.constant([1, 2]).__array__()
    assert a.dtype == np.int32
    assert np.asarray(tf.constant(["a"])).tolist() == [b"a"]
    r = np.add(tf.constant([1, 2]), 1)     # NumPy functions see a NumPy array
    assert type(r) is np.ndarray and r.dtype == np.int32


def test_tensors_are_unhashable_but_refs_are(tf):
    t = tf.constant(1)
    msg = r"Tensor is unhashable. Instead, use tensor.ref\(\) as the key."
    with pytest.raises(TypeError, match=msg):
        hash(t)
    with pytest.raises(TypeError, match=msg):
        {t}
    with pytest.raises(TypeError, match=msg):
        {t: 1}
    r = t.ref()
    assert r == t.ref() and hash(r) == hash(t.ref())
    assert r.deref() is t
    assert r != tf.constant(1).ref()        # refs compare by identity
    assert tf.identity(t).ref() != r
    assert {r: "x"}[t.ref()] == "x"
    assert repr(r) == "<Reference wrapping <tf.Tensor: shape=(), dtype=int32, numpy=1>>"


def test_graph_only_attributes_are_undefined_eagerly(tf):
    t = tf.constant(1, name="foo")
    for attr in ("name", "op", "graph", "value_index"):
        with pytest.raises(AttributeError, match=f"Tensor.{attr} is undefined when eager execution is enabled."):
            getattr(t, attr)
    with pytest.raises(NotImplementedError, match="Tensor.consumers is undefined when eager execution is enabled."):
        t.consumers()
    with pytest.raises(NotImplementedError, match="eval is not supported when eager execution is enabled, "
                                                  r"is .numpy\(\) what you're looking for\?"):
        t.eval()
    with pytest.raises(RuntimeError, match=r"tf.placeholder\(\) is not compatible with eager execution."):
        tf.compat.v1.placeholder(tf.float32)


def test_executing_eagerly_and_is_tensor(tf):
    assert tf.executing_eagerly() is True
    t = tf.constant(1)
    assert tf.is_tensor(t) is True
    assert tf.is_tensor(np.array(1)) is False
    assert tf.is_tensor(1) is False
    assert tf.is_tensor([t]) is False
    assert isinstance(t, tf.Tensor)
    assert type(t) is not tf.Tensor            # eager tensors are a subclass
    assert tf.identity(t) is not t
    with tf.Graph().as_default():
        assert tf.executing_eagerly() is False
        g = tf.constant(1.0)
        assert tf.is_tensor(g) and isinstance(g, tf.Tensor)
    assert tf.executing_eagerly() is True
