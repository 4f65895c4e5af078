"""tensorlite-only tf.data behaviour: what is left out fails clearly."""
import pytest

import tensorlite as tf


def test_iterating_inside_tf_function_names_autograph():
    @tf.function
    def total():
        result = tf.constant(0, tf.int64)
        for x in tf.data.Dataset.range(3):
            result += x
        return result

    with pytest.raises(NotImplementedError, match="AutoGraph"):
        total()


def test_left_out_features_raise():
    ds = tf.data.Dataset.range(3)
    with pytest.raises(NotImplementedError, match="interleave"):
        ds.interleave(lambda x: tf.data.Dataset.range(x))
    with pytest.raises(NotImplementedError, match="TFRecordDataset"):
        tf.data.TFRecordDataset("file.tfrecord")
    with pytest.raises(NotImplementedError, match="Options"):
        tf.data.Options()
    with pytest.raises(NotImplementedError, match="file cache"):
        ds.cache("/tmp/cache")


def test_v1_namespace_module():
    from tensorlite.data import v1
    assert issubclass(v1.Dataset, tf.data.Dataset)
    assert isinstance(v1.Dataset.range(2).batch(1), v1.Dataset)
