"""Cases for the image ops (tensorlite/ops/image_ops.py; see harness.py).

ResizeBilinear's output is float32 whatever its input, so finite differences in float64
cannot check it: its gradient is checked as the ResizeBilinearGrad case instead, against a
NumPy adjoint built from the same per-pixel reference (the transpose of its matrix).
"""
import numpy as np

import tensorlite.image  # noqa: F401  (the image ops register when tf.image first loads)
from tests.ops.harness import Case, F, I, K


def _source(out_size, in_size, align_corners, half_pixel, nearest):
    """TF's source coordinate of every output index (image_resizer_state.h)."""
    if align_corners and out_size > 1:
        scale = np.float32(in_size - 1) / np.float32(out_size - 1)
    else:
        scale = np.float32(in_size) / np.float32(out_size)
    x = np.arange(out_size, dtype=np.float32)
    if half_pixel:
        return (x + np.float32(0.5)) * scale - (0 if nearest else np.float32(0.5))
    return x * scale


def _bilinear_matrix(out_size, in_size, align_corners=False, half_pixel=False):
    matrix = np.zeros((out_size, in_size))
    for i, src in enumerate(_source(out_size, in_size, align_corners, half_pixel, False)):
        low = int(np.floor(src))
        lerp = float(src) - low
        matrix[i, min(max(low, 0), in_size - 1)] += 1 - lerp
        matrix[i, min(low + 1, in_size - 1) if lerp else max(low, 0)] += lerp
    return matrix


def _nearest_matrix(out_size, in_size, align_corners=False, half_pixel=False):
    matrix = np.zeros((out_size, in_size))
    for i, src in enumerate(_source(out_size, in_size, align_corners, half_pixel, True)):
        index = int(np.floor(src + 0.5)) if align_corners else int(np.floor(src))
        matrix[i, max(min(index, in_size - 1), 0)] = 1
    return matrix


def _resize(matrix_fn, size, dtype=None, **kwargs):
    def reference(x):
        rows = matrix_fn(size[0], x.shape[1], **kwargs)
        cols = matrix_fn(size[1], x.shape[2], **kwargs)
        out = np.einsum("yh,nhwc,xw->nyxc", rows, x.astype(np.float64), cols)
        return out.astype(dtype or x.dtype)
    return reference


def _resize_adjoint(matrix_fn, shape, **kwargs):
    def reference(dy):
        rows = matrix_fn(dy.shape[1], shape[1], **kwargs)
        cols = matrix_fn(dy.shape[2], shape[2], **kwargs)
        return np.einsum("yh,nyxc,xw->nhwc", rows, dy.astype(np.float64), cols).astype(dy.dtype)
    return reference


def _vjp(tf, f, x, dy):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x, output_gradients=dy)


def _contrast(x, factor):
    mean = x.mean(axis=(-3, -2), keepdims=True, dtype=np.float64)
    return ((x - mean) * factor + mean).astype(x.dtype)


_V1 = "compat.v1.image"
CASES = [
    Case("ResizeBilinear", lambda tf, x: tf.image.resize(x, [3, 7]),
         _resize(_bilinear_matrix, (3, 7), half_pixel=True), [F(2, 5, 4, 2)],
         unknown_rank=False),   # TF: "'images' contains no shape."
    Case("ResizeBilinear", lambda tf, x: tf.compat.v1.image.resize_bilinear(
        x, [6, 3], align_corners=True), _resize(_bilinear_matrix, (6, 3), align_corners=True),
         [F(1, 4, 5, 3)], name="align-corners"),
    Case("ResizeBilinear", lambda tf, x: tf.compat.v1.image.resize_bilinear(x, [2, 9]),
         _resize(_bilinear_matrix, (2, 9), "float32"), [I(2, 3, 4, 1, high=255, dtype="uint8")],
         name="legacy-uint8"),
    Case("ResizeBilinearGrad", lambda tf, x, dy: _vjp(
        tf, lambda t: tf.image.resize(t, [3, 7]), x, dy),
         lambda x, dy: _resize_adjoint(_bilinear_matrix, x.shape, half_pixel=True)(dy),
         [F(2, 5, 4, 2), F(2, 3, 7, 2)], unknown_rank=False),
    Case("ResizeBilinearGrad", lambda tf, x, dy: _vjp(
        tf, lambda t: tf.compat.v1.image.resize_bilinear(t, [7, 2], align_corners=True), x, dy),
         lambda x, dy: _resize_adjoint(_bilinear_matrix, x.shape, align_corners=True)(dy),
         [F(1, 3, 5, 2), F(1, 7, 2, 2)], name="align-corners"),
    Case("ResizeNearestNeighbor", lambda tf, x: tf.image.resize(x, [7, 3], method="nearest"),
         _resize(_nearest_matrix, (7, 3), half_pixel=True), [F(2, 5, 4, 2)], grad=1,
         unknown_rank=False),
    Case("ResizeNearestNeighbor", lambda tf, x: tf.compat.v1.image.resize_nearest_neighbor(
        x, [5, 2], align_corners=True), _resize(_nearest_matrix, (5, 2), align_corners=True),
         [F(1, 3, 4, 1)], grad=1, name="align-corners"),
    Case("ResizeNearestNeighbor", lambda tf, x: tf.compat.v1.image.resize_nearest_neighbor(
        x, [3, 8]), _resize(_nearest_matrix, (3, 8)), [I(1, 4, 3, 2, high=99)],
         name="legacy-int32"),
    Case("ResizeNearestNeighborGrad", lambda tf, x, dy: _vjp(
        tf, lambda t: tf.image.resize(t, [7, 3], method="nearest"), x, dy),
         lambda x, dy: _resize_adjoint(_nearest_matrix, x.shape, half_pixel=True)(dy),
         [F(2, 5, 4, 2), F(2, 7, 3, 2)], unknown_rank=False),
    Case("AdjustContrastv2", lambda tf, x: tf.image.adjust_contrast(x, 1.7),
         lambda x: _contrast(x, 1.7), [F(2, 3, 4, 3)], rtol=1e-5, atol=1e-5),
]
