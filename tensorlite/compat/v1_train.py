"""`tf.compat.v1.train`: optimizers, global step, learning-rate decay, savers, checkpoints."""
from tensorlite.train.learning_rate_decay import *  # noqa: F401,F403
from tensorlite.train.optimizers import *  # noqa: F401,F403
from tensorlite.train.training_util import *  # noqa: F401,F403
from tensorlite.train.checkpoint_utils import *  # noqa: F401,F403
from tensorlite.train.object_checkpoint import *  # noqa: F401,F403
from tensorlite.train.saver import *  # noqa: F401,F403
from tensorlite.train.moving_averages import ExponentialMovingAverage  # noqa: F401,E402
from tensorlite.train.meta_graph import export_meta_graph, import_meta_graph  # noqa: F401,E402
