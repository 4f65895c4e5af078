"""Session.run's arguments: flattening nested fetch structures and validating feeds."""
import collections
import collections.abc

import numpy as np

from tensorlite.framework.graph import Operation
from tensorlite.framework.tensor import SymbolicTensor, Tensor


def flatten(fetches, graph):
    """The graph elements of a fetch structure, and a function rebuilding the structure."""
    if isinstance(fetches, (Tensor, Operation, str)) and not _is_indexed_slices(fetches):
        element = _element(fetches, graph)
        return [element], lambda values: values[0]
    elements = []
    template = _flatten_into(fetches, graph, elements)
    return elements, lambda values: _rebuild(template, iter(values))


class IndexedSlicesValue(collections.namedtuple("IndexedSlicesValue",
                                                 ["values", "indices", "dense_shape"])):
    """What Session.run returns for a fetched IndexedSlices."""


def _flatten_into(fetch, graph, elements):
    if _is_indexed_slices(fetch):
        parts = [fetch.values, fetch.indices]
        if fetch.dense_shape is not None:
            parts.append(fetch.dense_shape)
        return ("slices", [_flatten_into(p, graph, elements) for p in parts])
    if _is_sparse_tensor(fetch):
        parts = [fetch.indices, fetch.values, fetch.dense_shape]
        return ("sparse", [_flatten_into(p, graph, elements) for p in parts])
    if isinstance(fetch, (list, tuple)) and not _is_namedtuple(fetch):
        return (type(fetch), [_flatten_into(f, graph, elements) for f in fetch])
    if _is_namedtuple(fetch):
        return ("namedtuple", type(fetch), [_flatten_into(f, graph, elements) for f in fetch])
    if isinstance(fetch, collections.abc.Mapping):
        return ("dict", type(fetch), [(k, _flatten_into(v, graph, elements))
                                      for k, v in fetch.items()])
    elements.append(_element(fetch, graph))
    return None


def _rebuild(template, values):
    if template is None:
        return next(values)
    kind = template[0]
    if kind == "slices":
        parts = [_rebuild(t, values) for t in template[1]]
        return IndexedSlicesValue(*parts, *([None] * (3 - len(parts))))
    if kind == "sparse":
        from tensorlite.framework.sparse_tensor import SparseTensorValue
        return SparseTensorValue(*[_rebuild(t, values) for t in template[1]])
    if kind == "namedtuple":
        return template[1](*[_rebuild(t, values) for t in template[2]])
    if kind == "dict":
        mapping_type = template[1]
        items = [(k, _rebuild(t, values)) for k, t in template[2]]
        return mapping_type(items) if mapping_type is not dict else dict(items)
    return kind(_rebuild(t, values) for t in template[1])


def _is_indexed_slices(value):
    return type(value).__name__ == "IndexedSlices" and hasattr(value, "indices")


def _is_sparse_tensor(value):
    # By name, so that Session.run does not load the sparse module until one is used.
    return type(value).__name__ == "SparseTensor" and hasattr(value, "dense_shape")


def _is_namedtuple(value):
    return isinstance(value, tuple) and hasattr(type(value), "_fields")


def _element(fetch, graph):
    graph_element = getattr(fetch, "_as_graph_element", None)
    if graph_element is not None and not isinstance(fetch, (Tensor, Operation)):
        fetch = graph_element()
    if fetch is None:
        raise TypeError('Argument `fetch` = None has invalid type "NoneType". Cannot be None')
    if not isinstance(fetch, (Tensor, Operation, str, bytes)):
        raise TypeError(f'Argument `fetch` = {fetch} has invalid type '
                        f'"{type(fetch).__name__}" must be a string or Tensor. (Can not convert '
                        f'a {type(fetch).__name__} into a Tensor or Operation.)')
    try:
        return graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
    except (KeyError, ValueError) as e:
        # str() of a KeyError quotes its message, and TF's text shows those quotes.
        raise ValueError(f"Argument `fetch` = {fetch} cannot be interpreted as a Tensor. "
                         f"({e})") from None


def feeds(feed_dict, graph):
    """The fed tensors and their values (NumPy arrays of the tensors' dtypes and shapes)."""
    if not feed_dict:
        return (), ()
    tensors, values = [], []
    items = feed_dict.items()
    for key in feed_dict:
        if _is_sparse_tensor(key):      # (rare: the common run pays one check per key)
            items = list(_sparse_feeds_expanded(items))
            break
    for key, value in items:
        tensor = _feed_tensor(key, graph)
        if isinstance(value, Tensor):
            raise TypeError(
                "The value of a feed cannot be a tf.Tensor object. Acceptable feed values "
                "include Python scalars, strings, lists, numpy ndarrays, or TensorHandles. "
                f"For reference, the tensor object was {value!s} which was passed to the "
                f"argument `feed_dict` with key {key}.")
        tensors.append(tensor)
        values.append(_feed_value(tensor, value))
    return tensors, values


def _sparse_feeds_expanded(items):
    """The feed items, a SparseTensor key fed with a SparseTensorValue (or an (indices,
    values, dense_shape) tuple) becoming its three component feeds, as in TF."""
    for key, value in items:
        if not _is_sparse_tensor(key):
            yield key, value
            continue
        if not (isinstance(value, tuple) and len(value) == 3):
            raise TypeError(f"The value of a SparseTensor feed must be a SparseTensorValue "
                            f"or an (indices, values, dense_shape) tuple, got {value!r} for "
                            f"key {key}.")
        yield from zip((key.indices, key.values, key.dense_shape), value)


def _feed_tensor(key, graph):
    graph_element = getattr(key, "_as_graph_element", None)
    if graph_element is not None and not isinstance(key, Tensor):
        key = graph_element()
    try:
        tensor = graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
    except (KeyError, ValueError, TypeError) as e:
        raise TypeError(f"Cannot interpret feed_dict key as Tensor: "
                        f"{e.args[0] if e.args else e}") from None
    if not isinstance(tensor, SymbolicTensor):
        raise TypeError(f"Cannot interpret feed_dict key as Tensor: {key!r}")
    return tensor


def _feed_value(tensor, value):
    dtype = tensor.dtype
    if dtype.name == "string":
        array = np.asarray(value, dtype=object)
        flat = [v.encode() if isinstance(v, str) else v for v in array.reshape(-1)]
        result = np.empty(len(flat), dtype=object)
        result[:] = flat
        array = result.reshape(array.shape)
    else:
        try:
            array = np.asarray(value, dtype=dtype.as_numpy_dtype)
        except (TypeError, ValueError, OverflowError) as e:
            raise ValueError(f"Cannot feed value {value!r} for Tensor {tensor.name} of "
                             f"dtype {dtype.name}: {e}") from None
    if not tensor.shape.is_compatible_with(array.shape):
        raise ValueError(f"Cannot feed value of shape {array.shape!r} for Tensor "
                         f"{tensor.name}, which has shape {tensor.shape}")
    return array
