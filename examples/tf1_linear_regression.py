"""The classic TF 1.x linear regression: placeholders, variable scope, summaries, SGD, Saver.
Runs unmodified: python -m tensorlite run examples/tf1_linear_regression.py"""
import os
import tempfile

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
X = rng.randn(200, 3).astype(np.float32)
true_w = np.array([[1.0], [-2.0], [0.5]], np.float32)
Y = X.dot(true_w) + 0.3

x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
with tf.variable_scope("linear"):
    W = tf.get_variable("W", [3, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.constant_initializer(0.0))
pred = tf.matmul(x, W) + b
loss = tf.reduce_mean(tf.square(pred - y))
tf.summary.scalar("loss", loss)
merged = tf.summary.merge_all()
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(200):
        _, l = sess.run([train, loss], feed_dict={x: X, y: Y})
    print("loss %.5f" % l, sess.run(W).ravel().round(3), sess.run(b).round(3))
    print(saver.save(sess, os.path.join(tempfile.mkdtemp(), "model.ckpt")).split("/")[-1])
