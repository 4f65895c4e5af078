"""A graph as a serialized GraphDef: what FileWriter shows TensorBoard and what `.meta`
files (train/meta_graph.py) carry. Encoded with event_file.py's protobuf writers.
"""
import numpy as np

from tensorlite import event_file
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.tensor_shape import TensorShape

GRAPH_DEF_PRODUCER = 1087      # VersionDef.producer, as TF 2.21 writes it


def graph_def_bytes(graph, strict=False, clear_devices=False):
    """Every node of `graph` with its inputs, device and attributes. An attribute with no
    encoding (a function body) is left out, or with `strict` raises ValueError; tensorlite's
    own "_" attributes are left out when they have none."""
    nodes = []
    for op in graph.get_operations():
        node = op.node_def
        out = event_file.field_bytes(1, node.name) + event_file.field_bytes(2, node.op)
        out += b"".join(event_file.field_bytes(3, name) for name in node.input)
        if node.device and not clear_devices:
            out += event_file.field_bytes(4, node.device)
        for key in sorted(node.attr):
            encoded = attr_value(node.attr[key])
            if encoded is None:
                if strict and not key.startswith("_"):
                    raise ValueError(
                        f"Cannot export the graph: attribute '{key}' of op '{node.name}' "
                        f"({node.op}) holds {type(node.attr[key]).__name__}, which tensorlite "
                        "does not write to a GraphDef yet (function bodies of tf.cond, "
                        "tf.while_loop and tf.function calls)")
                continue
            out += event_file.field_bytes(5, event_file.field_bytes(1, key) +
                                          event_file.field_bytes(2, encoded))
        nodes.append(event_file.field_bytes(1, out))
    versions = event_file.field_bytes(4, event_file.field_varint(1, GRAPH_DEF_PRODUCER))
    return b"".join(nodes) + versions


def attr_value(value):
    """A serialized AttrValue for a Python attribute value, or None if it has no encoding."""
    if isinstance(value, _dtypes.DType):
        return event_file.field_varint(6, value.as_datatype_enum)
    if isinstance(value, TensorShape):
        return event_file.field_bytes(7, event_file.tensor_shape_proto(
            None if value.rank is None else value.as_list()))
    if isinstance(value, (bool, np.bool_)):
        return event_file.field_varint(5, bool(value))
    if isinstance(value, (int, np.integer)):
        return event_file.field_varint(3, int(value))
    if isinstance(value, (float, np.floating)):
        return event_file.field_float(4, float(value))
    if isinstance(value, (str, bytes)):
        return event_file.field_bytes(2, value)
    if isinstance(value, (np.ndarray, np.generic)):
        return event_file.field_bytes(8, event_file.tensor_proto(value))
    if isinstance(value, (list, tuple)):
        items = [attr_value(item) for item in value]
        if any(item is None for item in items):
            return None
        return event_file.field_bytes(1, b"".join(items))   # ListValue reuses the numbers
    return None
