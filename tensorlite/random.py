"""`tf.random`: random ops with TF's seed semantics."""
import types as _types

from tensorlite.ops.random_ops import (  # noqa: F401
    categorical, gamma, normal, poisson, set_seed, shuffle, truncated_normal, uniform)
from tensorlite.ops.stateless_random_ops import (  # noqa: F401
    fold_in, split, stateless_categorical, stateless_random_binomial as stateless_binomial,
    stateless_random_gamma as stateless_gamma, stateless_random_normal as stateless_normal,
    stateless_random_poisson as stateless_poisson,
    stateless_random_uniform as stateless_uniform, stateless_truncated_normal)
from tensorlite.random_generator import (  # noqa: F401
    Algorithm, Generator, create_rng_state, get_global_generator, set_global_generator)

# tf.random.experimental: the generator API again, and the seed-splitting functions.
experimental = _types.ModuleType("tensorlite.random.experimental")
experimental.__dict__.update(
    Algorithm=Algorithm, Generator=Generator, create_rng_state=create_rng_state,
    get_global_generator=get_global_generator, set_global_generator=set_global_generator,
    stateless_split=split, stateless_fold_in=fold_in)
