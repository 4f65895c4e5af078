"""Stateless random ops (tf.random.stateless_*, stateless_split, stateless_fold_in): the
values are a function of (shape, seed) alone, in every mode and every Session.

As in TF 2.x, a seed (shape [2], int32 or int64) first becomes a Philox key and counter
(StatelessRandomGetKeyCounter); the V2 ops draw from a key and counter, which is also how
`tf.random.Generator` draws from its state. The bits differ from TF's: NumPy's Philox4x64
(TF's 64-bit key and 128-bit counter, zero-extended) and NumPy's samplers stand in for TF's
Philox4x32 kernels, and ThreeFry is drawn with Philox too (NumPy has no ThreeFry).
"""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import array_manip, array_ops, math_ops, shape_util
from tensorlite.ops.random_ops import (draw_categorical, draw_int, float_dtype, random_shape,
                                       shape_arg, shape_tensor)

__all__ = ["stateless_random_uniform", "stateless_random_normal", "stateless_truncated_normal",
           "stateless_categorical", "stateless_random_binomial", "stateless_random_poisson",
           "stateless_random_gamma", "split", "fold_in"]

# TF's random_ops_util.Algorithm values (the `alg` input of the V2 ops).
PHILOX, THREEFRY, AUTO_SELECT = 1, 2, 3
_ALGORITHM_NAMES = {"philox": PHILOX, "threefry": THREEFRY, "auto_select": AUTO_SELECT}
_INDEX = (_dtypes.int32, _dtypes.int64)
_MASK64 = 2 ** 64 - 1


def convert_alg_to_int(alg):
    """An algorithm given as an int, name or `tf.random.Algorithm` as TF's integer."""
    value = getattr(alg, "value", alg)
    if isinstance(value, str):
        key = value.lower()
        if key not in _ALGORITHM_NAMES:
            raise ValueError(f"Argument `alg` got unsupported string value {alg}. Supported "
                             "string values are 'philox' for the Philox algorithm, "
                             "'threefry' for the ThreeFry algorithm, and 'auto_select' "
                             "for auto-selection.")
        return _ALGORITHM_NAMES[key]
    if isinstance(value, (int, np.integer)) and int(value) in (PHILOX, THREEFRY, AUTO_SELECT):
        return int(value)
    raise ValueError(f"Can't convert argument `alg` (of value {alg} and type {type(alg)}) to "
                     "int.")


# ------------------------------------------------------------------ kernels

def philox_generator(key, counter):
    """NumPy's Philox keyed by TF's key (1 word) and counter (1 or 2 words)."""
    key = np.asarray(key).astype(np.uint64).reshape(-1)
    counter = np.asarray(counter).astype(np.uint64).reshape(-1)
    if key.size != 1:
        raise errors.InvalidArgumentError(
            None, None, f"key must have shape [1], not {list(np.shape(key))}")
    words = np.zeros(4, np.uint64)
    words[:min(counter.size, 2)] = counter[:2]
    return np.random.Generator(np.random.Philox(
        counter=words, key=np.array([key[0], 0], np.uint64)))


def _key_counter(seed):
    seed = np.asarray(seed)
    if seed.shape != (2,):
        raise errors.InvalidArgumentError(
            None, None, f"seed must have shape [2], not {list(seed.shape)}")
    # Scramble the two seeds into a key and counter (TF scrambles them with Philox too),
    # so that neighbouring seeds give unrelated streams.
    words = np.random.SeedSequence([int(s) & _MASK64 for s in seed]).generate_state(
        3, np.uint64)
    return words[:1], words[1:]


def _seeded_generator(seed):
    return philox_generator(*_key_counter(seed))


def _get_key_counter_kernel(seed, Tseed=None):
    return list(_key_counter(seed))


def draw_floats(generator, dims, dtype, draw):
    """`draw(generator, dims, float32 or float64)` in `dtype` (half types via float32)."""
    np_dtype = dtype.as_numpy_dtype
    if np_dtype in (np.float32, np.float64):
        return draw(generator, dims, np_dtype)
    return draw(generator, dims, np.float32).astype(np_dtype)


def truncated_normal_draw(generator, dims, np_dtype):
    values = generator.standard_normal(dims, dtype=np_dtype)
    outside = np.abs(values) > 2
    while outside.any():   # redraw what fell beyond 2 standard deviations, as TF does
        values[outside] = generator.standard_normal(int(outside.sum()), dtype=np_dtype)
        outside = np.abs(values) > 2
    return values


def _float_kernel(draw):
    def kernel(shape, key, counter, alg, dtype, Tshape=None):
        return draw_floats(philox_generator(key, counter), shape_arg(shape), dtype, draw)
    return kernel


def draw_full_int(generator, dims, dtype):
    """Integers over the whole range of `dtype`."""
    info = np.iinfo(dtype.as_numpy_dtype)
    return generator.integers(info.min, info.max, dims, dtype=dtype.as_numpy_dtype,
                              endpoint=True)


def _uniform_int_kernel(shape, key, counter, alg, minval, maxval, dtype, Tshape=None):
    return draw_int(philox_generator(key, counter), shape_arg(shape), minval, maxval, dtype)


def _uniform_full_int_kernel(shape, key, counter, alg, dtype, Tshape=None):
    return draw_full_int(philox_generator(key, counter), shape_arg(shape), dtype)


def _multinomial_kernel(logits, num_samples, seed, output_dtype, T=None, Tseed=None):
    return draw_categorical(_seeded_generator(seed), logits, num_samples, output_dtype)


def _broadcast_param(name, value, dims):
    try:
        return np.broadcast_to(value, dims)
    except ValueError:
        raise errors.InvalidArgumentError(
            None, None, f"Shape passed in must end with broadcasted shape: {name} of shape "
            f"{list(np.shape(value))} does not broadcast to {list(dims)}") from None


def draw_binomial(generator, dims, counts, probs, dtype):
    counts = _broadcast_param("counts", counts, dims)
    probs = _broadcast_param("probs", probs, dims)
    return generator.binomial(counts.astype(np.int64), probs.astype(np.float64)).astype(
        dtype.as_numpy_dtype)


def _binomial_kernel(shape, seed, counts, probs, dtype, S=None, Tseed=None, T=None):
    return draw_binomial(_seeded_generator(seed), shape_arg(shape), counts, probs, dtype)


def _poisson_kernel(shape, seed, lam, dtype, T=None, Tseed=None, Rtype=None):
    dims = shape_arg(shape)
    lam = _broadcast_param("lam", lam, dims).astype(np.float64)
    return _seeded_generator(seed).poisson(lam).astype(dtype.as_numpy_dtype)


def draw_gamma(generator, dims, alpha):
    """Standard gamma samples of shape `dims`, alpha broadcast to it."""
    alpha = np.asarray(alpha)
    shape_param = np.broadcast_to(alpha, dims).astype(np.float64)
    return generator.standard_gamma(shape_param).astype(alpha.dtype)


def _gamma_kernel(shape, seed, alpha, dtype=None, T=None, Tseed=None):
    dims = shape_arg(shape)
    _broadcast_param("alpha", alpha, dims)
    return draw_gamma(_seeded_generator(seed), dims, alpha)


# ------------------------------------------------------------------ shape rules

def _seed_rule(seed):
    shape = seed.shape
    if shape.rank is not None and shape.rank != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {shape.rank}")
    if shape.rank == 1 and shape.as_list()[0] not in (None, 2):
        raise ValueError(f"Dimension must be 2 but is {shape.as_list()[0]}")


def _key_counter_shape(inputs, attrs):
    _seed_rule(inputs[0])
    return [TensorShape([1]), TensorShape([2])]


def _seeded_shape(seed_index):
    def rule(inputs, attrs):
        _seed_rule(inputs[seed_index])
        return random_shape(inputs, attrs)
    return rule


def _multinomial_shape(inputs, attrs):
    _seed_rule(inputs[2])
    logits = inputs[0].shape
    if logits.rank is not None and logits.rank != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {logits.rank}")
    samples = shape_util.constant_value(inputs[1])
    batch = logits.as_list()[0] if logits.rank is not None else None
    return TensorShape((batch, int(samples) if samples is not None else None))


_FLOAT_OUT = {"dtype": _dtypes.float32}
_V2_INPUTS = ("shape: Tshape", "key: uint64", "counter: uint64", "alg: int32")


def _v2(op_type, kernel, extra_inputs=(), type_attrs=None):
    return register(OpDef(
        op_type, kernel, random_shape, inputs=_V2_INPUTS + extra_inputs, outputs=("dtype",),
        type_attrs={"Tshape": _INDEX, **(type_attrs or {})}, default_attrs=_FLOAT_OUT))


GET_KEY_COUNTER = register(OpDef(
    "StatelessRandomGetKeyCounter", _get_key_counter_kernel, _key_counter_shape,
    inputs=("seed: Tseed",), outputs=("uint64", "uint64"), type_attrs={"Tseed": _INDEX}))
UNIFORM_V2 = _v2("StatelessRandomUniformV2",
                 _float_kernel(lambda g, s, t: g.random(s, dtype=t)))
NORMAL_V2 = _v2("StatelessRandomNormalV2",
                _float_kernel(lambda g, s, t: g.standard_normal(s, dtype=t)))
TRUNCATED_NORMAL_V2 = _v2("StatelessTruncatedNormalV2", _float_kernel(truncated_normal_draw))
UNIFORM_INT_V2 = _v2("StatelessRandomUniformIntV2", _uniform_int_kernel,
                     ("minval: dtype", "maxval: dtype"), {"dtype": _dtypes.INTEGER_TYPES})
UNIFORM_FULL_INT_V2 = _v2("StatelessRandomUniformFullIntV2", _uniform_full_int_kernel)
MULTINOMIAL = register(OpDef(
    "StatelessMultinomial", _multinomial_kernel, _multinomial_shape,
    inputs=("logits: T", "num_samples: int32", "seed: Tseed"), outputs=("output_dtype",),
    type_attrs={"T": _dtypes.REAL_NUMBER_TYPES, "Tseed": _INDEX},
    default_attrs={"output_dtype": _dtypes.int64}))
BINOMIAL = register(OpDef(
    "StatelessRandomBinomial", _binomial_kernel, _seeded_shape(1),
    inputs=("shape: S", "seed: Tseed", "counts: T", "probs: T"), outputs=("dtype",),
    type_attrs={"S": _INDEX, "Tseed": _INDEX, "T": _dtypes.REAL_NUMBER_TYPES},
    default_attrs={"dtype": _dtypes.int64}))
POISSON = register(OpDef(
    "StatelessRandomPoisson", _poisson_kernel, _seeded_shape(1),
    inputs=("shape: T", "seed: Tseed", "lam: Rtype"), outputs=("dtype",),
    type_attrs={"T": _INDEX, "Tseed": _INDEX, "Rtype": _dtypes.FLOATING_TYPES}))
GAMMA_V2 = register(OpDef(
    "StatelessRandomGammaV2", _gamma_kernel, _seeded_shape(1),
    inputs=("shape: T", "seed: Tseed", "alpha: dtype"), outputs=("dtype",),
    type_attrs={"T": _INDEX, "Tseed": _INDEX, "dtype": _dtypes.FLOATING_TYPES}))

for _opdef in (GET_KEY_COUNTER, UNIFORM_V2, NORMAL_V2, TRUNCATED_NORMAL_V2, UNIFORM_INT_V2,
               UNIFORM_FULL_INT_V2, MULTINOMIAL, BINOMIAL, POISSON, GAMMA_V2):
    not_differentiable(_opdef.type)


# ------------------------------------------------------------------ public wrappers

def get_key_counter_alg(seed, alg):
    """The (key, counter, alg) a stateless op draws from (TF's get_key_counter_alg)."""
    alg = convert_alg_to_int(alg)
    key, counter = apply(GET_KEY_COUNTER, (seed,), {}, "StatelessRandomGetKeyCounter")
    return key, counter, alg


_UNIFORM_DTYPES = tuple(d for d in (
    _dtypes.float16, getattr(_dtypes, "bfloat16", None), _dtypes.float32, _dtypes.float64,
    _dtypes.int32, _dtypes.int64, _dtypes.uint32, _dtypes.uint64) if d is not None)


def _accepted_text(dtypes):
    return "(" + ", ".join(f"tf.{d.name}" for d in dtypes) + ")"


def stateless_random_uniform(shape, seed, minval=0, maxval=None, dtype=_dtypes.float32,
                             name=None, alg="auto_select"):
    """Uniform values determined by (shape, seed); integer dtypes draw from [minval, maxval)
    or, with both None, from the whole range (the values differ from TF's)."""
    dtype = _dtypes.as_dtype(dtype)
    if dtype not in _UNIFORM_DTYPES:
        raise ValueError(f"Argument `dtype` got invalid value {dtype!r}. Accepted dtypes are "
                         f"{_accepted_text(_UNIFORM_DTYPES)}.")
    if dtype.is_integer:
        if (minval is None) != (maxval is None):
            raise ValueError(f"For integer `dtype` argument {dtype!r}, argument `minval` and "
                             "`maxval` must be both None or not None. Got `minval`="
                             f"{minval} and `maxval`={maxval}.")
        if minval is not None and dtype in (_dtypes.uint32, _dtypes.uint64):
            raise ValueError(f"Argument `dtype` got invalid value {dtype!r} when argument "
                             "`minval` is not None. Please don't use unsigned integers in "
                             "this case.")
    elif maxval is None:
        maxval = 1
    with name_scope(name, "stateless_random_uniform", [shape, seed, minval, maxval]) as scope:
        shape = shape_tensor(shape)
        if dtype.is_integer and minval is None:
            key, counter, alg = get_key_counter_alg(seed, alg)
            return apply(UNIFORM_FULL_INT_V2, (shape, key, counter, alg), {"dtype": dtype},
                         scope)
        minval = convert_to_tensor(minval, dtype=dtype, name="min")
        maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        key, counter, alg = get_key_counter_alg(seed, alg)
        if dtype.is_integer:
            return apply(UNIFORM_INT_V2, (shape, key, counter, alg, minval, maxval),
                         {"dtype": dtype}, scope)
        rnd = apply(UNIFORM_V2, (shape, key, counter, alg), {"dtype": dtype},
                    "StatelessRandomUniformV2")
        return math_ops.add(rnd * (maxval - minval), minval, name=scope)


def _scaled(op, op_name, default_name, shape, seed, mean, stddev, dtype, name, alg):
    with name_scope(name, default_name, [shape, seed, mean, stddev]) as scope:
        shape = shape_tensor(shape)
        dtype = float_dtype(dtype, op_name)
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        key, counter, alg = get_key_counter_alg(seed, alg)
        rnd = apply(op, (shape, key, counter, alg), {"dtype": dtype}, op_name)
        return math_ops.add(rnd * stddev, mean, name=scope)


def stateless_random_normal(shape, seed, mean=0.0, stddev=1.0, dtype=_dtypes.float32,
                            name=None, alg="auto_select"):
    """Normal values determined by (shape, seed) (the values differ from TF's)."""
    return _scaled(NORMAL_V2, "StatelessRandomNormalV2", "stateless_random_normal", shape,
                   seed, mean, stddev, dtype, name, alg)


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=_dtypes.float32,
                               name=None, alg="auto_select"):
    """Normal values within two standard deviations, determined by (shape, seed)."""
    return _scaled(TRUNCATED_NORMAL_V2, "StatelessTruncatedNormalV2",
                   "stateless_truncated_normal", shape, seed, mean, stddev, dtype, name, alg)


def stateless_categorical(logits, num_samples, seed, dtype=_dtypes.int64, name=None):
    """Class indices drawn from `logits` [batch, classes], determined by the seed."""
    with name_scope(name, "stateless_categorical", [logits, seed]):
        logits = convert_to_tensor(logits, name="logits")
        dtype = _dtypes.as_dtype(dtype) if dtype else _dtypes.int64
        if dtype not in _INDEX:
            raise ValueError(f"Argument `dtype` got invalid value {dtype!r}. Accepted dtypes "
                             "are (tf.int32, tf.int64).")
        return apply(MULTINOMIAL, (logits, num_samples, seed), {"output_dtype": dtype},
                     "StatelessMultinomial")


def stateless_random_binomial(shape, seed, counts, probs, output_dtype=_dtypes.int32,
                              name=None):
    """Binomial(counts, probs) counts of `shape` (counts and probs broadcast to it)."""
    with name_scope(name, "stateless_random_binomial", [shape, seed, counts, probs]) as scope:
        shape = shape_tensor(shape)
        probs = convert_to_tensor(probs, name="probs", dtype_hint=_dtypes.float32)
        counts = convert_to_tensor(counts, name="counts", dtype=probs.dtype)
        return apply(BINOMIAL, (shape, seed, counts, probs),
                     {"dtype": _dtypes.as_dtype(output_dtype)}, scope)


def stateless_random_poisson(shape, seed, lam, dtype=_dtypes.int32, name=None):
    """Poisson(lam) values of `shape` (lam broadcast to it), determined by the seed."""
    with name_scope(name, "stateless_random_poisson", [shape, seed, lam]) as scope:
        shape = shape_tensor(shape)
        lam = convert_to_tensor(lam, name="lam", dtype_hint=_dtypes.float32)
        return apply(POISSON, (shape, seed, lam), {"dtype": _dtypes.as_dtype(dtype)}, scope)


def stateless_random_gamma(shape, seed, alpha, beta=None, dtype=_dtypes.float32, name=None):
    """Gamma(alpha, beta) values of `shape` (alpha and beta broadcast to it), determined by
    the seed; like TF's, the result is at least the dtype's smallest normal number."""
    with name_scope(name, "stateless_random_gamma", [shape, seed, alpha, beta]) as scope:
        shape = shape_tensor(shape)
        dtype = _dtypes.as_dtype(dtype)
        alpha = convert_to_tensor(alpha, dtype=dtype, name="alpha")
        beta = convert_to_tensor(beta if beta is not None else 1, dtype=dtype, name="beta")
        alpha = broadcast_like(alpha, beta)
        sample = apply(GAMMA_V2, (shape, seed, alpha), {}, "StatelessRandomGammaV2")
        return math_ops.maximum(np.finfo(dtype.as_numpy_dtype).tiny, sample / beta,
                                name=scope)


def broadcast_like(alpha, beta):
    """`alpha` broadcast to the shape of alpha * beta (what TF's gamma ops do to alpha)."""
    return math_ops.add(alpha, array_manip.zeros_like(beta))


def split(seed, num=2, alg="auto_select"):
    """`num` new seeds (a [num, 2] tensor) derived from `seed` (TF's stateless_split)."""
    seed = convert_to_tensor(seed)
    return stateless_random_uniform([num, 2], seed, minval=None, maxval=None,
                                    dtype=seed.dtype, alg=alg)


def fold_in(seed, data, alg="auto_select"):
    """A new seed from `seed` and the integer `data` (TF's stateless_fold_in)."""
    data = convert_to_tensor(data)
    seed1 = stateless_random_uniform([], seed, minval=None, maxval=None, dtype=data.dtype,
                                     alg=alg)
    return array_ops.stack([seed1, data])
