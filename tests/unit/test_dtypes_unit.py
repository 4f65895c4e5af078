"""Unit tests for tensorlite.framework.dtypes internals and module-level helpers."""
import importlib
import importlib.util
import pathlib
import pickle

import numpy as np
import pytest


def _load():
    """Import the module normally, or from its file while the package __init__ is in flux."""
    try:
        return importlib.import_module("tensorlite.framework.dtypes")
    except Exception:  # pylint: disable=broad-except
        path = pathlib.Path(__file__).resolve().parents[2] / "tensorlite/framework/dtypes.py"
        spec = importlib.util.spec_from_file_location("_tl_dtypes_under_test", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module


dtypes = _load()
ALL = dtypes.ALL_TYPES


def test_singletons():
    for d in ALL:
        assert dtypes.DType(d.as_datatype_enum) is d
        assert dtypes.as_dtype(d.name) is d
        assert dtypes.as_dtype(d.as_numpy_dtype) is d
        assert pickle.loads(pickle.dumps(d)) is d


def test_type_tuples():
    names = lambda ts: {d.name for d in ts}  # noqa: E731
    expected_floats = {"float16", "float32", "float64"}
    if dtypes._ml_dtypes is not None:
        expected_floats.add("bfloat16")
    assert names(dtypes.FLOATING_TYPES) == expected_floats
    assert names(dtypes.INTEGER_TYPES) == {"int8", "int16", "int32", "int64",
                                           "uint8", "uint16", "uint32", "uint64"}
    assert dtypes.REAL_NUMBER_TYPES == dtypes.FLOATING_TYPES + dtypes.INTEGER_TYPES
    assert dtypes.NUMBER_TYPES == dtypes.REAL_NUMBER_TYPES + (dtypes.complex64, dtypes.complex128)
    assert set(dtypes.ALL_TYPES) == set(dtypes.NUMBER_TYPES) | {dtypes.bool, dtypes.string}
    assert all(d.is_floating for d in dtypes.FLOATING_TYPES)
    assert all(d.is_integer for d in dtypes.INTEGER_TYPES)
    assert all(d.is_numeric for d in dtypes.NUMBER_TYPES)


def test_dtypes_by_name():
    assert dtypes.DTYPES_BY_NAME["float32"] is dtypes.float32
    assert dtypes.DTYPES_BY_NAME["string"] is dtypes.string
    assert set(dtypes.DTYPES_BY_NAME) == {d.name for d in ALL}
    assert "float" not in dtypes.DTYPES_BY_NAME  # aliases live in as_dtype only
    assert dtypes.half is dtypes.float16 and dtypes.double is dtypes.float64


@pytest.mark.parametrize("np_dtype,expected", [
    (np.dtype("float32"), "float32"),
    (np.dtype(">f8"), "float64"),
    (np.dtype("int64"), "int64"),
    (np.dtype(np.intc), "int32"),
    (np.dtype(np.longlong), "int64"),
    (np.dtype(np.ulonglong), "uint64"),
    (np.dtype("bool"), "bool"),
    (np.dtype("complex64"), "complex64"),
    (np.dtype("S5"), "string"),
    (np.dtype("<U7"), "string"),
    (np.dtype(object), "string"),
    (np.float16, "float16"),
    (np.uint16, "uint16"),
])
def test_from_numpy_dtype(np_dtype, expected):
    assert dtypes.from_numpy_dtype(np_dtype) is dtypes.DTYPES_BY_NAME[expected]


def test_from_numpy_dtype_string_dtype():
    if not hasattr(np.dtypes, "StringDType"):
        pytest.skip("NumPy < 2")
    assert dtypes.from_numpy_dtype(np.dtypes.StringDType()) is dtypes.string


def test_from_numpy_dtype_rejects_unsupported():
    with pytest.raises(TypeError, match="to a TensorFlow DType"):
        dtypes.from_numpy_dtype(np.dtype("datetime64[s]"))
    with pytest.raises(TypeError):
        dtypes.from_numpy_dtype(np.dtype([("a", np.int32)]))


def test_np_dtype_attribute():
    # Internal helper for the rest of the code base: a ready-made np.dtype instance.
    assert dtypes.float32._np_dtype == np.dtype(np.float32)
    assert dtypes.string._np_dtype == np.dtype(object)
    for d in ALL:
        assert isinstance(d._np_dtype, np.dtype)
        assert dtypes.from_numpy_dtype(d._np_dtype) is d


def test_immutable():
    with pytest.raises(AttributeError):
        dtypes.float32.name = "x"
    with pytest.raises(AttributeError):
        dtypes.float32.foo = 1
    with pytest.raises(AttributeError):
        del dtypes.float32.is_floating
    assert dtypes.float32.name == "float32"


def test_eq_and_hash():
    assert dtypes.float32 == "float32"
    assert dtypes.float32 != dtypes.float64
    assert dtypes.float32 != None  # noqa: E711
    assert dtypes.float32 != "nope"
    assert hash(dtypes.int32) == 3
    assert dtypes.float32.is_compatible_with(np.float32)
    assert dtypes.float32.is_subtype_of(dtypes.float32)
    assert dtypes.float32.most_specific_common_supertype([dtypes.float32]) is dtypes.float32
    assert dtypes.float32.most_specific_common_supertype([dtypes.int32]) is None


def test_limits_and_extremes():
    assert dtypes.int8.min == -128 and dtypes.uint8.max == 255
    assert dtypes.uint64.limits == (0, 2**64 - 1)
    with pytest.raises(TypeError, match="Cannot find minimum value of <dtype: 'bool'>"):
        dtypes.bool.min
    with pytest.raises(ValueError, match="does not have defined limits"):
        dtypes.complex64.limits


def test_as_dtype_errors():
    for bad in (None, int, "int", [1], 0, 99):
        with pytest.raises(TypeError, match="Cannot convert the argument `type_value`"):
            dtypes.as_dtype(bad)
    with pytest.raises(TypeError, match="does not correspond to a valid tensorflow::DataType"):
        dtypes.DType(99)


def test_bfloat16_optional():
    if dtypes._ml_dtypes is None:
        assert not hasattr(dtypes, "bfloat16")
        with pytest.raises(TypeError):
            dtypes.as_dtype("bfloat16")
    else:
        assert dtypes.as_dtype("bfloat16") is dtypes.bfloat16
        assert dtypes.bfloat16.size == 2 and dtypes.bfloat16.as_datatype_enum == 14
        assert dtypes.from_numpy_dtype(np.dtype(dtypes._ml_dtypes.bfloat16)) is dtypes.bfloat16
