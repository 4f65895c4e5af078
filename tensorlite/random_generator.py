"""`tf.random.Generator`, `get_global_generator`, `set_global_generator`, `Algorithm`,
`create_rng_state`.

As in TF, a generator's state is an int64 `tf.Variable` (Philox: a 128-bit counter then a
64-bit key; ThreeFry: a 64-bit counter then the key), so draws work in `tf.function` and in
graphs and advance the state where they run. A draw reads the state and advances its counter
in one op (RngReadAndSkip, by 256 per output element as TF's kernels do), then draws from
the key and counter it read with the stateless V2 ops. The state values (seeding, skipping,
splitting) are TF's; the drawn values are not (see stateless_random_ops).
"""
import enum

import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.init_scope import init_scope
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import array_manip, array_ops, math_ops, reductions, shape_util
from tensorlite.ops import stateless_random_ops as _stateless
from tensorlite.ops.random_ops import float_dtype, random_shape, shape_arg, shape_tensor
from tensorlite.variables.variables import Variable

__all__ = ["Algorithm", "Generator", "create_rng_state", "get_global_generator",
           "set_global_generator"]

STATE_TYPE = _dtypes.int64
_MASK64 = 2 ** 64 - 1
# Counter steps per output element: TF reserves 256 Philox samples per element (enough for
# the rejection samplers), and its binomial kernel a hundred times more.
_SAMPLES_PER_ELEMENT = 256
_BINOMIAL_SAMPLES = 100


class Algorithm(enum.Enum):
    """TF's RNG algorithms (tf.random.Algorithm); tensorlite draws all of them with Philox."""
    PHILOX = _stateless.PHILOX
    THREEFRY = _stateless.THREEFRY
    AUTO_SELECT = _stateless.AUTO_SELECT


def _state_size(alg):
    # AUTO_SELECT is Philox on CPU, as in TF.
    return 2 if alg == _stateless.THREEFRY else 3


def _counter_size(alg):
    return _state_size(alg) - 1


def _as_int64(word):
    word &= _MASK64
    return word - 2 ** 64 if word >= 2 ** 63 else word


def create_rng_state(seed, alg):
    """The state a generator of algorithm `alg` seeded with `seed` starts from, as NumPy.

    An integer is cut into 64-bit words, lowest first (so a small seed sets the counter); a
    list of words is taken as is and padded with zeros on the left, as TF does.
    """
    alg = _stateless.convert_alg_to_int(alg)
    size = _state_size(alg)
    if isinstance(seed, (int, np.integer)):
        seed = int(seed)
        words = []
        for _ in range(size):
            words.append(_as_int64(seed))
            seed >>= 64
    else:
        words = [_as_int64(int(w)) for w in np.asarray(seed).reshape(-1)][:size]
        words = [0] * (size - len(words)) + words
    return np.array(words, np.int64)


# ------------------------------------------------------------------ ops

def _advance(state, alg, steps):
    """`state` with its counter moved on by `steps` (a 128-bit add for Philox)."""
    state = np.array(state, np.int64)
    counter_size = _counter_size(int(alg))
    if state.shape != (_state_size(int(alg)),):
        raise errors.InvalidArgumentError(
            None, None, f"The size of the state must be at least {_state_size(int(alg))}; "
            f"got {state.size}")
    words = [int(w) & _MASK64 for w in state[:counter_size]]
    counter = sum(w << (64 * i) for i, w in enumerate(words)) + steps
    for i in range(counter_size):
        state[i] = _as_int64(counter >> (64 * i))
    state.flags.writeable = False
    return state


def _read_and_skip(resource, alg, delta):
    old = resource.get()
    resource.set(_advance(old, alg, int(delta) * _SAMPLES_PER_ELEMENT))
    return np.array(old, np.int64)


def _read_and_skip_kernel(resource, alg, delta):
    return _read_and_skip(resource, alg, delta)


def _read_and_skip_shape(inputs, attrs):
    alg = shape_util.constant_value(inputs[1])
    return TensorShape([_state_size(int(alg)) if alg is not None else None])


def _binomial_kernel(resource, alg, shape, counts, probs, dtype, S=None, T=None):
    dims = shape_arg(shape)
    elements = int(np.prod(dims, dtype=np.int64))
    state = _read_and_skip(resource, alg, elements * _BINOMIAL_SAMPLES)
    counter_size = _counter_size(int(alg))
    generator = _stateless.philox_generator(state[counter_size:], state[:counter_size])
    return _stateless.draw_binomial(generator, dims, counts, probs, dtype)


def _binomial_shape(inputs, attrs):
    return random_shape(inputs[2:], attrs)


READ_AND_SKIP = register(OpDef(
    "RngReadAndSkip", _read_and_skip_kernel,
    _read_and_skip_shape,
    inputs=("resource: resource", "alg: int32", "delta: uint64"), outputs=("int64",),
    stateful=True))
STATEFUL_BINOMIAL = register(OpDef(
    "StatefulRandomBinomial", _binomial_kernel, _binomial_shape,
    inputs=("resource: resource", "algorithm: int64", "shape: S", "counts: T", "probs: T"),
    outputs=("dtype",), type_attrs={"S": (_dtypes.int32, _dtypes.int64),
                                     "T": _dtypes.REAL_NUMBER_TYPES},
    stateful=True, default_attrs={"dtype": _dtypes.int64}))
not_differentiable("RngReadAndSkip")
not_differentiable("StatefulRandomBinomial")


# ------------------------------------------------------------------ Generator

def _check_state_shape(shape, alg):
    expected = _state_size(alg)
    if TensorShape(shape).as_list() != [expected]:
        raise ValueError(f"The shape of the state must be [{expected}] for algorithm {alg}; "
                         f"got {TensorShape(shape)}")


class Generator:
    """A random-number generator whose state is a tf.Variable (tf.random.Generator).

    Seeding, state layout and state advances are TF's; the drawn values differ from TF's.
    """

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            if alg is not None or state is not None:
                raise ValueError("Generator: give either `copy_from` or `state` and `alg`")
            self._state_var = self._create_variable(copy_from.state)
            self._alg = copy_from.algorithm
            return
        if alg is None or state is None:
            raise ValueError("Generator needs `state` and `alg` (or `copy_from`); use "
                             "Generator.from_seed or from_non_deterministic_state")
        alg = _stateless.convert_alg_to_int(alg)
        if isinstance(state, Variable):
            _check_state_shape(state.shape, alg)
            self._state_var = state
        else:
            state = convert_to_tensor(state, dtype=STATE_TYPE) \
                if not isinstance(state, np.ndarray) else state.astype(np.int64)
            _check_state_shape(state.shape, alg)
            self._state_var = self._create_variable(state)
        self._alg = alg

    @staticmethod
    def _create_variable(initial_value):
        with name_scope("random_generator"):
            return Variable(initial_value, dtype=STATE_TYPE, trainable=False, name="StateVar")

    # ---------------------------------------------------------------- constructors
    @classmethod
    def from_state(cls, state, alg):
        """A generator starting from `state` (a vector or a Variable)."""
        return cls(state=state, alg=alg)

    @classmethod
    def from_seed(cls, seed, alg=None):
        """A generator whose state is made from `seed` (create_rng_state)."""
        alg = _stateless.convert_alg_to_int(alg if alg is not None else "philox")
        return cls(state=create_rng_state(seed, alg), alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        """A generator seeded from the operating system's entropy."""
        alg = _stateless.convert_alg_to_int(alg if alg is not None else "philox")
        import secrets     # (imported here: it costs milliseconds at start-up)
        words = [secrets.randbits(64) for _ in range(_state_size(alg))]
        return cls(state=np.array([_as_int64(w) for w in words], np.int64), alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        """A generator from a key (scalar) and a counter (vector)."""
        counter = convert_to_tensor(counter, STATE_TYPE)
        key = array_ops.reshape(convert_to_tensor(key, STATE_TYPE), [1])
        return cls(state=array_manip.concat([counter, key], 0), alg=alg)

    # ---------------------------------------------------------------- state
    @property
    def state(self):
        """The state variable (int64)."""
        return self._state_var

    @property
    def algorithm(self):
        """The RNG algorithm, as TF's integer."""
        return self._alg

    @property
    def key(self):
        """The key part of the state."""
        return self._state_var[_counter_size(self._alg)]

    def reset(self, state):
        """Set the state."""
        self._state_var.assign(state)

    def reset_from_seed(self, seed):
        """Set the state from `seed` as from_seed does."""
        self._state_var.assign(create_rng_state(seed, self._alg))

    def reset_from_key_counter(self, key, counter):
        """Set the state from a key and a counter."""
        counter = convert_to_tensor(counter, STATE_TYPE)
        key = array_ops.reshape(convert_to_tensor(key, STATE_TYPE), [1])
        self._state_var.assign(array_manip.concat([counter, key], 0))

    def skip(self, delta):
        """Advance the counter as `delta` draws would; returns the state before."""
        delta = math_ops.cast(convert_to_tensor(delta), _dtypes.uint64)
        return apply(READ_AND_SKIP, (self._state_var.handle, np.int32(self._alg), delta),
                     {}, "RngReadAndSkip")

    def _prepare_key_counter(self, shape):
        counter_key = self.skip(reductions.reduce_prod(shape))
        size = _counter_size(self._alg)
        counter = math_ops.cast(counter_key[:size], _dtypes.uint64)
        key = math_ops.cast(counter_key[size:size + 1], _dtypes.uint64)
        return key, counter

    # ---------------------------------------------------------------- draws
    def _draw(self, opdef, shape, dtype, extra=()):
        key, counter = self._prepare_key_counter(shape)
        return apply(opdef, (shape, key, counter, np.int32(self._alg)) + tuple(extra),
                     {"dtype": dtype}, opdef.type)

    def uniform(self, shape, minval=0, maxval=None, dtype=_dtypes.float32, name=None):
        """Uniform values in [minval, maxval); integers over the whole range when both are
        None."""
        dtype = _dtypes.as_dtype(dtype)
        if dtype.is_integer:
            if (minval is None) != (maxval is None):
                raise ValueError(f"For integer dtype {dtype!r}, minval and maxval must be both "
                                 f"`None` or both non-`None`; got minval={minval} and "
                                 f"maxval={maxval}")
        elif maxval is None:
            maxval = 1
        with name_scope(name, "stateful_uniform", [shape, minval, maxval]) as scope:
            shape = shape_tensor(shape)
            if dtype.is_integer and minval is None:
                return self._draw(_stateless.UNIFORM_FULL_INT_V2, shape, dtype)
            minval = convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
            if dtype.is_integer:
                return self._draw(_stateless.UNIFORM_INT_V2, shape, dtype, (minval, maxval))
            rnd = self._draw(_stateless.UNIFORM_V2, shape, dtype)
            return math_ops.add(rnd * (maxval - minval), minval, name=scope)

    def uniform_full_int(self, shape, dtype=_dtypes.uint64, name=None):
        """Integers over the whole range of `dtype`."""
        with name_scope(name, "stateful_uniform_full_int", [shape]):
            return self._draw(_stateless.UNIFORM_FULL_INT_V2, shape_tensor(shape),
                              _dtypes.as_dtype(dtype))

    def _scaled(self, opdef, default_name, shape, mean, stddev, dtype, name):
        with name_scope(name, default_name, [shape, mean, stddev]) as scope:
            shape = shape_tensor(shape)
            dtype = float_dtype(dtype, opdef.type)
            mean = convert_to_tensor(mean, dtype=dtype, name="mean")
            stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
            rnd = self._draw(opdef, shape, dtype)
            return math_ops.add(rnd * stddev, mean, name=scope)

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=_dtypes.float32, name=None):
        """Normally distributed values."""
        return self._scaled(_stateless.NORMAL_V2, "stateful_normal", shape, mean, stddev,
                            dtype, name)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=_dtypes.float32,
                         name=None):
        """Normal values within two standard deviations of the mean."""
        return self._scaled(_stateless.TRUNCATED_NORMAL_V2, "truncated_normal", shape, mean,
                            stddev, dtype, name)

    def binomial(self, shape, counts, probs, dtype=_dtypes.int32, name=None):
        """Binomial(counts, probs) counts of `shape`."""
        with name_scope(name, "binomial", [shape, counts, probs]) as scope:
            counts = convert_to_tensor(counts, name="counts")
            probs = convert_to_tensor(probs, name="probs")
            return apply(STATEFUL_BINOMIAL, (self._state_var.handle, np.int64(self._alg),
                                             shape_tensor(shape), counts, probs),
                         {"dtype": _dtypes.as_dtype(dtype)}, scope)

    def make_seeds(self, count=1):
        """A [2, count] int64 tensor of seeds for the stateless ops."""
        keys = self.uniform_full_int([count], dtype=_dtypes.int64)
        return array_ops.stack([keys, array_manip.zeros_like(keys)])

    def split(self, count=1):
        """`count` new generators keyed from this one's draws (their counters start at 0)."""
        keys = self.uniform_full_int([count], dtype=_dtypes.int64)
        zeros = np.zeros([_counter_size(self._alg)], np.int64)
        return [Generator(state=array_manip.concat([zeros, array_ops.reshape(key, [1])], 0),
                          alg=self._alg) for key in array_manip.unstack(keys, num=count)]


_global_generator = None


def get_global_generator():
    """The global generator, made from non-deterministic state on first use."""
    global _global_generator
    if _global_generator is None:
        with init_scope():
            _global_generator = Generator.from_non_deterministic_state()
    return _global_generator


def set_global_generator(generator):
    """Replace the global generator."""
    global _global_generator
    _global_generator = generator
