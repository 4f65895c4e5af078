"""Graphs with function bodies as TF writes them: FunctionDefs in a GraphDef's `library`.

tensorlite's If/Case/While/PartitionedCall ops hold traced bodies (`_Body`,
`ConcreteFunction`) in their attributes. On export each body becomes a FunctionDef and its
calling node takes TF's form: function-valued attrs (`AttrValue.func`), `Tin`/`Tout`/`T`,
`output_shapes`, `_lower_using_switch_merge`. Differs from TF's own layout where tensorlite's
ops differ from TF's:
- an If/Case branch takes only the captures it uses; TF's take every input of the op, so
  each exported branch takes them all and leaves the others unused;
- a While passes captures and `maximum_iterations` outside its loop variables; TF's loop
  variables are all of its inputs, so the export appends the captures (passed through by
  the body) and, with maximum_iterations, a loop counter and the limit (TF puts those two
  first; last keeps every output index the outer graph refers to unchanged).
"""
import re

from tensorlite import event_file
from tensorlite.framework.tensor_shape import TensorShape

# Output argument names of TF's OpDefs (`AddV2: z`, `MatMul: product`), which name tensors
# inside a function body (`add:z:0`). Taken once from TF 2.21's op registry. An op with one
# argument lists its outputs as `arg:0`, `arg:1` (a list argument); otherwise argument k
# holds output k.
_OUTPUT_ARGS = {
    (): (
        "Assert AssignAddVariableOp AssignSubVariableOp AssignVariableOp MakeIterator "
        "NoOp PrintV2 ResourceApplyAdadelta ResourceApplyAdagrad ResourceApplyAdam "
        "ResourceApplyCenteredRMSProp ResourceApplyFtrl ResourceApplyGradientDescent "
        "ResourceApplyMomentum ResourceApplyRMSProp ResourceScatterAdd ResourceScatterDiv "
        "ResourceScatterMax ResourceScatterMin ResourceScatterMul ResourceScatterSub "
        "ResourceScatterUpdate ResourceSparseApplyAdadelta ResourceSparseApplyAdagrad "
        "ResourceSparseApplyCenteredRMSProp ResourceSparseApplyFtrl "
        "ResourceSparseApplyMomentum ResourceSparseApplyRMSProp WriteSummary"
    ),
    ('activations',): "Elu LeakyRelu Relu Relu6 Selu Softplus Softsign",
    ('backprops',): "EluGrad LeakyReluGrad Relu6Grad ReluGrad SeluGrad",
    ('handle',): "IteratorV2 OneShotIterator TensorListReserve",
    ('out',): (
        "ApplyAdadelta ApplyAdagrad ApplyAdam ApplyCenteredRMSProp ApplyFtrl "
        "ApplyGradientDescent ApplyMomentum ApplyRMSProp Complex Cumprod Cumsum "
        "HistogramFixedWidth SparseApplyAdadelta SparseApplyAdagrad "
        "SparseApplyCenteredRMSProp SparseApplyFtrl SparseApplyMomentum "
        "SparseApplyRMSProp"
    ),
    ('output',): (
        "AdjustContrastv2 All Angle Any ArgMax ArgMin AsString AvgPool AvgPoolGrad "
        "BatchMatMulV2 BiasAdd BiasAddGrad BroadcastTo Case CheckNumerics Cholesky "
        "ConcatV2 Conj Const Conv2D Conv2DBackpropFilter Conv2DBackpropInput "
        "DenseBincount DepthToSpace DepthwiseConv2dNative "
        "DepthwiseConv2dNativeBackpropFilter DepthwiseConv2dNativeBackpropInput Diag "
        "EagerPyFunc Einsum EuclideanNorm ExpandDims FFT FFT2D FFT3D Fill GatherNd "
        "GatherV2 IFFT IFFT2D IFFT3D IRFFT IRFFT2D IRFFT3D Identity If Imag L2Loss LRN "
        "LRNGrad LinSpace LowerBound MatrixDeterminant MatrixDiagV3 MatrixInverse "
        "MatrixSetDiagV3 MatrixSolve MatrixSolveLs MatrixTriangularSolve Max MaxPool "
        "MaxPoolGrad MaxPoolGradGrad Mean Min MirrorPad MirrorPadGrad Multinomial OneHot "
        "Pack Pad PadV2 PartitionedCall Placeholder PlaceholderWithDefault Print Prod "
        "PyFunc PyFuncStateless RFFT RFFT2D RFFT3D RandomGamma RandomPoissonV2 "
        "RandomShuffle RandomStandardNormal RandomUniform RandomUniformInt Range Rank "
        "Real ReduceJoin RegexFullMatch RegexReplace Reshape ResizeBilinearGrad "
        "ResizeNearestNeighborGrad ResourceGather ReverseSequence ReverseV2 Roll "
        "ScatterNd SegmentMax SegmentMean SegmentMin SegmentProd SegmentSum Select "
        "SelectV2 Shape ShapeN Size Slice SpaceToDepth SparseReduceMax SparseReduceSum "
        "SparseTensorDenseAdd Split SplitV Squeeze StatefulPartitionedCall "
        "StatefulRandomBinomial StatelessCase StatelessIf StatelessMultinomial "
        "StatelessRandomBinomial StatelessRandomGammaV2 StatelessRandomNormalV2 "
        "StatelessRandomPoisson StatelessRandomUniformFullIntV2 "
        "StatelessRandomUniformIntV2 StatelessRandomUniformV2 StatelessTruncatedNormalV2 "
        "StatelessWhile StaticRegexFullMatch StaticRegexReplace StopGradient StridedSlice "
        "StridedSliceGrad StringFormat StringJoin StringLength StringLower StringStrip "
        "StringToNumber StringUpper Substr Sum Tile TruncatedNormal Unpack UnravelIndex "
        "UnsortedSegmentMax UnsortedSegmentMin UnsortedSegmentProd UnsortedSegmentSum "
        "UpperBound While"
    ),
    ('output_handle',): (
        "TensorListFromTensor TensorListResize TensorListScatterIntoExistingList "
        "TensorListSetItem TensorListSplit"
    ),
    ('output_ref',): (
        "Assign AssignAdd AssignSub ScatterAdd ScatterDiv ScatterMax ScatterMin "
        "ScatterMul ScatterSub ScatterUpdate"
    ),
    ('product',): "Cross MatMul SparseTensorDenseMatMul",
    ('summary',): "HistogramSummary ImageSummary MergeSummary ScalarSummary TensorSummaryV2",
    ('y',): (
        "Abs Acos Asin Atan BesselI0e BesselI1e Cast Ceil ComplexAbs ConjugateTranspose "
        "Cos Cosh Digamma Erf Erfinv Exp Expm1 Floor Invert IsFinite IsInf IsNan Lgamma "
        "Log Log1p LogicalNot Ndtri Neg OnesLike Reciprocal Round Rsqrt Sigmoid Sign Sin "
        "Sinh Sqrt Square Tan Tanh Transpose ZerosLike"
    ),
    ('z',): (
        "Add AddV2 Atan2 BitwiseAnd BitwiseOr BitwiseXor DivNoNan Equal FloorDiv FloorMod "
        "Greater GreaterEqual Less LessEqual LogicalAnd LogicalOr Maximum Minimum Mul "
        "NotEqual Polygamma Pow RealDiv SquaredDifference Sub Zeta"
    ),
    ('a_val_grad', 'b_val_grad'): "SparseAddGrad",
    ('band',): "MatrixBandPart",
    ('cardinality',): "DatasetCardinality",
    ('components',): "IteratorGetNext ReduceDataset",
    ('d_values', 'd_default_value'): "SparseFillEmptyRowsGrad",
    ('dense',): "SparseToDense",
    ('diagonal',): "DiagPart MatrixDiagPartV3",
    ('e', 'v'): "SelfAdjointEigV2",
    ('element_shape',): "TensorListElementShape",
    ('index',): "Where",
    ('is_initialized',): "IsVariableInitialized VarIsInitializedOp",
    ('item',): "TensorListGetItem",
    ('key', 'counter'): "StatelessRandomGetKeyCounter",
    ('length',): "TensorListLength",
    ('logsoftmax',): "LogSoftmax",
    ('loss', 'backprop'): "SoftmaxCrossEntropyWithLogits SparseSoftmaxCrossEntropyWithLogits",
    ('merged',): "DynamicStitch",
    ('out', 'idx'): "ListDiff",
    ('output', 'value_index'): "Merge",
    ('output_indices', 'output_shape'): "SparseReshape",
    ('output_indices', 'output_values'): "SparseReorder",
    ('output_indices', 'output_values', 'empty_row_indicator', 'reverse_index_map'):
        "SparseFillEmptyRows",
    ('output_indices', 'output_values', 'output_shape'): "SparseSlice",
    ('outputs',): "DynamicPartition",
    ('precision',): "InTopKV2",
    ('q', 'r'): "Qr",
    ('lu', 'p'): "Lu",
    ('r0', 'r1'): "BroadcastGradientArgs",
    ('ref',): "VariableV2",
    ('resized_images',): "ResizeBilinear ResizeNearestNeighbor",
    ('resource',): "VarHandleOp",
    ('s', 'u', 'v'): "Svd",
    ('sign', 'log_abs_determinant'): "LogMatrixDeterminant",
    ('softmax',): "Softmax",
    ('sum',): "AddN",
    ('sum_indices', 'sum_values', 'sum_shape'): "SparseAdd",
    ('tensor',): "TensorListStack",
    ('tensor', 'lengths'): "TensorListConcatV2",
    ('tensors',): "RestoreV2",
    ('val_grad',): "SparseSliceGrad",
    ('value',): "ReadVariableOp RngReadAndSkip",
    ('values',): "TensorListGather",
    ('values', 'indices'): "TopKV2",
    ('y', 'idx'): "Unique",
    ('y', 'idx', 'count'): "UniqueWithCounts",
}
OUTPUT_ARG_NAMES = {op: args for args, ops in _OUTPUT_ARGS.items() for op in ops.split()}

_FUNCTION_OPS = ("If", "StatelessIf", "Case", "StatelessCase", "While", "StatelessWhile",
                 "PartitionedCall", "StatefulPartitionedCall")


class FuncAttr:
    """A function-valued attribute (AttrValue.func, a NameAttrList with only a name)."""

    def __init__(self, name):
        self.name = name

    def name_attr_list(self):
        return event_file.field_bytes(1, self.name)


class FunctionLibrary:
    """The FunctionDefs an export collects: one per body, however often it is called."""

    def __init__(self):
        self.functions = []               # serialized FunctionDefs, in order of creation
        self._names = {}                  # (id(body), layout) -> function name
        self._used = set()
        self._keep = []                   # the bodies, so their ids stay theirs

    def serialize(self):
        return b"".join(event_file.field_bytes(1, f) for f in self.functions)

    def unique_name(self, hint):
        hint = re.sub(r"[^A-Za-z0-9_.\-]", "_", hint) or "function"
        name, k = hint, 0
        while name in self._used:
            k += 1
            name = f"{hint}_{k}"
        self._used.add(name)
        return name


def export_nodes(ops):
    """(NodeDefs, serialized FunctionDefLibrary) for `ops`, the operations of a graph."""
    from tensorlite.graph_def import NodeDef
    library = FunctionLibrary()
    taken = {op.name for op in ops}
    nodes = []
    for op in ops:
        view = op.node_def
        node = NodeDef(view.name, view.op, view.input, view.device, view.attr)
        nodes.extend(_calling_nodes(op, node, library, taken))
    return nodes, library.serialize()


def _calling_nodes(op, node, library, taken, in_body=False):
    """`node` in TF's form (and any node it needs first, such as a loop counter);
    `in_body`: inside a FunctionDef, where tensors are named `node:arg:index`."""
    if op.type not in _FUNCTION_OPS:
        return [node]
    attrs = op._attrs
    inputs = list(op.inputs)
    in_types = [t.dtype for t in inputs]
    out_shapes = [t.shape for t in op.outputs]
    keep = {k: v for k, v in node.attr.items() if k.startswith("_") and k != "_class"}
    if op.type in ("If", "StatelessIf"):
        args = inputs[1:]
        node.attr = {
            "Tcond": inputs[0].dtype, "Tin": in_types[1:], "Tout": list(attrs["Tout"]),
            "then_branch": FuncAttr(_branch(library, attrs["then_branch"],
                                            attrs["then_index"], args)),
            "else_branch": FuncAttr(_branch(library, attrs["else_branch"],
                                            attrs["else_index"], args)),
            "output_shapes": out_shapes, "_lower_using_switch_merge": True, **keep}
        return [node]
    if op.type in ("Case", "StatelessCase"):
        args = inputs[1:]
        node.attr = {
            "Tin": in_types[1:], "Tout": list(attrs["Tout"]),
            "branches": [FuncAttr(_branch(library, body, index, args))
                         for body, index in zip(attrs["branches"], attrs["indices"])],
            "output_shapes": out_shapes, "_lower_using_switch_merge": True, **keep}
        return [node]
    if op.type in ("PartitionedCall", "StatefulPartitionedCall"):
        f = attrs["f"]
        name = library._names.get((id(f), "call"))
        if name is None:
            name = library.unique_name(f"__inference_{f.name}")
            library._names[(id(f), "call")] = name
            library._keep.append(f)
            arg_map = {id(p): i for i, p in enumerate(f.graph.inputs)}
            library.functions.append(_function_def(
                name, f.graph, [(t.dtype, t.shape, _hint(t)) for t in f.graph.inputs],
                arg_map, [(t, None) for t in f.outputs], library))
        node.attr = {"Tin": in_types, "Tout": list(attrs["Tout"]), "f": FuncAttr(name),
                     "config": "", "config_proto": "", "executor_type": "", **keep}
        return [node]
    return _while_nodes(op, node, library, taken, keep, in_body)


def _branch(library, body, index, args):
    """The name of the FunctionDef of an If/Case branch taking all of `args`."""
    key = (id(body), tuple(index))
    name = library._names.get(key)
    if name is None:
        name = library.unique_name(body.graph.name)
        library._names[key] = name
        library._keep.append(body)
        arg_map = {id(p): i for p, i in zip(body.graph.inputs, index)}
        library.functions.append(_function_def(
            name, body.graph, [(t.dtype, t.shape, _hint(t)) for t in args], arg_map,
            [(t, None) for t in body.outputs], library))
    return name


def _while_nodes(op, node, library, taken, keep, in_body):
    from tensorlite.graph_def import NodeDef
    attrs = op._attrs
    n, cond, body = attrs["num_loop_vars"], attrs["cond"], attrs["body"]
    inputs = list(op.inputs)
    limit = inputs.pop() if attrs["has_maximum_iterations"] else None
    captured = inputs[n:]
    specs = [(t.dtype, shape, _hint(t)) for t, shape in zip(inputs, attrs["shapes"])]
    specs += [(t.dtype, t.shape, _hint(t)) for t in captured]
    extra_nodes = []
    if limit is not None:
        counter = _unique(taken, f"{op.name}/loop_counter")
        import numpy as np
        extra_nodes.append(NodeDef(counter, "Const", [], node.device, {
            "dtype": limit.dtype, "value": np.zeros((), limit.dtype.as_numpy_dtype)}))
        data = [i for i in node.input if not i.startswith("^")]
        counter_ref = f"{counter}:output:0" if in_body else counter
        node.input = data[:-1] + [counter_ref, data[-1]] + \
            [i for i in node.input if i.startswith("^")]
        specs += [(limit.dtype, TensorShape(()), "loop_counter"),
                  (limit.dtype, TensorShape(()), "maximum_iterations")]
    names = []
    for role, graph_body, index in (("cond", cond, attrs["cond_index"]),
                                    ("body", body, attrs["body_index"])):
        key = (id(graph_body), tuple(index), len(specs), "while")
        name = library._names.get(key)
        if name is None:
            name = library.unique_name(graph_body.graph.name)
            library._names[key] = name
            library._keep.append(graph_body)
            places = graph_body.graph.inputs
            arg_map = {id(p): i for i, p in enumerate(places[:n])}
            arg_map.update({id(p): n + i for p, i in zip(places[n:], index)})
            if role == "cond":
                outputs = [(graph_body.outputs[0], None)]
            else:
                outputs = [(t, None) for t in graph_body.outputs]
                outputs += [(None, n + i) for i in range(len(captured))]
            library.functions.append(_function_def(
                name, graph_body.graph, specs, arg_map, outputs, library,
                with_counter=limit is not None, role=role))
        names.append(name)
    types = [spec[0] for spec in specs]
    shapes = [spec[1] for spec in specs]
    node.attr = {"T": types, "cond": FuncAttr(names[0]), "body": FuncAttr(names[1]),
                 "output_shapes": shapes, "parallel_iterations": 10,
                 "_num_original_outputs": len(types), "_lower_using_switch_merge": True,
                 **keep}
    return extra_nodes + [node]


def _unique(taken, name):
    base, k = name, 0
    while name in taken:
        k += 1
        name = f"{base}_{k}"
    taken.add(name)
    return name


def _hint(tensor):
    return tensor.op.name


def _arg_name(hint, used):
    """An OpDef argument name (`[a-z][a-z0-9_]*`, TF's rule) unique in `used`."""
    name = re.sub(r"[^a-z0-9_]", "_", hint.lower())
    if not name or not name[0].isalpha():
        name = "arg_" + name
    base, k = name, 0
    while name in used:
        k += 1
        name = f"{base}_{k}"
    used.add(name)
    return name


def _function_def(name, graph, specs, arg_map, outputs, library, with_counter=False,
                  role=None):
    """A serialized FunctionDef of `graph`: arguments `specs` ((dtype, shape, hint) each),
    graph placeholder id -> argument index `arg_map`, and `outputs`: (tensor, None) or
    (None, argument index) pairs. `with_counter`: the last two arguments are a While's
    loop counter and limit, which the cond checks and the body counts."""
    from tensorlite.graph_def import _node_bytes
    used = set()
    arg_names = [_arg_name(hint, used) for _, _, hint in specs]
    node_names = {}
    for op in graph.get_operations():
        if op.type == "Placeholder" and all(id(t) in arg_map for t in op.outputs):
            continue
        node_name = op.name
        while node_name.lower() in used or node_name in node_names.values():
            node_name += "_0"
        node_names[op] = node_name

    def ref(tensor):
        if id(tensor) in arg_map:
            return arg_names[arg_map[id(tensor)]]
        if tensor.op not in node_names:
            raise ValueError(f"Cannot export function '{name}': tensor {tensor.name} is "
                             "neither computed in the body nor one of its arguments")
        args = OUTPUT_ARG_NAMES.get(tensor.op.type)
        if args is None:
            raise ValueError(
                f"Cannot export function '{name}': op '{tensor.op.name}' "
                f"({tensor.op.type}) has no known TF output argument names; add them to "
                "tensorlite/function_def.py's _OUTPUT_ARGS")
        if len(args) == 1:
            return f"{node_names[tensor.op]}:{args[0]}:{tensor.value_index}"
        return f"{node_names[tensor.op]}:{args[tensor.value_index]}:0"

    body = []
    taken = set(node_names.values())
    from tensorlite.graph_def import NodeDef
    for op, node_name in node_names.items():
        view = op.node_def
        inputs = [ref(t) for t in op.inputs]
        for control in op.control_inputs:
            if control not in node_names:
                raise ValueError(f"Cannot export function '{name}': control input "
                                 f"{control.name} of {op.name} is not in the body")
            inputs.append("^" + node_names[control])
        node = NodeDef(node_name, view.op, inputs, view.device, view.attr)
        for new in _calling_nodes(op, node, library, taken, in_body=True):
            body.append(new)
    output_refs = [ref(t) if t is not None else arg_names[i] for t, i in outputs]
    output_types = [t.dtype if t is not None else specs[i][0] for t, i in outputs]
    if with_counter:
        body, output_refs, output_types = _count_iterations(
            body, output_refs, output_types, arg_names, specs, role, taken)
    out_used = set()
    out_names = [_arg_name(t.op.name if t is not None else arg_names[i], out_used)
                 for t, i in outputs]
    if with_counter and role == "body":
        out_names += [_arg_name(n, out_used) for n in ("loop_counter", "maximum_iterations")]

    def arg_def(arg_name, dtype):
        return event_file.field_bytes(1, arg_name) + event_file.field_varint(
            3, dtype.as_datatype_enum)
    signature = event_file.field_bytes(1, name)
    signature += b"".join(event_file.field_bytes(2, arg_def(a, spec[0]))
                          for a, spec in zip(arg_names, specs))
    signature += b"".join(event_file.field_bytes(3, arg_def(a, dtype))
                          for a, dtype in zip(out_names, output_types))
    out = event_file.field_bytes(1, signature)
    out += b"".join(event_file.field_bytes(3, _node_bytes(node, True, False))
                    for node in body)
    for out_name, value in sorted(zip(out_names, output_refs)):
        out += event_file.field_bytes(4, event_file.field_bytes(1, out_name) +
                                      event_file.field_bytes(2, value))
    for i, (_, shape, _) in enumerate(specs):
        shapes = event_file.field_bytes(1, event_file.field_bytes(7, _shape_bytes(shape)))
        entry = event_file.field_bytes(1, "_output_shapes") + \
            event_file.field_bytes(2, shapes)
        arg_attrs = event_file.field_bytes(1, entry)
        out += event_file.field_bytes(7, event_file.field_varint(1, i) +
                                      event_file.field_bytes(2, arg_attrs))
    return out


def _shape_bytes(shape):
    return event_file.tensor_shape_proto(None if shape.rank is None else shape.as_list())


def _count_iterations(body, refs, types, arg_names, specs, role, taken):
    """The cond ANDs `counter < limit` into its result; the body returns counter + 1 and
    the limit (TF's while_v2 does both)."""
    import numpy as np
    from tensorlite.graph_def import NodeDef
    dtype = specs[-1][0]
    counter, limit = arg_names[-2], arg_names[-1]
    if role == "cond":
        less, both = _unique(taken, "loop_counter_less"), _unique(taken, "loop_and")
        body = body + [NodeDef(less, "Less", [counter, limit], "", {"T": dtype}),
                       NodeDef(both, "LogicalAnd", [f"{less}:z:0", refs[0]], "", {})]
        return body, [f"{both}:z:0"], types
    one, add = _unique(taken, "loop_counter_one"), _unique(taken, "loop_counter_add")
    body = body + [
        NodeDef(one, "Const", [], "", {"dtype": dtype,
                                       "value": np.ones((), dtype.as_numpy_dtype)}),
        NodeDef(add, "AddV2", [counter, f"{one}:output:0"], "", {"T": dtype})]
    return body, refs + [f"{add}:z:0", limit], types + [dtype, dtype]


# ---------------------------------------------------------------------- import

class Unimportable(Exception):
    """A called function cannot be rebuilt (ops tensorlite lacks, a missing FunctionDef)."""


def _parse_function_def(data):
    """{"inputs": [arg name], "outputs": [arg name], "nodes": [node dicts], "ret": {}}."""
    from tensorlite.train import checkpoint_format as fmt
    from tensorlite.train import meta_graph
    result = {"name": "", "inputs": [], "outputs": [], "nodes": [], "ret": {}}
    for number, value in fmt._fields(data):
        if number == 1:
            for field, raw in fmt._fields(value):
                if field == 1:
                    result["name"] = raw.decode()
                elif field in (2, 3):
                    arg = dict(fmt._fields(raw)).get(1, b"").decode()
                    result["inputs" if field == 2 else "outputs"].append(arg)
        elif number == 3:
            result["nodes"].append(meta_graph._parse_node(value))
        elif number == 4:
            entry = dict(fmt._fields(value))
            result["ret"][entry.get(1, b"").decode()] = entry.get(2, b"").decode()
    return result


class FunctionImporter:
    """Rebuilds the FunctionDefs of a GraphDef's library as the traced bodies tensorlite's
    If/Case/While/PartitionedCall ops hold. A body is a FuncGraph whose placeholders are
    the function's arguments, in TF's layout: an If/Case branch takes every input of its
    op, a While's loop variables are all of its inputs (TF's loop counter and limit among
    them), so the ops get no captures and no separate maximum_iterations."""

    def __init__(self, library=b""):
        from tensorlite.train import checkpoint_format as fmt
        self._defs = {}
        for number, value in fmt._fields(library or b""):
            if number == 1:
                parsed = _parse_function_def(value)
                self._defs[parsed["name"]] = parsed
        self._built = {}

    def can_import(self, node):
        return node["op"] in _FUNCTION_OPS and bool(self._defs)

    def call_attrs(self, node, inputs, outer):
        """The kernel attributes of the tensorlite op for `node` (called with `inputs`)."""
        attrs, op = node["attrs"], node["op"]
        tout = tuple(attrs.get("Tout") or ())
        if op in ("If", "StatelessIf"):
            args = inputs[1:]
            index = tuple(range(len(args)))
            return {"then_branch": self._body(attrs["then_branch"], args, outer),
                    "else_branch": self._body(attrs["else_branch"], args, outer),
                    "then_index": index, "else_index": index, "Tout": tout}
        if op in ("Case", "StatelessCase"):
            args = inputs[1:]
            branches = [self._body(f, args, outer) for f in attrs["branches"]]
            return {"branches": branches, "Tout": tout,
                    "indices": tuple(tuple(range(len(args))) for _ in branches)}
        if op in ("While", "StatelessWhile"):
            shapes = attrs.get("output_shapes")
            if not isinstance(shapes, list) or len(shapes) != len(inputs):
                shapes = [t.shape for t in inputs]
            return {"cond": self._body(attrs["cond"], inputs, outer, shapes),
                    "body": self._body(attrs["body"], inputs, outer, shapes),
                    "num_loop_vars": len(inputs), "cond_index": (), "body_index": (),
                    "has_maximum_iterations": False, "T": tuple(t.dtype for t in inputs),
                    "shapes": tuple(shapes)}
        from tensorlite.execution.function import ConcreteFunction
        name = attrs["f"].name
        body = self._body(attrs["f"], inputs, outer)
        graph = body.graph
        # tensorlite writes a tf.function's body as "__inference_<name>": name it back.
        short = name[len("__inference_"):] if name.startswith("__inference_") else name
        function = ConcreteFunction(graph, list(graph.inputs), list(body.outputs), None, short)
        return {"f": function, "Tout": tout}

    def _body(self, function, args, outer, shapes=None):
        from tensorlite.framework.func_graph import FuncGraph
        from tensorlite.ops.control_flow import _Body
        from tensorlite.train import meta_graph
        name = getattr(function, "name", None)
        fdef = self._defs.get(name)
        if fdef is None:
            raise Unimportable(f"function {name!r} is not in the GraphDef's library")
        shapes = [t.shape for t in args] if shapes is None else shapes
        key = (name, tuple(t.dtype for t in args), tuple(str(s) for s in shapes))
        if key in self._built:
            return self._built[key]
        if len(fdef["inputs"]) != len(args):
            raise Unimportable(f"function {name!r} takes {len(fdef['inputs'])} arguments, "
                               f"its caller passes {len(args)}")
        graph = FuncGraph(name, outer_graph=outer)
        input_map = {}
        for arg_name, tensor, shape in zip(fdef["inputs"], args, shapes):
            input_map[f"{arg_name}:0"] = graph.add_argument(tensor.dtype, shape, arg_name)
        types = {node["name"]: node["op"] for node in fdef["nodes"]}
        nodes = [dict(node, inputs=[_graph_input(text, types, name) for text in
                                    node["inputs"]]) for node in fdef["nodes"]]
        with graph.as_default():
            created, skipped, missing = meta_graph.create_nodes(
                graph, nodes, "", False, None, input_map, self)
        outputs = []
        for out_name in fdef["outputs"]:
            text = _graph_input(fdef["ret"][out_name], types, name)
            source, _, index = text.partition(":")
            if f"{source}:{index or 0}" in input_map:
                tensor = input_map[f"{source}:{index or 0}"]
            elif source in created:
                tensor = created[source]._outputs[int(index or 0)]
            else:
                raise Unimportable(f"function {name!r} needs ops tensorlite lacks: "
                                   f"{', '.join(sorted(missing)) or source}")
            outputs.append(tensor)
        body = self._built[key] = _Body(graph, outputs, list(outputs))
        return body


def _graph_input(text, types, function):
    """A FunctionDef input (`arg`, `node:out_arg:index`, `^node`) as a GraphDef's
    (`arg`, `node:k`, `^node`): TF names a node's outputs by its OpDef's output args."""
    if text.startswith("^"):
        return text
    parts = text.split(":")
    if len(parts) != 3:
        return text
    node, arg, index = parts[0], parts[1], int(parts[2])
    args = OUTPUT_ARG_NAMES.get(types.get(node))
    if args is None or len(args) == 1:
        # Unknown names: an op with one output argument (most ops) numbers them so.
        return f"{node}:{index}"
    if arg not in args:
        raise Unimportable(f"function {function!r}: op {node!r} ({types.get(node)}) has no "
                           f"output argument {arg!r}")
    return f"{node}:{args.index(arg) + index}"
