"""Cases for the string ops (tensorlite/ops/string_ops.py).

The harness compares numbers, so a case with a string result checks it through tf.equal
against the expected strings (a case fails when any element differs)."""
import numpy as np

from tests.ops.harness import Case, K, V


def S(value):
    """A fixed string input (an object array of bytes, as string tensors hold)."""
    return V(np.vectorize(lambda s: s.encode("utf-8"), otypes=[object])(np.asarray(value)),
             "object")


def _equals(expected, build):
    """A case function: 1 where `build`'s string result equals `expected`, else 0."""
    def check(tf, *args):
        return tf.cast(tf.equal(build(tf, *args), expected), tf.int32)
    return check


def _ones(expected):
    return lambda *arrays: np.ones(np.shape(expected), np.int32)


def _string_case(op, build, expected, inputs, **kwargs):
    return Case(op, _equals(expected, build), _ones(expected), inputs, **kwargs)


_WORDS = [["ab", "Cd"], ["é", " x "]]

CASES = [
    _string_case("StringJoin", lambda tf, x, y: tf.strings.join([x, "-", y], separator="|"),
                 [[b"ab|-|1", b"Cd|-|2"], [b"\xc3\xa9|-|3", b" x |-|4"]],
                 [S(_WORDS), S([["1", "2"], ["3", "4"]])]),
    Case("StringLength", lambda tf, x: tf.strings.length(x), lambda x: np.array(
        [[2, 2], [2, 3]], np.int32), [S(_WORDS)]),
    Case("StringLength", lambda tf, x: tf.strings.length(x, unit="UTF8_CHAR"), lambda x:
         np.array([[2, 2], [1, 3]], np.int32), [S(_WORDS)], name="utf8"),
    _string_case("StringLower", lambda tf, x: tf.strings.lower(x, encoding="utf-8"),
                 [[b"ab", b"cd"], [b"\xc3\xa9", b" x "]], [S([["AB", "Cd"], ["É", " X "]])]),
    _string_case("StringUpper", lambda tf, x: tf.strings.upper(x),
                 [[b"AB", b"CD"], [b"\xc3\xa9", b" X "]], [S(_WORDS)]),
    _string_case("StringStrip", lambda tf, x: tf.strings.strip(x),
                 [[b"ab", b"Cd"], [b"\xc3\xa9", b"x"]], [S(_WORDS)]),
    _string_case("Substr", lambda tf, x, p, n: tf.strings.substr(x, p, n),
                 [[b"b", b"Cd"], [b"\xa9", b"x "]],
                 [S(_WORDS), V([[1, 0], [-1, 1]], "int32"), V([[5, 2], [1, -1]], "int32")]),
    _string_case("Substr", lambda tf, x, p, n: tf.strings.substr(x, p, n, unit="UTF8_CHAR"),
                 [[b"b", b"d"], [b"", b" "]], [S(_WORDS), V([1, -1], "int64"),
                                                     V([1, 1], "int64")], name="broadcast"),
    Case("StringToNumber", lambda tf, x: tf.strings.to_number(x), lambda x: np.array(
        [1.5, -2e3, np.inf, 8.0], np.float32), [S([" 1.5", "-2e3 ", "INF", "0x1p3"])]),
    Case("StringToNumber", lambda tf, x: tf.strings.to_number(x, tf.int64), lambda x:
         np.array([7, -9, 12345678901], np.int64), [S(["+7", " -9\n", "12345678901"])],
         name="int64"),
    _string_case("AsString", lambda tf, x: tf.strings.as_string(x, precision=2, width=7,
                                                                fill="0"),
                 [b"0001.50", b"-002.25"], [V([1.5, -2.25], "float32")]),
    _string_case("AsString", lambda tf, x: tf.strings.as_string(x, width=4),
                 [[b"   3", b" -12"]], [V([[3, -12]], "int32")], name="int"),
    Case("RegexFullMatch", lambda tf, x, p: tf.strings.regex_full_match(x, p), lambda x, p:
         np.array([[True, False], [False, False]]), [S(_WORDS), S("a.")]),
    Case("StaticRegexFullMatch", lambda tf, x: tf.strings.regex_full_match(x, r"\s*.\s*"),
         lambda x: np.array([[False, False], [True, True]]), [S(_WORDS)]),
    _string_case("RegexReplace", lambda tf, x, p, r: tf.strings.regex_replace(x, p, r),
                 [[b"<a>b", b"Cd"], [b"\xc3\xa9", b" x "]], [S(_WORDS), S("(a)"), S(r"<\1>")]),
    _string_case("StaticRegexReplace", lambda tf, x: tf.strings.regex_replace(
        x, "[a-z]", "_", replace_global=False), [[b"_b", b"C_"], [b"\xc3\xa9", b" _ "]],
        [S(_WORDS)]),
    _string_case("ReduceJoin", lambda tf, x, axis: tf.strings.reduce_join(
        x, axis, separator=","), [b"ab,\xc3\xa9", b"Cd, x "], [S(_WORDS), K(0)]),
    _string_case("ReduceJoin", lambda tf, x, axis: tf.strings.reduce_join(
        x, axis, keepdims=True), [[b"ab\xc3\xa9Cd x "]], [S(_WORDS), V([0, -1], "int32")],
        name="axes-keepdims"),
]
