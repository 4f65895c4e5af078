"""MonitoredTrainingSession, MonitoredSession, Scaffold and the session hooks."""
import glob
import json
import logging
import os
import re
import struct

import numpy as np
import pytest


def recording_hook(tf, log, name="hook", fetches=None, feed_dict=None):
    """A hook logging its calls; the class is made per test, as `tf` is the fixture's."""
    class Hook(tf.compat.v1.train.SessionRunHook):
        def begin(self):
            log.append((name, "begin"))

        def after_create_session(self, session, coord):
            log.append((name, "after_create_session", callable(session.run),
                        coord.should_stop()))

        def before_run(self, run_context):
            args = run_context.original_args
            log.append((name, "before_run", args.fetches, args.feed_dict))
            if fetches is None and feed_dict is None:
                return None
            return tf.compat.v1.train.SessionRunArgs(fetches, feed_dict=feed_dict)

        def after_run(self, run_context, run_values):
            log.append((name, "after_run", run_values.results))

        def end(self, session):
            log.append((name, "end", callable(session.run)))
    return Hook()


def counter_model(tf):
    """A global step and a variable `v` that grows by 1 (and the step by 1) per train run."""
    step = tf.compat.v1.train.get_or_create_global_step()
    v = tf.compat.v1.get_variable("v", [], initializer=tf.compat.v1.zeros_initializer())
    with tf.control_dependencies([v.assign_add(1.0)]):
        train_op = step.assign_add(1)
    return step, v, train_op


def test_hooks_are_called_in_order_and_see_their_own_fetches(tf):
    log = []
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [], name="x")
        doubled = x * 2.0
        tripled = x * 3.0
        first = recording_hook(tf, log, "first", fetches={"t": tripled})
        second = recording_hook(tf, log, "second")
        with tf.compat.v1.train.MonitoredSession(hooks=[first, second]) as sess:
            assert log == [("first", "begin"), ("second", "begin"),
                           ("first", "after_create_session", True, False),
                           ("second", "after_create_session", True, False)]
            del log[:]
            out = sess.run({"d": doubled}, feed_dict={x: 2.0})
            assert out == {"d": 4.0}
            assert [entry[:2] for entry in log] == [
                ("first", "before_run"), ("second", "before_run"),
                ("first", "after_run"), ("second", "after_run")]
            assert log[0][2] == {"d": doubled} and log[0][3] == {x: 2.0}
            assert log[2][2] == {"t": 6.0}
            assert log[3][2] is None          # a hook that asked for nothing gets None
            assert not sess.should_stop()
            del log[:]
        assert log == [("first", "end", True), ("second", "end", True)]


def test_hook_feeds_merge_with_the_callers(tf):
    log = []
    with tf.Graph().as_default():
        a = tf.compat.v1.placeholder(tf.float32, [])
        b = tf.compat.v1.placeholder(tf.float32, [])
        total, doubled = a + b, b * 2.0
        feeder = recording_hook(tf, log, fetches=None, feed_dict={b: 10.0})
        with tf.compat.v1.train.MonitoredSession(hooks=[feeder]) as sess:
            assert sess.run(total, feed_dict={a: 1.0}) == 11.0
            assert sess.run(doubled) == 20.0
            with pytest.raises(RuntimeError,
                               match="Same tensor is fed by a SessionRunHook and user"):
                sess.run(total, feed_dict={a: 1.0, b: 2.0})


def test_two_hooks_feeding_one_tensor_is_an_error(tf):
    with tf.Graph().as_default():
        a = tf.compat.v1.placeholder(tf.float32, [])
        same = a * 1.0
        hooks = [recording_hook(tf, [], feed_dict={a: 1.0}),
                 recording_hook(tf, [], feed_dict={a: 2.0})]
        with tf.compat.v1.train.MonitoredSession(hooks=hooks) as sess:
            with pytest.raises(RuntimeError, match="Same tensor is fed by two hooks"):
                sess.run(same)


def test_stop_at_step_hook_and_runs_after_the_stop(tf):
    with tf.Graph().as_default():
        step, v, train_op = counter_model(tf)
        hook = tf.compat.v1.train.StopAtStepHook(num_steps=3)
        runs = 0
        with tf.compat.v1.train.SingularMonitoredSession(hooks=[hook]) as sess:
            while not sess.should_stop():
                sess.run(train_op)
                runs += 1
            assert sess.raw_session().run([step, v]) == [3, 3.0]
            with pytest.raises(RuntimeError, match="Run called even after should_stop"):
                sess.run(train_op)
        assert runs == 3


def test_stop_at_step_hook_arguments(tf):
    with pytest.raises(ValueError, match="One of num_steps or last_step must be specified"):
        tf.compat.v1.train.StopAtStepHook()
    with pytest.raises(ValueError, match="Only one of num_steps or last_step"):
        tf.compat.v1.train.StopAtStepHook(num_steps=1, last_step=2)
    with tf.Graph().as_default():
        tf.constant(1.0)
        hook = tf.compat.v1.train.StopAtStepHook(last_step=2)
        with pytest.raises(RuntimeError, match="Global step should be created"):
            tf.compat.v1.train.MonitoredSession(hooks=[hook])


def test_request_stop_from_a_hook(tf):
    with tf.Graph().as_default():
        _, _, train_op = counter_model(tf)

        class StopAfterTwo(tf.compat.v1.train.SessionRunHook):
            calls = 0

            def after_run(self, run_context, run_values):
                self.calls += 1
                assert not run_context.stop_requested
                if self.calls == 2:
                    run_context.request_stop()
                    assert run_context.stop_requested
        with tf.compat.v1.train.MonitoredSession(hooks=[StopAfterTwo()]) as sess:
            sess.run(train_op)
            assert not sess.should_stop()
            sess.run(train_op)
            assert sess.should_stop()


def test_out_of_range_error_ends_the_session_quietly(tf):
    log = []
    with tf.Graph().as_default():
        _, _, train_op = counter_model(tf)
        with tf.compat.v1.train.MonitoredSession(hooks=[recording_hook(tf, log)]) as sess:
            sess.run(train_op)
            raise tf.errors.OutOfRangeError(None, None, "End of sequence")
        assert log[-1] == ("hook", "end", True)

        del log[:]
        with pytest.raises(ValueError, match="boom"):
            with tf.compat.v1.train.MonitoredSession(hooks=[recording_hook(tf, log)]):
                raise ValueError("boom")
        assert ("hook", "end", True) not in log      # hooks' end runs only after success


def test_close_calls_end_and_unfinalizes_the_graph(tf):
    log = []
    with tf.Graph().as_default() as graph:
        _, _, train_op = counter_model(tf)
        sess = tf.compat.v1.train.MonitoredSession(hooks=[recording_hook(tf, log)])
        assert graph.finalized
        with pytest.raises(RuntimeError, match="Graph is finalized"):
            tf.constant(1.0)
        sess.run(train_op)
        sess.close()
        assert log[-1] == ("hook", "end", True)
        assert not graph.finalized
        assert sess.should_stop()
        tf.constant(1.0)


def test_scaffold_finalize_creates_the_defaults(tf):
    with tf.Graph().as_default() as graph:
        counter_model(tf)
        local = tf.compat.v1.get_variable(
            "local", [], initializer=tf.compat.v1.ones_initializer(),
            collections=[tf.compat.v1.GraphKeys.LOCAL_VARIABLES])
        scaffold = tf.compat.v1.train.Scaffold()
        assert scaffold.init_op is None and scaffold.saver is None
        assert scaffold.finalize() is scaffold
        assert graph.finalized
        keys = tf.compat.v1.GraphKeys
        assert graph.get_collection(keys.INIT_OP) == [scaffold.init_op]
        assert graph.get_collection(keys.LOCAL_INIT_OP) == [scaffold.local_init_op]
        assert graph.get_collection(keys.READY_OP) == [scaffold.ready_op]
        assert graph.get_collection(keys.READY_FOR_LOCAL_INIT_OP) == \
            [scaffold.ready_for_local_init_op]
        assert graph.get_collection(keys.SAVERS) == [scaffold.saver]
        assert scaffold.summary_op is None              # no summaries in the graph
        with tf.compat.v1.Session() as sess:
            assert sorted(sess.run(scaffold.ready_op)) == [b"global_step", b"local", b"v"]
            assert sess.run(scaffold.ready_for_local_init_op).size == 2
            sess.run(scaffold.init_op)
            assert sess.run(scaffold.ready_op).tolist() == [b"local"]
            assert sess.run(scaffold.ready_for_local_init_op).size == 0
            sess.run(scaffold.local_init_op)
            assert sess.run(local) == 1.0


def test_scaffold_takes_ops_from_collections_and_copies(tf):
    with tf.Graph().as_default():
        counter_model(tf)
        init = tf.compat.v1.global_variables_initializer()
        tf.compat.v1.add_to_collection(tf.compat.v1.GraphKeys.INIT_OP, init)
        called = []
        base = tf.compat.v1.train.Scaffold(init_fn=lambda scaffold, sess: called.append(
            scaffold))
        copy = tf.compat.v1.train.Scaffold(copy_from_scaffold=base)
        with pytest.raises(TypeError, match="copy_from_scaffold is not a Scaffold"):
            tf.compat.v1.train.Scaffold(copy_from_scaffold=object())
        with tf.compat.v1.train.MonitoredSession(
                tf.compat.v1.train.ChiefSessionCreator(scaffold=copy)):
            assert copy.init_op is init
            assert called == [copy]
        tf.compat.v1.add_to_collection(tf.compat.v1.GraphKeys.INIT_OP, init)
        with pytest.raises(RuntimeError, match="More than one item in the collection"):
            tf.compat.v1.train.Scaffold().finalize()


def test_checkpoints_are_written_and_restored(tf, tmp_path):
    ckpt_dir = str(tmp_path)
    with tf.Graph().as_default():
        step, v, train_op = counter_model(tf)
        hooks = [tf.compat.v1.train.StopAtStepHook(last_step=5)]
        with tf.compat.v1.train.MonitoredTrainingSession(
                checkpoint_dir=ckpt_dir, hooks=hooks, save_checkpoint_steps=2) as sess:
            while not sess.should_stop():
                sess.run(train_op)
    names = sorted(n for n in os.listdir(ckpt_dir) if n.startswith(("model", "checkpoint")))
    expected = ["checkpoint"] + [f"model.ckpt-{s}.{ext}" for s in (0, 2, 4, 5)
                                 for ext in ("data-00000-of-00001", "index", "meta")]
    assert names == sorted(expected)
    assert glob.glob(os.path.join(ckpt_dir, "events.out.tfevents.*"))
    assert tf.train.latest_checkpoint(ckpt_dir) == os.path.join(ckpt_dir, "model.ckpt-5")
    state = tf.train.get_checkpoint_state(ckpt_dir)
    assert [os.path.basename(p) for p in state.all_model_checkpoint_paths] == \
        ["model.ckpt-0", "model.ckpt-2", "model.ckpt-4", "model.ckpt-5"]
    assert tf.train.load_variable(ckpt_dir, "v") == 5.0

    with tf.Graph().as_default():
        step, v, train_op = counter_model(tf)
        hooks = [tf.compat.v1.train.StopAtStepHook(num_steps=2)]
        runs = 0
        with tf.compat.v1.train.MonitoredTrainingSession(
                checkpoint_dir=ckpt_dir, hooks=hooks, save_checkpoint_steps=2) as sess:
            assert sess.run(step) == 5      # restored, not initialized
            while not sess.should_stop():
                runs += 1
                sess.run(train_op)
    assert runs == 2
    assert tf.train.latest_checkpoint(ckpt_dir) == os.path.join(ckpt_dir, "model.ckpt-7")
    assert tf.train.load_variable(ckpt_dir, "v") == 7.0


def test_restore_from_a_checkpoint_file(tf, tmp_path):
    with tf.Graph().as_default():
        step, v, train_op = counter_model(tf)
        saver = tf.compat.v1.train.Saver()
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            sess.run(train_op)
            sess.run(train_op)
            path = saver.save(sess, str(tmp_path / "m"))
        creator = tf.compat.v1.train.ChiefSessionCreator(checkpoint_filename_with_path=path)
        with tf.compat.v1.train.MonitoredSession(session_creator=creator) as sess:
            assert sess.run([step, v]) == [2, 2.0]
        with pytest.raises(ValueError, match="Can not provide both checkpoint_dir and"):
            tf.compat.v1.train.MonitoredSession(tf.compat.v1.train.ChiefSessionCreator(
                checkpoint_dir=str(tmp_path), checkpoint_filename_with_path=path))


def test_checkpoint_saver_hook_and_listeners(tf, tmp_path):
    calls = []

    class Listener(tf.compat.v1.train.CheckpointSaverListener):
        def begin(self):
            calls.append("begin")

        def before_save(self, session, global_step_value):
            calls.append(("before_save", int(global_step_value)))

        def after_save(self, session, global_step_value):
            calls.append(("after_save", int(global_step_value)))
            return global_step_value >= 4         # asks training to stop

        def end(self, session, global_step_value):
            calls.append(("end", int(global_step_value)))

    with tf.Graph().as_default():
        _, _, train_op = counter_model(tf)
        scaffold = tf.compat.v1.train.Scaffold()
        hook = tf.compat.v1.train.CheckpointSaverHook(
            str(tmp_path), save_steps=2, listeners=[Listener()], checkpoint_basename="m.ckpt",
            scaffold=scaffold)
        runs = 0
        with tf.compat.v1.train.MonitoredSession(
                tf.compat.v1.train.ChiefSessionCreator(scaffold=scaffold),
                hooks=[hook]) as sess:
            while not sess.should_stop():
                sess.run(train_op)
                runs += 1
    assert runs == 4
    assert calls == ["begin", ("before_save", 0), ("after_save", 0), ("before_save", 2),
                     ("after_save", 2), ("before_save", 4), ("after_save", 4), ("end", 4)]
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("m.ckpt-4")
    with pytest.raises(ValueError, match="You cannot provide both saver and scaffold"):
        tf.compat.v1.train.CheckpointSaverHook(str(tmp_path), save_steps=1, saver=object(),
                                               scaffold=object())
    with pytest.raises(ValueError, match="Either every_secs or every_steps"):
        tf.compat.v1.train.CheckpointSaverHook(str(tmp_path))


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def tf_log():
    logger = logging.getLogger("tensorflow")
    handler, level = _Records(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.messages
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_logging_tensor_hook(tf, tf_log):
    with tf.Graph().as_default():
        step, v, train_op = counter_model(tf)
        hook = tf.compat.v1.train.LoggingTensorHook({"v": v, "step": step}, every_n_iter=2,
                                                    at_end=True)
        with tf.compat.v1.train.MonitoredSession(hooks=[hook]) as sess:
            for _ in range(5):
                sess.run(train_op)
    logged = [m for m in tf_log if m.startswith("step = ")]
    # Runs 0, 2 and 4 log (values read in the same run, before or after the update), the
    # end logs the final values; tags come sorted.
    assert len(logged) == 4
    assert re.fullmatch(r"step = \d, v = \d\.0", logged[0])
    assert all(re.fullmatch(r"step = \d, v = \d\.0 \(\d+\.\d{3} sec\)", m) for m in logged[1:])
    assert logged[-1].startswith("step = 5, v = 5.0")


def test_logging_tensor_hook_names_formatter_and_arguments(tf, tf_log):
    with tf.Graph().as_default():
        tf.constant([1.5, 2.0], name="c")
        hook = tf.compat.v1.train.LoggingTensorHook(
            ["c"], at_end=True, formatter=lambda values: "c is %s" % values["c"].tolist())
        with tf.compat.v1.train.MonitoredSession(hooks=[hook]) as sess:
            sess.run("c:0")
    assert [m for m in tf_log if m.startswith("c is")] == ["c is [1.5, 2.0]"]
    with pytest.raises(ValueError, match="exactly one of every_n_iter and every_n_secs"):
        tf.compat.v1.train.LoggingTensorHook({"a": "a"})
    with pytest.raises(ValueError, match="invalid every_n_iter=0"):
        tf.compat.v1.train.LoggingTensorHook({"a": "a"}, every_n_iter=0)


def test_nan_tensor_hook(tf, tf_log):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [])
        loss = x * 1.0
        hook = tf.compat.v1.train.NanTensorHook(loss)
        with tf.compat.v1.train.MonitoredSession(hooks=[hook]) as sess:
            sess.run(loss, feed_dict={x: 1.0})
            with pytest.raises(tf.compat.v1.train.NanLossDuringTrainingError,
                               match="NaN loss during training"):
                sess.run(loss, feed_dict={x: np.nan})
        hook = tf.compat.v1.train.NanTensorHook(loss, fail_on_nan_loss=False)
        with tf.compat.v1.train.MonitoredSession(hooks=[hook]) as sess:
            sess.run(loss, feed_dict={x: np.nan})
            assert sess.should_stop()
    assert "Model diverged with loss = NaN." in tf_log


def test_feed_fn_and_final_ops_hooks(tf):
    with tf.Graph().as_default():
        step, v, train_op = counter_model(tf)
        x = tf.compat.v1.placeholder(tf.float32, [])
        copy = x + 0.0
        values = iter([1.0, 2.0, 3.0])
        final = tf.compat.v1.train.FinalOpsHook({"v": v, "y": x * 2.0}, {x: 5.0})
        feed = tf.compat.v1.train.FeedFnHook(lambda: {x: next(values)})
        with tf.compat.v1.train.MonitoredSession(hooks=[feed, final]) as sess:
            assert [sess.run(copy) for _ in range(3)] == [1.0, 2.0, 3.0]
        assert final.final_ops_values == {"v": 0.0, "y": 10.0}


def test_second_or_step_timer(tf):
    timer = tf.compat.v1.train.SecondOrStepTimer(every_steps=3)
    assert timer.last_triggered_step() is None
    assert timer.should_trigger_for_step(0)
    assert timer.update_last_triggered_step(0) == (None, None)
    assert not timer.should_trigger_for_step(0)
    assert not timer.should_trigger_for_step(2)
    assert timer.should_trigger_for_step(3)
    elapsed_secs, elapsed_steps = timer.update_last_triggered_step(4)
    assert elapsed_steps == 4 and elapsed_secs >= 0
    assert timer.last_triggered_step() == 4
    timer.reset()
    assert timer.should_trigger_for_step(4)
    seconds = tf.compat.v1.train.SecondOrStepTimer(every_secs=3600)
    seconds.update_last_triggered_step(0)
    assert not seconds.should_trigger_for_step(1000)
    with pytest.raises(ValueError, match="Either every_secs or every_steps should be provided"):
        tf.compat.v1.train.SecondOrStepTimer()
    with pytest.raises(ValueError, match="Can not provide both every_secs and every_steps"):
        tf.compat.v1.train.SecondOrStepTimer(every_secs=1, every_steps=1)


def test_run_step_fn(tf):
    with tf.Graph().as_default():
        step, v, train_op = counter_model(tf)
        seen = []

        def step_fn(step_context):
            seen.append(step_context.session.run(step))
            value = step_context.run_with_hooks(train_op)
            if value >= 2:
                step_context.request_stop()
            return value

        with tf.compat.v1.train.MonitoredSession() as sess:
            assert sess.run_step_fn(step_fn) == 1
            sess.run_step_fn(step_fn)
            raise AssertionError("request_stop should have left the with block")
        assert seen == [0, 1]
        with tf.compat.v1.train.MonitoredSession() as sess:
            with pytest.raises(ValueError, match="`step_fn` may either have one"):
                sess.run_step_fn(lambda ctx: None)


def test_global_step_waiter_hook_starts_once_the_step_is_reached(tf):
    with tf.Graph().as_default():
        step, v, train_op = counter_model(tf)
        waiter = tf.compat.v1.train.GlobalStepWaiterHook(wait_until_step=0)
        with tf.compat.v1.train.MonitoredSession(hooks=[waiter]) as sess:
            assert sess.run(train_op) == 1


def test_coordinator_reports_the_first_exception(tf):
    coord = tf.compat.v1.train.Coordinator()
    assert not coord.should_stop()
    coord.request_stop(tf.errors.OutOfRangeError(None, None, "done"))   # a clean stop
    assert coord.should_stop()
    coord.join()
    coord.clear_stop()
    with coord.stop_on_exception():
        raise ValueError("first")
    coord.request_stop(KeyError("second"))
    assert coord.should_stop() and coord.wait_for_stop(0.01)
    with pytest.raises(ValueError, match="first"):
        coord.raise_requested_exception()
    with pytest.raises(ValueError, match="first"):
        coord.join()
    assert coord.joined


def _read_varint(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, pos


def _fields(message):
    """(field number, value) pairs of a protobuf message (varints and length-delimited)."""
    pos, out = 0, []
    while pos < len(message):
        key, pos = _read_varint(message, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _read_varint(message, pos)
        elif wire == 2:
            length, pos = _read_varint(message, pos)
            value, pos = message[pos:pos + length], pos + length
        elif wire == 1:
            value, pos = message[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = message[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"wire type {wire}")
        out.append((field, value))
    return out


def _summary_steps(logdir):
    """{tag: [steps]} of the Summary values in the event files of `logdir`."""
    steps = {}
    for path in sorted(glob.glob(os.path.join(logdir, "events.out.tfevents.*"))):
        data = open(path, "rb").read()
        pos = 0
        while pos < len(data):
            (length,) = struct.unpack("<Q", data[pos:pos + 8])
            event = dict(_fields(data[pos + 12:pos + 12 + length]))
            pos += 16 + length
            if 5 in event:                 # Event.summary
                for _, value in _fields(event[5]):
                    tag = dict(_fields(value))[1].decode()
                    steps.setdefault(tag, []).append(event.get(2, 0))
    return steps


def test_monitored_training_session_writes_summaries(tf, tmp_path):
    with tf.Graph().as_default():
        step, v, train_op = counter_model(tf)
        tf.compat.v1.summary.scalar("v_value", v)
        hooks = [tf.compat.v1.train.StopAtStepHook(last_step=5)]
        with tf.compat.v1.train.MonitoredTrainingSession(
                checkpoint_dir=str(tmp_path), hooks=hooks, save_summaries_steps=2,
                log_step_count_steps=2) as sess:
            while not sess.should_stop():
                sess.run(train_op)
    tf.compat.v1.summary.FileWriterCache.clear()
    steps = _summary_steps(str(tmp_path))
    assert steps["v_value"] == [1, 3, 5]
    # The step counter starts timing after the first run (step 1), then records every 2.
    assert steps["global_step/sec"] == [3, 5]


def test_monitored_training_session_without_checkpoint_dir(tf, tmp_path):
    with tf.Graph().as_default():
        step, v, train_op = counter_model(tf)
        with tf.compat.v1.train.MonitoredTrainingSession(
                hooks=[tf.compat.v1.train.StopAtStepHook(last_step=3)]) as sess:
            while not sess.should_stop():
                sess.run(train_op)
            assert sess.graph is tf.compat.v1.get_default_graph()
        assert sess.graph is None


TRAINING_PROGRAM = """
import json, logging, os, sys
import numpy as np
tf.compat.v1.disable_eager_execution()
d = sys.argv[1] if len(sys.argv) > 1 else {ckpt_dir!r}
messages = []
class Keep(logging.Handler):
    def emit(self, record):
        messages.append(record.getMessage())
logger = logging.getLogger("tensorflow")
logger.addHandler(Keep())
logger.setLevel(logging.INFO)

rng = np.random.RandomState(0)
xs = rng.randn(64, 3).astype(np.float32)
ys = xs @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.25
x = tf.compat.v1.placeholder(tf.float32, [None, 3])
y = tf.compat.v1.placeholder(tf.float32, [None, 1])
global_step = tf.compat.v1.train.get_or_create_global_step()
w = tf.compat.v1.get_variable("w", [3, 1], initializer=tf.compat.v1.zeros_initializer())
b = tf.compat.v1.get_variable("b", [1], initializer=tf.compat.v1.zeros_initializer())
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
train_op = tf.compat.v1.train.AdamOptimizer(0.01).minimize(loss, global_step=global_step)
hooks = [tf.compat.v1.train.StopAtStepHook(last_step=200),
         tf.compat.v1.train.LoggingTensorHook({{"loss": loss}}, every_n_iter=50)]
feed = {{x: xs, y: ys}}
with tf.compat.v1.train.MonitoredTrainingSession(checkpoint_dir=d, hooks=hooks,
                                                 save_checkpoint_steps=100) as sess:
    start_step, start_w = sess.run([global_step, w], feed_dict=feed)
    while not sess.should_stop():
        sess.run(train_op, feed_dict=feed)
reader = tf.compat.v1.train.NewCheckpointReader(tf.train.latest_checkpoint(d))
print(json.dumps({{
    "start_step": int(start_step), "start_w": start_w.ravel().tolist(),
    "end_step": int(reader.get_tensor("global_step")),
    "end_w": reader.get_tensor("w").ravel().tolist(),
    "losses": [float(m.split("=")[1].split("(")[0]) for m in messages
               if m.startswith("loss = ")],
    "files": sorted(n for n in os.listdir(d) if n.startswith(("model", "checkpoint"))),
}}))
"""


def test_training_program_resumes_from_its_checkpoint(run_program, tmp_path):
    program = TRAINING_PROGRAM.format(ckpt_dir=str(tmp_path / "ckpt"))
    first = json.loads(run_program(program).strip().splitlines()[-1])
    second = json.loads(run_program(program).strip().splitlines()[-1])
    assert first["start_step"] == 0 and first["start_w"] == [0.0, 0.0, 0.0]
    assert first["end_step"] == 200
    # Runs 0 (the start read), 50, 100, 150 and 200 log the loss, which falls.
    assert len(first["losses"]) == 5
    assert first["losses"] == sorted(first["losses"], reverse=True)
    ckpts = ["model.ckpt-%d.%s" % (s, ext) for s in (0, 100, 200)
             for ext in ("data-00000-of-00001", "index", "meta")]
    assert first["files"] == sorted(["checkpoint"] + ckpts)
    # The second run restores step 200 and w, and stops after its first run.
    assert second["start_step"] == 200
    np.testing.assert_allclose(second["start_w"], first["end_w"], rtol=1e-6)
    assert second["end_step"] == 200 and second["end_w"] == first["end_w"]
    assert len(second["losses"]) == 1
    assert second["files"] == first["files"]
