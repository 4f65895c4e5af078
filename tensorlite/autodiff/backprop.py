"""Reverse accumulation shared by GradientTape (records = tape entries) and tf.gradients
(records = the graph's operations).

Each record has `.inputs`, `.outputs`, `.type`, `.get_attr(name)` and the `OpDef` whose
`grad(op, *output_grads)` returns one gradient per input. Gradient rules are written with
public ops, so the gradient computation is itself recorded by any outer tape (higher order)
or built into the graph.
"""
import enum

import numpy as _np

from tensorlite.autodiff import grad_util as _grad_util
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.tensor import EagerTensor as _EagerTensor


class UnconnectedGradients(enum.Enum):
    """What gradient() returns for a source the targets do not depend on."""
    NONE = "none"
    ZERO = "zero"


def backprop(records, targets, output_grads, sources, unconnected=UnconnectedGradients.NONE,
             stop_ids=frozenset(), scope_for=None, needed_ids=None, array_rules=False,
             aliases=()):
    """Gradients of sum(targets * output_grads) with respect to each source.

    Records are visited newest first, so every partial gradient of a tensor has arrived
    before the record that produced it is processed. `needed_ids` (the tensors on paths
    from the sources) lets gradient rules skip inputs nobody differentiates by.

    With `array_rules` (eager records, nothing recording the gradient computation) ops with
    an `array_grad` are differentiated on NumPy arrays: partial gradients stay arrays between
    such ops, and only the symbolic rules and the results see tensors.

    `aliases` are (tensor, source) pairs whose gradients are each other's, noted by a tape
    instead of an identity record (eager variable reads and the variable's handle). A
    source is never an output of a record, so its aliases' gradients join it at the end.
    """
    aggregate = _aggregate_arrays_or_tensors if array_rules else _grad_util.aggregate
    # id(tensor) -> its gradient, or a list of partial gradients still to be summed.
    partials = {}
    for target, seed in zip(targets, output_grads):
        if seed is None:
            if array_rules and type(target) is _EagerTensor:
                value = target._value
                seed = value.dtype.type(1) if not value.shape else \
                    _np.ones(value.shape, value.dtype)
            else:
                seed = _grad_util.ones_like(target)
        _add_partial(partials, id(target), seed)
    mark_skips = needed_ids is not None
    stopping = bool(stop_ids)
    for record in reversed(records):
        outputs = record.outputs
        opdef = record.op_def
        if len(outputs) == 1:
            key = id(outputs[0])
            grad = partials.get(key)
            if grad is None or stopping and key in stop_ids:
                continue
            if type(grad) is list:
                grad = aggregate(grad)
            if opdef.gradient_is_identity:
                # (Identity, a variable read: the gradient goes on as it is, no rule to run)
                _add_input_partial(partials, record.inputs[0], grad)
                continue
            output_grads_of_record = None      # ([grad], made if a symbolic rule runs)
        else:
            gathered = [None if id(out) in stop_ids else partials.get(id(out))
                        for out in outputs]
            if not any(grad is not None for grad in gathered):
                continue
            output_grads_of_record = [aggregate(grad) if type(grad) is list else grad
                                      for grad in gathered]
            grad = None
        inputs = record.inputs
        # Inputs nobody differentiates by are marked for the rule to skip (TF's
        # skip_input_indices). A one-input record was recorded for its input: none to skip.
        skips = ()
        if mark_skips and len(inputs) > 1:
            skips = _SKIPS_OF_TWO[id(inputs[0]) in needed_ids, id(inputs[1]) in needed_ids] \
                if len(inputs) == 2 else _skipped_inputs(inputs, needed_ids)
            if skips:
                record.skip_input_indices = skips
        try:
            input_grads = NotImplemented
            array_grad = opdef.array_grad if array_rules else None
            if array_grad is not None:
                if grad is None:
                    arrays = _as_arrays(output_grads_of_record)
                    if arrays is not None:
                        input_grads = array_grad(record, *arrays)
                elif type(grad) is _EagerTensor:
                    input_grads = array_grad(record, grad._value)
                elif type(grad) is _np.ndarray or isinstance(grad, _np.generic):
                    input_grads = array_grad(record, grad)
                # (else IndexedSlices, or a graph tensor: the symbolic rule takes it)
            if input_grads is NotImplemented:      # (a rule may also decline)
                input_grads = _symbolic_grads(record, outputs,
                                              output_grads_of_record or [grad], scope_for)
        finally:
            if skips:
                record.skip_input_indices = ()
        if len(input_grads) != len(inputs):
            raise ValueError(f"The gradient of op type {record.type} returned "
                             f"{len(input_grads)} gradients for {len(inputs)} inputs")
        for tensor, grad in zip(inputs, input_grads):
            if grad is not None:
                dtype = tensor._dtype
                # (_add_input_partial, inlined: this loop is the hot path of every gradient.)
                # Integer tensors get no gradient; a resource is a variable's handle; a
                # variant (a TensorList) carries its elements' gradients.
                if dtype.is_floating or dtype.is_complex or dtype is _RESOURCE or \
                        dtype is _VARIANT:
                    key = id(tensor)
                    existing = partials.get(key)
                    if existing is None:
                        partials[key] = grad
                    elif type(existing) is list:
                        existing.append(grad)
                    else:
                        partials[key] = [existing, grad]
    for alias, source in aliases:
        grad = partials.get(id(alias))
        if grad is not None:
            _add_input_partial(partials, source, aggregate(grad) if type(grad) is list else grad)
    results = []
    for source in sources:
        grad = partials.get(id(source))
        if grad is not None:
            if type(grad) is list:
                grad = aggregate(grad)
            results.append(_as_eager_tensor(grad) if _is_array(grad) else grad)
        elif unconnected is UnconnectedGradients.ZERO:
            results.append(_grad_util.zeros_like(source))
        else:
            results.append(None)
    return results


_RESOURCE = _dtypes.resource
_VARIANT = _dtypes.variant
_SKIPS_OF_TWO = {(True, True): (), (False, True): (0,), (True, False): (1,),
                 (False, False): (0, 1)}


def _skipped_inputs(inputs, needed_ids):
    """The indices of the inputs nobody differentiates by."""
    return tuple([i for i, tensor in enumerate(inputs) if id(tensor) not in needed_ids])


def _add_input_partial(partials, tensor, grad):
    """Add `grad` to the partial gradients of `tensor`, if its dtype has gradients."""
    dtype = tensor._dtype
    # A resource is a variable's handle: its gradient is the variable's gradient.
    if dtype.is_floating or dtype.is_complex or dtype is _RESOURCE or dtype is _VARIANT:
        key = id(tensor)
        existing = partials.get(key)
        if existing is None:
            partials[key] = grad
        elif type(existing) is list:
            existing.append(grad)
        else:
            partials[key] = [existing, grad]


def _add_partial(partials, key, grad):
    existing = partials.get(key)
    partials[key] = grad if existing is None else \
        existing + [grad] if type(existing) is list else [existing, grad]


def _symbolic_grads(record, outputs, output_grads, scope_for):
    """The op's `grad` rule, on tensors (array partials wrapped, missing ones as zeros)."""
    grad_fn = record.op_def.grad
    if grad_fn is None:
        raise LookupError(f"No gradient defined for operation '{_name(record)}' (op type: "
                          f"{record.type}). In general every operation must have an "
                          "associated `@tf.RegisterGradient` for correct autodiff.")
    output_grads = [_grad_util.zeros_like(out) if grad is None else
                    _as_eager_tensor(grad) if _is_array(grad) else grad
                    for grad, out in zip(output_grads, outputs)]
    if scope_for is not None:
        with scope_for(record):
            return grad_fn(record, *output_grads)
    return grad_fn(record, *output_grads)


def _is_array(value):
    return type(value) is _np.ndarray or isinstance(value, _np.generic)   # or a NumPy scalar


def _as_arrays(grads):
    """The output gradients as arrays for an `array_grad` rule; None if one is not dense."""
    arrays = []
    for grad in grads:
        if grad is None or _is_array(grad):
            arrays.append(grad)
        elif type(grad) is _EagerTensor:
            arrays.append(grad._value)
        else:
            return None     # IndexedSlices, or a graph tensor: the symbolic rule takes it
    return arrays


def _as_eager_tensor(array):
    return _EagerTensor(array, _dtypes.from_numpy_dtype(array.dtype))


def _aggregate_arrays_or_tensors(grads):
    if len(grads) == 1:
        return grads[0]
    if all(_is_array(grad) for grad in grads):
        total = grads[0] + grads[1]     # never in place: partials may alias other values
        for grad in grads[2:]:
            total = total + grad
        return total
    return _grad_util.aggregate([_as_eager_tensor(g) if _is_array(g) else g for g in grads])


def _name(record):
    return getattr(record, "name", record.type)


def as_unconnected(value):
    if isinstance(value, UnconnectedGradients):
        return value
    try:
        return UnconnectedGradients(value)
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: {value!r}") from None



