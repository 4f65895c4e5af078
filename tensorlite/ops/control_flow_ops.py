"""Grouping ops: tf.group and tf.tuple (control flow proper comes with tf.cond/while_loop)."""
import builtins

from tensorlite.framework import context as _context
from tensorlite.framework.scopes import control_dependencies, name_scope
from tensorlite.framework.tensor import Tensor
from tensorlite.ops import array_ops


def group(*inputs, name=None):
    """An op that runs all `inputs` (None when executing eagerly)."""
    if _context.executing_eagerly():
        return None
    dependencies = []
    for value in inputs:
        values = value if isinstance(value, (list, builtins.tuple)) else [value]
        for item in values:
            if item is None:
                continue
            if isinstance(item, Tensor):
                item = item.op
            elif hasattr(item, "_as_control_op"):
                item = item._as_control_op()
            elif not hasattr(item, "type"):
                raise TypeError(f"'{item!r}' is not a tf.Operation or tf.Tensor")
            dependencies.append(item)
    with name_scope(name, "group_deps", dependencies) as scope:
        with control_dependencies(dependencies):
            return array_ops.no_op(name=scope)


def with_dependencies(dependencies, output_tensor, name=None):
    """`output_tensor`, available only after `dependencies` have run."""
    with name_scope(name, "control_dependency", list(dependencies) + [output_tensor]) as scope:
        with control_dependencies(dependencies):
            return array_ops.identity(output_tensor, name=scope)


def tuple(tensors, name=None, control_inputs=None):
    """The same tensors, each available only once all of them are computed."""
    if _context.executing_eagerly():
        return tensors
    with name_scope(name, "tuple", tensors):
        gating = [t.op if isinstance(t, Tensor) else t for t in tensors if t is not None]
        gating += list(control_inputs or [])
        gating = sorted({id(op): op for op in gating}.values(), key=lambda op: op._id)
        if not gating:
            raise ValueError(f"'tensors' must have at least one Tensor. Received: {tensors}.")
        gate = group(*gating)
        result = []
        for t in tensors:
            if isinstance(t, Tensor):
                result.append(with_dependencies([gate], t))
            elif t is None:
                result.append(None)
            else:
                with control_dependencies([gate]):
                    result.append(group(t))
        return result
