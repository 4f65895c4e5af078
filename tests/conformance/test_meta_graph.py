"""Conformance: `.meta` files (MetaGraphDef): Saver.save writes one, import_meta_graph
rebuilds the graph, its variables and collections in another graph (TF 2.21 as the oracle).
"""
import os

import numpy as np
import pytest

XS = np.arange(12, dtype=np.float32).reshape(4, 3) / 10
YS = np.ones((4, 1), np.float32)


def _train_and_save(tf, directory, use_resource=True):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [None, 3], name="x")
        y = v1.placeholder(tf.float32, [None, 1], name="y")
        with v1.variable_scope("net", use_resource=use_resource):
            w = v1.get_variable("w", [3, 1], initializer=v1.constant_initializer(0.5))
            b = v1.get_variable("b", [1], initializer=v1.zeros_initializer())
            steps = v1.get_variable("steps", [], tf.int64, trainable=False,
                                    initializer=v1.zeros_initializer())
        prediction = tf.add(tf.matmul(x, w), b, name="prediction")
        loss = tf.reduce_mean(tf.square(prediction - y), name="loss")
        train = v1.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=steps,
                                                                name="train")
        v1.add_to_collection("train_op", train)
        v1.add_to_collection("prediction", prediction)
        with v1.Session(graph=graph) as sess:
            sess.run(v1.global_variables_initializer())
            for _ in range(3):
                sess.run(train, {x: XS, y: YS})
            path = v1.train.Saver().save(sess, os.path.join(directory, "model"))
            return path, sess.run([loss, w], {x: XS, y: YS})


@pytest.mark.parametrize("use_resource", [True, False])
def test_saver_writes_a_meta_graph_that_imports(tf, tmp_path, use_resource):
    v1 = tf.compat.v1
    path, (loss, w) = _train_and_save(tf, str(tmp_path), use_resource)
    assert os.path.exists(path + ".meta")
    with tf.Graph().as_default() as graph:
        saver = v1.train.import_meta_graph(path + ".meta")
        assert saver is not None
        assert sorted(v.op.name for v in v1.global_variables()) == \
            ["net/b", "net/steps", "net/w"]
        assert sorted(v.op.name for v in v1.trainable_variables()) == ["net/b", "net/w"]
        assert v1.get_collection("prediction")[0] is graph.get_tensor_by_name("prediction:0")
        with v1.Session(graph=graph) as sess:
            saver.restore(sess, path)
            feeds = {"x:0": XS, "y:0": YS}
            np.testing.assert_allclose(sess.run("loss:0", feeds), loss, rtol=1e-6)
            (imported_w,) = [v for v in v1.global_variables() if v.op.name == "net/w"]
            np.testing.assert_allclose(sess.run(imported_w), w, rtol=1e-6)
            sess.run(v1.get_collection("train_op")[0], feeds)
            assert sess.run("loss:0", feeds) < loss
            (steps,) = [v for v in v1.global_variables() if v.op.name == "net/steps"]
            assert sess.run(steps) == 4


def test_import_scope_prefixes_every_name(tf, tmp_path):
    v1 = tf.compat.v1
    path, (loss, _) = _train_and_save(tf, str(tmp_path))
    with tf.Graph().as_default() as graph:
        saver = v1.train.import_meta_graph(path + ".meta", import_scope="imported")
        assert graph.get_tensor_by_name("imported/loss:0") is not None
        assert sorted(v.op.name for v in v1.trainable_variables()) == \
            ["imported/net/b", "imported/net/w"]
        with v1.Session(graph=graph) as sess:
            saver.restore(sess, path)
            np.testing.assert_allclose(
                sess.run("imported/loss:0", {"imported/x:0": XS, "imported/y:0": YS}), loss,
                rtol=1e-6)


def test_export_meta_graph_writes_and_returns_it(tf, tmp_path):
    v1 = tf.compat.v1
    filename = str(tmp_path / "graph.meta")
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2], name="x")
        tf.multiply(x, 3.0, name="tripled")
        meta = v1.train.export_meta_graph(filename)
    assert os.path.getsize(filename) > 0
    for source in (filename, meta):
        with tf.Graph().as_default() as graph:
            assert v1.train.import_meta_graph(source) is None     # no variables, no saver
            with v1.Session(graph=graph) as sess:
                np.testing.assert_allclose(sess.run("tripled:0", {"x:0": [1.0, 2.0]}),
                                           [3.0, 6.0])


def test_errors(tf, tmp_path):
    v1 = tf.compat.v1
    with pytest.raises(RuntimeError, match="not supported when eager execution is enabled"):
        v1.train.import_meta_graph(str(tmp_path / "model.meta"))
    with tf.Graph().as_default():
        with pytest.raises(OSError, match="does not exist"):
            v1.train.import_meta_graph(str(tmp_path / "missing.meta"))
