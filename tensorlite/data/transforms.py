"""Dataset transformations: each one a generator over its input's elements."""
import collections.abc

import numpy as np

from tensorlite.data import structure
from tensorlite.data.dataset import INFINITE, UNKNOWN, DatasetV2, int64_scalar
from tensorlite.data.functions import TracedFunction
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework import nest


class ZipDataset(DatasetV2):
    """`zip`: a nest of datasets becomes a dataset of nests, as long as the shortest."""

    def __init__(self, datasets):
        self._structure = datasets
        self._datasets = nest.flatten(datasets)
        for dataset in self._datasets:
            if not isinstance(dataset, DatasetV2):
                raise TypeError("Invalid input to `zip`. Inputs are expected to be (nested) "
                                "structures of `tf.data.Dataset` objects but encountered "
                                f"object of type {type(dataset)}.")
        spec = nest.map_structure(lambda d: d.element_spec, datasets)
        super().__init__(spec, children=self._datasets)
        self._counts = [len(d._flat_specs()) for d in self._datasets]

    def _elements(self, context):
        iterators = [d._elements(context) for d in self._datasets]
        while True:
            element = []
            for iterator in iterators:
                try:
                    element.extend(next(iterator))
                except StopIteration:
                    return
            yield element

    def _cardinality(self, context):
        # TF's ZipDatasetOp: unknown wins, then the shortest finite input.
        result = INFINITE
        for dataset in self._datasets:
            n = dataset._cardinality(context)
            if n == UNKNOWN:
                return UNKNOWN
            if n != INFINITE and (result == INFINITE or n < result):
                result = n
        return result


class ConcatenateDataset(DatasetV2):
    def __init__(self, first, second):
        if not isinstance(second, DatasetV2):
            raise TypeError(f"`dataset` must be a tf.data.Dataset, got {type(second)}")
        a, b = first.element_spec, second.element_spec
        flat_a, flat_b = nest.flatten(a), nest.flatten(b)
        same = _same_nesting(a, b) and all(x.dtype is y.dtype for x, y in zip(flat_a, flat_b))
        if not same:
            raise TypeError(f"Incompatible dataset elements:\n  {_spec_text(a)} vs. "
                            f"  {_spec_text(b)}")
        spec = nest.pack_sequence_as(a, [structure.most_specific_compatible(x, y)
                                         for x, y in zip(flat_a, flat_b)])
        super().__init__(spec, children=(first, second))
        self._first, self._second = first, second

    def _elements(self, context):
        yield from self._first._elements(context)
        yield from self._second._elements(context)

    def _cardinality(self, context):
        a, b = self._first._cardinality(context), self._second._cardinality(context)
        if UNKNOWN in (a, b):
            return UNKNOWN
        if INFINITE in (a, b):
            return INFINITE
        return a + b


class BatchDataset(DatasetV2):
    def __init__(self, dataset, batch_size, drop_remainder):
        self._batch_size = int64_scalar(batch_size, "batch_size")
        if self._batch_size <= 0:
            raise errors.InvalidArgumentError(
                None, None, "Batch size must be greater than zero. [Op:BatchDatasetV2] name: ")
        self._drop_remainder = bool(drop_remainder)
        self._input = dataset
        size = self._batch_size if self._drop_remainder else None
        super().__init__(nest.map_structure(lambda s: structure.batched_spec(s, size),
                                            dataset.element_spec), children=(dataset,))

    def _elements(self, context):
        pending = []
        for element in self._input._elements(context):
            pending.append(element)
            if len(pending) == self._batch_size:
                yield _stack(pending)
                pending = []
        if pending and not self._drop_remainder:
            yield _stack(pending)

    def _cardinality(self, context):
        n = self._input._cardinality(context)
        if n < 0:
            return n
        full, rest = divmod(n, self._batch_size)
        return full + (1 if rest and not self._drop_remainder else 0)


def _stack(elements):
    components = []
    for index in range(len(elements[0])):
        values = [element[index] for element in elements]
        first = np.shape(values[0])
        for position, value in enumerate(values[1:], 1):
            if np.shape(value) != first:
                raise errors.InvalidArgumentError(
                    None, None, "Cannot add tensor to the batch: number of elements does "
                    f"not match. Shapes are: [tensor]: {list(np.shape(value))}, [batch]: "
                    f"{list(first)}")
        components.append(np.stack(values))
    return components


class UnbatchDataset(DatasetV2):
    def __init__(self, dataset):
        for spec in nest.flatten(dataset.element_spec):
            if spec.shape.rank == 0:
                raise ValueError("Cannot unbatch an input with scalar components.")
        self._input = dataset
        super().__init__(nest.map_structure(structure.unbatched_spec, dataset.element_spec),
                         children=(dataset,))

    def _elements(self, context):
        for element in self._input._elements(context):
            sizes = {np.shape(value)[0] for value in element}
            if len(sizes) != 1:
                raise errors.InvalidArgumentError(
                    None, None, "Input element must have the same batch size in each "
                    "component. Component 0 had size "
                    f"{np.shape(element[0])[0]} but component had size {max(sizes)}.")
            for row in range(sizes.pop()):
                yield [value[row] for value in element]

    def _cardinality(self, context):
        return UNKNOWN   # as TF 2.21 reports it, even for a known input


class ShuffleDataset(DatasetV2):
    """TF's shuffle buffer: fill it, then emit a random buffer slot and refill that slot."""

    def __init__(self, dataset, buffer_size, seed, reshuffle_each_iteration):
        self._buffer_size = int64_scalar(buffer_size, "buffer_size")
        if self._buffer_size <= 0 and self._buffer_size != UNKNOWN:
            raise errors.InvalidArgumentError(
                None, None, "buffer_size must be greater than zero or UNKNOWN_CARDINALITY "
                "[Op:ShuffleDatasetV3] name: ")
        from tensorlite.ops.random_ops import get_seed
        self._seeds = get_seed(None if seed is None else int64_scalar(seed, "seed"))
        self._reshuffle = True if reshuffle_each_iteration is None else \
            bool(reshuffle_each_iteration)
        self._input = dataset
        super().__init__(dataset.element_spec, children=(dataset,))

    def _generator(self, context):
        state = context.state(self)
        if "rng" not in state:
            # The seed generator: an unseeded shuffle draws fresh entropy; a seeded one is
            # reproducible run to run, and with reshuffling each epoch draws the next seed.
            seeds = None if self._seeds[0] is None and self._seeds[1] is None else \
                [s or 0 for s in self._seeds]
            state["rng"] = np.random.default_rng(seeds)
            state["epoch_seed"] = int(state["rng"].integers(2 ** 62))
        if self._reshuffle:
            return np.random.default_rng(state["rng"].integers(2 ** 62))
        return np.random.default_rng(state["epoch_seed"])

    def _elements(self, context):
        rng = self._generator(context)
        buffer = []
        size = self._buffer_size if self._buffer_size > 0 else 10000
        for element in self._input._elements(context):
            buffer.append(element)
            if len(buffer) == size:
                index = int(rng.integers(len(buffer)))
                buffer[index], buffer[-1] = buffer[-1], buffer[index]
                yield buffer.pop()
        while buffer:
            index = int(rng.integers(len(buffer)))
            buffer[index], buffer[-1] = buffer[-1], buffer[index]
            yield buffer.pop()

    def _cardinality(self, context):
        return self._input._cardinality(context)


class RepeatDataset(DatasetV2):
    def __init__(self, dataset, count):
        self._count = -1 if count is None else int64_scalar(count, "count")
        self._input = dataset
        super().__init__(dataset.element_spec, children=(dataset,))

    def _elements(self, context):
        epoch = 0
        while self._count < 0 or epoch < self._count:
            produced = False
            for element in self._input._elements(context):
                produced = True
                yield element
            if not produced:    # TF stops repeating an empty input rather than spin
                return
            epoch += 1

    def _cardinality(self, context):
        n = self._input._cardinality(context)
        if n == 0 or self._count == 0:
            return 0
        if self._count < 0:
            return UNKNOWN if n == UNKNOWN else INFINITE
        return n if n < 0 else n * self._count


class MapDataset(DatasetV2):
    def __init__(self, dataset, map_func):
        self._function = TracedFunction(map_func, dataset.element_spec, "map_func")
        self._input = dataset
        super().__init__(self._function.output_spec, children=(dataset,),
                         functions=(self._function,))

    def _elements(self, context):
        function = self._function
        for element in self._input._elements(context):
            yield function(context, element)

    def _cardinality(self, context):
        return self._input._cardinality(context)


class FilterDataset(DatasetV2):
    def __init__(self, dataset, predicate):
        self._function = TracedFunction(predicate, dataset.element_spec, "predicate")
        output = self._function.output_spec
        if not (not isinstance(output, (tuple, collections.abc.Mapping)) and
                output.dtype is _dtypes.bool and output.shape.is_compatible_with([])):
            raise ValueError("Invalid `predicate`. `predicate` must return a `tf.bool` scalar "
                             f"tensor, but its return type is {_spec_text(output)}.")
        self._input = dataset
        super().__init__(dataset.element_spec, children=(dataset,),
                         functions=(self._function,))

    def _elements(self, context):
        function = self._function
        for element in self._input._elements(context):
            if function(context, element)[0]:
                yield element

    def _cardinality(self, context):
        return UNKNOWN


class FlatMapDataset(DatasetV2):
    """`flat_map`: the function's dataset is built once, at trace time; each element runs
    the traced graph for the inner dataset's input values and iterates it on them."""

    def __init__(self, dataset, map_func):
        self._function = TracedFunction(map_func, dataset.element_spec, "map_func",
                                        dataset_output=True)
        self._inner = self._function.returned_dataset
        self._inner_inputs = self._inner.inputs()
        self._input = dataset
        super().__init__(self._inner.element_spec, children=(dataset,),
                         functions=(self._function,))

    def _elements(self, context):
        for element in self._input._elements(context):
            values = self._function(context, element)
            inner_context = context.with_values(self._inner_inputs, values)
            yield from self._inner._elements(inner_context)

    def _cardinality(self, context):
        return UNKNOWN


class TakeDataset(DatasetV2):
    def __init__(self, dataset, count):
        self._count = int64_scalar(count, "count")
        self._input = dataset
        super().__init__(dataset.element_spec, children=(dataset,))

    def _elements(self, context):
        if self._count == 0:
            return
        for index, element in enumerate(self._input._elements(context), 1):
            yield element
            if index == self._count:
                return

    def _cardinality(self, context):
        n = self._input._cardinality(context)
        if n == UNKNOWN:
            return UNKNOWN
        if self._count < 0:
            return n
        return self._count if n == INFINITE else min(n, self._count)


class SkipDataset(DatasetV2):
    def __init__(self, dataset, count):
        self._count = int64_scalar(count, "count")
        self._input = dataset
        super().__init__(dataset.element_spec, children=(dataset,))

    def _elements(self, context):
        for index, element in enumerate(self._input._elements(context)):
            if self._count < 0:     # skip(-1) skips everything
                return
            if index >= self._count:
                yield element

    def _cardinality(self, context):
        n = self._input._cardinality(context)
        if n < 0:
            return n
        return 0 if self._count < 0 else max(0, n - self._count)


class PassThroughDataset(DatasetV2):
    """prefetch: the same elements (tensorlite computes elements on demand)."""

    def __init__(self, dataset, kind):
        self._input = dataset
        super().__init__(dataset.element_spec, children=(dataset,))

    def _elements(self, context):
        return self._input._elements(context)

    def _cardinality(self, context):
        return self._input._cardinality(context)


class CacheDataset(DatasetV2):
    """An in-memory cache: the first complete pass is recorded and later passes replay it."""

    def _elements(self, context):
        state = context.state(self)
        cached = state.get("elements")
        if cached is not None:
            yield from cached
            return
        recorded = []
        for element in self._input._elements(context):
            recorded.append(element)
            yield element
        state["elements"] = recorded

    def __init__(self, dataset):
        self._input = dataset
        super().__init__(dataset.element_spec, children=(dataset,))

    def _cardinality(self, context):
        return self._input._cardinality(context)


def _same_nesting(a, b):
    try:
        nest.map_structure(lambda x, y: None, a, b)
    except (ValueError, TypeError):
        return False
    return _nesting(a) == _nesting(b)


def _nesting(value):
    if isinstance(value, collections.abc.Mapping):
        return ("dict", tuple((key, _nesting(value[key])) for key in sorted(value)))
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(_nesting(item) for item in value))
    return "leaf"


def _spec_text(spec):
    return repr(spec)

