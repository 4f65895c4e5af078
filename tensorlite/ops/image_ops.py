"""Image op records: ResizeBilinear, ResizeNearestNeighbor and their gradient ops, and
AdjustContrastv2 (kernel, shape rule, gradient side by side). The `tf.image` functions built
on them live in tensorlite/image.py; this module loads with it, off the core import path.

Source coordinates follow TF's image_resizer_state.h, in float32 as TF computes them:
`scale = in / out` (or `(in - 1) / (out - 1)` with align_corners), and output pixel `x` reads
`(x + 0.5) * scale - 0.5` with half-pixel centers (bilinear), `(x + 0.5) * scale` (nearest),
else `x * scale`.
"""
import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import array_ops, shape_util
from tensorlite.framework.errors import invalid_argument as _invalid
from tensorlite.ops.shape_util import dims_text as _dims_text

_RESIZE_TYPES = (_dtypes.int8, _dtypes.uint8, _dtypes.int16, _dtypes.uint16, _dtypes.int32,
                 _dtypes.int64) + _dtypes.FLOATING_TYPES
_GRAD_TYPES = _dtypes.FLOATING_TYPES
_NN_GRAD_TYPES = (_dtypes.uint8, _dtypes.int8, _dtypes.int32) + _dtypes.FLOATING_TYPES
_RESIZE_ATTRS = {"align_corners": False, "half_pixel_centers": False}


def _check_resize(images, size, align_corners, half_pixel_centers):
    """TF's ImageResizerState::ValidateAndCalculateOutputSize checks; the output size."""
    if half_pixel_centers and align_corners:
        raise _invalid("If half_pixel_centers is True, align_corners must be False.")
    if images.ndim != 4:
        raise _invalid(f"input must be 4-dimensional{_dims_text(images.shape)}")
    size = np.asarray(size)
    if size.ndim != 1:
        raise _invalid(f"shape_t must be 1-dimensional{_dims_text(size.shape)}")
    if size.shape[0] != 2:
        raise _invalid(f"shape_t must have two elements{_dims_text(size.shape)}")
    out_h, out_w = int(size[0]), int(size[1])
    if out_h <= 0 or out_w <= 0:
        raise _invalid("output dimensions must be positive")
    if images.shape[1] == 0 or images.shape[2] == 0:
        raise _invalid("input image must be of non-zero size")
    return out_h, out_w


def _scale(in_size, out_size, align_corners):
    if align_corners and out_size > 1:
        return np.float32(in_size - 1) / np.float32(out_size - 1)
    return np.float32(in_size) / np.float32(out_size)


def _bilinear_taps(in_size, out_size, align_corners, half_pixel_centers):
    """Per output index: lower and upper source index and the weight of the upper one."""
    scale = _scale(in_size, out_size, align_corners)
    x = np.arange(out_size, dtype=np.float32)
    source = (x + np.float32(0.5)) * scale - np.float32(0.5) if half_pixel_centers \
        else x * scale
    floor = np.floor(source)
    lower = np.maximum(floor, 0).astype(np.int64)
    upper = np.minimum(np.ceil(source), in_size - 1).astype(np.int64)
    return lower, upper, (source - floor).astype(np.float32)


def _bilinear_matrix(in_size, out_size, align_corners, half_pixel_centers):
    """The [out, in] interpolation matrix whose transpose is the gradient's scatter."""
    lower, upper, lerp = _bilinear_taps(in_size, out_size, align_corners, half_pixel_centers)
    matrix = np.zeros((out_size, in_size), np.float64)
    rows = np.arange(out_size)
    np.add.at(matrix, (rows, lower), 1 - lerp.astype(np.float64))
    np.add.at(matrix, (rows, upper), lerp.astype(np.float64))
    return matrix


def _nearest_index(in_size, out_size, align_corners, half_pixel_centers):
    scale = _scale(in_size, out_size, align_corners)
    x = np.arange(out_size, dtype=np.float32)
    source = (x + np.float32(0.5)) * scale if half_pixel_centers else x * scale
    # TF rounds with roundf (half away from zero) under align_corners, else floors.
    index = np.floor(source + np.float32(0.5)) if align_corners else np.floor(source)
    index = np.minimum(index.astype(np.int64), in_size - 1)
    return np.maximum(index, 0) if half_pixel_centers else index


def _resize_bilinear_kernel(images, size, align_corners=False, half_pixel_centers=False):
    out_h, out_w = _check_resize(images, size, align_corners, half_pixel_centers)
    y0, y1, y_lerp = _bilinear_taps(images.shape[1], out_h, align_corners, half_pixel_centers)
    x0, x1, x_lerp = _bilinear_taps(images.shape[2], out_w, align_corners, half_pixel_centers)
    image = images.astype(np.float32, copy=False)
    x_lerp = x_lerp[None, None, :, None]
    top, bottom = image[:, y0], image[:, y1]
    top = top[:, :, x0] + (top[:, :, x1] - top[:, :, x0]) * x_lerp
    bottom = bottom[:, :, x0] + (bottom[:, :, x1] - bottom[:, :, x0]) * x_lerp
    return (top + (bottom - top) * y_lerp[None, :, None, None]).astype(np.float32, copy=False)


def _resize_bilinear_grad_kernel(grads, original_image, align_corners=False,
                                 half_pixel_centers=False):
    if half_pixel_centers and align_corners:
        raise _invalid("If half_pixel_centers is True, align_corners must be False.")
    if grads.ndim != 4 or original_image.ndim != 4:
        raise _invalid(f"input_grad must be 4-dimensional{_dims_text(grads.shape)}")
    height, width = original_image.shape[1], original_image.shape[2]
    rows = _bilinear_matrix(height, grads.shape[1], align_corners, half_pixel_centers)
    cols = _bilinear_matrix(width, grads.shape[2], align_corners, half_pixel_centers)
    out = np.einsum("yh,nyxc,xw->nhwc", rows, grads.astype(np.float64), cols, optimize=True)
    return out.astype(original_image.dtype)


def _resize_nearest_kernel(images, size, align_corners=False, half_pixel_centers=False):
    out_h, out_w = _check_resize(images, size, align_corners, half_pixel_centers)
    rows = _nearest_index(images.shape[1], out_h, align_corners, half_pixel_centers)
    cols = _nearest_index(images.shape[2], out_w, align_corners, half_pixel_centers)
    return images[:, rows][:, :, cols]


def _resize_nearest_grad_kernel(grads, size, align_corners=False, half_pixel_centers=False):
    if grads.ndim != 4:
        raise _invalid(f"input must be 4-dimensional{_dims_text(grads.shape)}")
    height, width = (int(s) for s in np.asarray(size))
    rows = _nearest_index(height, grads.shape[1], align_corners, half_pixel_centers)
    cols = _nearest_index(width, grads.shape[2], align_corners, half_pixel_centers)
    # Scatter-add along each axis in turn: every output pixel sends its gradient to the one
    # input pixel it copied.
    by_row = np.zeros((grads.shape[0], height, grads.shape[2], grads.shape[3]), grads.dtype)
    np.add.at(by_row, (slice(None), rows), grads)
    out = np.zeros((grads.shape[0], height, width, grads.shape[3]), grads.dtype)
    np.add.at(out, (slice(None), slice(None), cols), by_row)
    return out


def _resize_shape(inputs, attrs):
    images = inputs[0].shape.with_rank(4)
    size = inputs[1].shape.with_rank(1)
    if size.dims[0] is not None and size.dims[0] != 2:
        raise ValueError(f"Dimension must be 2 but is {size.dims[0]}")
    target = shape_util.constant_value_as_shape(inputs[1])
    height, width = (None, None) if target.rank is None else target.as_list()
    dims = images.as_list()
    return TensorShape([dims[0], height, width, dims[3]])


def _resize_bilinear_grad_shape(inputs, attrs):
    inputs[0].shape.with_rank(4)
    return inputs[1].shape.with_rank(4)


def _resize_nearest_grad_shape(inputs, attrs):
    grads = inputs[0].shape.with_rank(4).as_list()
    target = shape_util.constant_value_as_shape(inputs[1])
    height, width = (None, None) if target.rank is None else target.as_list()
    return TensorShape([grads[0], height, width, grads[3]])


def _resize_attrs(op):
    return {"align_corners": op.get_attr("align_corners"),
            "half_pixel_centers": op.get_attr("half_pixel_centers")}


def _resize_bilinear_grad(op, grad):
    return [apply(RESIZE_BILINEAR_GRAD, (grad, op.inputs[0]), _resize_attrs(op)), None]


def _resize_nearest_grad(op, grad):
    # TF passes the input's static height and width when known, else its dynamic shape.
    image = op.inputs[0]
    static = image.shape[1:3] if image.shape.rank is not None else TensorShape(None)
    size = static.as_list() if static.is_fully_defined() else \
        array_ops.strided_slice(array_ops.shape(image), [1], [3])
    return [apply(RESIZE_NEAREST_GRAD, (grad, size), _resize_attrs(op)), None]


RESIZE_BILINEAR = register(OpDef(
    "ResizeBilinear", _resize_bilinear_kernel, _resize_shape, _resize_bilinear_grad,
    inputs=("images: T", "size: int32"), outputs=(_dtypes.float32,),
    type_attrs={"T": _RESIZE_TYPES}, default_attrs=_RESIZE_ATTRS))
RESIZE_BILINEAR_GRAD = register(OpDef(
    "ResizeBilinearGrad", _resize_bilinear_grad_kernel, _resize_bilinear_grad_shape,
    inputs=("grads: float32", "original_image: T"), outputs=("T",),
    type_attrs={"T": _GRAD_TYPES}, default_attrs=_RESIZE_ATTRS))
not_differentiable("ResizeBilinearGrad")   # as TF registers it
RESIZE_NEAREST = register(OpDef(
    "ResizeNearestNeighbor", _resize_nearest_kernel, _resize_shape, _resize_nearest_grad,
    inputs=("images: T", "size: int32"), outputs=("T",),
    type_attrs={"T": _RESIZE_TYPES}, default_attrs=_RESIZE_ATTRS))
# ResizeNearestNeighborGrad has no gradient in TF: differentiating it raises LookupError.
RESIZE_NEAREST_GRAD = register(OpDef(
    "ResizeNearestNeighborGrad", _resize_nearest_grad_kernel, _resize_nearest_grad_shape,
    inputs=("grads: T", "size: int32"), outputs=("T",),
    type_attrs={"T": _NN_GRAD_TYPES}, default_attrs=_RESIZE_ATTRS))


def resize_bilinear(images, size, align_corners=False, half_pixel_centers=False, name=None):
    return apply(RESIZE_BILINEAR, (images, size), {"align_corners": bool(align_corners),
                 "half_pixel_centers": bool(half_pixel_centers)}, name=name or "ResizeBilinear")


def resize_nearest_neighbor(images, size, align_corners=False, half_pixel_centers=False,
                            name=None):
    return apply(RESIZE_NEAREST, (images, size), {"align_corners": bool(align_corners),
                 "half_pixel_centers": bool(half_pixel_centers)},
                 name=name or "ResizeNearestNeighbor")


# ------------------------------------------------------------------ AdjustContrastv2

def _adjust_contrast_kernel(images, contrast_factor):
    if images.ndim < 3:
        raise _invalid(f"input must be at least 3-D, got shape{_dims_text(images.shape)}")
    factor = np.asarray(contrast_factor)
    if factor.ndim != 0:
        raise _invalid(f"contrast_factor must be scalar: {_dims_text(factor.shape)}")
    image = images.astype(np.float32, copy=False)
    mean = np.mean(image, axis=(-3, -2), keepdims=True, dtype=np.float32)
    return ((image - mean) * np.float32(factor) + mean).astype(images.dtype, copy=False)


def _adjust_contrast_shape(inputs, attrs):
    inputs[1].shape.with_rank(0)
    return inputs[0].shape.with_rank_at_least(3)


# TF registers no gradient for AdjustContrastv2: differentiating it raises LookupError.
ADJUST_CONTRAST = register(OpDef(
    "AdjustContrastv2", _adjust_contrast_kernel, _adjust_contrast_shape,
    inputs=("images: T", "contrast_factor: float32"), outputs=("T",),
    type_attrs={"T": (_dtypes.float16, _dtypes.float32)}))


def adjust_contrastv2(images, contrast_factor, name=None):
    return apply(ADJUST_CONTRAST, (images, contrast_factor), name=name or "AdjustContrastv2")
