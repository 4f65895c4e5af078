"""Checkpoints cross between tensorlite and real TensorFlow 2.21, both ways.

TensorFlow runs in its own interpreter (the oracle venv, or $TENSORLITE_ORACLE_PYTHON) as a
subprocess; tensorlite runs in-process. Without the oracle these tests FAIL, unless
TENSORLITE_NO_ORACLE=1 says to skip them.
"""
import os

import numpy as np
import pytest

import tensorlite as tf
from tests.unit.oracle import oracle_python
from tests.unit.oracle import run_tensorflow as _oracle_run
from tensorlite.train import checkpoint_format as fmt
from tensorlite.train import checkpoint_utils as utils
from tensorlite.train.saver import Saver
from tensorlite.variables.partitioners import PartitionedVariable


# ---------------------------------------------------------------------- TensorFlow -> tensorlite

_TF_WRITES = """
import numpy as np, tensorflow as tf
v1 = tf.compat.v1
v1.disable_eager_execution()
rng = np.random.default_rng(0)
values = {
    "dense/kernel": rng.standard_normal((4, 3)).astype(np.float32),
    "dense/bias": np.array([1.0, -2.0, 3.5]),
    "step": np.int64(1234567890123),
    "flags": np.array([True, False, True]),
    "half": np.array([0.5, 65504.0], np.float16),
    "cplx": np.array([1 + 2j, 3 - 4j], np.complex64),
    "words": np.array([b"hello", b"", b"x" * 300, "\\u00e9".encode()], object),
    "empty": np.zeros((0, 5), np.int32),
}
tf_vars = {n: v1.Variable(v, name=n) for n, v in values.items()}
big = rng.standard_normal((300, 4)).astype(np.float32)
cols = rng.standard_normal((3, 7)).astype(np.float64)
with v1.variable_scope("emb"):
    p = v1.get_variable("table", shape=[300, 4], partitioner=v1.fixed_size_partitioner(3),
                        initializer=v1.constant_initializer(0.0))
    q = v1.get_variable("cols", shape=[3, 7], dtype=tf.float64,
                        partitioner=v1.fixed_size_partitioner(2, axis=1),
                        initializer=v1.constant_initializer(0.0))
saver = v1.train.Saver(max_to_keep=3)
with v1.Session() as sess:
    sess.run(v1.global_variables_initializer())
    sess.run(p.assign(big))
    sess.run(q.assign(cols))
    for step in (1, 2):
        prefix = saver.save(sess, "tfckpt/model", global_step=step)
values["emb/table"] = big
values["emb/cols"] = cols
np.savez("expected.npz", **{k.replace("/", "__"): v for k, v in values.items()},
         allow_pickle=True)
print(prefix)
"""


@pytest.fixture(scope="module")
def tf_checkpoint(tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("from_tensorflow"))
    os.mkdir(os.path.join(workdir, "tfckpt"))
    prefix = _run_tensorflow(_TF_WRITES, workdir).strip().splitlines()[-1]
    with np.load(os.path.join(workdir, "expected.npz"), allow_pickle=True) as data:
        expected = {k.replace("__", "/"): data[k] for k in data.files}
    return os.path.join(workdir, prefix), expected


def test_tensorflow_checkpoint_reads_in_tensorlite(tf_checkpoint):
    prefix, expected = tf_checkpoint
    reader = utils.load_checkpoint(os.path.dirname(prefix))    # via the `checkpoint` file
    assert sorted(reader.get_variable_to_shape_map()) == sorted(expected)
    for name, value in expected.items():
        restored = np.asarray(reader.get_tensor(name))
        assert restored.shape == value.shape, name
        if value.dtype == object:
            assert restored.tolist() == value.tolist()
        else:
            assert restored.dtype == value.dtype, name
            np.testing.assert_array_equal(restored, value)
    assert reader.get_variable_to_dtype_map()["half"] == tf.float16


def test_tensorflow_state_file_reads_in_tensorlite(tf_checkpoint):
    prefix, _ = tf_checkpoint
    directory = os.path.dirname(prefix)
    state = utils.get_checkpoint_state(directory)
    assert state.model_checkpoint_path == prefix == utils.latest_checkpoint(directory)
    assert [os.path.basename(p) for p in state.all_model_checkpoint_paths] == \
        ["model-1", "model-2"]


def test_tensorflow_checkpoint_restores_in_tensorlite_graph_mode(tf_checkpoint):
    prefix, expected = tf_checkpoint
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        kernel = v1.get_variable("dense/kernel", shape=[4, 3])
        words = v1.Variable([b""] * 4, name="words")
        with v1.variable_scope("emb"):
            table = v1.get_variable("table", shape=[300, 4],
                                    partitioner=v1.fixed_size_partitioner(3))
        assert isinstance(table, PartitionedVariable)
        saver = Saver({"dense/kernel": kernel, "words": words, "emb/table": table})
        with v1.Session() as sess:
            saver.restore(sess, prefix)
            np.testing.assert_array_equal(sess.run(kernel), expected["dense/kernel"])
            assert sess.run(words).tolist() == expected["words"].tolist()
            np.testing.assert_array_equal(sess.run(table.as_tensor()), expected["emb/table"])


def test_tensorflow_checkpoint_restores_in_tensorlite_eagerly(tf_checkpoint):
    prefix, expected = tf_checkpoint
    step = tf.Variable(np.int64(0), name="step")
    flags = tf.Variable([False] * 3, name="flags")
    half = tf.Variable(np.zeros(2, np.float16), name="half")
    Saver([step, flags, half]).restore(None, prefix)
    assert int(step.numpy()) == 1234567890123
    assert flags.numpy().tolist() == [True, False, True]
    np.testing.assert_array_equal(half.numpy(), expected["half"])


def test_init_from_a_tensorflow_checkpoint_in_graph_mode(tf_checkpoint):
    prefix, expected = tf_checkpoint
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        with v1.variable_scope("net"):
            kernel = v1.get_variable("kernel", shape=[4, 3])
            bias = v1.get_variable("bias", shape=[3], dtype=tf.float64)
        # Partitioned differently from TF's three parts: each part reads its own slice of
        # the tensor TF saved in slices.
        table = v1.get_variable("table", shape=[300, 4],
                                partitioner=v1.fixed_size_partitioner(4))
        cols = v1.get_variable("cols", shape=[3, 7], dtype=tf.float64,
                               partitioner=v1.fixed_size_partitioner(3, axis=1))
        words = v1.Variable([b""] * 4, name="words")
        half = v1.Variable(np.zeros(2, np.float16), name="half", use_resource=False)
        v1.train.init_from_checkpoint(os.path.dirname(prefix), {
            "dense/": "net/", "emb/table": "table", "emb/cols": list(cols),
            "words": words, "half": half})
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            np.testing.assert_array_equal(sess.run(kernel), expected["dense/kernel"])
            np.testing.assert_array_equal(sess.run(bias), expected["dense/bias"])
            np.testing.assert_array_equal(sess.run(table.as_tensor()), expected["emb/table"])
            np.testing.assert_array_equal(sess.run(cols.as_tensor()), expected["emb/cols"])
            assert sess.run(words).tolist() == expected["words"].tolist()
            np.testing.assert_array_equal(sess.run(half), expected["half"])


def test_init_from_a_tensorflow_checkpoint_eagerly(tf_checkpoint):
    prefix, expected = tf_checkpoint
    step = tf.Variable(np.int64(0))
    flags = tf.Variable([False] * 3)
    # Eagerly the values arrive at once (no initializer to run), as in TF.
    tf.compat.v1.train.init_from_checkpoint(prefix, [("step", step), ("flags", flags)])
    assert int(step.numpy()) == 1234567890123
    assert flags.numpy().tolist() == expected["flags"].tolist()


def test_tensorlite_rewrites_a_tensorflow_checkpoint_byte_for_byte(tf_checkpoint, tmp_path):
    prefix, _ = tf_checkpoint
    source = fmt.BundleReader(prefix)
    copy = str(tmp_path / "copy")
    with fmt.BundleWriter(copy) as writer:
        for name in sorted(source.entries):
            entry = source.entries[name]
            value = source.read(name)
            if not entry.slices:
                writer.add(name, value, entry.dtype)
                continue
            for extents in entry.slices:
                bounds = tuple(slice(start, start + length) for start, length in extents)
                writer.add_slice(name, entry.shape, [s for s, _ in extents], value[bounds],
                                 entry.dtype)
    for suffix in (".index", ".data-00000-of-00001"):
        with open(prefix + suffix, "rb") as theirs, open(copy + suffix, "rb") as ours:
            assert ours.read() == theirs.read(), suffix


# ---------------------------------------------------------------------- tensorlite -> TensorFlow

_TF_READS = """
import os, numpy as np, tensorflow as tf
v1 = tf.compat.v1
with np.load("expected.npz", allow_pickle=True) as data:
    expected = {k.replace("__", "/"): data[k] for k in data.files}

# The checkpoint state file and the reader.
prefix = tf.train.latest_checkpoint("tlckpt")
assert prefix == "tlckpt/model-20", prefix
reader = tf.train.load_checkpoint(prefix)
shapes = reader.get_variable_to_shape_map()
for name, value in expected.items():
    got = reader.get_tensor(name)
    assert list(np.shape(got)) == list(value.shape) == shapes[name], name
    if value.dtype == object:
        assert np.asarray(got, object).tolist() == value.tolist(), name
    else:
        assert np.asarray(got).dtype == value.dtype, name
        np.testing.assert_array_equal(got, value)

# A TF1 graph restores it, partitioned variables included.
with tf.Graph().as_default():
    kernel = v1.get_variable("dense/kernel", shape=[4, 3])
    with v1.variable_scope("emb"):
        table = v1.get_variable("table", shape=[300, 4],
                                partitioner=v1.fixed_size_partitioner(3))
    saver = v1.train.Saver([kernel, table])
    with v1.Session() as sess:
        saver.restore(sess, prefix)
        np.testing.assert_array_equal(sess.run(kernel), expected["dense/kernel"])
        np.testing.assert_array_equal(sess.run(table.as_tensor()), expected["emb/table"])

# TF2 eagerly restores the other values.
words = tf.Variable([b""] * 4, name="words")
step = tf.Variable(np.int64(0), name="step")
v1.train.Saver([words, step]).restore(None, prefix)
assert words.numpy().tolist() == expected["words"].tolist()
assert int(step.numpy()) == int(expected["step"])

# A big index (several table blocks) written by tensorlite.
reader = tf.train.load_checkpoint("many/ckpt")
names = sorted(reader.get_variable_to_shape_map())
assert len(names) == 3000, len(names)
for i in (0, 1, 1234, 2999):
    assert reader.get_tensor(f"layer_{i:04d}/" + "w" * 120) == i
print("ALL OK")
"""


def test_tensorlite_checkpoint_restores_in_tensorflow(tmp_path):
    oracle_python("checkpoint interop")
    rng = np.random.default_rng(1)
    values = {
        "dense/kernel": rng.standard_normal((4, 3)).astype(np.float32),
        "step": np.int64(-98765432101),
        "flags": np.array([[True], [False]]),
        "half": np.array([0.25, -1.0], np.float16),
        "cplx": np.array([1 + 2j], np.complex128),
        "words": np.array([b"one", b"", b"y" * 1000, b"\x00\xff"], object),
        "empty": np.zeros((2, 0), np.float32),
        "u16": np.array([65535, 1], np.uint16),
        "emb/table": rng.standard_normal((300, 4)).astype(np.float32),
    }
    v1 = tf.compat.v1
    os.mkdir(tmp_path / "tlckpt")
    with tf.Graph().as_default():
        variables = {name: v1.Variable(value, name=name) for name, value in values.items()
                     if name != "emb/table"}
        with v1.variable_scope("emb"):
            table = v1.get_variable("table", shape=[300, 4],
                                    partitioner=v1.fixed_size_partitioner(3))
        saver = Saver({**variables, "emb/table": table})
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            sess.run(table.assign(values["emb/table"]))
            for step in (10, 20):
                saver.save(sess, str(tmp_path / "tlckpt" / "model"), global_step=step)
    # TF resolves relative entries of the state file against its directory.
    utils.update_checkpoint_state_internal(str(tmp_path / "tlckpt"),
                                           str(tmp_path / "tlckpt" / "model-20"),
                                           save_relative_paths=True)
    os.mkdir(tmp_path / "many")
    with fmt.BundleWriter(str(tmp_path / "many" / "ckpt")) as writer:
        for i in range(3000):
            writer.add(f"layer_{i:04d}/" + "w" * 120, np.int32(i))
    assert (tmp_path / "many" / "ckpt.index").stat().st_size > fmt._BLOCK_SIZE   # 2 blocks
    np.savez(tmp_path / "expected.npz",
             **{k.replace("/", "__"): v for k, v in values.items()}, allow_pickle=True)
    assert _run_tensorflow(_TF_READS, str(tmp_path)).strip().endswith("ALL OK")


# ---------------------------------------------------------------------- tf.train.Checkpoint

_MODEL_SOURCE = """
class Dense(tf.Module):
    def __init__(self, n):
        super().__init__()
        self.kernel = tf.Variable(np.full((2, n), float(n), np.float32), name="kernel")
        self.bias = tf.Variable(np.zeros(n, np.float32), name="bias")


class Model(tf.Module):
    def __init__(self):
        super().__init__()
        self.layers = [Dense(3), Dense(1)]
        self.config = {"scale": tf.Variable(2.0, name="scale"), "n": 3}
        self.step = tf.Variable(0, dtype=tf.int64, name="my/step")
"""

_TF_OBJECT_CHECKPOINTS = """
import numpy as np, tensorflow as tf
""" + _MODEL_SOURCE + """
# tensorlite's checkpoint restores, every object matched.
model = Model()
ckpt = tf.train.Checkpoint(model=model, extra=tf.Variable([0.0, 0.0]))
ckpt.restore(tf.train.latest_checkpoint("tl")).assert_consumed()
assert model.layers[0].kernel.numpy().tolist() == [[7.0] * 3] * 2
assert int(model.step.numpy()) == 42 and int(ckpt.save_counter.numpy()) == 2
assert ckpt.extra.numpy().tolist() == [5.0, 6.0]
# TensorFlow writes its own, in a manager.
model.layers[1].bias.assign([-1.0])
manager = tf.train.CheckpointManager(ckpt, "tf", max_to_keep=3)
manager.save()
model.step.assign(43)
# A checkpoint whose data is spread over several shards.
vs = [tf.Variable(np.full((100,), i, np.float32)) for i in range(5)]
options = tf.train.CheckpointOptions(
    experimental_sharding_callback=tf.train.experimental.MaxShardSizePolicy(max_shard_size=500))
tf.train.Checkpoint(vs=vs).write("sharded/ck", options=options)
print(manager.save())
"""


def test_object_checkpoints_cross_both_ways(tmp_path):
    oracle_python("checkpoint interop")
    from tensorlite.train.object_checkpoint import Checkpoint, CheckpointManager
    namespace = {"tf": tf, "np": np}
    exec(_MODEL_SOURCE, namespace)
    model = namespace["Model"]()
    model.layers[0].kernel.assign(np.full((2, 3), 7.0, np.float32))
    model.step.assign(42)
    ckpt = Checkpoint(model=model, extra=tf.Variable([5.0, 6.0]))
    manager = CheckpointManager(ckpt, str(tmp_path / "tl"), max_to_keep=1)
    manager.save()
    manager.save()
    latest = _run_tensorflow(_TF_OBJECT_CHECKPOINTS, str(tmp_path)).strip().splitlines()[-1]
    assert latest == "tf/ckpt-4"

    fresh = namespace["Model"]()
    restored = Checkpoint(model=fresh, extra=tf.Variable([0.0, 0.0]))
    manager = CheckpointManager(restored, str(tmp_path / "tf"), max_to_keep=3)
    assert [os.path.basename(p) for p in manager.checkpoints] == ["ckpt-3", "ckpt-4"]
    restored.restore(manager.latest_checkpoint).assert_consumed()
    assert int(fresh.step.numpy()) == 43 and fresh.layers[1].bias.numpy().tolist() == [-1.0]
    assert fresh.layers[0].kernel.numpy().tolist() == [[7.0] * 3] * 2
    assert int(restored.save_counter.numpy()) == 4

    assert len([f for f in os.listdir(tmp_path / "sharded") if ".data-" in f]) > 2
    vs = [tf.Variable(np.zeros(100, np.float32)) for _ in range(5)]
    Checkpoint(vs=vs).read(str(tmp_path / "sharded" / "ck")).assert_consumed()
    assert [float(v.numpy()[0]) for v in vs] == [0.0, 1.0, 2.0, 3.0, 4.0]

    # Written again by tensorlite, the files are TensorFlow's, byte for byte.
    copy = str(tmp_path / "copy")
    restored.save_counter.assign(3)
    assert restored.save(copy) == copy + "-4"
    for suffix in (".index", ".data-00000-of-00001"):
        with open(str(tmp_path / "tf" / "ckpt-4") + suffix, "rb") as theirs, \
                open(copy + "-4" + suffix, "rb") as ours:
            assert ours.read() == theirs.read(), suffix


# ---------------------------------------------------------------------- .meta files, both ways

# One TF1 program: a two-layer regression (resource or reference variables) saved with its
# MetaGraphDef; `--load` imports it in a fresh graph, restores, and takes a training step.
_META_PROGRAM = """
import os, sys, numpy as np
import {module} as tf
v1 = tf.compat.v1
if "{module}" == "tensorflow":
    v1.disable_eager_execution()
xs = np.arange(12, dtype=np.float32).reshape(4, 3) / 10
ys = np.ones((4, 1), np.float32)

def save(directory, use_resource):
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [None, 3], name="x")
        y = v1.placeholder(tf.float32, [None, 1], name="y")
        with v1.variable_scope("model", use_resource=use_resource):
            w = v1.get_variable("w", [3, 4], initializer=v1.constant_initializer(0.1))
            b = v1.get_variable("b", [4], initializer=v1.zeros_initializer())
            out = tf.matmul(tf.nn.relu(tf.matmul(x, w) + b),
                            v1.get_variable("v", [4, 1], initializer=v1.ones_initializer()))
        loss = tf.reduce_mean(tf.square(out - y), name="loss")
        train = v1.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
        v1.add_to_collection("train_ops", train)
        v1.add_to_collection("outputs", out)
        sess = v1.Session(graph=graph)
        sess.run(v1.global_variables_initializer())
        sess.run(train, {{x: xs, y: ys}})
        v1.train.Saver().save(sess, os.path.join(directory, "model"))
        print("saved", repr(float(sess.run(loss, {{x: xs, y: ys}}))))

def load(directory):
    graph = tf.Graph()
    with graph.as_default():
        saver = v1.train.import_meta_graph(os.path.join(directory, "model.meta"))
        sess = v1.Session(graph=graph)
        saver.restore(sess, os.path.join(directory, "model"))
        feeds = {{"x:0": xs, "y:0": ys}}
        before = float(sess.run("loss:0", feeds))
        sess.run(v1.get_collection("train_ops")[0], feeds)
        print("loaded", repr(before), repr(float(sess.run("loss:0", feeds))),
              len(v1.trainable_variables()), v1.get_collection("outputs")[0].name)
"""


def _meta_program(module):
    return _META_PROGRAM.format(module=module)


def _run_meta_in_tensorlite(source_call, directory):
    namespace = {}
    exec(_meta_program("tensorlite"), namespace)
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        eval(source_call, namespace, {"directory": directory})
    return out.getvalue()


@pytest.mark.parametrize("use_resource", [True, False])
def test_meta_graphs_cross_both_ways(tmp_path, use_resource):
    # TensorFlow writes, tensorlite imports, restores and trains on.
    theirs = str(tmp_path / "tf")
    os.makedirs(theirs)
    saved = _run_tensorflow(_meta_program("tensorflow") +
                            f"\nsave({theirs!r}, {use_resource})\n", str(tmp_path))
    loaded = _run_meta_in_tensorlite("load(directory)", theirs)
    saved_loss = float(saved.split()[-1])
    words = loaded.split()
    assert words[0] == "loaded" and float(words[1]) == pytest.approx(saved_loss, rel=1e-6)
    assert float(words[2]) < float(words[1])
    assert words[3:] == ["3", "model/MatMul_1:0"]

    # tensorlite writes, TensorFlow imports, restores and trains on: the same numbers.
    ours = str(tmp_path / "tl")
    os.makedirs(ours)
    saved = _run_meta_in_tensorlite(f"save(directory, {use_resource})", ours)
    loaded_by_tf = _run_tensorflow(_meta_program("tensorflow") + f"\nload({ours!r})\n",
                                   str(tmp_path)).split()
    assert float(loaded_by_tf[1]) == pytest.approx(float(saved.split()[-1]), rel=1e-6)
    if use_resource:
        # Both steps start from the same state. (With reference variables TF's parallel
        # executor may update `v` before a gradient reads it: its step is not exact.)
        assert float(loaded_by_tf[2]) == pytest.approx(float(words[2]), rel=1e-5)
    assert float(loaded_by_tf[2]) < float(loaded_by_tf[1])
    assert loaded_by_tf[3:] == ["3", "model/MatMul_1:0"]


_TF_WRITES_A_COND = """
import tensorflow as tf
v1 = tf.compat.v1
v1.disable_eager_execution()
x = v1.placeholder(tf.float32, [None], name="x")
w = tf.Variable(2.0, name="w")
y = tf.multiply(x, w, name="y")
tf.cond(tf.reduce_sum(x) > 0, lambda: y, lambda: -y, name="c")
with v1.Session() as sess:
    sess.run(v1.global_variables_initializer())
    sess.run(w.assign(3.0))
    v1.train.Saver().save(sess, "model")
"""


def test_a_tensorflow_graph_with_functions_imports_and_runs(tmp_path, caplog):
    # (TF's function library rebuilt as tensorlite bodies: tensorlite/function_def.py)
    _run_tensorflow(_TF_WRITES_A_COND, str(tmp_path))
    v1 = tf.compat.v1
    with tf.Graph().as_default() as graph:
        saver = v1.train.import_meta_graph(str(tmp_path / "model.meta"))
        assert "StatelessIf" not in caplog.text      # nothing skipped
        with v1.Session(graph=graph) as sess:
            saver.restore(sess, str(tmp_path / "model"))
            np.testing.assert_allclose(sess.run("y:0", {"x:0": [1.0, 2.0]}), [3.0, 6.0])
            np.testing.assert_allclose(sess.run("c:0", {"x:0": [1.0, 2.0]}), [3.0, 6.0])
            np.testing.assert_allclose(sess.run("c:0", {"x:0": [-1.0, -2.0]}), [3.0, 6.0])


def _run_tensorflow(source, workdir):
    return _oracle_run(source, workdir, "checkpoint interop")
