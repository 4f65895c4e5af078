"""`tf.compat.v1.saved_model.builder.SavedModelBuilder` and `simple_save`: a TF1
SavedModel (saved_model.pb and variables/variables.*) that real TF loads.

TF's loader restores the variables by running the ops its MetaGraphDef's SaverDef names
(save/restore_all fed save/Const). tensorlite's Saver keeps no such ops in the graph, so the
exported GraphDef gets them as extra NodeDefs laid out as TF's non-sharded V2 Saver builds
them; tensorlite's own graph is left unchanged.

Differs from TF: no assets, no custom `saver`, no text format (`save(as_text=True)`).
Graphs holding function bodies (tf.cond, tf.while_loop v2, tf.function calls) are written
with a function library (function_def.py).
"""
import os

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.graph import Operation
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.graph_def import NodeDef
from tensorlite.saved_model import constants, signature_def_utils
from tensorlite.saved_model.proto import MetaGraphDef, SavedModel, SaverDef


class SavedModelBuilder:
    """Builds a SavedModel of one or more MetaGraphDefs sharing one set of variables."""

    def __init__(self, export_dir):
        self._export_dir = os.fspath(export_dir)
        if os.path.exists(self._export_dir):
            if os.listdir(self._export_dir):
                raise AssertionError(
                    f"Export directory {self._export_dir} already exists, and isn't empty. "
                    "Please choose a different export directory, or delete all the "
                    "contents of the specified directory.")
        else:
            os.makedirs(self._export_dir)
        self._saved_model = SavedModel(constants.SAVED_MODEL_SCHEMA_VERSION)
        self._has_saved_variables = False

    def add_meta_graph_and_variables(self, sess, tags, signature_def_map=None,
                                     assets_collection=None, legacy_init_op=None,
                                     clear_devices=False, main_op=None,
                                     strip_default_attrs=False, saver=None):
        """Add the session graph's MetaGraphDef under `tags` and save its variables."""
        if self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has already "
                                 "been saved. Please invoke `add_meta_graph()` instead.")
        graph = sess.graph
        signature_def_map = _validated(signature_def_map)
        _check_unsupported(assets_collection, saver)
        _maybe_add_main_op(graph, main_op or legacy_init_op)
        variables = _saved_variables(graph)
        # Serialize first: a graph tensorlite cannot write must not leave variables behind.
        meta = _meta_graph(graph, tags, signature_def_map, variables, clear_devices)
        variables_dir = os.path.join(self._export_dir, constants.VARIABLES_DIRECTORY)
        os.makedirs(variables_dir, exist_ok=True)
        if variables:
            from tensorlite.train.saver import Saver
            with graph.as_default():
                Saver(var_list=variables, allow_empty=True).save(
                    sess, os.path.join(variables_dir, constants.VARIABLES_FILENAME),
                    write_meta_graph=False, write_state=False)
        self._saved_model.meta_graphs.append(meta)
        self._has_saved_variables = True

    def add_meta_graph(self, tags, signature_def_map=None, assets_collection=None,
                       legacy_init_op=None, clear_devices=False, main_op=None,
                       strip_default_attrs=False, saver=None):
        """Add the default graph's MetaGraphDef under `tags` (its variables must be those
        `add_meta_graph_and_variables` saved)."""
        if not self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has not been "
                                 "saved yet. Please invoke `add_meta_graph_and_variables()` "
                                 "first.")
        graph = _context.get_default_graph()
        signature_def_map = _validated(signature_def_map)
        _check_unsupported(assets_collection, saver)
        _maybe_add_main_op(graph, main_op if main_op is not None else legacy_init_op)
        self._saved_model.meta_graphs.append(_meta_graph(
            graph, tags, signature_def_map, _saved_variables(graph), clear_devices))

    def save(self, as_text=False):
        """Write saved_model.pb; returns its path (bytes, as TF's)."""
        if as_text:
            raise NotImplementedError("tensorlite writes saved_model.pb only "
                                      "(save(as_text=False))")
        from tensorlite.train.checkpoint_utils import atomic_write_string_to_file
        os.makedirs(self._export_dir, exist_ok=True)
        path = os.path.join(self._export_dir, constants.SAVED_MODEL_FILENAME_PB)
        atomic_write_string_to_file(path, self._saved_model.SerializeToString())
        return path.encode()


Builder = SavedModelBuilder


def simple_save(session, export_dir, inputs, outputs, legacy_init_op=None):
    """Save a serving SavedModel whose default signature predicts `outputs` from
    `inputs` (dicts of name -> tensor)."""
    signature_def_map = {constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY:
                         signature_def_utils.predict_signature_def(inputs, outputs)}
    builder = SavedModelBuilder(export_dir)
    builder.add_meta_graph_and_variables(
        session, tags=[constants.SERVING], signature_def_map=signature_def_map,
        assets_collection=session.graph.get_collection(GraphKeys.ASSET_FILEPATHS),
        main_op=legacy_init_op, clear_devices=True)
    builder.save()


# ---------------------------------------------------------------------- checks

def _validated(signature_def_map):
    signature_def_map = dict(signature_def_map or {})
    for signature in signature_def_map.values():
        for info in list(signature.inputs.values()) + list(signature.outputs.values()):
            if info is None:
                raise AssertionError("All TensorInfo protos used in the SignatureDefs must "
                                     "have the name and dtype fields set.")
            if not info.name:
                raise AssertionError(
                    f"Invalid `tensor_info`: {info}. All TensorInfo protos used in the "
                    "SignatureDefs must have one of the 'encoding' fields (e.g., name or "
                    "coo_sparse) set.")
            if not info.dtype:
                raise AssertionError(f"Invalid `tensor_info`: {info}. All TensorInfo protos "
                                     "used in the SignatureDefs must have the dtype field "
                                     "set.")
    for key, what in ((constants.INIT_OP_SIGNATURE_KEY, "for initialization"),
                      (constants.TRAIN_OP_SIGNATURE_KEY, "for the train op")):
        if key in signature_def_map:
            raise KeyError(f"SignatureDef map key \"{key}\" is reserved {what}. Please use "
                           "a different key.")
    return signature_def_map


def _check_unsupported(assets_collection, saver):
    if assets_collection:
        raise NotImplementedError("tensorlite's SavedModelBuilder does not write assets yet "
                                  "(assets_collection must be empty)")
    if saver is not None:
        raise NotImplementedError("tensorlite's SavedModelBuilder saves all global variables "
                                  "itself; it does not take a `saver`")


def _maybe_add_main_op(graph, main_op):
    if main_op is None:
        return
    if not isinstance(main_op, Operation):
        raise TypeError(f"Expected {main_op} to be an Operation but got type "
                        f"{type(main_op)} instead.")
    for key in (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY):
        if graph.get_collection(key):
            raise ValueError(f"Graph already contains one or more main ops under the "
                             f"collection {key}.")
    graph.add_to_collection(constants.MAIN_OP_KEY, main_op)


def _saved_variables(graph):
    """The graph's global variables, which TF's builder saves (its Saver's default)."""
    if graph.get_collection(GraphKeys.SAVEABLE_OBJECTS):
        raise NotImplementedError("tensorlite's SavedModelBuilder saves variables only, not "
                                  "the SAVEABLE_OBJECTS collection")
    variables = graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
    for variable in variables:
        if getattr(variable, "_save_slice_info", None) is not None:
            raise NotImplementedError(f"tensorlite's SavedModelBuilder does not save "
                                      f"partitioned variables yet ({variable.name})")
    return variables


# ---------------------------------------------------------------------- the MetaGraphDef

def _meta_graph(graph, tags, signature_def_map, variables, clear_devices):
    from tensorlite import event_file
    from tensorlite.train import meta_graph
    nodes, saver_def = _saver_nodes(graph, variables) if variables else ((), None)
    try:
        data = meta_graph.meta_graph_bytes(
            graph, clear_devices=clear_devices, tags=list(tags), extra_nodes=nodes,
            saver_def=saver_def.serialize() if saver_def else b"")
    except ValueError as e:
        raise NotImplementedError(f"Cannot write this graph as a SavedModel: {e}") from None
    for key in sorted(signature_def_map):
        data += event_file.field_bytes(5, event_file.field_bytes(1, key) + event_file.field_bytes(
            2, signature_def_map[key].serialize()))
    return MetaGraphDef(data)


def _string_const(name, values):
    array = np.array(values, dtype=object)
    return NodeDef(name, "Const", attr={"dtype": _dtypes.string, "value": array})


def _saver_nodes(graph, variables):
    """The NodeDefs of TF's non-sharded V2 Saver over `variables` (a SaveV2 op writing them,
    a RestoreV2 op and an assignment per variable reading them back) and its SaverDef."""
    taken = {op.name.lower() for op in graph.get_operations()}
    scope, n = "save", 0
    while any(name == scope or name.startswith(scope + "/") for name in taken):
        n += 1
        scope = f"save_{n}"
    names = [v.name[:-2] if v.name.endswith(":0") else v.name for v in variables]
    order = sorted(range(len(variables)), key=lambda i: names[i])
    keys = [names[i] for i in order]
    dtypes = [_dtypes.as_dtype(variables[i].dtype).base_dtype for i in order]
    filename = f"{scope}/Const"
    nodes = [
        _string_const(f"{scope}/filename/input", "model"),
        NodeDef(f"{scope}/filename", "PlaceholderWithDefault", [f"{scope}/filename/input"],
                attr={"dtype": _dtypes.string, "shape": TensorShape([])}),
        NodeDef(filename, "PlaceholderWithDefault", [f"{scope}/filename"],
                attr={"dtype": _dtypes.string, "shape": TensorShape([])}),
        _string_const(f"{scope}/SaveV2/tensor_names", keys),
        _string_const(f"{scope}/SaveV2/shape_and_slices", [""] * len(keys)),
        NodeDef(f"{scope}/SaveV2", "SaveV2",
                [filename, f"{scope}/SaveV2/tensor_names", f"{scope}/SaveV2/shape_and_slices"]
                + [variables[i]._graph_element.name for i in order], attr={"dtypes": dtypes}),
        NodeDef(f"{scope}/control_dependency", "Identity", [filename, f"^{scope}/SaveV2"],
                attr={"T": _dtypes.string}),
        _string_const(f"{scope}/RestoreV2/tensor_names", keys),
        _string_const(f"{scope}/RestoreV2/shape_and_slices", [""] * len(keys)),
        NodeDef(f"{scope}/RestoreV2", "RestoreV2",
                [filename, f"{scope}/RestoreV2/tensor_names",
                 f"{scope}/RestoreV2/shape_and_slices"], attr={"dtypes": dtypes}),
    ]
    assigns = []
    for k, i in enumerate(order):
        suffix = f"_{k}" if k else ""
        restored = f"{scope}/RestoreV2:{k}" if k else f"{scope}/RestoreV2"
        handle = variables[i]._handle
        if handle.dtype is _dtypes.resource:
            # TF passes a resource variable's value through an Identity before assigning.
            identity = f"{scope}/Identity_{k + 1}"
            nodes.append(NodeDef(identity, "Identity", [restored], attr={"T": dtypes[k]}))
            nodes.append(NodeDef(f"{scope}/AssignVariableOp{suffix}", "AssignVariableOp",
                                 [handle.op.name, identity],
                                 attr={"dtype": dtypes[k], "validate_shape": False}))
            assigns.append(f"^{scope}/AssignVariableOp{suffix}")
        else:
            nodes.append(NodeDef(f"{scope}/Assign{suffix}", "Assign", [handle.op.name, restored],
                                 attr={"T": dtypes[k], "validate_shape": True,
                                       "use_locking": True}))
            assigns.append(f"^{scope}/Assign{suffix}")
    nodes.append(NodeDef(f"{scope}/restore_all", "NoOp", assigns))
    saver_def = SaverDef(filename_tensor_name=f"{filename}:0",
                         save_tensor_name=f"{scope}/control_dependency:0",
                         restore_op_name=f"{scope}/restore_all")
    return nodes, saver_def
