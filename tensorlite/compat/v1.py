"""`tf.compat.v1`: TF 1.x's top-level namespace."""
from tensorlite._api import *  # noqa: F401,F403
from tensorlite import _api as _all_names
from tensorlite.execution.session import InteractiveSession, Session, get_default_session
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.framework.modes import (disable_eager_execution, disable_tensor_equality,
                                        disable_v2_behavior, enable_eager_execution,
                                        enable_tensor_equality, enable_v2_behavior,
                                        get_default_graph, reset_default_graph)
from tensorlite.framework.scopes import device, name_scope_v1 as name_scope
from tensorlite.framework.tensor_shape import Dimension
from tensorlite.ops.constant_op import placeholder, placeholder_with_default
from tensorlite.framework.collections import (add_to_collection, add_to_collections,
                                              get_collection, get_collection_ref)
from tensorlite import compat  # noqa: F401
from tensorlite.framework.context import executing_eagerly_outside_functions  # noqa: F401
from tensorlite.variables.variables import (
    VariableV1 as Variable, disable_resource_variables, enable_resource_variables,
    global_variables, global_variables_initializer, is_variable_initialized,
    local_variables, local_variables_initializer, model_variables,
    moving_average_variables, report_uninitialized_variables, resource_variables_enabled,
    trainable_variables, variables_initializer, scatter_update, scatter_add, scatter_sub,
    scatter_mul, scatter_div, scatter_max, scatter_min, assign, assign_add, assign_sub)
from tensorlite.variables.initializers import (
    Constant as constant_initializer, GlorotNormal as glorot_normal_initializer,
    GlorotUniform as glorot_uniform_initializer, Identity as identity_initializer,
    Ones as ones_initializer, Orthogonal as orthogonal_initializer,
    RandomNormal as random_normal_initializer, RandomUniform as random_uniform_initializer,
    TruncatedNormal as truncated_normal_initializer,
    VarianceScaling as variance_scaling_initializer, Zeros as zeros_initializer)
from tensorlite.compat import v1_initializers as initializers  # noqa: F401
from tensorlite.variables.variable_scope import *  # noqa: F401,F403
initialize_all_variables = global_variables_initializer
initialize_variables = variables_initializer
from tensorlite.compat import v1_nn as nn  # noqa: F401
from tensorlite import layers_v1 as layers  # noqa: F401
from tensorlite import losses_v1 as losses  # noqa: F401
from tensorlite.compat import v1_train as train  # noqa: F401

# Names whose TF1 meaning differs from TF2's: keep the v1 definitions imported above.
_V1_OWN = {"name_scope", "device", "nn", "Variable", "zeros_initializer", "ones_initializer",
           "constant_initializer", "random_normal_initializer", "random_uniform_initializer",
           "initializers", "variable_creator_scope", "train", "summary"}
globals().update({name: value for name, value in vars(_all_names).items()
                  if not name.startswith("_") and name not in _V1_OWN})
from tensorlite.ops.random_ops import (  # noqa: F401,E402  (TF1 random names)
    get_seed, multinomial, random_normal, random_shuffle, random_uniform, set_random_seed,
    truncated_normal)
from tensorlite.ops import array_manip as _array_manip, gather_scatter as _gather_scatter  # noqa
# TF1's argument orders and spellings (expand_dims(dim=...), where -> Select, ...).
globals().update(_array_manip.V1_API)
globals().update(_gather_scatter.V1_API)
from tensorlite.ops import reductions as _reductions  # noqa: E402
globals().update(_reductions.V1_NAMES)   # reduce_sum(keep_dims=, reduction_indices=), tf.log...
from tensorlite import app, io, summary_v1 as summary  # noqa: F401,E402
from tensorlite.app import flags  # noqa: F401,E402
from tensorlite.io_gfile import gfile_v1 as gfile  # noqa: F401,E402
from tensorlite.summary_v1 import RunMetadata, RunOptions, Summary  # noqa: F401,E402

from tensorlite.ops.debug_ops import Print  # noqa: F401,E402
from tensorlite.compat.v1_aliases import V1_ALIASES as _V1_ALIASES  # noqa: E402
globals().update(_V1_ALIASES)   # TF1's deprecated names (to_float, arg_max, ...)
from tensorlite import math  # noqa: F401,E402
from tensorlite.ops import linalg_more as _linalg_more, math_more as _math_more  # noqa: E402
globals().update(_linalg_more.V1_NAMES)   # TF1's top-level linalg names (tf.cholesky, ...)
globals().update(_math_more.V1_NAMES)
from tensorlite.ops import complex_ops as _complex_ops  # noqa: E402
globals().update(_complex_ops.V1_NAMES)   # tf.compat.v1.real, imag, angle


# Namespaces loaded on first use (import time counts): name -> module.
_LAZY_SUBMODULES = {"config": "tensorlite.config", "data": "tensorlite.data.v1",
                    "metrics": "tensorlite.metrics_v1", "image": "tensorlite.image_v1",
                    "nest": "tensorlite.nest", "signal": "tensorlite.signal",
                    "spectral": "tensorlite.spectral_v1", "sparse": "tensorlite.sparse_v1",
                    "strings": "tensorlite.strings_v1", "graph_util": "tensorlite.graph_util",
                    "raw_ops": "tensorlite.raw_ops", "saved_model": "tensorlite.saved_model.v1"}


# Top-level names defined in a lazily loaded module: name -> module.
_LAZY_NAMES = {"random_crop": "tensorlite.image", "space_to_depth": "tensorlite.compat.v1_nn",
               "depth_to_space": "tensorlite.compat.v1_nn",
               "import_graph_def": "tensorlite.graph_util", "GraphDef": "tensorlite.graph_def",
               "NodeDef": "tensorlite.graph_def"}
_LAZY_NAMES.update((name, "tensorlite.sparse") for name in (  # (sparse.V1_NAMES)
    "SparseTensor", "SparseTensorValue", "sparse_add", "sparse_concat", "sparse_fill_empty_rows",
    "sparse_placeholder", "sparse_reduce_max", "sparse_reduce_sum", "sparse_reorder",
    "sparse_reshape", "sparse_retain", "sparse_slice", "sparse_tensor_dense_matmul",
    "sparse_tensor_to_dense", "sparse_to_dense", "sparse_transpose"))
_LAZY_NAMES.update((name, "tensorlite.strings_v1") for name in (  # (and its V1_NAMES)
    "as_string", "reduce_join", "regex_replace", "string_join", "string_strip",
    "string_to_number", "substr"))


def __getattr__(name):
    if name in _LAZY_NAMES:
        import importlib
        module = importlib.import_module(_LAZY_NAMES[name])
        value = getattr(module, name, None)
        if value is None:       # (a TF1 spelling the module keeps in its V1_NAMES table)
            value = module.V1_NAMES[name]
        globals()[name] = value
        return value
    module_name = _LAZY_SUBMODULES.get(name)
    if module_name is not None:
        import importlib
        module = importlib.import_module(module_name)
        globals()[name] = module
        return module
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
