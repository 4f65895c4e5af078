"""Unit tests for tensorlite.framework.tensor_shape internals and module-level helpers."""
import importlib
import importlib.util
import pathlib
import pickle

import numpy as np
import pytest


def _load():
    """Import the module normally, or from its file while the package __init__ is in flux."""
    try:
        return importlib.import_module("tensorlite.framework.tensor_shape")
    except Exception:  # pylint: disable=broad-except
        path = pathlib.Path(__file__).resolve().parents[2] / "tensorlite/framework/tensor_shape.py"
        spec = importlib.util.spec_from_file_location("_tl_tensor_shape_under_test", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module


ts = _load()
TS = ts.TensorShape
D = ts.Dimension


def test_dims_stored_as_tuple_of_plain_ints():
    for dims in ([2, 3], (2, 3), np.array([2, 3]), (np.int64(2), D(3)), range(2, 4)):
        s = TS(dims)
        assert type(s._dims) is tuple
        assert s._dims == (2, 3)
        assert all(type(d) is int for d in s._dims)
    assert TS([None, 4])._dims == (None, 4)
    assert TS(None)._dims is None
    assert TS(5)._dims == (5,)


def test_tuple_input_is_kept_when_already_clean():
    dims = (2, 3, None)
    assert TS(dims)._dims is dims  # the hot path does not copy


def test_from_tuple_fast_constructor():
    s = TS._from_tuple((1, None))
    assert isinstance(s, TS)
    assert s.as_list() == [1, None]
    assert TS._from_tuple(None).rank is None


def test_slicing_and_merging_return_tensor_shapes():
    s = TS([1, 2, 3])
    assert type(s[1:]) is TS and s[1:]._dims == (2, 3)
    merged = TS([None, 2]).merge_with(TS([1, None]))
    assert type(merged) is TS and merged._dims == (1, 2)
    assert (s + [4])._dims == (1, 2, 3, 4)


def test_merge_with_returns_unknown_side_unchanged():
    known = TS([1, 2])
    assert TS(None).merge_with(known) is known
    assert known.merge_with(None) is known


def test_as_shape_and_unknown_shape():
    s = TS([1])
    assert ts.as_shape(s) is s
    assert ts.as_shape([1, None]) == TS([1, None])
    assert ts.unknown_shape().rank is None
    assert ts.unknown_shape(rank=2).as_list() == [None, None]
    assert ts.unknown_shape(ndims=3).as_list() == [None, None, None]
    assert ts.unknown_shape(0).as_list() == []
    with pytest.raises(TypeError, match="Unknown argument"):
        ts.unknown_shape(foo=1)


def test_dimension_helpers():
    assert ts.as_dimension(3).value == 3
    d = D(4)
    assert ts.as_dimension(d) is d
    assert ts.dimension_value(D(None)) is None
    assert ts.dimension_value(7) == 7
    assert ts.dimension_at_index(TS([2, 5]), -1).value == 5
    assert ts.dimension_at_index(TS(None), 0).value is None


def test_equality_semantics():
    assert TS([2, None]) == TS([2, None])
    assert TS([2, None]) != TS([2, 3])
    assert TS(None) == TS(None)
    assert TS([1]) == [1]
    assert TS([1]).__eq__("ab") is NotImplemented
    assert hash(TS([1, None])) == hash((1, None))


def test_is_subtype_and_common_supertype():
    assert TS([2, None]).is_subtype_of(TS([None, None]))
    assert TS([2]).is_subtype_of(TS(None))
    assert not TS(None).is_subtype_of(TS([1]))
    assert not TS([2]).is_subtype_of([2])
    sup = TS([2, 1]).most_specific_common_supertype([TS([2, 1]), TS([2, 3])])
    assert sup.as_list() == [2, None]
    assert TS([2, 1]).most_specific_common_supertype([TS([2])]).rank is None
    assert TS([2, 1]).most_specific_common_supertype([[2, 1]]) is None


def test_pickle_round_trip():
    for s in (TS([2, None]), TS(None), TS([])):
        t = pickle.loads(pickle.dumps(s))
        assert t == s and t._dims == s._dims
    assert pickle.loads(pickle.dumps(D(None))).value is None


def test_dims_property_builds_dimensions():
    dims = TS([2, None]).dims
    assert [type(d) for d in dims] == [D, D]
    assert [d.value for d in dims] == [2, None]


def test_bad_inputs():
    with pytest.raises(ValueError, match="Dimension -3 must be >= 0"):
        TS((1, -3))
    with pytest.raises(TypeError, match="Dimension value must be integer"):
        TS((1, 2.5))
    with pytest.raises(TypeError, match="Failed to convert"):
        TS(iter([1, "x"]))
    with pytest.raises(TypeError, match="Dimension value must be integer"):
        D(object())
