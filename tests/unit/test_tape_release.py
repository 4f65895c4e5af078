"""A non-persistent GradientTape lets go of its recording once the gradient is taken (as TF's
does), so a training step's forward tensors are freed before the optimizer runs."""
import weakref

import pytest

import tensorlite as tf


@pytest.mark.parametrize("take", ["gradient", "jacobian"])
def test_non_persistent_tape_frees_the_forward_pass(take):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        z = tf.reduce_sum(y * 3.0)
    intermediate = weakref.ref(y)
    del y
    assert intermediate() is not None          # recorded: still needed for the gradient
    getattr(tape, take)(z, x)
    assert intermediate() is None
    with pytest.raises(RuntimeError, match="non-persistent GradientTape"):
        tape.gradient(z, x)


def test_persistent_tape_keeps_its_recording():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        z = tf.reduce_sum(x * x)
    assert tape.gradient(z, x).numpy().tolist() == [2.0, 4.0]
    assert tape.gradient(z, x).numpy().tolist() == [2.0, 4.0]
