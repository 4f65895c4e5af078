"""`tf.Variable`: a resource variable, eager or in a graph, and the v1 variable functions.

Every construction goes through the creator chain (`variable_creator_scope`), as in TF.
Initial values are built under `init_scope`, so a variable created while tracing a function
lives outside it. A graph variable's value lives in each Session; an eager one in its handle.
"""
import threading

import numpy as np

from tensorlite.autodiff import tape as _tape
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor, register_tensor_conversion_function
from tensorlite.framework.dispatch import apply
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.framework.init_scope import init_scope
from tensorlite.framework.scopes import control_dependencies, name_scope
from tensorlite.framework.tensor import EagerTensor, Reference, Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.variables import resource_ops as _ops

_state = _context.state
_EagerHandle = _ops.EagerHandle


class VariableSynchronization:
    AUTO, NONE, ON_WRITE, ON_READ = 0, 1, 2, 3


class VariableAggregation:
    NONE, SUM, MEAN, ONLY_FIRST_REPLICA = 0, 1, 2, 3


class _Creators(threading.local):
    def __init__(self):
        self.by_graph = {}


_creators = _Creators()


def _creator_stack():
    graph = _context.get_default_graph()
    return _creators.by_graph.setdefault(id(graph), [])


class variable_creator_scope:
    """Intercept tf.Variable construction: `creator(next_creator, **kwargs)`."""

    def __init__(self, variable_creator):
        self._creator = variable_creator

    def __enter__(self):
        self._stack = _creator_stack()
        self._stack.append(self._creator)

    def __exit__(self, *exc):
        self._stack.remove(self._creator)
        return False


class _VariableMeta(type):
    def __call__(cls, *args, **kwargs):
        if cls is not Variable and cls is not VariableV1:
            return super().__call__(*args, **kwargs)
        kwargs = _bind_arguments(args, kwargs, v1=cls is VariableV1)

        v1 = cls is VariableV1

        def default_creator(next_creator=None, **kw):
            if not v1:
                kw["use_resource"] = True   # tf.Variable (v2) is always a resource variable
            return ResourceVariable._create(**kw)

        creator = default_creator
        for outer in _creator_stack():
            creator = (lambda outer_creator, inner: lambda **kw:
                       outer_creator(inner, **kw))(outer, creator)
        return creator(**kwargs)


_V2_ARGS = ("initial_value", "trainable", "validate_shape", "caching_device", "name",
            "variable_def", "dtype", "import_scope", "constraint", "synchronization",
            "aggregation", "shape", "experimental_enable_variable_lifting")
_V1_ARGS = ("initial_value", "trainable", "collections", "validate_shape", "caching_device",
            "name", "variable_def", "dtype", "expected_shape", "import_scope", "constraint",
            "use_resource", "synchronization", "aggregation", "shape",
            "experimental_enable_variable_lifting")


def _bind_arguments(args, kwargs, v1):
    names = _V1_ARGS if v1 else _V2_ARGS
    if len(args) > len(names):
        raise TypeError(f"Variable takes at most {len(names)} positional arguments")
    bound = dict(zip(names, args))
    for key, value in kwargs.items():
        if key in bound:
            raise TypeError(f"Variable got multiple values for argument '{key}'")
        if key not in names:
            raise TypeError(f"Variable got an unexpected keyword argument '{key}'")
        bound[key] = value
    # Creators receive every argument, with TF's defaults (TF's creator kwargs).
    for key in names:
        bound.setdefault(key, _ARG_DEFAULTS.get(key))
    return bound


_ARG_DEFAULTS = {"validate_shape": True, "synchronization": 0, "aggregation": 0,
                 "experimental_enable_variable_lifting": True}


class Variable(metaclass=_VariableMeta):
    """`tf.Variable`: a tensor-valued, mutable, named piece of state."""

    _is_tensor_like = True

    def __init__(self, *args, **kwargs):
        raise TypeError("tf.Variable is constructed through its creator chain")


class VariableV1(Variable):
    """`tf.compat.v1.Variable`: also takes `collections` and `use_resource`."""


class ResourceVariable(VariableV1):
    """The one variable implementation: a handle plus read/assign ops."""

    _INITIAL_VALUE_SCOPE = "Initializer"

    @classmethod
    def _create(cls, initial_value=None, trainable=None, validate_shape=True,
                caching_device=None, name=None, variable_def=None, dtype=None,
                import_scope=None, constraint=None,
                synchronization=VariableSynchronization.AUTO,
                aggregation=VariableAggregation.NONE, shape=None, collections=None,
                expected_shape=None, use_resource=None,
                experimental_enable_variable_lifting=True, **unused):
        if use_resource is None:
            use_resource = _resource_variables[0]
        if not use_resource and not _context.executing_eagerly_outside_functions():
            from tensorlite.variables.ref_variables import RefVariable
            cls = RefVariable
        self = object.__new__(cls)
        self._init(initial_value, trainable, validate_shape, name, dtype, constraint,
                   synchronization, shape, collections, caching_device, aggregation)
        return self

    def _init(self, initial_value, trainable, validate_shape, name, dtype, constraint,
              synchronization, shape, collections, caching_device,
              aggregation=VariableAggregation.NONE):
        if initial_value is None:
            raise ValueError("The `initial_value` arg to `tf.Variable` must be specified except "
                             "when you are not providing a `variable_def`. You provided neither.")
        if constraint is not None and not callable(constraint):
            raise ValueError(f"Argument `constraint` must be None or a callable. a callable is "
                             f"got: {constraint}")
        if trainable is None:
            trainable = synchronization != VariableSynchronization.ON_READ
        self._set_options(trainable, constraint, caching_device, synchronization, aggregation)
        dtype = None if dtype is None else _dtypes.as_dtype(dtype)
        init_from_fn = callable(initial_value)
        with init_scope():
            self._in_graph_mode = not _context.executing_eagerly()
            values = [] if init_from_fn else [initial_value]
            with name_scope(name, "Variable", values, skip_on_eager=False) as scope:
                self._handle_name = scope[:-1] if scope else "Variable"
                if init_from_fn:
                    with name_scope("Initializer", skip_on_eager=False):
                        initial_value = convert_to_tensor(initial_value(), name="initial_value",
                                                          dtype=dtype)
                else:
                    with name_scope(self._INITIAL_VALUE_SCOPE, skip_on_eager=False) \
                            if self._INITIAL_VALUE_SCOPE else _no_scope():
                        initial_value = convert_to_tensor(initial_value, name="initial_value",
                                                          dtype=dtype)
                self._dtype = initial_value.dtype
                self._shape = TensorShape(shape) if shape is not None else initial_value.shape
                if shape is not None and validate_shape and \
                        not self._shape.is_compatible_with(initial_value.shape):
                    raise ValueError(f"In this `tf.Variable` creation, the initial value's shape "
                                     f"({initial_value.shape}) is not compatible with the "
                                     f"explicitly supplied `shape` argument "
                                     f"({self._shape.as_list()}).")
                self._initial_value = initial_value
                if self._in_graph_mode:
                    self._init_graph(scope, initial_value, collections)
                else:
                    self._init_eager(initial_value)

    def _set_options(self, trainable, constraint=None, caching_device=None,
                     synchronization=VariableSynchronization.AUTO,
                     aggregation=VariableAggregation.NONE):
        self._trainable = bool(trainable)
        self._constraint = constraint
        self._caching_device = caching_device
        self._synchronization = synchronization
        self._aggregation = aggregation

    def _init_eager(self, initial_value):
        storage = _ops.EagerHandle(self._handle_name, self._dtype, self._shape)
        storage.set(_ops._frozen(initial_value._value, self._dtype))
        self._handle = EagerTensor(storage, _dtypes.resource)
        self._initializer_op = None
        self._graph_element = None
        self._graph = None

    def _init_graph(self, scope, initial_value, collections):
        attrs = {"dtype": self._dtype, "shape": self._shape, "shared_name": self._handle_name}
        self._handle = apply(_ops.VAR_HANDLE, (), attrs, name=scope)
        self._graph = self._handle.graph
        with name_scope("IsInitialized", skip_on_eager=False):
            self._is_initialized_op = apply(_ops.VAR_IS_INITIALIZED, (self._handle,),
                                            name="VarIsInitializedOp")
        with name_scope("Assign", skip_on_eager=False) as assign_scope:
            self._initializer_op = apply(
                _ops.ASSIGN_VARIABLE, (self._handle, initial_value),
                {"dtype": self._dtype, "validate_shape": False}, name=assign_scope)
        with name_scope("Read", skip_on_eager=False):
            self._graph_element = self._raw_read()
        self._add_to_collections(collections)

    def _add_to_collections(self, collections):
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        collections = list(collections)
        if self._trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        if not self._graph.building_function:
            self._graph.add_to_collections(collections, self)

    # ------------------------------------------------------------------ properties
    @property
    def name(self):
        return self._handle_name + ":0"

    @property
    def dtype(self):
        return self._dtype

    @property
    def shape(self):
        return self._shape

    def get_shape(self):
        return self._shape

    @property
    def trainable(self):
        return self._trainable

    @property
    def constraint(self):
        return self._constraint

    @property
    def synchronization(self):
        return self._synchronization

    @property
    def aggregation(self):
        return self._aggregation

    @property
    def handle(self):
        return self._handle

    @property
    def _tape_handle(self):
        """The handle tensor reads of this variable use here: inside a function being
        traced that is the function's capture of the handle."""
        handle = self._handle
        if not _state.stack:
            return handle       # (the base builder never builds a function)
        builder = _context.current_builder()
        if builder.building_function and (isinstance(handle, EagerTensor) or
                                          handle.graph is not builder):
            return builder.capture(handle)
        return handle

    @property
    def device(self):
        return self._handle.device

    @property
    def graph(self):
        if self._graph is None:
            raise AttributeError("Tensor.graph is undefined when eager execution is enabled.")
        return self._graph

    @property
    def op(self):
        return self._handle.op

    @property
    def initializer(self):
        return self._initializer_op

    @property
    def initial_value(self):
        if not self._in_graph_mode:
            raise RuntimeError("This property is not supported when eager execution is "
                               "enabled.")
        return self._initial_value

    def _as_graph_element(self):
        return self._graph_element

    def _as_control_op(self):
        """The op a control dependency on this variable waits for (tf.group, ...)."""
        return self.op

    # ------------------------------------------------------------------ reading
    def _raw_read(self):
        handle = self._handle
        if type(handle) is EagerTensor and not _state.stack and _context.eager_by_default():
            # An eager variable read eagerly: the hot path of every eager training step.
            # ReadVariableOp's kernel inlined; tapes note the read as an alias of the handle.
            storage = handle._value
            value = storage.value if type(storage) is _EagerHandle else None
            if value is not None:
                read = EagerTensor(value, self._dtype)
                if _state.tapes:
                    _tape.record_variable_read(handle, read)
                return read
            # (uninitialized or deleted: the op raises TF's error)
        return apply(_ops.READ_VARIABLE, (handle,),
                     {"dtype": self._dtype, "_shape": self._shape}, name="ReadVariableOp")

    def value(self):
        """The variable's current value as a tensor (a new read op in graphs)."""
        tapes = _state.tapes
        if tapes:
            for tape in tapes:      # (tapes watching accessed variables track this one)
                tape._variable_accessed(self)
        return self._raw_read()

    # What eager matmul and operators read of a variable operand (its conversion).
    _read_as_op_input = value

    def read_value(self):
        from tensorlite.ops import array_ops
        _tape.variable_accessed(self)
        with name_scope("Read", skip_on_eager=False):
            value = self._raw_read()
        return array_ops.identity(value)

    def numpy(self):
        if self._in_graph_mode:
            raise NotImplementedError("numpy() is only available when eager execution is "
                                      "enabled.")
        return self.value().numpy()

    def eval(self, session=None):
        from tensorlite.execution.session import run_with_default_session
        return run_with_default_session(self._graph_element, None, self._graph, session)

    def initialized_value(self):
        raise NotImplementedError("initialized_value is not supported by resource variables "
                                  "(as in TF 2.x); run the variable's initializer first, "
                                  "then read it")

    def is_initialized(self, name=None):
        return apply(_ops.VAR_IS_INITIALIZED, (self._handle,), name=name or "VarIsInitializedOp")

    def sparse_read(self, indices, name=None):
        _tape.variable_accessed(self)
        return apply(_ops.RESOURCE_GATHER, (self._handle, indices),
                     {"dtype": self._dtype, "_shape": self._shape}, name=name or "Gather")

    def gather_nd(self, indices, name=None):
        from tensorlite.ops import gather_scatter
        return gather_scatter.gather_nd(self.value(), indices, name=name)

    # ------------------------------------------------------------------ writing
    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Set the value; returns the variable (eager) or what TF returns in graphs."""
        value = self._convert_value(value)
        if not self._shape.is_compatible_with(value.shape):
            raise ValueError(f"Cannot assign value to variable ' {self.name}': Shape mismatch."
                             f"The variable shape {self._shape}, and the assigned value shape "
                             f"{value.shape} are incompatible.")
        op = apply(_ops.ASSIGN_VARIABLE, (self._handle, value), {"dtype": self._dtype},
                   name=name or "AssignVariableOp")
        return self._after_write(op, read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        op = apply(_ops.ASSIGN_ADD_VARIABLE, (self._handle, self._convert_value(delta)),
                   {"dtype": self._dtype}, name=name or "AssignAddVariableOp")
        return self._after_write(op, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        op = apply(_ops.ASSIGN_SUB_VARIABLE, (self._handle, self._convert_value(delta)),
                   {"dtype": self._dtype}, name=name or "AssignSubVariableOp")
        return self._after_write(op, read_value)

    def _scatter(self, op_type, sparse_delta, name):
        indices = getattr(sparse_delta, "indices", None)
        if indices is None:
            raise TypeError(f"Argument `sparse_delta` must be a `tf.IndexedSlices`. Received "
                            f"arg: {sparse_delta}")
        op = apply(_ops.SCATTER_OPS[op_type], (self._handle, indices,
                                               self._convert_value(sparse_delta.values)),
                   {"dtype": self._dtype}, name=name or op_type)
        return self._after_write(op, True)

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterUpdate", sparse_delta, name)

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterAdd", sparse_delta, name)

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterSub", sparse_delta, name)

    def scatter_mul(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterMul", sparse_delta, name)

    def scatter_div(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterDiv", sparse_delta, name)

    def scatter_max(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterMax", sparse_delta, name)

    def scatter_min(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterMin", sparse_delta, name)

    def load(self, value, session=None):
        """Write `value` into the variable in `session` (TF1's Variable.load)."""
        if not self._in_graph_mode:
            self.assign(value)
            return
        from tensorlite.execution.session import get_default_session
        session = session or get_default_session()
        if session is None:
            raise ValueError("Either session argument should be provided or default session "
                             "should be established")
        if self._initializer_op is not None:
            session.run(self._initializer_op, {self._initializer_op.inputs[1]: value})
            return
        # Imported without its initializer (import_meta_graph left out ops tensorlite
        # lacks): a placeholder-fed assignment made once does the same.
        load = getattr(self, "_load_op", None)
        if load is None:
            from tensorlite.ops.constant_op import placeholder
            with self._graph.as_default(), name_scope(self._handle_name + "/Load/"):
                value_in = placeholder(self._dtype, self._shape, name="value")
                load = self._load_op = (self.assign(value_in, read_value=False), value_in)
        session.run(load[0], {load[1]: value})

    def _convert_value(self, value):
        if isinstance(value, Variable):
            value = value.value()
        return convert_to_tensor(value, dtype=self._dtype)

    def _after_write(self, op, read_value):
        if not read_value:
            return op
        return _UnreadVariable(self, op)

    # ------------------------------------------------------------------ Python protocols
    def ref(self):
        return Reference(self)

    experimental_ref = ref

    def __hash__(self):
        if Tensor._USE_EQUALITY and _context.executing_eagerly_outside_functions():
            raise TypeError("Variable is unhashable. Instead, use variable.ref() as the key. "
                            f"(Variable: {self!r})")
        return id(self)

    def __eq__(self, other):
        if Tensor._USE_EQUALITY and _context.executing_eagerly_outside_functions():
            return self.value() == other
        return self is other

    def __ne__(self, other):
        if Tensor._USE_EQUALITY and _context.executing_eagerly_outside_functions():
            return self.value() != other
        return self is not other

    def __repr__(self):
        if self._in_graph_mode:
            return f"<tf.Variable '{self.name}' shape={self._shape} dtype={self._dtype.name}>"
        # Read the storage directly: inside a tf.function value() would be symbolic.
        text = EagerTensor._text(EagerTensor(self._handle._value.get(), self._dtype), True)
        return (f"<tf.Variable '{self.name}' shape={self._shape} dtype={self._dtype.name}, "
                f"numpy={text}>")

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.numpy(), dtype=dtype)

    def __bool__(self):
        return bool(self.value())

    def __float__(self):
        return float(self.value())

    def __int__(self):
        return int(self.value())

    def __index__(self):
        return self.value().__index__()

    def __len__(self):
        return len(self.value())

    def __iter__(self):
        return iter(self.value())

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class _UnreadVariable(ResourceVariable):
    """What assign returns: the variable, read only after the write (TF's UnreadVariable)."""

    def __init__(self, variable, write_op):
        self.__dict__.update(variable.__dict__)
        self._write_op = write_op
        self._trainable = False
        self._graph_element = None
        if self._in_graph_mode:
            with control_dependencies([write_op]):
                self._graph_element = self._raw_read()

    @property
    def name(self):
        return self._write_op.name if self._in_graph_mode else "UnreadVariable"

    @property
    def op(self):
        return self._write_op

    def _raw_read(self):
        if self._in_graph_mode and self._write_op is not None:
            with control_dependencies([self._write_op]):
                return super()._raw_read()
        return super()._raw_read()


def _no_scope():
    from tensorlite.framework.scopes import NullContext
    return NullContext()


def _delegate(operator):
    def method(self, *args):
        return getattr(self.value(), operator)(*args)
    method.__name__ = operator
    return method


for _operator in Tensor.OVERLOADABLE_OPERATORS - {"__eq__", "__ne__"}:
    setattr(ResourceVariable, _operator, _delegate(_operator))
ResourceVariable.__array_priority__ = 100


def variable_from_graph(graph, handle_name, initializer_name, snapshot_name,
                        initial_value_name=None, trainable=True):
    """The variable object for a variable already in `graph` (its handle op, initializer
    and snapshot by name), as TF rebuilds one from a VariableDef (import_meta_graph)."""
    handle = graph.as_graph_element(handle_name)
    if handle.dtype is _dtypes.resource:
        cls = ResourceVariable
        dtype, shape = handle.op.get_attr("dtype"), handle.op.get_attr("shape")
    else:
        from tensorlite.variables.ref_variables import RefVariable as cls
        dtype, shape = handle.dtype.base_dtype, handle.op.get_attr("shape")
    variable = object.__new__(cls)
    variable._set_options(trainable)
    variable._in_graph_mode = True
    variable._handle_name = handle.op.name
    variable._dtype, variable._shape = dtype, TensorShape(shape)
    variable._handle, variable._graph = handle, graph
    variable._initializer_op = graph.as_graph_element(initializer_name, allow_tensor=False) \
        if initializer_name else None
    variable._graph_element = graph.as_graph_element(snapshot_name)
    variable._initial_value = graph.as_graph_element(initial_value_name) \
        if initial_value_name else None
    if cls is ResourceVariable:
        try:     # the imported graph has the op the variable was created with
            variable._is_initialized_op = graph.get_tensor_by_name(
                handle.op.name + "/IsInitialized/VarIsInitializedOp:0")
        except (KeyError, ValueError):
            with graph.as_default(), name_scope(handle.op.name + "/IsInitialized/"):
                variable._is_initialized_op = apply(_ops.VAR_IS_INITIALIZED, (handle,),
                                                    name="VarIsInitializedOp")
    else:
        variable._variable, variable._snapshot = handle, variable._graph_element
    return variable


def _variable_to_tensor(variable, dtype=None, name=None, as_ref=False):
    if dtype is not None and dtype is not variable.dtype:
        raise ValueError(f"Incompatible type conversion requested to type '{dtype.name}' for "
                         f"variable of type '{variable.dtype.name}' ({variable!r})")
    return variable.value()


register_tensor_conversion_function(ResourceVariable, _variable_to_tensor)


# ---------------------------------------------------------------------- v1 functions

def _default_graph():
    return _context.get_default_graph()


def global_variables(scope=None):
    return _default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def trainable_variables(scope=None):
    return _default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    return _default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None):
    return _default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def moving_average_variables(scope=None):
    return _default_graph().get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)


def variables_initializer(var_list, name="init"):
    """One op that runs the initializers of `var_list`."""
    from tensorlite.ops import array_ops, control_flow_ops
    if var_list and not _context.executing_eagerly():
        return control_flow_ops.group(*[v.initializer for v in var_list], name=name)
    return array_ops.no_op(name=name)


def global_variables_initializer():
    if _context.executing_eagerly():
        from tensorlite.ops import array_ops
        return array_ops.no_op(name="global_variables_initializer")
    return variables_initializer(global_variables())


def local_variables_initializer():
    if _context.executing_eagerly():
        from tensorlite.ops import array_ops
        return array_ops.no_op(name="local_variables_initializer")
    return variables_initializer(local_variables())


def is_variable_initialized(variable):
    # Resource variables name the op VarIsInitializedOp, reference ones IsVariableInitialized.
    return variable.is_initialized()


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A 1-D string tensor naming the variables of `var_list` not yet initialized."""
    from tensorlite.ops import array_ops, gather_scatter, math_ops
    if var_list is None:
        var_list = global_variables() + local_variables()
    with name_scope(name, skip_on_eager=False):
        if not var_list:
            return convert_to_tensor(np.array([], dtype=object))
        initialized = [v.is_initialized() for v in var_list]
        mask = math_ops.logical_not(array_ops.stack(initialized))
        names = convert_to_tensor([v.name.split(":")[0] for v in var_list])
        return gather_scatter.boolean_mask(names, mask)


def _scatter_function(method):
    def scatter(ref, indices, updates, use_locking=True, name=None):
        from tensorlite.framework.indexed_slices import IndexedSlices
        return getattr(ref, method)(IndexedSlices(updates, indices), name=name)
    scatter.__name__ = method
    return scatter


scatter_update = _scatter_function("scatter_update")
scatter_add = _scatter_function("scatter_add")
scatter_sub = _scatter_function("scatter_sub")
scatter_mul = _scatter_function("scatter_mul")
scatter_div = _scatter_function("scatter_div")
scatter_max = _scatter_function("scatter_max")
scatter_min = _scatter_function("scatter_min")


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    return ref.assign(value, name=name)


def assign_add(ref, value, use_locking=None, name=None):
    return ref.assign_add(value, name=name)


def assign_sub(ref, value, use_locking=None, name=None):
    return ref.assign_sub(value, name=name)


_resource_variables = [True]


def enable_resource_variables():
    _resource_variables[0] = True


def disable_resource_variables():
    _resource_variables[0] = False


def resource_variables_enabled():
    return _resource_variables[0]
