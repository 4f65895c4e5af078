"""Iterators: eager ones (`iter(dataset)`) and TF1 graph ones built from stateful ops.

Graph ops (TF's names where they exist):
  `PyDataset`     (inputs: the tensors the pipeline reads) -> variant: the dataset bound to
                  those values. TF has one op per dataset kind; here the Python pipeline is
                  an attribute of one op, so pruning and feeding work as for any op.
  `IteratorV2`    -> resource: a handle naming the iterator's state in the running Session.
  `MakeIterator`  (variant, resource): start (or restart) the iterator: the initializer.
  `OneShotIterator` (variant) -> resource: starts itself on first use in each Session.
  `IteratorGetNext` (resource) -> the element's components; OutOfRangeError at the end.
  `DatasetCardinality`, `ReduceDataset`: as TF's.
Map/filter functions run as traced graphs on the element values inside these kernels.
"""
import itertools

import numpy as np

from tensorlite.data import structure
from tensorlite.data.context import EAGER_CONTEXT, RunContext
from tensorlite.data.functions import TracedFunction
from tensorlite.execution.function import TensorSpec
from tensorlite.framework import context as _context
from tensorlite.framework import errors, nest
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.tensor_shape import TensorShape

_SCALAR = TensorShape([])


# -- eager iteration -------------------------------------------------------------------
class OwnedIterator:
    """`iter(dataset)` eagerly: yields elements as EagerTensors in the element structure."""

    def __init__(self, dataset):
        self._dataset = dataset
        self._specs = dataset._flat_specs()
        self._elements = dataset._elements(EAGER_CONTEXT)

    @property
    def element_spec(self):
        return self._dataset.element_spec

    def __iter__(self):
        return self

    def _next_arrays(self):
        try:
            return next(self._elements)
        except StopIteration:
            raise StopIteration from None
        except errors.OpError as error:
            if "[Op:" not in error.message:
                error._message = f"{error.message} [Op:IteratorGetNext] name: "
            raise error from None

    def __next__(self):
        flat = structure.as_eager_tensors(self._next_arrays(), self._specs)
        return structure.pack(self._dataset.element_spec, flat)

    def get_next(self):
        try:
            return self.__next__()
        except StopIteration:
            raise errors.OutOfRangeError(None, None, "End of sequence") from None

    def get_next_as_optional(self):
        raise NotImplementedError("tf.experimental.Optional is not implemented in tensorlite")


class NumpyIterator(OwnedIterator):
    """`as_numpy_iterator()`: NumPy values (bytes for strings) in the element structure."""

    def __next__(self):
        flat = [_numpy_value(value, spec) for value, spec in
                zip(self._next_arrays(), self._specs)]
        return structure.pack(self._dataset.element_spec, flat)

    def __repr__(self):
        return f"NumpyIterator(iterator={self._dataset!r})"


def _numpy_value(value, spec):
    array = structure.as_array(value, spec)
    return array[()] if array.ndim == 0 else array


# -- graph ops -------------------------------------------------------------------------
class _BoundDataset:
    """A PyDataset op's value: the pipeline with the values of its inputs in one Session."""

    def __init__(self, dataset, context):
        self.dataset, self.context = dataset, context

    def elements(self):
        return self.dataset._elements(self.context)


def _resources():
    from tensorlite.execution.session import running_session
    session = running_session()
    if session is None:
        raise errors.FailedPreconditionError(None, None, "tf.data graph iterators run only "
                                             "in a Session (tf.compat.v1.Session.run)")
    return session.resources


def _dataset_kernel(*values, dataset, tensors):
    resources = _resources()
    return _BoundDataset(dataset, RunContext(
        {id(t): v for t, v in zip(tensors, values)}, resources))


def _iterator_kernel(shared_name, output_types=(), output_shapes=(), container=""):
    return ("tf.data iterator", shared_name)


def _make_iterator_kernel(bound, handle):
    _resources()[handle] = bound.elements()


def _one_shot_kernel(bound, shared_name, output_types=(), output_shapes=()):
    key = ("tf.data iterator", shared_name)
    resources = _resources()
    if key not in resources:
        resources[key] = bound.elements()
    return key


def _get_next_kernel(handle, output_types, output_shapes):
    elements = _resources().get(handle)
    if elements is None:
        raise errors.FailedPreconditionError(
            None, None, "GetNext() failed because the iterator has not been initialized. "
            "Ensure that you have run the initializer operation for this iterator before "
            "getting the next element.")
    try:
        values = next(elements)
    except StopIteration:
        raise errors.OutOfRangeError(None, None, "End of sequence") from None
    return [structure.as_array(value, TensorSpec(shape, dtype))
            for value, dtype, shape in zip(values, output_types, output_shapes)]


def _cardinality_kernel(bound):
    return np.int64(bound.dataset._cardinality(bound.context))


def _scalar(inputs, attrs):
    return _SCALAR


PY_DATASET = register(OpDef(
    "PyDataset", _dataset_kernel, _scalar, inputs=("inputs: N*?",), outputs=("variant",),
    stateful=True))
ITERATOR = register(OpDef(
    "IteratorV2", _iterator_kernel, _scalar, outputs=("resource",), stateful=True,
    default_attrs={"container": ""}))
MAKE_ITERATOR = register(OpDef(
    "MakeIterator", _make_iterator_kernel, None,
    inputs=("dataset: variant", "iterator: resource"), outputs=(), stateful=True))
ONE_SHOT_ITERATOR = register(OpDef(
    "OneShotIterator", _one_shot_kernel, _scalar, inputs=("dataset: variant",),
    outputs=("resource",), stateful=True))
ITERATOR_GET_NEXT = register(OpDef(
    "IteratorGetNext", _get_next_kernel, lambda inputs, attrs: list(attrs["output_shapes"]),
    inputs=("iterator: resource",), outputs=lambda attrs, types: list(attrs["output_types"]),
    num_outputs=None, stateful=True))
DATASET_CARDINALITY = register(OpDef(
    "DatasetCardinality", _cardinality_kernel, _scalar, inputs=("input_dataset: variant",),
    outputs=("int64",), stateful=True))
for _type in ("PyDataset", "IteratorV2", "MakeIterator", "OneShotIterator",
              "IteratorGetNext", "DatasetCardinality"):
    not_differentiable(_type)


def variant_tensor(dataset):
    """The PyDataset op of `dataset` in the current graph (one per graph)."""
    graph = _context.get_default_graph()
    tensors = dataset.inputs()
    key = ("tf.data variant", id(dataset))
    cache = graph.graph_state("tf.data variants", dict)
    entry = cache.get(key)
    if entry is None or entry[0] is not dataset:
        variant = apply(PY_DATASET, tensors, {"dataset": dataset, "tensors": tuple(tensors)},
                        name=type(dataset).__name__.lstrip("_"))
        entry = cache[key] = (dataset, variant)
    return entry[1]


def _flat_attrs(dataset):
    specs = dataset._flat_specs()
    return {"output_types": tuple(s.dtype for s in specs),
            "output_shapes": tuple(s.shape for s in specs)}


class Iterator:
    """TF1's `tf.compat.v1.data.Iterator`: a handle op plus `get_next()` ops."""

    def __init__(self, dataset, handle, initializer):
        self._dataset = dataset
        self._handle = handle
        self._initializer = initializer

    @property
    def initializer(self):
        if self._initializer is None:
            raise ValueError("The iterator does not have an initializer. This means it was "
                             "likely created using `tf.data.Dataset.make_one_shot_iterator()`. "
                             "For an initializable iterator, use "
                             "`tf.data.Dataset.make_initializable_iterator()` instead.")
        return self._initializer

    @property
    def element_spec(self):
        return self._dataset.element_spec

    @property
    def output_types(self):
        return nest.map_structure(lambda s: s.dtype, self.element_spec)

    @property
    def output_shapes(self):
        return nest.map_structure(lambda s: s.shape, self.element_spec)

    @property
    def string_handle(self):
        raise NotImplementedError("Iterator.string_handle (feedable iterators) is not "
                                  "implemented in tensorlite")

    def make_initializer(self, dataset, name=None):
        return apply(MAKE_ITERATOR, [variant_tensor(dataset), self._handle],
                     name=name or "MakeIterator")

    def get_next(self, name=None):
        """The next element's tensors; each Session.run of them advances the iterator."""
        flat = apply(ITERATOR_GET_NEXT, [self._handle], _flat_attrs(self._dataset),
                     name=name or "IteratorGetNext")
        return structure.pack(self._dataset.element_spec, flat)


def _check_graph_mode(what):
    if _context.executing_eagerly():
        raise RuntimeError(f"{what} is not supported when eager execution is enabled. Use "
                           "`for element in dataset` instead.")


_shared_names = itertools.count()


def make_one_shot_iterator(dataset):
    """`tf.compat.v1.data.make_one_shot_iterator`: starts over in each Session."""
    _check_graph_mode("dataset.make_one_shot_iterator()")
    placeholder = _fed_placeholder(dataset.inputs())
    if placeholder is not None:
        raise ValueError(f"Cannot capture a placeholder (name:{placeholder.name}, "
                         f"type:{placeholder.type}) by value.")
    attrs = {"shared_name": f"one_shot_iterator_{next(_shared_names)}", **_flat_attrs(dataset)}
    handle = apply(ONE_SHOT_ITERATOR, [variant_tensor(dataset)], attrs, name="OneShotIterator")
    return Iterator(dataset, handle, None)


def make_initializable_iterator(dataset, shared_name=None):
    """`tf.compat.v1.data.make_initializable_iterator`: run `.initializer` to (re)start."""
    _check_graph_mode("dataset.make_initializable_iterator()")
    attrs = {"shared_name": shared_name or f"iterator_{next(_shared_names)}",
             **_flat_attrs(dataset)}
    handle = apply(ITERATOR, [], attrs, name="IteratorV2")
    initializer = apply(MAKE_ITERATOR, [variant_tensor(dataset), handle], name="MakeIterator")
    return Iterator(dataset, handle, initializer)


def _fed_placeholder(tensors):
    """A Placeholder op some tensor depends on (TF cannot capture those by value)."""
    seen, stack = set(), [t.op for t in tensors if hasattr(t, "op") and
                          not hasattr(t, "_value")]
    while stack:
        op = stack.pop()
        if id(op) in seen:
            continue
        seen.add(id(op))
        if op.type == "Placeholder":
            return op
        stack.extend(t.op for t in op.inputs)
    return None


# -- cardinality and reduce --------------------------------------------------------------
def cardinality_tensor(dataset):
    if _context.executing_eagerly():
        return convert_to_tensor(np.int64(dataset._cardinality(EAGER_CONTEXT)))
    return apply(DATASET_CARDINALITY, [variant_tensor(dataset)], name="DatasetCardinality")


def _reduce_arrays(bound_elements, context, function, state):
    for element in bound_elements:
        state = function(context, list(state) + list(element))
    return state


def _reduce_kernel(bound, *state, f, output_types, output_shapes):
    result = _reduce_arrays(bound.elements(), bound.context, f, state)
    return [structure.as_array(value, TensorSpec(shape, dtype))
            for value, dtype, shape in zip(result, output_types, output_shapes)]


REDUCE_DATASET = register(OpDef(
    "ReduceDataset", _reduce_kernel, lambda inputs, attrs: list(attrs["output_shapes"]),
    inputs=("input_dataset: variant", "initial_state: N*?"),
    outputs=lambda attrs, types: list(attrs["output_types"]), num_outputs=None,
    stateful=True))
not_differentiable("ReduceDataset")


def reduce_dataset(dataset, initial_state, reduce_func):
    """`Dataset.reduce`: the function is traced for (state, element), relaxing the state's
    shape (as TF retraces) until the traced output fits it."""
    state = structure.normalize_element(initial_state)
    state_spec = structure.spec_of(state)
    for _ in range(3):
        function = TracedFunction(reduce_func, (state_spec, dataset.element_spec),
                                  "reduce_func", unpack=False)
        flat_in, flat_out = nest.flatten(state_spec), nest.flatten(function.output_spec)
        if len(flat_in) != len(flat_out):
            raise errors.InvalidArgumentError(
                None, None, "The number of components of the initial state and the reduce "
                f"function output does not match. (initial_state={len(flat_in)}, "
                f"output={len(flat_out)}). [Op:ReduceDataset] name: ")
        for a, b in zip(flat_in, flat_out):
            if a.dtype is not b.dtype:
                raise TypeError("The element types for the new state must match the initial "
                                f"state. Expected {state_spec!r}; got "
                                f"{function.output_spec!r}.")
        relaxed = [TensorSpec(a.shape.most_specific_compatible_shape(b.shape), a.dtype)
                   for a, b in zip(flat_in, flat_out)]
        if all(r.shape == a.shape for r, a in zip(relaxed, flat_in)):
            break
        state_spec = nest.pack_sequence_as(state_spec, relaxed)
    flat_specs = nest.flatten(state_spec)
    flat_state = nest.flatten(state)
    if _context.executing_eagerly():
        values = _reduce_arrays(dataset._elements(EAGER_CONTEXT), EAGER_CONTEXT, function,
                                [t._value for t in flat_state])
        flat = structure.as_eager_tensors(values, flat_specs)
    else:
        attrs = {"f": function, "output_types": tuple(s.dtype for s in flat_specs),
                 "output_shapes": tuple(s.shape for s in flat_specs)}
        flat = apply(REDUCE_DATASET, [variant_tensor(dataset)] + flat_state, attrs,
                     name="ReduceDataset")
    return nest.pack_sequence_as(state_spec, flat)

