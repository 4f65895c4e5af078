"""The names TF 1.x and 2.x share; `tensorlite/__init__.py` and `compat/v1.py` build on it."""
from tensorlite.framework import dtypes as _dtypes_module
from tensorlite.framework import eager as _eager  # noqa: F401  (installs the eager builder)
from tensorlite.framework import errors
from tensorlite.framework.convert import (constant, convert_to_tensor,
                                          register_tensor_conversion_function)
from tensorlite.framework.device import DeviceSpec
from tensorlite.framework.dtypes import (DType, as_dtype, bool, complex64, complex128, double,
                                         float16, float32, float64, half, int8, int16, int32,
                                         int64, resource, string, uint8, uint16, uint32, uint64,
                                         variant)
from tensorlite.framework.graph import Graph, Operation
from tensorlite.framework.modes import executing_eagerly
from tensorlite.framework.scopes import (control_dependencies, device_v2 as device,
                                         get_current_name_scope, name_scope_v2 as name_scope)
from tensorlite.framework.tensor import Tensor, is_tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops.array_ops import (identity, no_op, range, rank, reshape, shape, size, stack,
                                      strided_slice)
from tensorlite.ops.control_flow_ops import group, tuple
from tensorlite.ops.math_ops import (abs, add, cast, divide, equal, floordiv, greater,
                                     greater_equal, less, less_equal, logical_and, logical_not,
                                     logical_or, logical_xor, matmul, maximum, minimum, multiply,
                                     negative, not_equal, pow, realdiv, reduce_sum, subtract,
                                     truediv)
from tensorlite.ops import operators as _operators  # noqa: F401  (attaches tensor operators)
# Op families: each module lists its top-level tf.* names in __all__.
from tensorlite.ops.math_unary import *  # noqa: F401,F403
from tensorlite.ops.reductions import *  # noqa: F401,F403
from tensorlite.ops.array_manip import *  # noqa: F401,F403
from tensorlite.ops.gather_scatter import *  # noqa: F401,F403
from tensorlite.ops.debug_ops import *  # noqa: F401,F403
from tensorlite.ops.script_ops import *  # noqa: F401,F403
from tensorlite.ops.math_more import *  # noqa: F401,F403
from tensorlite.ops.functional_ops import *  # noqa: F401,F403
from tensorlite.ops.tensor_array_ops import *  # noqa: F401,F403
from tensorlite.ops.complex_ops import *  # noqa: F401,F403
from tensorlite.ops.nn_extra_ops import reverse_sequence  # noqa: F401  (tf.*, not tf.nn)
from tensorlite import nn, random, debugging, linalg  # noqa: F401,E402
from tensorlite.autodiff.backprop import UnconnectedGradients
from tensorlite.autodiff.custom_gradient import custom_gradient
from tensorlite.autodiff.gradients import gradients, hessians
from tensorlite.autodiff.tape import GradientTape
from tensorlite.framework.init_scope import init_scope
from tensorlite.module import Module
from tensorlite.execution.function import TensorSpec, function
from tensorlite.ops.control_flow import case, cond, switch_case, while_loop
from tensorlite.variables.initializers import (ConstantV2 as constant_initializer,
                                               OnesV2 as ones_initializer,
                                               RandomNormalV2 as random_normal_initializer,
                                               RandomUniformV2 as random_uniform_initializer,
                                               ZerosV2 as zeros_initializer)
from tensorlite.variables import ref_variables as _ref_variables  # noqa: F401  (TF1 ops)
from tensorlite.variables.variables import (Variable, VariableAggregation,
                                            VariableSynchronization, variable_creator_scope)

if hasattr(_dtypes_module, "bfloat16"):
    bfloat16 = _dtypes_module.bfloat16

newaxis = None
dtypes = _dtypes_module


def get_logger():
    """TF's logger (the "tensorflow" logger of Python's logging), as tf.get_logger returns."""
    import logging
    return logging.getLogger("tensorflow")
