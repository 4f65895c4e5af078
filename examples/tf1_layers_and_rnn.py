"""A TF 1.x program as found in tutorials (layers, batch norm, dropout, Adam, an LSTM with
dynamic_rnn). Runs unmodified: python -m tensorlite run examples/tf1_layers_and_rnn.py"""
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
rng = np.random.RandomState(1)
X = rng.randn(256, 10).astype(np.float32)
labels = (X[:, 0] + X[:, 1] > 0).astype(np.int64)

x = tf.placeholder(tf.float32, [None, 10], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
training = tf.placeholder_with_default(False, [], name="training")
h = tf.layers.dense(x, 32, activation=tf.nn.relu)
h = tf.layers.batch_normalization(h, training=training)
h = tf.layers.dropout(h, rate=0.1, training=training)
logits = tf.layers.dense(h, 2)
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=tf.train.get_or_create_global_step())
acc = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
seq = tf.placeholder(tf.float32, [None, 5, 3])
cell = tf.nn.rnn_cell.BasicLSTMCell(8)
outputs, state = tf.nn.dynamic_rnn(cell, seq, dtype=tf.float32)
rnn_loss = tf.reduce_sum(outputs)
rnn_train = tf.train.GradientDescentOptimizer(0.01).minimize(rnn_loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(100):
        _, l = sess.run([train, loss], {x: X, y: labels, training: True})
    print("loss %.3f acc %.3f" % (l, sess.run(acc, {x: X, y: labels})))
    print("step", sess.run(tf.train.get_global_step()))
    sess.run(rnn_train, {seq: rng.randn(4, 5, 3)})
    print("rnn ok", sess.run(outputs, {seq: rng.randn(4, 5, 3)}).shape)
    print(sorted(v.name for v in tf.trainable_variables())[:6])
