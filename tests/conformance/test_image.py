"""tf.image and tf.compat.v1.image: resizing (TF2 half-pixel centers, TF1 align_corners),
flips, rotations, crops and pads, dtype conversion, brightness, contrast and grayscale."""
import numpy as np
import pytest

IMAGE = np.arange(2 * 5 * 4 * 2, dtype=np.float32).reshape(2, 5, 4, 2)


def test_resize_bilinear_uses_half_pixel_centers(tf):
    out = tf.image.resize(IMAGE, [3, 7])
    assert out.dtype == tf.float32 and out.shape == (2, 3, 7, 2)
    np.testing.assert_allclose(out.numpy()[0, :, 0, 0], [2.6666665, 16.0, 29.333332],
                               rtol=1e-6)
    np.testing.assert_allclose(out.numpy()[0, 1, :, 0], [16., 16.714287, 17.857143, 19.,
                                                         20.142857, 21.285715, 22.], rtol=1e-6)


def test_resize_nearest_keeps_dtype_and_3d_images(tf):
    out = tf.image.resize(IMAGE[0].astype(np.int32), [7, 3], method="nearest")
    assert out.dtype == tf.int32 and out.shape == (7, 3, 2)
    np.testing.assert_array_equal(out.numpy()[:, :, 0], [[0, 4, 6], [8, 12, 14], [8, 12, 14],
                                                         [16, 20, 22], [24, 28, 30],
                                                         [24, 28, 30], [32, 36, 38]])
    assert tf.image.resize(IMAGE.astype(np.uint8), [5, 4]).dtype == tf.float32
    assert tf.image.ResizeMethod.NEAREST_NEIGHBOR == "nearest"


def test_resize_errors(tf):
    with pytest.raises(ValueError, match="must have either 3 or 4 dimensions"):
        tf.image.resize(IMAGE[0, :, :, 0], [2, 2])
    with pytest.raises(ValueError, match="1-D Tensor of 2 elements"):
        tf.image.resize(IMAGE, [2, 2, 2])
    with pytest.raises(ValueError, match="Resize method is not implemented: foo"):
        tf.image.resize(IMAGE, [2, 2], method="foo")
    with pytest.raises(tf.errors.InvalidArgumentError, match="align_corners must be False"):
        tf.compat.v1.image.resize_bilinear(IMAGE, [2, 2], align_corners=True,
                                           half_pixel_centers=True)
    with pytest.raises(tf.errors.InvalidArgumentError, match="output dimensions must be"):
        tf.compat.v1.image.resize_bilinear(IMAGE, [0, 2])


def test_resize_preserve_aspect_ratio(tf):
    out = tf.image.resize(np.zeros([1, 5, 5, 1], np.float32), [10, 20],
                          preserve_aspect_ratio=True)
    assert out.shape == (1, 10, 10, 1)


def test_v1_resize_images_align_corners_and_same_size(tf):
    v1 = tf.compat.v1.image
    out = v1.resize_images(IMAGE, [3, 7], align_corners=True)
    np.testing.assert_allclose(out.numpy()[0, :, :, 0],
                               [[0, 1, 2, 3, 4, 5, 6], [16, 17, 18, 19, 20, 21, 22],
                                [32, 33, 34, 35, 36, 37, 38]], rtol=1e-6)
    assert v1.ResizeMethod.NEAREST_NEIGHBOR == 1 and v1.resize is not None
    same = v1.resize_images(IMAGE.astype(np.uint8), [5, 4])   # returned as it is
    assert same.dtype == tf.uint8
    legacy = v1.resize_bilinear(IMAGE, [3, 7]).numpy()
    np.testing.assert_allclose(legacy[0, :, 0, 0], [0, 13.333333, 26.666666], rtol=1e-6)
    nearest = v1.resize_nearest_neighbor(IMAGE, [2, 2], align_corners=True)
    np.testing.assert_array_equal(nearest.numpy()[0, :, :, 0], [[0, 6], [32, 38]])


def test_resize_gradients(tf):
    x = tf.constant(IMAGE)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        bilinear = tf.image.resize(x, [3, 7])
        nearest = tf.image.resize(x, [7, 3], method="nearest")
    grad = tape.gradient(bilinear, x).numpy()
    np.testing.assert_allclose(grad[0, :, 0, 0], [1.1428571, 0.5714285, 1.7142856, 0.5714288,
                                                  1.1428568], rtol=1e-5)
    np.testing.assert_allclose(grad.sum(), 2 * 3 * 7 * 2, rtol=1e-5)
    counts = tape.gradient(nearest, x).numpy()[0, :, :, 0]
    np.testing.assert_array_equal(counts, [[1, 0, 1, 1], [2, 0, 2, 2], [1, 0, 1, 1],
                                           [2, 0, 2, 2], [1, 0, 1, 1]])


def test_resize_in_graph_has_static_shape(tf):
    with tf.Graph().as_default():
        images = tf.compat.v1.placeholder(tf.float32, [None, None, None, 3])
        out = tf.image.resize(images, [4, 6])
        assert out.shape.as_list() == [None, 4, 6, 3]
        with tf.compat.v1.Session() as sess:
            value = sess.run(out, {images: np.ones([2, 3, 3, 3], np.float32)})
        np.testing.assert_allclose(value, np.ones([2, 4, 6, 3]))


def test_flips_rot90_transpose(tf):
    image = IMAGE[0]
    np.testing.assert_array_equal(tf.image.flip_left_right(image).numpy(), image[:, ::-1])
    np.testing.assert_array_equal(tf.image.flip_up_down(IMAGE).numpy(), IMAGE[:, ::-1])
    np.testing.assert_array_equal(tf.image.transpose(IMAGE).numpy(),
                                  IMAGE.transpose(0, 2, 1, 3))
    for k in range(-1, 5):
        np.testing.assert_array_equal(tf.image.rot90(image, k).numpy(),
                                      np.rot90(image, k, axes=(0, 1)))
    np.testing.assert_array_equal(tf.image.rot90(IMAGE, tf.constant(3)).numpy(),
                                  np.rot90(IMAGE, 3, axes=(1, 2)))
    with pytest.raises(ValueError, match="must be at least three-dimensional"):
        tf.image.flip_left_right(np.ones([2, 3]))


def test_random_flips(tf):
    image = IMAGE[0]
    for seed in range(5):
        out = tf.image.random_flip_left_right(image, seed=seed).numpy()
        assert np.array_equal(out, image) or np.array_equal(out, image[:, ::-1])
    batch = np.repeat(IMAGE[:1], 40, axis=0)
    out = tf.image.random_flip_up_down(batch, seed=3).numpy()
    flipped = [np.array_equal(o, batch[0, ::-1]) for o in out]
    kept = [np.array_equal(o, batch[0]) for o in out]
    assert all(f or k for f, k in zip(flipped, kept)) and 0 < sum(flipped) < 40


def test_crops_and_pads(tf):
    image = IMAGE[0]
    np.testing.assert_array_equal(tf.image.crop_to_bounding_box(image, 1, 1, 3, 2).numpy(),
                                  image[1:4, 1:3])
    padded = tf.image.pad_to_bounding_box(IMAGE, 1, 2, 7, 7).numpy()
    assert padded.shape == (2, 7, 7, 2)
    np.testing.assert_array_equal(padded[:, 1:6, 2:6], IMAGE)
    assert padded.sum() == IMAGE.sum()
    np.testing.assert_array_equal(tf.image.central_crop(image, 0.5).numpy(), image[1:4, 1:3])
    out = tf.image.resize_with_crop_or_pad(image, 3, 6).numpy()
    np.testing.assert_array_equal(out[:, 1:5], image[1:4])
    assert out[:, 0].sum() == out[:, 5].sum() == 0
    with pytest.raises(ValueError, match="height must be >= target \\+ offset"):
        tf.image.crop_to_bounding_box(image, 1, 1, 5, 2)
    with pytest.raises(ValueError, match="width must be <= target - offset"):
        tf.image.pad_to_bounding_box(image, 1, 1, 6, 2)
    with pytest.raises(ValueError, match="central_fraction must be within"):
        tf.image.central_crop(image, 1.5)


def test_random_crop(tf):
    image = IMAGE[0]
    for function in (tf.image.random_crop, tf.compat.v1.random_crop):
        out = function(image, [3, 2, 2], seed=7).numpy()
        windows = [image[i:i + 3, j:j + 2] for i in range(3) for j in range(3)]
        assert any(np.array_equal(out, w) for w in windows)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.image.random_crop(image, [6, 2, 2])


def test_convert_image_dtype(tf):
    values = np.array([0.5, 1.2, -0.1], np.float32)
    np.testing.assert_array_equal(
        tf.image.convert_image_dtype(values, tf.uint8, saturate=True).numpy(), [127, 255, 0])
    np.testing.assert_allclose(
        tf.image.convert_image_dtype(np.array([0, 255], np.uint8), tf.float32).numpy(), [0, 1])
    np.testing.assert_array_equal(
        tf.image.convert_image_dtype(np.array([255, 1], np.uint8), tf.int16).numpy(),
        [32640, 128])
    np.testing.assert_array_equal(
        tf.image.convert_image_dtype(np.array([32767, 300], np.int16), tf.uint8).numpy(),
        [255, 2])
    with pytest.raises(AttributeError, match="dtype must be either floating point or integer"):
        tf.image.convert_image_dtype(values, tf.string)


def test_standardization_brightness_contrast(tf):
    out = tf.image.per_image_standardization(IMAGE).numpy()
    np.testing.assert_allclose(out.mean(axis=(1, 2, 3)), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=(1, 2, 3)), 1, rtol=1e-4)
    flat = tf.image.per_image_standardization(np.full([2, 2, 1], 3, np.uint8))
    assert flat.dtype == tf.float32 and np.all(flat.numpy() == 0)
    bright = tf.image.adjust_brightness(np.array([[[250, 10]]], np.uint8), 0.1).numpy()
    np.testing.assert_array_equal(bright, [[[255, 35]]])
    contrast = tf.image.adjust_contrast(IMAGE, 2.0).numpy()
    mean = IMAGE.mean(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(contrast, (IMAGE - mean) * 2 + mean, rtol=1e-5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="input must be at least 3-D"):
        tf.image.adjust_contrast(np.ones([2, 3], np.float32), 2.0)
    x = tf.constant(IMAGE)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.image.adjust_contrast(x, 2.0)
    with pytest.raises(LookupError):   # TF registers no gradient for AdjustContrastv2
        tape.gradient(y, x)


def test_grayscale(tf):
    rgb = np.array([[[10, 200, 30], [255, 255, 255]]], np.uint8)
    gray = tf.image.rgb_to_grayscale(rgb)
    assert gray.dtype == tf.uint8 and gray.shape == (1, 2, 1)
    np.testing.assert_array_equal(gray.numpy()[..., 0], [[124, 255]])
    back = tf.image.grayscale_to_rgb(gray).numpy()
    assert back.shape == (1, 2, 3) and np.all(back == gray.numpy())
    with pytest.raises(ValueError, match="Last dimension of a grayscale image"):
        tf.image.grayscale_to_rgb(tf.constant(rgb))


def test_namespaces(tf):
    v1 = tf.compat.v1.image
    for name in ("resize_images", "resize_bilinear", "resize_nearest_neighbor",
                 "transpose_image", "resize_image_with_crop_or_pad"):
        assert hasattr(v1, name) and not hasattr(tf.image, name), name
    assert not hasattr(tf, "random_crop") and hasattr(tf.compat.v1, "random_crop")
