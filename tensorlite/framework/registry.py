"""The op registry: one `OpDef` record per op type holds kernel, type signature, shape rule
and gradient side by side.

The type signature is written as TF writes it in its op definitions: each input and output
names a type attribute ("T") or a fixed dtype ("int32"); a list input is written
"N*T" and receives every remaining flat input. From it the dispatcher infers the type
attributes (what `Operation.get_attr("T")` returns), checks that inputs agree, and knows
output dtypes without running anything.
"""
from tensorlite.framework import dtypes as _dtypes

_REGISTRY = {}


class OpDef:
    """One op type: kernel(*arrays, **attrs), shape(op_inputs, attrs), grad(op, *dys).

    `array_grad(op, *dys)` is optional: the same gradient as `grad`, on NumPy arrays, which
    first-order eager backprop uses when no tape watches the gradient computation.
    """

    __slots__ = ("type", "kernel", "shape", "grad", "array_grad", "stateful", "inputs", "outputs",
                 "type_attrs", "num_outputs", "uniform", "uniform_binary_multi_output",
                 "list_input", "fixed_inputs",
                 "default_attrs", "input_names", "fixed_input_specs",
                 "allowed_dtype_ids", "type_attr_allowed_ids", "only_fixed_dtypes",
                 "_fixed_output_dtypes", "gradient_is_identity")

    def __init__(self, type, kernel, shape=None, grad=None, *, inputs=(), outputs=("T",),
                 type_attrs=None, stateful=False, default_attrs=None, num_outputs=None):
        self.type = type
        self.kernel = kernel
        self.shape = shape
        self.grad = grad
        self.array_grad = None
        # The gradient is the output's gradient, unchanged (Identity, ReadVariableOp): set
        # by register_identity_gradient; backprop then passes it on without a rule call.
        self.gradient_is_identity = False
        self.stateful = stateful
        self.default_attrs = default_attrs or {}
        # type_attrs: attr name -> allowed DTypes (None: any).
        self.type_attrs = {name: (frozenset(allowed) if allowed is not None else None)
                           for name, allowed in (type_attrs or {}).items()}
        parsed = [_parse_spec(spec) for spec in inputs]
        self.input_names = tuple(name for name, _, _ in parsed)
        self.inputs = tuple((spec, is_list) for _, spec, is_list in parsed)
        self.list_input = next((i for i, (_, is_list) in enumerate(self.inputs) if is_list),
                               None)
        self.fixed_inputs = len(self.inputs) - (1 if self.list_input is not None else 0)
        # outputs: a tuple of type specs, or a callable(attrs, types) -> list of DTypes
        # for ops whose output count depends on attributes (Split, Unpack).
        if callable(outputs):
            self.outputs = outputs
            self.num_outputs = num_outputs
        else:
            self.outputs = tuple(_resolve(spec) for spec in outputs)
            self.num_outputs = len(self.outputs)
        # Outputs of fixed dtypes only (none, for the training ops): known once for all.
        self._fixed_output_dtypes = list(self.outputs) if not callable(self.outputs) and \
            all(isinstance(spec, _dtypes.DType) for spec in self.outputs) else None
        # "uniform": every input and the single output share one attr (elementwise ops);
        # the eager hot path checks these with one identity comparison per input.
        # The allowed dtypes as ids of the DTypes (singletons): the hot paths test
        # membership without calling DType.__hash__, a Python method. allowed_dtype_ids
        # holds those of the only type attr, when there is one.
        self.type_attr_allowed_ids = {name: _ids(allowed)
                                      for name, allowed in self.type_attrs.items()}
        self.allowed_dtype_ids = next(iter(self.type_attr_allowed_ids.values())) \
            if len(self.type_attrs) == 1 else None
        # The type spec of each input when there is no list input (the eager fast binding).
        self.fixed_input_specs = tuple(spec for spec, _ in self.inputs) \
            if self.list_input is None else None
        # Inputs all of fixed dtypes (ReadVariableOp's resource): no type attrs to bind.
        self.only_fixed_dtypes = self.fixed_input_specs is not None and \
            all(isinstance(spec, _dtypes.DType) for spec in self.fixed_input_specs)
        same_type = (self.list_input is None and not callable(self.outputs) and
                     len(self.inputs) > 0 and self.num_outputs > 0 and
                     len(self.type_attrs) == 1 and isinstance(self.outputs[0], str) and
                     all(spec == self.outputs[0] for spec, _ in self.inputs) and
                     all(spec == self.outputs[0] for spec in self.outputs))
        self.uniform = same_type and self.num_outputs == 1
        # Two inputs and several outputs of one dtype (SoftmaxCrossEntropyWithLogits).
        self.uniform_binary_multi_output = same_type and self.num_outputs > 1 and \
            len(self.inputs) == 2

    def input_name(self, index, num_inputs):
        """The argument name of flat input `index` (TF's `input_arg.name`)."""
        if self.list_input is None or index < self.list_input:
            return self.input_names[index]
        n_list = num_inputs - self.fixed_inputs
        if index < self.list_input + n_list:
            return self.input_names[self.list_input]
        return self.input_names[index - n_list + 1]

    def input_specs(self, num_inputs):
        """The type spec of each flat input, with a list input expanded to its length."""
        if self.list_input is None:
            if num_inputs != len(self.inputs):
                raise TypeError(f"{self.type} takes {len(self.inputs)} inputs, "
                                f"got {num_inputs}")
            return [spec for spec, _ in self.inputs]
        n_list = num_inputs - self.fixed_inputs
        if n_list < 0:
            raise TypeError(f"{self.type} takes at least {self.fixed_inputs} inputs, "
                            f"got {num_inputs}")
        specs = [spec for spec, _ in self.inputs]
        return specs[:self.list_input] + [specs[self.list_input]] * n_list + \
            specs[self.list_input + 1:]

    def output_dtypes(self, attrs, types):
        if self.uniform:   # elementwise ops, most of any graph: skip the per-spec walk
            return [types[self.outputs[0]]]
        if self._fixed_output_dtypes is not None:
            return self._fixed_output_dtypes
        if callable(self.outputs):
            return self.outputs(attrs, types)
        return [(types[spec] if spec in types else attrs[spec]) if isinstance(spec, str)
                else spec for spec in self.outputs]

    def __repr__(self):
        return f"<OpDef {self.type}>"


def _ids(dtypes):
    return None if dtypes is None else frozenset(id(dtype) for dtype in dtypes)


def _parse_spec(spec):
    """ "x: T" -> ("x", "T", False); "values: N*T" -> ("values", "T", True)."""
    name, _, type_spec = spec.partition(":")
    type_spec = type_spec.strip()
    is_list = "*" in type_spec
    if is_list:
        type_spec = type_spec.split("*", 1)[1].strip()
    return name.strip(), _resolve(type_spec), is_list


def _resolve(spec):
    """A type spec is an attr name (kept as str) or a fixed dtype name (a DType)."""
    if isinstance(spec, _dtypes.DType):
        return spec
    if spec in _dtypes.DTYPES_BY_NAME or spec in ("resource", "variant"):
        return _dtypes.as_dtype(spec)
    return spec


def register(opdef):
    if opdef.type in _REGISTRY:
        raise KeyError(f"Op type {opdef.type!r} is registered twice")
    _REGISTRY[opdef.type] = opdef
    return opdef


def get(op_type):
    try:
        return _REGISTRY[op_type]
    except KeyError:
        raise ValueError(f"Op type not registered '{op_type}'") from None


def all_ops():
    return dict(_REGISTRY)


def not_differentiable_grad(op, *output_grads):
    """The gradient rule of ops whose outputs do not depend smoothly on their inputs."""
    return [None] * len(op.inputs)


def _attacher(op_types, slot, what):
    def attach(function):
        for op_type in op_types:
            opdef = get(op_type)
            if getattr(opdef, slot) is not None:
                raise KeyError(f"{what} for op type {op_type!r} is registered twice")
            setattr(opdef, slot, function)
        return function
    return attach


def register_gradient(op_type):
    """Decorator attaching `grad(op, *output_grads) -> [grad per input]` to an op type."""
    return _attacher((op_type,), "grad", "A gradient")


def register_array_gradient(*op_types):
    """Decorator attaching `array_grad(op, *dys) -> [array or None per input]`.

    The rule sees the op's recorded eager inputs/outputs (`op.inputs[i]._value`) and the
    output gradients as NumPy arrays (None for an output nothing depends on); it returns
    `NotImplemented` for a case it leaves to the symbolic `grad`. It must compute exactly what
    `grad` computes: tests/ops/test_array_gradients.py holds every rule to that.
    """
    return _attacher(op_types, "array_grad", "An array gradient")


def register_identity_gradient(op_type):
    """Declare that `op_type` (one input, one output) passes its gradient through as it is."""
    opdef = get(op_type)
    identity = _attacher((op_type,), "grad", "A gradient")(lambda op, grad: [grad])
    _attacher((op_type,), "array_grad", "An array gradient")(identity)
    opdef.gradient_is_identity = True


def not_differentiable(op_type):
    """Declare that no gradient flows through `op_type` (TF's ops.NotDifferentiable)."""
    get(op_type).grad = not_differentiable_grad
