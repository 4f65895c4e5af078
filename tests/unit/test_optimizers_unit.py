"""Training-op kernels and optimizer internals, through tensorlite's own modules."""
import numpy as np
import pytest

import tensorlite as tf
from tensorlite.framework.indexed_slices import IndexedSlices
from tensorlite.train import optimizers as O
from tensorlite.train import training_util

v1 = tf.compat.v1
RNG = np.random.default_rng(0)


def _var(value, name):
    return tf.Variable(np.asarray(value, np.float32), name=name)


def test_momentum_kernel_matches_numpy_formula():
    var, accum = _var([1.0, 2.0], "v"), _var([0.5, -0.5], "a")
    grad = np.array([0.1, 0.2], np.float32)
    O._training_op("ResourceApplyMomentum", [var, accum], [np.float32(0.1), grad,
                                                           np.float32(0.9)],
                   {"use_nesterov": True})
    new_accum = np.array([0.5, -0.5]) * 0.9 + grad
    np.testing.assert_allclose(accum.numpy(), new_accum, rtol=1e-6)
    np.testing.assert_allclose(var.numpy(), [1.0, 2.0] - (grad * 0.1 + new_accum * 0.09),
                               rtol=1e-6)


def test_sparse_kernel_sums_duplicates_and_touches_only_those_rows():
    var = _var(np.ones((4, 2)), "v")
    accum = _var(np.full((4, 2), 0.1), "a")
    grad = np.array([[1., 2.], [3., 4.], [5., 6.]], np.float32)
    O._training_op("ResourceSparseApplyAdagrad", [var, accum],
                   [np.float32(0.5), grad, np.array([2, 0, 2], np.int32)])
    summed = {2: np.array([6., 8.]), 0: np.array([3., 4.])}
    for row in range(4):
        g = summed.get(row, np.zeros(2))
        np.testing.assert_allclose(accum.numpy()[row], 0.1 + g * g, rtol=1e-6)
        np.testing.assert_allclose(var.numpy()[row], 1 - 0.5 * g / np.sqrt(0.1 + g * g),
                                   rtol=1e-6)
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of range"):
        O._training_op("ResourceSparseApplyAdagrad", [var, accum],
                       [np.float32(0.5), grad[:1], np.array([7], np.int32)])


def test_updated_values_are_frozen_and_keep_the_dtype():
    var = tf.Variable(np.ones(3, np.float64), name="v")
    O.GradientDescentOptimizer(0.5).apply_gradients([(tf.constant([1.0, 2.0, 3.0],
                                                                  tf.float64), var)])
    stored = var.handle._value.get()
    assert stored.dtype == np.float64 and not stored.flags.writeable
    np.testing.assert_allclose(stored, [0.5, 0.0, -0.5])


def test_sparse_gradient_descent_and_adam_with_indexed_slices():
    var = _var(np.zeros((3, 2)), "e")
    grad = IndexedSlices(tf.constant([[1., 1.], [2., 2.]]), tf.constant([1, 1]),
                         tf.constant([3, 2]))
    O.GradientDescentOptimizer(0.5).apply_gradients([(grad, var)])
    np.testing.assert_allclose(var.numpy(), [[0, 0], [-1.5, -1.5], [0, 0]])
    adam = O.AdamOptimizer(0.1)
    adam.apply_gradients([(grad, var)])
    np.testing.assert_allclose(adam.get_slot(var, "m").numpy()[1], [0.3, 0.3], rtol=1e-6)
    np.testing.assert_allclose(var.numpy()[0], [0, 0])


def test_slots_of_partitioned_variables():
    with tf.Graph().as_default():
        w = v1.get_variable("w", shape=[4, 2], partitioner=v1.fixed_size_partitioner(2))
        loss = tf.reduce_sum(w.as_tensor() if hasattr(w, "as_tensor") else
                             tf.concat(list(w), 0))
        adam = O.AdamOptimizer(0.1)
        adam.minimize(loss)
        names = [v.name for v in adam.variables()]
    assert names == ["beta1_power:0", "beta2_power:0", "w/part_0/Adam:0", "w/part_0/Adam_1:0",
                     "w/part_1/Adam:0", "w/part_1/Adam_1:0"]


def test_adam_variables_per_graph_and_train_op_collection():
    adam = O.AdamOptimizer(0.1)
    graphs = [tf.Graph(), tf.Graph()]
    for graph in graphs:
        with graph.as_default():
            w = tf.Variable(1.0, name="w")
            train = adam.minimize(w * w)
            assert v1.get_collection(v1.GraphKeys.TRAIN_OP) == [train]
            assert [v.name for v in adam.variables()] == [
                "beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0"]


def test_optimizer_needs_a_name_and_adagrad_a_positive_accumulator():
    with pytest.raises(ValueError, match="Must specify the optimizer name"):
        O.Optimizer(False, "")
    with pytest.raises(ValueError, match="initial_accumulator_value must be positive"):
        O.AdagradOptimizer(0.1, initial_accumulator_value=0.0)


def test_apply_gradients_rejects_tensors_as_variables():
    with pytest.raises(TypeError, match="Trying to update a Tensor"):
        O.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant(1.0),
                                                          tf.constant(2.0))])


def test_eager_global_step_is_found_again():
    with tf.Graph().as_default():
        pass
    step = training_util.get_or_create_global_step()
    assert training_util.get_or_create_global_step() is step
    w = tf.Variable(1.0)
    O.GradientDescentOptimizer(0.1).minimize(lambda: w * w, global_step=step)
    assert training_util.global_step(None, step) == 1
