"""Resource-variable ops: a handle op, reads, assignments, scatters, initialization checks.

A handle's runtime value says where the variable's value lives: in the handle itself
(eager variables) or in the running Session's resources (graph variables), so two sessions
of one graph never share values.
"""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.registry import (OpDef, not_differentiable, register,  # noqa: F401
                                          register_identity_gradient)
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import shape_util


class EagerHandle:
    """An eager variable's storage."""

    __slots__ = ("name", "value", "dtype", "shape")

    def __init__(self, name, dtype, shape):
        self.name, self.dtype, self.shape = name, dtype, shape
        self.value = None

    def get(self):
        if self.value is None:
            raise errors.FailedPreconditionError(
                None, None, f"Could not find variable {self.name}. This could mean that the "
                "variable has been deleted. In TF1, it can also mean the variable is "
                "uninitialized.")
        return self.value

    def set(self, value):
        self.value = value

    def is_set(self):
        return self.value is not None


def _running_session():
    global _running_session    # (the session module imports the ops: bound on first use)
    from tensorlite.execution.session import running_session as _running_session
    return _running_session()


class SessionHandle:
    """A graph variable's handle: its value lives in the running Session's resources."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def _resources(self):
        session = _running_session()
        if session is None:
            raise errors.FailedPreconditionError(
                None, None, f"Variable {self.name} can only be used in a Session.")
        return session.resources

    def get(self):
        value = self._resources().get(("variable", self.name))
        if value is None:
            raise errors.FailedPreconditionError(
                None, None, f"Could not find variable {self.name}. This could mean that the "
                "variable has been deleted. In TF1, it can also mean the variable is "
                "uninitialized. Debug info: container=localhost, status error "
                f"message=Resource localhost/{self.name} does not exist.")
        return value

    def set(self, value):
        self._resources()[("variable", self.name)] = value

    def is_set(self):
        return ("variable", self.name) in self._resources()


def _frozen(value, dtype):
    # Stored values are never modified in place; freezing them makes Session.run copy
    # what it hands out, so user code cannot change a variable behind its back.
    array = np.array(value, dtype=dtype.as_numpy_dtype)
    array.flags.writeable = False
    return array


def _var_handle_kernel(dtype, shape, shared_name, container=""):
    return SessionHandle(shared_name)


def _read_kernel(resource, dtype, _shape=None):
    return resource.get()


def _check_shape(resource, value, shape):
    if shape is not None and shape.rank is not None and \
            not shape.is_compatible_with(np.shape(value)):
        raise errors.InvalidArgumentError(
            None, None, f"Trying to assign to variable with tensor with wrong shape. Expected "
            f"{shape_util.shape_text(shape)} got {list(np.shape(value))}")


def _assign_kernel(resource, value, dtype, validate_shape=True, _shape=None):
    if validate_shape:
        _check_shape(resource, value, _shape)
    resource.set(_frozen(value, dtype))


def _fresh(value, dtype):
    """Freeze a newly computed value without copying it (nothing else holds it)."""
    if type(value) is np.ndarray and value.ndim:
        value.flags.writeable = False
        return value
    return _frozen(value, dtype)


def _assign_add_kernel(resource, value, dtype):
    resource.set(_fresh(np.add(resource.get(), value, dtype=dtype.as_numpy_dtype), dtype))


def _assign_sub_kernel(resource, value, dtype):
    resource.set(_fresh(np.subtract(resource.get(), value, dtype=dtype.as_numpy_dtype), dtype))


def _is_initialized_kernel(resource):
    return np.bool_(resource.is_set())


def _gather_kernel(resource, indices, dtype, batch_dims=0, validate_indices=True, _shape=None):
    params = resource.get()
    if np.any((indices < 0) | (indices >= params.shape[0])):
        raise errors.InvalidArgumentError(None, None, f"indices = {indices} is not in "
                                          f"[0, {params.shape[0]})")
    return np.take(params, indices, axis=0)


def _scatter_kernel(combine):
    def kernel(resource, indices, updates, dtype):
        value = np.array(resource.get())
        combine(value, indices, updates)
        resource.set(_frozen(value, dtype))
    return kernel


def _scatter_update(value, indices, updates):
    value[indices] = updates


VAR_HANDLE = register(OpDef(
    "VarHandleOp", _var_handle_kernel, shape_util.scalar, inputs=(), outputs=("resource",),
    stateful=True, default_attrs={"container": "", "allowed_devices": []}))
not_differentiable("VarHandleOp")

READ_VARIABLE = register(OpDef(
    "ReadVariableOp", _read_kernel, lambda inputs, attrs: attrs.get("_shape") or
    TensorShape(None), inputs=("resource: resource",), outputs=("dtype",), stateful=True))
register_identity_gradient("ReadVariableOp")    # a read's gradient is the variable's

ASSIGN_VARIABLE = register(OpDef(
    "AssignVariableOp", _assign_kernel, None, inputs=("resource: resource", "value: dtype"),
    outputs=(), stateful=True, default_attrs={"validate_shape": False}))
ASSIGN_ADD_VARIABLE = register(OpDef(
    "AssignAddVariableOp", _assign_add_kernel, None,
    inputs=("resource: resource", "value: dtype"), outputs=(), stateful=True))
ASSIGN_SUB_VARIABLE = register(OpDef(
    "AssignSubVariableOp", _assign_sub_kernel, None,
    inputs=("resource: resource", "value: dtype"), outputs=(), stateful=True))
VAR_IS_INITIALIZED = register(OpDef(
    "VarIsInitializedOp", _is_initialized_kernel, shape_util.scalar,
    inputs=("resource: resource",), outputs=("bool",), stateful=True))
for _type in ("AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp",
              "VarIsInitializedOp"):
    not_differentiable(_type)


def _gather_shape(inputs, attrs):
    params = attrs.get("_shape") or TensorShape(None)
    indices = inputs[1].shape
    if params.rank is None or indices.rank is None:
        return shape_util.UNKNOWN
    return indices.concatenate(params[1:])


def _gather_grad(op, dy):
    from tensorlite.framework.convert import convert_to_tensor
    from tensorlite.framework.indexed_slices import IndexedSlices
    dense_shape = convert_to_tensor(np.array(op.get_attr("_shape").as_list(), np.int64))
    return [IndexedSlices(dy, op.inputs[1], dense_shape), None]


RESOURCE_GATHER = register(OpDef(
    "ResourceGather", _gather_kernel, _gather_shape, _gather_grad,
    inputs=("resource: resource", "indices: Tindices"), outputs=("dtype",),
    type_attrs={"Tindices": (_dtypes.int32, _dtypes.int64)}, stateful=True,
    default_attrs={"batch_dims": 0, "validate_indices": True}))

_SCATTERS = {
    "ResourceScatterUpdate": _scatter_update,
    "ResourceScatterAdd": lambda value, i, u: np.add.at(value, i, u),
    "ResourceScatterSub": lambda value, i, u: np.subtract.at(value, i, u),
    "ResourceScatterMul": lambda value, i, u: np.multiply.at(value, i, u),
    "ResourceScatterDiv": lambda value, i, u: np.divide.at(value, i, u),
    "ResourceScatterMax": lambda value, i, u: np.maximum.at(value, i, u),
    "ResourceScatterMin": lambda value, i, u: np.minimum.at(value, i, u),
}
SCATTER_OPS = {}
for _type, _combine in _SCATTERS.items():
    SCATTER_OPS[_type] = register(OpDef(
        _type, _scatter_kernel(_combine), None,
        inputs=("resource: resource", "indices: Tindices", "updates: dtype"), outputs=(),
        type_attrs={"Tindices": (_dtypes.int32, _dtypes.int64)}, stateful=True))
    not_differentiable(_type)
