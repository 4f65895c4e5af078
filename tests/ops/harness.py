"""One way to check every registered op: a `Case` per op, checked by test_registry.py.

A case names the op type it exercises, a function that builds it from the public API
(`build(tf, *inputs)`), a NumPy reference, and input specs. The registry-wide test then
checks the same things for every case:
  * eager result == NumPy reference (values, dtype, shape);
  * the same inside a tf.function == eager;
  * graph result (Session.run with placeholders) == eager result;
  * the static shape rule agrees with the real result, with fully known, partially
    unknown (None) and unknown-rank input shapes;
  * gradients (case.grad >= 1) against central finite differences in float64, and
    second derivatives (case.grad == 2) through nested tapes.
"""
import dataclasses
from typing import Any, Callable, Optional, Sequence

import numpy as np


@dataclasses.dataclass
class Input:
    """How to make one input: a random array, or a fixed value passed as is (`const`)."""
    shape: tuple = ()
    dtype: str = "float32"
    low: float = -2.0
    high: float = 2.0
    value: Any = None          # a fixed array (placeholder-fed like the random ones)
    const: bool = False        # pass `value` as a Python/NumPy constant, not a tensor

    def make(self, rng, dtype=None):
        dtype = dtype or self.dtype
        if self.value is not None:
            return np.asarray(self.value, dtype=dtype) if not self.const else self.value
        if dtype == "bool":
            return rng.random(self.shape) < 0.5
        if np.dtype(dtype).kind in "iu":
            return rng.integers(int(self.low), int(self.high) + 1, self.shape).astype(dtype)
        return rng.uniform(self.low, self.high, self.shape).astype(dtype)

    @property
    def differentiable(self):
        return not self.const and self.dtype.startswith("float")


def F(*shape, low=-2.0, high=2.0, dtype="float32"):
    """A random float input of `shape`."""
    return Input(tuple(shape), dtype, low, high)


def I(*shape, low=0, high=5, dtype="int32"):
    """A random integer input of `shape` (values in [low, high])."""
    return Input(tuple(shape), dtype, low, high)


def B(*shape):
    """A random boolean input."""
    return Input(tuple(shape), "bool")


def V(value, dtype=None):
    """A fixed array input (fed like any tensor input; never differentiated)."""
    array = np.asarray(value)
    return Input(array.shape, dtype or str(array.dtype), value=array, const=False)


def K(value):
    """A constant argument passed to `build` as it is (axes, shapes, Python numbers)."""
    return Input((), "const", value=value, const=True)


@dataclasses.dataclass
class Case:
    op: str                                  # the registered op type this case covers
    build: Callable                          # build(tf, *inputs) -> tensor or list of tensors
    reference: Optional[Callable]            # reference(*numpy inputs) -> array(s)
    inputs: Sequence[Input] = ()
    grad: int = 0                            # 0: none, 1: first order, 2: second order too
    rtol: float = 1e-5
    atol: float = 1e-6
    grad_tol: float = 1e-4
    unknown_shapes: bool = True              # also build with all-None placeholder shapes
    unknown_rank: bool = True                # ... and with shape=None placeholders (False:
    #                                          the wrapper needs a rank, as TF's does or as a
    #                                          tensorlite limit names in its error)
    random: bool = False                     # stochastic: compare shapes/dtypes, not values
    function: bool = True                    # also inside a tf.function (False: the build
    #                                          makes a variable from its input tensor, which
    #                                          TF refuses inside a function too)
    name: str = ""

    @property
    def id(self):
        return f"{self.op}-{self.name}" if self.name else self.op
