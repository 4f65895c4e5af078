"""A TF 2.x-style program, unmodified: eager tensors, tf.function, GradientTape and
tf.summary. Fits y = 3x + 2 by gradient descent.

Run it on tensorlite:  tensorlite run examples/tf2_style_script.py /tmp/tf2_logs
"""
import sys

import numpy as np
import tensorflow as tf

logdir = sys.argv[1] if len(sys.argv) > 1 else "/tmp/tensorlite_tf2_example"
rng = np.random.default_rng(0)
xs = tf.constant(rng.uniform(-1, 1, size=(64, 1)), dtype=tf.float32)
ys = 3 * xs + 2

w = tf.Variable(tf.zeros([1, 1]), name="w")
b = tf.Variable(tf.zeros([1]), name="b")
step = tf.Variable(0, dtype=tf.int64, name="step")


@tf.function
def train_step(x, y, learning_rate):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    grad_w, grad_b = tape.gradient(loss, [w, b])
    w.assign_sub(learning_rate * grad_w)
    b.assign_sub(learning_rate * grad_b)
    step.assign_add(1)
    tf.summary.scalar("loss", loss, step=step)
    return loss


writer = tf.summary.create_file_writer(logdir)
with writer.as_default():
    for _ in range(200):
        loss = train_step(xs, ys, 0.5)
    tf.summary.histogram("w", w, step=step)
writer.flush()
print("steps %d loss %.6f w %.3f b %.3f" % (int(step.numpy()), float(loss), w.numpy()[0, 0],
                                           b.numpy()[0]))
print("event files:", len(tf.io.gfile.glob(logdir + "/events.out.tfevents.*")))
