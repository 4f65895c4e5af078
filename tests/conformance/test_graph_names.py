"""Conformance: op/tensor naming, Operation and graph-Tensor attributes, static shape
inference, graph lookups, finalization and the default-graph stack (TF 2.21 is the oracle)."""
import re
import threading

import pytest


def _op_names(graph):
    return [op.name for op in graph.get_operations()]


# ---------------------------------------------------------------------------
# Default names by op type and `op:0` tensor names
# ---------------------------------------------------------------------------

def test_default_op_names_and_types(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([1.0, 2.0])
        b = tf.constant([3.0, 4.0])
        p = tf.compat.v1.placeholder(tf.float32, [None, 2])
        i = tf.identity(a)
        n = tf.negative(a)
        s = tf.subtract(a, b)
        m = tf.multiply(a, b)
        c = tf.cast(a, tf.int32)
        mm = tf.matmul(tf.reshape(a, [1, 2]), tf.reshape(b, [2, 1]))
        no = tf.no_op()
    assert (a.op.name, a.op.type) == ("Const", "Const")
    assert (b.op.name, b.op.type) == ("Const_1", "Const")
    assert (p.op.name, p.op.type) == ("Placeholder", "Placeholder")
    assert (i.op.name, i.op.type) == ("Identity", "Identity")
    assert (n.op.name, n.op.type) == ("Neg", "Neg")
    assert (s.op.name, s.op.type) == ("Sub", "Sub")
    assert (m.op.name, m.op.type) == ("Mul", "Mul")
    assert (c.op.name, c.op.type) == ("Cast", "Cast")
    assert (mm.op.name, mm.op.type) == ("MatMul", "MatMul")
    assert (no.name, no.type) == ("NoOp", "NoOp")
    assert [a.name, b.name, p.name, mm.name] == ["Const:0", "Const_1:0", "Placeholder:0", "MatMul:0"]


def test_add_operator_vs_tf_add_names(tf):
    # `a + b` is named "add" (lower case) while tf.add is named "Add"; both are AddV2 ops,
    # and the two names collide case-insensitively.
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
        b = tf.constant(2.0)
        x = a + b
        y = tf.add(a, b)
        z = a + b
    assert (x.op.name, x.op.type) == ("add", "AddV2")
    assert (y.op.name, y.op.type) == ("Add_1", "AddV2")
    assert (z.op.name, z.op.type) == ("add_2", "AddV2")


def test_python_operator_names(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
        b = tf.constant(2.0)
        ops = [tf.subtract(a, b), a - b, tf.multiply(a, b), a * b, tf.negative(a), -a]
    assert [(t.op.name, t.op.type) for t in ops] == [
        ("Sub", "Sub"), ("sub_1", "Sub"), ("Mul", "Mul"), ("mul_1", "Mul"),
        ("Neg", "Neg"), ("Neg_1", "Neg")]


def test_python_scalar_operand_becomes_const_under_op_name(tf):
    g = tf.Graph()
    with g.as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        x = p + 1
        y = 1 + p
        z = 2 - p
    assert x.name == "add:0"
    assert x.op.inputs[1].name == "add/y:0"
    assert x.op.inputs[1].op.type == "Const"
    assert y.name == "add_1:0"
    assert y.op.inputs[0].name == "add_1/x:0"
    assert z.op.name == "sub" and z.op.inputs[0].name == "sub/x:0"
    assert _op_names(g) == ["Placeholder", "add/y", "add", "add_1/x", "add_1", "sub/x", "sub"]


def test_helper_const_names_for_reshape_and_reduce_sum(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([1.0, 2.0])
        r = tf.reshape(x, [2, 1])
        s = tf.reduce_sum(x)
        s1 = tf.reduce_sum(x, axis=0)
    assert r.op.inputs[1].name == "Reshape/shape:0"
    assert s.op.name == "Sum" and s.op.inputs[1].name == "Const_1:0"
    assert s1.op.name == "Sum_1" and s1.op.inputs[1].name == "Sum_1/reduction_indices:0"
    assert _op_names(g) == ["Const", "Reshape/shape", "Reshape", "Const_1", "Sum",
                            "Sum_1/reduction_indices", "Sum_1"]


def test_group_names_and_control_inputs(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
        b = tf.constant(2.0)
        g1 = tf.group(a, b)
        g2 = tf.group(b.op)
        g3 = tf.group()
        g4 = tf.group(a, name="grp")
    assert (g1.name, g1.type) == ("group_deps", "NoOp")
    assert [op.name for op in g1.control_inputs] == ["Const", "Const_1"]
    assert g1.inputs == () and g1.outputs == []
    assert g2.name == "group_deps_1" and g2.control_inputs == [b.op]
    assert g3.name == "group_deps_2" and g3.control_inputs == []
    assert g4.name == "grp"


def test_cast_to_same_dtype_returns_input(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([1.0])
        assert tf.cast(a, tf.float32) is a
    assert _op_names(g) == ["Const"]


# ---------------------------------------------------------------------------
# Unique-name rules
# ---------------------------------------------------------------------------

def test_repeated_explicit_names_are_uniquified(tf):
    with tf.Graph().as_default():
        names = [tf.constant(1.0, name=n).op.name
                 for n in ["a", "a", "a_1", "a_1", "a", "A_1", "a_2"]]
    assert names == ["a", "a_1", "a_1_1", "a_1_2", "a_2", "A_1_3", "a_2_1"]


def test_explicit_names_colliding_with_generated_ones(tf):
    with tf.Graph().as_default():
        tf.constant(1.0, name="a")
        tf.constant(1.0, name="a_1")
        assert tf.constant(1.0, name="a").op.name == "a_2"
        assert tf.constant(1.0, name="a").op.name == "a_3"
        assert tf.constant(1.0, name="a_2_1").op.name == "a_2_1"
        assert tf.constant(1.0, name="a_2").op.name == "a_2_2"
        assert tf.constant(1.0, name="a").op.name == "a_4"


def test_case_insensitive_collisions(tf):
    with tf.Graph().as_default() as g:
        assert tf.constant(1.0, name="Foo").op.name == "Foo"
        assert tf.constant(1.0, name="foo").op.name == "foo_1"
        assert tf.constant(1.0, name="FOO").op.name == "FOO_2"
        with g.name_scope("Bar") as s1:
            pass
        with g.name_scope("bar") as s2:
            pass
    assert (s1, s2) == ("Bar/", "bar_1/")


def test_op_names_and_name_scopes_share_one_namespace(tf):
    with tf.Graph().as_default():
        with tf.name_scope("s") as scope:
            pass
        assert scope == "s/"
        assert tf.constant(1.0, name="s").op.name == "s_1"
        assert tf.constant(1.0, name="t").op.name == "t"
        with tf.name_scope("t") as scope2:
            pass
        assert scope2 == "t_1/"


def test_scoped_names_collide_with_explicit_slash_names(tf):
    with tf.Graph().as_default():
        with tf.name_scope("a"):
            tf.constant(1.0, name="b")
        assert tf.constant(1.0, name="a/b").name == "a/b_1:0"
        with tf.name_scope("a/"):
            assert tf.constant(1.0, name="b").name == "a/b_2:0"


def test_name_with_trailing_slash_is_used_verbatim(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([1.0])
        with tf.name_scope("foo") as scope:
            y = tf.identity(x, name=scope)
            inner = tf.constant(1.0)
        assert y.op.name == "foo"
        assert inner.op.name == "foo/Const"
        with tf.name_scope("outer"):
            z = tf.identity(x, name="abs/")
        assert z.name == "abs:0"


def test_trailing_slash_name_duplicate_raises(tf):
    with tf.Graph().as_default():
        x = tf.constant([1.0])
        with tf.name_scope("foo") as scope:
            tf.identity(x, name=scope)  # op "foo"
        # a name scope alone creates no node, so "scope/" names are only checked
        # against existing nodes
        with tf.name_scope("bar"):
            pass
        assert tf.identity(x, name="bar/").op.name == "bar"
        with pytest.raises(ValueError, match="Duplicate node name in graph: 'foo'"):
            tf.identity(x, name="foo/")


def test_trailing_slash_name_does_not_reserve_the_name(tf):
    # "bar/" creates op "bar" without marking "bar" as used, so a later plain "bar"
    # collides at node-creation time. The failed attempt still marks "bar".
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([1.0])
        assert tf.identity(x, name="bar/").name == "bar:0"
        with pytest.raises(ValueError, match="Duplicate node name in graph: 'bar'"):
            tf.identity(x, name="bar")
        assert g.unique_name("bar", mark_as_used=False) == "bar_1"


@pytest.mark.parametrize("bad", ["a:b", "a b", "-a", "_a", "/a", ""])
def test_invalid_op_names(tf, bad):
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=re.escape(f"`{bad}` is not a valid node name")):
            tf.constant(1.0, name=bad)


@pytest.mark.parametrize("good", ["a.b", "a-b", "a>b", "1a", ".a", "a/b", "a/_b", "a//b"])
def test_valid_unusual_op_names(tf, good):
    with tf.Graph().as_default():
        assert tf.constant(1.0, name=good).op.name == good


def test_unique_name_mark_as_used(tf):
    g = tf.Graph()
    assert g.unique_name("foo") == "foo"
    assert g.unique_name("foo") == "foo_1"
    assert g.unique_name("foo", mark_as_used=False) == "foo_2"
    assert g.unique_name("foo", mark_as_used=False) == "foo_2"
    assert g.unique_name("Foo") == "Foo_2"
    assert g.unique_name("FOO", mark_as_used=False) == "FOO_3"
    with g.as_default():
        assert tf.constant(1.0, name="foo").op.name == "foo_3"


def test_unique_name_skips_names_already_taken(tf):
    g = tf.Graph()
    assert g.unique_name("x_1") == "x_1"
    assert g.unique_name("x") == "x"
    assert g.unique_name("x") == "x_2"
    assert g.unique_name("y") == "y"
    assert g.unique_name("y_1") == "y_1"
    assert g.unique_name("y") == "y_2"
    assert g.unique_name("z_1", mark_as_used=False) == "z_1"
    with g.as_default():
        assert tf.constant(1.0, name="z").op.name == "z"
        assert tf.constant(1.0, name="z").op.name == "z_1"


def test_unique_name_prepends_scope_and_does_not_validate(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("q"):
            assert g.unique_name("foo") == "q/foo"
            assert g.unique_name("foo") == "q/foo_1"
            assert g.unique_name("a/b") == "q/a/b"
    assert g.unique_name("q") == "q_1"
    assert g.unique_name("a:b") == "a:b"


def test_failed_op_reserves_name_but_is_not_added(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2, 3])
        y = tf.compat.v1.placeholder(tf.float32, [4, 3])
        v = g.version
        with pytest.raises(ValueError):
            tf.add(x, y)
        assert g.version == v
        assert _op_names(g) == ["Placeholder", "Placeholder_1"]
        ok = tf.add(x, x)
    assert ok.op.name == "Add_1"


# ---------------------------------------------------------------------------
# Operation attributes
# ---------------------------------------------------------------------------

def test_operation_attributes(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([[1.0, 2.0]])
        b = tf.constant([[1.0], [2.0]])
        m = tf.matmul(a, b)
    op = m.op
    assert isinstance(op, tf.Operation)
    assert op.name == "MatMul" and op.type == "MatMul"
    assert isinstance(op.inputs, tuple)
    assert len(op.inputs) == 2 and op.inputs[0] is a and op.inputs[1] is b
    assert isinstance(op.outputs, list) and op.outputs == [m] and op.outputs[0] is m
    assert op.values() == (m,)
    assert op.control_inputs == [] and isinstance(op.control_inputs, list)
    assert op.device == ""
    assert op.graph is g
    assert m.op is op and a.op.outputs[0] is a


def test_operation_get_attr(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([[1.0, 2.0]])
        m = tf.matmul(a, a, transpose_b=True)
        p = tf.compat.v1.placeholder(tf.int32, [None])
        c = tf.cast(a, tf.int32)
        s = tf.reduce_sum(a, axis=1, keepdims=True)
        r = tf.reshape(a, [-1])
        x = a + a
    assert m.op.get_attr("T") == tf.float32
    assert m.op.get_attr("transpose_a") is False
    assert m.op.get_attr("transpose_b") is True
    assert a.op.get_attr("dtype") == tf.float32
    assert p.op.get_attr("dtype") == tf.int32
    assert c.op.get_attr("SrcT") == tf.float32
    assert c.op.get_attr("DstT") == tf.int32
    assert c.op.get_attr("Truncate") is False
    assert s.op.get_attr("keep_dims") is True
    assert s.op.get_attr("Tidx") == tf.int32
    assert r.op.get_attr("Tshape") == tf.int32
    assert x.op.get_attr("T") == tf.float32


def test_operation_get_attr_missing(tf):
    with tf.Graph().as_default():
        m = tf.matmul(tf.constant([[1.0]]), tf.constant([[1.0]]))
        with pytest.raises(ValueError, match=re.escape("Operation 'MatMul' has no attr named 'nope'.")):
            m.op.get_attr("nope")


def test_operation_repr_and_str(tf):
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="q")
        no = tf.no_op()
        m = tf.matmul(tf.constant([[1.0]]), tf.constant([[1.0]]))
    assert repr(a.op) == "<tf.Operation 'q' type=Const>"
    assert repr(no) == "<tf.Operation 'NoOp' type=NoOp>"
    # str(op) is the NodeDef in text format.
    text = str(m.op)
    assert text.startswith('name: "MatMul"\nop: "MatMul"\ninput: "Const"\ninput: "Const_1"\n')
    assert str(no) == 'name: "NoOp"\nop: "NoOp"\n'


# ---------------------------------------------------------------------------
# Graph tensors
# ---------------------------------------------------------------------------

def test_graph_tensor_attributes(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([1.0, 2.0])
        s = tf.add(a, a)
        n = tf.negative(a)
        p = tf.compat.v1.placeholder(tf.float32, [None, 3], name="p")
    assert isinstance(a, tf.Tensor)
    assert a.name == "Const:0" and a.dtype == tf.float32 and a.dtype == "float32"
    assert isinstance(a.shape, tf.TensorShape)
    assert a.shape == a.get_shape() and a.shape.as_list() == [2]
    assert p.shape.as_list() == [None, 3]
    assert a.op.type == "Const" and a.graph is g and a.value_index == 0
    assert a.device == ""
    # a tensor consumed twice by one op appears twice; results are ops, in creation order
    assert a.consumers() == [s.op, s.op, n.op]
    assert s.consumers() == []


def test_graph_tensor_repr_and_str(tf):
    with tf.Graph().as_default():
        a = tf.constant([1.0, 2.0])
        i = tf.constant([1, 2])
        f64 = tf.constant([[1.0, 2.0], [3.0, 4.0]], dtype=tf.float64)
        p0 = tf.compat.v1.placeholder(tf.float32, [])
        p1 = tf.compat.v1.placeholder(tf.int64, [2, None], name="ph")
        p2 = tf.compat.v1.placeholder(tf.int32)
    assert repr(a) == "<tf.Tensor 'Const:0' shape=(2,) dtype=float32>"
    assert str(a) == 'Tensor("Const:0", shape=(2,), dtype=float32)'
    assert repr(i) == "<tf.Tensor 'Const_1:0' shape=(2,) dtype=int32>"
    assert repr(f64) == "<tf.Tensor 'Const_2:0' shape=(2, 2) dtype=float64>"
    assert repr(p0) == "<tf.Tensor 'Placeholder:0' shape=() dtype=float32>"
    assert repr(p1) == "<tf.Tensor 'ph:0' shape=(2, None) dtype=int64>"
    assert str(p1) == 'Tensor("ph:0", shape=(2, None), dtype=int64)'
    # unknown rank: repr says <unknown>, str omits the shape entirely
    assert repr(p2) == "<tf.Tensor 'Placeholder_1:0' shape=<unknown> dtype=int32>"
    assert str(p2) == 'Tensor("Placeholder_1:0", dtype=int32)'


def test_graph_tensor_is_hashable_and_compares_by_identity(tf):
    with tf.Graph().as_default():
        a = tf.constant(1.0)
        b = tf.constant(1.0)
        assert (a == a) is True
        assert (a == b) is False
        assert {a: 1}[a] == 1


def test_graph_tensor_python_conversions_fail(tf):
    with tf.Graph().as_default():
        a = tf.constant([1.0, 2.0])
        with pytest.raises(TypeError, match="Using a symbolic `tf.Tensor` as a Python `bool` is not allowed"):
            bool(a)
        with pytest.raises(TypeError, match=re.escape("len is not well defined for a symbolic Tensor (Const:0)")):
            len(a)
        with pytest.raises(TypeError, match="Iterating over a symbolic `tf.Tensor` is not allowed"):
            iter(a)


def test_set_shape_merges(tf):
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        p.set_shape([5, None])
        assert p.shape.as_list() == [5, 3]
        p.set_shape(None)
        assert p.shape.as_list() == [5, 3]
        p.set_shape(tf.TensorShape([None, 3]))
        assert p.shape.as_list() == [5, 3]
        q = tf.compat.v1.placeholder(tf.float32)
        q.set_shape([None, 2])
        assert q.shape.as_list() == [None, 2]
        q.set_shape([3, None])
        assert q.shape.as_list() == [3, 2]


def test_set_shape_incompatible(tf):
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [5, None])
        with pytest.raises(ValueError, match=re.escape(
                "Dimension 0 in both shapes must be equal, but are 5 and 4. Shapes are [5,?] and [4,3].")):
            p.set_shape([4, 3])
        with pytest.raises(ValueError, match="Shapes must be equal rank, but are 2 and 3"):
            p.set_shape([5, 3, 1])
        c = tf.constant([1.0, 2.0])
        with pytest.raises(ValueError, match=re.escape(
                "Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are [2] and [3].")):
            c.set_shape([3])
        c.set_shape([2])
        assert p.shape.as_list() == [5, None]


def test_set_shape_does_not_propagate_to_existing_consumers(tf):
    with tf.Graph().as_default():
        r = tf.compat.v1.placeholder(tf.float32, [None])
        n = tf.negative(r)
        r.set_shape([7])
        assert n.shape.as_list() == [None]
        assert tf.negative(r).shape.as_list() == [7]


# ---------------------------------------------------------------------------
# Static shape inference
# ---------------------------------------------------------------------------

def test_shape_inference_matmul(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        w = tf.compat.v1.placeholder(tf.float32, [3, 4])
        assert tf.matmul(x, w).shape.as_list() == [None, 4]
        w2 = tf.compat.v1.placeholder(tf.float32, [4, 3])
        assert tf.matmul(x, w2, transpose_b=True).shape.as_list() == [None, 4]
        assert tf.matmul(x, tf.compat.v1.placeholder(tf.float32)).shape.rank is None


def test_shape_inference_reshape(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        assert tf.reshape(x, [-1]).shape.as_list() == [None]
        assert tf.reshape(x, [-1, 6]).shape.as_list() == [None, 6]
        assert tf.reshape(x, [3, -1]).shape.as_list() == [3, None]
        y = tf.compat.v1.placeholder(tf.float32, [2, 3])
        assert tf.reshape(y, [-1, 2]).shape.as_list() == [3, 2]
        assert tf.reshape(y, [-1, -1]).shape.as_list() == [None, None]
        assert tf.reshape(x, tf.compat.v1.placeholder(tf.int32, [2])).shape.as_list() == [None, None]
        assert tf.reshape(x, tf.compat.v1.placeholder(tf.int32)).shape.rank is None


def test_shape_inference_reshape_errors(tf):
    with tf.Graph().as_default():
        y = tf.compat.v1.placeholder(tf.float32, [2, 3])
        with pytest.raises(ValueError, match="Cannot reshape a tensor with 6 elements to shape \\[5\\] \\(5 elements\\)"):
            tf.reshape(y, [5])
        with pytest.raises(ValueError, match="Dimension size must be evenly divisible by 4 but is 6"):
            tf.reshape(y, [4, -1])


def test_shape_inference_reduce_sum(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        assert tf.reduce_sum(x).shape.as_list() == []
        assert tf.reduce_sum(x, axis=0).shape.as_list() == [3]
        assert tf.reduce_sum(x, axis=-1).shape.as_list() == [None]
        assert tf.reduce_sum(x, axis=1, keepdims=True).shape.as_list() == [None, 1]
        assert tf.reduce_sum(x, axis=[0, 1], keepdims=True).shape.as_list() == [1, 1]
        axis = tf.compat.v1.placeholder(tf.int32, [])
        assert tf.reduce_sum(x, axis=axis).shape.rank is None
        assert tf.reduce_sum(x, axis=axis, keepdims=True).shape.as_list() == [None, None]
        with pytest.raises(ValueError, match="Invalid reduction dimension 2 for input with 2 dimensions."):
            tf.reduce_sum(x, axis=2)


def test_shape_inference_broadcasting(tf):
    with tf.Graph().as_default():
        a = tf.compat.v1.placeholder(tf.float32, [None, 1])
        b = tf.compat.v1.placeholder(tf.float32, [1, 5])
        assert (a + b).shape.as_list() == [None, 5]
        assert tf.multiply(a, b).shape.as_list() == [None, 5]
        c = tf.compat.v1.placeholder(tf.float32, [None, None])
        assert tf.add(a, c).shape.as_list() == [None, None]
        d = tf.compat.v1.placeholder(tf.float32, [3])
        e = tf.compat.v1.placeholder(tf.float32, [2, 1])
        assert tf.subtract(d, e).shape.as_list() == [2, 3]
        assert tf.add(d, tf.compat.v1.placeholder(tf.float32)).shape.rank is None
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        for t in [tf.negative(x), tf.identity(x), tf.cast(x, tf.int32), x + 1]:
            assert t.shape.as_list() == [None, 3]


def test_incompatible_elementwise_shapes(tf):
    with tf.Graph().as_default():
        a = tf.compat.v1.placeholder(tf.float32, [2, 3])
        b = tf.compat.v1.placeholder(tf.float32, [4, 3])
        with pytest.raises(ValueError) as info:
            tf.add(a, b)
        msg = str(info.value)
        assert "Dimensions must be equal, but are 2 and 4 for '{{node Add}}" in msg
        assert "with input shapes: [2,3], [4,3]." in msg
        with pytest.raises(ValueError, match=re.escape("'{{node Mul}}")):
            tf.multiply(a, b)


def test_incompatible_matmul_shapes(tf):
    with tf.Graph().as_default():
        a = tf.compat.v1.placeholder(tf.float32, [2, 3])
        b = tf.compat.v1.placeholder(tf.float32, [4, 5])
        with pytest.raises(ValueError) as info:
            tf.matmul(a, b)
        msg = str(info.value)
        assert "Dimensions must be equal, but are 3 and 4 for '{{node MatMul}}" in msg
        assert "with input shapes: [2,3], [4,5]." in msg
        v = tf.compat.v1.placeholder(tf.float32, [2])
        with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
            tf.matmul(v, b)
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        with pytest.raises(ValueError, match=re.escape("with input shapes: [?,3], [4,5].")):
            tf.matmul(p, b)


def test_dtype_mismatch_is_type_error(tf):
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match=re.escape(
                "Input 'y' of 'AddV2' Op has type int32 that does not match type float32 of argument 'x'.")):
            tf.add(tf.constant([1.0]), tf.constant([1]))
        with pytest.raises(TypeError, match=re.escape(
                "Input 'b' of 'MatMul' Op has type int32 that does not match type float32 of argument 'a'.")):
            tf.matmul(tf.constant([[1.0]]), tf.constant([[1]]))


# ---------------------------------------------------------------------------
# Lookups
# ---------------------------------------------------------------------------

def test_get_operation_and_tensor_by_name(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name="a")
    assert g.get_operation_by_name("a") is a.op
    assert g.get_tensor_by_name("a:0") is a
    with pytest.raises(KeyError, match="The name 'b' refers to an Operation not in the graph."):
        g.get_operation_by_name("b")
    with pytest.raises(ValueError, match="Name 'a:0' appears to refer to a Tensor, not a Operation."):
        g.get_operation_by_name("a:0")
    with pytest.raises(ValueError, match=re.escape(
            "The name 'a' refers to an Operation, not a Tensor. "
            'Tensor names must be of the form "<op_name>:<output_index>".')):
        g.get_tensor_by_name("a")
    with pytest.raises(KeyError, match=re.escape(
            "The name 'a:1' refers to a Tensor which does not exist. "
            "The operation, 'a', exists but only has 1 outputs.")):
        g.get_tensor_by_name("a:1")
    with pytest.raises(KeyError, match=re.escape(
            "The name 'b:0' refers to a Tensor which does not exist. "
            "The operation, 'b', does not exist in the graph.")):
        g.get_tensor_by_name("b:0")


@pytest.mark.parametrize("bad", ["a:b", "a:0:0", "a:x"])
def test_malformed_tensor_names(tf, bad):
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0, name="a")
    with pytest.raises(ValueError, match=re.escape(
            f"The name '{bad}' looks a like a Tensor name, but is not a valid one.")):
        g.get_tensor_by_name(bad)


def test_lookup_type_errors(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name="a")
    with pytest.raises(TypeError, match="Operation names are strings \\(or similar\\), not int."):
        g.get_operation_by_name(1)
    with pytest.raises(TypeError, match="Tensor names are strings \\(or similar\\), not int."):
        g.get_tensor_by_name(3)
    with pytest.raises(TypeError, match="Operation names are strings \\(or similar\\), not Operation."):
        g.get_operation_by_name(a.op)
    with pytest.raises(TypeError, match="Tensor names are strings \\(or similar\\), not Operation."):
        g.get_tensor_by_name(a.op)


def test_as_graph_element(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name="a")
    assert g.as_graph_element("a") is a.op
    assert g.as_graph_element("a:0") is a
    assert g.as_graph_element(b"a") is a.op
    assert g.as_graph_element(a) is a
    assert g.as_graph_element(a.op) is a.op
    assert g.as_graph_element("a", allow_tensor=False) is a.op
    assert g.as_graph_element("a:0", allow_operation=False) is a
    with pytest.raises(ValueError, match="Name 'a:0' appears to refer to a Tensor, not a Operation."):
        g.as_graph_element("a:0", allow_tensor=False)
    with pytest.raises(ValueError, match="The name 'a' refers to an Operation, not a Tensor."):
        g.as_graph_element("a", allow_operation=False)
    with pytest.raises(ValueError, match="allow_tensor and allow_operation can't both be False."):
        g.as_graph_element("a", allow_operation=False, allow_tensor=False)
    with pytest.raises(KeyError, match="The name 'zz' refers to an Operation not in the graph."):
        g.as_graph_element("zz")
    with pytest.raises(KeyError, match="The operation, 'a', exists but only has 1 outputs."):
        g.as_graph_element("a:3")


def test_as_graph_element_type_errors(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name="a")
    with pytest.raises(TypeError, match="Can not convert a int into a Tensor or Operation."):
        g.as_graph_element(3)
    with pytest.raises(TypeError, match="Can not convert a int into a Tensor."):
        g.as_graph_element(3, allow_operation=False)
    with pytest.raises(TypeError, match="Can not convert a int into a Operation."):
        g.as_graph_element(3, allow_tensor=False)
    with pytest.raises(TypeError, match="Can not convert a NoneType into a Tensor or Operation."):
        g.as_graph_element(None)
    with pytest.raises(TypeError, match="Can not convert a Operation into a Tensor."):
        g.as_graph_element(a.op, allow_operation=False)
    with pytest.raises(TypeError, match="Can not convert a .* into a Operation."):
        g.as_graph_element(a, allow_tensor=False)


def test_as_graph_element_from_other_graph(tf):
    g = tf.Graph()
    with tf.Graph().as_default():
        b = tf.constant(1.0, name="b")
    with pytest.raises(ValueError, match=re.escape(
            'Tensor Tensor("b:0", shape=(), dtype=float32) is not an element of this graph.')):
        g.as_graph_element(b)
    with pytest.raises(ValueError, match="is not an element of this graph."):
        g.as_graph_element(b.op)


def test_get_operations_order_and_copy(tf):
    g = tf.Graph()
    assert g.get_operations() == []
    with g.as_default():
        a = tf.constant(1.0, name="x")
        b = tf.identity(a, name="y")
        c = tf.no_op(name="z")
    ops = g.get_operations()
    assert ops == [a.op, b.op, c]
    ops.append(None)
    assert len(g.get_operations()) == 3


def test_graph_version(tf):
    g = tf.Graph()
    assert g.version == 0
    with g.as_default():
        a = tf.constant(1.0)
        assert g.version == 1
        tf.reshape(a, [1])  # Reshape/shape + Reshape
        assert g.version == 3
    assert g.seed is None
    assert g.building_function is False


# ---------------------------------------------------------------------------
# Finalize
# ---------------------------------------------------------------------------

def test_finalize(tf):
    g = tf.Graph()
    assert g.finalized is False
    with g.as_default():
        a = tf.constant(1.0)
        g.finalize()
        assert g.finalized is True
        with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified."):
            tf.constant(2.0)
        with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified."):
            tf.identity(a)
        with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified."):
            tf.compat.v1.add_to_collection("k", 1)
        # reads are still allowed
        assert g.get_tensor_by_name("Const:0") is a
        assert g.unique_name("x") == "x"
        g.finalize()  # idempotent
    assert _op_names(g) == ["Const"]


# ---------------------------------------------------------------------------
# Default graph stack
# ---------------------------------------------------------------------------

def test_default_graph_and_as_default_nesting(tf):
    d0 = tf.compat.v1.get_default_graph()
    assert tf.compat.v1.get_default_graph() is d0
    g1 = tf.Graph()
    with g1.as_default() as entered:
        assert entered is g1
        assert tf.compat.v1.get_default_graph() is g1
        assert not tf.executing_eagerly()
        g2 = tf.Graph()
        with g2.as_default():
            assert tf.compat.v1.get_default_graph() is g2
            assert tf.constant(1.0).graph is g2
        assert tf.compat.v1.get_default_graph() is g1
    assert tf.compat.v1.get_default_graph() is d0
    assert tf.executing_eagerly()


def test_default_graph_is_thread_local(tf):
    # Each thread has its own default-graph stack AND its own global default graph:
    # a new thread sees neither the graph installed by the main thread nor the main
    # thread's global default graph. Threads also start out executing eagerly.
    d0 = tf.compat.v1.get_default_graph()
    g = tf.Graph()
    res = {}

    def body():
        res["g1"] = tf.compat.v1.get_default_graph()
        res["g2"] = tf.compat.v1.get_default_graph()
        res["eager"] = tf.executing_eagerly()
        tf.compat.v1.reset_default_graph()
        res["after_reset"] = tf.compat.v1.get_default_graph()
        with g.as_default():
            res["inside"] = tf.compat.v1.get_default_graph()
            res["name"] = tf.constant(1.0).name

    with g.as_default():
        t = threading.Thread(target=body)
        t.start()
        t.join()
        assert tf.compat.v1.get_default_graph() is g
    assert res["g1"] is res["g2"]
    assert res["g1"] is not d0 and res["g1"] is not g
    assert res["eager"] is True
    assert res["after_reset"] is not res["g1"]
    assert res["inside"] is g and res["name"] == "Const:0"
    assert tf.compat.v1.get_default_graph() is d0


def test_reset_default_graph(tf):
    d0 = tf.compat.v1.get_default_graph()
    with d0.as_default():
        x = tf.constant(1.0)
    assert x.graph is d0
    tf.compat.v1.reset_default_graph()
    d1 = tf.compat.v1.get_default_graph()
    assert d1 is not d0
    assert d1.get_operations() == []
    assert d0.get_operations() == [x.op]


def test_reset_default_graph_inside_as_default_raises(tf):
    msg = re.escape("Do not use tf.reset_default_graph() to clear nested graphs. "
                    "If you need a cleared graph, exit the nesting and create a new graph.")
    d0 = tf.compat.v1.get_default_graph()
    g = tf.Graph()
    with g.as_default():
        with pytest.raises(AssertionError, match=msg):
            tf.compat.v1.reset_default_graph()
        assert tf.compat.v1.get_default_graph() is g
        with tf.Graph().as_default():
            with pytest.raises(AssertionError, match=msg):
                tf.compat.v1.reset_default_graph()
        assert tf.compat.v1.get_default_graph() is g
    # even re-entering the global default graph counts as nesting
    with d0.as_default():
        with pytest.raises(AssertionError, match=msg):
            tf.compat.v1.reset_default_graph()
    assert tf.compat.v1.get_default_graph() is d0


# ---------------------------------------------------------------------------
# Mixing graphs
# ---------------------------------------------------------------------------

def test_tensors_from_different_graphs(tf):
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        a = tf.constant(1.0, name="a")
    with g2.as_default():
        b = tf.constant(1.0, name="b")
        with pytest.raises(ValueError, match=re.escape(
                'Tensor("b:0", shape=(), dtype=float32) must be from the same graph as '
                'Tensor("a:0", shape=(), dtype=float32)')):
            tf.add(a, b)
        with pytest.raises(ValueError, match=re.escape(
                'Tensor("a:0", shape=(), dtype=float32) must be from the same graph as '
                'Tensor("b:0", shape=(), dtype=float32)')):
            b + a
        with pytest.raises(ValueError, match="must be from the same graph"):
            tf.matmul(a, b)
        with pytest.raises(ValueError, match="must be from the same graph"):
            tf.group(a, b)
    assert _op_names(g2) == ["b"]


def test_single_input_op_is_built_in_the_inputs_graph(tf):
    # An op whose graph inputs all come from one graph is created in THAT graph,
    # even if another graph is the default.
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        a = tf.constant([1.0], name="a")
    with g2.as_default():
        i = tf.identity(a)
        r = tf.reshape(a, [1, 1])
    assert i.graph is g1 and r.graph is g1
    assert _op_names(g1) == ["a", "Identity", "Reshape/shape", "Reshape"]
    assert g2.get_operations() == []


def test_eager_tensor_in_graph_op(tf):
    e = tf.constant(1.0)
    with tf.Graph().as_default():
        a = tf.constant(1.0)
        with pytest.raises(RuntimeError, match="Attempting to capture an EagerTensor without building a function."):
            tf.add(a, e)


def test_eager_tensor_has_no_graph_attributes(tf):
    e = tf.constant(1.0)
    with pytest.raises(AttributeError, match="Tensor.name is undefined when eager execution is enabled."):
        e.name
    with pytest.raises(AttributeError, match="Tensor.op is undefined when eager execution is enabled."):
        e.op
    with pytest.raises(AttributeError, match="Tensor.graph is undefined when eager execution is enabled."):
        e.graph
    assert tf.compat.v1.get_default_graph().get_operations() == []
