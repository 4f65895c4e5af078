"""`tf.compat.v1.saved_model.tag_constants`."""
from tensorlite.saved_model.constants import GPU, SERVING, TPU, TRAINING  # noqa: F401
