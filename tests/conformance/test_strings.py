"""tf.strings on dense string tensors: values (bytes), dtypes, static shapes, TF's errors,
the graph op types and the TF1 spellings in tf.compat.v1."""
import numpy as np
import pytest

WORDS = [["ab", "Cd"], ["é", " x "]]


def _values(tensor):
    return np.asarray(tensor.numpy()).tolist()


def test_join_broadcasts_scalars_and_checks_shapes(tf):
    joined = tf.strings.join([tf.constant(WORDS), "z"], separator="-")
    assert joined.dtype == tf.string and joined.shape == (2, 2)
    assert _values(joined) == [[b"ab-z", b"Cd-z"], [b"\xc3\xa9-z", b" x -z"]]
    assert tf.strings.join(["a", "b"]).numpy() == b"ab"
    assert tf.strings.join([]).numpy() == b""
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Input shapes do not match: "
                       r"\[2,2\] vs. \[2\]"):
        tf.strings.join([tf.constant(WORDS), tf.constant(["a", "b"])])


def test_length_units(tf):
    assert _values(tf.strings.length(WORDS)) == [[2, 2], [2, 3]]
    by_char = tf.strings.length(WORDS, unit="UTF8_CHAR")
    assert by_char.dtype == tf.int32 and _values(by_char) == [[2, 2], [1, 3]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'unit' of \"X\""):
        tf.strings.length(WORDS, unit="X")


def test_lower_upper_strip(tf):
    assert _values(tf.strings.lower(["AbÉ"])) == [b"ab\xc3\x89"]        # ASCII only
    assert _values(tf.strings.lower(["AbÉ"], encoding="utf-8")) == [b"ab\xc3\xa9"]
    assert _values(tf.strings.upper(["abé"])) == [b"AB\xc3\xa9"]
    assert _values(tf.strings.upper(["abé"], encoding="utf-8")) == [b"AB\xc3\x89"]
    with pytest.raises(tf.errors.InvalidArgumentError, match="only utf-8 or '' "):
        tf.strings.lower(["a"], encoding="latin1")
    assert _values(tf.strings.strip([" \t a b \n", "\x0b\x0cx\r"])) == [b"a b", b"x"]


def test_substr_positions_units_and_errors(tf):
    assert _values(tf.strings.substr(["hello", "ab"], 1, 3)) == [b"ell", b"b"]
    assert _values(tf.strings.substr(["hello", "ab"], -2, 3)) == [b"lo", b"ab"]
    assert _values(tf.strings.substr(["hello", "ab"], [1, 0], [2, 5])) == [b"el", b"ab"]
    assert tf.strings.substr("hello", 5, 1).numpy() == b""
    assert tf.strings.substr("hello", 1, -1).numpy() == b"ello"
    assert _values(tf.strings.substr(["héllo"], 1, 2, unit="UTF8_CHAR")) == [b"\xc3\xa9l"]
    # pos and len of another shape broadcast against the input.
    assert _values(tf.strings.substr([["hello", "abc"], ["a", "b"]], [1, 0], [1, 2])) == \
        [[b"e", b"ab"], [b"", b"b"]]
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"pos 3 out of range for string b'ab' at index 1"):
        tf.strings.substr(["hello", "ab"], 3, 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="pos -6 out of range"):
        tf.strings.substr("hello", -6, 1)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"pos 7 out of range for string at index 0"):
        tf.strings.substr(["héllo"], 7, 2, unit="UTF8_CHAR")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"pos and len should have the "
                       r"same shape, got: \[3\] vs. \[\]"):
        tf.strings.substr(["hello", "abc"], [1, 2, 3], 1)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Incompatible shapes: \[3\] vs. \[2\]"):
        tf.strings.substr(["hello", "abc", "x"], [1, 2], [1, 2])


def test_to_number(tf):
    floats = tf.strings.to_number(["1.5", " 2", "1e3", "inf", "-nan", "0x10", ".5", "5.", "+2"])
    assert floats.dtype == tf.float32
    np.testing.assert_array_equal(floats.numpy(),
                                  [1.5, 2, 1000, np.inf, np.nan, 16, 0.5, 5, 2])
    assert tf.strings.to_number(["1e400"], tf.float64).numpy()[0] == np.inf
    ints = tf.strings.to_number(["1", "-3", " 4 ", "+5", "\t7\n", "-2147483648"], tf.int32)
    assert ints.dtype == tf.int32 and _values(ints) == [1, -3, 4, 5, 7, -2147483648]
    assert _values(tf.strings.to_number(["4294967295"], tf.uint32)) == [4294967295]
    for text, out_type in [("1.5", tf.int32), ("abc", tf.float32), ("1,5", tf.float32),
                           ("2147483648", tf.int32), ("1e3", tf.int32), ("0x10", tf.int64),
                           ("-1", tf.uint32), ("1_0", tf.float32), ("", tf.float64)]:
        with pytest.raises(tf.errors.InvalidArgumentError, match="StringToNumberOp could not "
                           f"correctly convert string: {text}"):
            tf.strings.to_number([text], out_type)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Value for attr 'out_type' of "
                       "uint8 is not in the list of allowed values"):
        tf.strings.to_number(["1"], tf.uint8)


def test_as_string_formats(tf):
    x = tf.constant([1.5, -2.25, 1e10, 3.0])
    assert _values(tf.strings.as_string(x)) == \
        [b"1.500000", b"-2.250000", b"10000000000.000000", b"3.000000"]
    assert _values(tf.strings.as_string(x, precision=2)) == \
        [b"1.50", b"-2.25", b"10000000000.00", b"3.00"]
    assert _values(tf.strings.as_string(x, precision=3, scientific=True)) == \
        [b"1.500e+00", b"-2.250e+00", b"1.000e+10", b"3.000e+00"]
    assert _values(tf.strings.as_string(x, shortest=True)) == [b"1.5", b"-2.25", b"1e+10", b"3"]
    assert _values(tf.strings.as_string(tf.constant([1.5, -1.5], tf.float64), fill="0",
                                        width=7, precision=1)) == [b"00001.5", b"-0001.5"]
    assert _values(tf.strings.as_string([1, -22], width=5, fill="0")) == [b"00001", b"-0022"]
    assert _values(tf.strings.as_string([1, -22], width=5)) == [b"    1", b"  -22"]
    assert _values(tf.strings.as_string([True, False], width=6)) == [b"true", b"false"]
    assert _values(tf.strings.as_string(tf.constant([1 + 2j]))) == [b"(1.000000,2.000000)"]
    assert _values(tf.strings.as_string(tf.constant(["a"]), width=3)) == [b"  a"]
    assert _values(tf.strings.as_string(tf.constant([1.0, np.nan, np.inf], tf.float64))) == \
        [b"1.000000", b"nan", b"inf"]
    for kwargs, message in [({"scientific": True, "shortest": True}, "Cannot select both"),
                            ({"fill": "ab"}, "Fill string must be one or fewer characters"),
                            ({"fill": "*"}, 'Fill argument not supported: "\\*"')]:
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            tf.strings.as_string(x, **kwargs)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="precision not supported for datatype int32"):
        tf.strings.as_string([1], precision=2)


def test_regex_full_match_and_replace(tf):
    matched = tf.strings.regex_full_match(["abc", "ab", "xabc", "aéc"], "a.c")
    assert matched.dtype == tf.bool and _values(matched) == [True, False, False, True]
    assert _values(tf.strings.regex_full_match(["abc"], tf.constant("a.*"))) == [True]
    assert _values(tf.strings.regex_replace(["aaa b", "ab"], "a", "x")) == [b"xxx b", b"xb"]
    assert _values(tf.strings.regex_replace(["aaa b"], "a", "x", replace_global=False)) == \
        [b"xaa b"]
    # RE2's rewrite: \0 is the whole match.
    assert _values(tf.strings.regex_replace(["abc"], "(b)(c)", r"\2\1-\0")) == [b"acb-bc"]
    assert _values(tf.strings.regex_replace(["abc"], tf.constant("b"), "x")) == [b"axc"]
    assert _values(tf.strings.regex_replace(["abc"], "", "-")) == [b"-a-b-c-"]
    assert _values(tf.strings.regex_replace(["abc"], "$", "-")) == [b"abc-"]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Invalid pattern: \(a"):
        tf.strings.regex_full_match(["abc"], "(a")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Invalid pattern: \(a"):
        tf.strings.regex_replace(["abc"], "(a", "x")


def test_reduce_join_axes_order_and_errors(tf):
    x = tf.constant([["a", "b", "c"], ["d", "e", "f"]])
    assert tf.strings.reduce_join(x).numpy() == b"abcdef"
    assert _values(tf.strings.reduce_join(x, axis=0, separator=".")) == [b"a.d", b"b.e", b"c.f"]
    kept = tf.strings.reduce_join(x, axis=-1, keepdims=True)
    assert kept.shape == (2, 1) and _values(kept) == [[b"abc"], [b"def"]]
    # The axes reduce in the order given: the first listed varies fastest.
    assert tf.strings.reduce_join(x, axis=[0, 1]).numpy() == b"adbecf"
    assert tf.strings.reduce_join(x, axis=[1, 0]).numpy() == b"abcdef"
    assert _values(tf.strings.reduce_join(tf.zeros([2, 0], tf.string), axis=1)) == [b"", b""]
    assert tf.strings.reduce_join("abc").numpy() == b"abc"
    with pytest.raises(tf.errors.OutOfRangeError, match="Invalid reduction dimension 2 for "
                       r"input with 2 dimension\(s\)"):
        tf.strings.reduce_join(x, axis=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Duplicate reduction dimension 0"):
        tf.strings.reduce_join(x, axis=[0, 0])


def test_format_and_string_equality(tf):
    text = tf.strings.format("x={} y={}", [tf.constant([1, 2]), tf.constant("s")])
    assert text.numpy() == b'x=[1 2] y="s"'
    assert _values(tf.equal(tf.constant(["ab", "c"]), "ab")) == [True, False]
    assert _values(tf.not_equal(tf.constant(["ab", "c"]), tf.constant(["ab", "d"]))) == \
        [False, True]


def test_graph_op_types_and_static_shapes(tf):
    with tf.Graph().as_default():
        batch = tf.compat.v1.placeholder(tf.string, [None, 3])
        assert tf.strings.regex_replace(["abc"], "b", "x").op.type == "StaticRegexReplace"
        assert tf.strings.regex_replace(["abc"], tf.constant("b"), "x").op.type == \
            "RegexReplace"
        assert tf.strings.regex_full_match(["abc"], "b").op.type == "StaticRegexFullMatch"
        assert tf.strings.regex_full_match(["a"], tf.constant("b")).op.type == "RegexFullMatch"
        assert tf.strings.join(["a", "b"]).op.type == "StringJoin"
        assert tf.strings.to_number(["1"], tf.int64).op.get_attr("out_type") == tf.int64
        unit = tf.strings.length(["a"], unit="UTF8_CHAR").op.get_attr("unit")
        assert tf.compat.as_bytes(unit) == b"UTF8_CHAR"
        assert tf.strings.reduce_join(batch, 1).shape.as_list() == [None]
        assert tf.strings.reduce_join(batch, 1, keepdims=True).shape.as_list() == [None, 1]
        assert tf.strings.reduce_join(batch).shape.as_list() == []
        other = tf.compat.v1.placeholder(tf.string, [2, None])
        assert tf.strings.join([batch, other]).shape.as_list() == [2, 3]
        assert tf.strings.substr(batch, [1, 2, 3], [1, 2, 3]).shape.as_list() == [None, 3]
        with tf.compat.v1.Session() as sess:
            joined = sess.run(tf.strings.reduce_join(batch, 1, separator=","),
                              {batch: [["a", "b", "c"]]})
        assert joined.tolist() == [b"a,b,c"]


def test_inside_tf_function(tf):
    @tf.function
    def shout(words):
        return tf.strings.join([tf.strings.upper(words), "!"])

    assert _values(shout(tf.constant(["hi", "yo"]))) == [b"HI!", b"YO!"]


def test_v1_names(tf):
    v1 = tf.compat.v1
    x = tf.constant([["a", "b"], ["c", "d"]])
    assert v1.string_join(["a", "b"], separator=" ").numpy() == b"a b"
    assert _values(v1.reduce_join(x, 0, keep_dims=True)) == [[b"ac", b"bd"]]
    assert _values(v1.reduce_join(x, reduction_indices=1)) == [b"ab", b"cd"]
    assert _values(v1.strings.reduce_join(x, axis=1, keep_dims=True)) == [[b"ab"], [b"cd"]]
    assert _values(v1.string_to_number(string_tensor=["3"], out_type=tf.int32)) == [3]
    assert _values(v1.strings.to_number(input=["2.5"])) == [2.5]
    assert _values(v1.substr(["hello"], 1, 2)) == [b"el"]
    assert _values(v1.strings.length(["héllo"], None, "UTF8_CHAR")) == [5]
    assert v1.as_string(7).numpy() == b"7"
    assert _values(v1.regex_replace(["ab"], "a", "c")) == [b"cb"]
    assert v1.string_strip(" a ").numpy() == b"a"
