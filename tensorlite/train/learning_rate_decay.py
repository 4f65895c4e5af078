"""TF1 learning-rate schedules (`tf.compat.v1.train.exponential_decay`, ...).

As in TF 2.x: in a graph each returns the decayed rate as a tensor; eagerly it returns a
no-argument callable that reads `global_step` each time it is called.
"""
import math

__all__ = ["exponential_decay", "piecewise_constant", "polynomial_decay", "cosine_decay",
           "inverse_time_decay", "natural_exp_decay"]


def _tf():
    import tensorlite
    return tensorlite


def _schedule(compute, global_step):
    tf = _tf()
    if tf.executing_eagerly():
        return lambda: compute(global_step)
    if global_step is None:
        raise ValueError("None values not supported.")
    return compute(global_step)


def _decay_fraction(tf, learning_rate, global_step, decay_steps, staircase):
    lr = tf.convert_to_tensor(learning_rate, name="learning_rate")
    step = tf.cast(global_step, lr.dtype)
    p = step / tf.cast(decay_steps, lr.dtype)
    return lr, (tf.floor(p) if staircase else p)


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                      name=None):
    """learning_rate * decay_rate ^ (global_step / decay_steps)."""
    def compute(step):
        tf = _tf()
        with tf.name_scope(name or "ExponentialDecay") as scope:
            lr, p = _decay_fraction(tf, learning_rate, step, decay_steps, staircase)
            return tf.multiply(lr, tf.pow(tf.cast(decay_rate, lr.dtype), p), name=scope)
    return _schedule(compute, global_step)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                      name=None):
    """learning_rate * exp(-decay_rate * global_step / decay_steps)."""
    def compute(step):
        tf = _tf()
        with tf.name_scope(name or "NaturalExpDecay") as scope:
            lr, p = _decay_fraction(tf, learning_rate, step, decay_steps, staircase)
            return tf.multiply(lr, tf.exp(-tf.cast(decay_rate, lr.dtype) * p), name=scope)
    return _schedule(compute, global_step)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                       name=None):
    """learning_rate / (1 + decay_rate * global_step / decay_steps)."""
    def compute(step):
        tf = _tf()
        with tf.name_scope(name or "InverseTimeDecay") as scope:
            lr, p = _decay_fraction(tf, learning_rate, step, decay_steps, staircase)
            return tf.divide(lr, 1 + tf.cast(decay_rate, lr.dtype) * p, name=scope)
    return _schedule(compute, global_step)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001,
                     power=1.0, cycle=False, name=None):
    """(lr - end) * (1 - step / decay_steps) ^ power + end, step capped (or cycled)."""
    def compute(global_step):
        tf = _tf()
        with tf.name_scope(name or "PolynomialDecay") as scope:
            lr = tf.convert_to_tensor(learning_rate, name="learning_rate")
            dtype = lr.dtype
            end = tf.cast(end_learning_rate, dtype)
            step = tf.cast(global_step, dtype)
            steps = tf.cast(decay_steps, dtype)
            if cycle:
                # Step 0 is in the first cycle too.
                multiplier = tf.where(tf.equal(step, 0), tf.ones_like(step),
                                      tf.math.ceil(step / steps))
                steps = steps * multiplier
            else:
                step = tf.minimum(step, steps)
            fraction = step / steps
            return tf.add((lr - end) * tf.pow(1 - fraction, tf.cast(power, dtype)), end,
                          name=scope)
    return _schedule(compute, global_step)


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * step / decay_steps)) + alpha)."""
    def compute(global_step):
        tf = _tf()
        with tf.name_scope(name or "CosineDecay") as scope:
            lr = tf.convert_to_tensor(learning_rate, name="learning_rate")
            dtype = lr.dtype
            steps = tf.cast(decay_steps, dtype)
            step = tf.minimum(tf.cast(global_step, dtype), steps)
            cosine = 0.5 * (1.0 + tf.cos(tf.constant(math.pi, dtype) * step / steps))
            decayed = (1 - tf.cast(alpha, dtype)) * cosine + tf.cast(alpha, dtype)
            return tf.multiply(lr, decayed, name=scope)
    return _schedule(compute, global_step)


def piecewise_constant(x, boundaries, values, name=None):
    """values[0] while x <= boundaries[0], values[i] in (boundaries[i-1], boundaries[i]],
    values[-1] after the last boundary."""
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of "
                         "values")

    def compute(x):
        tf = _tf()
        with tf.name_scope(name or "PiecewiseConstant"):
            x_t = tf.convert_to_tensor(x)
            values_t = [tf.convert_to_tensor(v) for v in values]
            bounds = [tf.cast(b, x_t.dtype) for b in boundaries]
            result = values_t[-1]
            # Build from the last interval back so the first matching interval wins.
            for bound, value in reversed(list(zip(bounds, values_t[:-1]))):
                result = tf.where(x_t <= bound, value, result)
            return result
    return _schedule(compute, x)
