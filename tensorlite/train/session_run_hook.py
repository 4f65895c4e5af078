"""`tf.compat.v1.train.SessionRunHook` and the records a MonitoredSession hands its hooks."""
import collections

__all__ = ["SessionRunHook", "SessionRunArgs", "SessionRunContext", "SessionRunValues"]


class SessionRunHook:
    """Extends `MonitoredSession.run()`; every method is optional (the defaults do nothing)."""

    def begin(self):
        """Called once before the session is created; the graph may still be changed."""

    def after_create_session(self, session, coord):
        """Called once the session exists and is initialized (or restored)."""

    def before_run(self, run_context):
        """Called before each run; may return a `SessionRunArgs` to add fetches and feeds."""
        return None

    def after_run(self, run_context, run_values):
        """Called after each run with the values this hook's `SessionRunArgs` asked for."""

    def end(self, session):
        """Called once when the MonitoredSession closes without an error."""


class SessionRunArgs(collections.namedtuple("SessionRunArgs",
                                            ["fetches", "feed_dict", "options"])):
    """What a hook adds to a `run()` call: fetches, feeds and run options."""

    def __new__(cls, fetches, feed_dict=None, options=None):
        return super().__new__(cls, fetches, feed_dict, options)


class SessionRunContext:
    """The run a hook sees: the caller's arguments, the raw session, and a stop request."""

    def __init__(self, original_args, session):
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    @property
    def original_args(self):
        return self._original_args

    @property
    def session(self):
        return self._session

    @property
    def stop_requested(self):
        return self._stop_requested

    def request_stop(self):
        """Make `should_stop()` true once this run completes."""
        self._stop_requested = True


class SessionRunValues(collections.namedtuple("SessionRunValues",
                                              ["results", "options", "run_metadata"])):
    """The values a hook's `SessionRunArgs` fetched, with the run's options and metadata."""
