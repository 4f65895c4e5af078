"""Reverse accumulation shared by GradientTape (records = tape entries) and tf.gradients
(records = the graph's operations).

Each record has `.inputs`, `.outputs`, `.type`, `.get_attr(name)` and the `OpDef` whose
`grad(op, *output_grads)` returns one gradient per input. Gradient rules are written with
public ops, so the gradient computation is itself recorded by any outer tape (higher order)
or built into the graph.
"""
import enum


class UnconnectedGradients(enum.Enum):
    """What gradient() returns for a source the targets do not depend on."""
    NONE = "none"
    ZERO = "zero"


def _differentiable(dtype):
    # A resource is a variable's handle: its gradient is the variable's gradient.
    return dtype.is_floating or dtype.is_complex or dtype.name == "resource"


def backprop(records, targets, output_grads, sources, unconnected=UnconnectedGradients.NONE,
             stop_ids=frozenset(), scope_for=None, needed_ids=None):
    """Gradients of sum(targets * output_grads) with respect to each source.

    Records are visited newest first, so every partial gradient of a tensor has arrived
    before the record that produced it is processed. `needed_ids` (the tensors on paths
    from the sources) lets gradient rules skip inputs nobody differentiates by.
    """
    from tensorlite.autodiff import grad_util
    aggregate = grad_util.aggregate
    partials = {}
    for target, seed in zip(targets, output_grads):
        if seed is None:
            seed = grad_util.ones_like(target)
        partials.setdefault(id(target), []).append(seed)
    differentiable = {}   # dtype -> bool, memoized: dtypes are few, inputs are many
    for record in reversed(records):
        outputs = record.outputs
        if len(outputs) == 1:
            key = id(outputs[0])
            grads = partials.get(key)
            if not grads or key in stop_ids:
                continue
            output_grads_of_record = (grads[0] if len(grads) == 1 else aggregate(grads),)
        else:
            gathered = [None if id(out) in stop_ids else partials.get(id(out))
                        for out in outputs]
            if not any(gathered):
                continue
            output_grads_of_record = [aggregate(grads) if grads else grad_util.zeros_like(out)
                                      for out, grads in zip(outputs, gathered)]
        grad_fn = record.op_def.grad
        if grad_fn is None:
            raise LookupError(f"No gradient defined for operation '{_name(record)}' (op type: "
                              f"{record.type}). In general every operation must have an "
                              "associated `@tf.RegisterGradient` for correct autodiff.")
        inputs = record.inputs
        mark_skips = needed_ids is not None and hasattr(record, "skip_input_indices")
        if mark_skips:
            record.skip_input_indices = tuple(
                i for i, tensor in enumerate(inputs) if id(tensor) not in needed_ids)
        try:
            if scope_for is not None:
                with scope_for(record):
                    input_grads = grad_fn(record, *output_grads_of_record)
            else:
                input_grads = grad_fn(record, *output_grads_of_record)
        finally:
            if mark_skips:
                record.skip_input_indices = ()
        if len(input_grads) != len(inputs):
            raise ValueError(f"The gradient of op type {record.type} returned "
                             f"{len(input_grads)} gradients for {len(inputs)} inputs")
        for tensor, grad in zip(inputs, input_grads):
            if grad is None:
                continue
            dtype = tensor.dtype
            ok = differentiable.get(dtype)
            if ok is None:
                ok = differentiable[dtype] = _differentiable(dtype)
            if ok:
                key = id(tensor)
                existing = partials.get(key)
                if existing is None:
                    partials[key] = [grad]
                else:
                    existing.append(grad)
    results = []
    for source in sources:
        grads = partials.get(id(source))
        if grads:
            results.append(aggregate(grads))
        elif unconnected is UnconnectedGradients.ZERO:
            results.append(grad_util.zeros_like(source))
        else:
            results.append(None)
    return results


def _name(record):
    return getattr(record, "name", record.type)


def as_unconnected(value):
    if isinstance(value, UnconnectedGradients):
        return value
    try:
        return UnconnectedGradients(value)
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: {value!r}") from None



