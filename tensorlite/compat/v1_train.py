"""`tf.compat.v1.train`: optimizers, global step, learning-rate decay, savers, checkpoints,
MonitoredTrainingSession and its hooks."""
from tensorlite.train.learning_rate_decay import *  # noqa: F401,F403
from tensorlite.train.optimizers import *  # noqa: F401,F403
from tensorlite.train.training_util import *  # noqa: F401,F403
from tensorlite.train.checkpoint_utils import *  # noqa: F401,F403
from tensorlite.train.object_checkpoint import *  # noqa: F401,F403
from tensorlite.train.saver import *  # noqa: F401,F403
from tensorlite.train.moving_averages import ExponentialMovingAverage  # noqa: F401,E402
from tensorlite.train.meta_graph import export_meta_graph, import_meta_graph  # noqa: F401,E402
from tensorlite.io import write_graph  # noqa: F401,E402
# MonitoredTrainingSession and its hooks load on first use (TF1 programs that never touch
# them import faster): name -> module.
_LAZY_NAMES = {name: "tensorlite.train." + module for module, names in {
    "session_run_hook": ("SessionRunHook", "SessionRunArgs", "SessionRunContext",
                         "SessionRunValues"),
    "coordinator": ("Coordinator",),
    "basic_session_run_hooks": ("SecondOrStepTimer", "LoggingTensorHook", "StopAtStepHook",
                                "CheckpointSaverListener", "CheckpointSaverHook",
                                "StepCounterHook", "NanLossDuringTrainingError",
                                "NanTensorHook", "SummarySaverHook", "GlobalStepWaiterHook",
                                "FinalOpsHook", "FeedFnHook"),
    "monitored_session": ("Scaffold", "SessionCreator", "ChiefSessionCreator",
                          "WorkerSessionCreator", "MonitoredSession",
                          "SingularMonitoredSession", "MonitoredTrainingSession"),
}.items() for name in names}


def __getattr__(name):
    module_name = _LAZY_NAMES.get(name)
    if module_name is not None:
        import importlib
        value = getattr(importlib.import_module(module_name), name)
        globals()[name] = value
        return value
    # ProfilerHook, SessionManager, queue runners...: tensorlite's "not provided" error.
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)


def __dir__():
    return sorted(set(globals()) | set(_LAZY_NAMES))
