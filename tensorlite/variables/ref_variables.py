"""TF1 reference variables (`use_resource=False`, or after disable_v2_behavior).

A `VariableV2` op whose output is the variable itself (dtype float32_ref); `v/read` (an
Identity) reads it, `Assign`/`AssignAdd`/`ScatterUpdate` write it. Values live in the
running Session, like resource variables'. Only in graphs: eagerly TF ignores
use_resource=False and so does tensorlite.
"""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor, register_tensor_conversion_function
from tensorlite.framework.dispatch import apply
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import shape_util
from tensorlite.variables import resource_ops
from tensorlite.variables.variables import ResourceVariable


class RefHandle(resource_ops.SessionHandle):
    """The runtime value of a VariableV2 output: its Session storage, read on use."""

    __slots__ = ()
    deref_on_read = True

    def get(self):
        value = self._resources().get(("variable", self.name))
        if value is None:
            raise errors.FailedPreconditionError(
                None, None, f"Attempting to use uninitialized value {self.name}")
        return value


def _frozen(value):
    array = np.array(value)
    array.flags.writeable = False
    return array


def _variable_kernel(shape, dtype, shared_name, container=""):
    return RefHandle(shared_name)


def _assign_kernel(ref, value, validate_shape=True, use_locking=True, _shape=None):
    if validate_shape and _shape is not None and not _shape.is_compatible_with(np.shape(value)):
        raise errors.InvalidArgumentError(
            None, None, f"Assign requires shapes of both tensors to match. lhs shape= "
            f"{shape_util.shape_text(_shape)} rhs shape= {list(np.shape(value))}")
    stored = _frozen(value)
    ref.set(stored)
    return stored


def _update_kernel(combine):
    def kernel(ref, value, use_locking=False):
        stored = _frozen(combine(ref.get(), value))
        ref.set(stored)
        return stored
    return kernel


def _scatter_kernel(combine):
    def kernel(ref, indices, updates, use_locking=True):
        value = np.array(ref.get())
        combine(value, indices, updates)
        stored = _frozen(value)
        ref.set(stored)
        return stored
    return kernel


def _assign_shape(inputs, attrs):
    if attrs.get("validate_shape", True):
        return shape_util.merge_shapes(inputs[0].shape, inputs[1].shape)
    return inputs[1].shape


VARIABLE_V2 = register(OpDef(
    "VariableV2", _variable_kernel, lambda inputs, attrs: attrs["shape"],
    inputs=(), outputs=lambda attrs, types: [attrs["dtype"]._as_ref], num_outputs=1,
    stateful=True, default_attrs={"container": ""}))
ASSIGN = register(OpDef("Assign", _assign_kernel, _assign_shape, inputs=("ref: T", "value: T"),
                        outputs=("T",), type_attrs={"T": None}, stateful=True,
                        default_attrs={"validate_shape": True, "use_locking": True}))
ASSIGN_ADD = register(OpDef("AssignAdd", _update_kernel(np.add), shape_util.same_as_first,
                            inputs=("ref: T", "value: T"), outputs=("T",),
                            type_attrs={"T": None}, stateful=True))
ASSIGN_SUB = register(OpDef("AssignSub", _update_kernel(np.subtract), shape_util.same_as_first,
                            inputs=("ref: T", "value: T"), outputs=("T",),
                            type_attrs={"T": None}, stateful=True))
IS_INITIALIZED = register(OpDef(
    "IsVariableInitialized", lambda ref: np.bool_(ref.is_set()), shape_util.scalar,
    inputs=("ref: dtype",), outputs=("bool",), type_attrs={"dtype": None}, stateful=True))


def _merge_kernel(ref, initial):
    # The value TF1's initialized_value() cond yields: the variable if set, else initial.
    return [ref.get() if ref.is_set() else initial, np.int32(0 if ref.is_set() else 1)]


MERGE = register(OpDef(
    "Merge", _merge_kernel, lambda inputs, attrs: [inputs[1].shape, TensorShape(())],
    inputs=("inputs: N*T",), outputs=lambda attrs, types: [types["T"], _dtypes.int32],
    type_attrs={"T": None}, stateful=True))

_SCATTERS = {"ScatterUpdate": resource_ops._scatter_update,
             "ScatterAdd": lambda v, i, u: np.add.at(v, i, u),
             "ScatterSub": lambda v, i, u: np.subtract.at(v, i, u),
             "ScatterMul": lambda v, i, u: np.multiply.at(v, i, u),
             "ScatterDiv": lambda v, i, u: np.divide.at(v, i, u),
             "ScatterMax": lambda v, i, u: np.maximum.at(v, i, u),
             "ScatterMin": lambda v, i, u: np.minimum.at(v, i, u)}
SCATTERS = {name: register(OpDef(
    name, _scatter_kernel(combine), shape_util.same_as_first,
    inputs=("ref: T", "indices: Tindices", "updates: T"), outputs=("T",),
    type_attrs={"T": None, "Tindices": (_dtypes.int32, _dtypes.int64)}, stateful=True))
    for name, combine in _SCATTERS.items()}
for _type in ("VariableV2", "Assign", "AssignAdd", "AssignSub", "IsVariableInitialized",
              "Merge", *_SCATTERS):
    not_differentiable(_type)


class RefVariable(ResourceVariable):
    """A TF1 reference variable (graph mode only)."""

    _INITIAL_VALUE_SCOPE = None   # TF1 names it "v/initial_value", not ".../Initializer/..."

    def _init_graph(self, scope, initial_value, collections):
        attrs = {"shape": self._shape, "dtype": self._dtype, "shared_name": self._handle_name}
        self._variable = apply(VARIABLE_V2, (), attrs, name=scope)
        self._handle = self._variable
        self._graph = self._variable.graph
        self._initializer_op = apply(
            ASSIGN, (self._variable, initial_value),
            {"validate_shape": self._shape.rank is not None, "use_locking": True,
             "_shape": self._shape}, name="Assign").op
        from tensorlite.ops.array_ops import identity
        self._snapshot = identity(self._variable, name="read")
        self._graph_element = self._snapshot
        self._add_to_collections(collections)

    @property
    def dtype(self):
        return self._dtype._as_ref

    @property
    def op(self):
        return self._variable.op

    @property
    def initial_value(self):
        return self._initial_value

    def _raw_read(self):
        return self._snapshot

    def value(self):
        return self._snapshot

    def read_value(self):
        from tensorlite.ops.array_ops import identity
        return identity(self._variable, name="read")

    def initialized_value(self):
        from tensorlite.framework.init_scope import init_scope
        with init_scope(), name_scope(None, "cond", skip_on_eager=False):
            return apply(MERGE, (self._variable, self._initial_value), name="Merge")[0]

    def is_initialized(self, name=None):
        return apply(IS_INITIALIZED, (self._variable,), name=name or "IsVariableInitialized")

    def assign(self, value, use_locking=None, name=None, read_value=True):
        result = apply(ASSIGN, (self._variable, convert_to_tensor(value, dtype=self._dtype)),
                       {"validate_shape": True, "use_locking": True, "_shape": self._shape},
                       name=name or "Assign")
        return result if read_value else result.op

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        result = apply(ASSIGN_ADD, (self._variable, convert_to_tensor(delta, dtype=self._dtype)),
                       name=name or "AssignAdd")
        return result if read_value else result.op

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        result = apply(ASSIGN_SUB, (self._variable, convert_to_tensor(delta, dtype=self._dtype)),
                       name=name or "AssignSub")
        return result if read_value else result.op

    def _scatter(self, op_type, sparse_delta, name):
        ref_type = op_type.replace("Resource", "")
        indices = getattr(sparse_delta, "indices", None)
        if indices is None:
            raise TypeError(f"Argument `sparse_delta` must be a `tf.IndexedSlices`. Received "
                            f"arg: {sparse_delta}")
        return apply(SCATTERS[ref_type], (self._variable, indices,
                                          convert_to_tensor(sparse_delta.values,
                                                            dtype=self._dtype)),
                     name=name or ref_type)

    def __repr__(self):
        return f"<tf.Variable '{self.name}' shape={self._shape} dtype={self.dtype.name}>"


def _ref_to_tensor(variable, dtype=None, name=None, as_ref=False):
    if as_ref:
        return variable._variable
    if dtype is not None and dtype is not variable._dtype:
        raise ValueError(f"Incompatible type conversion requested to type '{dtype.name}' for "
                         f"variable of type '{variable.dtype.name}'")
    return variable._snapshot


register_tensor_conversion_function(RefVariable, _ref_to_tensor, priority=50)
__all__ = ["RefVariable", "GraphKeys"]
