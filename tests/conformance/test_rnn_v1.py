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


# ------------------------------------------------------------------ bidirectional RNNs

def _reverse_rows(x, lengths, axis=1):
    """NumPy reverse_sequence: row b's first lengths[b] steps along `axis` reversed."""
    x = np.moveaxis(np.array(x), axis, 1)
    for b, n in enumerate(lengths if lengths is not None else [x.shape[1]] * len(x)):
        x[b, :n] = x[b, :n][::-1].copy()
    return np.moveaxis(x, 1, axis)


def test_reverse_sequence(tf):
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    got = tf.reverse_sequence(x, [2, 3], seq_axis=1, batch_axis=0)
    np.testing.assert_array_equal(got.numpy(), _reverse_rows(x, [2, 3]))
    got = tf.reverse_sequence(x, tf.constant([0, 4], tf.int64), seq_axis=2, batch_axis=0)
    np.testing.assert_array_equal(got.numpy(), _reverse_rows(x, [0, 4], axis=2))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"seq_lens\(1\) > input.dims\(1\)"):
        tf.reverse_sequence(x, [2, 4], seq_axis=1, batch_axis=0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="batch_dim == seq_dim == 1"):
        tf.reverse_sequence(x, [2, 3, 1], seq_axis=1, batch_axis=1)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Length of seq_lengths != input.dims\(0\), \(3 vs. 2\)"):
        tf.reverse_sequence(x, [2, 3, 1], seq_axis=1, batch_axis=0)
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3, None])
        r = tf.reverse_sequence(p, [1, 2], 1, 0)
        assert r.name == "ReverseSequence:0" and r.shape.as_list() == [2, 3, None]
        assert (r.op.get_attr("seq_dim"), r.op.get_attr("batch_dim")) == (1, 0)
        with pytest.raises(ValueError, match="seq_dim must be < input rank: 3 vs. 3"):
            tf.reverse_sequence(tf.zeros([2, 3, 4]), [2, 3], seq_axis=3, batch_axis=0)
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
            tf.reverse_sequence(tf.zeros([2, 3, 4]), [2, 3, 1], seq_axis=1, batch_axis=0)
        (grad,) = tf.gradients(r * tf.constant([[[1.0]], [[2.0]]]), p)
        with tf.compat.v1.Session() as sess:
            got = sess.run(grad, {p: np.zeros([2, 3, 1], np.float32)})
        np.testing.assert_array_equal(got[..., 0], [[1, 1, 1], [2, 2, 2]])


def test_bidirectional_dynamic_rnn_names_and_structure(tf, nn, graph):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    x = v1.placeholder(tf.float32, [2, 4, 3])
    (out_fw, out_bw), (state_fw, state_bw) = nn.bidirectional_dynamic_rnn(
        rc.GRUCell(2), rc.BasicLSTMCell(3), x, sequence_length=[2, 4], dtype=tf.float32)
    assert [v.name for v in v1.global_variables()] == [
        "bidirectional_rnn/fw/gru_cell/gates/kernel:0",
        "bidirectional_rnn/fw/gru_cell/gates/bias:0",
        "bidirectional_rnn/fw/gru_cell/candidate/kernel:0",
        "bidirectional_rnn/fw/gru_cell/candidate/bias:0",
        "bidirectional_rnn/bw/basic_lstm_cell/kernel:0",
        "bidirectional_rnn/bw/basic_lstm_cell/bias:0"]
    assert out_fw.name == "bidirectional_rnn/fw/fw/transpose_1:0"
    assert out_bw.name == "ReverseSequence:0"      # outside the scope, as TF puts it
    assert out_fw.shape.as_list() == [2, 4, 2] and out_bw.shape.as_list() == [2, 4, 3]
    assert isinstance(state_bw, rc.LSTMStateTuple) and state_fw.shape.as_list() == [2, 2]
    reverses = [op.name for op in v1.get_default_graph().get_operations()
                if op.type == "ReverseSequence"]
    assert reverses == ["bidirectional_rnn/bw/ReverseSequence", "ReverseSequence"]
    (out_fw, out_bw), _ = nn.bidirectional_dynamic_rnn(rc.GRUCell(2), rc.GRUCell(2), x,
                                                       dtype=tf.float32, scope="nolen")
    assert (out_fw.name, out_bw.name) == ("nolen/fw/fw/transpose_1:0", "ReverseV2:0")
    with pytest.raises(TypeError, match="The argument 'cell_fw' .* is not an RNNCell"):
        nn.bidirectional_dynamic_rnn(object(), rc.GRUCell(2), x, dtype=tf.float32)


def test_static_bidirectional_rnn_names_and_errors(tf, nn, graph):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    xs = [v1.placeholder(tf.float32, [None, 3]) for _ in range(3)]
    outputs, state_fw, state_bw = nn.static_bidirectional_rnn(
        rc.GRUCell(2), rc.BasicRNNCell(3), xs, dtype=tf.float32, sequence_length=[1, 3])
    assert [v.name for v in v1.global_variables()] == [
        "bidirectional_rnn/fw/gru_cell/gates/kernel:0",
        "bidirectional_rnn/fw/gru_cell/gates/bias:0",
        "bidirectional_rnn/fw/gru_cell/candidate/kernel:0",
        "bidirectional_rnn/fw/gru_cell/candidate/bias:0",
        "bidirectional_rnn/bw/basic_rnn_cell/kernel:0",
        "bidirectional_rnn/bw/basic_rnn_cell/bias:0"]
    assert isinstance(outputs, list)
    assert [o.name for o in outputs] == ["concat:0", "concat_1:0", "concat_2:0"]
    assert outputs[0].shape.as_list() == [2, 5]    # the lengths fix the batch size
    # (TF's static states keep an unknown batch here where tensorlite's learn it from the
    # lengths: compare their depths only.)
    assert state_fw.shape[-1] == 2 and state_bw.shape[-1] == 3
    assert [op.name for op in v1.get_default_graph().get_operations()
            if op.type in ("ReverseSequence", "Pack", "Unpack")] == [
        "bidirectional_rnn/bw/stack", "bidirectional_rnn/bw/ReverseSequence",
        "bidirectional_rnn/bw/unstack", "stack", "ReverseSequence", "unstack"]
    with pytest.raises(TypeError, match="The argument 'cell_bw' .* is not an RNNCell"):
        nn.static_bidirectional_rnn(rc.GRUCell(2), object(), xs, dtype=tf.float32)
    with pytest.raises(TypeError, match="Argument `inputs` must be a sequence"):
        nn.static_bidirectional_rnn(rc.GRUCell(2), rc.GRUCell(2), tf.zeros([2, 3, 2]),
                                    dtype=tf.float32)
    with pytest.raises(ValueError, match="Argument `inputs` must not be empty."):
        nn.static_bidirectional_rnn(rc.GRUCell(2), rc.GRUCell(2), [], dtype=tf.float32)


@pytest.mark.parametrize("lengths", [None, [3, 1, 4]])
@pytest.mark.parametrize("time_major", [False, True])
def test_bidirectional_rnn_values(tf, nn, graph, lengths, time_major):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    data = _data([3, 4, 2])                        # batch major
    x = v1.placeholder(tf.float32, [None, 4, 2])
    init_bw = _data([3, 3], seed=7)
    feed_x = tf.transpose(x, [1, 0, 2]) if time_major else x
    cell_fw, cell_bw = rc.GRUCell(2), rc.BasicLSTMCell(3)
    (out_fw, out_bw), (state_fw, state_bw) = nn.bidirectional_dynamic_rnn(
        cell_fw, cell_bw, feed_x, sequence_length=lengths,
        initial_state_bw=rc.LSTMStateTuple(tf.constant(init_bw), tf.constant(init_bw)),
        dtype=tf.float32, time_major=time_major)
    if time_major:
        out_fw, out_bw = tf.transpose(out_fw, [1, 0, 2]), tf.transpose(out_bw, [1, 0, 2])
    static_out, static_fw, static_bw = nn.static_bidirectional_rnn(
        cell_fw, cell_bw, tf.unstack(x, axis=1), dtype=tf.float32,  # the same weights
        initial_state_bw=rc.LSTMStateTuple(tf.constant(init_bw), tf.constant(init_bw)),
        sequence_length=lengths, scope="bidirectional_rnn")
    with v1.Session() as sess:
        w = _assign_random(tf, sess)
        got = sess.run([out_fw, out_bw, state_fw, state_bw, tf.stack(static_out, 1),
                        static_fw, static_bw], {x: data})
    zeros = np.zeros((3, 2), np.float32)
    want_fw, want_state_fw = _unroll(lambda x, h: _gru(x, h, w[:4]), data, zeros, lengths)
    reversed_out, want_state_bw = _unroll(lambda x, s: _lstm(x, s, w[4:]),
                                          _reverse_rows(data, lengths), (init_bw, init_bw),
                                          lengths)
    want_bw = _reverse_rows(reversed_out, lengths)
    for outputs, state_f, state_b in ((got[0:2], got[2], got[3]),
                                      (np.split(got[4], [2], axis=2), got[5], got[6])):
        np.testing.assert_allclose(outputs[0], want_fw, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(outputs[1], want_bw, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(state_f, want_state_fw, rtol=1e-5, atol=1e-6)
        for a, b in zip(want_state_bw, state_b, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_bidirectional_rnn_gradients_against_finite_differences(tf, nn, graph):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    x = v1.placeholder(tf.float64, [2, 3, 2])
    lengths = [2, 3]
    (out_fw, out_bw), (_, state_bw) = nn.bidirectional_dynamic_rnn(
        rc.BasicRNNCell(2, dtype=tf.float64), rc.GRUCell(2, dtype=tf.float64), x,
        sequence_length=lengths, dtype=tf.float64)
    static_out, _, _ = nn.static_bidirectional_rnn(
        rc.BasicRNNCell(2, dtype=tf.float64), rc.GRUCell(2, dtype=tf.float64),
        tf.unstack(x, axis=1), sequence_length=lengths, dtype=tf.float64, scope="static")
    weights = tf.constant(np.random.RandomState(3).uniform(-1, 1, [2, 3, 4]))
    loss = tf.reduce_sum(tf.concat([out_fw, out_bw], 2) * weights) + tf.reduce_sum(state_bw)
    static_loss = tf.reduce_sum(tf.stack(static_out, 1) * weights)
    variables = v1.trainable_variables()
    grads = tf.gradients(loss, [x] + variables[:4])
    (static_grad,) = tf.gradients(static_loss, x)
    data = np.random.RandomState(4).uniform(-1, 1, [2, 3, 2])
    with v1.Session() as sess:
        rng = np.random.RandomState(0)
        for variable in variables:
            sess.run(variable.assign(rng.uniform(-0.8, 0.8, variable.shape.as_list())))
        got = sess.run(grads, {x: data})
        assert np.abs(got[0]).sum() > 0 and all(np.abs(g).sum() > 0 for g in got)
        eps = 1e-6
        numeric = np.zeros_like(data)
        for index in np.ndindex(*data.shape):
            step = np.zeros_like(data)
            step[index] = eps
            numeric[index] = (sess.run(loss, {x: data + step}) -
                              sess.run(loss, {x: data - step})) / (2 * eps)
        np.testing.assert_allclose(got[0], numeric, rtol=1e-5, atol=1e-7)
        kernel = variables[0]
        kernel_value = sess.run(kernel)
        numeric_kernel = np.zeros_like(kernel_value)
        for index in np.ndindex(*kernel_value.shape):
            values = []
            for sign in (1, -1):
                shifted = kernel_value.copy()
                shifted[index] += sign * eps
                kernel.load(shifted, sess)
                values.append(sess.run(loss, {x: data}))
            numeric_kernel[index] = (values[0] - values[1]) / (2 * eps)
        np.testing.assert_allclose(got[1], numeric_kernel, rtol=1e-5, atol=1e-7)
        static_numeric = np.zeros_like(data)
        kernel.load(kernel_value, sess)
        for index in np.ndindex(*data.shape):
            step = np.zeros_like(data)
            step[index] = eps
            static_numeric[index] = (sess.run(static_loss, {x: data + step}) -
                                     sess.run(static_loss, {x: data - step})) / (2 * eps)
        np.testing.assert_allclose(sess.run(static_grad, {x: data}), static_numeric,
                                   rtol=1e-5, atol=1e-7)


def test_residual_wrapper(tf, nn, graph):
    v1 = tf.compat.v1
    rc = nn.rnn_cell
    x = v1.placeholder(tf.float32, [2, 4, 3])
    cell = rc.ResidualWrapper(rc.GRUCell(3))
    assert cell.state_size == 3 and cell.output_size == 3
    outputs, state = nn.dynamic_rnn(cell, x, dtype=tf.float32, sequence_length=[4, 2])
    xs = [v1.placeholder(tf.float32, [None, 3]) for _ in range(2)]
    product = rc.ResidualWrapper(rc.BasicRNNCell(3), residual_fn=lambda i, o: i * o)
    static_out, static_state = nn.static_rnn(product, xs, dtype=tf.float32, scope="st")
    assert [v.name for v in v1.global_variables()] == [
        "rnn/gru_cell/gates/kernel:0", "rnn/gru_cell/gates/bias:0",
        "rnn/gru_cell/candidate/kernel:0", "rnn/gru_cell/candidate/bias:0",
        "st/basic_rnn_cell/kernel:0", "st/basic_rnn_cell/bias:0"]
    assert [o.name for o in static_out] == ["st/mul:0", "st/mul_1:0"]
    with v1.Session() as sess:
        w = _assign_random(tf, sess)
        data, step_data = _data([2, 4, 3]), [_data([2, 3], seed=s) for s in (2, 3)]
        feed = {x: data, xs[0]: step_data[0], xs[1]: step_data[1]}
        got_out, got_state, got_static, got_static_state = sess.run(
            [outputs, state, static_out, static_state], feed)
    # The wrapper adds the input to the output only; the state is the cell's own.
    cell_out, want_state = _unroll(lambda x, h: _gru(x, h, w[:4]), data,
                                   np.zeros((2, 3), np.float32), [4, 2])
    want_out = np.where(cell_out == 0, 0, cell_out + data)
    np.testing.assert_allclose(got_out, want_out, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-5, atol=1e-6)
    h = np.zeros((2, 3), np.float32)
    for step, value in zip(step_data, got_static):
        out, h = _basic_rnn(step, h, w[4:])
        np.testing.assert_allclose(value, step * out, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_static_state, h, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match=r"Shapes \(None, 3\) and \(None, 2\) are incompatible"):
        nn.static_rnn(rc.ResidualWrapper(rc.BasicRNNCell(2)), xs, dtype=tf.float32,
                      scope="bad")
