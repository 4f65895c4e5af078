"""The one dispatch function: every op, eager or graph, is added through `apply`.

`apply` hands the op to the builder on top of the context stack (eager runs the kernel, a
graph creates an Operation) and then lets active gradient tapes record it. Nothing else
in the code base asks "are we executing eagerly?" to decide where an op goes.
"""
from tensorlite.framework import context as _context
from tensorlite.framework import op_inputs as _op_inputs
from tensorlite.framework.tensor import EagerTensor as _EagerTensor

_state = _context.state
_base_builder = _context.base_builder
_NO_ATTRS = {}


class _TapeHook:
    """Set by the autodiff layer: `record(opdef, inputs, attrs, outputs)` for active tapes."""

    record = None


tape_hook = _TapeHook()


def apply(opdef, inputs, attrs=_NO_ATTRS, name=None):
    """Add one op to the current builder; returns its output (or list of outputs)."""
    state = _state
    stack = state.stack
    builder = stack[-1] if stack else _base_builder()
    if state.tapes:
        return _apply_recorded(builder, opdef, inputs, attrs, name)
    return builder.run_op(opdef, inputs, attrs, name)


def apply_eager(opdef, inputs, attrs=_NO_ATTRS):
    """`apply` for callers that know the eager context is current and every input is an
    EagerTensor (eager operators on tensors): no builder lookup, nothing to convert."""
    outputs = _context.EagerContext.run_op(opdef, inputs, attrs)
    if _state.tapes:
        tape_hook.record(opdef, inputs, attrs, outputs)
    return outputs


def _apply_recorded(builder, opdef, inputs, attrs, name):
    # Gradient rules need every input as a tensor, so convert before running.
    if builder.is_eager:
        for value in inputs:
            if type(value) is not _EagerTensor:
                # Convert as the op binds its inputs (a Python 0 next to a float tensor
                # becomes a float), so the tape keeps the tensors the kernel really saw.
                inputs = _op_inputs.convert_eager_inputs(opdef, inputs, attrs)[0]
                break
    outputs = builder.run_op(opdef, inputs, attrs, name)
    tape_hook.record(opdef, inputs, attrs, outputs)
    return outputs
