"""`tf.compat.v1.train.MonitoredTrainingSession`, `MonitoredSession` and their `Scaffold`.

A MonitoredSession is a stack of wrappers around one `Session`, as in TF:
recoverable (re-creates the session after AbortedError/UnavailableError) >
coordinated (a Coordinator's stop request and its exception) > hooked (merges the hooks'
fetches and feeds into each run) > the raw Session created (and initialized or restored from
the latest checkpoint) by a SessionCreator.
"""
import inspect
import logging

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import errors
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.train import basic_session_run_hooks as hooks_lib
from tensorlite.train.coordinator import Coordinator
from tensorlite.train.session_run_hook import SessionRunArgs, SessionRunContext, SessionRunValues

__all__ = ["Scaffold", "SessionCreator", "ChiefSessionCreator", "WorkerSessionCreator",
           "MonitoredSession", "SingularMonitoredSession", "MonitoredTrainingSession"]

_log = logging.getLogger("tensorflow")

# Errors after which TF closes the session and creates a new one (a preempted worker).
_PREEMPTION_ERRORS = (errors.AbortedError, errors.UnavailableError)

USE_DEFAULT = object()


def _graph():
    return _context.get_default_graph()


def _group(*ops):
    from tensorlite.ops import control_flow_ops
    return control_flow_ops.group(*ops)


def _get_saver_or_default():
    """The graph's one Saver (SAVERS collection), else a new sharded Saver added to it."""
    from tensorlite.train.saver import Saver
    savers = _graph().get_collection(GraphKeys.SAVERS)
    if savers:
        if len(savers) > 1:
            raise RuntimeError("More than one item in collection {}. Please indicate which one "
                               "to use by passing it to the constructor.".format(GraphKeys.SAVERS))
        return savers[0]
    saver = Saver(sharded=True, allow_empty=True)
    _graph().add_to_collection(GraphKeys.SAVERS, saver)
    return saver


class Scaffold:
    """What a MonitoredSession needs to initialize, restore and save a model.

    `finalize()` fills in what was not given (from the graph's INIT_OP, READY_OP, ...
    collections, else TF's defaults) and finalizes the graph.
    """

    def __init__(self, init_op=None, init_feed_dict=None, init_fn=None, ready_op=None,
                 ready_for_local_init_op=None, local_init_op=None, summary_op=None,
                 saver=None, copy_from_scaffold=None, local_init_feed_dict=None):
        if copy_from_scaffold is not None:
            if not isinstance(copy_from_scaffold, Scaffold):
                raise TypeError("copy_from_scaffold is not a Scaffold instance.")

            def coalesce(a, b):
                return a if a is not None else b
            other = copy_from_scaffold
            init_op = coalesce(init_op, other.init_op)
            init_feed_dict = coalesce(init_feed_dict, other.init_feed_dict)
            init_fn = coalesce(init_fn, other._user_init_fn)
            ready_op = coalesce(ready_op, other.ready_op)
            ready_for_local_init_op = coalesce(ready_for_local_init_op,
                                               other.ready_for_local_init_op)
            local_init_op = coalesce(local_init_op, other.local_init_op)
            local_init_feed_dict = coalesce(local_init_feed_dict, other.local_init_feed_dict)
            summary_op = coalesce(summary_op, other.summary_op)
            saver = coalesce(saver, other.saver)
        self._user_init_fn = init_fn
        # TF calls the user's init_fn with the scaffold first.
        self._init_fn = (lambda sess: init_fn(self, sess)) if init_fn else None
        self._init_op = init_op
        self._init_feed_dict = init_feed_dict
        self._ready_op = ready_op
        self._ready_for_local_init_op = ready_for_local_init_op
        self._local_init_op = local_init_op
        self._local_init_feed_dict = local_init_feed_dict
        self._summary_op = summary_op
        self._saver = saver

    def finalize(self):
        """Create the missing ops and the Saver, then finalize the default graph."""
        from tensorlite import summary_v1
        from tensorlite.variables import variables

        def default_init_op():
            return _group(variables.global_variables_initializer(),
                          *_graph().get_collection("saved_model_initializers"))

        def default_ready_for_local_init_op():
            return variables.report_uninitialized_variables(variables.global_variables())

        if self._init_op is None:
            self._init_op = Scaffold.get_or_default("init_op", GraphKeys.INIT_OP,
                                                    default_init_op)
        if self._ready_op is None:
            self._ready_op = Scaffold.get_or_default("ready_op", GraphKeys.READY_OP,
                                                     variables.report_uninitialized_variables)
        if self._ready_for_local_init_op is None:
            self._ready_for_local_init_op = Scaffold.get_or_default(
                "ready_for_local_init_op", GraphKeys.READY_FOR_LOCAL_INIT_OP,
                default_ready_for_local_init_op)
        if self._local_init_op is None:
            self._local_init_op = Scaffold.get_or_default(
                "local_init_op", GraphKeys.LOCAL_INIT_OP, Scaffold.default_local_init_op)
        if self._summary_op is None:
            self._summary_op = Scaffold.get_or_default("summary_op", GraphKeys.SUMMARY_OP,
                                                       summary_v1.merge_all)
        if self._saver is None:
            self._saver = _get_saver_or_default()
        self._saver.build()
        _graph().finalize()
        _log.info("Graph was finalized.")
        return self

    @property
    def init_fn(self):
        return self._init_fn

    @property
    def init_op(self):
        return self._init_op

    @property
    def ready_op(self):
        return self._ready_op

    @property
    def ready_for_local_init_op(self):
        return self._ready_for_local_init_op

    @property
    def local_init_op(self):
        return self._local_init_op

    @property
    def local_init_feed_dict(self):
        return self._local_init_feed_dict

    @property
    def summary_op(self):
        return self._summary_op

    @property
    def saver(self):
        return self._saver

    @property
    def init_feed_dict(self):
        return self._init_feed_dict

    @staticmethod
    def get_or_default(arg_name, collection_key, default_constructor):
        """The one item of `collection_key`, else `default_constructor()` (added to it)."""
        elements = _graph().get_collection(collection_key)
        if elements:
            if len(elements) > 1:
                # TF passes the format arguments to RuntimeError unformatted; so do we.
                raise RuntimeError(
                    'More than one item in the collection "%s". Please indicate which one to '
                    "use by passing it to the tf.Scaffold constructor as:  "
                    "tf.Scaffold(%s=item to use)", collection_key, arg_name)
            return elements[0]
        op = default_constructor()
        if op is not None:
            _graph().add_to_collection(collection_key, op)
        return op

    @staticmethod
    def default_local_init_op():
        """Initializes the local variables and the lookup tables."""
        from tensorlite.compat.v1_aliases import tables_initializer
        from tensorlite.variables import variables
        return _group(variables.local_variables_initializer(), tables_initializer())


def _ready(op, sess, msg):
    """(True, None) when `op` reports no uninitialized variable, else (False, why)."""
    if op is None:
        return True, None
    try:
        ready_value = sess.run(op)
    except errors.FailedPreconditionError as e:
        if "uninitialized" not in str(e):
            _log.warning("%s : error [%s]", msg, str(e))
            raise
        return False, str(e)
    ready_value = np.asarray(ready_value) if ready_value is not None else None
    if ready_value is None or ready_value.dtype == np.int32 or ready_value.size == 0:
        return True, None
    names = ", ".join(n.decode("utf-8") if isinstance(n, bytes) else str(n)
                      for n in ready_value)
    return False, "Variables not initialized: " + names


def _name_of(obj):
    if obj is None:
        return "None"
    return getattr(obj, "name", "<no name for %s>" % type(obj))


class _SessionManager:
    """TF's SessionManager.prepare_session: restore the latest checkpoint, else initialize."""

    def __init__(self, scaffold, graph):
        self._scaffold = scaffold
        self._graph = graph
        if scaffold.ready_for_local_init_op is not None and scaffold.local_init_op is None:
            raise ValueError("If you pass a ready_for_local_init_op you must also pass a "
                             "local_init_op , ready_for_local_init_op [%s]"
                             % scaffold.ready_for_local_init_op)

    def _restore_checkpoint(self, master, config, checkpoint_dir, checkpoint_filename_with_path):
        from tensorlite.execution.session import Session
        from tensorlite.train import checkpoint_utils
        saver = self._scaffold.saver
        sess = Session(master, graph=self._graph, config=config)
        if checkpoint_dir and checkpoint_filename_with_path:
            raise ValueError("Can not provide both checkpoint_dir and "
                             "checkpoint_filename_with_path.")
        if not saver or not (checkpoint_dir or checkpoint_filename_with_path):
            return sess, False
        if checkpoint_filename_with_path:
            self._restore(sess, saver, checkpoint_filename_with_path)
            return sess, True
        ckpt = checkpoint_utils.get_checkpoint_state(checkpoint_dir)
        if not ckpt or not ckpt.model_checkpoint_path:
            return sess, False
        self._restore(sess, saver, ckpt.model_checkpoint_path)
        saver.recover_last_checkpoints(ckpt.all_model_checkpoint_paths)
        return sess, True

    def _restore(self, sess, saver, path):
        saved_model_init_ops = self._graph.get_collection("saved_model_initializers")
        if saved_model_init_ops:
            sess.run(saved_model_init_ops)
        saver.restore(sess, path)

    def _try_run_local_init_op(self, sess):
        scaffold = self._scaffold
        if scaffold.local_init_op is None:
            return True, None
        is_ready, msg = _ready(scaffold.ready_for_local_init_op, sess,
                               "Model not ready for local init")
        if not is_ready:
            return False, msg
        _log.info("Running local_init_op.")
        sess.run(scaffold.local_init_op, feed_dict=scaffold.local_init_feed_dict)
        _log.info("Done running local_init_op.")
        return True, None

    def prepare_session(self, master, checkpoint_dir, checkpoint_filename_with_path, config):
        scaffold = self._scaffold
        sess, is_loaded = self._restore_checkpoint(master, config, checkpoint_dir,
                                                   checkpoint_filename_with_path)
        if not is_loaded:
            if scaffold.init_op is None and not scaffold.init_fn and \
                    scaffold.local_init_op is None:
                raise RuntimeError("Model is not initialized and no init_op or init_fn or "
                                   "local_init_op was given")
            if scaffold.init_op is not None:
                sess.run(scaffold.init_op, feed_dict=scaffold.init_feed_dict)
            if scaffold.init_fn:
                scaffold.init_fn(sess)
        success, msg = self._try_run_local_init_op(sess)
        if not success:
            raise RuntimeError("Init operations did not make model ready for local_init.  "
                               "Init op: %s, init fn: %s, error: %s"
                               % (_name_of(scaffold.init_op), scaffold.init_fn, msg))
        is_ready, msg = _ready(scaffold.ready_op, sess, "Model not ready")
        if not is_ready:
            raise RuntimeError("Init operations did not make model ready.  Init op: %s, init "
                               "fn: %s, local_init_op: %s, error: %s"
                               % (_name_of(scaffold.init_op), scaffold.init_fn,
                                  scaffold.local_init_op, msg))
        return sess


class SessionCreator:
    """Makes the `Session` a MonitoredSession wraps."""

    def create_session(self):
        raise NotImplementedError("create_session is not implemented for {}.".format(self))


class ChiefSessionCreator(SessionCreator):
    """Finalizes the scaffold, then restores the latest checkpoint or runs the init ops."""

    def __init__(self, scaffold=None, master="", config=None, checkpoint_dir=None,
                 checkpoint_filename_with_path=None):
        self._checkpoint_dir = checkpoint_dir
        self._checkpoint_filename_with_path = checkpoint_filename_with_path
        self._scaffold = scaffold or Scaffold()
        self._session_manager = None
        self._master = master
        self._config = config

    def create_session(self):
        self._scaffold.finalize()
        if self._session_manager is None:
            self._session_manager = _SessionManager(self._scaffold, _graph())
        return self._session_manager.prepare_session(
            self._master, self._checkpoint_dir, self._checkpoint_filename_with_path,
            self._config)


class WorkerSessionCreator(SessionCreator):
    """A non-chief worker's session creator: waits for a chief that tensorlite cannot have."""

    def __init__(self, scaffold=None, master="", config=None, max_wait_secs=30 * 60):
        self._scaffold = scaffold or Scaffold()
        self._master = master
        self._config = config
        self._max_wait_secs = max_wait_secs

    def create_session(self):
        # In TF a worker polls (every 30 s, up to max_wait_secs) for a chief in another
        # process to initialize the shared variables; tensorlite sessions share nothing.
        raise NotImplementedError(
            "tensorlite has no distributed runtime: a non-chief worker "
            "(WorkerSessionCreator, MonitoredTrainingSession(is_chief=False)) would wait for "
            "a chief process to initialize the model. Use is_chief=True (the default).")


class _WrappedSession:
    """Forwards to a session; `should_stop()` is true once this or a wrapped layer stops."""

    def __init__(self, sess):
        self._sess = sess
        self._wrapped_is_stoppable = isinstance(sess, _WrappedSession)

    @property
    def graph(self):
        return self._sess.graph

    @property
    def sess_str(self):
        return self._sess.sess_str

    def should_stop(self):
        if self._check_stop():
            return True
        if self._sess:
            return self._wrapped_is_stoppable and self._sess.should_stop()
        return True

    def _check_stop(self):
        return False

    def close(self):
        if self._sess:
            try:
                self._sess.close()
            except _PREEMPTION_ERRORS as e:
                _log.error("An error occurred when attempting to close the session. This may "
                           "be due to a preemption in a connected worker or parameter server. "
                           "Error: %s", e)
            finally:
                self._sess = None

    def run(self, *args, **kwargs):
        return self._sess.run(*args, **kwargs)

    def run_step_fn(self, step_fn, raw_session, run_with_hooks):
        run_with_hooks = run_with_hooks or self.run
        return step_fn(_MonitoredSession.StepContext(raw_session, run_with_hooks))


class _RecoverableSession(_WrappedSession):
    """Creates a new session when a run fails with a preemption error, and runs again."""

    def __init__(self, sess_creator):
        self._sess_creator = sess_creator
        _WrappedSession.__init__(self, self._create_session())

    def _create_session(self):
        while True:
            try:
                return self._sess_creator.create_session()
            except _PREEMPTION_ERRORS as e:
                _log.info("An error was raised while a session was being created. A new "
                          "session will be created. Error: %s", e)

    def _check_stop(self):
        try:
            return self._sess._check_stop() if self._sess else True
        except _PREEMPTION_ERRORS as e:
            _log.info("An error was raised while considering whether the session is "
                      "complete. A new session will be created. Error: %s", e)
            self.close()
            self._sess = self._create_session()
            return False
        except Exception:  # noqa: BLE001  (TF: any other error means "stop")
            return True

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        while True:
            try:
                if not self._sess:
                    self._sess = self._create_session()
                return self._sess.run(fetches, feed_dict=feed_dict, options=options,
                                      run_metadata=run_metadata)
            except _PREEMPTION_ERRORS as e:
                _log.info("An error was raised. The current session will be closed and a new "
                          "session will be created. Error: %s", e)
                self.close()
                self._sess = None

    def run_step_fn(self, step_fn, raw_session, run_with_hooks):
        while True:
            try:
                if not self._sess:
                    self._sess = self._create_session()
                return self._sess.run_step_fn(step_fn, raw_session, self._sess.run)
            except _PREEMPTION_ERRORS as e:
                _log.info("An error was raised. The current session will be closed and a new "
                          "session will be created. Error: %s", e)
                self.close()
                self._sess = None


class _CoordinatedSession(_WrappedSession):
    """Stops when the Coordinator does, and raises the exception reported to it."""

    def __init__(self, sess, coord, stop_grace_period_secs=120):
        _WrappedSession.__init__(self, sess)
        self._coord = coord
        self._stop_grace_period_secs = stop_grace_period_secs

    def _check_stop(self):
        self._coord.raise_requested_exception()
        return self._coord.should_stop()

    def close(self):
        self._coord.request_stop()
        try:
            self._coord.join(stop_grace_period_secs=self._stop_grace_period_secs,
                             ignore_live_threads=True)
        finally:
            try:
                _WrappedSession.close(self)
            except Exception:  # noqa: BLE001  (TF ignores errors closing a stopped session)
                pass

    def run(self, *args, **kwargs):
        try:
            return self._sess.run(*args, **kwargs)
        except _PREEMPTION_ERRORS:
            raise
        except Exception as original_exception:
            # A thread's reported exception explains the failure better than its symptom.
            try:
                self._coord.raise_requested_exception()
            except _PREEMPTION_ERRORS:
                raise
            except Exception:  # noqa: BLE001
                raise original_exception from None
            raise


def _intersecting_feeds(feeds1, feeds2):
    # Keys are tensors (compared by identity) or names.
    keys = {id(k) for k in feeds1}
    return [k for k in feeds2 if id(k) in keys]


class _HookedSession(_WrappedSession):
    """Calls the hooks around each run and merges their fetches and feeds into it."""

    def __init__(self, sess, hooks):
        _WrappedSession.__init__(self, sess)
        self._hooks = hooks
        self._should_stop = False

    def _check_stop(self):
        return self._should_stop

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        from tensorlite.summary_v1 import RunMetadata, RunOptions
        if self.should_stop():
            raise RuntimeError("Run called even after should_stop requested.")
        run_context = SessionRunContext(original_args=SessionRunArgs(fetches, feed_dict),
                                        session=self._sess)
        options = options or RunOptions()
        hook_fetches, feed_dict = self._call_hook_before_run(run_context, feed_dict, options)
        run_metadata = run_metadata or RunMetadata()
        # One fetch structure: the caller's fetches first, then each hook's that asked.
        outputs = _WrappedSession.run(self, fetches=[fetches] + [f for _, f in hook_fetches],
                                      feed_dict=feed_dict, options=options,
                                      run_metadata=run_metadata)
        results = {id(hook): value for (hook, _), value in zip(hook_fetches, outputs[1:])}
        for hook in self._hooks:
            hook.after_run(run_context, SessionRunValues(results=results.get(id(hook)),
                                                         options=options,
                                                         run_metadata=run_metadata))
        self._should_stop = self._should_stop or run_context.stop_requested
        return outputs[0]

    def _call_hook_before_run(self, run_context, user_feed_dict, options):
        hook_fetches = []
        hook_feeds = {}
        for hook in self._hooks:
            request = hook.before_run(run_context)
            if request is None:
                continue
            if request.fetches is not None:
                hook_fetches.append((hook, request.fetches))
            if request.feed_dict:
                _raise_if_feeds_intersect(hook_feeds, request.feed_dict,
                                          "Same tensor is fed by two hooks.")
                hook_feeds.update(request.feed_dict)
            if request.options:
                _merge_run_options(options, request.options)
        if not hook_feeds:
            return hook_fetches, user_feed_dict
        if not user_feed_dict:
            return hook_fetches, hook_feeds
        _raise_if_feeds_intersect(user_feed_dict, hook_feeds,
                                  "Same tensor is fed by a SessionRunHook and user.")
        hook_feeds.update(user_feed_dict)
        return hook_fetches, hook_feeds


def _raise_if_feeds_intersect(feeds1, feeds2, message):
    intersection = _intersecting_feeds(feeds1, feeds2)
    if intersection:
        raise RuntimeError(message + " Conflict(s): " + str(intersection))


def _merge_run_options(options, incoming):
    """Combine a hook's RunOptions into the run's, as TF does (the larger setting wins)."""
    options.trace_level = max(options.trace_level, incoming.trace_level)
    options.timeout_in_ms = max(options.timeout_in_ms, incoming.timeout_in_ms)
    options.inter_op_thread_pool = max(options.inter_op_thread_pool,
                                       incoming.inter_op_thread_pool)
    options.output_partition_graphs = max(options.output_partition_graphs,
                                          incoming.output_partition_graphs)
    options.report_tensor_allocations_upon_oom = (
        options.report_tensor_allocations_upon_oom or
        incoming.report_tensor_allocations_upon_oom)


class _CoordinatedSessionCreator(SessionCreator):
    """Creates the raw session, tells the hooks, and wraps it in hooked+coordinated layers."""

    def __init__(self, session_creator, hooks, stop_grace_period_secs):
        self._session_creator = session_creator
        self._hooks = hooks
        self.coord = None
        self.tf_sess = None
        self._stop_grace_period_secs = stop_grace_period_secs

    def create_session(self):
        self.tf_sess = self._session_creator.create_session()
        # TF's MonitoredSession coordinator treats even OutOfRangeError as an error.
        self.coord = Coordinator(clean_stop_exception_types=[])
        if _graph().get_collection(GraphKeys.QUEUE_RUNNERS):
            raise NotImplementedError("tensorlite has no queue runners; use tf.data instead "
                                      "of the QUEUE_RUNNERS collection")
        for hook in self._hooks:
            hook.after_create_session(self.tf_sess, self.coord)
        return _CoordinatedSession(_HookedSession(self.tf_sess, self._hooks), self.coord,
                                   self._stop_grace_period_secs)


class _MonitoredSession:
    """What MonitoredSession and SingularMonitoredSession share."""

    def __init__(self, session_creator, hooks, should_recover, stop_grace_period_secs=120):
        self._graph_was_finalized = _graph().finalized
        self._hooks = hooks or []
        for hook in self._hooks:
            hook.begin()
        self._coordinated_creator = _CoordinatedSessionCreator(
            session_creator=session_creator or ChiefSessionCreator(), hooks=self._hooks,
            stop_grace_period_secs=stop_grace_period_secs)
        if should_recover:
            self._sess = _RecoverableSession(self._coordinated_creator)
        else:
            self._sess = self._coordinated_creator.create_session()

    @property
    def graph(self):
        if self._tf_sess() is None:
            return None
        return self._tf_sess().graph

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Run `fetches` with the hooks' fetches and feeds added; returns the caller's."""
        return self._sess.run(fetches, feed_dict=feed_dict, options=options,
                              run_metadata=run_metadata)

    def run_step_fn(self, step_fn):
        """Call `step_fn(step_context)`, whose `run_with_hooks` runs like `run()`."""
        arguments = tuple(inspect.signature(step_fn).parameters)
        if inspect.ismethod(step_fn):
            arguments = ("self",) + arguments
        if arguments not in (("step_context",), ("self", "step_context")):
            raise ValueError("`step_fn` may either have one `step_context` argument, or "
                             "`self` and `step_context` arguments if it's an instance method. "
                             "Got {} instead.".format(arguments))
        return self._sess.run_step_fn(step_fn, self._tf_sess(), run_with_hooks=None)

    class StepContext:
        """What `run_step_fn` passes: the raw session and a `run_with_hooks` function."""

        def __init__(self, session, run_with_hooks_fn):
            self._session = session
            self._run_with_hooks_fn = run_with_hooks_fn

        @property
        def session(self):
            return self._session

        def run_with_hooks(self, *args, **kwargs):
            return self._run_with_hooks_fn(*args, **kwargs)

        def request_stop(self):
            raise StopIteration("step_fn has requested the iterations to stop.")

    def should_stop(self):
        return self._sess is None or self._sess.should_stop()

    def close(self):
        self._close_internal()

    def __enter__(self):
        return self

    def __exit__(self, exception_type, exception_value, traceback):
        # The end of the input (OutOfRangeError) or a StopIteration ends training quietly.
        if exception_type in (errors.OutOfRangeError, StopIteration):
            exception_type = None
        self._close_internal(exception_type)
        return exception_type is None

    def _close_internal(self, exception_type=None):
        try:
            if not exception_type:
                for hook in self._hooks:
                    hook.end(self._coordinated_creator.tf_sess)
        finally:
            try:
                if self._sess is None:
                    raise RuntimeError("Session is already closed.")
                self._sess.close()
            finally:
                self._sess = None
                self._coordinated_creator.tf_sess = None
                self._coordinated_creator.coord = None
                # Leave the graph as it was found: TF un-finalizes what the Scaffold finalized.
                if not self._graph_was_finalized:
                    _graph()._unsafe_unfinalize()

    def _is_closed(self):
        return self._coordinated_creator.tf_sess is None

    def _tf_sess(self):
        return self._coordinated_creator.tf_sess


class MonitoredSession(_MonitoredSession):
    """A session that initializes or restores the model, calls hooks, and recovers from
    preemption errors."""

    def __init__(self, session_creator=None, hooks=None, stop_grace_period_secs=120):
        super().__init__(session_creator, hooks, should_recover=True,
                         stop_grace_period_secs=stop_grace_period_secs)


class SingularMonitoredSession(_MonitoredSession):
    """A MonitoredSession that does not recover, with access to the raw session."""

    def __init__(self, hooks=None, scaffold=None, master="", config=None, checkpoint_dir=None,
                 stop_grace_period_secs=120, checkpoint_filename_with_path=None):
        session_creator = ChiefSessionCreator(
            scaffold=scaffold, master=master, config=config, checkpoint_dir=checkpoint_dir,
            checkpoint_filename_with_path=checkpoint_filename_with_path)
        super().__init__(session_creator, hooks, should_recover=False,
                         stop_grace_period_secs=stop_grace_period_secs)

    def raw_session(self):
        """The `Session` underneath, with no hooks."""
        return self._tf_sess()


def MonitoredTrainingSession(master="", is_chief=True, checkpoint_dir=None,  # noqa: N802
                             scaffold=None, hooks=None, chief_only_hooks=None,
                             save_checkpoint_secs=USE_DEFAULT, save_summaries_steps=USE_DEFAULT,
                             save_summaries_secs=USE_DEFAULT, config=None,
                             stop_grace_period_secs=120, log_step_count_steps=100,
                             max_wait_secs=7200, save_checkpoint_steps=USE_DEFAULT,
                             summary_dir=None, save_graph_def=True):
    """A MonitoredSession for training: restores from `checkpoint_dir` and, with one, saves
    checkpoints (every 600 s by default), summaries (every 100 steps) and steps/sec."""
    if save_summaries_steps is USE_DEFAULT and save_summaries_secs is USE_DEFAULT:
        save_summaries_steps, save_summaries_secs = 100, None
    elif save_summaries_secs is USE_DEFAULT:
        save_summaries_secs = None
    elif save_summaries_steps is USE_DEFAULT:
        save_summaries_steps = None
    if save_checkpoint_steps is USE_DEFAULT and save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_steps, save_checkpoint_secs = None, 600
    elif save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_secs = None
    elif save_checkpoint_steps is USE_DEFAULT:
        save_checkpoint_steps = None
    scaffold = scaffold or Scaffold()
    if not is_chief:
        return MonitoredSession(
            session_creator=WorkerSessionCreator(scaffold=scaffold, master=master,
                                                 config=config, max_wait_secs=max_wait_secs),
            hooks=hooks or [], stop_grace_period_secs=stop_grace_period_secs)
    all_hooks = list(chief_only_hooks or [])
    session_creator = ChiefSessionCreator(scaffold=scaffold, checkpoint_dir=checkpoint_dir,
                                          master=master, config=config)
    summary_dir = summary_dir or checkpoint_dir
    if summary_dir:
        if log_step_count_steps and log_step_count_steps > 0:
            all_hooks.append(hooks_lib.StepCounterHook(output_dir=summary_dir,
                                                       every_n_steps=log_step_count_steps))
        if (save_summaries_steps and save_summaries_steps > 0) or \
                (save_summaries_secs and save_summaries_secs > 0):
            all_hooks.append(hooks_lib.SummarySaverHook(
                scaffold=scaffold, save_steps=save_summaries_steps,
                save_secs=save_summaries_secs, output_dir=summary_dir))
    if checkpoint_dir and ((save_checkpoint_secs and save_checkpoint_secs > 0) or
                           (save_checkpoint_steps and save_checkpoint_steps > 0)):
        all_hooks.append(hooks_lib.CheckpointSaverHook(
            checkpoint_dir, save_steps=save_checkpoint_steps, save_secs=save_checkpoint_secs,
            scaffold=scaffold, save_graph_def=save_graph_def))
    if hooks:
        all_hooks.extend(hooks)
    return MonitoredSession(session_creator=session_creator, hooks=all_hooks,
                            stop_grace_period_secs=stop_grace_period_secs)
