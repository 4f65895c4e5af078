""".meta files (train/meta_graph.py) in tensorlite alone: graphs holding function bodies are
exported with a function library; corrupted files; round trips of constants and attributes."""
import logging
import os

import numpy as np
import pytest

import tensorlite as tf
from tensorlite.framework import errors


def _graph_with_a_cond():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [], name="x")
        v = tf.Variable(1.0, name="v")
        tf.cond(x > 0, lambda: x * v, lambda: -x, name="c")
    return graph, v


def test_function_bodies_are_exported_as_a_function_library(tmp_path):
    # (TF importing and running them: tests/unit/test_function_def_interop.py)
    graph, _ = _graph_with_a_cond()
    with graph.as_default():
        tf.compat.v1.train.export_meta_graph(str(tmp_path / "g.meta"))
        functions = graph.as_graph_def().library.function
    assert os.path.getsize(tmp_path / "g.meta") > 0
    assert len(functions) == 2      # the two branches of the cond


def test_saver_writes_the_meta_file_of_a_graph_with_function_bodies(tmp_path, caplog):
    graph, v = _graph_with_a_cond()
    with graph.as_default(), tf.compat.v1.Session(graph=graph) as sess:
        sess.run(v.initializer)
        with caplog.at_level(logging.WARNING, logger="tensorflow"):
            path = tf.compat.v1.train.Saver().save(sess, str(tmp_path / "model"))
    assert os.path.exists(path + ".index") and os.path.exists(path + ".meta")
    assert "Not writing" not in caplog.text


def test_a_corrupted_meta_file_is_a_data_loss_error(tmp_path):
    filename = tmp_path / "broken.meta"
    filename.write_bytes(b"\x12\xff\xff\x01garbage")
    with tf.Graph().as_default():
        with pytest.raises(errors.DataLossError, match="broken.meta"):
            tf.compat.v1.train.import_meta_graph(str(filename))


def test_round_trip_keeps_constants_and_attributes(tmp_path):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 4], name="x")
        table = tf.constant(np.arange(8, dtype=np.int64).reshape(2, 4), name="table")
        words = tf.constant([b"a", b"bc"], name="words")
        tf.identity(tf.reduce_max(tf.transpose(x, [1, 0]), axis=[0], keepdims=True),
                    name="out")
        tf.compat.v1.train.export_meta_graph(str(tmp_path / "g.meta"))
    with tf.Graph().as_default() as imported:
        tf.compat.v1.train.import_meta_graph(str(tmp_path / "g.meta"))
        with tf.compat.v1.Session(graph=imported) as sess:
            got = sess.run(["out:0", "table:0", "words:0"],
                           {"x:0": np.arange(8, dtype=np.float32).reshape(2, 4)})
        np.testing.assert_array_equal(got[0], [[3, 7]])
        np.testing.assert_array_equal(got[1], np.arange(8).reshape(2, 4))
        assert list(got[2]) == [b"a", b"bc"]
        assert imported.get_tensor_by_name("out:0").shape.as_list() == [1, None]
    del table, words


@pytest.mark.parametrize("data", [b"\x12\x05\x0a\x03\x08\x01\x10", b"\x22\x04\x0a\x02\xff\xfe",
                                  b"\x12\x06\x0a\x04\x2a\x02\x0a\x00"])
def test_malformed_meta_graphs_are_data_loss_errors(tmp_path, data):
    filename = tmp_path / "bad.meta"
    filename.write_bytes(data)
    with tf.Graph().as_default():
        with pytest.raises(errors.DataLossError):
            tf.compat.v1.train.import_meta_graph(str(filename))


def test_input_map_is_refused():
    with tf.Graph().as_default():
        with pytest.raises(NotImplementedError, match="input_map"):
            tf.compat.v1.train.import_meta_graph(b"", input_map={"x:0": None})
