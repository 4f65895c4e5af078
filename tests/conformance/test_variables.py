"""Conformance: tf.Variable / tf.compat.v1.Variable, eager and graph mode, variable
collections and initializers, GradientTape and variables, tf.Module (TF 2.21 is the oracle).

Graph-mode tests use `with tf.Graph().as_default():`; programs that switch TF 1 behaviour on
for good (disable_v2_behavior, enable/disable_resource_variables) run in a fresh interpreter
through `run_program`. Every expectation here was checked against real TensorFlow 2.21.
"""
import numpy as np
import pytest

UNHASHABLE = r"Variable is unhashable. Instead, use variable.ref\(\) as the key."


def _names(variables):
    return [v.name for v in variables]


# ---------------------------------------------------------------------------
# Eager: creation
# ---------------------------------------------------------------------------

def test_eager_variable_from_python_value(tf):
    v = tf.Variable(1.0)
    assert isinstance(v, tf.Variable)
    assert not isinstance(v, tf.Tensor)
    assert tf.is_tensor(v)  # is_tensor accepts variables
    assert v.name == "Variable:0"
    assert v.dtype == tf.float32
    assert v.shape == ()
    assert v.get_shape().as_list() == []
    assert v.trainable is True
    assert v.numpy() == 1.0
    assert type(v.numpy()) is np.float32
    assert v.initializer is None  # eager variables have no initializer op
    assert repr(v) == "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>"


@pytest.mark.parametrize("value,dtype", [
    ([1, 2], "int32"),
    (np.array([1, 2], dtype=np.int64), "int64"),
    (True, "bool"),
    ("s", "string"),
    ([[1.0, 2.0]], "float32"),
    (np.zeros([2], np.float64), "float64"),
])
def test_eager_variable_dtype_inference(tf, value, dtype):
    assert tf.Variable(value).dtype.name == dtype


def test_eager_variable_explicit_dtype_and_shape(tf):
    assert tf.Variable(1.5, dtype=tf.float64).dtype == tf.float64
    v = tf.Variable(3, dtype=tf.float32)  # Python int converted to the requested dtype
    assert v.dtype == tf.float32 and v.numpy() == 3.0
    assert tf.Variable([1.0, 2.0], shape=[None]).shape.as_list() == [None]
    u = tf.Variable([1.0, 2.0], shape=tf.TensorShape(None))
    assert u.shape.rank is None
    u.assign([1.0, 2.0, 3.0])  # an unknown shape accepts any shape
    assert u.numpy().tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match=r"the initial value's shape \(\(\)\) is not compatible "
                                         r"with the explicitly supplied `shape` argument \(\[2\]\)"):
        tf.Variable(1.0, shape=[2])


def test_eager_variable_from_tensor_and_callable(tf):
    t = tf.Variable(tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    assert t.shape == (2, 2) and t.dtype == tf.float32
    c = tf.Variable(lambda: tf.ones([2]))
    assert c.numpy().tolist() == [1.0, 1.0]
    assert c.name == "Variable:0"
    with pytest.raises(TypeError, match="Cannot convert 1.0 to EagerTensor of dtype int32"):
        tf.Variable(lambda: 1.0, dtype=tf.int32)


def test_variable_requires_initial_value(tf):
    with pytest.raises(ValueError, match="The `initial_value` arg to `tf.Variable` must be specified"):
        tf.Variable()
    with pytest.raises(ValueError, match="The `initial_value` arg to `tf.Variable` must be specified"):
        tf.Variable(None)


def test_eager_names_are_not_uniquified(tf):
    assert tf.Variable(1.0).name == "Variable:0"
    assert tf.Variable(2.0).name == "Variable:0"
    with tf.name_scope("s"):
        w1 = tf.Variable([1, 2], name="w")
        w2 = tf.Variable([1, 2], name="w")
        with tf.name_scope("t"):
            w3 = tf.Variable(0, name="w")
    assert (w1.name, w2.name, w3.name) == ("s/w:0", "s/w:0", "s/t/w:0")


def test_eager_trainable_flag_and_attributes(tf):
    v = tf.Variable(1.0, trainable=False)
    assert v.trainable is False
    assert v.aggregation == tf.VariableAggregation.NONE
    assert v.synchronization == tf.VariableSynchronization.AUTO
    assert "CPU:0" in v.device
    with pytest.raises(RuntimeError, match="This property is not supported when eager execution is enabled"):
        v.initial_value
    with pytest.raises(AttributeError):
        v.op
    with pytest.raises(AttributeError):
        v.graph


def test_eager_constraint_is_stored_but_not_applied_by_assign(tf):
    clip = lambda x: tf.maximum(x, 0.0)  # noqa: E731
    v = tf.Variable([1.0, -1.0], constraint=clip)
    assert v.constraint is clip
    assert v.numpy().tolist() == [1.0, -1.0]  # not applied to the initial value either
    v.assign([-3.0, 4.0])
    assert v.numpy().tolist() == [-3.0, 4.0]
    assert tf.Variable(1.0).constraint is None


# ---------------------------------------------------------------------------
# Eager: reading, assigning, operators
# ---------------------------------------------------------------------------

def test_eager_read_value_value_convert(tf):
    v = tf.Variable([1.0, 2.0])
    for t in (v.read_value(), v.value(), tf.convert_to_tensor(v), tf.identity(v)):
        assert isinstance(t, tf.Tensor)
        assert not isinstance(t, tf.Variable)
        assert t.numpy().tolist() == [1.0, 2.0]
    snapshot = v.read_value()
    v.assign([5.0, 6.0])
    assert snapshot.numpy().tolist() == [1.0, 2.0]
    assert float(tf.Variable(2.5)) == 2.5
    assert int(tf.Variable(3)) == 3
    assert bool(tf.Variable(True)) is True
    assert np.asarray(tf.Variable([1, 2])).tolist() == [1, 2]


def test_eager_assign_returns_variable_like(tf):
    v = tf.Variable(1.0)
    r = v.assign(2.0)
    assert isinstance(r, tf.Variable)
    assert r.numpy() == 2.0 and r.dtype == tf.float32 and r.shape == ()
    r = v.assign_add(1.0)
    assert isinstance(r, tf.Variable) and r.numpy() == 3.0
    r = v.assign_sub(0.5)
    assert isinstance(r, tf.Variable) and r.numpy() == 2.5
    assert v.numpy() == 2.5
    assert v.assign_sub(0.5, read_value=False) is None
    assert v.assign(5.0, read_value=False) is None
    assert v.assign_add(1.0, read_value=False) is None
    assert v.numpy() == 6.0


def test_eager_assign_chain_and_conversion(tf):
    v = tf.Variable([1.0, 2.0])
    v.assign([1, 2])  # Python ints convert to the variable's dtype
    assert v.numpy().tolist() == [1.0, 2.0]
    v.assign_add([1.0, 1.0]).assign_add([1.0, 1.0])
    assert v.numpy().tolist() == [3.0, 4.0]


def test_eager_assign_errors(tf):
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError, match=r"Shape mismatch.The variable shape \(2,\), and the assigned "
                                         r"value shape \(3,\) are incompatible"):
        v.assign([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="Tensor conversion requested dtype float32 for Tensor with "
                                         "dtype int32"):
        v.assign(tf.constant([1, 2]))
    assert v.numpy().tolist() == [1.0, 2.0]


def test_eager_operators(tf):
    v = tf.Variable(2.0)
    for t, expected in ((v + 1, 3.0), (1 + v, 3.0), (-v, -2.0), (v * v, 4.0), (3 - v, 1.0),
                        (v ** 2, 4.0), (v / 4, 0.5), (abs(tf.Variable(-2.0)), 2.0)):
        assert isinstance(t, tf.Tensor) and not isinstance(t, tf.Variable)
        assert t.numpy() == expected
    m = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    assert (m @ m).numpy().tolist() == [[7.0, 10.0], [15.0, 22.0]]
    assert tf.matmul(m, m).numpy().tolist() == [[7.0, 10.0], [15.0, 22.0]]
    assert tf.reduce_sum(m).numpy() == 10.0
    assert (-tf.Variable([1, 2])).numpy().tolist() == [-1, -2]
    assert tf.Variable([1.0, 2.0])[1].numpy() == 2.0


def test_eager_variable_equality_and_hash(tf):
    v = tf.Variable(1.0)
    w = tf.Variable(1.0)
    eq = v == w  # elementwise, like tensors
    assert isinstance(eq, tf.Tensor) and bool(eq.numpy()) is True
    with pytest.raises(TypeError, match=UNHASHABLE):
        hash(v)
    with pytest.raises(TypeError, match=UNHASHABLE):
        {v: 1}
    assert v.ref() == v.ref()
    assert v.ref() != w.ref()
    assert v.ref().deref() is v
    assert {v.ref(): 1}[v.ref()] == 1


def test_eager_scatter_methods(tf):
    v = tf.Variable([1.0, 2.0, 3.0, 4.0])
    r = v.scatter_update(tf.IndexedSlices(tf.constant([10.0, 30.0]), tf.constant([0, 2])))
    assert isinstance(r, tf.Variable)
    assert v.numpy().tolist() == [10.0, 2.0, 30.0, 4.0]
    v.scatter_add(tf.IndexedSlices(tf.constant([1.0, 1.0]), tf.constant([0, 3])))
    assert v.numpy().tolist() == [11.0, 2.0, 30.0, 5.0]
    r = v.scatter_sub(tf.IndexedSlices(tf.constant([5.0]), tf.constant([1])))
    assert r.numpy().tolist() == [11.0, -3.0, 30.0, 5.0]
    with pytest.raises(TypeError, match="Argument `sparse_delta` must be a `tf.IndexedSlices`"):
        v.scatter_update([1, 2])
    m = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    m.scatter_update(tf.IndexedSlices(tf.constant([[9.0, 9.0]]), tf.constant([1])))
    assert m.numpy().tolist() == [[1.0, 2.0], [9.0, 9.0]]


def test_eager_compat_v1_scatter_functions(tf):
    v = tf.Variable([1.0, 2.0, 3.0, 4.0])
    r = tf.compat.v1.scatter_update(v, [1, 3], [7.0, 8.0])
    assert isinstance(r, tf.Variable)
    assert r.numpy().tolist() == [1.0, 7.0, 3.0, 8.0]
    tf.compat.v1.scatter_add(v, [0], [100.0])
    assert v.numpy().tolist() == [101.0, 7.0, 3.0, 8.0]
    tf.compat.v1.scatter_sub(v, [0], [100.0])
    assert v.numpy().tolist() == [1.0, 7.0, 3.0, 8.0]


def test_compat_v1_variable_in_eager_is_resource(tf):
    v = tf.compat.v1.Variable(1.0, use_resource=False)  # use_resource=False is ignored eagerly
    assert v.name == "Variable:0"
    assert v.dtype == tf.float32
    r = v.assign(2.0)
    assert isinstance(r, tf.Variable) and r.numpy() == 2.0


# ---------------------------------------------------------------------------
# GradientTape
# ---------------------------------------------------------------------------

def test_tape_watches_trainable_variables_automatically(tf):
    x = tf.Variable(3.0)
    y = tf.Variable(2.0, trainable=False)
    with tf.GradientTape() as tape:
        z = x * x + y * x
    gx, gy = tape.gradient(z, [x, y])
    assert gx.numpy() == 8.0  # 2x + y
    assert gy is None  # non-trainable variables are not watched
    assert len(tape.watched_variables()) == 1
    assert tape.watched_variables()[0] is x
    assert isinstance(tape.watched_variables(), tuple)


def test_tape_explicit_watch_of_non_trainable_variable(tf):
    y = tf.Variable(2.0, trainable=False)
    with tf.GradientTape() as tape:
        tape.watch(y)
        z = y * y
    assert tape.gradient(z, y).numpy() == 4.0
    assert tape.watched_variables()[0] is y


def test_tape_watch_accessed_variables_false(tf):
    x = tf.Variable(3.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        z = x * x
    assert tape.gradient(z, x) is None
    assert tape.watched_variables() == ()
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(x)
        z = x * x
    assert tape.gradient(z, x).numpy() == 6.0
    assert tape.watched_variables()[0] is x


def test_tape_gradient_of_matmul_and_reduce_sum(tf):
    m = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    x = tf.constant([[1.0, 1.0]])
    with tf.GradientTape(persistent=True) as tape:
        y = tf.reduce_sum(x @ m)
        s = tf.reduce_sum(m * m)
        c = tf.constant(2.0) * 5.0
    assert tape.gradient(y, m).numpy().tolist() == [[1.0, 1.0], [1.0, 1.0]]
    assert tape.gradient(s, m).numpy().tolist() == [[2.0, 4.0], [6.0, 8.0]]
    assert tape.gradient(c, m) is None  # unconnected


def test_tape_sees_assigned_value(tf):
    v = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        v.assign(4.0)
        y = v * v
    assert tape.gradient(y, v).numpy() == 8.0


# ---------------------------------------------------------------------------
# Graph mode: structure
# ---------------------------------------------------------------------------

def test_graph_variable_names_ops_and_uniquification(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0)
        v2 = tf.Variable(2.0)
        with tf.name_scope("s"):
            w = tf.Variable([1, 2], name="w")
            w2 = tf.Variable([1, 2], name="w")
    assert (v.name, v2.name, w.name, w2.name) == ("Variable:0", "Variable_1:0", "s/w:0", "s/w_1:0")
    assert v.op.type == "VarHandleOp" and v.op.name == "Variable"
    assert v.graph is g and v.op.graph is g
    assert v.handle.name == "Variable:0" and v.handle.dtype == tf.resource
    assert v.dtype == tf.float32  # not a ref dtype
    assert v.device == ""
    assert isinstance(v, tf.Variable) and not isinstance(v, tf.Tensor)
    assert repr(v) == "<tf.Variable 'Variable:0' shape=() dtype=float32>"
    assert [op.name for op in g.get_operations()][:5] == [
        "Variable/Initializer/initial_value", "Variable", "Variable/IsInitialized/VarIsInitializedOp",
        "Variable/Assign", "Variable/Read/ReadVariableOp"]


def test_graph_initializer_and_initial_value(tf):
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        assert isinstance(v.initializer, tf.Operation)
        assert v.initializer.type == "AssignVariableOp"
        assert v.initializer.name == "Variable/Assign"
        iv = v.initial_value
        assert isinstance(iv, tf.Tensor)
        assert iv.name == "Variable/Initializer/initial_value:0"
        assert iv.op.type == "Const"
        with pytest.raises(NotImplementedError):
            v.initialized_value()  # resource variables do not implement it in TF 2.21


def test_graph_read_ops(tf):
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        assert v.value().op.type == "ReadVariableOp"
        assert tf.convert_to_tensor(v).op.type == "ReadVariableOp"
        r = v.read_value()
        assert r.op.type == "Identity" and r.dtype == tf.float32
        s = v + 1
        assert s.name == "add:0" and s.op.type == "AddV2"
        assert s.op.inputs[0].op.type == "ReadVariableOp"


def test_graph_assign_return_values(tf):
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        a = v.assign(3.0)
        assert isinstance(a, tf.Variable)  # a variable-like wrapper that reads after the assign
        assert a.op.type == "AssignVariableOp" and a.name == "AssignVariableOp"
        b = v.assign(3.0, read_value=False)
        assert isinstance(b, tf.Operation)
        assert (b.type, b.name) == ("AssignVariableOp", "AssignVariableOp_1")
        c = v.assign_add(1.0)
        assert isinstance(c, tf.Variable) and c.op.type == "AssignAddVariableOp"
        d = v.assign_sub(1.0, read_value=False)
        assert isinstance(d, tf.Operation) and d.type == "AssignSubVariableOp"
        with tf.compat.v1.Session() as sess:
            sess.run(v.initializer)
            assert sess.run(a) == 3.0
            assert sess.run(c) == 4.0
            assert sess.run(d) is None
            assert sess.run(b) is None
            assert sess.run(v) == 3.0


# ---------------------------------------------------------------------------
# Graph mode: collections and initialization
# ---------------------------------------------------------------------------

def test_graph_variable_collections(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        v1.Variable(1.0, name="a")
        v1.Variable(1.0, name="b", trainable=False)
        v1.Variable(1.0, name="c", collections=[v1.GraphKeys.LOCAL_VARIABLES])
        v1.Variable(1.0, name="d", collections=["mine"])
        v1.Variable(1.0, name="e", collections=[v1.GraphKeys.GLOBAL_VARIABLES,
                                                 v1.GraphKeys.MODEL_VARIABLES])
        tf.Variable(1.0, name="f", trainable=False)
        assert _names(v1.global_variables()) == ["a:0", "b:0", "e:0", "f:0"]
        # trainable variables always join TRAINABLE_VARIABLES, whatever `collections` says
        assert _names(v1.trainable_variables()) == ["a:0", "c:0", "d:0", "e:0"]
        assert _names(v1.local_variables()) == ["c:0"]
        assert _names(v1.model_variables()) == ["e:0"]
    assert _names(g.get_collection("mine")) == ["d:0"]
    assert _names(g.get_collection(tf.compat.v1.GraphKeys.GLOBAL_VARIABLES)) == ["a:0", "b:0", "e:0", "f:0"]
    assert tf.compat.v1.global_variables() == []  # the default graph outside is untouched


def test_eager_variables_join_no_collections(tf):
    tf.Variable(1.0)
    tf.compat.v1.Variable(1.0)
    assert tf.compat.v1.global_variables() == []
    assert tf.compat.v1.trainable_variables() == []


def test_graph_initializer_ops(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        v1.Variable(1.0, name="a")
        v1.Variable(1.0, name="b")
        v1.Variable(1.0, name="c", collections=[v1.GraphKeys.LOCAL_VARIABLES])
        init = v1.global_variables_initializer()
        assert (init.name, init.type) == ("init", "NoOp")
        assert [op.name for op in init.control_inputs] == ["a/Assign", "b/Assign"]
        linit = v1.local_variables_initializer()
        assert (linit.name, linit.type) == ("init_1", "NoOp")
        assert [op.name for op in linit.control_inputs] == ["c/Assign"]
        mine = v1.variables_initializer(v1.global_variables()[:1], name="myinit")
        assert mine.name == "myinit" and [op.name for op in mine.control_inputs] == ["a/Assign"]
        empty = v1.variables_initializer([])
        assert (empty.name, empty.type) == ("init_2", "NoOp")


def test_report_uninitialized_and_is_variable_initialized(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        a = v1.Variable(1.0, name="a")
        v1.Variable(1.0, name="b", trainable=False)
        c = v1.Variable(1.0, name="c", collections=[v1.GraphKeys.LOCAL_VARIABLES])
        ru = v1.report_uninitialized_variables()
        assert ru.dtype == tf.string and ru.shape.as_list() == [None]
        assert ru.name == "report_uninitialized_variables/boolean_mask/GatherV2:0"
        ru_a = v1.report_uninitialized_variables([a])
        ia = v1.is_variable_initialized(a)
        assert ia.dtype == tf.bool and ia.op.type == "VarIsInitializedOp"
        with v1.Session() as sess:
            assert sess.run(ru).tolist() == [b"a", b"b", b"c"]  # global + local variables
            assert bool(sess.run(ia)) is False
            sess.run(v1.global_variables_initializer())
            assert sess.run(ru).tolist() == [b"c"]
            assert sess.run(ru_a).tolist() == []
            assert bool(sess.run(ia)) is True
            assert bool(sess.run(v1.is_variable_initialized(c))) is False
            sess.run(c.initializer)
            assert sess.run(ru).tolist() == []


def test_reading_uninitialized_variable_fails(tf):
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="myvar")
        with tf.compat.v1.Session() as sess:
            with pytest.raises(tf.errors.FailedPreconditionError,
                               match="Could not find variable myvar"):
                sess.run(v)
            with pytest.raises(tf.errors.FailedPreconditionError,
                               match="In TF1, it can also mean the variable is uninitialized"):
                sess.run(v + 1)


def test_sessions_do_not_share_variable_values(tf):
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        assign = v.assign(5.0)
        init = tf.compat.v1.global_variables_initializer()
        with tf.compat.v1.Session() as s1, tf.compat.v1.Session() as s2:
            s1.run(init)
            s1.run(assign)
            assert tf.compat.v1.report_uninitialized_variables().eval(session=s2).tolist() == [b"Variable"]
            s2.run(init)
            assert s1.run(v) == 5.0
            assert s2.run(v) == 1.0
        with tf.compat.v1.Session() as s3:  # a new session starts uninitialized again
            with pytest.raises(tf.errors.FailedPreconditionError):
                s3.run(v)


def test_eval_and_load(tf):
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0])
        with tf.compat.v1.Session() as sess:
            sess.run(v.initializer)
            assert v.eval(session=sess).tolist() == [1.0, 2.0]
            assert v.eval(sess).tolist() == [1.0, 2.0]
            assert v.load([10.0, 20.0], sess) is None
            assert sess.run(v).tolist() == [10.0, 20.0]
            sess.run(v.assign_add([1.0, 1.0]))
            assert v.eval(session=sess).tolist() == [11.0, 21.0]
        with tf.compat.v1.Session() as sess:
            with sess.as_default():
                sess.run(v.initializer)
                assert v.eval().tolist() == [1.0, 2.0]


def test_graph_scatter_ops(tf):
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0, 3.0])
        r = v.scatter_update(tf.IndexedSlices(tf.constant([10.0]), tf.constant([1])))
        assert isinstance(r, tf.Variable) and r.op.type == "ResourceScatterUpdate"
        r2 = tf.compat.v1.scatter_add(v, [0], [5.0])
        assert isinstance(r2, tf.Variable) and r2.op.type == "ResourceScatterAdd"
        r3 = v.scatter_sub(tf.IndexedSlices(tf.constant([1.0]), tf.constant([2])))
        assert r3.op.type == "ResourceScatterSub"
        with tf.compat.v1.Session() as sess:
            sess.run(v.initializer)
            assert sess.run(r).tolist() == [1.0, 10.0, 3.0]
            assert sess.run(r2).tolist() == [6.0, 10.0, 3.0]
            assert sess.run(r3).tolist() == [6.0, 10.0, 2.0]
            assert sess.run(v).tolist() == [6.0, 10.0, 2.0]


def test_graph_gradient_tape_with_session(tf):
    with tf.Graph().as_default():
        w = tf.Variable([[1.0], [2.0]])
        x = tf.compat.v1.placeholder(tf.float32, [None, 2])
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(tf.matmul(x, w))
        (gw,) = tape.gradient(y, [w])
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assert sess.run(gw, {x: [[1.0, 2.0], [3.0, 4.0]]}).tolist() == [[4.0], [6.0]]


# ---------------------------------------------------------------------------
# Ref variables (TF 1 behaviour)
# ---------------------------------------------------------------------------

def test_ref_variable_in_graph_in_process(tf):
    v1 = tf.compat.v1
    assert v1.resource_variables_enabled() is True
    with tf.Graph().as_default():
        ref = v1.Variable([1.0, 2.0], name="ref", use_resource=False)
        assert ref.name == "ref:0"
        assert ref.op.type == "VariableV2" and ref.op.name == "ref"
        assert ref.dtype.name == "float32_ref" and ref.dtype.base_dtype == tf.float32
        assert ref.initializer.type == "Assign" and ref.initializer.name == "ref/Assign"
        assert ref.initial_value.name == "ref/initial_value:0"
        assert ref.value().name == "ref/read:0"
        assert tf.convert_to_tensor(ref).name == "ref/read:0"
        assert ref.read_value().name == "read:0"
        a = ref.assign([3.0, 4.0])
        assert isinstance(a, tf.Tensor) and (a.name, a.op.type) == ("Assign:0", "Assign")
        su = v1.scatter_update(ref, [0], [9.0])
        assert isinstance(su, tf.Tensor) and (su.name, su.op.type) == ("ScatterUpdate:0", "ScatterUpdate")
        with v1.Session() as sess:
            sess.run(ref.initializer)
            assert sess.run(a).tolist() == [3.0, 4.0]
            assert sess.run(su).tolist() == [9.0, 4.0]
            assert sess.run(ref).tolist() == [9.0, 4.0]


def test_disable_v2_behavior_gives_ref_variables(run_program):
    out = run_program("""
        tf.compat.v1.disable_v2_behavior()
        v = tf.compat.v1.Variable(1.0, name="v")
        print(v.name, v.op.type, v.op.name, v.dtype.name, v.initializer.type, v.initializer.name)
        print(v.value().name, v.read_value().name, tf.convert_to_tensor(v).name)
        print([o.name + ":" + o.type for o in tf.compat.v1.get_default_graph().get_operations()])
        a = v.assign(2.0)
        a2 = v.assign_add(2.0)
        r = v.assign(3.0, read_value=False)
        print(a.name, a.op.type, a2.name, a2.op.type, isinstance(r, tf.Operation), r.name)
        iv = v.initialized_value()
        print(iv.name, iv.op.type)
        print(tf.compat.v1.resource_variables_enabled())
        print(tf.Variable(1.0, name="w").op.type, tf.compat.v1.get_variable("x", [2]).op.type)
        u = tf.compat.v1.Variable(1.0, name="uninit")
        with tf.compat.v1.Session() as s:
            s.run(v.initializer)
            print(s.run(a), s.run(a2), s.run(v))
            try:
                s.run(u)
            except tf.errors.FailedPreconditionError as e:
                print("Attempting to use uninitialized value uninit" in str(e))
    """)
    assert out.splitlines() == [
        "v:0 VariableV2 v float32_ref Assign v/Assign",
        "v/read:0 read:0 v/read:0",
        "['v/initial_value:Const', 'v:VariableV2', 'v/Assign:Assign', 'v/read:Identity', "
        "'read:Identity']",
        "Assign:0 Assign AssignAdd:0 AssignAdd True Assign_1",
        "cond/Merge:0 Merge",
        "False",
        "VarHandleOp VariableV2",  # tf.Variable (v2) stays a resource variable
        "2.0 4.0 4.0",
        "True",
    ]


def test_enable_disable_resource_variables(run_program):
    out = run_program("""
        v1 = tf.compat.v1
        v1.disable_eager_execution()
        print(v1.resource_variables_enabled())
        print(v1.Variable(1.0, name="a").op.type)
        v1.disable_resource_variables()
        print(v1.resource_variables_enabled())
        print(v1.Variable(1.0, name="b").op.type, v1.get_variable("g", [1]).op.type)
        print(v1.Variable(1.0, name="c", use_resource=True).op.type, tf.Variable(1.0).op.type)
        v1.enable_resource_variables()
        print(v1.resource_variables_enabled())
        print(v1.Variable(1.0, name="d").op.type, v1.get_variable("h", [1]).op.type)
        print(v1.Variable(1.0, name="e", use_resource=False).op.type)
    """)
    assert out.splitlines() == [
        "True",
        "VarHandleOp",
        "False",
        "VariableV2 VariableV2",
        "VarHandleOp VarHandleOp",
        "True",
        "VarHandleOp VarHandleOp",
        "VariableV2",
    ]


# ---------------------------------------------------------------------------
# tf.Module
# ---------------------------------------------------------------------------

def _module_classes(tf):
    class Dense(tf.Module):
        def __init__(self, n, name=None):
            super().__init__(name=name)
            self.w = tf.Variable(tf.ones([n, n]), name="w")
            self.b = tf.Variable(tf.zeros([n]), name="b", trainable=False)

    class Net(tf.Module):
        def __init__(self, name=None):
            super().__init__(name=name)
            with self.name_scope:
                self.l2 = Dense(2, name="second")
                self.l1 = Dense(2, name="first")
                self.v = tf.Variable(1.0, name="v")

    return Dense, Net


def test_module_names_and_name_scope(tf):
    Dense, Net = _module_classes(tf)

    class MyModule(tf.Module):
        pass

    assert MyModule().name == "my_module"
    assert MyModule().name_scope.name == "my_module/"
    d = Dense(2)
    assert (d.name, d.name_scope.name) == ("dense", "dense/")
    assert _names(d.variables) == ["b:0", "w:0"]  # created outside the module's name_scope
    assert tf.Module(name="mm").name == "mm"
    with pytest.raises(ValueError, match="'a b' is not a valid module name. Module names must be "
                                         "valid Python identifiers"):
        tf.Module(name="a b")
    with pytest.raises(ValueError, match="'a/b' is not a valid module name"):
        tf.Module(name="a/b")


def test_module_variable_collection_order(tf):
    Dense, Net = _module_classes(tf)
    n = Net()
    assert n.name == "net" and n.name_scope.name == "net/"
    # own variables first, then submodules; attributes are visited in sorted order
    assert _names(n.variables) == ["net/v:0", "net/b:0", "net/w:0", "net/b:0", "net/w:0"]
    assert n.variables[1] is n.l1.b and n.variables[3] is n.l2.b
    assert _names(n.trainable_variables) == ["net/v:0", "net/w:0", "net/w:0"]
    assert _names(n.non_trainable_variables) == ["net/b:0", "net/b:0"]
    assert [m.name for m in n.submodules] == ["first", "second"]
    assert isinstance(n.variables, tuple) and isinstance(n.submodules, tuple)


def test_module_nested_containers(tf):
    Dense, _ = _module_classes(tf)

    class Nested(tf.Module):
        def __init__(self):
            super().__init__()
            self.layers = [Dense(1, name="x"), Dense(1, name="y")]
            self.d = {"b": tf.Variable(2.0, name="db"), "a": tf.Variable(3.0, name="da")}

    nn = Nested()
    assert _names(nn.variables) == ["da:0", "db:0", "b:0", "w:0", "b:0", "w:0"]
    assert [m.name for m in nn.submodules] == ["x", "y"]


def test_module_in_graph_mode(tf):
    _, Net = _module_classes(tf)
    with tf.Graph().as_default():
        n = Net()
        n2 = Net()
        assert _names(n.variables) == ["net/v:0", "net/b_1:0", "net/w_1:0", "net/b:0", "net/w:0"]
        assert _names(n2.variables) == ["net_1/v:0", "net_1/b_1:0", "net_1/w_1:0", "net_1/b:0",
                                        "net_1/w:0"]
        assert (n.name_scope.name, n2.name_scope.name) == ("net/", "net_1/")
        m = tf.Module(name="mm")
        with m.name_scope:
            c = tf.constant(1.0, name="c")
        with m.name_scope:  # re-entering reuses the same scope
            c2 = tf.constant(1.0, name="c")
        assert (c.name, c2.name) == ("mm/c:0", "mm/c_1:0")
