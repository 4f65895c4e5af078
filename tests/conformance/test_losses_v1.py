"""tf.compat.v1.losses: values against NumPy, reductions, collections, op names."""
import numpy as np
import pytest

LABELS = np.array([[1., 0., 0.], [0., 1., 0.]], np.float32)
PRED = np.array([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3]], np.float32)
LOGITS = np.array([[2., -1., 0.5], [0.1, 0.3, -2.]], np.float32)
WEIGHTS = np.array([[1.], [0.]], np.float32)


def _softmax_xent(labels, logits):
    shifted = logits - logits.max(-1, keepdims=True)
    return -(labels * (shifted - np.log(np.exp(shifted).sum(-1, keepdims=True)))).sum(-1)


def _sigmoid_xent(labels, logits):
    return np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits)))


CASES = {
    "mean_squared_error": (lambda L: L.mean_squared_error(LABELS, PRED),
                           np.mean((PRED - LABELS) ** 2)),
    "absolute_difference": (lambda L: L.absolute_difference(LABELS, PRED),
                            np.mean(np.abs(PRED - LABELS))),
    "log_loss": (lambda L: L.log_loss(LABELS, PRED),
                 np.mean(-LABELS * np.log(PRED + 1e-7) - (1 - LABELS) * np.log(1 - PRED + 1e-7))),
    "huber_loss": (lambda L: L.huber_loss(LABELS, LOGITS),
                   np.mean(np.where(np.abs(LOGITS - LABELS) <= 1,
                                    0.5 * (LOGITS - LABELS) ** 2,
                                    np.abs(LOGITS - LABELS) - 0.5))),
    "hinge_loss": (lambda L: L.hinge_loss(LABELS, LOGITS),
                   np.mean(np.maximum(0, 1 - (2 * LABELS - 1) * LOGITS))),
    "sigmoid_cross_entropy": (lambda L: L.sigmoid_cross_entropy(LABELS, LOGITS),
                              np.mean(_sigmoid_xent(LABELS, LOGITS))),
    "softmax_cross_entropy": (lambda L: L.softmax_cross_entropy(LABELS, LOGITS),
                              np.mean(_softmax_xent(LABELS, LOGITS))),
    "softmax_smoothing": (lambda L: L.softmax_cross_entropy(LABELS, LOGITS,
                                                            label_smoothing=0.3),
                          np.mean(_softmax_xent(LABELS * 0.7 + 0.1, LOGITS))),
    "sparse_softmax_cross_entropy": (lambda L: L.sparse_softmax_cross_entropy([0, 1], LOGITS),
                                     np.mean(_softmax_xent(LABELS, LOGITS))),
    "weighted_nonzero": (lambda L: L.mean_squared_error(LABELS, PRED, weights=WEIGHTS),
                         np.mean((PRED - LABELS)[0] ** 2)),
    "weighted_sum": (lambda L: L.mean_squared_error(LABELS, PRED, weights=2.0,
                                                    reduction=L.Reduction.SUM),
                     2 * np.sum((PRED - LABELS) ** 2)),
    "weighted_mean": (lambda L: L.absolute_difference(LABELS, PRED, weights=WEIGHTS * 3,
                                                      reduction=L.Reduction.MEAN),
                      np.sum(np.abs(PRED - LABELS)[0]) / 3),
    "over_batch_size": (lambda L: L.absolute_difference(
        LABELS, PRED, weights=WEIGHTS, reduction=L.Reduction.SUM_OVER_BATCH_SIZE),
        np.sum(np.abs(PRED - LABELS)[0]) / 6),
}


@pytest.mark.parametrize("which", sorted(CASES))
def test_loss_values(tf, which):
    make, expected = CASES[which]
    assert float(make(tf.compat.v1.losses)) == pytest.approx(float(expected), rel=1e-5)


def test_reduction_none_keeps_the_shape(tf):
    losses = tf.compat.v1.losses
    value = losses.mean_squared_error(LABELS, PRED, reduction=losses.Reduction.NONE)
    np.testing.assert_allclose(value.numpy(), (PRED - LABELS) ** 2, rtol=1e-6)


def test_collections_and_names_in_a_graph(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        mse = v1.losses.mean_squared_error(LABELS, PRED)
        xent = v1.losses.softmax_cross_entropy(LABELS, LOGITS)
        assert mse.op.name == "mean_squared_error/value"
        assert xent.op.name == "softmax_cross_entropy_loss/value"
        assert v1.losses.get_losses() == [mse, xent]
        w = v1.get_variable("w", initializer=np.ones(3, np.float32),
                            regularizer=lambda v: tf.reduce_sum(v * v))
        assert len(v1.losses.get_regularization_losses()) == 1
        reg = v1.losses.get_regularization_loss()
        total = v1.losses.get_total_loss()
        assert total.op.name == "total_loss"
        extra = tf.constant(1.5)
        v1.losses.add_loss(extra)
        assert v1.losses.get_losses()[-1] is extra
        with v1.Session() as sess:
            sess.run(w.initializer)
            got = sess.run([reg, total])
        assert got[0] == pytest.approx(3.0)
        assert got[1] == pytest.approx(3.0 + CASES["mean_squared_error"][1] +
                                       CASES["softmax_cross_entropy"][1], rel=1e-5)


def test_regularization_loss_is_zero_without_regularizers(tf):
    with tf.Graph().as_default():
        value = tf.compat.v1.losses.get_regularization_loss()
        with tf.compat.v1.Session() as sess:
            assert sess.run(value) == 0.0


def test_missing_labels(tf):
    with pytest.raises(ValueError, match="Argument `labels` must not be None."):
        tf.compat.v1.losses.mean_squared_error(None, PRED)
