"""Binding an op's inputs to its type signature, as TF's op-definition library does.

Inputs are taken in order: the first input of a type attribute ("T") fixes it, later
Python values are converted to it, and a later tensor of another dtype is TF's error
(TypeError while building a graph, InvalidArgumentError eagerly).
"""
from tensorlite.framework import convert
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.tensor import EagerTensor, SymbolicTensor, Tensor

# The type spec of an input that may have any dtype, independently of the others.
ANY = "?"

# TF's DataTypeString spellings, used in its runtime error messages.
_RUNTIME_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def runtime_name(dtype):
    return _RUNTIME_NAMES.get(dtype.name, dtype.name)


def bind_eager_inputs(opdef, inputs, attrs):
    """Convert eager inputs; returns (arrays, type attrs). Raises InvalidArgumentError."""
    tensors, types = convert_eager_inputs(opdef, inputs, attrs)
    return [t._value for t in tensors], types


def convert_eager_inputs(opdef, inputs, attrs):
    """Convert eager inputs to EagerTensors of the dtypes the op binds; (tensors, types)."""
    specs = opdef.input_specs(len(inputs))
    types = {}
    tensors = []
    for index, (value, spec) in enumerate(zip(inputs, specs)):
        want = spec if not isinstance(spec, str) else types.get(spec, attrs.get(spec))
        if type(value) is not EagerTensor:
            value = _convert(value, want, opdef.input_name(index, len(inputs)))
        if spec == ANY:
            pass
        elif want is None:
            types[spec] = value._dtype
        elif value._dtype is not want:
            raise errors.InvalidArgumentError(
                None, None,
                f"cannot compute {opdef.type} as input #{index}(zero-based) was expected to "
                f"be a {runtime_name(want)} tensor but is a {runtime_name(value._dtype)} "
                f"tensor [Op:{opdef.type}] name: ")
        elif isinstance(spec, str):
            types.setdefault(spec, want)
        tensors.append(value)
    _check_allowed(opdef, types, eager=True)
    return tensors, types


def bind_graph_inputs(graph, opdef, inputs, attrs, op_name):
    """Convert graph inputs (Consts named after the argument, inside the op's scope)."""
    if opdef.uniform and not attrs:
        # Fast path: graph tensors of this graph sharing one allowed dtype.
        dtype = None
        for value in inputs:
            if type(value) is not SymbolicTensor or value._op._graph is not graph or \
                    (dtype is not None and value._dtype is not dtype) or \
                    value._dtype._base is not None:
                break
            dtype = value._dtype
        else:
            allowed = opdef.allowed_dtype_ids
            if allowed is None or id(dtype) in allowed:
                return list(inputs), {opdef.outputs[0]: dtype}
    specs = opdef.input_specs(len(inputs))
    types = {}
    tensors = []
    first_arg = {}
    for index, (value, spec) in enumerate(zip(inputs, specs)):
        want = spec if not isinstance(spec, str) else types.get(spec, attrs.get(spec))
        arg_name = opdef.input_name(index, len(inputs))
        if not (isinstance(value, SymbolicTensor) and value._op._graph is graph):
            with graph.name_scope(op_name + "/"):
                value = _convert(value, want, arg_name)
        # A TF1 reference (float32_ref) is read as its value: bind the base dtype.
        dtype = value._dtype._base or value._dtype
        if spec == ANY:
            pass
        elif want is None:
            types[spec] = dtype
            first_arg[spec] = arg_name
        elif dtype is not want:
            if isinstance(spec, str) and spec in first_arg:
                raise TypeError(f"Input '{arg_name}' of '{opdef.type}' Op has type "
                                f"{dtype.name} that does not match type {want.name} of "
                                f"argument '{first_arg[spec]}'.")
            raise TypeError(f"Input '{arg_name}' of '{opdef.type}' Op has type "
                            f"{dtype.name} that does not match expected type of "
                            f"{want.name}.")
        elif isinstance(spec, str):
            types.setdefault(spec, want)
            first_arg.setdefault(spec, arg_name)
        tensors.append(value)
    _check_allowed(opdef, types, eager=False, first_arg=first_arg)
    return tensors, types


def _convert(value, want, arg_name):
    # A Python value is converted strictly to the dtype the op needs (TypeError if it
    # cannot be); existing tensors are never converted, only checked.
    if isinstance(value, Tensor):
        return convert.convert_to_tensor(value, name=arg_name)
    return convert.convert_to_tensor(value, dtype=want, name=arg_name)


def _check_allowed(opdef, types, eager, first_arg=None):
    for attr, dtype in types.items():
        allowed = opdef.type_attrs.get(attr)
        if allowed is None or dtype in allowed:
            continue
        ordered = [d for d in _dtypes.ALL_TYPES if d in allowed]
        if eager:
            raise errors.InvalidArgumentError(
                None, None,
                f"Value for attr '{attr}' of {runtime_name(dtype)} is not in the list of "
                f"allowed values: {', '.join(runtime_name(d) for d in ordered)}\n\t; NodeDef: "
                f"{{{{node {opdef.type}}}}}; Op<name={opdef.type}> [Op:{opdef.type}]")
        raise TypeError(f"Value passed to parameter '{(first_arg or {}).get(attr, attr)}' has "
                        f"DataType {dtype.name} not in list of allowed values: "
                        f"{', '.join(d.name for d in ordered)}")
