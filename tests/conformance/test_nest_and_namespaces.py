"""tf.nest, tf.get_logger and the TF1 namespaces programs reach for (tf.compat.v1.math)."""
import collections

import pytest

Pair = collections.namedtuple("Pair", "a b")


def test_flatten_pack_and_map(tf):
    assert tf.nest.flatten({"b": 1, "a": [2, (3, 4)]}) == [2, 3, 4, 1]
    assert tf.nest.flatten(None) == [None] and tf.nest.flatten(5) == [5]
    assert tf.nest.map_structure(lambda x, y: x + y, [1, (2, 3)], [10, (20, 30)]) == \
        [11, (22, 33)]
    assert tf.nest.pack_sequence_as(Pair(1, [2, 3]), [7, 8, 9]) == Pair(7, [8, 9])
    doubled = tf.nest.map_structure(lambda x: x * 2, {"b": 1, "a": 2})
    assert doubled == {"a": 4, "b": 2} and list(doubled) == ["b", "a"]   # keys keep order
    assert tf.nest.is_nested([1]) and tf.nest.is_nested({}) and not tf.nest.is_nested(1)


def test_structure_mismatches(tf):
    message = "The two structures don't have the same nested structure."
    for a, b, error in [([1, 2], [1, 2, 3], ValueError), ([1, 2], (1, 2), TypeError),
                        ({"a": 1}, {"b": 1}, ValueError), (Pair(1, 2), (1, 2), TypeError)]:
        with pytest.raises(error, match=message):
            tf.nest.assert_same_structure(a, b)
    tf.nest.assert_same_structure([1, 2], (1, 2), check_types=False)
    with pytest.raises(ValueError, match=message):
        tf.nest.map_structure(lambda x, y: x, [1], [1, 2])
    with pytest.raises(ValueError, match="Could not pack sequence. Structure had 2 atoms, "
                                         "but flat_sequence had 1 items."):
        tf.nest.pack_sequence_as([1, 2], [1])


def test_logger_and_v1_math(tf):
    assert tf.get_logger().name == "tensorflow"
    assert tf.compat.v1.get_logger() is tf.get_logger()
    v1 = tf.compat.v1
    assert float(v1.math.log(v1.math.exp(tf.constant(2.0)))) == pytest.approx(2.0)
    assert v1.nest.flatten([1, [2]]) == [1, 2]
