"""`tf.compat.v1.sparse`: tf.sparse with TF1's spellings (add's threshold, concat's axis
argument order, reduce_*'s keep_dims, placeholder, matmul)."""
from tensorlite.sparse import *  # noqa: F401,F403
from tensorlite.sparse import V1_SPARSE_NAMES as _V1_SPARSE_NAMES

globals().update(_V1_SPARSE_NAMES)


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
