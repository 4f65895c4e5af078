"""The `tf.compat.v1.strings` namespace (TF1's argument names and orders: `keep_dims`,
`string_tensor`, `name` before `unit`), and the TF1 top-level names that tf.compat.v1 gives
string ops (`V1_NAMES`).
"""
from tensorlite.ops.debug_ops import string_format as format  # noqa: A001 (TF's name)
from tensorlite.ops.string_ops import as_string, join, lower, regex_full_match, regex_replace
from tensorlite.ops.string_ops import length_v1 as length
from tensorlite.ops.string_ops import reduce_join_v1 as reduce_join
from tensorlite.ops.string_ops import string_to_number_v1 as to_number
from tensorlite.ops.string_ops import strip, substr_v1 as substr, upper

__all__ = ["as_string", "format", "join", "length", "lower", "reduce_join", "regex_full_match",
           "regex_replace", "strip", "substr", "to_number", "upper"]

# tf.compat.v1.<name> -> the function, for the names this module does not define itself.
V1_NAMES = {
    "string_join": join,
    "string_strip": strip,
    "string_to_number": to_number,
}


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
