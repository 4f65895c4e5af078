"""Source datasets: from_tensor_slices, from_tensors, range."""
from tensorlite.data import structure
from tensorlite.data.dataset import INT64, UNKNOWN, DatasetV2, int64_scalar
from tensorlite.execution.function import TensorSpec
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.tensor import EagerTensor, Tensor
from tensorlite.framework.tensor_shape import Dimension


class TensorDataset(DatasetV2):
    """`from_tensors`: one element, the whole value."""

    def __init__(self, element):
        tensors = structure.normalize_element(element)
        self._tensors = structure.flatten(tensors)
        super().__init__(structure.spec_of(tensors), own_inputs=self._tensors)

    def _elements(self, context):
        yield [context.value(tensor) for tensor in self._tensors]

    def _cardinality(self, context):
        return 1


class TensorSliceDataset(DatasetV2):
    """`from_tensor_slices`: one element per row of the components' first dimension."""

    def __init__(self, element):
        tensors = structure.normalize_element(element)
        self._tensors = structure.flatten(tensors)
        if not self._tensors:
            raise ValueError("Invalid `element`. `element` should not be empty.")
        rows = Dimension(None)
        for tensor in self._tensors:
            if tensor.shape.rank == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
            if tensor.shape.rank is not None:
                # TF merges the first dimensions: a mismatch fails as Dimension.merge_with.
                rows = rows.merge_with(tensor.shape[0])
        spec = structure.spec_of(tensors)
        super().__init__(_map_specs(structure.unbatched_spec, spec), own_inputs=self._tensors)

    def _arrays(self, context):
        arrays = [context.value(tensor) for tensor in self._tensors]
        sizes = {array.shape[0] if array.ndim else None for array in arrays}
        if None in sizes or len(sizes) != 1:
            raise errors.InvalidArgumentError(
                None, None, "All components must have the same size in the 0th dimension; "
                "got shapes " + ", ".join(str(list(a.shape)) for a in arrays))
        return arrays, sizes.pop()

    def _elements(self, context):
        arrays, size = self._arrays(context)
        for row in range(size):
            yield [array[row] for array in arrays]

    def _cardinality(self, context):
        try:
            return self._arrays(context)[1]
        except ValueError:
            return UNKNOWN     # a graph's placeholders: known once the data is fed


class RangeDataset(DatasetV2):
    """`range(stop)`, `range(start, stop[, step])`, int64 unless `output_type` says."""

    def __init__(self, *args, output_type=INT64, name=None):
        if not 1 <= len(args) <= 3:
            raise ValueError("Invalid `args`. The length of `args` should be between 1 and 3 "
                             f"but was {len(args)}.")
        # Arguments are Python/eager integers, or graph tensors (a flat_map body's
        # argument) whose values are read when the pipeline runs.
        self._args = [arg if _is_graph_tensor(arg) else int64_scalar(arg, "range argument")
                      for arg in args]
        self._dtype = _dtypes.as_dtype(output_type)
        super().__init__(TensorSpec([], self._dtype),
                         own_inputs=[a for a in self._args if _is_graph_tensor(a)])
        if not any(_is_graph_tensor(a) for a in self._args):
            self._range(None)    # a zero step fails here, as TF's eager op does

    def _range(self, context):
        values = [int(context.value(a)) if _is_graph_tensor(a) else a for a in self._args]
        start, stop, step = (0, values[0], 1) if len(values) == 1 else (values + [1])[:3]
        if step == 0:
            raise errors.InvalidArgumentError(None, None, "step must be a non-zero integer. "
                                              "[Op:RangeDataset] name: ")
        return range(start, stop, step)

    def _elements(self, context):
        numpy_type = self._dtype.as_numpy_dtype
        for value in self._range(context):
            yield [numpy_type(value)]

    def _cardinality(self, context):
        return len(self._range(context))


def _is_graph_tensor(value):
    return isinstance(value, Tensor) and not isinstance(value, EagerTensor)


def _map_specs(function, spec):
    from tensorlite.framework import nest
    return nest.map_structure(function, spec)
