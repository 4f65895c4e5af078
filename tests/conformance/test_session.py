"""Conformance: the v1 Session (TF 2.21 as the oracle).

Graph mode is entered with `with tf.Graph().as_default():`; eager execution is never
disabled in the test process (programs that do that run in a fresh interpreter via
`run_program`). Every expectation here was checked against real TensorFlow 2.21.
"""
import collections

import numpy as np
import pytest

Pair = collections.namedtuple("Pair", ["a", "b"])

CLOSED = "Attempted to use a closed Session."
EMPTY = r"The Session graph is empty. Add operations to the graph before calling run\(\)."
FEED_TENSOR = "The value of a feed cannot be a tf.Tensor object."


def build(tf):
    """A small graph: x (placeholder, [2]) -> y = 2x; constants, a no_op and a group."""
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        ns = {
            "g": g,
            "x": v1.placeholder(tf.float32, shape=[2], name="x"),
            "c": tf.constant([1, 2], name="c"),
            "s": tf.constant(3.0, name="s"),
            "st": tf.constant("hi", name="st"),
            "b": tf.constant(True, name="b"),
            "noop": tf.no_op(name="noop"),
        }
        ns["y"] = tf.multiply(ns["x"], 2.0, name="y")
        ns["grp"] = tf.group(ns["y"], ns["c"], name="grp")
    return ns


def assert_array(value, expected, dtype):
    assert type(value) is np.ndarray, type(value)
    assert value.dtype == dtype, value.dtype
    np.testing.assert_array_equal(value, expected)
    assert value.shape == np.shape(expected)


# ---------------------------------------------------------------------------
# construction, default graph / default session, context managers, close
# ---------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # TF's Session.__del__ after a failed __init__
def test_session_graph_argument_and_default_graph_capture(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    assert v1.Session(graph=g).graph is g
    with g.as_default():
        sess = v1.Session()                       # captures the default graph at construction
        assert sess.graph is g
    assert sess.graph is g
    # created outside any graph context (eager mode): the global default graph
    assert v1.Session().graph is v1.get_default_graph()
    assert v1.Session("", graph=g).graph is g
    with pytest.raises(TypeError, match='Argument `graph` must be a tf.Graph, but got "int"'):
        v1.Session(graph=5)


def test_no_default_session_by_default(tf):
    assert tf.compat.v1.get_default_session() is None
    with tf.Graph().as_default():
        tf.compat.v1.Session()                  # constructing one does not install it
        assert tf.compat.v1.get_default_session() is None


def test_context_manager_installs_default_session_and_graph_then_closes(tf):
    v1 = tf.compat.v1
    ns = build(tf)
    with v1.Session(graph=ns["g"]) as sess:
        assert isinstance(sess, v1.Session)
        assert v1.get_default_session() is sess
        assert v1.get_default_graph() is ns["g"]    # the session's graph becomes the default graph
        assert_array(sess.run(ns["c"]), [1, 2], np.int32)
        assert_array(ns["c"].eval(), [1, 2], np.int32)
    assert v1.get_default_session() is None
    assert v1.get_default_graph() is not ns["g"]
    with pytest.raises(RuntimeError, match=CLOSED):
        sess.run(ns["c"])


def test_as_default_installs_session_only_and_does_not_close(tf):
    v1 = tf.compat.v1
    ns = build(tf)
    sess = v1.Session(graph=ns["g"])
    with sess.as_default():
        assert v1.get_default_session() is sess
        assert v1.get_default_graph() is not ns["g"]   # unlike `with sess:`, the graph is NOT made default
        assert_array(ns["c"].eval(), [1, 2], np.int32)
    assert v1.get_default_session() is None
    assert_array(sess.run(ns["c"]), [1, 2], np.int32)  # still open


def test_nested_default_sessions(tf):
    v1 = tf.compat.v1
    g = build(tf)["g"]
    outer, inner = v1.Session(graph=g), v1.Session(graph=g)
    with outer.as_default():
        with inner.as_default():
            assert v1.get_default_session() is inner
        assert v1.get_default_session() is outer
    assert v1.get_default_session() is None


def test_closed_session(tf):
    ns = build(tf)
    sess = tf.compat.v1.Session(graph=ns["g"])
    assert_array(sess.run(ns["c"]), [1, 2], np.int32)
    sess.close()
    with pytest.raises(RuntimeError, match=CLOSED):
        sess.run(ns["c"])
    with pytest.raises(RuntimeError, match=CLOSED):
        ns["c"].eval(session=sess)
    sess.close()                                   # closing twice is fine


def test_run_on_an_empty_graph(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    sess = v1.Session(graph=g)
    with pytest.raises(RuntimeError, match=EMPTY):
        sess.run([])
    with pytest.raises(RuntimeError, match=EMPTY):
        sess.run({})
    # the check happens at run time: ops added after construction are visible
    with g.as_default():
        c = tf.constant(2)
    assert sess.run(c) == 2
    assert sess.run([]) == []
    assert sess.run({}) == {}


# ---------------------------------------------------------------------------
# fetch structures and result types
# ---------------------------------------------------------------------------

def test_fetch_single_values_and_result_types(tf):
    ns = build(tf)
    sess = tf.compat.v1.Session(graph=ns["g"])
    assert_array(sess.run(ns["c"]), [1, 2], np.int32)
    s = sess.run(ns["s"])
    assert type(s) is np.float32 and s == 3.0          # scalars come back as NumPy scalars
    st = sess.run(ns["st"])
    assert type(st) is bytes and st == b"hi"
    b = sess.run(ns["b"])
    assert type(b) is np.bool_ and b
    assert sess.run(ns["noop"]) is None                # operations fetch as None
    assert sess.run(ns["grp"], {ns["x"]: [1, 2]}) is None


def test_fetch_more_dtypes(tf):
    g = tf.Graph()
    with g.as_default():
        i64 = tf.constant(5, tf.int64)
        f64 = tf.constant(np.array([1.5]))
        strs = tf.constant(["a", "b"])
    sess = tf.compat.v1.Session(graph=g)
    r = sess.run(i64)
    assert type(r) is np.int64 and r == 5
    assert_array(sess.run(f64), [1.5], np.float64)
    r = sess.run(strs)
    assert r.dtype == object and r.tolist() == [b"a", b"b"]


def test_fetch_by_name_strings(tf):
    ns = build(tf)
    sess = tf.compat.v1.Session(graph=ns["g"])
    assert_array(sess.run("c:0"), [1, 2], np.int32)
    assert sess.run("noop") is None
    assert sess.run("c") is None                  # an op name fetches the operation, even if it has outputs
    assert_array(sess.run("y:0", {"x:0": [1, 2]}), [2.0, 4.0], np.float32)


@pytest.mark.parametrize("name, message", [
    ("nope:0", "Argument `fetch` = nope:0 cannot be interpreted as a Tensor. \\(\"The name 'nope:0' refers to a "
               "Tensor which does not exist. The operation, 'nope', does not exist in the graph.\"\\)"),
    ("nope", "Argument `fetch` = nope cannot be interpreted as a Tensor. \\(\"The name 'nope' refers to an "
             "Operation not in the graph.\"\\)"),
    ("c:1", "The name 'c:1' refers to a Tensor which does not exist. The operation, 'c', exists but only has "
            "1 outputs."),
])
def test_fetch_unknown_names(tf, name, message):
    ns = build(tf)
    sess = tf.compat.v1.Session(graph=ns["g"])
    with pytest.raises(ValueError, match=message):
        sess.run(name)


def test_fetch_structures(tf):
    ns = build(tf)
    c, s, noop = ns["c"], ns["s"], ns["noop"]
    sess = tf.compat.v1.Session(graph=ns["g"])

    r = sess.run([c, s, noop])
    assert type(r) is list and len(r) == 3
    assert_array(r[0], [1, 2], np.int32)
    assert r[1] == 3.0 and r[2] is None

    r = sess.run((c, s))
    assert type(r) is tuple and len(r) == 2
    assert_array(r[0], [1, 2], np.int32)

    r = sess.run({"a": c, "b": [s, noop]})
    assert type(r) is dict and set(r) == {"a", "b"}
    assert_array(r["a"], [1, 2], np.int32)
    assert r["b"] == [3.0, None]

    r = sess.run(Pair(c, s))
    assert type(r) is Pair
    assert_array(r.a, [1, 2], np.int32)
    assert r.b == 3.0

    r = sess.run([c, (s, {"k": [c, "c:0"]})])
    assert type(r) is list and type(r[1]) is tuple and type(r[1][1]) is dict
    assert r[1][0] == 3.0
    assert_array(r[1][1]["k"][0], [1, 2], np.int32)
    assert_array(r[1][1]["k"][1], [1, 2], np.int32)


def test_duplicate_fetches(tf):
    ns = build(tf)
    sess = tf.compat.v1.Session(graph=ns["g"])
    r = sess.run([ns["c"], ns["c"], "c:0"])
    assert len(r) == 3
    for value in r:
        assert_array(value, [1, 2], np.int32)
    r = sess.run([ns["y"], ns["y"]], feed_dict={ns["x"]: [1, 2]})
    for value in r:
        assert_array(value, [2.0, 4.0], np.float32)


def test_run_twice_gives_equal_fresh_results(tf):
    ns = build(tf)
    sess = tf.compat.v1.Session(graph=ns["g"])
    a = sess.run(ns["y"], {ns["x"]: [1, 2]})
    b = sess.run(ns["y"], {ns["x"]: [1, 2]})
    assert_array(a, [2.0, 4.0], np.float32)
    assert_array(b, [2.0, 4.0], np.float32)
    assert a is not b and a.flags.writeable
    assert_array(sess.run(fetches=ns["c"], feed_dict=None), [1, 2], np.int32)


def test_fetch_errors(tf):
    ns = build(tf)
    sess = tf.compat.v1.Session(graph=ns["g"])
    with pytest.raises(TypeError, match='Argument `fetch` = None has invalid type "NoneType". Cannot be None'):
        sess.run(None)
    with pytest.raises(TypeError, match='Argument `fetch` = None has invalid type "NoneType". Cannot be None'):
        sess.run([ns["c"], None])
    with pytest.raises(TypeError, match='Argument `fetch` = 5 has invalid type "int" must be a string or Tensor. '
                                        r'\(Can not convert a int into a Tensor or Operation.\)'):
        sess.run(5)
    with pytest.raises(AttributeError, match="Tensor.graph is undefined when eager execution is enabled."):
        sess.run(tf.constant(1))                # an eager tensor cannot be fetched


def test_fetch_and_feed_from_another_graph(tf):
    v1 = tf.compat.v1
    ns = build(tf)
    sess = v1.Session(graph=ns["g"])
    with tf.Graph().as_default():
        other = tf.constant(1.0, name="other")
        oph = v1.placeholder(tf.float32, name="oph")
    with pytest.raises(ValueError, match=r'Argument `fetch` = Tensor\("other:0", shape=\(\), dtype=float32\) '
                                         r'cannot be interpreted as a Tensor. \(Tensor Tensor\("other:0", '
                                         r'shape=\(\), dtype=float32\) is not an element of this graph.\)'):
        sess.run(other)
    with pytest.raises(TypeError, match=r'Cannot interpret feed_dict key as Tensor: Tensor Tensor\("oph:0", '
                                        r'dtype=float32\) is not an element of this graph.'):
        sess.run(ns["c"], {oph: 1.0})


# ---------------------------------------------------------------------------
# feeds
# ---------------------------------------------------------------------------

def test_feed_by_tensor_and_by_name(tf):
    ns = build(tf)
    x, y = ns["x"], ns["y"]
    sess = tf.compat.v1.Session(graph=ns["g"])
    assert_array(sess.run(y, {x: [1, 2]}), [2.0, 4.0], np.float32)
    assert_array(sess.run(y, feed_dict={"x:0": [1, 2]}), [2.0, 4.0], np.float32)
    assert_array(sess.run(y, {x: np.array([1.5, 2.5])}), [3.0, 5.0], np.float32)   # float64 array -> float32
    with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor: The name 'x' refers to an "
                                        "Operation, not a Tensor. Tensor names must be of the form "
                                        '"<op_name>:<output_index>".'):
        sess.run(y, {"x": [1, 2]})
    with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor: The name 'zz:0' refers to a "
                                        "Tensor which does not exist. The operation, 'zz', does not exist in the graph."):
        sess.run(y, {"zz:0": [1, 2]})
    with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor: Can not convert a int into a Tensor."):
        sess.run(y, {1: [1, 2]})


def test_fed_values_are_converted_to_the_placeholder_dtype(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        f = v1.placeholder(tf.float32, name="f")
        i = v1.placeholder(tf.int32, name="i")
        m = v1.placeholder("float", [None, 3], name="m")
        f2 = f * 1.0
        i2 = i * 1
    sess = v1.Session(graph=g)
    assert_array(sess.run(f2, {f: [1, 2]}), [1.0, 2.0], np.float32)          # ints -> float32
    assert_array(sess.run(i2, {i: [1.5, -2.7]}), [1, -2], np.int32)          # floats truncated to int32
    assert_array(sess.run(i2, {i: np.array([1.5])}), [1], np.int32)
    assert_array(sess.run(m, {m: np.ones((2, 3), np.int64)}), np.ones((2, 3)), np.float32)
    r = sess.run(f2, {f: 2})
    assert type(r) is np.float32 and r == 2.0
    with pytest.raises(ValueError, match="could not convert string to float"):
        sess.run(f2, {f: ["a", "b"]})


def test_fetching_a_fed_tensor_returns_the_fed_value_as_an_array(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        f = v1.placeholder(tf.float32, name="f")
        c = tf.constant(5, tf.int64, name="c")
    sess = v1.Session(graph=g)
    # unlike computed scalars (NumPy scalars), a fetched feed is a 0-d ndarray of the tensor's dtype
    r = sess.run(f, {f: 3})
    assert_array(r, 3.0, np.float32)
    r = sess.run(c, {c: np.int32(3)})
    assert_array(r, 3, np.int64)
    assert_array(sess.run(f, {f: [1, 2]}), [1.0, 2.0], np.float32)


def test_feed_shape_validation(tf):
    v1 = tf.compat.v1
    ns = build(tf)
    with ns["g"].as_default():
        p = v1.placeholder(tf.float32, shape=[None, 3], name="p")
        anything = v1.placeholder(tf.float32, shape=None, name="anything")
    sess = v1.Session(graph=ns["g"])
    x, y = ns["x"], ns["y"]
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(3,\) for Tensor x:0, which has shape \(2,\)"):
        sess.run(y, {x: [1, 2, 3]})
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(\) for Tensor x:0, which has shape \(2,\)"):
        sess.run(y, {x: 1.0})
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(2, 2\) for Tensor p:0, which has shape "
                                         r"\(None, 3\)"):
        sess.run(p, {p: [[1, 2], [3, 4]]})
    assert_array(sess.run(p, {p: np.zeros((4, 3))}), np.zeros((4, 3)), np.float32)
    assert_array(sess.run(anything, {anything: [[1, 2], [3, 4]]}), [[1, 2], [3, 4]], np.float32)
    with pytest.raises(ValueError, match="inhomogeneous"):
        sess.run(anything, {anything: [[1], [1, 2]]})


def test_feeding_non_placeholder_tensors_replaces_their_value(tf):
    ns = build(tf)
    sess = tf.compat.v1.Session(graph=ns["g"])
    c, x, y = ns["c"], ns["x"], ns["y"]
    assert_array(sess.run(c, {c: [5, 6]}), [5, 6], np.int32)
    assert_array(sess.run(c, {c: [5.5, 6]}), [5, 6], np.int32)       # converted to the tensor's dtype
    assert_array(sess.run(c), [1, 2], np.int32)                      # the graph is unchanged
    assert_array(sess.run(y, {y: [5.0, 6.0]}), [5.0, 6.0], np.float32)   # x need not be fed
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(3,\) for Tensor c:0, which has shape \(2,\)"):
        sess.run(c, {c: [5, 6, 7]})
    g = ns["g"]
    with g.as_default():
        z = ns["y"] + 1.0
    assert_array(sess.run(z, {y: [10.0, 20.0]}), [11.0, 21.0], np.float32)
    assert_array(sess.run(z, {x: [1.0, 1.0]}), [3.0, 3.0], np.float32)


def test_feed_value_cannot_be_a_tensor(tf):
    ns = build(tf)
    sess = tf.compat.v1.Session(graph=ns["g"])
    x, y = ns["x"], ns["y"]
    with pytest.raises(TypeError, match=FEED_TENSOR + r" Acceptable feed values include Python scalars, strings, "
                                        r"lists, numpy ndarrays, or TensorHandles. For reference, the tensor object "
                                        r"was tf.Tensor\(\[1. 2.\], shape=\(2,\), dtype=float32\) which was passed "
                                        r"to the argument `feed_dict` with key Tensor\(\"x:0\", shape=\(2,\), "
                                        r"dtype=float32\)."):
        sess.run(y, {x: tf.constant([1.0, 2.0])})
    with ns["g"].as_default():
        graph_tensor = tf.constant([1.0, 2.0], name="gt")
    with pytest.raises(TypeError, match=FEED_TENSOR + r".*the tensor object was Tensor\(\"gt:0\", shape=\(2,\), "
                                                      r"dtype=float32\)"):
        sess.run(y, {x: graph_tensor})


def test_missing_feed(tf):
    v1 = tf.compat.v1
    ns = build(tf)
    with ns["g"].as_default():
        u = v1.placeholder(tf.float32, name="u")
        i = v1.placeholder(tf.int32, name="i")
        r = tf.reshape(i, [2, 3])
    sess = v1.Session(graph=ns["g"])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"You must feed a value for placeholder tensor 'x' with dtype float and shape \[2\]"):
        sess.run(ns["y"])
    with pytest.raises(tf.errors.InvalidArgumentError, match="You must feed a value for placeholder tensor 'u' with dtype float"):
        sess.run(u)
    with pytest.raises(tf.errors.InvalidArgumentError, match="You must feed a value for placeholder tensor 'i' with dtype int32"):
        sess.run(r)
    # feeding something downstream of a different tensor does not help
    with pytest.raises(tf.errors.InvalidArgumentError, match="You must feed a value for placeholder tensor 'x'"):
        sess.run(ns["y"], {ns["c"]: [5, 6]})
    with pytest.raises(tf.errors.InvalidArgumentError, match="You must feed a value for placeholder tensor 'x'"):
        sess.run(ns["grp"])
    with pytest.raises(tf.errors.OpError) as info:       # InvalidArgumentError is an OpError
        sess.run(u)
    assert type(info.value) is tf.errors.InvalidArgumentError


def test_placeholder_with_default(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        pwd = v1.placeholder_with_default(tf.constant([1.0, 1.0]), shape=[2], name="pwd")
        z = pwd + 1.0
        pd = v1.placeholder_with_default([1, 2, 3], shape=[None])
        ps = v1.placeholder_with_default(5.0, shape=[])
        pn = v1.placeholder_with_default(tf.constant([1, 2]), shape=None)
        with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but are 3 and 2"):
            v1.placeholder_with_default([1, 2, 3], shape=[2])
    assert pwd.name == "pwd:0" and pwd.op.type == "PlaceholderWithDefault"
    assert pd.dtype == tf.int32 and pd.shape.as_list() == [None]
    assert pn.shape.rank is None
    sess = v1.Session(graph=g)
    assert_array(sess.run(z), [2.0, 2.0], np.float32)
    assert_array(sess.run(z, {pwd: [3.0, 4.0]}), [4.0, 5.0], np.float32)
    assert_array(sess.run(pd), [1, 2, 3], np.int32)
    assert_array(sess.run(pd, {pd: [7]}), [7], np.int32)
    r = sess.run(ps)
    assert type(r) is np.float32 and r == 5.0
    assert_array(sess.run(pn, {pn: [[1]]}), [[1]], np.int32)
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(3,\) for Tensor pwd:0, which has shape \(2,\)"):
        sess.run(z, {pwd: [3.0, 4.0, 5.0]})


def test_placeholder_attributes(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        ph = v1.placeholder(tf.float32)
        ph2 = v1.placeholder("float", [None, 3])
        named = v1.placeholder(tf.int32, shape=[2], name="x")
    assert ph.name == "Placeholder:0" and ph2.name == "Placeholder_1:0" and named.name == "x:0"
    assert ph.op.type == "Placeholder" and ph.op.name == "Placeholder"
    assert ph.shape.rank is None and repr(ph.shape) == "TensorShape(None)"
    assert ph2.dtype == tf.float32 and ph2.shape.as_list() == [None, 3]
    assert repr(ph) == "<tf.Tensor 'Placeholder:0' shape=<unknown> dtype=float32>"
    assert str(named) == 'Tensor("x:0", shape=(2,), dtype=int32)'
    assert repr(named) == "<tf.Tensor 'x:0' shape=(2,) dtype=int32>"


def test_graph_tensors_are_hashable_and_compare_by_identity(tf):
    # this is what lets graph tensors be feed_dict keys
    ns = build(tf)
    x, c = ns["x"], ns["c"]
    assert hash(x) == hash(x)
    assert {x: 1}[x] == 1
    assert (x == x) is True
    assert (c == ns["y"]) is False
    with ns["g"].as_default():
        assert (x != x) is False
        assert (c != ns["y"]) is True
        assert (x == None) is False  # noqa: E711


# ---------------------------------------------------------------------------
# run-time errors vs. graph-construction errors
# ---------------------------------------------------------------------------

def test_run_time_errors(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        p = v1.placeholder(tf.float32, shape=[None, None], name="p")
        mm = tf.matmul(p, tf.constant([[1.0], [2.0], [3.0]]))
        i = v1.placeholder(tf.int32, name="i")
        r = tf.reshape(i, [2, 3])
    sess = v1.Session(graph=g)
    assert_array(sess.run(mm, {p: [[1.0, 2.0, 3.0]]}), [[14.0]], np.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Matrix size-incompatible: In\[0\]: \[1,2\], In\[1\]: \[3,1\]"):
        sess.run(mm, {p: [[1.0, 2.0]]})
    assert_array(sess.run(r, {i: [1, 2, 3, 4, 5, 6]}), [[1, 2, 3], [4, 5, 6]], np.int32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Input to reshape is a tensor with 4 values, but the requested shape has 6"):
        sess.run(r, {i: [1, 2, 3, 4]})
    # the session is still usable after a failed run
    assert_array(sess.run(r, {i: [0] * 6}), [[0] * 3] * 2, np.int32)


def test_shape_errors_known_statically_fail_at_graph_construction(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        p = v1.placeholder(tf.float32, shape=[None, 2])
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
            tf.matmul(p, tf.constant([[1.0], [2.0], [3.0]]))
        with pytest.raises(ValueError, match="Cannot reshape a tensor with 3 elements to shape \\[2,2\\]"):
            tf.reshape(tf.constant([1, 2, 3]), [2, 2])


# ---------------------------------------------------------------------------
# Tensor.eval() / Operation.run()
# ---------------------------------------------------------------------------

def test_eval_and_op_run_with_explicit_session(tf):
    ns = build(tf)
    sess = tf.compat.v1.Session(graph=ns["g"])
    assert_array(ns["c"].eval(session=sess), [1, 2], np.int32)
    assert_array(ns["y"].eval(feed_dict={ns["x"]: [1, 2]}, session=sess), [2.0, 4.0], np.float32)
    assert ns["noop"].run(session=sess) is None
    assert ns["grp"].run(feed_dict={ns["x"]: [1, 2]}, session=sess) is None
    s = ns["s"].eval(session=sess)
    assert type(s) is np.float32 and s == 3.0


def test_eval_and_op_run_with_default_session(tf):
    ns = build(tf)
    sess = tf.compat.v1.Session(graph=ns["g"])
    with sess.as_default():
        assert_array(ns["c"].eval(), [1, 2], np.int32)
        assert_array(ns["y"].eval({ns["x"]: [3, 4]}), [6.0, 8.0], np.float32)
        assert ns["noop"].run() is None
        assert ns["grp"].run({ns["x"]: [3, 4]}) is None


def test_eval_and_op_run_without_default_session(tf):
    ns = build(tf)
    with pytest.raises(ValueError, match=r"Cannot evaluate tensor using `eval\(\)`: No default session is "
                                         r"registered. Use `with sess.as_default\(\)` or pass an explicit "
                                         r"session to `eval\(session=sess\)`"):
        ns["c"].eval()
    with pytest.raises(ValueError, match=r"Cannot execute operation using `run\(\)`: No default session is "
                                         r"registered. Use `with sess.as_default\(\):` or pass an explicit "
                                         r"session to `run\(session=sess\)`"):
        ns["noop"].run()


def test_eval_and_op_run_with_a_session_of_another_graph(tf):
    ns = build(tf)
    other = tf.compat.v1.Session(graph=tf.Graph())
    with pytest.raises(ValueError, match="Cannot use the given session to evaluate tensor: the tensor's graph "
                                         "is different from the session's graph."):
        ns["c"].eval(session=other)
    with pytest.raises(ValueError, match="Cannot use the given session to execute operation: the operation's "
                                         "graph is different from the session's graph."):
        ns["noop"].run(session=other)
    with other.as_default():
        with pytest.raises(ValueError, match="Cannot use the default session to evaluate tensor: the tensor's "
                                             "graph is different from the session's graph. Pass an explicit "
                                             r"session to `eval\(session=sess\)`."):
            ns["c"].eval()


# ---------------------------------------------------------------------------
# programs that change global state: fresh interpreter
# ---------------------------------------------------------------------------

def test_interactive_session_installs_itself_as_default(run_program):
    out = run_program("""
        v1 = tf.compat.v1
        sess = v1.InteractiveSession()
        print(v1.get_default_session() is sess, sess.graph is v1.get_default_graph(), tf.executing_eagerly())
        g = tf.Graph()
        with g.as_default():
            x = v1.placeholder(tf.float32, [], name="x")
            y = x + 1.0
            c = tf.constant([1, 2])
            s2 = v1.InteractiveSession()
            print(v1.get_default_session() is s2, s2.graph is g)
            print(repr(y.eval({x: 1.0})), c.eval().tolist(), type(c.eval()).__name__)
        s2.close()
        print(v1.get_default_session() is sess)
        sess.close()
        print(v1.get_default_session())
    """)
    assert out.splitlines() == [
        "True True True",
        "True True",
        "np.float32(2.0) [1, 2] ndarray",
        "True",
        "None",
    ]


def test_disable_eager_execution_tf1_program(run_program):
    out = run_program("""
        import numpy as np
        v1 = tf.compat.v1
        print(tf.executing_eagerly())
        v1.disable_eager_execution()
        print(tf.executing_eagerly())
        x = v1.placeholder(tf.float32, shape=[None], name="x")
        w = tf.constant(3.0, name="w")
        y = x * w
        print(repr(x), repr(w))
        print(y.graph is v1.get_default_graph(), tf.is_tensor(y))
        print(type(tf.constant(1) / tf.constant(2)).__name__ != "EagerTensor",
              (tf.constant(1) / tf.constant(2)).dtype.name)
        with v1.Session() as sess:
            print(sess.run(y, {x: [1, 2]}).tolist(), y.eval({x: [1.0]}).tolist())
            print(v1.get_default_session() is sess)
        print(v1.get_default_session())
        print(w == w, hash(w) == hash(w))
        try:
            bool(w)
        except TypeError as e:
            print("TypeError", "symbolic `tf.Tensor` as a Python `bool` is not allowed" in str(e))
    """)
    assert out.splitlines() == [
        "True",
        "False",
        "<tf.Tensor 'x:0' shape=(None,) dtype=float32> <tf.Tensor 'w:0' shape=() dtype=float32>",
        "True True",
        "True float64",
        "[3.0, 6.0] [3.0]",
        "True",
        "None",
        "True True",
        "TypeError True",
    ]


def test_disable_v2_behavior_tf1_program(run_program):
    out = run_program("""
        v1 = tf.compat.v1
        v1.disable_v2_behavior()
        print(tf.executing_eagerly())
        a = v1.placeholder(tf.int32, shape=[2], name="a")
        b = tf.reduce_sum(a * 2)
        sess = v1.InteractiveSession()
        print(v1.get_default_session() is sess, repr(b.eval({a: [1, 2]})))
        try:
            sess.run(b)
        except tf.errors.InvalidArgumentError as e:
            print("InvalidArgumentError", "You must feed a value for placeholder tensor 'a'" in str(e))
        sess.close()
    """)
    assert out.splitlines() == [
        "False",
        "True np.int32(6)",
        "InvalidArgumentError True",
    ]


def test_a_control_dependency_on_a_fed_placeholder_is_met_by_the_feed(tf):
    # (tf.compat.v1.metrics.mean's update waits on its input this way.)
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [])
        with tf.control_dependencies([p]):
            c = tf.constant(2.0) * 3.0
        with tf.compat.v1.Session() as sess:
            assert sess.run(c, {p: 1.0}) == 6.0
            with pytest.raises(tf.errors.InvalidArgumentError, match="placeholder"):
                sess.run(c)
