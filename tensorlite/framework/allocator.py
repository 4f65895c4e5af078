"""Large arrays kept in the heap between training steps (glibc's malloc, on Linux).

NumPy takes array memory from malloc. By default glibc serves blocks over 128 KiB with mmap
and unmaps them when they are freed, and trims the heap once enough of it is free: a training
step that allocates and frees the same few megabyte-sized arrays then pays page faults for
them on every step, a quarter of an MLP step's time. TF pools its tensor memory in its own
allocator; tensorlite asks glibc to keep blocks up to 32 MiB in the heap and to trim it only
when 256 MiB are free. Peak memory is unchanged; memory freed by a program is returned to
the system later. Set TENSORLITE_TUNE_MALLOC=0 before importing tensorlite to leave malloc
as it is.
"""
import os
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 256 << 20


def tune_malloc():
    """Apply the settings above; True if malloc took them."""
    if os.environ.get("TENSORLITE_TUNE_MALLOC", "1") == "0" or \
            not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes      # (already imported by NumPy: no import cost)
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):   # not glibc (musl has no mallopt to call)
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and \
        bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
