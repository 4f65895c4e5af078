"""GraphDefs cross between tensorlite and real TensorFlow 2.21: a graph tensorlite froze and
wrote (binary and text) is read by TF's protobuf, printed identically by TF's text_format and
computes the same outputs there; a frozen graph TF wrote imports and runs in tensorlite.
Without the oracle these tests FAIL, unless TENSORLITE_NO_ORACLE=1 says to skip them.
"""
import os

import numpy as np

import tensorlite as tf
from tests.unit.oracle import run_tensorflow as _oracle_run
from tensorlite.graph_def import text_format

XS = np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5


def _freeze_in_tensorlite(directory):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [None, 3], name="x")
        ids = v1.placeholder(tf.int32, [None], name="ids")
        w = v1.get_variable("w", initializer=np.linspace(-1, 1, 6, dtype=np.float32)
                            .reshape(3, 2))
        with v1.variable_scope("ref", use_resource=False):
            b = v1.get_variable("b", [2], initializer=v1.constant_initializer(0.1))
        table = v1.get_variable("table", initializer=np.arange(8, dtype=np.float64)
                                .reshape(4, 2) / 3, use_resource=True)
        words = tf.constant([b"a\n\"b\"", "\u00e9".encode(), b"\x00\xff"], name="words")
        lookup = tf.cast(tf.nn.embedding_lookup(table, ids), tf.float32)
        y = tf.nn.relu(tf.matmul(x, w) + b, name="y")
        tf.add(y, tf.reduce_sum(lookup) * 0.1, name="z")
        tf.identity(words, name="w_out")
        with v1.Session(graph=graph) as sess:
            sess.run(v1.global_variables_initializer())
            frozen = v1.graph_util.convert_variables_to_constants(
                sess, graph.as_graph_def(), ["z", "w_out"])
            expected = sess.run("z:0", {x: XS, ids: [3, 1]})
    tf.io.write_graph(frozen, directory, "frozen.pb", as_text=False)
    tf.io.write_graph(frozen, directory, "frozen.pbtxt")
    np.save(os.path.join(directory, "expected.npy"), expected)
    return frozen, expected


def test_tensorflow_reads_and_runs_a_graph_tensorlite_froze(tmp_path):
    _freeze_in_tensorlite(str(tmp_path))
    out = _run_tensorflow("""
        import numpy as np, tensorflow as tf
        from google.protobuf import text_format
        v1 = tf.compat.v1
        graph_def = v1.GraphDef()
        with open("frozen.pb", "rb") as f:
            graph_def.ParseFromString(f.read())
        with open("frozen.pbtxt") as f:
            text = f.read()
        assert text_format.MessageToString(graph_def) == text, "text format differs"
        assert text_format.Parse(text, v1.GraphDef()) == graph_def
        assert not {n.op for n in graph_def.node} & {"VarHandleOp", "VariableV2",
                                                     "ReadVariableOp", "ResourceGather"}
        with tf.Graph().as_default() as graph:
            z, words = v1.import_graph_def(graph_def, return_elements=["z:0", "w_out:0"],
                                           name="")
            with v1.Session(graph=graph) as sess:
                got, got_words = sess.run([z, words], {
                    "x:0": np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5,
                    "ids:0": [3, 1]})
        np.testing.assert_allclose(got, np.load("expected.npy"), rtol=1e-6)
        assert list(got_words) == [b'a\\n"b"', "\\u00e9".encode(), b"\\x00\\xff"]
        print("OK")
    """, str(tmp_path))
    assert "OK" in out


def test_tensorlite_reads_and_runs_a_graph_tensorflow_froze(tmp_path):
    _run_tensorflow("""
        import numpy as np, tensorflow as tf
        v1 = tf.compat.v1
        v1.disable_eager_execution()
        x = v1.placeholder(tf.float32, [None, 3], name="x")
        w = v1.get_variable("w", initializer=np.linspace(-1, 1, 6, dtype=np.float32)
                            .reshape(3, 2))
        with v1.variable_scope("ref", use_resource=False):
            b = v1.get_variable("b", [2], initializer=v1.constant_initializer(0.25))
        y = tf.identity(tf.nn.relu(tf.matmul(x, w) + b) * 1.5, name="y")
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            frozen = v1.graph_util.convert_variables_to_constants(
                sess, sess.graph.as_graph_def(), ["y"])
            np.save("expected.npy", sess.run(y, {x: np.arange(6, dtype=np.float32)
                                                  .reshape(2, 3) - 2.5}))
        tf.io.write_graph(frozen, ".", "tf_frozen.pb", as_text=False)
        tf.io.write_graph(frozen, ".", "tf_frozen.pbtxt")
    """, str(tmp_path))
    graph_def = tf.compat.v1.GraphDef()
    with tf.io.gfile.GFile(str(tmp_path / "tf_frozen.pb"), "rb") as f:
        data = f.read()
    graph_def.ParseFromString(data)
    # tensorlite's printer shows TF's bytes (float_val scalars and all) as TF's text_format.
    assert text_format(data) == (tmp_path / "tf_frozen.pbtxt").read_text()
    # Written again, constants become tensor_content: other bytes, the same GraphDef.
    again = tf.compat.v1.GraphDef()
    again.ParseFromString(graph_def.SerializeToString())
    assert again == graph_def and "float_val" in text_format(data)
    with tf.Graph().as_default() as graph:
        y, = tf.compat.v1.import_graph_def(graph_def, return_elements=["y:0"])
        with tf.compat.v1.Session(graph=graph) as sess:
            got = sess.run(y, {"import/x:0": XS})
    np.testing.assert_allclose(got, np.load(tmp_path / "expected.npy"), rtol=1e-6)


def test_write_graph_text_of_a_whole_training_graph_matches_tensorflow(tmp_path):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [None, 3], name="x")
        w = v1.get_variable("w", [3, 1], initializer=v1.constant_initializer(0.5))
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
        v1.train.GradientDescentOptimizer(0.125).minimize(loss, name="train")
        tf.constant([1e-7, float("inf"), -0.1, 3.0], name="floats")
    tf.io.write_graph(graph, str(tmp_path), "g.pb", as_text=False)
    tf.io.write_graph(graph, str(tmp_path), "g.pbtxt", as_text=True)
    out = _run_tensorflow("""
        import tensorflow as tf
        from google.protobuf import text_format
        graph_def = tf.compat.v1.GraphDef()
        with open("g.pb", "rb") as f:
            graph_def.ParseFromString(f.read())
        with open("g.pbtxt") as f:
            assert text_format.MessageToString(graph_def) == f.read(), "text differs"
        print(len(graph_def.node))
    """, str(tmp_path))
    assert int(out.split()[-1]) == len(graph.get_operations())


def _run_tensorflow(source, workdir):
    return _oracle_run(source, workdir, "GraphDef interop")
