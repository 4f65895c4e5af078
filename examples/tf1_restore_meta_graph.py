"""The TF 1.x save-then-serve pattern: one program trains and saves a model, another rebuilds
its graph from the `.meta` file alone (no model code) and runs it by tensor names.
Runs unmodified: python -m tensorlite run examples/tf1_restore_meta_graph.py"""
import os
import tempfile

import numpy as np
import tensorflow as tf

directory = tempfile.mkdtemp()
X = np.random.RandomState(0).uniform(-1, 1, (200, 2)).astype(np.float32)
Y = (X[:, :1] * 3.0 - X[:, 1:] + 0.5).astype(np.float32)

# --- the training program ---------------------------------------------------------------
with tf.Graph().as_default():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    with tf.variable_scope("model"):
        hidden = tf.layers.dense(x, 8, activation=tf.nn.tanh, name="hidden")
        prediction = tf.identity(tf.layers.dense(hidden, 1, name="out"), name="prediction")
    loss = tf.reduce_mean(tf.square(prediction - y), name="loss")
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    tf.add_to_collection("serving", prediction)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(300):
            sess.run(train, {x: X, y: Y})
        trained = sess.run(loss, {x: X, y: Y})
        path = tf.train.Saver().save(sess, os.path.join(directory, "model"), global_step=300)
print("trained: loss %.4f, saved %s" % (trained, os.path.basename(path)))

# --- the serving program: nothing of the model's code, only the files -------------------
with tf.Graph().as_default() as graph:
    saver = tf.train.import_meta_graph(tf.train.latest_checkpoint(directory) + ".meta")
    with tf.Session(graph=graph) as sess:
        saver.restore(sess, tf.train.latest_checkpoint(directory))
        served = sess.run("loss:0", {"x:0": X, "y:0": Y})
        answer = sess.run(tf.get_collection("serving")[0], {"x:0": [[0.5, -0.5]]})
print("served:  loss %.4f, f(0.5, -0.5) = %.2f (true 2.50)" % (served, answer[0, 0]))
print("same loss:", bool(np.isclose(served, trained)))
