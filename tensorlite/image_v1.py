"""`tf.compat.v1.image`: TF2's tf.image plus TF1's resize family (`resize_images`, whose
`resize` alias takes `align_corners`; `resize_bilinear`, `resize_nearest_neighbor` with
TF1's default of corner-aligned-free, non-half-pixel sampling) and TF1's spellings."""
from tensorlite.image import *  # noqa: F401,F403
from tensorlite.image import ResizeMethod as _ResizeMethodV2
from tensorlite.image import _resize_common, _unsupported_method
from tensorlite.image import resize_with_crop_or_pad, transpose
from tensorlite.ops import image_ops as _image_ops

resize_image_with_crop_or_pad = resize_with_crop_or_pad
transpose_image = transpose


class ResizeMethod:
    """TF1's resize methods (integers)."""
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False,
                  preserve_aspect_ratio=False, name=None):
    """TF1's resize (no half-pixel centers); returns `images` itself when the size is
    statically unchanged. Only bilinear and nearest."""
    def resizer(images_t, new_size):
        if method in (ResizeMethod.BILINEAR, _ResizeMethodV2.BILINEAR):
            return _image_ops.resize_bilinear(images_t, new_size, align_corners=align_corners)
        if method in (ResizeMethod.NEAREST_NEIGHBOR, _ResizeMethodV2.NEAREST_NEIGHBOR):
            return _image_ops.resize_nearest_neighbor(images_t, new_size,
                                                      align_corners=align_corners)
        if method in (ResizeMethod.BICUBIC, ResizeMethod.AREA, _ResizeMethodV2.BICUBIC,
                      _ResizeMethodV2.AREA):
            raise _unsupported_method(method)
        raise ValueError(f"Resize method is not implemented: {method}")
    return _resize_common(images, resizer, size, preserve_aspect_ratio, name,
                          skip_resize_if_same=True)


resize = resize_images


def resize_bilinear(images, size, align_corners=False, name=None, half_pixel_centers=False):
    """The raw ResizeBilinear op (4-D images; float32 result)."""
    return _image_ops.resize_bilinear(images, size, align_corners, half_pixel_centers, name)


def resize_nearest_neighbor(images, size, align_corners=False, name=None,
                            half_pixel_centers=False):
    """The raw ResizeNearestNeighbor op (4-D images; the images' dtype)."""
    return _image_ops.resize_nearest_neighbor(images, size, align_corners,
                                              half_pixel_centers, name)


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
