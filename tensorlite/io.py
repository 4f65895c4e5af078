"""`tf.io`: file access (tf.io.gfile)."""
from tensorlite import io_gfile as gfile  # noqa: F401
