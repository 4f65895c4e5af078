"""Execution plans: a graph pruned to what some fetches need, compiled once, run many times.

`Plan` orders the needed ops topologically, gives every tensor value an integer slot,
binds each op's kernel and attributes, and records after which step each value can be
dropped. Running it is a flat loop over steps: no graph walking, no dict lookups by name.
"""
import numpy as np

from tensorlite.execution import folding
from tensorlite.framework import errors
from tensorlite.framework.op_inputs import runtime_name


_SINGLE, _MANY, _NONE = "single", "many", "none"


class Plan:
    """The steps that compute `fetch_tensors` and run `target_ops`, given fed tensors."""

    def __init__(self, graph, fetch_tensors, target_ops, feed_tensors):
        self.graph = graph
        self.feed_tensors = list(feed_tensors)
        fed = {id(t): t for t in self.feed_tensors}
        slots = {}

        def slot_of(tensor):
            slot = slots.get(id(tensor))
            if slot is None:
                slot = slots[id(tensor)] = len(slots)
            return slot

        self.feed_slots = [slot_of(t) for t in self.feed_tensors]
        order = _needed_ops(fetch_tensors, target_ops, fed)
        self.missing_feed = None
        last_use = {}
        steps = []
        constants = {}   # Const values are placed in their slots up front: no step to run
        for op in order:
            if op.type == "Const":
                constants[slot_of(op._outputs[0])] = op.get_attr("value")
        order = [op for op in order if op.type != "Const"]
        for step_index, op in enumerate(order):
            if op.type in ("Placeholder",) and self.missing_feed is None:
                self.missing_feed = op
            in_slots = []
            for tensor in op._inputs:
                slot = slot_of(tensor)
                in_slots.append(slot)
                last_use[slot] = step_index
            out_slots = [slot_of(t) for t in op._outputs]
            steps.append([op, op._opdef.kernel, in_slots, out_slots, op._kernel_attrs])
        self.fetch_slots = [slot_of(t) for t in fetch_tensors]
        kept = set(self.fetch_slots) | set(self.feed_slots) | set(constants)
        frees = [[] for _ in steps]
        for slot, step_index in last_use.items():
            if slot not in kept:
                frees[step_index].append(slot)
        self.num_slots = len(slots)
        self.initial_values = [None] * self.num_slots
        for slot, value in constants.items():
            self.initial_values[slot] = value
        self._constant_slots = frozenset(constants)
        self._kept_slots = kept
        # How a step stores its result: one value, a sequence of values, or nothing.
        self.steps = []
        for i, (op, kernel, in_slots, out_slots, attrs) in enumerate(steps):
            single = len(out_slots) == 1 and op._opdef.num_outputs == 1
            store = _SINGLE if single else (_MANY if out_slots else _NONE)
            self.steps.append((op, kernel, tuple(in_slots),
                               out_slots[0] if single else tuple(out_slots), store, attrs,
                               tuple(frees[i])))
        # Shape folding (folding.py): the steps that depend only on constants and shapes,
        # and once a run has recorded their values, the steps left to run.
        self._foldable = folding.foldable_steps(self.steps, self._constant_slots)
        self._folded = None
        self._runs = self._shape_changes = 0

    def run(self, feed_values):
        """Compute the fetched values from arrays for the fed tensors (in feed order)."""
        if self.missing_feed is not None:
            raise _missing_feed_error(self.missing_feed)
        folded = self._folded
        if folded is None:
            if self._foldable:
                return self._run_and_fold(feed_values)
            values = self._start(self.initial_values, feed_values)
            _execute(self.steps, values)
        else:
            self._runs += 1
            values = self._start(folded.initial_values, feed_values)
            try:
                _execute(folded.steps, values)
            except folding.ShapeChanged as changed:
                # Values folded so far depend only on shapes checked already: go on with
                # every step from the changed one, and record afresh next time.
                self._folded = None
                _execute(self.steps, values, changed.step_index)
                self._note_shape_change()
        return [values[slot] for slot in self.fetch_slots]

    def _start(self, initial_values, feed_values):
        values = initial_values.copy()
        for slot, value in zip(self.feed_slots, feed_values):
            values[slot] = value
        return values

    def _note_shape_change(self):
        # Shapes that change on most runs (a loop body growing a tensor) would make every
        # other run a recording one: such a plan stops folding.
        self._shape_changes += 1
        if self._shape_changes * 4 > self._runs + 8:
            self._foldable = ()

    def _run_and_fold(self, feed_values):
        """A run that records, then folds what depends only on shapes."""
        foldable = self._foldable      # (read once: other threads may run this plan too)
        values = self._start(self.initial_values, feed_values)
        steps, shapes = folding.recording_steps(self.steps, foldable)
        _execute(steps, values)
        large = folding.too_large(values, self.steps, foldable)
        if large:
            foldable = self._foldable = folding.foldable_steps(
                self.steps, self._constant_slots, excluded=large)
        if foldable:
            self._folded = folding.FoldedSteps(self.steps, self.initial_values,
                                               self._kept_slots, foldable, values, shapes)
        return [values[slot] for slot in self.fetch_slots]


def _execute(steps, values, start=0):
    """Run `steps` (from index `start`) on the value slots: the executor's inner loop."""
    for op, kernel, in_slots, out, store, attrs, frees in steps[start:] if start else steps:
        try:
            result = kernel(*[values[i] for i in in_slots], **attrs)
        except folding.ShapeChanged:
            raise
        except Exception as e:
            raise runtime_error(op, e) from None
        if store is _SINGLE:
            values[out] = result
        elif store is _MANY:
            for slot, value in zip(out, result):
                values[slot] = value
        for slot in frees:
            values[slot] = None


def _needed_ops(fetch_tensors, target_ops, fed):
    """Ops the fetches need, in creation order: a topological order that also runs
    stateful ops (assignments, prints) in program order, as TF's automatic control
    dependencies do in functions."""
    order, state = [], {}
    roots = [t._op for t in fetch_tensors if id(t) not in fed] + list(target_ops)
    for root in roots:
        if id(root) in state:
            continue
        stack = [(root, False)]
        while stack:
            op, expanded = stack.pop()
            if expanded:
                state[id(op)] = 2
                order.append(op)
                continue
            if state.get(id(op)) is not None:
                continue
            state[id(op)] = 1
            stack.append((op, True))
            for control in reversed(op._control_inputs):
                # TF's feed rewrite moves a fed Placeholder's control edges to the feed:
                # the dependency is met by the feed (tf.metrics.mean waits on its input).
                if id(control) not in state and not (
                        control.type == "Placeholder" and id(control._outputs[0]) in fed):
                    stack.append((control, False))
            for tensor in reversed(op._inputs):
                if id(tensor) not in fed and id(tensor._op) not in state:
                    stack.append((tensor._op, False))
    order.sort(key=lambda op: op._id)
    return order


def _missing_feed_error(op):
    shape = op.get_attr("shape")
    dtype = op.get_attr("dtype")
    if shape.rank is None:
        shape_text = "<unknown>"
    else:
        shape_text = "[" + ",".join("?" if d is None else str(d) for d in shape.as_list()) + "]"
    return errors.InvalidArgumentError(
        None, op, f"You must feed a value for placeholder tensor '{op.name}' with dtype "
        f"{runtime_name(dtype)} and shape {shape_text}\n\t [[{{{{node {op.name}}}}}]]")


def runtime_error(op, error):
    """A kernel's exception as TF's runtime error, naming the op that failed."""
    if isinstance(error, errors.OpError):
        cls, message = type(error), error.message
    else:
        cls, message = errors.InvalidArgumentError, str(error)
        if isinstance(error, ValueError) and "broadcast" in message:
            shapes = " vs. ".join("[" + ",".join(str(d) for d in t.shape.as_list()) + "]"
                                  if t.shape.rank is not None else "?" for t in op.inputs)
            message = f"Incompatible shapes: {shapes}"
    result = cls(None, op, f"{message}\n\t [[{{{{node {op.name}}}}}]]")
    return result


def as_fetch_value(value):
    """What Session.run returns for a computed value: NumPy arrays, NumPy scalars for rank 0."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return value[()]
        if not value.flags.writeable:
            return value.copy()
        return value
    return value

