"""`tf.custom_gradient`: a function whose gradient is given by the user.

The function's outputs pass through one "CustomGradient" op whose inputs are the outputs
and the function's tensor arguments, and whose gradient rule calls the user's `grad_fn`.
The same op serves eager tapes and graph tf.gradients.
"""
import functools

from tensorlite.autodiff.tape import stop_recording
from tensorlite.framework import nest
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, register
from tensorlite.framework.tensor import Tensor


def _kernel(*values, num_outputs, grad_fn, output_dtypes):
    return values[:num_outputs]


def _outputs(attrs, types):
    return list(attrs["output_dtypes"])


def _shape(inputs, attrs):
    return [t.shape for t in inputs[:attrs["num_outputs"]]]


def _grad(op, *output_grads):
    count = op.get_attr("num_outputs")
    grads = op.get_attr("grad_fn")(*output_grads)
    grads = list(grads) if isinstance(grads, (list, tuple)) else [grads]
    expected = len(op.inputs) - count
    if len(grads) != expected:
        raise ValueError(f"custom_gradient function expected to return {expected} gradients, "
                         f"but returned {len(grads)} instead.")
    return [None] * count + grads


CUSTOM_GRADIENT = register(OpDef(
    "CustomGradient", _kernel, _shape, _grad, inputs=("values: N*?",), outputs=_outputs))


def custom_gradient(f=None):
    """Decorate `f(*args) -> (outputs, grad_fn)`; grad_fn(*output_grads) -> input grads."""
    if f is None:
        return custom_gradient

    @functools.wraps(f)
    def wrapped(*args, **kwargs):
        with stop_recording():
            result, grad_fn = f(*args, **kwargs)
        flat = [convert_to_tensor(r) for r in nest.flatten(result)]
        tensor_args = [convert_to_tensor(a) for a in args]
        attrs = {"num_outputs": len(flat), "grad_fn": grad_fn,
                 "output_dtypes": tuple(t.dtype for t in flat)}
        outputs = apply(CUSTOM_GRADIENT, flat + tensor_args, attrs, name="CustomGradient")
        outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
        return nest.pack_sequence_as(result, outputs)

    return wrapped
