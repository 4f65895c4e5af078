"""The SavedModel protocol buffers a TF1 SavedModel holds (saved_model.proto,
meta_graph.proto), written and read by hand like graph_def.py: the SavedModel with its
MetaGraphDefs, their MetaInfoDef tags, SaverDef and SignatureDef map of TensorInfos. The
GraphDef and the collections stay serialized bytes, which train/meta_graph.py imports.

Differs from TF: these are plain Python objects with the proto's field names, not protobuf
messages (no HasField/CopyFrom); a MetaGraphDef keeps its serialized bytes in `_data`.
"""
from tensorlite import event_file
from tensorlite.graph_def import GraphDef, message_fields


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _signed(value):
    return value - (1 << 64) if value >= 1 << 63 else value


class Dim:
    """TensorShapeProto.Dim: `size` is -1 for an unknown dimension."""

    def __init__(self, size=0, name=""):
        self.size = size
        self.name = name

    def __repr__(self):
        return f"Dim(size={self.size})"


class TensorShapeProto:
    """A TensorShapeProto: `dim` and `unknown_rank`, as TF's TensorInfo.tensor_shape."""

    def __init__(self, dim=(), unknown_rank=False):
        self.dim = [d if isinstance(d, Dim) else Dim(d) for d in dim]
        self.unknown_rank = unknown_rank

    @classmethod
    def from_shape(cls, shape):
        if shape.rank is None:
            return cls(unknown_rank=True)
        return cls([-1 if d is None else d for d in shape.as_list()])

    def serialize(self):
        return event_file.tensor_shape_proto(
            None if self.unknown_rank else [None if d.size < 0 else d.size for d in self.dim])

    @classmethod
    def parse(cls, data):
        shape = cls()
        for number, _, value in message_fields(data):
            if number == 2:
                fields = {n: v for n, _, v in message_fields(value)}
                shape.dim.append(Dim(_signed(fields.get(1, 0)), _text(fields.get(2, ""))))
            elif number == 3:
                shape.unknown_rank = bool(value)
        return shape

    def __eq__(self, other):
        return (isinstance(other, TensorShapeProto) and self.unknown_rank == other.unknown_rank
                and [d.size for d in self.dim] == [d.size for d in other.dim])


class TensorInfo:
    """meta_graph.proto's TensorInfo of a dense tensor: `name`, `dtype` (the DataType enum
    number, as in TF) and `tensor_shape`."""

    def __init__(self, name="", dtype=0, tensor_shape=None):
        self.name = name
        self.dtype = dtype
        self.tensor_shape = tensor_shape or TensorShapeProto(unknown_rank=True)

    def serialize(self):
        return (event_file.field_bytes(1, self.name) + event_file.field_varint(2, self.dtype) +
                event_file.field_bytes(3, self.tensor_shape.serialize()))

    @classmethod
    def parse(cls, data):
        info = cls(tensor_shape=TensorShapeProto())
        for number, _, value in message_fields(data):
            if number == 1:
                info.name = _text(value)
            elif number == 2:
                info.dtype = value
            elif number == 3:
                info.tensor_shape = TensorShapeProto.parse(value)
            elif number in (4, 5):
                raise NotImplementedError(
                    "tensorlite reads TensorInfos of dense tensors only; this SavedModel's "
                    "signature has a sparse or composite one")
        return info

    def __eq__(self, other):
        return isinstance(other, TensorInfo) and vars(self) == vars(other)

    def __repr__(self):
        return f"TensorInfo(name={self.name!r}, dtype={self.dtype})"


class SignatureDef:
    """meta_graph.proto's SignatureDef: `inputs` and `outputs` (name -> TensorInfo) and
    `method_name`."""

    def __init__(self, inputs=None, outputs=None, method_name=""):
        self.inputs = dict(inputs or {})
        self.outputs = dict(outputs or {})
        self.method_name = method_name

    def serialize(self):
        out = b""
        for number, infos in ((1, self.inputs), (2, self.outputs)):
            for key in sorted(infos):      # protobuf's deterministic order of a map
                out += event_file.field_bytes(number, event_file.field_bytes(1, key) +
                                              event_file.field_bytes(2, infos[key].serialize()))
        if self.method_name:
            out += event_file.field_bytes(3, self.method_name)
        return out

    @classmethod
    def parse(cls, data):
        signature = cls()
        for number, _, value in message_fields(data):
            if number in (1, 2):
                entry = {n: v for n, _, v in message_fields(value)}
                target = signature.inputs if number == 1 else signature.outputs
                target[_text(entry.get(1, b""))] = TensorInfo.parse(entry.get(2, b""))
            elif number == 3:
                signature.method_name = _text(value)
        return signature

    def __eq__(self, other):
        return isinstance(other, SignatureDef) and vars(self) == vars(other)

    def __repr__(self):
        return (f"SignatureDef(inputs={self.inputs}, outputs={self.outputs}, "
                f"method_name={self.method_name!r})")


class MetaInfoDef:
    """MetaGraphDef.meta_info_def: its tags and the TF version that wrote it."""

    def __init__(self):
        self.tags = []
        self.tensorflow_version = ""
        self.tensorflow_git_version = ""


class SaverDef:
    """The SaverDef naming the ops that save and restore the variables."""

    V1, V2 = 1, 2

    def __init__(self, filename_tensor_name="", save_tensor_name="", restore_op_name="",
                 max_to_keep=5, sharded=False, keep_checkpoint_every_n_hours=10000.0,
                 version=2):
        self.filename_tensor_name = filename_tensor_name
        self.save_tensor_name = save_tensor_name
        self.restore_op_name = restore_op_name
        self.max_to_keep = max_to_keep
        self.sharded = sharded
        self.keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self.version = version

    def serialize(self):
        return (event_file.field_bytes(1, self.filename_tensor_name) +
                event_file.field_bytes(2, self.save_tensor_name) +
                event_file.field_bytes(3, self.restore_op_name) +
                event_file.field_varint(4, self.max_to_keep) +
                (event_file.field_varint(5, 1) if self.sharded else b"") +
                event_file.field_float(6, self.keep_checkpoint_every_n_hours) +
                event_file.field_varint(7, self.version))

    @classmethod
    def parse(cls, data):
        import struct
        saver_def = cls(max_to_keep=0, keep_checkpoint_every_n_hours=0.0, version=0)
        for number, _, value in message_fields(data):
            if number in (1, 2, 3):
                setattr(saver_def, ("filename_tensor_name", "save_tensor_name",
                                    "restore_op_name")[number - 1], _text(value))
            elif number == 4:
                saver_def.max_to_keep = value
            elif number == 5:
                saver_def.sharded = bool(value)
            elif number == 6:
                saver_def.keep_checkpoint_every_n_hours = struct.unpack(
                    "<f", value.to_bytes(4, "little"))[0]
            elif number == 7:
                saver_def.version = value
        return saver_def


class MetaGraphDef:
    """A MetaGraphDef of a SavedModel, as `loader.load` returns it: `meta_info_def.tags`,
    `signature_def`, `saver_def`, `graph_def` (a GraphDef, parsed on first use) and the
    names in `collection_def` (the collections themselves stay serialized)."""

    def __init__(self, data):
        self._data = bytes(data)
        self.meta_info_def = MetaInfoDef()
        self.signature_def = {}
        self.saver_def = None
        self._graph_def = None
        self._collections = {}
        self.has_assets = False     # asset_file_def entries (tensorlite loads none yet)
        for number, _, value in message_fields(self._data):
            if number == 1:
                for field, _, item in message_fields(value):
                    if field == 4:
                        self.meta_info_def.tags.append(_text(item))
                    elif field == 5:
                        self.meta_info_def.tensorflow_version = _text(item)
                    elif field == 6:
                        self.meta_info_def.tensorflow_git_version = _text(item)
            elif number == 2:
                self._graph_def = value
            elif number == 3:
                self.saver_def = SaverDef.parse(value)
            elif number == 4:
                entry = {n: v for n, _, v in message_fields(value)}
                self._collections[_text(entry.get(1, b""))] = entry.get(2, b"")
                if _text(entry.get(1, b"")) == "saved_model_assets":
                    self.has_assets = True
            elif number == 5:
                entry = {n: v for n, _, v in message_fields(value)}
                self.signature_def[_text(entry.get(1, b""))] = SignatureDef.parse(
                    entry.get(2, b""))
            elif number == 6:
                self.has_assets = True

    @property
    def graph_def(self):
        if not isinstance(self._graph_def, GraphDef):
            graph_def = GraphDef()
            graph_def.ParseFromString(self._graph_def or b"")
            self._graph_def = graph_def
        return self._graph_def

    @property
    def collection_def(self):
        """The collection names (TF maps them to CollectionDef protos)."""
        return dict.fromkeys(self._collections)

    def node_list(self, key):
        """The names a node_list collection holds (CollectionDef.node_list.value)."""
        names = []
        for kind, _, payload in message_fields(self._collections.get(key, b"")):
            if kind == 1:
                names.extend(_text(v) for n, _, v in message_fields(payload) if n == 1)
        return names

    def SerializeToString(self, deterministic=False):
        return self._data


class SavedModel:
    """saved_model.proto's SavedModel: a schema version and its MetaGraphDefs."""

    def __init__(self, saved_model_schema_version=1, meta_graphs=()):
        self.saved_model_schema_version = saved_model_schema_version
        self.meta_graphs = list(meta_graphs)

    def SerializeToString(self, deterministic=False):
        return event_file.field_varint(1, self.saved_model_schema_version) + b"".join(
            event_file.field_bytes(2, meta.SerializeToString()) for meta in self.meta_graphs)

    def ParseFromString(self, data):
        self.meta_graphs = []
        for number, _, value in message_fields(data):
            if number == 1:
                self.saved_model_schema_version = value
            elif number == 2:
                self.meta_graphs.append(MetaGraphDef(value))
        return len(data)
