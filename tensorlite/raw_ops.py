"""`tf.raw_ops`: every registered op as TF's keyword-only function
(`tf.raw_ops.MatMul(a=x, b=y, transpose_a=False, name=None)`).

Each function is built from the op's registry record on first access: its inputs are the
OpDef's input names (with TF's Python renames, below), its attributes the OpDef's default
attributes plus the TF attributes the registry does not list, and it ends in `apply`, so it
works eagerly, in graphs and in `tf.function`. Type attributes inferred from the inputs
("T") are not arguments, as in TF. A multi-output op returns TF's namedtuple of its
outputs (`Unique(y, idx)`), an op with one list output a list, an op without outputs
None eagerly and its Operation in a graph.

Differs from TF: ops tensorlite does not register, and the control-flow, function-call and
py_func ops (whose attributes tensorlite keeps as traced graphs and Python callables, not
TF's function names), raise tensorlite's missing-API error. Attributes TF uses only as
hints (`grad_a`, `use_locking`, `shared_name` of a graph variable...) are accepted and not
used where the kernel has no use for them.
"""
import collections
import inspect

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import registry as _registry
from tensorlite.framework.convert import convert_to_tensor as _convert_to_tensor
from tensorlite.framework.dispatch import apply as _apply

_REQUIRED = inspect.Parameter.empty

# TF's Python argument names where its api_defs rename an op definition's argument
# (Sum's `reduction_indices` is `axis`), or where the registry spells an input otherwise
# than TF's op definition (Conj, ComplexAbs): Python name -> registry name.
_RENAMES = {op: {"axis": "reduction_indices"}
            for op in ("Sum", "Mean", "Max", "Min", "Prod", "Any", "All", "EuclideanNorm")}
_RENAMES.update({
    "Split": {"axis": "split_dim"}, "SplitV": {"axis": "split_dim"},
    "ExpandDims": {"axis": "dim"}, "Where": {"condition": "input"},
    "Select": {"x": "t", "y": "e"}, "Squeeze": {"axis": "squeeze_dims"},
    "Conj": {"input": "x"}, "ComplexAbs": {"x": "input"},
})

# TF's attributes that the registry's default_attrs lack (required ones, and defaults the
# kernels take from their own signatures), from TF's op definitions.
_EXTRA_ATTRS = {
    "Angle": {"Tout": _dtypes.float32}, "Real": {"Tout": _dtypes.float32},
    "Imag": {"Tout": _dtypes.float32}, "ComplexAbs": {"Tout": _dtypes.float32},
    "Complex": {"Tout": _dtypes.complex64},
    "AssignAdd": {"use_locking": False}, "AssignSub": {"use_locking": False},
    "BatchMatMulV2": {"grad_x": False, "grad_y": False},
    "MatMul": {"grad_a": False, "grad_b": False},
    "Cast": {"DstT": _REQUIRED}, "CheckNumerics": {"message": _REQUIRED},
    "Const": {"value": _REQUIRED, "dtype": _REQUIRED},
    "DepthToSpace": {"block_size": _REQUIRED}, "SpaceToDepth": {"block_size": _REQUIRED},
    "DynamicPartition": {"num_partitions": _REQUIRED}, "Einsum": {"equation": _REQUIRED},
    "LRN": {"bias": 1.0, "alpha": 1.0}, "LRNGrad": {"bias": 1.0, "alpha": 1.0},
    "ListDiff": {"out_idx": _dtypes.int32}, "Unique": {"out_idx": _dtypes.int32},
    "UniqueWithCounts": {"out_idx": _dtypes.int32},
    "MirrorPad": {"mode": _REQUIRED}, "MirrorPadGrad": {"mode": _REQUIRED},
    "Placeholder": {"dtype": _REQUIRED, "shape": None},
    "PlaceholderWithDefault": {"shape": _REQUIRED},
    "RandomStandardNormal": {"dtype": _REQUIRED}, "RandomUniform": {"dtype": _REQUIRED},
    "TruncatedNormal": {"dtype": _REQUIRED},
    "ReadVariableOp": {"dtype": _REQUIRED}, "ResourceGather": {"dtype": _REQUIRED},
    "ReverseSequence": {"seq_dim": _REQUIRED},
    "ScatterUpdate": {"use_locking": True},
    "Shape": {"out_type": _dtypes.int32}, "Size": {"out_type": _dtypes.int32},
    "Split": {"num_split": _REQUIRED}, "SplitV": {"num_split": _REQUIRED},
    "Unpack": {"num": _REQUIRED},
    "StatelessRandomPoisson": {"dtype": _REQUIRED},
    "StatelessRandomUniformFullIntV2": {"dtype": _dtypes.uint64},
    "TensorListConcatV2": {"element_dtype": _REQUIRED},
    "TensorListElementShape": {"shape_type": _REQUIRED},
    "TensorListGather": {"element_dtype": _REQUIRED},
    "TensorListGetItem": {"element_dtype": _REQUIRED},
    "TensorListReserve": {"element_dtype": _REQUIRED},
    "TensorListStack": {"element_dtype": _REQUIRED, "num_elements": -1},
    "VarHandleOp": {"dtype": _REQUIRED, "shape": _REQUIRED, "shared_name": "",
                    "debug_name": ""},
    "VariableV2": {"shape": _REQUIRED, "dtype": _REQUIRED, "shared_name": ""},
    "RestoreV2": {"dtypes": _REQUIRED}, "StaticRegexFullMatch": {"pattern": _REQUIRED},
    "StaticRegexReplace": {"pattern": _REQUIRED, "rewrite": _REQUIRED},
}
_EXTRA_ATTRS.update((op, {"multiply_linear_by_lr": False}) for op in (
    "ApplyFtrl", "ResourceApplyFtrl", "SparseApplyFtrl", "ResourceSparseApplyFtrl"))
_EXTRA_ATTRS.update((op, {"use_locking": False}) for op in (
    "ScatterAdd", "ScatterDiv", "ScatterMax", "ScatterMin", "ScatterMul", "ScatterSub"))
_EXTRA_ATTRS.update((op, {"ksize": _REQUIRED, "strides": _REQUIRED, "padding": _REQUIRED})
                    for op in ("AvgPool", "AvgPoolGrad", "MaxPool", "MaxPoolGrad",
                               "MaxPoolGradGrad"))
_EXTRA_ATTRS.update((op, {"strides": _REQUIRED, "padding": _REQUIRED}) for op in (
    "Conv2D", "Conv2DBackpropFilter", "Conv2DBackpropInput", "DepthwiseConv2dNative",
    "DepthwiseConv2dNativeBackpropFilter", "DepthwiseConv2dNativeBackpropInput"))

# Attributes the registry keeps that TF's op definitions do not have (TF infers
# StatelessRandomUniformIntV2's dtype from minval; MaxPoolGradGrad has no explicit padding).
_NOT_TF_ATTRS = {"MaxPoolGradGrad": ("explicit_paddings",),
                 "StatelessRandomUniformIntV2": ("dtype",)}

# The output names of TF's multi-output ops (the fields of the namedtuple they return).
_OUTPUT_NAMES = {
    "BroadcastGradientArgs": ("r0", "r1"), "ListDiff": ("out", "idx"),
    "LogMatrixDeterminant": ("sign", "log_abs_determinant"),
    "Merge": ("output", "value_index"), "Qr": ("q", "r"), "SelfAdjointEigV2": ("e", "v"),
    "Lu": ("lu", "p"),
    "SoftmaxCrossEntropyWithLogits": ("loss", "backprop"),
    "SparseSoftmaxCrossEntropyWithLogits": ("loss", "backprop"),
    "StatelessRandomGetKeyCounter": ("key", "counter"), "Svd": ("s", "u", "v"),
    "TensorListConcatV2": ("tensor", "lengths"), "TopKV2": ("values", "indices"),
    "Unique": ("y", "idx"), "UniqueWithCounts": ("y", "idx", "count"),
    "SparseAdd": ("sum_indices", "sum_values", "sum_shape"),
    "SparseAddGrad": ("a_val_grad", "b_val_grad"),
    "SparseFillEmptyRows": ("output_indices", "output_values", "empty_row_indicator",
                            "reverse_index_map"),
    "SparseFillEmptyRowsGrad": ("d_values", "d_default_value"),
    "SparseReorder": ("output_indices", "output_values"),
    "SparseReshape": ("output_indices", "output_shape"),
    "SparseSlice": ("output_indices", "output_values", "output_shape"),
}
# Ops whose one output is a list of tensors.
_LIST_OUTPUT = frozenset({"Split", "SplitV", "Unpack", "ShapeN", "DynamicPartition",
                          "RestoreV2"})

# Registered ops not offered here. TF has no raw op for tensorlite's internal ones; the
# others take functions (If's then_branch, PyFunc's token) that tensorlite's kernels hold as
# traced graphs and Python callables, which a TF function name cannot supply.
_NOT_EXPOSED = frozenset({
    "CustomGradient", "WhileGrad", "TensorListAdd", "TensorListZerosLike",
    "If", "StatelessIf", "Case", "StatelessCase", "While", "StatelessWhile",
    "PartitionedCall", "StatefulPartitionedCall", "PyFunc", "PyFuncStateless", "EagerPyFunc",
    "Assert", "Print", "StringFormat",
    # A stateful random op's generator state is made by its public wrapper (per kernel
    # eagerly, per Session in graphs), which raw ops cannot reach.
    "RandomUniform", "RandomStandardNormal", "TruncatedNormal", "RandomUniformInt",
    "Multinomial", "RandomShuffle", "RandomGamma", "RandomPoissonV2",
    # Datasets are Python objects here, and summary writers tensorlite's own resources.
    "PyDataset", "IteratorGetNext", "IteratorV2", "OneShotIterator", "ReduceDataset",
    "DatasetCardinality", "MakeIterator", "WriteSummary", "ImageSummary",
})

# Modules that register ops but that `import tensorlite` leaves for first use (tf.signal,
# tf.sparse, tf.image, tf.strings, tf.train, tf.summary): loaded when raw_ops is first used.
_OP_MODULES = ("tensorlite.ops.image_ops", "tensorlite.ops.sparse_ops",
               "tensorlite.ops.spectral_ops", "tensorlite.ops.string_ops",
               "tensorlite.train.optimizers", "tensorlite.summary")

# Ops whose generated Python function TF names with a leading underscore (hidden in its
# api_defs); the name shows in the argument errors.
_HIDDEN = frozenset({"Range", "Pow", "Abs", "Sum", "Max", "Min", "Any", "All", "Slice",
                     "Assert", "Print", "HistogramFixedWidth", "If", "While", "Complex"})

_loaded = []   # non-empty once _OP_MODULES are imported


def _snake_case(op_type):
    """TF's GenerateLowerCaseOpName: `_` where lower turns upper or upper turns lower."""
    out = []
    for i, c in enumerate(op_type):
        if c.isupper() and i > 0 and (op_type[i - 1].islower() or (
                i + 1 < len(op_type) and op_type[i + 1].islower())) and out[-1] != "_":
            out.append("_")
        out.append(c.lower())
    name = "".join(out)
    return "_" + name if op_type in _HIDDEN else name


def _missing_message(function_name, missing):
    """Python's own message for missing arguments (TF's raw ops are plain functions)."""
    quoted = [f"'{name}'" for name in missing]
    if len(quoted) == 1:
        listed = quoted[0]
    elif len(quoted) == 2:
        listed = " and ".join(quoted)
    else:
        listed = ", ".join(quoted[:-1]) + ", and " + quoted[-1]
    plural = "argument" if len(missing) == 1 else "arguments"
    return f"{function_name}() missing {len(missing)} required positional {plural}: {listed}"


class _RawOp:
    """One op's keyword-only function: binds TF's argument names to `apply`."""

    def __init__(self, opdef):
        self._opdef = opdef
        op_type = opdef.type
        self.__name__ = self.__qualname__ = _snake_case(op_type)
        self.__module__ = __name__
        to_registry = _RENAMES.get(op_type, {})
        from_registry = {v: k for k, v in to_registry.items()}
        self._to_registry = to_registry
        self._input_names = tuple(from_registry.get(name, name) for name in opdef.input_names)
        if op_type == "DynamicStitch":
            # The registry holds TF's two lists (indices, data) as one list input.
            self._input_names = ("indices", "data")
        dropped = _NOT_TF_ATTRS.get(op_type, ())
        attrs = {from_registry.get(name, name): value
                 for name, value in opdef.default_attrs.items() if name not in dropped}
        attrs.update(_EXTRA_ATTRS.get(op_type, {}))
        self._required_attrs = tuple(name for name, v in attrs.items() if v is _REQUIRED)
        self._defaults = {name: v for name, v in attrs.items() if v is not _REQUIRED}
        self._kernel_attrs, self._inferred = _kernel_attrs(opdef)
        # The field names of a multi-output op's result (None: one tensor, list or None).
        self.output_names = _OUTPUT_NAMES.get(op_type)
        self._output_type = collections.namedtuple(op_type, self.output_names) \
            if self.output_names else None
        parameters = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD)
                      for name in self._input_names + self._required_attrs]
        parameters += [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                         default=value)
                       for name, value in list(self._defaults.items()) + [("name", None)]]
        self.__signature__ = inspect.Signature(parameters)
        self.__doc__ = f"TF's raw op {op_type}{self.__signature__}."

    def __repr__(self):
        return f"<raw op {self._opdef.type}>"

    def __call__(self, *args, **kwargs):
        if args:
            keys = list(self.__signature__.parameters)
            raise TypeError(f"{self.__name__} only takes keyword args (possible keys: {keys}). "
                            f"Please pass these args as kwargs instead.")
        parameters = self.__signature__.parameters
        for key in kwargs:
            if key not in parameters:
                raise TypeError(f"{self.__name__}() got an unexpected keyword argument '{key}'")
        missing = [name for name in self._input_names + self._required_attrs
                   if name not in kwargs]
        if missing:
            raise TypeError(_missing_message(self.__name__, missing))
        name = kwargs.pop("name", None)
        inputs = _flat_inputs(self._opdef, [kwargs.pop(n) for n in self._input_names])
        attrs = {}
        for key, value in list(self._defaults.items()) + list(kwargs.items()):
            key = self._to_registry.get(key, key)
            if key in self._kernel_attrs or self._kernel_attrs is None:
                attrs[key] = value
        if self._inferred:
            inputs = self._infer_type_attrs(inputs, attrs)
        outputs = _apply(self._opdef, inputs, attrs, name)
        return self._structure(outputs)

    def _infer_type_attrs(self, inputs, attrs):
        """Kernels that read inferred attrs (a random op's dtype "T", ShapeN's "N") get them
        as TF's would: from the inputs, converted here to learn their dtypes."""
        opdef = self._opdef
        specs = opdef.input_specs(len(inputs))
        types, tensors = {}, []
        if opdef.type == "DynamicStitch":   # "?": its indices are int32, its data any T
            specs = [_dtypes.int32] * (len(inputs) // 2) + ["T"] * (len(inputs) // 2)
        for value, spec in zip(inputs, specs):
            want = spec if isinstance(spec, _dtypes.DType) else types.get(spec)
            tensor = _convert_to_tensor(value, dtype=want)
            if isinstance(spec, str) and spec != "?":
                types.setdefault(spec, tensor.dtype.base_dtype)
            tensors.append(tensor)
        for attr in self._inferred:
            if attr == "N":
                attrs["N"] = len(inputs) - opdef.fixed_inputs
            elif attr in types:
                attrs[attr] = types[attr]
        if opdef.type == "DynamicStitch":
            attrs["N"], attrs["T"] = len(tensors) // 2, types["T"]
        return tensors

    def _structure(self, outputs):
        op_type = self._opdef.type
        if self._output_type is not None:
            return self._output_type(*outputs)
        if op_type in _LIST_OUTPUT or not isinstance(outputs, list):
            return outputs
        # Ops of a single output whose count the registry computes (TensorList reads).
        return outputs[0] if len(outputs) == 1 else outputs


def _flat_inputs(opdef, values):
    """The op's flat input list: a list argument is spliced in where the signature has it."""
    if opdef.type == "DynamicStitch":
        indices, data = (list(v) for v in values)
        if len(indices) != len(data):
            raise ValueError(f"List argument 'indices' to 'DynamicStitch' Op with length "
                             f"{len(indices)} must match length {len(data)} of argument "
                             f"'data'.")
        return indices + data
    if opdef.list_input is None:
        return values
    position = opdef.list_input
    values = list(values)
    listed = values[position]
    if not isinstance(listed, (list, tuple)):
        raise TypeError(f"Expected list for '{opdef.input_names[position]}' argument to "
                        f"'{opdef.type}' Op, not {listed}.")
    return values[:position] + list(listed) + values[position + 1:]


def _kernel_attrs(opdef):
    """(The attrs the kernel takes, or None for any; the inferred type attrs it reads)."""
    parameters = list(inspect.signature(opdef.kernel).parameters.values())
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None, ()
    # Only what the kernel names: a registry default it does not take (VarHandleOp's
    # allowed_devices) is one the public wrappers never pass either.
    names = {p.name for p in parameters if p.kind is not inspect.Parameter.VAR_POSITIONAL}
    inferred = {spec for spec, _ in opdef.inputs if isinstance(spec, str)}
    if opdef.list_input is not None:
        inferred.add("N")
    taken = tuple(name for name in names if name in inferred)
    return names, taken


def _all_ops():
    if not _loaded:
        import importlib
        for module in _OP_MODULES:
            importlib.import_module(module)
        _loaded.append(True)
    return _registry.all_ops()


def _available():
    ops = _all_ops()
    return sorted(name for name in ops if name not in _NOT_EXPOSED)


def __getattr__(name):
    opdef = _all_ops().get(name)
    if opdef is None or name in _NOT_EXPOSED:
        from tensorlite.runner import missing_api
        raise missing_api(__name__, name)
    # Built once, then found by ordinary attribute lookup.
    function = globals()[name] = _RawOp(opdef)
    return function


def __dir__():
    return _available()
