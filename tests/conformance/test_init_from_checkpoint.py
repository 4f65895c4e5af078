"""tf.compat.v1.train.init_from_checkpoint: warm-starting variables from a checkpoint."""
import numpy as np
import pytest

A = np.arange(6, dtype=np.float32).reshape(2, 3)
C = np.arange(10, dtype=np.float32) * 10


@pytest.fixture
def ckpt(tf, tmp_path):
    """A checkpoint holding old/a [2, 3], old/b (float64 scalar) and c [10]; its prefix."""
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        with v1.variable_scope("old"):
            v1.get_variable("a", initializer=A)
            v1.get_variable("b", initializer=np.float64(7))
        v1.get_variable("c", initializer=C)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            return v1.train.Saver().save(sess, str(tmp_path / "model"))


def _new_model(tf, use_resource=True):
    v1 = tf.compat.v1
    with v1.variable_scope("new", use_resource=use_resource):
        a = v1.get_variable("a", shape=[2, 3], initializer=v1.zeros_initializer())
        b = v1.get_variable("b", shape=[], dtype=tf.float64,
                            initializer=v1.zeros_initializer())
    c = v1.get_variable("c", shape=[10], initializer=v1.zeros_initializer(),
                        use_resource=use_resource)
    return a, b, c


def test_namespaces(tf):
    assert callable(tf.compat.v1.train.init_from_checkpoint)
    assert not hasattr(tf.train, "init_from_checkpoint")     # TF2's tf.train lacks it


@pytest.mark.parametrize("use_resource", [True, False])
def test_scope_to_scope_replaces_the_initializers(tf, ckpt, tmp_path, use_resource):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        a, b, c = _new_model(tf, use_resource)
        v1.train.init_from_checkpoint(str(tmp_path), {"old/": "new/"})   # the directory
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            np.testing.assert_array_equal(sess.run(a), A)
            assert sess.run(b) == 7.0
            # Outside the mapped scope: its own initializer still runs.
            np.testing.assert_array_equal(sess.run(c), np.zeros(10))
            # The initial value is the restored tensor, shaped like the variable.
            assert a.initial_value.shape.as_list() == [2, 3]
            np.testing.assert_array_equal(sess.run(a.initial_value), A)
            sess.run(a.assign(tf.ones([2, 3])))
            sess.run(a.initializer)         # the variable's own initializer restores too
            np.testing.assert_array_equal(sess.run(a), A)


def test_root_exact_names_and_variable_objects(tf, ckpt):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        with v1.variable_scope("net"):
            c = v1.get_variable("c", shape=[10])
        a, b, _ = _new_model(tf)
        other = v1.Variable(tf.zeros([2, 3]), name="other")
        v1.train.init_from_checkpoint(ckpt, {"old/a": other, "old/b": "new/b"})
        # Reading a nested scope's variables from the checkpoint's root.
        v1.train.init_from_checkpoint(ckpt, {"/": "net/"})
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            np.testing.assert_array_equal(sess.run(other), A)
            assert sess.run(b) == 7.0
            np.testing.assert_array_equal(sess.run(c), C)
            np.testing.assert_array_equal(sess.run(a), np.zeros((2, 3)))


def test_a_list_of_pairs_maps_one_tensor_to_several_variables(tf, ckpt):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        x1 = v1.get_variable("x1", shape=[10])
        x2 = v1.get_variable("x2", shape=[10])
        v1.train.init_from_checkpoint(ckpt, [("c", "x1"), ("c", x2)])
        with v1.Session() as sess:
            sess.run([x1.initializer, x2.initializer])
            np.testing.assert_array_equal(sess.run(x1), C)
            np.testing.assert_array_equal(sess.run(x2), C)


def test_partitioned_variables_load_their_slices(tf, ckpt):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        p = v1.get_variable("p", shape=[10], initializer=v1.zeros_initializer(),
                            partitioner=v1.fixed_size_partitioner(3))
        q = v1.get_variable("q", shape=[10], initializer=v1.zeros_initializer(),
                            partitioner=v1.fixed_size_partitioner(2))
        with v1.variable_scope("s"):
            r = v1.get_variable("c", shape=[10], initializer=v1.zeros_initializer(),
                                partitioner=v1.fixed_size_partitioner(4))
        v1.train.init_from_checkpoint(ckpt, {"c": "p"})                   # by name
        v1.train.init_from_checkpoint(ckpt, {"c": q._get_variable_list()})  # by parts
        v1.train.init_from_checkpoint(ckpt, {"/": "s/"})                   # by scope
        with pytest.raises(ValueError, match="Slices must all be from the same tensor: p != q"):
            v1.train.init_from_checkpoint(ckpt, {"c": [list(p)[0], list(q)[1]]})
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for variable in (p, q, r):
                np.testing.assert_array_equal(sess.run(variable.as_tensor()), C)
            assert [sess.run(v).tolist() for v in p] == [[0, 10, 20, 30], [40, 50, 60],
                                                         [70, 80, 90]]


def test_errors_at_call_time(tf, ckpt):
    v1 = tf.compat.v1
    init = v1.train.init_from_checkpoint
    with tf.Graph().as_default():
        a, _, _ = _new_model(tf)
        with pytest.raises(ValueError, match=r"Tensor old/zz is not found in .*model "
                                             r"checkpoint \{"):
            init(ckpt, {"old/zz": "new/a"})
        with pytest.raises(ValueError, match="Tensor old/zz is not found"):
            init(ckpt, {"old/zz": a})
        # A variable mapped from a scope: the scope is looked up as a tensor name.
        with pytest.raises(ValueError, match="Tensor old/ is not found"):
            init(ckpt, {"old/": a})
        with pytest.raises(ValueError, match=r"Shape of variable new/a:0 \(\(2, 3\)\) doesn't "
                                             r"match with shape of tensor c \(\[10\]\) from "
                                             "checkpoint reader."):
            init(ckpt, {"c": a})
        # A name that is no variable is taken for a scope, which must map from a scope.
        with pytest.raises(ValueError, match="Assignment map with scope only name zzz should "
                                             "map to scope only old/a. Should be 'scope/': "
                                             "'other_scope/'."):
            init(ckpt, {"old/a": "zzz/q"})
        with pytest.raises(ValueError, match=r"Tensor a \(a in /\) is not found in"):
            init(ckpt, {"/": "new/"})
        # 'scope/': '/' maps every variable of the graph under the checkpoint's scope.
        with pytest.raises(ValueError, match=r"Tensor old/c \( in old/\) is not found in"):
            init(ckpt, {"old/": "/"})
        # A scope that holds no variables maps nothing, silently.
        init(ckpt, {"old/": "nothing/"})
        with pytest.raises(tf.errors.NotFoundError):
            init(ckpt + "-missing", {"c": "new/a"})


def test_dtype_mismatch_fails_when_the_initializer_runs(tf, ckpt):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        w = v1.get_variable("w", shape=[], dtype=tf.float32)
        v1.train.init_from_checkpoint(ckpt, {"old/b": w})
        with v1.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="tensor_name = old/b; expected dtype float does not "
                                     "equal original dtype double"):
                sess.run(w.initializer)


def test_eager_assigns_at_once(tf, ckpt):
    a = tf.Variable(tf.zeros([2, 3]))
    tf.compat.v1.train.init_from_checkpoint(ckpt, {"old/a": a})
    np.testing.assert_array_equal(a.numpy(), A)
    # Eagerly there is no variable store: names are scopes, and match nothing.
    tf.compat.v1.train.init_from_checkpoint(ckpt, {"old/": "new/"})
    with pytest.raises(ValueError, match="Assignment map with scope only name"):
        tf.compat.v1.train.init_from_checkpoint(ckpt, {"old/a": "a"})
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected dtype float"):
        tf.compat.v1.train.init_from_checkpoint(ckpt, {"old/b": tf.Variable(1.0)})


def test_disable_eager_execution_program(run_program, ckpt):
    out = run_program(f"""
        v1 = tf.compat.v1
        v1.disable_eager_execution()
        with v1.variable_scope("enc"):
            a = v1.get_variable("a", shape=[2, 3])
        v1.train.init_from_checkpoint({ckpt!r}, {{"old/": "enc/"}})
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            print(sess.run(a).sum())
    """)
    assert float(out.split()[-1]) == 15.0
