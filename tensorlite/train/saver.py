"""`tf.compat.v1.train.Saver`: name-based checkpoints in TensorFlow's V2 format.

Differs from TF: no save/restore ops are added to the graph (values move through
`Session.run`, so a finalized graph is fine), the `.meta` MetaGraphDef has no SaverDef, and a
shape mismatch on restore raises ValueError in graph mode too (TF 2.21 raises it eagerly but
silently reshapes a graph variable).
"""
import logging
import os
import time

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.train import checkpoint_format as _format
from tensorlite.train import checkpoint_utils as _utils
from tensorlite.train import training_util
from tensorlite.variables.variables import Variable

__all__ = ["Saver", "SaverDef"]     # tf.compat.v1.train only

_log = logging.getLogger("tensorflow")


# ---------------------------------------------------------------------- what gets saved

class _Part:
    """One variable, or one partition of a sliced tensor (`offset` into `full_shape`)."""

    __slots__ = ("variable", "offset", "full_shape")

    def __init__(self, variable, offset=None, full_shape=None):
        self.variable = variable
        self.offset = offset
        self.full_shape = full_shape


class _Saveable:
    """Everything stored under one checkpoint key."""

    def __init__(self, name, parts, sliced):
        self.name = name
        self.parts = sorted(parts, key=lambda p: p.offset or ()) if sliced else parts
        self.sliced = sliced
        self.dtype = _dtypes.as_dtype(parts[0].variable.dtype).base_dtype


def _variable_name(variable):
    name = variable.name
    return name[:-2] if name.endswith(":0") else name


def _slice_info(variable):
    """TF's Variable._save_slice_info (full_name, full_shape, var_offset), or None."""
    return getattr(variable, "_save_slice_info", None)


def _is_partitioned(value):
    return hasattr(value, "_get_variable_list") and hasattr(value, "_get_partitions")


def _partition_parts(partitioned):
    """The parts of a PartitionedVariable with their offsets into the full shape."""
    full_shape = tuple(partitioned.shape.as_list())
    parts, offset = [], [0] * len(full_shape)
    axis = next((i for i, n in enumerate(partitioned._get_partitions()) if n > 1), 0)
    for variable in partitioned._get_variable_list():
        info = _slice_info(variable)
        if info is not None:
            parts.append(_Part(variable, tuple(info.var_offset), tuple(info.full_shape)))
        else:
            parts.append(_Part(variable, tuple(offset), full_shape))
            offset[axis] += variable.shape.as_list()[axis]
    return parts


def _slice_parts(variables):
    parts, full_name = [], None
    for variable in variables:
        if not isinstance(variable, Variable):
            raise ValueError(f"Slices must all be Variables: {variable}")
        info = _slice_info(variable)
        if info is None:
            raise ValueError(f"Slices must all be slices: {variable}")
        if full_name is None:
            full_name = info.full_name
        elif info.full_name != full_name:
            raise ValueError(f"Slices must all be from the same tensor: {info.full_name} != "
                             f"{full_name}")
        parts.append(_Part(variable, tuple(info.var_offset), tuple(info.full_shape)))
    return parts


def _flatten(items):
    for item in items:
        if isinstance(item, (list, tuple)):
            yield from _flatten(item)
        else:
            yield item


def _saveables(var_list):
    """Checkpoint key -> _Saveable, named as TF's saveable_object_util.op_list_to_dict does."""
    result = {}
    if isinstance(var_list, dict):
        for name, value in var_list.items():
            if _is_partitioned(value):
                result[name] = _Saveable(name, _partition_parts(value), True)
            elif isinstance(value, (list, tuple)):
                result[name] = _Saveable(name, _slice_parts(value), True)
            elif isinstance(value, Variable):
                result[name] = _Saveable(name, [_Part(value)], False)
            else:
                raise TypeError(f"Variable to save is not a Variable: {value}")
        return result
    if not isinstance(var_list, (list, tuple, set)):
        raise TypeError(f"Variables to save should be passed in a dict or a list. Got "
                        f"{var_list}")
    sliced = {}
    for value in sorted(_flatten(list(var_list)), key=lambda v: getattr(v, "name", "")):
        if _is_partitioned(value):
            name = value.name
            if name in result:
                raise ValueError(f"At least two variables have the same name: {name}")
            result[name] = _Saveable(name, _partition_parts(value), True)
        elif isinstance(value, Variable) and _slice_info(value) is not None:
            name = _slice_info(value).full_name
            if name in result and name not in sliced:
                raise ValueError(f"Mixing slices and non-slices with the same name: {name}")
            sliced.setdefault(name, []).append(value)
            result[name] = None
        elif isinstance(value, Variable):
            name = _variable_name(value)
            if name in result:
                if name in sliced:
                    raise ValueError(f"Mixing slices and non-slices with the same name: {name}")
                raise ValueError(f"At least two variables have the same name: {name}")
            result[name] = _Saveable(name, [_Part(value)], False)
        else:
            raise TypeError(f"Variable to save is not a Variable: {value}")
    for name, variables in sliced.items():
        result[name] = _Saveable(name, _slice_parts(variables), True)
    return result


def _all_saveable_objects():
    graph = _context.get_default_graph()
    return graph.get_collection(GraphKeys.GLOBAL_VARIABLES) + \
        graph.get_collection("saveable_objects")


# ---------------------------------------------------------------------- moving values

def _read_values(sess, variables):
    if _context.executing_eagerly():
        return [np.asarray(v.numpy()) for v in variables]
    return [np.asarray(value) for value in sess.run(list(variables))]


def _write_values(sess, variables, values):
    if _context.executing_eagerly():
        for variable, value in zip(variables, values):
            variable.assign(value)
        return
    # Feeding each variable's initial value into its initializer writes all of them in one
    # run without adding ops to the (possibly finalized) graph.
    # Variables initialized from one shared tensor are written one at a time.
    fetches, feeds, fed, others = [], {}, set(), []
    for variable, value in zip(variables, values):
        initializer = getattr(variable, "initializer", None)
        inputs = getattr(initializer, "inputs", ())
        if len(inputs) == 2 and id(inputs[1]) not in fed:
            fetches.append(initializer)
            feeds[inputs[1]] = value
            fed.add(id(inputs[1]))
        else:
            others.append((variable, value))
    if fetches:
        sess.run(fetches, feeds)
    for variable, value in others:
        variable.load(value, sess)


def _restore_error(cls, cause, detail):
    return cls(None, None, f"Restoring from checkpoint failed. This is most likely due to "
                           f"{cause} from the checkpoint. Please ensure that you have not "
                           f"altered the graph expected based on the checkpoint. Original "
                           f"error:\n\n{detail}")


_MISSING = "a Variable name or other graph key that is missing"
_MISMATCH = "a mismatch between the current graph and the graph"


def _shape_text(shape):
    return str(tuple(shape))


def _restored_value(saveable, part, value, reshape):
    """The slice of `value` for `part`, checked against the variable's shape."""
    if part.offset is not None:
        if tuple(value.shape) != part.full_shape:
            raise _restore_error(
                errors.InvalidArgumentError, _MISMATCH,
                f"Shape in shape_and_slice spec [{','.join(map(str, part.full_shape))}] does "
                f"not match the shape stored in checkpoint: "
                f"[{','.join(map(str, value.shape))}]")
        shape = part.variable.shape.as_list()
        value = value[tuple(slice(o, o + n) for o, n in zip(part.offset, shape))]
    variable_shape = part.variable.shape
    if not variable_shape.is_compatible_with(value.shape):
        if reshape and variable_shape.is_fully_defined() and \
                variable_shape.num_elements() == value.size:
            return value.reshape(variable_shape.as_list())
        raise ValueError(f"Received incompatible tensor with shape {_shape_text(value.shape)} "
                         f"when attempting to restore variable with shape "
                         f"{_shape_text(variable_shape.as_list())} and name {saveable.name}.")
    return value


# ---------------------------------------------------------------------- Saver

class SaverDef:
    """`tf.compat.v1.train.SaverDef`'s format constants (for `write_version=`)."""

    LEGACY, V1, V2 = 0, 1, 2


class Saver:
    """Saves and restores variables by name (`tf.compat.v1.train.Saver`)."""

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                 saver_def=None, builder=None, defer_build=False, allow_empty=False,
                 write_version=2, pad_step_number=False, save_relative_paths=False,
                 filename=None):
        if defer_build and var_list:
            raise ValueError("If `var_list` is provided then build cannot be deferred. Either "
                             "set defer_build=False or var_list=None.")
        if saver_def is not None:
            raise NotImplementedError("tensorlite's Saver does not take a `saver_def` (it "
                                      "builds no save/restore ops)")
        if write_version != 2:
            _log.warning("tensorlite writes only TensorFlow's V2 checkpoint format; "
                         "write_version=%s is ignored", write_version)
        eager = _context.executing_eagerly()
        if eager and var_list is None:
            raise RuntimeError("When eager execution is enabled, `var_list` must specify a list "
                               "or dict of variables to save")
        self._var_list = var_list
        self._reshape = reshape
        self._sharded = sharded
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._name = name
        self._allow_empty = allow_empty
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._filename = filename
        self._is_built = False
        self._is_empty = None
        self._saveables = None
        self._last_checkpoints = []
        self._checkpoints_to_be_deleted = []
        self._next_checkpoint_time = time.time() + keep_checkpoint_every_n_hours * 3600
        if not eager and not defer_build:
            self.build()

    saver_def = None

    def build(self):
        if _context.executing_eagerly():
            raise RuntimeError("Use save/restore instead of build in eager mode.")
        self._build()

    def _build(self):
        """Resolve `var_list` to checkpoint keys (once in graph mode, every call eagerly)."""
        eager = _context.executing_eagerly()
        if self._is_built and not eager:
            return self._saveables
        self._is_built = True
        if self._var_list is None:
            self._var_list = _all_saveable_objects()
        if not self._var_list:
            if not self._allow_empty:
                raise ValueError("No variables to save")
            self._is_empty = True
            self._saveables = {}
            return self._saveables
        self._is_empty = False
        self._saveables = _saveables(self._var_list)
        if not eager:
            self._next_checkpoint_time = time.time() + \
                self._keep_checkpoint_every_n_hours * 3600
        return self._saveables

    # ------------------------------------------------------------------ checkpoint bookkeeping
    @property
    def last_checkpoints(self):
        """Not-yet-deleted checkpoint prefixes, oldest first."""
        return [path for path, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints):
        assert isinstance(last_checkpoints, list)
        self._last_checkpoints = [(path, np.inf) for path in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        assert isinstance(last_checkpoints_with_time, list)
        self._last_checkpoints = last_checkpoints_with_time

    def recover_last_checkpoints(self, checkpoint_paths):
        """Adopt existing checkpoints (e.g. after a restart) with their files' mtimes."""
        found = []
        for path in checkpoint_paths:
            times = _utils.get_checkpoint_mtimes([path])
            if times:
                found.append((path, times[0]))
        self.set_last_checkpoints_with_time(found)

    def _record_last_checkpoint(self, path):
        if not self._max_to_keep:
            return
        self._last_checkpoints = [p for p in self._last_checkpoints if p[0] != path]
        self._last_checkpoints.append((path, time.time()))
        if len(self._last_checkpoints) > self._max_to_keep:
            self._checkpoints_to_be_deleted.append(self._last_checkpoints.pop(0))

    def _maybe_delete_old_checkpoints(self, meta_graph_suffix):
        if not self._checkpoints_to_be_deleted:
            return
        path, saved_at = self._checkpoints_to_be_deleted.pop(0)
        # keep_checkpoint_every_n_hours: one checkpoint per period survives for good.
        if saved_at > self._next_checkpoint_time:
            self._next_checkpoint_time += self._keep_checkpoint_every_n_hours * 3600
            return
        try:
            _utils.remove_checkpoint(path, 2, meta_graph_suffix)
        except OSError as e:
            _log.warning("Ignoring: %s", e)

    # ------------------------------------------------------------------ save / restore
    def save(self, sess, save_path, global_step=None, latest_filename=None,
             meta_graph_suffix="meta", write_meta_graph=True, write_state=True,
             strip_default_attrs=False, save_debug_info=False):
        """Write the variables to `save_path[-global_step]`; returns that prefix."""
        eager = _context.executing_eagerly()
        if not self._is_built and not eager:
            raise RuntimeError("`build()` should be called before save if defer_build==True")
        if latest_filename is None:
            latest_filename = "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = _utils._as_text(save_path)
        if global_step is not None:
            if not isinstance(global_step, (int, np.integer)):
                global_step = training_util.global_step(sess, global_step)
            checkpoint_file = f"{save_path}-{int(global_step):08d}" if self._pad_step_number \
                else f"{save_path}-{int(global_step)}"
        else:
            checkpoint_file = save_path
            if os.path.basename(save_path) == latest_filename and not self._sharded:
                raise ValueError(f"'latest_filename' collides with 'save_path': "
                                 f"'{latest_filename}' and '{save_path}'")
        if not eager and not callable(getattr(sess, "run", None)):
            raise TypeError(f"'sess' must be a Session; {sess}")
        saveables = self._build()
        if self._is_empty:
            return None
        save_dir = os.path.dirname(save_path)
        if save_dir and not os.path.isdir(save_dir):
            raise ValueError(f"Parent directory of {save_path} doesn't exist, can't save.")
        self._write(sess, checkpoint_file, saveables)
        if write_meta_graph and not eager:
            self._write_meta_graph(sess, f"{checkpoint_file}.{meta_graph_suffix}",
                                   strip_default_attrs)
        if write_state:
            self._record_last_checkpoint(checkpoint_file)
            _utils.update_checkpoint_state_internal(
                save_dir=save_dir, model_checkpoint_path=checkpoint_file,
                all_model_checkpoint_paths=self.last_checkpoints,
                latest_filename=latest_filename, save_relative_paths=self._save_relative_paths)
            self._maybe_delete_old_checkpoints(meta_graph_suffix)
        return checkpoint_file

    def _write(self, sess, prefix, saveables):
        names = sorted(saveables)
        parts = [part for name in names for part in saveables[name].parts]
        values = iter(_read_values(sess, [part.variable for part in parts]))
        try:
            with _format.BundleWriter(prefix) as writer:
                for name in names:
                    saveable = saveables[name]
                    for part in saveable.parts:
                        value = next(values)
                        if saveable.sliced:
                            writer.add_slice(name, part.full_shape, part.offset, value,
                                             saveable.dtype)
                        else:
                            writer.add(name, value, saveable.dtype)
        except OSError as e:
            _utils._raise_os_error(getattr(e, "filename", None) or prefix, e)

    def restore(self, sess, save_path):
        """Load the saved values of this Saver's variables from checkpoint `save_path`."""
        if self._is_empty:
            return
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        prefix = _utils._as_text(save_path)
        if not _utils.checkpoint_exists_internal(prefix):
            raise ValueError("The passed save_path is not a valid checkpoint: " + prefix)
        _log.info("Restoring parameters from %s", prefix)
        saveables = self._build()
        if self._is_empty:
            return
        reader = _format.BundleReader(prefix)
        keys = _checkpoint_keys(reader, saveables)
        variables, values = [], []
        for name in sorted(saveables):
            saveable = saveables[name]
            entry = reader.entries.get(keys.get(name))
            if entry is None:
                raise _restore_error(errors.NotFoundError, _MISSING,
                                     f"Key {name} not found in checkpoint")
            if entry.dtype != saveable.dtype.as_datatype_enum:
                raise _restore_error(
                    errors.InvalidArgumentError, _MISMATCH,
                    f"tensor_name = {name}; expected dtype "
                    f"{_format.dtype_name(saveable.dtype.as_datatype_enum)} does not equal "
                    f"original dtype {_format.dtype_name(entry.dtype)}")
            try:
                value = reader.read(keys[name])
            except errors.NotFoundError as e:      # a missing data file
                raise _restore_error(errors.NotFoundError, _MISSING, str(e)) from None
            for part in saveable.parts:
                variables.append(part.variable)
                values.append(_restored_value(saveable, part, value, self._reshape))
        _write_values(sess, variables, values)

    def as_saver_def(self):
        return self.saver_def

    def export_meta_graph(self, filename=None, collection_list=None, as_text=False,
                          export_scope=None, clear_devices=False,
                          clear_extraneous_savers=False, strip_default_attrs=False,
                          save_debug_info=False):
        """Write the default graph and its collections as a MetaGraphDef (`.meta`)."""
        from tensorlite.train import meta_graph
        return meta_graph.export_meta_graph(
            filename=filename, collection_list=collection_list, as_text=as_text,
            export_scope=export_scope, clear_devices=clear_devices,
            strip_default_attrs=strip_default_attrs)

    def _write_meta_graph(self, sess, filename, strip_default_attrs):
        from tensorlite.train import meta_graph
        graph = getattr(sess, "graph", None) or _context.get_default_graph()
        try:
            meta_graph.export_meta_graph(filename, graph=graph,
                                         strip_default_attrs=strip_default_attrs)
        except ValueError as e:
            # The checkpoint itself is written: a graph tensorlite cannot encode (a function
            # body with an op of unknown TF output names, see function_def.py) only costs
            # the .meta file.
            _log.warning("Not writing %s: %s", filename, e)


def _checkpoint_keys(reader, saveables):
    """Saveable name -> checkpoint key; object-based checkpoints map variable names."""
    keys = {name: name for name in saveables}
    missing = [name for name in saveables if name not in reader.entries]
    from tensorlite.train import object_checkpoint
    if missing and object_checkpoint.OBJECT_GRAPH_KEY in reader.entries:
        _log.info("Restoring an object-based checkpoint using a name-based saver.")
        mapping = object_checkpoint.object_graph_key_mapping(reader)
        keys.update((name, mapping[name]) for name in missing if name in mapping)
    return keys
