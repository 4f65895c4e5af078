"""tensorlite demo: a digit classifier trained end to end, twice.

1. TF1 style, as in countless papers' code: a graph built with variable scopes and
   placeholders, trained in a Session with AdamOptimizer, saved with a Saver (TensorFlow's
   own checkpoint format) and restored into a fresh session.
2. TF2 style: a tf.Module, a tf.function training step with a GradientTape, and
   tf.train.Checkpoint.

Only `import tensorlite as tf` differs from TensorFlow. Data: the UCI handwritten digits
(examples/data/README.md), 1,437 images to train on and 360 held out.
"""
import gzip
import os
import tempfile
import time

import numpy as np

import tensorlite as tf

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_ACCURACY = 0.95
EPOCHS = 30
BATCH = 64


def load_digits():
    with gzip.open(os.path.join(HERE, "data", "digits.csv.gz")) as f:
        table = np.loadtxt(f, delimiter=",")
    images = (table[:, :-1] / 16.0).astype(np.float32)
    labels = table[:, -1].astype(np.int64)
    order = np.random.default_rng(0).permutation(len(labels))
    images, labels = images[order], labels[order]
    return (images[:1437], labels[:1437]), (images[1437:], labels[1437:])


def batches(images, labels, epoch):
    order = np.random.default_rng(epoch).permutation(len(labels))
    for start in range(0, len(order), BATCH):
        index = order[start:start + BATCH]
        yield images[index], labels[index]


def train_tf1(train, test, checkpoint_dir):
    """The classic graph-and-session program."""
    print("== TF1 style: variable scopes, placeholders, Session, AdamOptimizer, Saver")
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        v1.set_random_seed(0)
        x = v1.placeholder(tf.float32, [None, 64], name="images")
        y = v1.placeholder(tf.int64, [None], name="labels")
        with v1.variable_scope("mlp"):
            with v1.variable_scope("hidden"):
                w1 = v1.get_variable("weights", [64, 128])
                b1 = v1.get_variable("biases", [128], initializer=v1.zeros_initializer())
                hidden = tf.nn.relu(tf.matmul(x, w1) + b1)
            with v1.variable_scope("output"):
                w2 = v1.get_variable("weights", [128, 10])
                b2 = v1.get_variable("biases", [10], initializer=v1.zeros_initializer())
                logits = tf.matmul(hidden, w2) + b2
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        global_step = v1.train.get_or_create_global_step()
        train_op = v1.train.AdamOptimizer(0.005).minimize(loss, global_step=global_step)
        correct = tf.equal(tf.argmax(logits, axis=1), y)
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
        saver = v1.train.Saver()
        print("   variables:", ", ".join(v.name for v in v1.global_variables()[:4]), "...")
        os.makedirs(os.path.join(checkpoint_dir, "tf1"), exist_ok=True)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            for epoch in range(1, EPOCHS + 1):
                for images, labels in batches(*train, epoch):
                    _, batch_loss = sess.run([train_op, loss], {x: images, y: labels})
                if epoch % 5 == 0 or epoch == 1:
                    test_accuracy = sess.run(accuracy, {x: test[0], y: test[1]})
                    print(f"   epoch {epoch:2d}  loss {batch_loss:.4f}  "
                          f"test accuracy {test_accuracy:.3f}")
            path = saver.save(sess, os.path.join(checkpoint_dir, "tf1", "model"),
                              global_step=global_step)
        print(f"   saved {path}.index / .data-00000-of-00001 (TensorFlow's V2 format)")
        with v1.Session() as fresh:
            saver.restore(fresh, path)
            restored = fresh.run(accuracy, {x: test[0], y: test[1]})
            steps = fresh.run(global_step)
        print(f"   restored into a new Session: step {steps}, test accuracy {restored:.3f}")
    return restored


class MLP(tf.Module):
    def __init__(self):
        super().__init__()
        rng = np.random.default_rng(1)
        self.w1 = tf.Variable(rng.normal(0, 0.1, (64, 128)).astype(np.float32), name="w1")
        self.b1 = tf.Variable(np.zeros(128, np.float32), name="b1")
        self.w2 = tf.Variable(rng.normal(0, 0.1, (128, 10)).astype(np.float32), name="w2")
        self.b2 = tf.Variable(np.zeros(10, np.float32), name="b2")

    def __call__(self, x):
        hidden = tf.nn.relu(tf.matmul(x, self.w1) + self.b1)
        return tf.matmul(hidden, self.w2) + self.b2


def train_tf2(train, test, checkpoint_dir):
    """The TF2 program: eager code, one traced training step."""
    print("== TF2 style: tf.Module, tf.function + GradientTape, tf.train.Checkpoint")
    model = MLP()
    optimizer = tf.compat.v1.train.AdamOptimizer(0.005)

    @tf.function
    def train_step(images, labels):
        with tf.GradientTape() as tape:
            logits = model(images)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=labels, logits=logits))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    def accuracy(m):
        predictions = tf.argmax(m(tf.constant(test[0])), axis=1).numpy()
        return float(np.mean(predictions == test[1]))

    for epoch in range(1, EPOCHS + 1):
        for images, labels in batches(*train, epoch):
            loss = train_step(tf.constant(images), tf.constant(labels))
        if epoch % 5 == 0 or epoch == 1:
            print(f"   epoch {epoch:2d}  loss {float(loss):.4f}  "
                  f"test accuracy {accuracy(model):.3f}")
    path = tf.train.Checkpoint(model=model).save(os.path.join(checkpoint_dir, "tf2", "ckpt"))
    print(f"   saved {path}")
    fresh = MLP()
    tf.train.Checkpoint(model=fresh).restore(path)
    restored = accuracy(fresh)
    print(f"   restored into a new model: test accuracy {restored:.3f}")
    return restored


def main():
    start = time.perf_counter()
    train, test = load_digits()
    checkpoint_dir = os.environ.get("TENSORLITE_DEMO_DIR") or tempfile.mkdtemp(
        prefix="tensorlite-demo-")
    results = [train_tf1(train, test, checkpoint_dir), train_tf2(train, test, checkpoint_dir)]
    elapsed = time.perf_counter() - start
    print(f"== done in {elapsed:.1f} s; checkpoints are in {checkpoint_dir}")
    for style, value in zip(("TF1", "TF2"), results):
        status = "reached" if value >= TARGET_ACCURACY else "MISSED"
        print(f"   {style}: test accuracy {value:.3f} ({status} the {TARGET_ACCURACY:.0%} target)")
    if min(results) < TARGET_ACCURACY:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
