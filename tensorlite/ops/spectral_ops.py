"""The FFT ops of `tf.signal` (TF's gen_spectral_ops): kernel, shape rule, gradient.

FFT/IFFT{,2D,3D} transform the inner 1-3 axes of a complex tensor; RFFT{,2D,3D} take a real
tensor and an `fft_length` input, crop or zero-pad the inner axes to it and keep the
non-negative frequencies of the innermost one; IRFFT{,2D,3D} invert that. NumPy (>= 2)
transforms complex64 in single precision, as TF does. Loaded with `tf.signal` only.
"""
import numpy as np

import tensorlite as _tf
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import shape_util
from tensorlite.framework.errors import invalid_argument as _invalid

_COMPLEX = (_dtypes.complex64, _dtypes.complex128)
_REAL = (_dtypes.float32, _dtypes.float64)
_SUFFIX = {1: "", 2: "2D", 3: "3D"}


def _check_rank(array, rank):
    if array.ndim < rank:
        raise _invalid(f"Input must have rank of at least {rank} but got: {array.ndim}")


def _lengths(fft_length, rank):
    lengths = tuple(int(n) for n in np.reshape(fft_length, -1))
    if len(lengths) != rank:
        raise _invalid(f"fft_length must be length {rank} vector, got {len(lengths)}")
    return lengths


# ------------------------------------------------------------------ kernels

def _fft_kernel(rank, inverse):
    transform = np.fft.ifftn if inverse else np.fft.fftn

    def kernel(input, **_):
        _check_rank(input, rank)
        if 0 in input.shape[input.ndim - rank:]:
            return np.zeros(input.shape, input.dtype)
        return transform(input, axes=tuple(range(-rank, 0))).astype(input.dtype, copy=False)
    return kernel


def _rfft_kernel(rank):
    def kernel(input, fft_length, Tcomplex=_dtypes.complex64, **_):
        _check_rank(input, rank)
        lengths = _lengths(fft_length, rank)
        shape = input.shape[:input.ndim - rank] + lengths[:-1] + (lengths[-1] // 2 + 1,)
        if 0 in lengths or 0 in input.shape:
            return np.zeros(shape, Tcomplex.as_numpy_dtype)
        # rfftn crops or zero-pads each inner axis to its length, as TF's kernel does.
        result = np.fft.rfftn(input, s=lengths, axes=tuple(range(-rank, 0)))
        return result.astype(Tcomplex.as_numpy_dtype, copy=False)
    return kernel


def _irfft_kernel(rank):
    def kernel(input, fft_length, Treal=_dtypes.float32, **_):
        _check_rank(input, rank)
        lengths = _lengths(fft_length, rank)
        shape = input.shape[:input.ndim - rank] + lengths
        if 0 in lengths or 0 in input.shape:
            return np.zeros(shape, Treal.as_numpy_dtype)
        # irfftn crops or zero-pads the innermost axis to fft_length[-1] // 2 + 1 and the
        # others to their lengths, and ignores the imaginary parts C2R transforms drop.
        result = np.fft.irfftn(input, s=lengths, axes=tuple(range(-rank, 0)))
        return result.astype(Treal.as_numpy_dtype, copy=False)
    return kernel


# ------------------------------------------------------------------ shape rules

def _fft_shape(rank):
    return lambda inputs, attrs: inputs[0].shape.with_rank_at_least(rank)


def _real_fft_shape(rank, inverse):
    def rule(inputs, attrs):
        shape = inputs[0].shape.with_rank_at_least(rank)
        inputs[1].shape.with_rank_at_most(1)
        value = shape_util.constant_value(inputs[1])
        if value is not None:
            inner = list(_lengths_or_error(value, rank))
            if not inverse:
                inner[-1] = inner[-1] // 2 + 1
        else:
            inner = [None] * rank
        if shape.rank is None:
            return TensorShape(None)
        return TensorShape(shape.as_list()[:shape.rank - rank] + inner)
    return rule


def _lengths_or_error(value, rank):
    lengths = tuple(int(n) for n in np.reshape(value, -1))
    if len(lengths) != rank:
        raise ValueError(f"Dimension must be {rank} but is {len(lengths)} for fft_length")
    return lengths


# ------------------------------------------------------------------ gradients

def _inner_size(tensor, rank, dtype):
    """The number of elements in the inner `rank` axes, as a scalar of `dtype`."""
    inner = tensor.shape[-rank:] if tensor.shape.rank is not None else TensorShape(None)
    if inner.is_fully_defined():
        return _tf.constant(float(np.prod(inner.as_list())), dtype)
    return _tf.cast(_tf.reduce_prod(_tf.shape(tensor)[-rank:]), dtype)


def _fft_grad(rank, inverse):
    # d(FFT x) = FFT dx, and the adjoint of the DFT matrix is N times the inverse DFT.
    def grad(op, dy):
        size = _inner_size(dy, rank, dy.dtype)
        if inverse:
            return [apply(_FFT[rank], (dy,)) / size]
        return [apply(_IFFT[rank], (dy,)) * size]
    return grad


def _hermitian_weights(fft_length, half_length, dtype, doubled):
    """Over the innermost axis of a half spectrum: 1 at the DC and (even length) Nyquist
    terms, which stand for one term of the full spectrum, else 2 (or 1/2 if not doubled)."""
    last = _tf.cast(fft_length[-1], _tf.int32)
    k = _tf.range(half_length)
    single = _tf.logical_or(_tf.equal(k, 0), _tf.logical_and(
        _tf.equal(k, last // 2), _tf.equal(last % 2, 0)))
    other = 2.0 if doubled else 0.5
    return _tf.cast(_tf.where(single, _tf.ones_like(k, _tf.float64) * 1.0,
                              _tf.ones_like(k, _tf.float64) * other), dtype)


def _fit_inner(x, target, rank):
    """Crop or zero-pad the inner `rank` axes of `x` to `target` (the adjoint of the
    cropping or padding the real FFT kernels apply to their input)."""
    static = shape_util.constant_value(target)
    inner = x.shape[-rank:] if x.shape.rank is not None else TensorShape(None)
    if static is not None and inner.is_fully_defined() and \
            tuple(inner.as_list()) == tuple(int(n) for n in static):
        return x
    target = _tf.cast(target, _tf.int32)
    current = _tf.shape(x)[-rank:]
    outer = _tf.rank(x) - rank
    size = _tf.concat([_tf.fill([outer], -1), _tf.minimum(current, target)], 0)
    x = _tf.slice(x, _tf.zeros_like(size), size)
    pad = _tf.concat([_tf.zeros([outer], _tf.int32), _tf.maximum(target - current, 0)], 0)
    return _tf.pad(x, _tf.stack([_tf.zeros_like(pad), pad], axis=1))


def _rfft_grad(rank):
    # The adjoint of "crop/pad, then keep half the spectrum": the terms a half spectrum
    # drops are the conjugates of those it keeps, so N * IRFFT (which counts every kept
    # term but DC/Nyquist twice) of the gradient halved there, then padded/cropped back.
    # TF registers this for RFFT and RFFT2D only, assuming input length == fft_length.
    def grad(op, dy):
        x, fft_length = op.inputs
        half = _tf.shape(dy)[-1]
        weighted = dy * _hermitian_weights(fft_length, half, dy.dtype, doubled=False)
        size = _tf.cast(_tf.reduce_prod(fft_length), x.dtype)
        full = apply(_IRFFT[rank], (weighted, fft_length), {"Treal": x.dtype}) * size
        return [_fit_inner(full, _tf.shape(x)[-rank:], rank), None]
    return grad


def _irfft_grad(rank):
    # IRFFT reads each kept term but DC/Nyquist twice (for it and its conjugate): the
    # adjoint is RFFT of the gradient, doubled there, over N, cropped/padded back.
    def grad(op, dy):
        z, fft_length = op.inputs
        spectrum = apply(_RFFT[rank], (dy, fft_length), {"Tcomplex": z.dtype})
        half = _tf.shape(spectrum)[-1]
        weights = _hermitian_weights(fft_length, half, z.dtype, doubled=True)
        size = _tf.cast(_tf.reduce_prod(fft_length), z.dtype)
        return [_fit_inner(spectrum * weights / size, _tf.shape(z)[-rank:], rank), None]
    return grad


# ------------------------------------------------------------------ records

_FFT, _IFFT, _RFFT, _IRFFT = {}, {}, {}, {}
for _rank in (1, 2, 3):
    _FFT[_rank] = register(OpDef(
        "FFT" + _SUFFIX[_rank], _fft_kernel(_rank, False), _fft_shape(_rank),
        _fft_grad(_rank, False), inputs=("input: Tcomplex",), outputs=("Tcomplex",),
        type_attrs={"Tcomplex": _COMPLEX}))
    _IFFT[_rank] = register(OpDef(
        "IFFT" + _SUFFIX[_rank], _fft_kernel(_rank, True), _fft_shape(_rank),
        _fft_grad(_rank, True), inputs=("input: Tcomplex",), outputs=("Tcomplex",),
        type_attrs={"Tcomplex": _COMPLEX}))
    _RFFT[_rank] = register(OpDef(
        "RFFT" + _SUFFIX[_rank], _rfft_kernel(_rank), _real_fft_shape(_rank, False),
        _rfft_grad(_rank), inputs=("input: Treal", "fft_length: int32"),
        outputs=("Tcomplex",), type_attrs={"Treal": _REAL},
        default_attrs={"Tcomplex": _dtypes.complex64}))
    _IRFFT[_rank] = register(OpDef(
        "IRFFT" + _SUFFIX[_rank], _irfft_kernel(_rank), _real_fft_shape(_rank, True),
        _irfft_grad(_rank), inputs=("input: Tcomplex", "fft_length: int32"),
        outputs=("Treal",), type_attrs={"Tcomplex": _COMPLEX},
        default_attrs={"Treal": _dtypes.float32}))
del _rank


# ------------------------------------------------------------------ public wrappers

def _complex_fft(rank, inverse):
    opdef = (_IFFT if inverse else _FFT)[rank]

    def transform(input, name=None):
        # TF's generated wrapper converts non-tensors to its default Tcomplex, complex64.
        input = _tf.convert_to_tensor(input, dtype_hint=_tf.complex64)
        return apply(opdef, (input,), name=name or opdef.type)
    transform.__name__ = ("i" if inverse else "") + "fft" + _SUFFIX[rank].lower()
    transform.__doc__ = f"The {'inverse ' if inverse else ''}discrete Fourier transform " \
        f"over the inner {rank} axes of a complex64/complex128 tensor."
    return transform


fft, ifft = _complex_fft(1, False), _complex_fft(1, True)
fft2d, ifft2d = _complex_fft(2, False), _complex_fft(2, True)
fft3d, ifft3d = _complex_fft(3, False), _complex_fft(3, True)


def _static_inner(tensor, rank):
    if tensor.shape.rank is None:
        return None
    inner = tensor.shape[-rank:]
    return inner.as_list() if inner.is_fully_defined() else None


def _pad_to(tensor, lengths, rank):
    """Zero-pad the inner axes up to `lengths` (a list of ints or an int32 tensor), as TF's
    wrappers do before the kernel (which then only ever crops)."""
    static_lengths = shape_util.constant_value(lengths) if isinstance(lengths, _tf.Tensor) \
        else np.asarray(lengths)
    inner = _static_inner(tensor, rank)
    if tensor.shape.rank is not None and 0 in [d for d in tensor.shape.as_list()]:
        return tensor
    if static_lengths is not None and inner is not None:
        pads = [max(int(n) - d, 0) for n, d in zip(np.reshape(static_lengths, -1), inner)]
        if not any(pads):
            return tensor
        return _tf.pad(tensor, [[0, 0]] * (tensor.shape.rank - rank) +
                       [[0, p] for p in pads])
    current = _tf.shape(tensor)[-rank:]
    pad = _tf.maximum(0, _tf.cast(lengths, _tf.int32) - current)
    pad = _tf.concat([_tf.zeros([_tf.maximum(0, _tf.rank(tensor) - rank)], _tf.int32), pad], 0)
    return _tf.pad(tensor, _tf.stack([_tf.zeros_like(pad), pad], axis=1))


def _real_fft(rank, inverse):
    opdef = (_IRFFT if inverse else _RFFT)[rank]
    default_name = ("irfft" if inverse else "rfft") + _SUFFIX[rank].lower()

    def transform(input_tensor, fft_length=None, name=None):
        with name_scope(name, default_name, [input_tensor, fft_length]) as scope:
            # As in TF, a NumPy float64/complex128 array converts to the preferred dtype.
            preferred = _tf.complex64 if inverse else _tf.float32
            input_tensor = _tf.convert_to_tensor(input_tensor, dtype_hint=preferred)
            allowed = _COMPLEX if inverse else _REAL
            if input_tensor.dtype not in allowed:
                kind = "IRFFT requires tf.complex64 or tf.complex128" if inverse else \
                    "RFFT requires tf.float32 or tf.float64"
                raise ValueError(f"{kind} inputs, got: {input_tensor}")
            input_tensor.shape.with_rank_at_least(rank)
            if fft_length is None:
                fft_length = _infer_length(input_tensor, rank, inverse)
            else:
                fft_length = _tf.convert_to_tensor(fft_length, _tf.int32)
            kept = fft_length
            if inverse:   # the innermost axis holds fft_length[-1] // 2 + 1 terms
                kept = _tf.concat([fft_length[:-1], fft_length[-1:] // 2 + 1], 0)
            input_tensor = _pad_to(input_tensor, kept, rank)
            if inverse:
                attrs = {"Treal": input_tensor.dtype.real_dtype}
            else:
                attrs = {"Tcomplex": _tf.complex64 if input_tensor.dtype == _tf.float32
                         else _tf.complex128}
            return apply(opdef, (input_tensor, fft_length), attrs, name=scope)
    transform.__name__ = default_name
    transform.__doc__ = f"The {'inverse ' if inverse else ''}real-input DFT over the inner " \
        f"{rank} axes; `fft_length` defaults to the input's inner shape" + \
        (" (innermost: 2 * (n - 1))." if inverse else ".")
    return transform


def _infer_length(tensor, rank, inverse):
    inner = _static_inner(tensor, rank)
    if inner is not None:
        if inverse and inner:
            inner[-1] = max(0, 2 * (inner[-1] - 1))
        return _tf.constant(inner, _tf.int32)
    lengths = _tf.shape(tensor)[-rank:]
    if inverse:
        last = _tf.maximum(0, 2 * (lengths[-1:] - 1))
        lengths = _tf.concat([lengths[:-1], last], 0)
    return lengths


rfft, irfft = _real_fft(1, False), _real_fft(1, True)
rfft2d, irfft2d = _real_fft(2, False), _real_fft(2, True)
rfft3d, irfft3d = _real_fft(3, False), _real_fft(3, True)
