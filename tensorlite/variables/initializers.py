"""Initializers: TF1's (`tf.compat.v1.*_initializer`, called as (shape, dtype,
partition_info)) and TF2's top-level ones (called as (shape, dtype)), with get_config.

Random initializers build random ops, so in a graph each run of the variable's
initializer draws afresh; the seed follows TF's rules (see ops/random_ops.py).
Difference from TF: `orthogonal_initializer` draws its matrix with NumPy when called
(seeded the same way), because tensorlite has no QR op yet.
"""
import math

import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import constant, convert_to_tensor


def _dtype(value, default=_dtypes.float32):
    return default if value is None else _dtypes.as_dtype(value)


def _shape_list(shape):
    from tensorlite.framework.tensor_shape import TensorShape
    return TensorShape(shape).as_list()


class Initializer:
    """Base class: `__call__(shape, dtype=None, partition_info=None)` -> a tensor."""

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "dtype" in config and config["dtype"] is not None:
            config["dtype"] = _dtypes.as_dtype(config["dtype"])
        return cls(**config)


class Zeros(Initializer):
    def __init__(self, dtype=_dtypes.float32):
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        from tensorlite.ops import array_manip
        return array_manip.zeros(shape, _dtype(dtype, self.dtype))

    def get_config(self):
        return {"dtype": self.dtype.name}


class Ones(Zeros):
    def __call__(self, shape, dtype=None, partition_info=None):
        from tensorlite.ops import array_manip
        return array_manip.ones(shape, _dtype(dtype, self.dtype))


class Constant(Initializer):
    def __init__(self, value=0, dtype=_dtypes.float32, verify_shape=False):
        self.value = value
        self.dtype = _dtypes.as_dtype(dtype)
        self._verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        dtype = _dtype(dtype, self.dtype)
        return constant(self.value, dtype=dtype, shape=shape)

    def get_config(self):
        return {"value": self.value, "dtype": self.dtype.name}


class RandomUniform(Initializer):
    def __init__(self, minval=0.0, maxval=None, seed=None, dtype=_dtypes.float32):
        self.minval, self.maxval, self.seed = minval, maxval, seed
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        from tensorlite.ops import random_ops
        return random_ops.random_uniform(shape, self.minval, self.maxval,
                                         _dtype(dtype, self.dtype), seed=self.seed)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed,
                "dtype": self.dtype.name}


class RandomNormal(Initializer):
    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=_dtypes.float32):
        self.mean, self.stddev, self.seed = mean, stddev, seed
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        from tensorlite.ops import random_ops
        return random_ops.random_normal(shape, self.mean, self.stddev,
                                        _dtype(dtype, self.dtype), seed=self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed,
                "dtype": self.dtype.name}


class TruncatedNormal(RandomNormal):
    def __call__(self, shape, dtype=None, partition_info=None):
        from tensorlite.ops import random_ops
        return random_ops.truncated_normal(shape, self.mean, self.stddev,
                                           _dtype(dtype, self.dtype), seed=self.seed)


def compute_fans(shape):
    """(fan_in, fan_out) of a weight shape, as TF computes them."""
    shape = _shape_list(shape)
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive_field = int(np.prod(shape[:-2]))
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class VarianceScaling(Initializer):
    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 dtype=_dtypes.float32):
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be a positive float. Received: {scale}")
        if mode not in {"fan_in", "fan_out", "fan_avg"}:
            raise ValueError(f"Argument `mode` should be one of ('fan_in', 'fan_out', "
                             f"'fan_avg'). Received: {mode}")
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in {"uniform", "truncated_normal", "untruncated_normal"}:
            raise ValueError(f"Argument `distribution` should be one of ('uniform', "
                             f"'truncated_normal', 'untruncated_normal'). Received: "
                             f"{distribution}")
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        from tensorlite.ops import random_ops
        dtype = _dtype(dtype, self.dtype)
        scale_shape = _shape_list(shape)
        if partition_info is not None:
            scale_shape = list(partition_info.full_shape)
        fan_in, fan_out = compute_fans(scale_shape)
        divisor = {"fan_in": fan_in, "fan_out": fan_out,
                   "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, divisor)
        if self.distribution == "truncated_normal":
            # .87962566 is the stddev of a unit normal truncated to (-2, 2).
            stddev = math.sqrt(scale) / .87962566103423978
            return random_ops.truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random_ops.random_normal(shape, 0.0, math.sqrt(scale), dtype,
                                            seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_ops.random_uniform(shape, -limit, limit, dtype, seed=self.seed)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed, "dtype": self.dtype.name}


class GlorotUniform(VarianceScaling):
    def __init__(self, seed=None, dtype=_dtypes.float32):
        super().__init__(1.0, "fan_avg", "uniform", seed, dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    def __init__(self, seed=None, dtype=_dtypes.float32):
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


class Orthogonal(Initializer):
    def __init__(self, gain=1.0, seed=None, dtype=_dtypes.float32):
        self.gain, self.seed = gain, seed
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        from tensorlite.ops import random_ops
        dtype = _dtype(dtype, self.dtype)
        shape = _shape_list(shape)
        if len(shape) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional. "
                             f"Received: shape={shape} of rank {len(shape)}.")
        rows = int(np.prod(shape[:-1]))
        cols = shape[-1]
        seed = random_ops.get_seed(self.seed)
        rng = np.random.default_rng(None if seed[0] is None else list(seed))
        flat = rng.standard_normal((max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(flat)
        q *= np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return constant((self.gain * q).reshape(shape).astype(dtype.as_numpy_dtype),
                        dtype=dtype)

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


class Identity(Initializer):
    def __init__(self, gain=1.0, dtype=_dtypes.float32):
        self.gain = gain
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = _dtype(dtype, self.dtype)
        shape = _shape_list(shape)
        if len(shape) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices.")
        return constant(self.gain * np.eye(*shape), dtype=dtype)

    def get_config(self):
        return {"gain": self.gain, "dtype": self.dtype.name}


def he_normal(seed=None):
    return VarianceScaling(2.0, "fan_in", "truncated_normal", seed)


def he_uniform(seed=None):
    return VarianceScaling(2.0, "fan_in", "uniform", seed)


def lecun_normal(seed=None):
    return VarianceScaling(1.0, "fan_in", "truncated_normal", seed)


def lecun_uniform(seed=None):
    return VarianceScaling(1.0, "fan_in", "uniform", seed)


# ---------------------------------------------------------------------- TF2 initializers

class InitializerV2:
    """TF2's initializers: `__call__(shape, dtype=tf.float32)`."""

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class ZerosV2(InitializerV2):
    def __call__(self, shape, dtype=_dtypes.float32, **kwargs):
        return Zeros(dtype)(shape)


class OnesV2(InitializerV2):
    def __call__(self, shape, dtype=_dtypes.float32, **kwargs):
        return Ones(dtype)(shape)


class ConstantV2(InitializerV2):
    def __init__(self, value=0):
        self.value = value

    def __call__(self, shape, dtype=None, **kwargs):
        dtype = None if dtype is None else _dtypes.as_dtype(dtype)
        value = convert_to_tensor(self.value, dtype=dtype)
        return constant(value.numpy() if hasattr(value, "numpy") else self.value,
                        dtype=value.dtype, shape=shape)

    def get_config(self):
        return {"value": self.value}


class RandomUniformV2(InitializerV2):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=_dtypes.float32, **kwargs):
        return RandomUniform(self.minval, self.maxval, self.seed, dtype)(shape)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


class RandomNormalV2(InitializerV2):
    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=_dtypes.float32, **kwargs):
        return RandomNormal(self.mean, self.stddev, self.seed, dtype)(shape)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}
