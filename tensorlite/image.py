"""`tf.image`: resizing, flips, rotations, crops and pads, dtype conversion, brightness and
contrast, grayscale. Loaded on first use of `tf.image` (its ops register then).

Like TF's image_ops_impl.py, these are compositions of public ops around a few op records
(tensorlite/ops/image_ops.py). Differences from TF: images need a known rank (TF switches on
a dynamic rank with tf.cond); offsets and sizes given as tensors are not checked by runtime
asserts (the slice or pad itself fails instead); resize supports the bilinear and nearest
methods, without antialiasing.
"""
import tensorlite as _tf
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import SymbolicTensor, Tensor
from tensorlite.ops import image_ops as _image_ops
from tensorlite.ops import shape_util as _shape_util

__all__ = [
    "ResizeMethod", "resize", "flip_left_right", "flip_up_down", "random_flip_left_right",
    "random_flip_up_down", "rot90", "transpose", "per_image_standardization",
    "convert_image_dtype", "central_crop", "crop_to_bounding_box", "pad_to_bounding_box",
    "resize_with_crop_or_pad", "random_crop", "adjust_brightness", "adjust_contrast",
    "rgb_to_grayscale", "grayscale_to_rgb",
]


class ResizeMethod:
    """TF2's resize methods (strings)."""
    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"


def _unsupported_method(method):
    return NotImplementedError(
        f"tensorlite's resize supports the bilinear and nearest methods, not {method!r}")


# ------------------------------------------------------------------ shapes

def _is_tensor(value):
    return isinstance(value, Tensor) or hasattr(value, "_as_graph_element")


def _set_shape(tensor, dims):
    if isinstance(tensor, SymbolicTensor):
        tensor.set_shape(dims)
    return tensor


def _image_dims(image, rank):
    """TF's _ImageDimensions: static dimensions where known, else scalar tensors."""
    static = image.shape.with_rank(rank).as_list()
    if None not in static:
        return static
    dynamic = _tf.unstack(_tf.shape(image), rank)
    return [s if s is not None else d for s, d in zip(static, dynamic)]


def _check_at_least_3d(image):
    if image.shape.rank is None:
        raise ValueError(f"'image' (shape {image.shape}) must have a known rank in tensorlite "
                         "(TF switches on the dynamic rank)")
    if image.shape.rank < 3:
        raise ValueError(f"'image' (shape {image.shape}) must be at least three-dimensional.")
    if any(d == 0 for d in image.shape.as_list()[-3:]):
        raise ValueError(f"inner 3 dims of 'image.shape' must be > 0: {image.shape}")


def _rank_3_or_4(image, what="'image'"):
    _check_at_least_3d(image)
    rank = image.shape.rank
    if rank not in (3, 4):
        raise ValueError(f"{what} (shape {image.shape}) must have either 3 or 4 dimensions.")
    return rank


def _as_batch(image):
    """(4-D image, whether it was already a batch), for functions written on batches."""
    image = _tf.convert_to_tensor(image, name="image")
    if image.shape.rank is None:
        raise ValueError(f"'image' (shape {image.shape}) must have a known rank in tensorlite "
                         "(TF switches on the dynamic rank)")
    if image.shape.rank == 3:
        return _tf.expand_dims(image, 0), False
    if image.shape.rank != 4:
        raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")
    return image, True


def _unbatch(image, is_batch):
    return image if is_batch else _tf.squeeze(image, axis=[0])


def _static_check(condition, message):
    """TF's _assert for Python values: raise now; tensors are left to the ops that use them."""
    if not _is_tensor(condition) and not condition:
        raise ValueError(message)


# ------------------------------------------------------------------ resize

def _resize_common(images, resizer, size, preserve_aspect_ratio, name, skip_resize_if_same):
    """TF's _resize_images_common: 3-D or 4-D images, size checks, aspect ratio."""
    with name_scope(name, "resize", [images, size]):
        images = _tf.convert_to_tensor(images, name="images")
        if images.shape.rank is None:
            raise ValueError("'images' contains no shape.")
        is_batch = images.shape.rank == 4
        if images.shape.rank == 3:
            images = _tf.expand_dims(images, 0)
        elif not is_batch:
            raise ValueError("'images' must have either 3 or 4 dimensions.")
        _, height, width, _ = images.shape.as_list()
        try:
            size = _tf.convert_to_tensor(size, _dtypes.int32, name="size")
        except (TypeError, ValueError):
            raise ValueError("'size' must be a 1-D int32 Tensor") from None
        if not size.shape.is_compatible_with([2]):
            raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
        if preserve_aspect_ratio:
            _, current_height, current_width, _ = _image_dims(images, 4)
            as_float = lambda value: _tf.cast(value, _dtypes.float32)  # noqa: E731
            factor = _tf.minimum(as_float(size[0]) / as_float(current_height),
                                 as_float(size[1]) / as_float(current_width))
            scaled = [_tf.cast(_tf.round(factor * as_float(d)), _dtypes.int32)
                      for d in (current_height, current_width)]
            size = _tf.convert_to_tensor(_tf.stack(scaled), _dtypes.int32, name="size")
        target = _shape_util.constant_value_as_shape(size)
        new_height, new_width = (None, None) if target.rank is None else target.as_list()
        if skip_resize_if_same and None not in (new_height, new_width, height, width) and \
                (height, width) == (new_height, new_width):
            return _unbatch(images, is_batch)
        images = _set_shape(resizer(images, size), [None, new_height, new_width, None])
        return _unbatch(images, is_batch)


def resize(images, size, method=ResizeMethod.BILINEAR, preserve_aspect_ratio=False,
           antialias=False, name=None):
    """TF2's resize (half-pixel centers). Only bilinear and nearest, without antialias."""
    def resizer(images_t, new_size):
        if antialias and method in (ResizeMethod.BILINEAR, ResizeMethod.BICUBIC):
            raise NotImplementedError("tensorlite's resize does not support antialias=True")
        if method == ResizeMethod.BILINEAR:
            return _image_ops.resize_bilinear(images_t, new_size, half_pixel_centers=True)
        if method == ResizeMethod.NEAREST_NEIGHBOR:
            return _image_ops.resize_nearest_neighbor(images_t, new_size,
                                                      half_pixel_centers=True)
        if method in vars(ResizeMethod).values():
            raise _unsupported_method(method)
        raise ValueError(f"Resize method is not implemented: {method}")
    return _resize_common(images, resizer, size, preserve_aspect_ratio, name,
                          skip_resize_if_same=False)


# ------------------------------------------------------------------ flips and rotations

def _flip(image, flip_index, scope_name):
    with name_scope(None, scope_name, [image]):
        image = _tf.convert_to_tensor(image, name="image")
        rank = _rank_3_or_4(image)
        return _tf.reverse(image, [flip_index + rank - 3])


def flip_left_right(image):
    """Reverse the width axis (axis -2) of a 3-D image or a 4-D batch."""
    return _flip(image, 1, "flip_left_right")


def flip_up_down(image):
    """Reverse the height axis (axis -3) of a 3-D image or a 4-D batch."""
    return _flip(image, 0, "flip_up_down")


def _random_flip(image, flip_index, seed, scope_name):
    """TF's _random_flip: one coin for a 3-D image, one per image of a batch."""
    with name_scope(None, scope_name, [image]) as scope:
        image = _tf.convert_to_tensor(image, name="image")
        rank = _rank_3_or_4(image)
        if rank == 3:
            mirror = _tf.less(_tf.random.uniform([], 0, 1.0, seed=seed), 0.5)
            result = _tf.cond(mirror, lambda: _tf.reverse(image, [flip_index]),
                              lambda: image, name=scope)
            return _set_shape(result, image.shape)
        batch_size = _tf.shape(image)[0]
        uniform = _tf.random.uniform(_tf.reshape(batch_size, [1]), 0, 1.0, seed=seed)
        flips = _tf.cast(_tf.round(_tf.reshape(uniform, [batch_size, 1, 1, 1])), image.dtype)
        flipped = _tf.reverse(image, [flip_index + 1])
        return flips * flipped + (1 - flips) * image


def random_flip_left_right(image, seed=None):
    """Flip the width axis with probability 1/2 (per image of a batch)."""
    return _random_flip(image, 1, seed, "random_flip_left_right")


def random_flip_up_down(image, seed=None):
    """Flip the height axis with probability 1/2 (per image of a batch)."""
    return _random_flip(image, 0, seed, "random_flip_up_down")


def rot90(image, k=1, name=None):
    """Rotate counter-clockwise by k quarter turns; k may be a tensor (TF's tf.case)."""
    with name_scope(name, "rot90", [image, k]) as scope:
        image = _tf.convert_to_tensor(image, name="image")
        rank = _rank_3_or_4(image)
        h, w = rank - 3, rank - 2
        perm = list(range(rank))
        perm[h], perm[w] = w, h
        k_value = _shape_util.constant_value(k) if _is_tensor(k) else k
        if k_value is not None and not _is_tensor(k):
            k_value = int(k_value) % 4
            return [lambda: image,
                    lambda: _tf.transpose(_tf.reverse(image, [w]), perm),
                    lambda: _tf.reverse(image, [h, w]),
                    lambda: _tf.reverse(_tf.transpose(image, perm), [w])][k_value]()
        k = _tf.math.floormod(_tf.convert_to_tensor(k, _dtypes.int32, name="k"), 4)
        k.shape.assert_has_rank(0)
        result = _tf.case(
            [(_tf.equal(k, 1), lambda: _tf.transpose(_tf.reverse(image, [w]), perm)),
             (_tf.equal(k, 2), lambda: _tf.reverse(image, [h, w])),
             (_tf.equal(k, 3), lambda: _tf.reverse(_tf.transpose(image, perm), [w]))],
            default=lambda: image, exclusive=True, name=scope)
        dims = image.shape.as_list()
        dims[h] = dims[w] = None
        return _set_shape(result, dims)


def transpose(image, name=None):
    """Swap the height and width axes of a 3-D image or a 4-D batch."""
    with name_scope(name, "transpose", [image]):
        image = _tf.convert_to_tensor(image, name="image")
        rank = _rank_3_or_4(image)
        return _tf.transpose(image, [1, 0, 2] if rank == 3 else [0, 2, 1, 3], name=name)


# ------------------------------------------------------------------ crops and pads

def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The [target_height, target_width] window at (offset_height, offset_width)."""
    with name_scope(None, "crop_to_bounding_box", [image]):
        image, is_batch = _as_batch(image)
        _check_at_least_3d(image)
        batch, height, width, depth = _image_dims(image, 4)
        _static_check(offset_width >= 0, "offset_width must be >= 0.")
        _static_check(offset_height >= 0, "offset_height must be >= 0.")
        _static_check(target_width > 0, "target_width must be > 0.")
        _static_check(target_height > 0, "target_height must be > 0.")
        _static_check(width >= target_width + offset_width, "width must be >= target + offset.")
        _static_check(height >= target_height + offset_height,
                      "height must be >= target + offset.")
        shape = _tf.shape(image)
        cropped = _tf.slice(image, _tf.stack([0, offset_height, offset_width, 0]),
                            _tf.stack([shape[0], target_height, target_width, shape[3]]))
        _set_shape(cropped, [None if _is_tensor(d) else d
                             for d in (batch, target_height, target_width, depth)])
        return _unbatch(cropped, is_batch)


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """Zero-pad to [target_height, target_width] with the image at the offsets."""
    with name_scope(None, "pad_to_bounding_box", [image]):
        image, is_batch = _as_batch(image)
        batch, height, width, depth = _image_dims(image, 4)
        after_width = target_width - offset_width - width
        after_height = target_height - offset_height - height
        _check_at_least_3d(image)
        _static_check(offset_height >= 0, "offset_height must be >= 0")
        _static_check(offset_width >= 0, "offset_width must be >= 0")
        _static_check(after_width >= 0, "width must be <= target - offset")
        _static_check(after_height >= 0, "height must be <= target - offset")
        paddings = _tf.reshape(_tf.stack([0, 0, offset_height, after_height, offset_width,
                                          after_width, 0, 0]), [4, 2])
        padded = _tf.pad(image, paddings)
        _set_shape(padded, [None if _is_tensor(d) else d
                            for d in (batch, target_height, target_width, depth)])
        return _unbatch(padded, is_batch)


def resize_with_crop_or_pad(image, target_height, target_width):
    """Center-crop and/or zero-pad each spatial axis to the target size."""
    with name_scope(None, "resize_image_with_crop_or_pad", [image]):
        image, is_batch = _as_batch(image)
        _check_at_least_3d(image)
        _static_check(target_width > 0, "target_width must be > 0.")
        _static_check(target_height > 0, "target_height must be > 0.")

        def pick(function, tensor_function):
            return lambda x, y: tensor_function(x, y) if _is_tensor(x) or _is_tensor(y) \
                else function(x, y)
        max_, min_ = pick(max, _tf.maximum), pick(min, _tf.minimum)
        _, height, width, _ = _image_dims(image, 4)
        width_diff, height_diff = target_width - width, target_height - height
        cropped = crop_to_bounding_box(image, max_(-height_diff // 2, 0),
                                       max_(-width_diff // 2, 0), min_(target_height, height),
                                       min_(target_width, width))
        resized = pad_to_bounding_box(cropped, max_(height_diff // 2, 0),
                                      max_(width_diff // 2, 0), target_height, target_width)
        return _unbatch(resized, is_batch)


def central_crop(image, central_fraction):
    """The central `central_fraction` of each spatial axis."""
    with name_scope(None, "central_crop", [image]):
        image = _tf.convert_to_tensor(image, name="image")
        fraction = _shape_util.constant_value(central_fraction) \
            if _is_tensor(central_fraction) else central_fraction
        if fraction is None:
            raise ValueError("tensorlite's central_crop needs a constant central_fraction")
        fraction = float(fraction)
        if fraction <= 0.0 or fraction > 1.0:
            raise ValueError("central_fraction must be within (0, 1]")
        if fraction == 1.0:
            return image
        _check_at_least_3d(image)
        rank = image.shape.rank
        if rank not in (3, 4):
            raise ValueError("`image` should either be a Tensor with rank = 3 or rank = 4. "
                             f"Had rank = {rank}.")
        dims = image.shape.as_list()
        h, w = rank - 3, rank - 2
        begin, size = [0] * rank, [-1] * rank
        for axis in (h, w):
            if dims[axis] is None:
                extent = _tf.cast(_tf.shape(image)[axis], _dtypes.float64)
                start = _tf.cast((extent - extent * fraction) / 2, _dtypes.int32)
                begin[axis], size[axis] = start, _tf.shape(image)[axis] - start * 2
            else:
                start = int((float(dims[axis]) - float(dims[axis]) * fraction) / 2)
                begin[axis], size[axis] = start, dims[axis] - start * 2
                dims[axis] = size[axis]
        return _set_shape(_tf.slice(image, _tf.stack(begin), _tf.stack(size)), dims)


def random_crop(value, size, seed=None, name=None):
    """A uniformly placed window of `size` (every dimension of `value` may be cropped)."""
    with name_scope(name, "random_crop", [value, size]) as scope:
        value = _tf.convert_to_tensor(value, name="value")
        size = _tf.convert_to_tensor(size, dtype=_dtypes.int32, name="size")
        shape = _tf.shape(value)
        checked = _tf.debugging.assert_greater_equal(
            shape, size, message="Need value.shape >= size, got ", summarize=1000)
        with _tf.control_dependencies([checked]):
            limit = shape - size + 1
        offset = _tf.random.uniform(_tf.shape(shape), dtype=size.dtype,
                                    maxval=size.dtype.max, seed=seed) % limit
        return _tf.slice(value, offset, size, name=scope)


# ------------------------------------------------------------------ dtypes and colors

def _saturate_cast(value, dtype, name=None):
    """TF's saturate_cast: clamp to the target's range, then cast."""
    dtype = _dtypes.as_dtype(dtype)
    with name_scope(name, "saturate_cast", [value]) as scope:
        low = max(value.dtype.min, dtype.min)
        high = min(value.dtype.max, dtype.max)
        if value.dtype.min < dtype.min or value.dtype.max > dtype.max:
            value = _tf.clip_by_value(value, _tf.cast(low, value.dtype),
                                      _tf.cast(high, value.dtype))
        return _tf.cast(value, dtype, name=scope)


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Convert, rescaling: floats span [0, 1), integers [0, MAX]."""
    image = _tf.convert_to_tensor(image, name="image")
    dtype = _dtypes.as_dtype(dtype)
    if not dtype.is_floating and not dtype.is_integer:
        raise AttributeError("dtype must be either floating point or integer")
    if not image.dtype.is_floating and not image.dtype.is_integer:
        raise AttributeError("image dtype must be either floating point or integer")
    if dtype == image.dtype:
        return _tf.identity(image, name=name)
    cast = _saturate_cast if saturate else _tf.cast
    with name_scope(name, "convert_image", [image]) as name:
        if image.dtype.is_integer and dtype.is_integer:
            scale_in, scale_out = image.dtype.max, dtype.max
            if scale_in > scale_out:
                scale = (scale_in + 1) // (scale_out + 1)
                return cast(_tf.math.floordiv(image, _tf.cast(scale, image.dtype)), dtype,
                            name=name)
            scale = (scale_out + 1) // (scale_in + 1)
            return _tf.multiply(cast(image, dtype), _tf.cast(scale, dtype), name=name)
        if image.dtype.is_floating and dtype.is_floating:
            return _tf.cast(image, dtype, name=name)
        if image.dtype.is_integer:
            return _tf.multiply(_tf.cast(image, dtype), _tf.cast(1.0 / image.dtype.max, dtype),
                                name=name)
        scaled = _tf.multiply(image, _tf.cast(dtype.max + 0.5, image.dtype))
        return cast(scaled, dtype, name=name)


def per_image_standardization(image):
    """(image - mean) / max(stddev, 1/sqrt(num_elements)) per image, in float32."""
    with name_scope(None, "per_image_standardization", [image]) as scope:
        image = _tf.convert_to_tensor(image, name="image")
        _check_at_least_3d(image)
        image = _tf.cast(image, _dtypes.float32)
        num_pixels = _tf.reduce_prod(_tf.shape(image)[-3:])
        mean = _tf.reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
        stddev = _tf.math.reduce_std(image, axis=[-1, -2, -3], keepdims=True)
        adjusted = _tf.maximum(stddev, _tf.math.rsqrt(_tf.cast(num_pixels, _dtypes.float32)))
        return _tf.divide(image - mean, adjusted, name=scope)


def adjust_brightness(image, delta):
    """image + delta, computed in float32 for non-float images and saturated back."""
    with name_scope(None, "adjust_brightness", [image, delta]) as name:
        image = _tf.convert_to_tensor(image, name="image")
        orig_dtype = image.dtype
        flt_image = image if orig_dtype in (_dtypes.float16, _dtypes.float32) else \
            convert_image_dtype(image, _dtypes.float32)
        adjusted = _tf.add(flt_image, _tf.cast(delta, flt_image.dtype), name=name)
        return convert_image_dtype(adjusted, orig_dtype, saturate=True)


def adjust_contrast(images, contrast_factor):
    """(x - mean) * contrast_factor + mean, the mean per channel over height and width."""
    with name_scope(None, "adjust_contrast", [images, contrast_factor]) as name:
        images = _tf.convert_to_tensor(images, name="images")
        orig_dtype = images.dtype
        flt_images = images if orig_dtype in (_dtypes.float16, _dtypes.float32) else \
            convert_image_dtype(images, _dtypes.float32)
        adjusted = _image_ops.adjust_contrastv2(flt_images, contrast_factor, name=name)
        return convert_image_dtype(adjusted, orig_dtype, saturate=True)


def rgb_to_grayscale(images, name=None):
    """The luma (0.2989 R + 0.587 G + 0.114 B) with a channel axis of 1."""
    with name_scope(name, "rgb_to_grayscale", [images]) as name:
        images = _tf.convert_to_tensor(images, name="images")
        orig_dtype = images.dtype
        flt_image = convert_image_dtype(images, _dtypes.float32)
        gray = _tf.tensordot(flt_image, _tf.constant([0.2989, 0.587, 0.114]), [-1, -1])
        return convert_image_dtype(_tf.expand_dims(gray, -1), orig_dtype, name=name)


def grayscale_to_rgb(images, name=None):
    """Repeat the single channel three times."""
    with name_scope(name, "grayscale_to_rgb", [images]) as name:
        images = _tf.convert_to_tensor(images, name="images")
        if images.shape.rank is not None:
            if images.shape.rank < 2:
                raise ValueError("A grayscale image (shape %s) must be at least two-"
                                 "dimensional." % images.shape)
            if images.shape[-1] is not None and images.shape[-1] != 1:
                raise ValueError("Last dimension of a grayscale image should be size 1.")
        rank_1 = _tf.expand_dims(_tf.rank(images) - 1, 0)
        multiples = _tf.concat([_tf.ones(rank_1, dtype=_dtypes.int32),
                                _tf.expand_dims(3, 0)], 0)
        rgb = _tf.tile(images, multiples, name=name)
        if images.shape.rank is not None:
            _set_shape(rgb, images.shape[:-1].concatenate([3]))
        return rgb


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)

