"""tf.raw_ops: keyword-only calls named after each op's inputs and attributes, TF's output
structures, and its argument errors; eagerly, in graphs and in tf.function."""
import numpy as np
import pytest


def test_elementwise_and_matmul(tf):
    r = tf.raw_ops
    assert r.AddV2(x=1.0, y=2.5).numpy() == 3.5
    assert r.Sub(x=tf.constant([3, 4]), y=2).numpy().tolist() == [1, 2]
    np.testing.assert_allclose(r.Exp(x=[0.0, 1.0]).numpy(), np.exp([0.0, 1.0]), rtol=1e-6)
    a = tf.constant([[1.0, 2.0]])
    b = tf.constant([[3.0], [4.0]])
    assert r.MatMul(a=a, b=b).numpy().tolist() == [[11.0]]
    assert r.MatMul(a=a, b=a, transpose_b=True).numpy().tolist() == [[5.0]]
    x = tf.ones([2, 2, 3])
    y = tf.ones([2, 2, 3])
    assert r.BatchMatMulV2(x=x, y=y, adj_y=True).shape.as_list() == [2, 2, 2]


def test_reductions_use_axis_and_keep_dims(tf):
    r = tf.raw_ops
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    total = r.Sum(input=x, axis=1, keep_dims=True)
    assert total.numpy().tolist() == [[3.0], [7.0]]
    assert r.Max(input=x, axis=[0, 1]).numpy() == 4.0
    assert r.Mean(input=x, axis=0).numpy().tolist() == [2.0, 3.0]
    assert r.ArgMax(input=x, dimension=1).dtype == tf.int64


def test_array_ops(tf):
    r = tf.raw_ops
    joined = r.ConcatV2(values=[[1.0], tf.constant([2.0, 3.0])], axis=0)
    assert joined.numpy().tolist() == [1.0, 2.0, 3.0]
    packed = r.Pack(values=[tf.constant([1, 2]), tf.constant([3, 4])], axis=1)
    assert packed.numpy().tolist() == [[1, 3], [2, 4]]
    rows = r.Unpack(value=packed, num=2)
    assert isinstance(rows, list) and [t.numpy().tolist() for t in rows] == [[1, 3], [2, 4]]
    assert r.Reshape(tensor=tf.range(6), shape=[2, -1]).shape.as_list() == [2, 3]
    assert r.ExpandDims(input=[1, 2], axis=0).shape.as_list() == [1, 2]
    assert r.Squeeze(input=[[1.0]], axis=[0]).shape.as_list() == [1]
    assert r.Where(condition=[True, False, True]).numpy().tolist() == [[0], [2]]
    stitched = r.DynamicStitch(indices=[[1], [0]], data=[[5.0], [6.0]])
    assert stitched.numpy().tolist() == [6.0, 5.0]


def test_cast_and_shape_attrs(tf):
    r = tf.raw_ops
    cast = r.Cast(x=[1.7, -2.2], DstT=tf.int32)
    assert cast.dtype == tf.int32 and cast.numpy().tolist() == [1, -2]
    shape = r.Shape(input=tf.zeros([2, 3]))
    assert shape.dtype == tf.int32 and shape.numpy().tolist() == [2, 3]
    assert r.Shape(input=tf.zeros([2, 3]), out_type=tf.int64).dtype == tf.int64
    sizes = r.ShapeN(input=[tf.zeros([1]), tf.zeros([2, 3])])
    assert [s.numpy().tolist() for s in sizes] == [[1], [2, 3]]


def test_multi_output_ops_return_named_tuples(tf):
    r = tf.raw_ops
    unique = r.Unique(x=[4, 2, 4])
    assert type(unique).__name__ == "Unique" and unique._fields == ("y", "idx")
    assert unique.y.numpy().tolist() == [4, 2] and unique.idx.numpy().tolist() == [0, 1, 0]
    assert r.Unique(x=[1, 1], out_idx=tf.int64).idx.dtype == tf.int64
    top = r.TopKV2(input=[1.0, 3.0, 2.0], k=2)
    assert top._fields == ("values", "indices")
    assert top.values.numpy().tolist() == [3.0, 2.0] and top.indices.numpy().tolist() == [1, 2]
    xent = r.SoftmaxCrossEntropyWithLogits(features=[[0.0, 0.0]], labels=[[0.0, 1.0]])
    assert xent._fields == ("loss", "backprop")
    np.testing.assert_allclose(xent.loss.numpy(), [np.log(2.0)], rtol=1e-6)
    np.testing.assert_allclose(xent.backprop.numpy(), [[0.5, -0.5]], rtol=1e-6)
    loss, backprop = xent
    assert backprop.shape.as_list() == [1, 2]
    parts = r.Split(axis=0, value=[1.0, 2.0, 3.0, 4.0], num_split=2)
    assert isinstance(parts, list) and [p.numpy().tolist() for p in parts] == [[1, 2], [3, 4]]
    pieces = r.SplitV(value=[1, 2, 3], size_splits=[1, 2], axis=0, num_split=2)
    assert [p.numpy().tolist() for p in pieces] == [[1], [2, 3]]


def test_graph_mode_names_and_structures(tf):
    r = tf.raw_ops
    with tf.Graph().as_default() as graph:
        total = r.AddV2(x=1.0, y=2.0)
        named = r.AddV2(x=total, y=1.0, name="plus")
        assert total.name == "AddV2:0" and named.name == "plus:0"
        assert total.op.inputs[0].name == "AddV2/x:0"
        unique = r.Unique(x=[3, 3, 1])
        assert unique._fields == ("y", "idx") and unique.y.name == "Unique:0"
        parts = r.Split(axis=0, value=[1.0, 2.0], num_split=2)
        assert [p.name for p in parts] == ["Split:0", "Split:1"]
        noop = r.NoOp()
        assert isinstance(noop, tf.Operation) and noop.type == "NoOp"
        assert graph.get_operation_by_name("Split").type == "Split"
        summed = r.Sum(input=[[1.0, 2.0]], axis=1, keep_dims=True)
        assert summed.op.get_attr("keep_dims") is True
        with tf.compat.v1.Session() as session:
            assert session.run(named) == 4.0
            assert session.run(unique.idx).tolist() == [0, 0, 1]


def test_in_tf_function(tf):
    @tf.function
    def top_two(x):
        result = tf.raw_ops.TopKV2(input=x, k=2)
        return result.values, tf.raw_ops.Cast(x=result.indices, DstT=tf.float32)

    values, indices = top_two(tf.constant([1.0, 5.0, 3.0]))
    assert values.numpy().tolist() == [5.0, 3.0] and indices.numpy().tolist() == [1.0, 2.0]


def test_variable_ops(tf):
    r = tf.raw_ops
    v = tf.Variable([1.0, 2.0])
    assert r.AssignVariableOp(resource=v.handle, value=[3.0, 4.0]) is None
    assert v.numpy().tolist() == [3.0, 4.0]
    r.AssignAddVariableOp(resource=v.handle, value=[1.0, 1.0])
    assert r.ReadVariableOp(resource=v.handle, dtype=tf.float32).numpy().tolist() == [4.0, 5.0]
    with tf.Graph().as_default():
        handle = r.VarHandleOp(dtype=tf.float32, shape=[2], shared_name="w")
        assign = r.AssignVariableOp(resource=handle, value=[1.0, 2.0])
        assert isinstance(assign, tf.Operation)
        read = r.ReadVariableOp(resource=handle, dtype=tf.float32)
        with tf.compat.v1.Session() as session:
            session.run(assign)
            assert session.run(read).tolist() == [1.0, 2.0]


def test_positional_arguments_are_refused(tf):
    with pytest.raises(TypeError) as info:
        tf.raw_ops.AddV2(1.0, 2.0)
    assert str(info.value) == ("add_v2 only takes keyword args (possible keys: ['x', 'y', "
                               "'name']). Please pass these args as kwargs instead.")
    with pytest.raises(TypeError, match=r"^mat_mul only takes keyword args \(possible keys: "
                                        r"\['a', 'b', 'transpose_a'"):
        tf.raw_ops.MatMul(tf.ones([1, 1]), b=tf.ones([1, 1]))


def test_missing_and_unexpected_arguments(tf):
    r = tf.raw_ops
    with pytest.raises(TypeError) as info:
        r.AddV2(x=1.0)
    assert str(info.value) == "add_v2() missing 1 required positional argument: 'y'"
    with pytest.raises(TypeError) as info:
        r.Cast()
    assert str(info.value) == "cast() missing 2 required positional arguments: 'x' and 'DstT'"
    with pytest.raises(TypeError) as info:
        r.Sum(input=[1.0])
    assert str(info.value) == "_sum() missing 1 required positional argument: 'axis'"
    # Type attributes are inferred from the inputs, never passed.
    with pytest.raises(TypeError) as info:
        r.AddV2(x=1.0, y=2.0, T=tf.float32)
    assert str(info.value) == "add_v2() got an unexpected keyword argument 'T'"
    with pytest.raises(TypeError) as info:
        r.Cast(x=1, SrcT=tf.int32, DstT=tf.float32)
    assert str(info.value) == "cast() got an unexpected keyword argument 'SrcT'"
    with pytest.raises(TypeError) as info:
        r.Sum(input=[1.0], reduction_indices=0)
    assert str(info.value) == "_sum() got an unexpected keyword argument 'reduction_indices'"


def test_unknown_op_and_listing(tf):
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchOp'"):
        tf.raw_ops.NoSuchOp
    names = dir(tf.raw_ops)
    for op in ("AddV2", "MatMul", "ConcatV2", "Unique", "TopKV2", "ReadVariableOp"):
        assert op in names
    assert tf.compat.v1.raw_ops.MatMul is tf.raw_ops.MatMul
