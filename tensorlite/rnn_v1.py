"""`tf.compat.v1.nn.rnn_cell` and `tf.compat.v1.nn.static_rnn` / `dynamic_rnn`.

The cells are v1 layers (tensorlite.layers_v1.Layer): each owns one variable scope, chosen on
its first call ("rnn/basic_lstm_cell/kernel", "rnn/multi_rnn_cell/cell_0/gru_cell/gates/bias"),
and computes exactly TF's formulas (one matmul over [inputs, h]; LSTM gates split as i, j, f, o
with forget_bias added to f; GRU gates r, u with bias initialised to 1).

Differs from TF: dynamic_rnn's graph loop accumulates its outputs by concatenation (tensorlite
has no TensorArray), so its internal op names differ; the cells built here read their weights
outside a graph loop's body so that gradients reach the variables (a user cell that reads
variables inside the body gets no gradient for them in graph mode: the While gradient skips
resource inputs); DropoutWrapper has no variational_recurrent mode; LSTMCell's deprecated
num_unit_shards/num_proj_shards are accepted and ignored.
"""
import collections
import hashlib
import numbers
import threading

from tensorlite import layers_v1 as _layers
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import nest
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import shape_util
from tensorlite.variables import initializers as _initializers
from tensorlite.variables import variable_scope as _vs

__all__ = ["RNNCell", "LayerRNNCell", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell",
           "MultiRNNCell", "DropoutWrapper", "ResidualWrapper", "LSTMStateTuple", "static_rnn",
           "dynamic_rnn", "bidirectional_dynamic_rnn", "static_bidirectional_rnn"]


def _tf():
    import tensorlite
    return tensorlite


def _check_supported_dtype(dtype):
    if dtype is None:
        return
    dtype = _dtypes.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_complex):
        raise ValueError(f"RNN cell only supports floating point inputs, but received dtype: "
                         f"{dtype}")


def _activation(activation):
    if not activation:
        return _tf().tanh
    if isinstance(activation, str):
        function = getattr(_tf().nn, activation, None) or getattr(_tf().math, activation, None)
        if function is None:
            raise ValueError(f"Unknown activation function: '{activation}'. Please ensure "
                             "you are using a `keras.utils.custom_object_scope` and that this "
                             "object is included in the scope.")
        return function
    return activation


def _is_rnn_cell_like(cell, argument="cell"):
    missing = [message for attribute, message in (
        ("output_size", "'output_size' property is missing"),
        ("state_size", "'state_size' property is missing")) if not hasattr(cell, attribute)]
    if not (hasattr(cell, "zero_state") or hasattr(cell, "get_initial_state")):
        missing.append("either 'zero_state' or 'get_initial_state' method is required")
    if not callable(cell):
        missing.append("is not callable")
    if missing:
        raise TypeError(f"The argument '{argument}' ({cell}) is not an RNNCell: "
                        f"{', '.join(missing)}.")


# ------------------------------------------------------------------ weight reads in loops
# A graph while_loop's gradient covers its float inputs only, so a body that reads a variable
# through its captured handle would give that variable no gradient. While dynamic_rnn traces
# its loop body, the cells read their weights once in the graph that holds the loop; the body
# captures the read tensor, and gradients flow through it to the variable.
_loop_reads = threading.local()


def _weight(variable):
    """The value of `variable` for the cell's computation (read outside a dynamic_rnn loop)."""
    frames = getattr(_loop_reads, "frames", None)
    if not frames or _context.executing_eagerly():
        return variable
    outer_graph, reads = frames[-1]
    if _context.get_default_graph() is outer_graph:
        return variable
    read = reads.get(id(variable))
    if read is None:
        from tensorlite.framework.scopes import control_dependencies
        with outer_graph.as_default(), control_dependencies(None):
            read = variable.value()
        reads[id(variable)] = read
    return read


class _ReadWeightsOutside:
    def __init__(self, outer_graph):
        self._frame = (outer_graph, {})

    def __enter__(self):
        if not hasattr(_loop_reads, "frames"):
            _loop_reads.frames = []
        _loop_reads.frames.append(self._frame)

    def __exit__(self, *exc):
        popped = _loop_reads.frames.pop()
        assert popped is self._frame, "dynamic_rnn weight-read frames popped out of order"


# ------------------------------------------------------------------ state helpers

class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """(c, h): an LSTM cell's memory and output state."""

    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError(f"Inconsistent dtypes for internal state: {c.dtype} vs {h.dtype}")
        return c.dtype


def _shape_list(size):
    """A state/output size (int or TensorShape-like) as a list of dims."""
    if isinstance(size, numbers.Integral):
        return [int(size)]
    return TensorShape(size).as_list()


def _zeros(batch_size, size, dtype):
    """zeros of shape [batch_size] + size; batch_size an int or a scalar tensor."""
    tf = _tf()
    suffix = _shape_list(size)
    if isinstance(batch_size, Tensor):
        static_batch = shape_util.constant_value(batch_size)
        static_batch = None if static_batch is None else int(static_batch)
        batch = batch_size if batch_size.shape.rank == 1 else tf.expand_dims(batch_size, 0)
        shape = tf.concat([batch, tf.constant(suffix, _dtypes.int32)], 0)
        zeros = tf.zeros(shape, dtype=dtype)
        if not _context.executing_eagerly():
            zeros.set_shape([static_batch] + suffix)
        return zeros
    return tf.zeros([int(batch_size)] + suffix, dtype=dtype)


def _empty_steps(batch_size, size, dtype):
    """zeros of shape [0, batch_size] + size: the loop's output accumulator before step 0."""
    tf = _tf()
    suffix = _shape_list(size)
    if isinstance(batch_size, Tensor):
        shape = tf.concat([[0], tf.expand_dims(batch_size, 0), suffix], 0)
        return tf.zeros(shape, dtype=dtype)
    return tf.zeros([0, int(batch_size)] + suffix, dtype=dtype)


def _zero_state_tensors(state_size, batch_size, dtype):
    def is_leaf(size):
        return isinstance(size, (numbers.Integral, TensorShape))
    if is_leaf(state_size):
        return _zeros(batch_size, state_size, dtype)
    if isinstance(state_size, tuple) and hasattr(type(state_size), "_fields"):
        return type(state_size)(*[_zero_state_tensors(s, batch_size, dtype)
                                  for s in state_size])
    return type(state_size)(_zero_state_tensors(s, batch_size, dtype) for s in state_size)


# ------------------------------------------------------------------ cells

class RNNCell(_layers.Layer):
    """Abstract RNN cell: `(output, new_state) = cell(inputs, state)`."""

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._is_tf_rnn_cell = True

    def __call__(self, inputs, state, scope=None):
        if scope is not None:
            return super().__call__(inputs, state, scope=scope)
        return super().__call__(inputs, state)

    @property
    def state_size(self):
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self):
        raise NotImplementedError("Abstract method")

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        if inputs is not None:
            inputs = convert_to_tensor(inputs, name="inputs")
            if dtype is not None and inputs.dtype != dtype:
                raise ValueError("dtype from input tensor is different from the input param. "
                                 f"Input tensor dtype: {inputs.dtype}, dtype: {dtype}")
            batch_size = inputs.shape[0] if inputs.shape.rank else None
            if batch_size is None:
                batch_size = _tf().shape(inputs)[0]
            dtype = inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError("batch_size and dtype cannot be None while constructing initial "
                             f"state: batch_size={batch_size}, dtype={dtype}")
        return self.zero_state(batch_size, dtype)

    def zero_state(self, batch_size, dtype):
        """Zero-filled state tensor(s) of shape [batch_size, s] for each s in state_size."""
        with name_scope(type(self).__name__ + "ZeroState"):
            return _zero_state_tensors(self.state_size, batch_size, _dtypes.as_dtype(dtype))


class LayerRNNCell(RNNCell):
    """An RNNCell that creates its weights in `build`, as Keras layers do."""

    def __call__(self, inputs, state, scope=None):
        inputs = inputs if isinstance(inputs, Tensor) else convert_to_tensor(inputs)
        rank = inputs.shape.rank
        if rank is not None and rank != 2:
            raise ValueError(f'Input 0 of layer "{self.name}" is incompatible with the layer: '
                             f"expected ndim=2, found ndim={rank}. Full shape received: "
                             f"{tuple(inputs.shape.as_list())}")
        for tensor in [inputs] + nest.flatten(state):
            _check_supported_dtype(convert_to_tensor(tensor).dtype)
        return super().__call__(inputs, state, scope=scope)

    def _input_depth(self, input_shape):
        shape = TensorShape(input_shape)
        if shape.rank is None or shape[-1] is None:
            raise ValueError("Expected inputs.shape[-1] to be known, received shape: "
                             f"{tuple(shape.as_list()) if shape.rank is not None else None}")
        _check_supported_dtype(self._dtype)
        return int(shape[-1])


def _matmul_bias(inputs, kernel, bias):
    tf = _tf()
    return tf.nn.bias_add(tf.linalg.matmul(inputs, _weight(kernel)), _weight(bias))


class BasicRNNCell(LayerRNNCell):
    """output = new_state = activation(W [inputs, state] + b)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None,
                 **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        _check_supported_dtype(self._dtype)
        self._num_units = num_units
        self._activation = _activation(activation)

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, input_shape):
        depth = self._input_depth(input_shape)
        self._kernel = self.add_weight("kernel", shape=[depth + self._num_units,
                                                        self._num_units])
        self._bias = self.add_weight("bias", shape=[self._num_units],
                                     initializer=_initializers.Zeros())
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        output = self._activation(_matmul_bias(tf.concat([inputs, state], 1), self._kernel,
                                               self._bias))
        return output, output


class GRUCell(LayerRNNCell):
    """Gated recurrent unit: r, u = sigmoid(W_g [x, h] + b_g); h' = u h + (1 - u) c."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None,
                 bias_initializer=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        _check_supported_dtype(self._dtype)
        self._num_units = num_units
        self._activation = _activation(activation)
        self._kernel_initializer = _layers._initializer(kernel_initializer)
        self._bias_initializer = _layers._initializer(bias_initializer)

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, input_shape):
        depth = self._input_depth(input_shape)
        units = self._num_units
        self._gate_kernel = self.add_weight("gates/kernel", shape=[depth + units, 2 * units],
                                            initializer=self._kernel_initializer)
        self._gate_bias = self.add_weight(
            "gates/bias", shape=[2 * units],
            initializer=self._bias_initializer or _initializers.Constant(1.0))
        self._candidate_kernel = self.add_weight("candidate/kernel",
                                                 shape=[depth + units, units],
                                                 initializer=self._kernel_initializer)
        self._candidate_bias = self.add_weight(
            "candidate/bias", shape=[units],
            initializer=self._bias_initializer or _initializers.Zeros())
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        value = tf.sigmoid(_matmul_bias(tf.concat([inputs, state], 1), self._gate_kernel,
                                        self._gate_bias))
        r, u = tf.split(value=value, num_or_size_splits=2, axis=1)
        candidate = _matmul_bias(tf.concat([inputs, r * state], 1), self._candidate_kernel,
                                 self._candidate_bias)
        c = self._activation(candidate)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class BasicLSTMCell(LayerRNNCell):
    """LSTM without peepholes or projection: gates i, j, f, o from one matmul."""

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None,
                 reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        _check_supported_dtype(self._dtype)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self):
        units = self._num_units
        return LSTMStateTuple(units, units) if self._state_is_tuple else 2 * units

    output_size = property(lambda self: self._num_units)

    def build(self, input_shape):
        depth = self._input_depth(input_shape)
        self._kernel = self.add_weight("kernel", shape=[depth + self._num_units,
                                                        4 * self._num_units])
        self._bias = self.add_weight("bias", shape=[4 * self._num_units],
                                     initializer=_initializers.Zeros())
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = tf.split(value=state, num_or_size_splits=2, axis=1)
        gates = _matmul_bias(tf.concat([inputs, h], 1), self._kernel, self._bias)
        i, j, f, o = tf.split(value=gates, num_or_size_splits=4, axis=1)
        forget_bias = tf.constant(self._forget_bias, dtype=f.dtype)
        new_c = tf.add(tf.multiply(c, tf.sigmoid(tf.add(f, forget_bias))),
                       tf.multiply(tf.sigmoid(i), self._activation(j)))
        new_h = tf.multiply(self._activation(new_c), tf.sigmoid(o))
        new_state = (LSTMStateTuple(new_c, new_h) if self._state_is_tuple
                     else tf.concat([new_c, new_h], 1))
        return new_h, new_state


class LSTMCell(LayerRNNCell):
    """LSTM with optional peepholes, cell clipping and an output projection."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None,
                 num_proj=None, proj_clip=None, num_unit_shards=None, num_proj_shards=None,
                 forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None, name=None,
                 dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        _check_supported_dtype(self._dtype)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = _layers._initializer(initializer)
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)
        h_size = num_proj if num_proj else num_units
        self._state_size = (LSTMStateTuple(num_units, h_size) if state_is_tuple
                            else num_units + h_size)
        self._output_size = h_size

    state_size = property(lambda self: self._state_size)
    output_size = property(lambda self: self._output_size)

    def build(self, input_shape):
        depth = self._input_depth(input_shape)
        units = self._num_units
        h_depth = units if self._num_proj is None else self._num_proj
        self._kernel = self.add_weight("kernel", shape=[depth + h_depth, 4 * units],
                                       initializer=self._initializer)
        self._bias = self.add_weight("bias", shape=[4 * units],
                                     initializer=_initializers.Zeros())
        if self._use_peepholes:
            self._w_f_diag, self._w_i_diag, self._w_o_diag = [
                self.add_weight(name, shape=[units], initializer=self._initializer)
                for name in ("w_f_diag", "w_i_diag", "w_o_diag")]
        if self._num_proj is not None:
            self._proj_kernel = self.add_weight("projection/kernel",
                                                shape=[units, self._num_proj],
                                                initializer=self._initializer)
        self.built = True

    def call(self, inputs, state):
        tf = _tf()
        sigmoid, activation = tf.sigmoid, self._activation
        num_proj = self._num_units if self._num_proj is None else self._num_proj
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = tf.slice(state, [0, 0], [-1, self._num_units])
            m_prev = tf.slice(state, [0, self._num_units], [-1, num_proj])
        matrix = _matmul_bias(tf.concat([inputs, m_prev], 1), self._kernel, self._bias)
        i, j, f, o = tf.split(value=matrix, num_or_size_splits=4, axis=1)
        if self._use_peepholes:
            w_f, w_i, w_o = (_weight(w) for w in (self._w_f_diag, self._w_i_diag,
                                                  self._w_o_diag))
            c = (sigmoid(f + self._forget_bias + w_f * c_prev) * c_prev
                 + sigmoid(i + w_i * c_prev) * activation(j))
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * activation(j)
        if self._cell_clip is not None:
            c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + w_o * c) * activation(c)
        else:
            m = sigmoid(o) * activation(c)
        if self._num_proj is not None:
            m = tf.linalg.matmul(m, _weight(self._proj_kernel))
            if self._proj_clip is not None:
                m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else tf.concat([c, m], 1)
        return m, new_state


class MultiRNNCell(RNNCell):
    """Cells applied in sequence; cell i's variables live under "cell_<i>/"."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not nest.is_nested(cells):
            raise TypeError(f"cells must be a list or tuple, but received: {cells}.")
        self._cells = cells
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(nest.is_nested(c.state_size) for c in cells):
            raise ValueError("Some cells return tuples of states, but the flag state_is_tuple "
                             "is not set. State sizes are: "
                             f"{[c.state_size for c in cells]}")

    @property
    def state_size(self):
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(cell.state_size for cell in self._cells)

    output_size = property(lambda self: self._cells[-1].output_size)

    def zero_state(self, batch_size, dtype):
        with name_scope(type(self).__name__ + "ZeroState"):
            if self._state_is_tuple:
                return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
            return _zero_state_tensors(self.state_size, batch_size, _dtypes.as_dtype(dtype))

    def _sub_weights(self, attribute):
        return [w for cell in self._cells for w in getattr(cell, attribute, [])]

    trainable_weights = trainable_variables = property(
        lambda self: self._sub_weights("trainable_weights") if self.trainable else [])
    non_trainable_weights = non_trainable_variables = property(
        lambda self: self._sub_weights("non_trainable_weights") if self.trainable else
        self._sub_weights("trainable_weights") + self._sub_weights("non_trainable_weights"))

    def build(self, input_shape):
        self.built = True   # the cells build themselves when called

    def call(self, inputs, state):
        tf = _tf()
        position, current, new_states = 0, inputs, []
        for i, cell in enumerate(self._cells):
            with _vs.variable_scope(f"cell_{i}"):
                if self._state_is_tuple:
                    if not nest.is_nested(state):
                        raise ValueError(f"Expected state to be a tuple of length "
                                         f"{len(self.state_size)}, but received: {state}")
                    cell_state = state[i]
                else:
                    cell_state = tf.slice(state, [0, position], [-1, cell.state_size])
                    position += cell.state_size
                current, new_state = cell(current, cell_state)
                new_states.append(new_state)
        return current, (tuple(new_states) if self._state_is_tuple
                         else tf.concat(new_states, 1))


def _default_state_filter(substate):
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)   # never drop the LSTM memory
    return True


class DropoutWrapper(RNNCell):
    """Dropout on a cell's inputs, outputs and (filtered) new state, fresh at each step.

    Differs from TF: variational_recurrent=True (one mask for all steps) is not supported.
    """

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0,
                 variational_recurrent=False, input_size=None, dtype=None, seed=None,
                 dropout_state_filter_visitor=None, **kwargs):
        super().__init__(dtype=dtype, **kwargs)
        _is_rnn_cell_like(cell)
        if variational_recurrent:
            raise NotImplementedError("DropoutWrapper(variational_recurrent=True) is not "
                                      "supported by tensorlite; use the default per-step "
                                      "dropout")
        if dropout_state_filter_visitor is not None and not callable(
                dropout_state_filter_visitor):
            raise TypeError("dropout_state_filter_visitor must be callable. Received: "
                            f"{dropout_state_filter_visitor}")
        self.cell = cell
        self._state_filter = dropout_state_filter_visitor or _default_state_filter
        self._seed = seed
        with name_scope("DropoutWrapperInit"):
            for prob, attribute in ((input_keep_prob, "input_keep_prob"),
                                    (state_keep_prob, "state_keep_prob"),
                                    (output_keep_prob, "output_keep_prob")):
                tensor = convert_to_tensor(prob)
                value = shape_util.constant_value(tensor)
                if value is not None:
                    if value < 0 or value > 1:
                        raise ValueError(f"Parameter {attribute} must be between 0 and 1. "
                                         f"Received {value}")
                    setattr(self, "_" + attribute, float(value))
                else:
                    setattr(self, "_" + attribute, tensor)

    wrapped_cell = property(lambda self: self.cell)
    state_size = property(lambda self: self.cell.state_size)
    output_size = property(lambda self: self.cell.output_size)
    trainable_weights = trainable_variables = property(
        lambda self: list(getattr(self.cell, "trainable_weights", [])))
    non_trainable_weights = non_trainable_variables = property(
        lambda self: list(getattr(self.cell, "non_trainable_weights", [])))

    def zero_state(self, batch_size, dtype):
        with name_scope(type(self).__name__ + "ZeroState"):
            return self.cell.zero_state(batch_size, dtype)

    def _gen_seed(self, salt_prefix, index):
        if self._seed is None:
            return None
        data = (str(self._seed) + f"{salt_prefix}_{index}").encode("utf-8")
        return int(hashlib.md5(data).hexdigest()[:8], 16) & 0x7FFFFFFF

    def _dropout(self, values, salt_prefix, keep_prob, mask=True):
        """Dropout on each tensor of `values` where the matching `mask` entry is True."""
        tf = _tf()
        counter = [0]

        def visit(value, keep):
            if isinstance(keep, bool):
                if nest.is_nested(value):
                    return nest.map_structure(lambda v: visit(v, keep), value)
                index = counter[0]
                counter[0] += 1
                if not keep:
                    return value
                return tf.nn.dropout(value, rate=1.0 - keep_prob,
                                     seed=self._gen_seed(salt_prefix, index))
            return type(value)(*[visit(v, k) for v, k in zip(value, keep)]) \
                if hasattr(type(value), "_fields") else \
                type(value)(visit(v, k) for v, k in zip(value, keep))
        return visit(values, mask)

    def _state_mask(self, state):
        """Which parts of `state` to drop: the filter's answer, asked again of each member
        of a plain tuple it accepts whole (so a MultiRNNCell's LSTM memories are kept)."""
        keep = self._state_filter(state)
        if keep is True and nest.is_nested(state) and not hasattr(type(state), "_fields"):
            return type(state)(self._state_mask(s) for s in state)
        return keep

    def __call__(self, inputs, state, scope=None):
        def should(p):
            return not isinstance(p, float) or p < 1
        if should(self._input_keep_prob):
            inputs = self._dropout(inputs, "input", self._input_keep_prob)
        output, new_state = self.cell(inputs, state, scope=scope)
        if should(self._state_keep_prob):
            new_state = self._dropout(new_state, "state", self._state_keep_prob,
                                      self._state_mask(new_state))
        if should(self._output_keep_prob):
            output = self._dropout(output, "output", self._output_keep_prob)
        return output, new_state


class ResidualWrapper(RNNCell):
    """A cell whose output is residual_fn(inputs, cell output) (default: their sum)."""

    def __init__(self, cell, residual_fn=None, **kwargs):
        super().__init__(**kwargs)
        _is_rnn_cell_like(cell)
        self.cell = cell
        self._residual_fn = residual_fn

    wrapped_cell = property(lambda self: self.cell)
    state_size = property(lambda self: self.cell.state_size)
    output_size = property(lambda self: self.cell.output_size)

    def zero_state(self, batch_size, dtype):
        with name_scope(type(self).__name__ + "ZeroState"):
            return self.cell.zero_state(batch_size, dtype)

    def __call__(self, inputs, state, scope=None):
        output, new_state = self.cell(inputs, state, scope=scope)
        if self._residual_fn is not None:
            return self._residual_fn(inputs, output), new_state

        def add(input_, out):
            convert_to_tensor(input_).shape.assert_is_compatible_with(out.shape)
            return input_ + out
        return nest.map_structure(add, inputs, output), new_state


# ------------------------------------------------------------------ static_rnn / dynamic_rnn

def _infer_state_dtype(explicit_dtype, state):
    if explicit_dtype is not None:
        return _dtypes.as_dtype(explicit_dtype)
    if nest.is_nested(state):
        dtypes = [element.dtype for element in nest.flatten(state)]
        if not dtypes:
            raise ValueError(f"Unable to infer dtype from argument state={state}.")
        if not all(d == dtypes[0] for d in dtypes):
            raise ValueError(f"Argument state={state} has tensors of different inferred "
                             "dtypes. Unable to infer a single representative dtype. Dtypes "
                             f"received: {dtypes}")
        return dtypes[0]
    return state.dtype


def _initial_state(cell, initial_state, batch_size, dtype):
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError("If no initial_state is provided, argument `dtype` must be specified")
    if getattr(cell, "get_initial_state", None) is not None:
        return cell.get_initial_state(inputs=None, batch_size=batch_size, dtype=dtype)
    return cell.zero_state(batch_size, dtype)


def _copy_through(copy, old, new):
    """Rows where `copy` holds keep `old`, the others take `new` (TF's _rnn_step)."""
    if old.shape.rank == 0:
        return new
    result = _tf().compat.v1.where(copy, old, new)
    result.set_shape(old.shape)
    return result


def _mask_step(time, sequence_length, zero_output, state, output, new_state):
    """Past each row's length: output zeros, state carried through unchanged."""
    nest.pack_sequence_as(zero_output, nest.flatten(output))    # same structure, or raise
    nest.pack_sequence_as(state, nest.flatten(new_state))
    copy = time >= sequence_length
    output = nest.pack_sequence_as(zero_output, [
        _copy_through(copy, z, o) for z, o in zip(nest.flatten(zero_output),
                                                  nest.flatten(output))])
    new_state = nest.pack_sequence_as(state, [
        _copy_through(copy, s, n) for s, n in zip(nest.flatten(state),
                                                  nest.flatten(new_state))])
    return output, new_state


def _sequence_length(sequence_length, batch_size=None):
    """int32 lengths; TF words the rank error differently in static_rnn (batch_size given)."""
    tf = _tf()
    sequence_length = convert_to_tensor(sequence_length, name="sequence_length")
    if sequence_length.shape.rank not in (None, 1):
        if batch_size is not None:
            raise ValueError("Argument `sequence_length` must be a vector of length "
                             f"{batch_size}. Received sequence_length={sequence_length}.")
        raise ValueError("Argument sequence_length must be a vector of length batch_size. "
                         f"Received sequence_length={sequence_length} of shape: "
                         f"{sequence_length.shape}")
    return tf.cast(sequence_length, _dtypes.int32)


def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """An RNN unrolled over a Python list of [batch, depth] inputs (TF's static_rnn)."""
    tf = _tf()
    _is_rnn_cell_like(cell)
    if not nest.is_nested(inputs):
        raise TypeError(f"Argument `inputs` must be a sequence. Received: {inputs}")
    if not inputs:
        raise ValueError("Argument `inputs` must not be empty.")
    outputs = []
    with _vs.variable_scope(scope or "rnn") as varscope:
        first_input = inputs
        while nest.is_nested(first_input):
            first_input = first_input[0]
        first_input = convert_to_tensor(first_input)
        if first_input.shape.rank != 1:
            fixed_batch_size = first_input.shape.with_rank_at_least(2)[0]
            for flat_input in nest.flatten(inputs):
                shape = convert_to_tensor(flat_input).shape.with_rank_at_least(2)
                if not TensorShape([fixed_batch_size]).is_compatible_with(shape[:1]):
                    raise ValueError(f"Dimensions {fixed_batch_size} and {shape[0]} are not "
                                     "compatible")
                for i, size in enumerate(shape[1:].as_list()):
                    if size is None:
                        raise ValueError(f"Input size (dimension {i} of input {flat_input}) "
                                         "must be accessible via shape inference, but saw "
                                         "value None.")
        else:
            fixed_batch_size = first_input.shape.with_rank_at_least(1)[0]
        batch_size = fixed_batch_size if fixed_batch_size is not None else \
            tf.shape(first_input)[0]
        state = _initial_state(cell, initial_state, batch_size, dtype)
        if sequence_length is not None:
            sequence_length = _sequence_length(sequence_length, batch_size)
            zero_output = nest.map_structure(
                lambda size: _zeros(batch_size, size, _infer_state_dtype(dtype, state)),
                cell.output_size)
        for time, input_ in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()
            output, new_state = cell(input_, state)
            if sequence_length is not None:
                output, new_state = _mask_step(time, sequence_length, zero_output, state,
                                               output, new_state)
            state = new_state
            outputs.append(output)
        return outputs, state


def _transpose_batch_time(x):
    tf = _tf()
    shape = x.shape
    if shape.rank is not None and shape.rank < 2:
        return x
    if shape.rank is not None:
        perm = [1, 0] + list(range(2, shape.rank))
    else:
        perm = tf.concat(([1, 0], tf.range(2, tf.rank(x))), axis=0)
    result = tf.transpose(x, perm)
    if shape.rank is not None:
        result.set_shape(TensorShape([shape[1], shape[0]]).concatenate(shape[2:]))
    return result


def _best_effort_batch_size(flat_input):
    for input_ in flat_input:
        shape = input_.shape
        if shape.rank is None:
            continue
        if shape.rank < 2:
            raise ValueError(f"Input tensor should have rank >= 2. Received input={input_} "
                             f"of rank {shape.rank}")
        if shape[1] is not None:
            return int(shape[1])
    return _tf().shape(flat_input[0])[1]


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None,
                parallel_iterations=None, swap_memory=False, time_major=False, scope=None):
    """An RNN over the time axis of `inputs` with tf.while_loop (TF's dynamic_rnn).

    Differs from TF: in graphs the outputs are gathered by concatenation in the loop rather
    than in a TensorArray (same values and gradients; other internal op names).
    """
    tf = _tf()
    _is_rnn_cell_like(cell)
    with _vs.variable_scope(scope or "rnn"):
        flat_input = [convert_to_tensor(x) for x in nest.flatten(inputs)]
        if not time_major:
            flat_input = [_transpose_batch_time(x) for x in flat_input]
        if sequence_length is not None:
            sequence_length = tf.identity(
                _sequence_length(sequence_length), name="sequence_length")
        batch_size = _best_effort_batch_size(flat_input)
        state = _initial_state(cell, initial_state, batch_size, dtype)
        inputs = nest.pack_sequence_as(inputs, flat_input)
        outputs, final_state = _dynamic_rnn_loop(cell, inputs, state, sequence_length, dtype)
        if not time_major:
            outputs = nest.map_structure(_transpose_batch_time, outputs)
        return outputs, final_state


def _dynamic_rnn_loop(cell, inputs, state, sequence_length, dtype):
    tf = _tf()
    flat_input = nest.flatten(inputs)
    flat_output_size = nest.flatten(cell.output_size)
    time_steps = tf.shape(flat_input[0])[0]
    batch_size = _best_effort_batch_size(flat_input)
    got_shapes = [x.shape.with_rank_at_least(3) for x in flat_input]
    const_time_steps, const_batch_size = got_shapes[0].as_list()[:2]
    for x, shape in zip(flat_input, got_shapes):
        if not shape[2:].is_fully_defined():
            raise ValueError("Input size (depth of inputs) must be accessible via shape "
                             f"inference, but saw value None for input={x}.")
        if shape[0] != const_time_steps:
            raise ValueError("Time steps is not the same for all the elements in the input in "
                             f"a batch. Received time steps={shape[0]} for input={x}.")
        if shape[1] != const_batch_size:
            raise ValueError("Batch_size is not the same for all the elements in the input. "
                             f"Received batch size={shape[1]} for input={x}.")
    output_dtype = _infer_state_dtype(dtype, state)
    zero_output = nest.pack_sequence_as(cell.output_size, [
        _zeros(batch_size, size, output_dtype) for size in flat_output_size])
    structure = cell.output_size

    def step(time, input_t, state):
        input_t = nest.pack_sequence_as(inputs, input_t)
        output, new_state = cell(input_t, state)
        if sequence_length is not None:
            output, new_state = _mask_step(time, sequence_length, zero_output, state, output,
                                           new_state)
        return nest.flatten(output), new_state

    if _context.executing_eagerly():
        # As TF does eagerly: every step runs (masked), outputs stacked from a Python list.
        collected = [[] for _ in flat_output_size]
        for time in range(int(time_steps.numpy())):
            output, state = step(tf.constant(time), [x[time] for x in flat_input], state)
            for bucket, value in zip(collected, output):
                bucket.append(value)
        return (nest.pack_sequence_as(structure, [tf.stack(b, axis=0) for b in collected]),
                state)

    time = tf.constant(0, dtype=_dtypes.int32, name="time")
    if sequence_length is not None:
        max_length = tf.reduce_max(sequence_length)
        loop_bound = tf.minimum(time_steps, tf.maximum(1, max_length))
    else:
        loop_bound = time_steps
    empty = [_empty_steps(batch_size, size, output_dtype) for size in flat_output_size]
    outer_graph = _context.get_default_graph()

    def body(time, gathered, state):
        with _ReadWeightsOutside(outer_graph):
            input_t = []
            for x, shape in zip(flat_input, got_shapes):
                # A strided slice, not gather: its gradient is dense (the While gradient
                # cannot return IndexedSlices for captured inputs).
                value = x[time]
                value.set_shape(shape[1:])
                input_t.append(value)
            output, new_state = step(time, input_t, state)
        gathered = tuple(tf.concat([g, tf.expand_dims(o, 0)], 0)
                         for g, o in zip(gathered, output))
        return time + 1, gathered, new_state

    invariants = (TensorShape([]),
                  tuple(TensorShape([None, const_batch_size]).concatenate(_shape_list(size))
                        for size in flat_output_size),
                  nest.map_structure(lambda t: t.shape, state))
    _, gathered, final_state = tf.while_loop(
        lambda time, *_: time < loop_bound, body, (time, tuple(empty), state),
        shape_invariants=invariants, maximum_iterations=time_steps)
    final_outputs = []
    for value, size in zip(gathered, flat_output_size):
        if sequence_length is not None:
            # Steps past the longest sequence never ran: their outputs are zeros.
            missing = time_steps - tf.shape(value)[0]
            pad = tf.zeros(tf.concat([tf.expand_dims(missing, 0), tf.shape(value)[1:]], 0),
                           dtype=value.dtype)
            value = tf.concat([value, pad], 0)
        value.set_shape(TensorShape([const_time_steps, const_batch_size]).concatenate(
            _shape_list(size)))
        final_outputs.append(value)
    return nest.pack_sequence_as(structure, final_outputs), final_state


# ------------------------------------------------------------------ bidirectional RNNs

def _reverse_time(value, lengths, seq_axis, batch_axis):
    """Each row's first lengths[b] steps reversed (all steps when lengths is None)."""
    tf = _tf()
    if lengths is None:
        return tf.reverse(value, axis=[seq_axis])
    return tf.reverse_sequence(value, lengths, seq_axis=seq_axis, batch_axis=batch_axis)


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None,
                              initial_state_fw=None, initial_state_bw=None, dtype=None,
                              parallel_iterations=None, swap_memory=False, time_major=False,
                              scope=None):
    """dynamic_rnn forward, and backward over each sequence reversed within its length.

    Returns ((output_fw, output_bw), (state_fw, state_bw)), output_bw back in input order.
    """
    _is_rnn_cell_like(cell_fw, "cell_fw")
    _is_rnn_cell_like(cell_bw, "cell_bw")
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)
    with _vs.variable_scope(scope or "bidirectional_rnn"):
        with _vs.variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(
                cell_fw, inputs, sequence_length=sequence_length,
                initial_state=initial_state_fw, dtype=dtype, time_major=time_major,
                scope=fw_scope)
        with _vs.variable_scope("bw") as bw_scope:
            reversed_inputs = nest.map_structure(
                lambda x: _reverse_time(x, sequence_length, time_axis, batch_axis), inputs)
            reversed_output_bw, state_bw = dynamic_rnn(
                cell_bw, reversed_inputs, sequence_length=sequence_length,
                initial_state=initial_state_bw, dtype=dtype, time_major=time_major,
                scope=bw_scope)
    # As TF does, the backward outputs are put back in order outside the scope (and only a
    # single tensor, not a nested output structure, is expected here).
    output_bw = _reverse_time(reversed_output_bw, sequence_length, time_axis, batch_axis)
    return (output_fw, output_bw), (state_fw, state_bw)


def _reverse_steps(steps, lengths):
    """A list of per-step structures reversed within each row's length (TF's _reverse_seq)."""
    tf = _tf()
    if lengths is None:
        return list(reversed(steps))
    flat_steps = [nest.flatten(step) for step in steps]
    flat_results = [[] for _ in steps]
    for sequence in zip(*flat_steps):
        sequence = [convert_to_tensor(x) for x in sequence]
        shape = TensorShape(None) if sequence[0].shape.rank is None else \
            TensorShape([None] * sequence[0].shape.rank)
        for x in sequence:
            shape.assert_is_compatible_with(x.shape)
            shape = shape.merge_with(x.shape)
        reversed_steps = tf.unstack(tf.reverse_sequence(tf.stack(sequence), lengths, 0, 1))
        for value, flat_result in zip(reversed_steps, flat_results):
            value.set_shape(shape)
            flat_result.append(value)
    return [nest.pack_sequence_as(step, flat) for step, flat in zip(steps, flat_results)]


def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None,
                             initial_state_bw=None, dtype=None, sequence_length=None,
                             scope=None):
    """static_rnn forward and over the reversed steps; per step [fw, bw] concatenated.

    Returns (outputs, state_fw, state_bw).
    """
    tf = _tf()
    _is_rnn_cell_like(cell_fw, "cell_fw")
    _is_rnn_cell_like(cell_bw, "cell_bw")
    if not nest.is_nested(inputs):
        raise TypeError(f"Argument `inputs` must be a sequence. Received: {inputs}")
    if not inputs:
        raise ValueError("Argument `inputs` must not be empty.")
    with _vs.variable_scope(scope or "bidirectional_rnn"):
        with _vs.variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype,
                                             sequence_length, scope=fw_scope)
        with _vs.variable_scope("bw") as bw_scope:
            reversed_inputs = _reverse_steps(inputs, sequence_length)
            reversed_output_bw, state_bw = static_rnn(cell_bw, reversed_inputs,
                                                      initial_state_bw, dtype,
                                                      sequence_length, scope=bw_scope)
    output_bw = _reverse_steps(reversed_output_bw, sequence_length)
    outputs = nest.pack_sequence_as(output_fw, tuple(
        tf.concat([fw, bw], 1) for fw, bw in zip(nest.flatten(output_fw),
                                                  nest.flatten(output_bw))))
    return outputs, state_fw, state_bw
