"""`tf.nn`: neural-network ops."""
from tensorlite.ops.nn_ops import *  # noqa: F401,F403
from tensorlite.ops.conv_ops import *  # noqa: F401,F403
from tensorlite.ops.gather_scatter import top_k  # noqa: F401,E402
from tensorlite.ops.nn_extra_ops import *  # noqa: F401,F403,E402
