"""Random ops: shapes, dtypes, graph names, TF's seed rules and repeatability, statistics,
errors. The bits differ between implementations; what holds on both is tested."""
import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _clear_global_seed(tf):
    yield
    tf.random.set_seed(None)


def _run_twice(tf, build, seed=None):
    """Values of two runs in one Session, and the first run in a second Session."""
    graph = tf.Graph()
    with graph.as_default():
        if seed is not None:
            tf.compat.v1.set_random_seed(seed)
        value = build()
        with tf.compat.v1.Session() as sess:
            first, second = sess.run(value), sess.run(value)
        with tf.compat.v1.Session() as sess:
            again = sess.run(value)
    return first, second, again


# ---------------------------------------------------------------- shapes, dtypes, names

def test_eager_shapes_and_dtypes(tf):
    assert tf.random.uniform([2, 3]).dtype == tf.float32
    assert tf.random.uniform([2, 3]).shape == (2, 3)
    assert tf.random.uniform([4], 0, 10, dtype=tf.int64).dtype == tf.int64
    assert tf.random.normal([3], dtype=tf.float64).dtype == tf.float64
    assert tf.random.normal([2, 0]).shape == (2, 0)
    assert tf.random.truncated_normal([5, 1]).shape == (5, 1)
    assert tf.random.uniform([]).shape == ()
    samples = tf.random.categorical([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]], 7)
    assert samples.shape == (3, 7) and samples.dtype == tf.int64
    assert tf.random.categorical([[0.0, 1.0]], 2, dtype=tf.int32).dtype == tf.int32
    assert tf.random.shuffle([[1, 2], [3, 4], [5, 6]]).shape == (3, 2)
    assert tf.random.uniform(tf.constant([2, 2], tf.int64)).shape == (2, 2)
    assert tf.random.uniform(tf.TensorShape([3])).shape == (3,)


def test_graph_op_names_and_static_shapes(tf):
    with tf.Graph().as_default() as graph:
        a = tf.random.uniform([2, 3])
        b = tf.random.uniform([2], 1, 5)
        c = tf.random.uniform([2], 0, 10, dtype=tf.int32)
        d = tf.random.normal([2])
        e = tf.random.truncated_normal([2])
        f = tf.random.categorical([[0.1, 0.2]], 3)
        h = tf.random.shuffle([1, 2, 3])
        i = tf.random.uniform([2], maxval=3.0)
        placeholder = tf.compat.v1.placeholder(tf.float32, [None, 4])
        j = tf.random.categorical(placeholder, 5, dtype=tf.int32)
        k = tf.random.shuffle(placeholder)
        shape = tf.compat.v1.placeholder(tf.int32, [2])
        m = tf.random.uniform(shape)
        assert a.name == "random_uniform/RandomUniform:0"
        assert b.name == "random_uniform_1:0" and b.op.type == "AddV2"
        assert c.name == "random_uniform_2:0" and c.op.type == "RandomUniformInt"
        assert d.name == "random_normal:0"
        assert e.name == "truncated_normal:0"
        assert f.name == "categorical/Multinomial:0" and f.dtype == tf.int64
        assert h.name == "RandomShuffle:0"
        assert i.name == "random_uniform_3/Mul:0"
        assert graph.get_operation_by_name("random_normal/RandomStandardNormal").type == \
            "RandomStandardNormal"
        assert graph.get_operation_by_name("truncated_normal/TruncatedNormal").type == \
            "TruncatedNormal"
        assert a.shape.as_list() == [2, 3] and f.shape.as_list() == [1, 3]
        assert j.shape.as_list() == [None, 5] and j.dtype == tf.int32
        assert k.shape.as_list() == [None, 4]
        assert m.shape.as_list() == [None, None]


# ---------------------------------------------------------------- seeds

def test_graph_seed_attributes(tf):
    with tf.Graph().as_default():
        op = tf.random.uniform([1]).op
        assert (op.get_attr("seed"), op.get_attr("seed2")) == (0, 0)
        op = tf.random.uniform([1], seed=3).op
        assert (op.get_attr("seed"), op.get_attr("seed2")) == (87654321, 3)
    with tf.Graph().as_default() as graph:
        tf.compat.v1.set_random_seed(42)
        assert graph.seed == 42
        ops = [tf.random.normal([1]).op.inputs[0].op.inputs[0].op for _ in range(2)]
        assert [(op.get_attr("seed"), op.get_attr("seed2")) for op in ops] == \
            [(42, 0), (42, 1)]
        op = tf.random.shuffle([1, 2], seed=9).op
        assert (op.get_attr("seed"), op.get_attr("seed2")) == (42, 9)


def test_graph_runs_draw_new_values_and_sessions_restart(tf):
    first, second, again = _run_twice(tf, lambda: tf.random.uniform([5], seed=1))
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, again)


def test_graph_seed_makes_every_op_repeatable(tf):
    def build():
        return [tf.random.uniform([3]), tf.random.normal([3]), tf.random.truncated_normal([3]),
                tf.random.uniform([3], 0, 100, dtype=tf.int32),
                tf.random.categorical([[0.0, 0.0, 0.0]], 6), tf.random.shuffle(tf.range(8))]
    first, second, again = _run_twice(tf, build, seed=7)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not all(np.array_equal(a, b) for a, b in zip(first, second))
    # A second graph built the same way gives the same values.
    other, _, _ = _run_twice(tf, build, seed=7)
    for a, b in zip(first, other):
        np.testing.assert_array_equal(a, b)


def test_same_op_seed_same_values_in_one_graph(tf):
    with tf.Graph().as_default():
        a = tf.random.uniform([4], seed=5)
        b = tf.random.uniform([4], seed=5)
        c = tf.random.uniform([4], seed=6)
        with tf.compat.v1.Session() as sess:
            va, vb, vc = sess.run([a, b, c])
    np.testing.assert_array_equal(va, vb)
    assert not np.array_equal(va, vc)


def test_no_seed_differs_across_sessions(tf):
    first, second, again = _run_twice(tf, lambda: tf.random.uniform([8]))
    assert not np.array_equal(first, second)
    assert not np.array_equal(first, again)


def test_eager_set_seed_repeats_the_sequence(tf):
    def draw():
        return [tf.random.uniform([3]).numpy(), tf.random.normal([3]).numpy(),
                tf.random.uniform([3], seed=1).numpy(), tf.random.uniform([3], seed=1).numpy(),
                tf.random.shuffle(tf.range(10)).numpy(),
                tf.random.categorical([[0.0, 0.0]], 8).numpy()]
    tf.random.set_seed(1234)
    first = draw()
    tf.random.set_seed(1234)
    second = draw()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    # The same op with the same seed draws the next numbers of one sequence (TF's A1, A2).
    assert not np.array_equal(first[2], first[3])
    tf.random.set_seed(99)
    assert not np.array_equal(tf.random.uniform([3]).numpy(), first[0])


def test_eager_op_seed_without_global_seed_is_repeatable(tf):
    tf.random.set_seed(5)   # resets the eager kernels' sequences
    tf.random.set_seed(None)
    a = tf.random.uniform([4], seed=11).numpy()
    tf.random.set_seed(None)
    b = tf.random.uniform([4], seed=11).numpy()
    np.testing.assert_array_equal(a, b)


def test_function_draws_new_values_per_call(tf):
    tf.random.set_seed(1234)

    @tf.function
    def pair():
        return tf.random.uniform([2]), tf.random.uniform([2])

    a1, a2 = [t.numpy() for t in pair()]
    a3, a4 = [t.numpy() for t in pair()]
    assert not np.array_equal(a1, a2)
    assert not np.array_equal(a1, a3)
    tf.random.set_seed(1234)

    @tf.function
    def pair_again():
        return tf.random.uniform([2]), tf.random.uniform([2])

    b1, b2 = [t.numpy() for t in pair_again()]
    np.testing.assert_array_equal(a1, b1)
    np.testing.assert_array_equal(a2, b2)


# ---------------------------------------------------------------- statistics

def test_uniform_statistics(tf):
    tf.random.set_seed(3)
    values = tf.random.uniform([20000], 2.0, 6.0).numpy()
    assert values.min() >= 2.0 and values.max() < 6.0
    assert abs(values.mean() - 4.0) < 0.05
    assert abs(values.std() - 4.0 / np.sqrt(12)) < 0.05
    ints = tf.random.uniform([20000], -3, 4, dtype=tf.int32).numpy()
    assert set(np.unique(ints)) == set(range(-3, 4))
    assert abs(ints.mean() - 0.0) < 0.1


def test_normal_statistics(tf):
    tf.random.set_seed(4)
    values = tf.random.normal([20000], mean=1.0, stddev=3.0, dtype=tf.float64).numpy()
    assert abs(values.mean() - 1.0) < 0.1
    assert abs(values.std() - 3.0) < 0.1
    truncated = tf.random.truncated_normal([20000], mean=-1.0, stddev=2.0).numpy()
    assert truncated.min() >= -1.0 - 4.0 - 1e-5 and truncated.max() <= -1.0 + 4.0 + 1e-5
    assert abs(truncated.mean() + 1.0) < 0.1
    # A standard normal truncated at 2 sigma has standard deviation ~0.88.
    assert abs(truncated.std() / 2.0 - 0.88) < 0.03


def test_categorical_statistics(tf):
    tf.random.set_seed(5)
    logits = np.log([[0.2, 0.3, 0.5], [0.9, 0.05, 0.05]]).astype(np.float32)
    samples = tf.random.categorical(logits, 20000).numpy()
    for row, probabilities in zip(samples, np.exp(logits)):
        counts = np.bincount(row, minlength=3) / row.size
        np.testing.assert_allclose(counts, probabilities, atol=0.02)
    only = tf.random.categorical([[-np.inf, 0.0, -np.inf]], 5).numpy()
    np.testing.assert_array_equal(only, [[1] * 5])


def test_shuffle_is_a_permutation_of_rows(tf):
    value = np.arange(20).reshape(10, 2)
    shuffled = tf.random.shuffle(value, seed=1).numpy()
    assert sorted(map(tuple, shuffled)) == sorted(map(tuple, value))
    assert tf.random.shuffle(3).numpy() == 3


# ---------------------------------------------------------------- errors

def test_wrapper_errors(tf):
    with pytest.raises(ValueError, match="Must specify maxval for integer dtype"):
        tf.random.uniform([2], dtype=tf.int32)
    with pytest.raises(ValueError, match="Argument `dtype` got invalid value"):
        tf.random.uniform([2], maxval=3, dtype=tf.int8)
    with pytest.raises(ValueError, match="Argument `dtype` got invalid value"):
        tf.random.categorical([[0.1, 0.2]], 3, dtype=tf.float32)


def test_eager_kernel_errors(tf):
    with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval, got 5 >= 2"):
        tf.random.uniform([2], 5, 2, dtype=tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Dimension -1 must be >= 0"):
        tf.random.uniform([-1])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"logits should be a matrix, got shape \[2\]"):
        tf.random.categorical([0.1, 0.2], 3)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="num_samples should be non-negative, got -1"):
        tf.random.categorical([[0.1, 0.2]], -1)


def test_graph_shape_errors(tf):
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
            tf.random.categorical([0.1, 0.2], 3)
        with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
            tf.random.uniform([[2, 2]])


def test_random_ops_have_no_gradient(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.random.shuffle(x))
    assert tape.gradient(y, x) is None
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.random.normal([3], mean=x))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [1.0, 1.0, 1.0])


def test_v1_names(tf):
    v1 = tf.compat.v1
    assert v1.random_uniform([2]).shape == (2,)
    assert v1.random_normal([2]).shape == (2,)
    assert v1.truncated_normal([2]).shape == (2,)
    assert v1.multinomial([[0.0, 1.0]], 3).shape == (1, 3)
    assert v1.random_shuffle([1, 2]).shape == (2,)
    v1.set_random_seed(3)
    a = v1.random_uniform([2]).numpy()
    v1.set_random_seed(3)
    np.testing.assert_array_equal(a, v1.random_uniform([2]).numpy())
