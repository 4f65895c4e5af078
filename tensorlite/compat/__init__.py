"""`tf.compat`: the v1 namespace and TF's small compatibility helpers."""
from tensorlite.framework.tensor_shape import dimension_at_index, dimension_value


def as_bytes(bytes_or_text, encoding="utf-8"):
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_text(bytes_or_text, encoding="utf-8"):
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


as_str = as_text


def __getattr__(name):
    # v1 and v2 import the whole package; load them on first use to keep import fast.
    if name == "v1":
        import importlib
        return importlib.import_module("tensorlite.compat.v1")
    if name == "v2":
        import tensorlite
        return tensorlite
    raise AttributeError(f"module 'tensorlite.compat' has no attribute '{name}'")
