"""The thread-local context-switch stack: which builder (eager or a graph) receives new ops.

TF logs every installation of a graph as default and every switch into eager mode on a
thread-local stack (`context_switches`); `init_scope` walks it. Here that stack *is* the
source of truth: the builder on top receives new ops, and `executing_eagerly()` just asks
whether that builder is the eager one.
"""
import threading

# Global, as in TF: enable/disable_eager_execution switch the mode of every thread.
_eager_by_default = True
_graph_factory = None   # set by graph.py (avoids an import cycle)


class EagerContext:
    """The builder that runs each op immediately on NumPy arrays."""

    is_eager = True
    building_function = False
    # Set by the eager module: run_op(opdef, inputs, attrs, name) -> outputs.
    run_op = None

    def __repr__(self):
        return "<eager context>"


EAGER = EagerContext()


class _ThreadState(threading.local):
    def __init__(self):
        self.stack = []            # builders entered on this thread, innermost last
        self.eager_scope_name = ""  # name scope while executing eagerly ("a/b/")
        self.eager_device = ""      # device scope while executing eagerly
        # TF keeps one global default graph per thread (its _DefaultGraphStack is
        # thread-local), so a new thread starts with a fresh one.
        self.global_default_graph = None
        # Gradient tapes recording on this thread (the autodiff layer pushes and pops them).
        self.tapes = []


state = _ThreadState()


def global_default_graph():
    graph = state.global_default_graph
    if graph is None:
        graph = state.global_default_graph = _graph_factory()
    return graph


def base_builder():
    """The builder at the bottom of every thread's stack: eager, or the global graph."""
    return EAGER if _eager_by_default else global_default_graph()


def current_builder():
    stack = state.stack
    return stack[-1] if stack else base_builder()


def executing_eagerly():
    stack = state.stack
    if stack:
        return stack[-1] is EAGER
    return _eager_by_default


def get_default_graph():
    """The innermost graph installed on this thread, else the global default graph."""
    for builder in reversed(state.stack):
        if builder is not EAGER:
            return builder
    return global_default_graph()


def graph_stack_is_empty():
    return all(builder is EAGER for builder in state.stack)


def reset_global_default_graph():
    state.global_default_graph = None


class entered:
    """Push `builder` on this thread's context-switch stack for the block's duration.

    A class rather than a generator: graphs are entered on every op-building helper call.
    """

    __slots__ = ("_builder", "_stack", "_depth")

    def __init__(self, builder):
        self._builder = builder

    def __enter__(self):
        stack = self._stack = state.stack
        stack.append(self._builder)
        self._depth = len(stack)
        return self._builder

    def __exit__(self, *exc):
        stack = self._stack
        # Pop what we pushed, and complain (as TF does) if nesting was violated.
        if len(stack) != self._depth or stack[-1] is not self._builder:
            raise AssertionError(
                "Nesting violated for default stack of graph/eager contexts: "
                f"expected {self._builder!r} on top")
        stack.pop()
        return False


def eager_mode():
    """Run the block eagerly (TF's `context.eager_mode()`)."""
    return entered(EAGER)


def graph_mode():
    """Build into the default graph in the block (TF's `context.graph_mode()`)."""
    return entered(get_default_graph())


def set_eager_by_default(enabled):
    global _eager_by_default
    _eager_by_default = bool(enabled)


def eager_by_default():
    return _eager_by_default


def innermost_non_function_builder():
    """The innermost builder that is not building a function, as `init_scope` enters."""
    for builder in reversed(state.stack):
        if not builder.building_function:
            return builder
    return base_builder()


def executing_eagerly_outside_functions():
    """Whether the innermost context that is not building a function executes eagerly."""
    return executing_eagerly() or innermost_non_function_builder() is EAGER
