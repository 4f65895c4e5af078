"""A graph as a serialized GraphDef: what FileWriter shows TensorBoard, what `.meta` files
(train/meta_graph.py) carry and what `Graph.as_graph_def()` returns. Encoded with
event_file.py's protobuf writers; printed in protobuf's text format by hand (no protobuf).
"""
import struct

import numpy as np

import tensorlite.event_file as event_file
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.tensor_shape import TensorShape

GRAPH_DEF_PRODUCER = 1087      # VersionDef.producer, as TF 2.21 writes it


def graph_def_bytes(graph, strict=False, clear_devices=False, extra_nodes=()):
    """Every node of `graph` with its inputs, device and attributes, and the FunctionDefs
    of the bodies its If/While/Case/PartitionedCall nodes call (function_def.py). An
    attribute with no encoding is left out, or with `strict` raises ValueError; tensorlite's
    own "_" attributes are left out when they have none. `extra_nodes` (NodeDefs) follow
    the graph's own: the save/restore ops a SavedModel carries for TF, which tensorlite's
    graph does not hold."""
    from tensorlite.function_def import export_nodes
    nodes, library = export_nodes(graph.get_operations())
    return _graph_def_bytes(nodes + list(extra_nodes), strict, clear_devices, library=library)


def _graph_def_bytes(node_defs, strict=False, clear_devices=False,
                     versions=None, library=b""):
    if isinstance(library, FunctionDefLibrary):
        library = library.SerializeToString()
    nodes = [event_file.field_bytes(1, _node_bytes(node, strict, clear_devices))
             for node in node_defs]
    versions = versions or VersionDef(GRAPH_DEF_PRODUCER)
    # Fields in number order, as protobuf writes them: node (1), library (2), versions (4).
    return (b"".join(nodes) + (event_file.field_bytes(2, library) if library else b"") +
            event_file.field_bytes(4, versions.serialize()))


def _node_bytes(node, strict, clear_devices):
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
                    "does not write to a GraphDef (an op TF does not have, or a function "
                    "body outside an If/Case/While/PartitionedCall)")
            continue
        out += event_file.field_bytes(5, event_file.field_bytes(1, key) +
                                      event_file.field_bytes(2, encoded))
    return out


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
    if isinstance(value, RawAttr):
        return value.data
    from tensorlite.function_def import FuncAttr
    if isinstance(value, FuncAttr):
        return event_file.field_bytes(10, value.name_attr_list())
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, FuncAttr)
                                                          for v in value):
        # ListValue.func is field 9, not AttrValue.func's 10.
        return event_file.field_bytes(1, b"".join(event_file.field_bytes(9, v.name_attr_list())
                                                  for v in value))
    if isinstance(value, (list, tuple)):
        items = [attr_value(item) for item in value]
        if any(item is None for item in items):
            return None
        return event_file.field_bytes(1, b"".join(items))   # ListValue reuses the numbers
    return None


# ---------------------------------------------------------------------- GraphDef objects

class RawAttr:
    """An attribute read from a GraphDef that tensorlite keeps only as its serialized
    AttrValue (a function or a placeholder): written back unchanged."""

    def __init__(self, data):
        self.data = bytes(data)

    def __eq__(self, other):
        return isinstance(other, RawAttr) and other.data == self.data

    def __repr__(self):
        return f"RawAttr({self.data!r})"


class DecodeError(ValueError):
    """A byte string that is not a serialized GraphDef (protobuf's DecodeError)."""


class VersionDef:
    """GraphDef.versions."""

    def __init__(self, producer=0, min_consumer=0, bad_consumers=()):
        self.producer = producer
        self.min_consumer = min_consumer
        self.bad_consumers = list(bad_consumers)

    def serialize(self):
        out = event_file.field_varint(1, self.producer) if self.producer else b""
        out += event_file.field_varint(2, self.min_consumer) if self.min_consumer else b""
        return out + b"".join(event_file.field_varint(3, b) for b in self.bad_consumers)

    def __eq__(self, other):
        return isinstance(other, VersionDef) and vars(self) == vars(other)


class NodeDef:
    """TF's NodeDef. Differs from TF: `attr` maps names to Python values (a DType,
    TensorShape, NumPy array, int, float, bool, str or list), not to AttrValue protos."""

    def __init__(self, name="", op="", input=(), device="", attr=None):
        self.name = name
        self.op = op
        self.input = list(input)
        self.device = device
        self.attr = dict(attr or {})

    def copy(self):
        return NodeDef(self.name, self.op, self.input, self.device, self.attr)

    def SerializeToString(self, deterministic=False):
        return _node_bytes(self, strict=True, clear_devices=False)

    def __eq__(self, other):
        return isinstance(other, NodeDef) and _same_fields(self, other)

    def __str__(self):
        return _text(self.SerializeToString(), "NodeDef")

    def __repr__(self):
        return f"<NodeDef {self.name!r} op={self.op!r}>"


class GraphDef:
    """TF's GraphDef proto: `node` (a list of NodeDef) and `versions`, serialized and
    parsed without protobuf. Differs from TF: `library` keeps its FunctionDefs serialized
    (written back unchanged); `library.function` shows their names and nodes."""

    def __init__(self, node=(), versions=None):
        self.node = [n.copy() for n in node]
        self.versions = versions or VersionDef()
        self.library = FunctionDefLibrary()

    def SerializeToString(self, deterministic=False):
        """The GraphDef's bytes; ValueError if an attribute has no encoding yet."""
        return _graph_def_bytes(self.node, strict=True, versions=self.versions,
                                library=self.library)

    def ParseFromString(self, data):
        self.node, self.versions, self.library = [], VersionDef(), FunctionDefLibrary()
        return self.MergeFromString(data)

    def MergeFromString(self, data):
        data = bytes(data)
        try:
            for number, wire, value in _fields(data):
                if number == 1 and wire == 2:
                    self.node.append(_parse_node(value))
                elif number == 2 and wire == 2:
                    self.library = FunctionDefLibrary(
                        self.library.SerializeToString() + value)
                elif number == 4 and wire == 2:
                    for field, _, raw in _fields(value):
                        if field == 1:
                            self.versions.producer = _signed(raw)
                        elif field == 2:
                            self.versions.min_consumer = _signed(raw)
                        elif field == 3:
                            self.versions.bad_consumers.append(_signed(raw))
        except (IndexError, KeyError, TypeError, ValueError, struct.error,
                UnicodeDecodeError) as e:
            raise DecodeError(f"Error parsing message: {e}") from None
        return len(data)

    def CopyFrom(self, other):
        self.node = [n.copy() for n in other.node]
        self.versions = VersionDef(other.versions.producer, other.versions.min_consumer,
                                   other.versions.bad_consumers)
        self.library = FunctionDefLibrary(other.library.SerializeToString())

    def ByteSize(self):
        return len(self.SerializeToString())

    def __eq__(self, other):
        return isinstance(other, GraphDef) and _same_fields(self, other)

    def __str__(self):
        """protobuf's text format of the GraphDef (what `print(graph_def)` shows in TF)."""
        return text_format(self.SerializeToString())

    def __repr__(self):
        return f"<GraphDef with {len(self.node)} nodes>"


class FunctionDefLibrary:
    """GraphDef.library: the serialized FunctionDefs, and views of them (`function`)."""

    def __init__(self, data=b""):
        self._data = bytes(data)

    def SerializeToString(self, deterministic=False):
        return self._data

    @property
    def function(self):
        return [FunctionDef(value) for number, _, value in _fields(self._data)
                if number == 1]

    def __eq__(self, other):
        return isinstance(other, FunctionDefLibrary) and other._data == self._data

    def __bool__(self):
        return bool(self._data)

    def __str__(self):
        return text_format(self._data, "FunctionDefLibrary")


class _Signature:
    """FunctionDef.signature (an OpDef): its name and argument names."""

    def __init__(self, data):
        fields = list(_fields(data))
        self.name = next((v.decode() for n, _, v in fields if n == 1), "")
        self.input_arg = [_ArgDef(v) for n, _, v in fields if n == 2]
        self.output_arg = [_ArgDef(v) for n, _, v in fields if n == 3]


class _ArgDef:
    def __init__(self, data):
        self.name = next((v.decode() for n, _, v in _fields(data) if n == 1), "")


class FunctionDef:
    """A read-only view of a serialized FunctionDef: signature, node_def, ret."""

    def __init__(self, data):
        self._data = bytes(data)
        fields = list(_fields(self._data))
        self.signature = _Signature(next((v for n, _, v in fields if n == 1), b""))
        self.node_def = [_parse_node(v) for n, _, v in fields if n == 3]
        self.ret = {}
        for number, _, value in fields:
            if number == 4:
                entry = {f: v.decode() for f, _, v in _fields(value)}
                self.ret[entry.get(1, "")] = entry.get(2, "")

    def SerializeToString(self, deterministic=False):
        return self._data

    def __str__(self):
        return text_format(self._data, "FunctionDef")


def _same_fields(a, b):
    return all(_same_value(vars(a)[key], vars(b)[key]) for key in vars(a))


def _same_value(a, b):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same_value(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(a, b)
    return a == b


def graph_def(graph, from_version=None, add_shapes=False):
    """`Graph.as_graph_def()`: a GraphDef of the graph's operations in creation order."""
    if add_shapes:
        raise NotImplementedError("tensorlite's as_graph_def does not add _output_shapes")
    from tensorlite.function_def import export_nodes
    nodes, library = export_nodes(graph.get_operations())
    for node in nodes:
        # Function-valued attrs as parsing a GraphDef gives them, so that a GraphDef and
        # its bytes parsed back compare equal.
        node.attr = {key: RawAttr(attr_value(value)) if _holds_function(value) else value
                     for key, value in node.attr.items()}
    result = GraphDef(nodes, VersionDef(GRAPH_DEF_PRODUCER))
    result.library = FunctionDefLibrary(library)
    return result


def _holds_function(value):
    from tensorlite.function_def import FuncAttr
    return isinstance(value, FuncAttr) or (
        isinstance(value, (list, tuple)) and any(isinstance(v, FuncAttr) for v in value))


# ---------------------------------------------------------------------- parsing

def _varint(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _fields(data):
    """(field number, wire type, value) of a serialized message: an int for varints and
    fixed-width fields, bytes for length-delimited ones."""
    pos, end = 0, len(data)
    while pos < end:
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            if pos + width > end:
                raise ValueError("truncated field")
            value = int.from_bytes(data[pos:pos + width], "little")
            pos += width
        elif wire == 2:
            length, pos = _varint(data, pos)
            if pos + length > end:
                raise ValueError("truncated field")
            value = data[pos:pos + length]
            pos += length
        else:
            raise ValueError(f"unexpected wire type {wire}")
        if number == 0:
            raise ValueError("field number 0")
        yield number, wire, value


def _signed(value):
    return value - (1 << 64) if value >= 1 << 63 else value


def _parse_node(data):
    from tensorlite.train import meta_graph
    node = NodeDef()
    for number, _, value in _fields(data):
        if number == 1:
            node.name = value.decode()
        elif number == 2:
            node.op = value.decode()
        elif number == 3:
            node.input.append(value.decode())
        elif number == 4:
            node.device = value.decode()
        elif number == 5:
            entry = {field: raw for field, _, raw in _fields(value)}
            raw = entry.get(2, b"")
            parsed = meta_graph.parse_attr(raw)
            if meta_graph.is_function(parsed):
                parsed = RawAttr(raw)
            node.attr[entry.get(1, b"").decode()] = parsed
    return node


# ---------------------------------------------------------------------- text format

# name -> {field number: (field name, kind, message or map type)}; kinds are protobuf's.
# Only the messages a GraphDef's nodes hold.
_SCHEMA = {
    "GraphDef": {1: ("node", "message", "NodeDef"), 3: ("version", "int32", None),
                 2: ("library", "message", "FunctionDefLibrary"),
                 4: ("versions", "message", "VersionDef")},
    "VersionDef": {1: ("producer", "int32", None), 2: ("min_consumer", "int32", None),
                   3: ("bad_consumers", "int32*", None)},
    "NodeDef": {1: ("name", "string", None), 2: ("op", "string", None),
                3: ("input", "string*", None), 4: ("device", "string", None),
                5: ("attr", "map", "AttrValue")},
    "AttrValue": {1: ("list", "message", "ListValue"), 2: ("s", "bytes", None),
                  3: ("i", "int64", None), 4: ("f", "float", None), 5: ("b", "bool", None),
                  6: ("type", "enum", None), 7: ("shape", "message", "TensorShapeProto"),
                  8: ("tensor", "message", "TensorProto"), 9: ("placeholder", "string", None),
                  10: ("func", "message", "NameAttrList")},
    "ListValue": {2: ("s", "bytes*", None), 3: ("i", "int64*", None),
                  4: ("f", "float*", None), 5: ("b", "bool*", None),
                  6: ("type", "enum*", None), 7: ("shape", "message", "TensorShapeProto"),
                  8: ("tensor", "message", "TensorProto"),
                  9: ("func", "message", "NameAttrList")},
    "NameAttrList": {1: ("name", "string", None), 2: ("attr", "map", "AttrValue")},
    "TensorShapeProto": {2: ("dim", "message", "Dim"), 3: ("unknown_rank", "bool", None)},
    "Dim": {1: ("size", "int64", None), 2: ("name", "string", None)},
    "TensorProto": {1: ("dtype", "enum", None), 2: ("tensor_shape", "message",
                                                     "TensorShapeProto"),
                    3: ("version_number", "int32", None), 4: ("tensor_content", "bytes", None),
                    5: ("float_val", "float*", None), 6: ("double_val", "double*", None),
                    7: ("int_val", "int32*", None), 8: ("string_val", "bytes*", None),
                    9: ("scomplex_val", "float*", None), 10: ("int64_val", "int64*", None),
                    11: ("bool_val", "bool*", None), 12: ("dcomplex_val", "double*", None),
                    13: ("half_val", "int32*", None), 16: ("uint32_val", "uint32*", None),
                    17: ("uint64_val", "uint64*", None)},
}
_SCHEMA.update({
    "FunctionDefLibrary": {1: ("function", "message", "FunctionDef")},
    "FunctionDef": {1: ("signature", "message", "OpDef"), 3: ("node_def", "message", "NodeDef"),
                    4: ("ret", "map", "string"), 5: ("attr", "map", "AttrValue"),
                    6: ("control_ret", "map", "string"), 7: ("arg_attr", "map", "ArgAttrs")},
    "ArgAttrs": {1: ("attr", "map", "AttrValue")},
    "OpDef": {1: ("name", "string", None), 2: ("input_arg", "message", "ArgDef"),
              3: ("output_arg", "message", "ArgDef"), 4: ("attr", "message", "AttrDef"),
              5: ("summary", "string", None), 6: ("description", "string", None),
              16: ("is_stateful", "bool", None)},
    "ArgDef": {1: ("name", "string", None), 2: ("description", "string", None),
               3: ("type", "enum", None), 4: ("type_attr", "string", None),
               5: ("number_attr", "string", None), 6: ("type_list_attr", "string", None),
               16: ("is_ref", "bool", None)},
    "AttrDef": {1: ("name", "string", None), 2: ("type", "string", None)},
})
# Maps whose keys are integers (FunctionDef.arg_attr), printed as `key: 0`.
_INT_KEY_MAPS = {("FunctionDef", 7)}
# AttrValue's fields form a oneof: a zero value is still printed there.
_ONEOF_MESSAGES = {"AttrValue"}

_DATA_TYPE_NAMES = {1: "DT_FLOAT", 2: "DT_DOUBLE", 3: "DT_INT32", 4: "DT_UINT8",
                    5: "DT_INT16", 6: "DT_INT8", 7: "DT_STRING", 8: "DT_COMPLEX64",
                    9: "DT_INT64", 10: "DT_BOOL", 11: "DT_QINT8", 12: "DT_QUINT8",
                    13: "DT_QINT32", 14: "DT_BFLOAT16", 15: "DT_QINT16", 16: "DT_QUINT16",
                    17: "DT_UINT16", 18: "DT_COMPLEX128", 19: "DT_HALF", 20: "DT_RESOURCE",
                    21: "DT_VARIANT", 22: "DT_UINT32", 23: "DT_UINT64", 0: "DT_INVALID"}
_DATA_TYPE_NAMES.update({n + 100: name + "_REF" for n, name in list(_DATA_TYPE_NAMES.items())
                         if n})

# protobuf's CEscape: printable ASCII as is, a few C escapes, other bytes in octal.
_ESCAPES = [f"\\{i:03o}" for i in range(32)] + [chr(i) for i in range(32, 127)] + \
    [f"\\{i:03o}" for i in range(127, 256)]
for _byte, _symbol in {9: r"\t", 10: r"\n", 13: r"\r", 34: r"\"", 39: r"\'",
                       92: "\\\\"}.items():
    _ESCAPES[_byte] = _symbol


def text_format(data, message="GraphDef"):
    """protobuf's `text_format.MessageToString` of a serialized message of _SCHEMA."""
    lines = []
    _print_message(data, message, 0, lines)
    return "".join(lines)


def _print_message(data, message, indent, lines):
    schema = _SCHEMA[message]
    if not schema and data:
        raise NotImplementedError(f"tensorlite cannot print a {message} in text format")
    values = {}
    for number, wire, value in _fields(data):
        if number not in schema:
            continue
        name, kind, _ = schema[number]
        if kind.endswith("*") and wire == 2 and kind != "string*" and kind != "bytes*":
            values.setdefault(number, []).extend(_unpack(kind[:-1], value))
        elif kind.endswith("*") or kind in ("message", "map"):
            values.setdefault(number, []).append(value)
        else:
            values[number] = [value]    # a scalar seen twice: the last one counts
    pad = " " * indent
    for number in sorted(values):
        name, kind, sub = schema[number]
        items = values[number]
        if kind == "map":
            int_keys = (message, number) in _INT_KEY_MAPS
            entries = {}
            for entry in items:
                fields = {f: v for f, _, v in _fields(entry)}
                key = fields.get(1, 0 if int_keys else b"")
                entries[key if int_keys else key.decode()] = fields.get(2, b"")
            for key in sorted(entries):
                lines.append(f"{pad}{name} {{\n")
                if int_keys:
                    lines.append(f"{pad}  key: {key}\n")
                elif key:
                    lines.append(f"{pad}  key: \"{_escape(key.encode())}\"\n")
                if sub == "string":
                    if entries[key]:
                        lines.append(f"{pad}  value: \"{_escape(entries[key])}\"\n")
                    lines.append(f"{pad}}}\n")
                    continue
                lines.append(f"{pad}  value {{\n")
                _print_message(entries[key], sub, indent + 4, lines)
                lines.append(f"{pad}  }}\n{pad}}}\n")
        elif kind == "message":
            for item in items:
                lines.append(f"{pad}{name} {{\n")
                _print_message(item, sub, indent + 2, lines)
                lines.append(f"{pad}}}\n")
        else:
            scalar = kind.rstrip("*")
            for item in items:
                if not kind.endswith("*") and message not in _ONEOF_MESSAGES and \
                        item in (0, b""):
                    continue        # proto3: a zero scalar is not set
                lines.append(f"{pad}{name}: {_scalar_text(scalar, item)}\n")


def _unpack(kind, data):
    if kind in ("float", "double"):
        width = 4 if kind == "float" else 8
        return [int.from_bytes(data[i:i + width], "little")
                for i in range(0, len(data), width)]
    values, pos = [], 0
    while pos < len(data):
        value, pos = _varint(data, pos)
        values.append(value)
    return values


def _scalar_text(kind, value):
    if kind in ("string", "bytes"):
        return f"\"{_escape(value)}\""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "enum":
        return _DATA_TYPE_NAMES.get(value, str(value))
    if kind == "float":
        number = struct.unpack("<f", value.to_bytes(4, "little"))[0]
        return str(number) if number != number else str(_shortest_float(number))
    if kind == "double":
        return str(struct.unpack("<d", value.to_bytes(8, "little"))[0])
    if kind == "int32":
        value &= 0xFFFFFFFF
        return str(value - (1 << 32) if value >= 1 << 31 else value)
    if kind == "int64":
        return str(_signed(value))
    return str(value)


def _shortest_float(value):
    """protobuf's ToShortestFloat: the fewest digits that read back as the same float32."""
    if value in (float("inf"), float("-inf")):
        return value
    precision = 6
    while True:
        rounded = float(f"{value:.{precision}g}")
        if struct.unpack("<f", struct.pack("<f", rounded))[0] == value:
            return rounded
        precision += 1


def _escape(data):
    return "".join(_ESCAPES[b] for b in data)


def message_fields(data):
    """(field number, wire type, value) of each field of a serialized protobuf message: an
    int for varint and fixed-width fields, bytes for length-delimited ones. For the other
    messages tensorlite reads without protobuf (saved_model/proto.py)."""
    return _fields(bytes(data))
