"""tf.compat.v1.nn.rnn_cell, static_rnn and dynamic_rnn: names, shapes, values, gradients.

Weights are assigned from a seeded NumPy generator (in variable-creation order) and the
outputs compared with NumPy versions of TF's cell formulas. Real TF 2.21 serves the cells from
`tf_keras` only with TF_USE_LEGACY_KERAS set before Keras is first touched.
"""
import os
import warnings

import numpy as np
import pytest

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")


@pytest.fixture
def nn(tf):
    """tf.compat.v1.nn (rnn_cell, static_rnn, dynamic_rnn)."""
    warnings.filterwarnings("ignore", message=".*is deprecated.*")
    return tf.compat.v1.nn


@pytest.fixture
def graph(tf):
    with tf.Graph().as_default() as g:
        yield g


# ------------------------------------------------------------------ NumPy references

def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _basic_rnn(x, h, w):
    kernel, bias = w
    h = np.tanh(np.concatenate([x, h], 1) @ kernel + bias)
    return h, h


def _gru(x, h, w):
    gate_kernel, gate_bias, cand_kernel, cand_bias = w
    r, u = np.split(_sigmoid(np.concatenate([x, h], 1) @ gate_kernel + gate_bias), 2, axis=1)
    c = np.tanh(np.concatenate([x, r * h], 1) @ cand_kernel + cand_bias)
    h = u * h + (1 - u) * c
    return h, h


def _lstm(x, state, w, forget_bias=1.0, peep=None, proj=None):
    kernel, bias = w[:2]
    c, h = state
    i, j, f, o = np.split(np.concatenate([x, h], 1) @ kernel + bias, 4, axis=1)
    if peep is None:
        c = _sigmoid(f + forget_bias) * c + _sigmoid(i) * np.tanh(j)
        m = _sigmoid(o) * np.tanh(c)
    else:
        w_f, w_i, w_o = peep
        c = _sigmoid(f + forget_bias + w_f * c) * c + _sigmoid(i + w_i * c) * np.tanh(j)
        m = _sigmoid(o + w_o * c) * np.tanh(c)
    if proj is not None:
        m = m @ proj
    return m, (c, m)


def _unroll(step, x, state, lengths=None):
    """x: [batch, time, depth]; returns outputs [batch, time, units] and the final state."""
    outputs = []
    for t in range(x.shape[1]):
        output, new_state = step(x[:, t], state)
        if lengths is not None:
            done = (t >= np.asarray(lengths))[:, None]
            output = np.where(done, 0.0, output)
            new_state = _map(lambda old, new: np.where(done, old, new), state, new_state)
        outputs.append(output)
        state = new_state
    return np.stack(outputs, 1), state


def _map(function, a, b):
    if isinstance(a, (tuple, list)):
        return tuple(_map(function, x, y) for x, y in zip(a, b))
    return function(a, b)


def _flat(structure):
    if isinstance(structure, (tuple, list)):
        return [leaf for item in structure for leaf in _flat(item)]
    return [structure]


def _assign_random(tf, sess, seed=0):
    """Give every global variable numbers from a seeded generator; return them in order."""
    rng = np.random.RandomState(seed)
    v1 = tf.compat.v1
    values = []
    for variable in v1.global_variables():
        value = rng.uniform(-0.6, 0.6, variable.shape.as_list()).astype(np.float32)
        sess.run(variable.assign(value))
        values.append(value)
    return values


def _data(shape, seed=1):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype(np.float32)


# ------------------------------------------------------------------ names and shapes

def test_static_rnn_lstm_variable_and_op_names(tf, nn, graph):
    v1 = tf.compat.v1
    xs = [v1.placeholder(tf.float32, [None, 3]) for _ in range(3)]
    cell = nn.rnn_cell.BasicLSTMCell(4)
    outputs, state = nn.static_rnn(cell, xs, dtype=tf.float32)
    assert [v.name for v in v1.global_variables()] == ["rnn/basic_lstm_cell/kernel:0",
                                                       "rnn/basic_lstm_cell/bias:0"]
    assert [v.shape.as_list() for v in cell.trainable_weights] == [[7, 16], [16]]
    assert [o.name for o in outputs] == ["rnn/basic_lstm_cell/Mul_2:0",
                                         "rnn/basic_lstm_cell/Mul_5:0",
                                         "rnn/basic_lstm_cell/Mul_8:0"]
    assert isinstance(state, nn.rnn_cell.LSTMStateTuple)
    assert state.h is outputs[-1] and state.c.name == "rnn/basic_lstm_cell/Add_5:0"
    assert state.c.shape.as_list() == [None, 4] and state.dtype == tf.float32


def test_dynamic_rnn_multi_cell_names_and_shapes(tf, nn, graph):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    x = v1.placeholder(tf.float32, [2, 5, 3])
    cell = rc.MultiRNNCell([rc.GRUCell(2), rc.BasicRNNCell(3)])
    assert cell.state_size == (2, 3) and cell.output_size == 3
    outputs, state = nn.dynamic_rnn(cell, x, dtype=tf.float32, sequence_length=[2, 5])
    assert [v.name for v in v1.global_variables()] == [
        "rnn/multi_rnn_cell/cell_0/gru_cell/gates/kernel:0",
        "rnn/multi_rnn_cell/cell_0/gru_cell/gates/bias:0",
        "rnn/multi_rnn_cell/cell_0/gru_cell/candidate/kernel:0",
        "rnn/multi_rnn_cell/cell_0/gru_cell/candidate/bias:0",
        "rnn/multi_rnn_cell/cell_1/basic_rnn_cell/kernel:0",
        "rnn/multi_rnn_cell/cell_1/basic_rnn_cell/bias:0"]
    assert outputs.name == "rnn/transpose_1:0" and outputs.shape.as_list() == [2, 5, 3]
    assert [s.shape.as_list() for s in state] == [[2, 2], [2, 3]]
    assert len(cell.trainable_weights) == 6


def test_lstm_cell_peepholes_projection_names(tf, nn, graph):
    v1 = tf.compat.v1
    x = v1.placeholder(tf.float32, [None, 5, 3])
    cell = nn.rnn_cell.LSTMCell(3, use_peepholes=True, num_proj=2)
    assert cell.state_size == (3, 2) and cell.output_size == 2
    outputs, state = nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="foo")
    assert [v.name for v in v1.global_variables()] == [
        "foo/lstm_cell/kernel:0", "foo/lstm_cell/bias:0", "foo/lstm_cell/w_f_diag:0",
        "foo/lstm_cell/w_i_diag:0", "foo/lstm_cell/w_o_diag:0",
        "foo/lstm_cell/projection/kernel:0"]
    assert v1.global_variables()[0].shape.as_list() == [5, 12]
    assert outputs.name == "foo/transpose_1:0" and outputs.shape.as_list() == [None, 5, 2]
    assert state.c.shape.as_list() == [None, 3] and state.h.shape.as_list() == [None, 2]


def test_zero_state(tf, nn, graph):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    batch = v1.placeholder(tf.int32, [])
    c, h = rc.BasicLSTMCell(3).zero_state(batch, tf.float32)
    assert [c.name, h.name] == ["BasicLSTMCellZeroState/zeros:0",
                                "BasicLSTMCellZeroState/zeros_1:0"]
    assert c.shape.as_list() == [None, 3]
    flat = rc.BasicLSTMCell(3, state_is_tuple=False)
    assert flat.state_size == 6
    assert flat.zero_state(4, tf.float32).shape.as_list() == [4, 6]
    multi = rc.MultiRNNCell([rc.BasicLSTMCell(2), rc.GRUCell(3)])
    assert multi.state_size == ((2, 2), 3)
    (c, h), g = multi.zero_state(2, tf.float32)
    assert c.name == "MultiRNNCellZeroState/BasicLSTMCellZeroState/zeros:0"
    assert g.name == "MultiRNNCellZeroState/GRUCellZeroState/zeros:0"
    with v1.Session() as sess:
        value = sess.run(rc.GRUCell(2).zero_state(batch, tf.float64), {batch: 3})
    assert value.shape == (3, 2) and value.dtype == np.float64 and not value.any()


# ------------------------------------------------------------------ values

@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm", "lstm_flat", "lstm_peep_proj"])
@pytest.mark.parametrize("lengths", [None, [2, 4, 0]])
def test_dynamic_and_static_rnn_values(tf, nn, graph, kind, lengths):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    cells = {"rnn": lambda: rc.BasicRNNCell(3), "gru": lambda: rc.GRUCell(3),
             "lstm": lambda: rc.BasicLSTMCell(3, forget_bias=0.5),
             "lstm_flat": lambda: rc.BasicLSTMCell(3, state_is_tuple=False),
             "lstm_peep_proj": lambda: rc.LSTMCell(3, use_peepholes=True, num_proj=2)}
    data = _data([3, 4, 2])
    x = v1.placeholder(tf.float32, [None, 4, 2])
    cell = cells[kind]()
    dynamic_out, dynamic_state = nn.dynamic_rnn(cell, x, dtype=tf.float32,
                                                sequence_length=lengths)
    static_out, static_state = nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32,
                                             sequence_length=lengths, scope="rnn")
    with v1.Session() as sess:
        w = _assign_random(tf, sess)
        got = sess.run([dynamic_out, dynamic_state, tf.stack(static_out, 1), static_state],
                       {x: data})
    zeros3 = np.zeros((3, 3), np.float32)
    if kind == "rnn":
        want = _unroll(lambda x, h: _basic_rnn(x, h, w), data, zeros3, lengths)
    elif kind == "gru":
        want = _unroll(lambda x, h: _gru(x, h, w), data, zeros3, lengths)
    elif kind == "lstm":
        want = _unroll(lambda x, s: _lstm(x, s, w, 0.5), data, (zeros3, zeros3), lengths)
    elif kind == "lstm_flat":
        def step(x, s):
            out, (c, h) = _lstm(x, np.split(s, 2, axis=1), w)
            return out, np.concatenate([c, h], 1)
        want = _unroll(step, data, np.zeros((3, 6), np.float32), lengths)
    else:
        want = _unroll(lambda x, s: _lstm(x, s, w, peep=w[2:5], proj=w[5]), data,
                       (zeros3, np.zeros((3, 2), np.float32)), lengths)
    for outputs, state in (got[:2], got[2:]):
        np.testing.assert_allclose(outputs, want[0], rtol=1e-5, atol=1e-6)
        for a, b in zip(_flat(want[1]), _flat(state), strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_multi_cell_time_major_and_initial_state(tf, nn, graph):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    data = _data([4, 2, 3])        # time major
    init = _data([2, 2], seed=5)
    x = v1.placeholder(tf.float32, [4, 2, 3])
    cell = rc.MultiRNNCell([rc.BasicLSTMCell(2), rc.GRUCell(2)])
    initial = (rc.LSTMStateTuple(tf.constant(init), tf.constant(init)), tf.constant(init))
    outputs, state = nn.dynamic_rnn(cell, x, initial_state=initial, time_major=True)
    assert outputs.shape.as_list() == [4, 2, 2]
    with v1.Session() as sess:
        w = _assign_random(tf, sess)
        got_out, got_state = sess.run([outputs, state], {x: data})

    def step(x, s):
        out, lstm_state = _lstm(x, s[0], w[:2])
        out, gru_state = _gru(out, s[1], w[2:])
        return out, (lstm_state, gru_state)
    want_out, want_state = _unroll(step, data.transpose(1, 0, 2), ((init, init), init))
    np.testing.assert_allclose(got_out, want_out.transpose(1, 0, 2), rtol=1e-5, atol=1e-6)
    for a, b in zip(_flat(want_state), _flat(got_state), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_cell_called_directly_and_scope_argument(tf, nn, graph):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    cell = rc.GRUCell(2)
    x = v1.placeholder(tf.float32, [None, 3])
    h0 = cell.zero_state(tf.shape(x)[0], tf.float32)
    out, h = cell(x, h0, scope="my_gru")
    out2, _ = cell(x, h)
    assert [v.name for v in v1.global_variables()] == [
        "my_gru/gates/kernel:0", "my_gru/gates/bias:0", "my_gru/candidate/kernel:0",
        "my_gru/candidate/bias:0"]
    assert out is h and out2.shape.as_list() == [None, 2]
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        gate_bias = sess.run(v1.global_variables()[1])
    np.testing.assert_array_equal(gate_bias, np.ones(4, np.float32))  # TF's default: 1


def test_dropout_wrapper(tf, nn, graph):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    x = v1.placeholder(tf.float32, [2, 3, 2])
    plain = rc.DropoutWrapper(rc.BasicLSTMCell(2), input_keep_prob=1.0)
    assert plain.state_size == (2, 2) and plain.output_size == 2
    out_plain, _ = nn.dynamic_rnn(plain, x, dtype=tf.float32, scope="a")
    dropped = rc.DropoutWrapper(rc.BasicRNNCell(4), output_keep_prob=0.5, seed=3)
    out_dropped, _ = nn.dynamic_rnn(dropped, x, dtype=tf.float32, scope="b")
    assert [v.name for v in v1.global_variables()] == [
        "a/basic_lstm_cell/kernel:0", "a/basic_lstm_cell/bias:0",
        "b/basic_rnn_cell/kernel:0", "b/basic_rnn_cell/bias:0"]
    with v1.Session() as sess:
        w = _assign_random(tf, sess)
        data = _data([2, 3, 2])
        got_plain, got_dropped = sess.run([out_plain, out_dropped], {x: data})
    zeros = np.zeros((2, 2), np.float32)
    want, _ = _unroll(lambda x, s: _lstm(x, s, w[:2]), data, (zeros, zeros))
    np.testing.assert_allclose(got_plain, want, rtol=1e-5, atol=1e-6)
    # Kept units are scaled by 1 / keep_prob; the rest are zero.
    assert np.all((got_dropped == 0) | (np.abs(got_dropped) <= 2.0))
    with pytest.raises(ValueError, match="Parameter output_keep_prob must be between 0 and 1"):
        rc.DropoutWrapper(rc.GRUCell(2), output_keep_prob=1.5)


# ------------------------------------------------------------------ gradients

def test_dynamic_rnn_gradients_match_static_rnn(tf, nn, graph):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    x = v1.placeholder(tf.float32, [3, 4, 2])
    cell = rc.MultiRNNCell([rc.BasicLSTMCell(3), rc.GRUCell(2)])
    dynamic_out, dynamic_state = nn.dynamic_rnn(cell, x, dtype=tf.float32,
                                                sequence_length=[4, 1, 3])
    static_out, static_state = nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32,
                                             sequence_length=[4, 1, 3], scope="rnn")
    weights = v1.trainable_variables()
    assert len(weights) == 6

    def loss(outputs, state):
        return tf.reduce_sum(outputs * outputs) + tf.reduce_sum(state[1])
    dynamic_grads = tf.gradients(loss(dynamic_out, dynamic_state), [x] + weights)
    static_grads = tf.gradients(loss(tf.stack(static_out, 1), static_state), [x] + weights)
    assert all(g is not None for g in dynamic_grads + static_grads)
    with v1.Session() as sess:
        _assign_random(tf, sess)
        got_dynamic, got_static = sess.run([dynamic_grads, static_grads], {x: _data([3, 4, 2])})
    for a, b in zip(got_dynamic, got_static):
        assert np.abs(a).sum() > 0
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_eager_dynamic_rnn_with_gradient_tape(tf, nn):
    rc = nn.rnn_cell
    cell = rc.BasicLSTMCell(3)
    x = tf.constant(_data([2, 4, 2]))
    with tf.GradientTape() as tape:
        tape.watch(x)
        outputs, state = nn.dynamic_rnn(cell, x, dtype=tf.float32, sequence_length=[2, 4])
        loss = tf.reduce_sum(outputs)
    assert [v.name for v in cell.trainable_weights] == ["rnn/basic_lstm_cell/kernel:0",
                                                        "rnn/basic_lstm_cell/bias:0"]
    grads = tape.gradient(loss, [x] + cell.trainable_weights)
    assert [g.shape.as_list() for g in grads] == [[2, 4, 2], [5, 12], [12]]
    w = [v.numpy() for v in cell.trainable_weights]
    zeros = np.zeros((2, 3), np.float32)
    want, (c, h) = _unroll(lambda x, s: _lstm(x, s, w), x.numpy(), (zeros, zeros), [2, 4])
    np.testing.assert_allclose(outputs.numpy(), want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(state.h.numpy(), h, rtol=1e-5, atol=1e-6)
    assert not grads[0].numpy()[0, 2:].any()      # steps past the length get no gradient


# ------------------------------------------------------------------ errors

def test_errors(tf, nn, graph):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    with pytest.raises(TypeError, match="Argument `inputs` must be a sequence"):
        nn.static_rnn(rc.GRUCell(2), tf.zeros([2, 3, 2]), dtype=tf.float32)
    with pytest.raises(ValueError, match="Argument `inputs` must not be empty."):
        nn.static_rnn(rc.GRUCell(2), [])
    with pytest.raises(ValueError, match="If no initial_state is provided, argument `dtype` "
                                         "must be specified"):
        nn.static_rnn(rc.GRUCell(2), [v1.placeholder(tf.float32, [None, 3])])
    with pytest.raises(ValueError, match="RNN cell only supports floating point inputs, but "
                                         "received dtype: <dtype: 'int32'>"):
        nn.static_rnn(rc.GRUCell(2), [v1.placeholder(tf.int32, [None, 3])], dtype=tf.int32)
    with pytest.raises(ValueError, match=r"Input size \(depth of inputs\) must be accessible "
                                         "via shape inference"):
        nn.dynamic_rnn(rc.GRUCell(2), v1.placeholder(tf.float32, [None, 3, None]),
                       dtype=tf.float32)
    with pytest.raises(ValueError, match="Argument sequence_length must be a vector of length "
                                         "batch_size"):
        nn.dynamic_rnn(rc.GRUCell(2), v1.placeholder(tf.float32, [None, 3, 2]),
                       dtype=tf.float32, sequence_length=[[1]])
    with pytest.raises(ValueError, match="Must specify at least one cell for MultiRNNCell."):
        rc.MultiRNNCell([])
    with pytest.raises(TypeError, match="is not an RNNCell: 'output_size' property is missing, "
                                        "'state_size' property is missing"):
        nn.dynamic_rnn(object(), v1.placeholder(tf.float32, [None, 3, 2]), dtype=tf.float32)
    with pytest.raises(ValueError, match="expected ndim=2, found ndim=3. Full shape received: "
                                         r"\(None, 3, 2\)"):
        rc.BasicRNNCell(2)(v1.placeholder(tf.float32, [None, 3, 2]), tf.zeros([1, 2]))
