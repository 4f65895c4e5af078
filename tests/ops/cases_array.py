"""Registry cases for the array ops: array_ops.py, array_manip.py, gather_scatter.py."""
import numpy as np

from tests.ops.harness import B, Case, F, I, K, V
from tensorlite.ops import gather_scatter as _gs


def _stable_top_k(x, k):
    order = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    return np.take_along_axis(x, order, -1), order.astype(np.int32)


def _unique(x):
    _, first = np.unique(x, return_index=True)
    values = x[np.sort(first)]
    idx = np.array([list(values).index(v) for v in x], dtype=np.int32)
    return values, idx


def _segment_sum(data, ids, n):
    ids = np.asarray(ids)
    out = np.zeros((n,) + data.shape[ids.ndim:], data.dtype)
    for i, s in np.ndenumerate(ids):
        if s >= 0:
            out[s] += data[i]
    return out


def _reflect_grad_reference(g):
    return _mirror_grad(g, [(1, 2), (0, 1)], 1)


def _mirror_grad(g, pairs, offset):
    # Scatter each padded element back onto the source element np.pad copied it from.
    shape = tuple(d - a - b for d, (a, b) in zip(g.shape, pairs))
    source = np.arange(int(np.prod(shape))).reshape(shape)
    padded = np.pad(source, pairs, mode="reflect" if offset else "symmetric")
    out = np.zeros(source.size, g.dtype)
    np.add.at(out, padded.reshape(-1), g.reshape(-1))
    return out.reshape(shape)


def _strided_grad(x):
    out = np.zeros((3, 4, 2), x.dtype)
    out[1:, ::-2, 0] = x
    return out


CASES = [
    # ------------------------------------------------------------- array_ops.py
    Case("Const", lambda tf: tf.constant([[1.5, 2.0], [3.0, -1.0]]),
         lambda: np.array([[1.5, 2.0], [3.0, -1.0]], np.float32)),
    Case("PlaceholderWithDefault",
         lambda tf, x: tf.compat.v1.placeholder_with_default(x, [None, 3]) * 2.0,
         lambda x: x * 2, [F(2, 3)], grad=1),
    Case("Identity", lambda tf, x: tf.identity(x), lambda x: x, [F(2, 3)], grad=1),
    Case("Reshape", lambda tf, x: tf.reshape(x, [3, -1]), lambda x: x.reshape(3, -1),
         [F(2, 3, 2)], grad=1),
    Case("Reshape", lambda tf, x: tf.reshape(x, [tf.shape(x)[0], -1]),
         lambda x: x.reshape(x.shape[0], -1), [F(2, 3, 2)], grad=1, name="dynamic"),
    Case("Reshape", lambda tf, x: tf.reshape(x * x, [-1]), lambda x: (x * x).reshape(-1),
         [F(2, 3)], grad=2, name="second-order"),
    Case("Shape", lambda tf, x: tf.shape(x), lambda x: np.array(x.shape, np.int32),
         [F(2, 3)]),
    Case("Shape", lambda tf, x: tf.shape(x, out_type=tf.int64),
         lambda x: np.array(x.shape, np.int64), [F(4)], name="int64"),
    Case("Rank", lambda tf, x: tf.rank(x), lambda x: np.int32(x.ndim), [F(2, 3)]),
    Case("Size", lambda tf, x: tf.size(x), lambda x: np.int32(x.size), [F(2, 3)]),
    Case("Pack", lambda tf, x, y: tf.stack([x, y], axis=1),
         lambda x, y: np.stack([x, y], 1), [F(2, 3), F(2, 3)], grad=1),
    Case("Range", lambda tf, n: tf.range(1, n, 2), lambda n: np.arange(1, n, 2, dtype=np.int32),
         [V(np.int32(8))]),
    Case("Range", lambda tf, d: tf.range(0.0, 1.0, d),
         lambda d: np.arange(0.0, 1.0, d).astype(np.float32), [V(np.float32(0.25))],
         name="float"),
    Case("StridedSlice", lambda tf, x: x[1:, ::-2, 0], lambda x: x[1:, ::-2, 0],
         [F(3, 4, 2)], grad=1),
    Case("StridedSlice", lambda tf, x: x[..., tf.newaxis, -1], lambda x: x[..., None, -1],
         [F(2, 3)], grad=1, name="ellipsis-newaxis"),
    Case("StridedSlice", lambda tf, x: x[:, 1], lambda x: x[:, 1], [F(3, 4)], grad=1,
         name="shrink"),
    Case("StridedSlice", lambda tf, x: (x * x)[1:, 2], lambda x: (x * x)[1:, 2], [F(3, 4)],
         grad=2, name="second-order"),
    Case("StridedSliceGrad",
         lambda tf, x: _strided_slice_grad(tf, x),
         _strided_grad, [F(2, 2)], grad=1),

    # ------------------------------------------------------------- array_manip.py
    Case("ConcatV2", lambda tf, x, y: tf.concat([x, y], 1),
         lambda x, y: np.concatenate([x, y], 1), [F(2, 3), F(2, 1)], grad=1),
    Case("ConcatV2", lambda tf, x, y, z: tf.concat([x, y, z], -2),
         lambda x, y, z: np.concatenate([x, y, z], 0), [F(1, 2), F(3, 2), F(2, 2)], grad=1,
         name="three"),
    Case("ConcatV2", lambda tf, x, y: tf.concat([x * y, y], 0),
         lambda x, y: np.concatenate([x * y, y], 0), [F(2, 2), F(2, 2)], grad=2,
         name="second-order"),
    Case("Unpack", lambda tf, x: tf.unstack(x, num=3, axis=1),
         lambda x: [x[:, i] for i in range(3)], [F(2, 3)], grad=1),
    Case("Split", lambda tf, x: tf.split(x, 2, axis=1), lambda x: np.split(x, 2, 1),
         [F(3, 4)], grad=1),
    Case("SplitV", lambda tf, x: tf.split(x, [1, -1, 2], axis=0),
         lambda x: [x[:1], x[1:3], x[3:]], [F(5, 2)], grad=1),
    Case("Slice", lambda tf, x: tf.slice(x, [1, 0], [2, -1]), lambda x: x[1:3, :],
         [F(4, 3)], grad=1),
    Case("Slice", lambda tf, x: tf.slice(x * x, [0, 1], [1, 2]), lambda x: (x * x)[0:1, 1:3],
         [F(2, 3)], grad=2, name="second-order"),
    Case("Transpose", lambda tf, x: tf.transpose(x, [1, 2, 0]),
         lambda x: np.transpose(x, [1, 2, 0]), [F(2, 3, 4)], grad=1),
    Case("Transpose", lambda tf, x: tf.transpose(x), lambda x: x.T, [F(2, 3)], grad=1,
         name="default-perm"),
    Case("ConjugateTranspose",
         lambda tf, x: tf.transpose(tf.cast(x, tf.complex64) * 1j, conjugate=True),
         lambda x: np.conj(x.T * 1j).astype(np.complex64), [F(2, 3)]),
    Case("ExpandDims", lambda tf, x: tf.expand_dims(x, -1), lambda x: x[..., None],
         [F(2, 3)], grad=1),
    Case("Squeeze", lambda tf, x: tf.squeeze(x, [0, 2]), lambda x: x[0, :, 0],
         [F(1, 3, 1)], grad=1),
    Case("Squeeze", lambda tf, x: tf.squeeze(x), lambda x: np.squeeze(x), [F(1, 3, 1)],
         grad=1, name="all", unknown_shapes=False),
    Case("Tile", lambda tf, x: tf.tile(x, [2, 3]), lambda x: np.tile(x, [2, 3]), [F(2, 2)],
         grad=1),
    Case("Tile", lambda tf, x: tf.tile(x * x, [1, 2]), lambda x: np.tile(x * x, [1, 2]),
         [F(2, 2)], grad=2, name="second-order"),
    Case("Pad", lambda tf, x: tf.pad(x, [[1, 0], [2, 1]]),
         lambda x: np.pad(x, [[1, 0], [2, 1]]), [F(2, 3)], grad=1),
    Case("PadV2", lambda tf, x, c: tf.pad(x, [[0, 1], [1, 1]], constant_values=c),
         lambda x, c: np.pad(x, [[0, 1], [1, 1]], constant_values=c), [F(2, 2), K(3.0)],
         grad=1),
    Case("MirrorPad", lambda tf, x: tf.pad(x, [[1, 2], [0, 1]], "REFLECT"),
         lambda x: np.pad(x, [[1, 2], [0, 1]], "reflect"), [F(3, 3)], grad=1),
    Case("MirrorPad", lambda tf, x: tf.pad(x, [[2, 1], [1, 0]], mode="symmetric"),
         lambda x: np.pad(x, [[2, 1], [1, 0]], "symmetric"), [F(2, 3)], grad=1,
         name="symmetric"),
    Case("MirrorPadGrad", lambda tf, x: _mirror_pad_grad(tf, x, [[1, 2], [0, 1]], "REFLECT"),
         _reflect_grad_reference, [F(6, 4)], grad=1, unknown_shapes=False),
    Case("MirrorPadGrad",
         lambda tf, x: _mirror_pad_grad(tf, x, [[2, 1], [1, 1]], "SYMMETRIC"),
         lambda g: _mirror_grad(g, [(2, 1), (1, 1)], 0), [F(5, 4)], grad=1, name="symmetric",
         unknown_shapes=False),
    Case("ReverseV2", lambda tf, x: tf.reverse(x, [0, -1]), lambda x: x[::-1, :, ::-1],
         [F(2, 3, 2)], grad=1),
    Case("Fill", lambda tf, v: tf.fill([2, 3], v), lambda v: np.full([2, 3], v, np.float32),
         [F()], grad=1),
    Case("Fill", lambda tf, x: tf.zeros(tf.shape(x)) + tf.ones([3], tf.float32),
         lambda x: np.ones(x.shape, np.float32), [F(2, 3)], name="zeros-ones"),
    Case("ZerosLike", lambda tf, x: tf.zeros_like(x), lambda x: np.zeros_like(x), [F(2, 3)]),
    Case("ZerosLike", lambda tf, x: tf.zeros_like(x, dtype=tf.int32),
         lambda x: np.zeros(x.shape, np.int32), [F(2)], name="dtype"),
    Case("OnesLike", lambda tf, x: tf.ones_like(x), lambda x: np.ones_like(x), [I(2, 3)]),
    Case("LinSpace", lambda tf, a, b: tf.linspace(a, b, 5),
         lambda a, b: np.linspace(a, b, 5, dtype=np.float32), [F(), F()], grad=1),
    Case("LinSpace", lambda tf, a, b: tf.linspace(a, b, 4, axis=-1),
         lambda a, b: np.linspace(a, b, 4, axis=-1).astype(np.float32), [F(2), F(2)], grad=1,
         name="nd", rtol=1e-5, atol=1e-5),
    Case("OneHot", lambda tf, i: tf.one_hot(i, 4), lambda i: np.eye(4, dtype=np.float32)[i],
         [I(2, 3, high=3)]),
    Case("OneHot", lambda tf, i: tf.one_hot(i, 3, on_value=5, off_value=-1, axis=0),
         lambda i: np.where(np.arange(3)[:, None] == i[None], 5, -1).astype(np.int32),
         [V([0, 2, -1, 7])], name="axis"),
    Case("BroadcastTo", lambda tf, x: tf.broadcast_to(x, [2, 3, 4]),
         lambda x: np.broadcast_to(x, [2, 3, 4]), [F(3, 1)], grad=1),
    Case("BroadcastTo", lambda tf, x: tf.broadcast_to(x * x, [2, 3]),
         lambda x: np.broadcast_to(x * x, [2, 3]), [F(3)], grad=2, name="second-order"),
    Case("BroadcastTo", lambda tf, x: tf.eye(3, 2, batch_shape=[2], dtype=x.dtype) * x[0, 0],
         lambda x: np.broadcast_to(np.eye(3, 2), [2, 3, 2]).astype(np.float32) * x[0, 0],
         [F(1, 1)], grad=1, name="eye"),
    Case("ShapeN", lambda tf, x, y: tf.shape_n([x, y]),
         lambda x, y: [np.array(x.shape, np.int32), np.array(y.shape, np.int32)],
         [F(2, 3), F(4)]),
    Case("StopGradient", lambda tf, x: tf.stop_gradient(x) * 2.0, lambda x: x * 2, [F(2)]),

    # ------------------------------------------------------------- gather_scatter.py
    Case("GatherV2", lambda tf, x, i: tf.gather(x, i), lambda x, i: x[i],
         [F(4, 2), K([[3, 0], [3, 1]])], grad=1),
    Case("GatherV2", lambda tf, x, i: tf.gather(x, i, axis=1), lambda x, i: x[:, i],
         [F(2, 4, 2), K([1, 3, 1])], grad=1, name="axis"),
    Case("GatherV2", lambda tf, x, i: tf.gather(x, i, axis=2, batch_dims=1),
         lambda x, i: np.stack([x[b][:, i[b]] for b in range(2)]),
         [F(2, 3, 4), K([[0, 3, 3], [2, 1, 0]])], grad=1, name="batch-dims"),
    Case("GatherV2", lambda tf, x, i: tf.gather(x, i, batch_dims=-1),
         lambda x, i: np.stack([x[b][i[b]] for b in range(3)]),
         [F(3, 4), K([[0, 3], [2, 2], [1, 0]])], grad=1,
         name="batch-dims-1"),
    Case("GatherV2", lambda tf, x, i: tf.gather(x * x, i), lambda x, i: (x * x)[i],
         [F(3, 2), K([2, 0, 2])], grad=2, name="second-order"),
    Case("GatherNd", lambda tf, x, i: tf.gather_nd(x, i),
         lambda x, i: x[np.asarray(i)[:, 0], np.asarray(i)[:, 1]],
         [F(3, 4), K([[0, 1], [2, 3], [0, 1]])], grad=1),
    Case("GatherNd", lambda tf, x, i: tf.gather_nd(x, i),
         lambda x, i: x[np.asarray(i)[..., 0]],
         [F(3, 2), K([[2], [0], [2]])], grad=1, name="rows"),
    Case("ScatterNd", lambda tf, i, u: tf.scatter_nd(i, u, [4, 2]),
         lambda i, u: _segment_sum(u, np.asarray(i)[:, 0], 4), [K([[0], [2], [0]]), F(3, 2)],
         grad=1),
    Case("UnsortedSegmentSum",
         lambda tf, x, i: _gs.unsorted_segment_sum(x, i, 3),
         lambda x, i: _segment_sum(x, i, 3), [F(4, 2), K([0, 2, 0, -1])], grad=1),
    Case("UnsortedSegmentSum",
         lambda tf, x, i: tf.convert_to_tensor(tf.IndexedSlices(x, i, [3, 2])) * 1.0,
         lambda x, i: _segment_sum(x, i, 3), [F(3, 2), K([1, 1, 2])], grad=1,
         name="indexed-slices"),
    Case("Where", lambda tf, x: tf.where(x > 0), lambda x: np.argwhere(x > 0), [F(3, 2)]),
    Case("SelectV2", lambda tf, c, x, y: tf.where(c, x, y),
         lambda c, x, y: np.where(c, x, y), [B(2, 3), F(2, 3), F(3)]),
    Case("SelectV2", lambda tf, c, x, y: tf.where(c, x, y),
         lambda c, x, y: np.where(c, x, y),
         [K([[True, False, True], [False, False, True]]), F(2, 3), F(3)], grad=1,
         name="grad"),
    Case("SelectV2", lambda tf, c, x: tf.where(c, x, 0.0),
         lambda c, x: np.where(c, x, np.float32(0)), [K([[True], [False], [True]]), F(2)],
         grad=1, name="broadcast"),
    Case("SelectV2", lambda tf, x: tf.boolean_mask(x, x[:, 0] > tf.zeros([], x.dtype)),
         lambda x: x[x[:, 0] > 0], [F(4, 2)], grad=1, name="boolean-mask",
         unknown_rank=False),   # TF: "Number of mask dimensions must be specified"
    Case("Select", lambda tf, c, x, y: _gs.where_v1(c, x, y),
         lambda c, x, y: np.where(np.reshape(c, (3, 1)), x, y),
         [K([True, False, True]), F(3, 2), F(3, 2)], grad=1),
    Case("Select", lambda tf, c, x, y: _gs.where_v1(c, x, y), lambda c, x, y: np.where(c, x, y),
         [B(2, 2), F(2, 2), F(2, 2)], name="elementwise"),
    Case("Unique", lambda tf, x: tf.unique(x), _unique, [I(7, high=3)]),
    Case("TopKV2", lambda tf, x: _gs.top_k(x, 2), lambda x: _stable_top_k(x, 2), [F(3, 4)],
         grad=1),
    Case("TopKV2", lambda tf, x: tf.sort(x * x, axis=0),
         lambda x: np.sort(x * x, axis=0), [F(3, 2)], grad=2, name="sort-second-order"),
    Case("TopKV2", lambda tf, x: tf.argsort(x, direction="DESCENDING"),
         lambda x: np.argsort(-x, kind="stable").astype(np.int32), [V([3, 1, 3, 2, 1])],
         name="argsort-ties"),
]


def _strided_slice_grad(tf, x):
    """StridedSliceGrad as the gradient of x[1:, ::-2, 0] w.r.t. a (3, 4, 2) input."""
    base = tf.zeros([3, 4, 2], dtype=x.dtype)
    with tf.GradientTape() as tape:
        tape.watch(base)
        sliced = base[1:, ::-2, 0]
    return tape.gradient(sliced, base, output_gradients=x)


def _mirror_pad_grad(tf, g, paddings, mode):
    """MirrorPadGrad as the gradient of a mirror pad producing `g`'s shape."""
    shape = [d - a - b for d, (a, b) in zip(g.shape.as_list(), paddings)]
    base = tf.zeros(shape, dtype=g.dtype)
    with tf.GradientTape() as tape:
        tape.watch(base)
        padded = tf.pad(base, paddings, mode)
    return tape.gradient(padded, base, output_gradients=g)
