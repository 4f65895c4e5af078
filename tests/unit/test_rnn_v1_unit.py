"""tensorlite.rnn_v1: gradients of static_rnn / dynamic_rnn against finite differences, and
dynamic shapes, eagerly, in graphs and in tf.function."""
import numpy as np
import pytest

import tensorlite as tf
from tensorlite import rnn_v1 as rnn
from tensorlite.framework import nest

v1 = tf.compat.v1


def _numeric_gradient(f, value, delta=1e-6):
    """Central differences of the scalar f(array) at `value` (float64)."""
    grad = np.zeros_like(value)
    for index in np.ndindex(*value.shape):
        plus, minus = value.copy(), value.copy()
        plus[index] += delta
        minus[index] -= delta
        grad[index] = (f(plus) - f(minus)) / (2 * delta)
    return grad


def _data(shape, seed=0):
    return np.random.RandomState(seed).uniform(-1, 1, shape)


CELLS = {
    "basic_rnn": lambda: rnn.BasicRNNCell(2),
    "gru": lambda: rnn.GRUCell(2),
    "basic_lstm": lambda: rnn.BasicLSTMCell(2, forget_bias=0.3),
    "lstm_peep_proj_clip": lambda: rnn.LSTMCell(3, use_peepholes=True, num_proj=2,
                                                cell_clip=0.8, proj_clip=0.9),
    "multi": lambda: rnn.MultiRNNCell([rnn.BasicLSTMCell(2, state_is_tuple=False),
                                       rnn.GRUCell(2)], state_is_tuple=False),
}


@pytest.mark.parametrize("kind", sorted(CELLS))
@pytest.mark.parametrize("use_dynamic", [True, False])
def test_graph_gradients_match_finite_differences(kind, use_dynamic):
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float64, [None, 3, 2])
        cell = CELLS[kind]()
        if use_dynamic:
            outputs, state = rnn.dynamic_rnn(cell, x, dtype=tf.float64,
                                             sequence_length=[3, 1])
        else:
            outputs, state = rnn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float64,
                                            sequence_length=[3, 1])
            outputs = tf.stack(outputs, 1)
        weights = v1.trainable_variables()
        loss = (tf.reduce_sum(tf.sin(outputs)) +
                sum(tf.reduce_sum(s * s) for s in nest.flatten(state)))
        grads = tf.gradients(loss, [x] + weights)
        data = _data([2, 3, 2])
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            values = sess.run(weights)
            got = sess.run(grads, {x: data})
            want = [_numeric_gradient(lambda d: sess.run(loss, {x: d}), data)]
            for variable, value in zip(weights, values):
                def loss_at(w, variable=variable, value=value):
                    sess.run(variable.assign(w))
                    result = sess.run(loss, {x: data})
                    sess.run(variable.assign(value))
                    return result
                want.append(_numeric_gradient(loss_at, value))
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-7)
    assert not got[0][1, 1:].any()       # past its length a sequence gets no gradient


def test_eager_static_rnn_gradient_tape():
    cell = rnn.GRUCell(2)
    data = _data([2, 3, 2])

    def loss_of(values):
        outputs, _ = rnn.static_rnn(cell, [tf.constant(v) for v in values], dtype=tf.float64)
        return tf.reduce_sum(tf.stack(outputs) ** 2)

    inputs = [tf.constant(data[:, t]) for t in range(3)]
    loss_of([data[:, t] for t in range(3)])          # builds the cell
    kernel = cell.trainable_weights[0]
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        outputs, _ = rnn.static_rnn(cell, inputs, dtype=tf.float64)
        loss = tf.reduce_sum(tf.stack(outputs) ** 2)
    grads = tape.gradient(loss, inputs + [kernel])
    original = kernel.numpy()

    def loss_at_kernel(w):
        kernel.assign(w)
        result = loss_of([data[:, t] for t in range(3)]).numpy()
        kernel.assign(original)
        return result
    np.testing.assert_allclose(grads[-1].numpy(), _numeric_gradient(loss_at_kernel, original),
                               rtol=1e-5, atol=1e-7)
    stacked = np.stack([g.numpy() for g in grads[:3]], 1)
    want = _numeric_gradient(
        lambda d: loss_of([d[:, t] for t in range(3)]).numpy(), data)
    np.testing.assert_allclose(stacked, want, rtol=1e-5, atol=1e-7)


def test_dynamic_shapes_in_graph_and_reuse_of_a_built_cell():
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [None, None, 2])
        lengths = v1.placeholder(tf.int32, [None])
        cell = rnn.BasicLSTMCell(3)
        outputs, state = rnn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
        again, _ = rnn.dynamic_rnn(cell, x, dtype=tf.float32)    # same variables
        assert outputs.shape.as_list() == [None, None, 3]
        assert len(v1.global_variables()) == 2
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for batch, steps in ((2, 5), (3, 1)):
                data = _data([batch, steps, 2]).astype(np.float32)
                feed = {x: data, lengths: [steps] * batch}
                got, got_again, h = sess.run([outputs, again, state.h], feed)
                assert got.shape == (batch, steps, 3)
                np.testing.assert_allclose(got, got_again, rtol=1e-6)
                np.testing.assert_allclose(h, got[:, -1], rtol=1e-6)
            # All lengths short: the loop stops early and the rest of the outputs are zeros.
            got = sess.run(outputs, {x: np.ones((2, 4, 2), np.float32), lengths: [1, 2]})
            assert got[:, 2:].sum() == 0 and got[1, 1].any() and not got[0, 1].any()


def test_dynamic_rnn_in_tf_function_with_tape():
    cell = rnn.GRUCell(3)
    data = tf.constant(_data([2, 4, 2]).astype(np.float32))
    rnn.dynamic_rnn(cell, data, dtype=tf.float32)       # create the variables eagerly

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            outputs, _ = rnn.dynamic_rnn(cell, x, dtype=tf.float32, sequence_length=[4, 2])
            loss = tf.reduce_sum(outputs)
        return loss, tape.gradient(loss, cell.trainable_weights)

    with tf.GradientTape() as tape:
        outputs, _ = rnn.dynamic_rnn(cell, data, dtype=tf.float32, sequence_length=[4, 2])
        loss = tf.reduce_sum(outputs)
    eager = tape.gradient(loss, cell.trainable_weights)
    traced_loss, traced = step(data)
    np.testing.assert_allclose(traced_loss.numpy(), loss.numpy(), rtol=1e-6)
    for a, b in zip(traced, eager):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-7)


def test_dropout_wrapper_keeps_lstm_memory_and_scales():
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [4, 6])
        cell = rnn.DropoutWrapper(rnn.BasicLSTMCell(50), state_keep_prob=0.5, seed=1)
        state = cell.zero_state(4, tf.float32)
        _, new_state = cell(x, state)
        plain_output, plain_state = cell.cell(x, state)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            got, want = sess.run([new_state, plain_state], {x: np.ones((4, 6), np.float32)})
    np.testing.assert_allclose(got.c, want.c, rtol=1e-6)             # c never dropped
    kept = got.h != 0
    assert 0.2 < kept.mean() < 0.8
    np.testing.assert_allclose(got.h[kept], 2 * want.h[kept], rtol=1e-5)


def test_variational_dropout_is_refused_clearly():
    with pytest.raises(NotImplementedError, match="variational_recurrent"):
        rnn.DropoutWrapper(rnn.GRUCell(2), variational_recurrent=True, dtype=tf.float32)
