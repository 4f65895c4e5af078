"""`tf.linalg`: linear-algebra basics."""
from tensorlite.ops.linalg_ops import *  # noqa: F401,F403
from tensorlite.ops.reductions import global_norm  # noqa: F401
from tensorlite.ops.linalg_more import *  # noqa: F401,F403,E402
