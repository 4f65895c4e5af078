"""`tf.linalg`: linear-algebra basics."""
from tensorlite.ops.linalg_ops import *  # noqa: F401,F403
