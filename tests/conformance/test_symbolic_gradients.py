"""Conformance: graph-mode tf.gradients and tf.hessians (TF 2.21 oracle).

Everything is built inside `with tf.Graph().as_default():` and evaluated with a v1 Session.
Gradient values are checked against hand-computed derivatives or central finite differences.
Every expectation here was checked against real TensorFlow 2.21.
"""
import numpy as np
import pytest

EAGER_MSG = "tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead."


def assert_value(value, expected, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(np.asarray(value), expected, rtol=rtol, atol=atol)


def numeric_grad(f, x, eps=1e-6):
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        hi, lo = x.copy(), x.copy()
        hi[i] += eps
        lo[i] -= eps
        grad[i] = (f(hi) - f(lo)) / (2 * eps)
    return grad


def run(tf, fetches, feed=None):
    with tf.compat.v1.Session() as sess:
        return sess.run(fetches, feed)


# ---------------------------------------------------------------------------
# basics
# ---------------------------------------------------------------------------

def test_gradients_basic_value_and_return_type(tf):
    with tf.Graph().as_default() as g:
        x = tf.compat.v1.placeholder(tf.float32, [3], name="x")
        y = tf.reduce_sum(x * x * x)
        grads = tf.gradients(y, x)
        assert isinstance(grads, list) and len(grads) == 1
        gx = grads[0]
        assert isinstance(gx, tf.Tensor)
        assert gx.graph is g
        assert gx.dtype == tf.float32 and gx.shape == (3,)
        assert isinstance(tf.gradients(y, (x,)), list)
        value = run(tf, gx, {x: [1.0, 2.0, 3.0]})
    assert_value(value, 3 * np.array([1.0, 2.0, 3.0]) ** 2)


def test_gradients_in_eager_mode_raise_runtime_error(tf):
    x = tf.constant(1.0)
    with pytest.raises(RuntimeError) as info:
        tf.gradients(x * x, x)
    assert str(info.value) == EAGER_MSG
    with pytest.raises(RuntimeError) as info:
        tf.hessians(x * x, x)
    assert str(info.value) == EAGER_MSG


def test_multiple_ys_are_summed(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3])
        y1 = tf.reduce_sum(x * x)
        y2 = tf.reduce_sum(3.0 * x)
        grads = tf.gradients([y1, y2], x)
        assert len(grads) == 1
        value = run(tf, grads[0], {x: [1.0, 2.0, 3.0]})
    assert_value(value, [5.0, 7.0, 9.0])


def test_multiple_xs_give_one_gradient_each(tf):
    with tf.Graph().as_default():
        a = tf.compat.v1.placeholder(tf.float32, [2])
        b = tf.compat.v1.placeholder(tf.float32, [2])
        y = tf.reduce_sum(a * b * b)
        ga, gb = tf.gradients(y, [a, b])
        va, vb = run(tf, [ga, gb], {a: [1.0, 2.0], b: [3.0, 4.0]})
    assert_value(va, [9.0, 16.0])
    assert_value(vb, [2 * 1.0 * 3.0, 2 * 2.0 * 4.0])


def test_grad_ys_weight_the_ys(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3])
        w = x * x
        g1 = tf.gradients(w, x, grad_ys=tf.constant([1.0, 10.0, 100.0]))
        # a None entry in grad_ys means ones for that y
        g2 = tf.gradients([w, w], x, grad_ys=[tf.constant([1.0, 10.0, 100.0]), None])
        v1, v2 = run(tf, [g1[0], g2[0]], {x: [1.0, 2.0, 3.0]})
    assert_value(v1, [2.0, 40.0, 600.0])
    assert_value(v2, [4.0, 44.0, 606.0])


def test_grad_ys_length_mismatch_raises(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3])
        w = x * x
        with pytest.raises(ValueError, match="Length mismatch. Passed 1 grad_ys for 2 ys"):
            tf.gradients([w, w], x, grad_ys=[tf.constant([1.0, 2.0, 3.0])])


# ---------------------------------------------------------------------------
# stop_gradients, tf.stop_gradient, unconnected xs
# ---------------------------------------------------------------------------

def test_stop_gradients_argument(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3])
        a = x * 2.0
        b = a * a
        stopped = tf.gradients(b, [x, a], stop_gradients=[a])
        assert stopped[0] is None                  # x only reaches b through the stopped a
        single = tf.gradients(b, x, stop_gradients=a)
        assert single == [None]
        full = tf.gradients(b, [x, a])
        va, vx, va_full = run(tf, [stopped[1], full[0], full[1]], {x: [1.0, 2.0, 3.0]})
    assert_value(va, [4.0, 8.0, 12.0])             # db/da = 2a
    assert_value(vx, [8.0, 16.0, 24.0])            # db/dx = 8x without the stop
    assert_value(va_full, [4.0, 8.0, 12.0])


def test_stop_gradient_op_is_treated_as_constant(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3])
        y = tf.reduce_sum(tf.stop_gradient(x) * x)
        assert tf.gradients(tf.reduce_sum(tf.stop_gradient(x * x)), x) == [None]
        value = run(tf, tf.gradients(y, x)[0], {x: [1.0, 2.0, 3.0]})
    assert_value(value, [1.0, 2.0, 3.0])


@pytest.mark.parametrize("zero", ["zero", "enum"])
def test_unconnected_xs_none_and_zero(tf, zero):
    if zero == "enum":
        zero = tf.UnconnectedGradients.ZERO
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3])
        z = tf.compat.v1.placeholder(tf.float32, [3])
        c = tf.constant(1.0)
        y = tf.reduce_sum(x * x)
        gx, gz = tf.gradients(y, [x, z])
        assert gz is None
        assert tf.gradients(y, c) == [None]
        assert tf.gradients(y, [x, z], unconnected_gradients="none")[1] is None
        gx0, gz0 = tf.gradients(y, [x, z], unconnected_gradients=zero)
        assert gz0.dtype == tf.float32 and gz0.shape == (3,)
        vx, vz = run(tf, [gx0, gz0], {x: [1.0, 2.0, 3.0], z: [7.0, 8.0, 9.0]})
    assert_value(vx, [2.0, 4.0, 6.0])
    assert_value(vz, [0.0, 0.0, 0.0])


def test_unknown_unconnected_gradients_value_raises(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3])
        y = tf.reduce_sum(x * x)
        with pytest.raises(ValueError, match="Unknown value for unconnected_gradients: 'bad'"):
            tf.gradients(y, x, unconnected_gradients="bad")


def test_integer_ys_and_xs_give_none(tf):
    with tf.Graph().as_default():
        xi = tf.compat.v1.placeholder(tf.int32, [2])
        yi = xi * 2
        assert tf.gradients(yi, xi) == [None]


def test_xs_from_another_graph_raise(tf):
    g1 = tf.Graph()
    with g1.as_default():
        a = tf.constant(1.0)
    with tf.Graph().as_default():
        b = tf.constant(2.0) * 3.0
        with pytest.raises(ValueError, match="must be from the same graph as"):
            tf.gradients(b, a)


# ---------------------------------------------------------------------------
# op names
# ---------------------------------------------------------------------------

def test_gradient_op_names_for_x_times_x(tf):
    with tf.Graph().as_default() as g:
        x = tf.compat.v1.placeholder(tf.float32, name="x")
        y = x * x
        before = {op.name for op in g.get_operations()}
        (gx,) = tf.gradients(y, x)
        # both inputs of the Mul are x: the two partial gradients are added with AddN
        assert gx.name == "gradients/AddN:0"
        assert gx.op.name == "gradients/AddN"
        assert gx.op.type == "AddN"
        new = [op for op in g.get_operations() if op.name not in before]
        assert new and all(op.name.startswith("gradients/") for op in new)
        assert any(op.name.startswith("gradients/mul_grad/") for op in new)
        names = {op.name for op in new}
        assert "gradients/grad_ys_0" in names               # the default ones for y
        assert g.get_operation_by_name("gradients/grad_ys_0").type == "Fill"
        assert run(tf, gx, {x: 3.0}) == pytest.approx(6.0)


def test_gradient_name_scopes_are_uniquified_and_named(tf):
    with tf.Graph().as_default() as g:
        x = tf.constant([1.0, 2.0], name="x")
        y = tf.multiply(x, x, name="y")
        first = tf.gradients(y, x)[0]
        second = tf.gradients(y, x)[0]
        named = tf.gradients(y, x, name="mygrads")[0]
        with tf.name_scope("outer"):
            scoped = tf.gradients(y, x)[0]
        assert first.name == "gradients/AddN:0"
        assert second.name == "gradients_1/AddN:0"
        assert named.name == "mygrads/AddN:0"
        assert scoped.name == "outer/gradients/AddN:0"
        # the per-op gradient scope is named after the forward op
        assert any(op.name.startswith("gradients/y_grad/") for op in g.get_operations())


# ---------------------------------------------------------------------------
# specific ops
# ---------------------------------------------------------------------------

def test_matmul_gradients_with_partially_unknown_shapes(tf):
    an = np.arange(6, dtype=np.float32).reshape(2, 3)
    bn = np.arange(12, dtype=np.float32).reshape(3, 4) / 10
    gyn = np.arange(8, dtype=np.float32).reshape(2, 4)
    with tf.Graph().as_default():
        a = tf.compat.v1.placeholder(tf.float32, [None, 3])
        b = tf.compat.v1.placeholder(tf.float32, [3, None])
        gy = tf.compat.v1.placeholder(tf.float32, [None, None])
        c = tf.matmul(a, b)
        assert c.shape.as_list() == [None, None]
        ga, gb = tf.gradients(tf.reduce_sum(c), [a, b])
        assert ga.shape.as_list() == [None, 3]
        assert gb.shape.as_list() == [3, None]
        ga2, gb2 = tf.gradients(c, [a, b], grad_ys=gy)
        assert ga2.shape.as_list() == [None, 3]
        assert gb2.shape.as_list() == [3, None]
        va, vb, va2, vb2 = run(tf, [ga, gb, ga2, gb2], {a: an, b: bn, gy: gyn})
    ones = np.ones((2, 4), dtype=np.float32)
    assert_value(va, ones @ bn.T)
    assert_value(vb, an.T @ ones)
    assert_value(va2, gyn @ bn.T)
    assert_value(vb2, an.T @ gyn)


def test_reduce_mean_gradient(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2, 3])
        m_all = tf.reduce_mean(x * x)
        m_axis = tf.reduce_sum(tf.reduce_mean(x, axis=1) * tf.constant([1.0, 10.0]))
        g_all, g_axis = tf.gradients(m_all, x)[0], tf.gradients(m_axis, x)[0]
        xn = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=np.float32)
        v_all, v_axis = run(tf, [g_all, g_axis], {x: xn})
    assert_value(v_all, 2 * xn / 6)
    assert_value(v_axis, [[1 / 3] * 3, [10 / 3] * 3])


def test_reshape_gradient(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2, 3])
        r = tf.reshape(x, [3, 2]) * tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        (gx,) = tf.gradients(tf.reduce_sum(r), x)
        assert gx.shape == (2, 3)
        value = run(tf, gx, {x: np.zeros((2, 3), np.float32)})
    assert_value(value, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def test_gradients_wrt_an_intermediate_tensor(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3])
        h = tf.tanh(x)
        y = tf.reduce_sum(h * h * h)
        gh, gx = tf.gradients(y, [h, x])
        xn = np.array([0.1, -0.5, 1.2], dtype=np.float32)
        vh, vx = run(tf, [gh, gx], {x: xn})
    th = np.tanh(xn.astype(np.float64))
    assert_value(vh, 3 * th ** 2)
    assert_value(vx, numeric_grad(lambda v: np.sum(np.tanh(v) ** 3), xn), rtol=1e-4, atol=1e-5)


def test_composite_function_matches_finite_differences(tf):
    xn = np.array([[0.3, -1.2], [0.7, 1.5]], dtype=np.float32)
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2, 2])
        y = tf.reduce_mean(tf.exp(tf.sin(x)) / (1.0 + tf.square(x))) \
            + tf.reduce_sum(tf.matmul(x, x) - x)
        (gx,) = tf.gradients(y, x)
        value = run(tf, gx, {x: xn})

    def f(v):
        return np.mean(np.exp(np.sin(v)) / (1.0 + v ** 2)) + np.sum(v @ v - v)

    assert_value(value, numeric_grad(f, xn), rtol=1e-4, atol=1e-5)


def test_gather_gradient_is_indexed_slices_in_graph(tf):
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [3, 2])
        y = tf.reduce_sum(tf.gather(p, tf.constant([2, 0, 2])))
        (gp,) = tf.gradients(y, p)
        assert isinstance(gp, tf.IndexedSlices)
        dense = tf.convert_to_tensor(gp)
        assert isinstance(dense, tf.Tensor)
        sv, dv = run(tf, [gp, dense], {p: np.ones((3, 2), np.float32)})
    assert type(sv).__name__ == "IndexedSlicesValue"
    assert_value(sv.values, np.ones((3, 2)))
    np.testing.assert_array_equal(sv.indices, [2, 0, 2])
    np.testing.assert_array_equal(sv.dense_shape, [3, 2])
    assert_value(dv, [[1.0, 1.0], [0.0, 0.0], [2.0, 2.0]])


# ---------------------------------------------------------------------------
# hessians
# ---------------------------------------------------------------------------

def test_hessians_of_quadratic_plus_cubic(tf):
    a = np.array([[1.0, 2.0, 0.0], [3.0, 4.0, 5.0], [0.0, 6.0, 7.0]], dtype=np.float32)
    xn = np.array([1.0, 2.0, 3.0], dtype=np.float32)
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3])
        f = tf.reduce_sum(tf.matmul(tf.reshape(x, [1, 3]), tf.matmul(tf.constant(a), tf.reshape(x, [3, 1])))) \
            + tf.reduce_sum(x * x * x)
        h = tf.hessians(f, x)
        assert isinstance(h, list) and len(h) == 1
        assert h[0].shape == (3, 3)
        assert tf.hessians(f, [x])[0].shape == (3, 3)
        value = run(tf, h[0], {x: xn})
    assert_value(value, a + a.T + np.diag(6 * xn))


def test_hessians_multiple_xs_and_matrix_x(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [3])
        y = tf.compat.v1.placeholder(tf.float32, [2])
        m = tf.compat.v1.placeholder(tf.float32, [2, 2])
        f = tf.reduce_sum(x * x) * tf.reduce_sum(y * y)
        hx, hy = tf.hessians(f, [x, y])
        assert hx.shape == (3, 3) and hy.shape == (2, 2)
        (hm,) = tf.hessians(tf.reduce_sum(m * m * m), m)
        assert hm.shape == (2, 2, 2, 2)
        vx, vy, vm = run(tf, [hx, hy, hm], {x: [1.0, 2.0, 3.0], y: [1.0, 2.0],
                                             m: [[1.0, 2.0], [3.0, 4.0]]})
    assert_value(vx, 2 * 5.0 * np.eye(3))          # 2 * sum(y^2)
    assert_value(vy, 2 * 14.0 * np.eye(2))         # 2 * sum(x^2)
    assert_value(vm.reshape(4, 4), np.diag([6.0, 12.0, 18.0, 24.0]))


def test_hessians_with_partially_unknown_shape(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None])
        (h,) = tf.hessians(tf.reduce_sum(x * x * x), x)
        assert h.shape.as_list() == [None, None]
        value = run(tf, h, {x: [1.0, 2.0]})
    assert_value(value, [[6.0, 0.0], [0.0, 12.0]])
