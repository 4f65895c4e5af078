"""Element structures: how tf.data turns Python values into nested components and specs.

A dataset element is a nest (tuples, namedtuples, dicts) of tensors. As in TF's
`structure.normalize_element`, a Python *list* is not a structure: it is converted to one
tensor (`from_tensor_slices([a, b])` stacks `a` and `b`).
"""
import collections.abc

import numpy as np

from tensorlite.execution.function import TensorSpec
from tensorlite.framework import nest
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.tensor import EagerTensor, Tensor
from tensorlite.framework.tensor_shape import TensorShape


def is_structure(value):
    """Tuples, namedtuples and mappings nest; lists and everything else are components."""
    return isinstance(value, (tuple, collections.abc.Mapping))


def normalize_element(element):
    """The element as a nest of tensors, each leaf converted as TF converts it."""
    if isinstance(element, Tensor):
        return element
    if isinstance(element, collections.abc.Mapping):
        return type(element)((key, normalize_element(element[key])) for key in element)
    if isinstance(element, tuple):
        items = [normalize_element(item) for item in element]
        return type(element)(*items) if hasattr(type(element), "_fields") else tuple(items)
    if element is None:
        raise TypeError("tf.data does not support `None` as an element component; use an "
                        "empty tuple or a tensor instead")
    return convert_to_tensor(element)


def flatten(structure):
    return nest.flatten(structure)


def pack(structure, flat):
    return nest.pack_sequence_as(structure, flat)


def spec_of(tensors):
    """The TensorSpec nest describing a nest of tensors."""
    return nest.map_structure(lambda t: TensorSpec(t.shape, t.dtype), tensors)


def relaxed_spec(spec, shape):
    return TensorSpec(shape, spec.dtype)


def unbatched_spec(spec):
    """Specs of one slice of each component (the first dimension removed)."""
    return TensorSpec(spec.shape[1:], spec.dtype)


def batched_spec(spec, batch_size):
    return TensorSpec(TensorShape([batch_size]).concatenate(spec.shape), spec.dtype)


def most_specific_compatible(spec_a, spec_b):
    """One spec compatible with both (unequal dimensions become unknown), as concatenate."""
    return TensorSpec(spec_a.shape.most_specific_compatible_shape(spec_b.shape), spec_a.dtype)


def as_array(value, spec):
    """A component value as the NumPy array of its spec's dtype."""
    if spec.dtype.name == "string":
        return np.asarray(value, dtype=object)
    return np.asarray(value, dtype=spec.dtype.as_numpy_dtype)


def as_eager_tensors(flat_arrays, flat_specs):
    return [EagerTensor(as_array(value, spec), spec.dtype)
            for value, spec in zip(flat_arrays, flat_specs)]
