"""Switching TF1/TF2 behaviour: eager execution, tensor equality, the v2 switches."""
from tensorlite.framework import context as _context
from tensorlite.framework.tensor import Tensor


def executing_eagerly():
    return _context.executing_eagerly()


def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    """Make eager execution the default again (TF refuses once graphs were used)."""
    _context.set_eager_by_default(True)


def disable_eager_execution():
    """Build graphs by default, as TF1 does (global, for every thread)."""
    _context.set_eager_by_default(False)


def enable_tensor_equality():
    Tensor._USE_EQUALITY = True


def disable_tensor_equality():
    Tensor._USE_EQUALITY = False


_v2_behavior = [True]


def enable_v2_behavior():
    from tensorlite.variables import variables
    _v2_behavior[0] = True
    enable_eager_execution()
    enable_tensor_equality()
    variables.enable_resource_variables()


def disable_v2_behavior():
    """TF1 behaviour: graphs by default and identity equality of tensors."""
    from tensorlite.variables import variables
    _v2_behavior[0] = False
    disable_eager_execution()
    disable_tensor_equality()
    variables.disable_resource_variables()   # tf.compat.v1.Variable makes VariableV2 again


def v2_behavior_enabled():
    return _v2_behavior[0]


def reset_default_graph():
    """Start the global default graph afresh (not allowed inside a graph's as_default)."""
    if not _context.graph_stack_is_empty():
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If "
                             "you need a cleared graph, exit the nesting and create a new "
                             "graph.")
    _context.reset_global_default_graph()


def get_default_graph():
    return _context.get_default_graph()
