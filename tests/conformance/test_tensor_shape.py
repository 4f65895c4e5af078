"""Conformance tests for tf.TensorShape and tf.compat.v1.Dimension (public API only)."""
import pickle

import numpy as np
import pytest


# --- construction -------------------------------------------------------------------------

def test_construct_from_sequences(tf):
    TS = tf.TensorShape
    D = tf.compat.v1.Dimension
    assert TS([2, 3]).as_list() == [2, 3]
    assert TS((2, None)).as_list() == [2, None]
    assert TS([]).as_list() == []
    assert TS(()).rank == 0
    assert TS((np.int32(2), D(3), None, D(None))).as_list() == [2, 3, None, None]
    assert TS(np.array([2, 3])).as_list() == [2, 3]
    assert TS(range(3)).as_list() == [0, 1, 2]
    assert TS(x for x in [1, 2]).as_list() == [1, 2]
    assert TS(TS([4, 5])).as_list() == [4, 5]
    assert all(type(d) is int for d in TS([np.int64(2), np.uint8(3)]).as_list())


def test_construct_single_dimension(tf):
    TS = tf.TensorShape
    assert TS(3).as_list() == [3]
    assert TS(np.int64(0)).as_list() == [0]
    assert TS(tf.compat.v1.Dimension(None)).as_list() == [None]


def test_construct_unknown_rank(tf):
    s = tf.TensorShape(None)
    assert s.rank is None
    assert s.ndims is None
    assert s.dims is None
    assert not s
    assert repr(s) == "TensorShape(None)"
    assert str(s) == "<unknown>"


def test_construct_errors(tf):
    TS = tf.TensorShape
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        TS([-1])
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        TS(-1)
    with pytest.raises(TypeError, match="Dimension value must be integer or None or have an "
                                        "__index__ method, got value '1.5'"):
        TS([1.5])
    with pytest.raises(TypeError, match="Dimension value must be integer"):
        TS(2.0)
    with pytest.raises(TypeError, match="Dimension value must be integer"):
        TS([[1]])
    with pytest.raises(TypeError, match="Failed to convert ''ab'' to a shape: ''a''could not be "
                                        "converted to a dimension"):
        TS("ab")


# --- rendering ----------------------------------------------------------------------------

@pytest.mark.parametrize("dims,text,rep", [
    ([2, None], "(2, None)", "TensorShape([2, None])"),
    ([2], "(2,)", "TensorShape([2])"),
    ([None], "(None,)", "TensorShape([None])"),
    ([], "()", "TensorShape([])"),
    ([1, 2, 3], "(1, 2, 3)", "TensorShape([1, 2, 3])"),
])
def test_str_and_repr(tf, dims, text, rep):
    s = tf.TensorShape(dims)
    assert str(s) == text
    assert repr(s) == rep


# --- accessors ----------------------------------------------------------------------------

def test_rank_len_iter_bool(tf):
    s = tf.TensorShape([2, None, 4])
    assert s.rank == 3 and s.ndims == 3 and len(s) == 3
    assert list(s) == [2, None, 4]
    assert bool(s)
    assert bool(tf.TensorShape([]))  # a scalar shape is still information
    assert bool(tf.TensorShape([0]))
    unknown = tf.TensorShape(None)
    with pytest.raises(ValueError, match="Cannot take the length of shape with unknown rank."):
        len(unknown)
    with pytest.raises(ValueError, match="Cannot iterate over a shape with unknown rank."):
        list(unknown)


def test_dims_are_dimension_objects(tf):
    dims = tf.TensorShape([2, None]).dims
    assert isinstance(dims, list)
    assert all(isinstance(d, tf.compat.v1.Dimension) for d in dims)
    assert [d.value for d in dims] == [2, None]
    assert tf.TensorShape([]).dims == []


def test_as_list(tf):
    s = tf.TensorShape([1, None])
    assert s.as_list() == [1, None]
    assert s.as_list() is not s.as_list()
    with pytest.raises(ValueError, match=r"as_list\(\) is not defined on an unknown TensorShape."):
        tf.TensorShape(None).as_list()


def test_getitem_known_rank(tf):
    s = tf.TensorShape([2, None, 4])
    assert s[0] == 2 and type(s[0]) is int
    assert s[1] is None
    assert s[-1] == 4
    assert s[np.int64(0)] == 2
    assert isinstance(s[1:], tf.TensorShape)
    assert s[1:].as_list() == [None, 4]
    assert s[::-1].as_list() == [4, None, 2]
    assert s[5:].as_list() == []
    with pytest.raises(IndexError):
        s[5]
    with pytest.raises(TypeError):
        s["a"]


def test_getitem_unknown_rank(tf):
    s = tf.TensorShape(None)
    assert s[0] is None
    assert s[7] is None
    assert s[1:].rank is None
    assert s[1:3].as_list() == [None, None]
    assert s[:3].as_list() == [None, None, None]
    assert s[-2:].rank is None
    with pytest.raises(ValueError, match="Steps are not yet handled"):
        s[::2]


def test_num_elements(tf):
    TS = tf.TensorShape
    assert TS([2, 3]).num_elements() == 6
    assert TS([]).num_elements() == 1
    assert TS([2, 0]).num_elements() == 0
    assert TS([2, None]).num_elements() is None
    assert TS(None).num_elements() is None


def test_fully_defined(tf):
    TS = tf.TensorShape
    assert TS([2, 3]).is_fully_defined()
    assert TS([]).is_fully_defined()
    assert not TS([2, None]).is_fully_defined()
    assert not TS(None).is_fully_defined()
    TS([2, 3]).assert_is_fully_defined()
    with pytest.raises(ValueError, match=r"Shape \(2, None\) is not fully defined"):
        TS([2, None]).assert_is_fully_defined()
    with pytest.raises(ValueError, match="Shape <unknown> is not fully defined"):
        TS(None).assert_is_fully_defined()


# --- combining shapes ---------------------------------------------------------------------

def test_merge_with(tf):
    TS = tf.TensorShape
    assert TS([2, None]).merge_with([None, 3]).as_list() == [2, 3]
    assert TS([1, None]).merge_with(TS([None, 2])).as_list() == [1, 2]
    assert TS([None]).merge_with([None]).as_list() == [None]
    assert TS(None).merge_with([1]).as_list() == [1]
    assert TS([1]).merge_with(None).as_list() == [1]
    assert TS(None).merge_with(None).rank is None
    with pytest.raises(ValueError, match=r"Shapes \(2, 3\) and \(4, 3\) are not compatible"):
        TS([2, 3]).merge_with(TS([4, 3]))
    with pytest.raises(ValueError, match=r"Shapes \(1,\) and \(1, 2\) are not compatible"):
        TS([1]).merge_with([1, 2])
    with pytest.raises(ValueError, match=r"Shapes \(\) and \(1,\) are not compatible"):
        TS([]).merge_with([1])


def test_is_compatible_with(tf):
    TS = tf.TensorShape
    assert TS([2, None]).is_compatible_with([2, 3])
    assert TS([None, None]).is_compatible_with(TS([32, 784]))
    assert not TS([2, None]).is_compatible_with([3, 3])
    assert not TS([2]).is_compatible_with([2, 3])
    assert not TS([2, 3]).is_compatible_with(TS([]))
    assert TS(None).is_compatible_with([2, 3])
    assert TS([2]).is_compatible_with(None)
    TS([2, 3]).assert_is_compatible_with((2, None))
    # The message prints `other` as given, not converted.
    with pytest.raises(ValueError, match=r"Shapes \(2, 3\) and \[2, 4\] are incompatible"):
        TS([2, 3]).assert_is_compatible_with([2, 4])
    with pytest.raises(ValueError, match=r"Shapes \(2, 3\) and \(2, 4\) are incompatible"):
        TS([2, 3]).assert_is_compatible_with(TS([2, 4]))
    with pytest.raises(TypeError, match="Failed to convert"):
        TS([2, 3]).is_compatible_with("ab")


def test_rank_assertions(tf):
    TS = tf.TensorShape
    TS([2, 3]).assert_same_rank([5, None])
    TS([2, 3]).assert_same_rank(None)
    with pytest.raises(ValueError, match=r"Shapes \(2, 3\) and \(2,\) must have the same rank"):
        TS([2, 3]).assert_same_rank([2])
    TS([1]).assert_has_rank(1)
    TS(None).assert_has_rank(3)
    with pytest.raises(ValueError, match=r"Shape \(2, 3\) must have rank 3"):
        TS([2, 3]).assert_has_rank(3)


def test_with_rank(tf):
    TS = tf.TensorShape
    assert TS(None).with_rank(2).as_list() == [None, None]
    assert TS([2, 3]).with_rank(2).as_list() == [2, 3]
    assert TS([None, 3]).with_rank(2).as_list() == [None, 3]
    with pytest.raises(ValueError, match=r"Shape \(2, 3\) must have rank 3"):
        TS([2, 3]).with_rank(3)
    assert TS([1]).with_rank_at_least(0).as_list() == [1]
    assert TS(None).with_rank_at_least(2).rank is None
    with pytest.raises(ValueError, match=r"Shape \(2, 3\) must have rank at least 3"):
        TS([2, 3]).with_rank_at_least(3)
    assert TS(None).with_rank_at_most(1).rank is None
    with pytest.raises(ValueError, match=r"Shape \(2, 3\) must have rank at most 1"):
        TS([2, 3]).with_rank_at_most(1)


def test_concatenate_and_add(tf):
    TS = tf.TensorShape
    assert TS([2]).concatenate([3]).as_list() == [2, 3]
    assert TS([2]).concatenate(3).as_list() == [2, 3]
    assert TS([1]).concatenate(TS([])).as_list() == [1]
    assert TS([2]).concatenate(None).rank is None
    assert TS(None).concatenate([1]).rank is None
    assert (TS([2]) + [3]).as_list() == [2, 3]
    assert (TS([2]) + 3).as_list() == [2, 3]
    assert ([3] + TS([2])).as_list() == [3, 2]
    assert ((3,) + TS([2])).as_list() == [3, 2]
    assert (3 + TS([2])).as_list() == [3, 2]
    assert isinstance([3] + TS([2]), tf.TensorShape)


def test_most_specific_compatible_shape(tf):
    TS = tf.TensorShape
    assert TS([2, 1]).most_specific_compatible_shape([5, 1]).as_list() == [None, 1]
    assert TS([2, None]).most_specific_compatible_shape([2, None]).as_list() == [2, None]
    assert TS([1, 2, 3]).most_specific_compatible_shape(TS([1, 2, 3])).as_list() == [1, 2, 3]
    assert TS([2, 1]).most_specific_compatible_shape([5]).rank is None
    assert TS(None).most_specific_compatible_shape([2]).rank is None


# --- equality and hashing -----------------------------------------------------------------

def test_equality(tf):
    TS = tf.TensorShape
    assert TS([2, 3]) == TS([2, 3])
    # TF 2.x compares dims exactly: unknown dims equal unknown dims.
    assert TS([2, None]) == TS([2, None])
    assert not (TS([2, None]) != TS([2, None]))
    assert TS([2, None]) != TS([2, 3])
    assert TS(None) == TS(None)
    assert TS(None) != TS([1])
    assert TS([]) != TS(None)
    assert TS([1, 2]) != TS([1, 2, 3])
    # The other side is converted with as_shape.
    assert TS([2, 3]) == [2, 3]
    assert TS([2, 3]) == (2, 3)
    assert [2, 3] == TS([2, 3])
    assert TS([2]) == 2
    assert TS([None]) == [None]
    assert TS([]) == []
    assert TS(None) == None  # noqa: E711  (None converts to the unknown shape)
    assert TS([]) != None  # noqa: E711
    # Unconvertible values compare unequal...
    assert TS([2, 3]) != "ab"
    assert TS([2]) != 1.5
    # ...but a negative dimension raises while converting.
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        TS([2, 3]) == [-1]  # noqa: B015


def test_hash(tf):
    TS = tf.TensorShape
    assert hash(TS([2, 3])) == hash(TS((2, 3)))
    assert hash(TS([2, None])) == hash(TS([2, None]))
    table = {TS([1]): "a", TS(None): "b"}
    assert table[TS([1])] == "a"
    assert table[TS(None)] == "b"


def test_pickle(tf):
    for s in (tf.TensorShape([2, None]), tf.TensorShape(None), tf.TensorShape([])):
        assert pickle.loads(pickle.dumps(s)) == s


def test_not_orderable(tf):
    with pytest.raises(TypeError):
        tf.TensorShape([1, 2]) < tf.TensorShape([1, 3])  # noqa: B015


# --- Dimension ----------------------------------------------------------------------------

def test_dimension_basics(tf):
    D = tf.compat.v1.Dimension
    assert D(3).value == 3
    assert D(None).value is None
    assert D(D(3)).value == 3
    assert D(np.int64(3)).value == 3 and type(D(np.int64(3)).value) is int
    assert repr(D(3)) == "Dimension(3)"
    assert repr(D(None)) == "Dimension(None)"
    assert str(D(3)) == "3"
    assert str(D(None)) == "?"
    assert int(D(3)) == 3
    assert [1, 2, 3, 4][D(2)] == 3
    assert list(range(D(3))) == [0, 1, 2]
    assert bool(D(3)) and not bool(D(0)) and not bool(D(None))
    assert pickle.loads(pickle.dumps(D(5))).value == 5


def test_dimension_errors(tf):
    D = tf.compat.v1.Dimension
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        D(-1)
    with pytest.raises(ValueError, match="Dimension -2 must be >= 0"):
        D(np.int32(-2))
    with pytest.raises(TypeError, match="Dimension value must be integer or None"):
        D(1.5)
    with pytest.raises(TypeError, match="Dimension value must be integer or None"):
        D("3")
    with pytest.raises(TypeError):
        int(D(None))
    with pytest.raises(TypeError, match="unhashable"):
        hash(D(3))


def test_dimension_equality_is_three_valued(tf):
    D = tf.compat.v1.Dimension
    assert (D(3) == 3) is True
    assert (D(3) == D(3)) is True
    assert (3 == D(3)) is True
    assert (D(3) == np.int64(3)) is True
    assert (D(3) != 4) is True
    assert (D(3) == None) is None  # noqa: E711
    assert (D(None) == D(None)) is None
    assert (D(None) == 3) is None
    assert (D(3) != None) is None  # noqa: E711
    assert (D(3) == "a") is False
    assert (D(3) == 1.5) is False


def test_dimension_ordering(tf):
    D = tf.compat.v1.Dimension
    assert (D(3) < 4) is True
    assert (D(3) <= 3) is True
    assert (D(3) > 2) is True
    assert (D(3) >= 4) is False
    assert (D(3) < None) is None
    assert (D(None) > 1) is None
    assert (D(None) <= D(None)) is None
    with pytest.raises(TypeError, match="Dimension value must be integer"):
        D(3) < "a"  # noqa: B015


def test_dimension_arithmetic(tf):
    D = tf.compat.v1.Dimension
    assert (D(3) + D(4)).value == 7
    assert (D(3) + 4).value == 7
    assert (4 + D(3)).value == 7
    assert (D(3) - 1).value == 2
    assert (5 - D(3)).value == 2
    assert (D(3) * 2).value == 6
    assert (2 * D(3)).value == 6
    assert (D(7) // 2).value == 3
    assert (7 // D(2)).value == 3
    assert (D(7) % 3).value == 1
    assert (7 % D(3)).value == 1
    for result in (D(3) + None, D(None) + 3, None - D(3), D(None) * 0, D(None) // D(None),
                   D(2) % D(None), D(None) % 3):
        assert isinstance(result, D) and result.value is None
    with pytest.raises(ValueError, match="Dimension -2 must be >= 0"):
        D(3) - 5
    with pytest.raises(TypeError, match="unsupported operand type"):
        D(3) + "a"
    with pytest.raises(TypeError, match="unsupported operand type"):
        D(3) + 1.5
    with pytest.raises(TypeError, match=r"for /: 'Dimension' and 'int', please use // instead"):
        D(7) / 2
    with pytest.raises(TypeError, match=r"for /: 'int' and 'Dimension', please use // instead"):
        7 / D(2)
    with pytest.raises(ZeroDivisionError):
        D(3) // 0


def test_dimension_compatibility(tf):
    D = tf.compat.v1.Dimension
    assert D(3).is_compatible_with(3)
    assert D(3).is_compatible_with(None)
    assert D(None).is_compatible_with(D(7))
    assert not D(3).is_compatible_with(4)
    assert D(3).merge_with(None).value == 3
    assert D(None).merge_with(4).value == 4
    assert D(3).merge_with(D(3)).value == 3
    assert D(None).merge_with(None).value is None
    with pytest.raises(ValueError, match="Dimensions 3 and 4 are not compatible"):
        D(3).merge_with(4)
    with pytest.raises(ValueError, match="Dimensions 3 and 4 are not compatible"):
        D(3).assert_is_compatible_with(4)
    with pytest.raises(TypeError, match="Dimension value must be integer"):
        D(3).is_compatible_with("a")


def test_dimension_helpers(tf):
    D = tf.compat.v1.Dimension
    assert tf.compat.dimension_value(D(3)) == 3
    assert tf.compat.dimension_value(3) == 3
    assert tf.compat.dimension_value(None) is None
    assert tf.compat.dimension_value(D(None)) is None
    d = tf.compat.dimension_at_index(tf.TensorShape([2, 3]), 1)
    assert isinstance(d, D) and d.value == 3
    assert tf.compat.dimension_at_index(tf.TensorShape(None), 1).value is None
    with pytest.raises(IndexError):
        tf.compat.dimension_at_index(tf.TensorShape([2]), 5)
