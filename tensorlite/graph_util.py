"""`tf.compat.v1.graph_util` (and TF2's `tf.graph_util`): freezing a TF1 graph and
importing GraphDefs.

`convert_variables_to_constants` follows TF 2.21's rules (tensorflow/python/framework/
convert_to_constants.py): the graph is first pruned to what the outputs need; each variable
node left (VarHandleOp, VariableV2, Variable) becomes a Const of the session's value under
the same name; a ReadVariableOp of it becomes an Identity, a ResourceGather a GatherV2 (with
an "<name>/axis" Const), a ResourceGatherNd a GatherNd, and an Identity passing the handle on
takes the value's dtype.

Differs from TF: GraphDef nodes hold Python attribute values (graph_def.NodeDef).
"""
import logging
import re

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.graph_def import GraphDef, NodeDef, RawAttr, VersionDef

__all__ = ["convert_variables_to_constants", "extract_sub_graph", "import_graph_def",
           "must_run_on_cpu", "remove_training_nodes", "tensor_shape_from_node_def_name"]

_log = logging.getLogger("tensorflow")

_VARIABLE_OPS = ("Variable", "VariableV2", "VarHandleOp")


def _node_name(name):
    return name[1:] if name.startswith("^") else name.split(":")[0]


def _colocated_names(node):
    """The nodes a node's "_class" attribute colocates it with (TF keeps them with it)."""
    names = node.attr.get("_class") or []
    names = [n.decode() if isinstance(n, bytes) else n for n in names]
    return [n[5:] if n.startswith("loc:@") else n for n in names]


def extract_sub_graph(graph_def, dest_nodes):
    """The nodes of `graph_def` that `dest_nodes` (node names) need, in graph order."""
    if not isinstance(graph_def, GraphDef):
        raise TypeError("graph_def must be a graph_pb2.GraphDef proto, but got type "
                        f"{type(graph_def)}.")
    if isinstance(dest_nodes, str):
        raise TypeError(f"dest_nodes must be an iterable of strings, but got type "
                        f"{type(dest_nodes)}.")
    by_name = {_node_name(node.name): node for node in graph_def.node}
    for name in dest_nodes:
        assert name in by_name, "%s is not in graph" % name
    keep, to_visit = set(), list(dest_nodes)
    while to_visit:
        name = to_visit.pop()
        if name in keep:
            continue
        keep.add(name)
        node = by_name.get(name)
        if node is not None:
            to_visit += [_node_name(i) for i in node.input] + _colocated_names(node)
    out = GraphDef([node for node in graph_def.node if _node_name(node.name) in keep],
                   _copy_versions(graph_def.versions))
    out.library = graph_def.library
    return out


def _copy_versions(versions):
    return VersionDef(versions.producer, versions.min_consumer, versions.bad_consumers)


def convert_variables_to_constants(sess, input_graph_def, output_node_names,
                                   variable_names_whitelist=None,
                                   variable_names_blacklist=None):
    """`input_graph_def` pruned to `output_node_names`, with its variables replaced by
    Const nodes holding their values in `sess`."""
    graph_def = extract_sub_graph(input_graph_def, output_node_names)
    to_convert = [node for node in graph_def.node if node.op in _VARIABLE_OPS and
                  (variable_names_whitelist is None or node.name in variable_names_whitelist)
                  and (variable_names_blacklist is None or
                       node.name not in variable_names_blacklist)]
    values = sess.run([_value_tensor(sess.graph, node) for node in to_convert]) \
        if to_convert else []
    converted = {node.name: (node.attr["dtype"], np.asarray(value))
                 for node, value in zip(to_convert, values)}
    nodes = {node.name: node.copy() for node in graph_def.node}
    consumers = {}
    for node in graph_def.node:
        for text in node.input:
            if not text.startswith("^"):
                consumers.setdefault(_node_name(text), []).append(node.name)
    extra = []
    for name, (dtype, value) in converted.items():
        nodes[name] = NodeDef(name, "Const", attr={"dtype": dtype, "value": value})
        _convert_consumers(name, dtype, nodes, consumers, extra, set())
    out = GraphDef([nodes[node.name] for node in graph_def.node] + extra,
                   _copy_versions(graph_def.versions))
    out.library = graph_def.library
    _log.info("Froze %d variables.", len(converted))
    _log.info("Converted %d variables to const ops.", len(converted))
    return out


def _convert_consumers(source, dtype, nodes, consumers, extra, seen):
    """Rewrite the nodes that took `source` (now a value of `dtype`, not a handle)."""
    for name in consumers.get(source, ()):
        if name in seen:
            continue
        seen.add(name)
        node = nodes[name]
        keep_class = {"_class": node.attr["_class"]} if "_class" in node.attr else {}
        if node.op == "ReadVariableOp":
            nodes[name] = NodeDef(name, "Identity", [node.input[0]],
                                  attr={"T": node.attr["dtype"], **keep_class})
        elif node.op == "ResourceGather":
            if node.attr.get("batch_dims", 0) != 0:
                raise ValueError("batch_dims must be 0 for freeze_graph, but got "
                                 f"node({name}).attr('batch_dims') = "
                                 f"{node.attr['batch_dims']}.")
            index_dtype = node.attr["Tindices"]
            extra.append(NodeDef(name + "/axis", "Const", attr={
                "dtype": index_dtype, "value": np.array(0, index_dtype.as_numpy_dtype)}))
            nodes[name] = NodeDef(name, "GatherV2",
                                  [node.input[0], node.input[1], name + "/axis"],
                                  attr={"Tparams": node.attr["dtype"], "Tindices": index_dtype,
                                        "Taxis": index_dtype, **keep_class})
        elif node.op == "ResourceGatherNd":
            nodes[name] = NodeDef(name, "GatherNd", node.input[:2],
                                  attr={"Tparams": node.attr["dtype"],
                                        "Tindices": node.attr["Tindices"], **keep_class})
        elif node.op == "Identity":
            # TF's _Intermediate: the value passes through under its own dtype.
            node.attr["T"] = dtype
            node.attr.pop("_output_shapes", None)
            _convert_consumers(name, dtype, nodes, consumers, extra, seen)


def _value_tensor(graph, node):
    """The tensor whose value freezes variable `node`: TF reads a resource variable
    through "<name>/Read/ReadVariableOp", the read every graph-mode resource variable
    creates, and a reference variable's output itself. tensorlite's Session gives a
    VariableV2 output as its storage handle, so that is read through "<name>/read"."""
    if node.op == "VarHandleOp":
        return node.name + "/Read/ReadVariableOp:0"
    try:
        return graph.get_operation_by_name(node.name + "/read").outputs[0]
    except (KeyError, ValueError):
        return node.name + ":0"


def remove_training_nodes(input_graph, protected_nodes=None):
    """`input_graph` without CheckNumerics nodes and with Identity/StopGradient nodes
    spliced out (unless protected, colocated with, or linked by control edges)."""
    protected = set(protected_nodes or ())
    removed = {node.name for node in input_graph.node
               if node.op == "CheckNumerics" and node.name not in protected}
    after_removal = []
    for node in input_graph.node:
        if node.name in removed:
            continue
        node = node.copy()
        node.input = [i for i in node.input if re.sub(r"^\^", "", i) not in removed]
        after_removal.append(node)
    control_inputs, with_control_input, colocated = set(), set(), set()
    for node in after_removal:
        for text in node.input:
            if "^" in text:
                control_inputs.add(text.replace("^", ""))
                with_control_input.add(node.name)
        colocated.update(_colocated_names(node))
    splice = {node.name: node.input[0] for node in after_removal
              if node.op in ("Identity", "StopGradient") and node.name not in protected
              and node.name not in colocated and node.name not in with_control_input
              and node.name not in control_inputs}
    result = []
    for node in after_removal:
        if node.name in splice:
            continue
        inputs = []
        for text in node.input:
            name = re.sub(r"^\^", "", text)
            while name in splice:
                text = splice[name]
                name = re.sub(r"^\^", "", text)
            inputs.append(text)
        node.input = inputs
        result.append(node)
    return GraphDef(result)


def must_run_on_cpu(node, pin_variables_on_cpu=False):
    """Whether TF places the node (an Operation or a NodeDef) on the CPU."""
    node_def = node.node_def if hasattr(node, "node_def") else node
    attr = node_def.attr
    if pin_variables_on_cpu and node_def.op in _VARIABLE_OPS + ("AutoReloadVariable",
                                                                "MutableHashTable",
                                                                "MutableHashTableV2",
                                                                "VarHandleOp"):
        return True
    if node_def.op == "Const":
        return attr.get("dtype") in (_dtypes.string, _dtypes.int32)
    if node_def.op in ("DynamicStitch", "ParallelDynamicStitch"):
        return attr.get("T") == _dtypes.int32
    if node_def.op == "Cast":
        return attr.get("SrcT") == _dtypes.int32
    return False


def tensor_shape_from_node_def_name(graph, input_name):
    """The static shape of the tensor a NodeDef input string ("op" or "op:1") names."""
    canonical_name = input_name if ":" in input_name else input_name + ":0"
    return graph.get_tensor_by_name(canonical_name).get_shape()


def import_graph_def(graph_def, input_map=None, return_elements=None, name=None,
                     op_dict=None, producer_op_list=None):
    """Add the nodes of `graph_def` to the default graph under the name scope `name`
    ("import" by default); returns the operations/tensors named in `return_elements`."""
    from tensorlite.train import meta_graph
    if not isinstance(graph_def, GraphDef):
        raise TypeError("graph_def must be a GraphDef proto.")
    graph = _context.get_default_graph()
    node_names = {node.name for node in graph_def.node}
    mapped = {}
    for key, value in (input_map or {}).items():
        key = key if key.startswith("^") or ":" in key else key + ":0"
        mapped[key] = value
    missing = [key for key in mapped if _node_name(key) not in node_names]
    if missing:
        raise ValueError(f"Attempted to map inputs that were not found in graph_def: "
                         f"[{', '.join(missing)}]")
    if name == "":
        prefix = ""
    else:
        with graph.name_scope(name or "import") as scope:
            prefix = scope
    nodes = [{"name": node.name, "op": node.op, "inputs": list(node.input),
              "device": node.device, "attrs": {key: _parsed(value)
                                               for key, value in node.attr.items()},
              "holds_function": any(_holds_raw(v) for v in node.attr.values())}
             for node in graph_def.node]
    meta_graph.import_nodes(graph, nodes, prefix, mapped,
                            library=graph_def.library.SerializeToString())
    if return_elements is None:
        return None
    results = []
    for element in return_elements:
        try:
            results.append(graph.as_graph_element(prefix + element))
        except KeyError:
            raise ValueError(f"Requested return_element {element!r} not found in "
                             "graph_def.") from None
    return results


def _parsed(value):
    """A function-valued attribute (kept serialized by GraphDef) as the function's name."""
    from tensorlite.train import meta_graph
    return meta_graph.parse_attr(value.data) if isinstance(value, RawAttr) else value


def _holds_raw(value):
    return isinstance(value, RawAttr) or (isinstance(value, list) and
                                          any(isinstance(v, RawAttr) for v in value))
