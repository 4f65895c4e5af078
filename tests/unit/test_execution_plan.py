"""The Session's compiled plans: one per (fetches, feeds) signature, pruned, freeing values."""
import threading

import numpy as np

import tensorlite as tf
from tensorlite.execution.plan import Plan


def _graph():
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2], name="x")
        unused = tf.compat.v1.placeholder(tf.float32, [2], name="unused")
        y = x * 2.0
        z = y + 1.0
        w = unused + 1.0
    return g, x, y, z, w


def test_plan_is_compiled_once_per_signature():
    g, x, y, z, _ = _graph()
    sess = tf.compat.v1.Session(graph=g)
    for _ in range(3):
        sess.run(z, {x: [1.0, 2.0]})
        sess.run([z], {x: [1.0, 2.0]})     # a new list object, the same signature
    assert len(sess._plans) == 1
    sess.run(z, {y: [1.0, 1.0]})          # other feeds: another plan
    assert len(sess._plans) == 2


def test_plan_prunes_to_what_the_fetches_need():
    g, x, y, z, w = _graph()
    plan = Plan(g, [z], [], [x])
    names = [step[0].name for step in plan.steps]
    assert "unused" not in names and "add_1" not in names
    assert names[-1] == "add"
    # Feeding y cuts x and the multiplication out of the plan.
    plan = Plan(g, [z], [], [y])
    # (Const values sit in their slots from the start; they need no step.)
    assert [step[0].name for step in plan.steps] == ["add"]
    assert plan.run([np.ones(2, np.float32)])[0].tolist() == [2.0, 2.0]


def test_plan_frees_intermediate_values_after_last_use():
    g, x, y, z, _ = _graph()
    plan = Plan(g, [z], [], [x])
    freed = {slot for step in plan.steps for slot in step[-1]}
    assert plan.fetch_slots[0] not in freed
    assert freed, "the product x * 2 should be dropped once the addition has used it"


def test_context_stacks_are_thread_local():
    g = tf.Graph()
    seen = {}

    def other_thread():
        seen["eager"] = tf.executing_eagerly()
        seen["graph"] = tf.compat.v1.get_default_graph()

    with g.as_default():
        assert not tf.executing_eagerly()
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
    assert seen["eager"] is True
    assert seen["graph"] is not g
