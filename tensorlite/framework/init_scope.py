"""`tf.init_scope`: lift ops out of function-building graphs, control flow and tapes.

Exactly the three effects TF documents: (1) control dependencies are cleared, which also
leaves control-flow scopes; (2) ops go to the innermost context on the thread's
context-switch stack that is not building a function (eager, or an outer graph), keeping
the current name scope; when graph mode is on and no graph is installed, the global
default graph; (3) gradient tapes are paused.
"""
import contextlib

from tensorlite.framework import context as _context
from tensorlite.framework.scopes import control_dependencies, name_scope


@contextlib.contextmanager
def init_scope():
    """Enter the innermost builder that is not building a function (TF's tf.init_scope)."""
    from tensorlite.autodiff.tape import stop_recording
    if _context.executing_eagerly():
        outer_scope = _context.state.eager_scope_name
    else:
        inner_name_stack = _context.get_default_graph().get_name_scope()
        outer_scope = inner_name_stack + "/" if inner_name_stack else ""
    outer = _context.innermost_non_function_builder()
    if outer.building_function:
        raise RuntimeError("All graphs are building functions, and no eager context was "
                           "previously active.")
    with _context.entered(outer), name_scope(outer_scope, skip_on_eager=False), \
            control_dependencies(None), stop_recording():
        yield
