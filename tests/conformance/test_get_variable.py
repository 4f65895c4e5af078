"""Conformance: tf.compat.v1.get_variable and its arguments, initializer objects, partitioned
variables, custom getters, tf.compat.v1.make_template and variable_creator_scope
(TF 2.21 is the oracle). Every expectation here was checked against real TensorFlow 2.21.
"""
import numpy as np
import pytest

ALREADY_EXISTS = (r"Variable foo/v already exists, disallowed. Did you mean to set reuse=True or "
                  r"reuse=tf.AUTO_REUSE in VarScope\?")
BAD_INITIALIZER = (r"The initializer passed is not valid. It should be a callable with no arguments "
                   r"and the shape should not be provided or an instance of "
                   r"`tf.keras.initializers.\*' and `shape` should be fully defined.")

GETTER_KWARGS = ["aggregation", "caching_device", "collections", "constraint", "dtype",
                 "initializer", "partitioner", "regularizer", "reuse", "shape", "synchronization",
                 "trainable", "use_resource", "validate_shape"]


def _init_and_run(tf, fetches):
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        return sess.run(fetches)


def _names(variables):
    return [v.name for v in variables]


# ---------------------------------------------------------------------------
# shape, dtype, default initializers
# ---------------------------------------------------------------------------

def test_get_variable_shape_forms(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        assert v1.get_variable("a", [2, 3]).shape == (2, 3)
        assert v1.get_variable("b", (2,)).shape == (2,)
        assert v1.get_variable("c", tf.TensorShape([4, 1])).shape == (4, 1)
        assert v1.get_variable("d", []).shape == ()
        k = v1.get_variable(name="kw", shape=[1])
        assert k.name == "kw:0"
        assert isinstance(k, tf.Variable)
        assert k.op.type == "VarHandleOp"


def test_default_initializer_is_glorot_uniform_for_floats(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        a = v1.get_variable("a", [100, 50])
        assert a.initial_value.name == "a/Initializer/random_uniform:0"
        h = v1.get_variable("h", [2], dtype=tf.float16)
        assert h.initial_value.name == "h/Initializer/random_uniform:0"
        value = _init_and_run(tf, a)
    limit = np.sqrt(6.0 / (100 + 50))
    assert value.dtype == np.float32
    assert value.min() >= -limit and value.max() <= limit
    assert value.min() < -0.9 * limit and value.max() > 0.9 * limit
    e = v1.get_variable("e", [1000, 10])  # eagerly too
    lim = np.sqrt(6.0 / 1010)
    assert np.abs(e.numpy()).max() <= lim and e.numpy().std() > 0.8 * lim / np.sqrt(3)


def test_default_initializer_for_non_floats_is_zeros(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        i = v1.get_variable("i", [3], dtype=tf.int32)
        b = v1.get_variable("b", [2], dtype=tf.bool)
        s = v1.get_variable("s", [2], dtype=tf.string)
        i64 = v1.get_variable("i64", [2], dtype=tf.int64)
        assert i.initial_value.name == "i/Initializer/zeros:0"
        assert b.initial_value.name == "b/Initializer/zeros:0"
        vi, vb, vs, v64 = _init_and_run(tf, [i, b, s, i64])
    assert vi.tolist() == [0, 0, 0] and vb.tolist() == [False, False]
    assert vs.tolist() == [b"", b""] and v64.tolist() == [0, 0] and v64.dtype == np.int64
    assert v1.get_variable("ei", [3], dtype=tf.int32).numpy().tolist() == [0, 0, 0]


# ---------------------------------------------------------------------------
# initializer argument
# ---------------------------------------------------------------------------

def test_initializer_objects(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        z = v1.get_variable("z", [2], initializer=v1.zeros_initializer())
        o = v1.get_variable("o", [2], initializer=v1.ones_initializer(), dtype=tf.int32)
        c = v1.get_variable("c", [2, 2], initializer=v1.constant_initializer([1, 2, 3, 4]))
        s = v1.get_variable("s", [2], initializer=v1.constant_initializer(7.0))
        r1 = v1.get_variable("r1", [5], initializer=v1.random_normal_initializer(seed=7))
        r2 = v1.get_variable("r2", [5], initializer=v1.random_normal_initializer(seed=7))
        u = v1.get_variable("u", [50], initializer=v1.random_uniform_initializer(-1.0, 1.0, seed=3))
        vz, vo, vc, vs, vr1, vr2, vu = _init_and_run(tf, [z, o, c, s, r1, r2, u])
    assert vz.tolist() == [0.0, 0.0] and vo.tolist() == [1, 1]
    assert vc.tolist() == [[1.0, 2.0], [3.0, 4.0]] and vs.tolist() == [7.0, 7.0]
    assert vr1.tolist() == vr2.tolist()  # same op seed, same graph seed: same values
    assert len(set(vr1.tolist())) == 5
    assert vu.min() >= -1.0 and vu.max() < 1.0


def test_seeded_initializers_are_reproducible_across_graphs(tf):
    v1 = tf.compat.v1
    values = []
    for _ in range(2):
        with tf.Graph().as_default():
            r = v1.get_variable("r", [3], initializer=v1.random_normal_initializer(seed=7))
            u = v1.get_variable("u", [3], initializer=v1.random_uniform_initializer(-1, 1, seed=3))
            values.append([x.tolist() for x in _init_and_run(tf, [r, u])])
    assert values[0] == values[1]


def test_initializer_callables(tf):
    v1 = tf.compat.v1
    seen = []

    def init(shape, dtype=None, partition_info=None):
        seen.append((list(shape), dtype, partition_info))
        return tf.ones(shape, dtype)

    with tf.Graph().as_default():
        a = v1.get_variable("a", [2], initializer=init)
        b = v1.get_variable("b", initializer=lambda: tf.ones([3]))  # no-arg callable, no shape
        assert b.shape == (3,)
        with pytest.raises(TypeError, match="got an unexpected keyword argument 'dtype'"):
            v1.get_variable("c", [3], initializer=lambda: tf.ones([3]))
        va, vb = _init_and_run(tf, [a, b])
    assert seen == [([2], tf.float32, None)]
    assert va.tolist() == [1.0, 1.0] and vb.tolist() == [1.0, 1.0, 1.0]


def test_initializer_tensors_and_python_values(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        t = v1.get_variable("t", initializer=tf.constant([1.0, 2.0]))
        p = v1.get_variable("p", initializer=[1.0, 2.0])
        i = v1.get_variable("i", initializer=3)
        n = v1.get_variable("n", initializer=np.array([1.0, 2.0]))
        assert (t.shape, t.dtype) == ((2,), tf.float32)
        assert (p.shape, p.dtype) == ((2,), tf.float32)
        assert (i.shape, i.dtype) == ((), tf.int32)
        assert (n.shape, n.dtype) == ((2,), tf.float64)  # numpy's dtype is kept
        assert v1.get_variable("n2", initializer=np.array([1.0]), dtype=tf.float64).dtype == tf.float64
        with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape."):
            v1.get_variable("t2", [2], initializer=tf.constant([1.0, 2.0]))
        with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape."):
            v1.get_variable("t3", [2], initializer=np.array([1.0, 2.0]))
        with pytest.raises(ValueError, match="Initializer type '<dtype: 'int32'>' and explicit dtype "
                                             "'<dtype: 'float32'>' don't match."):
            v1.get_variable("t4", initializer=tf.constant([1, 2]), dtype=tf.float32)
        # Python lists are converted with their own default dtype before the check
        with pytest.raises(ValueError, match="Initializer type '<dtype: 'float32'>' and explicit "
                                             "dtype '<dtype: 'float64'>' don't match."):
            v1.get_variable("t5", initializer=[1.0, 2.0], dtype=tf.float64)
        with pytest.raises(ValueError, match="Initializer type '<dtype: 'int32'>' and explicit dtype "
                                             "'<dtype: 'float64'>' don't match."):
            v1.get_variable("t6", initializer=[1, 2], dtype=tf.float64)
        vt, vp, vi = _init_and_run(tf, [t, p, i])
    assert vt.tolist() == [1.0, 2.0] and vp.tolist() == [1.0, 2.0] and vi == 3


def test_shape_must_be_known(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Variable u did not get an initializer, so its `shape` "
                                             "argument must be specified."):
            v1.get_variable("u")
        with pytest.raises(ValueError, match=BAD_INITIALIZER):
            v1.get_variable("u2", [None, 2])
        with pytest.raises(ValueError, match=BAD_INITIALIZER):
            v1.get_variable("u3", [None, 2], initializer=v1.zeros_initializer())
        with pytest.raises(ValueError, match=BAD_INITIALIZER):
            v1.get_variable("u4", initializer=v1.zeros_initializer())
        with pytest.raises(ValueError, match="'bad name' is not a valid root scope name"):
            v1.get_variable("bad name", [1])
        assert tf.compat.v1.global_variables() == []


def test_initializer_get_config(tf):
    v1 = tf.compat.v1
    assert v1.zeros_initializer().get_config() == {"dtype": "float32"}
    assert v1.ones_initializer().get_config() == {"dtype": "float32"}
    assert v1.constant_initializer(2.0).get_config() == {"value": 2.0, "dtype": "float32"}
    assert v1.random_normal_initializer(seed=1).get_config() == {
        "mean": 0.0, "stddev": 1.0, "seed": 1, "dtype": "float32"}
    assert v1.random_uniform_initializer(-1, 1, seed=3).get_config() == {
        "minval": -1, "maxval": 1, "seed": 3, "dtype": "float32"}
    assert v1.truncated_normal_initializer(stddev=2.0).get_config() == {
        "mean": 0.0, "stddev": 2.0, "seed": None, "dtype": "float32"}
    assert v1.glorot_uniform_initializer().get_config() == {"seed": None, "dtype": "float32"}
    # the TF2 initializers carry no dtype
    assert tf.zeros_initializer().get_config() == {}
    assert tf.constant_initializer(2.0).get_config() == {"value": 2.0}
    assert tf.random_normal_initializer(seed=1).get_config() == {
        "mean": 0.0, "stddev": 0.05, "seed": 1}


def test_initializer_objects_called_directly(tf):
    v1 = tf.compat.v1
    z = v1.zeros_initializer()([2], dtype=tf.int32)
    assert z.dtype == tf.int32 and z.numpy().tolist() == [0, 0]
    assert v1.constant_initializer([1, 2, 3])([3]).numpy().tolist() == [1.0, 2.0, 3.0]
    assert v1.ones_initializer(dtype=tf.int64)([2]).dtype == tf.int64
    assert v1.constant_initializer(7)([2, 2], dtype=tf.int32).numpy().tolist() == [[7, 7], [7, 7]]


def test_get_variable_eager(tf):
    v1 = tf.compat.v1
    a = v1.get_variable("a", [2], initializer=v1.ones_initializer())
    assert a.name == "a:0" and a.numpy().tolist() == [1.0, 1.0]
    assert isinstance(a, tf.Variable)
    b = v1.get_variable("a", [2])  # no store eagerly: a second, independent variable
    assert b is not a and b.name == "a:0"
    assert v1.get_variable("r", [2], use_resource=False).name == "r:0"
    v1.get_variable("d", [2], collections=["mine"])
    assert v1.get_collection("mine") == [] and v1.global_variables() == []
    assert v1.get_variable("f", initializer=tf.constant([1.0, 2.0])).numpy().tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape."):
        v1.get_variable("e", [2], initializer=tf.constant([1.0, 2.0]))
    with pytest.raises(ValueError, match="Variable u did not get an initializer"):
        v1.get_variable("u")
    assert v1.get_local_variable("lv", [1]).trainable is False
    # the regularization loss is still recorded, lazily: it is recomputed on every read
    c = v1.get_variable("c", [2], initializer=v1.ones_initializer(),
                        regularizer=lambda t: tf.reduce_sum(t))
    (loss,) = v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)
    assert tf.is_tensor(loss)
    assert tf.convert_to_tensor(loss).numpy() == 2.0
    c.assign([3.0, 3.0])
    assert tf.convert_to_tensor(loss).numpy() == 6.0


def test_get_variable_use_resource_false_in_graph(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        r = v1.get_variable("r", [2], use_resource=False, initializer=v1.ones_initializer())
        assert r.name == "r:0" and r.op.type == "VariableV2" and r.dtype.name == "float32_ref"
        assert r.value().name == "r/read:0"
        assert v1.get_variable("s", [2], use_resource=True).op.type == "VarHandleOp"
        assert _init_and_run(tf, r).tolist() == [1.0, 1.0]


# ---------------------------------------------------------------------------
# regularizer, trainable, collections, validate_shape, constraint
# ---------------------------------------------------------------------------

def test_regularizer_loss_added_once(tf):
    v1 = tf.compat.v1
    reg = lambda t: tf.reduce_sum(t)  # noqa: E731
    g = tf.Graph()
    with g.as_default():
        x = v1.get_variable("x", [2], initializer=v1.ones_initializer(), regularizer=reg)
        losses = g.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)
        assert len(losses) == 1 and losses[0].name == "x/Regularizer/Sum:0"
        with v1.variable_scope("", reuse=True):
            assert v1.get_variable("x", [2], regularizer=reg) is x
        with v1.variable_scope("", reuse=v1.AUTO_REUSE):
            assert v1.get_variable("x", [2], regularizer=reg) is x
        assert len(g.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)) == 1
        v1.get_variable("n", [2], regularizer=lambda t: None)  # None losses are not recorded
        assert len(g.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)) == 1
        assert [float(v) for v in _init_and_run(tf, losses)] == [2.0]


def test_trainable_and_collections(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        v1.get_variable("a", [1])
        nt = v1.get_variable("nt", [1], trainable=False)
        assert nt.trainable is False
        v1.get_variable("cl", [1], collections=["mine"])
        v1.get_variable("lc", [1], collections=[v1.GraphKeys.LOCAL_VARIABLES])
        lv = v1.get_local_variable("lv", [1])
        assert lv.trainable is False
        assert _names(v1.global_variables()) == ["a:0", "nt:0"]
        assert _names(v1.trainable_variables()) == ["a:0", "cl:0", "lc:0"]
        assert _names(v1.local_variables()) == ["lc:0", "lv:0"]
        assert _names(g.get_collection("mine")) == ["cl:0"]


def test_reuse_ignores_trainable_and_collections(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        with v1.variable_scope("foo"):
            v = v1.get_variable("v", [1])
        with v1.variable_scope("foo", reuse=True):
            assert v1.get_variable("v", [1], trainable=False) is v
            assert v.trainable is True
            assert v1.get_variable("v", [1], collections=["z"]) is v
            assert v1.get_variable("v").shape == (1,)  # shape may be omitted when reusing
        assert g.get_collection("z") == []


def test_validate_shape_false(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        assert v1.get_variable("a", [2], validate_shape=False).shape == (2,)
        ph = v1.placeholder(tf.float32, [None])
        p = v1.get_variable("p", initializer=ph, validate_shape=False)
        assert p.shape.as_list() == [None]


def test_constraint_argument(tf):
    v1 = tf.compat.v1
    clip = lambda t: tf.clip_by_value(t, 0.0, 1.0)  # noqa: E731
    with tf.Graph().as_default():
        assert v1.get_variable("con", [1], constraint=clip).constraint is clip
        assert v1.get_variable("none", [1]).constraint is None
        with pytest.raises(ValueError, match="Argument `constraint` must be None or a callable."):
            v1.get_variable("badc", [1], constraint=3)


# ---------------------------------------------------------------------------
# sharing errors
# ---------------------------------------------------------------------------

def test_sharing_errors(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        with v1.variable_scope("foo"):
            v1.get_variable("v", [1])
            with pytest.raises(ValueError, match=ALREADY_EXISTS):
                v1.get_variable("v", [1])
        with v1.variable_scope("foo", reuse=True):
            with pytest.raises(ValueError, match=r"Trying to share variable foo/v, but specified shape "
                                                 r"\(2,\) and found shape \(1,\)."):
                v1.get_variable("v", [2])
            with pytest.raises(ValueError, match=r"Trying to share variable foo/v, but specified shape "
                                                 r"\(1, 1\) and found shape \(1,\)."):
                v1.get_variable("v", [1, 1])
            with pytest.raises(ValueError, match="Trying to share variable foo/v, but specified dtype "
                                                 "int32 and found dtype float32."):
                v1.get_variable("v", [1], dtype=tf.int32)
            with pytest.raises(ValueError, match=r"Variable foo/w does not exist, or was not created "
                                                 r"with tf.get_variable\(\). Did you mean to set "
                                                 r"reuse=tf.AUTO_REUSE in VarScope\?"):
                v1.get_variable("w", [1])
            # a different initializer is not an error when sharing
            assert v1.get_variable("v", [1], initializer=v1.zeros_initializer()).name == "foo/v:0"


# ---------------------------------------------------------------------------
# partitioned variables
# ---------------------------------------------------------------------------

def test_fixed_size_partitioner(tf):
    v1 = tf.compat.v1
    seen = []

    def init(shape, dtype=None, partition_info=None):
        seen.append((list(shape), partition_info.full_shape, partition_info.var_offset))
        return tf.ones(shape, dtype)

    g = tf.Graph()
    with g.as_default():
        with v1.variable_scope("p", partitioner=v1.fixed_size_partitioner(3)):
            p = v1.get_variable("pv", [7, 2], initializer=init)
        assert not isinstance(p, tf.Variable)
        assert p.name == "p/pv"  # no ":0"
        assert _names(p) == ["p/pv/part_0:0", "p/pv/part_1:0", "p/pv/part_2:0"]
        assert [v.shape.as_list() for v in p] == [[3, 2], [2, 2], [2, 2]]
        assert len(list(p)) == 3
        assert p.get_shape() == (7, 2) and p.dtype == tf.float32
        assert _names(g.get_collection("variables")) == _names(p)
        assert _names(v1.trainable_variables()) == _names(p)
        assert seen == [([3, 2], [7, 2], [0, 0]), ([2, 2], [7, 2], [3, 0]), ([2, 2], [7, 2], [5, 0])]
        t = tf.convert_to_tensor(p)
        assert t.name == "p/pv:0" and t.shape == (7, 2)
        c = tf.concat(list(p), axis=0)
        assert c.shape == (7, 2)
        y = tf.matmul(tf.ones([1, 7]), p)
        assert y.shape == (1, 2)
        vt, vy = _init_and_run(tf, [t, y])
    assert vt.tolist() == [[1.0, 1.0]] * 7 and vy.tolist() == [[7.0, 7.0]]


def test_partitioner_functions(tf):
    v1 = tf.compat.v1
    assert v1.fixed_size_partitioner(3)(shape=tf.TensorShape([7, 2]), dtype=tf.float32) == [3, 1]
    assert v1.fixed_size_partitioner(3, axis=1)(shape=tf.TensorShape([7, 6]),
                                                dtype=tf.float32) == [1, 3]
    assert v1.fixed_size_partitioner(10)(shape=tf.TensorShape([7, 2]), dtype=tf.float32) == [7, 1]
    with tf.Graph().as_default():
        q = v1.get_variable("q", [10, 3], partitioner=v1.variable_axis_size_partitioner(
            max_shard_bytes=40))
        assert [v.shape.as_list() for v in q] == [[3, 3], [3, 3], [2, 3], [2, 3]]
        m = v1.get_variable("m", [10, 3], partitioner=v1.min_max_variable_partitioner(
            max_partitions=4, min_slice_size=32))
        assert [v.shape.as_list() for v in m] == [[3, 3], [3, 3], [2, 3], [2, 3]]
        one = v1.get_variable("one", [2, 3], partitioner=v1.min_max_variable_partitioner(
            max_partitions=4, min_slice_size=256 << 10))
        assert one.name == "one" and _names(one) == ["one/part_0:0"]  # still partitioned
        k = v1.get_variable("k", [10], partitioner=v1.fixed_size_partitioner(20))
        assert [v.shape.as_list() for v in k] == [[1]] * 10
        with pytest.raises(ValueError, match="Partitioner must be callable, but received: 3"):
            v1.get_variable("bad", [2], initializer=v1.zeros_initializer(), partitioner=3)


def test_partitioned_variable_reuse(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        with v1.variable_scope("p", partitioner=v1.fixed_size_partitioner(3)):
            p = v1.get_variable("pv", [7, 2])
        with v1.variable_scope("", reuse=True):
            again = v1.get_variable("p/pv", [7, 2], partitioner=v1.fixed_size_partitioner(3))
            assert _names(again) == _names(p)
            assert [a is b for a, b in zip(again, p)] == [True, True, True]
            plain = v1.get_variable("p/pv", [7, 2])  # partitioner omitted: still partitioned
            assert _names(plain) == _names(p)
            with pytest.raises(ValueError, match=r"Trying to reuse partitioned variable p/pv, but "
                                                 r"specified partitions \[2, 1\] and found "
                                                 r"partitions \[3, 1\]."):
                v1.get_variable("p/pv", [7, 2], partitioner=v1.fixed_size_partitioner(2))


# ---------------------------------------------------------------------------
# custom getters
# ---------------------------------------------------------------------------

def test_custom_getter_arguments(tf):
    v1 = tf.compat.v1
    log = []

    def getter_fn(getter, *args, **kwargs):
        log.append((args, dict(kwargs)))
        return getter(*args, **kwargs)

    with tf.Graph().as_default():
        w = v1.get_variable("w", [1], custom_getter=getter_fn)
    assert w.name == "w:0"
    (args, kwargs), = log
    assert args == ()  # everything is passed by keyword, including name
    assert sorted(kwargs) == sorted(GETTER_KWARGS + ["name"])
    assert kwargs["name"] == "w" and kwargs["shape"] == [1] and kwargs["dtype"] == tf.float32
    assert kwargs["reuse"] is False and kwargs["trainable"] is True
    assert kwargs["validate_shape"] is True
    for key in ("initializer", "regularizer", "collections", "caching_device", "partitioner",
                "use_resource", "constraint"):
        assert kwargs[key] is None
    assert kwargs["synchronization"] == tf.VariableSynchronization.AUTO
    assert kwargs["aggregation"] == tf.VariableAggregation.NONE


def test_custom_getter_first_parameter_must_be_named_getter(tf):
    def bad(next_getter, name, *args, **kwargs):
        return next_getter(name, *args, **kwargs)

    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="missing 1 required positional argument: 'next_getter'"):
            tf.compat.v1.get_variable("v", [1], custom_getter=bad)
        with pytest.raises(ValueError, match="Passed a custom_getter which is not callable: 3"):
            tf.compat.v1.get_variable("y", [1], custom_getter=3)


def test_custom_getter_composition_innermost_first(tf):
    v1 = tf.compat.v1
    log = []

    def outer(getter, name, *args, **kwargs):
        log.append(("outer", name, sorted(kwargs)))
        return getter(name, *args, **kwargs)

    def inner(getter, name, *args, **kwargs):
        log.append(("inner", name, args))
        kwargs["trainable"] = False
        return getter(name + "_x", *args, **kwargs)

    def arg_getter(getter, name, *args, **kwargs):
        log.append(("arg", name))
        return getter(name, *args, **kwargs)

    with tf.Graph().as_default():
        with v1.variable_scope("a", custom_getter=outer) as sa:
            assert sa.custom_getter is outer
            with v1.variable_scope("b", custom_getter=inner) as sb:
                assert sb.custom_getter is not inner  # stored wrapped with the enclosing getter
                assert callable(sb.custom_getter)
                v = v1.get_variable("v", [2])
                # the innermost scope's getter runs first; it calls the enclosing scope's getter
                assert log == [("inner", "a/b/v", ()), ("outer", "a/b/v_x", GETTER_KWARGS)]
                assert v.name == "a/b/v_x:0" and v.trainable is False
                del log[:]
                w = v1.get_variable("w", [2], custom_getter=arg_getter)
                # a getter passed to get_variable replaces the scopes' getters altogether
                assert log == [("arg", "a/b/w")]
                assert w.name == "a/b/w:0" and w.trainable is True


# ---------------------------------------------------------------------------
# make_template
# ---------------------------------------------------------------------------

def _linear(tf):
    """A template body: x * w * scale with w = get_variable("w", [1]) initialized to 2."""
    def linear(x, scale=1.0):
        w = tf.compat.v1.get_variable("w", [1],
                                      initializer=tf.compat.v1.constant_initializer(2.0))
        return x * w * scale
    return linear


def test_make_template_shares_variables_graph(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        t = v1.make_template("lin", _linear(tf))
        assert t.name == "lin"
        assert t.variable_scope_name is None  # no scope until the first call
        y1 = t(tf.constant(1.0))
        y2 = t(tf.constant(3.0))
        assert (y1.name, y2.name) == ("lin/mul_1:0", "lin_1/mul_1:0")
        assert _names(t.variables) == ["lin/w:0"]
        assert _names(t.trainable_variables) == ["lin/w:0"]
        assert t.non_trainable_variables == []
        assert _names(v1.global_variables()) == ["lin/w:0"]
        assert t.variable_scope_name == "lin/" and t.variable_scope.name == "lin"
        t2 = v1.make_template("lin", _linear(tf), scale=10.0)  # kwargs are bound
        y3 = t2(tf.constant(1.0))
        assert y3.name == "lin_2/mul_1:0" and _names(t2.variables) == ["lin_1/w:0"]
        assert [v.tolist() for v in _init_and_run(tf, [y1, y2, y3])] == [[2.0], [6.0], [20.0]]


def test_make_template_create_scope_now_and_unique_name(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        early = v1.make_template("early", _linear(tf), create_scope_now_=True)
        assert early.variable_scope_name == "early/"
        with v1.variable_scope("outer"):
            y = early(tf.constant(1.0))
            late = v1.make_template("late", _linear(tf))
        assert y.name == "outer/early/mul_1:0"
        assert _names(early.variables) == ["early/w:0"]
        y2 = late(tf.constant(1.0))  # scope taken at the first call, outside "outer"
        assert y2.name == "late/mul_1:0" and _names(late.variables) == ["late/w:0"]
        u = v1.make_template("uniq", _linear(tf), unique_name_="uniq_custom")
        u(tf.constant(1.0))
        assert _names(u.variables) == ["uniq_custom/w:0"]
        u2 = v1.make_template("uniq", _linear(tf), unique_name_="uniq_custom")
        with pytest.raises(ValueError, match="Variable uniq_custom/w already exists, disallowed."):
            u2(tf.constant(1.0))


def test_make_template_custom_getter_and_errors(tf):
    v1 = tf.compat.v1
    calls = []

    def cg(getter, name, *args, **kwargs):
        calls.append(name)
        return getter(name, *args, **kwargs)

    def uses_tf_variable(x):
        return x * tf.Variable(1.0, name="direct")

    def fresh(x):
        return x * v1.get_variable("w", [1])

    with tf.Graph().as_default():
        t = v1.make_template("cg", _linear(tf), custom_getter_=cg)
        t(tf.constant(1.0))
        t(tf.constant(1.0))
        assert calls == ["cg/w", "cg/w"]  # the getter sees the reusing call too
        bad = v1.make_template("bad", uses_tf_variable)
        bad(tf.constant(1.0))  # the first call may create anything
        with pytest.raises(ValueError, match="Trainable variable created when calling a template "
                                             "after the first time, perhaps you used tf.Variable "
                                             "when you meant tf.get_variable"):
            bad(tf.constant(1.0))
        ns = v1.make_template("ns", fresh)
        ns(1.0)
        with v1.variable_scope("ns"):  # the template's variables are ordinary store entries
            with pytest.raises(ValueError, match="Variable ns/w already exists, disallowed."):
                v1.get_variable("w", [1])


def test_make_template_eager(tf):
    t = tf.compat.v1.make_template("tmpl", _linear(tf))
    r1 = t(tf.constant(2.0))
    r2 = t(tf.constant(3.0))
    assert (r1.numpy().tolist(), r2.numpy().tolist()) == ([4.0], [6.0])
    assert _names(t.variables) == ["tmpl/w:0"]  # shared eagerly, unlike plain get_variable
    assert t.variable_scope_name == "tmpl/"
    t2 = tf.compat.v1.make_template("tmpl", _linear(tf))
    t2(tf.constant(1.0))
    assert _names(t2.variables) == ["tmpl_1/w:0"] and t2.variable_scope_name == "tmpl_1/"


# ---------------------------------------------------------------------------
# variable_creator_scope
# ---------------------------------------------------------------------------

CREATOR_KWARGS_V2 = ["aggregation", "caching_device", "constraint", "dtype",
                     "experimental_enable_variable_lifting", "import_scope", "initial_value",
                     "name", "shape", "synchronization", "trainable", "validate_shape",
                     "variable_def"]


def test_variable_creator_scope_eager(tf):
    seen = []

    def creator(next_creator, **kwargs):
        seen.append(dict(kwargs))
        return next_creator(**kwargs)

    with tf.variable_creator_scope(creator):
        v = tf.Variable(3.0, name="e")
    assert v.name == "e:0" and v.numpy() == 3.0
    (kwargs,) = seen
    assert sorted(kwargs) == CREATOR_KWARGS_V2
    assert kwargs["initial_value"] == 3.0 and kwargs["name"] == "e"
    assert kwargs["trainable"] is None and kwargs["dtype"] is None and kwargs["shape"] is None
    assert tf.variable_creator_scope is not tf.compat.v1.variable_creator_scope


def test_variable_creator_scope_graph_nesting(tf):
    v1 = tf.compat.v1
    order = []

    def outer(next_creator, **kwargs):
        order.append(("outer", kwargs["name"]))
        kwargs["name"] = "renamed"
        kwargs["trainable"] = False
        return next_creator(**kwargs)

    def inner(next_creator, **kwargs):
        order.append(("inner", kwargs["name"]))
        return next_creator(**kwargs)

    with tf.Graph().as_default():
        with tf.variable_creator_scope(outer):
            with tf.variable_creator_scope(inner):
                v = tf.Variable(1.0, name="orig")
        assert order == [("inner", "orig"), ("outer", "orig")]  # innermost creator runs first
        assert v.name == "renamed:0" and v.trainable is False
        keys = []

        def v1_creator(next_creator, **kwargs):
            keys.append(sorted(kwargs))
            kwargs["name"] = "renamed"
            return next_creator(**kwargs)

        with v1.variable_creator_scope(v1_creator):
            gv = v1.get_variable("gvv", [1])
        assert gv.name == "renamed_1:0"
        assert keys == [sorted(CREATOR_KWARGS_V2 + ["collections", "expected_shape",
                                                    "use_resource"])]
