"""`tf.function`: trace a Python function into a FuncGraph once per input signature, then
run the compiled plan on each call.

A call from eager code with no tape active runs the plan directly (the hot path).
Otherwise the call is one op ("PartitionedCall"/"StatefulPartitionedCall") added through
the ordinary dispatch, so it nests in graphs and other functions and is recorded by tapes;
its gradient re-runs the body op by op under a tape.
"""
import functools
import threading
import weakref

import numpy as np

from tensorlite.execution.plan import Plan
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import nest
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.func_graph import FuncGraph
from tensorlite.framework.registry import OpDef, register
from tensorlite.framework.tensor import EagerTensor, SymbolicTensor, Tensor
from tensorlite.framework.tensor_shape import TensorShape

_state = _context.state


class TensorSpec:
    """Describes a tensor argument: shape (None dims allowed), dtype and optional name."""

    def __init__(self, shape, dtype=_dtypes.float32, name=None):
        self._shape = TensorShape(shape)
        self._dtype = _dtypes.as_dtype(dtype)
        self._name = name

    @classmethod
    def from_tensor(cls, tensor, name=None):
        return cls(tensor.shape, tensor.dtype, name)

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    name = property(lambda self: self._name)

    def is_compatible_with(self, spec_or_tensor):
        return self._dtype is spec_or_tensor.dtype and \
            self._shape.is_compatible_with(spec_or_tensor.shape)

    def __eq__(self, other):
        return isinstance(other, TensorSpec) and self._dtype is other._dtype and \
            self._shape == other._shape and self._name == other._name

    def __hash__(self):
        return hash((self._dtype, self._shape.rank, self._name))

    def __repr__(self):
        return f"TensorSpec(shape={self._shape}, dtype={self._dtype!r}, name={self._name!r})"


class ConcreteFunction:
    """One traced graph of a tf.function: call it with tensors matching its inputs."""

    def __init__(self, graph, arg_placeholders, structured_outputs, signature, name):
        self.graph = graph
        self._arg_placeholders = arg_placeholders
        self.structured_outputs = structured_outputs
        self.structured_input_signature = signature
        self._name = name
        self._output_positions = []     # flat output index -> tensor index or None
        flat_outputs = nest.flatten(structured_outputs)
        tensors = []
        for value in flat_outputs:
            if isinstance(value, Tensor):
                self._output_positions.append(len(tensors))
                tensors.append(value)
            else:
                self._output_positions.append(None)
        self._flat_outputs = flat_outputs
        self._single_tensor_output = isinstance(structured_outputs, Tensor)
        graph.outputs = tensors
        self.outputs = tensors
        self._plan = None
        stateful = any(op._opdef.stateful for op in graph.get_operations())
        self._call_type = "StatefulPartitionedCall" if stateful else "PartitionedCall"

    @property
    def name(self):
        return self._name

    @property
    def inputs(self):
        return list(self.graph.inputs)

    @property
    def captured_inputs(self):
        return self.graph.external_captures

    @property
    def variables(self):
        return [t for t in self.graph.external_captures if t.dtype is _dtypes.resource]

    def _get_plan(self):
        plan = self._plan
        if plan is None:
            graph = self.graph
            # Every stateful op runs (assignments, prints), in program order.
            targets = [op for op in graph.get_operations() if op._opdef.stateful]
            plan = self._plan = Plan(graph, self.outputs, targets, graph.inputs)
        return plan

    def run_arrays(self, values):
        """Run the body on NumPy values for every input (arguments, then captures)."""
        return self._get_plan().run(values)

    def __call__(self, *args, **kwargs):
        if kwargs:
            raise TypeError(f"{self._name}: keyword arguments are not supported by concrete "
                            "functions in tensorlite; pass them positionally")
        flat = [a for a in nest.flatten(args) if isinstance(a, (Tensor, np.ndarray))]
        if len(flat) != len(self._arg_placeholders):
            raise TypeError(f"Binding inputs to tf.function failed due to `{self._name}` "
                            f"expects {len(self._arg_placeholders)} tensor arguments but "
                            f"{len(flat)} were given.")
        return self._call_flat([convert_to_tensor(a) for a in flat])

    def _call_flat(self, tensors):
        captures = self.graph.external_captures
        if not _state.stack and _context.eager_by_default() and not _state.tapes:
            values = self.run_arrays([t._value for t in tensors] +
                                     [c._value for c in captures])
            outputs = [EagerTensor(v, t.dtype) for v, t in zip(values, self.outputs)]
        else:
            outputs = self._call_op(tensors + captures)
        return self._pack(outputs)

    def _call_op(self, inputs):
        attrs = {"f": self, "Tout": tuple(t.dtype for t in self.outputs)}
        result = apply(_CALL_OPS[self._call_type], inputs, attrs, name=self._call_type)
        if isinstance(result, Tensor):
            return [result]
        return list(result) if isinstance(result, list) else []

    def _pack(self, outputs):
        if self._single_tensor_output:
            return outputs[0]
        flat = [value if position is None else outputs[position]
                for value, position in zip(self._flat_outputs, self._output_positions)]
        return nest.pack_sequence_as(self.structured_outputs, flat)

    def interpret(self, inputs):
        """Re-run the body op by op on `inputs` in the current context (tapes record it)."""
        mapping = {id(p): t for p, t in zip(self.graph.inputs, inputs)}
        for op in self.graph.get_operations():
            if op.type == "Placeholder":
                continue
            args = [mapping[id(t)] if id(t) in mapping else _missing(t) for t in op._inputs]
            result = apply(op._opdef, args, op._kernel_attrs, name=None)
            outs = [result] if isinstance(result, Tensor) else \
                (result if isinstance(result, list) else [])
            for inner, outer in zip(op._outputs, outs):
                mapping[id(inner)] = outer
        return [mapping[id(t)] for t in self.outputs]

    def __repr__(self):
        return f"<ConcreteFunction {self._name}>"


def _missing(tensor):
    raise ValueError(f"Tensor {tensor.name} has no value in the function being interpreted")


def _call_kernel(*values, f, Tout):
    return f.run_arrays(list(values))


def _call_outputs(attrs, types):
    return list(attrs["Tout"])


def _call_shape(inputs, attrs):
    return [t.shape for t in attrs["f"].outputs]


def _call_grad(op, *output_grads):
    """Differentiate a call by re-running its body under a tape."""
    from tensorlite.autodiff.tape import GradientTape
    from tensorlite.ops.array_ops import identity
    f = op.get_attr("f")
    with GradientTape() as tape:
        # One distinct tensor per input position, so f(x, x) gets a gradient per argument.
        inputs = [identity(t) for t in op.inputs]
        for tensor in inputs:
            tape.watch(tensor)
        outputs = f.interpret(inputs)
    return tape.gradient(outputs, inputs, output_gradients=list(output_grads))


_CALL_OPS = {
    op_type: register(OpDef(op_type, _call_kernel, _call_shape, _call_grad,
                            inputs=("args: N*?",), outputs=_call_outputs,
                            stateful=op_type.startswith("Stateful")))
    for op_type in ("PartitionedCall", "StatefulPartitionedCall")
}


# ---------------------------------------------------------------------- tracing

class _TraceKey:
    """What a call's arguments contribute to the trace cache key (TF's rules)."""

    @staticmethod
    def of(args, kwargs, relaxed):
        # The context is part of the key: eager, or which graph the call builds into.
        builder = _context.current_builder()
        structure = (None if builder.is_eager else id(builder), _structure_of((args, kwargs)))
        leaves = []
        for leaf in nest.flatten((args, kwargs)):
            if isinstance(leaf, Tensor):
                shape = leaf.shape
                if relaxed and shape.rank is not None:
                    shape = TensorShape((None,) * shape.rank)
                leaves.append(("T", leaf.dtype, tuple(shape.as_list()) if shape.rank is not None
                               else None))
            elif hasattr(leaf, "_tape_handle"):
                leaves.append(("V", id(leaf)))
            elif isinstance(leaf, np.ndarray):
                leaves.append(("A", leaf.dtype.str, leaf.shape, leaf.tobytes()))
            else:
                try:
                    hash(leaf)
                    leaves.append(("P", type(leaf), leaf))
                except TypeError:
                    leaves.append(("O", id(leaf)))
        return (structure, tuple(leaves))


def _structure_of(value):
    if isinstance(value, dict):
        return ("dict", tuple((k, _structure_of(value[k])) for k in sorted(value)))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_structure_of(v) for v in value))
    return "."


class _VariableGuard:
    """Creates variables on the first trace; refuses on later ones (TF's rule)."""

    def __init__(self, allowed):
        self.allowed = allowed
        self.created = []

    def __call__(self, next_creator, **kwargs):
        if not self.allowed:
            raise ValueError(
                "tf.function only supports singleton tf.Variables created on the first call. "
                "Make sure the tf.Variable is only created once or created outside "
                "tf.function. See https://www.tensorflow.org/guide/function#creating_"
                "tfvariables for more information.")
        variable = next_creator(**kwargs)
        self.created.append(variable)
        return variable


class Function:
    """The callable `tf.function` returns: traces per signature, then runs the trace."""

    def __init__(self, python_function, name=None, input_signature=None, autograph=True,
                 jit_compile=None, reduce_retracing=False, **unused_options):
        functools.update_wrapper(self, python_function)
        self._python_function = python_function
        self._name = name or getattr(python_function, "__name__", "function")
        self._input_signature = None if input_signature is None else \
            list(nest.flatten(input_signature))
        self._structured_signature = input_signature
        self._reduce_retracing = reduce_retracing
        self._jit_compile = jit_compile
        self._cache = {}
        self._created_variables = False
        self._traced_once = False
        self._lock = threading.RLock()
        self._instances = weakref.WeakKeyDictionary()
        self._fast_cache = {}

    @property
    def python_function(self):
        return self._python_function

    @property
    def input_signature(self):
        return None if self._structured_signature is None else \
            tuple(self._structured_signature)

    def experimental_get_tracing_count(self):
        return self._tracing_count

    _tracing_count = 0

    def __get__(self, instance, owner):
        # A tf.function used as a method is bound, and traced, per instance.
        if instance is None:
            return self
        bound = self._instances.get(instance)
        if bound is None:
            bound = Function(self._python_function.__get__(instance, owner), self._name,
                             self._structured_signature, jit_compile=self._jit_compile,
                             reduce_retracing=self._reduce_retracing)
            self._instances[instance] = bound
        return bound

    def __call__(self, *args, **kwargs):
        if _run_eagerly[0]:      # tf.config.run_functions_eagerly(True): the Python, as is
            return self._python_function(*args, **kwargs)
        # Fast path: positional eager tensors whose (dtype, shape) were seen before.
        fast_key = self._fast_key(args) if not kwargs else None
        if fast_key is not None:
            concrete = self._fast_cache.get(fast_key)
            if concrete is not None:
                return concrete._call_flat(list(args))
        # NumPy arrays are traced like tensors (by dtype and shape), as in TF.
        args, kwargs = nest.map_structure(
            lambda v: convert_to_tensor(v) if isinstance(v, np.ndarray) else v, (args, kwargs))
        concrete, flat_tensors = self._concrete_for_call(args, kwargs)
        if fast_key is not None:
            self._fast_cache[fast_key] = concrete
        return concrete._call_flat(flat_tensors)

    def _fast_key(self, args):
        """A cheap cache key when every argument is an EagerTensor (None otherwise)."""
        stack = _state.stack
        if stack and not stack[-1].is_eager:
            return None
        key = []
        for value in args:
            if type(value) is not EagerTensor:
                return None
            key.append(value._dtype)
            key.append(value._value.shape)
        return tuple(key)

    def _concrete_for_call(self, args, kwargs):
        if self._input_signature is not None:
            args, kwargs = self._check_signature(args, kwargs)
            builder = _context.current_builder()
            key = ("signature", None if builder.is_eager else id(builder))
        else:
            key = _TraceKey.of(args, kwargs, self._reduce_retracing and self._traced_once)
        concrete = self._cache.get(key)
        if concrete is None:
            with self._lock:
                concrete = self._cache.get(key)
                if concrete is None:
                    concrete = self._trace(args, kwargs)
                    self._cache[key] = concrete
        flat = [convert_to_tensor(a) for a in nest.flatten((args, kwargs))
                if isinstance(a, Tensor)]
        return concrete, flat

    def _check_signature(self, args, kwargs):
        signature = list(self._structured_signature)
        if kwargs:
            names = _parameter_names(self._python_function)
            extra = [names.index(k) if k in names else None for k in kwargs]
            if None in extra:
                raise TypeError(f"Binding inputs to tf.function failed due to `got an "
                                f"unexpected keyword argument`. Received kwargs: {kwargs}")
            args = list(args) + [None] * (max(extra) + 1 - len(args))
            for key, index in zip(kwargs, extra):
                args[index] = kwargs[key]
            args, kwargs = tuple(args), {}
        if len(args) > len(signature):
            raise TypeError(f"Binding inputs to tf.function failed due to `too many positional "
                            f"arguments`. Received args: {args} and kwargs: {kwargs} for "
                            f"signature: {tuple(signature)}.")
        if len(args) < len(signature):
            raise TypeError(f"Binding inputs to tf.function failed due to `missing a required "
                            f"argument`. Received args: {args} and kwargs: {kwargs} for "
                            f"signature: {tuple(signature)}.")
        converted = []
        for value, spec in zip(args, signature):
            converted.append(nest.map_structure(
                lambda v, sp: self._bind_spec(v, sp, args, kwargs), value, spec)
                if isinstance(spec, (list, tuple, dict)) else
                self._bind_spec(value, spec, args, kwargs))
        return tuple(converted), {}

    def _bind_spec(self, value, spec, args, kwargs):
        try:
            tensor = value if isinstance(value, Tensor) else convert_to_tensor(value, spec.dtype)
        except (TypeError, ValueError) as e:
            raise TypeError(f"Binding inputs to tf.function failed due to `{e}`. Received args: "
                            f"{args} and kwargs: {kwargs} for signature: "
                            f"{tuple(self._structured_signature)}.") from None
        if not spec.is_compatible_with(tensor):
            raise TypeError(f"Binding inputs to tf.function failed due to `Can not cast "
                            f"{TensorSpec.from_tensor(tensor)!r} to {spec!r}`. Received args: "
                            f"{args} and kwargs: {kwargs} for signature: "
                            f"{tuple(self._structured_signature)}.")
        return tensor

    def _trace(self, args, kwargs):
        first = not self._traced_once
        concrete, guard = self._trace_once(args, kwargs, allow_variables=first)
        self._traced_once = True
        if first and guard.created:
            # TF traces again after the first trace created variables; the second trace
            # must not create any (so a function creating variables on every call fails).
            self._created_variables = True
            concrete, _ = self._trace_once(args, kwargs, allow_variables=False)
        return concrete

    def _trace_once(self, args, kwargs, allow_variables):
        from tensorlite.variables.variables import variable_creator_scope
        Function._tracing_count += 1
        self._tracing_count = getattr(self, "_own_count", 0) + 1
        self._own_count = self._tracing_count
        outer = _context.current_builder()
        graph = FuncGraph(self._name, outer_graph=None if outer.is_eager else outer)
        placeholders = []
        specs = self._input_signature
        flat = nest.flatten((args, kwargs))
        names = _flat_argument_names(self._python_function, args, kwargs)
        traced_flat = []
        index = 0
        signature_specs = []
        with graph.as_default():
            for position, value in enumerate(flat):
                if isinstance(value, Tensor):
                    tensor = value
                    spec = specs[position] if specs is not None else None
                    shape = spec.shape if spec is not None else tensor.shape
                    if self._reduce_retracing and self._traced_once and shape.rank is not None:
                        shape = TensorShape((None,) * shape.rank)
                    name = (spec.name if spec is not None and spec.name else None) or \
                        getattr(value, "_spec_name", None) or names[position]
                    placeholder = graph.add_argument(tensor.dtype, shape, name)
                    signature_specs.append(TensorSpec(shape, tensor.dtype, name))
                    placeholders.append(placeholder)
                    traced_flat.append(placeholder)
                    index += 1
                else:
                    traced_flat.append(value)
            traced_args, traced_kwargs = nest.pack_sequence_as((args, kwargs), traced_flat)
            guard = _VariableGuard(allow_variables)
            with variable_creator_scope(guard):
                result = self._python_function(*traced_args, **traced_kwargs)
            # Outputs that are not tensors (Python numbers, variables) become tensors, as in
            # TF; None stays None.
            result = nest.map_structure(
                lambda v: v if v is None or isinstance(v, Tensor) else convert_to_tensor(v),
                result)
            result = nest.map_structure(
                lambda v: graph.capture(v) if isinstance(v, Tensor) and
                (isinstance(v, EagerTensor) or v.graph is not graph) else v, result)
        specs_iter = iter(signature_specs)
        signature = nest.map_structure(
            lambda v: next(specs_iter) if isinstance(v, Tensor) else v, (args, kwargs))
        return ConcreteFunction(graph, placeholders, result, signature, self._name), guard

    def get_concrete_function(self, *args, **kwargs):
        """The trace for these arguments (TensorSpecs allowed), tracing if needed."""
        if not args and not kwargs and self._input_signature is not None:
            args = tuple(self._structured_signature)
        spec_args = nest.map_structure(_spec_to_placeholder_value, (args, kwargs))
        args, kwargs = spec_args
        if self._input_signature is not None:
            builder = _context.current_builder()
            key = ("signature", None if builder.is_eager else id(builder))
        else:
            key = _TraceKey.of(args, kwargs, self._reduce_retracing and self._traced_once)
        concrete = self._cache.get(key)
        if concrete is None:
            concrete = self._trace(args, kwargs)
            self._cache[key] = concrete
        return concrete

    def __repr__(self):
        return f"<tensorlite.Function {self._name}>"


class _SpecValue(SymbolicTensor):
    """A stand-in tensor for a TensorSpec passed to get_concrete_function."""

    def __init__(self, spec):
        self._spec = spec
        self._dtype = spec.dtype
        self._shape = spec.shape
        self._spec_name = spec.name

    @property
    def name(self):
        return self._spec.name or "spec"


def _parameter_names(function):
    import inspect
    try:
        return [p.name for p in inspect.signature(function).parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    except (TypeError, ValueError):
        return []


def _flat_argument_names(function, args, kwargs):
    """A placeholder name for every flat leaf of (args, kwargs): TF names placeholders
    after the Python parameters ("x", "x_1" for nested leaves, "args_0" for *args)."""
    names = _parameter_names(function)
    result = []
    for index, value in enumerate(args):
        base = names[index] if index < len(names) else f"args_{index - len(names)}"
        result.extend([base] * len(nest.flatten(value)))
    for key in sorted(kwargs):
        result.extend([key] * len(nest.flatten(kwargs[key])))
    return result


def _spec_to_placeholder_value(value):
    return _SpecValue(value) if isinstance(value, TensorSpec) else value


_run_eagerly = [False]


def run_functions_eagerly(run_eagerly):
    """`tf.config.run_functions_eagerly`: tf.functions call their Python function directly
    (no tracing), to debug them with print and breakpoints."""
    _run_eagerly[0] = bool(run_eagerly)


def functions_run_eagerly():
    return _run_eagerly[0]


def function(func=None, input_signature=None, autograph=True, jit_compile=None,
             reduce_retracing=False, experimental_implements=None,
             experimental_autograph_options=None, experimental_attributes=None,
             experimental_relax_shapes=None, experimental_compile=None,
             experimental_follow_type_hints=None, name=None):
    """`tf.function`, as a decorator (with or without arguments) or a call."""
    if experimental_relax_shapes:
        reduce_retracing = True

    def decorate(python_function):
        return Function(python_function, name=name, input_signature=input_signature,
                        autograph=autograph, jit_compile=jit_compile or experimental_compile,
                        reduce_retracing=reduce_retracing)

    return decorate if func is None else decorate(func)
