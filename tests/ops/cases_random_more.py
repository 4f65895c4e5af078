"""Cases for the stateless random ops, the generator ops (RngReadAndSkip,
StatefulRandomBinomial), RandomGamma and RandomPoissonV2. Draws are compared by shape and
dtype (random=True); where the distribution leaves one possible value (a one-value integer
range, probs=1, lam=0, one class) the values are checked too."""
import numpy as np

from tests.ops.harness import Case, F, K, V

SEED = V([1, 2], "int32")
SEED64 = V([3, 4], "int64")


def _shaped(shape, dtype):
    return lambda *_: np.zeros(shape, dtype)


def _full(shape, value, dtype):
    return lambda *_: np.full(shape, value, dtype)


def _generator_build(method, *args, **kwargs):
    """A draw from a generator whose state is written first (graphs start it unset). The
    build makes the generator's variable, so it is not traced again by a tf.function (TF
    refuses variables made on a second call; test_random_more.py draws in functions)."""
    def build(tf, *inputs):
        g = tf.random.Generator.from_seed(1)
        written = g.state.assign([1, 0, 0])
        with tf.control_dependencies([written]):
            return getattr(g, method)(*(inputs + args), **kwargs)
    return build


def _key_counter(tf, seed):
    # The key and counter are what a stateless op draws from: a uniform draw exposes both.
    return tf.random.stateless_uniform([2], seed)


CASES = [
    # ---------------------------------------------------------------- stateless
    Case("StatelessRandomGetKeyCounter", _key_counter, _shaped((2,), "float32"), [SEED],
         random=True),
    Case("StatelessRandomUniformV2", lambda tf, s, seed: tf.random.stateless_uniform(
        s, seed, minval=-1.0, maxval=2.0), _shaped((2, 3), "float32"), [K([2, 3]), SEED],
         random=True),
    Case("StatelessRandomNormalV2", lambda tf, s, seed: tf.random.stateless_normal(
        s, seed, dtype=tf.float64), _shaped((4,), "float64"), [K([4]), SEED64], random=True),
    Case("StatelessTruncatedNormalV2", lambda tf, s, seed:
         tf.random.stateless_truncated_normal(s, seed), _shaped((3, 1), "float32"),
         [K([3, 1]), SEED], random=True),
    Case("StatelessRandomUniformIntV2", lambda tf, s, seed: tf.random.stateless_uniform(
        s, seed, minval=0, maxval=10, dtype=tf.int64), _shaped((5,), "int64"),
         [K([5]), SEED], random=True),
    Case("StatelessRandomUniformIntV2", lambda tf, s, seed: tf.random.stateless_uniform(
        s, seed, minval=3, maxval=4, dtype=tf.int32), _full((2, 2), 3, "int32"),
         [K([2, 2]), SEED], name="one-value"),
    Case("StatelessRandomUniformFullIntV2", lambda tf, s, seed: tf.random.stateless_uniform(
        s, seed, minval=None, maxval=None, dtype=tf.uint32), _shaped((3,), "uint32"),
         [K([3]), SEED], random=True),
    Case("StatelessMultinomial", lambda tf, logits, seed: tf.random.stateless_categorical(
        logits, 4, seed), _shaped((2, 4), "int64"), [F(2, 3), SEED], random=True),
    Case("StatelessMultinomial", lambda tf, logits, seed: tf.random.stateless_categorical(
        logits, 3, seed, dtype=tf.int32), _full((1, 3), 2, "int32"),
         [V([[-np.inf, -np.inf, 0.0]], "float32"), SEED], name="one-class"),
    Case("StatelessRandomBinomial", lambda tf, s, seed: tf.random.stateless_binomial(
        s, seed, counts=[5.0, 9.0], probs=0.5), _shaped((3, 2), "int32"),
         [K([3, 2]), SEED], random=True),
    Case("StatelessRandomBinomial", lambda tf, s, seed, counts: tf.random.stateless_binomial(
        s, seed, counts=counts, probs=1.0, output_dtype=tf.int64),
         lambda s, seed, counts: np.broadcast_to(counts, (2, 3)).astype(np.int64),
         [K([2, 3]), SEED, V([1.0, 4.0, 7.0], "float32")], name="probs-one"),
    Case("StatelessRandomPoisson", lambda tf, s, seed, lam: tf.random.stateless_poisson(
        s, seed, lam), _shaped((4, 2), "int32"),
         [K([4, 2]), SEED, F(2, low=0.5, high=5.0)], random=True),
    Case("StatelessRandomPoisson", lambda tf, s, seed: tf.random.stateless_poisson(
        s, seed, 0.0, dtype=tf.float32), _full((3,), 0.0, "float32"), [K([3]), SEED],
         name="lam-zero"),
    Case("StatelessRandomGammaV2", lambda tf, s, seed, alpha: tf.random.stateless_gamma(
        s, seed, alpha), _shaped((3, 2), "float32"),
         [K([3, 2]), SEED, F(2, low=0.5, high=3.0)], random=True),
    # ---------------------------------------------------------------- generator ops
    Case("RngReadAndSkip", _generator_build("skip"),
         lambda delta: np.array([1, 0, 0], np.int64), [K(5)], function=False),
    Case("StatefulRandomBinomial", _generator_build("binomial", counts=[2.0, 3.0], probs=0.5),
         _shaped((4, 2), "int32"), [K([4, 2])], random=True, function=False),
    Case("StatefulRandomBinomial", _generator_build("binomial", counts=[2.0, 3.0], probs=1.0),
         lambda s: np.broadcast_to(np.array([2, 3], np.int32), (4, 2)), [K([4, 2])],
         name="probs-one", function=False),
    # ---------------------------------------------------------------- gamma, poisson
    Case("RandomGamma", lambda tf, s, alpha: tf.random.gamma(s, alpha, seed=2),
         _shaped((4, 3), "float32"), [K([4]), F(3, low=0.5, high=3.0)], random=True),
    Case("RandomPoissonV2", lambda tf, s, lam: tf.random.poisson(s, lam),
         _shaped((5, 2), "float32"), [K([5]), F(2, low=0.5, high=5.0)], random=True),
    Case("RandomPoissonV2", lambda tf, s, lam: tf.random.poisson(s, lam, dtype=tf.int32),
         lambda s, lam: np.zeros((3, 2), np.int32), [K([3]), V([0.0, 0.0], "float32")],
         name="lam-zero"),
]
