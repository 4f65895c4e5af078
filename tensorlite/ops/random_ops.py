"""Stateful random ops (RandomUniform, RandomUniformInt, RandomStandardNormal, TruncatedNormal,
Multinomial, RandomShuffle, RandomGamma, RandomPoissonV2) with TF's seed rules: kernel, shape
rule and wrapper side by side. (RandomGamma has no gradient here; TF's is RandomGammaGrad.)

Seeds follow TF's `random_seed.get_seed`: a global seed (graph-level, or the eager context's)
and an op seed make the op's two seed attributes; with a global seed but no op seed, the op
seed comes from a counter (per graph, or the eager context's RNG) so a re-run program draws
the same numbers. The bits differ from TF's (NumPy's PCG64 instead of Philox); the
repeatability rules are TF's:

* A graph op's generator state lives in the Session running it (`Session.resources`), so each
  `Session.run` draws new numbers and a new Session starts the sequence afresh.
* Eagerly, ops with the same type, seeds and dtype share one generator, as TF's eager kernel
  cache shares one kernel: `uniform([1], seed=1)` twice gives A1 then A2; `set_seed` clears
  the cache, so setting the seed again repeats the sequence.
* Outside a Session (an op of a function graph), the op keeps its generator itself, so it
  advances across calls like TF's function kernels.
"""
import random as _py_random
import threading

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import array_manip, math_ops, shape_util

__all__ = ["uniform", "normal", "truncated_normal", "categorical", "shuffle", "set_seed", "gamma",
           "poisson"]

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2 ** 31 - 1
_FLOATS = _dtypes.FLOATING_TYPES
_INDEX = (_dtypes.int32, _dtypes.int64)

# ------------------------------------------------------------------ seeds


class _EagerSeeds:
    """The eager context's global seed, op-seed RNG and shared generators (TF keeps these in
    its eager context; `set_seed` resets all three)."""

    def __init__(self):
        self.seed = None
        self.rng = _py_random.Random()
        self.generators = {}
        self.lock = threading.Lock()

    def set(self, seed):
        self.seed = seed
        self.rng = _py_random.Random(int(np.asarray(seed)) if seed is not None else None)
        self.generators = {}

    def operation_seed(self):
        return self.rng.randint(0, _MAXINT32)


_eager = _EagerSeeds()


def _truncate_seed(seed):
    return int(seed) % _MAXINT32


def get_seed(op_seed):
    """The (seed, seed2) pair an op uses given its op seed (TF's `random.get_seed`)."""
    eager = _context.executing_eagerly()
    graph = None if eager else _context.get_default_graph()
    global_seed = _eager.seed if eager else graph.seed
    if global_seed is None and not eager and graph.building_function and \
            _context.executing_eagerly_outside_functions():
        global_seed = _eager.seed    # TF's FuncGraph takes the eager global seed
    if global_seed is not None:
        if op_seed is None:
            if eager:
                op_seed = _eager.operation_seed()
            else:
                counter = graph.graph_state("random_ops.op_seed_counter", lambda: [0])
                op_seed = counter[0]
                counter[0] += 1
        seeds = _truncate_seed(global_seed), _truncate_seed(op_seed)
    elif op_seed is not None:
        seeds = DEFAULT_GRAPH_SEED, _truncate_seed(op_seed)
    else:
        seeds = None, None
    if seeds == (0, 0):
        return 0, _MAXINT32
    return seeds


def set_seed(seed):
    """Set the global random seed: the eager context's, or the default graph's when building
    a graph (TF's tf.random.set_seed / tf.compat.v1.set_random_seed)."""
    if _context.executing_eagerly():
        _eager.set(seed)
    else:
        _context.get_default_graph().seed = seed


set_random_seed = set_seed


# ------------------------------------------------------------------ generator state

class _GeneratorHandle:
    """Identifies one stateful random op's generator: the key of its state in a Session's
    resources, or the holder of the state itself (eager kernels, function graphs)."""

    __slots__ = ("seed", "seed2", "eager", "generator", "__weakref__")

    def __init__(self, seed, seed2, eager):
        self.seed = seed
        self.seed2 = seed2
        self.eager = eager
        self.generator = None

    def new_generator(self):
        if self.seed == 0 and self.seed2 == 0:
            return np.random.default_rng()          # neither seed set: nondeterministic
        return np.random.default_rng([self.seed, self.seed2])

    def __repr__(self):
        return f"<random generator seed={self.seed} seed2={self.seed2}>"


def _generator_for(handle):
    """The generator a kernel draws from: per Session for graph ops, else the handle's own."""
    from tensorlite.execution.session import running_session
    session = None if handle.eager else running_session()
    if session is None:
        generator = handle.generator
        if generator is None:
            generator = handle.generator = handle.new_generator()
        return generator
    generator = session.resources.get(handle)
    if generator is None:
        generator = session.resources[handle] = handle.new_generator()
    return generator


def _attrs(op_type, seed, seed2, **attrs):
    """The attributes of a random op, with the handle of its generator state."""
    seed, seed2 = seed or 0, seed2 or 0
    if _context.executing_eagerly():
        # TF's eager kernel cache: one kernel (one generator) per op type, seeds and dtypes.
        key = (op_type, seed, seed2) + tuple(sorted(attrs.items(), key=lambda kv: kv[0]))
        with _eager.lock:
            handle = _eager.generators.get(key)
            if handle is None:
                handle = _eager.generators[key] = _GeneratorHandle(seed, seed2, True)
    else:
        handle = _GeneratorHandle(seed, seed2, False)
    return {**attrs, "seed": seed, "seed2": seed2, "_generator": handle}


# ------------------------------------------------------------------ kernels

def shape_arg(shape):
    """A kernel's `shape` input as a tuple of dims, with TF's errors."""
    shape = np.asarray(shape)
    if shape.ndim != 1:
        raise errors.InvalidArgumentError(
            None, None, f"shape must be a vector of {{int32,int64}}, got shape "
            f"{shape_util.shape_text(TensorShape(shape.shape))}")
    dims = tuple(int(d) for d in shape)
    for d in dims:
        if d < 0:
            raise errors.InvalidArgumentError(None, None, f"Dimension {d} must be >= 0")
    return dims


def _floats(generator, shape, dtype, draw):
    np_dtype = dtype.as_numpy_dtype
    if np_dtype in (np.float32, np.float64):
        return draw(generator, shape, np_dtype)
    return draw(generator, shape, np.float32).astype(np_dtype)


def _uniform_kernel(shape, dtype, seed, seed2, _generator=None):
    generator = _generator_for(_generator)
    return _floats(generator, shape_arg(shape), dtype,
                   lambda g, s, t: g.random(s, dtype=t))


def _normal_kernel(shape, dtype, seed, seed2, _generator=None):
    generator = _generator_for(_generator)
    return _floats(generator, shape_arg(shape), dtype,
                   lambda g, s, t: g.standard_normal(s, dtype=t))


def _truncated(generator, shape, np_dtype):
    values = generator.standard_normal(shape, dtype=np_dtype)
    outside = np.abs(values) > 2
    while outside.any():   # redraw what fell beyond 2 standard deviations, as TF does
        values[outside] = generator.standard_normal(int(outside.sum()), dtype=np_dtype)
        outside = np.abs(values) > 2
    return values


def _truncated_kernel(shape, dtype, seed, seed2, _generator=None):
    generator = _generator_for(_generator)
    return _floats(generator, shape_arg(shape), dtype, _truncated)


def _uniform_int_kernel(shape, minval, maxval, Tout, seed, seed2, _generator=None):
    return draw_int(_generator_for(_generator), shape_arg(shape), minval, maxval, Tout)


def draw_int(generator, dims, minval, maxval, dtype):
    """Integers in [minval, maxval) with the checks of TF's uniform-int kernels."""
    for name, value in (("minval", minval), ("maxval", maxval)):
        if np.ndim(value) != 0:
            raise errors.InvalidArgumentError(
                None, None, f"{name} must be 0-D, got shape "
                f"{shape_util.shape_text(TensorShape(np.shape(value)))}")
    low, high = int(minval), int(maxval)
    if np.prod(dims, dtype=np.int64) > 0 and low >= high:
        raise errors.InvalidArgumentError(
            None, None, f"Need minval < maxval, got {low} >= {high}")
    if low >= high:
        return np.zeros(dims, dtype=dtype.as_numpy_dtype)
    return generator.integers(low, high, dims, dtype=dtype.as_numpy_dtype)


def _multinomial_kernel(logits, num_samples, seed, seed2, output_dtype,
                        _generator=None):
    return draw_categorical(_generator_for(_generator), logits, num_samples, output_dtype)


def draw_categorical(generator, logits, num_samples, output_dtype):
    """`num_samples` class indices per row of `logits` drawn from `generator`, with the
    errors of TF's Multinomial kernels (StatelessMultinomial shares them)."""
    if logits.ndim != 2:
        raise errors.InvalidArgumentError(
            None, None, f"logits should be a matrix, got shape "
            f"{shape_util.shape_text(TensorShape(logits.shape))}")
    num_samples = int(num_samples)
    if num_samples < 0:
        raise errors.InvalidArgumentError(
            None, None, f"num_samples should be non-negative, got {num_samples}")
    batch, classes = logits.shape
    out_dtype = output_dtype.as_numpy_dtype
    if batch == 0 or num_samples == 0:
        return np.zeros((batch, num_samples), dtype=out_dtype)
    if classes == 0:
        raise errors.InvalidArgumentError(
            None, None, f"num_classes should be positive, got {classes}")
    # TF's CPU kernel: an unnormalized CDF over the finite logits, then an upper-bound
    # search for each uniform draw (a row of only -inf logits yields `classes`).
    logits = logits.astype(np.float64)
    finite = np.isfinite(logits)
    row_max = np.max(np.where(finite, logits, -np.inf), axis=1, keepdims=True)
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        cdf = np.cumsum(np.where(finite, np.exp(logits - row_max), 0.0), axis=1)
    total = cdf[:, -1:]
    empty = total[:, 0] <= 0
    # Search all rows at once: row b's normalized CDF is shifted into [2b, 2b + 1].
    offsets = 2.0 * np.arange(batch)[:, None]
    flat_cdf = (cdf / np.where(empty[:, None], 1.0, total) + offsets).reshape(-1)
    draws = generator.random((batch, num_samples)) + offsets
    found = np.searchsorted(flat_cdf, draws.reshape(-1), side="right").reshape(
        batch, num_samples) - classes * np.arange(batch)[:, None]
    found[empty] = classes
    return found.astype(out_dtype)


def _shuffle_kernel(value, seed, seed2, _generator=None):
    generator = _generator_for(_generator)
    if np.ndim(value) == 0 or np.shape(value)[0] <= 1:
        return value
    return value[generator.permutation(np.shape(value)[0])]


def _gamma_kernel(shape, alpha, seed, seed2, S=None, T=None, _generator=None):
    generator = _generator_for(_generator)
    alpha = np.asarray(alpha)
    dims = shape_arg(shape) + alpha.shape
    # NumPy's standard_gamma is Marsaglia-Tsang, the sampler TF's RandomGamma uses.
    return generator.standard_gamma(np.broadcast_to(alpha, dims).astype(np.float64)).astype(
        alpha.dtype)


def _poisson_kernel(shape, rate, seed, seed2, dtype, S=None, R=None, _generator=None):
    generator = _generator_for(_generator)
    rate = np.asarray(rate)
    dims = shape_arg(shape) + rate.shape
    return generator.poisson(np.broadcast_to(rate, dims).astype(np.float64)).astype(
        dtype.as_numpy_dtype)


# ------------------------------------------------------------------ shape rules

def _check_vector(tensor):
    rank = tensor.shape.rank
    if rank is not None and rank != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {rank}")


def random_shape(inputs, attrs):
    """The shape rule of an op whose first input is the output shape."""
    _check_vector(inputs[0])
    return shape_util.constant_value_as_shape(inputs[0])


def _uniform_int_shape(inputs, attrs):
    for tensor in inputs[1:]:
        rank = tensor.shape.rank
        if rank is not None and rank != 0:
            raise ValueError(f"Shape must be rank 0 but is rank {rank}")
    return random_shape(inputs, attrs)


def _multinomial_shape(inputs, attrs):
    logits = inputs[0].shape
    if logits.rank is not None and logits.rank != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {logits.rank}")
    if inputs[1].shape.rank not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {inputs[1].shape.rank}")
    samples = shape_util.constant_value(inputs[1])
    batch = logits.as_list()[0] if logits.rank is not None else None
    return TensorShape((batch, int(samples) if samples is not None else None))


def _sample_shape(inputs, attrs):
    """shape ++ the parameter's shape (RandomGamma, RandomPoissonV2)."""
    return random_shape(inputs, attrs).concatenate(inputs[1].shape)


_SEED_ATTRS = {"seed": 0, "seed2": 0}

RANDOM_UNIFORM = register(OpDef(
    "RandomUniform", _uniform_kernel, random_shape, inputs=("shape: T",),
    outputs=("dtype",), type_attrs={"T": _INDEX}, stateful=True, default_attrs=_SEED_ATTRS))
RANDOM_STANDARD_NORMAL = register(OpDef(
    "RandomStandardNormal", _normal_kernel, random_shape, inputs=("shape: T",),
    outputs=("dtype",), type_attrs={"T": _INDEX}, stateful=True, default_attrs=_SEED_ATTRS))
TRUNCATED_NORMAL = register(OpDef(
    "TruncatedNormal", _truncated_kernel, random_shape, inputs=("shape: T",),
    outputs=("dtype",), type_attrs={"T": _INDEX}, stateful=True, default_attrs=_SEED_ATTRS))
RANDOM_UNIFORM_INT = register(OpDef(
    "RandomUniformInt", _uniform_int_kernel, _uniform_int_shape,
    inputs=("shape: T", "minval: Tout", "maxval: Tout"), outputs=("Tout",),
    type_attrs={"T": _INDEX, "Tout": _INDEX}, stateful=True, default_attrs=_SEED_ATTRS))
MULTINOMIAL = register(OpDef(
    "Multinomial", _multinomial_kernel, _multinomial_shape,
    inputs=("logits: T", "num_samples: int32"), outputs=("output_dtype",),
    type_attrs={"T": _dtypes.REAL_NUMBER_TYPES}, stateful=True,
    default_attrs={**_SEED_ATTRS, "output_dtype": _dtypes.int64}))
RANDOM_SHUFFLE = register(OpDef(
    "RandomShuffle", _shuffle_kernel, shape_util.same_as_first, inputs=("value: T",),
    outputs=("T",), type_attrs={"T": None}, stateful=True, default_attrs=_SEED_ATTRS))

RANDOM_GAMMA = register(OpDef(
    "RandomGamma", _gamma_kernel, _sample_shape, inputs=("shape: S", "alpha: T"),
    outputs=("T",), type_attrs={"S": _INDEX, "T": _FLOATS}, stateful=True,
    default_attrs=_SEED_ATTRS))
RANDOM_POISSON = register(OpDef(
    "RandomPoissonV2", _poisson_kernel, _sample_shape, inputs=("shape: S", "rate: R"),
    outputs=("dtype",), type_attrs={"S": _INDEX, "R": _FLOATS + _INDEX}, stateful=True,
    default_attrs={**_SEED_ATTRS, "dtype": _dtypes.int64}))

for _op_type in ("RandomUniform", "RandomStandardNormal", "TruncatedNormal",
                 "RandomUniformInt", "Multinomial", "RandomShuffle", "RandomPoissonV2",
                 "RandomGamma"):
    not_differentiable(_op_type)


# ------------------------------------------------------------------ public wrappers

def shape_tensor(shape):
    """TF's shape_util.shape_tensor: an int32 (int64 if needed) 1-D tensor named "shape"."""
    if isinstance(shape, Tensor) or hasattr(shape, "_as_tensor"):
        return shape
    dtype = None
    if isinstance(shape, TensorShape):
        shape = shape.as_list()
    if isinstance(shape, (tuple, list)):
        if not shape:
            dtype = _dtypes.int32
            shape = np.zeros([0], np.int32)
        else:
            shape = tuple(getattr(d, "value", d) for d in shape)
    return convert_to_tensor(shape, dtype=dtype, name="shape")


def float_dtype(dtype, op_type):
    """`dtype` if a float type, else TF's error for a float-only random op."""
    dtype = _dtypes.as_dtype(dtype)
    if dtype not in _FLOATS:
        if _context.executing_eagerly():
            raise errors.InvalidArgumentError(
                None, None, f"Value for attr 'dtype' of {dtype.name} is not in the list of "
                "allowed values: half, bfloat16, float, double [Op:" + op_type + "]")
        raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in "
                        "list of allowed values: float16, bfloat16, float32, float64")
    return dtype


def random_uniform(shape, minval=0, maxval=None, dtype=_dtypes.float32, seed=None,
                   name=None):
    """Uniform values in [minval, maxval) (tf.random.uniform); ints need `maxval`."""
    dtype = _dtypes.as_dtype(dtype)
    accepted = tuple(d for d in (_dtypes.float16, getattr(_dtypes, "bfloat16", None),
                                 _dtypes.float32, _dtypes.float64, _dtypes.int32,
                                 _dtypes.int64) if d is not None)
    if dtype not in accepted:
        raise ValueError(f"Argument `dtype` got invalid value {dtype!r}. Accepted dtypes are "
                         f"({', '.join(f'tf.{d.name}' for d in accepted)}).")
    if maxval is None:
        if dtype.is_integer:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        maxval = 1
    with name_scope(name, "random_uniform", [shape, minval, maxval]) as scope:
        shape = shape_tensor(shape)
        # TF skips the affine transform only for the Python ints 0 and 1.
        minval_is_zero = isinstance(minval, int) and not isinstance(minval, bool) and \
            minval == 0
        maxval_is_one = isinstance(maxval, int) and not isinstance(maxval, bool) and \
            maxval == 1
        if not minval_is_zero or not maxval_is_one or dtype.is_integer:
            minval = convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        seed1, seed2 = get_seed(seed)
        if dtype.is_integer:
            return apply(RANDOM_UNIFORM_INT, (shape, minval, maxval),
                         _attrs("RandomUniformInt", seed1, seed2, Tout=dtype), scope)
        result = apply(RANDOM_UNIFORM, (shape,),
                       _attrs("RandomUniform", seed1, seed2, dtype=dtype), "RandomUniform")
        if minval_is_zero:
            if not maxval_is_one:
                result = math_ops.multiply(result, maxval)
            return result
        return math_ops.add(result * (maxval - minval), minval, name=scope)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=_dtypes.float32, seed=None, name=None):
    """Normally distributed values (tf.random.normal)."""
    with name_scope(name, "random_normal", [shape, mean, stddev]) as scope:
        shape = shape_tensor(shape)
        dtype = float_dtype(dtype, "RandomStandardNormal")
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        seed1, seed2 = get_seed(seed)
        rnd = apply(RANDOM_STANDARD_NORMAL, (shape,),
                    _attrs("RandomStandardNormal", seed1, seed2, dtype=dtype),
                    "RandomStandardNormal")
        return math_ops.add(rnd * stddev, mean, name=scope)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=_dtypes.float32, seed=None,
                     name=None):
    """Normal values redrawn when beyond two standard deviations (tf.random.truncated_normal)."""
    with name_scope(name, "truncated_normal", [shape, mean, stddev]) as scope:
        shape = shape_tensor(shape)
        dtype = float_dtype(dtype, "TruncatedNormal")
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        seed1, seed2 = get_seed(seed)
        rnd = apply(TRUNCATED_NORMAL, (shape,),
                    _attrs("TruncatedNormal", seed1, seed2, dtype=dtype), "TruncatedNormal")
        return math_ops.add(rnd * stddev, mean, name=scope)


def _categorical(logits, num_samples, dtype, seed):
    logits = convert_to_tensor(logits, name="logits")
    dtype = _dtypes.as_dtype(dtype) if dtype else _dtypes.int64
    if dtype not in _INDEX:
        raise ValueError(f"Argument `dtype` got invalid value {dtype!r}. Accepted dtypes are "
                         "(tf.int32, tf.int64).")
    seed1, seed2 = get_seed(seed)
    return apply(MULTINOMIAL, (logits, num_samples),
                 _attrs("Multinomial", seed1, seed2, output_dtype=dtype), "Multinomial")


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Samples from categorical distributions given by `logits` [batch, classes]."""
    with name_scope(name, "categorical", [logits]):
        return _categorical(logits, num_samples, dtype, seed)


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """tf.compat.v1.multinomial: tf.random.categorical under its TF1 name."""
    with name_scope(name, "multinomial", [logits]):
        return _categorical(logits, num_samples, output_dtype, seed)


def random_shuffle(value, seed=None, name=None):
    """`value` with its first dimension randomly permuted (tf.random.shuffle)."""
    seed1, seed2 = get_seed(seed)
    return apply(RANDOM_SHUFFLE, (value,), _attrs("RandomShuffle", seed1, seed2),
                 name or "RandomShuffle")


def random_gamma(shape, alpha, beta=None, dtype=_dtypes.float32, seed=None, name=None):
    """Gamma(alpha, beta) samples of shape `shape + broadcast(alpha, beta).shape`
    (tf.random.gamma); like TF's, they are at least the dtype's smallest normal number."""
    with name_scope(name, "random_gamma", [shape, alpha, beta]):
        shape = shape_tensor(shape)
        dtype = _dtypes.as_dtype(dtype)
        alpha = convert_to_tensor(alpha, name="alpha", dtype=dtype)
        beta = convert_to_tensor(beta if beta is not None else 1, name="beta", dtype=dtype)
        alpha_broadcast = math_ops.add(alpha, array_manip.zeros_like(beta))
        seed1, seed2 = get_seed(seed)
        sample = apply(RANDOM_GAMMA, (shape, alpha_broadcast),
                       _attrs("RandomGamma", seed1, seed2), "RandomGamma")
        return math_ops.maximum(np.finfo(dtype.as_numpy_dtype).tiny, sample / beta)


def random_poisson(shape, lam, dtype=_dtypes.float32, seed=None, name=None):
    """Poisson(lam) samples of shape `shape + lam.shape` (tf.random.poisson)."""
    with name_scope(name, "random_poisson", [lam, shape]):
        shape = shape_tensor(shape)
        seed1, seed2 = get_seed(seed)
        return apply(RANDOM_POISSON, (shape, lam),
                     _attrs("RandomPoissonV2", seed1, seed2, dtype=_dtypes.as_dtype(dtype)),
                     "RandomPoissonV2")


def random_poisson_v1(lam, shape, dtype=_dtypes.float32, seed=None, name=None):
    """tf.compat.v1.random_poisson: tf.random.poisson with `lam` first."""
    return random_poisson(shape, lam, dtype, seed, name)


gamma = random_gamma
poisson = random_poisson
uniform = random_uniform
normal = random_normal
shuffle = random_shuffle
