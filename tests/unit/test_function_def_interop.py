"""Graphs with function bodies cross from tensorlite to real TensorFlow 2.21: a graph with
tf.cond, one with tf.while_loop, one with dynamic_rnn, one calling a tf.function and one
nesting all three, written by tensorlite as a `.meta` (export_meta_graph and Saver.save)
and with tf.io.write_graph (binary and text), are imported by TF and compute tensorlite's
outputs there. Also the refusal left: a body op whose TF output names are unknown.
Without the oracle these tests FAIL, unless TENSORLITE_NO_ORACLE=1 says to skip them.
"""
import json
import logging
import os

import numpy as np
import pytest

import tensorlite as tf
from tensorlite import function_def
from tests.unit.test_graph_export_interop import _run_tensorflow

v1 = tf.compat.v1
XS = (np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5) / 3


def _cond_graph():
    x = v1.placeholder(tf.float32, [None, 3], name="x")
    w = v1.get_variable("w", initializer=np.linspace(-1, 1, 9, dtype=np.float32)
                        .reshape(3, 3))
    y = tf.cond(tf.reduce_sum(x) > 0, lambda: tf.matmul(x, w) + 1.0,
                lambda: tf.nn.relu(x) - tf.reduce_mean(w), name="c")
    return tf.identity(y, name="out")


def _while_graph():
    x = v1.placeholder(tf.float32, [None, 3], name="x")
    w = v1.get_variable("w", initializer=np.full([3], 0.5, np.float32))
    limit = tf.constant(4, name="limit")
    _, total = tf.while_loop(lambda i, acc: i < limit,
                             lambda i, acc: (i + 1, acc * w + tf.cast(i, tf.float32)),
                             [tf.constant(0), x])
    _, capped = tf.while_loop(lambda i, acc: i < 100, lambda i, acc: (i + 1, acc + w),
                              [tf.constant(0), x], maximum_iterations=3)
    return tf.identity(total + capped, name="out")


def _dynamic_rnn_graph():
    x = v1.placeholder(tf.float32, [None, 4, 3], name="x")
    cell = v1.nn.rnn_cell.BasicRNNCell(5)
    outputs, state = v1.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return tf.identity(outputs[:, -1] + state, name="out")


def _function_graph():
    x = v1.placeholder(tf.float32, [None, 3], name="x")
    w = v1.get_variable("w", initializer=np.linspace(0, 1, 9, dtype=np.float32).reshape(3, 3))

    @tf.function
    def inner(a):
        return tf.tanh(a) * 2.0

    @tf.function
    def layer(a, b):
        return inner(tf.matmul(a, b)) + tf.reduce_sum(w)
    return tf.identity(layer(x, w), name="out")


def _nested_graph():
    """A tf.function holding a capped while_loop whose body holds a cond."""
    x = v1.placeholder(tf.float32, [None, 3], name="x")
    w = v1.get_variable("w", initializer=np.full([3], 1.5, np.float32))

    @tf.function
    def grow(a):
        return tf.while_loop(
            lambda i, b: i < 10,
            lambda i, b: (i + 1, tf.cond(tf.reduce_max(b) > 3.0, lambda: b - w,
                                         lambda: b * w)),
            [tf.constant(0), a], maximum_iterations=5)[1]
    return tf.identity(grow(x), name="out")


_GRAPHS = {"nested": (_nested_graph, XS),"cond": (_cond_graph, XS), "while": (_while_graph, XS),
           "dynamic_rnn": (_dynamic_rnn_graph, np.stack([XS, -XS, XS * 2, XS], axis=1)),
           "function": (_function_graph, XS)}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Each graph written four ways by tensorlite, its outputs, and what TF computes."""
    directory = tmp_path_factory.mktemp("function_def_interop")
    expected = {}
    for case, (build, feed) in _GRAPHS.items():
        folder = directory / case
        folder.mkdir()
        graph = tf.Graph()
        with graph.as_default():
            out = build()
            with v1.Session(graph=graph) as sess:
                sess.run(v1.global_variables_initializer())
                expected[case] = sess.run(out, {"x:0": feed})
                v1.train.Saver().save(sess, str(folder / "model"))
            v1.train.export_meta_graph(str(folder / "exported.meta"))
        tf.io.write_graph(graph, str(folder), "graph.pb", as_text=False)
        tf.io.write_graph(graph, str(folder), "graph.pbtxt")
        np.save(folder / "feed.npy", feed)
    results = json.loads(_run_tensorflow(f"""
        import json, os
        import numpy as np
        import tensorflow as tf
        from google.protobuf import text_format
        v1 = tf.compat.v1
        results = {{}}
        for case in {sorted(_GRAPHS)!r}:
            folder = os.path.join({str(directory)!r}, case)
            feed = {{"x:0": np.load(os.path.join(folder, "feed.npy"))}}
            got = {{}}
            for meta in ("model.meta", "exported.meta"):
                with tf.Graph().as_default() as graph, v1.Session() as sess:
                    saver = v1.train.import_meta_graph(os.path.join(folder, meta))
                    saver = saver or v1.train.Saver()
                    saver.restore(sess, os.path.join(folder, "model"))
                    library = graph.as_graph_def().library.function
                    got[meta] = sess.run("out:0", feed).tolist()
                    got[meta + " functions"] = len(library)
            reader = tf.train.load_checkpoint(os.path.join(folder, "model"))
            for name in ("graph.pb", "graph.pbtxt"):
                graph_def = tf.compat.v1.GraphDef()
                with open(os.path.join(folder, name), "rb") as f:
                    data = f.read()
                if name.endswith("txt"):
                    text_format.Parse(data.decode(), graph_def)
                else:
                    graph_def.ParseFromString(data)
                with tf.Graph().as_default() as graph, v1.Session() as sess:
                    tf.import_graph_def(graph_def, name="")
                    # A bare GraphDef has no saver: set each variable from the checkpoint.
                    for op in graph.get_operations():
                        if op.type == "VarHandleOp":
                            value = reader.get_tensor(op.get_attr("shared_name"))
                            sess.run(tf.raw_ops.AssignVariableOp(resource=op.outputs[0],
                                                                 value=value))
                    got[name] = sess.run("out:0", feed).tolist()
            results[case] = got
        print(json.dumps(results))
    """, str(directory)).strip().splitlines()[-1])
    return expected, results


@pytest.mark.parametrize("case", sorted(_GRAPHS))
def test_tensorflow_runs_what_tensorlite_exported(exported, case):
    expected, results = exported
    got = results[case]
    for source in ("model.meta", "exported.meta", "graph.pb", "graph.pbtxt"):
        np.testing.assert_allclose(got[source], expected[case], rtol=1e-5, atol=1e-6,
                                   err_msg=f"{case}: {source}")
    # TF found the bodies in the library (an If has two, a While two, a call at least one).
    assert got["model.meta functions"] >= 1
    assert got["model.meta functions"] == got["exported.meta functions"]


def _graph_with_unknown_body_op():
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [], name="x")
        v = tf.Variable(1.0, name="v")
        tf.cond(x > 0, lambda: x * v, lambda: -x, name="c")
    return graph, v


def test_a_body_op_without_known_output_names_is_refused(tmp_path, monkeypatch):
    graph, _ = _graph_with_unknown_body_op()
    monkeypatch.delitem(function_def.OUTPUT_ARG_NAMES, "Mul")
    with graph.as_default():
        with pytest.raises(ValueError, match=r"'c_true'|\(Mul\) has no known TF output"):
            v1.train.export_meta_graph(str(tmp_path / "g.meta"))
    assert not os.path.exists(tmp_path / "g.meta")


def test_saver_still_writes_the_checkpoint_when_the_meta_is_refused(
        tmp_path, monkeypatch, caplog):
    graph, v = _graph_with_unknown_body_op()
    monkeypatch.delitem(function_def.OUTPUT_ARG_NAMES, "Mul")
    with graph.as_default(), v1.Session(graph=graph) as sess:
        sess.run(v.initializer)
        with caplog.at_level(logging.WARNING, logger="tensorflow"):
            path = v1.train.Saver().save(sess, str(tmp_path / "model"))
    assert os.path.exists(path + ".index") and not os.path.exists(path + ".meta")
    assert "Not writing" in caplog.text and "(Mul) has no known TF output" in caplog.text


def test_every_registered_op_but_tensorlites_own_has_output_names():
    import importlib
    import pkgutil
    from tensorlite.framework import registry
    # Some modules register their ops on first import: import them all.
    for module in pkgutil.walk_packages(tf.__path__, "tensorlite."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    types = {op if isinstance(op, str) else op.type for op in registry.all_ops()}
    # Ops TF does not have (tensorlite's own helpers) cannot appear in a TF graph.
    assert types - set(function_def.OUTPUT_ARG_NAMES) == {
        "CustomGradient", "PyDataset", "TensorListAdd", "TensorListZerosLike", "WhileGrad"}
    assert function_def.OUTPUT_ARG_NAMES["AddV2"] == ("z",)
    assert function_def.OUTPUT_ARG_NAMES["MatMul"] == ("product",)
