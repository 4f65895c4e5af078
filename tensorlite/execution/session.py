"""`tf.compat.v1.Session`: runs fetches of a graph with fed values, via cached plans.

A plan is compiled once per (fetches, feeds) signature and cached; a `run` call then only
flattens the fetch structure, converts the fed values and loops over the plan's steps.
"""
import threading

from tensorlite.framework import context as _context
from tensorlite.framework.graph import Graph, Operation
from tensorlite.framework.tensor import Tensor
from tensorlite.execution.plan import Plan, as_fetch_value
from tensorlite.execution import fetches as _fetches


class _DefaultSessions(threading.local):
    def __init__(self):
        self.stack = []


_default_sessions = _DefaultSessions()


def get_default_session():
    stack = _default_sessions.stack
    return stack[-1] if stack else None


class _DefaultSessionScope:
    def __init__(self, session):
        self._session = session

    def __enter__(self):
        _default_sessions.stack.append(self._session)
        return self._session

    def __exit__(self, *exc):
        stack = _default_sessions.stack
        if self._session in stack:
            # Remove the innermost occurrence (InteractiveSession does not nest strictly).
            del stack[len(stack) - 1 - stack[::-1].index(self._session)]
        return False


class BaseSession:
    def __init__(self, target="", graph=None, config=None):
        if graph is None:
            graph = _context.get_default_graph()
        elif not isinstance(graph, Graph):
            raise TypeError(f"Argument `graph` must be a tf.Graph, but got \"{type(graph).__name__}\"")
        self._graph = graph
        self._target = target
        self._config = config
        self._closed = False
        self._plans = {}
        self._lock = threading.Lock()
        # Per-session state of stateful ops (variable values live here, not in the graph).
        self.resources = {}
        self._context_managers = []

    @property
    def graph(self):
        return self._graph

    @property
    def sess_str(self):
        return self._target

    def as_default(self):
        """Make this the default session (for Tensor.eval, Operation.run) in the block."""
        return _DefaultSessionScope(self)

    def close(self):
        self._closed = True
        self._plans.clear()

    def list_devices(self):
        return []

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Compute `fetches` (any nest of tensors, ops and names) with `feed_dict` fed."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if not self._graph._ops:
            raise RuntimeError("The Session graph is empty. Add operations to the graph "
                               "before calling run().")
        elements, rebuild = _fetches.flatten(fetches, self._graph)
        feed_tensors, feed_values = _fetches.feeds(feed_dict, self._graph)
        key = (tuple(map(id, elements)), tuple(map(id, feed_tensors)))
        plan = self._plans.get(key)
        if plan is None:
            plan = self._compile(elements, feed_tensors)
            self._plans[key] = plan
        with _RunScope(self):
            values = plan.run(feed_values)
        results = [None] * plan.num_elements
        fed_fetch = plan.fed_fetch
        for position, value in zip(plan.element_positions, values):
            # A fetched tensor that was fed comes back exactly as fed (TF returns the array).
            results[position] = value if position in fed_fetch else as_fetch_value(value)
        return rebuild(results)

    def _compile(self, elements, feed_tensors):
        tensors = [e for e in elements if isinstance(e, Tensor)]
        ops = [e for e in elements if isinstance(e, Operation)]
        plan = Plan(self._graph, tensors, ops, feed_tensors)
        plan.element_positions = [i for i, e in enumerate(elements) if isinstance(e, Tensor)]
        plan.num_elements = len(elements)
        plan.fed_fetch = {i: feed_tensors.index(e) for i, e in enumerate(elements)
                          if isinstance(e, Tensor) and any(e is f for f in feed_tensors)}
        return plan

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        feed_list = list(feed_list or [])

        def call(*args, **kwargs):
            return self.run(fetches, dict(zip(feed_list, args)))
        return call

    def __enter__(self):
        graph_scope = self._graph.as_default()
        session_scope = self.as_default()
        graph_scope.__enter__()
        session_scope.__enter__()
        self._context_managers.append((graph_scope, session_scope))
        return self

    def __exit__(self, exc_type, exc, tb):
        graph_scope, session_scope = self._context_managers.pop()
        session_scope.__exit__(exc_type, exc, tb)
        graph_scope.__exit__(exc_type, exc, tb)
        self.close()
        return False


class _RunScope:
    """The session whose resources stateful kernels use while a plan runs."""

    _current = threading.local()

    def __init__(self, session):
        self._session = session

    def __enter__(self):
        self._previous = getattr(_RunScope._current, "session", None)
        _RunScope._current.session = self._session

    def __exit__(self, *exc):
        _RunScope._current.session = self._previous
        return False


def running_session():
    """The session whose plan is running on this thread (for stateful kernels)."""
    return getattr(_RunScope._current, "session", None)


class Session(BaseSession):
    """`tf.compat.v1.Session`."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)


class InteractiveSession(BaseSession):
    """A Session that installs itself (and its graph) as the default on construction."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        self._session_scope = self.as_default()
        self._session_scope.__enter__()
        self._installed = True

    def close(self):
        super().close()
        if getattr(self, "_installed", False):
            self._installed = False
            self._session_scope.__exit__(None, None, None)


def run_with_default_session(element, feed_dict, graph, session):
    """Tensor.eval / Operation.run: run in `session`, else in the default session."""
    is_op = isinstance(element, Operation)
    if session is None:
        session = get_default_session()
        if session is None:
            if is_op:
                raise ValueError("Cannot execute operation using `run()`: No default session "
                                 "is registered. Use `with sess.as_default():` or pass an "
                                 "explicit session to `run(session=sess)`")
            raise ValueError("Cannot evaluate tensor using `eval()`: No default session is "
                             "registered. Use `with sess.as_default()` or pass an explicit "
                             "session to `eval(session=sess)`")
        if session.graph is not graph:
            if is_op:
                raise ValueError("Cannot use the default session to execute operation: the "
                                 "operation's graph is different from the session's graph. "
                                 "Pass an explicit session to run(session=sess).")
            raise ValueError("Cannot use the default session to evaluate tensor: the tensor's "
                             "graph is different from the session's graph. Pass an explicit "
                             "session to `eval(session=sess)`.")
    elif session.graph is not graph:
        if is_op:
            raise ValueError("Cannot use the given session to execute operation: the "
                             "operation's graph is different from the session's graph.")
        raise ValueError("Cannot use the given session to evaluate tensor: the tensor's graph "
                         "is different from the session's graph.")
    return session.run(element, feed_dict)

