"""`tf.compat.v1.saved_model.utils`: TensorInfo of a graph tensor and back."""
from tensorlite.framework import context as _context
from tensorlite.saved_model.proto import TensorInfo, TensorShapeProto


def build_tensor_info(tensor):
    """The TensorInfo (name, dtype, shape) of a dense graph tensor. Differs from TF:
    SparseTensors and composite tensors are not supported."""
    if _context.executing_eagerly():
        raise RuntimeError("`build_tensor_info` is not supported in eager execution.")
    if not hasattr(tensor, "graph") or not hasattr(tensor, "dtype"):
        raise NotImplementedError(f"tensorlite builds TensorInfos of dense graph tensors "
                                  f"only, not of {type(tensor).__name__} {tensor!r}")
    return TensorInfo(tensor.name, tensor.dtype.as_datatype_enum,
                      TensorShapeProto.from_shape(tensor.shape))


def get_tensor_from_tensor_info(tensor_info, graph=None, import_scope=None):
    """The tensor a TensorInfo names in `graph` (default: the default graph), under
    `import_scope` as `loader.load` imported it."""
    graph = graph or _context.get_default_graph()
    prefix = f"{import_scope}/" if import_scope else ""
    return graph.get_tensor_by_name(prefix + tensor_info.name)
