"""The `tf.compat.v1.data` namespace: TF1's `Dataset` (DatasetV1) and graph iterators.

In TF, `tf.compat.v1.data.Dataset` is DatasetV1, a subclass of TF2's Dataset that adds the
graph iterator methods; its constructors and transformations return DatasetV1 objects
(TF's DatasetV1Adapter wraps the V2 result). The same here.
"""
from tensorlite.data.dataset import AUTOTUNE, INFINITE, UNKNOWN, DatasetV2
from tensorlite.data.iterators import (Iterator, make_initializable_iterator,
                                       make_one_shot_iterator)
from tensorlite.data import experimental  # noqa: F401
from tensorlite.framework import nest

INFINITE_CARDINALITY = INFINITE
UNKNOWN_CARDINALITY = UNKNOWN


class DatasetV1(DatasetV2):
    """TF1's Dataset: TF2's, plus `make_one_shot_iterator` and friends."""

    def make_one_shot_iterator(self):
        return make_one_shot_iterator(self)

    def make_initializable_iterator(self, shared_name=None):
        return make_initializable_iterator(self, shared_name)

    @property
    def output_types(self):
        return nest.map_structure(
            lambda s: s.dtype, self.element_spec)

    @property
    def output_shapes(self):
        return nest.map_structure(
            lambda s: s.shape, self.element_spec)


class DatasetV1Adapter(DatasetV1):
    """A TF2 dataset seen as a TF1 one."""

    def __init__(self, dataset):
        super().__init__(dataset.element_spec, children=(dataset,))
        self._dataset = dataset

    def _elements(self, context):
        return self._dataset._elements(context)

    def _cardinality(self, context):
        return self._dataset._cardinality(context)


def _returning_v1(name, static):
    method = getattr(DatasetV2, name)

    if static:
        def wrapper(*args, **kwargs):
            return DatasetV1Adapter(method(*args, **kwargs))
        return staticmethod(wrapper)

    def wrapper(self, *args, **kwargs):
        return DatasetV1Adapter(method(self, *args, **kwargs))
    return wrapper


for _name in ("from_tensor_slices", "from_tensors", "range", "zip"):
    setattr(DatasetV1, _name, _returning_v1(_name, True))
for _name in ("concatenate", "batch", "unbatch", "shuffle", "repeat", "map", "filter",
              "flat_map", "take", "skip", "prefetch", "cache", "enumerate"):
    setattr(DatasetV1, _name, _returning_v1(_name, False))
del _name

Dataset = DatasetV1
