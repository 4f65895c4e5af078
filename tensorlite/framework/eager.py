"""Eager execution: run an op's kernel at once on NumPy values.

This is the hot path of eager code (`a + b`), so the common case — inputs that are
already EagerTensors of one dtype — is checked with identity comparisons only; anything
else goes through the general binding in op_inputs.
"""
import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import errors
from tensorlite.framework.op_inputs import ANY, bind_eager_inputs
from tensorlite.framework.tensor import EagerTensor


def run_op(opdef, inputs, attrs, name=None):
    """Run `opdef` eagerly; returns an EagerTensor, or a list for multi-output ops."""
    if opdef.uniform:
        n = len(inputs)
        if n == 2:
            x, y = inputs
            if type(x) is EagerTensor and type(y) is EagerTensor and x._dtype is y._dtype:
                dtype = x._dtype
                allowed = opdef.allowed_dtype_ids
                if allowed is None or id(dtype) in allowed:
                    try:
                        return EagerTensor(opdef.kernel(x._value, y._value, **attrs), dtype)
                    except Exception as e:
                        raise runtime_error(opdef, inputs, e) from None
        elif n == 1:
            x = inputs[0]
            if type(x) is EagerTensor:
                dtype = x._dtype
                allowed = opdef.allowed_dtype_ids
                if allowed is None or id(dtype) in allowed:
                    try:
                        return EagerTensor(opdef.kernel(x._value, **attrs), dtype)
                    except Exception as e:
                        raise runtime_error(opdef, inputs, e) from None
    elif opdef.uniform_binary_multi_output:
        x, y = inputs
        if type(x) is EagerTensor and type(y) is EagerTensor and x._dtype is y._dtype:
            dtype = x._dtype
            allowed = opdef.allowed_dtype_ids
            if allowed is None or id(dtype) in allowed:
                try:
                    results = opdef.kernel(x._value, y._value, **attrs)
                except Exception as e:
                    raise runtime_error(opdef, inputs, e) from None
                return [EagerTensor(value, dtype) for value in results]
    bound = _bind_eager_tensors(opdef, inputs, attrs)
    arrays, types = bound if bound is not None else bind_eager_inputs(opdef, inputs, attrs)
    out_dtypes = opdef.output_dtypes(attrs, types)
    try:
        result = opdef.kernel(*arrays, **attrs)
    except Exception as e:
        raise runtime_error(opdef, inputs, e) from None
    if opdef.num_outputs == 1:
        return EagerTensor(result, out_dtypes[0])
    if opdef.num_outputs == 0:
        return None
    return [EagerTensor(value, dtype) for value, dtype in zip(result, out_dtypes)]


_NO_TYPES = {}


def _bind_eager_tensors(opdef, inputs, attrs):
    """(arrays, type attrs) when every input is an EagerTensor that binds as it is; None
    otherwise (conversions, list inputs, errors: bind_eager_inputs does those)."""
    specs = opdef.fixed_input_specs
    if specs is None or len(inputs) != len(specs):
        return None
    if opdef.only_fixed_dtypes:
        for value, spec in zip(inputs, specs):
            if type(value) is not EagerTensor or value._dtype is not spec:
                return None
        return [value._value for value in inputs], _NO_TYPES
    types = {}
    arrays = []
    for value, spec in zip(inputs, specs):
        if type(value) is not EagerTensor:
            return None
        dtype = value._dtype
        if type(spec) is str:
            if spec != ANY:
                want = types.get(spec) or attrs.get(spec)
                if want is None:
                    types[spec] = dtype
                elif want is not dtype:
                    return None
                else:
                    types[spec] = want
        elif spec is not dtype:
            return None
        arrays.append(value._value)
    allowed_ids = opdef.type_attr_allowed_ids
    for attr, dtype in types.items():
        allowed = allowed_ids.get(attr)
        if allowed is not None and id(dtype) not in allowed:
            return None
    return arrays, types


def runtime_error(opdef, inputs, error):
    """Turn a kernel's exception into TF's eager error (InvalidArgumentError by default)."""
    if isinstance(error, errors.OpError):
        if "[Op:" not in error.message:
            error._message = f"{error.message} [Op:{opdef.type}] name: "
        return error
    message = str(error)
    if isinstance(error, ValueError) and "broadcast" in message:
        shapes = " vs. ".join(
            "[" + ",".join(str(d) for d in np.shape(getattr(t, "_value", t))) + "]"
            for t in inputs)
        message = f"Incompatible shapes: {shapes}"
    return errors.InvalidArgumentError(None, None, f"{message} [Op:{opdef.type}] name: ")


_context.EagerContext.run_op = staticmethod(run_op)
