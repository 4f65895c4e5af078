"""Name scopes (v1 and v2), control dependencies and device scopes as public context managers.

Each consults the current builder: a graph keeps its own per-thread stacks, while eager
execution keeps only a name-scope string (TF does not uniquify names eagerly).
"""
from tensorlite.framework import context as _context
from tensorlite.framework.graph import graph_of_inputs
from tensorlite.framework.tensor import SymbolicTensor

_state = _context.state


class NullContext:
    """A context manager that does nothing and yields `value` (TF's NullContextmanager)."""

    __slots__ = ("_value",)

    def __init__(self, value=None):
        self._value = value

    def __enter__(self):
        return self._value

    def __exit__(self, *exc):
        return False


class name_scope_v2:
    """`tf.name_scope`: prefixes the names of ops created in the block; yields "a/b/"."""

    __slots__ = ("_name", "_exit")

    def __init__(self, name):
        if not isinstance(name, str):
            raise ValueError("name for name_scope must be a string.")
        self._name = name

    @property
    def name(self):
        return self._name

    def __enter__(self):
        if _context.executing_eagerly():
            old = _state.eager_scope_name
            name = self._name
            if not name:
                scope = ""
            elif name[-1] == "/":
                scope = name
            else:
                scope = old + name + "/"
            _state.eager_scope_name = scope
            self._exit = lambda: setattr(_state, "eager_scope_name", old)
            return scope
        scope = _context.get_default_graph().name_scope(self._name)
        returned = scope.__enter__()
        self._exit = lambda: scope.__exit__(None, None, None)
        return returned

    def __exit__(self, *exc):
        self._exit()
        return False


class op_scope:
    """The graph-only name scope TF's op functions open (internal_name_scope_v1).

    With `values`, it enters the graph those values belong to, so ops land beside their
    inputs even when another graph is the default.
    """

    __slots__ = ("_name", "_default_name", "_values", "_graph_ctx", "_scope")

    def __init__(self, name, default_name=None, values=None):
        if not (default_name is None or isinstance(default_name, str)):
            raise TypeError(f"`default_name` type ({type(default_name)}) is not a string type. "
                            "You likely meant to pass this into the `values` kwarg.")
        self._name = default_name if name is None else name
        self._default_name = default_name
        self._values = values

    def __enter__(self):
        if self._name is None and self._values is not None:
            raise ValueError(f"At least one of name ({self._name}) and default_name "
                             f"({self._default_name}) must be provided.")
        graph = _context.get_default_graph()
        self._graph_ctx = None
        if self._values and not graph.building_function:
            owner = graph_of_inputs(self._values)
            if owner is not None and owner is not graph:
                graph = owner
                self._graph_ctx = graph.as_default()
                self._graph_ctx.__enter__()
        try:
            self._scope = graph.name_scope(self._name)
            return self._scope.__enter__()
        except BaseException:
            if self._graph_ctx is not None:
                self._graph_ctx.__exit__(None, None, None)
            raise

    def __exit__(self, *exc):
        self._scope.__exit__(*exc)
        if self._graph_ctx is not None:
            self._graph_ctx.__exit__(*exc)
        return False


def name_scope(name, default_name=None, values=None, skip_on_eager=True):
    """TF's internal `ops.name_scope`: a graph name scope, or (eagerly) usually nothing."""
    if not _context.executing_eagerly():
        return op_scope(name, default_name, values)
    if skip_on_eager:
        return NullContext()
    name = default_name if name is None else name
    if values:
        graph_value = next((v for v in values if isinstance(v, SymbolicTensor)), None)
        if graph_value is not None:
            return graph_value.graph.name_scope(name)
    return name_scope_v2(name or "")


class name_scope_v1:
    """`tf.compat.v1.name_scope(name, default_name=None, values=None)`."""

    __slots__ = ("_name", "_scope")

    def __init__(self, name, default_name=None, values=None):
        self._scope = name_scope(name, default_name, values, skip_on_eager=False)
        self._name = default_name if name is None else name

    @property
    def name(self):
        return self._name

    def __enter__(self):
        return self._scope.__enter__()

    def __exit__(self, *exc):
        return self._scope.__exit__(*exc)


def get_current_name_scope():
    """The current name scope string, without the trailing "/" (tf.get_current_name_scope)."""
    if _context.executing_eagerly():
        return _state.eager_scope_name.rstrip("/")
    return _context.get_default_graph().get_name_scope()


def control_dependencies(control_inputs):
    """Ops created in the block run after `control_inputs`; eagerly, callables are called."""
    if _context.executing_eagerly():
        if control_inputs:
            for control in control_inputs:
                if callable(control):
                    control()
        return NullContext()
    return _context.get_default_graph().control_dependencies(control_inputs)


def device(device_name_or_function):
    """Ops created in the block are placed on this device (tf.compat.v1.device)."""
    if _context.executing_eagerly():
        if callable(device_name_or_function):
            raise RuntimeError("tf.device does not support functions when eager execution "
                               "is enabled.")
        return _EagerDevice(device_name_or_function)
    return _context.get_default_graph().device(device_name_or_function)


def device_v2(device_name):
    """`tf.device`: like v1's, but only device strings or DeviceSpecs."""
    if callable(device_name):
        raise RuntimeError("tf.device does not support functions.")
    return device(device_name)


class _EagerDevice:
    """Records the device eagerly; every eager tensor lives on the host CPU in tensorlite."""

    __slots__ = ("_spec", "_old")

    def __init__(self, spec):
        from tensorlite.framework import device as _device
        self._spec = "" if spec is None else _device.canonical_name(spec)

    def __enter__(self):
        self._old = _state.eager_device
        _state.eager_device = self._spec
        return None

    def __exit__(self, *exc):
        _state.eager_device = self._old
        return False
