"""Conformance tests for tf.DType and tf.as_dtype (public API only)."""
import copy
import pickle

import numpy as np
import pytest

# name, enum, numpy type, size, kind
DTYPES = [
    ("float16", 19, np.float16, 2, "float"),
    ("float32", 1, np.float32, 4, "float"),
    ("float64", 2, np.float64, 8, "float"),
    ("int8", 6, np.int8, 1, "int"),
    ("int16", 5, np.int16, 2, "int"),
    ("int32", 3, np.int32, 4, "int"),
    ("int64", 9, np.int64, 8, "int"),
    ("uint8", 4, np.uint8, 1, "uint"),
    ("uint16", 17, np.uint16, 2, "uint"),
    ("uint32", 22, np.uint32, 4, "uint"),
    ("uint64", 23, np.uint64, 8, "uint"),
    ("bool", 10, np.bool_, 1, "bool"),
    ("string", 7, object, 0, "string"),
    ("complex64", 8, np.complex64, 8, "complex"),
    ("complex128", 18, np.complex128, 16, "complex"),
]
DTYPE_IDS = [row[0] for row in DTYPES]


@pytest.mark.parametrize("name,enum,np_type,size,kind", DTYPES, ids=DTYPE_IDS)
def test_dtype_properties(tf, name, enum, np_type, size, kind):
    d = getattr(tf, name)
    assert isinstance(d, tf.DType)
    assert d.name == name
    assert d.as_numpy_dtype is np_type
    assert d.as_datatype_enum == enum
    assert d.size == size
    assert d.base_dtype is d
    assert d.is_floating == (kind == "float")
    assert d.is_integer == (kind in ("int", "uint"))
    assert d.is_unsigned == (kind == "uint")
    assert d.is_complex == (kind == "complex")
    assert d.is_bool == (kind == "bool")
    assert d.is_numeric == (kind in ("float", "int", "uint", "complex"))
    assert d.is_quantized is False
    assert repr(d) == "tf." + name
    assert str(d) == f"<dtype: '{name}'>"
    assert hash(d) == enum


@pytest.mark.parametrize("name,enum,np_type,size,kind", DTYPES, ids=DTYPE_IDS)
def test_as_dtype_round_trips(tf, name, enum, np_type, size, kind):
    d = getattr(tf, name)
    assert tf.as_dtype(name) is d
    assert tf.as_dtype(enum) is d
    assert tf.as_dtype(np_type) is d
    assert tf.as_dtype(np.dtype(np_type)) is d
    assert tf.as_dtype(d) is d
    assert tf.dtypes.as_dtype(name) is d
    assert getattr(tf.dtypes, name) is d
    assert tf.DType(enum) == d


def test_real_dtype(tf):
    assert tf.complex64.real_dtype is tf.float32
    assert tf.complex128.real_dtype is tf.float64
    assert tf.float16.real_dtype is tf.float16
    assert tf.int32.real_dtype is tf.int32


def test_aliases(tf):
    assert tf.half is tf.float16
    assert tf.double is tf.float64
    assert tf.dtypes.half is tf.float16
    assert tf.dtypes.double is tf.float64
    assert tf.as_dtype("half") is tf.float16
    assert tf.as_dtype("float") is tf.float32
    assert tf.as_dtype("double") is tf.float64


def test_as_dtype_python_types(tf):
    assert tf.as_dtype(float) is tf.float32
    assert tf.as_dtype(bool) is tf.bool
    assert tf.as_dtype(object) is tf.string
    for bad in (int, str, bytes, complex):
        with pytest.raises(TypeError, match="to a TensorFlow DType"):
            tf.as_dtype(bad)


def test_as_dtype_numpy_inputs(tf):
    assert tf.as_dtype(np.dtype("<U3")) is tf.string
    assert tf.as_dtype(np.dtype("S3")) is tf.string
    assert tf.as_dtype(np.str_) is tf.string
    assert tf.as_dtype(np.bytes_) is tf.string
    assert tf.as_dtype(np.object_) is tf.string
    assert tf.as_dtype(np.dtype(">f4")) is tf.float32
    assert tf.as_dtype(np.intc) is tf.int32
    assert tf.as_dtype(np.longlong) is tf.int64
    assert tf.as_dtype(np.ulonglong) is tf.uint64
    # Objects with a `.dtype` (arrays, NumPy scalars) convert through it.
    assert tf.as_dtype(np.zeros(3)) is tf.float64
    assert tf.as_dtype(np.zeros(3, np.int16)) is tf.int16
    assert tf.as_dtype(np.float32(1)) is tf.float32


def test_as_dtype_enum_lookup_uses_hash(tf):
    # Lookup is by hash/equality, so True (== 1) means float32 and 0 is invalid.
    assert tf.as_dtype(True) is tf.float32
    assert tf.as_dtype(np.int32(3)) is tf.int32
    with pytest.raises(TypeError, match="0 to a TensorFlow DType"):
        tf.as_dtype(0)


@pytest.mark.parametrize("bad", [None, "foo", "int", "complex", "str", b"float32", 1.5, [1],
                                 np.dtype("datetime64")])
def test_as_dtype_errors(tf, bad):
    with pytest.raises(TypeError) as info:
        tf.as_dtype(bad)
    assert str(info.value) == (f"Cannot convert the argument `type_value`: {bad!r} "
                               "to a TensorFlow DType.")


def test_dtype_constructor_errors(tf):
    with pytest.raises(TypeError, match="999 does not correspond to a valid tensorflow::DataType"):
        tf.DType(999)
    with pytest.raises(ValueError):
        tf.DType("float32")


def test_equality(tf):
    f = tf.float32
    assert f == tf.float32
    assert f == "float32"
    assert f == "float"
    assert "float32" == f
    assert f == np.float32
    assert np.float32 == f
    assert f == np.dtype("float32")
    assert np.dtype("float32") == f
    assert f == 1  # the enum number
    assert f == float
    assert tf.float64 != float
    assert not (f == tf.float64)
    assert f != tf.float64
    assert not (f != "float32")
    # Values that do not convert compare unequal instead of raising.
    assert not (f == None)  # noqa: E711
    assert f != None  # noqa: E711
    assert not (f == "foo")
    assert not (f == [1])
    assert tf.string == object
    assert tf.string != str
    assert tf.string == np.dtype("<U3")


def test_hash_consistent_with_eq(tf):
    table = {tf.float32: "f", tf.int32: "i"}
    assert table[tf.float32] == "f"
    assert table.get(1) == "f"  # hash is the enum, and float32 == 1
    assert table.get(3) == "i"
    assert len({tf.float32, tf.as_dtype("float32"), tf.as_dtype(np.float32)}) == 1


def test_not_orderable(tf):
    with pytest.raises(TypeError):
        tf.float32 < tf.float64  # noqa: B015


def test_properties_are_read_only(tf):
    with pytest.raises(AttributeError):
        tf.float32.name = "x"


def test_min_max_floats(tf):
    assert tf.float32.min == np.finfo(np.float32).min
    assert tf.float32.max == np.finfo(np.float32).max
    assert isinstance(tf.float32.max, np.float32)
    assert tf.float64.max == np.finfo(np.float64).max
    assert tf.float16.min == np.float16(-65504)
    assert isinstance(tf.float16.min, np.float16)


@pytest.mark.parametrize("name", ["int8", "int16", "int32", "int64",
                                  "uint8", "uint16", "uint32", "uint64"])
def test_min_max_ints(tf, name):
    d = getattr(tf, name)
    info = np.iinfo(d.as_numpy_dtype)
    assert d.min == info.min and type(d.min) is int
    assert d.max == info.max and type(d.max) is int


@pytest.mark.parametrize("name", ["bool", "string", "complex64", "complex128"])
def test_min_max_errors(tf, name):
    d = getattr(tf, name)
    with pytest.raises(TypeError, match=f"Cannot find minimum value of <dtype: '{name}'> "
                                        f"with type <dtype: '{name}'>."):
        d.min
    with pytest.raises(TypeError, match="Cannot find maximum value of"):
        d.max


def test_limits(tf):
    # TF's `limits` always clips the minimum to 0.
    assert tf.int8.limits == (0, 127)
    assert tf.uint8.limits == (0, 255)
    assert tf.int32.limits == (0, 2**31 - 1)
    assert tf.uint64.limits == (0, 2**64 - 1)
    assert tf.float32.limits == (0, 1)
    assert tf.float64.limits == (0, 1)
    assert tf.bool.limits == (0, True)
    for name in ("float16", "string", "complex64", "complex128"):
        with pytest.raises(ValueError, match=f"<dtype: '{name}'> does not have defined limits."):
            getattr(tf, name).limits


def test_is_compatible_with(tf):
    assert tf.float32.is_compatible_with(tf.float32)
    assert tf.float32.is_compatible_with("float32")
    assert tf.float32.is_compatible_with(np.float32)
    assert tf.float32.is_compatible_with(1)
    assert not tf.float32.is_compatible_with(tf.float64)
    with pytest.raises(TypeError, match="Cannot convert the argument"):
        tf.float32.is_compatible_with("foo")
    with pytest.raises(TypeError):
        tf.float32.is_compatible_with(None)


def test_pickle_and_copy_keep_identity(tf):
    for d in (tf.float32, tf.int64, tf.string, tf.bool, tf.complex128):
        assert pickle.loads(pickle.dumps(d)) is d
        assert copy.copy(d) is d
        assert copy.deepcopy(d) is d


def test_bfloat16(tf):
    if not hasattr(tf, "bfloat16"):
        pytest.skip("bfloat16 needs ml_dtypes")
    b = tf.bfloat16
    assert b.name == "bfloat16"
    assert b.as_datatype_enum == 14
    assert b.size == 2
    assert b.is_floating and b.is_numeric and not b.is_integer
    assert tf.as_dtype("bfloat16") is b
    assert tf.as_dtype(b.as_numpy_dtype) is b
    assert float(b.max) > 3.3e38
    with pytest.raises(ValueError, match="does not have defined limits"):
        b.limits
