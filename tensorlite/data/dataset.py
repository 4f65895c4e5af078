"""`tf.data.Dataset` (TF2's DatasetV2): the public methods; pipelines are Python generators.

Each dataset knows its element spec, the tensors it reads (`inputs()`), its cardinality,
and how to produce its elements as flat lists of NumPy arrays in a `RunContext`. Eagerly,
iteration runs that generator directly; in a TF1 graph, the iterator ops of iterators.py
run it inside Session.run. User functions (map, filter, ...) are traced once into graphs
(functions.py) and those graphs run on each element's values while the pipeline runs.
"""
import numpy as np

from tensorlite.data import structure
from tensorlite.data.context import EAGER_CONTEXT
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes

INFINITE = -1
UNKNOWN = -2
AUTOTUNE = -1


class DatasetV2:
    """A pipeline of elements (nests of tensors) of a fixed `element_spec`."""

    def __init__(self, spec, children=(), functions=(), own_inputs=()):
        self._spec = spec
        self._children = list(children)
        self._functions = list(functions)
        self._own_inputs = list(own_inputs)
        self._eager_state = {}

    # -- what subclasses provide ------------------------------------------------------
    def _elements(self, context):
        """A generator of elements, each a flat list of NumPy arrays."""
        raise NotImplementedError

    def _cardinality(self, context):
        raise NotImplementedError

    # -- structure ----------------------------------------------------------------------
    @property
    def element_spec(self):
        return self._spec

    def inputs(self):
        """Every tensor this pipeline reads (its sources, its functions' captures)."""
        seen, result = set(), []
        candidates = list(self._own_inputs)
        for function in self._functions:
            candidates.extend(function.captures)
        for child in self._children:
            candidates.extend(child.inputs())
        for tensor in candidates:
            if id(tensor) not in seen:
                seen.add(id(tensor))
                result.append(tensor)
        return result

    def _flat_specs(self):
        return structure.flatten(self._spec)

    # -- iteration ----------------------------------------------------------------------
    def __iter__(self):
        builder = _context.current_builder()
        if builder.building_function:
            raise NotImplementedError(
                "Iterating over a tf.data.Dataset inside a tf.function needs AutoGraph, which "
                "tensorlite does not have (TF would convert the loop). Iterate the dataset "
                "eagerly outside the function and pass each element to it, or use "
                "`dataset.reduce`.")
        if not builder.is_eager:
            raise RuntimeError("`tf.data.Dataset` only supports Python-style iteration in "
                               "eager mode or within tf.function.")
        from tensorlite.data.iterators import OwnedIterator
        return OwnedIterator(self)

    def as_numpy_iterator(self):
        if not _context.executing_eagerly():
            raise RuntimeError("`tf.data.Dataset.as_numpy_iterator()` is only supported in "
                               "eager mode.")
        from tensorlite.data.iterators import NumpyIterator
        return NumpyIterator(self)

    def __bool__(self):
        return True

    def __len__(self):
        if not _context.executing_eagerly():
            raise TypeError("`tf.data.Dataset` only supports `len` in eager mode. Use "
                            "`tf.data.Dataset.cardinality()` instead.")
        length = self._cardinality(EAGER_CONTEXT)
        if length == INFINITE:
            raise TypeError("The dataset is infinite.")
        if length == UNKNOWN:
            raise TypeError("The dataset length is unknown.")
        return length

    def cardinality(self):
        """The number of elements as an int64 scalar (-1 infinite, -2 unknown)."""
        from tensorlite.data import iterators
        return iterators.cardinality_tensor(self)

    def reduce(self, initial_state, reduce_func):
        from tensorlite.data import iterators
        return iterators.reduce_dataset(self, initial_state, reduce_func)

    # -- sources --------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors, name=None):
        from tensorlite.data.sources import TensorSliceDataset
        return TensorSliceDataset(tensors)

    @staticmethod
    def from_tensors(tensors, name=None):
        from tensorlite.data.sources import TensorDataset
        return TensorDataset(tensors)

    @staticmethod
    def range(*args, **kwargs):
        from tensorlite.data.sources import RangeDataset
        return RangeDataset(*args, **kwargs)

    @staticmethod
    def zip(*args, datasets=None, name=None):
        from tensorlite.data.transforms import ZipDataset
        if datasets is not None and args:
            raise TypeError("Both `*args` and `datasets` cannot be set.")
        if datasets is None:
            if not args:
                raise TypeError("Must pass at least one dataset to `zip`.")
            datasets = args[0] if len(args) == 1 else args
        return ZipDataset(datasets)

    # -- transformations -------------------------------------------------------------------
    def concatenate(self, dataset, name=None):
        from tensorlite.data.transforms import ConcatenateDataset
        return ConcatenateDataset(self, dataset)

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None,
              deterministic=None, name=None):
        from tensorlite.data.transforms import BatchDataset
        return BatchDataset(self, batch_size, drop_remainder)

    def unbatch(self, name=None):
        from tensorlite.data.transforms import UnbatchDataset
        return UnbatchDataset(self)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None, name=None):
        from tensorlite.data.transforms import ShuffleDataset
        return ShuffleDataset(self, buffer_size, seed, reshuffle_each_iteration)

    def repeat(self, count=None, name=None):
        from tensorlite.data.transforms import RepeatDataset
        return RepeatDataset(self, count)

    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        """Sequential whatever `num_parallel_calls` says (the results are the same)."""
        from tensorlite.data.transforms import MapDataset
        return MapDataset(self, map_func)

    def filter(self, predicate, name=None):
        from tensorlite.data.transforms import FilterDataset
        return FilterDataset(self, predicate)

    def flat_map(self, map_func, name=None):
        from tensorlite.data.transforms import FlatMapDataset
        return FlatMapDataset(self, map_func)

    def take(self, count, name=None):
        from tensorlite.data.transforms import TakeDataset
        return TakeDataset(self, count)

    def skip(self, count, name=None):
        from tensorlite.data.transforms import SkipDataset
        return SkipDataset(self, count)

    def prefetch(self, buffer_size, name=None):
        """Elements are produced on demand, so prefetching changes nothing observable."""
        from tensorlite.data.transforms import PassThroughDataset
        return PassThroughDataset(self, "prefetch")

    def cache(self, filename="", name=None):
        from tensorlite.data.transforms import CacheDataset
        if filename:
            raise NotImplementedError("tensorlite's Dataset.cache keeps elements in memory "
                                      "only; a file cache (`filename`) is not supported.")
        return CacheDataset(self)

    def enumerate(self, start=0, name=None):
        from tensorlite.data.sources import RangeDataset
        return DatasetV2.zip((RangeDataset(start, np.iinfo(np.int64).max), self))

    def __repr__(self):
        return f"<{type(self).__name__} element_spec={self._spec!r}>"

    # -- what tensorlite leaves out: a call fails clearly ----------------------------------
    def _unsupported(name):
        def method(self, *args, **kwargs):
            raise NotImplementedError(f"tf.data.Dataset.{name} is not implemented in "
                                      "tensorlite (see tensorlite/data/__init__.py for what "
                                      "is).")
        method.__name__ = name
        return method

    for _name in ("interleave", "padded_batch", "window", "with_options", "options",
                  "apply", "shard", "group_by_window", "bucket_by_sequence_length",
                  "rebatch", "sample_from_datasets", "choose_from_datasets", "scan",
                  "ignore_errors", "snapshot", "save", "load", "from_generator",
                  "list_files", "random", "unique", "ragged_batch", "sparse_batch",
                  "get_single_element", "counter", "distribute"):
        locals()[_name] = _unsupported(_name)
    del _name, _unsupported


def int64_scalar(value, what):
    """A Python int from an int argument (Python int, NumPy integer, or eager tensor)."""
    from tensorlite.framework.tensor import Tensor, EagerTensor
    if isinstance(value, Tensor) and not isinstance(value, EagerTensor):
        raise TypeError(f"tensorlite's tf.data takes `{what}` as a Python or eager integer, "
                        f"not the graph tensor {value.name}; feed the data, not the sizes")
    array = np.asarray(getattr(value, "_value", value))
    if array.ndim != 0 or not (np.issubdtype(array.dtype, np.integer) or
                               array.dtype == np.bool_):
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype int64")
    return int(array)


INT64 = _dtypes.int64
