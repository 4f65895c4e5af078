"""A TF 1.x-style program, unmodified: flags, placeholders, variable scopes, a Session,
summaries and gfile. Fits y = 3x + 2 by gradient descent.

Run it on tensorlite:  tensorlite run examples/tf1_style_script.py --steps 200 --logdir /tmp/tf1
(It runs unchanged on TensorFlow 1.15, too.)
"""
import numpy as np
import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_integer("steps", 200, "Number of gradient descent steps.")
flags.DEFINE_float("learning_rate", 0.5, "Learning rate.")
flags.DEFINE_string("logdir", "/tmp/tensorlite_tf1_example", "Where summaries go.")
FLAGS = flags.FLAGS


def model(x):
    with tf.variable_scope("linear"):
        w = tf.get_variable("w", [1, 1], initializer=tf.zeros_initializer())
        b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
        return tf.matmul(x, w) + b


def main(argv):
    rng = np.random.RandomState(0)
    xs = rng.uniform(-1, 1, size=(64, 1)).astype(np.float32)
    ys = 3 * xs + 2

    x = tf.placeholder(tf.float32, [None, 1], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    prediction = model(x)
    loss = tf.reduce_mean(tf.square(prediction - y), name="loss")
    variables = tf.trainable_variables()
    grads = tf.gradients(loss, variables)
    train_op = tf.group(*[tf.assign_sub(v, FLAGS.learning_rate * g)
                          for v, g in zip(variables, grads)])
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("w", variables[0])
    summaries = tf.summary.merge_all()

    if not tf.gfile.Exists(FLAGS.logdir):
        tf.gfile.MakeDirs(FLAGS.logdir)
    writer = tf.summary.FileWriter(FLAGS.logdir, tf.get_default_graph())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(FLAGS.steps):
            _, value, summary = sess.run([train_op, loss, summaries], {x: xs, y: ys})
            writer.add_summary(summary, step)
        w, b = sess.run(variables)
    writer.close()
    print("steps %d loss %.6f w %.3f b %.3f" % (FLAGS.steps, value, w[0, 0], b[0]))
    print("event files:", len(tf.gfile.Glob(FLAGS.logdir + "/events.out.tfevents.*")))


if __name__ == "__main__":
    tf.app.run(main)
