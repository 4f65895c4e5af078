"""What a pipeline reads while it runs: its input tensors' values and its per-run state.

Eagerly, input tensors hold their values and a dataset's state (a shuffle's seed
generator, a cache) lives on the dataset object, as TF's resources live as long as the
dataset. In a TF1 graph both come from the running Session: values are fed into the
dataset op, and state lives in the Session's resources (a new Session starts afresh).
"""
from tensorlite.framework.tensor import EagerTensor


class RunContext:
    """Values of a pipeline's input tensors (by id) and the store of per-dataset state."""

    def __init__(self, values=None, resources=None):
        self._values = values or {}
        self._resources = resources

    def value(self, tensor):
        value = self._values.get(id(tensor))
        if value is not None:
            return value
        if isinstance(tensor, EagerTensor):
            return tensor._value
        raise ValueError(f"tf.data: the value of {tensor.name} is not available here: a "
                         "dataset built in a graph can only run in a Session of that graph")

    def with_values(self, tensors, values):
        """A context where `tensors` also have `values` (flat_map's inner datasets)."""
        merged = dict(self._values)
        merged.update((id(t), v) for t, v in zip(tensors, values))
        return RunContext(merged, self._resources)

    def state(self, dataset):
        """The mutable state dict of `dataset` for this run."""
        if self._resources is None:
            return dataset._eager_state
        return self._resources.setdefault(("tf.data state", id(dataset)), {})


EAGER_CONTEXT = RunContext()
