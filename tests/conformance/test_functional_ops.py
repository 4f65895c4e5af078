"""tf.map_fn, tf.scan, tf.foldl, tf.foldr and tf.vectorized_map: eager, graph (Session) and
tf.function, nested structures, gradients against finite differences, errors."""
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


def _in_modes(tf, build, *arrays):
    """build(*tensors) -> a nest of tensors, evaluated eagerly, in a tf.function and in a
    graph Session (with unknown leading dimensions); returns the three as NumPy nests."""
    eager = tf.nest.map_structure(lambda t: t.numpy(),
                                  build(*[tf.constant(a) for a in arrays]))
    function = tf.nest.map_structure(lambda t: t.numpy(), tf.function(build)(*arrays))
    with tf.Graph().as_default():
        placeholders = [tf.compat.v1.placeholder(tf.as_dtype(a.dtype),
                                                 [None] + list(a.shape[1:])) for a in arrays]
        result = build(*placeholders)
        with tf.compat.v1.Session() as sess:
            graph = sess.run(result, dict(zip(placeholders, arrays)))
    return eager, function, graph


def _assert_all(results, expected):
    for result in results:
        for value, want in zip(_flat(result), _flat(expected)):
            assert np.shape(value) == np.shape(want)
            np.testing.assert_allclose(value, want, rtol=1e-6)


def _flat(value):
    if isinstance(value, dict):
        return [v for k in sorted(value) for v in _flat(value[k])]
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in _flat(item)]
    return [value]


def test_map_fn_values_in_every_mode(tf):
    results = _in_modes(tf, lambda x: tf.map_fn(lambda row: row * row + 1., x), X)
    _assert_all(results, X * X + 1)


def test_map_fn_nested_elems_and_output_signature(tf):
    ints = np.array([1, 2, 3], np.int32)

    def build(x, k):
        return tf.map_fn(lambda e: {"sum": tf.reduce_sum(e[0]) * tf.cast(e[1], tf.float32),
                                    "k": e[1] * 2},
                         (x, k), fn_output_signature={"sum": tf.float32, "k": tf.int32})

    results = _in_modes(tf, build, X, ints)
    _assert_all(results, {"k": ints * 2, "sum": X.sum(axis=1) * ints})
    eager = build(tf.constant(X), tf.constant(ints))
    assert eager["k"].dtype == tf.int32 and eager["sum"].dtype == tf.float32


def test_map_fn_dtype_argument_and_static_shape(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3, 2])
        result = tf.map_fn(lambda row: tf.cast(row > 1., tf.int32), x, dtype=tf.int32)
        assert result.dtype == tf.int32
        assert result.shape.as_list()[0] == 3
        with tf.compat.v1.Session() as sess:
            np.testing.assert_array_equal(sess.run(result, {x: X}), (X > 1).astype(np.int32))


def test_map_fn_tensor_spec_signature(tf):
    result = tf.map_fn(lambda row: tf.stack([tf.reduce_sum(row)] * 3),
                       tf.constant(X), fn_output_signature=tf.TensorSpec([3], tf.float32))
    np.testing.assert_allclose(result.numpy(), np.repeat(X.sum(axis=1)[:, None], 3, axis=1))


def test_vectorized_map(tf):
    result = tf.vectorized_map(lambda row: tf.reduce_sum(row * row), tf.constant(X))
    np.testing.assert_allclose(result.numpy(), (X * X).sum(axis=1), rtol=1e-6)


def test_map_fn_errors(tf):
    with pytest.raises(ValueError, match="1\\+ dimensional"):
        tf.map_fn(lambda e: e, tf.constant(1.))
    with pytest.raises(ValueError, match="does not contain any Tensors"):
        tf.map_fn(lambda e: e, [])
    class NotCallable:
        __name__ = "not_a_function"

    with pytest.raises(TypeError, match="not_a_function is not callable"):
        tf.scan(NotCallable(), tf.constant(X))
    with pytest.raises(TypeError, match="not_a_function is not callable"):
        tf.foldl(NotCallable(), tf.constant(X))
    with pytest.raises(ValueError):    # fn's structure differs from elems'
        tf.map_fn(lambda e: (e, e), tf.constant(X))
    with pytest.raises(tf.errors.InvalidArgumentError):   # int32 results into float32
        tf.map_fn(lambda e: tf.cast(e, tf.int32), tf.constant(X))


def test_scan_forward_reverse_and_initializer(tf):
    elems = np.array([1., 2., 3., 4.], np.float32)
    _assert_all(_in_modes(tf, lambda x: tf.scan(lambda a, e: a + e, x), elems),
                np.cumsum(elems))
    _assert_all(_in_modes(tf, lambda x: tf.scan(lambda a, e: a + e, x, reverse=True), elems),
                np.cumsum(elems[::-1])[::-1])
    _assert_all(_in_modes(tf, lambda x: tf.scan(lambda a, e: a * e, x,
                                                initializer=tf.constant(2.)), elems),
                2 * np.cumprod(elems))


def test_scan_nested_fibonacci(tf):
    def build(x):
        return tf.scan(lambda a, _: (a[1], a[0] + a[1]), x,
                       initializer=(tf.constant(0), tf.constant(1)))

    results = _in_modes(tf, build, np.array([1, 0, 0, 0, 0, 0], np.int32))
    _assert_all(results, (np.array([1, 1, 2, 3, 5, 8]), np.array([1, 2, 3, 5, 8, 13])))


def test_foldl_foldr(tf):
    elems = np.array([1., 2., 3., 4.], np.float32)
    _assert_all(_in_modes(tf, lambda x: tf.foldl(lambda a, e: a * 2. + e, x), elems),
                np.float32(((1 * 2 + 2) * 2 + 3) * 2 + 4))
    _assert_all(_in_modes(tf, lambda x: tf.foldr(lambda a, e: a * 2. + e, x), elems),
                np.float32(((4 * 2 + 3) * 2 + 2) * 2 + 1))
    _assert_all(_in_modes(tf, lambda x: tf.foldl(lambda a, e: a - e, x,
                                                 initializer=tf.constant(10.)), elems),
                np.float32(0.))
    _assert_all(_in_modes(tf, lambda x: tf.foldr(lambda a, e: a * 10. + e, x,
                                                 initializer=tf.constant(0.)), elems),
                np.float32(4321.))


def test_fold_nested(tf):
    def build(x, y):
        return tf.foldl(lambda acc, e: (acc[0] + e[0], acc[1] * e[1]), (x, y),
                        initializer=(tf.constant(0.), tf.constant(1.)))

    elems = np.array([1., 2., 3.], np.float32)
    _assert_all(_in_modes(tf, build, elems, elems + 1), (np.float32(6.), np.float32(24.)))


def _losses(tf):
    return {
        "map_fn": lambda x: tf.reduce_sum(tf.map_fn(lambda r: tf.sin(r) * r[0], x) ** 2),
        "scan": lambda x: tf.reduce_sum(tf.scan(lambda a, e: a * e + tf.cos(e), x) ** 2),
        "scan_reverse": lambda x: tf.reduce_sum(
            tf.scan(lambda a, e: tf.tanh(a) + e, x, initializer=tf.ones([2], tf.float64),
                    reverse=True)),
        "foldl": lambda x: tf.reduce_sum(tf.foldl(lambda a, e: a * tf.sin(e), x)),
        "foldr": lambda x: tf.reduce_sum(tf.foldr(lambda a, e: a * e + 1., x,
                                                  initializer=tf.zeros([2], tf.float64))),
    }


@pytest.mark.parametrize("which", ["map_fn", "scan", "scan_reverse", "foldl", "foldr"])
@pytest.mark.parametrize("mode", ["eager", "function", "graph"])
def test_gradients_match_finite_differences(tf, which, mode):
    x64 = X.astype(np.float64)
    loss_of = _losses(tf)[which]
    if mode == "graph":
        with tf.Graph().as_default():
            x = tf.compat.v1.placeholder(tf.float64, [None, 2])
            loss = loss_of(x)
            (grad,) = tf.gradients(loss, x)
            with tf.compat.v1.Session() as sess:
                numeric = _numeric_gradient(lambda v: sess.run(loss, {x: v}), x64)
                computed = sess.run(grad, {x: x64})
    else:
        f = loss_of if mode == "eager" else tf.function(loss_of)
        x = tf.constant(x64)
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = f(x)
        computed = tape.gradient(loss, x).numpy()
        numeric = _numeric_gradient(lambda v: float(f(tf.constant(v)).numpy()), x64)
    np.testing.assert_allclose(computed, numeric, rtol=1e-5, atol=1e-6)
