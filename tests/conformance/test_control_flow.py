"""Conformance: tf.cond, tf.while_loop, tf.case, tf.switch_case, tf.group, tf.tuple
(TF 2.21 is the oracle).

Python side-effect counters tell which branch functions ran (eager) or were traced (graphs,
functions); variables updated inside branches tell which branch ran at Session.run time.
"""
import pytest


@pytest.fixture
def counted(tf):
    """true_fn / false_fn that count their calls."""
    calls = {"true": 0, "false": 0}

    def true_fn():
        calls["true"] += 1
        return tf.constant(1.0)

    def false_fn():
        calls["false"] += 1
        return tf.constant(2.0)

    return calls, true_fn, false_fn


def _control_input_types(tensor_or_op):
    op = getattr(tensor_or_op, "op", tensor_or_op)
    return sorted(o.type for o in op.control_inputs)


# ---------------------------------------------------------------------------
# tf.cond
# ---------------------------------------------------------------------------

def test_cond_eager_tensor_pred_runs_one_branch(tf, counted):
    calls, true_fn, false_fn = counted
    out = tf.cond(tf.constant(True), true_fn, false_fn)
    assert out.numpy() == 1.0
    assert calls == {"true": 1, "false": 0}
    out = tf.cond(tf.constant(5) > 7, true_fn, false_fn)
    assert out.numpy() == 2.0
    assert calls == {"true": 1, "false": 1}


def test_cond_eager_python_bool_pred(tf, counted):
    calls, true_fn, false_fn = counted
    assert tf.cond(False, true_fn, false_fn).numpy() == 2.0
    assert tf.cond(True, true_fn, false_fn).numpy() == 1.0
    assert calls == {"true": 1, "false": 1}


def test_cond_in_function_traces_both_branches(tf, counted):
    calls, true_fn, false_fn = counted

    @tf.function(autograph=False)
    def f(p):
        return tf.cond(p, true_fn, false_fn)

    assert f(tf.constant(True)).numpy() == 1.0
    assert calls == {"true": 1, "false": 1}
    assert f(tf.constant(False)).numpy() == 2.0
    assert calls == {"true": 1, "false": 1}


def test_cond_in_graph_traces_both_runs_taken_branch(tf):
    calls = {"true": 0, "false": 0}
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.bool, [])
        vt = tf.Variable(0.0)
        vf = tf.Variable(0.0)

        def true_fn():
            calls["true"] += 1
            return vt.assign_add(1.0)

        def false_fn():
            calls["false"] += 1
            return vf.assign_add(10.0)

        out = tf.cond(p, true_fn, false_fn)
        assert calls == {"true": 1, "false": 1}
        assert out.op.type == "Identity"
        assert out.name == "cond/Identity:0"
        # Branches with side effects make a stateful If.
        assert out.op.inputs[0].op.type == "If"
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assert sess.run(out, {p: True}) == 1.0
            assert sess.run(out, {p: True}) == 2.0
            assert sess.run(out, {p: False}) == 10.0
            assert sess.run([vt, vf]) == [2.0, 10.0]
        assert calls == {"true": 1, "false": 1}


def test_cond_in_graph_stateless_and_python_bool(tf):
    with tf.Graph().as_default():
        out = tf.cond(tf.constant(True), lambda: tf.constant(1.0), lambda: tf.constant(2.0))
        assert out.op.inputs[0].op.type == "StatelessIf"
        with tf.compat.v1.Session() as sess:
            assert sess.run(out) == 1.0
        with pytest.raises(TypeError, match="pred must not be a Python bool"):
            tf.cond(True, lambda: tf.constant(1.0), lambda: tf.constant(2.0))


def test_cond_python_bool_pred_in_function_raises(tf):
    @tf.function(autograph=False)
    def f(x):
        return tf.cond(True, lambda: x, lambda: -x)

    with pytest.raises(TypeError, match="pred must not be a Python bool"):
        f(tf.constant(1.0))


def test_cond_nested_outputs(tf):
    def branch(a, b):
        return lambda: {"a": (tf.constant(a), tf.constant(b)), "b": [tf.constant(b) * 2.0]}

    out = tf.cond(tf.constant(False), branch(1, 2.0), branch(3, 4.0))
    assert sorted(out) == ["a", "b"]
    assert isinstance(out["a"], tuple) and isinstance(out["b"], list)
    assert (out["a"][0].numpy(), out["a"][1].numpy(), out["b"][0].numpy()) == (3, 4.0, 8.0)
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.bool, [])
        out = tf.cond(p, branch(1, 2.0), branch(3, 4.0))
        assert out["a"][0].dtype == tf.int32 and out["a"][1].dtype == tf.float32
        with tf.compat.v1.Session() as sess:
            got = sess.run(out, {p: True})
        assert (got["a"][0], got["a"][1], got["b"][0]) == (1, 2.0, 4.0)


def test_cond_branch_shapes_merged(tf):
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.bool, [])
        out = tf.cond(p, lambda: tf.constant([1.0]), lambda: tf.constant([1.0, 2.0]))
        assert out.shape.as_list() == [None]
        with tf.compat.v1.Session() as sess:
            assert sess.run(out, {p: False}).tolist() == [1.0, 2.0]


_MISMATCH = ("true_fn and false_fn arguments to tf.cond must have the same number, type, "
             "and overall structure of return values.")


def test_cond_dtype_mismatch_raises(tf):
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.bool, [])
        with pytest.raises(TypeError) as info:
            tf.cond(p, lambda: tf.constant(1.0), lambda: tf.constant(1))
    assert str(info.value).startswith(_MISMATCH)
    assert "have different types" in str(info.value)

    @tf.function(autograph=False)
    def f(p):
        return tf.cond(p, lambda: tf.constant(1.0), lambda: tf.constant(1))

    with pytest.raises(TypeError, match="have different types"):
        f(tf.constant(True))


def test_cond_structure_mismatch_raises(tf):
    @tf.function(autograph=False)
    def f(p):
        return tf.cond(p, lambda: {"a": tf.constant(1.0)}, lambda: {"b": tf.constant(1.0)})

    with pytest.raises(TypeError) as info:
        f(tf.constant(True))
    assert str(info.value).startswith(_MISMATCH)
    assert "The two structures don't have the same nested structure." in str(info.value)


def test_cond_argument_errors(tf):
    with pytest.raises(TypeError, match="cond\\(\\): 'false_fn' argument required"):
        tf.cond(tf.constant(True), lambda: tf.constant(1.0))
    with pytest.raises(TypeError, match="'true_fn' must be callable."):
        tf.cond(tf.constant(True), 1.0, lambda: tf.constant(2.0))


def test_cond_gradients(tf):
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.cond(x > 0, lambda: x * x, lambda: x * 3.0)
        z = tf.cond(x < 0, lambda: x * x, lambda: x * 3.0)
    assert tape.gradient(y, x).numpy() == 6.0
    assert tape.gradient(z, x).numpy() == 3.0

    @tf.function(autograph=False)
    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.cond(x > 0, lambda: x * x, lambda: x * 3.0)
        return tape.gradient(y, x)

    assert grad(tf.constant(3.0)).numpy() == 6.0
    assert grad(tf.constant(-3.0)).numpy() == 3.0

    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [])
        y = tf.cond(x > 0, lambda: x * x, lambda: x * 3.0)
        gx, = tf.gradients(y, x)
        with tf.compat.v1.Session() as sess:
            assert sess.run(gx, {x: 2.0}) == 4.0
            assert sess.run(gx, {x: -2.0}) == 3.0


def test_cond_control_dependencies_inside_branch(tf):
    with tf.Graph().as_default():
        v = tf.Variable(0.0)
        p = tf.compat.v1.placeholder(tf.bool, [])

        def true_fn():
            a = v.assign_add(5.0)
            with tf.control_dependencies([a]):
                return tf.identity(v.read_value())

        out = tf.cond(p, true_fn, lambda: tf.constant(-1.0))
        with tf.compat.v1.Session() as sess:
            sess.run(v.initializer)
            assert sess.run(out, {p: True}) == 5.0
            assert sess.run(out, {p: True}) == 10.0
            assert sess.run(out, {p: False}) == -1.0
            assert sess.run(v) == 10.0


# ---------------------------------------------------------------------------
# tf.while_loop
# ---------------------------------------------------------------------------

def test_while_loop_eager(tf):
    out = tf.while_loop(lambda i: i < 5, lambda i: [i + 1], [tf.constant(0)])
    assert isinstance(out, list) and len(out) == 1
    assert out[0].numpy() == 5
    i, s = tf.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s * 2.0),
                         (tf.constant(0), tf.constant(1.0)))
    assert (i.numpy(), s.numpy()) == (5, 32.0)
    # Python numbers are converted.
    assert tf.while_loop(lambda i: i < 5, lambda i: [i + 1], [0])[0].numpy() == 5


def test_while_loop_eager_body_calls(tf):
    calls = [0]

    def body(i):
        calls[0] += 1
        return (i + 1,)

    tf.while_loop(lambda i: i < 4, body, (tf.constant(0),))
    assert calls[0] == 4


def test_while_loop_graph(tf):
    calls = [0]

    def body(i, s):
        calls[0] += 1
        return i + 1, s * 2.0

    with tf.Graph().as_default():
        n = tf.compat.v1.placeholder(tf.int32, [])
        i, s = tf.while_loop(lambda i, s: i < n, body, (tf.constant(0), tf.constant(1.0)))
        assert calls[0] == 1
        assert i.shape.as_list() == [] and s.dtype == tf.float32
        with tf.compat.v1.Session() as sess:
            assert sess.run([i, s], {n: 3}) == [3, 8.0]
            assert sess.run([i, s], {n: 0}) == [0, 1.0]
        assert calls[0] == 1


def test_while_loop_graph_single_var_body_may_return_bare_tensor(tf):
    with tf.Graph().as_default():
        out = tf.while_loop(lambda i: i < 5, lambda i: i + 1, [tf.constant(0)])
        assert isinstance(out, list) and len(out) == 1
        with tf.compat.v1.Session() as sess:
            assert sess.run(out) == [5]


def test_while_loop_nested_loop_vars(tf):
    def body(s):
        return [{"i": s["i"] + 1, "p": (s["p"][0] * 2, s["p"][1] + 1.0)}]

    init = [{"i": tf.constant(0), "p": (tf.constant(1), tf.constant(0.0))}]
    out, = tf.while_loop(lambda s: s["i"] < 3, body, init)
    assert (out["i"].numpy(), out["p"][0].numpy(), out["p"][1].numpy()) == (3, 8, 3.0)
    with tf.Graph().as_default():
        init = [{"i": tf.constant(0), "p": (tf.constant(1), tf.constant(0.0))}]
        out, = tf.while_loop(lambda s: s["i"] < 3, body, init)
        assert isinstance(out["p"], tuple)
        with tf.compat.v1.Session() as sess:
            got = sess.run(out)
        assert (got["i"], got["p"][0], got["p"][1]) == (3, 8, 3.0)


def test_while_loop_maximum_iterations(tf):
    out, = tf.while_loop(lambda i: i < 100, lambda i: [i + 1], [tf.constant(0)],
                         maximum_iterations=7)
    assert out.numpy() == 7
    out, = tf.while_loop(lambda i: i < 3, lambda i: [i + 1], [tf.constant(0)],
                         maximum_iterations=7)
    assert out.numpy() == 3
    with tf.Graph().as_default():
        m = tf.compat.v1.placeholder(tf.int32, [])
        out, = tf.while_loop(lambda i: i < 100, lambda i: [i + 1], [tf.constant(0)],
                             maximum_iterations=m)
        with tf.compat.v1.Session() as sess:
            assert sess.run(out, {m: 4}) == 4
            assert sess.run(out, {m: 0}) == 0


def test_while_loop_parallel_iterations_accepted(tf):
    out, = tf.while_loop(lambda i: i < 3, lambda i: [i + 1], [tf.constant(0)],
                         parallel_iterations=1)
    assert out.numpy() == 3
    with tf.Graph().as_default():
        out, = tf.while_loop(lambda i: i < 3, lambda i: [i + 1], [tf.constant(0)],
                             parallel_iterations=32)
        with tf.compat.v1.Session() as sess:
            assert sess.run(out) == 3


def _doubler(tf):
    def double(i, x):
        return i + 1, tf.concat([x, x], 0)
    return double


def test_while_loop_shape_invariants_allow_growth(tf):
    double = _doubler(tf)
    with tf.Graph().as_default():
        i, x = tf.while_loop(lambda i, x: i < 3, double, [tf.constant(0), tf.constant([1.0])],
                             shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
        assert x.shape.as_list() == [None]
        with tf.compat.v1.Session() as sess:
            got_i, got_x = sess.run([i, x])
        assert got_i == 3 and got_x.tolist() == [1.0] * 8

    @tf.function(autograph=False)
    def f(x):
        return tf.while_loop(lambda i, x: i < 3, double, [tf.constant(0), x],
                             shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])[1]

    assert f(tf.constant([2.0])).numpy().tolist() == [2.0] * 8


def test_while_loop_eager_does_not_check_shapes(tf):
    double = _doubler(tf)
    i, x = tf.while_loop(lambda i, x: i < 3, double, [tf.constant(0), tf.constant([1.0])])
    assert x.numpy().tolist() == [1.0] * 8


def test_while_loop_shape_change_without_invariants_raises(tf):
    double = _doubler(tf)
    fragment = ("enters the loop with shape (1,), but has shape (2,) after one iteration. "
                "To allow the shape to vary across iterations, use the `shape_invariants` "
                "argument of tf.while_loop to specify a less-specific shape.")
    with tf.Graph().as_default():
        with pytest.raises(ValueError) as info:
            tf.while_loop(lambda i, x: i < 3, double, [tf.constant(0), tf.constant([1.0])])
        assert fragment in str(info.value)
        assert str(info.value).startswith("Input tensor `")

    @tf.function(autograph=False)
    def f(x):
        return tf.while_loop(lambda i, x: i < 3, double, [tf.constant(0), x])

    with pytest.raises(ValueError) as info:
        f(tf.constant([1.0]))
    assert str(info.value).startswith("Input tensor `x:0` " + fragment)


def test_while_loop_rank_and_dtype_change_raise(tf):
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"but has shape \(1, 1\) after one iteration"):
            tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, tf.reshape(x, [1, 1])),
                          [tf.constant(0), tf.constant([1.0])])
        with pytest.raises(TypeError, match="enters the loop with type <dtype: 'float32'> but "
                                            "has type <dtype: 'int32'> after 1 iteration"):
            tf.while_loop(lambda i, x: i < 3,
                          lambda i, x: (i + 1, tf.reshape(tf.constant([1]), [1])),
                          [tf.constant(0), tf.constant([1.0])])


def test_while_loop_body_structure_mismatch_raises(tf):
    with tf.Graph().as_default():
        with pytest.raises(ValueError,
                           match="The two structures don't have the same nested structure."):
            tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1,),
                          [tf.constant(0), tf.constant([1.0])])


def test_while_loop_gradients_tf_gradients(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [])
        _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x),
                             [tf.constant(0), tf.constant(1.0)])
        gx, = tf.gradients(y, [x])
        with tf.compat.v1.Session() as sess:
            assert sess.run([y, gx], {x: 2.0}) == [8.0, 12.0]


def test_while_loop_gradients_tape(tf):
    def loop(x):
        return tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x),
                             (tf.constant(0), tf.constant(1.0)))[1]

    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = loop(x)
    assert tape.gradient(y, x).numpy() == 12.0

    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = loop(x)
        return y, tape.gradient(y, x)

    y, g = f(tf.constant(2.0))
    assert (y.numpy(), g.numpy()) == (8.0, 12.0)

    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.function(loop, autograph=False)(x)
    assert tape.gradient(y, x).numpy() == 12.0


def test_while_loop_control_dependencies_in_body(tf):
    with tf.Graph().as_default():
        v = tf.Variable(1.0)

        def body(i):
            a = v.assign_add(1.0)
            with tf.control_dependencies([a]):
                return [i + 1]

        out = tf.while_loop(lambda i: i < 4, body, [tf.constant(0)])
        with tf.compat.v1.Session() as sess:
            sess.run(v.initializer)
            assert sess.run(out) == [4]
            assert sess.run(v) == 5.0


# ---------------------------------------------------------------------------
# tf.case and tf.switch_case
# ---------------------------------------------------------------------------

def _recording(tf, calls, k):
    def fn():
        calls.append(k)
        return tf.constant(k)
    return fn


def test_case_eager(tf):
    x = tf.constant(5)
    calls = []
    assert tf.case([(x < 3, _recording(tf, calls, 1)), (x < 10, _recording(tf, calls, 2))],
                   default=_recording(tf, calls, 3)).numpy() == 2
    assert calls == [2]
    calls.clear()
    assert tf.case([(x < 3, _recording(tf, calls, 1)), (x > 10, _recording(tf, calls, 2))],
                   default=_recording(tf, calls, 3)).numpy() == 3
    assert calls == [3]
    # Non-exclusive: the first true predicate wins.
    assert tf.case([(x < 7, _recording(tf, calls, 1)), (x < 10, _recording(tf, calls, 2))],
                   default=_recording(tf, calls, 3)).numpy() == 1


def test_case_eager_errors(tf):
    x = tf.constant(5)
    calls = []
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="exclusive=True: more than 1 conditions"):
        tf.case([(x < 7, _recording(tf, calls, 1)), (x < 10, _recording(tf, calls, 2))],
                default=_recording(tf, calls, 3), exclusive=True)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="None of conditions evaluated as True"):
        tf.case([(x < 3, _recording(tf, calls, 1)), (x > 10, _recording(tf, calls, 2))])


def test_case_graph_default_and_exclusive(tf):
    calls = []
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.int32, [])
        pairs = [(p < 3, _recording(tf, calls, 1)), (p < 10, _recording(tf, calls, 2))]
        first = tf.case(pairs, default=_recording(tf, calls, 3))
        exclusive = tf.case(pairs, default=_recording(tf, calls, 3), exclusive=True)
        assert sorted(calls) == [1, 1, 2, 2, 3, 3]
        with tf.compat.v1.Session() as sess:
            assert [sess.run(first, {p: i}) for i in (0, 5, 20)] == [1, 2, 3]
            assert [sess.run(exclusive, {p: i}) for i in (5, 20)] == [2, 3]
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="exclusive=True: more than 1 conditions"):
                sess.run(exclusive, {p: 0})


def test_switch_case_eager(tf):
    calls = []
    fns = [_recording(tf, calls, 10), _recording(tf, calls, 11), _recording(tf, calls, 12)]
    assert tf.switch_case(tf.constant(1), fns).numpy() == 11
    assert calls == [11]
    assert tf.switch_case(tf.constant(7), fns[:2], default=_recording(tf, calls, 99)).numpy() == 99
    # Without a default, out-of-range indices run the last branch.
    assert tf.switch_case(tf.constant(-1), fns[:2]).numpy() == 11
    assert tf.switch_case(tf.constant(5), fns[:2]).numpy() == 11
    # A dict of index -> branch.
    assert tf.switch_case(tf.constant(0), {0: fns[0], 1: fns[1]}).numpy() == 10
    assert calls == [11, 99, 11, 11, 10]


def test_switch_case_graph(tf):
    calls = []
    with tf.Graph().as_default():
        idx = tf.compat.v1.placeholder(tf.int32, [])
        out = tf.switch_case(idx, [_recording(tf, calls, 10), _recording(tf, calls, 11)],
                             default=_recording(tf, calls, 99))
        assert calls == [10, 11, 99]
        assert out.op.type == "Identity"
        assert out.op.inputs[0].op.type == "StatelessCase"
        with tf.compat.v1.Session() as sess:
            assert [sess.run(out, {idx: i}) for i in (0, 1, 2, -1)] == [10, 11, 99, 99]


def test_switch_case_index_errors(tf):
    fns = [_recording(tf, [], 10), _recording(tf, [], 11)]
    with pytest.raises(TypeError, match="'branch_index' must be a Tensor, got <class 'int'>"):
        tf.switch_case(1, fns)
    with pytest.raises(TypeError, match="'branch_index' must be an integer Tensor, got "
                                        "<dtype: 'float32'>"):
        tf.switch_case(tf.constant(1.0), fns)


# ---------------------------------------------------------------------------
# tf.group and tf.tuple
# ---------------------------------------------------------------------------

def test_group_in_graph(tf):
    with tf.Graph().as_default():
        v = tf.Variable(0.0)
        w = tf.Variable(0.0)
        a = v.assign_add(1.0)
        b = w.assign_add(2.0)
        grp = tf.group(a, b, name="grp")
        assert isinstance(grp, tf.Operation)
        assert grp.name == "grp" and grp.type == "NoOp"
        assert grp.outputs == []
        assert _control_input_types(grp) == ["AssignAddVariableOp", "AssignAddVariableOp"]
        listed = tf.group([a, b])
        assert listed.name == "group_deps" and len(listed.control_inputs) == 2
        empty = tf.group()
        assert empty.type == "NoOp" and empty.control_inputs == []
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assert sess.run(grp) is None
            assert sess.run([v, w]) == [1.0, 2.0]


def test_group_eager_runs_and_returns_none(tf):
    v = tf.Variable(0.0)
    assert tf.group(v.assign_add(1.0)) is None
    assert v.numpy() == 1.0


def test_tuple_in_graph(tf):
    with tf.Graph().as_default():
        v = tf.Variable(0.0)
        a = v.assign_add(1.0)
        c1 = tf.constant(1.0)
        c2 = tf.constant(2.0)
        out = tf.tuple([c1, c2])
        assert [t.name for t in out] == ["tuple/control_dependency:0",
                                         "tuple/control_dependency_1:0"]
        assert [t.op.type for t in out] == ["Identity", "Identity"]
        assert [[o.name for o in t.op.control_inputs] for t in out] == [["tuple/group_deps"]] * 2
        gated = tf.tuple([c1, None, c2], control_inputs=[a.op])
        assert gated[1] is None
        with tf.compat.v1.Session() as sess:
            sess.run(v.initializer)
            assert sess.run(out) == [1.0, 2.0]
            assert sess.run(v) == 0.0
            assert sess.run([gated[0], gated[2]]) == [1.0, 2.0]
            assert sess.run(v) == 1.0
        with pytest.raises(ValueError, match="'tensors' must have at least one Tensor"):
            tf.tuple([])


def test_tuple_eager(tf):
    out = tf.tuple([tf.constant(1.0), tf.constant(2.0)])
    assert isinstance(out, list)
    assert [t.numpy() for t in out] == [1.0, 2.0]


def test_while_loop_gradient_reaches_variables_read_in_the_body(tf):
    with tf.Graph().as_default():
        w = tf.Variable(2.0)
        x = tf.constant(1.0)
        out = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * w), [0, x])[1]
        grad_w, grad_x = tf.gradients(out, [w, x])
        with tf.compat.v1.Session() as sess:
            sess.run(w.initializer)
            assert sess.run([out, grad_w, grad_x]) == [8.0, 12.0, 8.0]


def test_gradients_reach_variables_read_inside_cond_branches(tf):
    # Graph tf.gradients, a tape in a tf.function, and a branch that does not read the
    # variable (its gradient is zero there, not missing).
    with tf.Graph().as_default():
        v = tf.Variable(2.0)
        w = tf.Variable([1.0, 2.0])
        x = tf.compat.v1.placeholder(tf.float32, [])
        y = tf.cond(x > 0, lambda: v * x + tf.reduce_sum(w), lambda: x * x)
        grads = tf.gradients(y, [v, w])
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            taken = sess.run(grads, {x: 3.0})
            not_taken = sess.run(grads, {x: -3.0})
    assert float(taken[0]) == 3.0 and list(taken[1]) == [1.0, 1.0]
    assert float(not_taken[0]) == 0.0 and list(not_taken[1]) == [0.0, 0.0]
    u = tf.Variable(2.0)

    @tf.function
    def gradient(x):
        with tf.GradientTape() as tape:
            y = tf.cond(x > 0, lambda: u * x, lambda: x)
        return tape.gradient(y, u)

    assert float(gradient(tf.constant(3.0))) == 3.0
    assert float(gradient(tf.constant(-3.0))) == 0.0
