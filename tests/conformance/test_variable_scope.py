"""Conformance: tf.compat.v1.variable_scope and VariableScope (TF 2.21 is the oracle).

Covers every example of the tf.compat.v1.variable_scope reference page (graph mode and, where
TF allows it, eager mode), reuse inheritance, default_name counters, the name scope opened
beside a variable scope, scope-level defaults inherited by get_variable, scope setters and the
eager behaviour (no variable store: get_variable always creates). Every expectation here was
checked against real TensorFlow 2.21.
"""
import threading

import pytest

ALREADY_EXISTS = (r"Variable foo/v already exists, disallowed. Did you mean to set reuse=True or "
                  r"reuse=tf.AUTO_REUSE in VarScope\?")
DOES_NOT_EXIST = (r"Variable foo/nope does not exist, or was not created with tf.get_variable\(\). "
                  r"Did you mean to set reuse=tf.AUTO_REUSE in VarScope\?")


# ---------------------------------------------------------------------------
# The reference page's examples, graph mode
# ---------------------------------------------------------------------------

def test_page_simple_example_graph(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo"):
            with tf.compat.v1.variable_scope("bar"):
                v = tf.compat.v1.get_variable("v", [1])
                assert v.name == "foo/bar/v:0"
        assert v.shape == (1,) and v.dtype == tf.float32
        assert v.op.type == "VarHandleOp" and v.op.name == "foo/bar/v"


def test_page_reenter_premade_scope_graph(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo") as vs:
            pass
        # Re-enter the variable scope.
        with tf.compat.v1.variable_scope(vs, auxiliary_name_scope=False) as vs1:
            # Restore the original name_scope.
            with tf.name_scope(vs1.original_name_scope):
                v = tf.compat.v1.get_variable("v", [1])
                assert v.name == "foo/v:0"
                c = tf.constant([1], name="c")
                assert c.name == "foo/c:0"


def test_page_default_name_counters_restart_graph(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo") as vs:
            with tf.compat.v1.variable_scope(None, default_name="bar"):
                v = tf.compat.v1.get_variable("a", [1])
                assert v.name == "foo/bar/a:0"
            with tf.compat.v1.variable_scope(None, default_name="bar"):
                v = tf.compat.v1.get_variable("b", [1])
                assert v.name == "foo/bar_1/b:0"
        with tf.compat.v1.variable_scope(vs):
            with tf.compat.v1.variable_scope(None, default_name="bar") as bar:
                v = tf.compat.v1.get_variable("c", [1])
                assert v.name == "foo/bar/c:0"  # Uses bar instead of bar_2!
                # ... but the name scope opened beside it is still unique
                assert bar.original_name_scope == "foo_1/bar/"
                assert tf.constant(1, name="k").name == "foo_1/bar/k:0"


def test_page_auto_reuse_graph(tf):
    with tf.Graph().as_default():
        def foo():
            with tf.compat.v1.variable_scope("foo", reuse=tf.compat.v1.AUTO_REUSE):
                v = tf.compat.v1.get_variable("v", [1])
            return v

        v1 = foo()  # Creates v.
        v2 = foo()  # Gets the same, existing v.
        assert v1 == v2
        assert v1 is v2
        assert len(tf.compat.v1.global_variables()) == 1


def test_page_reuse_true_graph(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo"):
            v = tf.compat.v1.get_variable("v", [1])
        with tf.compat.v1.variable_scope("foo", reuse=True):
            v1 = tf.compat.v1.get_variable("v", [1])
        assert v1 == v
        assert v1 is v


def test_page_capture_scope_and_reuse_variables_graph(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo") as scope:
            v = tf.compat.v1.get_variable("v", [1])
            assert scope.reuse is False
            scope.reuse_variables()
            assert scope.reuse is True
            assert tf.compat.v1.get_variable_scope().reuse is True
            v1 = tf.compat.v1.get_variable("v", [1])
        assert v1 is v
        with tf.compat.v1.variable_scope(scope, reuse=True):
            assert tf.compat.v1.get_variable("v", [1]) is v


def test_page_accidental_sharing_raises_graph(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo"):
            v = tf.compat.v1.get_variable("v", [1])
            with pytest.raises(ValueError, match=ALREADY_EXISTS):
                tf.compat.v1.get_variable("v", [1])
            with pytest.raises(ValueError, match=ALREADY_EXISTS):
                tf.compat.v1.get_variable("v")  # even without a shape
        with tf.compat.v1.variable_scope("foo", reuse=True):
            with pytest.raises(ValueError, match=DOES_NOT_EXIST):
                tf.compat.v1.get_variable("nope", [1])
        assert tf.compat.v1.global_variables() == [v]


# ---------------------------------------------------------------------------
# The reference page's examples, eager mode (no variable store)
# ---------------------------------------------------------------------------

def test_page_examples_eager_names(tf):
    with tf.compat.v1.variable_scope("foo"):
        with tf.compat.v1.variable_scope("bar"):
            assert tf.compat.v1.get_variable("v", [1]).name == "foo/bar/v:0"
    with tf.compat.v1.variable_scope("foo") as vs:
        pass
    assert vs.original_name_scope == "foo/"
    with tf.compat.v1.variable_scope(vs, auxiliary_name_scope=False) as vs1:
        with tf.name_scope(vs1.original_name_scope):
            assert tf.compat.v1.get_variable("v", [1]).name == "foo/v:0"
            c = tf.constant([1], name="c")
            with pytest.raises(AttributeError, match="Tensor.name is undefined when eager execution "
                                                     "is enabled"):
                c.name
    with tf.compat.v1.variable_scope("foo") as vs:
        with tf.compat.v1.variable_scope(None, default_name="bar"):
            assert tf.compat.v1.get_variable("a", [1]).name == "foo/bar/a:0"
        with tf.compat.v1.variable_scope(None, default_name="bar"):
            assert tf.compat.v1.get_variable("b", [1]).name == "foo/bar_1/b:0"
    with tf.compat.v1.variable_scope(vs):
        with tf.compat.v1.variable_scope(None, default_name="bar"):
            assert tf.compat.v1.get_variable("c", [1]).name == "foo/bar/c:0"


def test_page_sharing_examples_do_not_share_eagerly(tf):
    def foo():
        with tf.compat.v1.variable_scope("foo", reuse=tf.compat.v1.AUTO_REUSE):
            v = tf.compat.v1.get_variable("v", [1])
        return v

    v1 = foo()
    v2 = foo()
    assert v1 is not v2  # eager get_variable always creates a new variable
    assert v1.name == v2.name == "foo/v:0"
    assert isinstance(v1 == v2, tf.Tensor)  # == compares values elementwise
    with tf.compat.v1.variable_scope("foo"):
        v = tf.compat.v1.get_variable("v", [1])
        w = tf.compat.v1.get_variable("v", [1])  # no "already exists" error
    assert v is not w
    with tf.compat.v1.variable_scope("foo", reuse=True):
        n = tf.compat.v1.get_variable("nope", [1])  # no "does not exist" error
    assert n.name == "foo/nope:0"
    assert tf.compat.v1.global_variables() == []


def test_eager_scopes_are_always_auto_reuse(tf):
    AUTO = tf.compat.v1.AUTO_REUSE
    assert tf.compat.v1.get_variable_scope().reuse is AUTO
    for reuse in (None, False, True, AUTO):
        with tf.compat.v1.variable_scope("s", reuse=reuse) as s:
            assert s.reuse is AUTO
    with tf.compat.v1.variable_scope("s") as s:
        s.reuse_variables()
        assert s.reuse is True


def test_eager_names_follow_variable_scope_not_name_scope(tf):
    with tf.compat.v1.variable_scope("foo"):
        with tf.name_scope("ns"):
            assert tf.compat.v1.get_variable("x", [1]).name == "foo/x:0"
            assert tf.Variable(1.0, name="tv").name == "foo/ns/tv:0"
        with tf.name_scope("x"):
            with tf.compat.v1.variable_scope("y") as y:
                assert (y.name, y.original_name_scope) == ("foo/y", "foo/x/y/")
    for _ in range(2):  # no uniquification of name scopes eagerly
        with tf.compat.v1.variable_scope("foo"):
            assert tf.Variable(1.0, name="tv2").name == "foo/tv2:0"
    with tf.compat.v1.variable_scope(None, default_name="d") as s:
        assert s.name == "d"
    with tf.compat.v1.variable_scope(None, default_name="d") as s:
        assert s.name == "d_1"  # default_name is still uniquified


def test_eager_scope_defaults_apply(tf):
    with tf.compat.v1.variable_scope("ag", initializer=tf.compat.v1.constant_initializer(3.0)):
        assert tf.compat.v1.get_variable("z", [2]).numpy().tolist() == [3.0, 3.0]
    with tf.compat.v1.variable_scope("dt", dtype=tf.float64):
        assert tf.compat.v1.get_variable("z", [2]).dtype == tf.float64
    with tf.compat.v1.variable_scope(
            "cg", custom_getter=lambda getter, name, *a, **k: getter(name + "_c", *a, **k)):
        assert tf.compat.v1.get_variable("z", [2]).name == "cg/z_c:0"


# ---------------------------------------------------------------------------
# Scope names and the name scope opened beside a variable scope (graph)
# ---------------------------------------------------------------------------

def test_reopening_scope_uniquifies_name_scope_not_variables(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo") as s1:
            assert tf.constant(1, name="c").name == "foo/c:0"
            assert tf.Variable(1.0, name="tv").name == "foo/tv:0"
        with tf.compat.v1.variable_scope("foo") as s2:
            assert tf.constant(1, name="c").name == "foo_1/c:0"
            assert tf.Variable(1.0, name="tv").name == "foo_1/tv:0"  # tf.Variable follows name scopes
            assert tf.compat.v1.get_variable("gv", [1]).name == "foo/gv:0"
            assert tf.constant(1).name == "foo_1/Const:0"
        assert (s1.name, s1.original_name_scope) == ("foo", "foo/")
        assert (s2.name, s2.original_name_scope) == ("foo", "foo_1/")
        assert s1 is not s2


def test_reentering_captured_scope_opens_new_name_scope(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo") as vs:
            pass
        with tf.compat.v1.variable_scope(vs) as vs2:
            assert tf.constant(1, name="c").name == "foo_1/c:0"
            assert vs2.original_name_scope == "foo/"  # the captured scope's, not "foo_1/"
            assert tf.compat.v1.get_variable("w", [1]).name == "foo/w:0"
            assert vs2.name == "foo"
        assert vs2 is not vs
        with tf.compat.v1.variable_scope(vs, auxiliary_name_scope=False):
            assert tf.constant(1, name="c").name == "c:0"  # no name scope opened at all


def test_get_variable_ignores_name_scope(tf):
    with tf.Graph().as_default():
        with tf.name_scope("ns"):
            assert tf.compat.v1.get_variable("gv", [1]).name == "gv:0"
            assert tf.Variable(1.0, name="tv").name == "ns/tv:0"
            with tf.compat.v1.variable_scope("vs") as vs:
                assert tf.compat.v1.get_variable("gv", [1]).name == "vs/gv:0"
                assert tf.constant(1, name="c").name == "ns/vs/c:0"
        assert (vs.name, vs.original_name_scope) == ("vs", "ns/vs/")


def test_scope_name_with_slash_and_default_name(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("a/b") as s:
            assert (s.name, s.original_name_scope) == ("a/b", "a/b/")
            assert tf.compat.v1.get_variable("v", [1]).name == "a/b/v:0"
            assert tf.constant(1, name="c").name == "a/b/c:0"
        with tf.compat.v1.variable_scope("a"):
            with tf.compat.v1.variable_scope("b", reuse=True):
                assert tf.compat.v1.get_variable("v", [1]).name == "a/b/v:0"
        with tf.compat.v1.variable_scope("x", default_name="ignored") as s:
            assert s.name == "x"  # default_name only matters when name_or_scope is None
        with pytest.raises(TypeError, match="If default_name is None then name_or_scope is required"):
            with tf.compat.v1.variable_scope(None):
                pass


def test_default_name_uniquification_interacts_with_names(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope(None, default_name="dflt") as s1:
            pass
        with tf.compat.v1.variable_scope(None, default_name="dflt") as s2:
            pass
        with tf.compat.v1.variable_scope("dflt") as s3:  # an explicit name is taken as is
            pass
        with tf.compat.v1.variable_scope(None, default_name="dflt") as s4:
            pass
        assert [s.name for s in (s1, s2, s3, s4)] == ["dflt", "dflt_1", "dflt", "dflt_2"]
        assert [s.original_name_scope for s in (s1, s2, s3, s4)] == [
            "dflt/", "dflt_1/", "dflt_2/", "dflt_3/"]


def test_auxiliary_name_scope_false(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo", auxiliary_name_scope=False) as s:
            assert s.original_name_scope == ""
            assert s.name == "foo"
            assert tf.constant(1, name="c").name == "c:0"
            assert tf.compat.v1.get_variable("v", [1]).name == "foo/v:0"
        with tf.name_scope("ns"):
            with tf.compat.v1.variable_scope("bar", auxiliary_name_scope=False) as s:
                assert s.original_name_scope == "ns/"
                assert tf.constant(1, name="c").name == "ns/c:0"
        with tf.compat.v1.variable_scope("foo") as s:  # "foo" name scope was never taken
            assert s.original_name_scope == "foo/"
            assert tf.constant(1, name="c").name == "foo/c:0"
        with pytest.raises(TypeError, match="The auxiliary_name_scope must be `True` or `False`, "
                                            "while get 1"):
            with tf.compat.v1.variable_scope("foo", auxiliary_name_scope=1):
                pass


# ---------------------------------------------------------------------------
# Reuse inheritance
# ---------------------------------------------------------------------------

def test_root_scope(tf):
    with tf.Graph().as_default():
        root = tf.compat.v1.get_variable_scope()
        assert isinstance(root, tf.compat.v1.VariableScope)
        assert root.name == ""
        assert root.original_name_scope == ""
        assert root.reuse is False
        assert root.initializer is None and root.regularizer is None
        assert root.dtype == tf.float32
        with tf.compat.v1.variable_scope("r") as outer:
            assert tf.compat.v1.get_variable_scope() is outer
            assert isinstance(outer, tf.compat.v1.VariableScope)
        assert tf.compat.v1.get_variable_scope() is root


@pytest.mark.parametrize("outer,inner,expected", [
    (True, None, True),
    (True, False, True),  # reuse=False cannot turn reuse off inside a reusing scope
    (True, True, True),
    (True, "AUTO", "AUTO"),
    ("AUTO", None, "AUTO"),
    ("AUTO", False, "AUTO"),
    ("AUTO", True, True),
    (None, None, False),
    (False, None, False),
    (None, True, True),
])
def test_reuse_inheritance(tf, outer, inner, expected):
    AUTO = tf.compat.v1.AUTO_REUSE
    fix = lambda r: AUTO if r == "AUTO" else r  # noqa: E731
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("o", reuse=fix(outer)) as o:
            with tf.compat.v1.variable_scope("i", reuse=fix(inner)) as i:
                assert i.reuse is fix(expected)
                assert tf.compat.v1.get_variable_scope().reuse is fix(expected)
        assert o.reuse is (False if outer is None else fix(outer))


def test_captured_scope_keeps_its_own_reuse(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo") as fs:
            pass
        with tf.compat.v1.variable_scope("zzz", reuse=True):
            with tf.compat.v1.variable_scope(fs) as fs2:
                assert fs2.reuse is False  # not inherited from the enclosing reusing scope
                assert fs2.name == "foo"
                assert tf.constant(1, name="k").name == "zzz/foo/k:0"
        with tf.compat.v1.variable_scope(fs, reuse=True) as fs3:
            assert fs3.reuse is True
        assert fs.reuse is False  # the captured object is not modified


def test_reuse_variables_affects_only_that_scope(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("r") as outer:
            with tf.compat.v1.variable_scope("i") as s:
                s.reuse_variables()
                assert s.reuse is True
            assert outer.reuse is False
            assert tf.compat.v1.get_variable_scope().reuse is False


def test_auto_reuse_creates_then_shares(tf):
    AUTO = tf.compat.v1.AUTO_REUSE
    assert tf.compat.v1.AUTO_REUSE is AUTO
    assert AUTO is not True and bool(AUTO)
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("q", reuse=AUTO):
            a = tf.compat.v1.get_variable("a", [2])
            with tf.compat.v1.variable_scope("inner"):
                b = tf.compat.v1.get_variable("b", [2])
        with tf.compat.v1.variable_scope("q", reuse=AUTO):
            assert tf.compat.v1.get_variable("a", [2]) is a
            with tf.compat.v1.variable_scope("inner"):
                assert tf.compat.v1.get_variable("b", [2]) is b
        assert [v.name for v in tf.compat.v1.global_variables()] == ["q/a:0", "q/inner/b:0"]


def test_tf_variable_is_invisible_to_get_variable(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("foo"):
            tf.Variable(1.0, name="tv")
        with tf.compat.v1.variable_scope("foo", reuse=True):
            assert tf.Variable(1.0, name="tv").name == "foo_1/tv:0"  # reuse does not affect it
            with pytest.raises(ValueError, match="Variable foo/tv does not exist, or was not "
                                                 "created with tf.get_variable"):
                tf.compat.v1.get_variable("tv", [])


# ---------------------------------------------------------------------------
# Scope-level defaults inherited by get_variable
# ---------------------------------------------------------------------------

def test_scope_initializer_regularizer_dtype_inherited(tf):
    v1 = tf.compat.v1
    reg = lambda t: tf.reduce_sum(t) * 0.5  # noqa: E731
    g = tf.Graph()
    with g.as_default():
        with v1.variable_scope("s", initializer=v1.constant_initializer(3.0), regularizer=reg,
                               dtype=tf.float64) as s:
            assert s.regularizer is reg and s.dtype == tf.float64
            assert s.initializer.get_config() == {"value": 3.0, "dtype": "float32"}
            a = v1.get_variable("a", [2])
            with v1.variable_scope("in") as s2:
                assert s2.dtype == tf.float64
                assert s2.initializer is s.initializer and s2.regularizer is reg
                b = v1.get_variable("b", [2], initializer=v1.zeros_initializer(), dtype=tf.float32)
            with v1.variable_scope("in2", initializer=v1.ones_initializer()):
                c = v1.get_variable("c", [2])
        assert (a.dtype, b.dtype, c.dtype) == (tf.float64, tf.float32, tf.float64)
        losses = g.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)
        assert len(losses) == 3
        assert [t.name for t in losses] == ["s/a/Regularizer/mul:0", "s/in/b/Regularizer/mul:0",
                                            "s/in2/c/Regularizer/mul:0"]
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            va, vb, vc = sess.run([a, b, c])
            assert (va.tolist(), vb.tolist(), vc.tolist()) == ([3.0, 3.0], [0.0, 0.0], [1.0, 1.0])
            assert [float(x) for x in sess.run(losses)] == [3.0, 0.0, 1.0]


def test_scope_attribute_defaults(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope("s") as s:
            assert s.reuse is False
            assert s.initializer is None
            assert s.regularizer is None
            assert s.partitioner is None
            assert s.custom_getter is None
            assert s.caching_device is None
            assert s.constraint is None
            assert s.use_resource is None
            assert s.dtype == tf.float32


def test_scope_setters(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        with v1.variable_scope("z") as z:
            z.set_initializer(v1.ones_initializer())
            z.set_dtype(tf.int32)
            d = v1.get_variable("d", [2])
            assert d.dtype == tf.int32
        with v1.variable_scope("m") as m:
            m.set_regularizer(lambda t: tf.reduce_sum(t))
            m.set_partitioner(v1.fixed_size_partitioner(2))
            m.set_use_resource(False)
            m.set_caching_device("/cpu:0")
            assert m.caching_device == "/cpu:0" and m.use_resource is False
            x = v1.get_variable("x", [4], initializer=v1.ones_initializer())
            assert [p.name for p in x] == ["m/x/part_0:0", "m/x/part_1:0"]
            assert [p.op.type for p in x] == ["VariableV2", "VariableV2"]
            assert len(g.get_collection("regularization_losses")) == 2  # one per partition
            m.set_partitioner(None)
            m.set_custom_getter(lambda getter, name, *a, **k: getter(name + "_cg", *a, **k))
            assert v1.get_variable("y", [1]).name == "m/y_cg:0"
        assert [v.name for v in m.global_variables()] == ["m/x/part_0:0", "m/x/part_1:0", "m/y_cg:0"]
        assert [v.name for v in m.trainable_variables()] == [
            "m/x/part_0:0", "m/x/part_1:0", "m/y_cg:0"]
        assert m.local_variables() == []
        assert [v.name for v in m.get_collection("variables")] == [
            "m/x/part_0:0", "m/x/part_1:0", "m/y_cg:0"]
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            assert sess.run(d).tolist() == [1, 1]


def test_scope_use_resource_and_constraint(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        with v1.variable_scope("u", use_resource=False) as s:
            assert s.use_resource is False
            r = v1.get_variable("r", [1])
            assert r.op.type == "VariableV2" and r.dtype.name == "float32_ref"
            with v1.variable_scope("in") as s2:
                assert s2.use_resource is False
                assert v1.get_variable("r2", [1], use_resource=True).op.type == "VarHandleOp"
        with v1.variable_scope("res", use_resource=True):
            with v1.variable_scope("in", use_resource=False):
                assert v1.get_variable("q", [1]).op.type == "VariableV2"
        clip = lambda t: t * 0  # noqa: E731
        with v1.variable_scope("con", constraint=clip) as c:
            assert c.constraint is clip
            assert v1.get_variable("cv", [1]).constraint is clip


def test_scope_custom_getter_and_caching_device(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        calls = []

        def my_getter(getter, name, *args, **kwargs):  # called as getter=..., name=...
            calls.append(name)
            return getter(name, *args, **kwargs)

        with v1.variable_scope("cg", custom_getter=my_getter) as s:
            assert s.custom_getter is my_getter
            v = v1.get_variable("v", [1])
            with v1.variable_scope("inner") as s2:
                assert s2.custom_getter is my_getter  # inherited
                w = v1.get_variable("w", [1])
        assert calls == ["cg/v", "cg/inner/w"]
        assert (v.name, w.name) == ("cg/v:0", "cg/inner/w:0")
        with v1.variable_scope("cd", caching_device="/cpu:0") as s:
            assert s.caching_device == "/cpu:0"
            assert v1.get_variable("cv", [1]).device == ""
        with v1.variable_scope("bad", custom_getter=3):  # accepted here ...
            with pytest.raises(ValueError, match="Passed a custom_getter which is not callable: 3"):
                v1.get_variable("x", [1])  # ... rejected when a variable is requested


def test_variable_scope_is_thread_local_store_is_per_graph(tf):
    g = tf.Graph()
    out = {}
    with g.as_default():
        with tf.compat.v1.variable_scope("main"):
            v = tf.compat.v1.get_variable("v", [1])

            def worker():
                with g.as_default():
                    out["scope"] = tf.compat.v1.get_variable_scope().name
                    with tf.compat.v1.variable_scope("main", reuse=True):
                        out["same"] = tf.compat.v1.get_variable("v", [1]) is v
                    with tf.compat.v1.variable_scope("main"):
                        out["op"] = tf.constant(1, name="c").name
                        try:
                            tf.compat.v1.get_variable("v", [1])
                        except ValueError as e:
                            out["err"] = str(e)

            t = threading.Thread(target=worker)
            t.start()
            t.join()
    assert out["scope"] == ""  # the worker does not see the main thread's scope
    assert out["same"] is True  # but the variable store belongs to the graph
    assert out["op"] == "main_2/c:0"
    assert out["err"].startswith("Variable main/v already exists, disallowed.")
