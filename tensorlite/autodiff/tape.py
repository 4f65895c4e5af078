"""`tf.GradientTape`: records the ops run on watched tensors, then differentiates them.

Active tapes live on the thread-local context state; `dispatch.apply` hands every op to
`record` while any tape is active. A tape keeps only ops that touch something it tracks
(a watched tensor, or an output of an op it recorded).
"""
from tensorlite.autodiff import backprop as _backprop
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import dispatch as _dispatch
from tensorlite.framework import nest
from tensorlite.framework.tensor import EagerTensor, SymbolicTensor, Tensor

_state = _context.state
_RESOURCE = _dtypes.resource


class RecordedOp:
    """What a tape keeps of an eager op: enough for its gradient rule."""

    __slots__ = ("op_def", "inputs", "outputs", "_attrs", "skip_input_indices")

    def __init__(self, opdef, inputs, attrs, outputs):
        self.op_def = opdef
        self.inputs = inputs if type(inputs) is tuple else tuple(inputs)
        self.outputs = outputs
        self._attrs = attrs
        self.skip_input_indices = ()

    @property
    def type(self):
        return self.op_def.type

    @property
    def name(self):
        return self.op_def.type

    def get_attr(self, name):
        attrs = self._attrs
        if name in attrs:
            return attrs[name]
        opdef = self.op_def
        if name in opdef.type_attrs:
            specs = opdef.input_specs(len(self.inputs))
            for tensor, spec in zip(self.inputs, specs):
                if spec == name:
                    return tensor.dtype
        if name == "N" and opdef.list_input is not None:
            return len(self.inputs) - opdef.fixed_inputs
        if name in opdef.default_attrs:
            return opdef.default_attrs[name]
        raise ValueError(f"Operation '{opdef.type}' has no attr named '{name}'.")


def _record(opdef, inputs, attrs, outputs):
    """Called by dispatch for every op while a tape is active on this thread."""
    kind = type(outputs)
    if kind is EagerTensor:
        tapes = _state.tapes
        if len(tapes) == 1:     # the common case, kept short: one tape, one eager output
            tape = tapes[0]
            tracked = tape._tracked
            for tensor in inputs:
                if id(tensor) in tracked:
                    tape._records.append(RecordedOp(opdef, inputs, attrs, (outputs,)))
                    tracked.add(id(outputs))
                    return
            return
        outs, record, checked = (outputs,), None, inputs
    elif kind is SymbolicTensor:
        outs = (outputs,)
        record = outputs._op
        checked = record._inputs
    elif kind is list and outputs:
        outs = tuple(outputs)
        first = outputs[0]
        record = first._op if type(first) is SymbolicTensor else None
        checked = record._inputs if record is not None else inputs
    else:
        return   # a graph Operation without outputs, or None: nothing to differentiate
    for tape in _state.tapes:
        tracked = tape._tracked
        for tensor in checked:
            if id(tensor) in tracked:
                break
        else:
            continue
        if record is None:
            record = RecordedOp(opdef, inputs, attrs, outs)
        elif type(record) is not RecordedOp:
            tape._graph_records = True     # backprop then keeps to the symbolic rules
        tape._records.append(record)
        for out in outs:
            tracked.add(id(out))


_dispatch.tape_hook.record = staticmethod(_record)


def record_variable_read(handle, read):
    """An eager read of a variable (ReadVariableOp, whose gradient is the identity): tapes
    tracking the handle note `read` as an alias of it instead of recording an op."""
    for tape in _state.tapes:
        tracked = tape._tracked
        if id(handle) in tracked:
            tape._aliases.append((read, handle))
            tracked.add(id(read))


class GradientTape:
    """Record operations for automatic differentiation (TF's tf.GradientTape)."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._records = []
        self._aliases = []             # (a variable's eager read, its handle)
        self._graph_records = False    # recorded graph operations (a tape used in a trace)
        self._tracked = set()
        self._keep_alive = []          # watched objects, so their ids stay unique
        self._watched_variables = []
        self._watched_variable_ids = set()
        self._used = False
        self._recording = False

    # ------------------------------------------------------------------ recording
    def __enter__(self):
        self._push()
        return self

    def __exit__(self, *exc):
        if self._recording:
            self._pop()
        return False

    def _push(self):
        _state.tapes.append(self)
        self._recording = True

    def _pop(self):
        tapes = _state.tapes
        if self in tapes:
            tapes.remove(self)
        self._recording = False

    def watch(self, tensor):
        """Track `tensor` (a tensor, a variable, or a nest of them)."""
        for item in nest.flatten(tensor):
            self._watch_one(item)

    def _watch_one(self, item):
        handle = None if type(item) is EagerTensor else getattr(item, "_tape_handle", None)
        if handle is not None:          # a variable: track its reads
            raw = item.handle
            if raw is not handle:
                # While tracing a function the reads use its capture of the handle;
                # a tape outside the function sees the call consume the handle itself.
                self._tracked.add(id(raw))
                self._keep_alive.append(raw)
                # A read in a nested body (a tf.cond branch in a function) reaches the
                # variable through each enclosing function's capture: the ops consuming
                # those (the If op) are on this tape's path too.
                for builder in _state.stack[:-1]:
                    if builder.building_function:
                        outer = builder.capture(raw)
                        self._tracked.add(id(outer))
                        self._keep_alive.append(outer)
            if id(item) not in self._watched_variable_ids:
                self._watched_variable_ids.add(id(item))   # the list keeps it alive
                self._watched_variables.append(item)
            item = handle
        elif not isinstance(item, Tensor):
            raise ValueError(f"Passed in object {item} of type "
                             f"'{type(item).__name__}', not tf.Tensor or tf.Variable "
                             "or ExtensionType.")
        dtype = item.dtype
        # A variant (TensorList) is trainable when its elements are, as in TF's IsTrainable.
        if not (dtype is _RESOURCE or dtype is _dtypes.variant or dtype.is_floating or
                dtype.is_complex):
            _warn_not_floating(item.dtype)
            return   # TF only warns: integer tensors get no gradient
        self._tracked.add(id(item))
        self._keep_alive.append(item)

    def _variable_accessed(self, variable):
        if not _state.stack and id(variable) in self._watched_variable_ids:
            return      # (eagerly a watched variable's reads are tracked already)
        if self._watch_accessed_variables and getattr(variable, "trainable", False):
            if _state.stack:
                # While tracing, each function has its own capture of the handle to track.
                self._watch_one(variable)
                return
            # Eagerly the handle is the variable's own; once watched, its reads are tracked.
            key = id(variable)
            if key not in self._watched_variable_ids:
                handle = variable.handle
                self._watched_variable_ids.add(key)   # (the list keeps the variable alive)
                self._watched_variables.append(variable)
                self._tracked.add(id(handle))
                self._keep_alive.append(handle)

    def watched_variables(self):
        return tuple(self._watched_variables)

    def stop_recording(self):
        """Pause this tape in the block."""
        if not self._recording:
            raise ValueError("Tape is not recording.")
        return _Paused([self])

    def reset(self):
        """Forget everything recorded so far (the tape keeps recording if it was)."""
        self._records = []
        self._aliases = []
        self._graph_records = False
        self._tracked = set()
        self._keep_alive = []
        self._watched_variables = []
        self._watched_variable_ids = set()
        self._used = False

    # ------------------------------------------------------------------ gradients
    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=_backprop.UnconnectedGradients.NONE):
        """d(target)/d(sources), with `sources`' structure; None (or zeros) if unconnected."""
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians)")
        unconnected = _backprop.as_unconnected(unconnected_gradients)
        if target is None:
            raise TypeError("Argument `target` should be a list or nested structure of Tensors, "
                            "Variables or CompositeTensors to be differentiated, but received "
                            "None.")
        if self._recording and not self._persistent:
            self._pop()
        self._used = True
        flat_targets = [_as_tensor_target(t) for t in nest.flatten(target)]
        flat_sources = nest.flatten(sources)
        # Only what this tape tracks has a gradient: a tensor it never saw gets None.
        tracked = self._tracked
        keys = []
        for source in flat_sources:
            key = source if type(source) is EagerTensor else _source_key(source)
            keys.append(key if id(key) in tracked else _Untracked(key))
        seeds = [None] * len(flat_targets)
        if output_gradients is not None:
            seeds = [None if g is None else _to_tensor(g)
                     for g in nest.flatten(output_gradients)]
        if self._recording:       # a persistent tape: not recording its own gradient
            with _Paused([self]):
                grads = self._run_backprop(flat_targets, seeds, keys, unconnected)
        else:
            try:
                grads = self._run_backprop(flat_targets, seeds, keys, unconnected)
            finally:
                self._release()
        if type(sources) is list and len(sources) == len(flat_sources) and \
                all(a is b for a, b in zip(sources, flat_sources)):
            return grads        # (a flat list of sources, the common case: nothing to pack)
        return nest.pack_sequence_as(sources, grads)

    def _release(self):
        """A non-persistent tape lets go of what it recorded once its gradient is taken, as
        TF's does: the forward pass's tensors are freed before, say, the optimizer step."""
        if not self._persistent:
            self._records = []
            self._aliases = []
            self._tracked = set()
            self._keep_alive = []

    def _run_backprop(self, targets, seeds, keys, unconnected):
        return _backprop.backprop(self._records, targets, seeds, keys, unconnected,
                                  needed_ids=self._tracked, aliases=self._aliases,
                                  array_rules=self._array_rules_apply())

    def _array_rules_apply(self):
        """Whether backprop may differentiate on arrays: every record is an eager op and no
        tape records the gradient computation (so nothing needs it as tensors)."""
        return not (_state.tapes or self._graph_records) and _context.executing_eagerly()

    def jacobian(self, target, sources, unconnected_gradients=_backprop.UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """The Jacobian of `target` w.r.t. each source: shape target.shape + source.shape.

        Computed one target element at a time (TF vectorizes with pfor; the values agree).
        """
        import numpy as np
        from tensorlite.framework.convert import convert_to_tensor
        from tensorlite.ops import array_ops
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians)")
        unconnected = _backprop.as_unconnected(unconnected_gradients)
        if self._recording and not self._persistent:
            self._pop()
        self._used = True
        target = _as_tensor_target(target)
        flat_sources = nest.flatten(sources)
        keys = [self._tracked_key(s) for s in flat_sources]
        shape = target.shape.as_list()
        size = int(np.prod(shape, dtype=np.int64))
        rows = [[] for _ in keys]
        connected = [True] * len(keys)
        try:
            with _Paused([self]) if self._recording else _NoPause():
                for index in range(size):
                    seed = np.zeros(shape, dtype=target.dtype.as_numpy_dtype)
                    seed.reshape(-1)[index] = 1
                    grads = _backprop.backprop(self._records, [target],
                                               [convert_to_tensor(seed)], keys,
                                               _backprop.UnconnectedGradients.NONE,
                                               aliases=self._aliases)
                    for i, grad in enumerate(grads):
                        if grad is None:
                            connected[i] = False
                            grad = _zeros_for(keys[i])
                        rows[i].append(_to_tensor(grad))
        finally:
            self._release()
        results = []
        for key, row, is_connected in zip(keys, rows, connected):
            if not is_connected and unconnected is _backprop.UnconnectedGradients.NONE:
                results.append(None)
                continue
            stacked = array_ops.stack(row) if row else convert_to_tensor(
                np.zeros([0] + key.shape.as_list(), key.dtype.as_numpy_dtype))
            results.append(array_ops.reshape(stacked, shape + key.shape.as_list()))
        return nest.pack_sequence_as(sources, results)

    def _tracked_key(self, source):
        key = _source_key(source)
        return key if id(key) in self._tracked else _Untracked(key)

    def batch_jacobian(self, target, source,
                       unconnected_gradients=_backprop.UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobians: target [b, ...], source [b, ...] -> [b, t..., s...]."""
        import numpy as np
        from tensorlite.ops import array_ops
        target_shape = _as_tensor_target(target).shape.as_list()
        source_shape = _source_key(source).shape.as_list()
        if len(target_shape) < 2:
            raise ValueError(f"Shape {tuple(target_shape)} must have rank at least 2")
        full = self.jacobian(target, source, _backprop.UnconnectedGradients.ZERO)
        batch = target_shape[0]
        t_size = int(np.prod(target_shape[1:], dtype=np.int64))
        s_size = int(np.prod(source_shape[1:], dtype=np.int64))
        blocks = array_ops.reshape(full, [batch, t_size, batch, s_size])
        diagonal = array_ops.stack([blocks[b, :, b, :] for b in range(batch)])
        return array_ops.reshape(diagonal, [batch] + target_shape[1:] + source_shape[1:])


class _Untracked:
    """A source the tape does not track: it matches no record, so its gradient is None."""

    def __init__(self, tensor):
        self.tensor = tensor
        self.dtype = tensor.dtype
        self.shape = tensor.shape


_warnings_by_site = {}


def _warn_not_floating(dtype):
    import logging
    import sys
    frame = sys._getframe(3)   # the caller of watch()
    site = (frame.f_code.co_filename, frame.f_lineno)
    count = _warnings_by_site.get(site, 0)
    if count < 5:   # TF logs this warning the first five times per call site
        _warnings_by_site[site] = count + 1
        logging.getLogger("tensorflow").warning(
            "The dtype of the watched tensor must be floating (e.g. tf.float32), got %r", dtype)


def _zeros_for(tensor):
    from tensorlite.autodiff import grad_util
    return grad_util.zeros_like(tensor)


class _Paused:
    def __init__(self, tapes):
        self._tapes = tapes

    def __enter__(self):
        self._paused = [t for t in self._tapes if t in _state.tapes]
        for tape in self._paused:
            tape._pop()

    def __exit__(self, *exc):
        for tape in self._paused:
            tape._push()
        return False


class _NoPause:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def stop_recording():
    """Pause every tape on this thread in the block (what init_scope does)."""
    return _Paused(list(_state.tapes))


def variable_accessed(variable):
    """Called by variables when read: tapes watching accessed variables start tracking it."""
    for tape in _state.tapes:
        tape._variable_accessed(variable)


def _source_key(source):
    if type(source) is EagerTensor:
        return source
    handle = getattr(source, "_tape_handle", None)
    if handle is not None:
        return handle
    if not isinstance(source, Tensor):
        raise ValueError(f"Passed in object {source!r} of type '{type(source).__name__}', not "
                         "tf.Tensor or tf.Variable or ExtensionType.")
    return source


def _as_tensor_target(target):
    if type(target) is EagerTensor:
        return target
    value = getattr(target, "_tape_value", None)
    if value is not None:
        return value()
    if isinstance(target, Tensor):
        return target
    from tensorlite.framework.convert import convert_to_tensor
    return convert_to_tensor(target)


def _to_tensor(value):
    from tensorlite.framework.convert import convert_to_tensor
    return value if isinstance(value, Tensor) else convert_to_tensor(value)
