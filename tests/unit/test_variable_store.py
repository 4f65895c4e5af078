"""The variable store and scope stacks behind variable_scope/get_variable: per-graph store,
per-thread scopes, default_name counters, the lookup fast path, creation sites in errors,
templates and partitioned variables (tensorlite internals; TF behaviour is in conformance)."""
import random
import threading

import numpy as np
import pytest

import tensorlite as tf
from tensorlite.variables import variable_scope as vs
from tensorlite.variables.partitioners import iter_slices

v1 = tf.compat.v1


@pytest.fixture(autouse=True)
def fresh_default_graph():
    v1.reset_default_graph()
    yield
    v1.reset_default_graph()


# ---------------------------------------------------------------------- default_name counters

class _DictCounts:
    """TF's own bookkeeping (a flat dict, scanned on close; copied for captured scopes)."""

    def __init__(self):
        self.counts = {}
        self.snapshots = []

    def open(self, name):
        self.counts[name] = self.counts.get(name, 0) + 1

    def close_subscopes(self, name):
        for key in self.counts:
            if key.startswith(name + "/"):
                self.counts[key] = 0

    def count(self, name):
        return self.counts.get(name, 0)

    def mark(self):
        self.snapshots.append(dict(self.counts))

    def restore(self):
        self.counts = self.snapshots.pop()

    def unused_suffix(self, name):   # TF's _get_unique_variable_scope
        if self.count(name) == 0:
            return 0
        index = 1
        while self.count(f"{name}_{index}") > 0:
            index += 1
        return index


def test_scope_counts_tree_matches_tf_dict_bookkeeping():
    rng = random.Random(0)
    segments = ["a", "b", "c", "a_1", "a_2", "", "a/b", "b_1/c"]
    for _ in range(200):
        tree, reference = vs._ScopeCounts(), _DictCounts()
        open_names, marks = [], []   # stack of (name, captured?)
        for _ in range(60):
            action = rng.random()
            if action < 0.45 or not open_names:
                parent = open_names[-1][0] if open_names else ""
                name = "/".join(filter(None, [parent, rng.choice(segments)])) or "a"
                if rng.random() < 0.5:   # a default_name scope: uniquified first
                    suffix = reference.unused_suffix(name)
                    assert tree.unused_suffix(name) == suffix, name
                    name = f"{name}_{suffix}" if suffix else name
                captured = rng.random() < 0.2
                tree.open(name)
                reference.open(name)
                if captured:
                    marks.append(tree.mark())
                    reference.mark()
                open_names.append((name, captured))
            else:
                name, captured = open_names.pop()
                if captured:
                    tree.restore(marks.pop())
                    reference.restore()
                else:
                    tree.close_subscopes(name)
                    reference.close_subscopes(name)
            for key in list(reference.counts) + ["zz", "a/zz"]:
                assert tree.count(key) == reference.count(key), key


def test_counters_restart_after_reentering_a_captured_scope():
    with tf.Graph().as_default():
        with v1.variable_scope("foo") as foo:
            with v1.variable_scope(None, default_name="bar") as bar:
                assert bar.name == "foo/bar"
            with v1.variable_scope(None, default_name="bar") as bar:
                assert bar.name == "foo/bar_1"
        with v1.variable_scope(foo):
            with v1.variable_scope(None, default_name="bar") as bar:
                assert bar.name == "foo/bar"
            with v1.variable_scope(None, default_name="bar") as bar:
                assert bar.name == "foo/bar_1"
        # Leaving the captured scope restored the counters it changed.
        with v1.variable_scope("foo"):
            with v1.variable_scope(None, default_name="bar") as bar:
                assert bar.name == "foo/bar"


# ---------------------------------------------------------------------- per graph, per thread

def test_store_is_per_graph_and_scopes_per_thread():
    g = tf.Graph()
    seen = {}
    with g.as_default():
        with v1.variable_scope("main"):
            shared = v1.get_variable("v", [1])

            def worker():
                with g.as_default():
                    # A new thread starts at the root scope of the same graph's store.
                    seen["scope"] = v1.get_variable_scope().name
                    with v1.variable_scope("main", reuse=True):
                        seen["var"] = v1.get_variable("v", [1])
            thread = threading.Thread(target=worker)
            thread.start()
            thread.join()
            assert v1.get_variable_scope().name == "main"
    assert seen == {"scope": "", "var": shared}
    with tf.Graph().as_default():
        with v1.variable_scope("main", reuse=True):
            with pytest.raises(ValueError, match="does not exist"):
                v1.get_variable("v", [1])


def test_improper_nesting_is_detected():
    with tf.Graph().as_default():
        outer = v1.variable_scope("outer")
        inner = v1.variable_scope("inner")
        outer.__enter__()
        inner.__enter__()
        with pytest.raises(RuntimeError, match="Improper nesting of variable_scope"):
            outer.__exit__(None, None, None)
        inner.__exit__(None, None, None)


def test_scope_is_popped_when_the_block_raises():
    with tf.Graph().as_default():
        with pytest.raises(KeyError):
            with v1.variable_scope("a"):
                with v1.variable_scope("b"):
                    raise KeyError("boom")
        assert v1.get_variable_scope().name == ""
        assert tf.constant(1.0, name="c").name == "c:0"


# ---------------------------------------------------------------------- the lookup fast path

def test_fast_path_returns_what_the_full_path_returns():
    with tf.Graph().as_default():
        with v1.variable_scope("s"):
            w = v1.get_variable("w", [3, 4])
            i = v1.get_variable("i", [2], dtype=tf.int32)
        with v1.variable_scope("s", reuse=True):
            assert v1.get_variable("w", [3, 4]) is w
            assert v1.get_variable("w", (3, 4)) is w
            assert v1.get_variable("w") is w
            assert v1.get_variable("w", tf.TensorShape([3, None])) is w   # full path
            assert v1.get_variable("i", [2], dtype=tf.int32) is i
            assert v1.get_variable("i", [2], dtype="int32") is i
            with pytest.raises(ValueError, match="specified shape \\(4, 3\\)"):
                v1.get_variable("w", [4, 3])
            with pytest.raises(ValueError, match="specified dtype float32"):
                v1.get_variable("i", [2])
            with pytest.raises(ValueError, match="do not specify shape"):
                v1.get_variable("w", [3, 4], initializer=np.zeros([3, 4], np.float32))
            with pytest.raises(ValueError, match="Invalid variable synchronization"):
                v1.get_variable("w", [3, 4], synchronization=7)


def test_lookup_refuses_a_name_whose_partitioned_version_exists():
    with tf.Graph().as_default():
        v1.get_variable("p", [4])
        v1.get_variable("p/part_0", [4])
        with v1.variable_scope("", reuse=True):
            with pytest.raises(ValueError, match="a partitioned version of the variable"):
                v1.get_variable("p", [4])


# ---------------------------------------------------------------------- errors name the lines

def test_already_exists_error_names_both_lines():
    with tf.Graph().as_default():
        v1.get_variable("dup", [1]); first_line = _line()   # noqa: E702
        with pytest.raises(ValueError) as error:
            second_line = _line() + 1
            v1.get_variable("dup", [1])
    message = str(error.value)
    assert "Variable dup already exists, disallowed" in message
    assert f"{__file__}:{first_line}" in message
    assert f"{__file__}:{second_line}" in message


def _line():
    import sys
    return sys._getframe(1).f_lineno


# ---------------------------------------------------------------------- eager and functions

def test_eager_get_variable_creates_each_time_unless_a_store_is_active():
    with v1.variable_scope("e"):
        a = v1.get_variable("v", [1])
        b = v1.get_variable("v", [1])
    assert a is not b and a.name == b.name == "e/v:0"
    store = vs.EagerVariableStore()
    with store.as_default():
        c = v1.get_variable("v", [1], trainable=False)
        assert v1.get_variable("v", [1]) is c
    assert store.variables() == [c] and store.non_trainable_variables() == [c]
    copy = store.copy()
    assert copy.variables()[0] is not c and copy.variables()[0].name == "v:0"


def test_function_graphs_share_the_outer_store():
    calls = []

    @tf.function
    def f(x):
        with v1.variable_scope("fn", reuse=v1.AUTO_REUSE):
            v = v1.get_variable("v", [1], initializer=v1.ones_initializer())
        calls.append(v)
        return v * x

    f(tf.constant(2.0))
    f(tf.constant([2.0, 3.0]))   # a second trace finds the same variable
    assert len(calls) >= 2 and all(v is calls[0] for v in calls)


def test_eager_template_shares_variables_across_calls():
    def scale(x):
        return x * v1.get_variable("y", [], initializer=v1.constant_initializer(2.0))

    template = v1.make_template("scale", scale)
    assert template(3.0).numpy() == 6.0
    template.variables[0].assign(5.0)
    assert template(3.0).numpy() == 15.0
    assert [v.name for v in template.trainable_variables] == ["scale/y:0"]


def test_eager_regularization_loss_follows_the_variable():
    v = v1.get_variable("r", [2], initializer=v1.ones_initializer(),
                        regularizer=lambda t: tf.reduce_sum(t))
    (loss,) = v1.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)
    assert float(tf.convert_to_tensor(loss)) == 2.0
    v.assign([3.0, 4.0])
    assert float(tf.add_n([loss])) == 7.0 and float(loss + 1.0) == 8.0


def test_graph_regularization_loss_is_fetchable():
    with tf.Graph().as_default() as g:
        with v1.variable_scope("s", regularizer=lambda t: 2.0 * tf.reduce_sum(t)):
            v1.get_variable("v", [3], initializer=v1.ones_initializer())
        (loss,) = g.get_collection(v1.GraphKeys.REGULARIZATION_LOSSES)
        assert loss.name.startswith("s/v/Regularizer/")
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            assert sess.run(loss) == 6.0 and sess.run(tf.add_n([loss])) == 6.0


# ---------------------------------------------------------------------- partitions

def test_slices_cover_the_axis_with_the_first_ones_longer():
    assert list(iter_slices([5, 3], 2, 0)) == [([0, 0], [3, 3]), ([3, 0], [2, 3])]
    assert [shape for _, shape in iter_slices([2, 7], 3, 1)] == [[2, 3], [2, 2], [2, 2]]


def test_partitioned_variable_concatenates_eagerly_and_assigns():
    p = v1.get_variable("p", initializer=tf.constant(np.arange(6.0).reshape(3, 2),
                                                     tf.float32),
                        partitioner=v1.fixed_size_partitioner(2))
    assert [v.shape.as_list() for v in p] == [[2, 2], [1, 2]]
    np.testing.assert_array_equal(tf.convert_to_tensor(p).numpy(),
                                  np.arange(6.0).reshape(3, 2))
    p.assign(np.ones([3, 2], np.float32))
    np.testing.assert_array_equal(tf.convert_to_tensor(p).numpy(), np.ones([3, 2]))
