"""The rest of tf.random: stateless ops, stateless_split/fold_in, tf.random.Generator, gamma,
poisson. The drawn bits differ between implementations; what holds on both is tested:
shapes, dtypes, determinism and what a seed changes, state layout and advances, errors,
and the distributions' moments (tolerances from the sample, so no test can flake)."""
import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _clear_global_seed(tf):
    yield
    tf.random.set_seed(None)


def _check_moments(sample, mean, variance, sigmas=6.0):
    """The sample's mean and variance agree with `mean` and `variance` within `sigmas`
    standard errors, estimated from the sample itself (its variance and fourth moment)."""
    x = np.asarray(sample, np.float64).reshape(-1)
    n = x.size
    m, v = x.mean(), x.var()
    fourth = np.mean((x - m) ** 4)
    assert abs(m - mean) <= sigmas * np.sqrt(max(v, 1e-12) / n), (m, mean)
    assert abs(v - variance) <= sigmas * np.sqrt(max(fourth - v * v, 1e-12) / n) + 1e-9, \
        (v, variance)


def _stateless_draws(tf, seed):
    """One draw of each stateless op for `seed`."""
    return [
        tf.random.stateless_uniform([3, 2], seed=seed),
        tf.random.stateless_uniform([4], seed=seed, minval=-5, maxval=5, dtype=tf.int32),
        tf.random.stateless_uniform([4], seed=seed, minval=None, maxval=None, dtype=tf.int64),
        tf.random.stateless_normal([5], seed=seed, mean=1.0, stddev=2.0, dtype=tf.float64),
        tf.random.stateless_truncated_normal([5], seed=seed),
        tf.random.stateless_categorical([[0.0, 1.0, 2.0]], 6, seed=seed),
        tf.random.stateless_binomial([4], seed=seed, counts=20.0, probs=0.3),
        tf.random.stateless_poisson([4], seed=seed, lam=3.0),
        tf.random.stateless_gamma([4], seed=seed, alpha=2.0),
    ]


# ---------------------------------------------------------------- stateless ops

def test_stateless_shapes_and_dtypes(tf):
    seed = [1, 2]
    draws = _stateless_draws(tf, seed)
    assert [d.dtype for d in draws] == [tf.float32, tf.int32, tf.int64, tf.float64, tf.float32,
                                        tf.int64, tf.int32, tf.int32, tf.float32]
    assert [d.shape.as_list() for d in draws] == [[3, 2], [4], [4], [5], [5], [1, 6], [4],
                                                  [4], [4]]
    full = tf.random.stateless_uniform([3], seed, minval=None, maxval=None, dtype=tf.uint32)
    assert full.dtype == tf.uint32
    assert tf.random.stateless_uniform([2], seed, dtype=tf.float16).dtype == tf.float16
    assert tf.random.stateless_categorical([[0.0, 1.0]], 2, seed, dtype=tf.int32).dtype == \
        tf.int32
    binomial = tf.random.stateless_binomial([2, 3], seed, counts=[5, 10, 15],
                                            probs=[0.5, 0.1, 0.9], output_dtype=tf.int64)
    assert binomial.dtype == tf.int64 and binomial.shape == (2, 3)
    poisson = tf.random.stateless_poisson([2, 2], seed, lam=[3.0, 4.0], dtype=tf.float32)
    assert poisson.dtype == tf.float32 and poisson.shape == (2, 2)
    gamma = tf.random.stateless_gamma([3, 2], seed, alpha=[3.0, 4.0], beta=2.0,
                                      dtype=tf.float64)
    assert gamma.dtype == tf.float64 and gamma.shape == (3, 2)
    assert tf.random.stateless_normal([0, 3], seed).shape == (0, 3)
    assert tf.random.stateless_uniform([], seed).shape == ()


def test_stateless_values_depend_only_on_shape_and_seed(tf):
    first = [d.numpy() for d in _stateless_draws(tf, [1, 2])]
    again = [d.numpy() for d in _stateless_draws(tf, tf.constant([1, 2], tf.int64))]
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    # Each part of the seed pair matters, and their order.
    for other in ([1, 3], [2, 1], [0, 2]):
        changed = tf.random.stateless_uniform([3, 2], seed=other).numpy()
        assert not np.array_equal(changed, first[0])
    # A global seed changes nothing.
    tf.random.set_seed(5)
    np.testing.assert_array_equal(tf.random.stateless_uniform([3, 2], [1, 2]), first[0])


def test_stateless_same_values_in_function_and_sessions(tf):
    eager = [d.numpy() for d in _stateless_draws(tf, [7, 8])]
    traced = tf.function(lambda: _stateless_draws(tf, tf.constant([7, 8])))
    for a, b in zip(eager, traced()):
        np.testing.assert_array_equal(a, b.numpy())
    with tf.Graph().as_default():
        seed = tf.compat.v1.placeholder(tf.int32, [2])
        draws = _stateless_draws(tf, seed)
        with tf.compat.v1.Session() as sess:
            first = sess.run(draws, {seed: [7, 8]})
            second = sess.run(draws, {seed: [7, 8]})
        with tf.compat.v1.Session() as sess:
            other_session = sess.run(draws, {seed: [7, 8]})
    for a, b, c, d in zip(eager, first, second, other_session):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(a, d)


def test_stateless_static_shapes_in_graphs(tf):
    with tf.Graph().as_default():
        shape = tf.compat.v1.placeholder(tf.int32, [2])
        seed = tf.compat.v1.placeholder(tf.int64, [2])
        assert tf.random.stateless_uniform(shape, seed).shape.as_list() == [None, None]
        assert tf.random.stateless_normal([2, 3], seed).shape.as_list() == [2, 3]
        logits = tf.compat.v1.placeholder(tf.float32, [None, 4])
        assert tf.random.stateless_categorical(logits, 5, seed).shape.as_list() == [None, 5]
        with tf.compat.v1.Session() as sess:
            value = sess.run(tf.random.stateless_uniform(shape, seed),
                             {shape: [2, 5], seed: [3, 4]})
        assert value.shape == (2, 5)


def test_stateless_seed_errors(tf):
    for bad_seed in ([1, 2, 3], 1, [[1, 2]]):
        with pytest.raises(tf.errors.InvalidArgumentError, match="seed must have shape"):
            tf.random.stateless_uniform([2], seed=bad_seed)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Tseed"):
        tf.random.stateless_normal([2], seed=[1.0, 2.0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="seed must have shape"):
        tf.random.stateless_categorical([[0.0, 1.0]], 2, seed=[1, 2, 3])
    with pytest.raises(ValueError):
        with tf.Graph().as_default():
            tf.random.stateless_uniform([2], seed=tf.constant([1, 2, 3]))


def test_stateless_uniform_argument_errors(tf):
    with pytest.raises(ValueError, match="must be both None or not None"):
        tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32)
    with pytest.raises(ValueError, match="must be both None or not None"):
        tf.random.stateless_uniform([2], seed=[1, 2], minval=None, maxval=3, dtype=tf.int64)
    with pytest.raises(ValueError, match="Accepted dtypes are"):
        tf.random.stateless_uniform([2], seed=[1, 2], maxval=3, dtype=tf.int8)
    with pytest.raises(ValueError, match="Please don't use unsigned integers"):
        tf.random.stateless_uniform([2], seed=[1, 2], minval=0, maxval=3, dtype=tf.uint32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval"):
        tf.random.stateless_uniform([2], seed=[1, 2], minval=5, maxval=3, dtype=tf.int32)
    with pytest.raises((TypeError, ValueError, tf.errors.InvalidArgumentError)):
        tf.random.stateless_normal([2], seed=[1, 2], dtype=tf.int32)


def test_stateless_statistics(tf):
    n = 200_000
    seed = [11, 12]
    uniform = tf.random.stateless_uniform([n], seed, minval=-1.0, maxval=3.0).numpy()
    assert uniform.min() >= -1.0 and uniform.max() < 3.0
    _check_moments(uniform, 1.0, 16.0 / 12)
    _check_moments(tf.random.stateless_normal([n], seed, mean=2.0, stddev=3.0), 2.0, 9.0)
    truncated = tf.random.stateless_truncated_normal([n], seed, dtype=tf.float64).numpy()
    assert np.abs(truncated).max() <= 2.0
    # A standard normal truncated to [-2, 2] has variance 1 - 4 phi(2) / (2 Phi(2) - 1).
    phi2 = np.exp(-2.0) / np.sqrt(2 * np.pi)
    _check_moments(truncated, 0.0, 1 - 4 * phi2 / 0.9544997361036416)
    ints = tf.random.stateless_uniform([n], seed, minval=-3, maxval=7, dtype=tf.int64).numpy()
    assert set(np.unique(ints)) == set(range(-3, 7))
    _check_moments(ints, 1.5, (10 ** 2 - 1) / 12)
    full = tf.random.stateless_uniform([n], seed, minval=None, maxval=None, dtype=tf.uint32)
    _check_moments(full.numpy() / 2.0 ** 32, 0.5, 1 / 12.0)
    _check_moments(tf.random.stateless_binomial([n], seed, counts=20.0, probs=0.3),
                   6.0, 20 * 0.3 * 0.7)
    _check_moments(tf.random.stateless_poisson([n], seed, lam=4.5), 4.5, 4.5)
    _check_moments(tf.random.stateless_gamma([n], seed, alpha=3.0, beta=2.0), 1.5, 0.75)
    samples = tf.random.stateless_categorical(tf.math.log([[0.2, 0.5, 0.3]]), n, seed)
    counts = np.bincount(samples.numpy()[0], minlength=3) / n
    np.testing.assert_allclose(counts, [0.2, 0.5, 0.3], atol=6 * np.sqrt(0.25 / n))


def test_stateless_split_and_fold_in(tf):
    seed = tf.constant([1, 2], tf.int64)
    seeds = tf.random.experimental.stateless_split(seed, num=3)
    assert seeds.dtype == tf.int64 and seeds.shape == (3, 2)
    assert len({tuple(row) for row in seeds.numpy()}) == 3
    np.testing.assert_array_equal(
        seeds, tf.random.stateless_uniform([3, 2], seed, minval=None, maxval=None,
                                           dtype=tf.int64))
    np.testing.assert_array_equal(seeds, tf.random.experimental.stateless_split(seed, 3))
    assert tf.random.experimental.stateless_split([1, 2]).dtype == tf.int32
    assert tf.random.experimental.stateless_split([1, 2]).shape == (2, 2)
    folded = tf.random.experimental.stateless_fold_in([1, 2], 5)
    assert folded.dtype == tf.int32 and folded.numpy()[1] == 5
    # The first word comes from the seed alone; the data is the second word.
    other = tf.random.experimental.stateless_fold_in([1, 2], 6).numpy()
    assert other[0] == folded.numpy()[0] and other[1] == 6
    assert tf.random.experimental.stateless_fold_in(seed, tf.constant(9, tf.int64)).dtype == \
        tf.int64
    # New seeds make new streams.
    a = tf.random.stateless_normal([4], seeds[0])
    b = tf.random.stateless_normal([4], seeds[1])
    assert not np.array_equal(a.numpy(), b.numpy())


# ---------------------------------------------------------------- Generator

def test_generator_state_layout_and_seeding(tf):
    g = tf.random.Generator.from_seed(1)
    assert isinstance(g.state, tf.Variable)
    assert g.state.dtype == tf.int64 and g.state.shape == (3,)
    assert g.algorithm == tf.random.Algorithm.PHILOX.value == 1
    np.testing.assert_array_equal(g.state, [1, 0, 0])
    np.testing.assert_array_equal(tf.random.Generator.from_seed(2 ** 70 + 3).state, [3, 64, 0])
    np.testing.assert_array_equal(tf.random.Generator.from_seed(-1).state, [-1, -1, -1])
    np.testing.assert_array_equal(tf.random.Generator.from_seed([1, 2]).state, [0, 1, 2])
    threefry = tf.random.Generator.from_seed(1, alg="threefry")
    assert threefry.algorithm == 2 and threefry.state.shape == (2,)
    np.testing.assert_array_equal(
        tf.random.Generator.from_state([1, 2, 3], alg="philox").state, [1, 2, 3])
    np.testing.assert_array_equal(
        tf.random.Generator.from_key_counter(3, [4, 5], alg="philox").state, [4, 5, 3])
    assert int(tf.random.Generator.from_state([1, 2, 3], "philox").key) == 3
    copy = tf.random.Generator(copy_from=g)
    np.testing.assert_array_equal(copy.state, g.state)
    a = tf.random.Generator.from_non_deterministic_state()
    b = tf.random.Generator.from_non_deterministic_state()
    assert a.state.shape == (3,) and not np.array_equal(a.state.numpy(), b.state.numpy())


def test_generator_state_advances(tf):
    g = tf.random.Generator.from_seed(1)
    g.uniform([3])
    np.testing.assert_array_equal(g.state, [1 + 3 * 256, 0, 0])
    g.normal([2, 5])
    np.testing.assert_array_equal(g.state, [1 + 13 * 256, 0, 0])
    g.uniform([2], maxval=10, dtype=tf.int32)
    g.uniform([2], minval=None, maxval=None, dtype=tf.int64)
    g.truncated_normal([3], dtype=tf.float64)
    np.testing.assert_array_equal(g.state, [1 + 20 * 256, 0, 0])
    g.binomial([3], counts=5.0, probs=0.5)     # binomial reserves 100 times more
    np.testing.assert_array_equal(g.state, [1 + 20 * 256 + 300 * 256, 0, 0])
    before = g.skip(5)
    np.testing.assert_array_equal(before, [1 + 320 * 256, 0, 0])
    np.testing.assert_array_equal(g.state, [1 + 325 * 256, 0, 0])
    # The counter is 128 bits: its low word carries into the high word.
    wrap = tf.random.Generator.from_state([-1, 0, 7], alg="philox")
    wrap.skip(1)
    np.testing.assert_array_equal(wrap.state, [255, 1, 7])


def test_generator_draws_are_reproducible(tf):
    g = tf.random.Generator.from_seed(42)
    first, second = g.normal([4]).numpy(), g.normal([4]).numpy()
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(tf.random.Generator.from_seed(42).normal([4]), first)
    g.reset_from_seed(42)
    np.testing.assert_array_equal(g.normal([4]), first)
    np.testing.assert_array_equal(g.normal([4]), second)
    assert not np.array_equal(tf.random.Generator.from_seed(43).normal([4]).numpy(), first)
    g.reset([1, 0, 0])
    np.testing.assert_array_equal(g.state, [1, 0, 0])


def test_generator_in_function_advances_its_state(tf):
    g = tf.random.Generator.from_seed(3)
    draw = tf.function(lambda: g.uniform([2, 2]))
    first, second = draw().numpy(), draw().numpy()
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(g.state, [3 + 8 * 256, 0, 0])
    fresh = tf.random.Generator.from_seed(3)
    np.testing.assert_array_equal(fresh.uniform([2, 2]), first)
    np.testing.assert_array_equal(fresh.uniform([2, 2]), second)


def test_generator_in_graph_session(tf):
    with tf.Graph().as_default():
        g = tf.random.Generator.from_seed(5)
        value = g.normal([3])
        init = tf.compat.v1.global_variables_initializer()
        with tf.compat.v1.Session() as sess:
            sess.run(init)
            first, second = sess.run(value), sess.run(value)
            state = sess.run(g.state)
        with tf.compat.v1.Session() as sess:
            sess.run(init)
            again = sess.run(value)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(state, [5 + 6 * 256, 0, 0])
    np.testing.assert_array_equal(tf.random.Generator.from_seed(5).normal([3]), first)


def test_generator_dtypes_ranges_and_errors(tf):
    g = tf.random.Generator.from_seed(9)
    ints = g.uniform([1000], minval=-2, maxval=3, dtype=tf.int64).numpy()
    assert ints.dtype == np.int64 and set(np.unique(ints)) == {-2, -1, 0, 1, 2}
    assert g.uniform([2], minval=None, maxval=None, dtype=tf.int32).dtype == tf.int32
    assert g.uniform_full_int([2]).dtype == tf.uint64
    assert g.uniform([2], dtype=tf.float64).dtype == tf.float64
    assert g.normal([2, 3], dtype=tf.float16).shape == (2, 3)
    assert g.binomial([2], counts=[3.0, 4.0], probs=0.5).dtype == tf.int32
    with pytest.raises(ValueError, match="must be both"):
        g.uniform([2], maxval=None, dtype=tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval"):
        g.uniform([2], minval=3, maxval=3, dtype=tf.int32)


def test_generator_statistics(tf):
    g = tf.random.Generator.from_seed(123)
    n = 200_000
    uniform = g.uniform([n], minval=2.0, maxval=4.0).numpy()
    assert uniform.min() >= 2.0 and uniform.max() < 4.0
    _check_moments(uniform, 3.0, 4.0 / 12)
    _check_moments(g.normal([n], mean=-1.0, stddev=0.5), -1.0, 0.25)
    truncated = g.truncated_normal([n]).numpy()
    assert np.abs(truncated).max() <= 2.0
    _check_moments(g.binomial([n], counts=10.0, probs=0.8), 8.0, 10 * 0.8 * 0.2)


def test_generator_split_and_make_seeds(tf):
    g = tf.random.Generator.from_seed(1)
    children = g.split(3)
    np.testing.assert_array_equal(g.state, [1 + 3 * 256, 0, 0])
    states = [child.state.numpy() for child in children]
    for state in states:
        assert state[0] == 0 and state[1] == 0
    assert len({state[2] for state in states}) == 3
    draws = [child.normal([3]).numpy() for child in children]
    assert not np.array_equal(draws[0], draws[1])
    seeds = tf.random.Generator.from_seed(1).make_seeds(4)
    assert seeds.shape == (2, 4) and seeds.dtype == tf.int64
    np.testing.assert_array_equal(seeds[1], [0, 0, 0, 0])
    # A made seed feeds the stateless ops.
    assert tf.random.stateless_uniform([2], seeds[:, 0]).shape == (2,)


def test_global_generator(tf):
    original = tf.random.get_global_generator()
    assert isinstance(original, tf.random.Generator)
    assert tf.random.get_global_generator() is original
    assert tf.random.experimental.get_global_generator() is original
    try:
        mine = tf.random.Generator.from_seed(4)
        tf.random.set_global_generator(mine)
        assert tf.random.get_global_generator() is mine
        np.testing.assert_array_equal(tf.random.get_global_generator().normal([2]),
                                      tf.random.Generator.from_seed(4).normal([2]))
    finally:
        tf.random.set_global_generator(original)


# ---------------------------------------------------------------- gamma, poisson

def test_gamma_and_poisson_shapes_and_dtypes(tf):
    gamma = tf.random.gamma([5, 2], alpha=[0.5, 1.5, 3.0])
    assert gamma.shape == (5, 2, 3) and gamma.dtype == tf.float32
    beta = tf.random.gamma([4], alpha=[[1.0], [2.0]], beta=[1.0, 2.0, 3.0], dtype=tf.float64)
    assert beta.shape == (4, 2, 3) and beta.dtype == tf.float64
    assert tf.random.gamma([3], 2.0).shape == (3,)
    assert np.all(tf.random.gamma([100], 0.01).numpy() > 0)
    poisson = tf.random.poisson([4], lam=[1.0, 2.0])
    assert poisson.shape == (4, 2) and poisson.dtype == tf.float32
    assert tf.random.poisson([3], 2.0, dtype=tf.int64).dtype == tf.int64
    v1 = tf.compat.v1.random_poisson([1.0, 2.0], [3], dtype=tf.int32)
    assert v1.shape == (3, 2) and v1.dtype == tf.int32
    assert tf.compat.v1.random_gamma([3], [1.0, 2.0]).shape == (3, 2)
    with tf.Graph().as_default():
        alpha = tf.compat.v1.placeholder(tf.float32, [None])
        assert tf.random.gamma([2, 3], alpha).shape.as_list() == [2, 3, None]
        assert tf.random.poisson([4], alpha).shape.as_list() == [4, None]


def test_gamma_and_poisson_seeds(tf):
    tf.random.set_seed(1)
    first = [tf.random.gamma([3], 2.0).numpy(), tf.random.poisson([3], 2.0).numpy()]
    tf.random.set_seed(1)
    again = [tf.random.gamma([3], 2.0).numpy(), tf.random.poisson([3], 2.0).numpy()]
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    # An op seed repeats a sequence once the global seed is set again.
    tf.random.set_seed(2)
    a1, a2 = tf.random.gamma([4], 1.0, seed=3).numpy(), tf.random.gamma([4], 1.0, seed=3).numpy()
    assert not np.array_equal(a1, a2)
    tf.random.set_seed(2)
    np.testing.assert_array_equal(tf.random.gamma([4], 1.0, seed=3), a1)
    # In a graph each run draws anew; a new Session starts the sequence again.
    for build in (lambda: tf.random.gamma([5], 2.0, seed=4),
                  lambda: tf.random.poisson([5], 20.0, seed=4)):
        with tf.Graph().as_default():
            tf.compat.v1.set_random_seed(7)
            value = build()
            with tf.compat.v1.Session() as sess:
                one, two = sess.run(value), sess.run(value)
            with tf.compat.v1.Session() as sess:
                three = sess.run(value)
        assert not np.array_equal(one, two)
        np.testing.assert_array_equal(one, three)


def test_gamma_and_poisson_statistics(tf):
    tf.random.set_seed(3)
    n = 200_000
    gamma = tf.random.gamma([n], alpha=[0.5, 4.0], beta=[1.0, 2.0]).numpy()
    _check_moments(gamma[:, 0], 0.5, 0.5)
    _check_moments(gamma[:, 1], 2.0, 1.0)
    poisson = tf.random.poisson([n], lam=[0.5, 12.0], dtype=tf.int32).numpy()
    _check_moments(poisson[:, 0], 0.5, 0.5)
    _check_moments(poisson[:, 1], 12.0, 12.0)
