"""Gradients of real losses of complex tensors, against finite differences.

TF's convention: the gradient of a real loss L by z = x + iy is dL/dx + i dL/dy, so each
op's rule multiplies the incoming gradient by the conjugate of its derivative (Mul's is
grad * conj(y)). Every case below is differentiated on an eager tape, on an eager tape under
a recording outer tape (a second-order setting, so tensorlite uses its symbolic rules), in a
graph with tf.gradients and in a tf.function, and compared with central differences taken
on the real and imaginary parts of every input.
"""
import numpy as np
import pytest

Z = np.array([[0.4 + 0.3j, 0.7 - 0.5j, 0.2 + 0.6j],
              [0.9 + 0.1j, 0.3 - 0.2j, 0.6 + 0.4j]])   # |z| < 1 and Re z > 0: no branch cuts
W = np.array([[0.5 - 0.4j, 0.8 + 0.2j, 0.3 + 0.7j],
              [0.6 + 0.5j, 0.9 - 0.3j, 0.4 - 0.6j]])
A = np.array([[0.3 + 0.1j, -0.6 + 0.4j], [0.5 - 0.7j, 0.2 + 0.9j], [-0.4 - 0.2j, 0.8 + 0.3j]])
B3 = np.stack([A[:2], -A[1:] * 1j, A[::2].conj()])    # a (3, 2, 2) batch


def _unary(name):
    return (name, lambda tf, z: getattr(tf.math, name)(z), [Z])


# (id, build(tf, *inputs), inputs, whether only the real part of the output enters the
# loss: for ops whose complex result is real-valued, TF's rule gives an imaginary upstream
# gradient a contribution that no finite difference can see).
CASES = [_unary(name) + (False,) for name in (
    "square", "sqrt", "rsqrt", "exp", "expm1", "log", "log1p", "sin", "cos", "tan", "tanh",
    "sinh", "cosh", "asin", "acos", "atan", "sigmoid", "reciprocal", "negative", "conj",
    "sign")] + [
    ("abs", lambda tf, z, w: tf.abs(z * w), [Z, W], False),
    ("multiply", lambda tf, z, w: z * w, [Z, W], False),
    ("multiply-broadcast", lambda tf, z, w: z * w, [Z, W[0]], False),
    ("multiply-self", lambda tf, z: z * z, [Z], False),
    ("divide", lambda tf, z, w: tf.math.divide(z, w), [Z, W], False),
    ("divide-broadcast", lambda tf, z, w: z / w, [Z, W[1, :1]], False),
    ("divide_no_nan", lambda tf, z, w: tf.math.divide_no_nan(z, w), [Z, W], False),
    ("add-subtract", lambda tf, z, w: (z + w) * (z - w), [Z, W], False),
    ("add_n", lambda tf, z, w: tf.add_n([z, w * z, w]), [Z, W], False),
    ("pow", lambda tf, z, w: tf.pow(z, w), [Z, W], False),
    ("pow-constant-exponent", lambda tf, z: z ** 3, [Z], False),
    ("matmul", lambda tf, a, b: tf.matmul(a, b), [Z, A], False),
    ("matmul-transpose_a", lambda tf, a, b: tf.matmul(a, b, transpose_a=True), [A, W.T],
     False),
    ("matmul-transpose_b", lambda tf, a, b: tf.matmul(a, b, transpose_b=True), [Z, W],
     False),
    ("matmul-transpose_both", lambda tf, a, b: tf.matmul(a, b, transpose_a=True,
                                                         transpose_b=True), [A, W], False),
    ("matmul-adjoint", lambda tf, a, b: tf.matmul(a, b, adjoint_a=True, adjoint_b=True),
     [A, W], False),
    ("matmul-batched", lambda tf, a, b: tf.matmul(a, b), [B3, B3[::-1]], False),
    ("matmul-batched-adjoint_b", lambda tf, a, b: tf.matmul(a, b, adjoint_b=True),
     [B3, B3[::-1]], False),
    ("matmul-broadcast-batch", lambda tf, a, b: tf.matmul(a, b), [B3, A[1:]], False),
    ("reduce_sum", lambda tf, z, w: tf.reduce_sum(z * w, axis=1), [Z, W], False),
    ("reduce_mean", lambda tf, z, w: tf.reduce_mean(z * w, axis=0), [Z, W], False),
    ("reduce_prod", lambda tf, z: tf.reduce_prod(z), [Z], False),
    ("reduce_prod-axis", lambda tf, z: tf.reduce_prod(z, axis=1), [Z], False),
    ("reduce_prod-keepdims", lambda tf, z: tf.reduce_prod(z, axis=0, keepdims=True), [Z],
     False),
    ("chain", lambda tf, z, w: tf.exp(tf.sin(z) * w) / (1 + tf.square(z)), [Z, W], False),
    ("squared_difference", lambda tf, z, w: tf.math.squared_difference(z, w), [Z, W], True),
    ("reduce_euclidean_norm", lambda tf, z: tf.math.reduce_euclidean_norm(z, axis=1), [Z],
     True),
]


def _weights(shape, real_only):
    rng = np.random.default_rng(7)
    a = rng.uniform(-1, 1, shape)
    return a, (np.zeros(shape) if real_only else rng.uniform(-1, 1, shape))


def _loss(tf, out, a, b):
    # sum(a Re(out) + b Im(out)): the incoming gradient of `out` is a + ib.
    real_dtype = tf.math.real(out).dtype
    return tf.reduce_sum(tf.math.real(out) * tf.constant(a, real_dtype)) + \
        tf.reduce_sum(tf.math.imag(out) * tf.constant(b, real_dtype))


def _numeric(tf, build, values, a, b, eps=1e-6):
    def loss(args):
        return float(_loss(tf, build(tf, *[tf.constant(v) for v in args]), a, b).numpy())
    grads = []
    for index, value in enumerate(values):
        grad = np.zeros_like(value)
        for k in range(value.size):
            for step in (eps, eps * 1j):       # dL/dx + i dL/dy
                plus = [v.copy() for v in values]
                minus = [v.copy() for v in values]
                plus[index].reshape(-1)[k] += step
                minus[index].reshape(-1)[k] -= step
                grad.reshape(-1)[k] += (loss(plus) - loss(minus)) / (2 * eps) * step / eps
        grads.append(grad)
    return grads


def _eager(tf, build, values, a, b, watched):
    args = [tf.constant(v) for v in values]
    with tf.GradientTape() as tape:
        tape.watch([args[i] for i in watched])
        loss = _loss(tf, build(tf, *args), a, b)
    return tape.gradient(loss, [args[i] for i in watched])


def _under_outer_tape(tf, build, values, a, b, watched):
    args = [tf.constant(v) for v in values]
    with tf.GradientTape() as outer:
        outer.watch(args)
        grads = _eager_with(tf, build, args, a, b, watched)
    return grads


def _eager_with(tf, build, args, a, b, watched):
    with tf.GradientTape() as tape:
        tape.watch([args[i] for i in watched])
        loss = _loss(tf, build(tf, *args), a, b)
    return tape.gradient(loss, [args[i] for i in watched])


def _graph(tf, build, values, a, b, watched):
    with tf.Graph().as_default():
        inputs = [tf.compat.v1.placeholder(tf.complex128, v.shape) for v in values]
        grads = tf.gradients(_loss(tf, build(tf, *inputs), a, b),
                             [inputs[i] for i in watched])
        with tf.compat.v1.Session() as session:
            return session.run(grads, dict(zip(inputs, values)))


def _function(tf, build, values, a, b, watched):
    @tf.function
    def gradients(*args):
        return _eager_with(tf, build, list(args), a, b, watched)
    return gradients(*[tf.constant(v) for v in values])


MODES = {"eager": _eager, "outer_tape": _under_outer_tape, "graph": _graph,
         "function": _function}


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_gradient_matches_finite_differences(tf, case, mode):
    _, build, values, real_only = case
    values = [np.ascontiguousarray(v) for v in values]     # flat views for the differences
    shape = np.shape(build(tf, *[tf.constant(v) for v in values]).numpy())
    a, b = _weights(shape, real_only)
    expected = _numeric(tf, build, values, a, b)
    watch_sets = [list(range(len(values)))] + ([[0], [1]] if len(values) > 1 else [])
    for watched in watch_sets:      # one input alone: rules that skip the other one
        got = MODES[mode](tf, build, values, a, b, watched)
        for index, grad in zip(watched, got):
            grad = np.asarray(grad)
            assert grad.dtype == np.complex128
            np.testing.assert_allclose(grad, expected[index], rtol=1e-6, atol=1e-7,
                                       err_msg=f"input {index}, watching {watched}")


def test_measured_examples(tf):
    # d Re(z^2)/dy = -2y and d Im(exp z)/dx = e^x sin y, as TF gives them.
    z = tf.constant([0.5 + 1.5j], tf.complex128)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(z)
        square = tf.math.real(z * z)
        exponential = tf.math.imag(tf.exp(z))
    np.testing.assert_allclose(tape.gradient(square, z).numpy(), [1.0 - 3.0j])
    np.testing.assert_allclose(tape.gradient(exponential, z).numpy(),
                               [np.exp(0.5) * (np.sin(1.5) + 1j * np.cos(1.5))])


def test_complex64_gradients_keep_the_dtype(tf):
    z = tf.constant(Z.astype(np.complex64))
    w = tf.constant(W.astype(np.complex64))
    with tf.GradientTape() as tape:
        tape.watch([z, w])
        loss = tf.reduce_sum(tf.math.real(tf.matmul(tf.exp(z) * w, tf.transpose(w)))) + \
            tf.reduce_sum(tf.math.imag(tf.tanh(z) / w))
    grads = tape.gradient(loss, [z, w])
    with tf.GradientTape() as tape:
        z128, w128 = tf.constant(Z), tf.constant(W)
        tape.watch([z128, w128])
        loss = tf.reduce_sum(tf.math.real(tf.matmul(tf.exp(z128) * w128,
                                                    tf.transpose(w128)))) + \
            tf.reduce_sum(tf.math.imag(tf.tanh(z128) / w128))
    for grad, wide in zip(grads, tape.gradient(loss, [z128, w128])):
        assert grad.dtype == tf.complex64
        np.testing.assert_allclose(grad.numpy(), wide.numpy(), rtol=1e-5, atol=1e-6)


def test_cumprod_gradient_takes_no_conjugate(tf):
    # Unlike Prod's, TF's Cumprod rule conjugates nothing: sum_{j >= i} g_j y_j / x_i.
    z = tf.constant(Z[0])
    g = W[1]
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = tf.math.cumprod(z)
    expected = np.cumsum((np.cumprod(Z[0]) * g)[::-1])[::-1] / Z[0]
    np.testing.assert_allclose(tape.gradient(out, z, output_gradients=tf.constant(g)).numpy(),
                               expected)


def test_squared_difference_of_complex_is_its_squared_modulus(tf):
    # TF's SquaredDifference is conj(x - y) (x - y); its rule is 2 g (x - y) all the same.
    x, y = tf.constant(Z), tf.constant(W)
    np.testing.assert_allclose(tf.math.squared_difference(x, y).numpy(),
                               np.abs(Z - W) ** 2 + 0j)
    with tf.GradientTape() as tape:
        tape.watch(x)
        out = tf.math.squared_difference(x, y)
    g = W[::-1] * 1j
    np.testing.assert_allclose(tape.gradient(out, x, output_gradients=tf.constant(g)).numpy(),
                               2 * g * (Z - W))
