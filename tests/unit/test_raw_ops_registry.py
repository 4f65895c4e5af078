"""Every registered op that TF offers as a raw op resolves in tf.raw_ops, named as TF names
its arguments, and every multi-output op has TF's output names."""
import inspect

import pytest

import tensorlite as tf
from tensorlite.framework import registry
from tensorlite.runner import MissingAPIError

# Registered ops that tf.raw_ops does not offer (tensorlite/raw_ops.py says why).
NOT_OFFERED = {
    "CustomGradient", "WhileGrad", "TensorListAdd", "TensorListZerosLike",
    "If", "StatelessIf", "Case", "StatelessCase", "While", "StatelessWhile",
    "PartitionedCall", "StatefulPartitionedCall", "PyFunc", "PyFuncStateless", "EagerPyFunc",
    "Assert", "Print", "StringFormat",
    "RandomUniform", "RandomStandardNormal", "TruncatedNormal", "RandomUniformInt",
    "Multinomial", "RandomShuffle", "RandomGamma", "RandomPoissonV2",
    "PyDataset", "IteratorGetNext", "IteratorV2", "OneShotIterator", "ReduceDataset",
    "DatasetCardinality", "MakeIterator", "WriteSummary", "ImageSummary",
}

# TF's Python argument names that differ from the registry's input names.
RENAMED_BY_OP = {op: {"reduction_indices": "axis"} for op in (
    "Sum", "Mean", "Max", "Min", "Prod", "Any", "All", "EuclideanNorm")}
RENAMED_BY_OP.update({"Split": {"split_dim": "axis"}, "SplitV": {"split_dim": "axis"},
                      "ExpandDims": {"dim": "axis"}, "Where": {"input": "condition"},
                      "Select": {"t": "x", "e": "y"}, "Conj": {"x": "input"},
                      "ComplexAbs": {"input": "x"}, "DynamicStitch": None})


def _registered():
    dir(tf.raw_ops)      # loads the op modules tf.raw_ops covers
    return registry.all_ops()


def test_every_registered_op_resolves_with_its_input_names():
    ops = _registered()
    assert set(dir(tf.raw_ops)) == set(ops) - NOT_OFFERED
    for name, opdef in ops.items():
        if name in NOT_OFFERED:
            continue
        function = getattr(tf.raw_ops, name)
        renames = RENAMED_BY_OP.get(name, {})
        expected = ["indices", "data"] if renames is None else \
            [renames.get(n, n) for n in opdef.input_names]
        parameters = list(inspect.signature(function).parameters)
        assert parameters[:len(expected)] == expected, name
        assert parameters[-1] == "name", name
        # Inferred type attributes are not arguments.
        assert not set(parameters) & {spec for spec, _ in opdef.inputs if spec != "dtype"
                                      and isinstance(spec, str)}, name


def test_multi_output_ops_have_output_names():
    for name, opdef in _registered().items():
        if name in NOT_OFFERED or callable(opdef.outputs) or opdef.num_outputs < 2:
            continue
        assert len(getattr(tf.raw_ops, name).output_names) == opdef.num_outputs, name


@pytest.mark.parametrize("name", sorted(NOT_OFFERED) + ["NoSuchOp"])
def test_ops_not_offered_raise_the_missing_api_error(name):
    with pytest.raises(MissingAPIError, match=f"does not provide tf.raw_ops.{name}"):
        getattr(tf.raw_ops, name)
