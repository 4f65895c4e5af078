"""The global step: `tf.compat.v1.train.get_or_create_global_step` and friends.

The global step is an int64 scalar variable `global_step` in the GLOBAL_STEP collection of
its graph (eagerly, of the global default graph, so it is found again as in TF).
"""
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.graph_keys import GraphKeys

__all__ = ["global_step", "get_global_step", "create_global_step", "get_or_create_global_step",
           "assert_global_step"]


def global_step(sess, global_step_tensor):
    """The global step's value as a Python int."""
    if _context.executing_eagerly():
        return int(global_step_tensor.numpy())
    return int(sess.run(global_step_tensor))


def _graph(graph):
    return graph or _context.get_default_graph()


def get_global_step(graph=None):
    """The global step variable of `graph` (by collection, else by name), or None."""
    graph = _graph(graph)
    found = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(found) > 1:
        import logging
        logging.getLogger("tensorflow").error("Multiple tensors in global_step collection.")
        return None
    if found:
        step = found[0]
    else:
        try:
            step = graph.get_tensor_by_name("global_step:0")
        except (KeyError, ValueError):
            return None
    assert_global_step(step)
    return step


def create_global_step(graph=None):
    """Create the global step variable; ValueError if `graph` already has one."""
    from tensorlite.variables import variable_scope as vs
    from tensorlite.variables.initializers import Zeros as zeros_initializer
    from tensorlite.variables.variables import VariableAggregation
    graph = _graph(graph)
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    collections = [GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP]

    def make():
        return vs.get_variable(GraphKeys.GLOBAL_STEP, shape=[], dtype=_dtypes.int64,
                               initializer=zeros_initializer(), trainable=False,
                               aggregation=VariableAggregation.ONLY_FIRST_REPLICA,
                               collections=collections)

    if _context.executing_eagerly():
        step = make()
        # Eager variables join no collection; TF still finds its eager global step again.
        if not any(s is step for s in graph.get_collection(GraphKeys.GLOBAL_STEP)):
            graph.add_to_collection(GraphKeys.GLOBAL_STEP, step)
        return step
    with graph.as_default(), graph.name_scope(None):
        return make()


def get_or_create_global_step(graph=None):
    """The global step variable, created if `graph` has none."""
    graph = _graph(graph)
    step = get_global_step(graph)
    if step is None:
        step = create_global_step(graph)
    return step


def assert_global_step(global_step_tensor):
    """TypeError unless `global_step_tensor` is a scalar integer Variable or Tensor."""
    from tensorlite.framework.tensor import Tensor
    from tensorlite.variables.variables import Variable
    if not isinstance(global_step_tensor, (Variable, Tensor)):
        raise TypeError('Existing "global_step" must be a Variable or Tensor: %s.' %
                        global_step_tensor)
    if not global_step_tensor.dtype.base_dtype.is_integer:
        raise TypeError('Existing "global_step" does not have integer type: %s' %
                        global_step_tensor.dtype)
    shape = global_step_tensor.get_shape()
    if shape.ndims != 0 and shape.is_fully_defined():
        raise TypeError('Existing "global_step" is not scalar: %s' % shape)
