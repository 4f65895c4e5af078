"""`tf.io`: file access (tf.io.gfile) and `write_graph`."""
import os as _os

from tensorlite import io_gfile as gfile  # noqa: F401


def write_graph(graph_or_graph_def, logdir, name, as_text=True):
    """Write a Graph's or GraphDef's GraphDef to `logdir/name`, in protobuf's text format
    or (`as_text=False`) binary; returns the path. Creates `logdir`; writes atomically."""
    from tensorlite.graph_def import text_format
    from tensorlite.train.checkpoint_utils import atomic_write_string_to_file
    graph_def = graph_or_graph_def
    if hasattr(graph_or_graph_def, "as_graph_def"):
        graph_def = graph_or_graph_def.as_graph_def()
    data = graph_def.SerializeToString()
    logdir = _os.fspath(logdir)
    if not logdir.startswith("gs:"):     # (as TF: GCS has no directories)
        gfile.makedirs(logdir)
    path = _os.path.join(logdir, name)
    local_path = path[len("file://"):] if path.startswith("file://") else path
    atomic_write_string_to_file(local_path, text_format(data) if as_text else data)
    return path
