"""`tf.Graph` and `tf.Operation`: op creation with TF's naming, scoping and control rules.

A Graph is one kind of builder on the context stack (see context.py): `run_op` turns an
OpDef and inputs into an Operation with a unique name, inferred types and static shapes,
the control inputs and device in effect. Name, control-dependency and device stacks are
per graph and per thread, as in TF; collections are shared by all threads.
"""
import re
import threading

from tensorlite.framework import context as _context
from tensorlite.framework import device as _device
from tensorlite.framework import op_inputs
from tensorlite.framework.tensor import SymbolicTensor, Tensor
from tensorlite.framework.tensor_shape import TensorShape

_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
_VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")
_UNKNOWN_SHAPE = TensorShape(None)
_DT_NAMES = {"float32": "float", "float64": "double", "float16": "half"}
_CHECKED_NAMES = set()   # scope names known to pass both name patterns


class Operation:
    """A node of a Graph: an op type applied to input tensors, producing output tensors."""

    __slots__ = ("_graph", "_name", "_opdef", "_inputs", "_outputs", "_control_inputs",
                 "_attrs", "_kernel_attrs", "_device", "_id", "_control_outputs",
                 "skip_input_indices", "__weakref__")

    def __init__(self, graph, name, opdef, inputs, control_inputs, attrs, device, op_id):
        self._graph = graph
        self._name = name
        self._opdef = opdef
        self._inputs = inputs
        self._control_inputs = control_inputs
        self._attrs = attrs
        self._kernel_attrs = {}   # the attributes the kernel takes (those the caller gave)
        self._device = device
        self._id = op_id
        self._outputs = ()
        self._control_outputs = []
        # Set by the backprop while this op's gradient rule runs: inputs whose gradient
        # nobody needs (TF's skip_input_indices), so the rule may leave them out.
        self.skip_input_indices = ()

    @property
    def name(self):
        return self._name

    @property
    def type(self):
        return self._opdef.type

    @property
    def graph(self):
        return self._graph

    @property
    def inputs(self):
        return tuple(self._inputs)

    @property
    def outputs(self):
        return list(self._outputs)

    @property
    def control_inputs(self):
        return list(self._control_inputs)

    @property
    def _control_outputs_list(self):
        return self._control_outputs

    @property
    def device(self):
        return self._device

    @property
    def node_def(self):
        return NodeDefView(self)

    @property
    def op_def(self):
        return self._opdef

    @property
    def traceback(self):
        return []

    def get_attr(self, name):
        try:
            return self._attrs[name]
        except KeyError:
            raise ValueError(f"Operation '{self._name}' has no attr named '{name}'.") from None

    def _set_attr(self, name, value):
        self._attrs[name] = value

    def values(self):
        return tuple(self._outputs)

    def _set_device(self, device):
        self._device = _device.canonical_name(device)

    def _add_control_input(self, op):
        if op not in self._control_inputs:
            self._control_inputs = list(self._control_inputs) + [op]

    def run(self, feed_dict=None, session=None):
        from tensorlite.execution.session import run_with_default_session
        run_with_default_session(self, feed_dict, self._graph, session)

    def __repr__(self):
        return f"<tf.Operation '{self._name}' type={self.type}>"

    def __str__(self):
        return str(self.node_def)


class NodeDefView:
    """A read-only, text-printable stand-in for TF's NodeDef proto."""

    def __init__(self, op):
        self.name = op.name
        self.op = op.type
        self.input = [t.name if t.value_index else t.op.name for t in op.inputs] + \
            ["^" + c.name for c in op.control_inputs]
        self.device = op.device
        self.attr = dict(op._attrs)

    def __str__(self):
        lines = [f'name: "{self.name}"', f'op: "{self.op}"']
        lines += [f'input: "{i}"' for i in self.input]
        if self.device:
            lines.append(f'device: "{self.device}"')
        for key, value in sorted(self.attr.items()):
            lines.append(f'attr {{\n  key: "{key}"\n  value: {value!r}\n}}')
        return "\n".join(lines) + "\n"


class _ThreadLocalScopes(threading.local):
    def __init__(self):
        self.name_stack = ""
        self.control_controllers = []
        self.device = ""          # merged device string in effect
        self.device_function = None   # a v1 device function, called with each new op
        self.control_flow_context = None


class Graph:
    """A TensorFlow computation: Operations and the Tensors flowing between them."""

    is_eager = False
    building_function = False

    def __init__(self):
        self._ops_by_name = {}
        self._ops = []
        self._names_in_use = {}
        self._collections = {}
        self._lock = threading.RLock()
        self._scopes = _ThreadLocalScopes()
        self._finalized = False
        self._seed = None
        self._building_function = False
        # Per-graph state kept for later layers (variable store, default-name counters).
        self._state_by_key = {}

    # ---------------------------------------------------------------- context stack
    def as_default(self):
        """Make this graph the default graph (and the builder for new ops) in the block."""
        return _context.entered(self)

    # ---------------------------------------------------------------- properties
    @property
    def seed(self):
        return self._seed

    @seed.setter
    def seed(self, seed):
        self._seed = seed

    @property
    def version(self):
        return len(self._ops)

    @property
    def finalized(self):
        return self._finalized

    def finalize(self):
        """Make this graph read-only: adding an op raises RuntimeError."""
        self._finalized = True

    def _unsafe_unfinalize(self):
        self._finalized = False

    def get_operations(self):
        return list(self._ops)

    def graph_state(self, key, factory):
        """Per-graph state owned by another module (e.g. the variable store)."""
        state = self._state_by_key.get(key)
        if state is None:
            state = self._state_by_key[key] = factory()
        return state

    # ---------------------------------------------------------------- names
    def unique_name(self, name, mark_as_used=True):
        """TF's unique op/scope name for `name` in the current name scope (case-insensitive)."""
        name_stack = self._scopes.name_stack
        if name_stack:
            name = name_stack + "/" + name
        name_key = name.lower()
        names_in_use = self._names_in_use
        i = names_in_use.get(name_key, 0)
        if mark_as_used:
            names_in_use[name_key] = i + 1
        if i > 0:
            base_name_key = name_key
            # An explicit name may already hold "<name>_<i>": skip past every taken suffix.
            while name_key in names_in_use:
                name_key = f"{base_name_key}_{i}"
                i += 1
            if mark_as_used:
                names_in_use[name_key] = 1
            name = f"{name}_{i - 1}"
        return name

    def get_name_scope(self):
        return self._scopes.name_stack

    def name_scope(self, name):
        """Enter a name scope (TF's Graph.name_scope); yields the scope string "a/b/"."""
        return _GraphNameScope(self, name)

    def _check_scope_name(self, name):
        if name in _CHECKED_NAMES:    # op type names and the like recur for every op
            return
        if self._scopes.name_stack:
            if not _VALID_SCOPE_NAME.match(name):
                raise ValueError(f"'{name}' is not a valid scope name. A scope name has to "
                                 f"match the following pattern: {_VALID_SCOPE_NAME.pattern}")
        elif not _VALID_OP_NAME.match(name):
            raise ValueError(f"'{name}' is not a valid root scope name. A root scope name has "
                             f"to match the following pattern: {_VALID_OP_NAME.pattern}")
        else:
            # Valid at the root is valid anywhere (the nested pattern is looser): remember it.
            if len(_CHECKED_NAMES) < 10000:
                _CHECKED_NAMES.add(name)

    # ---------------------------------------------------------------- op creation
    def run_op(self, opdef, inputs, attrs, name):
        """Add an op of `opdef` to this graph (or to the graph its inputs belong to)."""
        if not self.building_function:
            owner = graph_of_inputs(inputs)
            if owner is not None and owner is not self:
                # TF builds an op in its inputs' graph, whatever graph is the default.
                with owner.as_default():
                    return owner.run_op(opdef, inputs, attrs, name)
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        scope = name or opdef.type
        if scope[-1] == "/":
            op_name = scope[:-1]
        else:
            self._check_scope_name(scope)
            op_name = self.unique_name(scope)
        tensors, types = op_inputs.bind_graph_inputs(self, opdef, inputs, attrs, op_name)
        op = self._create_op(opdef, tensors, types, attrs, op_name)
        # One output: the tensor; none: the Operation (NoOp, assertions); several: a list.
        outputs = op._outputs
        if opdef.num_outputs == 1:
            return outputs[0]
        return list(outputs) if outputs else op

    def create_named_op(self, opdef, inputs, attrs, name):
        """Add an op named `name` as TF's Graph._create_op_internal does (tf.constant)."""
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        op_name = name[:-1] if name and name[-1] == "/" else self.unique_name(name)
        if not _VALID_OP_NAME.match(op_name):
            raise ValueError(f"`{op_name}` is not a valid node name. Accepted names conform "
                             f"to Regex /{_VALID_OP_NAME!r}/")
        tensors, types = op_inputs.bind_graph_inputs(self, opdef, inputs, attrs, op_name)
        return self._create_op(opdef, tensors, types, attrs, op_name)._outputs

    def _create_op(self, opdef, tensors, types, attrs, op_name):
        if op_name in self._ops_by_name:
            raise ValueError(f"Duplicate node name in graph: '{op_name}'")
        scopes = self._scopes
        controllers = scopes.control_controllers
        if controllers:
            control_inputs = self._control_inputs_for([t._op for t in tensors])
        else:
            control_inputs = ()
        all_attrs = {**opdef.default_attrs, **attrs, **types}
        if opdef.list_input is not None:
            all_attrs.setdefault("N", len(tensors) - opdef.fixed_inputs)
        op = Operation(self, op_name, opdef, tensors, control_inputs, all_attrs,
                       scopes.device, len(self._ops))
        op._kernel_attrs = attrs
        if scopes.device_function is not None:
            op._device = scopes.device_function(op) or ""   # recorded verbatim, as TF does
        out_dtypes = opdef.output_dtypes(all_attrs, types)
        shapes = self._infer_shapes(opdef, op, tensors, all_attrs, len(out_dtypes))
        if len(out_dtypes) == 1:
            op._outputs = (SymbolicTensor(op, 0, out_dtypes[0], shapes[0]),)
        else:
            op._outputs = tuple(SymbolicTensor(op, i, dtype, shape)
                                for i, (dtype, shape) in enumerate(zip(out_dtypes, shapes)))
        # Each of these updates is atomic under the GIL; no lock on the op-creation path.
        self._ops_by_name[op_name] = op
        self._ops.append(op)
        for controller in controllers:
            controller.seen_ops.add(op)
        for control in control_inputs:
            control._control_outputs.append(op)
        return op

    def _infer_shapes(self, opdef, op, tensors, attrs, num_outputs):
        if opdef.shape is None:
            return [_UNKNOWN_SHAPE] * num_outputs
        try:
            shapes = opdef.shape(tensors, attrs)
        except ValueError as e:
            shapes_text = ", ".join(_shape_text(t.shape) for t in tensors)
            raise ValueError(f"{e} for '{{{{node {op.name}}}}} = {opdef.type}"
                             f"[{_attrs_text(op._attrs)}]"
                             f"({', '.join(t.op.name for t in tensors)})' with input shapes: "
                             f"{shapes_text}.") from None
        if num_outputs == 1 and opdef.num_outputs == 1:
            return (shapes if type(shapes) is TensorShape else TensorShape(shapes),)
        return [s if isinstance(s, TensorShape) else TensorShape(s) for s in shapes]

    # ---------------------------------------------------------------- control deps
    def control_dependencies(self, control_inputs):
        """Ops created in the block run after `control_inputs` (None clears the stack)."""
        if control_inputs is None:
            return _ControlDependencies(self, None)
        control_ops = []
        current = {op for c in self._scopes.control_controllers for op in c.control_inputs}
        for c in control_inputs:
            if hasattr(c, "_as_control_op"):
                c = c._as_control_op()
            c = self.as_graph_element(c)
            if isinstance(c, Tensor):
                c = c.op
            if c not in current:
                control_ops.append(c)
                current.add(c)
        return _ControlDependencies(self, control_ops)

    def _control_inputs_for(self, input_ops):
        # TF prunes control inputs an op already depends on: an op whose data input was
        # created inside a control scope inherits that scope's dependencies.
        result = []
        for controller in self._scopes.control_controllers:
            if any(op in controller.seen_ops for op in input_ops):
                continue
            result.extend(c for c in controller.control_inputs
                          if c not in input_ops and c not in result)
        return result

    # ---------------------------------------------------------------- devices
    def device(self, device_name_or_function):
        """Ops created in the block get this device (merged with the enclosing ones)."""
        return _DeviceScope(self._scopes, device_name_or_function)

    # ---------------------------------------------------------------- collections
    def add_to_collection(self, name, value):
        self._check_not_finalized()
        with self._lock:
            self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        names = (names,) if isinstance(names, str) else set(names)
        for name in names:
            self.add_to_collection(name, value)

    def get_collection_ref(self, name):
        with self._lock:
            collection = self._collections.get(name)
            if collection is None:
                collection = self._collections[name] = []
            return collection

    def get_collection(self, name, scope=None):
        with self._lock:
            collection = self._collections.get(name)
            if collection is None:
                return []
            if scope is None:
                return list(collection)
            regex = re.compile(scope)
            return [item for item in collection
                    if isinstance(getattr(item, "name", None), str) and regex.match(item.name)]

    def get_all_collection_keys(self):
        with self._lock:
            return [key for key, value in self._collections.items() if isinstance(key, str)]

    def clear_collection(self, name):
        self._check_not_finalized()
        with self._lock:
            self._collections.pop(name, None)

    def _check_not_finalized(self):
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")

    # ---------------------------------------------------------------- lookups
    def as_graph_def(self, from_version=None, add_shapes=False):
        """A GraphDef of the graph (tensorlite's pure-Python one, graph_def.GraphDef)."""
        from tensorlite.graph_def import graph_def
        return graph_def(self, from_version, add_shapes)

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not "
                            f"{type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings (or similar), not "
                            f"{type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """The Tensor or Operation that `obj` (an element or a name) refers to in this graph."""
        if allow_tensor and allow_operation:
            types_str = "Tensor or Operation"
        elif allow_tensor:
            types_str = "Tensor"
        elif allow_operation:
            types_str = "Operation"
        else:
            raise ValueError("allow_tensor and allow_operation can't both be False.")
        converter = getattr(obj, "_as_graph_element", None)
        if converter is not None and not isinstance(obj, (Tensor, Operation)):
            element = converter()
            if element is not None:
                obj = element
        if isinstance(obj, bytes):
            obj = obj.decode()
        if isinstance(obj, str):
            return self._element_by_name(obj, allow_tensor, allow_operation, types_str)
        if isinstance(obj, Tensor) and allow_tensor:
            if obj.graph is not self:   # an EagerTensor raises TF's AttributeError here
                raise ValueError(f"Tensor {obj} is not an element of this graph.")
            return obj
        if isinstance(obj, Operation) and allow_operation:
            if obj.graph is not self:
                raise ValueError(f"Operation {obj} is not an element of this graph.")
            return obj
        raise TypeError(f"Can not convert a {type(obj).__name__} into a {types_str}.")

    def _element_by_name(self, name, allow_tensor, allow_operation, types_str):
        if ":" in name:
            if not allow_tensor:
                raise ValueError(f"Name {name!r} appears to refer to a Tensor, not a "
                                 f"{types_str}.")
            try:
                op_name, index = name.split(":")
                index = int(index)
            except ValueError:
                raise ValueError(f"The name {name!r} looks a like a Tensor name, but is not a "
                                 "valid one. Tensor names must be of the form "
                                 "\"<op_name>:<output_index>\".") from None
            op = self._ops_by_name.get(op_name)
            if op is None:
                raise KeyError(f"The name {name!r} refers to a Tensor which does not exist. "
                               f"The operation, {op_name!r}, does not exist in the graph.")
            if not 0 <= index < len(op._outputs):
                raise KeyError(f"The name {name!r} refers to a Tensor which does not exist. "
                               f"The operation, {op_name!r}, exists but only has "
                               f"{len(op._outputs)} outputs.")
            return op._outputs[index]
        if allow_operation:
            op = self._ops_by_name.get(name)
            if op is None:
                raise KeyError(f"The name {name!r} refers to an Operation not in the graph.")
            return op
        if name in self._ops_by_name:
            message = f"The name {name!r} refers to an Operation, not a {types_str}."
        else:
            message = f"The name {name!r} looks like an (invalid) Operation name, not a " \
                      f"{types_str}."
        raise ValueError(message + " Tensor names must be of the form "
                         "\"<op_name>:<output_index>\".")

    def __repr__(self):
        return f"<tensorlite.Graph object at {id(self):#x}>"


class _GraphNameScope:
    """Context manager of Graph.name_scope (a class: entered for nearly every op)."""

    __slots__ = ("_graph", "_name", "_old")

    def __init__(self, graph, name):
        self._graph = graph
        self._name = name

    def __enter__(self):
        graph, name = self._graph, self._name
        scopes = graph._scopes
        if name:
            if isinstance(name, bytes):
                name = name.decode()
            graph._check_scope_name(name)
        self._old = scopes.name_stack
        if not name:
            new_stack, returned = "", ""
        elif name[-1] == "/":
            new_stack, returned = name[:-1], name
        else:
            new_stack = graph.unique_name(name)
            returned = new_stack + "/"
        scopes.name_stack = new_stack
        return returned

    def __exit__(self, *exc):
        self._graph._scopes.name_stack = self._old
        return False


class _ControlDependencies:
    __slots__ = ("_graph", "control_inputs", "seen_ops", "_new_stack", "_old_stack",
                 "_old_flow_context")

    def __init__(self, graph, control_inputs):
        self._graph = graph
        self._new_stack = control_inputs is None
        self.control_inputs = [] if control_inputs is None else control_inputs
        self.seen_ops = set()

    def __enter__(self):
        scopes = self._graph._scopes
        if self._new_stack:
            # control_dependencies(None) also leaves control-flow scopes (tf.cond bodies).
            self._old_stack = scopes.control_controllers
            self._old_flow_context = scopes.control_flow_context
            scopes.control_controllers = []
            scopes.control_flow_context = None
        scopes.control_controllers.append(self)
        return None

    def __exit__(self, *exc):
        scopes = self._graph._scopes
        if scopes.control_controllers and scopes.control_controllers[-1] is self:
            scopes.control_controllers.pop()
        else:
            raise RuntimeError("Control dependencies scopes were exited out of order")
        if self._new_stack:
            scopes.control_controllers = self._old_stack
            scopes.control_flow_context = self._old_flow_context
        return False


class _DeviceScope:
    __slots__ = ("_scopes", "_spec", "_old", "_old_function")

    def __init__(self, scopes, spec):
        self._scopes = scopes
        self._spec = spec

    def __enter__(self):
        scopes = self._scopes
        self._old = scopes.device
        self._old_function = scopes.device_function
        if callable(self._spec) and not isinstance(self._spec, _device.DeviceSpec):
            scopes.device_function = self._spec
        elif self._spec is None:
            scopes.device = ""
            scopes.device_function = None
        else:
            spec = self._spec.to_string() if isinstance(self._spec, _device.DeviceSpec) \
                else self._spec
            scopes.device = _device.merge(self._old, spec)
        return None

    def __exit__(self, *exc):
        self._scopes.device = self._old
        self._scopes.device_function = self._old_function
        return False


def graph_of_inputs(inputs):
    """The graph of the graph tensors among `inputs`, which must agree (TF's
    _get_graph_from_inputs); None when there are none."""
    first = first_graph = None
    for value in inputs:
        if isinstance(value, SymbolicTensor):
            graph = value._op._graph
        elif isinstance(value, Operation):
            graph = value._graph
        else:
            continue
        if first is None:
            first, first_graph = value, graph
        elif graph is not first_graph:
            raise ValueError(f"{value} must be from the same graph as {first}.")
    return first_graph


def _shape_text(shape):
    if shape.rank is None:
        return "?"
    return "[" + ",".join("?" if d is None else str(d) for d in shape.as_list()) + "]"


def _attrs_text(attrs):
    parts = []
    for key in sorted(attrs):
        value = attrs[key]
        if hasattr(value, "as_datatype_enum"):
            value = "DT_" + _DT_NAMES.get(value.name, value.name).upper()
        elif hasattr(value, "shape") and hasattr(value, "dtype"):
            continue
        parts.append(f"{key}={value}")
    return ", ".join(parts)


_context._graph_factory = Graph
