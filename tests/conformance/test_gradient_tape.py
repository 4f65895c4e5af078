"""Conformance: tf.GradientTape, tf.custom_gradient and tf.IndexedSlices gradients (TF 2.21 oracle).

Tensors are watched explicitly (no tf.Variable). Gradient values are checked against
hand-computed derivatives or central finite differences of a NumPy reference. Every
expectation here was checked against real TensorFlow 2.21.
"""
import numpy as np
import pytest

NON_PERSISTENT = ("A non-persistent GradientTape can only be used to compute one set of "
                  "gradients (or jacobians)")


def numeric_grad(f, x, eps=1e-6):
    """Central finite differences of a scalar NumPy function f at x (float64)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        hi, lo = x.copy(), x.copy()
        hi[i] += eps
        lo[i] -= eps
        grad[i] = (f(hi) - f(lo)) / (2 * eps)
    return grad


def numeric_jacobian(f, x, eps=1e-6):
    """Central finite differences of an array-valued NumPy function: shape f(x).shape + x.shape."""
    x = np.array(x, dtype=np.float64)
    out_shape = np.shape(f(x))
    jac = np.zeros(out_shape + x.shape)
    for i in np.ndindex(x.shape):
        hi, lo = x.copy(), x.copy()
        hi[i] += eps
        lo[i] -= eps
        jac[(Ellipsis,) + i] = (f(hi) - f(lo)) / (2 * eps)
    return jac


def assert_value(t, expected, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(np.asarray(t), expected, rtol=rtol, atol=atol)


# ---------------------------------------------------------------------------
# watch
# ---------------------------------------------------------------------------

def test_watch_single_tensor_and_gradient_value(tf):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x + 2.0 * x
    g = tape.gradient(y, x)
    assert isinstance(g, tf.Tensor)
    assert g.dtype == tf.float32 and g.shape == ()
    assert_value(g, 8.0)


def test_watch_list_and_nested_structure(tf):
    a = tf.constant(2.0)
    b = tf.constant([1.0, 2.0])
    c = tf.constant([[3.0]])
    with tf.GradientTape() as tape:
        tape.watch([a, {"k": b, "t": (c,)}])
        y = a * a + tf.reduce_sum(b * b * b) + tf.reduce_sum(c * a)
    ga, gb, gc = tape.gradient(y, [a, b, c])
    assert_value(ga, 2 * 2.0 + 3.0)
    assert_value(gb, 3 * np.array([1.0, 2.0]) ** 2)
    assert_value(gc, [[2.0]])


def test_unwatched_constant_gives_none(tf):
    x = tf.constant(3.0)
    w = tf.constant(4.0)
    with tf.GradientTape() as tape:
        tape.watch(w)
        y = x * w
    gx, gw = tape.gradient(y, [x, w])
    assert gx is None
    assert_value(gw, 3.0)


def test_only_ops_inside_the_tape_context_are_recorded(tf):
    x = tf.constant(2.0)
    before = x * x                       # computed before the tape existed
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        z = before * 2.0
        w = x * 3.0
    assert tape.gradient(z, x) is None   # the path to x was not recorded
    assert_value(tape.gradient(w, x), 3.0)
    assert tape.gradient(w * 2.0, x) is None  # ops after the context exits are not recorded


def test_watching_twice_does_not_double_the_gradient(tf):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        tape.watch(x)
        y = x * 3.0
    assert_value(tape.gradient(y, x), 3.0)


def test_watch_int_tensor_gives_none_or_int_zero(tf):
    x = tf.constant(3)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        yf = tf.cast(x, tf.float32) * 2.0
    assert tape.gradient(y, x) is None            # int target, int source
    assert tape.gradient(yf, x) is None           # float target, int source
    zero = tape.gradient(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert zero.dtype == tf.int32 and zero.shape == ()
    assert int(zero) == 0


def test_watch_int_tensor_logs_a_warning_first_five_times(run_program):
    # TF logs through the Python logger "tensorflow" (tf.get_logger()), once per call for
    # the first 5 calls from the same place; a fresh interpreter keeps the count clean.
    out = run_program("""
        import logging
        messages = []

        class Collect(logging.Handler):
            def emit(self, record):
                messages.append((record.levelno, record.getMessage()))

        logging.getLogger().addHandler(Collect())
        x = tf.constant(3)
        for _ in range(7):
            with tf.GradientTape() as tape:
                tape.watch(x)
        with tf.GradientTape() as tape:
            tape.watch(tf.constant(3.0))
        print(len(messages))
        print(messages[0][0] == logging.WARNING)
        print(messages[0][1])
    """)
    assert out.splitlines() == [
        "5", "True",
        "The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.int32"]


def test_gradient_of_integer_target_is_none(tf):
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        yi = tf.cast(x, tf.int32)
        y = tf.cast(yi, tf.float32) * x
    assert tape.gradient(yi, x) is None
    # the int path contributes nothing; the direct use of x does
    assert_value(tape.gradient(y, x), 2.0)


@pytest.mark.parametrize("value,shown,type_name", [
    (3.0, "3.0", "float"),
    ("s", "s", "str"),
    (None, "None", "NoneType"),
])
def test_watch_non_tensor_raises_value_error(tf, value, shown, type_name):
    with pytest.raises(ValueError) as info:
        with tf.GradientTape() as tape:
            tape.watch(value)
    assert str(info.value) == (f"Passed in object {shown} of type '{type_name}', not tf.Tensor "
                               "or tf.Variable or ExtensionType.")


def test_watch_list_with_non_tensor_names_the_offending_element(tf):
    with pytest.raises(ValueError, match=r"Passed in object 1\.0 of type 'float', not tf\.Tensor"):
        with tf.GradientTape() as tape:
            tape.watch([tf.constant(2.0), 1.0])


# ---------------------------------------------------------------------------
# gradient(): structures, output_gradients, unconnected_gradients
# ---------------------------------------------------------------------------

def test_nested_sources_structure_is_preserved(tf):
    a = tf.constant(2.0)
    b = tf.constant([1.0, 2.0])
    c = tf.constant(5.0)
    with tf.GradientTape() as tape:
        tape.watch([a, b])
        y = a * a + tf.reduce_sum(b * b)
    g = tape.gradient(y, {"a": a, "rest": [b, (c,)]})
    assert isinstance(g, dict) and sorted(g) == ["a", "rest"]
    assert isinstance(g["rest"], list) and len(g["rest"]) == 2
    assert isinstance(g["rest"][1], tuple) and len(g["rest"][1]) == 1
    assert_value(g["a"], 4.0)
    assert_value(g["rest"][0], [2.0, 4.0])
    assert g["rest"][1][0] is None


def test_nested_targets_are_summed(tf):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y1 = x * x
        y2 = x * x * x
        y3 = 3.0 * x
    g = tape.gradient([y1, {"k": y2, "t": (y3,)}], x)
    assert isinstance(g, tf.Tensor)
    assert_value(g, 2 * 2.0 + 3 * 2.0 ** 2 + 3.0)


def test_target_that_is_the_source_and_repeated_targets_and_sources(tf):
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * 2.0
    assert_value(tape.gradient(x, x), 1.0)
    assert_value(tape.gradient([x, x], x), 2.0)
    g = tape.gradient(y, [x, x])
    assert len(g) == 2
    assert_value(g[0], 2.0)
    assert_value(g[1], 2.0)


def test_output_gradients_weight_the_targets(tf):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = 3.0 * x
    assert_value(tape.gradient(y, x, output_gradients=tf.constant([10.0, 100.0])), [20.0, 400.0])
    g = tape.gradient([y, z], x, output_gradients=[tf.constant([1.0, 2.0]), tf.constant([5.0, 7.0])])
    assert_value(g, [2.0 * 1.0 + 15.0, 4.0 * 2.0 + 21.0])


@pytest.mark.parametrize("mode", ["enum", "string"])
def test_unconnected_gradients_none_and_zero(tf, mode):
    a = tf.constant(2.0)
    c = tf.constant([[1.0, 2.0, 3.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([a, c])
        y = a * a
    none = tf.UnconnectedGradients.NONE if mode == "enum" else "none"
    zero = tf.UnconnectedGradients.ZERO if mode == "enum" else "zero"
    ga, gc = tape.gradient(y, [a, c])                 # default is NONE
    assert gc is None
    ga, gc = tape.gradient(y, [a, c], unconnected_gradients=none)
    assert_value(ga, 4.0)
    assert gc is None
    ga, gc = tape.gradient(y, [a, c], unconnected_gradients=zero)
    assert_value(ga, 4.0)
    assert gc.dtype == tf.float32 and gc.shape == (1, 3)
    assert_value(gc, np.zeros((1, 3)))


def test_unconnected_gradients_enum_values_and_bad_value(tf):
    assert tf.UnconnectedGradients.NONE.value == "none"
    assert tf.UnconnectedGradients.ZERO.value == "zero"
    assert list(tf.UnconnectedGradients) == [tf.UnconnectedGradients.NONE,
                                             tf.UnconnectedGradients.ZERO]
    x = tf.constant(1.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * 2.0
    with pytest.raises(ValueError, match="Unknown value for unconnected_gradients: 'bogus'"):
        tape.gradient(y, x, unconnected_gradients="bogus")


def test_none_target_raises_type_error(tf):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
    with pytest.raises(TypeError) as info:
        tape.gradient(None, x)
    assert str(info.value) == ("Argument `target` should be a list or nested structure of Tensors, "
                               "Variables or CompositeTensors to be differentiated, but received None.")


def test_gradient_dtype_follows_source_float64_and_cast(tf):
    xd = tf.constant(2.0, tf.float64)
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([xd, x])
        yd = xd * xd
        yc = tf.cast(x, tf.float64) * tf.constant(3.0, tf.float64)
    gd = tape.gradient(yd, xd)
    assert gd.dtype == tf.float64
    assert_value(gd, 4.0)
    gc = tape.gradient(yc, x)
    assert gc.dtype == tf.float32
    assert_value(gc, 3.0)


def test_gradient_values_of_elementary_ops_match_finite_differences(tf):
    xn = np.array([[0.3, -1.2, 0.7], [1.5, 0.1, -0.4]], dtype=np.float32)
    wn = np.array([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.0]], dtype=np.float32)
    x = tf.constant(xn)
    w = tf.constant(wn)
    with tf.GradientTape() as tape:
        tape.watch([x, w])
        h = tf.tanh(tf.matmul(x, w))                          # [2, 2]
        y = tf.reduce_mean(tf.square(h)) + tf.reduce_sum(tf.sin(x) * tf.exp(x)) \
            - tf.reduce_sum(tf.divide(x, 3.0)) + tf.reduce_sum(tf.reshape(w, [6]) * tf.stack(
                [tf.constant(1.0), 2.0, 3.0, 4.0, 5.0, 6.0]))
    gx, gw = tape.gradient(y, [x, w])
    coef = np.arange(1.0, 7.0).reshape(3, 2)

    def f(xv, wv):
        hv = np.tanh(xv @ wv)
        return np.mean(hv ** 2) + np.sum(np.sin(xv) * np.exp(xv)) - np.sum(xv / 3.0) + np.sum(wv * coef)

    assert_value(gx, numeric_grad(lambda v: f(v, wn.astype(np.float64)), xn), rtol=1e-4, atol=1e-5)
    assert_value(gw, numeric_grad(lambda v: f(xn.astype(np.float64), v), wn), rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------------------
# persistence, stop_recording, reset
# ---------------------------------------------------------------------------

def test_persistent_tape_allows_repeated_gradient_calls(tf):
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * x
    assert_value(tape.gradient(y, x), 6.0)
    assert_value(tape.gradient(z, x), 27.0)
    assert_value(tape.gradient(y, x), 6.0)
    del tape


def test_non_persistent_tape_second_gradient_raises(tf):
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert_value(tape.gradient(y, x), 6.0)
    with pytest.raises(RuntimeError) as info:
        tape.gradient(y, x)
    assert str(info.value) == NON_PERSISTENT


def test_non_persistent_tape_jacobian_after_jacobian_raises(tf):
    v = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(v)
        y = v * v
    tape.jacobian(y, v)
    with pytest.raises(RuntimeError) as info:
        tape.jacobian(y, v)
    assert str(info.value) == NON_PERSISTENT


def test_gradient_inside_the_tape_context(tf):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        g = tape.gradient(y, x)
    assert_value(g, 4.0)


def test_stop_recording(tf):
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        with tape.stop_recording():
            z = x * x * x
        w = y + z
    assert tape.gradient(z, x) is None
    assert_value(tape.gradient(w, x), 4.0)     # only the recorded y = x*x path counts
    with pytest.raises(ValueError, match="Tape is not recording."):
        with tape.stop_recording():
            pass


def test_reset_discards_recorded_ops_and_watches(tf):
    a = tf.constant(2.0)
    c = tf.constant(5.0)
    with tf.GradientTape() as tape:
        tape.watch(a)
        y = a * a
        tape.reset()
        tape.watch(c)
        y2 = c * c * a
    ga, gc = tape.gradient(y2, [a, c])
    assert ga is None                       # a is no longer watched after reset
    assert_value(gc, 2 * 5.0 * 2.0)


# ---------------------------------------------------------------------------
# higher-order derivatives
# ---------------------------------------------------------------------------

def test_nested_tapes_second_and_third_derivative_of_cube(tf):
    x = tf.constant(2.0)
    with tf.GradientTape() as t3:
        t3.watch(x)
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = x ** 3
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t3.gradient(d2, x)
    assert_value(d1, 3 * 2.0 ** 2)
    assert_value(d2, 6 * 2.0)
    assert_value(d3, 6.0)


def test_nested_tapes_second_derivative_of_sin_and_tanh(tf):
    x = tf.constant([0.5, 2.0])
    with tf.GradientTape(persistent=True) as outer:
        outer.watch(x)
        with tf.GradientTape(persistent=True) as inner:
            inner.watch(x)
            s = tf.sin(x)
            t = tf.tanh(x)
        ds = inner.gradient(s, x)
        dt = inner.gradient(t, x)
    xn = np.array([0.5, 2.0])
    assert_value(ds, np.cos(xn))
    assert_value(outer.gradient(ds, x), -np.sin(xn))
    th = np.tanh(xn)
    assert_value(dt, 1 - th ** 2)
    assert_value(outer.gradient(dt, x), -2 * th * (1 - th ** 2))


# ---------------------------------------------------------------------------
# jacobian / batch_jacobian
# ---------------------------------------------------------------------------

def test_jacobian_vector_to_vector(tf):
    v = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(v)
        y = v * v
    j = tape.jacobian(y, v)
    assert j.shape == (3, 3)
    assert_value(j, np.diag([2.0, 4.0, 6.0]))
    assert_value(tape.jacobian(y, v, experimental_use_pfor=False), np.diag([2.0, 4.0, 6.0]))


def test_jacobian_matrix_to_matrix(tf):
    mn = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    m = tf.constant(mn)
    with tf.GradientTape() as tape:
        tape.watch(m)
        y = tf.matmul(m, m)
    j = tape.jacobian(y, m)
    assert j.shape == (2, 2, 2, 2)
    assert_value(j, numeric_jacobian(lambda a: a @ a, mn), rtol=1e-4, atol=1e-4)


def test_jacobian_shape_is_target_shape_plus_source_shape(tf):
    v = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(v)
        m = tf.reshape(v, [1, 3]) * tf.constant([[1.0], [2.0]])       # [2, 3]
    j = tape.jacobian(m, v)
    assert j.shape == (2, 3, 3)
    expected = np.zeros((2, 3, 3))
    for i in range(2):
        expected[i] = np.eye(3) * (i + 1)
    assert_value(j, expected)


def test_jacobian_unconnected_source(tf):
    v = tf.constant([1.0, 2.0, 3.0])
    u = tf.constant(1.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([v, u])
        y = v * v
    assert tape.jacobian(y, u) is None
    jv, ju = tape.jacobian(y, [v, u])
    assert_value(jv, np.diag([2.0, 4.0, 6.0]))
    assert ju is None
    z = tape.jacobian(y, u, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert z.shape == (3,)
    assert_value(z, np.zeros(3))


def test_batch_jacobian_shapes_and_values(tf):
    xn = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype=np.float32)
    wn = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=np.float32)
    x = tf.constant(xn)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.matmul(x, tf.constant(wn))        # [3, 3]
        z = tf.square(x)                         # [3, 2]
    bj = tape.batch_jacobian(y, x)
    assert bj.shape == (3, 3, 2)
    assert_value(bj, np.broadcast_to(wn.T, (3, 3, 2)))
    bz = tape.batch_jacobian(z, x)
    assert bz.shape == (3, 2, 2)
    assert_value(bz, np.stack([np.diag(2 * row) for row in xn]))


def test_batch_jacobian_rank_and_unconnected(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    other = tf.zeros([3, 2])
    v = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, v])
        y = x * 2.0
        s = v * 2.0
    with pytest.raises(ValueError, match=r"Shape \(3,\) must have rank at least 2"):
        tape.batch_jacobian(s, v)
    # an unconnected source gives zeros (not None) of shape [batch, target_dim, source_dim]
    bj = tape.batch_jacobian(y, other)
    assert bj is not None and bj.shape == (3, 2, 2)
    assert_value(bj, np.zeros((3, 2, 2)))


# ---------------------------------------------------------------------------
# tf.custom_gradient
# ---------------------------------------------------------------------------

def test_custom_gradient_scaled_identity(tf):
    @tf.custom_gradient
    def scale_grad(x):
        def grad(dy):
            return dy * 0.1
        return tf.identity(x), grad

    v = tf.constant([1.0, 2.0])
    out = scale_grad(v)                       # plain forward call outside any tape
    assert_value(out, [1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(v)
        y = tf.reduce_sum(scale_grad(v) * v)
    # d/dv (s(v) * v) = 0.1 * v (through the custom path) + v (direct)
    assert_value(tape.gradient(y, v), [1.1, 2.2])


def test_custom_gradient_log1pexp_doc_example(tf):
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))
        # forward value computed in NumPy (log is outside the op set this suite may use)
        return tf.constant(np.logaddexp(np.float32(0), x.numpy()), dtype=tf.float32), grad

    for xv, expected in [(0.0, 0.5), (100.0, 1.0), (-2.0, 1 / (1 + np.exp(2.0)))]:
        x = tf.constant(xv)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = log1pexp(x)
        g = tape.gradient(y, x)
        assert np.isfinite(g.numpy())
        assert_value(g, expected)
        assert_value(y, np.logaddexp(0.0, xv))

    # the naive formula's gradient is NaN at x = 100 (inf / inf); the custom one is 1.0
    x = tf.constant(100.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        e = tf.exp(x)
        naive = e / (1.0 + e)
    assert np.isnan(tape.gradient(naive, x).numpy())


def test_custom_gradient_two_inputs_and_upstream(tf):
    @tf.custom_gradient
    def mul2(a, b):
        def grad(dy):
            return dy * b * 10.0, dy * a * 100.0
        return a * b, grad

    a = tf.constant(2.0)
    b = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch([a, b])
        y = mul2(a, b) * 2.0              # upstream gradient is 2
    assert_value(y, 12.0)
    ga, gb = tape.gradient(y, [a, b])
    assert_value(ga, 2.0 * 3.0 * 10.0)
    assert_value(gb, 2.0 * 2.0 * 100.0)


def test_custom_gradient_none_grad_and_multiple_outputs(tf):
    @tf.custom_gradient
    def first_is_none(a, b):
        def grad(dy):
            return None, dy * 2.0
        return a * b, grad

    @tf.custom_gradient
    def two_out(x):
        def grad(dy1, dy2):
            return dy1 * 2.0 + dy2 * 3.0
        return (x * 1.0, x * 1.0), grad

    a = tf.constant(2.0)
    b = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([a, b])
        y = first_is_none(a, b)
        p, q = two_out(a)
        z = p * 5.0 + q * 7.0
    ga, gb = tape.gradient(y, [a, b])
    assert ga is None
    assert_value(gb, 2.0)
    assert_value(tape.gradient(z, a), 5.0 * 2.0 + 7.0 * 3.0)


def test_custom_gradient_wrong_number_of_grads_raises(tf):
    @tf.custom_gradient
    def too_few(a, b):
        def grad(dy):
            return dy
        return a * b, grad

    @tf.custom_gradient
    def too_many(a):
        def grad(dy):
            return dy, dy
        return a * 2.0, grad

    a = tf.constant(2.0)
    b = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch([a, b])
        y = too_few(a, b)
    with pytest.raises(ValueError) as info:
        tape.gradient(y, [a, b])
    assert str(info.value) == ("custom_gradient function expected to return 2 gradients, "
                               "but returned 1 instead.")
    with tf.GradientTape() as tape:
        tape.watch(a)
        y = too_many(a)
    with pytest.raises(ValueError) as info:
        tape.gradient(y, a)
    assert str(info.value) == ("custom_gradient function expected to return 1 gradients, "
                               "but returned 2 instead.")


def test_custom_gradient_inside_nested_tapes(tf):
    @tf.custom_gradient
    def cube(x):
        def grad(dy):
            return dy * 3.0 * x * x          # recorded by the outer tape
        return x * x * x, grad

    x = tf.constant(2.0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = cube(x)
        d1 = inner.gradient(y, x)
    d2 = outer.gradient(d1, x)
    assert_value(y, 8.0)
    assert_value(d1, 12.0)
    assert_value(d2, 12.0)
    with tf.GradientTape() as tape:           # not watched: no gradient
        y = cube(x)
    assert tape.gradient(y, x) is None


# ---------------------------------------------------------------------------
# IndexedSlices, stop_gradient
# ---------------------------------------------------------------------------

def test_gather_gradient_is_indexed_slices(tf):
    p = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    idx = tf.constant([2, 0, 2])
    with tf.GradientTape() as tape:
        tape.watch(p)
        y = tf.reduce_sum(tf.gather(p, idx) * tf.constant([[1.0], [10.0], [100.0]]))
    g = tape.gradient(y, p)
    assert type(g).__name__ == "IndexedSlices"
    assert isinstance(g, tf.IndexedSlices)
    assert not isinstance(g, tf.Tensor)
    assert g.dtype == tf.float32
    assert g.shape == (3, 2)
    assert_value(g.values, [[1.0, 1.0], [10.0, 10.0], [100.0, 100.0]])
    np.testing.assert_array_equal(np.asarray(g.indices), [2, 0, 2])
    assert g.indices.dtype == tf.int32
    np.testing.assert_array_equal(np.asarray(g.dense_shape), [3, 2])
    dense = tf.convert_to_tensor(g)
    assert isinstance(dense, tf.Tensor)
    assert dense.shape == (3, 2)
    assert_value(dense, [[10.0, 10.0], [0.0, 0.0], [101.0, 101.0]])  # duplicate rows summed


def test_gather_gradient_mixed_with_dense_is_dense(tf):
    p = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(p)
        y = tf.reduce_sum(tf.gather(p, tf.constant([2, 0, 2]))) + tf.reduce_sum(p)
        y1 = tf.reduce_sum(tf.gather(p, tf.constant([1, 1]), axis=1))
    g = tape.gradient(y, p)
    assert isinstance(g, tf.Tensor)
    assert_value(g, [[2.0, 2.0], [1.0, 1.0], [3.0, 3.0]])
    g1 = tape.gradient(y1, p)                 # gather on a non-zero axis: dense gradient
    assert isinstance(g1, tf.Tensor)
    assert_value(g1, [[0.0, 2.0], [0.0, 2.0], [0.0, 2.0]])


def test_stop_gradient_blocks_the_path(tf):
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        s = tf.stop_gradient(x * x)
        y = s * x
        z = tf.stop_gradient(x)
    assert tape.gradient(s, x) is None
    assert tape.gradient(z, x) is None
    assert_value(tape.gradient(s, x, unconnected_gradients="zero"), 0.0)
    assert_value(tape.gradient(y, x), 9.0)             # s is treated as the constant 9
    assert_value(s, 9.0)


# ---------------------------------------------------------------------------
# graph mode
# ---------------------------------------------------------------------------

def test_gradient_tape_in_graph_mode_returns_graph_tensors(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2], name="x")
        c = tf.compat.v1.placeholder(tf.float32, [2], name="c")
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(x * x * c)
        gx, gc = tape.gradient(y, [x, c])
        assert gc is None                       # c was not watched
        assert gx.graph is g
        assert gx.shape == (2,) and gx.dtype == tf.float32
        assert not tf.executing_eagerly()
        with tf.compat.v1.Session() as sess:
            value = sess.run(gx, {x: [1.0, 3.0], c: [2.0, 5.0]})
    assert_value(value, [2 * 1.0 * 2.0, 2 * 3.0 * 5.0])


def test_nested_tapes_and_custom_gradient_in_graph_mode(tf):
    @tf.custom_gradient
    def scale_grad(x):
        def grad(dy):
            return dy * 0.1
        return tf.identity(x), grad

    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2])
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = tf.reduce_sum(x * x * x)
            d1 = inner.gradient(y, x)
        d2 = outer.gradient(d1, x)
        with tf.GradientTape() as tape:
            tape.watch(x)
            z = tf.reduce_sum(scale_grad(x) * 3.0)
        gz = tape.gradient(z, x)
        with tf.compat.v1.Session() as sess:
            v1, v2, vz = sess.run([d1, d2, gz], {x: [1.0, 2.0]})
    assert_value(v1, [3.0, 12.0])
    assert_value(v2, [6.0, 12.0])
    assert_value(vz, [0.3, 0.3])


def test_a_variable_read_several_ways_sums_every_path(tf):
    # Plain reads (x2), a gather (sparse gradient) and read_value, on a persistent tape
    # asked twice: 2v + [2, 0, 1] + 3.
    v = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        y = tf.reduce_sum(v * v) + tf.reduce_sum(tf.gather(v, [0, 0, 2])) + \
            tf.reduce_sum(v.read_value() * 3.0)
    for _ in range(2):
        np.testing.assert_allclose(tf.convert_to_tensor(tape.gradient(y, v)).numpy(),
                                   [7.0, 7.0, 10.0])
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            z = tf.reduce_sum(v * v * v)
        first = inner.gradient(z, v)          # 3v^2
    np.testing.assert_allclose(first.numpy(), [3.0, 12.0, 27.0])
    np.testing.assert_allclose(outer.gradient(first, v).numpy(), [6.0, 12.0, 18.0])
