"""Shape folding: a plan specialized to the shapes it last ran with.

Graphs built for a batch dimension of None compute shapes while they run (Shape, then
BroadcastGradientArgs, Reshape targets, the gradient of a mean...): in a training step that
is a third of the ops, though the shapes repeat every step. After one run, a plan keeps the
values of the ops that depend only on constants and on shapes, and later runs skip them.

Each op that reads a shape (Shape, Size, ZerosLike, ...) stays in the run as a check of
that shape. If a shape differs (a new batch size, a data-dependent shape) the run goes on
unspecialized from that op: every value folded before it depends only on shapes already
checked, so it is still right. The plan then records again on its next run.
"""
import numpy as np

# Ops whose output depends on their input's shape (and dtype), not on its values.
SHAPE_READERS = frozenset({"Shape", "ShapeN", "Size", "Rank", "ZerosLike", "OnesLike"})
# Stateless ops that must still run every time: feeds, user Python, function bodies.
NEVER_FOLDED = frozenset({"Placeholder", "PlaceholderWithDefault", "PyFuncStateless",
                          "PartitionedCall", "CustomGradient", "StatelessIf", "StatelessWhile",
                          "StatelessCase", "WhileGrad", "NoOp"})
# Folded values are kept with the plan, like constants: large ones are recomputed instead.
MAX_FOLDED_BYTES = 1 << 20


class ShapeChanged(Exception):
    """Raised by a shape check whose input no longer has the recorded shape."""

    def __init__(self, step_index):
        super().__init__(step_index)
        self.step_index = step_index


def foldable_steps(steps, constant_slots, excluded=frozenset()):
    """Indices of the steps whose outputs depend only on constants and shapes."""
    known = set(constant_slots)
    folded = []
    for index, (op, _, in_slots, out, store, _, _) in enumerate(steps):
        if op._opdef.stateful or op.type in NEVER_FOLDED or not op._outputs or \
                index in excluded:
            continue
        if op.type in SHAPE_READERS or all(slot in known for slot in in_slots):
            folded.append(index)
            known.update(_out_slots(out))
    return folded


def _out_slots(out):
    return out if isinstance(out, tuple) else (out,)


def recording_steps(steps, folded):
    """The steps for the run that records: the folded values stay to its end (every other
    value is dropped as usual) and each shape reader notes the shapes it read. Returns the
    steps and the {step index: input shapes} they fill."""
    kept = {slot for index in folded for slot in _out_slots(steps[index][3])}
    readers = {index for index in folded if steps[index][0].type in SHAPE_READERS}
    shapes = {}
    recording = []
    for index, (op, kernel, in_slots, out, store, attrs, frees) in enumerate(steps):
        if index in readers:
            kernel = _noting_shapes(kernel, shapes, index)
        recording.append((op, kernel, in_slots, out, store, attrs,
                          tuple(slot for slot in frees if slot not in kept)))
    return recording, shapes


def _noting_shapes(kernel, shapes, index):
    def noted(*inputs, **attrs):
        shapes[index] = tuple(np.shape(value) for value in inputs)
        return kernel(*inputs, **attrs)
    return noted


class FoldedSteps:
    """The steps of a plan with its folded ops' values recorded: what runs, and the values
    to start from."""

    def __init__(self, steps, initial_values, kept_slots, folded, values, shapes):
        readers = {i for i in folded if steps[i][0].type in SHAPE_READERS}
        self.initial_values = list(initial_values)
        folded_slots = set()
        for index in folded:
            _, _, in_slots, out, store, _, _ = steps[index]
            for slot in _out_slots(out):
                self.initial_values[slot] = _frozen(values[slot])
                folded_slots.add(slot)
        kept = set(kept_slots) | folded_slots
        remaining = []
        for index, step in enumerate(steps):
            op, kernel, in_slots, out, store, attrs, _ = step
            if index in readers:
                expected = shapes[index]
                result = [values[slot] for slot in out] if isinstance(out, tuple) \
                    else values[out]
                kernel = _ShapeCheck(index, expected, result)
            elif index in folded:
                continue
            remaining.append([op, kernel, in_slots, out, store, attrs])
        # Values are dropped after their last use among the steps that still run; folded
        # values never (a fallback to the full steps may need them).
        last_use = {}
        for position, step in enumerate(remaining):
            for slot in step[2]:
                last_use[slot] = position
        frees = [[] for _ in remaining]
        for slot, position in last_use.items():
            if slot not in kept:
                frees[position].append(slot)
        self.steps = [tuple(step) + (tuple(free),) for step, free in zip(remaining, frees)]


def _frozen(value):
    if isinstance(value, np.ndarray):
        value.flags.writeable = False    # shared by every run: kernels only read it
    return value


def too_large(values, steps, folded):
    """The folded steps whose values are too large to keep."""
    large = set()
    for index in folded:
        _, _, _, out, store, _, _ = steps[index]
        if any(getattr(values[slot], "nbytes", 0) > MAX_FOLDED_BYTES
               for slot in _out_slots(out)):
            large.add(index)
    return large


class _ShapeCheck:
    """The kernel of a shape-reading op in a folded plan: the recorded result while the
    input still has the recorded shape."""

    def __init__(self, step_index, expected, result):
        self.step_index = step_index
        self.expected = expected
        self.result = result

    def __call__(self, *inputs, **attrs):
        if len(inputs) == 1:
            value = inputs[0]
            shape = value.shape if type(value) is np.ndarray else np.shape(value)
            if shape != self.expected[0]:
                raise ShapeChanged(self.step_index)
        elif tuple(np.shape(value) for value in inputs) != self.expected:
            raise ShapeChanged(self.step_index)
        return self.result
