"""`tf.compat.v1.spectral`: TF1's FFT namespace (the FFTs and the DCTs of tf.signal)."""
from tensorlite.signal import (dct, fft, fft2d, fft3d, idct, ifft, ifft2d, ifft3d,  # noqa: F401
                               irfft, irfft2d, irfft3d, rfft, rfft2d, rfft3d)

__all__ = ["dct", "fft", "fft2d", "fft3d", "idct", "ifft", "ifft2d", "ifft3d", "irfft",
           "irfft2d", "irfft3d", "rfft", "rfft2d", "rfft3d"]


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
