"""`tf.debugging`: assertions and numeric checks."""
from tensorlite.ops.debug_ops import *  # noqa: F401,F403
