"""Shape folding (tensorlite/execution/folding.py): what a plan skips once it has run, and
that a changed shape sends the run back to every step. Results are checked in
tests/conformance/test_varying_shapes.py; this file checks the mechanism is really used."""
import numpy as np

import tensorlite as tf
from tensorlite.execution import folding


def _latest_plan(sess):
    return list(sess._plans.values())[-1]


def _shape_changes(monkeypatch):
    seen = []
    original = folding._ShapeCheck.__call__

    def counting(self, *inputs, **attrs):
        try:
            return original(self, *inputs, **attrs)
        except folding.ShapeChanged:
            seen.append(self.step_index)
            raise
    monkeypatch.setattr(folding._ShapeCheck, "__call__", counting)
    return seen


def test_shape_ops_are_skipped_after_the_first_run(monkeypatch):
    changes = _shape_changes(monkeypatch)
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        w = tf.Variable(np.ones((3, 2), np.float32))
        loss = tf.reduce_mean(tf.matmul(x, w) + tf.constant([1.0, 2.0]))
        grad = tf.gradients(loss, w)[0]
        init = tf.compat.v1.global_variables_initializer()
    with tf.compat.v1.Session(graph=graph) as sess:
        sess.run(init)
        first = sess.run(grad, {x: np.ones((4, 3))})
        plan = _latest_plan(sess)
        assert plan._folded is not None
        types = [step[0].type for step in plan._folded.steps]
        assert "BroadcastGradientArgs" not in types and "Shape" in types
        assert len(plan._folded.steps) < len(plan.steps)
        np.testing.assert_allclose(sess.run(grad, {x: np.ones((4, 3))}), first)
        assert not changes
        np.testing.assert_allclose(sess.run(grad, {x: np.ones((2, 3))}), first)
        assert changes, "a new batch size must fail a shape check"
        assert plan._folded is None             # recorded again on the next run
        sess.run(grad, {x: np.ones((2, 3))})
        assert plan._folded is not None


def test_a_data_dependent_shape_falls_back(monkeypatch):
    changes = _shape_changes(monkeypatch)
    graph = tf.Graph()
    with graph.as_default():
        values = tf.compat.v1.placeholder(tf.float32, [3])
        count = tf.size(tf.boolean_mask(values, values > 0))
    with tf.compat.v1.Session(graph=graph) as sess:
        assert sess.run(count, {values: [1.0, -1.0, 1.0]}) == 2
        assert sess.run(count, {values: [1.0, 1.0, 1.0]}) == 3
        assert changes
        assert sess.run(count, {values: [-1.0, -1.0, 1.0]}) == 1


def test_folded_values_are_read_only_and_fetches_are_copies():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None])
        shape = tf.shape(x) + 1
    with tf.compat.v1.Session(graph=graph) as sess:
        sess.run(shape, {x: np.ones(2)})
        got = sess.run(shape, {x: np.ones(2)})
        assert got.flags.writeable
        got[0] = 7
        assert sess.run(shape, {x: np.ones(2)})[0] == 3


def test_a_plan_whose_shapes_keep_changing_stops_folding():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None])
        total = tf.reduce_sum(x * tf.cast(tf.shape(x)[0], tf.float32))
    with tf.compat.v1.Session(graph=graph) as sess:
        for n in range(1, 30):
            assert sess.run(total, {x: np.ones(n)}) == n * n
        plan = _latest_plan(sess)
        assert plan._folded is None and not plan._foldable


def test_loop_bodies_with_growing_shapes():
    @tf.function
    def grow(n):
        def body(i, acc):
            return i + 1, tf.concat([acc, tf.fill([1], tf.cast(tf.shape(acc)[0], tf.float32))],
                                    axis=0)
        _, acc = tf.while_loop(lambda i, acc: i < n, body,
                               [tf.constant(0), tf.zeros([1])],
                               shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
        return acc

    for n in (5, 12, 3):
        np.testing.assert_array_equal(grow(tf.constant(n)).numpy(), np.arange(n + 1) * 1.0)


def test_the_recording_run_drops_values_it_does_not_fold():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None])
        big = x * 2.0
        total = tf.reduce_sum(big + tf.cast(tf.shape(x)[0], tf.float32))
    from tensorlite.execution.plan import Plan
    plan = Plan(graph, [total], [], [x])
    steps, shapes = folding.recording_steps(plan.steps, plan._foldable)
    freed = {slot for step in steps for slot in step[6]}
    generic_freed = {slot for step in plan.steps for slot in step[6]}
    folded_outputs = {step[3] for i, step in enumerate(plan.steps) if i in plan._foldable}
    assert freed == generic_freed - folded_outputs     # intermediates like `big` still go
    assert any(step[0].type == "Mul" and step[3] in freed for step in steps)
    from tensorlite.execution.plan import _execute
    values = plan._start(plan.initial_values, [np.ones(3, np.float32)])
    _execute(steps, values)
    assert list(shapes.values()) == [((3,),)]               # what the Shape op read
    assert plan.run([np.ones(3, np.float32)])[0] == 15.0


def test_threads_running_one_plan_with_different_shapes():
    import threading
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2])
        w = tf.Variable(np.ones((2, 1), np.float32))
        loss = tf.reduce_mean(tf.matmul(x, w) * tf.cast(tf.shape(x)[0], tf.float32))
        grad = tf.gradients(loss, w)[0]
        init = tf.compat.v1.global_variables_initializer()
    sess = tf.compat.v1.Session(graph=graph)
    sess.run(init)
    failures = []

    def work(seed):
        rng = np.random.default_rng(seed)
        for _ in range(60):
            n = int(rng.integers(1, 5))
            data = rng.standard_normal((n, 2)).astype(np.float32)
            got_loss, got_grad = sess.run([loss, grad], {x: data})
            if not (np.isclose(got_loss, data.sum() * n / n, rtol=1e-4) and
                    np.allclose(got_grad[:, 0], data.sum(0), rtol=1e-4, atol=1e-5)):
                failures.append((n, got_loss, got_grad))

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
