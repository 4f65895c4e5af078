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


def tuple(tensors, name=None, control_inputs=None):
    """The same tensors, each available only once all of them are computed."""
    if _context.executing_eagerly():
        return list(tensors)
    with name_scope(name, "tuple", tensors) as scope:
        gate = group([t for t in tensors if t is not None] + list(control_inputs or []))
        result = []
        for t in tensors:
            if t is None:
                result.append(None)
                continue
            with control_dependencies([gate]):
                result.append(array_ops.identity(t))
        del scope
        return result
