"""Shape and weight helpers of `tf.compat.v1.metrics`: TF's squeeze and broadcast rules.

Built from public ops, as TF builds them (`confusion_matrix.remove_squeezable_dimensions`,
`weights_broadcast_ops.broadcast_weights`, `confusion_matrix.confusion_matrix`): static shapes
decide when they are known, otherwise the graph decides with `tf.cond` and `tf.debugging.Assert`.
"""


def _tf():
    import tensorlite
    return tensorlite


def _last_dim_may_be_one(shape):
    return shape.ndims is None or shape.dims[-1].is_compatible_with(1)


def remove_squeezable_dimensions(labels, predictions, expected_rank_diff=0, name=None):
    """Squeeze the last dimension of `labels` or `predictions` when their ranks differ by one."""
    tf = _tf()
    with tf.compat.v1.name_scope(name, "remove_squeezable_dimensions", [labels, predictions]):
        predictions = tf.convert_to_tensor(predictions)
        labels = tf.convert_to_tensor(labels)
        predictions_rank = predictions.shape.ndims
        labels_rank = labels.shape.ndims
        if labels_rank is not None and predictions_rank is not None:
            rank_diff = predictions_rank - labels_rank
            if rank_diff == expected_rank_diff + 1 and \
                    predictions.shape.dims[-1].is_compatible_with(1):
                predictions = tf.squeeze(predictions, [-1])
            elif rank_diff == expected_rank_diff - 1 and \
                    labels.shape.dims[-1].is_compatible_with(1):
                labels = tf.squeeze(labels, [-1])
            return labels, predictions
        # An unknown rank: the graph decides, as TF's dynamic branch does.
        rank_diff = tf.rank(predictions) - tf.rank(labels)
        if _last_dim_may_be_one(predictions.shape):
            unsqueezed = predictions
            predictions = tf.cond(tf.equal(expected_rank_diff + 1, rank_diff),
                                  lambda: tf.squeeze(unsqueezed, [-1]), lambda: unsqueezed)
        if _last_dim_may_be_one(labels.shape):
            unsqueezed_labels = labels
            labels = tf.cond(tf.equal(expected_rank_diff - 1, rank_diff),
                             lambda: tf.squeeze(unsqueezed_labels, [-1]),
                             lambda: unsqueezed_labels)
        return labels, predictions


def remove_metric_squeezable_dimensions(predictions, labels, weights):
    """metrics_impl._remove_squeezable_dimensions: align labels, then weights, to predictions.

    Scalar weights stay scalar; weights one rank above or below `predictions` lose or gain the
    last dimension.
    """
    tf = _tf()
    predictions = tf.convert_to_tensor(predictions)
    if labels is not None:
        labels, predictions = remove_squeezable_dimensions(labels, predictions)
        predictions.shape.assert_is_compatible_with(labels.shape)
    if weights is None:
        return predictions, labels, None
    weights = tf.convert_to_tensor(weights)
    weights_rank = weights.shape.ndims
    if weights_rank == 0:
        return predictions, labels, weights
    predictions_rank = predictions.shape.ndims
    if predictions_rank is not None and weights_rank is not None:
        if weights_rank - predictions_rank == 1:
            weights = tf.squeeze(weights, [-1])
        elif predictions_rank - weights_rank == 1:
            weights = tf.expand_dims(weights, -1)
        return predictions, labels, weights
    rank_diff = tf.rank(weights) - tf.rank(predictions)
    unadjusted = weights
    if weights_rank is not None and not weights.shape.dims[-1].is_compatible_with(1):
        maybe_squeeze = lambda: unadjusted  # noqa: E731 (squeezing would fail statically)
    else:
        maybe_squeeze = lambda: tf.squeeze(unadjusted, [-1])  # noqa: E731
    maybe_expand = lambda: tf.cond(tf.equal(rank_diff, -1),  # noqa: E731
                                   lambda: tf.expand_dims(unadjusted, -1), lambda: unadjusted)
    weights = tf.cond(tf.equal(tf.rank(unadjusted), 0), lambda: unadjusted,
                      lambda: tf.cond(tf.equal(rank_diff, 1), maybe_squeeze, maybe_expand))
    return predictions, labels, weights


_NOT_BROADCASTABLE = "weights can not be broadcast to values."


def assert_broadcastable(weights, values):
    """An op asserting `weights` is scalar or, dimension by dimension, 1 or as in `values`.

    Raises TF's ValueError at graph-building time when the static shapes already decide.
    """
    tf = _tf()
    with tf.compat.v1.name_scope(None, "assert_broadcastable", (weights, values)) as scope:
        weights_rank, values_rank = weights.shape.ndims, values.shape.ndims
        if weights_rank is not None and values_rank is not None:
            if weights_rank == 0:
                return tf.no_op(name="static_scalar_check_success")
            if weights_rank != values_rank:
                raise ValueError(
                    f"{_NOT_BROADCASTABLE} values.rank={values_rank}. "
                    f"weights.rank={weights_rank}. values.shape={values.shape}. "
                    f"weights.shape={weights.shape}. Received weights={weights}, "
                    f"values={values}")
            if weights.shape.is_fully_defined() and values.shape.is_fully_defined():
                for i, (w, v) in enumerate(zip(weights.shape.as_list(),
                                               values.shape.as_list())):
                    if w not in (1, v):
                        raise ValueError(
                            f"{_NOT_BROADCASTABLE} Mismatch at dim {i}. values.shape="
                            f"{values.shape.as_list()}, weights.shape="
                            f"{weights.shape.as_list()}. Received weights={weights}, "
                            f"values={values}")
                return tf.no_op(name="static_dims_check_success")
        weights_shape, values_shape = tf.shape(weights), tf.shape(values)
        is_scalar = tf.equal(0, tf.rank(weights), name="is_scalar")

        def valid_nonscalar_shape():
            # TF compares the dimensions with a set difference; per dimension "1 or equal"
            # is the same test.
            same_rank = tf.equal(tf.rank(weights), tf.rank(values))
            return tf.cond(same_rank, lambda: tf.reduce_all(tf.logical_or(
                tf.equal(weights_shape, 1), tf.equal(weights_shape, values_shape))),
                lambda: same_rank)

        is_valid_shape = tf.cond(is_scalar, lambda: is_scalar, valid_nonscalar_shape,
                                 name="is_valid_shape")
        data = (_NOT_BROADCASTABLE, "weights.shape=", weights.name, weights_shape,
                "values.shape=", values.name, values_shape, "is_scalar=", is_scalar)
        return tf.debugging.Assert(is_valid_shape, data, name=scope)


def broadcast_weights(weights, values):
    """`weights` (of `values`' dtype) broadcast to the shape of `values`."""
    tf = _tf()
    with tf.compat.v1.name_scope(None, "broadcast_weights", (weights, values)) as scope:
        values = tf.convert_to_tensor(values, name="values")
        weights = tf.convert_to_tensor(weights, dtype=values.dtype.base_dtype, name="weights")
        if weights.shape.is_fully_defined() and values.shape.is_fully_defined() and \
                weights.shape.is_compatible_with(values.shape):
            return weights
        with tf.control_dependencies((assert_broadcastable(weights, values),)):
            return tf.multiply(weights, tf.ones_like(values), name=scope)


def confusion_matrix(labels, predictions, num_classes, weights=None, dtype=None, name=None):
    """tf.math.confusion_matrix with a given `num_classes`, built with scatter_nd."""
    tf = _tf()
    dtype = dtype or tf.int32
    with tf.compat.v1.name_scope(name, "confusion_matrix",
                                 (predictions, labels, num_classes, weights)):
        labels, predictions = remove_squeezable_dimensions(
            tf.convert_to_tensor(labels, name="labels"),
            tf.convert_to_tensor(predictions, name="predictions"))
        predictions = tf.cast(predictions, tf.int64)
        labels = tf.cast(labels, tf.int64)
        num_classes = tf.cast(num_classes, tf.int64)
        # Out-of-range indices would silently be dropped by scatter_nd: TF checks them first.
        checks = [
            tf.debugging.assert_non_negative(labels,
                                             message="`labels` contains negative values"),
            tf.debugging.assert_non_negative(predictions,
                                             message="`predictions` contains negative values"),
            tf.debugging.assert_less(labels, num_classes, message="`labels` out of bound"),
            tf.debugging.assert_less(predictions, num_classes,
                                     message="`predictions` out of bound")]
        with tf.control_dependencies(checks):
            labels = tf.identity(labels)
            predictions = tf.identity(predictions)
        if weights is not None:
            weights = tf.convert_to_tensor(weights, name="weights")
            predictions.shape.assert_is_compatible_with(weights.shape)
            weights = tf.cast(weights, dtype)
        values = tf.ones_like(predictions, dtype) if weights is None else weights
        indices = tf.stack([labels, predictions], axis=1)
        return tf.scatter_nd(indices, values, tf.stack([num_classes, num_classes]))
