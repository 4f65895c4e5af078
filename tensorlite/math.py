"""`tf.math`: the math ops under their tf.math names."""
from tensorlite.ops.math_ops import (abs, add, divide, equal, floordiv, floormod, greater,
                                     greater_equal, less, less_equal, logical_and,
                                     logical_not, logical_or, logical_xor, maximum, minimum,
                                     multiply, negative, not_equal, pow, reduce_sum, subtract,
                                     truediv)
from tensorlite.ops.math_ops import floormod as mod  # noqa: F401
from tensorlite.ops.math_unary import (acos, add_n, asin, atan, atan2, ceil, conj, cos, cosh,
                                       divide_no_nan, erf, exp, expm1, floor, is_finite,
                                       is_inf, is_nan, log, log1p, reciprocal, round, rsqrt,
                                       scalar_mul, sigmoid, sign, sin, sinh, sqrt, square,
                                       squared_difference, tan, tanh)
from tensorlite.ops.reductions import (argmax, argmin, cumprod, cumsum, reduce_all,
                                       reduce_any, reduce_euclidean_norm, reduce_logsumexp,
                                       reduce_max, reduce_mean, reduce_min, reduce_prod,
                                       reduce_std, reduce_variance)
from tensorlite.ops.gather_scatter import top_k, unsorted_segment_sum  # noqa: F401,E402
from tensorlite.ops.nn_ops import in_top_k  # noqa: F401,E402
from tensorlite.ops.math_unary import log_sigmoid  # noqa: F401,E402
from tensorlite.ops.reductions import count_nonzero  # noqa: F401,E402
from tensorlite.ops.math_more import MATH_NAMES as _MATH_NAMES  # noqa: E402
globals().update(_MATH_NAMES)   # tf.math-only spellings of the ops in math_more
from tensorlite.ops.complex_ops import MATH_NAMES as _COMPLEX_NAMES  # noqa: E402
globals().update(_COMPLEX_NAMES)   # tf.math.real, imag, angle, ...
from tensorlite.ops.nn_ops import l2_normalize  # noqa: F401,E402
