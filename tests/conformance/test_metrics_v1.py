"""tf.compat.v1.metrics: streaming values over several batches, resets, variables, errors."""
import numpy as np
import pytest

RNG = np.random.RandomState(7)
# Three batches of binary labels, scores in [0, 1] (exact 0 and 1 included) and weights.
LABELS = [RNG.randint(0, 2, size=n).astype(np.int64) for n in (6, 9, 5)]
SCORES = [RNG.uniform(size=n).astype(np.float32) for n in (6, 9, 5)]
SCORES[0][:2] = [0.0, 1.0]
WEIGHTS = [RNG.choice([0.0, 0.5, 1.0, 2.0], size=n).astype(np.float32) for n in (6, 9, 5)]
CLASSES = [RNG.randint(0, 4, size=n).astype(np.int64) for n in (6, 9, 5)]
GUESSES = [RNG.randint(0, 4, size=n).astype(np.int64) for n in (6, 9, 5)]


def _placeholders(tf):
    ph = tf.compat.v1.placeholder
    return dict(labels=ph(tf.int64, [None], "labels"), scores=ph(tf.float32, [None], "scores"),
                targets=ph(tf.float32, [None], "targets"),
                weights=ph(tf.float32, [None], "weights"),
                classes=ph(tf.int64, [None], "classes"), guesses=ph(tf.int64, [None], "guesses"))


def _feed(p, i):
    return {p["labels"]: LABELS[i], p["scores"]: SCORES[i], p["weights"]: WEIGHTS[i],
            p["targets"]: LABELS[i].astype(np.float32),
            p["classes"]: CLASSES[i], p["guesses"]: GUESSES[i]}


def _stream(tf, make, batches=3):
    """Run update_op once per batch; return the update results and the final value."""
    with tf.Graph().as_default():
        p = _placeholders(tf)
        value, update_op = make(tf.compat.v1.metrics, p)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.local_variables_initializer())
            updates = [sess.run(update_op, _feed(p, i)) for i in range(batches)]
            return updates, sess.run(value)


def _cat(arrays, n):
    return np.concatenate(arrays[:n])


def _weighted_mean(values, weights):
    return np.sum(values * weights) / np.sum(weights)


# ---- references in NumPy ----------------------------------------------------------------

def _counts_at(labels, scores, weights, thresholds):
    """TF's per-threshold confusion counts: positive means score > threshold (in float32)."""
    pos = scores[None, :] > np.asarray(thresholds, np.float32)[:, None]
    lab = labels.astype(bool)[None, :]
    w = weights[None, :].astype(np.float64)
    return {"tp": ((lab & pos) * w).sum(1), "fn": ((lab & ~pos) * w).sum(1),
            "tn": ((~lab & ~pos) * w).sum(1), "fp": ((~lab & pos) * w).sum(1)}


def _auc_reference(labels, scores, weights, curve, method, num_thresholds=200):
    eps = 1e-7
    thresholds = [-eps] + [(i + 1) / (num_thresholds - 1)
                           for i in range(num_thresholds - 2)] + [1 + eps]
    c = _counts_at(labels, scores, weights, thresholds)
    tp, fn, tn, fp = c["tp"], c["fn"], c["tn"], c["fp"]
    if curve == "PR" and method == "careful_interpolation":
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = np.maximum(p[:-1] - p[1:], 0)
        slope = np.divide(dtp, dp, out=np.zeros_like(dtp), where=dp != 0)
        intercept = tp[1:] - slope * p[1:]
        ratio = np.where((p[:-1] > 0) & (p[1:] > 0),
                         p[:-1] / np.where(p[1:] > 0, p[1:], 1), 1.0)
        denominator = np.maximum(tp[1:] + fn[1:], 0)
        numerator = slope * (dtp + intercept * np.log(ratio))
        return np.sum(np.divide(numerator, denominator, out=np.zeros_like(numerator),
                                where=denominator != 0))
    rec = (tp + 1e-6) / (tp + fn + 1e-6)
    if curve == "ROC":
        x, y = fp / (fp + tn + 1e-6), rec
    else:
        x, y = rec, (tp + 1e-6) / (tp + fp + 1e-6)
    heights = {"trapezoidal": (y[:-1] + y[1:]) / 2, "careful_interpolation":
               (y[:-1] + y[1:]) / 2, "minoring": np.minimum(y[:-1], y[1:]),
               "majoring": np.maximum(y[:-1], y[1:])}[method]
    return np.sum((x[:-1] - x[1:]) * heights)


def _rate_at_rate_reference(labels, scores, weights, target, sensitivity_given,
                            num_thresholds=200):
    """specificity_at_sensitivity (sensitivity_given) or sensitivity_at_specificity, as TF
    computes them: the first (or, given a sensitivity, last) closest threshold."""
    eps = 1e-7
    last = 1 - eps if sensitivity_given else 1 + eps
    thresholds = [-eps] + [(i + 1) / (num_thresholds - 1)
                           for i in range(num_thresholds - 2)] + [last]
    c = {k: v.astype(np.float32) for k, v in
         _counts_at(labels, scores, weights, thresholds).items()}
    if sensitivity_given:
        distance = np.abs(c["tp"] / (c["tp"] + c["fn"] + np.float32(eps)) - np.float32(target))
        i = np.flatnonzero(distance == distance.min())[-1]
        return c["tn"][i] / (c["tn"][i] + c["fp"][i] + eps)
    distance = np.abs(c["tn"] / (c["tn"] + c["fp"] + np.float32(eps)) - np.float32(target))
    i = np.argmin(distance)
    return c["tp"][i] / (c["tp"][i] + c["fn"][i] + eps)


def _confusion(labels, predictions, weights, k=4):
    cm = np.zeros((k, k))
    np.add.at(cm, (labels, predictions), weights)
    return cm


def _mean_iou(cm):
    diag = np.diag(cm)
    denominator = cm.sum(0) + cm.sum(1) - diag
    valid = denominator != 0
    return np.sum(diag[valid] / denominator[valid]) / max(valid.sum(), 1)


def _per_class_accuracy(labels, predictions, weights, k=4):
    total = np.bincount(labels, weights, minlength=k)
    count = np.bincount(labels, weights * (labels == predictions), minlength=k)
    return np.divide(count, total, out=np.zeros(k), where=total != 0)


def _binary(n, w=None):
    """Boolean labels and predictions (score > 0.5) of the first n batches, and weights."""
    labels = _cat(LABELS, n).astype(bool)
    predicted = _cat(SCORES, n) > 0.5
    weights = np.ones(len(labels)) if w is None else _cat(WEIGHTS, n)
    return labels, predicted, weights


def _tp(n, w=None):
    lab, pred, wt = _binary(n, w)
    return np.sum((lab & pred) * wt)


def _fp(n, w=None):
    lab, pred, wt = _binary(n, w)
    return np.sum((~lab & pred) * wt)


def _tn(n, w=None):
    lab, pred, wt = _binary(n, w)
    return np.sum((~lab & ~pred) * wt)


def _fn(n, w=None):
    lab, pred, wt = _binary(n, w)
    return np.sum((lab & ~pred) * wt)


def _above_half(p):
    return p["scores"] > 0.5


# Each case: (make(metrics, placeholders) -> (value, update_op), expected(n batches)).
CASES = {
    "accuracy": (lambda m, p: m.accuracy(p["classes"], p["guesses"]),
                 lambda n: np.mean(_cat(CLASSES, n) == _cat(GUESSES, n))),
    "accuracy_weighted": (
        lambda m, p: m.accuracy(p["classes"], p["guesses"], weights=p["weights"]),
        lambda n: _weighted_mean(_cat(CLASSES, n) == _cat(GUESSES, n), _cat(WEIGHTS, n))),
    "mean": (lambda m, p: m.mean(p["scores"]), lambda n: np.mean(_cat(SCORES, n))),
    "mean_weighted": (lambda m, p: m.mean(p["scores"], weights=p["weights"]),
                      lambda n: _weighted_mean(_cat(SCORES, n), _cat(WEIGHTS, n))),
    "mean_squared_error": (
        lambda m, p: m.mean_squared_error(p["targets"], p["scores"], weights=p["weights"]),
        lambda n: _weighted_mean((_cat(LABELS, n) - _cat(SCORES, n)) ** 2,
                                 _cat(WEIGHTS, n))),
    "mean_absolute_error": (
        lambda m, p: m.mean_absolute_error(p["targets"], p["scores"]),
        lambda n: np.mean(np.abs(_cat(LABELS, n) - _cat(SCORES, n)))),
    "root_mean_squared_error": (
        lambda m, p: m.root_mean_squared_error(p["targets"], p["scores"], weights=p["weights"]),
        lambda n: np.sqrt(_weighted_mean((_cat(LABELS, n) - _cat(SCORES, n)) ** 2,
                                         _cat(WEIGHTS, n)))),
    "mean_relative_error": (
        lambda m, p: m.mean_relative_error(p["scores"], p["targets"], normalizer=p["weights"]),
        lambda n: np.mean(np.where(
            _cat(WEIGHTS, n) == 0, 0.0, np.abs(_cat(LABELS, n) - _cat(SCORES, n)) /
            np.where(_cat(WEIGHTS, n) == 0, 1, _cat(WEIGHTS, n))))),
    "percentage_below": (lambda m, p: m.percentage_below(p["scores"], 0.3),
                         lambda n: np.mean(_cat(SCORES, n) < 0.3)),
    "true_positives": (lambda m, p: m.true_positives(p["labels"], _above_half(p)),
                       lambda n: _tp(n)),
    "false_positives": (
        lambda m, p: m.false_positives(p["labels"], _above_half(p), weights=p["weights"]),
        lambda n: _fp(n, True)),
    "true_negatives": (
        lambda m, p: m.true_negatives(p["labels"], _above_half(p), weights=p["weights"]),
        lambda n: _tn(n, True)),
    "false_negatives": (lambda m, p: m.false_negatives(p["labels"], _above_half(p)),
                        lambda n: _fn(n)),
    "precision": (lambda m, p: m.precision(p["labels"], _above_half(p)),
                  lambda n: _tp(n) / (_tp(n) + _fp(n))),
    "precision_weighted": (
        lambda m, p: m.precision(p["labels"], _above_half(p), weights=p["weights"]),
        lambda n: _tp(n, True) / (_tp(n, True) + _fp(n, True))),
    "recall": (lambda m, p: m.recall(p["labels"], _above_half(p), weights=p["weights"]),
               lambda n: _tp(n, True) / (_tp(n, True) + _fn(n, True))),
    "precision_at_thresholds": (
        lambda m, p: m.precision_at_thresholds(p["labels"], p["scores"], [0.25, 0.5, 0.9],
                                               weights=p["weights"]),
        lambda n: (lambda c: c["tp"] / (1e-7 + c["tp"] + c["fp"]))(_counts_at(
            _cat(LABELS, n), _cat(SCORES, n), _cat(WEIGHTS, n), [0.25, 0.5, 0.9]))),
    "recall_at_thresholds": (
        lambda m, p: m.recall_at_thresholds(p["labels"], p["scores"], [0.1, 0.7]),
        lambda n: (lambda c: c["tp"] / (1e-7 + c["tp"] + c["fn"]))(_counts_at(
            _cat(LABELS, n), _cat(SCORES, n), np.ones(len(_cat(SCORES, n))), [0.1, 0.7]))),
    "false_positives_at_thresholds": (
        lambda m, p: m.false_positives_at_thresholds(p["labels"], p["scores"], [0.2, 0.6]),
        lambda n: _counts_at(_cat(LABELS, n), _cat(SCORES, n), np.ones(len(_cat(SCORES, n))),
                             [0.2, 0.6])["fp"]),
    "true_negatives_at_thresholds": (
        lambda m, p: m.true_negatives_at_thresholds(p["labels"], p["scores"], [0.2, 0.6],
                                                    weights=p["weights"]),
        lambda n: _counts_at(_cat(LABELS, n), _cat(SCORES, n), _cat(WEIGHTS, n),
                             [0.2, 0.6])["tn"]),
    "mean_per_class_accuracy": (
        lambda m, p: m.mean_per_class_accuracy(p["classes"], p["guesses"], 4,
                                               weights=p["weights"]),
        lambda n: np.mean(_per_class_accuracy(_cat(CLASSES, n), _cat(GUESSES, n),
                                              _cat(WEIGHTS, n)))),
    "mean_iou": (
        lambda m, p: m.mean_iou(p["classes"], p["guesses"], 4, weights=p["weights"]),
        lambda n: _mean_iou(_confusion(_cat(CLASSES, n), _cat(GUESSES, n),
                                       _cat(WEIGHTS, n)))),
}
for _curve in ("ROC", "PR"):
    for _method in ("trapezoidal", "careful_interpolation", "minoring", "majoring"):
        CASES[f"auc_{_curve}_{_method}"] = (
            lambda m, p, c=_curve, s=_method: m.auc(p["labels"], p["scores"],
                                                    weights=p["weights"], curve=c,
                                                    summation_method=s),
            lambda n, c=_curve, s=_method: _auc_reference(
                _cat(LABELS, n), _cat(SCORES, n), _cat(WEIGHTS, n), c, s))
for _target in (0.2, 0.5, 0.9):
    CASES[f"sensitivity_at_specificity_{_target}"] = (
        lambda m, p, t=_target: m.sensitivity_at_specificity(p["labels"], p["scores"], t,
                                                             weights=p["weights"]),
        lambda n, t=_target: _rate_at_rate_reference(
            _cat(LABELS, n), _cat(SCORES, n), _cat(WEIGHTS, n), t, False))
    CASES[f"specificity_at_sensitivity_{_target}"] = (
        lambda m, p, t=_target: m.specificity_at_sensitivity(p["labels"], p["scores"], t,
                                                             num_thresholds=13),
        lambda n, t=_target: _rate_at_rate_reference(
            _cat(LABELS, n), _cat(SCORES, n), np.ones(len(_cat(SCORES, n))), t, True, 13))
CASES["auc_unweighted_few_thresholds"] = (
    lambda m, p: m.auc(p["labels"], p["scores"], num_thresholds=7),
    lambda n: _auc_reference(_cat(LABELS, n), _cat(SCORES, n), np.ones(len(_cat(SCORES, n))),
                             "ROC", "trapezoidal", num_thresholds=7))

# The update op of these returns something other than the value (as in TF).
_UPDATE_IS_NOT_VALUE = {"mean_per_class_accuracy", "mean_iou"}


@pytest.mark.parametrize("which", sorted(CASES))
def test_streaming_values(tf, which):
    make, expected = CASES[which]
    updates, value = _stream(tf, make)
    np.testing.assert_allclose(value, expected(3), rtol=2e-5, atol=1e-6)
    if which not in _UPDATE_IS_NOT_VALUE:
        for n, update in enumerate(updates, 1):
            np.testing.assert_allclose(update, expected(n), rtol=2e-5, atol=1e-6)


def test_update_ops_of_per_class_metrics(tf):
    updates, _ = _stream(tf, lambda m, p: m.mean_per_class_accuracy(
        p["classes"], p["guesses"], 4))
    for n, update in enumerate(updates, 1):
        np.testing.assert_allclose(update, _per_class_accuracy(
            _cat(CLASSES, n), _cat(GUESSES, n), np.ones(len(_cat(CLASSES, n)))), rtol=1e-6)
    updates, _ = _stream(tf, lambda m, p: m.mean_iou(p["classes"], p["guesses"], 4))
    for n, update in enumerate(updates, 1):
        assert update.dtype == np.float64
        np.testing.assert_allclose(update, _confusion(_cat(CLASSES, n), _cat(GUESSES, n),
                                                      np.ones(len(_cat(CLASSES, n)))))


def test_mean_tensor_and_cosine_distance(tf):
    batches = [np.array([[1., 2.], [3., 4.]], np.float32),
               np.array([[5., 6.], [7., 0.]], np.float32)]
    weights = [np.array([[1.], [0.]], np.float32), np.array([[2.], [1.]], np.float32)]
    with tf.Graph().as_default():
        values = tf.compat.v1.placeholder(tf.float32, [2, 2])
        w = tf.compat.v1.placeholder(tf.float32, [2, 1])
        mean, update = tf.compat.v1.metrics.mean_tensor(values, weights=w)
        unit = tf.nn.l2_normalize(values, axis=1)
        distance, distance_update = tf.compat.v1.metrics.mean_cosine_distance(
            unit, tf.reverse(unit, [1]), dim=1)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.local_variables_initializer())
            for b, wb in zip(batches, weights):
                sess.run([update, distance_update], {values: b, w: wb})
            total = batches[0] * weights[0] + batches[1] * weights[1]
            np.testing.assert_allclose(sess.run(mean), total / (weights[0] + weights[1]),
                                       rtol=1e-6)
            stacked = np.concatenate(batches)
            unit_np = stacked / np.linalg.norm(stacked, axis=1, keepdims=True)
            expected = 1 - np.mean(np.sum(unit_np * unit_np[:, ::-1], axis=1))
            assert sess.run(distance) == pytest.approx(expected, rel=1e-5)


def test_reset_with_local_variables_initializer(tf):
    with tf.Graph().as_default():
        values = tf.compat.v1.placeholder(tf.float32, [None])
        mean, update = tf.compat.v1.metrics.mean(values)
        auc, auc_update = tf.compat.v1.metrics.auc([1, 0, 1], values)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.local_variables_initializer())
            assert sess.run(mean) == 0.0   # nothing seen yet: divide_no_nan gives 0
            sess.run([update, auc_update], {values: [0.9, 0.1, 0.8]})
            sess.run(update, {values: [1.0, 1.0, 1.0]})
            assert sess.run(mean) == pytest.approx(0.8, rel=1e-6)
            assert sess.run(auc) == pytest.approx(1.0, rel=1e-5)
            sess.run(tf.compat.v1.local_variables_initializer())
            assert sess.run([mean, auc]) == [0.0, 0.0]
            sess.run([update, auc_update], {values: [0.2, 0.9, 0.4]})
            assert sess.run(mean) == pytest.approx(0.5, rel=1e-6)
            assert sess.run(auc) == pytest.approx(0.0, abs=1e-5)


def test_variables_names_and_collections(tf):
    with tf.Graph().as_default():
        labels = tf.constant([1, 0, 1], tf.int64)
        predictions = tf.constant([1, 1, 1], tf.int64)
        scores = tf.constant([0.3, 0.6, 0.9])
        acc, acc_update = tf.compat.v1.metrics.accuracy(
            labels, predictions, metrics_collections=["values"],
            updates_collections=["updates"])
        acc2, _ = tf.compat.v1.metrics.accuracy(labels, predictions)
        with tf.compat.v1.variable_scope("eval"):
            prec, prec_update = tf.compat.v1.metrics.precision(labels, predictions,
                                                               name="my_precision")
        _, auc_update = tf.compat.v1.metrics.auc(labels, scores, num_thresholds=5,
                                                 updates_collections=["updates"])
        rmse, _ = tf.compat.v1.metrics.root_mean_squared_error(labels, predictions)
        tp, tp_update = tf.compat.v1.metrics.true_positives(labels, predictions)
        local = [(v.name, v.shape.as_list()) for v in tf.compat.v1.local_variables()]
        assert local == [
            ("accuracy/total:0", []), ("accuracy/count:0", []),
            ("accuracy_1/total:0", []), ("accuracy_1/count:0", []),
            ("eval/my_precision/true_positives/count:0", []),
            ("eval/my_precision/false_positives/count:0", []),
            ("auc/true_positives:0", [5]), ("auc/false_negatives:0", [5]),
            ("auc/true_negatives:0", [5]), ("auc/false_positives:0", [5]),
            ("root_mean_squared_error/total:0", []), ("root_mean_squared_error/count:0", []),
            ("true_positives/count:0", [])]
        metric_vars = tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.METRIC_VARIABLES)
        assert [v.name for v in metric_vars] == [name for name, _ in local]
        assert tf.compat.v1.global_variables() == []
        assert tf.compat.v1.trainable_variables() == []
        assert (acc.name, acc_update.name, acc2.name) == (
            "accuracy/value:0", "accuracy/update_op:0", "accuracy_1/value:0")
        assert (prec.name, prec_update.name) == ("eval/my_precision/value:0",
                                                 "eval/my_precision/update_op:0")
        assert rmse.name == "Sqrt:0" and tp.name == "true_positives/Identity:0"
        assert tf.compat.v1.get_collection("values") == [acc]
        assert tf.compat.v1.get_collection("updates") == [acc_update, auc_update]
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.local_variables_initializer())
            assert sess.run(tp_update) == 2.0 and sess.run(tp_update) == 4.0
            assert sess.run(tp) == 4.0


EAGER_MESSAGES = {
    "accuracy": lambda m: m.accuracy([1], [1]),
    "mean": lambda m: m.mean([1.0]),
    "auc": lambda m: m.auc([1], [0.5]),
    "precision": lambda m: m.precision([1], [1]),
    "recall is not supported": lambda m: m.recall([1], [1]),
    "true_positives": lambda m: m.true_positives([1], [1]),
    "false_negatives_at_thresholds": lambda m: m.false_negatives_at_thresholds(
        [1], [0.5], [0.5]),
    "mean_iou": lambda m: m.mean_iou([1], [1], 2),
    "root_mean_squared_error": lambda m: m.root_mean_squared_error([1.], [1.]),
}


@pytest.mark.parametrize("which", sorted(EAGER_MESSAGES))
def test_eager_execution_is_refused(tf, which):
    with pytest.raises(RuntimeError) as error:
        EAGER_MESSAGES[which](tf.compat.v1.metrics)
    assert str(error.value) == (f"tf.metrics.{which} is not supported when eager execution "
                                "is enabled.")


def test_shape_and_argument_errors(tf):
    m = tf.compat.v1.metrics
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"Shapes \(2, 4\) and \(2, 3\) are incompatible"):
            m.accuracy(tf.zeros([2, 3]), tf.zeros([2, 4]))
        with pytest.raises(ValueError, match="weights can not be broadcast to values. "
                                             "Mismatch at dim 0"):
            m.mean(tf.zeros([3, 2]), weights=tf.ones([2, 2]))
        with pytest.raises(ValueError, match="weights can not be broadcast to values. "
                                             "values.rank=3. weights.rank=1"):
            m.mean(tf.zeros([3, 2, 5]), weights=tf.ones([3]))
        with pytest.raises(ValueError, match="Curve must be either ROC or PR. Curve XY is "
                                             "unknown."):
            m.auc([1, 0], tf.constant([0.5, 0.5]), curve="XY")
        with pytest.raises(ValueError, match="Invalid summation_method: simpson"):
            m.auc([1, 0], tf.constant([0.5, 0.5]), summation_method="simpson")
        with pytest.raises(ValueError, match=r"`specificity` must be in the range \[0, 1\]"):
            m.sensitivity_at_specificity([1, 0], tf.constant([0.5, 0.5]), specificity=1.5)
        with pytest.raises(ValueError, match="`sensitivity` is -0.5"):
            m.specificity_at_sensitivity([1, 0], tf.constant([0.5, 0.5]), sensitivity=-0.5)


def test_runtime_errors(tf):
    with tf.Graph().as_default():
        scores = tf.compat.v1.placeholder(tf.float32, [None])
        weights = tf.compat.v1.placeholder(tf.float32, [None])
        _, auc_update = tf.compat.v1.metrics.auc([1, 0, 1], scores)
        _, mean_update = tf.compat.v1.metrics.mean(scores, weights=weights)
        classes = tf.compat.v1.placeholder(tf.int64, [None])
        guesses = tf.compat.v1.placeholder(tf.int64, [None])
        _, iou_update = tf.compat.v1.metrics.mean_iou(classes, guesses, 3)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.local_variables_initializer())
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match=r"predictions must be in \[0, 1\]"):
                sess.run(auc_update, {scores: [0.5, 1.5, 0.2]})
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="weights can not be broadcast to values"):
                sess.run(mean_update, {scores: [1., 2., 3.], weights: [1., 2.]})
            with pytest.raises(tf.errors.InvalidArgumentError, match="`labels` out of bound"):
                sess.run(iou_update, {classes: [0, 3], guesses: [0, 1]})
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="`predictions` contains negative values"):
                sess.run(iou_update, {classes: [0, 2], guesses: [-1, 1]})
            # A single weight broadcasts to the whole batch.
            assert sess.run(mean_update, {scores: [1., 2., 3.], weights: [2.]}) == 2.0


def test_squeezable_dimensions(tf):
    with tf.Graph().as_default():
        labels = tf.constant([[1], [0], [1], [1]], tf.int64)         # [4, 1] next to [4]
        predictions = tf.constant([1, 0, 0, 1], tf.int64)
        weights = tf.constant([[1.], [1.], [0.], [1.]])
        acc, acc_update = tf.compat.v1.metrics.accuracy(labels, predictions, weights=weights)
        rec, rec_update = tf.compat.v1.metrics.recall(labels, predictions, weights=weights)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.local_variables_initializer())
            assert sess.run([acc_update, rec_update]) == [1.0, 1.0]


def test_evaluation_loop_end_to_end(tf):
    """A TF1 evaluation: a linear classifier, streaming metrics, batches, then the results."""
    x_all = RNG.normal(size=(40, 3)).astype(np.float32)
    y_all = (x_all @ np.array([1.5, -2.0, 0.5]) > 0).astype(np.int64)
    w_np = np.array([[1.0], [-1.0], [0.0]], np.float32)
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        y = tf.compat.v1.placeholder(tf.int64, [None])
        w = tf.compat.v1.get_variable("w", initializer=w_np)
        prob = tf.squeeze(tf.sigmoid(tf.matmul(x, w)), 1)
        predicted = tf.cast(prob > 0.5, tf.int64)
        metrics = {"acc": tf.compat.v1.metrics.accuracy(y, predicted),
                   "auc": tf.compat.v1.metrics.auc(y, prob),
                   "loss": tf.compat.v1.metrics.mean(
                       tf.compat.v1.losses.log_loss(y, prob))}
        values = {k: v for k, (v, _) in metrics.items()}
        update = tf.group(*[u for _, u in metrics.values()])
        with tf.compat.v1.Session() as sess:
            sess.run([tf.compat.v1.global_variables_initializer(),
                      tf.compat.v1.local_variables_initializer()])
            results = []
            for epoch in range(2):
                sess.run(tf.compat.v1.local_variables_initializer())
                for start in range(0, 40, 16):
                    sess.run(update, {x: x_all[start:start + 16], y: y_all[start:start + 16]})
                results.append(sess.run(values))
    assert results[0] == results[1]
    prob_np = 1 / (1 + np.exp(-(x_all @ w_np)[:, 0]))
    assert results[0]["acc"] == pytest.approx(np.mean((prob_np > 0.5) == y_all), rel=1e-6)
    assert results[0]["auc"] == pytest.approx(
        _auc_reference(y_all, prob_np.astype(np.float32), np.ones(40), "ROC", "trapezoidal"),
        rel=1e-4)
    batch_losses = [np.mean(-y_all[s:s + 16] * np.log(prob_np[s:s + 16] + 1e-7) -
                            (1 - y_all[s:s + 16]) * np.log(1 - prob_np[s:s + 16] + 1e-7))
                    for s in range(0, 40, 16)]
    assert results[0]["loss"] == pytest.approx(np.mean(batch_losses), rel=1e-5)


def test_unknown_metric_is_an_attribute_error(tf):
    with pytest.raises(AttributeError, match="has no attribute 'no_such_metric'"):
        tf.compat.v1.metrics.no_such_metric


def test_unknown_ranks_are_resolved_in_the_graph(tf):
    with tf.Graph().as_default():
        labels = tf.compat.v1.placeholder(tf.int64, None)
        predictions = tf.compat.v1.placeholder(tf.int64, None)
        weights = tf.compat.v1.placeholder(tf.float32, None)
        acc, acc_update = tf.compat.v1.metrics.accuracy(labels, predictions, weights=weights)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.local_variables_initializer())
            # [4, 1] labels and [4, 1] weights next to [4] predictions lose their last axis.
            sess.run(acc_update, {labels: [[1], [0], [2], [2]], predictions: [1, 1, 2, 0],
                                  weights: [[1.], [0.], [2.], [1.]]})
            assert sess.run(acc) == pytest.approx(0.75)
            # Scalar weights stay scalar; [2] weights next to [2, 1] values gain an axis.
            sess.run(acc_update, {labels: [3, 3], predictions: [3, 0], weights: 4.})
            sess.run(acc_update, {labels: [[5], [6]], predictions: [[5], [5]],
                                  weights: [2., 0.]})
            assert sess.run(acc) == pytest.approx((3 + 4 + 2) / (4 + 8 + 2))
