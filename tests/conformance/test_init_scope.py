"""Conformance: tf.init_scope (TF 2.21 is the oracle).

One or more tests per sentence of the reference page (shared/reference/tf_init_scope.txt):
(1) control dependencies are cleared on entry, which also leaves tf.cond / tf.while_loop
bodies; (2) ops are lifted into the innermost context not building a function (eager, or
an outer graph), keeping the current name scope, with the graph-mode caveat; (3) gradient
tapes are paused.
"""
import pytest


def _is_eager_tensor(t):
    """An EagerTensor has a value now; a symbolic tensor raises on .numpy()."""
    try:
        t.numpy()
    except Exception:
        return False
    return True


# ---------------------------------------------------------------------------
# API surface
# ---------------------------------------------------------------------------

def test_init_scope_is_exported(tf):
    assert callable(tf.init_scope)
    assert callable(tf.compat.v1.init_scope)
    assert callable(tf.compat.v1.executing_eagerly_outside_functions)
    assert not hasattr(tf, "executing_eagerly_outside_functions")


def test_init_scope_in_eager_mode_stays_eager(tf):
    with tf.init_scope():
        assert tf.executing_eagerly()
        c = tf.constant(2.0) * 3
    assert _is_eager_tensor(c)
    assert c.numpy() == 6.0


# ---------------------------------------------------------------------------
# (1) control dependencies cleared
# ---------------------------------------------------------------------------

def test_control_dependencies_cleared_in_graph(tf):
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="a")
        with tf.control_dependencies([a]):
            b = tf.constant(2.0, name="b")
            with tf.init_scope():
                c = tf.constant(3.0, name="c")
            d = tf.constant(4.0, name="d")
        assert [op.name for op in b.op.control_inputs] == ["a"]
        assert c.op.control_inputs == []
        # Leaving the init_scope restores the outer control dependencies.
        assert [op.name for op in d.op.control_inputs] == ["a"]


def test_nested_control_dependencies_all_cleared(tf):
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="a")
        b = tf.constant(2.0, name="b")
        with tf.control_dependencies([a]):
            with tf.control_dependencies([b]):
                with tf.init_scope():
                    c = tf.constant(3.0, name="c")
                    with tf.control_dependencies([a]):
                        d = tf.constant(4.0, name="d")
        assert c.op.control_inputs == []
        # New control dependencies can be added inside the scope.
        assert [op.name for op in d.op.control_inputs] == ["a"]


def test_control_dependencies_none_equivalent(tf):
    with tf.Graph().as_default():
        a = tf.constant(1.0, name="a")
        with tf.control_dependencies([a]):
            with tf.control_dependencies(None):
                c1 = tf.constant(3.0, name="c1")
            with tf.init_scope():
                c2 = tf.constant(3.0, name="c2")
        assert c1.op.control_inputs == [] and c2.op.control_inputs == []


def test_leaves_cond_branch_in_graph(tf):
    with tf.Graph().as_default() as g:
        pred = tf.compat.v1.placeholder(tf.bool, [])
        seen = {}

        def true_fn():
            seen["branch_graph"] = tf.compat.v1.get_default_graph()
            marker = tf.constant(0.0, name="marker")
            with tf.control_dependencies([marker]):
                with tf.init_scope():
                    seen["graph"] = tf.compat.v1.get_default_graph()
                    seen["lifted"] = tf.constant(5.0, name="lifted")
            return tf.constant(1.0)

        out = tf.cond(pred, true_fn, lambda: tf.constant(2.0))
        assert seen["branch_graph"] is not g
        assert seen["graph"] is g
        lifted = seen["lifted"]
        assert lifted.graph is g
        assert lifted.op.control_inputs == []
        assert lifted.name == "lifted:0"
        assert lifted.op in g.get_operations()
        with tf.compat.v1.Session() as sess:
            # The lifted constant runs on its own, without feeding the predicate.
            assert sess.run(lifted) == 5.0
            assert sess.run(out, {pred: False}) == 2.0


def test_leaves_while_loop_body_in_graph(tf):
    with tf.Graph().as_default() as g:
        seen = {}

        def body(i):
            seen["body_graph"] = tf.compat.v1.get_default_graph()
            with tf.control_dependencies([i]):
                with tf.init_scope():
                    seen["lifted"] = tf.constant(5.0, name="lifted")
            return i + 1

        out, = tf.while_loop(lambda i: i < 3, body, [tf.constant(0)])
        assert seen["body_graph"] is not g
        lifted = seen["lifted"]
        assert lifted.graph is g
        assert lifted.op.control_inputs == []
        with tf.compat.v1.Session() as sess:
            assert sess.run(lifted) == 5.0
            assert sess.run(out) == 3


def test_leaves_cond_branch_in_function(tf):
    seen = {}

    def true_fn():
        with tf.init_scope():
            seen["eager"] = tf.executing_eagerly()
            seen["lifted"] = tf.constant(2.0) * 4
        return tf.constant(1.0)

    @tf.function(autograph=False)
    def f(p):
        return tf.cond(p, true_fn, lambda: tf.constant(2.0))

    assert f(tf.constant(True)).numpy() == 1.0
    assert seen["eager"] is True
    assert _is_eager_tensor(seen["lifted"])
    assert seen["lifted"].numpy() == 8.0


def test_leaves_while_loop_body_in_function(tf):
    seen = {}

    def body(i):
        with tf.init_scope():
            seen["eager"] = tf.executing_eagerly()
            seen["lifted"] = tf.constant(3.0) + 1
        return i + 1

    @tf.function(autograph=False)
    def f(n):
        return tf.while_loop(lambda i: i < n, body, (tf.constant(0),))[0]

    assert f(tf.constant(4)).numpy() == 4
    assert seen["eager"] is True
    assert _is_eager_tensor(seen["lifted"])
    assert seen["lifted"].numpy() == 4.0


# ---------------------------------------------------------------------------
# (2) lifting into the innermost context that is not building a function
# ---------------------------------------------------------------------------

def test_documented_example(tf):
    tf.compat.v1.enable_eager_execution()

    @tf.function
    def func():
        # A function constructs TensorFlow graphs,
        # it does not execute eagerly.
        assert not tf.executing_eagerly()
        with tf.init_scope():
            # Initialization runs with eager execution enabled
            assert tf.executing_eagerly()

    func()


def test_function_lifts_to_eager(tf):
    seen = {}

    @tf.function(autograph=False)
    def f(x):
        seen["inside"] = tf.executing_eagerly()
        with tf.init_scope():
            seen["init"] = tf.executing_eagerly()
            seen["lifted"] = tf.constant(2.0) * 3
        seen["after"] = tf.executing_eagerly()
        return x + 1

    assert f(tf.constant(1.0)).numpy() == 2.0
    assert seen["inside"] is False
    assert seen["init"] is True
    assert seen["after"] is False
    lifted = seen["lifted"]
    assert _is_eager_tensor(lifted)
    assert lifted.numpy() == 6.0
    with pytest.raises(AttributeError):
        lifted.graph


def test_function_graph_is_building_function(tf):
    seen = {}

    @tf.function(autograph=False)
    def f(x):
        seen["graph"] = tf.compat.v1.get_default_graph()
        return x

    f(tf.constant(1.0))
    assert seen["graph"].building_function is True
    assert tf.compat.v1.get_default_graph().building_function is False


def test_function_in_v1_graph_lifts_to_outer_graph(tf):
    with tf.Graph().as_default() as g:
        seen = {}

        @tf.function(autograph=False)
        def f(x):
            seen["fgraph"] = tf.compat.v1.get_default_graph()
            with tf.init_scope():
                seen["eager"] = tf.executing_eagerly()
                seen["graph"] = tf.compat.v1.get_default_graph()
                seen["lifted"] = tf.constant(2.0, name="lifted")
            return x + 1

        y = f(tf.constant(1.0))
        assert seen["fgraph"] is not g
        assert seen["eager"] is False
        assert seen["graph"] is g
        lifted = seen["lifted"]
        assert lifted.graph is g
        assert lifted.op.graph is g
        assert lifted.name == "lifted:0"
        with tf.compat.v1.Session() as sess:
            assert sess.run([y, lifted]) == [2.0, 2.0]


def test_keeps_name_scope_in_graph(tf):
    with tf.Graph().as_default():
        with tf.name_scope("scope"):
            with tf.init_scope():
                c = tf.constant(1.0, name="c")
                assert tf.compat.v1.get_default_graph().get_name_scope() == "scope"
        assert c.name == "scope/c:0"
        with tf.name_scope("outer"):
            with tf.name_scope("inner"):
                with tf.init_scope():
                    d = tf.constant(1.0, name="d")
        assert d.name == "outer/inner/d:0"


def test_keeps_function_name_scope_when_lifting_to_graph(tf):
    with tf.Graph().as_default():
        seen = {}

        @tf.function(autograph=False)
        def f(x):
            with tf.name_scope("inner"):
                with tf.init_scope():
                    seen["lifted"] = tf.constant(2.0, name="lifted")
                    seen["scope"] = tf.compat.v1.get_default_graph().get_name_scope()
            return x

        f(tf.constant(1.0))
        # The name scope of the function being traced, not the one around the call.
        assert seen["lifted"].name == "inner/lifted:0"
        assert seen["scope"] == "inner"


def test_graph_mode_caveat_installs_global_default_graph(run_program):
    out = run_program("""
        tf.compat.v1.disable_eager_execution()
        g0 = tf.compat.v1.get_default_graph()
        print(tf.executing_eagerly())
        with tf.init_scope():
            print(tf.executing_eagerly(), tf.compat.v1.get_default_graph() is g0)
            c = tf.constant(1.0, name="c")
        print(c.graph is g0, c.name)
        a = tf.constant(0.0, name="a")
        with tf.control_dependencies([a]):
            with tf.init_scope():
                d = tf.constant(1.0, name="d")
        print(d.op.control_inputs == [])
    """)
    assert out.split("\n")[:5] == ["False", "False True", "True c:0", "True", ""]


def test_graph_mode_function_lifts_to_global_graph(run_program):
    out = run_program("""
        tf.compat.v1.disable_eager_execution()
        g0 = tf.compat.v1.get_default_graph()
        seen = {}

        @tf.function(autograph=False)
        def f(x):
            seen["fgraph"] = tf.compat.v1.get_default_graph()
            with tf.init_scope():
                seen["eager"] = tf.executing_eagerly()
                seen["graph"] = tf.compat.v1.get_default_graph()
                seen["lifted"] = tf.constant(2.0, name="lifted")
            return x + 1

        y = f(tf.constant(1.0))
        print(seen["fgraph"] is g0, seen["eager"], seen["graph"] is g0,
              seen["lifted"].graph is g0)
        with tf.compat.v1.Session() as sess:
            print(sess.run([y, seen["lifted"]]))
    """)
    lines = out.split("\n")
    assert lines[0] == "False False True True"
    assert lines[1].replace("np.float32(", "").replace(")", "") == "[2.0, 2.0]"


# ---------------------------------------------------------------------------
# (3) gradient tapes paused
# ---------------------------------------------------------------------------

def test_tape_paused_for_variable(tf):
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        with tf.init_scope():
            y = x * x
        z = x * 3.0
    assert tape.gradient(y, x) is None
    assert tape.gradient(z, x).numpy() == 3.0


def test_tape_paused_for_watched_tensor(tf):
    c = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(c)
        with tf.init_scope():
            y = c * c
    assert tape.gradient(y, c) is None


def test_tape_recording_resumes_after_scope(tf):
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        with tf.init_scope():
            a = x * 10.0
        y = x * x + a
    # Only the x * x part is recorded: a is a constant to the tape.
    assert tape.gradient(y, x).numpy() == 4.0


def test_tape_paused_inside_function(tf):
    x = tf.Variable(2.0)
    seen = {}

    @tf.function(autograph=False)
    def f():
        with tf.init_scope():
            seen["lifted"] = x * x
        return x * 3.0

    with tf.GradientTape(persistent=True) as tape:
        y = f()
    assert tape.gradient(y, x).numpy() == 3.0
    assert tape.gradient(seen["lifted"], x) is None


def test_tape_paused_in_graph(tf):
    with tf.Graph().as_default():
        x = tf.Variable(2.0)
        with tf.GradientTape() as tape:
            with tf.init_scope():
                y = x * x
        assert tape.gradient(y, x) is None


# ---------------------------------------------------------------------------
# executing_eagerly_outside_functions
# ---------------------------------------------------------------------------

def test_executing_eagerly_outside_functions_eager(tf):
    assert tf.compat.v1.executing_eagerly_outside_functions() is True
    seen = {}

    @tf.function(autograph=False)
    def f(x):
        seen["inside"] = tf.compat.v1.executing_eagerly_outside_functions()
        with tf.init_scope():
            seen["init"] = tf.compat.v1.executing_eagerly_outside_functions()
        return x

    f(tf.constant(1.0))
    assert seen == {"inside": True, "init": True}


def test_executing_eagerly_outside_functions_graph(tf):
    with tf.Graph().as_default():
        assert tf.compat.v1.executing_eagerly_outside_functions() is False
        seen = {}

        @tf.function(autograph=False)
        def f(x):
            seen["inside"] = tf.compat.v1.executing_eagerly_outside_functions()
            return x

        f(tf.constant(1.0))
        assert seen["inside"] is False
    assert tf.compat.v1.executing_eagerly_outside_functions() is True


def test_executing_eagerly_outside_functions_graph_mode(run_program):
    out = run_program("""
        tf.compat.v1.disable_eager_execution()
        print(tf.compat.v1.executing_eagerly_outside_functions())
    """)
    assert out.strip() == "False"


# ---------------------------------------------------------------------------
# Variables created while tracing live outside the function
# ---------------------------------------------------------------------------

def test_variable_created_in_function_is_eager(tf):
    holder = []

    @tf.function(autograph=False)
    def f(x):
        if not holder:
            holder.append(tf.Variable(1.0))
        return holder[0] * x

    assert f(tf.constant(2.0)).numpy() == 2.0
    v = holder[0]
    assert v.numpy() == 1.0
    assert _is_eager_tensor(v.read_value())
    with pytest.raises(AttributeError):
        v.graph
    v.assign(4.0)
    assert f(tf.constant(2.0)).numpy() == 8.0
    assert len(holder) == 1


def test_variable_created_in_function_in_graph_lives_in_outer_graph(tf):
    with tf.Graph().as_default() as g:
        holder = []

        @tf.function(autograph=False)
        def f(x):
            if not holder:
                holder.append(tf.Variable(3.0))
            return holder[0] * x

        y = f(tf.constant(2.0))
        v = holder[0]
        assert v.graph is g
        assert v in tf.compat.v1.global_variables()
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assert sess.run(y) == 6.0


# ---------------------------------------------------------------------------
# Using a function's graph tensor outside the function
# ---------------------------------------------------------------------------

def test_leaked_function_tensor_used_eagerly(tf):
    leaked = []

    @tf.function(autograph=False)
    def f(x):
        y = x * 2.0
        leaked.append(y)
        return y

    f(tf.constant(1.0))
    with pytest.raises(TypeError, match="is out of scope and cannot be used here"):
        leaked[0] + 1.0
    with pytest.raises(TypeError, match="is out of scope and cannot be used here"):
        tf.add(leaked[0], 1.0)


def test_leaked_function_tensor_message_mentions_return_values(tf):
    leaked = []

    @tf.function(autograph=False)
    def f(x):
        leaked.append(x * 2.0)
        return x

    f(tf.constant(1.0))
    with pytest.raises(TypeError) as info:
        tf.identity(leaked[0])
    assert "Use return values, explicit Python locals or TensorFlow collections to " \
           "access it." in str(info.value)
