"""tf.data: datasets, transformations, eager iteration and TF1 graph iterators."""
import numpy as np
import pytest


def values(ds):
    return [v.tolist() if isinstance(v, np.ndarray) else v for v in ds.as_numpy_iterator()]


def test_from_tensor_slices_structures(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.arange(6).reshape(3, 2), [1.0, 2.0, 3.0]))
    assert ds.element_spec == (tf.TensorSpec([2], tf.int64), tf.TensorSpec([], tf.float32))
    first = next(iter(ds))
    assert isinstance(first, tuple) and first[0].dtype == tf.int64
    np.testing.assert_array_equal(first[0].numpy(), [0, 1])
    d = tf.data.Dataset.from_tensor_slices({"a": [1, 2], "b": np.array([[1.0], [2.0]])})
    assert d.element_spec == {"a": tf.TensorSpec([], tf.int32),
                              "b": tf.TensorSpec([1], tf.float64)}
    assert values(d)[1]["a"] == 2
    # a Python list of arrays is one tensor, not a structure
    stacked = tf.data.Dataset.from_tensor_slices([np.zeros(2), np.ones(2)])
    assert stacked.element_spec == tf.TensorSpec([2], tf.float64)
    assert values(tf.data.Dataset.from_tensor_slices(tf.constant([[1, 2], [3, 4]]))) == \
        [[1, 2], [3, 4]]
    assert values(tf.data.Dataset.from_tensor_slices(["a", "b"])) == [b"a", b"b"]


def test_from_tensor_slices_errors(tf):
    with pytest.raises(ValueError, match="Dimensions 3 and 2 are not compatible"):
        tf.data.Dataset.from_tensor_slices(([1, 2, 3], [1, 2]))
    with pytest.raises(ValueError, match="rank >= 1"):
        tf.data.Dataset.from_tensor_slices(5)


def test_from_tensors_and_range(tf):
    ds = tf.data.Dataset.from_tensors([1, 2])
    assert ds.element_spec == tf.TensorSpec([2], tf.int32)
    assert len(ds) == 1
    assert tf.data.Dataset.range(5).element_spec == tf.TensorSpec([], tf.int64)
    assert values(tf.data.Dataset.range(2, 10, 3)) == [2, 5, 8]
    assert values(tf.data.Dataset.range(10, 2, -3)) == [10, 7, 4]
    assert int(tf.data.Dataset.range(10, 2).cardinality()) == 0
    assert tf.data.Dataset.range(3, output_type=tf.int32).element_spec.dtype == tf.int32
    with pytest.raises(tf.errors.InvalidArgumentError, match="step must be a non-zero"):
        tf.data.Dataset.range(1, 5, 0)
    with pytest.raises(ValueError, match="between 1 and 3"):
        tf.data.Dataset.range()


def test_batch_unbatch(tf):
    ds = tf.data.Dataset.range(5).batch(2)
    assert ds.element_spec == tf.TensorSpec([None], tf.int64)
    assert values(ds) == [[0, 1], [2, 3], [4]]
    assert int(ds.cardinality()) == 3
    dropped = tf.data.Dataset.range(5).batch(2, drop_remainder=True)
    assert dropped.element_spec == tf.TensorSpec([2], tf.int64)
    assert values(dropped) == [[0, 1], [2, 3]] and len(dropped) == 2
    assert values(ds.unbatch()) == [0, 1, 2, 3, 4]
    assert ds.unbatch().element_spec == tf.TensorSpec([], tf.int64)
    assert int(ds.unbatch().cardinality()) == tf.data.UNKNOWN_CARDINALITY
    with pytest.raises(tf.errors.InvalidArgumentError, match="Batch size must be greater"):
        tf.data.Dataset.range(5).batch(0)
    with pytest.raises(ValueError, match="Cannot unbatch an input with scalar components"):
        tf.data.Dataset.range(5).unbatch()
    ragged = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]).map(
        lambda x: x[:x[0]]).batch(2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Cannot add tensor to the batch"):
        list(ragged)


def test_zip_concatenate_enumerate(tf):
    a, b = tf.data.Dataset.range(5), tf.data.Dataset.range(3)
    z = tf.data.Dataset.zip((a, b))
    assert values(z)[-1] == (2, 2) and int(z.cardinality()) == 3
    assert int(tf.data.Dataset.zip(a, b).cardinality()) == 3
    assert tf.data.Dataset.zip({"x": a}).element_spec == {"x": tf.TensorSpec([], tf.int64)}
    with pytest.raises(TypeError, match="Invalid input to `zip`"):
        tf.data.Dataset.zip(1)
    c = a.concatenate(b)
    assert values(c) == [0, 1, 2, 3, 4, 0, 1, 2] and len(c) == 8
    with pytest.raises(TypeError, match="Incompatible dataset elements"):
        a.concatenate(tf.data.Dataset.from_tensor_slices([1.0]))
    relaxed = a.batch(2, drop_remainder=True).concatenate(a.batch(3, drop_remainder=True))
    assert relaxed.element_spec == tf.TensorSpec([None], tf.int64)
    e = tf.data.Dataset.from_tensor_slices(["x", "y"]).enumerate(start=5)
    assert values(e) == [(5, b"x"), (6, b"y")]
    assert e.element_spec == (tf.TensorSpec([], tf.int64), tf.TensorSpec([], tf.string))


def test_shuffle(tf):
    ds = tf.data.Dataset.range(20).shuffle(5, seed=7)
    first = values(ds)
    assert sorted(first) == list(range(20)) and first != list(range(20))
    assert int(ds.cardinality()) == 20
    # the buffer bounds how far an element moves forward
    assert all(v <= i + 4 for i, v in enumerate(first))
    fixed = tf.data.Dataset.range(20).shuffle(20, seed=3, reshuffle_each_iteration=False)
    assert values(fixed) == values(fixed)
    assert values(tf.data.Dataset.range(4).shuffle(1)) == [0, 1, 2, 3]
    with pytest.raises(tf.errors.InvalidArgumentError, match="buffer_size must be greater"):
        tf.data.Dataset.range(5).shuffle(0)


def test_repeat_take_skip_cardinality(tf):
    ds = tf.data.Dataset.range(3)
    assert values(ds.repeat(2)) == [0, 1, 2, 0, 1, 2]
    assert int(ds.repeat().cardinality()) == tf.data.INFINITE_CARDINALITY == -1
    assert values(ds.repeat().take(5)) == [0, 1, 2, 0, 1]
    assert int(ds.repeat().take(5).cardinality()) == 5
    assert int(ds.repeat().skip(3).cardinality()) == -1
    assert values(ds.skip(1)) == [1, 2] and values(ds.skip(-1)) == []
    assert values(ds.take(-1)) == [0, 1, 2] and int(ds.take(-1).cardinality()) == 3
    assert int(ds.repeat(0).cardinality()) == 0
    filtered = ds.filter(lambda x: x > 0)
    assert int(filtered.cardinality()) == tf.data.UNKNOWN_CARDINALITY == -2
    with pytest.raises(TypeError, match="The dataset length is unknown."):
        len(filtered)
    with pytest.raises(TypeError, match="The dataset is infinite."):
        len(ds.repeat())
    assert tf.data.AUTOTUNE == tf.data.experimental.AUTOTUNE == -1
    assert values(ds.prefetch(tf.data.AUTOTUNE)) == [0, 1, 2]


def test_map_filter_flat_map(tf):
    pairs = tf.data.Dataset.from_tensor_slices(([1, 2], [3, 4]))
    assert values(pairs.map(lambda a, b: a + b)) == [4, 6]
    dicts = tf.data.Dataset.from_tensor_slices({"a": [1, 2]})
    assert values(dicts.map(lambda d: d["a"] * 10, num_parallel_calls=tf.data.AUTOTUNE)) == \
        [10, 20]
    m = tf.data.Dataset.range(3).map(lambda x: {"a": x, "b": (tf.cast(x, tf.float32), 1.0)})
    assert m.element_spec == {"a": tf.TensorSpec([], tf.int64),
                              "b": (tf.TensorSpec([], tf.float32),
                                    tf.TensorSpec([], tf.float32))}
    listed = tf.data.Dataset.range(2).map(lambda x: [x, x + 1])
    assert values(listed) == [(0, 1), (1, 2)]
    evens = tf.data.Dataset.range(6).filter(lambda x: x % 2 == 0)
    assert values(evens) == [0, 2, 4]
    with pytest.raises(ValueError, match="must return a `tf.bool` scalar"):
        tf.data.Dataset.range(5).filter(lambda x: x)
    flat = tf.data.Dataset.range(4).flat_map(lambda x: tf.data.Dataset.range(x))
    assert values(flat) == [0, 0, 1, 0, 1, 2]
    rows = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]).flat_map(
        tf.data.Dataset.from_tensor_slices)
    assert values(rows) == [1, 2, 3, 4]
    with pytest.raises(TypeError, match="must return a `Dataset` object"):
        tf.data.Dataset.range(3).flat_map(lambda x: [x])
    # the function is traced once: Python side effects happen at trace time only
    calls = []
    traced = tf.data.Dataset.range(4).map(lambda x: calls.append(1) or x)
    assert values(traced) == [0, 1, 2, 3] and len(calls) == 1


def test_map_reads_variables(tf):
    v = tf.Variable(10, dtype=tf.int64)
    ds = tf.data.Dataset.range(2).map(lambda x: x + v)
    assert values(ds) == [10, 11]
    v.assign(20)
    assert values(ds) == [20, 21]


def test_cache_and_reduce(tf):
    ds = tf.data.Dataset.range(4).shuffle(4).cache()
    assert values(ds) == values(ds)
    total = tf.data.Dataset.range(5).reduce(np.int64(0), lambda s, x: s + x)
    assert total.dtype == tf.int64 and int(total) == 10
    pair = tf.data.Dataset.range(5).reduce((np.int64(0), np.int64(1)),
                                           lambda s, x: (s[0] + x, s[1] * 2))
    assert [int(t) for t in pair] == [10, 32]
    grown = tf.data.Dataset.range(3).reduce(tf.constant([], tf.int64),
                                            lambda s, x: tf.concat([s, [x]], 0))
    np.testing.assert_array_equal(grown.numpy(), [0, 1, 2])


def test_iterator_protocol(tf):
    it = iter(tf.data.Dataset.range(2))
    assert int(next(it)) == 0 and int(next(it)) == 1
    with pytest.raises(StopIteration):
        next(it)
    assert list(tf.data.Dataset.range(0)) == []


def test_graph_mode_iteration_errors(tf):
    with tf.Graph().as_default():
        ds = tf.data.Dataset.range(3)
        with pytest.raises(RuntimeError, match="only supports Python-style iteration"):
            iter(ds)
        with pytest.raises(TypeError, match="only supports `len` in eager mode"):
            len(ds)
        card = ds.cardinality()
        assert card.dtype == tf.int64
        with tf.compat.v1.Session() as sess:
            assert sess.run(card) == 3
            assert sess.run(ds.reduce(np.int64(0), lambda s, x: s + x)) == 3


def test_one_shot_iterator_per_session(tf):
    with tf.Graph().as_default():
        ds = tf.data.Dataset.from_tensor_slices((np.arange(3), np.arange(3) * 1.5)).batch(2)
        it = tf.compat.v1.data.make_one_shot_iterator(ds)
        a, b = it.get_next()
        assert a.dtype == tf.int64 and b.dtype == tf.float64
        assert a.shape.as_list() == [None]
        for _ in range(2):     # each Session starts the iterator over
            with tf.compat.v1.Session() as sess:
                x, y = sess.run((a, b))
                assert x.tolist() == [0, 1] and y.tolist() == [0.0, 1.5]
                assert sess.run(a).tolist() == [2]
                with pytest.raises(tf.errors.OutOfRangeError, match="End of sequence"):
                    sess.run(a)


def test_initializable_iterator_with_placeholders(tf):
    with tf.Graph().as_default():
        features = tf.compat.v1.placeholder(tf.float32, [None, 2])
        ds = tf.compat.v1.data.Dataset.from_tensor_slices(features).map(lambda x: x * 2.0)
        assert ds.element_spec == tf.TensorSpec([2], tf.float32)
        with pytest.raises(ValueError, match="Cannot capture a placeholder"):
            tf.compat.v1.data.make_one_shot_iterator(ds)
        it = ds.make_initializable_iterator()
        nxt = it.get_next()
        assert nxt.shape.as_list() == [2]
        with tf.compat.v1.Session() as sess:
            with pytest.raises(tf.errors.FailedPreconditionError, match="not been init"):
                sess.run(nxt)
            for n in (2, 3):
                sess.run(it.initializer, {features: np.ones((n, 2), np.float32)})
                got = []
                while True:
                    try:
                        got.append(sess.run(nxt))
                    except tf.errors.OutOfRangeError:
                        break
                assert len(got) == n and got[0].tolist() == [2.0, 2.0]


def test_tf1_input_pipeline_trains_model(tf):
    rng = np.random.RandomState(0)
    x_data = rng.randn(64, 3).astype(np.float32)
    y_data = x_data @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.25
    with tf.Graph().as_default():
        x_ph = tf.compat.v1.placeholder(tf.float32, [None, 3])
        y_ph = tf.compat.v1.placeholder(tf.float32, [None, 1])
        ds = tf.compat.v1.data.Dataset.from_tensor_slices((x_ph, y_ph))
        ds = ds.shuffle(64, seed=1).batch(16).repeat(40)
        it = tf.compat.v1.data.make_initializable_iterator(ds)
        x, y = it.get_next()
        w = tf.compat.v1.get_variable("w", [3, 1], initializer=tf.zeros_initializer())
        b = tf.compat.v1.get_variable("b", [1], initializer=tf.zeros_initializer())
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        train = tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            sess.run(it.initializer, {x_ph: x_data, y_ph: y_data})
            steps = 0
            while True:
                try:
                    sess.run(train)
                    steps += 1
                except tf.errors.OutOfRangeError:
                    break
            assert steps == 4 * 40
            np.testing.assert_allclose(sess.run(w).ravel(), [1.0, -2.0, 0.5], atol=1e-3)
            np.testing.assert_allclose(sess.run(b), [0.25], atol=1e-3)


def test_tf2_loop_with_gradient_tape(tf):
    rng = np.random.RandomState(1)
    x_data = rng.randn(32, 2).astype(np.float32)
    y_data = (x_data @ np.array([2.0, -1.0], np.float32))[:, None]
    ds = tf.data.Dataset.from_tensor_slices((x_data, y_data)).shuffle(32, seed=2).batch(8)
    w = tf.Variable(tf.zeros([2, 1]))
    for _ in range(30):
        for x, y in ds:
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
            w.assign_sub(0.2 * tape.gradient(loss, w))
    np.testing.assert_allclose(w.numpy().ravel(), [2.0, -1.0], atol=1e-3)


def test_tf1_and_tf2_dataset_classes(tf):
    ds = tf.compat.v1.data.Dataset.range(3)
    assert isinstance(ds, tf.data.Dataset)
    assert hasattr(ds.map(lambda x: x), "make_one_shot_iterator")
    assert not hasattr(tf.data.Dataset.range(3), "make_one_shot_iterator")
