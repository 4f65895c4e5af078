"""Cases for the FFT ops (tensorlite/ops/spectral_ops.py; see harness.py).

The harness differentiates float inputs and float outputs only, so each case makes its
complex input with a cast and returns the real part (a cast too); complex-valued results
are checked by the "complex" cases and by tests/conformance/test_signal.py.
"""
import numpy as np

import tensorlite.signal  # noqa: F401  (the FFT ops register when tf.signal first loads)
from tests.ops.harness import Case, F, V

_SUFFIX = {1: "", 2: "2d", 3: "3d"}
_Z = (np.arange(24).reshape(2, 3, 4) % 5 - 2 + 1j * (np.arange(24).reshape(2, 3, 4) % 3))


def _complex(tf, x):
    return tf.cast(x, tf.complex64 if x.dtype == tf.float32 else tf.complex128)


def _real(tf, z):
    return tf.cast(z, tf.float32 if z.dtype == tf.complex64 else tf.float64)


def _fft_cases(rank, inverse):
    name = ("ifft" if inverse else "fft") + _SUFFIX[rank]
    numpy_fn = np.fft.ifftn if inverse else np.fft.fftn
    axes = tuple(range(-rank, 0))

    def build(tf, x):
        return _real(tf, getattr(tf.signal, name)(_complex(tf, x)))
    op = name.upper()
    return [
        Case(op, build, lambda x: np.real(numpy_fn(x, axes=axes)).astype(x.dtype),
             [F(2, 3, 4)], grad=2, rtol=1e-4, atol=1e-5),
        Case(op, lambda tf, z: getattr(tf.signal, name)(z),
             lambda z: numpy_fn(z, axes=axes).astype(z.dtype),
             [V(_Z.astype(np.complex64))], rtol=1e-4, atol=1e-5, name="complex"),
    ]


def _real_fft_cases(rank):
    name = "fft" + _SUFFIX[rank]
    axes = tuple(range(-rank, 0))
    crop = [3, 4, 3][-rank:]      # shorter than the input on the outer transformed axes
    pad = [2, 5, 6][-rank:]       # longer than it on the innermost

    def forward(tf, x):
        return _real(tf, getattr(tf.signal, "r" + name)(x, crop[:-1] + pad[-1:]))

    def inverse(tf, x):
        return getattr(tf.signal, "ir" + name)(_complex(tf, x), crop[:-1] + [5])

    def forward_ref(x):
        return np.real(np.fft.rfftn(x, s=crop[:-1] + pad[-1:], axes=axes)).astype(x.dtype)

    def inverse_ref(x):
        return np.fft.irfftn(x, s=crop[:-1] + [5], axes=axes).astype(x.dtype)
    return [
        Case("R" + name.upper(), forward, forward_ref, [F(2, 4, 5, 4)], grad=2,
             rtol=1e-4, atol=1e-5),
        Case("R" + name.upper(), lambda tf, z: getattr(tf.signal, "r" + name)(z),
             lambda z: np.fft.rfftn(z, axes=axes).astype(np.complex64), [F(2, 3, 4)],
             rtol=1e-4, atol=1e-5, name="complex"),
        Case("IR" + name.upper(), inverse, inverse_ref, [F(2, 4, 5, 4)], grad=2,
             rtol=1e-4, atol=1e-5),
    ]


CASES = [case for rank in (1, 2, 3) for inverse in (False, True)
         for case in _fft_cases(rank, inverse)] + \
    [case for rank in (1, 2, 3) for case in _real_fft_cases(rank)]
