"""Name-based checkpoints: tf.compat.v1.train.Saver, the `checkpoint` file, checkpoint readers."""
import os

import numpy as np
import pytest


def _saver(tf, *args, **kwargs):
    return tf.compat.v1.train.Saver(*args, **kwargs)


# ---------------------------------------------------------------------- eager Saver

def test_eager_save_returns_the_prefix_and_writes_v2_files(tf, tmp_path):
    a = tf.Variable([[1.0, 2.0, 3.0]], name="a")
    prefix = _saver(tf, [a]).save(None, str(tmp_path / "model"), global_step=100)
    assert prefix == str(tmp_path / "model-100")
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model-100.data-00000-of-00001",
                                            "model-100.index"]
    assert tf.compat.v1.train.checkpoint_exists(prefix)
    assert not tf.compat.v1.train.checkpoint_exists(str(tmp_path / "model-7"))


def test_eager_round_trip_with_list_and_dict(tf, tmp_path):
    a = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3), name="scope/a")
    b = tf.Variable(np.int64(5), name="b")
    s = tf.Variable([b"hello", b""], name="s")
    prefix = _saver(tf, [a, b, s]).save(None, str(tmp_path / "ck"))
    assert tf.train.list_variables(prefix) == [("b", []), ("s", [2]), ("scope/a", [2, 3])]
    a.assign(tf.zeros([2, 3]))
    b.assign(0)
    s.assign([b"x", b"y"])
    _saver(tf, [a, b, s]).restore(None, prefix)
    np.testing.assert_array_equal(a.numpy(), np.arange(6).reshape(2, 3))
    assert int(b.numpy()) == 5 and list(s.numpy()) == [b"hello", b""]
    # A dict renames: the value saved under "b" restores into another variable.
    other = tf.Variable(np.int64(0), name="other")
    _saver(tf, {"b": other}).restore(None, prefix)
    assert int(other.numpy()) == 5


def test_state_file_and_max_to_keep(tf, tmp_path):
    v = tf.Variable(1.0, name="v")
    saver = _saver(tf, [v], max_to_keep=2)
    paths = [saver.save(None, str(tmp_path / "m"), global_step=i) for i in range(4)]
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m-2.data-00000-of-00001",
                                            "m-2.index", "m-3.data-00000-of-00001",
                                            "m-3.index"]
    assert saver.last_checkpoints == paths[2:]
    assert (tmp_path / "checkpoint").read_text() == (
        f'model_checkpoint_path: "{paths[3]}"\n'
        f'all_model_checkpoint_paths: "{paths[2]}"\n'
        f'all_model_checkpoint_paths: "{paths[3]}"\n')
    assert tf.train.latest_checkpoint(str(tmp_path)) == paths[3]
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.model_checkpoint_path == paths[3]
    assert list(state.all_model_checkpoint_paths) == paths[2:]


def test_max_to_keep_none_keeps_everything(tf, tmp_path):
    v = tf.Variable(1.0, name="v")
    saver = _saver(tf, [v], max_to_keep=None)
    for i in range(3):
        saver.save(None, str(tmp_path / "m"), global_step=i)
    assert len([f for f in os.listdir(tmp_path) if f.endswith(".index")]) == 3
    assert (tmp_path / "checkpoint").read_text() == (
        f'model_checkpoint_path: "{tmp_path}/m-2"\n'
        f'all_model_checkpoint_paths: "{tmp_path}/m-2"\n')


def test_relative_paths(tf, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkdir("run")
    v = tf.Variable(1.0, name="v")
    assert _saver(tf, [v]).save(None, "run/m", global_step=3) == "run/m-3"
    assert (tmp_path / "run" / "checkpoint").read_text() == (
        'model_checkpoint_path: "m-3"\nall_model_checkpoint_paths: "m-3"\n')
    assert tf.train.latest_checkpoint("run") == "run/m-3"
    _saver(tf, [v], save_relative_paths=True).save(None, str(tmp_path / "run" / "r"))
    assert (tmp_path / "run" / "checkpoint").read_text() == (
        'model_checkpoint_path: "r"\nall_model_checkpoint_paths: "r"\n')
    assert tf.train.latest_checkpoint(str(tmp_path / "run")) == str(tmp_path / "run" / "r")


def test_pad_step_number(tf, tmp_path):
    v = tf.Variable(1.0, name="v")
    prefix = _saver(tf, [v], pad_step_number=True).save(None, str(tmp_path / "m"),
                                                         global_step=tf.constant(42))
    assert prefix == str(tmp_path / "m-00000042")


def test_write_state_false_leaves_no_state_file(tf, tmp_path):
    v = tf.Variable(1.0, name="v")
    _saver(tf, [v]).save(None, str(tmp_path / "m"), write_state=False)
    assert "checkpoint" not in os.listdir(tmp_path)
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    assert tf.train.get_checkpoint_state(str(tmp_path)) is None


# ---------------------------------------------------------------------- graph-mode Saver

def test_graph_saver_round_trip(tf, tmp_path):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        w = v1.get_variable("w", initializer=np.array([[1.0, 2.0]], np.float32))
        with v1.variable_scope("layer"):
            b = v1.get_variable("b", initializer=np.array([3.0], np.float64))
        saver = _saver(tf)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            prefix = saver.save(sess, str(tmp_path / "model"), global_step=7)
        assert prefix == str(tmp_path / "model-7")
        with v1.Session() as sess:      # restoring is itself a way to initialize
            saver.restore(sess, prefix)
            np.testing.assert_array_equal(sess.run(w), [[1.0, 2.0]])
            np.testing.assert_array_equal(sess.run(b), [3.0])
    names = dict(tf.train.list_variables(str(tmp_path)))
    assert names == {"w": [1, 2], "layer/b": [1]}


def test_graph_saver_global_step_variable(tf, tmp_path):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        step = v1.Variable(12, name="global_step", dtype=tf.int64)
        saver = _saver(tf, [step])
        with v1.Session() as sess:
            sess.run(step.initializer)
            assert saver.save(sess, str(tmp_path / "m"), global_step=step).endswith("m-12")


def test_graph_saver_partitioned_variable_is_one_key(tf, tmp_path):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        with v1.variable_scope("scope"):
            p = v1.get_variable("p", shape=[5, 2],
                                partitioner=v1.fixed_size_partitioner(2),
                                initializer=v1.random_normal_initializer(seed=1))
        saver = _saver(tf)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            full = sess.run(p.as_tensor())
            prefix = saver.save(sess, str(tmp_path / "m"))
        with v1.Session() as sess:
            saver.restore(sess, prefix)
            np.testing.assert_array_equal(sess.run(p.as_tensor()), full)
    reader = tf.train.load_checkpoint(prefix)
    assert reader.get_variable_to_shape_map() == {"scope/p": [5, 2]}
    np.testing.assert_array_equal(reader.get_tensor("scope/p"), full)


def test_graph_saver_collects_variables_when_built(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="No variables to save"):
            _saver(tf)
        assert _saver(tf, allow_empty=True).save(v1.Session(), "/nonexistent/x") is None


# ---------------------------------------------------------------------- errors

def _checkpoint_with_a(tf, tmp_path):
    a = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3), name="a")
    return _saver(tf, [a]).save(None, str(tmp_path / "m"))


def test_restore_missing_key_is_not_found(tf, tmp_path):
    prefix = _checkpoint_with_a(tf, tmp_path)
    zz = tf.Variable(tf.zeros([3]), name="zz")
    with pytest.raises(tf.errors.NotFoundError) as info:
        _saver(tf, [zz]).restore(None, prefix)
    message = str(info.value)
    assert message.startswith("Restoring from checkpoint failed. This is most likely due to a "
                              "Variable name or other graph key that is missing from the "
                              "checkpoint.")
    assert "Key zz not found in checkpoint" in message


def test_restore_dtype_mismatch_is_invalid_argument(tf, tmp_path):
    prefix = _checkpoint_with_a(tf, tmp_path)
    x = tf.Variable(tf.zeros([2, 3], tf.float64), name="x")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        _saver(tf, {"a": x}).restore(None, prefix)
    assert "mismatch between the current graph and the graph" in str(info.value)
    assert "tensor_name = a; expected dtype double does not equal original dtype float" in \
        str(info.value)


def test_restore_shape_mismatch_eagerly(tf, tmp_path):
    prefix = _checkpoint_with_a(tf, tmp_path)
    a = tf.Variable(tf.zeros([3, 3]), name="a")
    with pytest.raises(ValueError, match=r"Received incompatible tensor with shape \(2, 3\) "
                                         r"when attempting to restore variable with shape "
                                         r"\(3, 3\) and name a\."):
        _saver(tf, [a]).restore(None, prefix)


def test_restore_bad_paths(tf, tmp_path):
    a = tf.Variable(1.0, name="a")
    saver = _saver(tf, [a])
    with pytest.raises(ValueError, match="Can't load save_path when it is None."):
        saver.restore(None, None)
    missing = str(tmp_path / "nothing-1")
    with pytest.raises(ValueError, match="The passed save_path is not a valid checkpoint: " +
                       missing):
        saver.restore(None, missing)


def test_saver_argument_errors(tf, tmp_path):
    a = tf.Variable(1.0, name="a")
    with pytest.raises(RuntimeError, match="`var_list` must specify a list or dict"):
        _saver(tf)
    with tf.Graph().as_default():
        v = tf.compat.v1.Variable(1.0, name="v")
        with pytest.raises(ValueError, match="At least two variables have the same name: v"):
            _saver(tf, [v, v])
    with pytest.raises(ValueError, match="Parent directory of .* doesn't exist, can't save."):
        _saver(tf, [a]).save(None, str(tmp_path / "no" / "such" / "m"))
    with pytest.raises(ValueError, match="'latest_filename' must not contain path components"):
        _saver(tf, [a]).save(None, str(tmp_path / "m"), latest_filename="x/y")


def test_corrupted_checkpoints_raise_data_loss(tf, tmp_path):
    prefix = _checkpoint_with_a(tf, tmp_path)
    a = tf.Variable(tf.zeros([2, 3]), name="a")
    data = prefix + ".data-00000-of-00001"
    original = open(data, "rb").read()
    with open(data, "wb") as f:
        f.write(original[:5] + bytes([original[5] ^ 1]) + original[6:])
    with pytest.raises(tf.errors.DataLossError):
        _saver(tf, [a]).restore(None, prefix)
    with open(data, "wb") as f:
        f.write(original)
    index = open(prefix + ".index", "rb").read()
    with open(prefix + ".index", "wb") as f:
        f.write(index[:-3])
    with pytest.raises(tf.errors.DataLossError):
        _saver(tf, [a]).restore(None, prefix)
    np.testing.assert_array_equal(a.numpy(), np.zeros([2, 3]))


# ---------------------------------------------------------------------- readers

def test_reader_api(tf, tmp_path):
    f = tf.Variable(3.0, name="f")
    i = tf.Variable(np.int64(4), name="i")
    s = tf.Variable(b"x", name="s")
    e = tf.Variable(tf.zeros([0, 3], tf.int32), name="e")
    prefix = _saver(tf, [f, i, s, e]).save(None, str(tmp_path / "m"))
    for reader in (tf.train.load_checkpoint(prefix), tf.train.load_checkpoint(str(tmp_path)),
                   tf.compat.v1.train.NewCheckpointReader(prefix)):
        assert reader.get_variable_to_shape_map() == {"f": [], "i": [], "s": [], "e": [0, 3]}
        assert reader.get_variable_to_dtype_map() == {"f": tf.float32, "i": tf.int64,
                                                      "s": tf.string, "e": tf.int32}
        assert reader.has_tensor("f") and not reader.has_tensor("g")
        value = reader.get_tensor("f")
        assert type(value) is np.float32 and value == 3.0
        assert reader.get_tensor("s") == b"x"
        assert reader.get_tensor("e").shape == (0, 3)
        with pytest.raises(tf.errors.NotFoundError, match="Key g not found in checkpoint"):
            reader.get_tensor("g")
    assert tf.train.load_variable(prefix, "i:0") == 4
    assert tf.train.list_variables(str(tmp_path)) == [("e", [0, 3]), ("f", []), ("i", []),
                                                      ("s", [])]


def test_reader_errors(tf, tmp_path):
    with pytest.raises(tf.errors.NotFoundError,
                       match="Failed to find any matching files for " + str(tmp_path / "nope")):
        tf.train.load_checkpoint(str(tmp_path / "nope"))
    with pytest.raises(ValueError, match="Couldn't find 'checkpoint' file or checkpoints in "
                                         "given directory"):
        tf.train.load_checkpoint(str(tmp_path))
    prefix = _checkpoint_with_a(tf, tmp_path)
    index = open(prefix + ".index", "rb").read()
    with open(prefix + ".index", "wb") as f:
        f.write(index[:20] + bytes([index[20] ^ 1]) + index[21:])
    with pytest.raises(tf.errors.OpError):     # TF: an UNKNOWN OpError; tensorlite: DataLoss
        tf.train.load_checkpoint(prefix)


# ---------------------------------------------------------------------- tf.train.Checkpoint

def _model(tf):
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

    return Model()


def test_checkpoint_keys_and_state_file(tf, tmp_path):
    model = _model(tf)
    ckpt = tf.train.Checkpoint(model=model, extra=tf.Variable([1.0, 2.0]))
    path = ckpt.save(str(tmp_path / "ck"))
    assert path == str(tmp_path / "ck-1") and int(ckpt.save_counter.numpy()) == 1
    assert (tmp_path / "checkpoint").read_text() == (
        'model_checkpoint_path: "ck-1"\nall_model_checkpoint_paths: "ck-1"\n')
    assert [name for name, _ in tf.train.list_variables(str(tmp_path))] == [
        "_CHECKPOINTABLE_OBJECT_GRAPH", "extra/.ATTRIBUTES/VARIABLE_VALUE",
        "model/config/scale/.ATTRIBUTES/VARIABLE_VALUE",
        "model/layers/0/bias/.ATTRIBUTES/VARIABLE_VALUE",
        "model/layers/0/kernel/.ATTRIBUTES/VARIABLE_VALUE",
        "model/layers/1/bias/.ATTRIBUTES/VARIABLE_VALUE",
        "model/layers/1/kernel/.ATTRIBUTES/VARIABLE_VALUE",
        "model/step/.ATTRIBUTES/VARIABLE_VALUE", "save_counter/.ATTRIBUTES/VARIABLE_VALUE"]
    assert ckpt.save(str(tmp_path / "ck")) == str(tmp_path / "ck-2")
    assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "ck-2")


def test_checkpoint_round_trip(tf, tmp_path):
    model = _model(tf)
    path = tf.train.Checkpoint(model=model).save(str(tmp_path / "ck"))
    fresh = _model(tf)
    for variable in fresh.variables:
        variable.assign(tf.zeros_like(variable))
    ckpt = tf.train.Checkpoint(model=fresh)
    ckpt.restore(path).assert_consumed().assert_existing_objects_matched()
    for saved, restored in zip(model.variables, fresh.variables):
        np.testing.assert_array_equal(saved.numpy(), restored.numpy())
    assert int(ckpt.save_counter.numpy()) == 1
    assert ckpt.save(str(tmp_path / "ck")) == str(tmp_path / "ck-2")


def test_checkpoint_partial_matches(tf, tmp_path):
    v = tf.Variable([1.0, 2.0])
    path = tf.train.Checkpoint(v=v).save(str(tmp_path / "ck"))
    other = tf.Variable(1.0)
    status = tf.train.Checkpoint(v=tf.Variable([0.0, 0.0]), other=other).restore(path)
    with pytest.raises(AssertionError, match="Found 1 Python objects that were not bound to "
                                             "checkpointed values"):
        status.assert_consumed()
    status = tf.train.Checkpoint().restore(path)
    with pytest.raises(AssertionError, match=r"Unresolved object in checkpoint \(root\)\.v: "):
        status.assert_consumed()
    status.expect_partial()


def test_checkpoint_errors(tf, tmp_path):
    v = tf.Variable([1.0, 2.0])
    path = tf.train.Checkpoint(v=v).save(str(tmp_path / "ck"))
    with pytest.raises(ValueError, match=r"Received incompatible tensor with shape \(2,\) when "
                                         r"attempting to restore variable with shape \(3,\)"):
        tf.train.Checkpoint(v=tf.Variable([1.0, 2.0, 3.0])).restore(path)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="tensor_name = v/.ATTRIBUTES/VARIABLE_VALUE; expected dtype int32 "
                             "does not equal original dtype float"):
        tf.train.Checkpoint(v=tf.Variable([1, 2])).restore(path)
    with pytest.raises(tf.errors.NotFoundError,
                       match="Error when restoring from checkpoint or SavedModel at"):
        tf.train.Checkpoint(v=v).restore(str(tmp_path / "nope"))
    with pytest.raises(ValueError, match="`Checkpoint` was expecting v to be a trackable "
                                         "object"):
        tf.train.Checkpoint(v=3)


def test_checkpoint_write_and_read_skip_the_counter(tf, tmp_path):
    v = tf.Variable([1.0, 2.0])
    ckpt = tf.train.Checkpoint(v=v)
    assert ckpt.write(str(tmp_path / "sub" / "w")) == str(tmp_path / "sub" / "w")
    assert sorted(os.listdir(tmp_path / "sub")) == ["w.data-00000-of-00001", "w.index"]
    v.assign([0.0, 0.0])
    ckpt.read(str(tmp_path / "sub" / "w")).assert_consumed()
    assert v.numpy().tolist() == [1.0, 2.0]


def test_checkpoint_manager(tf, tmp_path):
    v = tf.Variable(1.0)
    ckpt = tf.train.Checkpoint(v=v)
    manager = tf.train.CheckpointManager(ckpt, str(tmp_path / "run"), max_to_keep=2)
    assert manager.latest_checkpoint is None
    paths = [manager.save() for _ in range(3)]
    assert paths == [str(tmp_path / "run" / f"ckpt-{i}") for i in (1, 2, 3)]
    assert manager.checkpoints == paths[1:] and manager.latest_checkpoint == paths[2]
    assert sorted(os.listdir(tmp_path / "run")) == [
        "checkpoint", "ckpt-2.data-00000-of-00001", "ckpt-2.index",
        "ckpt-3.data-00000-of-00001", "ckpt-3.index"]
    lines = (tmp_path / "run" / "checkpoint").read_text().splitlines()
    assert lines[:3] == ['model_checkpoint_path: "ckpt-3"', 'all_model_checkpoint_paths: '
                         '"ckpt-2"', 'all_model_checkpoint_paths: "ckpt-3"']
    assert [line.split(":")[0] for line in lines[3:]] == [
        "all_model_checkpoint_timestamps", "all_model_checkpoint_timestamps",
        "last_preserved_timestamp"]
    assert manager.save(checkpoint_number=100) == str(tmp_path / "run" / "ckpt-100")
    again = tf.train.CheckpointManager(ckpt, str(tmp_path / "run"), max_to_keep=2)
    assert again.checkpoints == [paths[2], str(tmp_path / "run" / "ckpt-100")]
    assert again.latest_checkpoint == str(tmp_path / "run" / "ckpt-100")


def test_saver_and_checkpoint_read_each_others_files(tf, tmp_path):
    v = tf.Variable([1.0, 2.0], name="weights")
    path = tf.train.Checkpoint(v=v).save(str(tmp_path / "object"))
    w = tf.Variable([0.0, 0.0], name="weights")
    _saver(tf, [w]).restore(None, path)         # by the variable's name in the object graph
    assert w.numpy().tolist() == [1.0, 2.0]
    prefix = _saver(tf, {"a": v}).save(None, str(tmp_path / "names"))
    z = tf.Variable([0.0, 0.0], name="a")
    tf.train.Checkpoint(z=z).restore(prefix)    # by global names
    assert z.numpy().tolist() == [1.0, 2.0]
