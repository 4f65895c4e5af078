"""`tf.train`: TF2's training namespace (checkpoints); TF1's lives in compat/v1_train.py."""
from tensorlite.train.checkpoint_utils import (get_checkpoint_state, latest_checkpoint,  # noqa
                                               list_variables, load_checkpoint, load_variable)
from tensorlite.train.object_checkpoint import Checkpoint, CheckpointManager  # noqa: F401
from tensorlite.train.moving_averages import ExponentialMovingAverage  # noqa: F401,E402
