"""tf.SparseTensor and tf.sparse: construction and its checks, the ops' values, static shapes,
errors and gradients, Session fetches/feeds of sparse tensors and the TF1 names."""
import numpy as np
import pytest

INDICES = [[0, 1], [1, 0], [2, 3]]
VALUES = np.array([1.0, -2.0, 3.0], np.float32)
SHAPE = [3, 4]


def _dense(indices=INDICES, values=VALUES, shape=SHAPE):
    result = np.zeros(shape, np.asarray(values).dtype)
    for index, value in zip(indices, values):
        result[tuple(index)] += value
    return result


def _sparse(tf, indices=INDICES, values=VALUES, shape=SHAPE):
    return tf.SparseTensor(indices, values, shape)


def test_sparse_tensor_components_and_static_shape(tf):
    st = _sparse(tf)
    assert tf.sparse.SparseTensor is tf.SparseTensor
    assert st.indices.dtype == tf.int64 and st.dense_shape.dtype == tf.int64
    assert st.dtype == tf.float32
    assert st.shape == tf.TensorShape([3, 4]) and st.get_shape().as_list() == [3, 4]
    np.testing.assert_array_equal(st.indices.numpy(), INDICES)
    np.testing.assert_array_equal(st.values.numpy(), VALUES)
    np.testing.assert_array_equal(st.dense_shape.numpy(), SHAPE)
    assert isinstance(st, tf.SparseTensor)
    doubled = st.with_values(st.values * 2)
    np.testing.assert_array_equal(tf.sparse.to_dense(doubled).numpy(), 2 * _dense())


def test_sparse_tensor_rejects_inconsistent_components(tf):
    with pytest.raises(ValueError, match="Dimensions 1 and 2 are not compatible"):
        tf.SparseTensor([[0, 0]], [1.0, 2.0], [3, 4])
    with pytest.raises(ValueError, match=r"Shape \(2,\) must have rank 2"):
        tf.SparseTensor([0, 0], [1.0], [3, 4])
    with pytest.raises(ValueError, match="Dimensions 2 and 3 are not compatible"):
        tf.SparseTensor([[0, 0]], [1.0], [3, 4, 5])


def test_sparse_tensor_in_a_graph(tf):
    graph = tf.Graph()
    with graph.as_default():
        values = tf.compat.v1.placeholder(tf.float32, [None])
        st = tf.SparseTensor(INDICES, values, SHAPE)
        assert st.graph is graph and st.op is values.op
        assert st.shape.as_list() == [3, 4]
        unknown = tf.SparseTensor(INDICES, values, tf.compat.v1.placeholder(tf.int64, [2]))
        assert unknown.shape.as_list() == [None, None]
        dense = tf.sparse.to_dense(st)
        assert dense.op.type == "SparseToDense" and dense.shape.as_list() == [3, 4]
        with tf.compat.v1.Session() as sess:
            fetched, value = sess.run([st, dense], {values: VALUES})
    assert isinstance(fetched, tf.compat.v1.SparseTensorValue)
    np.testing.assert_array_equal(fetched.indices, INDICES)
    np.testing.assert_array_equal(fetched.values, VALUES)
    np.testing.assert_array_equal(fetched.dense_shape, SHAPE)
    np.testing.assert_array_equal(value, _dense())


def test_sparse_placeholder_fed_with_value_or_tuple(tf):
    graph = tf.Graph()
    with graph.as_default():
        sp = tf.compat.v1.sparse_placeholder(tf.float32, shape=[3, 4], name="sp")
        assert sp.shape.as_list() == [3, 4]
        assert sp.values.name == "sp/values:0" and sp.indices.name == "sp/indices:0"
        total = tf.compat.v1.sparse_reduce_sum(sp)
        dense = tf.compat.v1.sparse_tensor_to_dense(sp)
        free = tf.compat.v1.sparse_placeholder(tf.float32)
        assert free.shape.rank is None
        free_dense = tf.sparse.to_dense(free)
        with tf.compat.v1.Session() as sess:
            fed = tf.compat.v1.SparseTensorValue(INDICES, VALUES, SHAPE)
            np.testing.assert_allclose(sess.run(total, {sp: fed}), VALUES.sum())
            np.testing.assert_array_equal(sess.run(dense, {sp: (INDICES, VALUES, SHAPE)}),
                                          _dense())
            np.testing.assert_array_equal(
                sess.run(free_dense, {free: (INDICES, VALUES, [4, 5])}),
                _dense(shape=[4, 5]))
            echoed = sess.run(sp, {sp: fed})
    assert isinstance(echoed, tf.compat.v1.SparseTensorValue)
    np.testing.assert_array_equal(echoed.values, VALUES)


def test_to_dense_default_value_validation_and_gradient(tf):
    st = _sparse(tf)
    out = tf.sparse.to_dense(st, default_value=7.0)
    expected = _dense()
    expected[expected == 0] = 7.0
    np.testing.assert_array_equal(out.numpy(), expected)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = \[0,0\] is out"
                       " of order"):
        tf.sparse.to_dense(tf.SparseTensor([[1, 0], [0, 0]], [1.0, 2.0], [3, 4]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[0\] = \[5,0\] is out "
                       r"of bounds: need 0 <= index < \[3,4\]"):
        tf.sparse.to_dense(tf.SparseTensor([[5, 0]], [1.0], [3, 4]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="is repeated"):
        tf.sparse.to_dense(tf.SparseTensor([[0, 0], [0, 0]], [1.0, 2.0], [3, 4]))
    unordered = tf.SparseTensor([[1, 0], [0, 0]], [1.0, 2.0], [2, 2])
    np.testing.assert_array_equal(
        tf.sparse.to_dense(unordered, validate_indices=False).numpy(), [[2, 0], [1, 0]])
    values = tf.constant(VALUES)
    default = tf.constant(0.5)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([values, default])
        dense = tf.sparse.to_dense(tf.SparseTensor(INDICES, values, SHAPE), default)
        loss = tf.reduce_sum(dense * np.arange(12, dtype=np.float32).reshape(3, 4))
    np.testing.assert_allclose(tape.gradient(loss, values).numpy(), [1, 4, 11])
    np.testing.assert_allclose(tape.gradient(loss, default).numpy(), 66 - 16)


def test_v1_sparse_to_dense(tf):
    out = tf.compat.v1.sparse_to_dense([[0, 1], [2, 2]], [3, 3], [5, 6], default_value=-1)
    np.testing.assert_array_equal(out.numpy(), [[-1, 5, -1], [-1, -1, -1], [-1, -1, 6]])


def test_from_dense_and_back(tf):
    dense = np.array([[0, 1.5, 0], [0, 0, -2]], np.float32)
    st = tf.sparse.from_dense(dense)
    np.testing.assert_array_equal(st.indices.numpy(), [[0, 1], [1, 2]])
    np.testing.assert_array_equal(st.values.numpy(), [1.5, -2])
    np.testing.assert_array_equal(st.dense_shape.numpy(), [2, 3])
    np.testing.assert_array_equal(tf.sparse.to_dense(st).numpy(), dense)


def test_reorder_and_its_gradient(tf):
    values = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(values)
        st = tf.sparse.reorder(tf.SparseTensor([[2, 0], [0, 1], [1, 1]], values, [3, 2]))
        loss = tf.reduce_sum(st.values * [10.0, 20.0, 30.0])
    np.testing.assert_array_equal(st.indices.numpy(), [[0, 1], [1, 1], [2, 0]])
    np.testing.assert_array_equal(st.values.numpy(), [2, 3, 1])
    assert st.shape.as_list() == [3, 2]
    np.testing.assert_array_equal(tape.gradient(loss, values).numpy(), [30, 10, 20])


def test_reshape(tf):
    st = _sparse(tf)
    reshaped = tf.sparse.reshape(st, [2, -1])
    assert reshaped.shape.as_list() == [2, 6]
    np.testing.assert_array_equal(tf.sparse.to_dense(reshaped).numpy(),
                                  _dense().reshape(2, 6))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input to reshape is a tensor "
                       r"with 12 dense values, but the requested shape has 10"):
        tf.sparse.reshape(st, [5, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="only one output dimension may"):
        tf.sparse.reshape(st, tf.constant([-1, -1], tf.int64) + tf.zeros([2], tf.int64))
    graph = tf.Graph()
    with graph.as_default():
        # While building a graph, known shapes that cannot match fail at once.
        with pytest.raises(ValueError, match="Cannot reshape a tensor with 12 elements"):
            tf.sparse.reshape(_sparse(tf), [5, 2])
        sp = tf.compat.v1.sparse_placeholder(tf.float32)
        out = tf.compat.v1.sparse_reshape(sp, [4, 3])
        assert out.indices.op.type == "SparseReshape"
        with tf.compat.v1.Session() as sess:
            value = sess.run(out, {sp: (INDICES, VALUES, SHAPE)})
    np.testing.assert_array_equal(value.dense_shape, [4, 3])
    np.testing.assert_array_equal(value.indices, [[0, 1], [1, 1], [3, 2]])


def test_sparse_add_sparse(tf):
    a = _sparse(tf)
    b = tf.SparseTensor([[0, 1], [2, 0]], [-0.5, 4.0], SHAPE)
    total = tf.sparse.add(a, b)
    assert isinstance(total, tf.SparseTensor) and total.shape.as_list() == [3, 4]
    np.testing.assert_array_equal(total.indices.numpy(), [[0, 1], [1, 0], [2, 0], [2, 3]])
    np.testing.assert_array_equal(total.values.numpy(), [0.5, -2, 4, 3])
    # The threshold drops small sums of two values only.
    small = tf.sparse.add(a, b, threshold=0.6)
    np.testing.assert_array_equal(small.indices.numpy(), [[1, 0], [2, 0], [2, 3]])
    v1 = tf.compat.v1.sparse_add(a, b, thresh=0.6)
    np.testing.assert_array_equal(v1.values.numpy(), small.values.numpy())
    with pytest.raises(tf.errors.InvalidArgumentError, match="Operands' shapes do not match"):
        tf.sparse.add(a, tf.SparseTensor([[0, 0]], [1.0], [3, 5]))
    with pytest.raises(TypeError, match="At least one input should be SparseTensor"):
        tf.sparse.add(tf.ones([2]), tf.ones([2]))


def test_sparse_add_gradient(tf):
    a_values, b_values = tf.constant(VALUES), tf.constant([-0.5, 4.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([a_values, b_values])
        total = tf.sparse.add(tf.SparseTensor(INDICES, a_values, SHAPE),
                              tf.SparseTensor([[0, 1], [2, 0]], b_values, SHAPE))
        loss = tf.reduce_sum(total.values * [1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(tape.gradient(loss, a_values).numpy(), [1, 2, 4])
    np.testing.assert_array_equal(tape.gradient(loss, b_values).numpy(), [1, 3])


def test_sparse_add_dense_and_gradient(tf):
    dense = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
    values = tf.constant(VALUES)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([dense, values])
        out = tf.sparse.add(dense, tf.SparseTensor(INDICES, values, SHAPE))
        loss = tf.reduce_sum(out * out)
    np.testing.assert_array_equal(out.numpy(), dense.numpy() + _dense())
    np.testing.assert_allclose(tape.gradient(loss, dense).numpy(), 2 * out.numpy())
    np.testing.assert_allclose(tape.gradient(loss, values).numpy(),
                               [2 * out.numpy()[tuple(i)] for i in INDICES])
    with pytest.raises(tf.errors.InvalidArgumentError, match="no broadcasting is supported"):
        tf.sparse.add(_sparse(tf), tf.zeros([3, 5]))


@pytest.mark.parametrize("adjoint_a, adjoint_b", [(False, False), (True, False),
                                                  (False, True), (True, True)])
def test_sparse_dense_matmul_and_gradients(tf, adjoint_a, adjoint_b):
    rng = np.random.default_rng(0)
    a = _dense()
    b = rng.uniform(-1, 1, (2, 3) if adjoint_b else (3, 2)).astype(np.float32)
    if not adjoint_a:
        b = rng.uniform(-1, 1, (2, 4) if adjoint_b else (4, 2)).astype(np.float32)
    values, b_tensor = tf.constant(VALUES), tf.constant(b)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([values, b_tensor])
        out = tf.sparse.sparse_dense_matmul(tf.SparseTensor(INDICES, values, SHAPE), b_tensor,
                                            adjoint_a=adjoint_a, adjoint_b=adjoint_b)
        loss = tf.reduce_sum(out * out)
    expected = (a.T if adjoint_a else a) @ (b.T if adjoint_b else b)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5)
    dense_values = tf.constant(a)
    with tf.GradientTape() as dense_tape:
        dense_tape.watch([dense_values, b_tensor])
        dense_out = tf.matmul(dense_values, b_tensor, adjoint_a=adjoint_a, adjoint_b=adjoint_b)
        dense_loss = tf.reduce_sum(dense_out * dense_out)
    a_grad, b_grad = dense_tape.gradient(dense_loss, [dense_values, b_tensor])
    np.testing.assert_allclose(tape.gradient(loss, b_tensor).numpy(), b_grad.numpy(),
                               rtol=1e-5)
    np.testing.assert_allclose(tape.gradient(loss, values).numpy(),
                               [a_grad.numpy()[tuple(i)] for i in INDICES], rtol=1e-5)


def test_sparse_dense_matmul_shapes_and_errors(tf):
    with pytest.raises(tf.errors.InvalidArgumentError, match="inner dimension does not match"):
        tf.sparse.sparse_dense_matmul(_sparse(tf), tf.ones([5, 2]))
    graph = tf.Graph()
    with graph.as_default():
        b = tf.compat.v1.placeholder(tf.float32, [4, None])
        out = tf.compat.v1.sparse_tensor_dense_matmul(_sparse(tf), b)
        assert out.op.type == "SparseTensorDenseMatMul" and out.shape.as_list() == [3, None]
    dense_times_sparse = tf.sparse.sparse_dense_matmul(tf.ones([2, 3]), _sparse(tf))
    np.testing.assert_allclose(dense_times_sparse.numpy(), np.ones([2, 3]) @ _dense())


@pytest.mark.parametrize("axis, keepdims", [(None, False), (0, False), (1, True),
                                            ([0, 1], False), (-1, False)])
def test_reduce_sum(tf, axis, keepdims):
    out = tf.sparse.reduce_sum(_sparse(tf), axis=axis, keepdims=keepdims)
    expected = np.sum(_dense(), axis=None if axis is None else tuple(np.atleast_1d(axis)),
                      keepdims=keepdims)
    np.testing.assert_allclose(out.numpy(), expected)
    assert out.shape.as_list() == list(np.shape(expected))


def test_reduce_sum_gradient_and_v1_names(tf):
    values = tf.constant(VALUES)
    with tf.GradientTape() as tape:
        tape.watch(values)
        out = tf.sparse.reduce_sum(tf.SparseTensor(INDICES, values, SHAPE), axis=1)
        loss = tf.reduce_sum(out * [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(tape.gradient(loss, values).numpy(), [1, 2, 3])
    out = tf.compat.v1.sparse_reduce_sum(_sparse(tf), reduction_axes=0, keep_dims=True)
    np.testing.assert_allclose(out.numpy(), _dense().sum(0, keepdims=True))


def test_reduce_max_ignores_missing_values(tf):
    st = tf.SparseTensor([[0, 0], [0, 1], [2, 1]], [-3.0, -1.0, -5.0], [3, 2])
    np.testing.assert_array_equal(tf.sparse.reduce_max(st, 1).numpy(), [-1, 0, -5])
    np.testing.assert_array_equal(tf.sparse.reduce_max(st).numpy(), -1)
    np.testing.assert_array_equal(tf.compat.v1.sparse_reduce_max(st, 0).numpy(), [-3, -1])


def test_retain(tf):
    out = tf.sparse.retain(_sparse(tf), [True, False, True])
    np.testing.assert_array_equal(out.indices.numpy(), [[0, 1], [2, 3]])
    np.testing.assert_array_equal(out.values.numpy(), [1, 3])
    np.testing.assert_array_equal(out.dense_shape.numpy(), SHAPE)
    with pytest.raises(ValueError):
        tf.sparse.retain(_sparse(tf), [True, False])


def test_slice_and_gradient(tf):
    values = tf.constant(VALUES)
    with tf.GradientTape() as tape:
        tape.watch(values)
        out = tf.sparse.slice(tf.SparseTensor(INDICES, values, SHAPE), [1, 0], [5, 5])
        loss = tf.reduce_sum(out.values * [10.0, 20.0])
    np.testing.assert_array_equal(out.indices.numpy(), [[0, 0], [1, 3]])
    np.testing.assert_array_equal(out.values.numpy(), [-2, 3])
    np.testing.assert_array_equal(out.dense_shape.numpy(), [2, 4])
    np.testing.assert_array_equal(tape.gradient(loss, values).numpy(), [0, 10, 20])


def test_transpose(tf):
    out = tf.sparse.transpose(_sparse(tf))
    assert out.shape.as_list() == [4, 3]
    np.testing.assert_array_equal(out.indices.numpy(), [[0, 1], [1, 0], [3, 2]])
    np.testing.assert_array_equal(tf.sparse.to_dense(out).numpy(), _dense().T)
    three = tf.SparseTensor([[0, 1, 2], [1, 0, 0]], [1, 2], [2, 3, 4])
    permuted = tf.sparse.transpose(three, [2, 0, 1])
    np.testing.assert_array_equal(tf.sparse.to_dense(permuted).numpy(),
                                  np.transpose(tf.sparse.to_dense(three).numpy(), [2, 0, 1]))


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concat(tf, axis):
    other_shape = [2, 4] if axis == 0 else [3, 2]
    other = tf.SparseTensor([[0, 0], [1, 1]], [5.0, 6.0], other_shape)
    out = tf.sparse.concat(axis, [_sparse(tf), other])
    expected = np.concatenate([_dense(), _dense([[0, 0], [1, 1]], [5, 6], other_shape)], axis)
    np.testing.assert_array_equal(tf.sparse.to_dense(out).numpy(), expected)
    assert out.shape.as_list() == list(expected.shape)
    v1 = tf.compat.v1.sparse_concat(axis, [_sparse(tf), other])
    np.testing.assert_array_equal(v1.indices.numpy(), out.indices.numpy())


def test_concat_expanding_nonconcat_dims(tf):
    small = tf.SparseTensor([[1, 1]], [7.0], [2, 2])
    out = tf.sparse.concat(1, [_sparse(tf), small], expand_nonconcat_dims=True)
    np.testing.assert_array_equal(out.dense_shape.numpy(), [3, 6])
    np.testing.assert_array_equal(out.indices.numpy(), [[0, 1], [1, 0], [1, 5], [2, 3]])


def test_fill_empty_rows_and_gradient(tf):
    values, default = tf.constant([1.0, 2.0]), tf.constant(9.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([values, default])
        st, empty = tf.sparse.fill_empty_rows(tf.SparseTensor([[0, 1], [2, 3]], values,
                                                              [4, 4]), default)
        loss = tf.reduce_sum(st.values * [1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(st.indices.numpy(), [[0, 1], [1, 0], [2, 3], [3, 0]])
    np.testing.assert_array_equal(st.values.numpy(), [1, 9, 2, 9])
    np.testing.assert_array_equal(empty.numpy(), [False, True, False, True])
    np.testing.assert_array_equal(tape.gradient(loss, values).numpy(), [1, 3])
    np.testing.assert_array_equal(tape.gradient(loss, default).numpy(), 6)


def test_expand_dims_and_map_values(tf):
    out = tf.sparse.expand_dims(_sparse(tf), 1)
    assert out.shape.as_list() == [3, 1, 4]
    np.testing.assert_array_equal(tf.sparse.to_dense(out).numpy(), _dense()[:, None, :])
    last = tf.sparse.expand_dims(_sparse(tf))
    np.testing.assert_array_equal(last.dense_shape.numpy(), [3, 4, 1])
    squared = tf.sparse.map_values(tf.square, _sparse(tf))
    np.testing.assert_array_equal(squared.values.numpy(), VALUES ** 2)
    np.testing.assert_array_equal(squared.indices.numpy(), INDICES)


def test_sparse_ops_inside_a_function(tf):
    @tf.function
    def densify(values, b):
        st = tf.SparseTensor(INDICES, values, SHAPE)
        total = tf.sparse.reduce_sum(st, axis=0)
        return tf.sparse.to_dense(st), tf.sparse.sparse_dense_matmul(st, b), total

    b = np.ones([4, 2], np.float32)
    dense, product, total = densify(tf.constant(VALUES), tf.constant(b))
    np.testing.assert_array_equal(dense.numpy(), _dense())
    np.testing.assert_allclose(product.numpy(), _dense() @ b)
    np.testing.assert_allclose(total.numpy(), _dense().sum(0))


def test_symbolic_gradients_in_a_graph(tf):
    graph = tf.Graph()
    with graph.as_default():
        values = tf.compat.v1.placeholder(tf.float32, [3])
        b = tf.constant(np.ones([4, 2], np.float32))
        st = tf.SparseTensor(INDICES, values, SHAPE)
        loss = tf.reduce_sum(tf.sparse.sparse_dense_matmul(st, b)) + \
            tf.reduce_sum(tf.sparse.add(st, st).values)
        grad, = tf.compat.v1.gradients(loss, [values])
        with tf.compat.v1.Session() as sess:
            np.testing.assert_allclose(sess.run(grad, {values: VALUES}), [4, 4, 4])


def test_composite_tensors_are_tensors_to_is_tensor(tf):
    assert tf.is_tensor(tf.SparseTensor([[0]], [1.0], [2]))
    assert tf.is_tensor(tf.IndexedSlices(tf.constant([1.0]), tf.constant([0])))
    assert not tf.is_tensor(tf.compat.v1.SparseTensorValue([[0]], [1.0], [2]))
