"""Conformance: one graph run again and again with shapes that change between runs.

tensorlite specializes a compiled run to the shapes it last saw (shape folding); these
programs change the batch size, grow data-dependent shapes and fetch shapes themselves, and
every result must stay what TF computes (checked against TF 2.21 and NumPy).
"""
import numpy as np


def _mlp_graph(tf):
    """A two-layer regression step on a None-batch placeholder, with its gradients."""
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [None, 3])
        y = v1.placeholder(tf.float32, [None, 1])
        w1 = tf.Variable(np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4))
        b1 = tf.Variable(np.full(4, 0.1, np.float32))
        w2 = tf.Variable(np.linspace(1, -1, 4, dtype=np.float32).reshape(4, 1))
        hidden = tf.nn.relu(tf.matmul(x, w1) + b1)
        loss = tf.reduce_mean(tf.square(tf.matmul(hidden, w2) - y))
        grads = tf.gradients(loss, [w1, b1, w2, x])
        init = v1.global_variables_initializer()
    return graph, x, y, loss, grads, init


def _numpy_mlp(x, y):
    w1 = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
    b1 = np.full(4, 0.1, np.float32)
    w2 = np.linspace(1, -1, 4, dtype=np.float32).reshape(4, 1)
    pre = x @ w1 + b1
    hidden = np.maximum(pre, 0)
    diff = hidden @ w2 - y
    d_out = 2 * diff / diff.size
    d_hidden = (d_out @ w2.T) * (pre > 0)
    return (np.mean(diff ** 2), [x.T @ d_hidden, d_hidden.sum(0), hidden.T @ d_out,
                                 d_hidden @ w1.T])


def test_gradients_follow_the_batch_size_from_run_to_run(tf):
    graph, x, y, loss, grads, init = _mlp_graph(tf)
    rng = np.random.default_rng(0)
    with tf.compat.v1.Session(graph=graph) as sess:
        sess.run(init)
        for batch in (5, 5, 5, 2, 2, 7, 1, 5):
            x_value = rng.standard_normal((batch, 3)).astype(np.float32)
            y_value = rng.standard_normal((batch, 1)).astype(np.float32)
            got_loss, got_grads = sess.run([loss, grads], {x: x_value, y: y_value})
            want_loss, want_grads = _numpy_mlp(x_value, y_value)
            np.testing.assert_allclose(got_loss, want_loss, rtol=1e-5)
            for got, want in zip(got_grads, want_grads):
                assert got.shape == want.shape
                np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)


def test_data_dependent_shapes_are_recomputed(tf):
    graph = tf.Graph()
    with graph.as_default():
        values = tf.compat.v1.placeholder(tf.float32, [None])
        kept = tf.boolean_mask(values, values > 0)
        count = tf.shape(kept)[0]
        padded = tf.pad(kept, [[0, 4 - count]])
        mean = tf.reduce_mean(kept)
    with tf.compat.v1.Session(graph=graph) as sess:
        for data in ([1.0, -1.0, 2.0], [3.0, 4.0, -5.0], [-1.0, 6.0, -2.0],
                     [1.0, 2.0, 3.0, 4.0], [1.0, -2.0, 3.0]):
            positive = np.array([v for v in data if v > 0], np.float32)
            got_count, got_padded, got_mean = sess.run([count, padded, mean],
                                                       {values: data})
            assert got_count == len(positive)
            np.testing.assert_allclose(got_padded,
                                       np.pad(positive, (0, 4 - len(positive))))
            np.testing.assert_allclose(got_mean, positive.mean(), rtol=1e-6)


def test_fetched_shapes_are_fresh_arrays(tf):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2])
        shape = tf.shape(x)
        doubled = shape * 2
    with tf.compat.v1.Session(graph=graph) as sess:
        first = sess.run(doubled, {x: np.zeros((3, 2))})
        again = sess.run(doubled, {x: np.zeros((3, 2))})
        np.testing.assert_array_equal(again, [6, 4])
        again[0] = 100     # the caller may write to what it got back
        np.testing.assert_array_equal(sess.run(doubled, {x: np.zeros((3, 2))}), [6, 4])
        np.testing.assert_array_equal(sess.run([shape, doubled], {x: np.zeros((1, 2))}),
                                      [[1, 2], [2, 4]])
        np.testing.assert_array_equal(first, [6, 4])


def test_large_values_computed_from_shapes(tf):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None])
        zeros = tf.zeros(tf.stack([tf.shape(x)[0], 1024 * 300]))
        total = tf.reduce_sum(zeros + 1.0)
    with tf.compat.v1.Session(graph=graph) as sess:
        for n in (2, 2, 3, 2):
            assert sess.run(total, {x: np.ones(n)}) == n * 1024 * 300


def test_function_with_unknown_batch_dimension(tf):
    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
    def normalized(x):
        centered = x - tf.reduce_mean(x, axis=0)
        return centered / tf.cast(tf.shape(x)[0], tf.float32)

    for n in (3, 3, 1, 4, 3):
        data = np.arange(2 * n, dtype=np.float32).reshape(n, 2)
        np.testing.assert_allclose(normalized(tf.constant(data)).numpy(),
                                   (data - data.mean(0)) / n, rtol=1e-6)


def test_fed_reduction_axes_are_read_on_every_run(tf):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
        axes = tf.compat.v1.placeholder(tf.int32, [None])
        total = tf.reduce_sum(x, axis=axes)
    fed = np.array([0], np.int32)
    with tf.compat.v1.Session(graph=graph) as sess:
        np.testing.assert_array_equal(sess.run(total, {axes: fed}), [3, 5, 7])
        fed[0] = 1                       # the same array, changed in place
        np.testing.assert_array_equal(sess.run(total, {axes: fed}), [3, 12])
