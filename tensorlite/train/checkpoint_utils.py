"""Reading checkpoints and the `checkpoint` state file.

`tf.train.load_checkpoint`, `list_variables`, `load_variable`, `NewCheckpointReader`,
`tf.compat.v1.train.init_from_checkpoint` (with the `RestoreV2` op it builds), and TF's
checkpoint_management functions (`latest_checkpoint`, `get_checkpoint_state`, ...). The state
file is the text-format CheckpointState proto that TF writes, read and written by hand.
"""
import collections.abc
import glob
import logging
import os
import re

import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, not_differentiable_grad, register
from tensorlite.ops import shape_util
from tensorlite.train import checkpoint_format as _format

# tf.compat.v1.train's names; tf.train has only V2_NAMES of them.
__all__ = ["NewCheckpointReader", "checkpoint_exists", "generate_checkpoint_state_proto",
           "get_checkpoint_mtimes", "get_checkpoint_state", "init_from_checkpoint",
           "latest_checkpoint", "list_variables", "load_checkpoint", "load_variable",
           "remove_checkpoint", "update_checkpoint_state"]
V2_NAMES = ["get_checkpoint_state", "latest_checkpoint", "list_variables", "load_checkpoint",
            "load_variable"]

_log = logging.getLogger("tensorflow")


def _as_text(path):
    if isinstance(path, bytes):
        return path.decode("utf-8")
    return os.fspath(path)


# ---------------------------------------------------------------------- reader

class CheckpointReader:
    """The tensors of one V2 checkpoint, by name (TF's pywrap CheckpointReader)."""

    def __init__(self, prefix):
        self._bundle = _format.BundleReader(_as_text(prefix))

    def get_tensor(self, tensor_str):
        """The saved value as a NumPy array (bytes objects for string tensors)."""
        value = self._bundle.read(_as_text(tensor_str))
        return value[()] if value.ndim == 0 else value

    def has_tensor(self, tensor_str):
        return _as_text(tensor_str) in self._bundle.entries

    def get_variable_to_shape_map(self):
        return {name: list(entry.shape) for name, entry in self._bundle.entries.items()}

    def get_variable_to_dtype_map(self):
        result = {}
        for name, entry in self._bundle.entries.items():
            try:
                result[name] = _dtypes.DType(entry.dtype)
            except TypeError:       # e.g. bfloat16 without ml_dtypes installed
                raise errors.UnimplementedError(
                    None, None, f"Tensor '{name}' has data type "
                                f"{_format.dtype_name(entry.dtype)} (DataType {entry.dtype}), "
                                "which tensorlite cannot represent here") from None
        return result

    def debug_string(self):
        """One line per table entry, slices included, as TF's DebugString writes them."""
        entries = {_format._to_key(name): entry for name, entry in self._bundle.entries.items()}
        entries.update(self._bundle.slice_entries)
        return b"".join(key + f" (DT_{_format.dtype_name(entries[key].dtype).upper()}) "
                              f"[{','.join(map(str, entries[key].shape))}]\n".encode()
                        for key in sorted(entries))


def NewCheckpointReader(filepattern):  # noqa: N802  (TF's name)
    """A CheckpointReader for the checkpoint with prefix `filepattern`."""
    return CheckpointReader(filepattern)


def _get_checkpoint_filename(ckpt_dir_or_file):
    ckpt_dir_or_file = _as_text(ckpt_dir_or_file)
    if os.path.isdir(ckpt_dir_or_file):
        return latest_checkpoint(ckpt_dir_or_file)
    return ckpt_dir_or_file


def load_checkpoint(ckpt_dir_or_file):
    """A CheckpointReader for a checkpoint prefix, or a directory's latest checkpoint."""
    filename = _get_checkpoint_filename(ckpt_dir_or_file)
    if filename is None:
        raise ValueError("Couldn't find 'checkpoint' file or checkpoints in given directory "
                         f"{_as_text(ckpt_dir_or_file)}")
    return NewCheckpointReader(filename)


def load_variable(ckpt_dir_or_file, name):
    """The saved value of `name` (a trailing ":0" is ignored, as in TF)."""
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


def list_variables(ckpt_dir_or_file):
    """Sorted (name, shape) pairs of the tensors in a checkpoint."""
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


# ---------------------------------------------------------------------- RestoreV2

def _text(array):
    value = np.asarray(array).item()
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _parse_slice_spec(spec):
    """TF's "<full shape> <start>,<length>:..." (a "-" extent is the whole dimension)."""
    *dims, extents = spec.split(" ")
    full_shape = [int(d) for d in dims]
    bounds = []
    for extent, dim in zip(extents.split(":"), full_shape):
        if extent == "-":
            bounds.append(slice(0, dim))
        else:
            start, length = (int(n) for n in extent.split(","))
            bounds.append(slice(start, start + length))
    return full_shape, tuple(bounds)


def _restore_v2_kernel(prefix, tensor_names, shape_and_slices, dtypes):
    # The file is read when the op runs, as TF's kernel does: an initializer built by
    # init_from_checkpoint loads whatever the checkpoint holds when it runs.
    reader = _format.BundleReader(_text(prefix))
    values = []
    for name, spec, dtype in zip(np.ravel(tensor_names), np.ravel(shape_and_slices), dtypes):
        name, spec = _text(name), _text(spec)
        entry = reader.entries.get(name)
        if entry is not None and entry.dtype != dtype.as_datatype_enum:
            raise errors.InvalidArgumentError(
                None, None, f"tensor_name = {name}; expected dtype "
                            f"{_format.dtype_name(dtype.as_datatype_enum)} does not equal "
                            f"original dtype {_format.dtype_name(entry.dtype)}")
        value = reader.read(name)        # NotFoundError "Key ... not found in checkpoint"
        if spec:
            full_shape, bounds = _parse_slice_spec(spec)
            if list(value.shape) != full_shape:
                raise errors.InvalidArgumentError(
                    None, None, f"tensor_name = {name}; shape in shape_and_slice spec "
                                f"[{','.join(map(str, full_shape))}] does not match the shape "
                                f"stored in checkpoint: [{','.join(map(str, value.shape))}]")
            value = value[bounds]
        values.append(np.array(value, copy=True))
    return values


RESTORE_V2 = register(OpDef(
    "RestoreV2", _restore_v2_kernel,
    lambda inputs, attrs: [shape_util.UNKNOWN] * len(attrs["dtypes"]), not_differentiable_grad,
    inputs=("prefix: string", "tensor_names: string", "shape_and_slices: string"),
    outputs=lambda attrs, types: list(attrs["dtypes"]), stateful=True))


# ---------------------------------------------------------------------- init_from_checkpoint

def init_from_checkpoint(ckpt_dir_or_file, assignment_map):
    """Replace variables' initializers so that they load values from a checkpoint.

    `assignment_map` (a dict or a list of pairs) maps checkpoint names to variables:
    `'ckpt_scope/': 'scope/'` (every variable of `scope`; `'/'` is the checkpoint's root),
    `'ckpt_scope/name': 'scope/var'`, `'name': variable` or `'name': [partitions]`.
    Eagerly the values are assigned at once, as in TF. Differs from TF: a TF1 reference
    variable's new `initializer` is the Assign op, where TF leaves the Assign's output tensor.
    """
    from tensorlite.variables import variable_scope
    ckpt_file = _get_checkpoint_filename(ckpt_dir_or_file)
    variable_map = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    if isinstance(assignment_map, collections.abc.Mapping):
        assignment_map = assignment_map.items()
    # TF walks the map sorted by checkpoint name; its errors depend on that order.
    for tensor_name, current_var_or_name in sorted(assignment_map, key=lambda pair: pair[0]):
        if _is_variable(current_var_or_name) or (
                isinstance(current_var_or_name, list) and
                all(_is_variable(v) for v in current_var_or_name)):
            var = current_var_or_name
        else:
            # Names are looked up in the default graph's get_variable store, as TF does
            # (variables made by tf.Variable are reachable only as objects).
            store_vars = variable_scope._get_default_variable_store()._vars
            var = store_vars.get(current_var_or_name)
            if var is None:
                var = _collect_partitioned_variable(current_var_or_name, store_vars)
        if var is not None:
            if tensor_name not in variable_map:
                raise ValueError(f"Tensor {tensor_name} is not found in {ckpt_dir_or_file} "
                                 f"checkpoint {variable_map}")
            if _is_variable(var) and \
                    not var.get_shape().is_compatible_with(variable_map[tensor_name]):
                raise ValueError(
                    f"Shape of variable {var.name} ({var.get_shape()}) doesn't match with "
                    f"shape of tensor {tensor_name} ({variable_map[tensor_name]}) from "
                    "checkpoint reader.")
            _set_variable_or_list_initializer(var, ckpt_file, tensor_name)
            continue
        _init_scope_from_checkpoint(ckpt_dir_or_file, ckpt_file, variable_map, tensor_name,
                                    current_var_or_name, store_vars)


def _init_scope_from_checkpoint(ckpt_dir_or_file, ckpt_file, variable_map, tensor_name,
                                scope_name, store_vars):
    """A 'ckpt_scope/': 'scope/' entry: every store variable under `scope_name`."""
    scopes = scope_name[:scope_name.rindex("/")] if "/" in scope_name else ""
    if not tensor_name.endswith("/"):
        raise ValueError(f"Assignment map with scope only name {scopes} should map to scope "
                         f"only {tensor_name}. Should be 'scope/': 'other_scope/'.")
    scope_variables = set()
    for var_name in store_vars:
        if not scopes or var_name.startswith(scopes + "/"):
            # The parts of a partitioned variable load from slices of one tensor.
            if "/part_" in var_name:
                var_name = var_name[:var_name.index("/part_")]
            scope_variables.add(var_name)
    for var_name in sorted(scope_variables):
        full_tensor_name = var_name[len(scopes):]
        if scope_name != "/":
            full_tensor_name = full_tensor_name[1:]
        if tensor_name != "/":
            full_tensor_name = tensor_name + full_tensor_name
        if full_tensor_name.endswith("/"):
            full_tensor_name = full_tensor_name[:-1]
        if full_tensor_name not in variable_map:
            raise ValueError(f"Tensor {full_tensor_name} ({var_name[len(scopes) + 1:]} in "
                             f"{tensor_name}) is not found in {ckpt_dir_or_file} checkpoint")
        var = store_vars.get(var_name)
        if var is None:
            var = _collect_partitioned_variable(var_name, store_vars)
        _set_variable_or_list_initializer(var, ckpt_file, full_tensor_name)


def _is_variable(value):
    from tensorlite.variables.variables import Variable
    return isinstance(value, Variable)


def _collect_partitioned_variable(name, store_vars):
    """The parts `name/part_0`, `name/part_1`, ... of a partitioned variable, or None."""
    if name + "/part_0" not in store_vars:
        return None
    parts = []
    while f"{name}/part_{len(parts)}" in store_vars:
        parts.append(store_vars[f"{name}/part_{len(parts)}"])
    return parts


def _set_variable_or_list_initializer(variable_or_list, ckpt_file, tensor_name):
    if not isinstance(variable_or_list, (list, tuple)):
        _set_checkpoint_initializer(variable_or_list, ckpt_file, tensor_name, "")
        return
    slice_name = None
    for variable in variable_or_list:
        slice_info = variable._save_slice_info
        if slice_name is None:
            slice_name = slice_info.full_name
        elif slice_name != slice_info.full_name:
            raise ValueError(f"Slices must all be from the same tensor: {slice_name} != "
                             f"{slice_info.full_name}")
        _set_checkpoint_initializer(variable, ckpt_file, tensor_name, slice_info.spec)


def _set_checkpoint_initializer(variable, ckpt_file, tensor_name, slice_spec):
    """Make `variable`'s initializer (and initial value) a restore from the checkpoint."""
    dtype = variable.dtype.base_dtype
    restored = apply(RESTORE_V2, (ckpt_file, [tensor_name], [slice_spec]),
                     {"dtypes": [dtype]}, name="checkpoint_initializer")[0]
    init_op = variable.assign(restored, read_value=False)
    # TF's _set_checkpoint_initializer rewrites these two attributes of the variable:
    # global_variables_initializer() then runs the restore, and initialized_value() and
    # initial_value give the checkpoint's value.
    variable._initializer_op = init_op
    restored.set_shape(variable.shape)
    variable._initial_value = restored


# ---------------------------------------------------------------------- checkpoint state

class CheckpointState:
    """The CheckpointState proto of the `checkpoint` file (same fields, same text form)."""

    def __init__(self, model_checkpoint_path="", all_model_checkpoint_paths=None,
                 all_model_checkpoint_timestamps=None, last_preserved_timestamp=0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths or [])
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps or [])
        self.last_preserved_timestamp = last_preserved_timestamp or 0.0

    def __str__(self):
        lines = []
        if self.model_checkpoint_path:
            lines.append(f"model_checkpoint_path: {_quote(self.model_checkpoint_path)}")
        lines += [f"all_model_checkpoint_paths: {_quote(p)}"
                  for p in self.all_model_checkpoint_paths]
        lines += [f"all_model_checkpoint_timestamps: {_number(t)}"
                  for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append(f"last_preserved_timestamp: {_number(self.last_preserved_timestamp)}")
        return "".join(line + "\n" for line in lines)

    def __repr__(self):
        return str(self)

    def __eq__(self, other):
        return isinstance(other, CheckpointState) and str(self) == str(other)

    def __ne__(self, other):
        return not self == other

    __hash__ = None


def _number(value):
    return repr(float(value))


def _quote(text):
    """protobuf text_format's C-escaping (non-ASCII bytes as octal)."""
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        if char in '"\'\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return '"' + "".join(out) + '"'


_TOKEN = re.compile(r"""\s*(?:\#[^\n]*\n?\s*)*
    (?P<name>[A-Za-z_]\w*)\s*:\s*
    (?P<value>(?:(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')\s*)+|[-+0-9.eEinfINFa]+)
    \s*[;,]?""", re.VERBOSE)
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {"n": 10, "r": 13, "t": 9, "a": 7, "b": 8, "f": 12, "v": 11}


def _unquote(literal):
    text = bytearray()
    for match in re.finditer(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'', literal):
        body = match.group(1) if match.group(1) is not None else match.group(2)
        pos = 0
        for escape in _ESCAPE.finditer(body):
            text += body[pos:escape.start()].encode("utf-8")
            octal, hexa, char = escape.groups()
            if octal:
                text.append(int(octal, 8) & 0xFF)
            elif hexa:
                text.append(int(hexa, 16))
            else:
                text.append(_SIMPLE_ESCAPES.get(char, ord(char)))
            pos = escape.end()
        text += body[pos:].encode("utf-8")
    return text.decode("utf-8", "surrogateescape")


class _ParseError(ValueError):
    pass


def _parse_state(content):
    state = CheckpointState()
    pos = 0
    content = content.rstrip() + "\n"
    while content[pos:].strip():
        match = _TOKEN.match(content, pos)
        if match is None:
            line = content.count("\n", 0, pos) + 1
            raise _ParseError(f"{line}: could not parse the checkpoint state")
        name, value = match.group("name"), match.group("value").strip()
        if name in ("model_checkpoint_path", "all_model_checkpoint_paths"):
            if value[0] not in "\"'":
                raise _ParseError(f"{name} expects a string, got {value}")
            value = _unquote(value)
            if name == "model_checkpoint_path":
                state.model_checkpoint_path = value
            else:
                state.all_model_checkpoint_paths.append(value)
        elif name in ("all_model_checkpoint_timestamps", "last_preserved_timestamp"):
            try:
                number = float(value)
            except ValueError:
                raise _ParseError(f"{name} expects a number, got {value}") from None
            if name == "last_preserved_timestamp":
                state.last_preserved_timestamp = number
            else:
                state.all_model_checkpoint_timestamps.append(number)
        else:
            raise _ParseError(f'Message type "tensorflow.CheckpointState" has no field named '
                              f'"{name}".')
        pos = match.end()
    return state


def _state_filename(save_dir, latest_filename):
    return os.path.join(save_dir, latest_filename or "checkpoint")


def generate_checkpoint_state_proto(save_dir, model_checkpoint_path,
                                    all_model_checkpoint_paths=None,
                                    all_model_checkpoint_timestamps=None,
                                    last_preserved_timestamp=None):
    """A CheckpointState; paths made relative to `save_dir` when `save_dir` is relative."""
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    if all_model_checkpoint_timestamps and len(all_model_checkpoint_timestamps) != len(paths):
        raise ValueError("Checkpoint timestamps, if provided, must match checkpoint paths (got "
                         f"paths {paths} and timestamps {all_model_checkpoint_timestamps})")
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    return CheckpointState(model_checkpoint_path, paths, all_model_checkpoint_timestamps,
                           last_preserved_timestamp)


def update_checkpoint_state_internal(save_dir, model_checkpoint_path,
                                     all_model_checkpoint_paths=None, latest_filename=None,
                                     save_relative_paths=False,
                                     all_model_checkpoint_timestamps=None,
                                     last_preserved_timestamp=None):
    """Atomically rewrite the `checkpoint` state file of `save_dir`."""
    filename = _state_filename(save_dir, latest_filename)
    paths = list(all_model_checkpoint_paths or [])
    if save_relative_paths:
        if os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [os.path.relpath(p, save_dir) if os.path.isabs(p) else p for p in paths]
    state = generate_checkpoint_state_proto(save_dir, model_checkpoint_path, paths,
                                            all_model_checkpoint_timestamps,
                                            last_preserved_timestamp)
    if filename == state.model_checkpoint_path:
        raise RuntimeError(f"Save path '{model_checkpoint_path}' conflicts with path used for "
                           "checkpoint state.  Please use a different save path.")
    atomic_write_string_to_file(filename, str(state))


def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                            latest_filename=None, all_model_checkpoint_timestamps=None,
                            last_preserved_timestamp=None):
    """`tf.compat.v1.train.update_checkpoint_state`."""
    update_checkpoint_state_internal(save_dir, model_checkpoint_path,
                                     all_model_checkpoint_paths, latest_filename, False,
                                     all_model_checkpoint_timestamps, last_preserved_timestamp)


def atomic_write_string_to_file(filename, contents):
    """Write (text or bytes) to a temporary name, sync, then rename over `filename`."""
    temp = f"{filename}.tmp{os.getpid()}_{id(contents)}"
    binary = isinstance(contents, bytes)
    try:
        with open(temp, "wb" if binary else "w", encoding=None if binary else "utf-8") as f:
            f.write(contents)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, filename)
    except BaseException:
        try:
            os.remove(temp)
        except OSError:
            pass
        raise


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The CheckpointState of `checkpoint_dir`, or None; relative paths joined to the dir."""
    checkpoint_dir = _as_text(checkpoint_dir)
    filename = _state_filename(checkpoint_dir, latest_filename)
    if not os.path.isfile(filename):
        return None
    try:
        with open(filename, encoding="utf-8", errors="surrogateescape") as f:
            state = _parse_state(f.read())
    except (OSError, _ParseError) as e:
        _log.warning("%s: %s", type(e).__name__, e)
        _log.warning("%s: Checkpoint ignored", filename)
        return None
    if not state.model_checkpoint_path:
        raise ValueError("Invalid checkpoint state loaded from " + checkpoint_dir)
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [
        p if os.path.isabs(p) else os.path.join(checkpoint_dir, p)
        for p in state.all_model_checkpoint_paths]
    return state


def _matching_files(pattern):
    if os.path.exists(pattern):
        return [pattern]
    return glob.glob(pattern)


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint named by the state file, if its files exist."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path:
        prefix = state.model_checkpoint_path
        if _matching_files(prefix + ".index") or _matching_files(prefix):
            return prefix
        _log.error("Couldn't match files for checkpoint %s", prefix)
    return None


def checkpoint_exists_internal(checkpoint_prefix):
    checkpoint_prefix = _as_text(checkpoint_prefix)
    return bool(_matching_files(checkpoint_prefix + ".index") or
                _matching_files(checkpoint_prefix))


def checkpoint_exists(checkpoint_prefix):
    """`tf.compat.v1.train.checkpoint_exists`: a V2 index (or V1 file) has this prefix."""
    return checkpoint_exists_internal(checkpoint_prefix)


def get_checkpoint_mtimes(checkpoint_prefixes):
    """Modification times of the checkpoints' index files (missing ones skipped)."""
    times = []
    for prefix in checkpoint_prefixes:
        for path in _matching_files(_as_text(prefix) + ".index") or \
                _matching_files(_as_text(prefix)):
            times.append(os.stat(path).st_mtime)
            break
    return times


def meta_graph_filename(checkpoint_filename, meta_graph_suffix="meta"):
    basename = re.sub(r"-[\d\?]+-of-\d+$", "", checkpoint_filename)
    return ".".join([basename, meta_graph_suffix])


def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=2, meta_graph_suffix="meta"):
    """Delete a checkpoint's index, data and meta graph files."""
    checkpoint_prefix = _as_text(checkpoint_prefix)
    patterns = [meta_graph_filename(checkpoint_prefix, meta_graph_suffix)]
    if checkpoint_format_version == 2:
        patterns += [checkpoint_prefix + ".index",
                     glob.escape(checkpoint_prefix) + ".data-?????-of-?????"]
    else:
        patterns.append(checkpoint_prefix)
    for pattern in patterns:
        for path in _matching_files(pattern):
            try:
                os.remove(path)
            except FileNotFoundError:
                _log.warning("Hit NotFoundError when deleting '%s', possibly because another "
                             "process/thread is also deleting/moving the same file", path)


def _raise_os_error(path, error):
    """An OSError from checkpoint I/O as the tf.errors exception TF raises."""
    cls = {FileNotFoundError: errors.NotFoundError,
           PermissionError: errors.PermissionDeniedError}.get(type(error), errors.UnknownError)
    raise cls(None, None, f"{path}; {error.strerror or error}") from None
