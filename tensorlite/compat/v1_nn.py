"""`tf.compat.v1.nn`: TF2's tf.nn plus the TF1 spellings (keep_prob dropout, ...)."""
from tensorlite.nn import *  # noqa: F401,F403
from tensorlite.ops import math_ops as _math_ops
from tensorlite.ops import nn_ops as _nn_ops
from tensorlite.ops import nn_extra_ops as _nn_extra_ops
from tensorlite.ops.conv_ops import (avg_pool as avg_pool_v2, avg_pool_v1 as avg_pool,  # noqa: F401
                                     avg_pool_v1 as avg_pool2d, conv2d_backprop_filter,
                                     conv2d_backprop_input, conv2d_transpose_v1 as conv2d_transpose,
                                     conv2d_v1 as conv2d, depthwise_conv2d_native,
                                     depthwise_conv2d_backprop_filter,
                                     depthwise_conv2d_backprop_input,
                                     depthwise_conv2d_v1 as depthwise_conv2d,
                                     max_pool as max_pool_v2, max_pool_v1 as max_pool,
                                     separable_conv2d_v1 as separable_conv2d)
from tensorlite.ops.nn_ops import (dropout_v1 as dropout,  # noqa: F401
                                   embedding_lookup_v1 as embedding_lookup,
                                   softmax_cross_entropy_with_logits_v1 as
                                   softmax_cross_entropy_with_logits)
from tensorlite.framework.scopes import name_scope as _name_scope

depthwise_conv2d_native_backprop_input = depthwise_conv2d_backprop_input
depthwise_conv2d_native_backprop_filter = depthwise_conv2d_backprop_filter


def _lookup(new_name, new_value, old_name, old_value):
    if new_value is not None and old_value is not None:
        raise ValueError(f"Cannot specify both '{new_name}' and '{old_name}'")
    return new_value if new_value is not None else old_value


def softmax(logits, axis=None, name=None, dim=None):
    return _nn_ops.softmax(logits, _lookup("axis", axis, "dim", dim), name)


def log_softmax(logits, axis=None, name=None, dim=None):
    return _nn_ops.log_softmax(logits, _lookup("axis", axis, "dim", dim), name)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    return _nn_ops.l2_normalize(x, _lookup("axis", axis, "dim", dim), epsilon, name)


def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    keepdims = _lookup("keepdims", keepdims, "keep_dims", keep_dims)
    return _nn_ops.moments(x, axes, shift, bool(keepdims), name)


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    axis = _lookup("axis", axis, "dim", dim)
    return _nn_ops.softmax_cross_entropy_with_logits(labels, logits,
                                                     -1 if axis is None else axis, name)


def sparse_softmax_cross_entropy_with_logits(labels=None, logits=None, name=None):
    return _nn_ops.sparse_softmax_cross_entropy_with_logits(labels, logits, name)


def xw_plus_b(x, weights, biases, name=None):
    """matmul(x, weights) + biases."""
    with _name_scope(name, "xw_plus_b", [x, weights, biases]) as scope:
        return _nn_ops.bias_add(_math_ops.matmul(x, weights), biases, name=scope)
from tensorlite import rnn_v1 as rnn_cell  # noqa: F401,E402
from tensorlite.rnn_v1 import (bidirectional_dynamic_rnn, dynamic_rnn,  # noqa: F401,E402
                               static_bidirectional_rnn, static_rnn)
from tensorlite.ops.nn_ops import in_top_k_v1 as in_top_k  # noqa: F401,E402


def space_to_depth(input, block_size, name=None, data_format="NHWC"):
    """TF1's argument order (name before data_format)."""
    return _nn_extra_ops.space_to_depth(input, block_size, data_format, name)


def depth_to_space(input, block_size, name=None, data_format="NHWC"):
    """TF1's argument order (name before data_format)."""
    return _nn_extra_ops.depth_to_space(input, block_size, data_format, name)
