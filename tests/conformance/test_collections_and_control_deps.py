"""Conformance: graph collections, GraphKeys and tf.control_dependencies
(TF 2.21 is the oracle)."""
import pytest


def _ci(x):
    """Names of the control inputs of an op (or of a tensor's op)."""
    op = getattr(x, "op", x)
    return [o.name for o in op.control_inputs]


class _Named:
    def __init__(self, name):
        self.name = name


class _Unnamed:
    pass


# ---------------------------------------------------------------------------
# GraphKeys
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("key,value", [
    ("GLOBAL_VARIABLES", "variables"),
    ("TRAINABLE_VARIABLES", "trainable_variables"),
    ("LOCAL_VARIABLES", "local_variables"),
    ("MODEL_VARIABLES", "model_variables"),
    ("UPDATE_OPS", "update_ops"),
    ("LOSSES", "losses"),
    ("REGULARIZATION_LOSSES", "regularization_losses"),
    ("SUMMARIES", "summaries"),
    ("QUEUE_RUNNERS", "queue_runners"),
    ("TABLE_INITIALIZERS", "table_initializer"),
    ("MOVING_AVERAGE_VARIABLES", "moving_average_variables"),
    ("SAVERS", "savers"),
    ("WEIGHTS", "weights"),
    ("BIASES", "biases"),
    ("ACTIVATIONS", "activations"),
    ("INIT_OP", "init_op"),
    ("LOCAL_INIT_OP", "local_init_op"),
    ("READY_OP", "ready_op"),
    ("SUMMARY_OP", "summary_op"),
    ("GLOBAL_STEP", "global_step"),
    ("TRAIN_OP", "train_op"),
    ("EVAL_STEP", "eval_step"),
    ("METRIC_VARIABLES", "metric_variables"),
    ("RESOURCES", "resources"),
    ("LOCAL_RESOURCES", "local_resources"),
    ("ASSET_FILEPATHS", "asset_filepaths"),
])
def test_graph_keys(tf, key, value):
    assert getattr(tf.compat.v1.GraphKeys, key) == value


def test_collection_api_is_v1_only(tf):
    assert not hasattr(tf, "GraphKeys")
    assert not hasattr(tf, "add_to_collection")
    assert not hasattr(tf, "get_collection")


# ---------------------------------------------------------------------------
# Collections
# ---------------------------------------------------------------------------

def test_add_and_get_collection(tf):
    g = tf.Graph()
    with g.as_default():
        assert tf.compat.v1.add_to_collection("k", 1) is None
        tf.compat.v1.add_to_collection("k", 2)
        tf.compat.v1.add_to_collection("k", 1)  # duplicates are kept
        assert tf.compat.v1.get_collection("k") == [1, 2, 1]
    assert g.get_collection("k") == [1, 2, 1]
    g.add_to_collection(tf.compat.v1.GraphKeys.GLOBAL_VARIABLES, "v")
    assert g.get_collection("variables") == ["v"]


def test_get_collection_returns_a_copy(tf):
    g = tf.Graph()
    g.add_to_collection("k", 1)
    c = g.get_collection("k")
    c.append(99)
    assert g.get_collection("k") == [1]
    assert g.get_collection("k") is not g.get_collection("k")


def test_get_collection_missing_is_empty_and_not_created(tf):
    g = tf.Graph()
    assert g.get_collection("nope") == []
    assert isinstance(g.get_collection("nope"), list)
    assert g.get_all_collection_keys() == []


def test_get_collection_ref_is_live(tf):
    g = tf.Graph()
    g.add_to_collection("k", 1)
    ref = g.get_collection_ref("k")
    assert ref is g.get_collection_ref("k")
    ref.append(3)
    assert g.get_collection("k") == [1, 3]
    with g.as_default():
        assert tf.compat.v1.get_collection_ref("k") is ref
    # get_collection_ref creates an (empty) collection
    new = g.get_collection_ref("new")
    assert new == []
    assert g.get_all_collection_keys() == ["k", "new"]
    new.append(5)
    assert g.get_collection("new") == [5]


def test_add_to_collections(tf):
    g = tf.Graph()
    with g.as_default():
        tf.compat.v1.add_to_collections(["x", "y"], "v")
        # a string is a single collection name, not an iterable of names
        tf.compat.v1.add_to_collections("zz", "w")
        # names are de-duplicated
        tf.compat.v1.add_to_collections(("x", "x"), "dup")
    assert g.get_collection("x") == ["v", "dup"]
    assert g.get_collection("y") == ["v"]
    assert g.get_collection("zz") == ["w"]
    assert g.get_collection("z") == []
    assert sorted(g.get_all_collection_keys()) == ["x", "y", "zz"]


def test_get_all_collection_keys_order_and_only_strings(tf):
    g = tf.Graph()
    g.add_to_collection("k", 1)
    g.add_to_collection("z", 1)
    g.add_to_collection("b", 1)
    g.add_to_collection(3, 1)  # non-string keys work but are not listed
    assert g.get_collection(3) == [1]
    assert g.get_all_collection_keys() == ["k", "z", "b"]


def test_clear_collection(tf):
    g = tf.Graph()
    g.add_to_collection("m", 1)
    g.add_to_collection("n", 1)
    g.clear_collection("m")
    assert g.get_collection("m") == []
    assert g.get_all_collection_keys() == ["n"]
    g.clear_collection("never")  # no error


def test_get_collection_scope_filter(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("s"):
            a = tf.constant(1.0, name="a")
        b = tf.constant(1.0, name="b")
        c = tf.constant(1.0, name="sa")
    items = [a, b, c, a.op, _Named("s/zz"), _Named("xs/q"), _Unnamed(), 5, "s/str"]
    for it in items:
        g.add_to_collection("m", it)

    def names(lst):
        return [it.name for it in lst]

    # scope is a regex matched (re.match, i.e. anchored at the start) against item.name;
    # items without a `name` attribute are dropped whenever a scope is given.
    assert names(g.get_collection("m", scope="s")) == ["s/a:0", "sa:0", "s/a", "s/zz"]
    assert names(g.get_collection("m", scope="s/")) == ["s/a:0", "s/a", "s/zz"]
    assert names(g.get_collection("m", scope="a")) == []
    assert names(g.get_collection("m", scope=".*a")) == ["s/a:0", "sa:0", "s/a"]
    assert names(g.get_collection("m", scope="s/a:0")) == ["s/a:0"]
    assert names(g.get_collection("m", scope="")) == ["s/a:0", "b:0", "sa:0", "s/a", "s/zz", "xs/q"]
    assert g.get_collection("m", scope=None) == items
    assert g.get_collection("m") == items
    with g.as_default():
        assert names(tf.compat.v1.get_collection("m", "b")) == ["b:0"]
        # the current name scope does not filter
        with tf.name_scope("s"):
            assert g.get_collection("m") == items


def test_module_level_collection_functions_use_default_graph(tf):
    d = tf.compat.v1.get_default_graph()
    tf.compat.v1.add_to_collection("eager", 1)
    tf.compat.v1.add_to_collections(["e1", "e2"], 2)
    assert d.get_collection("eager") == [1]
    assert tf.compat.v1.get_collection("e1") == [2]
    assert tf.compat.v1.get_collection_ref("e1") is d.get_collection_ref("e1")
    with tf.Graph().as_default():
        assert tf.compat.v1.get_collection("eager") == []


def test_collections_on_finalized_graph(tf):
    g = tf.Graph()
    g.add_to_collection("k", 1)
    g.finalize()
    msg = "Graph is finalized and cannot be modified."
    with pytest.raises(RuntimeError, match=msg):
        g.add_to_collection("k", 2)
    with pytest.raises(RuntimeError, match=msg):
        g.add_to_collections(["a"], 1)
    with pytest.raises(RuntimeError, match=msg):
        g.clear_collection("k")
    # reads, and even get_collection_ref, are still allowed
    assert g.get_collection("k") == [1]
    assert g.get_collection_ref("k") == [1]
    assert g.get_collection_ref("new") == []
    assert g.get_all_collection_keys() == ["k", "new"]


# ---------------------------------------------------------------------------
# tf.control_dependencies in a graph
# ---------------------------------------------------------------------------

def test_control_dependencies_basic(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name="a")
        b = tf.constant(2.0, name="b")
        with tf.control_dependencies([a]) as entered:
            assert entered is None
            d = tf.constant(4.0, name="d")
            e = tf.identity(b, name="e")
            no = tf.no_op(name="no")
        after = tf.constant(0.0, name="after")
    assert _ci(d) == ["a"] and _ci(e) == ["a"] and _ci(no) == ["a"]
    assert d.op.control_inputs[0] is a.op
    assert _ci(after) == []
    # control edges are not data consumers
    assert a.consumers() == []


def test_control_dependencies_on_ops_and_tensors(tf):
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="a")
        b = tf.constant(2.0, name="b")
        x = tf.no_op(name="x")
        with tf.control_dependencies([x]):
            assert _ci(tf.constant(1.0)) == ["x"]
        with tf.control_dependencies([b, a]):  # order preserved
            assert _ci(tf.constant(1.0)) == ["b", "a"]
        with tf.control_dependencies([a.op, a]):  # tensor and its op deduplicated
            assert _ci(tf.constant(1.0)) == ["a"]
        with tf.control_dependencies([]):
            assert _ci(tf.constant(1.0)) == []


def test_control_dependencies_by_name(tf):
    with tf.Graph().as_default():
        tf.constant(1.0, name="a")
        with tf.control_dependencies(["a"]):
            assert _ci(tf.constant(2.0)) == ["a"]
        with tf.control_dependencies(["a:0"]):
            assert _ci(tf.constant(2.0)) == ["a"]
        with pytest.raises(KeyError, match="The name 'zz' refers to an Operation not in the graph."):
            tf.control_dependencies(["zz"])


def test_control_dependencies_nesting_accumulates(tf):
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="a")
        b = tf.constant(2.0, name="b")
        c = tf.constant(3.0, name="c")
        with tf.control_dependencies([a]):
            with tf.control_dependencies([b]):
                assert _ci(tf.constant(0.0)) == ["a", "b"]
                with tf.control_dependencies([a]):  # duplicate of an outer one: not repeated
                    assert _ci(tf.constant(0.0)) == ["a", "b"]
                with tf.control_dependencies([c]):
                    assert _ci(tf.constant(0.0)) == ["a", "b", "c"]
            assert _ci(tf.constant(0.0)) == ["a"]
        with tf.control_dependencies([a]):
            with tf.control_dependencies([a]):
                assert _ci(tf.constant(0.0)) == ["a"]


def test_control_dependencies_none_clears(tf):
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="a")
        b = tf.constant(2.0, name="b")
        c = tf.constant(3.0, name="c")
        with tf.control_dependencies([a]):
            with tf.control_dependencies([b]):
                with tf.control_dependencies(None):
                    assert _ci(tf.constant(0.0)) == []
                    with tf.control_dependencies([c]):
                        assert _ci(tf.constant(0.0)) == ["c"]
                assert _ci(tf.constant(0.0)) == ["a", "b"]


def test_graph_control_dependencies_method(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name="a")
        with g.control_dependencies([a]):
            assert _ci(tf.no_op()) == ["a"]


def test_no_control_input_on_direct_consumer(tf):
    # An op that already consumes the control op's output gets no redundant control edge.
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="a")
        b = tf.constant(2.0, name="b")
        c = tf.constant(3.0, name="c")
        with tf.control_dependencies([a]):
            assert _ci(tf.identity(a)) == []
            assert _ci(tf.add(a, b)) == []
            with tf.control_dependencies([b]):
                assert _ci(tf.identity(a)) == ["b"]
                assert _ci(tf.add(a, b)) == []
                with tf.control_dependencies([c]):
                    assert _ci(tf.add(a, c)) == ["b"]
                    assert _ci(tf.add(b, b)) == ["a", "c"]


def test_pruning_for_inputs_created_inside_the_scope(tf):
    # An op with a data input created inside a control scope is "dominated" by it and
    # does not get that scope's control inputs again (tracked per nested scope).
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="a")
        b = tf.constant(2.0, name="b")
        t = tf.constant(5.0, name="t")
        with tf.control_dependencies([a]):
            d = tf.constant(4.0, name="d")
            assert _ci(d) == ["a"]
            assert _ci(tf.identity(d)) == []
            with tf.control_dependencies([b]):
                i = tf.constant(5.0, name="i")
                assert _ci(i) == ["a", "b"]
                assert _ci(tf.identity(d)) == ["b"]  # d was seen by the outer scope only
                assert _ci(tf.add(d, i)) == []
        with tf.control_dependencies([t]):
            u = tf.identity(t, name="u")
            v = tf.negative(u, name="v")
        assert _ci(u) == [] and _ci(v) == []


def test_pruning_with_helper_consts(tf):
    # Helper constants are created inside the scope and take the control input;
    # the main op then is dominated by them.
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name="a")
        b = tf.constant([2.0], name="b")
        with tf.control_dependencies([a]):
            r = tf.reshape(b, [1, 1], name="r")
            x = b + 1.0
        assert _ci(g.get_operation_by_name("r/shape")) == ["a"]
        assert _ci(r) == []
        assert x.op.inputs[1].name == "add/y:0"
        assert _ci(x.op.inputs[1]) == ["a"]
        assert _ci(x) == []


def test_control_dependencies_ops_with_only_nonscope_inputs(tf):
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="a")
        with tf.control_dependencies([a]):
            p = tf.compat.v1.placeholder(tf.float32, name="ph")
            assert _ci(p) == ["a"]
            x = tf.compat.v1.placeholder(tf.float32, [1, 1])
            y = tf.compat.v1.placeholder(tf.float32, [1, 1])
            assert _ci(tf.matmul(x, y)) == []  # both inputs created inside the scope


def test_group_inside_control_dependencies(tf):
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="a")
        b = tf.constant(2.0, name="b")
        c = tf.constant(3.0, name="c")
        assert _ci(tf.group(c, b)) == ["c", "b"]
        assert _ci(tf.group([c, b], a)) == ["c", "b", "a"]
        with tf.control_dependencies([a]):
            assert _ci(tf.group(c, b)) == ["a", "c", "b"]
            assert _ci(tf.group(a)) == ["a"]
            assert _ci(tf.group(b, a)) == ["a", "b"]
            assert _ci(tf.group()) == ["a"]
        gr = tf.group(b, name="gr")
        with tf.control_dependencies([gr]):
            assert _ci(tf.constant(0.0)) == ["gr"]


def test_control_dependencies_enter_exit_manually(tf):
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="a")
        cd = tf.control_dependencies([a])
        cd.__enter__()
        b = tf.constant(3.0, name="b")
        cd.__exit__(None, None, None)
        assert _ci(b) == ["a"]
        assert _ci(tf.constant(0.0)) == []


def test_control_dependencies_errors_are_raised_at_call_time(tf):
    g1 = tf.Graph()
    with g1.as_default():
        x = tf.constant(1.0)
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="a")
        with pytest.raises(TypeError, match="Can not convert a int into a Tensor or Operation."):
            tf.control_dependencies([1])
        with pytest.raises(TypeError, match="Can not convert a int into a Tensor or Operation."):
            tf.control_dependencies([a, 5])
        with pytest.raises(TypeError, match="Can not convert a NoneType into a Tensor or Operation."):
            tf.control_dependencies([None])
        with pytest.raises(TypeError, match="Can not convert a function into a Tensor or Operation."):
            tf.control_dependencies([lambda: 1])
        # a bare tensor is iterated, which graph tensors refuse
        with pytest.raises(TypeError, match="Iterating over a symbolic `tf.Tensor` is not allowed"):
            tf.control_dependencies(a)
        with pytest.raises(ValueError, match=r'Tensor Tensor\("Const:0", shape=\(\), dtype=float32\) '
                                             r"is not an element of this graph."):
            tf.control_dependencies([x])
        with pytest.raises(ValueError, match="is not an element of this graph."):
            tf.control_dependencies([x.op])
        assert _ci(tf.constant(0.0)) == []


# ---------------------------------------------------------------------------
# tf.control_dependencies in eager mode
# ---------------------------------------------------------------------------

def test_eager_control_dependencies_is_a_noop(tf):
    assert tf.executing_eagerly()
    c = tf.constant(1.0)
    with tf.control_dependencies([c, None, 5]) as entered:
        assert entered is None
        x = tf.constant(2.0) + 1.0
    assert float(x) == 3.0
    with tf.control_dependencies(None):
        pass
    with tf.control_dependencies([]):
        pass
    assert tf.compat.v1.get_default_graph().get_operations() == []


def test_eager_control_dependencies_calls_callables_at_call_time(tf):
    calls = []
    cm = tf.control_dependencies([lambda: calls.append(1), tf.constant(1.0), lambda: calls.append(2)])
    assert calls == [1, 2]
    with cm:
        pass
    assert calls == [1, 2]


def test_eager_control_dependencies_requires_iterable(tf):
    with pytest.raises(TypeError, match="'int' object is not iterable"):
        tf.control_dependencies(5)
