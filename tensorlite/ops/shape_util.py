"""Static shape inference helpers shared by the op modules' shape rules.

Shape rules receive the op's input tensors and attributes and return the output shape(s);
they raise ValueError (the graph adds the node and input shapes to the message) when the
shapes cannot work, as TF's shape functions do at graph-construction time.
"""
import numpy as np

from tensorlite.framework.tensor_shape import TensorShape

UNKNOWN = TensorShape(None)


def dims(shape):
    """The dimensions of a TensorShape as a tuple of int-or-None, or None for unknown rank."""
    return None if shape.rank is None else tuple(shape.as_list())


def broadcast(x_shape, y_shape):
    """NumPy/TF broadcasting of two static shapes, with unknown dimensions."""
    if x_shape is y_shape:
        return x_shape
    a, b = dims(x_shape), dims(y_shape)
    if a is None or b is None:
        return UNKNOWN
    if a == b:
        return x_shape
    rank = max(len(a), len(b))
    a = (1,) * (rank - len(a)) + a
    b = (1,) * (rank - len(b)) + b
    result = []
    for da, db in zip(a, b):
        if da == 1:
            result.append(db)
        elif db == 1:
            result.append(da)
        elif da is None:
            result.append(db)
        elif db is None or da == db:
            result.append(da)
        else:
            raise ValueError(f"Dimensions must be equal, but are {da} and {db}")
    return TensorShape(tuple(result))


def broadcast_rule(inputs, attrs):
    return broadcast(inputs[0].shape, inputs[1].shape)


def same_as_first(inputs, attrs):
    return inputs[0].shape


def scalar(inputs, attrs):
    return TensorShape(())


def merge_dims(a, b, what="Dimensions"):
    if a is None:
        return b
    if b is None or a == b:
        return a
    raise ValueError(f"{what} must be equal, but are {a} and {b}")


def constant_value(tensor):
    """The value of `tensor` if it is known while building the graph, else None."""
    value = getattr(tensor, "_value", None)   # an EagerTensor
    if value is not None:
        return np.asarray(value)
    op = getattr(tensor, "op", None)
    if op is None:
        return None
    folder = _CONSTANT_FOLDERS.get(op.type)
    return folder(op) if folder is not None else None


def constant_value_as_shape(tensor):
    """The TensorShape that a 1-D shape tensor denotes, as far as it is known statically."""
    value = constant_value(tensor)
    if value is not None:
        return TensorShape(tuple(None if d < 0 else int(d) for d in np.reshape(value, -1)))
    op = tensor.op
    if op.type == "Shape":
        return op.inputs[0].shape
    if op.type == "Pack":
        parts = []
        for element in op.inputs:
            element_value = constant_value(element)
            parts.append(None if element_value is None or element_value < 0
                         else int(element_value))
        return TensorShape(tuple(parts))
    rank = tensor.shape.as_list()[0] if tensor.shape.rank == 1 else None
    return TensorShape(None) if rank is None else TensorShape((None,) * rank)


def _fold_shape(op):
    shape = op.inputs[0].shape
    if shape.is_fully_defined():
        return np.array(shape.as_list(), dtype=op.get_attr("out_type").as_numpy_dtype)
    return None


def _fold_pack(op):
    values = [constant_value(t) for t in op.inputs]
    if any(v is None for v in values):
        return None
    return np.stack(values, axis=op.get_attr("axis"))


def _fold_identity(op):
    return constant_value(op.inputs[0])


_CONSTANT_FOLDERS = {
    "Const": lambda op: op.get_attr("value"),
    "Shape": _fold_shape,
    "Pack": _fold_pack,
    "Identity": _fold_identity,
}


def register_constant_folder(op_type, folder):
    _CONSTANT_FOLDERS[op_type] = folder


def dims_text(dims):
    """TF's runtime spelling of concrete dimensions (TensorShape::DebugString): [2,3]."""
    return "[" + ",".join(str(d) for d in dims) + "]"


def check_rank_at_least(shape, rank):
    """Shape inference's check of a static rank (unknown ranks pass)."""
    if shape.rank is not None and shape.rank < rank:
        raise ValueError(f"Shape must be at least rank {rank} but is rank {shape.rank}")


def shape_text(shape):
    """TF's runtime spelling of a shape: [2,?] or ? for an unknown rank."""
    if shape.rank is None:
        return "?"
    return "[" + ",".join("?" if d is None else str(d) for d in shape.as_list()) + "]"


def merge_shapes(a, b):
    """Merge two static shapes with the message TF's shape inference gives on conflict."""
    a, b = TensorShape(a), TensorShape(b)
    if a.rank is not None and b.rank is not None:
        if a.rank != b.rank:
            raise ValueError(f"Shapes must be equal rank, but are {a.rank} and {b.rank}")
        for i, (x, y) in enumerate(zip(a.as_list(), b.as_list())):
            if x is not None and y is not None and x != y:
                raise ValueError(f"Dimension {i} in both shapes must be equal, but are {x} "
                                 f"and {y}. Shapes are {shape_text(a)} and {shape_text(b)}.")
    return a.merge_with(b)
