"""`tf.compat.v1.metrics`: TF1's streaming metrics.

Each metric creates zero-initialized local variables (in LOCAL_VARIABLES and
METRIC_VARIABLES, not trainable) under its variable scope and returns `(value, update_op)`:
`update_op` adds a batch to the variables and returns the updated value; `value` reads them.
`tf.compat.v1.local_variables_initializer()` resets them. Graph mode only, as in TF.
"""
# Private names only: this module's attributes are the tf.compat.v1.metrics namespace.
from tensorlite import metrics_weights as _weights
from tensorlite.framework.graph_keys import GraphKeys as _GraphKeys

__all__ = ["accuracy", "auc", "false_negatives", "false_negatives_at_thresholds",
           "false_positives", "false_positives_at_thresholds", "mean", "mean_absolute_error",
           "mean_cosine_distance", "mean_iou", "mean_per_class_accuracy",
           "mean_relative_error", "mean_squared_error", "mean_tensor", "percentage_below",
           "precision", "precision_at_thresholds", "recall", "recall_at_thresholds",
           "root_mean_squared_error", "sensitivity_at_specificity",
           "specificity_at_sensitivity", "true_negatives", "true_negatives_at_thresholds",
           "true_positives", "true_positives_at_thresholds"]


def _tf():
    import tensorlite
    return tensorlite


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)


def _check_graph_mode(api, message_tail=None):
    # TF's messages differ slightly per metric (recall's says "is not supported is not
    # supported"), hence the tail argument.
    if _tf().executing_eagerly():
        tail = message_tail or "is not supported when eager execution is enabled."
        raise RuntimeError(f"tf.metrics.{api} {tail}")


def _metric_variable(shape, dtype, validate_shape=True, name=None):
    """A zero-initialized, non-trainable variable in LOCAL_VARIABLES and METRIC_VARIABLES."""
    tf = _tf()
    return tf.compat.v1.Variable(
        lambda: tf.zeros(shape, dtype), trainable=False,
        collections=[_GraphKeys.LOCAL_VARIABLES, _GraphKeys.METRIC_VARIABLES],
        validate_shape=validate_shape, synchronization=tf.VariableSynchronization.ON_READ,
        aggregation=tf.VariableAggregation.SUM, name=name)


def _add_to_collections(collections, value):
    if collections:
        _tf().compat.v1.add_to_collections(collections, value)


def _finish(value, update_op, metrics_collections, updates_collections):
    _add_to_collections(metrics_collections, value)
    _add_to_collections(updates_collections, update_op)
    return value, update_op


# ---- means -------------------------------------------------------------------------------

def mean(values, weights=None, metrics_collections=None, updates_collections=None,
         name=None):
    """The (weighted) mean of `values`: variables `total` and `count`."""
    _check_graph_mode("mean")
    tf = _tf()
    with tf.compat.v1.variable_scope(name, "mean", (values, weights)):
        values = tf.cast(values, tf.float32)
        total = _metric_variable([], tf.float32, name="total")
        count = _metric_variable([], tf.float32, name="count")
        if weights is None:
            num_values = tf.cast(tf.size(values), tf.float32)
        else:
            values, _, weights = _weights.remove_metric_squeezable_dimensions(values, None, weights)
            weights = _weights.broadcast_weights(tf.cast(weights, tf.float32), values)
            values = tf.multiply(values, weights)
            num_values = tf.reduce_sum(weights)
        update_total = tf.compat.v1.assign_add(total, tf.reduce_sum(values))
        with tf.control_dependencies([values]):
            update_count = tf.compat.v1.assign_add(count, num_values)
        value = tf.math.divide_no_nan(total, tf.maximum(count, 0), name="value")
        update_op = tf.math.divide_no_nan(update_total, tf.maximum(update_count, 0),
                                          name="update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def mean_tensor(values, weights=None, metrics_collections=None, updates_collections=None,
                name=None):
    """The element-wise (weighted) mean of `values`: variables `total_tensor`, `count_tensor`."""
    _check_graph_mode("mean_tensor")
    tf = _tf()
    with tf.compat.v1.variable_scope(name, "mean", (values, weights)):
        values = tf.cast(values, tf.float32)
        total = _metric_variable(values.shape, tf.float32, name="total_tensor")
        count = _metric_variable(values.shape, tf.float32, name="count_tensor")
        num_values = tf.ones_like(values)
        if weights is not None:
            values, _, weights = _weights.remove_metric_squeezable_dimensions(values, None, weights)
            weights = _weights.broadcast_weights(tf.cast(weights, tf.float32), values)
            values = tf.multiply(values, weights)
            num_values = tf.multiply(num_values, weights)
        update_total = tf.compat.v1.assign_add(total, values)
        with tf.control_dependencies([values]):
            update_count = tf.compat.v1.assign_add(count, num_values)
        value = tf.math.divide_no_nan(total, tf.maximum(count, 0), name="value")
        update_op = tf.math.divide_no_nan(update_total, tf.maximum(update_count, 0),
                                          name="update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def accuracy(labels, predictions, weights=None, metrics_collections=None,
             updates_collections=None, name=None):
    """How often `predictions` equals `labels`: the mean of the matches."""
    _check_graph_mode("accuracy")
    tf = _tf()
    predictions, labels, weights = _weights.remove_metric_squeezable_dimensions(
        predictions, labels, weights)
    predictions.shape.assert_is_compatible_with(labels.shape)
    if labels.dtype != predictions.dtype:
        predictions = tf.cast(predictions, labels.dtype)
    is_correct = tf.cast(tf.equal(predictions, labels), tf.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections,
                name or "accuracy")


def mean_absolute_error(labels, predictions, weights=None, metrics_collections=None,
                        updates_collections=None, name=None):
    _check_graph_mode("mean_absolute_error")
    tf = _tf()
    predictions, labels, weights = _weights.remove_metric_squeezable_dimensions(
        predictions, labels, weights)
    return mean(tf.abs(predictions - labels), weights, metrics_collections,
                updates_collections, name or "mean_absolute_error")


def mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                       updates_collections=None, name=None):
    _check_graph_mode("mean_squared_error")
    tf = _tf()
    predictions, labels, weights = _weights.remove_metric_squeezable_dimensions(
        predictions, labels, weights)
    return mean(tf.math.squared_difference(labels, predictions), weights,
                metrics_collections, updates_collections, name or "mean_squared_error")


def root_mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    """sqrt of mean_squared_error; as in TF, the Sqrt ops sit outside the metric's scope."""
    _check_graph_mode("root_mean_squared_error")
    tf = _tf()
    predictions, labels, weights = _weights.remove_metric_squeezable_dimensions(
        predictions, labels, weights)
    mse, update_mse = mean_squared_error(labels, predictions, weights, None, None,
                                         name or "root_mean_squared_error")
    return _finish(tf.sqrt(mse), tf.sqrt(update_mse), metrics_collections,
                   updates_collections)


def mean_relative_error(labels, predictions, normalizer, weights=None,
                        metrics_collections=None, updates_collections=None, name=None):
    """The mean of |labels - predictions| / normalizer (0 where the normalizer is 0)."""
    _check_graph_mode("mean_relative_error")
    tf = _tf()
    predictions, labels, weights = _weights.remove_metric_squeezable_dimensions(
        predictions, labels, weights)
    predictions, normalizer = _weights.remove_squeezable_dimensions(predictions, normalizer)
    predictions.shape.assert_is_compatible_with(normalizer.shape)
    relative_errors = tf.compat.v1.where(
        tf.equal(normalizer, 0.0), tf.zeros_like(labels),
        tf.divide(tf.abs(labels - predictions), normalizer))
    return mean(relative_errors, weights, metrics_collections, updates_collections,
                name or "mean_relative_error")


def mean_cosine_distance(labels, predictions, dim, weights=None, metrics_collections=None,
                         updates_collections=None, name=None):
    """1 - the mean of the dot products of unit vectors along `dim`."""
    _check_graph_mode("mean_cosine_distance")
    tf = _tf()
    predictions, labels, weights = _weights.remove_metric_squeezable_dimensions(
        predictions, labels, weights)
    radial_diffs = tf.reduce_sum(tf.multiply(predictions, labels), axis=[dim], keepdims=True)
    mean_distance, update_op = mean(radial_diffs, weights, None, None,
                                    name or "mean_cosine_distance")
    return _finish(tf.subtract(1.0, mean_distance), tf.subtract(1.0, update_op),
                   metrics_collections, updates_collections)


def percentage_below(values, threshold, weights=None, metrics_collections=None,
                     updates_collections=None, name=None):
    _check_graph_mode("percentage_below")
    tf = _tf()
    is_below = tf.cast(tf.less(values, threshold), tf.float32)
    return mean(is_below, weights, metrics_collections, updates_collections,
                name or "percentage_below_threshold")


# ---- counts of a binary condition --------------------------------------------------------

def _count_condition(values, weights, metrics_collections, updates_collections):
    """A `count` variable summing the (weighted) true entries of the bool tensor `values`."""
    tf = _tf()
    count = _metric_variable([], tf.float32, name="count")
    values = tf.cast(values, tf.float32)
    if weights is not None:
        weights = tf.convert_to_tensor(weights)
        # TF asserts rank(weights) in (0, rank(values)) but does not broadcast the weights.
        with tf.control_dependencies((tf.debugging.assert_rank_in(
                weights, (0, tf.rank(values))),)):
            values = tf.multiply(values, tf.cast(weights, tf.float32))
    value = tf.identity(count)
    update_op = tf.compat.v1.assign_add(count, tf.reduce_sum(values))
    return _finish(value, update_op, metrics_collections, updates_collections)


def _count(api, labels_value, predictions_value, labels, predictions, weights,
           metrics_collections, updates_collections, name):
    _check_graph_mode(api)
    tf = _tf()
    with tf.compat.v1.variable_scope(name, api, (predictions, labels, weights)):
        predictions, labels, weights = _weights.remove_metric_squeezable_dimensions(
            tf.cast(predictions, tf.bool), tf.cast(labels, tf.bool), weights)
        condition = tf.logical_and(tf.equal(labels, labels_value),
                                   tf.equal(predictions, predictions_value))
        return _count_condition(condition, weights, metrics_collections,
                                updates_collections)


def true_positives(labels, predictions, weights=None, metrics_collections=None,
                   updates_collections=None, name=None):
    return _count("true_positives", True, True, labels, predictions, weights,
                  metrics_collections, updates_collections, name)


def false_positives(labels, predictions, weights=None, metrics_collections=None,
                    updates_collections=None, name=None):
    return _count("false_positives", False, True, labels, predictions, weights,
                  metrics_collections, updates_collections, name)


def true_negatives(labels, predictions, weights=None, metrics_collections=None,
                   updates_collections=None, name=None):
    return _count("true_negatives", False, False, labels, predictions, weights,
                  metrics_collections, updates_collections, name)


def false_negatives(labels, predictions, weights=None, metrics_collections=None,
                    updates_collections=None, name=None):
    return _count("false_negatives", True, False, labels, predictions, weights,
                  metrics_collections, updates_collections, name)


def _ratio_of_counts(api, eager_tail, other, labels, predictions, weights,
                     metrics_collections, updates_collections, name):
    """precision (tp / (tp + fp)) or recall (tp / (tp + fn)); 0 while the sum is 0."""
    _check_graph_mode(api, eager_tail)
    tf = _tf()
    with tf.compat.v1.variable_scope(name, api, (predictions, labels, weights)):
        predictions, labels, weights = _weights.remove_metric_squeezable_dimensions(
            tf.cast(predictions, tf.bool), tf.cast(labels, tf.bool), weights)
        true_p, update_true_p = true_positives(labels, predictions, weights)
        other_count, update_other = other(labels, predictions, weights)

        def ratio(tp, other_value, name):
            return tf.compat.v1.where(tf.greater(tp + other_value, 0),
                                      tf.divide(tp, tp + other_value), 0, name)

        return _finish(ratio(true_p, other_count, "value"),
                       ratio(update_true_p, update_other, "update_op"),
                       metrics_collections, updates_collections)


def precision(labels, predictions, weights=None, metrics_collections=None,
              updates_collections=None, name=None):
    return _ratio_of_counts("precision", None, false_positives, labels, predictions, weights,
                            metrics_collections, updates_collections, name)


def recall(labels, predictions, weights=None, metrics_collections=None,
           updates_collections=None, name=None):
    return _ratio_of_counts("recall", "is not supported is not supported when eager "
                            "execution is enabled.", false_negatives, labels, predictions,
                            weights, metrics_collections, updates_collections, name)


# ---- confusion counts at thresholds ------------------------------------------------------

_ALL_INCLUDES = ("tp", "fn", "tn", "fp")
_COUNT_NAMES = {"tp": "true_positives", "fn": "false_negatives", "tn": "true_negatives",
                "fp": "false_positives"}


def _confusion_matrix_at_thresholds(labels, predictions, thresholds, weights=None,
                                    includes=None):
    """Per-threshold variables counting (weighted) tp/fn/tn/fp of `predictions > threshold`.

    Returns ({key: variable}, {key: update op}) for the keys in `includes`.
    """
    tf = _tf()
    if includes is None:
        includes = _ALL_INCLUDES
    for include in includes:
        if include not in _ALL_INCLUDES:
            raise ValueError(f"Invalid key: {include}")
    predictions = tf.convert_to_tensor(predictions)
    in_range = [
        tf.debugging.assert_greater_equal(predictions, tf.cast(0.0, predictions.dtype),
                                          message="predictions must be in [0, 1]"),
        tf.debugging.assert_less_equal(predictions, tf.cast(1.0, predictions.dtype),
                                       message="predictions must be in [0, 1]")]
    with tf.control_dependencies(in_range):
        predictions, labels, weights = _weights.remove_metric_squeezable_dimensions(
            tf.cast(predictions, tf.float32), tf.cast(labels, tf.bool), weights)
    num_thresholds = len(thresholds)
    predictions_2d = tf.reshape(predictions, [-1, 1])
    labels_2d = tf.reshape(tf.cast(labels, tf.bool), [1, -1])
    num_predictions = predictions_2d.shape.as_list()[0]
    if num_predictions is None:
        num_predictions = tf.shape(predictions_2d)[0]
    # Rows are thresholds, columns are predictions.
    thresh_tiled = tf.tile(tf.expand_dims(tf.constant(thresholds, tf.float32), 1),
                           tf.stack([1, num_predictions]))
    pred_is_pos = tf.greater(tf.tile(tf.transpose(predictions_2d), [num_thresholds, 1]),
                             thresh_tiled)
    label_is_pos = tf.tile(labels_2d, [num_thresholds, 1])
    conditions = {
        "tp": lambda: tf.logical_and(label_is_pos, pred_is_pos),
        "fn": lambda: tf.logical_and(label_is_pos, tf.logical_not(pred_is_pos)),
        "tn": lambda: tf.logical_and(tf.logical_not(label_is_pos),
                                     tf.logical_not(pred_is_pos)),
        "fp": lambda: tf.logical_and(tf.logical_not(label_is_pos), pred_is_pos)}
    weights_tiled = None
    if weights is not None:
        weights = _weights.broadcast_weights(tf.cast(weights, tf.float32), predictions)
        weights_tiled = tf.tile(tf.reshape(weights, [1, -1]), [num_thresholds, 1])
        thresh_tiled.shape.assert_is_compatible_with(weights_tiled.shape)
    values, update_ops = {}, {}
    # TF creates the variables in this order, which fixes their names' order in collections.
    for key in _ALL_INCLUDES:
        if key not in includes:
            continue
        variable = _metric_variable([num_thresholds], tf.float32, name=_COUNT_NAMES[key])
        counted = tf.cast(conditions[key](), tf.float32)
        if weights_tiled is not None:
            counted *= weights_tiled
        update_ops[key] = tf.compat.v1.assign_add(variable, tf.reduce_sum(counted, 1))
        values[key] = variable
    return values, update_ops


def _count_at_thresholds(api, key, labels, predictions, thresholds, weights,
                         metrics_collections, updates_collections, name):
    _check_graph_mode(f"{api}_at_thresholds")
    tf = _tf()
    with tf.compat.v1.variable_scope(name, api, (predictions, labels, weights)):
        values, update_ops = _confusion_matrix_at_thresholds(
            labels, predictions, thresholds, weights=weights, includes=(key,))
        return _finish(tf.identity(values[key]), update_ops[key], metrics_collections,
                       updates_collections)


def true_positives_at_thresholds(labels, predictions, thresholds, weights=None,
                                 metrics_collections=None, updates_collections=None,
                                 name=None):
    return _count_at_thresholds("true_positives", "tp", labels, predictions, thresholds,
                                weights, metrics_collections, updates_collections, name)


def false_positives_at_thresholds(labels, predictions, thresholds, weights=None,
                                  metrics_collections=None, updates_collections=None,
                                  name=None):
    return _count_at_thresholds("false_positives", "fp", labels, predictions, thresholds,
                                weights, metrics_collections, updates_collections, name)


def true_negatives_at_thresholds(labels, predictions, thresholds, weights=None,
                                 metrics_collections=None, updates_collections=None,
                                 name=None):
    return _count_at_thresholds("true_negatives", "tn", labels, predictions, thresholds,
                                weights, metrics_collections, updates_collections, name)


def false_negatives_at_thresholds(labels, predictions, thresholds, weights=None,
                                  metrics_collections=None, updates_collections=None,
                                  name=None):
    return _count_at_thresholds("false_negatives", "fn", labels, predictions, thresholds,
                                weights, metrics_collections, updates_collections, name)


def _ratio_at_thresholds(api, other, labels, predictions, thresholds, weights,
                         metrics_collections, updates_collections, name):
    """tp / (tp + `other` + 1e-7) per threshold (precision: other=fp, recall: other=fn)."""
    _check_graph_mode(f"{api}_at_thresholds")
    tf = _tf()
    with tf.compat.v1.variable_scope(name, f"{api}_at_thresholds",
                                     (predictions, labels, weights)):
        values, update_ops = _confusion_matrix_at_thresholds(
            labels, predictions, thresholds, weights, includes=("tp", other))

        def ratio(tp, other_count, suffix):
            return tf.divide(tp, 1e-7 + tp + other_count, name=f"{api}_{suffix}")

        return _finish(ratio(values["tp"], values[other], "value"),
                       ratio(update_ops["tp"], update_ops[other], "update_op"),
                       metrics_collections, updates_collections)


def precision_at_thresholds(labels, predictions, thresholds, weights=None,
                            metrics_collections=None, updates_collections=None, name=None):
    return _ratio_at_thresholds("precision", "fp", labels, predictions, thresholds, weights,
                                metrics_collections, updates_collections, name)


def recall_at_thresholds(labels, predictions, thresholds, weights=None,
                         metrics_collections=None, updates_collections=None, name=None):
    return _ratio_at_thresholds("recall", "fn", labels, predictions, thresholds, weights,
                                metrics_collections, updates_collections, name)


# ---- curves ------------------------------------------------------------------------------

def _interpolate_pr_auc(tf, tp, fp, fn):
    """PR-AUC interpolating the counts, not precision, between thresholds (TF's closed form
    of Davis & Goadrich 2006, section 4)."""
    n = tp.shape.as_list()[0]
    dtp = tp[:n - 1] - tp[1:]
    p = tp + fp
    prec_slope = tf.math.divide_no_nan(dtp, tf.maximum(p[:n - 1] - p[1:], 0),
                                       name="prec_slope")
    intercept = tp[1:] - tf.multiply(prec_slope, p[1:])
    safe_p_ratio = tf.compat.v1.where(
        tf.logical_and(p[:n - 1] > 0, p[1:] > 0),
        tf.math.divide_no_nan(p[:n - 1], tf.maximum(p[1:], 0),
                              name="recall_relative_ratio"),
        tf.ones_like(p[1:]))
    return tf.reduce_sum(
        tf.math.divide_no_nan(prec_slope * (dtp + intercept * tf.math.log(safe_p_ratio)),
                              tf.maximum(tp[1:] + fn[1:], 0), name="pr_auc_increment"),
        name="interpolate_pr_auc")


def _compute_auc(tf, curve, summation_method, tp, fn, tn, fp, name):
    if curve == "PR" and summation_method == "careful_interpolation":
        return _interpolate_pr_auc(tf, tp, fp, fn)
    epsilon = 1.0e-6    # keeps empty buckets from dividing by 0
    n = tp.shape.as_list()[0]
    rec = tf.divide(tp + epsilon, tp + fn + epsilon)
    if curve == "ROC":
        x, y = tf.divide(fp, fp + tn + epsilon), rec
    else:
        x, y = rec, tf.divide(tp + epsilon, tp + fp + epsilon)
    if summation_method in ("trapezoidal", "careful_interpolation"):
        heights = (y[:n - 1] + y[1:]) / 2.
    elif summation_method == "minoring":
        heights = tf.minimum(y[:n - 1], y[1:])
    elif summation_method == "majoring":
        heights = tf.maximum(y[:n - 1], y[1:])
    else:
        raise ValueError(f"Invalid summation_method: {summation_method} summation_method "
                         "should be 'trapezoidal', 'careful_interpolation', 'minoring', or "
                         "'majoring'.")
    return tf.reduce_sum(tf.multiply(x[:n - 1] - x[1:], heights), name=name)


def auc(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None,
        updates_collections=None, curve="ROC", name=None, summation_method="trapezoidal",
        thresholds=None):
    """The area under the ROC or PR curve, from counts at `num_thresholds` thresholds.

    TF also logs a deprecation warning (and one for PR with 'trapezoidal'); tensorlite doesn't.
    """
    _check_graph_mode("auc")
    tf = _tf()
    with tf.compat.v1.variable_scope(name, "auc", (labels, predictions, weights)):
        if curve not in ("ROC", "PR"):
            raise ValueError(f"Curve must be either ROC or PR. Curve {curve} is unknown.")
        kepsilon = 1e-7     # puts predictions of exactly 0 and 1 inside the end buckets
        if thresholds is not None:
            thresholds = sorted(thresholds)
        else:
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1)
                          for i in range(num_thresholds - 2)]
        thresholds = [0.0 - kepsilon] + list(thresholds) + [1.0 + kepsilon]
        values, update_ops = _confusion_matrix_at_thresholds(labels, predictions, thresholds,
                                                             weights)
        value = _compute_auc(tf, curve, summation_method, values["tp"], values["fn"],
                             values["tn"], values["fp"], "value")
        update_op = _compute_auc(tf, curve, summation_method, update_ops["tp"],
                                 update_ops["fn"], update_ops["tn"], update_ops["fp"],
                                 "update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def _at_sensitivity_or_specificity(api, target_name, target, labels, predictions, weights,
                                   num_thresholds, metrics_collections, updates_collections,
                                   name):
    """The sensitivity (or specificity) at the threshold whose specificity (or sensitivity)
    is closest to `target`."""
    _check_graph_mode(api)
    # TF's two messages differ in one word.
    verb = "is" if api == "specificity_at_sensitivity" else "got"
    if target < 0 or target > 1:
        raise ValueError(f"`{target_name}` must be in the range [0, 1]. Currently, "
                         f"`{target_name}` {verb} {target}.")
    tf = _tf()
    with tf.compat.v1.variable_scope(name, api, (predictions, labels, weights)):
        kepsilon = 1e-7
        thresholds = [(i + 1) * 1.0 / (num_thresholds - 1)
                      for i in range(num_thresholds - 2)]
        # TF's specificity_at_sensitivity ends at 1 - epsilon, the other at 1 + epsilon.
        last = 1.0 - kepsilon if api == "specificity_at_sensitivity" else 1.0 + kepsilon
        thresholds = [0.0 - kepsilon] + thresholds + [last]
        values, update_ops = _confusion_matrix_at_thresholds(labels, predictions, thresholds,
                                                             weights)

        def compute(counts, name):
            tp, tn, fp, fn = counts["tp"], counts["tn"], counts["fp"], counts["fn"]
            if api == "specificity_at_sensitivity":
                distance = tf.abs(tf.divide(tp, tp + fn + kepsilon) - target)
                # The last of the closest thresholds: the cumulative count of minima
                # reaches its maximum first there.
                at_min = tf.cast(tf.equal(distance, tf.reduce_min(distance)), tf.int64)
                index = tf.cast(tf.argmax(tf.cumsum(at_min), 0), tf.int32)
                numerator, other = tn, fp
            else:
                distance = tf.abs(tf.divide(tn, tn + fp + kepsilon) - target)
                index = tf.cast(tf.argmin(distance, 0), tf.int32)
                numerator, other = tp, fn
            return tf.divide(numerator[index], numerator[index] + other[index] + kepsilon,
                             name)

        return _finish(compute(values, "value"), compute(update_ops, "update_op"),
                       metrics_collections, updates_collections)


def sensitivity_at_specificity(labels, predictions, specificity, weights=None,
                               num_thresholds=200, metrics_collections=None,
                               updates_collections=None, name=None):
    return _at_sensitivity_or_specificity(
        "sensitivity_at_specificity", "specificity", specificity, labels, predictions,
        weights, num_thresholds, metrics_collections, updates_collections, name)


def specificity_at_sensitivity(labels, predictions, sensitivity, weights=None,
                               num_thresholds=200, metrics_collections=None,
                               updates_collections=None, name=None):
    return _at_sensitivity_or_specificity(
        "specificity_at_sensitivity", "sensitivity", sensitivity, labels, predictions,
        weights, num_thresholds, metrics_collections, updates_collections, name)


# ---- per class ---------------------------------------------------------------------------

def mean_per_class_accuracy(labels, predictions, num_classes, weights=None,
                            metrics_collections=None, updates_collections=None, name=None):
    """The mean over classes of per-class accuracy: variables `total` and `count`.

    As in TF, the update op is the per-class accuracy vector, the value its mean.
    """
    _check_graph_mode("mean_per_class_accuracy")
    tf = _tf()
    with tf.compat.v1.variable_scope(name, "mean_accuracy", (predictions, labels, weights)):
        labels = tf.cast(labels, tf.int64)
        predictions = tf.convert_to_tensor(predictions)
        if labels.shape.ndims > 1:
            labels = tf.reshape(labels, [-1])
        if predictions.shape.ndims > 1:
            predictions = tf.reshape(predictions, [-1])
        predictions.shape.assert_is_compatible_with(labels.shape)
        total = _metric_variable([num_classes], tf.float32, name="total")
        count = _metric_variable([num_classes], tf.float32, name="count")
        ones = tf.ones([tf.size(labels)], tf.float32)
        if labels.dtype != predictions.dtype:
            predictions = tf.cast(predictions, labels.dtype)
        is_correct = tf.cast(tf.equal(predictions, labels), tf.float32)
        if weights is not None:
            weights = tf.convert_to_tensor(weights)
            if weights.shape.ndims > 1:
                weights = tf.reshape(weights, [-1])
            weights = tf.cast(weights, tf.float32)
            is_correct *= weights
            ones *= weights
        update_total = tf.compat.v1.scatter_add(total, labels, ones)
        update_count = tf.compat.v1.scatter_add(count, labels, is_correct)
        per_class = tf.math.divide_no_nan(count, tf.maximum(total, 0))
        value = tf.reduce_mean(per_class, name="mean_accuracy")
        update_op = tf.math.divide_no_nan(update_count, tf.maximum(update_total, 0),
                                          name="update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def mean_iou(labels, predictions, num_classes, weights=None, metrics_collections=None,
             updates_collections=None, name=None):
    """The mean intersection-over-union of the classes that occur, from a float64 confusion
    matrix `total_confusion_matrix` (which the update op returns, as in TF)."""
    _check_graph_mode("mean_iou")
    tf = _tf()
    with tf.compat.v1.variable_scope(name, "mean_iou", (predictions, labels, weights)):
        predictions = tf.convert_to_tensor(predictions)
        labels = tf.convert_to_tensor(labels)
        predictions.shape.assert_is_compatible_with(labels.shape)
        total_cm = _metric_variable([num_classes, num_classes], tf.float64,
                                   name="total_confusion_matrix")
        predictions = tf.cast(predictions, tf.int64)
        labels = tf.cast(labels, tf.int64)
        if predictions.shape.ndims > 1:
            predictions = tf.reshape(predictions, [-1])
        if labels.shape.ndims > 1:
            labels = tf.reshape(labels, [-1])
        if weights is not None:
            weights = tf.convert_to_tensor(weights)
            if weights.shape.ndims > 1:
                weights = tf.reshape(weights, [-1])
        current_cm = _weights.confusion_matrix(labels, predictions, num_classes, weights=weights,
                                               dtype=tf.float64)
        update_op = tf.compat.v1.assign_add(total_cm, current_cm)

        sum_over_row = tf.cast(tf.reduce_sum(total_cm, 0), tf.float32)
        sum_over_col = tf.cast(tf.reduce_sum(total_cm, 1), tf.float32)
        cm_diag = tf.cast(tf.linalg.diag_part(total_cm), tf.float32)
        denominator = sum_over_row + sum_over_col - cm_diag
        # Classes absent from both labels and predictions don't count towards the mean.
        num_valid_entries = tf.reduce_sum(tf.cast(tf.not_equal(denominator, 0), tf.float32))
        denominator = tf.compat.v1.where(tf.greater(denominator, 0), denominator,
                                         tf.ones_like(denominator))
        iou = tf.divide(cm_diag, denominator)
        value = tf.compat.v1.where(tf.greater(num_valid_entries, 0),
                                   tf.reduce_sum(iou, name="mean_iou") / num_valid_entries,
                                   0)
        return _finish(value, update_op, metrics_collections, updates_collections)
