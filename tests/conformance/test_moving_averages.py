"""tf.train.ExponentialMovingAverage (shadow names, collections, values, restore maps) and
slots of variables whose shape is only partly known (EMA shadows and optimizer slots).

Expected values were computed by TensorFlow 2.21.
"""
import numpy as np
import pytest


def _graph_setup(tf):
    v1 = tf.compat.v1
    with v1.variable_scope("s"):
        w = v1.get_variable("w", initializer=[1.0, 2.0])
    b = tf.Variable(3.0, name="b")
    c = tf.Variable(5.0, name="c", trainable=False)
    step = tf.Variable(0, name="step", trainable=False)
    return w, b, c, step


def test_graph_shadow_names_collections_and_update_op(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        w, b, c, step = _graph_setup(tf)
        t = w * 2.0
        ema = tf.train.ExponentialMovingAverage(0.9, num_updates=step)
        update = ema.apply([w, b, t])
        assert (update.name, update.type) == ("ExponentialMovingAverage", "NoOp")
        assert [v.name for v in v1.global_variables()] == [
            "s/w:0", "b:0", "c:0", "step:0", "s/w/ExponentialMovingAverage:0",
            "b/ExponentialMovingAverage:0", "mul/ExponentialMovingAverage:0"]
        assert [v.name for v in v1.trainable_variables()] == ["s/w:0", "b:0"]
        # Only variables (not tensors) join MOVING_AVERAGE_VARIABLES.
        assert [v.name for v in v1.moving_average_variables()] == ["s/w:0", "b:0"]
        assert ema.average(w).name == "s/w/ExponentialMovingAverage:0"
        assert ema.average(c) is None
        assert ema.average_name(w) == "s/w/ExponentialMovingAverage"
        assert ema.average_name(c) == "c/ExponentialMovingAverage"
        assert ema.name == "ExponentialMovingAverage"
        ops = {op.name: op.type for op in tf.compat.v1.get_default_graph().get_operations()}
        assert ops["ExponentialMovingAverage/Minimum"] == "Minimum"
        assert ops["ExponentialMovingAverage/AssignMovingAvg/AssignSubVariableOp"] == \
            "AssignSubVariableOp"
        assert ops["ExponentialMovingAverage/AssignMovingAvg_2/AssignSubVariableOp"] == \
            "AssignSubVariableOp"


def test_graph_values_with_num_updates_and_zero_debias(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        w, b, c, step = _graph_setup(tf)
        t = w * 2.0
        ema = tf.train.ExponentialMovingAverage(0.9, num_updates=step)
        update = ema.apply([w, b, t])
        debiased = tf.train.ExponentialMovingAverage(0.5, zero_debias=True, name="E2")
        update2 = debiased.apply([w, t])
        assert [v.name for v in v1.global_variables()][-4:] == [
            "s/w/E2:0", "mul/E2:0", "mul/E2/biased:0", "mul/E2/local_step:0"]
        expected = [
            [[1., 2.], 3., [1.8, 3.6], [1., 2.], [2., 4.]],
            [[1.8181818, 2.8181818], 3., [3.6, 5.5636363], [1.5, 2.5], [3.3333333, 5.3333335]],
            [[2.7045455, 3.7045455], 3., [5.4, 7.390909], [2.25, 3.25], [4.857143, 6.857143]]]
        averages = [ema.average(w), ema.average(b), ema.average(t), debiased.average(w),
                    debiased.average(t)]
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for want in expected:
                sess.run([update, update2])
                sess.run(w.assign_add([1.0, 1.0]))
                sess.run(step.assign_add(1))
                for got, value in zip(sess.run(averages), want):
                    np.testing.assert_allclose(got, value, rtol=1e-6)


def test_variables_to_restore(tf):
    with tf.Graph().as_default():
        w, b, c, step = _graph_setup(tf)
        t = w * 2.0
        ema = tf.train.ExponentialMovingAverage(0.9)
        ema.apply([w, b, t])
        restore = {name: v.name for name, v in ema.variables_to_restore().items()}
        assert restore == {"b/ExponentialMovingAverage": "b:0", "c": "c:0",
                           "mul/ExponentialMovingAverage": "mul/ExponentialMovingAverage:0",
                           "s/w/ExponentialMovingAverage": "s/w:0", "step": "step:0"}
        restore = {name: v.name for name, v in ema.variables_to_restore([c]).items()}
        assert restore["c/ExponentialMovingAverage"] == "c:0" and restore["s/w"] == "s/w:0"


def test_eager_updates_at_once(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    d = tf.Variable([1.0, 2.0], dtype=tf.float64, name="d")
    ema = tf.train.ExponentialMovingAverage(0.9)
    assert ema.apply([w, d]) is None
    shadow = ema.average(w)
    assert shadow.name == "w/ExponentialMovingAverage:0" and not shadow.trainable
    np.testing.assert_allclose(shadow.numpy(), [1., 2.])
    w.assign([3.0, 4.0])
    ema.apply([w])
    np.testing.assert_allclose(shadow.numpy(), [1.2, 2.2], rtol=1e-6)
    ema.apply([w, d])
    np.testing.assert_allclose(shadow.numpy(), [1.38, 2.38], rtol=1e-6)
    assert ema.average(d).dtype == tf.float64
    assert ema.average_name(d) == "d/ExponentialMovingAverage"
    w2 = tf.Variable(1.0, name="w")
    ema.apply([w2])
    assert ema.average(w2).name == "w/ExponentialMovingAverage_1:0"
    restore = ema.variables_to_restore([w, w2])
    assert sorted(restore) == ["w/ExponentialMovingAverage", "w/ExponentialMovingAverage_1"]
    assert restore["w/ExponentialMovingAverage_1"] is w2


def test_eager_num_updates_and_tf_function(tf):
    w = tf.Variable([3.0, 4.0], name="w")
    ema = tf.train.ExponentialMovingAverage(0.99, num_updates=tf.Variable(3))
    ema.apply([w])
    w.assign([5.0, 6.0])
    ema.apply([w])
    # decay = min(0.99, (1 + 3) / (10 + 3))
    np.testing.assert_allclose(ema.average(w).numpy(), [4.3846154, 5.3846154], rtol=1e-6)

    @tf.function
    def update():
        ema.apply([w])
    update()
    np.testing.assert_allclose(ema.average(w).numpy(), [4.8106508, 5.8106508], rtol=1e-6)


def test_errors(tf):
    ema = tf.train.ExponentialMovingAverage(0.9)
    with pytest.raises(TypeError, match="does not support non-Variable tensors when eager"):
        ema.apply([tf.constant(1.0)])
    with pytest.raises(TypeError, match="The variables must be half, float, or double: v"):
        ema.apply([tf.Variable(1, name="v")])
    assert tf.compat.v1.train.ExponentialMovingAverage is tf.train.ExponentialMovingAverage


def _partly_known_variable(tf):
    x = tf.compat.v1.placeholder(tf.float32, [None, 3])
    return x, tf.Variable(tf.zeros_like(x) + 1.0)


def test_average_of_a_partly_known_variable(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        x, v = _partly_known_variable(tf)
        ema = tf.train.ExponentialMovingAverage(0.5)
        update = ema.apply([v])
        assert ema.average(v).shape.as_list() == [None, 3]
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer(), {x: np.zeros((2, 3))})
            sess.run(v.assign(v * 3.0))
            sess.run(update)
            np.testing.assert_allclose(sess.run(ema.average(v)), np.full((2, 3), 2.0))


SLOTS = {  # optimizer -> (slot variables, values after initialization)
    "MomentumOptimizer(0.1, 0.9)": (["Variable/Momentum:0"], [0.0]),
    "AdamOptimizer(0.1)": (["Variable/Adam:0", "Variable/Adam_1:0"], [0.0, 0.0]),
    "RMSPropOptimizer(0.1, centered=True)": (
        ["Variable/RMSProp:0", "Variable/RMSProp_1:0", "Variable/RMSProp_2:0"],
        [1.0, 0.0, 0.0]),
    "AdagradOptimizer(0.1, initial_accumulator_value=0.3)": (["Variable/Adagrad:0"], [0.3]),
    "AdadeltaOptimizer(0.1)": (["Variable/Adadelta:0", "Variable/Adadelta_1:0"], [0.0, 0.0]),
}


@pytest.mark.parametrize("make", sorted(SLOTS))
def test_optimizer_slots_of_a_partly_known_variable(tf, make):
    # TF's slot_creator sizes these slots from the variable's run-time shape.
    v1 = tf.compat.v1
    names, values = SLOTS[make]
    with tf.Graph().as_default():
        x, v = _partly_known_variable(tf)
        optimizer = eval("v1.train." + make)
        train = optimizer.minimize(tf.reduce_sum(v * v))
        slots = [s for s in optimizer.variables() if s.name.startswith("Variable/")]
        assert [s.name for s in slots] == names
        assert all(s.shape.as_list() == [None, 3] for s in slots)
        feed = {x: np.zeros((2, 3))}
        with v1.Session() as sess:
            # The variable first: TF's Adagrad sizes its slot by reading the variable.
            sess.run(v.initializer, feed)
            sess.run(v1.global_variables_initializer(), feed)
            for slot, value in zip(slots, values):
                np.testing.assert_allclose(sess.run(slot), np.full((2, 3), value))
            sess.run(train)
            assert sess.run(v).shape == (2, 3)


def test_ftrl_needs_a_fully_defined_shape(tf):
    with tf.Graph().as_default():
        _, v = _partly_known_variable(tf)
        with pytest.raises(ValueError, match="shape` should be fully defined"):
            tf.compat.v1.train.FtrlOptimizer(0.1).minimize(tf.reduce_sum(v * v))
