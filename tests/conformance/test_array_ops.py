"""Conformance: array ops (TF 2.21 as the oracle): concat/split/slice/pad/... values, graph
op types and names, error types and messages, gather/scatter/where/sort semantics, and
their gradients (IndexedSlices for gather)."""
import numpy as np
import pytest


def _top_k(tf):
    return tf.math.top_k


def _segment_sum(tf):
    return tf.math.unsorted_segment_sum


def _eq(t, expected, dtype=None):
    value = t.numpy() if hasattr(t, "numpy") else t
    np.testing.assert_allclose(value, np.asarray(expected), rtol=1e-6)
    if dtype is not None:
        assert t.dtype == dtype, (t.dtype, dtype)


X23 = [[1., 2., 3.], [4., 5., 6.]]


# ------------------------------------------------------------------ concat / stack / split

def test_concat_values_and_axis_forms(tf):
    x = tf.constant(X23)
    _eq(tf.concat([x, x], 0), np.concatenate([X23, X23], 0), tf.float32)
    _eq(tf.concat([x, x], -1), np.concatenate([X23, X23], 1))
    _eq(tf.concat([x, x], tf.constant(1, tf.int64)), np.concatenate([X23, X23], 1))
    _eq(tf.concat([[1, 2], [3]], 0), [1, 2, 3], tf.int32)
    _eq(tf.concat(x, 0), X23)        # a single tensor passes through


@pytest.mark.parametrize("build, message", [
    (lambda tf, x: tf.concat([x, tf.ones([2, 4])], 0),
     r"ConcatOp : Dimension 1 in both shapes must be equal: shape\[0\] = \[2,3\] vs\. "
     r"shape\[1\] = \[2,4\]"),
    (lambda tf, x: tf.concat([x, tf.ones([2])], 0),
     "ConcatOp : Ranks of all input tensors should match"),
    (lambda tf, x: tf.concat([x, x], 5),
     r"Expected concatenating dimensions in the range \[-2, 2\), but got 5"),
    (lambda tf, x: tf.concat([tf.constant(1.), tf.constant(2.)], 0),
     r"Can't concatenate scalars \(use tf.stack instead\)"),
    (lambda tf, x: tf.concat([x, tf.ones([2, 3], tf.int32)], 0),
     "cannot compute ConcatV2 as input #1"),
])
def test_concat_errors_eager(tf, build, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        build(tf, tf.constant(X23))


def test_concat_graph_names_shapes_and_errors(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2, 3])
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        y = tf.concat([x, p], 0)
        assert (y.op.type, y.name, y.shape.as_list()) == ("ConcatV2", "concat:0", [None, 3])
        assert tf.concat([x, x], 1, name="joined").shape.as_list() == [2, 6]
        single = tf.concat([x], 0)
        assert (single.op.type, single.name) == ("Identity", "concat_1/concat:0")
        with pytest.raises(ValueError, match=r"Dimension 0 in both shapes must be equal, but "
                                             r"are 3 and 4\. Shapes are \[3\] and \[4\]\."):
            tf.concat([x, tf.zeros([2, 4])], 0)
        with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
            tf.concat([x, tf.zeros([2])], 0)


def test_stack_and_unstack(tf):
    x = tf.constant(X23)
    parts = tf.unstack(x, axis=1)
    assert len(parts) == 3
    _eq(parts[2], [3., 6.])
    _eq(tf.stack(parts, axis=1), X23)
    with pytest.raises(ValueError, match=r"Argument `axis` = 3 not in range \[-2, 2\)"):
        tf.unstack(x, axis=3)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Input shape axis 0 must equal 3, got shape \[2,3\]"):
        tf.unstack(x, num=3)
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        with pytest.raises(ValueError, match="Cannot infer argument `num` from shape"):
            tf.unstack(p)
        names = [t.name for t in tf.unstack(p, axis=1)]
        assert names == ["unstack:0", "unstack:1", "unstack:2"]


def test_split_ops_and_values(tf):
    x = tf.reshape(tf.range(12), [2, 6])
    halves = tf.split(x, 2, axis=1)
    _eq(halves[1], [[3, 4, 5], [9, 10, 11]], tf.int32)
    pieces = tf.split(x, [1, -1, 2], axis=1)
    assert [p.shape.as_list() for p in pieces] == [[2, 1], [2, 3], [2, 2]]
    with tf.Graph().as_default():
        g = tf.compat.v1.placeholder(tf.float32, [2, 6])
        even = tf.split(g, 3, 1)
        assert [t.name for t in even] == ["split:0", "split:1", "split:2"]
        assert even[0].op.type == "Split" and even[0].shape.as_list() == [2, 2]
        sized = tf.split(g, [4, 2], 1)
        assert sized[0].op.type == "SplitV" and sized[0].shape.as_list() == [2, 4]
        with pytest.raises(ValueError, match="Dimension size must be evenly divisible by 4 "
                                             "but is 6"):
            tf.split(g, 4, 1)
        with pytest.raises(ValueError, match=r"can't split axis of size 6 into pieces of "
                                             r"size \[1,1\]"):
            tf.split(g, [1, 1], 1)


@pytest.mark.parametrize("build, message", [
    (lambda tf, x: tf.split(x, 4, axis=1),
     r"Number of ways to split should evenly divide the split dimension, but got split_dim 1 "
     r"\(size = 6\) and num_split 4"),
    (lambda tf, x: tf.split(x, 2, axis=4),
     r"-input rank\(-2\) <= split_dim < input rank \(2\), but got 4"),
    (lambda tf, x: tf.split(x, [1, 1], axis=1), "Determined shape must either match input"),
    (lambda tf, x: tf.split(x, [-1, -1, 1], axis=1), "There can only be one -1 in the input."),
])
def test_split_errors(tf, build, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        build(tf, tf.ones([2, 6]))


# ------------------------------------------------------------------ slice / transpose / dims

def test_slice_values_and_errors(tf):
    x = tf.constant(X23)
    _eq(tf.slice(x, [0, 1], [-1, 2]), [[2., 3.], [5., 6.]])
    _eq(tf.slice(x, tf.constant([1, 0], tf.int64), tf.constant([1, 1], tf.int64)), [[4.]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Expected size\[0\] in \[0, 2\], but got 3"):
        tf.slice(x, [0, 0], [3, 1])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Expected begin\[1\] in \[0, 3\], but got 4"):
        tf.slice(x, [0, 4], [1, -1])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Expected begin and size arguments to be 1-D tensors of size 2"):
        tf.slice(x, [0], [1])
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        y = tf.slice(p, [0, 1], [-1, 2])
        assert (y.name, y.shape.as_list()) == ("Slice:0", [None, 2])


def test_transpose(tf):
    x = tf.constant(X23)
    _eq(tf.transpose(x), np.transpose(X23))
    _eq(tf.transpose(tf.zeros([2, 3, 4]), [1, 2, 0]).shape.as_list(), [3, 4, 2])
    c = tf.constant([[1 + 2j, 3 - 1j]])
    _eq(tf.transpose(c, conjugate=True), [[1 - 2j], [3 + 1j]])
    _eq(tf.transpose(c), [[1 + 2j], [3 - 1j]])
    for perm, message in (([0, 0], r"1 is missing from \{0,0\}"),
                          ([0, 1, 2], "transpose expects a vector of size 2. But input"),
                          ([0, 2], r"2 is out of range \[0 \.\. 2\)")):
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            tf.transpose(x, perm)
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        t = tf.transpose(p)
        assert (t.name, t.op.type, t.shape.as_list()) == ("transpose:0", "Transpose", [3, None])
        assert t.op.inputs[1].name == "transpose/perm:0"
        with pytest.raises(ValueError, match="Dimension must be 2 but is 3"):
            tf.transpose(p, [0, 1, 2])
        assert tf.transpose(tf.constant([[1j]]), conjugate=True).op.type == \
            "ConjugateTranspose"


def test_expand_dims_and_squeeze(tf):
    x = tf.constant(X23)
    assert tf.expand_dims(x, -1).shape.as_list() == [2, 3, 1]
    assert tf.expand_dims(x, 0).shape.as_list() == [1, 2, 3]
    assert tf.squeeze(tf.zeros([1, 2, 1, 3])).shape.as_list() == [2, 3]
    assert tf.squeeze(tf.zeros([1, 2, 1]), axis=-1).shape.as_list() == [1, 2]
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Tried to expand dim index 3 for tensor with 2 dimensions."):
        tf.expand_dims(x, 3)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Can not squeeze dim\[1\], expected a dimension of 1, got 3"):
        tf.squeeze(x, [1])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Tried to squeeze dim index 2 for tensor with 2 dimensions."):
        tf.squeeze(x, [2])
    with pytest.raises(ValueError):
        tf.expand_dims(x, None)
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [2, 3])
        assert tf.expand_dims(p, 1).name == "ExpandDims:0"
        assert tf.squeeze(tf.zeros([2, 1]), [1]).name == "Squeeze:0"
        with pytest.raises(ValueError, match=r"dim 5 not in the interval \[-3, 2\]\."):
            tf.expand_dims(p, 5)
        with pytest.raises(ValueError, match=r"Can not squeeze dim\[0\], expected a "
                                             "dimension of 1, got 2"):
            tf.squeeze(p, [0])


# ------------------------------------------------------------------ tile / pad / reverse

def test_tile(tf):
    _eq(tf.tile(tf.constant([[1, 2]]), [2, 2]), [[1, 2, 1, 2], [1, 2, 1, 2]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Expected multiples argument to be a vector of length 2 but got "
                             "length 1"):
        tf.tile(tf.constant(X23), [2])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Expected multiples\[1\] >= 0, but got -1"):
        tf.tile(tf.constant(X23), [2, -1])
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        t = tf.tile(p, [2, 2])
        assert (t.name, t.shape.as_list()) == ("Tile:0", [None, 6])


def test_pad_modes_values_and_ops(tf):
    x = tf.constant([[1, 2, 3], [4, 5, 6]])
    paddings = [[1, 1], [2, 2]]
    for mode in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        _eq(tf.pad(x, paddings, mode), np.pad(x.numpy(), paddings, mode.lower()))
    _eq(tf.pad(x, [[0, 1], [0, 0]], constant_values=9), [[1, 2, 3], [4, 5, 6], [9, 9, 9]])
    _eq(tf.pad(x, [[1, 0], [0, 0]], mode="reflect"), [[4, 5, 6], [1, 2, 3], [4, 5, 6]])
    with pytest.raises(ValueError, match='Value of argument `mode` expected to be one of '
                                         '"CONSTANT", "REFLECT", or "SYMMETRIC". Received '
                                         '`mode` = FOO'):
        tf.pad(x, paddings, "foo")
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"The first dimension of paddings must be the rank of "
                             r"inputs\[1,2\] \[2,3\]"):
        tf.pad(x, [[1, 1]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Paddings must be non-negative: 1 -1"):
        tf.pad(x, [[1, -1], [0, 0]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="paddings must be less than the dimension size: 2, 0 not less "
                             "than 2"):
        tf.pad(x, [[2, 0], [0, 0]], "REFLECT")
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="paddings must be no greater than the dimension size: 3, 0 "
                             "greater than 2"):
        tf.pad(x, [[3, 0], [0, 0]], "SYMMETRIC")
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        assert tf.pad(p, paddings).op.type == "Pad"
        assert tf.pad(p, paddings, constant_values=1.).op.type == "PadV2"
        assert tf.pad(p, paddings, "SYMMETRIC").op.type == "MirrorPad"
        assert tf.pad(p, paddings).shape.as_list() == [None, 7]
        assert tf.pad(p, paddings, "REFLECT").name == "MirrorPad_1:0"


def test_reverse(tf):
    x = tf.constant(X23)
    _eq(tf.reverse(x, [1]), np.flip(X23, 1))
    _eq(tf.reverse(x, [-1, 0]), np.flip(X23))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"'axis'\[0\] = 2 is out of valid range \[0, 1"):
        tf.reverse(x, [2])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="axis 0 specified more than once."):
        tf.reverse(x, [0, 0])


# ------------------------------------------------------------------ fill / zeros / ones

def test_fill_zeros_ones_values(tf):
    _eq(tf.fill([2, 2], 7), [[7, 7], [7, 7]], tf.int32)
    _eq(tf.zeros([2]), [0., 0.], tf.float32)
    _eq(tf.zeros(3, tf.int64), [0, 0, 0], tf.int64)
    _eq(tf.ones((2, 1), tf.bool), [[True], [True]], tf.bool)
    assert tf.zeros([1], tf.string).numpy().tolist() == [b""]
    _eq(tf.zeros(tf.constant([2, 1])), [[0.], [0.]])
    _eq(tf.zeros_like(tf.constant([1, 2])), [0, 0], tf.int32)
    _eq(tf.ones_like(tf.constant([1., 2.]), dtype=tf.int32), [1, 1], tf.int32)
    _eq(tf.ones_like([[1, 2]]), [[1, 1]], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"value must represent a scalar, got shape \[2\]"):
        tf.fill([2], [1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Dimension -1 must be >= 0"):
        tf.fill([-1], 1)


def test_fill_zeros_ones_in_graphs(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2, 3])
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        small = tf.zeros([2, 3])
        assert (small.op.type, small.name) == ("Const", "zeros:0")
        assert (tf.ones([2, 3]).op.type, tf.ones([2]).name) == ("Const", "ones_1:0")
        dynamic = tf.zeros(tf.shape(p))
        assert (dynamic.op.type, dynamic.name, dynamic.shape.as_list()) == \
            ("Fill", "zeros_1:0", [None, 3])
        assert tf.fill([2, 3], 1.0).name == "Fill:0"
        assert tf.zeros_like(x).op.type == "Const"
        assert (tf.zeros_like(p).op.type, tf.zeros_like(p).name) == \
            ("ZerosLike", "zeros_like_2:0")
        assert tf.ones_like(p).op.type == "OnesLike"
        big = tf.zeros([40, 40])
        assert big.op.type == "Fill" and big.shape.as_list() == [40, 40]


def test_shape_size_rank_are_constants_when_static_in_graphs(tf):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2, 3])
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        static = tf.shape(x)
        assert (static.op.type, static.name) == ("Const", "Shape:0")
        assert tf.shape(p).op.type == "Shape"
        assert tf.size(x).op.type == "Const" and tf.size(p).op.type == "Size"
        assert tf.rank(p).op.type == "Const" and tf.rank(p).name == "Rank_1:0"
        n = tf.shape_n([x, p])
        assert [t.name for t in n] == ["ShapeN:0", "ShapeN:1"]
        with tf.compat.v1.Session() as sess:
            a, b, s = sess.run([n[0], n[1], tf.size(p)],
                               {p: np.zeros([4, 3]), x: np.zeros([2, 3])})
        assert a.tolist() == [2, 3] and b.tolist() == [4, 3] and s == 12


def test_reshape_packs_lists_holding_tensors(tf):
    x = tf.constant(np.arange(6.).reshape(2, 3))
    _eq(tf.reshape(x, [tf.shape(x)[0], -1, 1]), np.arange(6.).reshape(2, 3, 1))
    _eq(tf.convert_to_tensor([tf.constant(1.), 2.]), [1., 2.], tf.float32)
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        y = tf.reshape(p, [tf.shape(p)[0], -1, 1])
        assert y.op.inputs[1].op.type == "Pack"
        assert y.shape.as_list() == [None, None, 1]


# ------------------------------------------------------------------ linspace / one_hot / eye

def test_linspace(tf):
    _eq(tf.linspace(10.0, 12.0, 3), [10., 11., 12.], tf.float32)
    _eq(tf.linspace(0, 10, 5), [0., 2.5, 5., 7.5, 10.], tf.float64)
    _eq(tf.linspace(3.0, 4.0, 1), [3.])
    _eq(tf.linspace([0., 5.], [10., 40.], 3, axis=-1), [[0., 5., 10.], [5., 22.5, 40.]])
    _eq(tf.linspace([0., 5.], [10., 40.], 3, axis=0), [[0., 5.], [5., 22.5], [10., 40.]])
    a, b = tf.constant(1.0), tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch([a, b])
        y = tf.reduce_sum(tf.linspace(a, b, 5) * tf.constant([1., 2., 3., 4., 5.]))
    _eq(tape.gradient(y, [a, b]), [5.0, 10.0])


def test_one_hot(tf):
    _eq(tf.one_hot([0, 2, -1, 5], 3), [[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]],
        tf.float32)
    _eq(tf.one_hot([1, 0], 2, on_value=5, off_value=-1), [[-1, 5], [5, -1]], tf.int32)
    _eq(tf.one_hot([1, 0], 3, axis=0), [[0, 1], [1, 0], [0, 0]])
    assert tf.one_hot([1], 2, dtype=tf.int64).dtype == tf.int64
    with pytest.raises(TypeError, match="of on_value does not match dtype"):
        tf.one_hot([1], 2, on_value=1.0, off_value=0)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="depth must be non-negative, got: -1"):
        tf.one_hot([0], -1)
    with tf.Graph().as_default():
        y = tf.one_hot(tf.compat.v1.placeholder(tf.int32, [None]), 4)
        assert (y.name, y.shape.as_list()) == ("one_hot:0", [None, 4])


def test_eye(tf):
    _eq(tf.eye(2), np.eye(2), tf.float32)
    _eq(tf.eye(2, 3, dtype=tf.int32), np.eye(2, 3), tf.int32)
    assert tf.eye(2, batch_shape=[3]).shape.as_list() == [3, 2, 2]
    with tf.Graph().as_default():
        assert tf.eye(2, 3, batch_shape=[4]).shape.as_list() == [4, 2, 3]


def test_broadcast_to_and_its_gradient(tf):
    x = tf.constant([1., 2., 3.])
    _eq(tf.broadcast_to(x, [2, 3]), [[1., 2., 3.], [1., 2., 3.]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Incompatible shapes: \[3\] vs\. \[2,4\]"):
        tf.broadcast_to(x, [2, 4])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Rank of input \(2\) must be no greater than rank of output "
                             r"shape \(1\)"):
        tf.broadcast_to(tf.ones([2, 3]), [3])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.broadcast_to(x, [4, 3])
    _eq(tape.gradient(y, x), [4., 4., 4.])
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [2, 3])
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
            tf.broadcast_to(p, [4, 3, 3])


def test_sequence_mask(tf):
    _eq(tf.sequence_mask([1, 3, 2], 5),
        [[True, False, False, False, False], [True, True, True, False, False],
         [True, True, False, False, False]], tf.bool)
    _eq(tf.sequence_mask([[1, 3], [2, 0]]),
        [[[True, False, False], [True, True, True]], [[True, True, False],
                                                      [False, False, False]]])
    _eq(tf.sequence_mask([2], 3, dtype=tf.float32), [[1., 1., 0.]], tf.float32)


def test_stop_gradient(tf):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * tf.stop_gradient(x)
    _eq(tape.gradient(y, x), 2.0)
    with tf.Graph().as_default():
        assert tf.stop_gradient(tf.constant(1.)).op.type == "StopGradient"


# ------------------------------------------------------------------ gradients of the basics

def test_gradients_of_slicing_ops(tf):
    x = tf.constant(np.arange(6.).reshape(2, 3), tf.float32)
    w = tf.constant([[1., 2., 3.], [4., 5., 6.]])
    cases = [
        (lambda: x[:, ::-2], [[1., 0., 1.], [1., 0., 1.]]),
        (lambda: x[1, tf.newaxis, 1:], [[0., 0., 0.], [0., 1., 1.]]),
        (lambda: tf.slice(x, [0, 1], [2, 1]), [[0., 1., 0.], [0., 1., 0.]]),
        (lambda: tf.tile(x, [2, 1]), [[2., 2., 2.], [2., 2., 2.]]),
        (lambda: tf.pad(x, [[1, 1], [1, 0]]), np.ones([2, 3])),
        (lambda: tf.pad(x, [[0, 0], [2, 0]], "REFLECT"), [[1., 2., 2.], [1., 2., 2.]]),
        (lambda: tf.pad(x, [[0, 0], [2, 0]], "SYMMETRIC"), [[2., 2., 1.], [2., 2., 1.]]),
        (lambda: tf.concat([x, x * w], 0), 1 + w.numpy()),
        (lambda: tf.split(x, [2, 1], 1)[1], [[0., 0., 1.], [0., 0., 1.]]),
        (lambda: tf.unstack(x)[0], [[1., 1., 1.], [0., 0., 0.]]),
        (lambda: tf.transpose(x) * tf.transpose(w), w.numpy()),
        (lambda: tf.reverse(x, [1]) * w, np.flip(w.numpy(), 1)),
        (lambda: tf.broadcast_to(x[:, :1], [2, 4]), [[4., 0., 0.], [4., 0., 0.]]),
    ]
    for build, expected in cases:
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(build())
        _eq(tape.gradient(y, x), expected)


def test_gradients_of_integer_inputs_are_none(tf):
    i = tf.constant([1, 2])
    with tf.GradientTape() as tape:
        tape.watch(i)
        y = tf.concat([i, i], 0)
    assert tape.gradient(y, i) is None


# ------------------------------------------------------------------ gather and IndexedSlices

def test_gather_values_axis_and_batch_dims(tf):
    params = tf.constant(np.arange(12).reshape(3, 4))
    _eq(tf.gather(params, [2, 0]), [[8, 9, 10, 11], [0, 1, 2, 3]])
    _eq(tf.gather(params, [[1], [3]], axis=1), np.arange(12).reshape(3, 4)[:, [[1], [3]]])
    _eq(tf.gather(params, [[0, 3], [1, 1], [2, 0]], batch_dims=1),
        [[0, 3], [5, 5], [10, 8]])
    _eq(tf.gather(params, 1), [4, 5, 6, 7])
    assert tf.gather(tf.constant(["a", "b"]), [1]).numpy().tolist() == [b"b"]
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"indices\[0,1\] = 5 is not in \[0, 3\)"):
        tf.gather(params, [[0, 5]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"indices\[0\] = -1 is not in \[0, 3\)"):
        tf.gather(params, [-1])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Shape must be at least rank 3 but is rank 2"):
        tf.gather(params, [0], axis=2)


def test_gather_graph_names_and_shapes(tf):
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        y = tf.gather(p, [1])
        assert (y.name, y.op.type, y.op.inputs[2].name) == ("GatherV2:0", "GatherV2",
                                                            "GatherV2/axis:0")
        assert tf.gather(p, [[0, 1]], axis=1).shape.as_list() == [None, 1, 2]
        assert y.op.get_attr("batch_dims") == 0


def test_gather_gradient_is_indexed_slices(tf):
    x = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.gather(x, [2, 0, 2]) * tf.constant([[1.], [10.], [100.]])
    grad = tape.gradient(y, x)
    assert isinstance(grad, tf.IndexedSlices)
    _eq(grad.indices, [2, 0, 2])
    _eq(grad.values, [[1., 1.], [10., 10.], [100., 100.]])
    _eq(grad.dense_shape, [3, 2])
    assert grad.dtype == tf.float32
    _eq(tf.convert_to_tensor(grad), [[10., 10.], [0., 0.], [101., 101.]])
    assert grad.shape.as_list() == [3, 2]


def test_gather_gradients_aggregate(tf):
    x = tf.constant([[1., 2.], [3., 4.]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        sparse = tf.reduce_sum(tf.gather(x, [1])) + tf.reduce_sum(tf.gather(x, [1, 0]))
        mixed = tf.reduce_sum(tf.gather(x, [1])) + tf.reduce_sum(x * x)
    both = tape.gradient(sparse, x)
    assert isinstance(both, tf.IndexedSlices)
    _eq(tf.sort(both.indices), [0, 1, 1])
    _eq(tf.convert_to_tensor(both), [[1., 1.], [2., 2.]])
    dense = tape.gradient(mixed, x)
    assert not isinstance(dense, tf.IndexedSlices)
    _eq(dense, [[2., 4.], [7., 9.]])


def test_gather_inner_axis_gradient_is_dense(tf):
    x = tf.constant(np.arange(6.).reshape(2, 3))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.gather(x, [2, 2, 0], axis=1)
    grad = tape.gradient(y, x)
    assert not isinstance(grad, tf.IndexedSlices)
    _eq(grad, [[1., 0., 2.], [1., 0., 2.]])


def test_indexed_slices_api(tf):
    values = tf.constant([[1., 2.], [3., 4.]])
    slices = tf.IndexedSlices(values, tf.constant([0, 0]), tf.constant([3, 2]))
    assert slices.shape.as_list() == [3, 2] and slices.dtype == tf.float32
    assert slices.values is values
    _eq((-slices).values, [[-1., -2.], [-3., -4.]])
    assert str(slices).startswith("IndexedSlices(indices=")
    _eq(tf.convert_to_tensor(slices), [[4., 6.], [0., 0.], [0., 0.]])
    _eq(tf.add(slices, 1.0), [[5., 7.], [1., 1.], [1., 1.]])
    with pytest.raises(ValueError, match="Incompatible tensor conversion requested to "
                                         "`dtype` int32 for IndexedSlices"):
        tf.convert_to_tensor(slices, dtype=tf.int32)
    with pytest.raises(ValueError, match="Tensor conversion requested for IndexedSlices for "
                                         "argument `value` without dense_shape"):
        tf.convert_to_tensor(tf.IndexedSlices(values, tf.constant([0, 1])))
    assert tf.IndexedSlices(values, tf.constant([0, 1])).shape.rank is None


# ------------------------------------------------------------------ gather_nd / scatter_nd

def test_gather_nd_and_scatter_nd(tf):
    params = tf.constant([[1, 2], [3, 4]])
    _eq(tf.gather_nd(params, [[0, 1], [1, 0]]), [2, 3])
    _eq(tf.gather_nd(params, [[1]]), [[3, 4]])
    _eq(tf.scatter_nd([[1], [3], [1]], [1., 2., 3.], [4]), [0., 4., 0., 2.])
    _eq(tf.scatter_nd([[0, 1]], [5], tf.constant([2, 2])), [[0, 5], [0, 0]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"indices\[0\] = \[0, 5\] does not index into param shape "
                             r"\[2,2\]"):
        tf.gather_nd(params, [[0, 5]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"indices\[0\] = \[5\] does not index into shape \[4\]"):
        tf.scatter_nd([[5]], [1.], [4])
    x = tf.constant([[1., 2.], [3., 4.]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        picked = tf.gather_nd(x, [[0, 1], [0, 1], [1, 0]])
        scattered = tf.scatter_nd([[2], [0]], x, [3, 2]) * tf.constant([[1.], [2.], [3.]])
    _eq(tf.convert_to_tensor(tape.gradient(picked, x)), [[0., 2.], [1., 0.]])
    _eq(tape.gradient(scattered, x), [[3., 3.], [1., 1.]])


# ------------------------------------------------------------------ where / boolean_mask

def test_where_forms(tf):
    coords = tf.where([[True, False], [False, True]])
    assert coords.dtype == tf.int64
    _eq(coords, [[0, 0], [1, 1]])
    _eq(tf.where([0, 3, 0, 1]), [[1], [3]])
    _eq(tf.where([True, False], [1, 2], [10, 20]), [1, 20], tf.int32)
    _eq(tf.where([[True], [False]], [1., 2.], 0.), [[1., 2.], [0., 0.]])
    with pytest.raises(ValueError, match="x and y must both be non-None or both be None."):
        tf.where([True], [1])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"condition \[2\], then \[2\], and else \[3\] must be "
                             "broadcastable"):
        tf.where([True, False], [1., 2.], [1., 2., 3.])
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        coords = tf.where(p > 0)
        assert (coords.name, coords.shape.as_list()) == ("Where:0", [None, 2])
        y = tf.where(p > 0, p, tf.zeros([3]))
        assert (y.op.type, y.shape.as_list()) == ("SelectV2", [None, 3])


def test_where_gradient_reduces_broadcasting(tf):
    x = tf.constant([[1., -2.], [3., -4.]])
    y = tf.constant([10., 20.])
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = tf.where([[True, False], [True, False]], x, y)
    gx, gy = tape.gradient(z, [x, y])
    _eq(gx, [[1., 0.], [1., 0.]])
    _eq(gy, [0., 2.])


def test_boolean_mask(tf):
    x = tf.constant(X23)
    _eq(tf.boolean_mask(x, [True, False]), [[1., 2., 3.]])
    _eq(tf.boolean_mask(x, [[True, False, True], [False, True, False]]), [1., 3., 5.])
    _eq(tf.boolean_mask(x, [False, True, True], axis=1), [[2., 3.], [5., 6.]])
    with pytest.raises(ValueError, match="mask cannot be scalar."):
        tf.boolean_mask(x, True)
    with pytest.raises(ValueError, match=r"Shapes \(2,\) and \(3,\) are incompatible"):
        tf.boolean_mask(x, [True, False, True])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.boolean_mask(x, [False, True])
    _eq(tf.convert_to_tensor(tape.gradient(y, x)), [[0., 0., 0.], [1., 1., 1.]])
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        masked = tf.boolean_mask(p, tf.compat.v1.placeholder(tf.bool, [None]))
        assert masked.shape.as_list() == [None, 3]
        assert masked.name.startswith("boolean_mask/")


# ------------------------------------------------------------------ unique / top_k / sort

def test_unique(tf):
    y, idx = tf.unique([4, 1, 4, 2, 1])
    _eq(y, [4, 1, 2], tf.int32)
    _eq(idx, [0, 1, 0, 2, 1], tf.int32)
    assert tf.unique(tf.constant([1., 1.]), out_idx=tf.int64)[1].dtype == tf.int64
    assert tf.unique(tf.constant(["b", "a", "b"]))[0].numpy().tolist() == [b"b", b"a"]
    with pytest.raises(tf.errors.InvalidArgumentError, match="unique expects a 1D vector."):
        tf.unique([[1]])


def test_top_k(tf):
    top_k = _top_k(tf)
    values, indices = top_k([[1., 3., 3., 2.], [5., 5., 5., 0.]], k=2)
    _eq(values, [[3., 3.], [5., 5.]])
    _eq(indices, [[1, 2], [0, 1]], tf.int32)
    _eq(top_k([2, 7, 1]).values, [7])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="input must have at least k columns. Had 2, needed 3"):
        top_k([1., 2.], 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Need k >= 0, got -1"):
        top_k([1., 2.], -1)
    x = tf.constant([[1., 4., 2.]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        v = top_k(x, 2).values * tf.constant([10., 1.])
    _eq(tape.gradient(v, x), [[0., 10., 1.]])


def test_sort_and_argsort(tf):
    x = tf.constant([[3., 1., 2.], [0., -1., 5.]])
    _eq(tf.sort(x), np.sort(x.numpy()))
    _eq(tf.sort(x, direction="DESCENDING"), -np.sort(-x.numpy()))
    _eq(tf.sort(x, axis=0), np.sort(x.numpy(), axis=0))
    _eq(tf.sort(tf.constant([3, -2, 7], tf.int64)), [-2, 3, 7], tf.int64)
    _eq(tf.sort(tf.constant([3, 0, 255], tf.uint8), direction="ASCENDING"), [0, 3, 255])
    ties = tf.constant([2, 1, 2, 1, 0])
    _eq(tf.argsort(ties), [4, 1, 3, 0, 2], tf.int32)
    _eq(tf.argsort(ties, direction="DESCENDING"), [0, 2, 1, 3, 4])
    with pytest.raises(ValueError, match="Argument `direction` should be one of ASCENDING, "
                                         "DESCENDING. Received: direction=UP"):
        tf.sort(x, direction="UP")
    with tf.GradientTape() as tape:
        tape.watch(x)
        s = tf.sort(x) * tf.constant([1., 2., 3.])
    _eq(tape.gradient(s, x), [[3., 1., 2.], [2., 1., 3.]])
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32, [None, 3])
        assert tf.sort(p).name.startswith("sort/")
        assert tf.argsort(p).name.startswith("argsort/")


def test_unsorted_segment_sum(tf):
    segment_sum = _segment_sum(tf)
    data = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    _eq(segment_sum(data, [0, 2, 0], 3), [[6., 8.], [0., 0.], [3., 4.]])
    _eq(segment_sum(data, [1, -1, 1], 2), [[0., 0.], [6., 8.]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"segment_ids\[1\] = 5 is out of range \[0, 3\)"):
        segment_sum(data, [0, 5, 0], 3)
    with tf.GradientTape() as tape:
        tape.watch(data)
        y = segment_sum(data, [1, -1, 0], 2) * tf.constant([[1.], [10.]])
    _eq(tape.gradient(y, data), [[10., 10.], [0., 0.], [1., 1.]])


# ------------------------------------------------------------------ tf.compat.v1 forms

def _v1(tf):
    if tf.compat.v1.where is tf.where:
        pytest.skip("tf.compat.v1 does not bind the TF1 array functions yet")
    return tf.compat.v1


def test_v1_where_is_select_without_broadcasting(tf):
    v1 = _v1(tf)
    _eq(v1.where([True, False], [[1, 2], [5, 6]], [[3, 4], [7, 8]]), [[1, 2], [7, 8]])
    _eq(v1.where([True, False], [1, 2], [3, 4]), [1, 4])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Number of batches of 'then' must match size of 'cond', but "
                             r"saw: 2 vs\. 3"):
        v1.where([True, False, True], [[1, 2], [5, 6]], [[3, 4], [7, 8]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"must have the same size and shape\.  Input 0: \[1,2\] != "
                             r"input 1: \[2\]"):
        v1.where([[True, False]], [1, 2], [3, 4])
    with tf.Graph().as_default():
        y = v1.where(v1.placeholder(tf.bool, [None]), v1.placeholder(tf.float32, [None, 2]),
                     v1.placeholder(tf.float32, [3, None]))
        assert (y.op.type, y.shape.as_list()) == ("Select", [3, 2])
        with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but "
                                             "are 2 and 3"):
            v1.where([True, False], [1, 2], [3, 4, 5])
    x = tf.constant([[1., 2.], [3., 4.]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = v1.where([False, True], x, tf.zeros([2, 2]))
    _eq(tape.gradient(z, x), [[0., 0.], [1., 1.]])


def test_v1_argument_forms(tf):
    v1 = _v1(tf)
    x = tf.zeros([1, 2, 1])
    assert v1.expand_dims(x, dim=0).shape.as_list() == [1, 1, 2, 1]
    assert v1.squeeze(x, squeeze_dims=[2]).shape.as_list() == [1, 2]
    with pytest.raises(ValueError, match="Must specify an axis argument to tf.expand_dims()"):
        v1.expand_dims(x)
    assert v1.transpose(x, [2, 1, 0], "t").shape.as_list() == [1, 2, 1]
    _eq(v1.gather(tf.constant([5, 6, 7]), [2, 0], None, "g", 0), [7, 5])
    _eq(v1.boolean_mask(tf.constant([5, 6]), [False, True], "m"), [6])
    _eq(v1.pad(tf.constant([1]), [[1, 0]], "CONSTANT", "p", 7), [7, 1])
    _eq(v1.unsorted_segment_sum(tf.constant([1, 2, 3]), [1, 1, 0], 2), [3, 3])
    assert v1.shape(x, "s", tf.int64).dtype == tf.int64


def test_slicing_with_computed_indices_keeps_the_static_shape_the_masks_fix(tf):
    # (x[i] inside a loop body: TF still knows the rank and the untouched dimensions.)
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [5, 3, 4])
        i = tf.compat.v1.placeholder(tf.int32, [])
        shapes = [x[i], x[i, :], x[:, i], x[i:i + 2], x[..., i], x[tf.newaxis, i], x[:i, 1]]
        assert [s.shape.as_list() for s in shapes] == [
            [3, 4], [3, 4], [5, 4], [None, 3, 4], [5, 3], [1, 3, 4], [None, 4]]
        y = tf.compat.v1.placeholder(tf.float32, [None, 3])
        assert y[i].shape.as_list() == [3] and y[:, i].shape.as_list() == [None]
