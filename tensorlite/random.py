"""`tf.random`: random ops with TF's seed semantics."""
from tensorlite.ops.random_ops import (  # noqa: F401
    categorical, normal, set_seed, shuffle, truncated_normal, uniform)
