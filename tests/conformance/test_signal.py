"""tf.signal: FFTs and their gradients, fftshift, frame/overlap_and_add, windows, STFTs,
mel matrices, MFCCs and DCTs, against NumPy formulas (the same tests run against TF)."""
import numpy as np
import pytest

RNG = np.random.default_rng(0)
X = RNG.uniform(-1, 1, (2, 3, 8)).astype(np.float32)
Z = (RNG.uniform(-1, 1, (2, 4, 6)) + 1j * RNG.uniform(-1, 1, (2, 4, 6))).astype(np.complex64)


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_complex_ffts_match_numpy_and_keep_dtype(tf, rank):
    names = {1: "", 2: "2d", 3: "3d"}
    forward = getattr(tf.signal, "fft" + names[rank])
    inverse = getattr(tf.signal, "ifft" + names[rank])
    axes = tuple(range(-rank, 0))
    out = forward(Z)
    assert out.dtype == tf.complex64
    np.testing.assert_allclose(out.numpy(), np.fft.fftn(Z, axes=axes), rtol=1e-4, atol=1e-5)
    z128 = Z.astype(np.complex128)
    # A NumPy complex128 array converts to the ops' default complex64; a tensor keeps its.
    assert inverse(z128).dtype == tf.complex64
    z128 = tf.constant(z128)
    # TF's complex128 transforms are not accurate to double precision everywhere.
    np.testing.assert_allclose(inverse(z128).numpy(), np.fft.ifftn(z128.numpy(), axes=axes),
                               rtol=1e-6, atol=1e-7)
    assert inverse(z128).dtype == tf.complex128
    assert getattr(tf.compat.v1.spectral, "fft" + names[rank]) is not None


def test_rfft_crops_pads_and_infers_length(tf):
    out = tf.signal.rfft(X)
    assert out.dtype == tf.complex64 and out.shape == (2, 3, 5)
    np.testing.assert_allclose(out.numpy(), np.fft.rfft(X), rtol=1e-4, atol=1e-5)
    for n in (5, 12):
        np.testing.assert_allclose(tf.signal.rfft(X, [n]).numpy(), np.fft.rfft(X, n),
                                   rtol=1e-4, atol=1e-5)
    x64 = X.astype(np.float64)
    assert tf.signal.rfft(x64).dtype == tf.complex64   # as tf.convert_to_tensor prefers
    out = tf.signal.rfft2d(tf.constant(x64), [2, 6])
    assert out.dtype == tf.complex128 and out.shape == (2, 2, 4)
    np.testing.assert_allclose(out.numpy(), np.fft.rfft2(x64, [2, 6]), atol=1e-6)
    np.testing.assert_allclose(tf.signal.rfft3d(tf.constant(x64)).numpy(), np.fft.rfftn(x64),
                               atol=1e-6)


def test_irfft_lengths(tf):
    spectrum = np.fft.rfft(X)
    out = tf.signal.irfft(spectrum.astype(np.complex64))
    assert out.dtype == tf.float32 and out.shape == (2, 3, 8)
    np.testing.assert_allclose(out.numpy(), X, atol=1e-6)
    for n in (5, 7, 14):
        np.testing.assert_allclose(tf.signal.irfft(tf.constant(spectrum), [n]).numpy(),
                                   np.fft.irfft(spectrum, n), atol=1e-6)
    spectrum2 = np.fft.rfft2(X.astype(np.float64))
    np.testing.assert_allclose(tf.signal.irfft2d(tf.constant(spectrum2), [3, 9]).numpy(),
                               np.fft.irfft2(spectrum2, [3, 9]), atol=1e-6)
    spectrum3 = tf.constant(np.fft.rfftn(X.astype(np.float64)))
    np.testing.assert_allclose(tf.signal.irfft3d(spectrum3).numpy(),
                               X, atol=1e-6)


def test_real_fft_errors(tf):
    with pytest.raises(ValueError, match="RFFT requires tf.float32 or tf.float64"):
        tf.signal.rfft(tf.constant([1, 2, 3]))
    with pytest.raises(ValueError, match="IRFFT requires tf.complex64 or tf.complex128"):
        tf.signal.irfft(tf.constant([1.0, 2.0]))


def _numeric_jacobian_vjp(f, x, dy, eps=1e-6):
    grad = np.zeros(x.size)
    for k in range(x.size):
        delta = np.zeros(x.size)
        delta[k] = eps
        delta = delta.reshape(x.shape)
        grad[k] = np.sum((f(x + delta) - f(x - delta)) * dy) / (2 * eps)
    return grad.reshape(x.shape)


def _vjp(tf, f, x, dy):
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = f(xt)
    return tape.gradient(y, xt, output_gradients=tf.constant(dy)).numpy()


@pytest.mark.parametrize("n", [8, 7])
def test_rfft_and_irfft_gradients(tf, n):
    # TF's convention: a complex gradient dy = dL/dRe(y) + i dL/dIm(y).
    x = RNG.uniform(-1, 1, (2, n))
    dy = RNG.uniform(-1, 1, (2, n // 2 + 1)) + 1j * RNG.uniform(-1, 1, (2, n // 2 + 1))
    numeric = _numeric_jacobian_vjp(
        lambda v: np.real(np.fft.rfft(v)) * dy.real + np.imag(np.fft.rfft(v)) * dy.imag, x, 1)
    np.testing.assert_allclose(_vjp(tf, tf.signal.rfft, x, dy), numeric, atol=1e-6)

    # irfft of a spectrum z = re + i im: the gradient is dL/dre + i dL/dim.
    re, im = RNG.uniform(-1, 1, (2, 2, n // 2 + 1))
    g = RNG.uniform(-1, 1, (2, n))
    got = _vjp(tf, lambda z: tf.signal.irfft(z, [n]), re + 1j * im, g)
    np.testing.assert_allclose(got.real, _numeric_jacobian_vjp(
        lambda v: np.fft.irfft(v + 1j * im, n), re, g), atol=1e-6)
    np.testing.assert_allclose(got.imag, _numeric_jacobian_vjp(
        lambda v: np.fft.irfft(re + 1j * v, n), im, g), atol=1e-6)


def test_rfft2d_and_fft2d_gradients(tf):
    x = RNG.uniform(-1, 1, (3, 4))
    dy = RNG.uniform(-1, 1, (3, 3)) + 1j * RNG.uniform(-1, 1, (3, 3))
    numeric = _numeric_jacobian_vjp(
        lambda v: np.real(np.fft.rfft2(v)) * dy.real + np.imag(np.fft.rfft2(v)) * dy.imag,
        x, 1)
    np.testing.assert_allclose(_vjp(tf, tf.signal.rfft2d, x, dy), numeric, atol=1e-6)
    z = x + 1j * RNG.uniform(-1, 1, (3, 4))
    dz = RNG.uniform(-1, 1, (3, 4)) + 1j * RNG.uniform(-1, 1, (3, 4))
    # ifft2d is linear with adjoint fft2d / N.
    np.testing.assert_allclose(_vjp(tf, tf.signal.ifft2d, z, dz), np.fft.fft2(dz) / 12,
                               atol=1e-6)


def test_fftshift(tf):
    x = np.array([0., 1., 2., 3., 4., -5., -4., -3., -2., -1.], np.float32)
    np.testing.assert_array_equal(tf.signal.fftshift(x).numpy(), np.fft.fftshift(x))
    m = np.arange(15.0).reshape(3, 5)
    np.testing.assert_array_equal(tf.signal.ifftshift(m).numpy(), np.fft.ifftshift(m))
    np.testing.assert_array_equal(tf.signal.fftshift(m, axes=1).numpy(),
                                  np.fft.fftshift(m, axes=1))
    np.testing.assert_array_equal(tf.signal.ifftshift(m, axes=[-1, 0]).numpy(),
                                  np.fft.ifftshift(m, axes=(-1, 0)))


def _frames(x, length, step, axis=-1):
    x = np.moveaxis(x, axis, -1)
    count = max(0, 1 + (x.shape[-1] - length) // step)
    out = np.stack([x[..., i * step:i * step + length] for i in range(count)], axis=-2) \
        if count else np.zeros(x.shape[:-1] + (0, length), x.dtype)
    return np.moveaxis(out, (-2, -1), (axis - 1, axis) if axis < 0 else (axis, axis + 1))


def test_frame(tf):
    signal = np.arange(2 * 10, dtype=np.float32).reshape(2, 10)
    out = tf.signal.frame(signal, 4, 3)
    assert out.shape == (2, 3, 4)
    np.testing.assert_array_equal(out.numpy(), _frames(signal, 4, 3))
    padded = tf.signal.frame(signal, 4, 3, pad_end=True, pad_value=-1)
    assert padded.shape == (2, 4, 4)
    np.testing.assert_array_equal(padded.numpy()[:, -1], [[9, -1, -1, -1], [19, -1, -1, -1]])
    cube = np.arange(3 * 7 * 2, dtype=np.float32).reshape(3, 7, 2)
    along1 = tf.signal.frame(cube, 3, 2, axis=1)
    assert along1.shape == (3, 3, 3, 2)
    np.testing.assert_array_equal(along1.numpy(), _frames(cube, 3, 2, axis=1))
    assert tf.signal.frame(signal, 12, 3).shape == (2, 0, 12)


def test_frame_in_a_graph_with_unknown_length(tf):
    graph = tf.Graph()
    with graph.as_default():
        signal = tf.compat.v1.placeholder(tf.float32, [2, None])
        frames = tf.signal.frame(signal, 4, 2, pad_end=True)
        assert frames.shape.as_list() == [2, None, 4]
        with tf.compat.v1.Session() as sess:
            value = sess.run(frames, {signal: np.ones((2, 9), np.float32)})
    assert value.shape == (2, 5, 4)
    assert value.sum() == 2 * (4 + 4 + 4 + 3 + 1)


def test_frame_gradient_and_overlap_and_add(tf):
    signal = tf.constant(RNG.uniform(-1, 1, (10,)))
    with tf.GradientTape() as tape:
        tape.watch(signal)
        frames = tf.signal.frame(signal, 4, 3)
    # Each sample's gradient counts the frames holding it.
    np.testing.assert_array_equal(tf.convert_to_tensor(tape.gradient(frames, signal)).numpy(),
                                  [1, 1, 1, 2, 1, 1, 2, 1, 1, 1])
    frames = RNG.uniform(-1, 1, (2, 3, 5))
    expected = np.zeros((2, 2 * 2 + 5))
    for i in range(3):
        expected[:, 2 * i:2 * i + 5] += frames[:, i]
    np.testing.assert_allclose(tf.signal.overlap_and_add(frames, 2).numpy(), expected)
    np.testing.assert_array_equal(tf.signal.overlap_and_add(frames, 5).numpy(),
                                  frames.reshape(2, 15))
    ft = tf.constant(frames)
    with tf.GradientTape() as tape:
        tape.watch(ft)
        y = tf.signal.overlap_and_add(ft, 2)
    np.testing.assert_array_equal(tape.gradient(y, ft).numpy(), np.ones((2, 3, 5)))


def test_windows(tf):
    n = np.arange(8)
    np.testing.assert_allclose(tf.signal.hann_window(8).numpy(),
                               0.5 - 0.5 * np.cos(2 * np.pi * n / 8), atol=1e-6)
    np.testing.assert_allclose(tf.signal.hann_window(8, periodic=False).numpy(),
                               np.hanning(8), atol=1e-6)
    np.testing.assert_allclose(tf.signal.hamming_window(8, periodic=False,
                                                        dtype=tf.float64).numpy(),
                               np.hamming(8), atol=1e-6)
    np.testing.assert_allclose(tf.signal.kaiser_window(9, beta=4.0).numpy(),
                               np.kaiser(9, 4.0), rtol=1e-5)
    np.testing.assert_allclose(tf.signal.vorbis_window(6).numpy(), np.sin(
        np.pi / 2 * np.sin(np.pi * (np.arange(6) + 0.5) / 6) ** 2), atol=1e-6)
    assert tf.signal.hann_window(1).numpy().tolist() == [1.0]
    assert tf.signal.hamming_window(5, dtype=tf.float64).dtype == tf.float64
    with pytest.raises(ValueError, match="dtype must be a floating point type"):
        tf.signal.hann_window(4, dtype=tf.int32)


def test_stft_and_inverse_stft_round_trip(tf):
    signal = RNG.uniform(-1, 1, (2, 64)).astype(np.float32)
    stfts = tf.signal.stft(signal, frame_length=16, frame_step=4, fft_length=32)
    assert stfts.shape == (2, 13, 17) and stfts.dtype == tf.complex64
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(16) / 16)
    expected = np.fft.rfft(_frames(signal, 16, 4) * window, 32)
    np.testing.assert_allclose(stfts.numpy(), expected, rtol=1e-4, atol=1e-4)
    assert tf.signal.stft(signal, 12, 4).shape == (2, 14, 9)   # fft_length: 16
    window_fn = tf.signal.inverse_stft_window_fn(4)
    restored = tf.signal.inverse_stft(stfts, 16, 4, fft_length=32, window_fn=window_fn)
    assert restored.shape == (2, 64)
    # Samples covered by fewer than frame_length / frame_step frames are not restored.
    np.testing.assert_allclose(restored.numpy()[:, 12:-12], signal[:, 12:-12], atol=1e-5)


def _mel(hz):
    return 1127.0 * np.log(1.0 + hz / 700.0)


def test_linear_to_mel_weight_matrix(tf):
    matrix = tf.signal.linear_to_mel_weight_matrix(4, 9, 8000, 100.0, 3000.0,
                                                   dtype=tf.float64).numpy()
    bins = _mel(np.linspace(0, 4000, 9))[1:, None]
    edges = np.linspace(_mel(100.0), _mel(3000.0), 6)
    lower, center, upper = edges[:-2], edges[1:-1], edges[2:]
    expected = np.maximum(0, np.minimum((bins - lower) / (center - lower),
                                        (upper - bins) / (upper - center)))
    np.testing.assert_allclose(matrix, np.concatenate([np.zeros((1, 4)), expected]),
                               atol=1e-6)
    with pytest.raises(ValueError, match="upper_edge_hertz must not be larger"):
        tf.signal.linear_to_mel_weight_matrix(4, 9, 8000, 100.0, 5000.0)


def _dct2(x, ortho=False):
    n = x.shape[-1]
    k = np.arange(n)
    basis = np.cos(np.pi * (2 * k[None, :] + 1) * k[:, None] / (2 * n))
    out = 2 * x @ basis.T
    if ortho:
        out *= np.where(k == 0, np.sqrt(1 / (4 * n)), np.sqrt(1 / (2 * n)))
    return out


def test_dct_and_idct(tf):
    x = RNG.uniform(-1, 1, (3, 6))
    np.testing.assert_allclose(tf.signal.dct(x).numpy(), _dct2(x), atol=1e-10)
    ortho = tf.signal.dct(x, norm="ortho")
    np.testing.assert_allclose(ortho.numpy(), _dct2(x, True), atol=1e-10)
    np.testing.assert_allclose(tf.signal.idct(ortho, norm="ortho").numpy(), x, atol=1e-10)
    # Unnormalized, idct(dct(x)) is 2N x.
    np.testing.assert_allclose(tf.signal.idct(tf.signal.dct(x)).numpy(), 12 * x, atol=1e-10)
    np.testing.assert_allclose(tf.signal.dct(x, n=4).numpy(), _dct2(x[:, :4]), atol=1e-10)
    np.testing.assert_allclose(tf.signal.dct(x, type=1).numpy(), np.real(
        np.fft.rfft(np.concatenate([x, x[:, -2:0:-1]], -1))), atol=1e-10)
    np.testing.assert_allclose(tf.signal.dct(x, type=4).numpy(),
                               _dct2(np.pad(x, [[0, 0], [0, 6]]))[:, 1::2], atol=1e-10)
    assert tf.signal.dct(x.astype(np.float32)).dtype == tf.float32
    with pytest.raises(ValueError, match="Unknown normalization"):
        tf.signal.dct(x, norm="forward")


def test_mfccs(tf):
    log_mel = RNG.uniform(-1, 1, (2, 5, 8)).astype(np.float32)
    out = tf.signal.mfccs_from_log_mel_spectrograms(log_mel)
    # The unnormalized DCT-II over sqrt(2 N): HTK's scaling, not quite orthonormal.
    np.testing.assert_allclose(out.numpy(), _dct2(log_mel.astype(np.float64)) / np.sqrt(16),
                               atol=1e-5)


def test_v1_spectral_holds_the_ffts_and_dcts_only(tf):
    spectral = tf.compat.v1.spectral
    assert sorted(n for n in dir(spectral) if not n.startswith("_") and n in {
        "dct", "fft", "fft2d", "fft3d", "idct", "ifft", "ifft2d", "ifft3d", "irfft", "irfft2d",
        "irfft3d", "rfft", "rfft2d", "rfft3d", "stft", "frame", "hann_window"}) == [
        "dct", "fft", "fft2d", "fft3d", "idct", "ifft", "ifft2d", "ifft3d", "irfft",
        "irfft2d", "irfft3d", "rfft", "rfft2d", "rfft3d"]
    assert not hasattr(tf.compat.v1.spectral, "stft")
