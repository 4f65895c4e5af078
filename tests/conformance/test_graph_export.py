"""Conformance: TF1 model export: `tf.io.write_graph`, freezing variables into constants
(`tf.compat.v1.graph_util.convert_variables_to_constants`) and `import_graph_def`."""
import os

import numpy as np
import pytest

XS = np.arange(6, dtype=np.float32).reshape(2, 3)


def _model(tf, use_resource):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [None, 3], name="x")
        with v1.variable_scope("net", use_resource=use_resource):
            w = v1.get_variable("w", [3, 2], initializer=v1.constant_initializer(0.5))
            b = v1.get_variable("b", [2], initializer=v1.zeros_initializer())
        y = tf.identity(tf.matmul(x, w) + b, name="y")
        bump = v1.assign_add(b, [1.0, -1.0])
    return graph, y, bump


def _frozen(tf, use_resource, **kwargs):
    v1 = tf.compat.v1
    graph, y, bump = _model(tf, use_resource)
    with graph.as_default(), v1.Session(graph=graph) as sess:
        sess.run(v1.global_variables_initializer())
        sess.run(bump)
        frozen = v1.graph_util.convert_variables_to_constants(
            sess, graph.as_graph_def(), ["y"], **kwargs)
        return frozen, sess.run(y, {"x:0": XS})


@pytest.mark.parametrize("use_resource", [True, False])
def test_frozen_graph_computes_the_session_values(tf, use_resource):
    v1 = tf.compat.v1
    frozen, expected = _frozen(tf, use_resource)
    ops = {node.name: node.op for node in frozen.node}
    assert ops["net/w"] == "Const" and ops["net/b"] == "Const"
    assert not {"VarHandleOp", "VariableV2", "ReadVariableOp", "AssignVariableOp", "Assign",
                "AssignAdd", "AssignAddVariableOp"} & set(ops.values())      # pruned
    if use_resource:
        reads = [node for node in frozen.node if node.input == ["net/w"]]
        assert reads and all(node.op == "Identity" for node in reads)
    with tf.Graph().as_default() as graph:
        y, x = v1.import_graph_def(frozen, return_elements=["y:0", "x"], name="frozen")
        assert y.name == "frozen/y:0" and x.name == "frozen/x"
        assert v1.global_variables() == []
        with v1.Session(graph=graph) as sess:
            np.testing.assert_allclose(sess.run(y, {"frozen/x:0": XS}), expected)
    np.testing.assert_allclose(expected, XS @ np.full((3, 2), 0.5) + [1.0, -1.0])


def test_frozen_graph_round_trips_through_bytes(tf):
    v1 = tf.compat.v1
    frozen, expected = _frozen(tf, True)
    parsed = v1.GraphDef()
    parsed.ParseFromString(frozen.SerializeToString())
    assert [n.name for n in parsed.node] == [n.name for n in frozen.node]
    assert [n.op for n in parsed.node] == [n.op for n in frozen.node]
    with tf.Graph().as_default() as graph:
        v1.import_graph_def(parsed, name="")
        with v1.Session(graph=graph) as sess:
            np.testing.assert_allclose(sess.run("y:0", {"x:0": XS}), expected)


def test_allow_and_deny_lists_keep_variables(tf):
    frozen, _ = _frozen(tf, True, variable_names_blacklist=["net/b"])
    ops = {node.name: node.op for node in frozen.node}
    assert ops["net/w"] == "Const" and ops["net/b"] == "VarHandleOp"
    frozen, _ = _frozen(tf, True, variable_names_whitelist=["net/b"])
    ops = {node.name: node.op for node in frozen.node}
    assert ops["net/w"] == "VarHandleOp" and ops["net/b"] == "Const"


def test_gather_of_a_frozen_variable_becomes_gather_v2(tf):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        table = v1.get_variable("table", [4, 2], use_resource=True,
                                initializer=v1.constant_initializer(np.arange(8.0)))
        ids = v1.placeholder(tf.int32, [None], name="ids")
        tf.identity(tf.nn.embedding_lookup(table, ids), name="out")
        with v1.Session(graph=graph) as sess:
            sess.run(v1.global_variables_initializer())
            frozen = v1.graph_util.convert_variables_to_constants(
                sess, graph.as_graph_def(), ["out"])
    assert {node.op for node in frozen.node} >= {"Const", "Identity"}
    assert "ResourceGather" not in {node.op for node in frozen.node}
    with tf.Graph().as_default() as imported:
        out, = v1.import_graph_def(frozen, return_elements=["out:0"], name="")
        with v1.Session(graph=imported) as sess:
            np.testing.assert_array_equal(sess.run(out, {"ids:0": [3, 0]}),
                                          [[6, 7], [0, 1]])


def test_extract_sub_graph_keeps_graph_order(tf):
    v1 = tf.compat.v1
    graph, _, bump = _model(tf, True)
    graph_def = graph.as_graph_def()
    sub = v1.graph_util.extract_sub_graph(graph_def, ["y"])
    names = [node.name for node in sub.node]
    assert names == [node.name for node in graph_def.node if node.name in names]
    assert "x" in names and "net/w" in names and bump.name not in names
    with pytest.raises(AssertionError, match="missing is not in graph"):
        v1.graph_util.extract_sub_graph(graph_def, ["missing"])
    with pytest.raises(TypeError, match="iterable of strings"):
        v1.graph_util.extract_sub_graph(graph_def, "y")


def test_remove_training_nodes_splices_identities(tf):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [2], name="x")
        tf.debugging.check_numerics(x, "bad", name="chk")
        copy = tf.identity(x, name="copy")
        tf.multiply(tf.stop_gradient(copy, name="stop"), 2.0, name="out")
    result = v1.graph_util.remove_training_nodes(graph.as_graph_def())
    nodes = {node.name: node for node in result.node}
    assert "copy" not in nodes and "chk" not in nodes and "stop" not in nodes
    assert nodes["out"].input[0] == "x"
    kept = v1.graph_util.remove_training_nodes(graph.as_graph_def(), protected_nodes=["copy"])
    assert "copy" in {node.name for node in kept.node}


def test_import_graph_def_scopes_and_input_map(tf):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [None], name="x")
        tf.square(x, name="sq")
    graph_def = graph.as_graph_def()
    with tf.Graph().as_default() as target:
        v1.import_graph_def(graph_def)
        v1.import_graph_def(graph_def)
        feed = tf.constant([3.0, 4.0], name="feed")
        sq, = tf.graph_util.import_graph_def(graph_def, input_map={"x:0": feed},
                                             return_elements=["sq:0"], name="mapped")
        names = [op.name for op in target.get_operations()]
        assert "import/sq" in names and "import_1/sq" in names and "mapped/sq" in names
        with v1.Session(graph=target) as sess:
            np.testing.assert_allclose(sess.run(sq), [9.0, 16.0])
        with pytest.raises(ValueError, match="not found in graph_def"):
            v1.import_graph_def(graph_def, input_map={"nothing:0": feed})


def test_write_graph_writes_binary_and_text(tf, tmp_path):
    v1 = tf.compat.v1
    graph, _, _ = _model(tf, True)
    logdir = str(tmp_path / "new" / "dir")
    path = tf.io.write_graph(graph, logdir, "model.pb", as_text=False)
    assert path == os.path.join(logdir, "model.pb")
    parsed = v1.GraphDef()
    with open(path, "rb") as f:
        parsed.ParseFromString(f.read())
    assert [n.name for n in parsed.node] == [op.name for op in graph.get_operations()]
    text_path = v1.train.write_graph(graph.as_graph_def(), logdir, "model.pbtxt")
    with open(text_path) as f:
        text = f.read()
    assert text.startswith('node {\n  name: "x"\n  op: "Placeholder"\n  attr {\n'
                           '    key: "dtype"\n    value {\n      type: DT_FLOAT\n    }\n  }\n')
    assert '  name: "net/w"\n  op: "VarHandleOp"\n' in text
    assert text.endswith("versions {\n  producer: %d\n}\n" % parsed.versions.producer)


def test_graph_util_helpers(tf):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [None, 5], name="x")
        tf.constant(3, name="three")
        tf.constant(3.0, name="three_f")
        tf.cast(tf.constant([1, 2]), tf.float32, name="cast")
    assert v1.graph_util.tensor_shape_from_node_def_name(graph, "x").as_list() == [None, 5]
    assert v1.graph_util.tensor_shape_from_node_def_name(graph, "x:0") == x.shape
    assert v1.graph_util.must_run_on_cpu(graph.get_operation_by_name("three"))
    assert not v1.graph_util.must_run_on_cpu(graph.get_operation_by_name("three_f"))
    assert v1.graph_util.must_run_on_cpu(graph.get_operation_by_name("cast"))
    assert not v1.graph_util.must_run_on_cpu(graph.get_operation_by_name("x"))
    assert tf.io.write_graph is v1.train.write_graph
