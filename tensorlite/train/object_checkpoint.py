"""`tf.train.Checkpoint` and `tf.train.CheckpointManager`: TF2's object-based checkpoints.

Variables are saved under the path of attribute names that reaches them from the root
("model/layers/0/kernel/.ATTRIBUTES/VARIABLE_VALUE"), next to a serialized
TrackableObjectGraph proto ("_CHECKPOINTABLE_OBJECT_GRAPH") that restoring walks, as TF does.
Trackable objects: variables, `tf.Module`s, `Checkpoint`s, lists/tuples/dicts holding them,
and any object with a `_trackable_children()` method returning {name: child}.
Differs from TF: no deferred restoration (a variable created after `restore` keeps its
initial value) and no slot variables.
"""
import collections
import logging
import os
import time

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.init_scope import init_scope
from tensorlite.module import Module
from tensorlite.train import checkpoint_format as _format
from tensorlite.train import checkpoint_utils as _utils
from tensorlite.train import saver as _saver
from tensorlite.variables.variables import Variable

__all__ = ["Checkpoint", "CheckpointManager"]    # in tf.train and tf.compat.v1.train

_log = logging.getLogger("tensorflow")

OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"
_VALUE = "VARIABLE_VALUE"


# ---------------------------------------------------------------------- the object graph

def _is_trackable(value):
    return isinstance(value, (Variable, Module, Checkpoint)) or \
        callable(getattr(value, "_trackable_children", None))


def _holds_trackables(value):
    if isinstance(value, (list, tuple)):
        return any(_is_trackable(v) or _holds_trackables(v) for v in value)
    if isinstance(value, dict):
        return any(_is_trackable(v) or _holds_trackables(v) for v in value.values())
    return False


def _children(obj):
    """(local name, child) pairs of a trackable, in TF's order (assignment order)."""
    if isinstance(obj, Variable):
        return []
    if isinstance(obj, Checkpoint):
        items = obj._checkpoint_children.items()
    elif isinstance(obj, (list, tuple)):
        items = ((str(i), v) for i, v in enumerate(obj))
    elif isinstance(obj, dict):
        items = obj.items()
    elif isinstance(obj, Module):
        ignored = obj._TF_MODULE_IGNORED_PROPERTIES
        items = ((k, v) for k, v in vars(obj).items() if k not in ignored)
    else:
        items = obj._trackable_children().items()
    children = []
    for name, value in items:
        if _is_trackable(value) or _holds_trackables(value):
            if not isinstance(name, str):
                raise ValueError(f"Unable to save the object {obj} (a dictionary wrapper "
                                 "constructed automatically on attribute assignment). The "
                                 "wrapped dictionary contains a non-string key which maps to "
                                 "a trackable object or mutable data structure.")
            children.append((name, value))
    return children


def _escape(name):
    return name.replace(".", "..").replace("/", ".S")


class _Node:
    __slots__ = ("obj", "path", "children", "key")

    def __init__(self, obj, path):
        self.obj, self.path, self.children, self.key = obj, path, [], None


def _object_graph(root):
    """Breadth-first nodes from `root`; node 0 is the root, shared objects appear once."""
    nodes, ids = [_Node(root, ())], {id(root): 0}
    queue = collections.deque([0])
    while queue:
        node = nodes[queue.popleft()]
        for name, child in _children(node.obj):
            if id(child) not in ids:
                ids[id(child)] = len(nodes)
                nodes.append(_Node(child, node.path + (name,)))
                queue.append(ids[id(child)])
            node.children.append((ids[id(child)], name))
    for node in nodes:
        if isinstance(node.obj, Variable):
            node.key = "/".join(map(_escape, node.path)) + "/.ATTRIBUTES/" + _VALUE
    return nodes


# TrackableObjectGraph (tensorflow/core/protobuf/trackable_object_graph.proto), by hand.

def _encode_object_graph(nodes):
    has_values = _nodes_with_values([[c for c, _ in n.children] for n in nodes],
                                    [n.key is not None for n in nodes])
    out = bytearray()
    for index, node in enumerate(nodes):
        message = bytearray()
        for child, name in node.children:
            reference = bytearray()
            _format._put_int(reference, 1, child)
            _put_string(reference, 2, name)
            _format._put_message(message, 1, reference)
        if node.key is not None:
            attribute = bytearray()
            _put_string(attribute, 1, _VALUE)
            _put_string(attribute, 2, _saver._variable_name(node.obj))
            _put_string(attribute, 3, node.key)
            _format._put_message(message, 2, attribute)
        if has_values[index]:
            _format._put_message(message, 5, b"\x08\x01")    # BoolValue(true)
        _format._put_message(out, 1, message)
    return bytes(out)


def _put_string(out, number, text):
    _format._put_message(out, number, text.encode("utf-8"))


def _nodes_with_values(children, has_attribute):
    has_values = list(has_attribute)
    changed = True
    while changed:      # a fixed point: object graphs may have cycles
        changed = False
        for index, kids in enumerate(children):
            if not has_values[index] and any(has_values[k] for k in kids):
                has_values[index] = changed = True
    return has_values


class _ProtoNode:
    __slots__ = ("children", "attributes", "text")

    def __init__(self):
        self.children, self.attributes = [], []


def _decode_object_graph(buf):
    nodes = []
    for number, value in _format._fields(buf):
        if number != 1:
            continue
        node = _ProtoNode()
        for field, content in _format._fields(_format._message_field(value)):
            if field == 1:
                child, name = 0, ""
                for sub, sub_value in _format._fields(_format._message_field(content)):
                    if sub == 1:
                        child = _format._int_field(sub_value)
                    elif sub == 2:
                        name = _format._message_field(sub_value).decode("utf-8")
                node.children.append((child, name))
            elif field == 2:
                attribute = {1: "", 2: "", 3: ""}
                for sub, sub_value in _format._fields(_format._message_field(content)):
                    if sub in attribute:
                        attribute[sub] = _format._message_field(sub_value).decode("utf-8")
                node.attributes.append((attribute[1], attribute[2], attribute[3]))
        nodes.append(node)
    for node in nodes:
        if any(child >= len(nodes) for child, _ in node.children):
            raise _format._Corrupt("object graph refers to a missing node")
    return nodes


def object_graph_key_mapping(reader):
    """{variable full name: checkpoint key} of an object-based checkpoint (for Saver)."""
    try:
        nodes = _decode_object_graph(reader.read(OBJECT_GRAPH_KEY)[()])
    except _format._Corrupt as e:
        raise _format._data_loss(_format.index_filename(reader.prefix), e) from None
    return {full_name: key for node in nodes
            for name, full_name, key in node.attributes if name == _VALUE}


def _node_names(nodes):
    names = {0: "(root)"}
    queue = collections.deque([0])
    while queue:
        index = queue.popleft()
        for child, name in nodes[index].children:
            if child not in names:
                names[child] = f"{names[index]}.{name}"
                queue.append(child)
    return names


def _node_text(node):
    lines = []
    for name, full_name, key in node.attributes:
        lines.append(f'attributes {{\n  name: "{name}"\n  full_name: "{full_name}"\n  '
                     f'checkpoint_key: "{key}"\n}}')
    for child, name in node.children:
        lines.append(f'children {{\n  node_id: {child}\n  local_name: "{name}"\n}}')
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- restore status

class _Status:
    """What a restore matched; `run_restore_ops` writes the values in graph mode."""

    def __init__(self, root, proto_nodes=None, matched=None, assignments=()):
        self._root = root
        self._proto_nodes = proto_nodes or []
        self._matched = matched or {}
        self._assignments = list(assignments)
        if _context.executing_eagerly():
            self.run_restore_ops()

    def _unmatched_python_objects(self):
        matched = {id(obj) for obj in self._matched.values()}
        return [node.obj for node in _object_graph(self._root)
                if isinstance(node.obj, Variable) and id(node.obj) not in matched]

    def assert_existing_objects_matched(self):
        unused = self._unmatched_python_objects()
        if unused:
            shown = min(10, len(unused))
            raise AssertionError(
                f"Found {len(unused)} Python objects that were not bound to checkpointed "
                f"values, likely due to changes in the Python program. Showing {shown} of "
                f"{len(unused)} unmatched objects: {unused[:shown]}")
        return self

    def assert_consumed(self):
        self.assert_existing_objects_matched()
        names = _node_names(self._proto_nodes)
        for index, node in enumerate(self._proto_nodes):
            if node.attributes and index not in self._matched:
                raise AssertionError(f"Unresolved object in checkpoint "
                                     f"{names.get(index, index)}: {_node_text(node)}")
        return self

    def assert_nontrivial_match(self):
        if len(self._matched) <= 1:
            unused = self._unmatched_python_objects()
            if unused:
                raise AssertionError(
                    "Nothing except the root object matched a checkpointed value. Typically "
                    "this means that the checkpoint does not match the Python program. The "
                    f"following objects have no matching checkpointed value: {unused}")
            raise AssertionError(f"Nothing to load. No dependencies have been added to "
                                 f"{self._root} yet.")
        return self

    def expect_partial(self):
        return self

    def run_restore_ops(self, session=None):
        if self._assignments:
            variables, values = zip(*self._assignments)
            _saver._write_values(_session(session), variables, values)
            self._assignments = []

    def initialize_or_restore(self, session=None):
        if not _context.executing_eagerly():
            restored = {id(v) for v, _ in self._assignments}
            others = [node.obj for node in _object_graph(self._root)
                      if isinstance(node.obj, Variable) and id(node.obj) not in restored]
            if others:
                _session(session).run([v.initializer for v in others])
        self.run_restore_ops(session)


class InitializationOnlyStatus(_Status):
    """restore(None): nothing to restore; initialize_or_restore runs the initializers."""

    def assert_consumed(self):
        raise AssertionError("No checkpoint specified (save_path=None); nothing is being "
                             "restored.")

    assert_existing_objects_matched = assert_consumed
    assert_nontrivial_match = assert_consumed


def _session(session):
    if _context.executing_eagerly():
        return None
    if session is None:
        from tensorlite.execution.session import get_default_session
        session = get_default_session()
    if session is None:
        raise RuntimeError("Checkpoints in graph mode need a Session: pass `session=` or run "
                           "under `with session.as_default():`")
    return session


def _check_value(variable, key, value, entry_dtype):
    dtype = _dtypes.as_dtype(variable.dtype).base_dtype
    if entry_dtype != dtype.as_datatype_enum:
        raise errors.InvalidArgumentError(
            None, None, f"tensor_name = {key}; expected dtype "
                        f"{_format.dtype_name(dtype.as_datatype_enum)} does not equal original "
                        f"dtype {_format.dtype_name(entry_dtype)}")
    if not variable.shape.is_compatible_with(value.shape):
        raise ValueError(f"Received incompatible tensor with shape {tuple(value.shape)} when "
                         f"attempting to restore variable with shape "
                         f"{tuple(variable.shape.as_list())} and name {variable.name}.")
    return value


def _restore(root, save_path):
    try:
        reader = _format.BundleReader(save_path)
    except errors.NotFoundError as e:
        raise errors.NotFoundError(
            None, None, f"Error when restoring from checkpoint or SavedModel at {save_path}: "
                        f"{e.message}\nPlease double-check that the path is correct. You may "
                        "be missing the checkpoint suffix (e.g. the '-1' in "
                        "'path/to/ckpt-1').") from None
    python_nodes = _object_graph(root)
    if OBJECT_GRAPH_KEY not in reader.entries:
        return _restore_by_name(root, reader, python_nodes)
    try:
        proto_nodes = _decode_object_graph(reader.read(OBJECT_GRAPH_KEY)[()])
    except _format._Corrupt as e:
        raise _format._data_loss(_format.index_filename(save_path), e) from None
    matched, assignments = {0: root}, []
    queue = collections.deque([0])
    while queue:
        index = queue.popleft()
        obj = matched[index]
        if isinstance(obj, Variable):
            for name, _, key in proto_nodes[index].attributes:
                if name == _VALUE and key in reader.entries:
                    value = _check_value(obj, key, reader.read(key), reader.entries[key].dtype)
                    assignments.append((obj, value))
        available = dict(_children(obj)) if not isinstance(obj, Variable) else {}
        for child, name in proto_nodes[index].children:
            if child not in matched and name in available:
                matched[child] = available[name]
                queue.append(child)
    return _Status(root, proto_nodes, matched, assignments)


def _restore_by_name(root, reader, python_nodes):
    """A name-based (Saver) checkpoint: match variables by their names, as TF does."""
    _log.warning("Restoring a name-based tf.train.Saver checkpoint using the object-based "
                 "restore API. This mode uses global names to match variables, and so is "
                 "somewhat fragile.")
    assignments = []
    for node in python_nodes:
        if isinstance(node.obj, Variable):
            name = _saver._variable_name(node.obj)
            if name in reader.entries:
                value = reader.read(name)
                assignments.append((node.obj, _check_value(node.obj, name, value,
                                                           reader.entries[name].dtype)))
    return _Status(root, None, {}, assignments)


# ---------------------------------------------------------------------- Checkpoint

class Checkpoint:
    """Groups trackable objects and saves/restores them (`tf.train.Checkpoint`)."""

    def __init__(self, root=None, **kwargs):
        object.__setattr__(self, "_checkpoint_children", {})
        object.__setattr__(self, "_save_counter", None)
        if root is not None:
            _assert_trackable(root, "root")
            kwargs["root"] = root
        for name, value in sorted(kwargs.items()):
            _assert_trackable(value, name)
            setattr(self, name, value)

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if not name.startswith("_") and (_is_trackable(value) or _holds_trackables(value)):
            self._checkpoint_children[name] = value

    def _maybe_create_save_counter(self):
        if self._save_counter is None:
            with init_scope():
                counter = Variable(0, dtype=_dtypes.int64, trainable=False,
                                   name="save_counter")
            object.__setattr__(self, "_save_counter", counter)
            object.__setattr__(self, "_counter_increment", None)
            self._checkpoint_children["save_counter"] = counter

    @property
    def save_counter(self):
        """How many times `save` has run (an int64 variable, created on first use)."""
        self._maybe_create_save_counter()
        return self._save_counter

    def write(self, file_prefix, options=None, session=None):
        """Write a checkpoint at exactly `file_prefix` (no counter, no state file)."""
        file_prefix = _utils._as_text(file_prefix)
        session = _session(session)
        graph = _object_graph(self)
        nodes = [n for n in graph if n.key is not None]
        values = _saver._read_values(session, [n.obj for n in nodes])
        directory = os.path.dirname(file_prefix)
        try:
            if directory:
                os.makedirs(directory, exist_ok=True)
            with _format.BundleWriter(file_prefix) as writer:    # TF's order of the data
                for node, value in zip(nodes, values):
                    writer.add(node.key, value, node.obj.dtype)
                writer.add(OBJECT_GRAPH_KEY, np.array(_encode_object_graph(graph), object),
                           _dtypes.string)
        except OSError as e:
            _utils._raise_os_error(getattr(e, "filename", None) or file_prefix, e)
        return file_prefix

    def _increment_save_counter(self, session):
        self._maybe_create_save_counter()
        counter = self._save_counter
        if _context.executing_eagerly():
            counter.assign_add(1)
            return int(counter.numpy())
        if self._counter_increment is None:
            object.__setattr__(self, "_counter_increment",
                               (counter.is_initialized(), counter.assign_add(1)))
        is_initialized, increment = self._counter_increment
        if not session.run(is_initialized):     # a fresh session that did not restore
            session.run(counter.initializer)
        return int(session.run(increment))

    def save(self, file_prefix, options=None, session=None):
        """Write `file_prefix-N` (N: the incremented save counter) and the state file."""
        file_prefix = _utils._as_text(file_prefix)
        session = _session(session)
        number = self._increment_save_counter(session)
        path = self.write(f"{file_prefix}-{number}", session=session)
        _utils.update_checkpoint_state_internal(
            save_dir=os.path.dirname(file_prefix), model_checkpoint_path=path,
            all_model_checkpoint_paths=[path], save_relative_paths=True)
        return path

    def read(self, save_path, options=None):
        """Restore from `save_path` (without the save-counter bookkeeping of `restore`)."""
        if save_path is None:
            return InitializationOnlyStatus(self)
        return _restore(self, _utils._as_text(save_path))

    def restore(self, save_path, options=None):
        """Restore the objects' values; returns a status with `assert_consumed()` etc."""
        if save_path is not None:
            self._maybe_create_save_counter()
        return self.read(save_path, options)


def _assert_trackable(value, name):
    if not (_is_trackable(value) or _holds_trackables(value)):
        raise ValueError(f"`Checkpoint` was expecting {name} to be a trackable object (an "
                         f"object derived from `Trackable`), got {value}. If you believe this "
                         "object should be trackable (i.e. it is part of the TensorFlow Python "
                         "API and manages state), please open an issue.")


# ---------------------------------------------------------------------- CheckpointManager

class CheckpointManager:
    """Numbered checkpoints in a directory, keeping the newest `max_to_keep`."""

    def __init__(self, checkpoint, directory, max_to_keep, keep_checkpoint_every_n_hours=None,
                 checkpoint_name="ckpt", step_counter=None, checkpoint_interval=None,
                 init_fn=None):
        if not isinstance(checkpoint, Checkpoint):
            raise TypeError(f"Expected a tf.train.Checkpoint, got {type(checkpoint)}.")
        self._checkpoint = checkpoint
        self._directory = _utils._as_text(directory)
        self._max_to_keep = max_to_keep
        self._keep_every = keep_checkpoint_every_n_hours
        self._prefix = os.path.join(self._directory, checkpoint_name)
        self._step_counter = step_counter
        self._interval = checkpoint_interval
        self._init_fn = init_fn
        self._last_step = None
        self._maybe_delete = collections.OrderedDict()
        self._last_preserved = time.time()
        self._latest_checkpoint = None
        state = _utils.get_checkpoint_state(self._directory)
        if state is not None:
            self._latest_checkpoint = state.model_checkpoint_path
            times = state.all_model_checkpoint_timestamps or \
                [time.time()] * len(state.all_model_checkpoint_paths)
            for path, stamp in zip(state.all_model_checkpoint_paths, times):
                self._maybe_delete[path] = stamp
            if state.last_preserved_timestamp:
                self._last_preserved = state.last_preserved_timestamp

    @property
    def directory(self):
        return self._directory

    @property
    def checkpoint(self):
        return self._checkpoint

    @property
    def latest_checkpoint(self):
        return self._latest_checkpoint

    @property
    def checkpoints(self):
        """The managed checkpoint prefixes, oldest first."""
        return list(self._maybe_delete)

    @property
    def checkpoint_interval(self):
        return self._interval

    def _record_state(self):
        _utils.update_checkpoint_state_internal(
            save_dir=self._directory, model_checkpoint_path=self._latest_checkpoint,
            all_model_checkpoint_paths=list(self._maybe_delete),
            all_model_checkpoint_timestamps=list(self._maybe_delete.values()),
            last_preserved_timestamp=self._last_preserved, save_relative_paths=True)

    def _sweep(self):
        if self._max_to_keep is None:
            return
        while len(self._maybe_delete) > self._max_to_keep:
            path, stamp = self._maybe_delete.popitem(last=False)
            if self._keep_every and stamp - self._keep_every * 3600 >= self._last_preserved:
                self._last_preserved = stamp
                continue
            _utils.remove_checkpoint(path)

    def save(self, checkpoint_number=None, check_interval=True, options=None):
        """Save a checkpoint numbered `checkpoint_number` (default: the save counter)."""
        if self._interval is not None and check_interval:
            if self._step_counter is None:
                raise ValueError("`step_counter` should be passed if `checkpoint_interval` is "
                                 "not None.")
            step = int(np.asarray(self._step_counter.numpy()))
            if self._last_step is not None and step < self._last_step + self._interval:
                return None
            self._last_step = step
        session = _session(None)
        counter = self._checkpoint._increment_save_counter(session)
        if checkpoint_number is None:
            checkpoint_number = counter
        elif isinstance(checkpoint_number, Variable):
            checkpoint_number = int(np.asarray(_saver._read_values(session,
                                                                   [checkpoint_number])[0]))
        path = self._checkpoint.write(f"{self._prefix}-{int(checkpoint_number)}",
                                      session=session)
        self._maybe_delete.pop(path, None)
        self._maybe_delete[path] = time.time()
        self._latest_checkpoint = path
        self._record_state()
        self._sweep()
        self._record_state()
        return path

    def restore_or_initialize(self):
        """Restore the latest checkpoint if there is one, else run `init_fn`."""
        if self._latest_checkpoint is not None:
            self._checkpoint.restore(self._latest_checkpoint)
            return self._latest_checkpoint
        if self._init_fn is not None:
            self._init_fn()
        return None
