"""tensorlite demo: the same small network built as a TF1 graph (name scopes, placeholders,
a Session) and computed eagerly, TF2 style. Only `import tensorlite as tf` changes from TF.

(The training issue replaces this with a model trained end to end.)
"""
import time

import numpy as np

import tensorlite as tf

rng = np.random.default_rng(0)
W1 = rng.normal(size=(4, 8)).astype(np.float32)
W2 = rng.normal(size=(8, 3)).astype(np.float32)
batch = rng.normal(size=(5, 4)).astype(np.float32)


def network(x, w1, w2):
    with tf.name_scope("hidden"):
        h = tf.matmul(x, w1)
        h = tf.maximum(h, 0.0)          # relu
    with tf.name_scope("output"):
        logits = tf.matmul(h, w2)
        total = tf.reduce_sum(logits, axis=1)
    return logits, total


print("== TF1 style: build a graph, then run it in a Session")
graph = tf.Graph()
with graph.as_default():
    x = tf.compat.v1.placeholder(tf.float32, [None, 4], name="x")
    w1 = tf.constant(W1, name="w1")
    w2 = tf.constant(W2, name="w2")
    logits, total = network(x, w1, w2)
    print(f"   graph has {len(graph.get_operations())} ops:",
          ", ".join(op.name for op in graph.get_operations()))
    print("   static shape of logits:", logits.shape)
    with tf.compat.v1.Session() as sess:
        start = time.perf_counter()
        graph_logits, graph_total = sess.run([logits, total], feed_dict={x: batch})
        runs = 1000
        for _ in range(runs):
            sess.run(total, feed_dict={x: batch})
        per_run = (time.perf_counter() - start) / (runs + 1)
    print(f"   Session.run: {per_run * 1e6:.1f} us per call; row sums:",
          np.round(graph_total, 3))

print("== TF2 style: the same computation, eagerly")
eager_logits, eager_total = network(tf.constant(batch), tf.constant(W1), tf.constant(W2))
print("  ", repr(eager_total))

assert np.allclose(graph_logits, eager_logits.numpy(), atol=1e-5)
assert np.allclose(graph_total, eager_total.numpy(), atol=1e-5)
expected = np.maximum(batch @ W1, 0) @ W2
assert np.allclose(graph_logits, expected, atol=1e-5)
print("== graph, eager and plain NumPy agree")
