"""`tf.compat.v1.losses`: TF1's loss functions, their weighting and the loss collections.

Each loss computes per-element losses in float32, weights them, reduces them as `reduction`
says (by default: sum / number of non-zero weights) and adds the result to `LOSSES`.
"""
from tensorlite.framework import context as _context
from tensorlite.framework.graph_keys import GraphKeys

__all__ = ["Reduction", "compute_weighted_loss", "mean_squared_error", "absolute_difference",
           "log_loss", "huber_loss", "hinge_loss", "sigmoid_cross_entropy",
           "softmax_cross_entropy", "sparse_softmax_cross_entropy", "add_loss", "get_losses",
           "get_regularization_loss", "get_regularization_losses", "get_total_loss"]


def _tf():
    import tensorlite
    return tensorlite


class Reduction:
    """How a weighted loss is reduced (TF1's tf.compat.v1.losses.Reduction)."""
    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE,
                cls.SUM_OVER_NONZERO_WEIGHTS, cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}. Expected keys are \""
                             f"{cls.all()}\"")


def _num_present(tf, losses, weights):
    """How many loss elements have a non-zero weight (weights broadcast to the losses)."""
    present = tf.where(tf.equal(weights, 0.0), tf.zeros_like(weights), tf.ones_like(weights))
    present = tf.broadcast_to(present, tf.shape(losses))
    return tf.reduce_sum(present, name="num_present")


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weight `losses` and reduce them as `reduction` says; adds the loss to the collection."""
    tf = _tf()
    Reduction.validate(reduction)
    with tf.compat.v1.name_scope(scope, "weighted_loss", (losses, weights)):
        losses = tf.convert_to_tensor(losses)
        input_dtype = losses.dtype
        losses = tf.cast(losses, tf.float32)
        weights = tf.cast(weights, tf.float32)
        weighted = tf.multiply(losses, weights)
        if reduction == Reduction.NONE:
            loss = weighted
        else:
            loss = tf.reduce_sum(weighted)
            if reduction == Reduction.MEAN:
                loss = tf.math.divide_no_nan(
                    loss, tf.reduce_sum(tf.ones_like(losses) * weights), name="value")
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                loss = tf.math.divide_no_nan(loss, _num_present(tf, losses, weights),
                                             name="value")
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                loss = tf.math.divide_no_nan(loss, tf.cast(tf.size(losses), tf.float32),
                                             name="value")
        loss = tf.cast(loss, input_dtype)
        add_loss(loss, loss_collection)
        return loss


def _check(labels, predictions, what="predictions"):
    if labels is None:
        raise ValueError("Argument `labels` must not be None.")
    if predictions is None:
        raise ValueError(f"Argument `{what}` must not be None.")


def _pair(tf, labels, predictions):
    predictions = tf.cast(predictions, tf.float32)
    labels = tf.cast(labels, tf.float32)
    if predictions.shape.rank is not None and labels.shape.rank is not None and \
            not predictions.shape.is_compatible_with(labels.shape):
        raise ValueError(f"Shapes {predictions.shape} and {labels.shape} are incompatible")
    return labels, predictions


def mean_squared_error(labels, predictions, weights=1.0, scope=None,
                       loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    _check(labels, predictions)
    tf = _tf()
    with tf.compat.v1.name_scope(scope, "mean_squared_error") as scope:
        labels, predictions = _pair(tf, labels, predictions)
        losses = tf.math.squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def absolute_difference(labels, predictions, weights=1.0, scope=None,
                        loss_collection=GraphKeys.LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    _check(labels, predictions)
    tf = _tf()
    with tf.compat.v1.name_scope(scope, "absolute_difference") as scope:
        labels, predictions = _pair(tf, labels, predictions)
        losses = tf.abs(tf.subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None,
             loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    _check(labels, predictions)
    tf = _tf()
    with tf.compat.v1.name_scope(scope, "log_loss") as scope:
        labels, predictions = _pair(tf, labels, predictions)
        losses = -tf.multiply(labels, tf.math.log(predictions + epsilon)) - tf.multiply(
            (1 - labels), tf.math.log(1 - predictions + epsilon))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None,
               loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    _check(labels, predictions)
    tf = _tf()
    with tf.compat.v1.name_scope(scope, "huber_loss") as scope:
        labels, predictions = _pair(tf, labels, predictions)
        abs_error = tf.abs(tf.subtract(predictions, labels))
        quadratic = tf.minimum(abs_error, delta)
        linear = tf.subtract(abs_error, quadratic)
        losses = 0.5 * quadratic * quadratic + delta * linear
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Labels are 0/1 and mapped to -1/+1."""
    _check(labels, logits, "logits")
    tf = _tf()
    with tf.compat.v1.name_scope(scope, "hinge_loss") as scope:
        labels, logits = _pair(tf, labels, logits)
        signs = 2 * labels - 1
        losses = tf.nn.relu(1 - signs * logits)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0,
                          scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    if multi_class_labels is None:
        raise ValueError("Argument `multi_class_labels` must not be None.")
    _check(multi_class_labels, logits, "logits")
    tf = _tf()
    with tf.compat.v1.name_scope(scope, "sigmoid_cross_entropy_loss") as scope:
        logits = tf.convert_to_tensor(logits)
        labels = tf.cast(multi_class_labels, logits.dtype)
        if label_smoothing > 0:
            labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits,
                                                         name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    if onehot_labels is None:
        raise ValueError("Argument `onehot_labels` must not be None.")
    _check(onehot_labels, logits, "logits")
    tf = _tf()
    with tf.compat.v1.name_scope(scope, "softmax_cross_entropy_loss") as scope:
        logits = tf.convert_to_tensor(logits)
        labels = tf.cast(onehot_labels, logits.dtype)
        if label_smoothing > 0:
            num_classes = tf.cast(tf.shape(labels)[-1], logits.dtype)
            labels = labels * (1 - label_smoothing) + label_smoothing / num_classes
        losses = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(labels),
                                                         logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None,
                                 loss_collection=GraphKeys.LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    _check(labels, logits, "logits")
    tf = _tf()
    with tf.compat.v1.name_scope(scope, "sparse_softmax_cross_entropy_loss") as scope:
        logits = tf.convert_to_tensor(logits)
        labels = tf.convert_to_tensor(labels)
        # Labels of shape [batch, 1] (with [batch, classes] logits) are squeezed, as in TF.
        if labels.shape.rank is not None and logits.shape.rank is not None and \
                labels.shape.rank == logits.shape.rank:
            labels = tf.squeeze(labels, axis=[-1])
        weights = tf.convert_to_tensor(weights, tf.float32)
        if weights.shape.rank is not None and weights.shape.rank == logits.shape.rank and \
                weights.shape.rank > 1:
            weights = tf.squeeze(weights, axis=[-1])
        losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                                name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction)


def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    """Add `loss` to the graph collection `loss_collection` (nothing eagerly)."""
    if loss_collection and not _context.executing_eagerly():
        _context.get_default_graph().add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    return _context.get_default_graph().get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    return _context.get_default_graph().get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of the regularization losses, or 0.0 when there are none."""
    tf = _tf()
    losses = get_regularization_losses(scope)
    if losses:
        return tf.add_n(losses, name=name)
    return tf.constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """The sum of the losses (and, by default, of the regularization losses)."""
    tf = _tf()
    losses = get_losses(scope)
    if add_regularization_losses:
        losses = losses + get_regularization_losses(scope)
    return tf.add_n(losses, name=name)
