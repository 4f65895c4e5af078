"""`tf.compat.v1.variable_scope`, `get_variable` and the variable store behind them.

State, as in TF: each graph owns one `_VariableStore` (full name -> variable, shared by every
thread) and, per thread, the current `VariableScope` plus the counters that uniquify
`default_name` scopes. Eagerly that graph is the global default graph. `variable_scope` is a
context manager that pushes a scope and checks, on exit, that it pops what it pushed.

`get_variable` = the current scope's defaults, then the custom getters (innermost scope's
first; one passed to get_variable replaces the scope's), then the store: look the full name
up, or create through `VariableV1(...)`, so `variable_creator_scope` sees every creation.

Differences from TF: the "already exists" error also names the line that created the existing
variable and the line that tried again; the `default_name` counters are a tree, so leaving a
scope forgets its sub-scope counters at once (TF scans every name on every exit).
"""
import enum
import functools
import inspect
import os
import sys
import threading

from tensorlite.framework import collections as _collections
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor, register_tensor_conversion_function
from tensorlite.framework.graph import graph_of_inputs
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.framework.scopes import get_current_name_scope, name_scope as _name_scope
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.variables import initializers as _initializers
from tensorlite.variables.partitioners import (PartitionedVariable, SaveSliceInfo,
                                               _PartitionInfo, call_partitioner, fixed_size_partitioner,
                                               iter_slices, min_max_variable_partitioner,
                                               slice_dim_and_num_slices,
                                               variable_axis_size_partitioner)
from tensorlite.variables import variables as _variables
from tensorlite.variables.variables import VariableAggregation, VariableSynchronization, VariableV1

__all__ = ["AUTO_REUSE", "VariableScope", "variable_scope", "variable_op_scope",
           "get_variable_scope", "get_variable", "get_local_variable", "no_regularizer",
           "variable_creator_scope", "fixed_size_partitioner",
           "variable_axis_size_partitioner", "min_max_variable_partitioner",
           "create_partitioned_variables", "make_template"]


class _ReuseMode(enum.Enum):
    """`reuse=AUTO_REUSE`: create the variable if missing, else return it."""
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


def variable_creator_scope(variable_creator):
    """`tf.compat.v1.variable_creator_scope`: TF keeps it a function distinct from
    `tf.variable_creator_scope`; creators see tf.compat.v1.Variable's arguments."""
    return _variables.variable_creator_scope(variable_creator)


def no_regularizer(_):
    """Use this function to prevent regularization of variables."""
    return None


# ---------------------------------------------------------------------- VariableScope

class VariableScope:
    """The defaults `get_variable` takes from the enclosing `variable_scope`."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, name_scope="",
                 dtype=_dtypes.float32, use_resource=None, constraint=None):
        self._name = name
        self._initializer = initializer
        self._regularizer = regularizer
        self._reuse = reuse
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint
        if _context.executing_eagerly():
            if caching_device is not None:
                raise NotImplementedError("Caching devices is not yet supported when eager "
                                          "execution is enabled.")
            # TF: eagerly a scope always reuses (only an EagerVariableStore keeps variables).
            self._reuse = AUTO_REUSE
            self._use_resource = True

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    dtype = property(lambda self: self._dtype)
    use_resource = property(lambda self: self._use_resource)
    regularizer = property(lambda self: self._regularizer)
    caching_device = property(lambda self: self._caching_device)
    partitioner = property(lambda self: self._partitioner)
    custom_getter = property(lambda self: self._custom_getter)
    constraint = property(lambda self: self._constraint)

    def reuse_variables(self):
        """Reuse variables in this scope."""
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_dtype(self, dtype):
        self._dtype = dtype

    def set_use_resource(self, use_resource):
        if _context.executing_eagerly() and not use_resource:
            raise ValueError("When eager execution is enabled, use_resource cannot be set to "
                             "false.")
        self._use_resource = use_resource

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def set_caching_device(self, caching_device):
        if _context.executing_eagerly():
            raise NotImplementedError("Caching devices are not yet supported when eager "
                                      "execution is enabled.")
        self._caching_device = caching_device

    def set_partitioner(self, partitioner):
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter):
        self._custom_getter = custom_getter

    def get_collection(self, name):
        """This scope's members of collection `name`."""
        return _collections.get_collection(name, self._name + "/" if self._name else "")

    def trainable_variables(self):
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self):
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self):
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def get_variable(self, var_store, name, shape=None, dtype=None, initializer=None,
                     regularizer=None, reuse=None, trainable=None, collections=None,
                     caching_device=None, partitioner=None, validate_shape=True,
                     use_resource=None, custom_getter=None, constraint=None,
                     synchronization=VariableSynchronization.AUTO,
                     aggregation=VariableAggregation.NONE):
        """Get or create `name` in `var_store` with this scope's defaults."""
        if regularizer is None:
            regularizer = self._regularizer
        if caching_device is None:
            caching_device = self._caching_device
        if partitioner is None:
            partitioner = self._partitioner
        if custom_getter is None:
            custom_getter = self._custom_getter
        if _context.executing_eagerly():
            reuse, use_resource = False, True
        else:
            if reuse is None:
                reuse = self._reuse
            if use_resource is None:
                use_resource = self._use_resource
        full_name = self._name + "/" + name if self._name else name
        # Variable names depend only on the variable scope: leave the name scope meanwhile.
        with _name_scope(None, skip_on_eager=False):
            if dtype is not None and initializer is not None and not callable(initializer):
                init_dtype = convert_to_tensor(initializer).dtype.base_dtype
                if init_dtype != _dtypes.as_dtype(dtype):
                    raise ValueError(f"Initializer type '{init_dtype}' and explicit dtype "
                                     f"'{_dtypes.as_dtype(dtype)}' don't match.")
            if initializer is None:
                initializer = self._initializer
            if constraint is None:
                constraint = self._constraint
            if dtype is None:
                dtype = self._dtype
            return var_store.get_variable(
                full_name, shape=shape, dtype=dtype, initializer=initializer,
                regularizer=regularizer, reuse=reuse, trainable=trainable,
                collections=collections, caching_device=caching_device,
                partitioner=partitioner, validate_shape=validate_shape,
                use_resource=use_resource, custom_getter=custom_getter, constraint=constraint,
                synchronization=synchronization, aggregation=aggregation)

    def _get_partitioned_variable(self, var_store, name, shape=None, dtype=None,
                                  initializer=None, regularizer=None, trainable=None,
                                  collections=None, caching_device=None, partitioner=None,
                                  validate_shape=True, use_resource=None, constraint=None,
                                  synchronization=VariableSynchronization.AUTO,
                                  aggregation=VariableAggregation.NONE):
        """The PartitionedVariable `name` (the scope's own name when `name` is empty)."""
        if self._custom_getter is not None:
            raise ValueError(
                "Private access to _get_partitioned_variable is not allowed when a custom "
                f"getter is set.  Current custom getter: {self._custom_getter}.  It is likely "
                "that you're using create_partitioned_variables.  If so, consider instead "
                "using get_variable with a non-empty partitioner parameter instead.")
        partitioner = partitioner if partitioner is not None else self._partitioner
        if partitioner is None:
            raise ValueError("No partitioner was specified")
        full_name = "/".join(part for part in (self._name, name) if part)
        with _name_scope(None, skip_on_eager=False):
            return var_store._get_partitioned_variable(
                full_name, partitioner, shape=shape,
                dtype=dtype if dtype is not None else self._dtype,
                initializer=initializer if initializer is not None else self._initializer,
                regularizer=regularizer if regularizer is not None else self._regularizer,
                reuse=self._reuse, trainable=trainable, collections=collections,
                caching_device=(caching_device if caching_device is not None
                                else self._caching_device),
                validate_shape=validate_shape,
                use_resource=use_resource if use_resource is not None else self._use_resource,
                constraint=constraint if constraint is not None else self._constraint,
                synchronization=synchronization, aggregation=aggregation)


# ---------------------------------------------------------------------- per-graph state

class _CountNode:
    __slots__ = ("count", "children")

    def __init__(self):
        self.count = 0
        self.children = {}


class _ScopeCounts:
    """How often each variable scope name was opened on this thread, as a tree of names.

    Leaving scope "a" forgets the counters of "a/..." (TF's close_variable_subscopes), which
    here is dropping one subtree. Re-entering a captured scope restores all counters on exit
    (TF restores a copy of them): while such a scope is open, every change is journaled.
    """

    __slots__ = ("root", "journal", "open_captured")

    def __init__(self):
        self.root = _CountNode()
        self.journal = []
        self.open_captured = 0

    def _touch(self, node):
        if self.open_captured:
            self.journal.append((node, node.count, node.children))
            node.children = dict(node.children)   # copy on write: the journal keeps the old

    def _find(self, name):
        node = self.root
        for part in name.split("/"):
            node = node.children.get(part)
            if node is None:
                return None
        return node

    def count(self, name):
        node = self._find(name)
        return 0 if node is None else node.count

    def open(self, name):
        node = self.root
        for part in name.split("/"):
            child = node.children.get(part)
            if child is None:
                self._touch(node)
                child = node.children[part] = _CountNode()
            node = child
        self._touch(node)
        node.count += 1

    def close_subscopes(self, name):
        node = self._find(name)
        if node is not None and node.children:
            self._touch(node)
            node.children = {}

    def unused_suffix(self, name):
        """0 if `name` was never opened, else the smallest N >= 1 with `name_N` unopened.

        Each parent remembers, under the key (last segment,), an N below which every
        `name_N` is taken (counts only grow until the parent's children are dropped or
        restored with their own memo), so uniquifying the k-th sibling costs O(1), not O(k).
        """
        parent_path, separator, last = name.rpartition("/")
        parent = self._find(parent_path) if separator else self.root
        if parent is None:
            return 0
        children = parent.children
        node = children.get(last)
        if node is None or node.count == 0:
            return 0
        index = children.get((last,), 1)
        while True:
            node = children.get(f"{last}_{index}")
            if node is None or node.count == 0:
                break
            index += 1
        self._touch(parent)
        parent.children[(last,)] = index
        return index

    def mark(self):
        self.open_captured += 1
        return len(self.journal)

    def restore(self, mark):
        journal = self.journal
        for node, count, children in reversed(journal[mark:]):
            node.count, node.children = count, children
        del journal[mark:]
        self.open_captured -= 1


class _ThreadScopes(threading.local):
    """This thread's current VariableScope and default_name counters, for one graph."""

    def __init__(self):
        self.current = VariableScope(False)
        self.counts = _ScopeCounts()


class _GraphState:
    __slots__ = ("store", "scopes")

    def __init__(self):
        self.store = _VariableStore()
        self.scopes = _ThreadScopes()


_STATE_KEY = "variable_scope"


def _graph_state(graph=None):
    if graph is None:
        graph = _context.get_default_graph()
    # Function graphs use the store and scopes of the graph they are traced from (TF shares
    # those collections with every FuncGraph); traced eagerly, that is the global graph.
    while graph.building_function:
        graph = getattr(graph, "outer_graph", None) or _context.global_default_graph()
    return graph.graph_state(_STATE_KEY, _GraphState)


def get_variable_scope():
    """The current VariableScope."""
    return _graph_state().scopes.current


def _get_default_variable_store():
    return _graph_state().store


class with_variable_store:
    """Make `store` the default graph's variable store in the block."""

    def __init__(self, store):
        self._store = store

    def __enter__(self):
        self._state = _graph_state()
        self._old, self._state.store = self._state.store, self._store

    def __exit__(self, *exc):
        self._state.store = self._old
        return False


# ---------------------------------------------------------------------- where variables come from

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_in_package_cache = {}


def _in_package(filename):
    inside = _in_package_cache.get(filename)
    if inside is None:
        inside = _in_package_cache[filename] = os.path.abspath(filename).startswith(
            _PACKAGE_DIR)
    return inside


def _user_frame():
    """(file, line) of the innermost caller outside tensorlite: walks frames, reads nothing."""
    frame = sys._getframe(1)
    while frame is not None and _in_package(frame.f_code.co_filename):
        frame = frame.f_back
    return None if frame is None else (frame.f_code.co_filename, frame.f_lineno)


def _where(origin):
    return "an unknown place" if origin is None else f"{origin[0]}:{origin[1]}"


# ---------------------------------------------------------------------- the store

def _takes_constraint(getter):
    """Whether a custom getter takes `constraint` (by name or **kwargs): getters written
    before the argument existed must not receive it."""
    try:
        parameters = inspect.signature(getter).parameters
    except (TypeError, ValueError):
        return False
    return "constraint" in parameters or any(p.kind is p.VAR_KEYWORD
                                             for p in parameters.values())


def _named_positional(function):
    """TF's getargspec(...).args: (names, number of defaults) of positional parameters."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):   # builtins without a signature
        return [], 0
    parameters = [p for p in parameters
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return [p.name for p in parameters], sum(p.default is not p.empty for p in parameters)


def _validate_sync_aggregation_trainable(synchronization, aggregation, trainable, name):
    if aggregation is None:
        aggregation = VariableAggregation.NONE
    elif aggregation not in (0, 1, 2, 3):
        raise ValueError(f"Invalid variable aggregation mode: {aggregation} for variable: "
                         f"{name}")
    if synchronization is None:
        synchronization = VariableSynchronization.AUTO
    elif synchronization not in (0, 1, 2, 3):
        raise ValueError(f"Invalid variable synchronization mode: {synchronization} for "
                         f"variable: {name}")
    if trainable is None:
        trainable = synchronization != VariableSynchronization.ON_READ
    return synchronization, aggregation, trainable


class _VariableStore:
    """Full name -> variable for one graph (or for an EagerVariableStore)."""

    __slots__ = ("_vars", "_partitioned_vars", "_store_eager_variables", "_shared", "_origins")

    def __init__(self):
        self._vars = {}
        self._partitioned_vars = {}
        self._store_eager_variables = False
        # name -> (variable, dims as list, as tuple (None if not fully defined), dtype):
        # what get_variable's lookup fast path may return (single variables only).
        self._shared = {}
        self._origins = {}   # name -> (file, line) of the user code that created it

    def get_variable(self, name, shape=None, dtype=_dtypes.float32, initializer=None,
                     regularizer=None, reuse=None, trainable=None, collections=None,
                     caching_device=None, partitioner=None, validate_shape=True,
                     use_resource=None, custom_getter=None, constraint=None,
                     synchronization=VariableSynchronization.AUTO,
                     aggregation=VariableAggregation.NONE):
        """The stored variable `name`, or a new one (see tf.compat.v1.get_variable)."""
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError(f"Passed a custom_getter which is not callable: {custom_getter}")
        if _context.executing_eagerly_outside_functions():
            use_resource = True
        if _context.executing_eagerly():
            if not self._store_eager_variables and reuse:
                raise RuntimeError(
                    "When eager execution is enabled variable reuse is only supported when an "
                    "EagerVariableStore is active. See the documentation on "
                    "EagerVariableStore for example usage.")
            if self._store_eager_variables:
                reuse = AUTO_REUSE
        dtype = getattr(dtype, "base_dtype", dtype)
        synchronization, aggregation, trainable = _validate_sync_aggregation_trainable(
            synchronization, aggregation, trainable, name)
        arguments = dict(
            shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
            reuse=reuse, trainable=trainable, collections=collections,
            caching_device=caching_device, partitioner=partitioner,
            validate_shape=validate_shape, use_resource=use_resource,
            synchronization=synchronization, aggregation=aggregation)
        if custom_getter is None:
            return self._true_getter(name, constraint=constraint, **arguments)
        if _takes_constraint(custom_getter):
            arguments["constraint"] = constraint
        return custom_getter(getter=self._true_getter, name=name, **arguments)

    def _true_getter(self, name, shape=None, dtype=_dtypes.float32, initializer=None,
                     regularizer=None, reuse=None, trainable=None, collections=None,
                     caching_device=None, partitioner=None, validate_shape=True,
                     use_resource=None, constraint=None,
                     synchronization=VariableSynchronization.AUTO,
                     aggregation=VariableAggregation.NONE):
        single = dict(shape=shape, dtype=dtype, initializer=initializer,
                      regularizer=regularizer, reuse=reuse, trainable=trainable,
                      collections=collections, caching_device=caching_device,
                      validate_shape=validate_shape, use_resource=use_resource,
                      constraint=constraint, synchronization=synchronization,
                      aggregation=aggregation)
        is_scalar = isinstance(shape, (list, tuple)) and not shape
        if partitioner is not None and not is_scalar:
            if not callable(partitioner):
                raise ValueError(f"Partitioner must be callable, but received: {partitioner}")
            with _name_scope(None):
                return self._get_partitioned_variable(name, partitioner, **single)
        # A partitioned variable is reused without naming its partitioner again.
        if reuse is True and partitioner is None and name in self._partitioned_vars:
            return self._get_partitioned_variable(name, None, **single)
        if f"{name}/part_0" in self._vars:
            raise ValueError(
                "No partitioner was provided, but a partitioned version of the variable was "
                f"found: {name}/part_0. Perhaps a variable of the same name was already "
                "created with partitioning?")
        return self._get_single_variable(name, **single)

    def _get_partitioned_variable(self, name, partitioner, shape=None, dtype=_dtypes.float32,
                                  initializer=None, regularizer=None, reuse=None,
                                  trainable=None, collections=None, caching_device=None,
                                  validate_shape=True, use_resource=None, constraint=None,
                                  synchronization=VariableSynchronization.AUTO,
                                  aggregation=VariableAggregation.NONE):
        initializing_from_value = isinstance(initializer, Tensor)
        if name in self._vars:
            raise ValueError(
                "A partitioner was provided, but an unpartitioned version of the variable "
                f"was found: {name}.  Perhaps a variable of the same name was already created "
                "without partitioning?")
        shape = TensorShape(shape)
        if initializing_from_value:
            shape = shape.merge_with(initializer.shape)
        dtype = _dtypes.as_dtype(dtype)
        partitions = None
        if not reuse or partitioner:
            partitions = call_partitioner(partitioner, shape, dtype)
        if name in self._partitioned_vars:
            if reuse is False:
                raise ValueError(f"Partitioned variable with name {name} already exists. Did "
                                 "you mean to set reuse=True or reuse=tf.AUTO_REUSE in "
                                 "VarScope?")
            existing = self._partitioned_vars[name]
            if not shape.is_compatible_with(existing.get_shape()):
                raise ValueError(f"Trying to reuse partitioned variable {name}, but specified "
                                 f"shape {shape} and found shape {existing.get_shape()}.")
            if not dtype.is_compatible_with(existing.dtype):
                raise ValueError(f"Trying to reuse partitioned variable {name}, but specified "
                                 f"dtype {dtype.name} and found dtype {existing.dtype.name}.")
            if partitions is not None and existing._get_partitions() != partitions:
                raise ValueError(f"Trying to reuse partitioned variable {name}, but specified "
                                 f"partitions {partitions} and found partitions "
                                 f"{existing._get_partitions()}.")
            return existing
        if reuse is True:
            raise ValueError(f"PartitionedVariable {name} does not exist, or was not created "
                             "with tf.get_variable(). Did you mean to set reuse=False or "
                             "reuse=tf.AUTO_REUSE in VarScope?")
        slice_dim, num_slices = slice_dim_and_num_slices(partitions)
        if f"{name}/part_0" in self._vars:
            if f"{name}/part_{num_slices - 1}" not in self._vars:
                raise ValueError(
                    "Partitioner returned a different partitioning than what was already "
                    f"found.  Partitioner returned {num_slices} shards, and shard "
                    f"{name}/part_0 was found, but {name}/part_{num_slices - 1} was not.")
            if f"{name}/part_{num_slices}" in self._vars:
                raise ValueError(
                    "Partitioner returned a different partitioning than what was already "
                    f"found.  Partitioner returned {num_slices} shards, and shard "
                    f"{name}/part_0 was found, but so was the extra shard "
                    f"{name}/part_{num_slices}.")
        from tensorlite.ops import array_manip
        parts = []
        full_shape = shape.as_list()
        for i, (offset, part_shape) in enumerate(iter_slices(full_shape, num_slices,
                                                             slice_dim)):
            info = _PartitionInfo(full_shape, offset)
            part_name = f"{name}/part_{i}"
            with _name_scope(part_name + "/PartitionedInitializer", skip_on_eager=False):
                init_shape = part_shape
                if initializer is None:
                    init = _default_initializer(name, dtype)
                elif callable(initializer):
                    init = initializer
                elif isinstance(initializer, Tensor):   # each part gets its slice
                    init = array_manip.slice(initializer, offset, part_shape)
                    init_shape, dtype = None, init.dtype.base_dtype
                else:
                    init = array_manip.slice(convert_to_tensor(initializer, dtype=dtype),
                                             offset, part_shape)
                    init_shape = None
            with _name_scope(None):
                part = self._get_single_variable(
                    part_name, shape=init_shape, dtype=dtype, initializer=init,
                    partition_info=info, regularizer=regularizer, reuse=reuse,
                    trainable=trainable, collections=collections,
                    caching_device=caching_device, validate_shape=validate_shape,
                    use_resource=use_resource, constraint=constraint,
                    synchronization=synchronization, aggregation=aggregation)
            # Savers write the parts as slices of one tensor named like the whole variable.
            part._save_slice_info = SaveSliceInfo(name, list(full_shape), list(offset),
                                                  list(part_shape))
            parts.append(part)
        partitioned = PartitionedVariable(name, shape, dtype, parts, partitions)
        if not _context.executing_eagerly() or self._store_eager_variables:
            self._partitioned_vars[name] = partitioned
        return partitioned

    def _get_single_variable(self, name, shape=None, dtype=_dtypes.float32, initializer=None,
                             regularizer=None, partition_info=None, reuse=None,
                             trainable=None, collections=None, caching_device=None,
                             validate_shape=True, use_resource=None, constraint=None,
                             synchronization=VariableSynchronization.AUTO,
                             aggregation=VariableAggregation.NONE):
        initializing_from_value = initializer is not None and not callable(initializer)
        if shape is not None and initializing_from_value:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = _dtypes.as_dtype(dtype)
        if shape is not None:
            shape = TensorShape(shape)
        found = self._vars.get(name)
        if found is not None:
            if reuse is False:
                raise ValueError(
                    f"Variable {name} already exists, disallowed. Did you mean to set "
                    "reuse=True or reuse=tf.AUTO_REUSE in VarScope? It was created at "
                    f"{_where(self._origins.get(name))}; this call at "
                    f"{_where(_user_frame())} tried to create it again.")
            if shape is not None and not shape.is_compatible_with(found.get_shape()):
                raise ValueError(f"Trying to share variable {name}, but specified shape "
                                 f"{shape} and found shape {found.get_shape()}.")
            if not dtype.is_compatible_with(found.dtype):
                raise ValueError(f"Trying to share variable {name}, but specified dtype "
                                 f"{dtype.name} and found dtype {found.dtype.name}.")
            return found
        if reuse is True:
            raise ValueError(f"Variable {name} does not exist, or was not created with "
                             "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
                             "VarScope?")
        if initializer is None:
            if shape is None:
                raise ValueError(f"Variable {name} did not get an initializer, so its "
                                 "`shape` argument must be specified.")
            initializer = _default_initializer(name, dtype)
        if initializing_from_value:
            init_val, variable_dtype = initializer, None
        else:
            if inspect.isclass(initializer):
                initializer = initializer()
            if shape is not None and shape.is_fully_defined():
                if _takes_partition_info(initializer):
                    init_val = functools.partial(initializer, shape.as_list(), dtype=dtype,
                                                 partition_info=partition_info)
                else:
                    init_val = functools.partial(initializer, shape.as_list(), dtype=dtype)
                variable_dtype = dtype.base_dtype
            elif _needs_no_arguments(initializer):
                init_val, variable_dtype = initializer, None
            else:
                raise ValueError("The initializer passed is not valid. It should be a "
                                 "callable with no arguments and the shape should not be "
                                 "provided or an instance of `tf.keras.initializers.*' and "
                                 "`shape` should be fully defined.")
        if use_resource is None:
            from tensorlite.variables.variables import resource_variables_enabled
            use_resource = resource_variables_enabled()
        variable = VariableV1(
            initial_value=init_val, name=name, trainable=trainable, collections=collections,
            caching_device=caching_device, dtype=variable_dtype,
            validate_shape=validate_shape, constraint=constraint, use_resource=use_resource,
            synchronization=synchronization, aggregation=aggregation, shape=shape)
        eager = _context.executing_eagerly()
        if eager and self._store_eager_variables:
            graph = _context.get_default_graph()
            graph.add_to_collections(collections or [GraphKeys.GLOBAL_VARIABLES], variable)
            if trainable:
                graph.add_to_collection(GraphKeys.TRAINABLE_VARIABLES, variable)
        if not eager or self._store_eager_variables:
            self._remember(name, variable)
        if regularizer:
            _add_regularization_loss(name, variable, regularizer)
        return variable

    def _remember(self, name, variable):
        self._vars[name] = variable
        self._origins[name] = _user_frame()
        shape = variable.shape
        dims = shape.as_list() if shape.is_fully_defined() else None
        self._shared[name] = (variable, dims, None if dims is None else tuple(dims),
                              variable.dtype)
        # TF refuses "x" once "x/part_0" exists: keep such names off the fast path.
        if name.endswith("/part_0"):
            self._shared.pop(name[:-len("/part_0")], None)


def _needs_no_arguments(function):
    names, num_defaults = _named_positional(function)
    return len(names) == num_defaults


_partition_info_by_type = {}


def _takes_partition_info(initializer):
    """Whether the initializer names a `partition_info` parameter (cached per class)."""
    if inspect.isfunction(initializer) or isinstance(initializer, functools.partial):
        return "partition_info" in _named_positional(initializer)[0]
    kind = type(initializer)
    takes = _partition_info_by_type.get(kind)
    if takes is None:
        takes = _partition_info_by_type[kind] = \
            "partition_info" in _named_positional(initializer)[0]
    return takes


_default_initializers = []


def _default_initializer(name, dtype):
    """glorot_uniform for floats, zeros for integers, booleans and strings (TF's choice).

    One shared instance of each: unseeded initializers hold no state (their random ops take
    op seeds when called), so sharing them is unobservable and saves their construction.
    """
    if not _default_initializers:
        _default_initializers.extend([_initializers.GlorotUniform(), _initializers.Zeros()])
    if dtype.is_floating:
        return _default_initializers[0]
    if dtype.is_integer or dtype.is_unsigned or dtype.is_bool or dtype == _dtypes.string:
        return _default_initializers[1]
    raise ValueError(f"An initializer for variable {name} of {dtype.base_dtype} is required")


# ---------------------------------------------------------------------- regularization losses

def _add_regularization_loss(name, variable, regularizer):
    """Add the variable's loss to REGULARIZATION_LOSSES, once, as TF does at creation.

    TF calls the regularizer once to see whether it returns None, then again inside
    "<name>/Regularizer/"; the collection holds a tensor that re-runs the regularizer each
    time it is converted (so eagerly it follows the variable's current value).
    """
    def make_loss():
        with _name_scope(name + "/Regularizer/"):
            return regularizer(variable)

    if regularizer(variable) is not None:
        _context.get_default_graph().add_to_collection(GraphKeys.REGULARIZATION_LOSSES,
                                                       _LazyEvalTensor(make_loss))


class _LazyEvalTensor:
    """A tensor-like value that recomputes `thunk()` whenever it is converted to a tensor."""

    _is_tensor_like = True

    def __init__(self, thunk):
        self._thunk = thunk
        self._master_tensor = thunk()

    def _as_tensor(self, dtype=None, name=None, as_ref=False):
        return self._thunk()

    def _as_graph_element(self):
        return self._master_tensor

    def __getattr__(self, attribute):
        if attribute in ("device", "dtype", "graph", "name", "op", "shape", "value_index",
                         "get_shape"):
            return getattr(self._master_tensor, attribute)
        raise AttributeError(f"'_LazyEvalTensor' object has no attribute '{attribute}'")

    def numpy(self):
        return self._thunk().numpy()

    def eval(self, feed_dict=None, session=None):
        return self._master_tensor.eval(feed_dict, session)

    def __str__(self):
        return str(self._master_tensor)

    def __repr__(self):
        return repr(self._master_tensor)


def _delegate(operator):
    def method(self, *args):
        return getattr(self._thunk(), operator)(*args)
    method.__name__ = operator
    return method


# Not __eq__/__ne__: collections compare their members by identity.
for _operator in (Tensor.OVERLOADABLE_OPERATORS - {"__eq__", "__ne__"}) | {"__bool__",
                                                                          "__iter__", "__len__"}:
    setattr(_LazyEvalTensor, _operator, _delegate(_operator))
register_tensor_conversion_function(
    _LazyEvalTensor, lambda value, dtype=None, name=None, as_ref=False:
    convert_to_tensor(value._thunk(), dtype=dtype))


# ---------------------------------------------------------------------- get_variable

_SYNC_AUTO = VariableSynchronization.AUTO
_AGGREGATION_NONE = VariableAggregation.NONE
_thread_state = _context.state


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO,
                 aggregation=VariableAggregation.NONE):
    """Get an existing variable with these parameters or create a new one."""
    stack = _thread_state.stack
    builder = stack[-1] if stack else _context.base_builder()
    if not builder.is_eager and not builder.building_function:
        state = builder.graph_state(_STATE_KEY, _GraphState)
        scope = state.scopes.current
        # Fast path for a plain lookup in a reusing scope: the outcome of the full path
        # below whenever the variable exists with exactly this shape and dtype.
        reuse = scope._reuse
        if ((reuse is True or reuse is AUTO_REUSE) and custom_getter is None
                and partitioner is None and scope._custom_getter is None
                and scope._partitioner is None and synchronization is _SYNC_AUTO
                and aggregation is _AGGREGATION_NONE
                and (initializer is None or callable(initializer))):
            entry = state.store._shared.get(scope._name + "/" + name if scope._name else name)
            if entry is not None and (
                    shape is None or (shape.__class__ is list and shape == entry[1])
                    or (shape.__class__ is tuple and shape == entry[2])) and \
                    (scope._dtype if dtype is None else dtype) is entry[3]:
                return entry[0]
    else:
        state = _graph_state()
        scope = state.scopes.current
    return scope.get_variable(
        state.store, name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable, collections=collections,
        caching_device=caching_device, partitioner=partitioner, validate_shape=validate_shape,
        use_resource=use_resource, custom_getter=custom_getter, constraint=constraint,
        synchronization=synchronization, aggregation=aggregation)


def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                       trainable=False, collections=None, caching_device=None,
                       partitioner=None, validate_shape=True, use_resource=None,
                       custom_getter=None, constraint=None,
                       synchronization=VariableSynchronization.AUTO,
                       aggregation=VariableAggregation.NONE):
    """Like get_variable, but in LOCAL_VARIABLES and never trainable."""
    if collections:
        collections += [GraphKeys.LOCAL_VARIABLES]   # TF extends the caller's list too
    else:
        collections = [GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, trainable=False, collections=collections,
                        caching_device=caching_device, partitioner=partitioner,
                        validate_shape=validate_shape, use_resource=use_resource,
                        synchronization=synchronization, aggregation=aggregation,
                        custom_getter=custom_getter, constraint=constraint)


def _get_partitioned_variable(name, shape=None, dtype=None, initializer=None,
                              regularizer=None, trainable=True, collections=None,
                              caching_device=None, partitioner=None, validate_shape=True,
                              use_resource=None, constraint=None,
                              synchronization=VariableSynchronization.AUTO,
                              aggregation=VariableAggregation.NONE):
    state = _graph_state()
    return state.scopes.current._get_partitioned_variable(
        state.store, name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable, collections=collections,
        caching_device=caching_device, partitioner=partitioner, validate_shape=validate_shape,
        use_resource=use_resource, constraint=constraint, synchronization=synchronization,
        aggregation=aggregation)


def create_partitioned_variables(shape, slicing, initializer, dtype=_dtypes.float32,
                                 trainable=True, collections=None, name=None, reuse=None):
    """A list of variables that together hold `shape`, split as `slicing` says."""
    if len(shape) != len(slicing):
        raise ValueError("The 'shape' and 'slicing' of a partitioned Variable must have the "
                         f"length: shape: {shape}, slicing: {slicing}")
    if len(shape) < 1:
        raise ValueError(f"A partitioned Variable must have rank at least 1: shape: {shape}")
    with variable_scope(name, "PartitionedVariable", reuse=reuse):
        return list(_get_partitioned_variable(
            None, shape=shape, dtype=dtype, initializer=initializer, trainable=trainable,
            partitioner=lambda **unused: slicing, collections=collections))


# ---------------------------------------------------------------------- variable_scope

def _maybe_wrap_custom_getter(custom_getter, old_getter):
    """The inner scope's getter runs first; the one it calls is the outer scope's."""
    if old_getter is None:
        return custom_getter

    def wrapped_custom_getter(getter, *args, **kwargs):
        return custom_getter(functools.partial(old_getter, getter), *args, **kwargs)
    return wrapped_custom_getter


def _get_unique_variable_scope(prefix, state=None):
    """`prefix`, or `prefix_N`, unused so far in the current variable scope."""
    scopes = (state or _graph_state()).scopes
    current = scopes.current
    index = scopes.counts.unused_suffix(current._name + "/" + prefix if current._name
                                        else prefix)
    return f"{prefix}_{index}" if index else prefix


class _pure_variable_scope:
    """Push a VariableScope (no name scope); pop it on exit, checking the nesting."""

    __slots__ = ("_name_or_scope", "_reuse", "_initializer", "_regularizer",
                 "_caching_device", "_partitioner", "_custom_getter", "_old_name_scope",
                 "_dtype", "_use_resource", "_constraint", "_scopes", "_old", "_new_name",
                 "_mark", "_pushed", "_captured_copy")

    def __init__(self, name_or_scope, reuse=None, initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None,
                 old_name_scope=None, dtype=_dtypes.float32, use_resource=None,
                 constraint=None, state=None):
        self._name_or_scope = name_or_scope
        self._reuse = reuse
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._old_name_scope = old_name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint
        self._scopes = (state or _graph_state()).scopes
        self._pushed = None
        self._captured_copy = None
        if isinstance(name_or_scope, VariableScope):
            # A captured scope keeps its own reuse (not the parent's), as in TF.
            self._new_name = name_or_scope._name
            captured = name_or_scope
            self._captured_copy = self._make_scope(
                reuse or captured._reuse, captured, captured._name_scope,
                captured._custom_getter)

    def _make_scope(self, reuse, parent, name_scope, parent_getter):
        scope = VariableScope(
            reuse, name=self._new_name, initializer=parent._initializer,
            regularizer=parent._regularizer, caching_device=parent._caching_device,
            partitioner=parent._partitioner, custom_getter=parent_getter,
            name_scope=name_scope, dtype=parent._dtype, use_resource=parent._use_resource,
            constraint=self._constraint)
        if self._initializer is not None:
            scope.set_initializer(self._initializer)
        if self._regularizer is not None:
            scope.set_regularizer(self._regularizer)
        if self._caching_device is not None:
            scope.set_caching_device(self._caching_device)
        if self._partitioner is not None:
            scope.set_partitioner(self._partitioner)
        if self._custom_getter is not None:
            scope.set_custom_getter(_maybe_wrap_custom_getter(self._custom_getter,
                                                              parent_getter))
        if self._dtype is not None:
            scope.set_dtype(self._dtype)
        if self._use_resource is not None:
            scope.set_use_resource(self._use_resource)
        return scope

    def __enter__(self):
        scopes = self._scopes
        self._old = old = scopes.current
        if self._captured_copy is not None:
            scopes.counts.open(self._new_name)
            self._mark = scopes.counts.mark()
            scope = self._captured_copy
        else:
            name = self._name_or_scope
            self._new_name = old._name + "/" + name if old._name else name
            self._reuse = self._reuse or old._reuse   # sub-scopes inherit reuse
            scope = self._make_scope(
                self._reuse, old,
                name if self._old_name_scope is None else self._old_name_scope,
                old._custom_getter)
            scopes.counts.open(self._new_name)
        scopes.current = self._pushed = scope
        return scope

    def __exit__(self, *exc):
        scopes = self._scopes
        if scopes.current is not self._pushed:
            raise RuntimeError("Improper nesting of variable_scope.")
        if self._captured_copy is not None:
            scopes.counts.restore(self._mark)
        else:
            scopes.counts.close_subscopes(self._new_name)
        scopes.current = self._old
        return False


class variable_scope:
    """A context manager for defining ops that creates variables (layers).

    Opens a name scope beside the variable scope (re-opening "foo" gives ops "foo_1/..."
    while variables keep "foo/"), enters the graph `values` belong to, and yields the
    VariableScope.
    """

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None,
                 regularizer=None, caching_device=None, partitioner=None, custom_getter=None,
                 reuse=None, dtype=None, use_resource=None, constraint=None,
                 auxiliary_name_scope=True):
        if default_name is None and name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if reuse is False:
            reuse = None   # False means "inherit": reuse cannot be switched off
        if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError("The auxiliary_name_scope must be `True` or `False`, while get "
                            f"{auxiliary_name_scope}")
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._values = [] if values is None else values
        self._scope_arguments = dict(
            initializer=initializer, regularizer=regularizer, caching_device=caching_device,
            partitioner=partitioner, custom_getter=custom_getter, dtype=dtype,
            use_resource=use_resource, constraint=constraint)
        self._reuse = reuse
        self._auxiliary_name_scope = auxiliary_name_scope
        self._in_graph_mode = not _context.executing_eagerly()
        self._graph = None
        if self._in_graph_mode:
            self._graph = graph_of_inputs(self._values) or _context.get_default_graph()
        self._pure_scope = None
        self._name_scope = None
        self._graph_context = None

    def __enter__(self):
        builder = _context.current_builder()
        graph = _context.get_default_graph() if builder.is_eager else builder
        self._graph_context = None
        if self._in_graph_mode and not graph.building_function and self._graph is not builder:
            self._graph_context = self._graph.as_default()
            self._graph_context.__enter__()
            graph = self._graph
        try:
            if self._pure_scope is not None:   # entered again: reuse what the first time made
                if self._name_scope is not None:
                    self._name_scope.__enter__()
                return self._pure_scope.__enter__()
            return self._enter_first_time(graph)
        except BaseException:
            if self._graph_context is not None:
                self._graph_context.__exit__(*sys.exc_info())
            raise

    def _enter_first_time(self, graph):
        name_or_scope = self._name_or_scope
        if self._auxiliary_name_scope:
            name_scope = None
        else:   # stay in the current name scope
            current = get_current_name_scope()
            name_scope = _name_scope(current + "/" if current else current,
                                     skip_on_eager=False)
        state = _graph_state(graph)
        if name_or_scope is not None:
            if not isinstance(name_or_scope, (VariableScope, str)):
                raise TypeError("VariableScope: name_or_scope must be a string or "
                                "VariableScope.")
            if isinstance(name_or_scope, str):
                scope_name = name_or_scope
            else:
                scope_name = name_or_scope._name.split("/")[-1]
            old_name_scope = None
            if scope_name or name_scope:
                name_scope = name_scope or _name_scope(scope_name, skip_on_eager=False)
                entered = name_scope.__enter__()
                self._name_scope = name_scope
                old_name_scope = entered if isinstance(name_or_scope, str) else \
                    name_or_scope._name_scope
        else:
            if self._reuse:
                raise ValueError("reuse=True cannot be used without a name_or_scope")
            name_scope = name_scope or _name_scope(self._default_name, skip_on_eager=False)
            old_name_scope = name_scope.__enter__()
            self._name_scope = name_scope
            name_or_scope = _get_unique_variable_scope(self._default_name, state)
        try:
            pure = _pure_variable_scope(name_or_scope, reuse=self._reuse,
                                        old_name_scope=old_name_scope, state=state,
                                        **self._scope_arguments)
            try:
                scope = pure.__enter__()
            except Exception as error:
                # TF's cleanup turns any failure here into this error; we keep the cause.
                raise RuntimeError(f"Improper nesting of variable_scope. (Entering it "
                                   f"failed: {type(error).__name__}: {error})") from error
        except BaseException:
            if self._name_scope is not None:
                self._name_scope.__exit__(None, None, None)
                self._name_scope = None
            raise
        self._pure_scope = pure
        return scope

    def __exit__(self, *exc):
        try:
            self._pure_scope.__exit__(*exc)
        finally:
            try:
                if self._name_scope is not None:
                    self._name_scope.__exit__(*exc)
            finally:
                if self._graph_context is not None:
                    self._graph_context.__exit__(*exc)
        return False


class variable_op_scope(variable_scope):
    """Deprecated: `variable_scope(name_or_scope, default_name, values)`."""

    def __init__(self, values, name_or_scope, default_name=None, initializer=None,
                 regularizer=None, caching_device=None, partitioner=None, custom_getter=None,
                 reuse=None, dtype=None, use_resource=None, constraint=None):
        super().__init__(name_or_scope, default_name=default_name, values=values,
                         initializer=initializer, regularizer=regularizer,
                         caching_device=caching_device, partitioner=partitioner,
                         custom_getter=custom_getter, reuse=reuse, dtype=dtype,
                         use_resource=use_resource, constraint=constraint)


# ---------------------------------------------------------------------- EagerVariableStore

class EagerVariableStore:
    """Keeps the variables get_variable creates eagerly, so they can be shared."""

    def __init__(self, store=None):
        if store is not None:
            if not store._store_eager_variables:
                raise ValueError("Cannot construct EagerVariableStore from a VariableStore "
                                 "object that does not hold eager variables.")
            self._store = store
        else:
            self._store = _VariableStore()
        self._store._store_eager_variables = True

    def as_default(self):
        return with_variable_store(self._store)

    def variables(self):
        return sorted(self._store._vars.values(), key=lambda v: v.name)

    def trainable_variables(self):
        return [v for v in self.variables() if v.trainable]

    def non_trainable_variables(self):
        return [v for v in self.variables() if not v.trainable]

    def copy(self):
        """A new store holding copies (same names, values and trainability) of these."""
        from tensorlite.variables.variables import Variable
        new = EagerVariableStore()
        for key, variable in self._store._vars.items():
            new._store._vars[key] = Variable(variable.read_value(),
                                             name=variable.name.split(":")[0],
                                             trainable=variable.trainable)
        return new


# At the end: templates build on everything above.
from tensorlite.variables.templates import make_template  # noqa: E402
