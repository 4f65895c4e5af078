"""`tf.math`: the math ops under their tf.math names."""
from tensorlite.ops.math_ops import (abs, add, divide, equal, floordiv, floormod, greater,
                                     greater_equal, less, less_equal, logical_and,
                                     logical_not, logical_or, logical_xor, maximum, minimum,
                                     multiply, negative, not_equal, pow, reduce_sum, subtract,
                                     truediv)
from tensorlite.ops.math_ops import floormod as mod  # noqa: F401
