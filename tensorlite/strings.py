"""The `tf.strings` namespace (dense string tensors only); TF1's spellings are in
strings_v1.py.

Loaded lazily: the string ops register when this module is first imported. Left out: the
ops that return RaggedTensors (split, bytes_split, unicode_decode, unicode_split, ngrams),
unicode_encode/transcode/script, unsorted_segment_join, and the hash-bucket ops (TF's
FarmHash Fingerprint64, SipHash and Hash64 are not reproduced here).
"""
from tensorlite.ops.debug_ops import string_format as format  # noqa: A001 (TF's name)
from tensorlite.ops.string_ops import (as_string, join, length, lower, reduce_join,
                                       regex_full_match, regex_replace, strip, substr,
                                       to_number, upper)

__all__ = ["as_string", "format", "join", "length", "lower", "reduce_join", "regex_full_match",
           "regex_replace", "strip", "substr", "to_number", "upper"]


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
