"""Convolution and pooling (NHWC): Conv2D with its two backprop ops, DepthwiseConv2dNative with
its two, MaxPool/MaxPoolGrad/MaxPoolGradGrad and AvgPool/AvgPoolGrad. Every backprop is an
op with its own gradient, so second derivatives work as in TF.

Kernels are im2col: the padded input's strided window view (no copy) is reshaped once into a
[pixels, kh*kw*C] matrix and multiplied by the filter in one matmul. Backprops and pooling
loop over the kh*kw filter taps (a handful), each step a whole-array NumPy operation.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.modes import executing_eagerly
from tensorlite.framework.registry import OpDef, register
from tensorlite.framework.registry import get as get_op  # (rules name ops defined later)
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import array_ops, shape_util
from tensorlite.framework.errors import invalid_argument as _invalid
from tensorlite.ops.shape_util import dims_text as _dims_text

__all__ = [
    "atrous_conv2d", "atrous_conv2d_transpose",
    "conv1d", "conv2d", "conv2d_transpose", "convolution", "depthwise_conv2d",
    "separable_conv2d",
    "depthwise_conv2d_backprop_input", "depthwise_conv2d_backprop_filter",
    "max_pool", "max_pool1d", "max_pool2d", "avg_pool", "avg_pool1d", "avg_pool2d",
]

FLOATS = _dtypes.FLOATING_TYPES
CONV_TYPES = FLOATS + (_dtypes.int32,)
REAL = _dtypes.REAL_NUMBER_TYPES
_CONV_DEFAULTS = {"explicit_paddings": [], "data_format": "NHWC", "dilations": [1, 1, 1, 1],
                  "use_cudnn_on_gpu": True}
_DEPTHWISE_DEFAULTS = {"explicit_paddings": [], "data_format": "NHWC",
                       "dilations": [1, 1, 1, 1]}
_POOL_DEFAULTS = {"explicit_paddings": [], "data_format": "NHWC"}


# ------------------------------------------------------------------ window geometry

def _output_size(in_size, k, stride, dilation, padding, pads):
    """(output size, pad before, pad after) of one spatial dimension, by TF's formulas."""
    k_eff = (k - 1) * dilation + 1
    if padding == "SAME":
        out = -(-in_size // stride)
        total = max((out - 1) * stride + k_eff - in_size, 0)
        return out, total // 2, total - total // 2
    before, after = pads if padding == "EXPLICIT" else (0, 0)
    numerator = in_size + before + after - k_eff + stride
    out = numerator // stride if numerator >= 0 else -(-numerator // stride)  # C's truncation
    if out < 0:
        raise _invalid(f"Computed output size would be negative: {out} [input_size: {in_size}, "
                       f"effective_filter_size: {k_eff}, stride: {stride}]")
    return out, before, after


def _static_output_size(in_size, k, stride, dilation, padding, pads):
    """The shape rule's output size (None when unknown); TF's shape functions reject windows
    larger than the (padded) input even where the kernel would produce an empty output."""
    if in_size is None or k is None:
        return None
    k_eff = (k - 1) * dilation + 1
    if padding == "SAME":
        return -(-in_size // stride)
    if padding == "EXPLICIT":
        in_size += pads[0] + pads[1]
    if in_size < k_eff:
        raise ValueError(f"Negative dimension size caused by subtracting {k_eff} from {in_size}")
    return (in_size - k_eff) // stride + 1


def _spatial_pads(padding, explicit_paddings):
    if padding != "EXPLICIT":
        return (0, 0), (0, 0)
    p = list(explicit_paddings)
    return (p[2], p[3]), (p[4], p[5])


def _check_explicit(padding, explicit_paddings, error=_invalid):
    if padding != "EXPLICIT":
        return
    p = list(explicit_paddings)
    if len(p) != 8:
        raise error(f"explicit_paddings attribute must contain 8 values, but got: {len(p)}")
    if any(v < 0 for v in p):
        raise error("All elements of explicit_paddings must be nonnegative")
    if p[0] or p[1] or p[6] or p[7]:
        raise error("Nonzero explicit padding in the batch or depth dimensions is not supported")


def _check_nhwc(op_type, data_format):
    if data_format != "NHWC":
        raise errors.UnimplementedError(
            None, None, f"The {op_type} op currently only supports the NHWC tensor format on "
            f"the CPU. The op was given the format: {data_format}")


def _check_strides(strides, dilations=(1, 1, 1, 1), what="strides"):
    if len(strides) != 4:
        raise _invalid(f"Sliding window {what} field must specify 4 dimensions")
    if strides[0] != 1 or strides[3] != 1:
        raise errors.UnimplementedError(
            None, None, "Current implementation does not yet support strides in the batch and "
            "depth dimensions.")
    if len(dilations) != 4:
        raise _invalid("Sliding window dilations field must specify 4 dimensions")
    if dilations[0] != 1 or dilations[3] != 1:
        raise errors.UnimplementedError(
            None, None, "Current implementation does not yet support dilations in the batch "
            "and depth dimensions.")


class _Geometry:
    """One 2-D window layout: filter taps, strides, dilations, output size and padding."""

    __slots__ = ("kh", "kw", "sh", "sw", "dh", "dw", "oh", "ow", "pad_h", "pad_w")

    def __init__(self, height, width, kh, kw, strides, dilations, padding, explicit_paddings):
        self.kh, self.kw = kh, kw
        self.sh, self.sw = strides[1], strides[2]
        self.dh, self.dw = dilations[1], dilations[2]
        pads_h, pads_w = _spatial_pads(padding, explicit_paddings)
        self.oh, top, bottom = _output_size(height, kh, self.sh, self.dh, padding, pads_h)
        self.ow, left, right = _output_size(width, kw, self.sw, self.dw, padding, pads_w)
        self.pad_h, self.pad_w = (top, bottom), (left, right)

    def padded_shape(self, shape):
        n, h, w, c = shape
        return (n, h + sum(self.pad_h), w + sum(self.pad_w), c)

    def pad(self, x, value=0):
        if self.pad_h == (0, 0) and self.pad_w == (0, 0):
            return x
        return np.pad(x, ((0, 0), self.pad_h, self.pad_w, (0, 0)), constant_values=value)

    def crop(self, padded, shape):
        top, left = self.pad_h[0], self.pad_w[0]
        return padded[:, top:top + shape[1], left:left + shape[2], :]

    def tap(self, i, j):
        """The index of the padded input that filter tap (i, j) reads for every output."""
        top, left = i * self.dh, j * self.dw
        return (slice(None), slice(top, top + (self.oh - 1) * self.sh + 1, self.sh),
                slice(left, left + (self.ow - 1) * self.sw + 1, self.sw), slice(None))

    def taps(self):
        return [(i, j) for i in range(self.kh) for j in range(self.kw)]

    def patches(self, padded):
        """[N, oh, ow, C, kh, kw] view of the padded input's windows (no copy)."""
        window = ((self.kh - 1) * self.dh + 1, (self.kw - 1) * self.dw + 1)
        view = sliding_window_view(padded, window, axis=(1, 2))
        return view[:, :(self.oh - 1) * self.sh + 1:self.sh, :(self.ow - 1) * self.sw + 1:self.sw,
                    :, ::self.dh, ::self.dw]

    def columns(self, x):
        """im2col: [N*oh*ow, kh*kw*C], taps major and channels minor like HWIO filters."""
        n, c = x.shape[0], x.shape[3]
        patches = self.patches(self.pad(x))
        return patches.transpose(0, 1, 2, 4, 5, 3).reshape(n * self.oh * self.ow,
                                                           self.kh * self.kw * c)

    def col2im(self, columns, shape):
        """The adjoint of `columns`: scatter-add [N, oh, ow, kh, kw, C] back onto the input."""
        padded = np.zeros(self.padded_shape(shape), columns.dtype)
        for i, j in self.taps():
            padded[self.tap(i, j)] += columns[:, :, :, i, j, :]
        return np.ascontiguousarray(self.crop(padded, shape))

    def empty(self):
        return self.oh == 0 or self.ow == 0


def _conv_geometry(op_type, input_shape, filter_shape, strides, padding, explicit_paddings,
                   data_format, dilations):
    _check_nhwc(op_type, data_format)
    if len(input_shape) != 4:
        raise _invalid(f"input must be 4-dimensional{_dims_text(input_shape)}")
    if len(filter_shape) != 4:
        raise _invalid(f"filter must be 4-dimensional: {_dims_text(filter_shape)}")
    _check_strides(strides, dilations)
    _check_explicit(padding, explicit_paddings)
    return _Geometry(input_shape[1], input_shape[2], filter_shape[0], filter_shape[1], strides,
                     dilations, padding, explicit_paddings)


def _check_depth(input_depth, filter_depth):
    if filter_depth == 0 or input_depth % filter_depth:
        raise _invalid("input depth must be evenly divisible by filter depth: "
                       f"{input_depth} vs {filter_depth}")
    if input_depth != filter_depth:
        raise errors.UnimplementedError(
            None, None, "Generic conv implementation does not support grouped convolutions "
            "for now.")


def _check_out_backprop(op_type, g, input_shape, out_backprop):
    if out_backprop.ndim != 4:
        raise _invalid(f"out_backprop must be 4-dimensional{_dims_text(out_backprop.shape)}")
    for dim, computed, k, s, d in ((1, g.oh, g.kh, g.sh, g.dh), (2, g.ow, g.kw, g.sw, g.dw)):
        actual = out_backprop.shape[dim]
        if actual != computed:
            raise _invalid(
                f"{op_type}: Size of out_backprop doesn't match computed: actual = {actual}, "
                f"computed = {computed} spatial_dim: {dim} input: {input_shape[dim]} filter: "
                f"{k} output: {actual} stride: {s} dilation: {d}")


def _sizes(sizes, out_backprop, channels, what="input_sizes"):
    """A 4-D shape from an input_sizes vector (TF also accepts just [height, width])."""
    sizes = [int(v) for v in np.reshape(sizes, -1)]
    if len(sizes) == 2:
        return (out_backprop.shape[0], sizes[0], sizes[1], channels)
    if len(sizes) != 4:
        raise _invalid(f"{what} must be 4-dimensional, got: {len(sizes)}")
    return tuple(sizes)


# ------------------------------------------------------------------ Conv2D

def _conv2d_kernel(input, filter, strides, padding, explicit_paddings=(), data_format="NHWC",
                   dilations=(1, 1, 1, 1), use_cudnn_on_gpu=True):
    g = _conv_geometry("Conv2D", input.shape, filter.shape, strides, padding, explicit_paddings,
                       data_format, dilations)
    _check_depth(input.shape[3], filter.shape[2])
    n, out_channels = input.shape[0], filter.shape[3]
    if g.empty():
        return np.zeros((n, g.oh, g.ow, out_channels), input.dtype)
    matrix = filter.reshape(-1, out_channels)
    return (g.columns(input) @ matrix).reshape(n, g.oh, g.ow, out_channels)


def _conv2d_backprop_input_kernel(input_sizes, filter, out_backprop, strides, padding,
                                  explicit_paddings=(), data_format="NHWC",
                                  dilations=(1, 1, 1, 1), use_cudnn_on_gpu=True):
    shape = _sizes(input_sizes, out_backprop, filter.shape[2])
    g = _conv_geometry("Conv2DBackpropInput", shape, filter.shape, strides, padding,
                       explicit_paddings, data_format, dilations)
    _check_depth(shape[3], filter.shape[2])
    _check_out_backprop("Conv2DCustomBackpropInput", g, shape, out_backprop)
    if g.empty():
        return np.zeros(shape, out_backprop.dtype)
    n, c, out_channels = shape[0], shape[3], filter.shape[3]
    columns = out_backprop.reshape(-1, out_channels) @ filter.reshape(-1, out_channels).T
    return g.col2im(columns.reshape(n, g.oh, g.ow, g.kh, g.kw, c), shape)


def _conv2d_backprop_filter_kernel(input, filter_sizes, out_backprop, strides, padding,
                                   explicit_paddings=(), data_format="NHWC",
                                   dilations=(1, 1, 1, 1), use_cudnn_on_gpu=True):
    filter_shape = tuple(int(v) for v in np.reshape(filter_sizes, -1))
    g = _conv_geometry("Conv2DBackpropFilter", input.shape, filter_shape, strides, padding,
                       explicit_paddings, data_format, dilations)
    _check_depth(input.shape[3], filter_shape[2])
    _check_out_backprop("Conv2DCustomBackpropFilter", g, input.shape, out_backprop)
    if g.empty():
        return np.zeros(filter_shape, input.dtype)
    grad = g.columns(input).T @ out_backprop.reshape(-1, filter_shape[3])
    return grad.reshape(filter_shape)


def _rank4(shape):
    dims = shape_util.dims(shape)
    if dims is not None and len(dims) != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {len(dims)}")
    return list(dims) if dims is not None else [None] * 4


def _attrs_of(attrs, defaults):
    return {**defaults, **attrs}


def _conv_output_shape(x, f, attrs, out_channels):
    attrs = _attrs_of(attrs, _CONV_DEFAULTS)
    if attrs["data_format"] != "NHWC":
        return TensorShape([None] * 4)
    padding, strides, dilations = attrs["padding"], attrs["strides"], attrs["dilations"]
    _check_explicit(padding, attrs["explicit_paddings"], error=ValueError)
    pads_h, pads_w = _spatial_pads(padding, attrs["explicit_paddings"])
    oh = _static_output_size(x[1], f[0], strides[1], dilations[1], padding, pads_h)
    ow = _static_output_size(x[2], f[1], strides[2], dilations[2], padding, pads_w)
    return TensorShape([x[0], oh, ow, out_channels])


def _conv2d_shape(inputs, attrs):
    x, f = _rank4(inputs[0].shape), _rank4(inputs[1].shape)
    if x[3] is not None and f[2] is not None and (f[2] == 0 or x[3] % f[2]):
        raise ValueError(f"Depth of input ({x[3]}) is not a multiple of input depth of filter "
                         f"({f[2]})")
    return _conv_output_shape(x, f, attrs, f[3])


def _sizes_shape(sizes_tensor, like=None):
    shape = shape_util.constant_value_as_shape(sizes_tensor)
    if shape.rank == 2 and like is not None:
        return TensorShape([like[0]] + shape.as_list() + [like[1]])
    return shape if shape.rank is not None else TensorShape([None] * 4)


def _conv2d_backprop_input_shape(inputs, attrs):
    f, dy = _rank4(inputs[1].shape), _rank4(inputs[2].shape)
    return _sizes_shape(inputs[0], (dy[0], f[2]))


def _conv2d_backprop_filter_shape(inputs, attrs):
    _rank4(inputs[0].shape), _rank4(inputs[2].shape)
    return _sizes_shape(inputs[1])


def _conv_attrs(op):
    return {name: op.get_attr(name) for name in ("strides", "padding", "explicit_paddings",
                                                 "data_format", "dilations")}


def _convolution_grads(op_types):
    """The gradient rules of a convolution and of its two backprops, which are convolutions
    of the same family again (Conv2D's, DepthwiseConv2dNative's): `op_types` names the
    forward, backprop-input and backprop-filter ops (looked up when a rule runs)."""
    forward_type, input_type, filter_type = op_types

    def forward_grad(op, grad):
        attrs = _conv_attrs(op)
        x, f = op.inputs
        return [apply(get_op(input_type), (array_ops.shape(x), f, grad), attrs),
                apply(get_op(filter_type), (x, array_ops.shape(f), grad), attrs)]

    def backprop_input_grad(op, grad):
        attrs = _conv_attrs(op)
        _, f, dy = op.inputs
        return [None, apply(get_op(filter_type), (grad, array_ops.shape(f), dy), attrs),
                apply(get_op(forward_type), (grad, f), attrs)]

    def backprop_filter_grad(op, grad):
        attrs = _conv_attrs(op)
        x, _, dy = op.inputs
        return [apply(get_op(input_type), (array_ops.shape(x), grad, dy), attrs), None,
                apply(get_op(forward_type), (x, grad), attrs)]

    return forward_grad, backprop_input_grad, backprop_filter_grad


_conv2d_grad, _conv2d_backprop_input_grad, _conv2d_backprop_filter_grad = _convolution_grads(
    ("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"))


CONV2D = register(OpDef("Conv2D", _conv2d_kernel, _conv2d_shape, _conv2d_grad,
                        inputs=("input: T", "filter: T"), outputs=("T",),
                        type_attrs={"T": CONV_TYPES}, default_attrs=_CONV_DEFAULTS))
CONV2D_BACKPROP_INPUT = register(OpDef(
    "Conv2DBackpropInput", _conv2d_backprop_input_kernel, _conv2d_backprop_input_shape,
    _conv2d_backprop_input_grad, inputs=("input_sizes: int32", "filter: T", "out_backprop: T"),
    outputs=("T",), type_attrs={"T": CONV_TYPES}, default_attrs=_CONV_DEFAULTS))
CONV2D_BACKPROP_FILTER = register(OpDef(
    "Conv2DBackpropFilter", _conv2d_backprop_filter_kernel, _conv2d_backprop_filter_shape,
    _conv2d_backprop_filter_grad, inputs=("input: T", "filter_sizes: int32", "out_backprop: T"),
    outputs=("T",), type_attrs={"T": FLOATS}, default_attrs=_CONV_DEFAULTS))


# ------------------------------------------------------------------ DepthwiseConv2dNative

def _depthwise_geometry(op_type, input_shape, filter_shape, attrs):
    g = _conv_geometry(op_type, input_shape, filter_shape, attrs["strides"], attrs["padding"],
                       attrs.get("explicit_paddings", ()), attrs.get("data_format", "NHWC"),
                       attrs.get("dilations", (1, 1, 1, 1)))
    if input_shape[3] != filter_shape[2]:
        raise _invalid("input depth must be evenly divisible by filter depth: "
                       f"{input_shape[3]} vs {filter_shape[2]}")
    return g


def _depthwise_columns(g, x):
    """[C, N*oh*ow, kh*kw]: each channel's im2col matrix."""
    n, c = x.shape[0], x.shape[3]
    patches = g.patches(g.pad(x))                       # [N, oh, ow, C, kh, kw]
    return patches.transpose(3, 0, 1, 2, 4, 5).reshape(c, n * g.oh * g.ow, g.kh * g.kw)


def _depthwise_kernel(input, filter, **attrs):
    g = _depthwise_geometry("DepthwiseConv2dNative", input.shape, filter.shape, attrs)
    n, c, multiplier = input.shape[0], input.shape[3], filter.shape[3]
    if g.empty():
        return np.zeros((n, g.oh, g.ow, c * multiplier), input.dtype)
    weights = filter.transpose(2, 0, 1, 3).reshape(c, g.kh * g.kw, multiplier)
    out = np.matmul(_depthwise_columns(g, input), weights)   # [C, pixels, multiplier]
    return out.transpose(1, 0, 2).reshape(n, g.oh, g.ow, c * multiplier)


def _depthwise_backprop_input_kernel(input_sizes, filter, out_backprop, **attrs):
    shape = _sizes(input_sizes, out_backprop, filter.shape[2])
    g = _depthwise_geometry("DepthwiseConv2dNativeBackpropInput", shape, filter.shape, attrs)
    _check_out_backprop("DepthwiseConv2DBackpropInput", g, shape, out_backprop)
    if g.empty():
        return np.zeros(shape, out_backprop.dtype)
    n, c, multiplier = shape[0], shape[3], filter.shape[3]
    dy = out_backprop.reshape(-1, c, multiplier).transpose(1, 0, 2)    # [C, pixels, mult]
    weights = filter.transpose(2, 3, 0, 1).reshape(c, multiplier, g.kh * g.kw)
    columns = np.matmul(dy, weights).reshape(c, n, g.oh, g.ow, g.kh, g.kw)
    return g.col2im(columns.transpose(1, 2, 3, 4, 5, 0), shape)


def _depthwise_backprop_filter_kernel(input, filter_sizes, out_backprop, **attrs):
    filter_shape = tuple(int(v) for v in np.reshape(filter_sizes, -1))
    g = _depthwise_geometry("DepthwiseConv2dNativeBackpropFilter", input.shape, filter_shape,
                            attrs)
    _check_out_backprop("DepthwiseConv2DBackpropFilter", g, input.shape, out_backprop)
    if g.empty():
        return np.zeros(filter_shape, input.dtype)
    c, multiplier = input.shape[3], filter_shape[3]
    dy = out_backprop.reshape(-1, c, multiplier).transpose(1, 0, 2)    # [C, pixels, mult]
    grad = np.matmul(_depthwise_columns(g, input).transpose(0, 2, 1), dy)  # [C, taps, mult]
    return grad.reshape(c, g.kh, g.kw, multiplier).transpose(1, 2, 0, 3)


def _depthwise_shape(inputs, attrs):
    x, f = _rank4(inputs[0].shape), _rank4(inputs[1].shape)
    x[3] = shape_util.merge_dims(x[3], f[2])
    out_channels = None if x[3] is None or f[3] is None else x[3] * f[3]
    return _conv_output_shape(x, f, attrs, out_channels)


_depthwise_grad, _depthwise_backprop_input_grad, _depthwise_backprop_filter_grad = \
    _convolution_grads(("DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput",
                        "DepthwiseConv2dNativeBackpropFilter"))


DEPTHWISE = register(OpDef(
    "DepthwiseConv2dNative", _depthwise_kernel, _depthwise_shape, _depthwise_grad,
    inputs=("input: T", "filter: T"), outputs=("T",), type_attrs={"T": FLOATS},
    default_attrs=_DEPTHWISE_DEFAULTS))
DEPTHWISE_BACKPROP_INPUT = register(OpDef(
    "DepthwiseConv2dNativeBackpropInput", _depthwise_backprop_input_kernel,
    _conv2d_backprop_input_shape, _depthwise_backprop_input_grad,
    inputs=("input_sizes: int32", "filter: T", "out_backprop: T"), outputs=("T",),
    type_attrs={"T": FLOATS}, default_attrs=_DEPTHWISE_DEFAULTS))
DEPTHWISE_BACKPROP_FILTER = register(OpDef(
    "DepthwiseConv2dNativeBackpropFilter", _depthwise_backprop_filter_kernel,
    _conv2d_backprop_filter_shape, _depthwise_backprop_filter_grad,
    inputs=("input: T", "filter_sizes: int32", "out_backprop: T"), outputs=("T",),
    type_attrs={"T": FLOATS}, default_attrs=_DEPTHWISE_DEFAULTS))


# ------------------------------------------------------------------ pooling

def _pool_geometry(op_type, input_shape, ksize, strides, padding, explicit_paddings=(),
                   data_format="NHWC"):
    _check_nhwc(op_type, data_format)
    if len(input_shape) != 4:
        raise _invalid(f"input must be 4-dimensional{_dims_text(input_shape)}")
    if len(ksize) != 4:
        raise _invalid("Sliding window ksize field must specify 4 dimensions")
    if len(strides) != 4:
        raise _invalid("Sliding window stride field must specify 4 dimensions")
    if ksize[0] != 1 or strides[0] != 1:
        raise errors.UnimplementedError(
            None, None, "Pooling is not yet supported on the batch dimension.")
    if ksize[3] != 1 or strides[3] != 1:
        raise errors.UnimplementedError(
            None, None, "Pooling is not yet supported on the depth dimension.")
    _check_explicit(padding, explicit_paddings)
    if padding == "EXPLICIT":
        sides = zip(("Top", "Bottom", "Left", "Right"), explicit_paddings[2:6],
                    (ksize[1], ksize[1], ksize[2], ksize[2]))
        for side, pad, window in sides:
            if pad >= window:
                raise _invalid(f"{side} padding {pad} needs to be smaller than the window "
                               f"size {window}")
    return _Geometry(input_shape[1], input_shape[2], ksize[1], ksize[2], strides, (1, 1, 1, 1),
                     padding, explicit_paddings)


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _max_pool_kernel(input, ksize, strides, padding, explicit_paddings=(), data_format="NHWC"):
    g = _pool_geometry("MaxPool", input.shape, ksize, strides, padding, explicit_paddings,
                       data_format)
    if g.empty():
        return np.zeros((input.shape[0], g.oh, g.ow, input.shape[3]), input.dtype)
    padded = g.pad(input, _lowest(input.dtype))
    taps = g.taps()
    out = padded[g.tap(*taps[0])].copy()
    for i, j in taps[1:]:
        np.maximum(out, padded[g.tap(i, j)], out=out)
    return out


def _argmax_taps(g, input):
    """For every output, the index of the filter tap holding its window's first maximum
    (row-major order, as TF's CPU kernel picks among ties)."""
    padded = g.pad(input, _lowest(input.dtype))
    taps = g.taps()
    best = padded[g.tap(*taps[0])].copy()
    argmax = np.zeros(best.shape, np.int32)
    for index, (i, j) in enumerate(taps[1:], start=1):
        values = padded[g.tap(i, j)]
        better = values > best
        best[better] = values[better]
        argmax[better] = index
    return argmax


def _max_pool_grad_kernel(orig_input, orig_output, grad, ksize, strides, padding,
                          explicit_paddings=(), data_format="NHWC"):
    g = _pool_geometry("MaxPoolGrad", orig_input.shape, ksize, strides, padding,
                       explicit_paddings, data_format)
    if g.empty():
        return np.zeros(orig_input.shape, grad.dtype)
    argmax = _argmax_taps(g, orig_input)
    padded = np.zeros(g.padded_shape(orig_input.shape), grad.dtype)
    zero = grad.dtype.type(0)
    for index, (i, j) in enumerate(g.taps()):
        padded[g.tap(i, j)] += np.where(argmax == index, grad, zero)
    return np.ascontiguousarray(g.crop(padded, orig_input.shape))


def _max_pool_grad_grad_kernel(orig_input, orig_output, grad, ksize, strides, padding,
                               explicit_paddings=(), data_format="NHWC"):
    g = _pool_geometry("MaxPoolGradGrad", orig_input.shape, ksize, strides, padding,
                       explicit_paddings, data_format)
    out = np.zeros((orig_input.shape[0], g.oh, g.ow, orig_input.shape[3]), grad.dtype)
    if g.empty():
        return out
    argmax = _argmax_taps(g, orig_input)
    padded = g.pad(grad)
    for index, (i, j) in enumerate(g.taps()):
        selected = argmax == index
        out[selected] = padded[g.tap(i, j)][selected]
    return out


def _window_counts(g, height, width):
    """How many real (unpadded) inputs each output window covers: TF's AvgPool divisor."""
    def counts(out, stride, k, pads, size):
        start = np.arange(out) * stride - pads[0]
        return np.minimum(start + k, size) - np.maximum(start, 0)
    rows = counts(g.oh, g.sh, g.kh, g.pad_h, height)
    cols = counts(g.ow, g.sw, g.kw, g.pad_w, width)
    return np.outer(rows, cols)[None, :, :, None]


def _avg_pool_kernel(value, ksize, strides, padding, data_format="NHWC"):
    g = _pool_geometry("AvgPool", value.shape, ksize, strides, padding, (), data_format)
    if g.empty():
        return np.zeros((value.shape[0], g.oh, g.ow, value.shape[3]), value.dtype)
    padded = g.pad(value)
    taps = g.taps()
    total = padded[g.tap(*taps[0])].copy()
    for i, j in taps[1:]:
        total += padded[g.tap(i, j)]
    return (total / _window_counts(g, value.shape[1], value.shape[2])).astype(value.dtype)


def _avg_pool_grad_kernel(orig_input_shape, grad, ksize, strides, padding, data_format="NHWC"):
    shape = tuple(int(v) for v in np.reshape(orig_input_shape, -1))
    g = _pool_geometry("AvgPoolGrad", shape, ksize, strides, padding, (), data_format)
    if g.empty():
        return np.zeros(shape, grad.dtype)
    share = (grad / _window_counts(g, shape[1], shape[2])).astype(grad.dtype)
    padded = np.zeros(g.padded_shape(shape), grad.dtype)
    for i, j in g.taps():
        padded[g.tap(i, j)] += share
    return np.ascontiguousarray(g.crop(padded, shape))


def _pool_shape_of(x, attrs):
    attrs = _attrs_of(attrs, _POOL_DEFAULTS)
    if attrs["data_format"] != "NHWC":
        return TensorShape([None] * 4)
    ksize, strides, padding = attrs["ksize"], attrs["strides"], attrs["padding"]
    _check_explicit(padding, attrs["explicit_paddings"], error=ValueError)
    pads_h, pads_w = _spatial_pads(padding, attrs["explicit_paddings"])
    oh = _static_output_size(x[1], ksize[1], strides[1], 1, padding, pads_h)
    ow = _static_output_size(x[2], ksize[2], strides[2], 1, padding, pads_w)
    return TensorShape([x[0], oh, ow, x[3]])


def _pool_shape(inputs, attrs):
    return _pool_shape_of(_rank4(inputs[0].shape), attrs)


def _max_pool_grad_shape(inputs, attrs):
    return TensorShape(_rank4(inputs[0].shape))


def _max_pool_grad_grad_shape(inputs, attrs):
    return _pool_shape(inputs, attrs).merge_with(TensorShape(_rank4(inputs[1].shape)))


def _avg_pool_grad_shape(inputs, attrs):
    _rank4(inputs[1].shape)
    return _sizes_shape(inputs[0])


def _pool_attrs(op, explicit=True):
    names = ("ksize", "strides", "padding", "data_format") + \
        (("explicit_paddings",) if explicit else ())
    return {name: op.get_attr(name) for name in names}


def _max_pool_grad(op, grad):
    return [apply(MAX_POOL_GRAD, (op.inputs[0], op.outputs[0], grad), _pool_attrs(op))]


def _max_pool_grad_grad(op, grad):
    x, y, _ = op.inputs
    return [_zeros_like(x), _zeros_like(y),
            apply(MAX_POOL_GRAD_GRAD, (x, y, grad), _pool_attrs(op))]


def _max_pool_grad_grad_grad(op, grad):
    x, y, _ = op.inputs
    return [_zeros_like(x), _zeros_like(y), apply(MAX_POOL_GRAD, (x, y, grad), _pool_attrs(op))]


def _avg_pool_grad(op, grad):
    return [apply(AVG_POOL_GRAD, (array_ops.shape(op.inputs[0]), grad),
                  _pool_attrs(op, explicit=False))]


def _avg_pool_grad_grad(op, grad):
    return [None, apply(AVG_POOL, (grad,), _pool_attrs(op, explicit=False))]


def _zeros_like(x):
    import tensorlite
    return tensorlite.zeros_like(x)


MAX_POOL = register(OpDef("MaxPool", _max_pool_kernel, _pool_shape, _max_pool_grad,
                          inputs=("input: T",), outputs=("T",), type_attrs={"T": REAL},
                          default_attrs=_POOL_DEFAULTS))
MAX_POOL_GRAD = register(OpDef(
    "MaxPoolGrad", _max_pool_grad_kernel, _max_pool_grad_shape, _max_pool_grad_grad,
    inputs=("orig_input: T", "orig_output: T", "grad: T"), outputs=("T",),
    type_attrs={"T": REAL}, default_attrs=_POOL_DEFAULTS))
MAX_POOL_GRAD_GRAD = register(OpDef(
    "MaxPoolGradGrad", _max_pool_grad_grad_kernel, _max_pool_grad_grad_shape,
    _max_pool_grad_grad_grad, inputs=("orig_input: T", "orig_output: T", "grad: T"),
    outputs=("T",), type_attrs={"T": REAL}, default_attrs=_POOL_DEFAULTS))
AVG_POOL = register(OpDef("AvgPool", _avg_pool_kernel, _pool_shape, _avg_pool_grad,
                          inputs=("value: T",), outputs=("T",), type_attrs={"T": FLOATS},
                          default_attrs={"data_format": "NHWC"}))
AVG_POOL_GRAD = register(OpDef(
    "AvgPoolGrad", _avg_pool_grad_kernel, _avg_pool_grad_shape, _avg_pool_grad_grad,
    inputs=("orig_input_shape: int32", "grad: T"), outputs=("T",), type_attrs={"T": FLOATS},
    default_attrs={"data_format": "NHWC"}))


# ------------------------------------------------------------------ argument handling

def _get_sequence(value, n, channel_index, name):
    """Strides/dilations/ksize as a full per-dimension list, like TF's _get_sequence."""
    if value is None:
        return [1] * (n + 2)
    if isinstance(value, (list, tuple)):
        value = list(value)
    elif isinstance(value, (int, np.integer)):
        value = [value]
    elif not hasattr(value, "__len__"):
        value = [value]
    else:
        value = list(value)
    value = [int(v) for v in value]
    if len(value) == n + 2:
        return value
    if len(value) == 1:
        value = value * n
    elif len(value) != n:
        raise ValueError(f"{name} should be of length 1, {n} or {n + 2}. Received: "
                         f"{name}={value} of length {len(value)}")
    return [1, 1] + value if channel_index == 1 else [1] + value + [1]


def convert_padding(padding, expected_length=4, op_type="Conv2D", allow_explicit=True):
    """(padding string, explicit_paddings list) from a string or a [[before, after], ...] list."""
    explicit_paddings = []
    if padding == "EXPLICIT":
        raise ValueError("'EXPLICIT' is not a valid value for `padding`. To use explicit "
                         "padding, `padding` must be a list.")
    if isinstance(padding, (list, tuple)):
        for i, dim_paddings in enumerate(padding):
            if not isinstance(dim_paddings, (list, tuple)):
                raise ValueError("When `padding` is a list, each element of `padding` must be "
                                 f"a list/tuple of size 2. Received: padding={padding} with "
                                 f"element at index {i} of type {type(dim_paddings)}")
            if len(dim_paddings) != 2:
                raise ValueError("When `padding` is a list, each element of `padding` must be "
                                 f"a list/tuple of size 2. Received: padding={padding} with "
                                 f"element at index {i} of size {len(dim_paddings)}")
            explicit_paddings.extend(int(p) for p in dim_paddings)
        if len(padding) != expected_length:
            raise ValueError(f"When padding is a list, it must be of size {expected_length}. "
                             f"Received: padding={padding} of size {len(padding)}")
        padding = "EXPLICIT"
    allowed = ("SAME", "VALID", "EXPLICIT") if allow_explicit else ("SAME", "VALID")
    if padding not in allowed:
        names = ", ".join(f'"{a}"' for a in allowed)
        if executing_eagerly():
            raise _invalid(f"Value for attr 'padding' of \"{padding}\" is not in the list of "
                           f"allowed values: {names}")
        raise ValueError(f"Attr 'padding' of '{op_type}' Op passed string '{padding}' not in: "
                         f"{names}.")
    return padding, explicit_paddings


def _as_tensor(value, name=None):
    return value if isinstance(value, Tensor) else convert_to_tensor(value, name=name)


def _conv_attrs_for(strides, padding, explicit_paddings, data_format, dilations):
    return {"strides": strides, "padding": padding, "explicit_paddings": explicit_paddings,
            "data_format": data_format, "dilations": dilations}


# ------------------------------------------------------------------ public wrappers

def conv2d_v1(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True,
              data_format="NHWC", dilations=(1, 1, 1, 1), name=None, filters=None):
    """TF1's tf.nn.conv2d (`filter`, or its alias `filters`)."""
    if filter is not None and filters is not None:
        raise ValueError("Cannot specify both 'filters' and 'filter'")
    filter = filters if filter is None else filter
    padding, explicit_paddings = convert_padding(padding)
    data_format = data_format or "NHWC"
    channel_index = 1 if data_format.startswith("NC") else 3
    strides = _get_sequence(strides, 2, channel_index, "strides")
    dilations = _get_sequence(dilations, 2, channel_index, "dilations")
    attrs = _conv_attrs_for(strides, padding, explicit_paddings, data_format, dilations)
    attrs["use_cudnn_on_gpu"] = bool(use_cudnn_on_gpu)
    input = _as_tensor(input)
    rank = input.shape.rank
    if rank is None or rank <= 4:
        return apply(CONV2D, (input, filter), attrs, name=name or "Conv2D")
    # Extra leading dimensions are batch dimensions (TF's squeeze_batch_dims).
    with name_scope(name, "squeeze_batch_dims", [input]):
        dims = input.shape.as_list()
        batch_shape = array_ops.shape(input)[:-3]
        flat = array_ops.reshape(input, [-1] + dims[-3:])
        out = apply(CONV2D, (flat, filter), attrs, name="Conv2D")
        out_shape = array_ops.shape(out)[1:]
        import tensorlite
        return array_ops.reshape(out, tensorlite.concat([batch_shape, out_shape], 0))


def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None, name=None):
    """2-D convolution of NHWC `input` with HWIO `filters`; padding "SAME", "VALID" or a list
    [[0, 0], [top, bottom], [left, right], [0, 0]]."""
    return conv2d_v1(input, filters, strides, padding, True, data_format, dilations, name)


def conv2d_backprop_input(input_sizes, filter=None, out_backprop=None, strides=None,
                          padding=None, use_cudnn_on_gpu=True, data_format="NHWC",
                          dilations=(1, 1, 1, 1), name=None, filters=None):
    """The gradient of conv2d with respect to its input (TF1 name)."""
    filter = filters if filter is None else filter
    padding, explicit_paddings = convert_padding(padding, op_type="Conv2DBackpropInput")
    attrs = _conv_attrs_for(list(strides), padding, explicit_paddings, data_format,
                            list(dilations))
    attrs["use_cudnn_on_gpu"] = bool(use_cudnn_on_gpu)
    return apply(CONV2D_BACKPROP_INPUT, (input_sizes, filter, out_backprop), attrs,
                 name=name or "Conv2DBackpropInput")


def conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding,
                           use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1),
                           name=None):
    """The gradient of conv2d with respect to its filter (TF1 name)."""
    padding, explicit_paddings = convert_padding(padding, op_type="Conv2DBackpropFilter")
    attrs = _conv_attrs_for(list(strides), padding, explicit_paddings, data_format,
                            list(dilations))
    attrs["use_cudnn_on_gpu"] = bool(use_cudnn_on_gpu)
    return apply(CONV2D_BACKPROP_FILTER, (input, filter_sizes, out_backprop), attrs,
                 name=name or "Conv2DBackpropFilter")


def conv2d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NHWC",
                     dilations=None, name=None):
    """The transpose (gradient) of conv2d: `filters` is [h, w, out_channels, in_channels]."""
    with name_scope(name, "conv2d_transpose", [input, filters, output_shape]) as scope:
        data_format = data_format or "NHWC"
        channel_index = 1 if data_format.startswith("NC") else 3
        strides = _get_sequence(strides, 2, channel_index, "strides")
        dilations = _get_sequence(dilations, 2, channel_index, "dilations")
        padding, explicit_paddings = convert_padding(padding, op_type="Conv2DBackpropInput")
        attrs = _conv_attrs_for(strides, padding, explicit_paddings, data_format, dilations)
        return apply(CONV2D_BACKPROP_INPUT, (output_shape, filters, input), attrs,
                     name=scope or "conv2d_transpose")


def atrous_conv2d(value, filters, rate, padding, name=None):
    """conv2d with the filter taps `rate` apart (NHWC).

    Differs from TF: one dilated Conv2D op rather than SpaceToBatchND, Conv2D and
    BatchToSpaceND (same values and gradients; other op names).
    """
    if rate < 1:
        raise ValueError("all values of `dilation_rate` must be positive. Received: "
                         f"dilation_rate={np.broadcast_to(rate, (2,))}")
    return conv2d_v1(value, filters, [1, 1, 1, 1], padding, dilations=[1, rate, rate, 1],
                     name=name or "convolution")


def atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None):
    """The transpose of atrous_conv2d: `filters` is [h, w, out_channels, in_channels].

    Differs from TF: one dilated Conv2DBackpropInput op rather than TF's space-to-batch
    rewrite (same values and gradients; other op names).
    """
    with name_scope(name, "atrous_conv2d_transpose", [value, filters]) as scope:
        value = _as_tensor(value, "value")
        filters = _as_tensor(filters, "filters")
        value_channels = value.shape[3] if value.shape.rank is not None else None
        filter_shape = filters.shape
        in_channels = filter_shape[3] if filter_shape.rank is not None else None
        if None not in (value_channels, in_channels) and value_channels != in_channels:
            raise ValueError("`value` channel count must be compatible with `filters` input "
                             f"channel count. Received: value.shape={value.shape} with "
                             f"channel count {value_channels} and filters.shape="
                             f"{filter_shape} with input channel count {in_channels}.")
        if rate < 1:
            raise ValueError(f"`rate` cannot be less than one. Received: rate={rate}")
        shape_tensor = _as_tensor(output_shape, "output_shape")
        if not shape_tensor.shape.is_compatible_with(TensorShape([4])):
            raise ValueError("`output_shape` must have shape (4,). Received: "
                             f"output_shape={shape_tensor.shape}")
        out_channels = filter_shape[2] if filter_shape.rank is not None else None
        if isinstance(output_shape, (list, tuple, np.ndarray)) and out_channels is not None \
                and output_shape[3] != out_channels:
            # TF's message names filters.shape[3] as the "output channel count".
            raise ValueError("`output_shape` channel count must be compatible with `filters` "
                             f"output channel count. Received: output_shape={output_shape} "
                             f"with channel count {output_shape[3]} and filters.shape="
                             f"{filter_shape} with output channel count {in_channels}.")
        if padding not in ("SAME", "VALID"):
            raise ValueError("`padding` must be either 'VALID' or 'SAME'. Received: "
                             f"padding={padding}")
        return conv2d_transpose(value, filters, shape_tensor, 1, padding, "NHWC", rate,
                                name=scope)


def conv2d_transpose_v1(value=None, filter=None, output_shape=None, strides=None,
                        padding="SAME", data_format="NHWC", name=None, input=None,
                        filters=None, dilations=None):
    value = input if value is None else value
    filter = filters if filter is None else filter
    with name_scope(name, "conv2d_transpose", [value, filter, output_shape]) as scope:
        return conv2d_transpose(value, filter, output_shape, strides, padding=padding,
                                data_format=data_format, dilations=dilations, name=scope)


def conv1d(input, filters, stride, padding, data_format="NWC", dilations=None, name=None):
    """1-D convolution of NWC `input` with [w, in, out] `filters`, as conv2d on height 1."""
    import tensorlite
    with name_scope(name, "conv1d", [input, filters]) as scope:
        if data_format not in (None, "NWC"):
            raise ValueError(f"`data_format` must be 'NWC' or 'NCW'. Received: "
                             f"data_format={data_format}")
        strides = [1] + _get_sequence(stride, 1, 2, "stride")
        dilations = [1] + _get_sequence(dilations, 1, 2, "dilations")
        if isinstance(padding, (list, tuple)):
            padding = [[0, 0]] + list(padding)
        input = tensorlite.expand_dims(input, 1)
        filters = tensorlite.expand_dims(filters, 0)
        result = conv2d_v1(input, filters, strides, padding, data_format="NHWC",
                           dilations=dilations)
        return tensorlite.squeeze(result, [1], name=scope)


def depthwise_conv2d_native(input, filter, strides, padding, data_format="NHWC",
                            dilations=(1, 1, 1, 1), name=None):
    padding, explicit_paddings = convert_padding(padding, op_type="DepthwiseConv2dNative")
    attrs = _conv_attrs_for(list(strides), padding, explicit_paddings, data_format or "NHWC",
                            list(dilations))
    return apply(DEPTHWISE, (input, filter), attrs, name=name or "DepthwiseConv2dNative")


def depthwise_conv2d_backprop_input(input_sizes, filter, out_backprop, strides, padding,
                                    data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    padding, explicit_paddings = convert_padding(
        padding, op_type="DepthwiseConv2dNativeBackpropInput")
    attrs = _conv_attrs_for(list(strides), padding, explicit_paddings, data_format or "NHWC",
                            list(dilations))
    return apply(DEPTHWISE_BACKPROP_INPUT, (input_sizes, filter, out_backprop), attrs,
                 name=name or "DepthwiseConv2dNativeBackpropInput")


def depthwise_conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding,
                                     data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    padding, explicit_paddings = convert_padding(
        padding, op_type="DepthwiseConv2dNativeBackpropFilter")
    attrs = _conv_attrs_for(list(strides), padding, explicit_paddings, data_format or "NHWC",
                            list(dilations))
    return apply(DEPTHWISE_BACKPROP_FILTER, (input, filter_sizes, out_backprop), attrs,
                 name=name or "DepthwiseConv2dNativeBackpropFilter")


def depthwise_conv2d_v1(input, filter, strides, padding, rate=None, name=None,
                        data_format=None, dilations=None):
    """TF1's depthwise_conv2d (`rate` for dilations).

    TF runs dilated depthwise convolutions through space_to_batch; tensorlite passes the
    dilation to DepthwiseConv2dNative directly (same values, a different graph).
    """
    rate = dilations if rate is None else rate
    with name_scope(name, "depthwise", [input, filter]) as scope:
        input = _as_tensor(input, "tensor_in")
        filter = _as_tensor(filter, "filter_in")
        rate = [1, 1] if rate is None else [int(r) for r in rate]
        data_format = data_format or "NHWC"
        channel_index = 1 if data_format.startswith("NC") else 3
        strides = _get_sequence(strides, 2, channel_index, "strides")
        full_rate = _get_sequence(rate, 2, channel_index, "dilations")
        return depthwise_conv2d_native(input, filter, strides, padding, data_format,
                                       full_rate, name=scope or "depthwise")


def depthwise_conv2d(input, filter, strides, padding, data_format=None, dilations=None,
                     name=None):
    """Depthwise 2-D convolution: each input channel convolved with its own filters."""
    return depthwise_conv2d_v1(input, filter, strides, padding, rate=dilations, name=name,
                               data_format=data_format)


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding,
                     data_format=None, dilations=None, name=None):
    """A depthwise convolution followed by a 1x1 (pointwise) convolution."""
    with name_scope(name, "separable_conv2d",
                    [input, depthwise_filter, pointwise_filter]) as scope:
        input = _as_tensor(input, "tensor_in")
        depthwise_filter = _as_tensor(depthwise_filter, "depthwise_filter")
        pointwise_filter = _as_tensor(pointwise_filter, "pointwise_filter")
        dims = _rank4(pointwise_filter.shape)
        for d in dims[:2]:
            if d not in (None, 1):
                raise ValueError(f"Dimensions {d} and 1 are not compatible")
        depthwise = depthwise_conv2d_v1(input, depthwise_filter, strides, padding,
                                        rate=dilations, name="depthwise",
                                        data_format=data_format)
        return conv2d_v1(depthwise, pointwise_filter, [1, 1, 1, 1], "VALID",
                         data_format=data_format or "NHWC", name=scope)


def separable_conv2d_v1(input, depthwise_filter, pointwise_filter, strides, padding,
                        rate=None, name=None, data_format=None, dilations=None):
    return separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding,
                            data_format, dilations if rate is None else rate, name)


def convolution(input, filters, strides=None, padding="VALID", data_format=None,
                dilations=None, name=None):
    """N-d convolution for N = 1 or 2 (tf.nn.convolution); 3-D is not implemented."""
    input = _as_tensor(input, "input")
    rank = input.shape.rank
    if rank is None:    # a filter of rank N+2 convolves N spatial dimensions, as does input
        filters = _as_tensor(filters, "filters")
        rank = filters.shape.rank
    if rank == 3:
        return conv1d(input, filters, 1 if strides is None else strides, padding,
                      data_format=data_format or "NWC", dilations=dilations,
                      name=name or "convolution")
    if rank == 4:
        return conv2d_v1(input, filters, strides, padding, True, data_format or "NHWC",
                         dilations, name=name or "convolution")
    raise ValueError(f"tensorlite's tf.nn.convolution supports 1-D and 2-D convolutions; "
                     f"got input of rank {rank}")


def _pool_dims(input, data_format):
    input = _as_tensor(input)
    if input.shape.rank is not None:
        return input, input.shape.rank - 2
    if data_format is not None:
        return input, len(data_format) - 2
    raise ValueError("`input` must have a static shape or a data format must be given. "
                     f"Received: input.shape={input.shape} and data_format={data_format}")


def _pool_attrs_for(ksize, strides, padding, data_format, explicit=True, op_type="MaxPool"):
    data_format = data_format or "NHWC"
    channel_index = 1 if data_format.startswith("NC") else 3
    attrs = {"ksize": _get_sequence(ksize, 2, channel_index, "ksize"),
             "strides": _get_sequence(strides, 2, channel_index, "strides"),
             "data_format": data_format}
    if explicit:
        attrs["padding"], attrs["explicit_paddings"] = convert_padding(padding, op_type=op_type)
    else:
        attrs["padding"] = convert_padding(padding, op_type=op_type, allow_explicit=False)[0]
    return attrs


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """Max pooling over NHWC windows."""
    with name_scope(name, "MaxPool2d", [input]) as scope:
        attrs = _pool_attrs_for(ksize, strides, padding, data_format)
        return apply(MAX_POOL, (input,), attrs, name=scope or "MaxPool2d")


def max_pool_v1(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):
    value = input if value is None else value
    with name_scope(name, "MaxPool", [value]) as scope:
        if isinstance(ksize, (int, np.integer)) and ksize == 0 or \
                isinstance(ksize, (list, tuple, np.ndarray)) and any(v == 0 for v in ksize):
            raise ValueError(f"`ksize` cannot be zero. Received: ksize={ksize}")
        attrs = _pool_attrs_for(ksize, strides, padding, data_format)
        return apply(MAX_POOL, (value,), attrs, name=scope or "MaxPool")


def _pool_1d(input, ksize, strides, padding, data_format, name, default_name, opdef, explicit):
    import tensorlite
    with name_scope(name, default_name, [input]) as scope:
        if data_format not in (None, "NWC"):
            raise errors.UnimplementedError(None, None, "tensorlite pools NWC data only")
        attrs = {"ksize": [1] + _get_sequence(ksize, 1, 2, "ksize"),
                 "strides": [1] + _get_sequence(strides, 1, 2, "strides"),
                 "data_format": "NHWC"}
        if explicit:
            padding, explicit_paddings = convert_padding(padding, 3, op_type=opdef.type)
            if padding == "EXPLICIT":
                explicit_paddings = [0, 0] + explicit_paddings
            attrs["padding"], attrs["explicit_paddings"] = padding, explicit_paddings
        else:
            attrs["padding"] = convert_padding(padding, 3, op_type=opdef.type,
                                               allow_explicit=False)[0]
        expanded = tensorlite.expand_dims(input, 1)
        result = apply(opdef, (expanded,), attrs, name=scope or default_name)
        return tensorlite.squeeze(result, [1])


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    return _pool_1d(input, ksize, strides, padding, data_format, name, "MaxPool1d", MAX_POOL,
                    True)


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    return _pool_1d(input, ksize, strides, padding, data_format, name, "AvgPool1D", AVG_POOL,
                    False)


def max_pool(input, ksize, strides, padding, data_format=None, name=None):
    """Max pooling (TF2): 1-D for rank-3 input, 2-D for rank 4."""
    input, n = _pool_dims(input, data_format)
    if n == 1:
        return max_pool1d(input, ksize, strides, padding, data_format or "NWC", name)
    if n == 2:
        return max_pool2d(input, ksize, strides, padding, data_format or "NHWC", name)
    raise ValueError(f"`input.shape.rank` must be 3 or 4 in tensorlite (3-D pooling is not "
                     f"implemented). Received: input.shape={input.shape} of rank {n + 2}.")


def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """Average pooling over NHWC windows; padded positions are not counted."""
    with name_scope(name, "AvgPool2D", [input]) as scope:
        attrs = _pool_attrs_for(ksize, strides, padding, data_format, explicit=False,
                                op_type="AvgPool")
        return apply(AVG_POOL, (input,), attrs, name=scope or "AvgPool2D")


def avg_pool_v1(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):
    with name_scope(name, "AvgPool", [value]) as scope:
        value = input if value is None else value
        attrs = _pool_attrs_for(ksize, strides, padding, data_format, explicit=False,
                                op_type="AvgPool")
        return apply(AVG_POOL, (value,), attrs, name=scope or "AvgPool")


def avg_pool(input, ksize, strides, padding, data_format=None, name=None):
    """Average pooling (TF2): 1-D for rank-3 input, 2-D for rank 4."""
    input, n = _pool_dims(input, data_format)
    if n == 1:
        return avg_pool1d(input, ksize, strides, padding, data_format or "NWC", name)
    if n == 2:
        attrs = _pool_attrs_for(ksize, strides, padding, data_format, explicit=False,
                                op_type="AvgPool")
        return apply(AVG_POOL, (input,), attrs, name=name or "AvgPool")
    raise ValueError(f"`input.shape.rank` must be 3 or 4 in tensorlite (3-D pooling is not "
                     f"implemented). Received: input.shape={input.shape} of rank {n + 2}.")
