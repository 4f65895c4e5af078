"""tf.compat.v1.train optimizers and the global step: values, slot names, op names, errors.

The expected values were computed by TensorFlow 2.21 (5 steps on the problem of `_loss`).
"""
import numpy as np
import pytest

W0 = np.array([[0.5, -1.0], [1.5, 0.25]], np.float32)
E0 = np.arange(8, dtype=np.float32).reshape(4, 2) / 4
X = np.array([[1., 2.], [-1., 0.5], [0.3, -2.]], np.float32)

OPTIMIZERS = {
    "sgd": (lambda t: t.GradientDescentOptimizer(0.1),
            [0.6448456, -0.254769, 1.386221, 0.03656558, 0.0, 0.01944, 0.5, 0.75, 0.32768,
             0.4096, 1.5, 1.75]),
    "momentum": (lambda t: t.MomentumOptimizer(0.05, 0.9),
                 [0.7283116, -0.01623026, 1.335203, -0.04617144, 0.0, -0.145105, 0.5, 0.75,
                  -0.02916002, -0.03644997, 1.5, 1.75]),
    "nesterov": (lambda t: t.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
                 [0.7336257, 0.1515574, 1.312231, -0.03477877, 0.0, -0.1039294, 0.5, 0.75,
                  -0.1045817, -0.130727, 1.5, 1.75]),
    "adam": (lambda t: t.AdamOptimizer(0.1),
             [0.751362, -0.4992929, 1.045764, 0.01619832, 0.0, -0.1276033, 0.5, 0.75,
              0.5079651, 0.7556644, 1.5, 1.75]),
    "rmsprop": (lambda t: t.RMSPropOptimizer(0.05),
                [0.6019873, -0.6627834, 1.426253, 0.1210086, 0.0, 0.07604563, 0.5, 0.75,
                 0.6591858, 0.8688782, 1.5, 1.75]),
    "centered_rmsprop": (lambda t: t.RMSPropOptimizer(0.05, momentum=0.5, centered=True),
                         [0.6541703, -0.4196171, 1.386127, 0.04492193, 0.0, -0.005460331,
                          0.5, 0.75, 0.4270507, 0.5935271, 1.5, 1.75]),
    "adagrad": (lambda t: t.AdagradOptimizer(0.2),
                [0.6130893, -0.3626024, 1.123587, 0.1101134, 0.0, 0.0002585333, 0.5, 0.75,
                 0.4489974, 0.6769262, 1.5, 1.75]),
    "adadelta": (lambda t: t.AdadeltaOptimizer(1.0),
                 [0.5022723, -0.9977198, 1.497725, 0.2477172, 0.0, 0.2477264, 0.5, 0.75,
                  0.9977226, 1.247722, 1.5, 1.75]),
    "ftrl": (lambda t: t.FtrlOptimizer(0.3, l1_regularization_strength=0.01,
                                       l2_regularization_strength=0.1),
             [0.01326451, -0.05761099, 0.03203892, -0.02948224, 0.0, 0.0, 0.5, 0.75,
              0.1758309, 0.3475333, 1.5, 1.75]),
}


def _loss(tf, w, e):
    # A dense gradient for w and an IndexedSlices one (duplicate index 0) for e.
    return tf.reduce_sum(tf.tanh(tf.matmul(X, w)) ** 2) + \
        tf.reduce_sum(tf.gather(e, [0, 2, 0]) ** 2)


@pytest.mark.parametrize("which", sorted(OPTIMIZERS))
def test_five_steps_in_a_graph_match_tf(tf, which):
    v1 = tf.compat.v1
    make, expected = OPTIMIZERS[which]
    with tf.Graph().as_default():
        w = v1.get_variable("w", initializer=W0)
        e = v1.get_variable("e", initializer=E0)
        train = make(v1.train).minimize(_loss(tf, w, e))
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for _ in range(5):
                sess.run(train)
            got = np.concatenate([sess.run(w).ravel(), sess.run(e).ravel()])
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("which", sorted(OPTIMIZERS))
def test_five_eager_steps_with_a_callable_loss_match_tf(tf, which):
    make, expected = OPTIMIZERS[which]
    optimizer = make(tf.compat.v1.train)
    w, e = tf.Variable(W0, name="w"), tf.Variable(E0, name="e")
    for _ in range(5):
        assert optimizer.minimize(lambda: _loss(tf, w, e)) is None
    got = np.concatenate([w.numpy().ravel(), e.numpy().ravel()])
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def test_slot_and_op_names_inside_variable_scopes(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default() as graph:
        w = v1.get_variable("w", initializer=np.ones((2, 2), np.float32))
        with v1.variable_scope("foo"):
            b = v1.get_variable("b", initializer=np.ones((2,), np.float32))
        loss = tf.reduce_sum(tf.matmul(w, w)) + tf.reduce_sum(b * b)
        step = v1.train.get_or_create_global_step()
        found = {}
        for optimizer in [v1.train.AdamOptimizer(0.1), v1.train.MomentumOptimizer(0.1, 0.9),
                          v1.train.RMSPropOptimizer(0.1, momentum=0.5, centered=True),
                          v1.train.AdagradOptimizer(0.1), v1.train.AdadeltaOptimizer(),
                          v1.train.GradientDescentOptimizer(0.1)]:
            with v1.variable_scope("outer"):
                train = optimizer.minimize(loss, global_step=step)
            found[optimizer.get_name()] = (train.name, train.type, optimizer.get_slot_names(),
                                           [v.name for v in optimizer.variables()])
        updates = sorted(op.name + ":" + op.type for op in graph.get_operations()
                         if "update_w/" in op.name and "Apply" in op.type)
        assert len(v1.get_collection(v1.GraphKeys.TRAIN_OP)) == 6
    assert found["Adam"] == ("outer/Adam", "AssignAddVariableOp", ["m", "v"], [
        "outer/beta1_power:0", "outer/beta2_power:0", "outer/foo/b/Adam:0",
        "outer/foo/b/Adam_1:0", "outer/w/Adam:0", "outer/w/Adam_1:0"])
    assert found["Momentum"][0] == "outer_1/Momentum"
    assert found["Momentum"][2:] == (["momentum"], ["outer/foo/b/Momentum:0",
                                                    "outer/w/Momentum:0"])
    assert found["RMSProp"][2:] == (["mg", "momentum", "rms"], [
        "outer/foo/b/RMSProp:0", "outer/foo/b/RMSProp_1:0", "outer/foo/b/RMSProp_2:0",
        "outer/w/RMSProp:0", "outer/w/RMSProp_1:0", "outer/w/RMSProp_2:0"])
    assert found["Adagrad"][3] == ["outer/foo/b/Adagrad:0", "outer/w/Adagrad:0"]
    assert found["Adadelta"][3] == ["outer/foo/b/Adadelta:0", "outer/foo/b/Adadelta_1:0",
                                    "outer/w/Adadelta:0", "outer/w/Adadelta_1:0"]
    assert found["GradientDescent"] == ("outer_5/GradientDescent", "AssignAddVariableOp",
                                        [], [])
    assert updates == [
        "outer/Adam/update_w/ResourceApplyAdam:ResourceApplyAdam",
        "outer_1/Momentum/update_w/ResourceApplyMomentum:ResourceApplyMomentum",
        "outer_2/RMSProp/update_w/ResourceApplyCenteredRMSProp:ResourceApplyCenteredRMSProp",
        "outer_3/Adagrad/update_w/ResourceApplyAdagrad:ResourceApplyAdagrad",
        "outer_4/Adadelta/update_w/ResourceApplyAdadelta:ResourceApplyAdadelta",
        "outer_5/GradientDescent/update_w/ResourceApplyGradientDescent:"
        "ResourceApplyGradientDescent"]


def test_train_op_without_global_step_is_a_group_named_like_the_optimizer(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        w = tf.Variable(1.0, name="w")
        train = v1.train.AdamOptimizer(0.1).minimize(w * w)
        assert (train.name, train.type) == ("Adam", "NoOp")
        second = v1.train.AdamOptimizer(0.1).minimize(w * w, name="step")
        assert second.name == "step"
        assert [v.name for v in v1.global_variables()] == [
            "w:0", "beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0",
            "beta1_power_1:0", "beta2_power_1:0", "w/Adam_2:0", "w/Adam_3:0"]


def test_eager_slot_names_and_get_slot(tf):
    v1 = tf.compat.v1
    w = tf.Variable(np.ones((2, 2), np.float32), name="w")
    b = tf.Variable(np.ones((2,), np.float32), name="w")
    adam = v1.train.AdamOptimizer(0.1)
    adam.minimize(lambda: tf.reduce_sum(w * w) + tf.reduce_sum(b))
    assert [v.name for v in adam.variables()] == [
        "beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0", "w/Adam_2:0",
        "w/Adam_3:0"]
    assert adam.get_slot(w, "m").name == "w/Adam:0"
    assert adam.get_slot(w, "unknown") is None
    assert adam.get_slot_names() == ["m", "v"]
    np.testing.assert_allclose(adam.get_slot(b, "m").numpy(), [0.1, 0.1], rtol=1e-6)


def test_global_step_is_incremented_after_the_updates(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        w = tf.Variable(2.0, name="w")
        step = v1.train.get_or_create_global_step()
        assert (step.name, step.dtype, step.trainable) == ("global_step:0", tf.int64, False)
        assert v1.train.get_or_create_global_step() is step
        assert v1.train.get_global_step() is step
        train = v1.train.GradientDescentOptimizer(0.25).minimize(w * w, global_step=step)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            sess.run(train)
            sess.run(train)
            assert v1.train.global_step(sess, step) == 2
            assert sess.run(w) == pytest.approx(0.5)


def test_global_step_functions(tf):
    v1 = tf.compat.v1
    step = v1.train.get_or_create_global_step()
    assert v1.train.get_or_create_global_step() is step
    with pytest.raises(ValueError, match='"global_step" already exists.'):
        v1.train.create_global_step()
    with tf.Graph().as_default():
        assert v1.train.get_global_step() is None
        with tf.name_scope("x"), v1.variable_scope("y"):
            created = v1.train.create_global_step()
        assert created.name == "y/global_step:0"
        assert v1.get_collection(v1.GraphKeys.GLOBAL_STEP) == [created]
    with tf.Graph().as_default():
        tf.Variable(1.0, name="global_step")
        with pytest.raises(TypeError, match='"global_step" does not have integer type'):
            v1.train.get_global_step()


def test_errors(tf):
    v1 = tf.compat.v1
    w = tf.Variable(1.0, name="w")
    adam = v1.train.AdamOptimizer(0.1)
    with pytest.raises(RuntimeError, match="should be a function when eager execution"):
        adam.minimize(w * 2.0)
    with pytest.raises(ValueError, match="No gradients provided for any variable: "):
        adam.apply_gradients([(None, w)])
    with pytest.raises(ValueError, match="No variables provided."):
        adam.apply_gradients([])
    with pytest.raises(ValueError, match="No gradients provided for any variable, check your "
                                         "graph for ops that do not support gradients"):
        adam.minimize(lambda: tf.constant(1.0), var_list=[w])
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="No variables to optimize."):
            v1.train.AdamOptimizer(0.1).minimize(tf.constant(1.0))
        x = tf.Variable(1.0, name="x")
        with pytest.raises(ValueError, match="gate_gradients must be one of"):
            v1.train.AdamOptimizer(0.1).minimize(x, gate_gradients=7)
        i = tf.Variable(1, name="i")
        with pytest.raises(ValueError, match=r"Invalid type tf.int32 for Identity:0, expected: "):
            v1.train.GradientDescentOptimizer(0.1).minimize(tf.identity(i), var_list=[i])


@pytest.mark.parametrize("make, message", [
    (lambda t: t.GradientDescentOptimizer(0.1), r"var and delta do not have the same shape"),
    (lambda t: t.MomentumOptimizer(0.1, 0.9), r"var and grad do not have the same shape"),
    (lambda t: t.AdamOptimizer(0.1), r"var and grad do not have the same shape"),
    (lambda t: t.RMSPropOptimizer(0.1), r"var and grad do not have the same shape"),
])
def test_eager_gradient_of_the_wrong_shape_is_an_error_not_a_broadcast(tf, make, message):
    # (A scalar gradient would broadcast over the variable in NumPy.)
    w = tf.Variable([1.0, 2.0, 3.0])
    optimizer = make(tf.compat.v1.train)
    with pytest.raises(tf.errors.InvalidArgumentError, match=message + r"\[3\] \[\]"):
        optimizer.apply_gradients([(tf.constant(1.0), w)])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"the same shape\[3\] \[1,3\]"):
        optimizer.apply_gradients([(tf.ones([1, 3]), w)])
    np.testing.assert_array_equal(w.numpy(), [1.0, 2.0, 3.0])


# The ops minimize adds for the hyperparameters: one constant per call named after the
# hyperparameter, a Cast per variable of another dtype (w is float64), TF's slot initializers.
HYPERPARAMETER_OPS = {
    "sgd": (lambda t: t.GradientDescentOptimizer(0.1), [
        "GradientDescent/learning_rate:Const", "GradientDescent/update_w/Cast:Cast"]),
    "momentum": (lambda t: t.MomentumOptimizer(0.1, 0.9), [
        "Momentum/learning_rate:Const", "Momentum/momentum:Const",
        "Momentum/update_w/Cast:Cast", "Momentum/update_w/Cast_1:Cast"]),
    "adam": (lambda t: t.AdamOptimizer(0.1), [
        "Adam/beta1:Const", "Adam/beta2:Const", "Adam/epsilon:Const",
        "Adam/learning_rate:Const",
        "Adam/update_v/ResourceApplyAdam/ReadVariableOp:ReadVariableOp",
        "Adam/update_v/ResourceApplyAdam/ReadVariableOp_1:ReadVariableOp",
        "Adam/update_w/Cast/ReadVariableOp:ReadVariableOp", "Adam/update_w/Cast:Cast",
        "Adam/update_w/Cast_1/ReadVariableOp:ReadVariableOp", "Adam/update_w/Cast_1:Cast",
        "Adam/update_w/Cast_2:Cast", "Adam/update_w/Cast_3:Cast", "Adam/update_w/Cast_4:Cast",
        "Adam/update_w/Cast_5:Cast"]),
    "rmsprop": (lambda t: t.RMSPropOptimizer(0.1), [
        "RMSProp/decay:Const", "RMSProp/epsilon:Const", "RMSProp/learning_rate:Const",
        "RMSProp/momentum:Const", "RMSProp/update_w/Cast:Cast", "RMSProp/update_w/Cast_1:Cast",
        "RMSProp/update_w/Cast_2:Cast", "RMSProp/update_w/Cast_3:Cast",
        "v/RMSProp/Initializer/ones:Const", "w/RMSProp/Initializer/ones:Const"]),
    "adagrad": (lambda t: t.AdagradOptimizer(0.1, initial_accumulator_value=1.0), [
        "Adagrad/learning_rate:Const", "Adagrad/update_w/Cast:Cast",
        "v/Adagrad/Initializer/Const:Const", "w/Adagrad/Initializer/Const:Const"]),
    "adadelta": (lambda t: t.AdadeltaOptimizer(0.1), [
        "Adadelta/epsilon:Const", "Adadelta/lr:Const", "Adadelta/rho:Const",
        "Adadelta/update_w/Cast:Cast", "Adadelta/update_w/Cast_1:Cast",
        "Adadelta/update_w/Cast_2:Cast"]),
}


@pytest.mark.parametrize("which", sorted(HYPERPARAMETER_OPS))
def test_hyperparameter_ops_are_named_as_tf_names_them(tf, which):
    make, expected = HYPERPARAMETER_OPS[which]
    graph = tf.Graph()
    with graph.as_default():
        v = tf.compat.v1.get_variable("v", initializer=[1.0, 2.0])
        w = tf.compat.v1.get_variable("w", initializer=tf.constant([1.0, 2.0], tf.float64))
        loss = tf.reduce_sum(v * v) + tf.cast(tf.reduce_sum(w * w), tf.float32)
        before = {op.name for op in graph.get_operations()}
        make(tf.compat.v1.train).minimize(loss)
        added = {f"{op.name}:{op.type}" for op in graph.get_operations()
                 if op.name not in before and "gradients" not in op.name and
                 "/Initializer/zeros" not in op.name and "_power" not in op.name and
                 (op.type in ("Const", "Cast") or
                  op.type == "ReadVariableOp" and "/update_" in op.name)}
    assert added == set(expected)


def test_graph_gradient_of_the_wrong_shape_fails_at_construction(tf):
    with tf.Graph().as_default():
        resource = tf.compat.v1.get_variable("v", initializer=[1.0, 2.0, 3.0])
        reference = tf.compat.v1.Variable([1.0, 2.0, 3.0], use_resource=False)
        sgd = tf.compat.v1.train.GradientDescentOptimizer(0.1)
        for variable in (resource, reference):
            with pytest.raises(ValueError, match="Shapes must be equal rank, but are 1 and 0"):
                sgd.apply_gradients([(tf.constant(1.0), variable)])
        with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
            tf.compat.v1.train.GradientDescentOptimizer(tf.constant([0.1, 0.2])) \
                .apply_gradients([(tf.constant([1.0, 2.0, 3.0]), resource)])


def test_eager_sparse_gradient_rows_must_match_the_variable(tf):
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    momentum = tf.compat.v1.train.MomentumOptimizer(0.1, 0.9)
    rows = tf.IndexedSlices(tf.constant([[1.0, 2.0, 3.0]]), tf.constant([0]))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="var and grad must match in dimension 1"):
        momentum.apply_gradients([(rows, w)])
    np.testing.assert_array_equal(w.numpy(), [[1.0, 2.0], [3.0, 4.0]])


def test_compute_and_apply_gradients_with_arguments(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        w = tf.Variable(3.0, name="w")
        frozen = tf.Variable(5.0, name="frozen")
        optimizer = v1.train.GradientDescentOptimizer(tf.constant(0.5))
        loss = w * w + frozen
        pairs = optimizer.compute_gradients(loss, var_list=[w],
                                            gate_gradients=optimizer.GATE_GRAPH,
                                            aggregation_method=None,
                                            colocate_gradients_with_ops=True,
                                            grad_loss=tf.constant(2.0))
        assert [v for _, v in pairs] == [w]
        train = optimizer.apply_gradients(pairs, name="apply")
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            grad = sess.run(pairs[0][0])
            sess.run(train)
            assert grad == pytest.approx(12.0)
            assert sess.run([w, frozen]) == pytest.approx([-3.0, 5.0])


def test_callable_learning_rate_and_adam_beta_powers(tf):
    v1 = tf.compat.v1
    w = tf.Variable([1.0, -2.0], name="w")
    adam = v1.train.AdamOptimizer(lambda: 0.01, beta1=0.5, beta2=0.75)
    for _ in range(3):
        adam.minimize(lambda: tf.reduce_sum(w * w))
    beta1_power, beta2_power = [v for v in adam.variables() if "power" in v.name]
    assert beta1_power.numpy() == pytest.approx(0.5 ** 4)
    assert beta2_power.numpy() == pytest.approx(0.75 ** 4)
    np.testing.assert_allclose(w.numpy(), [0.9700343, -1.970017], rtol=1e-6)


def test_momentum_in_tf_function(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    optimizer = tf.compat.v1.train.MomentumOptimizer(0.1, 0.5)

    @tf.function
    def step():
        optimizer.minimize(lambda: tf.reduce_sum(w * w))

    step()
    step()
    # accum: 2w0 then 0.5*2w0 + 2w1; w1 = 0.8 w0; w2 = w1 - 0.1 * (w0 + 1.6 w0)
    np.testing.assert_allclose(w.numpy(), np.array([1.0, 2.0]) * (0.8 - 0.26), rtol=1e-5)


DECAYS = {
    "exponential": (lambda t, s: t.exponential_decay(0.5, s, 4, 0.25), 0.5 * 0.25 ** (6 / 4)),
    "exponential_staircase": (lambda t, s: t.exponential_decay(0.5, s, 4, 0.25,
                                                               staircase=True), 0.5 * 0.25),
    "natural_exp": (lambda t, s: t.natural_exp_decay(0.5, s, 4, 0.25),
                    0.5 * np.exp(-0.25 * 6 / 4)),
    "inverse_time": (lambda t, s: t.inverse_time_decay(0.5, s, 4, 0.25),
                     0.5 / (1 + 0.25 * 6 / 4)),
    "polynomial": (lambda t, s: t.polynomial_decay(0.5, s, 10, 0.1, power=2.0),
                   0.4 * (1 - 0.6) ** 2 + 0.1),
    "polynomial_capped": (lambda t, s: t.polynomial_decay(0.5, s, 4, 0.1), 0.1),
    "polynomial_cycle": (lambda t, s: t.polynomial_decay(0.5, s, 4, 0.1, cycle=True),
                         0.4 * (1 - 6 / 8) + 0.1),
    "cosine": (lambda t, s: t.cosine_decay(0.5, s, 10, alpha=0.1),
               0.5 * (0.9 * 0.5 * (1 + np.cos(np.pi * 0.6)) + 0.1)),
    "piecewise": (lambda t, s: t.piecewise_constant(s, [2, 6, 9], [1.0, 0.5, 0.25, 0.125]),
                  0.5),
}


@pytest.mark.parametrize("which", sorted(DECAYS))
def test_learning_rate_decay_in_a_graph(tf, which):
    v1 = tf.compat.v1
    make, expected = DECAYS[which]
    with tf.Graph().as_default():
        step = v1.train.get_or_create_global_step()
        rate = make(v1.train, step)
        with v1.Session() as sess:
            sess.run(step.initializer)
            step.load(6, sess)
            assert sess.run(rate) == pytest.approx(expected, rel=1e-6)


def test_learning_rate_decay_is_a_callable_eagerly(tf):
    step = tf.Variable(0, dtype=tf.int64)
    rate = tf.compat.v1.train.exponential_decay(1.0, step, 1, 0.5)
    assert callable(rate)
    step.assign(2)
    assert float(rate()) == pytest.approx(0.25)
    w = tf.Variable(1.0)
    tf.compat.v1.train.GradientDescentOptimizer(rate).minimize(lambda: w * 4.0)
    assert w.numpy() == pytest.approx(0.0)
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="None values not supported."):
            tf.compat.v1.train.exponential_decay(1.0, None, 1, 0.5)
    with pytest.raises(ValueError, match="The length of boundaries should be 1 less"):
        tf.compat.v1.train.piecewise_constant(step, [1, 2], [1.0, 2.0])


def test_tf1_program_with_reference_variables_trains(run_program):
    # After disable_v2_behavior, get_variable makes VariableV2 reference variables; the
    # optimizers update them with the Apply* ops and name slots as for resource variables.
    out = run_program("""
        import numpy as np
        v1 = tf.compat.v1
        v1.disable_v2_behavior()
        x = v1.placeholder(tf.float32, [None, 2])
        y = v1.placeholder(tf.float32, [None, 1])
        with v1.variable_scope("fit"):
            w = v1.get_variable("w", [2, 1], initializer=v1.zeros_initializer())
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        train = v1.train.AdamOptimizer(0.1).minimize(loss)
        print(w.op.type, sorted(v.op.name for v in v1.global_variables()))
        data = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], np.float32)
        target = data @ np.array([[2.0], [-1.0]], np.float32)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for _ in range(300):
                sess.run(train, {x: data, y: target})
            print(np.round(sess.run(w).ravel(), 2).tolist())
    """)
    lines = out.splitlines()
    assert lines[0] == ("VariableV2 ['beta1_power', 'beta2_power', 'fit/w', 'fit/w/Adam', "
                        "'fit/w/Adam_1']")
    assert lines[1] == "[2.0, -1.0]"
