"""What tensorlite's MonitoredTrainingSession cannot do: be a non-chief worker."""
import pytest

import tensorlite as tf


def test_a_non_chief_worker_is_a_clear_error():
    with tf.Graph().as_default() as graph:
        tf.compat.v1.train.get_or_create_global_step()
        with pytest.raises(NotImplementedError, match="no distributed runtime"):
            tf.compat.v1.train.MonitoredTrainingSession(is_chief=False)
        assert not graph.finalized          # it fails before touching the graph
        with pytest.raises(NotImplementedError, match="Use is_chief=True"):
            tf.compat.v1.train.WorkerSessionCreator().create_session()


def test_queue_runners_are_refused():
    with tf.Graph().as_default() as graph:
        tf.compat.v1.train.get_or_create_global_step()
        graph.add_to_collection(tf.compat.v1.GraphKeys.QUEUE_RUNNERS, object())
        with pytest.raises(NotImplementedError, match="no queue runners"):
            tf.compat.v1.train.MonitoredSession()


def test_every_lazily_exported_name_exists_in_its_module():
    import importlib
    from tensorlite.compat import v1_train
    for name, module_name in v1_train._LAZY_NAMES.items():
        assert getattr(importlib.import_module(module_name), name) is getattr(v1_train, name)
    for module_name in set(v1_train._LAZY_NAMES.values()):
        exported = getattr(importlib.import_module(module_name), "__all__", ())
        assert set(exported) <= set(v1_train._LAZY_NAMES), module_name
