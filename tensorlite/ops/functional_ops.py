"""`tf.map_fn`, `tf.scan`, `tf.foldl`, `tf.foldr` and `tf.vectorized_map`.

Built as TF builds them (python/ops/map_fn.py, functional_ops.py): the elements are
unstacked into TensorArrays, a `tf.while_loop` reads one per step and writes `fn`'s
results into output TensorArrays, which are stacked at the end. Eagerly the loop is
Python and the TensorArrays are lists, as in TF; in graphs it is a `While` op over
TensorLists, differentiable like any loop.

`vectorized_map` is `map_fn` (TF's pfor vectorizes the loop; the values are the same,
and TF itself falls back to a loop when it cannot vectorize).
"""
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import nest
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import EagerTensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops.control_flow import while_loop
from tensorlite.ops.tensor_array_ops import TensorArray

__all__ = ["map_fn", "scan", "foldl", "foldr", "vectorized_map"]


def _check_callable(fn):
    if not callable(fn):
        raise TypeError(f"{getattr(fn, '__name__', fn)} is not callable. Please provide a "
                        "callable function.")


def _leading_dim(tensors):
    """The static length of the elements (None if unknown), checked to agree."""
    length = None
    for tensor in tensors:
        shape = tensor.shape.with_rank_at_least(1)
        dim = shape[0]
        if dim is not None and length is not None and dim != length:
            raise ValueError(f"Dimensions {length} and {dim} are not compatible")
        length = length if dim is None else dim
    return length


def _count(tensors):
    """The number of elements: a Python int when known statically, else a tensor."""
    from tensorlite.ops.array_ops import shape
    length = _leading_dim(tensors)
    return length if length is not None else shape(tensors[0])[0]


def _set_leading_dim(tensor, length):
    if length is not None and not isinstance(tensor, EagerTensor):
        tensor.set_shape(TensorShape([length]).concatenate(tensor.shape[1:]))
    return tensor


def _assert_same_structure(expected, value):
    if _kinds(expected) != _kinds(value):
        raise ValueError("The two structures don't have the same nested structure.\n\n"
                         f"First structure: {expected!r}\n\nSecond structure: {value!r}")


def _kinds(value):
    if isinstance(value, dict):
        return ("dict", tuple((key, _kinds(value[key])) for key in sorted(value)))
    if isinstance(value, (list, tuple)):
        return ("seq", len(value), tuple(_kinds(v) for v in value))
    return "leaf"


def _signature_spec(spec):
    """(dtype, shape) of one leaf of fn_output_signature: a DType or a TensorSpec."""
    if hasattr(spec, "dtype") and hasattr(spec, "shape"):
        return _dtypes.as_dtype(spec.dtype), TensorShape(spec.shape)
    return _dtypes.as_dtype(spec), TensorShape(None)


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None, fn_output_signature=None):
    """`fn` applied to each element of `elems` unstacked on axis 0, the results stacked."""
    if fn_output_signature is None:
        fn_output_signature = dtype
    _check_callable(fn)
    if parallel_iterations is None:
        parallel_iterations = 1 if _context.executing_eagerly() else 10
    elems_flat = nest.flatten(elems)
    if not elems_flat:
        raise ValueError("elems must be a Tensor or (possibly nested) sequence of Tensors. "
                         f"Got {elems}, which does not contain any Tensors.")
    with name_scope(name, "map", elems_flat):
        elems_flat = [convert_to_tensor(t, name="elem") for t in elems_flat]
        if fn_output_signature is None:
            specs = [(t.dtype, TensorShape(None)) for t in elems_flat]
            expected, unflatten = elems, lambda flat: nest.pack_sequence_as(elems, flat)
        else:
            specs = [_signature_spec(s) for s in nest.flatten(fn_output_signature)]
            expected = fn_output_signature
            unflatten = lambda flat: nest.pack_sequence_as(fn_output_signature, flat)
        first = elems_flat[0]
        if first.shape.rank is not None and first.shape.rank < 1:
            raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
        n_static = _leading_dim(elems_flat)
        n = _count(elems_flat)
        elems_ta = [TensorArray(dtype=t.dtype, size=n, dynamic_size=False, infer_shape=True)
                    .unstack(t) for t in elems_flat]
        results_ta = [TensorArray(dtype=dtype_, size=n, dynamic_size=False,
                                  infer_shape=infer_shape, element_shape=shape)
                      for dtype_, shape in specs]

        def compute(i, tas):
            value = nest.pack_sequence_as(elems, [ta.read(i) for ta in elems_ta])
            result = fn(value)
            _assert_same_structure(expected, result)
            return i + 1, [ta.write(i, v) for ta, v in zip(tas, nest.flatten(result))]

        _, results_ta = while_loop(lambda i, _: i < n, compute,
                                   (convert_to_tensor(0), results_ta),
                                   parallel_iterations=parallel_iterations,
                                   back_prop=back_prop, swap_memory=swap_memory,
                                   maximum_iterations=n)
        return unflatten([_set_leading_dim(ta.stack(), n_static) for ta in results_ta])


def vectorized_map(fn, elems, fallback_to_while_loop=True, warn=True):
    """`map_fn(fn, elems)`: the same values as TF's vectorized (pfor) version."""
    return map_fn(fn, elems)


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
         swap_memory=False, infer_shape=True, reverse=False, name=None):
    """The sequence of accumulators `a = fn(a, x)` over the elements of `elems`."""
    _check_callable(fn)
    input_is_sequence = nest.is_nested(elems)

    def input_flatten(x):
        return nest.flatten(x) if input_is_sequence else [x]

    def input_pack(x):
        return nest.pack_sequence_as(elems, x) if input_is_sequence else x[0]

    if initializer is None:
        output_flatten, output_pack = input_flatten, input_pack
    else:
        output_is_sequence = nest.is_nested(initializer)

        def output_flatten(x):
            return nest.flatten(x) if output_is_sequence else [x]

        def output_pack(x):
            return nest.pack_sequence_as(initializer, x) if output_is_sequence else x[0]

    with name_scope(name, "scan", input_flatten(elems)):
        elems_flat = [convert_to_tensor(e, name="elem") for e in input_flatten(elems)]
        n_static = _leading_dim(elems_flat)
        n = _count(elems_flat)
        elems_ta = [TensorArray(dtype=e.dtype, size=n, dynamic_size=False,
                                element_shape=e.shape[1:], infer_shape=True).unstack(e)
                    for e in elems_flat]
        last = n - 1
        if initializer is None:
            a_flat = [ta.read(last if reverse else 0) for ta in elems_ta]
            start = 1
        else:
            a_flat = [convert_to_tensor(init) for init in output_flatten(initializer)]
            start = 0
        accs_ta = [TensorArray(dtype=a.dtype, size=n, dynamic_size=False,
                               element_shape=a.shape if infer_shape else None,
                               infer_shape=infer_shape) for a in a_flat]
        if initializer is None:
            accs_ta = [ta.write(last if reverse else 0, a) for ta, a in zip(accs_ta, a_flat)]

        def compute(i, a_flat, tas):
            packed_elems = input_pack([ta.read(i) for ta in elems_ta])
            a_out = fn(output_pack(a_flat), packed_elems)
            _assert_same_structure(elems if initializer is None else initializer, a_out)
            flat_a_out = output_flatten(a_out)
            tas = [ta.write(i, value) for ta, value in zip(tas, flat_a_out)]
            return (i - 1 if reverse else i + 1), flat_a_out, tas

        if reverse:
            initial_i, condition = last - start, lambda i, _1, _2: i >= 0
        else:
            initial_i, condition = start, lambda i, _1, _2: i < n
        _, _, results_ta = while_loop(condition, compute,
                                      (convert_to_tensor(initial_i), a_flat, accs_ta),
                                      parallel_iterations=parallel_iterations,
                                      back_prop=back_prop, swap_memory=swap_memory,
                                      maximum_iterations=n)
        return output_pack([_set_leading_dim(ta.stack(), n_static) for ta in results_ta])


def _fold(fn, elems, initializer, parallel_iterations, back_prop, swap_memory, name,
          from_end):
    _check_callable(fn)
    with name_scope(name, "foldr" if from_end else "foldl", [elems]):
        elems_flat = [convert_to_tensor(e, name="elem") for e in nest.flatten(elems)]
        n = _count(elems_flat)
        elems_ta = nest.pack_sequence_as(elems, [
            TensorArray(dtype=e.dtype, size=n, dynamic_size=False, infer_shape=True)
            .unstack(e) for e in elems_flat])
        if initializer is None:
            a = nest.map_structure(lambda ta: ta.read(n - 1 if from_end else 0), elems_ta)
            i = convert_to_tensor(n - 2 if from_end else 1, dtype=_dtypes.int32)
        else:
            a = initializer
            i = convert_to_tensor(n - 1 if from_end else 0, dtype=_dtypes.int32)

        def compute(i, a):
            elem = nest.map_structure(lambda ta: ta.read(i), elems_ta)
            return [i - 1 if from_end else i + 1, fn(a, elem)]

        condition = (lambda i, a: i >= 0) if from_end else (lambda i, a: i < n)
        _, result = while_loop(condition, compute, [i, a],
                               parallel_iterations=parallel_iterations, back_prop=back_prop,
                               swap_memory=swap_memory, maximum_iterations=n)
        return result


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
          swap_memory=False, name=None):
    """`fn(...fn(fn(initializer, elems[0]), elems[1])..., elems[n-1])`."""
    return _fold(fn, elems, initializer, parallel_iterations, back_prop, swap_memory, name,
                 from_end=False)


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
          swap_memory=False, name=None):
    """`fn(...fn(fn(initializer, elems[n-1]), elems[n-2])..., elems[0])`."""
    return _fold(fn, elems, initializer, parallel_iterations, back_prop, swap_memory, name,
                 from_end=True)
