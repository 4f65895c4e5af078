"""tf.TensorArray: eager (a list), graph and tf.function (TensorLists), in while loops,
differentiated against finite differences, and its errors."""
import numpy as np
import pytest

X = np.array([[1., 2.], [3., -1.], [0.5, 4.]], np.float32)


def _numeric_gradient(f, x, eps=1e-6):
    x = np.array(x, np.float64)
    grad = np.zeros_like(x)
    for k in range(x.size):
        plus, minus = x.copy(), x.copy()
        plus.reshape(-1)[k] += eps
        minus.reshape(-1)[k] -= eps
        grad.reshape(-1)[k] = (f(plus) - f(minus)) / (2 * eps)
    return grad


def test_eager_write_read_stack_size(tf):
    ta = tf.TensorArray(tf.float32, size=3)
    ta = ta.write(0, 1.)
    ta = ta.write(2, [3.][0])
    np.testing.assert_allclose(ta.stack().numpy(), [1., 0., 3.])
    assert ta.size().numpy() == 3
    assert ta.dtype == tf.float32
    assert ta.element_shape == tf.TensorShape([])
    assert ta.read(2).numpy() == 3.


def test_eager_write_in_place_and_dynamic_size(tf):
    ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
    for i in range(4):
        ta.write(i, i * i)           # eagerly a write also changes the array in place
    np.testing.assert_array_equal(ta.stack().numpy(), [0, 1, 4, 9])
    assert ta.size().numpy() == 4
    assert ta.dynamic_size


def test_eager_unstack_gather_concat_split_scatter(tf):
    ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(X)
    np.testing.assert_allclose(ta.read(1).numpy(), X[1])
    np.testing.assert_allclose(ta.gather([2, 0]).numpy(), X[[2, 0]])
    np.testing.assert_allclose(ta.concat().numpy(), X.reshape(-1))
    split = tf.TensorArray(tf.float32, size=2).split(np.arange(5.0, dtype=np.float32), [2, 3])
    np.testing.assert_allclose(split.read(1).numpy(), [2., 3., 4.])
    scattered = tf.TensorArray(tf.float32, size=4).scatter([3, 1], X[:2])
    np.testing.assert_allclose(scattered.stack().numpy(), [[0, 0], X[1], [0, 0], X[0]])


def test_eager_errors(tf):
    ta = tf.TensorArray(tf.float32, size=2)
    with pytest.raises(tf.errors.OutOfRangeError, match="array is not resizeable and size is: 2"):
        ta.write(2, 1.)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="TensorArray dtype is float32 but Op is trying to write dtype int32"):
        ta.write(0, tf.constant(1))
    ta = ta.write(0, 5.)
    ta.read(0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not read index 0 twice"):
        ta.read(0)
    with pytest.raises(tf.errors.OutOfRangeError, match="Tried to read from index 7"):
        ta.read(7)
    with pytest.raises(ValueError, match="Size must be declared"):
        tf.TensorArray(tf.float32)
    shaped = tf.TensorArray(tf.float32, size=2, element_shape=[2])
    with pytest.raises(ValueError, match="Incompatible shape for value"):
        shaped.write(0, [1., 2., 3.])


def _squares_loop(tf, x):
    n = tf.shape(x)[0]
    ta = tf.TensorArray(tf.float32, size=n)

    def body(i, ta):
        value = tf.reshape(x[i] * x[i] + 1., [])   # (a static scalar shape to infer)
        return i + 1, ta.write(i, value)

    _, ta = tf.while_loop(lambda i, ta: i < n, body, [0, ta])
    return ta.stack()


def test_while_loop_write_eager_graph_function(tf):
    x = np.array([1., 2., 3.], np.float32)
    expected = x * x + 1
    np.testing.assert_allclose(_squares_loop(tf, tf.constant(x)).numpy(), expected)
    np.testing.assert_allclose(tf.function(lambda v: _squares_loop(tf, v))(x).numpy(), expected)
    with tf.Graph().as_default():
        placeholder = tf.compat.v1.placeholder(tf.float32, [None])
        stacked = _squares_loop(tf, placeholder)
        assert stacked.dtype == tf.float32
        # The element shape learned from the write inside the loop holds after it.
        assert stacked.shape.as_list() == [None]
        with tf.compat.v1.Session() as sess:
            np.testing.assert_allclose(sess.run(stacked, {placeholder: x}), expected)


def _read_write_loop(tf, x):
    """Reads an unstacked TensorArray and accumulates into another, in a while loop."""
    inputs = tf.TensorArray(tf.float64, size=3, clear_after_read=False).unstack(x)
    outputs = tf.TensorArray(tf.float64, size=3)

    def body(i, acc, outputs):
        acc = acc * 0.5 + inputs.read(i)
        return i + 1, acc, outputs.write(i, acc * inputs.read(i))

    _, acc, outputs = tf.while_loop(lambda i, *_: i < 3, body,
                                    [0, tf.zeros([2], tf.float64), outputs])
    return tf.reduce_sum(tf.sin(outputs.stack())) + tf.reduce_sum(acc * acc)


@pytest.mark.parametrize("mode", ["eager", "function"])
def test_gradient_through_while_loop_matches_finite_differences(tf, mode):
    f = (lambda v: _read_write_loop(tf, v)) if mode == "eager" else \
        tf.function(lambda v: _read_write_loop(tf, v))
    x = tf.constant(X.astype(np.float64))
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = f(x)
    numeric = _numeric_gradient(lambda v: float(f(tf.constant(v)).numpy()), X)
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(), numeric, rtol=1e-5, atol=1e-6)


def test_graph_gradient_through_while_loop(tf):
    x64 = X.astype(np.float64)
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float64, [3, 2])
        loss = _read_write_loop(tf, x)
        (grad,) = tf.gradients(loss, x)
        with tf.compat.v1.Session() as sess:
            value = lambda v: sess.run(loss, {x: v})
            np.testing.assert_allclose(sess.run(grad, {x: x64}),
                                       _numeric_gradient(value, x64), rtol=1e-5, atol=1e-6)


def _gather_scatter_concat(tf, x):
    ta = tf.TensorArray(tf.float64, size=4, clear_after_read=False)
    ta = ta.scatter([3, 0, 1], x)
    ta = ta.write(2, x[0] * x[1])
    gathered = ta.gather([2, 3])
    return tf.reduce_sum(tf.cos(gathered)) + tf.reduce_sum(ta.concat() ** 2) + \
        tf.reduce_sum(ta.read(0) * 3.)


@pytest.mark.parametrize("mode", ["eager", "function"])
def test_gather_scatter_concat_gradients(tf, mode):
    f = (lambda v: _gather_scatter_concat(tf, v)) if mode == "eager" else \
        tf.function(lambda v: _gather_scatter_concat(tf, v))
    x = tf.constant(X.astype(np.float64))
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = f(x)
    numeric = _numeric_gradient(lambda v: float(f(tf.constant(v)).numpy()), X)
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(), numeric, rtol=1e-5, atol=1e-6)


def test_function_split_and_dynamic_size(tf):
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        ta = ta.split(x, [1, 2])
        ta = ta.write(2, x[:2] * 10.)
        return ta.concat(), ta.size()

    concat, size = f(tf.constant([1., 2., 3.]))
    np.testing.assert_allclose(concat.numpy(), [1., 2., 3., 10., 20.])
    assert size.numpy() == 3


def test_graph_static_element_shape_and_fixed_size_error(tf):
    with tf.Graph().as_default():
        ta = tf.TensorArray(tf.float32, size=2, element_shape=[3])
        assert ta.element_shape.as_list() == [3]
        ta = ta.write(0, [1., 2., 3.])
        stacked = ta.stack()
        assert stacked.shape.as_list() == [2, 3]
        with pytest.raises(ValueError, match="Inconsistent shapes"):
            ta.write(1, [1., 2.])
        late = ta.write(5, [1., 1., 1.])
        with tf.compat.v1.Session() as sess:
            np.testing.assert_allclose(sess.run(stacked), [[1., 2., 3.], [0., 0., 0.]])
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(late.stack())


def test_function_identity_size_and_nested_loop_vars(tf):
    @tf.function
    def f(x):
        tas = {"a": tf.TensorArray(tf.float32, size=3),
               "b": tf.TensorArray(tf.int32, size=3)}

        def body(i, tas):
            return i + 1, {"a": tas["a"].write(i, x[i] * 2.), "b": tas["b"].write(i, i)}

        _, tas = tf.while_loop(lambda i, _: i < 3, body, (0, tas))
        return tas["a"].identity().stack(), tas["b"].stack(), tas["a"].size()

    a, b, size = f(tf.constant([1., 2., 3.]))
    np.testing.assert_allclose(a.numpy(), [2., 4., 6.])
    np.testing.assert_array_equal(b.numpy(), [0, 1, 2])
    assert size.numpy() == 3


def test_function_write_past_fixed_size_fails(tf):
    @tf.function
    def f():
        ta = tf.TensorArray(tf.float32, size=2)
        return ta.write(3, 1.).stack()

    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Trying to modify element 3 in a list with 2 elements"):
        f()


def test_function_dynamic_size_grows_in_loop(tf):
    @tf.function
    def f(n):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)

        def body(i, ta):
            return i + 1, ta.write(i, tf.cast(i, tf.float32) * 2.)

        _, ta = tf.while_loop(lambda i, ta: i < n, body, [0, ta])
        return ta.stack(), ta.size()

    stacked, size = f(tf.constant(4))
    np.testing.assert_allclose(stacked.numpy(), [0., 2., 4., 6.])
    assert size.numpy() == 4
