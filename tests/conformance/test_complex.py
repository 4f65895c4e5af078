"""Complex numbers: tf.complex, tf.math.real/imag/angle/conj, tf.abs of complex tensors:
values, dtypes, the real-input conventions, op names in graphs, errors and gradients."""
import numpy as np
import pytest

Z = np.array([-2.25 + 4.75j, 3.25 - 5.75j, 0j])


def _close(actual, expected, tol=1e-6):
    np.testing.assert_allclose(np.asarray(actual), np.asarray(expected), rtol=tol, atol=tol)


def test_complex_dtypes_follow_the_parts(tf):
    z = tf.complex(tf.constant([1.0, 2.0]), tf.constant([3.0, -4.0]))
    assert z.dtype == tf.complex64
    _close(z, [1 + 3j, 2 - 4j])
    z = tf.complex(np.float64(1.5), np.float64(-2.0))
    assert z.dtype == tf.complex128 and z.numpy() == 1.5 - 2j
    assert tf.complex(1.0, 2.0).dtype == tf.complex64       # Python floats: float32 parts


def test_complex_broadcasts_and_keeps_infinite_parts(tf):
    z = tf.complex(tf.constant([[1.0], [2.0]]), tf.constant([1.0, 2.0, 3.0]))
    assert z.shape == (2, 3)
    _close(z, np.array([[1.0], [2.0]]) + 1j * np.array([1.0, 2.0, 3.0]))
    z = tf.complex(tf.constant([0.0]), tf.constant([np.inf])).numpy()
    assert z.real[0] == 0.0 and z.imag[0] == np.inf


@pytest.mark.parametrize("real, imag", [(1.0, np.float64(1.0)), (1, 2)])
def test_complex_rejects_mismatched_or_integer_parts(tf, real, imag):
    with pytest.raises(TypeError, match="The `real` and `imag` components have incorrect "
                                        "types"):
        tf.complex(tf.constant(real), tf.constant(imag))


def test_real_imag_angle_abs_of_complex(tf):
    for dtype, real_dtype in ((tf.complex64, tf.float32), (tf.complex128, tf.float64)):
        z = tf.constant(Z, dtype=dtype)
        for function, expected in ((tf.math.real, Z.real), (tf.math.imag, Z.imag),
                                   (tf.math.angle, np.angle(Z)), (tf.abs, np.abs(Z)),
                                   (tf.math.abs, np.abs(Z))):
            result = function(z)
            assert result.dtype == real_dtype, function
            _close(result, expected, 1e-6)
        assert abs(z).dtype == real_dtype
        conj = tf.math.conj(z)
        assert conj.dtype == dtype
        _close(conj, np.conj(Z))


def test_real_inputs_follow_tf_conventions(tf):
    x = tf.constant([1.5, -2.0, 0.0])
    assert tf.math.real(x) is x                   # returned as it is, no op
    assert tf.math.conj(x) is x
    _close(tf.math.imag(x), [0.0, 0.0, 0.0])
    assert tf.math.imag(x).dtype == tf.float32
    _close(tf.math.angle(x), [0.0, np.pi, 0.0])
    ints = tf.constant([1, -2])
    assert tf.math.real(ints).dtype == tf.int32


def test_graph_op_types_names_and_tout(tf):
    graph = tf.Graph()
    with graph.as_default():
        z = tf.complex(tf.constant(1.0), tf.constant(2.0))
        real, absolute = tf.math.real(z), tf.abs(z)
        assert (z.op.type, z.op.name, z.op.get_attr("Tout")) == ("Complex", "Complex",
                                                                 tf.complex64)
        assert (real.op.type, real.op.get_attr("Tout")) == ("Real", tf.float32)
        assert (absolute.op.type, absolute.op.name) == ("ComplexAbs", "Abs")
        assert tf.math.imag(z, name="im").op.name == "im"
        assert tf.math.angle(z).op.type == "Angle"
        assert tf.compat.v1.real(z, name="re").op.name == "re"
        assert tf.compat.v1.imag(z).op.type == "Imag"
        assert tf.compat.v1.angle(z).op.type == "Angle"
        assert z.shape == () and real.shape == ()
        with tf.compat.v1.Session() as sess:
            values = sess.run([z, real, absolute])
    assert values[0] == 1 + 2j and values[1] == 1.0
    _close(values[2], np.sqrt(5.0))


def _grads(tf, loss, x, y):
    x, y = tf.constant(x), tf.constant(y)
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        value = loss(tf.complex(x, y))
    return [g.numpy() for g in tape.gradient(value, [x, y])]


def test_gradients_through_complex_parts(tf):
    x, y = np.array([1.0, -2.0, 0.5]), np.array([3.0, 4.0, -1.0])
    w = np.array([0.5, -1.0, 2.0])
    # real/imag: d/dx and d/dy of w * x + 3 w * y.
    gx, gy = _grads(tf, lambda z: tf.reduce_sum(w * tf.math.real(z) +
                                                3 * w * tf.math.imag(z)), x, y)
    _close(gx, w)
    _close(gy, 3 * w)
    # |z| = hypot(x, y): (x, y) / |z|.
    gx, gy = _grads(tf, lambda z: tf.reduce_sum(w * tf.abs(z)), x, y)
    _close(gx, w * x / np.hypot(x, y))
    _close(gy, w * y / np.hypot(x, y))
    # angle = atan2(y, x): (-y, x) / |z|^2.
    gx, gy = _grads(tf, lambda z: tf.reduce_sum(w * tf.math.angle(z)), x, y)
    _close(gx, -w * y / (x * x + y * y))
    _close(gy, w * x / (x * x + y * y))
    # conj flips the imaginary part's gradient.
    gx, gy = _grads(tf, lambda z: tf.reduce_sum(tf.math.imag(tf.math.conj(z))), x, y)
    _close(gx, 0 * x)
    _close(gy, -np.ones(3))


def test_gradients_with_respect_to_a_complex_tensor(tf):
    # TF's convention: the gradient of a real loss at z = x + iy is dL/dx + i dL/dy.
    z = tf.constant(np.array([1 + 2j, -3j]))
    with tf.GradientTape() as tape:
        tape.watch(z)
        loss = tf.reduce_sum(2 * tf.math.real(z) + 3 * tf.math.imag(z) + tf.abs(z) +
                             tf.math.angle(z))
    grad = tape.gradient(loss, z).numpy()
    zs = np.array([1 + 2j, -3j])
    expected = 2 + 3j + zs / np.abs(zs) + (-zs.imag + 1j * zs.real) / np.abs(zs) ** 2
    _close(grad, expected)


def test_abs_gradient_at_zero_is_zero(tf):
    gx, gy = _grads(tf, lambda z: tf.reduce_sum(tf.abs(z)), np.zeros(2), np.zeros(2))
    _close(gx, [0.0, 0.0])
    _close(gy, [0.0, 0.0])


def test_complex_gradient_sums_broadcast_dimensions(tf):
    gx, gy = _grads(tf, lambda z: tf.reduce_sum(tf.math.real(z) + 2 * tf.math.imag(z)),
                    np.ones((2, 1)), np.ones(3))
    _close(gx, [[3.0], [3.0]])
    _close(gy, [4.0, 4.0, 4.0])


def test_in_tf_function(tf):
    @tf.function
    def polar(x, y):
        z = tf.complex(x, y)
        return tf.abs(z), tf.math.angle(z)

    r, theta = polar(tf.constant([3.0, 0.0]), tf.constant([4.0, -1.0]))
    _close(r, [5.0, 1.0])
    _close(theta, [np.arctan2(4.0, 3.0), -np.pi / 2])
