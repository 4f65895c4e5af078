"""User functions of tf.data transformations (map, filter, flat_map, reduce), traced once.

As TF does, a function is traced into a graph for the element spec (its Python code runs
once, at trace time); the graph then runs on each element's NumPy values when the
pipeline is iterated. Tensors the function captures (variables, tensors of an enclosing
TF1 graph) become inputs of the dataset, so a graph pipeline reads them in the Session.
"""
import collections.abc

from tensorlite.data import structure
from tensorlite.execution.function import function as _tf_function
from tensorlite.framework import nest
from tensorlite.framework.tensor import Tensor


def call_with_element(fn, element):
    """Call `fn` as tf.data does: a tuple element's items are positional arguments."""
    if isinstance(element, tuple) and not hasattr(type(element), "_fields"):
        return fn(*element)
    return fn(element)


class TracedFunction:
    """`fn` traced for arguments of `arg_spec`; `__call__` runs it on flat NumPy values."""

    def __init__(self, fn, arg_spec, what, unpack=True, dataset_output=False):
        if not callable(fn):
            raise TypeError(f"`{what}` must be callable, got {fn!r}")
        self._what = what
        self.returned_dataset = None

        def traced(*args):
            element = args[0] if len(args) == 1 else args
            result = call_with_element(fn, element) if unpack else fn(*args)
            if dataset_output:
                from tensorlite.data.dataset import DatasetV2
                if not isinstance(result, DatasetV2):
                    raise TypeError(f"The `{what}` argument must return a `Dataset` object. "
                                    f"Got {type(result)}.")
                # flat_map: the body builds a dataset; its output is that dataset's inputs
                self.returned_dataset = result
                return tuple(result.inputs())
            return _normalize_output(result, what)

        args = arg_spec if isinstance(arg_spec, tuple) and not hasattr(
            type(arg_spec), "_fields") else (arg_spec,)
        self._concrete = _tf_function(traced, autograph=False).get_concrete_function(*args)
        outputs = self._concrete.structured_outputs
        self.output_spec = None if dataset_output else structure.spec_of(outputs)
        self._output_specs = structure.flatten(self.output_spec) if not dataset_output \
            else [structure.TensorSpec(t.shape, t.dtype) for t in nest.flatten(outputs)]
        self.captures = list(self._concrete.graph.external_captures)

    def __call__(self, context, flat_values):
        """The flat output arrays for flat argument arrays, in `context` (capture values)."""
        captured = [context.value(tensor) for tensor in self.captures]
        results = self._concrete.run_arrays(list(flat_values) + captured)
        return [structure.as_array(value, spec)
                for value, spec in zip(results, self._output_specs)]


def _normalize_output(result, what):
    # TF converts a list returned by a dataset function to a tuple (with a warning).
    if isinstance(result, list):
        result = tuple(result)
    for leaf in nest.flatten(result):
        if leaf is None:
            raise TypeError(f"The `{what}` function returned `None` in its output "
                            f"{result!r}; tf.data elements cannot contain `None`.")
    return nest.map_structure(
        lambda value: value if isinstance(value, Tensor) else _convert(value), result) \
        if isinstance(result, (tuple, collections.abc.Mapping)) else \
        (result if isinstance(result, Tensor) else _convert(result))


def _convert(value):
    from tensorlite.framework.convert import convert_to_tensor
    return convert_to_tensor(value)
