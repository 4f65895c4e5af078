"""`tf.compat.v1.nn`: TF2's tf.nn plus the TF1 spellings (keep_prob dropout, ...)."""
from tensorlite.nn import *  # noqa: F401,F403
