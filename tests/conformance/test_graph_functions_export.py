"""Conformance: graphs with function bodies (tf.cond, tf.while_loop, tf.function calls)
serialize: their GraphDef carries a function library (one FunctionDef per body, named after
the construct), `.meta` export and Saver.save succeed, and the bytes parse back to the same
GraphDef. Running such files in TF is tests/unit/test_function_def_interop.py's part.
"""
import os

import numpy as np


def _library_names(graph):
    return sorted(f.signature.name for f in graph.as_graph_def().library.function)


def _cond_graph(tf):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2], name="x")
        y = tf.constant(3.0)
        tf.cond(tf.reduce_sum(x) > 0, lambda: x * y + 1.0, lambda: x - y)
    return graph


def test_cond_branches_are_library_functions(tf):
    graph = _cond_graph(tf)
    names = _library_names(graph)
    assert len(names) == 2
    assert names[0].startswith("cond_false") and names[1].startswith("cond_true")
    node, = [n for n in graph.as_graph_def().node if n.name == "cond"]
    assert node.op == "StatelessIf"
    # The true branch computes x * y + 1: a Mul and an AddV2 (and the 1.0).
    true_branch, = [f for f in graph.as_graph_def().library.function
                    if f.signature.name.startswith("cond_true")]
    assert sorted(n.op for n in true_branch.node_def) == ["AddV2", "Const", "Mul"]
    assert len(true_branch.signature.input_arg) == 2     # x and the captured y
    assert len(true_branch.signature.output_arg) == 1


def test_while_loop_cond_and_body_are_library_functions(tf):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2], name="x")
        tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2.0), [tf.constant(0), x])
    names = _library_names(graph)
    assert len(names) == 2
    assert names[0].startswith("while_body") and names[1].startswith("while_cond")
    node, = [n for n in graph.as_graph_def().node if n.name == "while"]
    assert node.op == "StatelessWhile"


def test_a_tf_function_call_and_what_it_calls_are_library_functions(tf):
    graph = tf.Graph()
    with graph.as_default():
        @tf.function
        def inner(a):
            return tf.cond(a[0] > 0, lambda: a * 2.0, lambda: a)

        @tf.function
        def outer(a):
            return inner(a) + 1.0
        outer(tf.ones([2]))
    names = _library_names(graph)
    assert any(name.startswith("__inference_outer") for name in names)
    assert any(name.startswith("__inference_inner") for name in names)
    assert sum(name.startswith("cond_true") for name in names) == 1
    assert sum(name.startswith("cond_false") for name in names) == 1


def test_graph_def_bytes_with_a_library_parse_back_the_same(tf):
    graph_def = _cond_graph(tf).as_graph_def()
    data = graph_def.SerializeToString()
    parsed = tf.compat.v1.GraphDef()
    parsed.ParseFromString(data)
    assert parsed == graph_def
    # (deterministic: TF writes map fields in hash order otherwise)
    assert parsed.SerializeToString(deterministic=True) == \
        graph_def.SerializeToString(deterministic=True)
    assert [f.signature.name for f in parsed.library.function] == \
        [f.signature.name for f in graph_def.library.function]
    text = str(graph_def)
    assert "\nlibrary {\n  function {\n    signature {\n" in text
    assert 'op: "StatelessIf"' in text and "func {" in text


def test_export_meta_graph_and_saver_write_graphs_with_function_bodies(tf, tmp_path):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [], name="x")
        v = tf.Variable(2.0, name="v")
        tf.cond(x > 0, lambda: x * v, lambda: -x, name="c")
        meta = v1.train.export_meta_graph(str(tmp_path / "exported.meta"))
        with v1.Session(graph=graph) as sess:
            sess.run(v.initializer)
            path = v1.train.Saver().save(sess, str(tmp_path / "model"))
    assert os.path.getsize(tmp_path / "exported.meta") == len(meta.SerializeToString())
    assert os.path.exists(path + ".meta") and os.path.exists(path + ".index")
    with open(path + ".meta", "rb") as f:
        # The GraphDef inside holds the library: both branch names are in the file.
        data = f.read()
    assert b"c_true" in data and b"c_false" in data


def test_write_graph_writes_the_library_in_both_formats(tf, tmp_path):
    graph = _cond_graph(tf)
    tf.io.write_graph(graph, str(tmp_path), "g.pb", as_text=False)
    tf.io.write_graph(graph, str(tmp_path), "g.pbtxt")
    parsed = tf.compat.v1.GraphDef()
    with open(tmp_path / "g.pb", "rb") as f:
        parsed.ParseFromString(f.read())
    assert len(parsed.library.function) == 2
    text = (tmp_path / "g.pbtxt").read_text()
    assert text.count("\n  function {\n") == 2
    assert np.all([name in text for name in _library_names(graph)])
