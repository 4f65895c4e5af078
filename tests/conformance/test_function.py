"""Conformance: tf.function, tracing and retracing, ConcreteFunction (TF 2.21 is the oracle).

tensorlite has no AutoGraph, so every function with Python logic on tensors is declared
with autograph=False; the plain `@tf.function` forms only trace straight-line code.
"""
import numpy as np
import pytest


def _counter():
    """A Python side effect that runs once per trace."""
    return [0]


# ---------------------------------------------------------------------------
# Decorator and call forms
# ---------------------------------------------------------------------------

def test_decorator_without_parentheses(tf):
    @tf.function
    def f(x, y):
        return x * y + 1.0

    out = f(tf.constant(2.0), tf.constant(3.0))
    assert out.dtype == tf.float32
    assert out.numpy() == 7.0


def test_decorator_with_arguments_and_call_form(tf):
    @tf.function(autograph=False)
    def f(x):
        return tf.square(x)

    def g(x):
        return tf.reduce_sum(x)

    h = tf.function(g)
    k = tf.function(autograph=False)(g)
    assert f(tf.constant(3.0)).numpy() == 9.0
    assert h(tf.constant([1.0, 2.0])).numpy() == 3.0
    assert k(tf.constant([1.0, 2.0, 3.0])).numpy() == 6.0


def test_function_object_attributes(tf):
    def fn(x):
        return x * 2.0

    f = tf.function(fn)
    assert f.python_function is fn
    assert f.__name__ == "fn"
    assert f.input_signature is None
    assert f(tf.constant(1.0)).numpy() == 2.0


def test_not_executing_eagerly_inside(tf):
    seen = {}

    @tf.function(autograph=False)
    def f(x):
        seen["eager"] = tf.executing_eagerly()
        seen["building"] = tf.compat.v1.get_default_graph().building_function
        return x + 1.0

    assert f(tf.constant(1.0)).numpy() == 2.0
    assert seen == {"eager": False, "building": True}
    assert tf.executing_eagerly()


def test_arguments_are_symbolic_placeholders(tf):
    seen = {}

    @tf.function(autograph=False)
    def f(x):
        seen["name"] = x.name
        seen["type"] = x.op.type
        seen["shape"] = x.shape.as_list()
        with tf.name_scope("blk"):
            seen["op_name"] = tf.multiply(x, 2.0, name="m").name
        with pytest.raises(AttributeError):
            x.numpy()
        return x

    f(tf.constant([1.0, 2.0]))
    assert seen == {"name": "x:0", "type": "Placeholder", "shape": [2], "op_name": "blk/m:0"}


def test_keyword_and_default_arguments(tf):
    @tf.function(autograph=False)
    def f(x, y=2.0):
        return x * y

    assert f(tf.constant(3.0)).numpy() == 6.0
    assert f(x=tf.constant(3.0), y=tf.constant(4.0)).numpy() == 12.0
    assert f(tf.constant(3.0), y=5.0).numpy() == 15.0


def test_return_none_and_python_values(tf):
    @tf.function(autograph=False)
    def nothing(x):
        x + 1.0

    @tf.function(autograph=False)
    def mixed(x):
        return {"t": x * 2.0, "py": 3}

    assert nothing(tf.constant(1.0)) is None
    out = mixed(tf.constant(1.0))
    assert sorted(out) == ["py", "t"]
    assert out["t"].numpy() == 2.0
    # Python values among the outputs come back as tensors.
    assert tf.is_tensor(out["py"])
    assert out["py"].dtype == tf.int32
    assert out["py"].numpy() == 3


def test_nested_output_structure(tf):
    @tf.function(autograph=False)
    def f(x):
        return x, (x + 1.0, [x * 2.0]), {"sq": tf.square(x)}

    a, (b, [c]), d = f(tf.constant(3.0))
    assert (a.numpy(), b.numpy(), c.numpy(), d["sq"].numpy()) == (3.0, 4.0, 6.0, 9.0)


# ---------------------------------------------------------------------------
# Methods
# ---------------------------------------------------------------------------

def test_methods_bound_per_instance(tf):
    class Scaler:
        def __init__(self, k):
            self.k = k
            self.traces = 0

        @tf.function(autograph=False)
        def apply(self, x):
            self.traces += 1
            return x * self.k

    a, b = Scaler(2.0), Scaler(3.0)
    assert a.apply(tf.constant(1.0)).numpy() == 2.0
    assert b.apply(tf.constant(1.0)).numpy() == 3.0
    assert a.apply(tf.constant(5.0)).numpy() == 10.0
    assert (a.traces, b.traces) == (1, 1)
    assert a.apply is a.apply
    assert a.apply is not b.apply
    assert a.apply.experimental_get_tracing_count() == 1
    assert b.apply.experimental_get_tracing_count() == 1


def test_module_method_creates_variable_per_instance(tf):
    class Dense(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = None

        @tf.function(autograph=False)
        def __call__(self, x):
            if self.v is None:
                self.v = tf.Variable(2.0)
            return self.v * x

    m1, m2 = Dense(), Dense()
    assert m1(tf.constant(1.0)).numpy() == 2.0
    assert m2(tf.constant(3.0)).numpy() == 6.0
    assert m1.v is not m2.v
    m1.v.assign(5.0)
    assert m1(tf.constant(1.0)).numpy() == 5.0
    assert m2(tf.constant(1.0)).numpy() == 2.0


# ---------------------------------------------------------------------------
# Retracing rules
# ---------------------------------------------------------------------------

def test_same_dtype_and_shape_does_not_retrace(tf):
    n = _counter()

    @tf.function(autograph=False)
    def f(x):
        n[0] += 1
        return x + 1.0

    f(tf.constant(1.0))
    f(tf.constant(2.0))
    f(tf.constant(3.0))
    assert n[0] == 1
    assert f.experimental_get_tracing_count() == 1


def test_new_shape_or_dtype_retraces(tf):
    n = _counter()

    @tf.function(autograph=False)
    def f(x):
        n[0] += 1
        return x

    f(tf.constant(1.0))
    f(tf.constant([1.0]))
    assert n[0] == 2
    f(tf.constant([1.0, 2.0]))
    assert n[0] == 3
    f(tf.constant([5.0, 6.0]))
    assert n[0] == 3
    f(tf.constant(1))
    assert n[0] == 4
    f(tf.constant([[1.0, 2.0]]))
    assert n[0] == 5
    # Earlier traces are kept.
    f(tf.constant([7.0]))
    f(tf.constant(8.0))
    assert n[0] == 5
    assert f.experimental_get_tracing_count() == 5


def test_python_scalars_trace_by_value(tf):
    n = _counter()

    @tf.function(autograph=False)
    def f(x, k):
        n[0] += 1
        return x * k

    assert f(tf.constant(1.0), 2).numpy() == 2.0
    assert f(tf.constant(5.0), 2).numpy() == 10.0
    assert n[0] == 1
    assert f(tf.constant(1.0), 3).numpy() == 3.0
    assert n[0] == 2
    f(tf.constant(1.0), 2)
    assert n[0] == 2

    m = _counter()

    @tf.function(autograph=False)
    def g(a):
        m[0] += 1
        return tf.constant(a) * 2.0

    g(1.0)
    g(1.0)
    assert m[0] == 1
    g(2.0)
    assert m[0] == 2


def test_numpy_arrays_trace_like_tensors(tf):
    n = _counter()

    @tf.function(autograph=False)
    def f(x):
        n[0] += 1
        return x + 1.0

    out = f(np.array([1.0, 2.0], dtype=np.float32))
    f(np.array([3.0, 4.0], dtype=np.float32))
    assert n[0] == 1
    assert out.numpy().tolist() == [2.0, 3.0]
    f(np.array([1.0, 2.0, 3.0], dtype=np.float32))
    assert n[0] == 2


def test_nested_structures(tf):
    n = _counter()

    @tf.function(autograph=False)
    def f(d):
        n[0] += 1
        return d["a"] + d["b"][0]

    assert f({"a": tf.constant(1.0), "b": (tf.constant(2.0),)}).numpy() == 3.0
    assert f({"a": tf.constant(3.0), "b": (tf.constant(4.0),)}).numpy() == 7.0
    assert n[0] == 1
    # A list where a tuple was: a different structure.
    assert f({"a": tf.constant(3.0), "b": [tf.constant(4.0)]}).numpy() == 7.0
    assert n[0] == 2
    # A new shape inside the structure.
    f({"a": tf.constant([1.0]), "b": (tf.constant(2.0),)})
    assert n[0] == 3


def test_python_lists_of_numbers_trace_by_value(tf):
    n = _counter()

    @tf.function(autograph=False)
    def f(xs):
        n[0] += 1
        return tf.constant(xs[0]) + xs[1]

    f([1.0, 2.0])
    f([1.0, 2.0])
    assert n[0] == 1
    f([1.0, 3.0])
    assert n[0] == 2


def test_new_graph_retraces(tf):
    n = _counter()

    @tf.function(autograph=False)
    def f(x):
        n[0] += 1
        return x * 2.0

    with tf.Graph().as_default():
        f(tf.constant(1.0))
        f(tf.constant(1.0))
    assert n[0] == 1
    with tf.Graph().as_default():
        f(tf.constant(1.0))
    assert n[0] == 2
    f(tf.constant(1.0))
    f(tf.constant(1.0))
    assert n[0] == 3


def test_input_signature_with_none_dims(tf):
    n = _counter()

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(x):
        n[0] += 1
        return x * 2.0

    assert f(tf.constant([1.0, 2.0])).numpy().tolist() == [2.0, 4.0]
    assert f(tf.constant([1.0, 2.0, 3.0])).numpy().tolist() == [2.0, 4.0, 6.0]
    # Python lists are converted to the signature's dtype.
    assert f([1.0, 3.0]).numpy().tolist() == [2.0, 6.0]
    assert n[0] == 1
    assert f.input_signature == (tf.TensorSpec([None], tf.float32),)
    assert f.experimental_get_tracing_count() == 1


def test_input_signature_mismatch_is_type_error(tf):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(x):
        return x * 2.0

    with pytest.raises(TypeError, match="Binding inputs to tf.function failed"):
        f(tf.constant([1, 2]))
    with pytest.raises(TypeError, match=r"Can not cast TensorSpec\(shape=\(1, 1\)"):
        f(tf.constant([[1.0]]))
    with pytest.raises(TypeError, match="too many positional arguments"):
        f(tf.constant([1.0]), tf.constant([1.0]))


def test_reduce_retracing_generalizes_shapes(tf):
    n = _counter()

    @tf.function(autograph=False, reduce_retracing=True)
    def f(x):
        n[0] += 1
        return x + 1.0

    f(tf.constant([1.0]))
    f(tf.constant([1.0, 2.0]))
    assert n[0] == 2
    f(tf.constant([1.0, 2.0, 3.0]))
    f(tf.constant([1.0, 2.0, 3.0, 4.0]))
    assert n[0] == 2
    assert f(tf.constant([1.0, 2.0, 3.0])).numpy().tolist() == [2.0, 3.0, 4.0]


# ---------------------------------------------------------------------------
# get_concrete_function and ConcreteFunction
# ---------------------------------------------------------------------------

def test_get_concrete_function_with_tensor_specs(tf):
    n = _counter()

    @tf.function(autograph=False)
    def f(x, y):
        n[0] += 1
        return {"sum": x + y, "pair": (x * y, x - y)}

    cf = f.get_concrete_function(tf.TensorSpec([None, 2], tf.float32),
                                 tf.TensorSpec([None, 2], tf.float32, name="yy"))
    assert n[0] == 1
    assert cf.graph.building_function
    assert [t.name for t in cf.inputs] == ["x:0", "yy:0"]
    assert [t.shape.as_list() for t in cf.inputs] == [[None, 2], [None, 2]]
    assert [t.dtype for t in cf.inputs] == [tf.float32, tf.float32]
    assert [op.type for op in cf.graph.get_operations()][:2] == ["Placeholder", "Placeholder"]
    assert len(cf.outputs) == 3
    assert sorted(cf.structured_outputs) == ["pair", "sum"]
    assert cf.structured_outputs["sum"].shape.as_list() == [None, 2]
    assert isinstance(cf.structured_outputs["pair"], tuple)
    assert cf.structured_input_signature == (
        (tf.TensorSpec([None, 2], tf.float32, name="x"),
         tf.TensorSpec([None, 2], tf.float32, name="yy")), {})
    # The same signature returns the same concrete function without tracing.
    again = f.get_concrete_function(tf.TensorSpec([None, 2], tf.float32),
                                    tf.TensorSpec([None, 2], tf.float32))
    assert again is cf
    assert n[0] == 1


def test_calling_a_concrete_function(tf):
    @tf.function(autograph=False)
    def f(x, y):
        return {"sum": x + y, "pair": (x * y, x - y)}

    cf = f.get_concrete_function(tf.TensorSpec([None, 2], tf.float32),
                                 tf.TensorSpec([None, 2], tf.float32))
    out = cf(tf.constant([[1.0, 1.0]] * 3), tf.constant([[2.0, 2.0]] * 3))
    assert out["sum"].numpy().tolist() == [[3.0, 3.0]] * 3
    assert out["pair"][0].numpy().tolist() == [[2.0, 2.0]] * 3
    assert out["pair"][1].numpy().tolist() == [[-1.0, -1.0]] * 3
    with pytest.raises(TypeError, match="Binding inputs to tf.function failed"):
        cf(tf.constant([[1.0, 1.0]] * 3))


def test_get_concrete_function_from_tensors_and_signature(tf):
    @tf.function(autograph=False)
    def f(x):
        return tf.reduce_sum(x)

    cf = f.get_concrete_function(tf.constant([1.0, 2.0]))
    assert cf.inputs[0].shape.as_list() == [2]
    assert cf(tf.constant([4.0, 5.0])).numpy() == 9.0

    g = tf.function(lambda x: x + 1.0, input_signature=[tf.TensorSpec([None], tf.float32)])
    cg = g.get_concrete_function()
    assert cg.inputs[0].shape.as_list() == [None]
    assert cg.outputs[0].shape.as_list() == [None]
    assert g.experimental_get_tracing_count() == 1


# ---------------------------------------------------------------------------
# Captures and state
# ---------------------------------------------------------------------------

def test_captured_tensor_frozen_variable_read_at_call_time(tf):
    c = tf.constant(1.0)
    v = tf.Variable(1.0)

    @tf.function(autograph=False)
    def f(x):
        return x + c

    @tf.function(autograph=False)
    def g(x):
        return x + v

    assert f(tf.constant(1.0)).numpy() == 2.0
    assert g(tf.constant(1.0)).numpy() == 2.0
    c = tf.constant(10.0)  # noqa: F841 -- rebinding does not reach the traced graph
    v.assign(10.0)
    assert f(tf.constant(1.0)).numpy() == 2.0
    assert g(tf.constant(1.0)).numpy() == 11.0


def test_assignments_run_in_program_order(tf):
    w = tf.Variable(1.0)

    @tf.function(autograph=False)
    def f():
        w.assign(5.0)
        r1 = w.read_value()
        w.assign_add(1.0)
        r2 = w.read_value()
        w.assign(w * 2.0)
        return r1, r2

    r1, r2 = f()
    assert (r1.numpy(), r2.numpy()) == (5.0, 6.0)
    assert w.numpy() == 12.0


def test_side_effects_run_without_being_returned(tf):
    counter = tf.Variable(0)

    @tf.function(autograph=False)
    def step():
        counter.assign_add(1)

    step()
    step()
    step()
    assert counter.numpy() == 3


def test_nested_functions(tf):
    @tf.function(autograph=False)
    def inner(x):
        return x * 2.0

    @tf.function(autograph=False)
    def outer(x):
        return inner(x) + 1.0

    assert outer(tf.constant(3.0)).numpy() == 7.0
    cf = outer.get_concrete_function(tf.constant(3.0))
    assert "PartitionedCall" in [op.type for op in cf.graph.get_operations()]


# ---------------------------------------------------------------------------
# In a v1 Graph
# ---------------------------------------------------------------------------

def test_call_in_v1_graph_adds_call_op(tf):
    @tf.function(autograph=False)
    def double(x):
        return x * 2.0

    with tf.Graph().as_default() as g:
        x = tf.compat.v1.placeholder(tf.float32, [])
        y = double(x)
        assert y.graph is g
        assert y.op.type == "PartitionedCall"
        assert y.op.name == "PartitionedCall"
        assert [t.name for t in y.op.inputs] == ["Placeholder:0"]
        with tf.compat.v1.Session() as sess:
            assert sess.run(y, {x: 4.0}) == 8.0


def test_stateful_call_op_in_v1_graph(tf):
    with tf.Graph().as_default():
        v = tf.Variable(2.0)

        @tf.function(autograph=False)
        def scale(x):
            return x * v

        @tf.function(autograph=False)
        def store(x):
            v.assign(x)
            return x

        x = tf.compat.v1.placeholder(tf.float32, [])
        y = scale(x)
        z = store(x)
        assert y.op.type == "StatefulPartitionedCall"
        assert z.op.type == "StatefulPartitionedCall"
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            assert sess.run(y, {x: 4.0}) == 8.0
            assert sess.run(z, {x: 5.0}) == 5.0
            assert sess.run(v) == 5.0


# ---------------------------------------------------------------------------
# Gradients
# ---------------------------------------------------------------------------

def test_gradient_tape_through_function(tf):
    v = tf.Variable(3.0)

    @tf.function(autograph=False)
    def f(x):
        return x * x * v

    t = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(t)
        y = f(t)
    dt, dv = tape.gradient(y, [t, v])
    assert (dt.numpy(), dv.numpy()) == (12.0, 4.0)


def test_gradient_tape_inside_function(tf):
    @tf.function(autograph=False)
    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.square(x))
        return tape.gradient(y, x)

    assert grad(tf.constant([1.0, 2.0])).numpy().tolist() == [2.0, 4.0]


def test_tf_gradients_through_call_op(tf):
    @tf.function(autograph=False)
    def inner(x):
        return x * x

    @tf.function(autograph=False)
    def outer(x):
        return inner(x) * 3.0

    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [])
        y = outer(x)
        gx, = tf.gradients(y, [x])
        with tf.compat.v1.Session() as sess:
            assert sess.run(gx, {x: 2.0}) == 12.0


def test_tf_gradients_inside_function(tf):
    @tf.function(autograph=False)
    def f(x):
        y = tf.matmul(x, x)
        return tf.gradients(tf.reduce_sum(y), x)[0]

    out = f(tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    assert out.numpy().tolist() == [[7.0, 11.0], [9.0, 13.0]]


# ---------------------------------------------------------------------------
# jit_compile, variables, errors
# ---------------------------------------------------------------------------

def test_jit_compile_accepted(tf):
    @tf.function(jit_compile=True, autograph=False)
    def f(x):
        return tf.reduce_sum(x * x)

    assert f(tf.constant([1.0, 2.0])).numpy() == 5.0


def test_variables_created_on_first_call_only(tf):
    holder = []

    @tf.function(autograph=False)
    def f(x):
        if not holder:
            holder.append(tf.Variable(1.0))
        holder[0].assign_add(x)
        return holder[0].read_value()

    assert f(tf.constant(2.0)).numpy() == 3.0
    assert f(tf.constant(2.0)).numpy() == 5.0
    assert len(holder) == 1


def test_creating_variables_every_call_raises(tf):
    n = _counter()

    @tf.function(autograph=False)
    def f(x):
        n[0] += 1
        w = tf.Variable(1.0)
        return w * x

    with pytest.raises(ValueError, match="tf.function only supports singleton tf.Variables "
                                         "created on the first call"):
        f(tf.constant(1.0))
    # The first call traces twice: once creating variables, once more to check that
    # tracing again creates none.
    assert n[0] == 2


def test_python_bool_of_tensor_raises(tf):
    @tf.function(autograph=False)
    def f(x):
        if x > 0:
            return x
        return -x

    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError) as info:
        f(tf.constant(1.0))
    assert issubclass(tf.errors.OperatorNotAllowedInGraphError, TypeError)
    assert isinstance(info.value, TypeError)
    assert str(info.value).startswith(
        "Using a symbolic `tf.Tensor` as a Python `bool` is not allowed.")
    assert "decorate this function with @tf.function" in str(info.value)


def test_iterating_over_tensor_raises(tf):
    @tf.function(autograph=False)
    def f(x):
        return [y for y in x]

    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError,
                       match="Iterating over a symbolic `tf.Tensor` is not allowed"):
        f(tf.constant([1.0, 2.0]))
