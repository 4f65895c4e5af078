"""MetaGraphDef (`.meta`) files: `tf.compat.v1.train.export_meta_graph` / `import_meta_graph`.

A `.meta` file is a serialized MetaGraphDef: the GraphDef and the graph's collections
(variables as VariableDef protos, ops and tensors by name). tensorlite writes it with the
encoders of event_file.py and reads it with checkpoint_format's field parser, without
protobuf. Its own Saver keeps no ops in the graph, so it writes no SaverDef; a file with one
(written by TF) imports with a tensorlite Saver over the imported variables.

The bodies of tf.cond/while_loop/switch_case and of tf.function calls are written as the
GraphDef's function library (function_def.py). A body holding an op whose TF output names
tensorlite does not know raises ValueError; `Saver.save` then writes the checkpoint without
its `.meta` file and logs why. Reading a library back (import) is not done yet: such nodes
are left out on import, as the log says.
"""
import logging
import os
import struct

import numpy as np

from tensorlite import event_file
from tensorlite.graph_def import graph_def_bytes
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import registry
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.train import checkpoint_format as _format

_log = logging.getLogger("tensorflow")

# Collections TF never exports (they hold Python objects, not graph elements).
_SKIPPED_COLLECTIONS = {"savers", "cond_context", "while_context"}


class MetaGraphDef:
    """The serialized MetaGraphDef export_meta_graph returns (TF returns the proto)."""

    def __init__(self, data):
        self._data = data

    def SerializeToString(self):
        return self._data


# ---------------------------------------------------------------------- export

def export_meta_graph(filename=None, meta_info_def=None, graph_def=None, saver_def=None,
                      collection_list=None, as_text=False, graph=None, export_scope=None,
                      clear_devices=False, clear_extraneous_savers=False,
                      strip_default_attrs=False, save_debug_info=False, **kwargs):
    """Write the graph and its collections as a MetaGraphDef; returns it."""
    if as_text:
        raise NotImplementedError("tensorlite writes binary .meta files only (as_text=False)")
    if export_scope is not None:
        raise NotImplementedError("tensorlite exports whole graphs (export_scope=None)")
    graph = graph or _context.get_default_graph()
    data = meta_graph_bytes(graph, collection_list, clear_devices)
    if filename:
        _write_atomically(filename, data)
    return MetaGraphDef(data)


def meta_graph_bytes(graph, collection_list=None, clear_devices=False, tags=(),
                     extra_nodes=(), saver_def=b""):
    """A serialized MetaGraphDef of `graph`. A SavedModel's adds `tags` to its MetaInfoDef,
    `extra_nodes` (NodeDefs of TF's save/restore ops) to its GraphDef and the serialized
    `saver_def` that names them."""
    # MetaInfoDef: the TF version whose behaviour tensorlite follows.
    info = b"".join(event_file.field_bytes(4, tag) for tag in tags)
    out = event_file.field_bytes(1, info + event_file.field_bytes(5, "2.21.0") +
                                 event_file.field_bytes(6, "tensorlite"))
    out += event_file.field_bytes(2, graph_def_bytes(graph, strict=True,
                                                     clear_devices=clear_devices,
                                                     extra_nodes=extra_nodes))
    if saver_def:
        out += event_file.field_bytes(3, saver_def)
    keys = graph.get_all_collection_keys() if collection_list is None else collection_list
    for key in sorted(keys):
        collection = _collection_def(graph.get_collection(key))
        if key in _SKIPPED_COLLECTIONS or collection is None:
            continue
        entry = event_file.field_bytes(1, key) + event_file.field_bytes(2, collection)
        out += event_file.field_bytes(4, entry)
    return out


def _collection_def(items):
    """CollectionDef of a collection's items: names of ops/tensors, VariableDefs; None for
    collections of other Python objects (TF skips those too)."""
    if not items:
        return None
    if all(hasattr(item, "_graph_element") and hasattr(item, "_initializer_op")
           for item in items):
        return event_file.field_bytes(2, b"".join(event_file.field_bytes(1, _variable_def(v))
                                                  for v in items))
    names = []
    for item in items:
        if isinstance(item, Tensor) or hasattr(item, "_opdef"):
            names.append(item.name)
        else:
            return None
    return event_file.field_bytes(1, b"".join(event_file.field_bytes(1, n) for n in names))


def _variable_def(variable):
    handle = variable._handle
    is_resource = handle.dtype is _dtypes.resource
    out = event_file.field_bytes(1, handle.name)
    initializer = variable._initializer_op
    out += event_file.field_bytes(2, getattr(initializer, "name", ""))
    out += event_file.field_bytes(3, variable._graph_element.name)
    if is_resource:
        out += event_file.field_varint(5, True)
    initial_value = getattr(variable, "_initial_value", None)
    if isinstance(initial_value, Tensor):
        out += event_file.field_bytes(6, initial_value.name)
    if variable.trainable:
        out += event_file.field_varint(7, True)
    return out


def _write_atomically(filename, data):
    from tensorlite.train.checkpoint_utils import atomic_write_string_to_file
    directory = os.path.dirname(filename)
    if directory:
        os.makedirs(directory, exist_ok=True)
    atomic_write_string_to_file(filename, data)


# ---------------------------------------------------------------------- import

def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    """Add the graph of a MetaGraphDef to the default graph; returns a Saver over its
    variables (None when it has none), as TF's does."""
    if _context.executing_eagerly():
        raise RuntimeError("Exporting/importing meta graphs is not supported when eager "
                           "execution is enabled. No graph exists when eager execution is "
                           "enabled.")
    for unsupported in ("input_map", "return_elements"):
        if kwargs.get(unsupported) is not None:
            raise NotImplementedError(f"tensorlite's import_meta_graph does not take "
                                      f"`{unsupported}` yet")
    data = _meta_graph_data(meta_graph_or_file)
    try:
        meta = _parse_meta_graph(data)
    except (_format._Corrupt, struct.error, ValueError, IndexError, KeyError, TypeError,
            AttributeError, UnicodeDecodeError) as e:
        from tensorlite.framework import errors
        raise errors.DataLossError(None, None, f"Unable to parse the MetaGraphDef in "
                                   f"{meta_graph_or_file!r}: {e}") from None
    graph = _context.get_default_graph()
    prefix = f"{import_scope}/" if import_scope else ""
    saver_scope = _saver_scope(meta)
    _, skipped = _import_nodes(graph, meta["nodes"], prefix, clear_devices, saver_scope,
                               library=meta["library"])
    variables = _import_collections(graph, meta["collections"], prefix, skipped)
    if not variables and not meta["has_saver_def"]:
        return None
    from tensorlite.train.saver import Saver
    # Checkpoint keys are the names the variables had when saved, without import_scope.
    return Saver(var_list={v.op.name[len(prefix):]: v for v in variables} or None,
                 allow_empty=True)


def _meta_graph_data(source):
    if isinstance(source, MetaGraphDef):
        return source.SerializeToString()
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    path = os.fspath(source)
    if not os.path.exists(path):
        raise OSError(f"File {path} does not exist.")
    with open(path, "rb") as f:
        return f.read()


def _parse_meta_graph(data):
    meta = {"nodes": [], "collections": {}, "has_saver_def": False, "saver_def": {},
            "library": b""}
    for number, value in _format._fields(data):
        if number == 2:
            for field, node in _format._fields(_format._message_field(value)):
                if field == 1:
                    meta["nodes"].append(_parse_node(node))
                elif field == 2:
                    meta["library"] += node
        elif number == 3:
            meta["has_saver_def"] = True
            meta["saver_def"] = {field: raw for field, raw in _format._fields(value)}
        elif number == 4:
            entry = dict(_format._fields(_format._message_field(value)))
            meta["collections"][entry.get(1, b"").decode()] = entry.get(2, b"")
    return meta


def _parse_node(data):
    node = {"name": "", "op": "", "inputs": [], "device": "", "attrs": {}}
    for number, value in _format._fields(data):
        if number == 1:
            node["name"] = value.decode()
        elif number == 2:
            node["op"] = value.decode()
        elif number == 3:
            node["inputs"].append(value.decode())
        elif number == 4:
            node["device"] = value.decode()
        elif number == 5:
            entry = dict(_format._fields(value))
            node["attrs"][entry[1].decode()] = _parse_attr(entry.get(2, b""))
    if not node["name"] or not node["op"]:
        raise ValueError(f"a NodeDef without a name or an op: {node['name']!r}, "
                         f"{node['op']!r}")
    node["holds_function"] = any(is_function(value) for value in node["attrs"].values())
    return node


def is_function(value):
    """Whether a parsed attribute is (or lists) a function or an attribute placeholder."""
    if isinstance(value, list):
        return any(is_function(v) for v in value)
    return value is FUNCTION_ATTR or isinstance(value, FunctionName)


def _parse_attr(data):
    for number, value in _format._fields(data):
        if number == 1:
            return _parse_list(value)
        if number == 10:
            return _function_name(value)
        return _attr_scalar(number, value)
    return None


def _function_name(data):
    fields = dict(_format._fields(data))
    return FunctionName(fields.get(1, b"").decode())


class FunctionName:
    """A function-valued attribute (AttrValue.func): the name of a FunctionDef in the
    GraphDef's library."""

    def __init__(self, name):
        self.name = name

    def __eq__(self, other):
        return isinstance(other, FunctionName) and other.name == self.name

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return f"FunctionName({self.name!r})"


def _attr_scalar(number, value):
    if number == 2:
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value
    if number == 3:
        return _format._int_field(value, signed=True)
    if number == 4:
        return struct.unpack("<f", value.to_bytes(4, "little"))[0]
    if number == 5:
        return bool(value)
    if number == 6:
        return _dtypes.as_dtype(value)
    if number == 7:
        return _parse_shape(value)
    if number == 8:
        return _parse_tensor(value)
    return FUNCTION_ATTR      # an attribute placeholder (a polymorphic function's): not imported


# What an attribute placeholder parses to: its node is left out on import.
FUNCTION_ATTR = object()


def _parse_list(data):
    items = []
    for number, value in _format._fields(data):
        if number in (3, 5, 6) and isinstance(value, bytes):       # packed varints
            pos = 0
            while pos < len(value):
                raw, pos = _format._get_varint(value, pos)
                items.append(_attr_scalar(number, raw))
        elif number == 4 and isinstance(value, bytes):               # packed floats
            items.extend(float(x) for x in np.frombuffer(value, "<f4"))
        elif number == 9:                                            # ListValue.func
            items.append(_function_name(value))
        else:
            items.append(_attr_scalar(number, value))
    return items


def _parse_shape(data):
    dims, unknown_rank = [], False
    for number, value in _format._fields(data):
        if number == 2:
            size = dict(_format._fields(value)).get(1, 0)
            size = _format._int_field(size, signed=True)
            dims.append(None if size < 0 else size)
        elif number == 3:
            unknown_rank = bool(value)
    return TensorShape(None if unknown_rank else dims)


_TYPED_VALUE_FIELDS = {5: "<f4", 6: "<f8", 7: "varint", 10: "varint", 11: "varint",
                       13: "varint", 16: "varint", 17: "varint"}


def _parse_tensor(data):
    dtype, shape, content, values, strings = None, TensorShape([]), None, [], []
    for number, value in _format._fields(data):
        if number == 1:
            dtype = _dtypes.as_dtype(value)
        elif number == 2:
            shape = _parse_shape(value)
        elif number == 4:
            content = value
        elif number == 8:
            strings.append(value)
        elif number in _TYPED_VALUE_FIELDS:
            kind = _TYPED_VALUE_FIELDS[number]
            if kind == "varint":
                if isinstance(value, bytes):
                    pos = 0
                    while pos < len(value):
                        raw, pos = _format._get_varint(value, pos)
                        values.append(_format._int_field(raw, signed=True))
                else:
                    values.append(_format._int_field(value, signed=True))
            elif isinstance(value, bytes):
                values.extend(np.frombuffer(value, kind).tolist())
            else:
                width = 4 if kind == "<f4" else 8
                values.append(np.frombuffer(value.to_bytes(width, "little"), kind)[0])
    dims = shape.as_list()
    if dtype is _dtypes.string:
        flat = np.array(strings or [b""], dtype=object)
    elif content is not None:
        return np.frombuffer(content, dtype.as_numpy_dtype).reshape(dims).copy()
    else:
        np_dtype = np.float16 if dtype is _dtypes.float16 else dtype.as_numpy_dtype
        flat = np.array(values or [0], dtype=np.int64 if np_dtype is np.float16 else None)
        flat = flat.astype(np.uint16).view(np.float16) if np_dtype is np.float16 else \
            flat.astype(np_dtype)
    size = int(np.prod(dims, dtype=np.int64))
    if flat.size < size:    # TF repeats the last value to fill the shape
        flat = np.concatenate([flat, np.repeat(flat[-1:], size - flat.size)])
    return flat[:size].reshape(dims)


# ---------------------------------------------------------------------- rebuilding

def _saver_scope(meta):
    """The name scope of a TF Saver's save/restore ops ("save/"), which tensorlite's Saver
    replaces: nodes there with op types tensorlite lacks are left out."""
    restore = meta["saver_def"].get(3)
    if not restore:
        return None
    return restore.decode().split("/")[0] + "/"


def _import_nodes(graph, nodes, prefix, clear_devices, saver_scope, input_map=None,
                  library=b""):
    """Create `nodes` in `graph`; `input_map` maps "op:index" / "^op" input names to the
    tensors / operations of `graph` that replace them (import_graph_def's input_map);
    `library`: the GraphDef's serialized FunctionDefLibrary, which nodes with function
    attributes call."""
    from tensorlite.function_def import FunctionImporter
    functions = FunctionImporter(library)
    created, skipped, missing_types = create_nodes(graph, nodes, prefix, clear_devices,
                                                   saver_scope, input_map or {}, functions)
    if missing_types:
        _log.warning("import_meta_graph: %d nodes were left out because they need what "
                     "tensorlite cannot import (%s); they cannot be run, e.g. %s", len(skipped),
                     ", ".join(sorted(missing_types)), ", ".join(sorted(skipped)[:3]))
    return created, skipped


def create_nodes(graph, nodes, prefix, clear_devices, saver_scope, input_map, functions):
    """The work of _import_nodes (and of function_def's rebuilding of function bodies):
    returns ({name: Operation}, names left out, descriptions of why)."""
    by_name = {node["name"]: node for node in nodes}
    created, skipped = {}, set()
    ops = registry.all_ops()
    missing_types = set()
    for node in _topological(nodes, by_name, set(input_map)):
        name = node["name"]
        sources = [i.lstrip("^").split(":")[0] for i in node["inputs"]]
        unsupported = node["op"] not in ops or (node["holds_function"] and
                                                not functions.can_import(node))
        if unsupported or any(s in skipped for s in sources):
            # An op tensorlite lacks (a TF Saver's SaveV2, the stateless random ops of TF's
            # initializers) or one holding a function body is left out with everything
            # that needs it: restoring and running the model do not; what does fails by name.
            skipped.add(name)
            if unsupported and not (saver_scope and name.startswith(saver_scope)):
                missing_types.add(node["op"] + (" (a function attribute)"
                                                if node["holds_function"] else ""))
            continue
        opdef = ops[node["op"]]
        inputs, controls = [], []
        for text in node["inputs"]:
            if text.startswith("^"):
                controls.append(input_map.get(text) or created[text[1:]])
                continue
            op_name, _, index = text.partition(":")
            replacement = input_map.get(f"{op_name}:{index or 0}")
            inputs.append(replacement if replacement is not None else
                          created[op_name]._outputs[int(index or 0)])
        if node["holds_function"]:
            from tensorlite.function_def import Unimportable
            try:
                attrs = functions.call_attrs(node, inputs, graph)
            except Unimportable as e:
                # A body with ops tensorlite lacks: the call is left out, naming them.
                skipped.add(name)
                missing_types.add(f"{node['op']} ({e})")
                continue
        else:
            attrs = _kernel_attrs(opdef, node["attrs"])
        if "shared_name" in attrs and not attrs["shared_name"]:
            # TF: an empty shared_name means the node's name (TF1 variables are written so).
            attrs["shared_name"] = prefix + name
        with graph.control_dependencies(controls or None):
            outputs = graph.create_named_op(opdef, inputs, attrs, prefix + name + "/")
        op = graph.get_operation_by_name(prefix + name)
        # An exact name skips unique_name: mark it taken, so ops built after the import
        # (tf.gradients' Const) get fresh names.
        graph._names_in_use.setdefault(op.name.lower(), 1)
        for key, value in node["attrs"].items():
            op._attrs.setdefault(key, value)
        if node["device"] and not clear_devices:
            op._set_device(node["device"])
        created[name] = op
        del outputs
    return created, skipped, missing_types


def _topological(nodes, by_name, mapped=()):
    """`nodes` inputs first; inputs named in `mapped` need no node."""
    order, state = [], {}
    for root in nodes:
        stack = [(root["name"], False)]
        while stack:
            name, expanded = stack.pop()
            if expanded:
                state[name] = 2
                order.append(by_name[name])
                continue
            if state.get(name):
                continue
            state[name] = 1
            stack.append((name, True))
            for text in reversed(by_name[name]["inputs"]):
                source = text.lstrip("^").split(":")[0]
                if (text if text[0] == "^" or ":" in text else text + ":0") in mapped:
                    continue
                if source not in by_name:
                    raise ValueError(f"Node '{name}' has an input from unknown node "
                                     f"'{source}'")
                if not state.get(source):
                    stack.append((source, False))
    return order


def _kernel_attrs(opdef, attrs):
    """The attributes of a node its kernel takes (a NodeDef also lists the type attributes
    bound from the inputs, and defaults the kernel does not use)."""
    accepted = _kernel_parameters(opdef)
    if accepted is not None:
        return {key: value for key, value in attrs.items() if key in accepted}
    bound = {spec for spec, _ in opdef.inputs if isinstance(spec, str)}
    return {key: value for key, value in attrs.items() if key not in bound and key != "N"}


_parameters = {}


def _kernel_parameters(opdef):
    """The keyword names the kernel takes; None if it takes any (**attrs)."""
    if opdef.type not in _parameters:
        import inspect
        try:
            parameters = inspect.signature(opdef.kernel).parameters.values()
        except (TypeError, ValueError):      # a builtin: give it only what the graph gave
            _parameters[opdef.type] = frozenset(opdef.default_attrs)
        else:
            _parameters[opdef.type] = None if any(
                p.kind is p.VAR_KEYWORD for p in parameters) else frozenset(
                p.name for p in parameters)
    return _parameters[opdef.type]


def _import_collections(graph, collections, prefix, skipped):
    from tensorlite.variables.variables import variable_from_graph

    def imported(name):
        """`prefix + name` if its op was imported, else None."""
        return None if not name or name.split(":")[0] in skipped else prefix + name

    global_variables = []
    variables_by_handle = {}
    for key, data in collections.items():
        for kind, payload in _format._fields(data):
            for _, item in _format._fields(payload):
                if kind == 2:
                    fields = {number: value.decode() if isinstance(value, bytes) else value
                              for number, value in _format._fields(item)}
                    handle_name = imported(fields.get(1))
                    if handle_name is None:
                        continue
                    variable = variables_by_handle.get(handle_name)
                    if variable is None:
                        variable = variables_by_handle[handle_name] = variable_from_graph(
                            graph, handle_name, imported(fields.get(2)),
                            imported(fields.get(3)), imported(fields.get(6)),
                            trainable=bool(fields.get(7, 0)))
                    graph.add_to_collection(key, variable)
                    if key == GraphKeys.GLOBAL_VARIABLES:
                        global_variables.append(variable)
                elif kind == 1 and imported(item.decode()):
                    graph.add_to_collection(key, graph.as_graph_element(
                        imported(item.decode())))
    return global_variables


def parse_attr(data):
    """A serialized AttrValue as a Python value (FUNCTION_ATTR for a function or a
    placeholder); graph_def.GraphDef.ParseFromString reads attributes with it."""
    return _parse_attr(data)


def import_nodes(graph, nodes, prefix, input_map=None, library=b""):
    """Create parsed nodes (dicts as _parse_node makes) in `graph` under `prefix`;
    graph_util.import_graph_def's import. Returns {node name: Operation}."""
    return _import_nodes(graph, nodes, prefix, False, None, input_map, library)[0]
