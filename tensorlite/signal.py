"""`tf.signal` (also served as `tf.compat.v1.signal` and `tf.compat.v1.spectral`): FFTs,
framing, windows, STFTs, mel matrices, MFCCs and DCTs.

The FFTs are ops (tensorlite/ops/spectral_ops.py); everything else is built from public ops
as TF builds it, so its gradients come from theirs. Where TF uses tf.complex/tf.math.real,
this uses casts, which mean the same for a zero imaginary part and a real part.
"""
import math as _math

import numpy as _np

import tensorlite as _tf
from tensorlite.framework.scopes import name_scope as _name_scope
from tensorlite.ops import shape_util as _shape_util
from tensorlite.ops.spectral_ops import (fft, fft2d, fft3d, ifft, ifft2d, ifft3d,  # noqa: F401
                                         irfft, irfft2d, irfft3d, rfft, rfft2d, rfft3d)

__all__ = ["fft", "fft2d", "fft3d", "ifft", "ifft2d", "ifft3d", "rfft", "rfft2d", "rfft3d",
           "irfft", "irfft2d", "irfft3d", "fftshift", "ifftshift", "frame", "overlap_and_add",
           "hann_window", "hamming_window", "kaiser_window", "vorbis_window", "stft",
           "inverse_stft", "inverse_stft_window_fn", "linear_to_mel_weight_matrix",
           "mfccs_from_log_mel_spectrograms", "dct", "idct"]


def _static(value):
    """A Python int/float/array if `value` is known while building, else None."""
    if isinstance(value, _tf.Tensor):
        known = _shape_util.constant_value(value)
        return None if known is None else known.item() if known.ndim == 0 else known
    return value


def _shift(x, axes, sign, name, default_name):
    with _name_scope(name, default_name, [x]) as scope:
        x = _tf.convert_to_tensor(x)
        if axes is None:
            axes = tuple(range(x.shape.ndims))
            shift = _tf.shape(x) // 2
        elif isinstance(axes, int):
            shift = _tf.shape(x)[axes] // 2
        else:
            axes = _tf.convert_to_tensor(axes, _tf.int32)
            axes = _tf.where(_tf.less(axes, 0), axes + _tf.rank(x), axes)
            shift = _tf.gather(_tf.shape(x), axes) // 2
        return _tf.roll(x, shift * sign, axes, name=scope)


def fftshift(x, axes=None, name=None):
    """Roll the zero-frequency term to the center of `axes` (all by default)."""
    return _shift(x, axes, 1, name, "fftshift")


def ifftshift(x, axes=None, name=None):
    """The inverse of fftshift (one sample apart from it on odd lengths)."""
    return _shift(x, axes, -1, name, "ifftshift")


# ------------------------------------------------------------------ framing

def _frame_shape(signal, frame_length, frame_step, pad_end, axis):
    """The static shape TF's frame sets on its result."""
    if signal.shape.ndims is None:
        return None
    shape = signal.shape.as_list()
    length = shape[axis]
    num_frames = None
    if length is not None and frame_step is not None:
        if pad_end:
            num_frames = max(0, -(-length // frame_step))
        elif frame_length is not None:
            num_frames = max(0, (length - frame_length + frame_step) // frame_step)
    return shape[:axis] + [num_frames, frame_length] + shape[axis:][1:]


def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None):
    """Slide a `frame_length` window by `frame_step` along `axis`: [..., frames, length, ...].

    Differs from TF: `axis` must be known while building (TF also takes a computed one), and
    the frames are one gather of window indices rather than TF's subframe reshapes.
    """
    with _name_scope(name, "frame", [signal, frame_length, frame_step, pad_value]):
        signal = _tf.convert_to_tensor(signal, name="signal")
        signal.shape.with_rank_at_least(1)
        frame_length = _tf.convert_to_tensor(frame_length, name="frame_length")
        frame_step = _tf.convert_to_tensor(frame_step, name="frame_step")
        frame_length.shape.assert_has_rank(0)
        frame_step.shape.assert_has_rank(0)
        axis = _static(axis)
        if axis is None:
            raise NotImplementedError("tensorlite's tf.signal.frame needs an axis known "
                                      "while building, not a computed tensor")
        axis = int(axis)
        length_static, step_static = _static(frame_length), _static(frame_step)
        result_shape = _frame_shape(signal, length_static, step_static, pad_end, axis)
        rank = signal.shape.ndims
        if rank is not None:
            axis = range(rank)[axis]   # raises IndexError for an axis out of range, as TF
        samples = _tf.shape(signal, out_type=frame_length.dtype)[axis]
        if pad_end:
            pad_value = _tf.convert_to_tensor(pad_value, signal.dtype)
            pad_value.shape.assert_has_rank(0)
            num_frames = -(-samples // frame_step)
            pad = _tf.maximum(0, frame_length + frame_step * (num_frames - 1) - samples)
            signal = _tf.pad(signal, _axis_paddings(signal, axis, pad),
                             constant_values=pad_value)
        else:
            num_frames = _tf.maximum(_tf.constant(0, frame_length.dtype),
                                     1 + (samples - frame_length) // frame_step)
        starts = _tf.range(num_frames, dtype=frame_length.dtype) * frame_step
        offsets = _tf.range(frame_length, dtype=frame_length.dtype)
        indices = _tf.expand_dims(starts, 1) + _tf.expand_dims(offsets, 0)
        frames = _tf.gather(signal, indices, axis=axis)
        if result_shape is not None:
            frames.set_shape(result_shape)
        return frames


def _axis_paddings(signal, axis, pad):
    """Paddings adding `pad` samples at the end of `axis` only."""
    pad = _tf.cast(pad, _tf.int32)
    rank = signal.shape.ndims
    if rank is not None:
        rows = [[0, 0]] * rank
        rows[axis] = _tf.stack([0, pad])
        return _tf.stack([_tf.convert_to_tensor(row, _tf.int32) if isinstance(row, list)
                          else row for row in rows])
    rank = _tf.rank(signal)
    position = _tf.where(axis < 0, axis + rank, axis)
    after = _tf.one_hot(position, rank, dtype=_tf.int32) * pad
    return _tf.stack([_tf.zeros_like(after), after], axis=1)


def overlap_and_add(signal, frame_step, name=None):
    """Sum frames [..., frames, frame_length] placed `frame_step` apart into one signal."""
    with _name_scope(name, "overlap_and_add", [signal, frame_step]):
        signal = _tf.convert_to_tensor(signal, name="signal")
        signal.shape.with_rank_at_least(2)
        frame_step = _tf.convert_to_tensor(frame_step, name="frame_step")
        frame_step.shape.assert_has_rank(0)
        if not frame_step.dtype.is_integer:
            raise ValueError(f"frame_step must be an integer. Got {frame_step.dtype}")
        step_static = _static(frame_step)
        if step_static is not None:
            frame_step = int(step_static)
        signal_shape = _tf.shape(signal)
        if signal.shape.is_fully_defined():
            signal_shape = _np.array(signal.shape.as_list(), _np.int32)
        outer_dimensions = signal_shape[:-2]
        outer_rank = _tf.size(outer_dimensions) if signal.shape.ndims is None \
            else signal.shape.ndims - 2

        def full_shape(inner_shape):
            return _tf.concat([outer_dimensions, inner_shape], 0)

        frame_length, frames = signal_shape[-1], signal_shape[-2]
        output_length = frame_length + frame_step * (frames - 1)
        if step_static is not None and signal.shape.ndims is not None and \
                frame_step == signal.shape.as_list()[-1]:
            return _tf.reshape(signal, full_shape([output_length]), name="fast_path")
        # Pad each frame to `segments` blocks of frame_step and the frame axis by
        # `segments`; flattening [segments, frames + segments] and cutting one row per
        # segment shifts segment s by s frames, so a sum over segments overlaps them.
        segments = -(-frame_length // frame_step)
        paddings = _tf.concat([_tf.zeros([outer_rank, 2], _tf.int32), _tf.cast(
            _tf.stack([[0, segments], [0, segments * frame_step - frame_length]]),
            _tf.int32)], 0)
        signal = _tf.pad(signal, paddings)
        signal = _tf.reshape(signal, full_shape([frames + segments, segments, frame_step]))
        perm = _tf.concat([_tf.range(outer_rank), outer_rank + _tf.constant([1, 0, 2])], 0)
        if isinstance(outer_rank, int):
            perm = list(range(outer_rank)) + [outer_rank + 1, outer_rank, outer_rank + 2]
        signal = _tf.transpose(signal, perm)
        signal = _tf.reshape(signal, full_shape([(frames + segments) * segments, frame_step]))
        signal = signal[..., :(frames + segments - 1) * segments, :]
        signal = _tf.reshape(signal, full_shape([segments, frames + segments - 1, frame_step]))
        signal = _tf.reduce_sum(signal, -3)
        signal = _tf.reshape(signal, full_shape([(frames + segments - 1) * frame_step]))
        return signal[..., :output_length]


# ------------------------------------------------------------------ windows

def _window_length(window_length, dtype):
    dtype = _tf.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Found {dtype}")
    window_length = _tf.convert_to_tensor(window_length, _tf.int32, name="window_length")
    window_length.shape.assert_has_rank(0)
    return window_length, dtype


def _raised_cosine_window(name, default_name, window_length, periodic, dtype, a, b):
    with _name_scope(name, default_name, [window_length, periodic]):
        window_length, dtype = _window_length(window_length, dtype)
        length_static = _static(window_length)
        if length_static == 1:
            return _tf.ones([1], dtype=dtype)
        periodic = _tf.cast(_tf.convert_to_tensor(periodic, _tf.bool, name="periodic"),
                            _tf.int32)
        periodic.shape.assert_has_rank(0)
        even = 1 - window_length % 2
        # A periodic window is the symmetric one of length N + 1 without its last sample.
        n = _tf.cast(window_length + periodic * even - 1, dtype)
        count = _tf.cast(_tf.range(window_length), dtype)
        cos_arg = _tf.constant(2 * _np.pi, dtype) * count / n
        if length_static is not None:
            return _tf.cast(a - b * _tf.cos(cos_arg), dtype)
        return _tf.cond(_tf.equal(window_length, 1),
                        lambda: _tf.ones([window_length], dtype=dtype),
                        lambda: _tf.cast(a - b * _tf.cos(cos_arg), dtype))


def hann_window(window_length, periodic=True, dtype=_tf.float32, name=None):
    """0.5 - 0.5 cos(2 pi n / N): N = window_length if periodic, else window_length - 1."""
    return _raised_cosine_window(name, "hann_window", window_length, periodic, dtype, 0.5, 0.5)


def hamming_window(window_length, periodic=True, dtype=_tf.float32, name=None):
    """0.54 - 0.46 cos(2 pi n / N): N = window_length if periodic, else window_length - 1."""
    return _raised_cosine_window(name, "hamming_window", window_length, periodic, dtype,
                                 0.54, 0.46)


def kaiser_window(window_length, beta=12.0, dtype=_tf.float32, name=None):
    """I0(beta sqrt(1 - (2n / (N - 1) - 1)^2)) / I0(beta), through bessel_i0e as TF."""
    with _name_scope(name, "kaiser_window", []):
        window_length, dtype = _window_length(window_length, dtype)
        if _static(window_length) == 1:
            return _tf.ones([1], dtype=dtype)
        halflen_float = (_tf.cast(window_length, _tf.float32) - 1.0) / 2.0
        arg = _tf.cast(_tf.range(-halflen_float, halflen_float + 0.1, dtype=_tf.float32),
                       dtype)
        beta = _tf.cast(beta, dtype)
        one = _tf.cast(1.0, dtype)
        halflen_float = _tf.cast(halflen_float, dtype)
        num = beta * _tf.sqrt(_tf.nn.relu(one - _tf.square(arg / halflen_float)))
        return _tf.exp(num - beta) * (_tf.math.bessel_i0e(num) / _tf.math.bessel_i0e(beta))


def vorbis_window(window_length, dtype=_tf.float32, name=None):
    """sin(pi / 2 sin^2(pi (n + 0.5) / N)), the Vorbis power-complementary window."""
    with _name_scope(name, "vorbis_window", []):
        window_length, dtype = _window_length(window_length, dtype)
        arg = _tf.cast(_tf.range(window_length), dtype)
        return _tf.sin(_np.pi / 2.0 * _tf.pow(
            _tf.sin(_np.pi / _tf.cast(window_length, dtype) * (arg + 0.5)), 2.0))


# ------------------------------------------------------------------ STFT

def _enclosing_power_of_two(value):
    known = _static(value)
    if known is not None:
        return _tf.constant(int(2 ** _np.ceil(_np.log(known) / _np.log(2.0))), value.dtype)
    return _tf.cast(_tf.pow(2.0, _tf.math.ceil(
        _tf.math.log(_tf.cast(value, _tf.float32)) / _tf.math.log(2.0))), value.dtype)


def stft(signals, frame_length, frame_step, fft_length=None, window_fn=hann_window,
         pad_end=False, name=None):
    """rfft of windowed frames: [..., frames, fft_length // 2 + 1]; fft_length defaults to
    the smallest power of 2 enclosing frame_length."""
    with _name_scope(name, "stft", [signals, frame_length, frame_step]):
        signals = _tf.convert_to_tensor(signals, name="signals")
        signals.shape.with_rank_at_least(1)
        frame_length = _tf.convert_to_tensor(frame_length, name="frame_length")
        frame_length.shape.assert_has_rank(0)
        frame_step = _tf.convert_to_tensor(frame_step, name="frame_step")
        frame_step.shape.assert_has_rank(0)
        if fft_length is None:
            fft_length = _enclosing_power_of_two(frame_length)
        else:
            fft_length = _tf.convert_to_tensor(fft_length, name="fft_length")
        framed = frame(signals, frame_length, frame_step, pad_end=pad_end)
        if window_fn is not None:
            framed *= window_fn(frame_length, dtype=framed.dtype)
        return rfft(framed, _tf.reshape(fft_length, [1]))


def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """A window_fn for inverse_stft that undoes `forward_window_fn`'s overlapped sum."""
    def inverse_stft_window_fn_inner(frame_length, dtype):
        with _name_scope(name, "inverse_stft_window_fn", []):
            step = _tf.convert_to_tensor(frame_step, name="frame_step")
            step.shape.assert_has_rank(0)
            frame_length = _tf.convert_to_tensor(frame_length, name="frame_length")
            frame_length.shape.assert_has_rank(0)
            forward_window = forward_window_fn(frame_length, dtype=dtype)
            denom = _tf.square(forward_window)
            overlaps = -(-frame_length // step)
            denom = _tf.pad(denom, _tf.reshape(_tf.stack([0, overlaps * step - frame_length]),
                                               [1, 2]))
            denom = _tf.reshape(denom, _tf.stack([overlaps, step]))
            denom = _tf.reduce_sum(denom, 0, keepdims=True)
            denom = _tf.tile(denom, _tf.stack([overlaps, 1]))
            denom = _tf.reshape(denom, _tf.reshape(overlaps * step, [1]))
            denom = denom[:frame_length]
            return _tf.where(_tf.equal(denom, 0.0), _tf.zeros_like(forward_window),
                             forward_window / denom)
    return inverse_stft_window_fn_inner


def inverse_stft(stfts, frame_length, frame_step, fft_length=None, window_fn=hann_window,
                 name=None):
    """irfft of each frame, cropped/padded to frame_length, windowed and overlap-added."""
    with _name_scope(name, "inverse_stft", [stfts]):
        stfts = _tf.convert_to_tensor(stfts, name="stfts")
        stfts.shape.with_rank_at_least(2)
        frame_length = _tf.convert_to_tensor(frame_length, name="frame_length")
        frame_length.shape.assert_has_rank(0)
        frame_step = _tf.convert_to_tensor(frame_step, name="frame_step")
        frame_step.shape.assert_has_rank(0)
        if fft_length is None:
            fft_length = _enclosing_power_of_two(frame_length)
        else:
            fft_length = _tf.convert_to_tensor(fft_length, name="fft_length")
            fft_length.shape.assert_has_rank(0)
        real_frames = irfft(stfts, _tf.reshape(fft_length, [1]))
        length_static = _static(frame_length)
        inner = real_frames.shape.as_list()[-1] if real_frames.shape.ndims is not None \
            else None
        if length_static is None or inner is None:
            real_frames = real_frames[..., :frame_length]
            pad = _tf.maximum(0, frame_length - _tf.shape(real_frames)[-1])
            paddings = _tf.concat([
                _tf.zeros([_tf.rank(real_frames) - 1, 2], frame_length.dtype),
                _tf.reshape(_tf.stack([_tf.zeros_like(pad), pad]), [1, 2])], 0)
            real_frames = _tf.pad(real_frames, paddings)
        elif inner > length_static:
            real_frames = real_frames[..., :length_static]
        elif inner < length_static:
            real_frames = _tf.pad(real_frames, [[0, 0]] * (real_frames.shape.ndims - 1) +
                                  [[0, length_static - inner]])
        if length_static is not None and real_frames.shape.ndims is not None:
            real_frames.set_shape([None] * (real_frames.shape.ndims - 1) + [length_static])
        if window_fn is not None:
            real_frames *= window_fn(frame_length, dtype=stfts.dtype.real_dtype)
        return overlap_and_add(real_frames, frame_step)


# ------------------------------------------------------------------ mel, MFCC, DCT

_MEL_BREAK_FREQUENCY_HERTZ = 700.0
_MEL_HIGH_FREQUENCY_Q = 1127.0


def _hertz_to_mel(frequencies_hertz):
    return _MEL_HIGH_FREQUENCY_Q * _tf.math.log(1.0 + frequencies_hertz /
                                                _MEL_BREAK_FREQUENCY_HERTZ)


def linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, sample_rate=8000,
                                lower_edge_hertz=125.0, upper_edge_hertz=3800.0,
                                dtype=_tf.float32, name=None):
    """[num_spectrogram_bins, num_mel_bins] triangular filters, HTK mel scale; the DC bin
    gets no weight."""
    with _name_scope(name, "linear_to_mel_weight_matrix", []) as scope:
        dtype = _tf.as_dtype(dtype)
        if isinstance(sample_rate, _tf.Tensor):
            known = _static(sample_rate)
            if known is not None:
                sample_rate = known
        _validate_mel(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz, dtype)
        sample_rate = _tf.cast(sample_rate, dtype, name="sample_rate")
        lower_edge_hertz = _tf.convert_to_tensor(lower_edge_hertz, dtype)
        upper_edge_hertz = _tf.convert_to_tensor(upper_edge_hertz, dtype)
        zero = _tf.convert_to_tensor(0.0, dtype)
        nyquist_hertz = sample_rate / 2.0
        # The DC bin (index 0) is left out and padded back as a zero row below.
        linear_frequencies = _tf.linspace(zero, nyquist_hertz, num_spectrogram_bins)[1:]
        spectrogram_bins_mel = _tf.expand_dims(_hertz_to_mel(linear_frequencies), 1)
        band_edges_mel = frame(_tf.linspace(_hertz_to_mel(lower_edge_hertz),
                                            _hertz_to_mel(upper_edge_hertz),
                                            num_mel_bins + 2), frame_length=3, frame_step=1)
        lower_edge_mel, center_mel, upper_edge_mel = (
            _tf.reshape(t, [1, num_mel_bins]) for t in _tf.split(band_edges_mel, 3, axis=1))
        lower_slopes = (spectrogram_bins_mel - lower_edge_mel) / (center_mel - lower_edge_mel)
        upper_slopes = (upper_edge_mel - spectrogram_bins_mel) / (upper_edge_mel - center_mel)
        weights = _tf.maximum(zero, _tf.minimum(lower_slopes, upper_slopes))
        return _tf.pad(weights, [[1, 0], [0, 0]], name=scope)


def _validate_mel(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz, dtype):
    if num_mel_bins <= 0:
        raise ValueError(f"num_mel_bins must be positive. Got: {num_mel_bins}")
    if lower_edge_hertz < 0.0:
        raise ValueError(f"lower_edge_hertz must be non-negative. Got: {lower_edge_hertz}")
    if lower_edge_hertz >= upper_edge_hertz:
        raise ValueError("lower_edge_hertz %.1f >= upper_edge_hertz %.1f"
                         % (lower_edge_hertz, upper_edge_hertz))
    if not isinstance(sample_rate, _tf.Tensor):
        if sample_rate <= 0.0:
            raise ValueError(f"sample_rate must be positive. Got: {sample_rate}")
        if upper_edge_hertz > sample_rate / 2:
            raise ValueError("upper_edge_hertz must not be larger than the Nyquist frequency "
                             f"(sample_rate / 2). Got {upper_edge_hertz} for sample_rate: "
                             f"{sample_rate}")
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Got: {dtype}")


def mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None):
    """The orthonormal DCT-II of log-mel spectrograms over their innermost axis (HTK's)."""
    with _name_scope(name, "mfccs_from_log_mel_spectrograms", [log_mel_spectrograms]):
        log_mel = _tf.convert_to_tensor(log_mel_spectrograms)
        if log_mel.shape.ndims and log_mel.shape.as_list()[-1] is not None:
            num_mel_bins = log_mel.shape.as_list()[-1]
            if num_mel_bins == 0:
                raise ValueError(f"num_mel_bins must be positive. Got: {log_mel}")
        else:
            num_mel_bins = _tf.shape(log_mel)[-1]
        dct2 = dct(log_mel, type=2)
        return dct2 * _tf.math.rsqrt(_tf.cast(num_mel_bins, dct2.dtype) * 2.0)


def _validate_dct(input_tensor, dct_type, n, axis, norm):
    if axis != -1:
        raise NotImplementedError(f"axis must be -1. Got: {axis}")
    if n is not None and n < 1:
        raise ValueError("n should be a positive integer or None")
    if dct_type not in (1, 2, 3, 4):
        raise ValueError("Types I, II, III and IV (I)DCT are supported.")
    if dct_type == 1:
        if norm == "ortho":
            raise ValueError("Normalization is not supported for the Type-I DCT.")
        last = input_tensor.shape[-1] if input_tensor.shape.ndims else None
        if last is not None and last < 2:
            raise ValueError("Type-I DCT requires the dimension to be greater than one.")
    if norm not in (None, "ortho"):
        raise ValueError(f"Unknown normalization. Expected None or 'ortho', got: {norm}")


def dct(input, type=2, n=None, axis=-1, norm=None, name=None):
    """The DCT of types I-IV over the innermost axis, through rfft/irfft as TF computes it."""
    input = _tf.convert_to_tensor(input)
    _validate_dct(input, type, n, axis, norm)
    return _dct(input, type, n, norm, name)


def idct(input, type=2, n=None, axis=-1, norm=None, name=None):
    """The inverse DCT: the DCT of the inverse type (unscaled unless norm='ortho')."""
    input = _tf.convert_to_tensor(input)
    _validate_dct(input, type, n, axis, norm)
    return _dct(input, {1: 1, 2: 3, 3: 2, 4: 4}[type], n, norm, name)


def _inner_length(tensor):
    static = tensor.shape.as_list()[-1] if tensor.shape.ndims else None
    return static if static else _tf.shape(tensor)[-1]


def _dct(input, type, n, norm, name):
    with _name_scope(name, "dct", [input]):
        real_dtype = input.dtype
        complex_dtype = _tf.complex64 if real_dtype == _tf.float32 else _tf.complex128
        if n is not None:
            seq_len = _inner_length(input)
            if isinstance(seq_len, int) and n > seq_len:
                input = _tf.pad(input, [[0, 0]] * (input.shape.ndims - 1) + [[0, n - seq_len]])
            elif isinstance(seq_len, int):
                input = input[..., 0:n]
            else:
                input = _tf.cond(n <= seq_len, lambda: input[..., 0:n], lambda: _tf.pad(
                    input, _tf.concat([_tf.zeros([_tf.rank(input) - 1, 2], _tf.int32),
                                       [[0, n - seq_len]]], 0)))
        axis_dim = _inner_length(input)
        axis_dim_float = _tf.cast(axis_dim, real_dtype)
        if type == 1:
            dct1_input = _tf.concat([input, input[..., -2:0:-1]], axis=-1)
            return _tf.cast(rfft(dct1_input), real_dtype)
        if type == 2:
            # X_k = Re(2 e^{-i pi k / 2N} RFFT_{2N}(x)_k): the DCT-II through a 2N-point FFT.
            scale = 2.0 * _phase(axis_dim, axis_dim_float, -1.0, complex_dtype)
            spectrum = rfft(input, fft_length=_tf.reshape(2 * axis_dim, [1]))
            dct2 = _tf.cast(spectrum[..., :axis_dim] * scale, real_dtype)
            if norm == "ortho":
                n1 = 0.5 * _tf.math.rsqrt(axis_dim_float)
                n2 = n1 * _math.sqrt(2.0)
                dct2 *= _tf.pad(_tf.expand_dims(n1, 0), _tf.reshape(
                    _tf.stack([0, axis_dim - 1]), [1, 2]), constant_values=n2)
            return dct2
        if type == 3:
            if norm == "ortho":
                n1 = _tf.sqrt(axis_dim_float)
                n2 = n1 * _math.sqrt(0.5)
                input *= _tf.pad(_tf.expand_dims(n1, 0), _tf.reshape(
                    _tf.stack([0, axis_dim - 1]), [1, 2]), constant_values=n2)
            else:
                input *= axis_dim_float
            scale = 2.0 * _phase(axis_dim, axis_dim_float, 1.0, complex_dtype)
            frames = irfft(scale * _tf.cast(input, complex_dtype),
                           fft_length=_tf.reshape(2 * axis_dim, [1]))
            return frames[..., :axis_dim]
        dct2 = _dct(input, 2, 2 * axis_dim, None, None)
        dct4 = dct2[..., 1::2]
        if norm == "ortho":
            dct4 *= _math.sqrt(0.5) * _tf.math.rsqrt(axis_dim_float)
        return dct4


def _phase(axis_dim, axis_dim_float, sign, complex_dtype):
    """exp(sign * i * pi * k / (2 N)) for k < N (TF: exp(complex(0, ...)))."""
    angle = _tf.range(axis_dim_float) * (sign * _math.pi * 0.5) / axis_dim_float
    return _tf.exp(_tf.cast(angle, complex_dtype) * _tf.constant(1j, complex_dtype))
