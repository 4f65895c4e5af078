"""`tf.random`: random ops with TF's seed semantics."""
from tensorlite.ops.random_ops import *  # noqa: F401,F403
