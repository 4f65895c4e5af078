"""`tf.summary` (TF 2): summary writers and scalar/histogram/image/text summaries, written as
TensorBoard's plugins write them (a tensor plus plugin metadata per value).

Works eagerly and inside `tf.function` (one stateful `WriteSummary` op writes when it runs).
Differs from TF: the WriteSummary op takes the writer as an attribute rather than a resource
input and does the plugin's conversion (histogram buckets, PNG encoding) in its kernel, so
its inputs are (step, data, tag) and it returns whether it wrote.
"""
import contextlib
import itertools
import os
import threading

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.collections import add_to_collection
from tensorlite.framework.convert import constant, convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import get_current_name_scope
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite import event_file
from tensorlite import summary_v1 as _v1

__all__ = ["SummaryWriter", "create_file_writer", "create_noop_writer", "experimental",
           "flush", "histogram", "image", "record_if", "scalar", "should_record_summaries",
           "text", "trace_export", "trace_off", "trace_on", "write"]

# SummaryMetadata.data_class values (tensorboard's summary.proto).
_SCALAR, _TENSOR, _BLOB_SEQUENCE = 1, 2, 3


class _SummaryState(threading.local):
    """The default writer, step and recording condition (TF keeps these per thread)."""

    def __init__(self):
        self.writer = None
        self.step = None
        self.record_if = True


_state = _SummaryState()
_writers = {}
_writer_ids = itertools.count()


# ---------------------------------------------------------------- conversions per plugin


def histogram_buckets(data, bucket_count=30):
    """TensorBoard's histogram tensor: [bucket_count, 3] rows of (left, right, count)."""
    data = np.asarray(data, dtype=np.float64).reshape(-1)
    if bucket_count == 0 or data.size == 0:
        return np.zeros((bucket_count, 3))
    low, high = data.min(), data.max()
    if high == low:
        counts = np.zeros(bucket_count)
        counts[0] = data.size
        return np.stack([np.full(bucket_count, low), np.full(bucket_count, low), counts], 1)
    width = (high - low) / bucket_count
    indices = np.minimum(np.floor((data - low) / width).astype(np.int64), bucket_count - 1)
    counts = np.bincount(indices, minlength=bucket_count).astype(np.float64)
    edges = np.linspace(low, high, bucket_count + 1)
    edges[-1] = high
    return np.stack([edges[:-1], edges[1:], counts], axis=1)


def _image_strings(data, max_outputs):
    """TensorBoard's image tensor: [width, height, png, png, ...] as strings."""
    data = np.asarray(data)
    if data.ndim != 4 or data.shape[-1] not in (1, 3, 4):
        raise errors.InvalidArgumentError(
            None, None, "Expected an image tensor of shape [k, h, w, c] with c in (1, 3, 4), "
            f"got shape {list(data.shape)}")
    if data.dtype != np.uint8:
        # tf.image.convert_image_dtype(data, tf.uint8, saturate=True): scale by 255.5.
        data = np.clip(data.astype(np.float64) * 255.5, 0, 255).astype(np.uint8)
    height, width = data.shape[1:3]
    pngs = [event_file.encode_png(image) for image in data[:max_outputs]]
    return np.array([str(width).encode(), str(height).encode(), *pngs], dtype=object)


_KINDS = {
    # kind: (plugin name, data class, convert(data, option))
    "scalars": ("scalars", _SCALAR, lambda data, _: np.asarray(data, np.float32)),
    "histograms": ("histograms", _TENSOR, lambda data, buckets: histogram_buckets(data,
                                                                                  buckets)),
    "images": ("images", _BLOB_SEQUENCE, _image_strings),
    "text": ("text", _TENSOR, lambda data, _: np.asarray(data, dtype=object)),
    "tensor": ("", 0, lambda data, _: np.asarray(data)),
}


def _write_summary_kernel(step, tensor, tag, writer=None, kind="tensor", option=0,
                          description="", metadata=b""):
    target = _writers.get(writer)
    if target is None or target.closed:
        return np.bool_(False)
    plugin, data_class, convert = _KINDS[kind]
    values = convert(tensor, option)
    if kind == "scalars" and values.ndim != 0:
        raise errors.InvalidArgumentError(
            None, None, f"tf.summary.scalar: data must be a scalar, got shape {list(values.shape)}")
    if not metadata:
        metadata = event_file.summary_metadata(plugin, description=description or None,
                                               data_class=data_class)
    tag = _v1._text(tag)
    summary = event_file.summary([event_file.summary_value(
        tag, tensor=event_file.tensor_proto(values), metadata=metadata)])
    target.add_event(event_file.event(step=int(step), summary=summary))
    return np.bool_(True)


WRITE_SUMMARY = register(OpDef(
    "WriteSummary", _write_summary_kernel, lambda inputs, attrs: TensorShape([]),
    inputs=("step: int64", "tensor: T", "tag: string"), outputs=("bool",),
    type_attrs={"T": None}, stateful=True,
    default_attrs={"writer": None, "kind": "tensor", "option": 0, "description": "",
                   "metadata": b""}))
not_differentiable("WriteSummary")


# ---------------------------------------------------------------- writers


class SummaryWriter:
    """Writes summaries to one event file; `as_default()` makes it the target of tf.summary."""

    def __init__(self, logdir, max_queue=None, flush_millis=None, filename_suffix=None):
        self._id = next(_writer_ids)
        suffix = f".{os.getpid()}.{self._id}.v2{filename_suffix or ''}"
        self._events = event_file.EventFileWriter(
            logdir, max_queue=10 if max_queue is None else max_queue,
            flush_secs=120 if flush_millis is None else flush_millis / 1000.0,
            filename_suffix=suffix)
        _writers[self._id] = self

    @property
    def closed(self):
        return self._events.closed

    def add_event(self, serialized_event):
        self._events.add_event(serialized_event)

    def set_as_default(self, step=None):
        _state.writer = self
        if step is not None:
            _state.step = step

    @contextlib.contextmanager
    def as_default(self, step=None):
        previous = (_state.writer, _state.step)
        _state.writer = self
        if step is not None:
            _state.step = step
        try:
            yield self
        finally:
            self.flush()
            _state.writer, _state.step = previous

    def init(self):
        pass

    def flush(self):
        self._events.flush()

    def close(self):
        self._events.close()


class _NoopWriter(SummaryWriter):
    """A writer that writes nothing (tf.summary.create_noop_writer)."""

    def __init__(self):
        self._id = None
        self._events = None

    closed = property(lambda self: True)

    def add_event(self, serialized_event):
        pass

    def flush(self):
        pass

    def close(self):
        pass


def create_file_writer(logdir, max_queue=None, flush_millis=None, filename_suffix=None,
                       name=None, experimental_trackable=False, experimental_mesh=None):
    """A SummaryWriter appending to a new event file in `logdir`."""
    if logdir is None:
        raise ValueError("Expected logdir to be a string, got None")
    if hasattr(logdir, "numpy"):
        logdir = logdir.numpy()
    if isinstance(logdir, bytes):
        logdir = logdir.decode("utf-8")
    return SummaryWriter(str(logdir), max_queue, flush_millis, filename_suffix)


def create_noop_writer():
    return _NoopWriter()


def flush(writer=None, name=None):
    writer = writer if writer is not None else _state.writer
    if writer is not None:
        writer.flush()


# ---------------------------------------------------------------- recording


@contextlib.contextmanager
def record_if(condition):
    previous = _state.record_if
    _state.record_if = condition
    try:
        yield
    finally:
        _state.record_if = previous


def should_record_summaries():
    """Whether a summary written now would be recorded (a default writer and a true condition)."""
    if _state.writer is None:
        return False
    condition = _state.record_if
    condition = condition() if callable(condition) else condition
    if hasattr(condition, "numpy"):
        condition = condition.numpy()
    return bool(condition)


def _get_step():
    return _state.step


def _set_step(step):
    _state.step = step


class _Experimental:
    """`tf.summary.experimental`: the default step and summary_scope."""

    get_step = staticmethod(_get_step)
    set_step = staticmethod(_set_step)

    @staticmethod
    @contextlib.contextmanager
    def summary_scope(name, default_name=None, values=None):
        yield _tag(name or default_name), name


experimental = _Experimental()


def _tag(name):
    scope = get_current_name_scope()
    return f"{scope}/{name}" if scope else name


def _write(name, data, step, kind, option=0, description=None, metadata=b""):
    if not should_record_summaries():
        return constant(False)
    if step is None:
        step = _state.step
    if step is None:
        raise ValueError("No step set. Please specify one either through the `step` "
                         "argument or through tf.summary.experimental.set_step()")
    if hasattr(step, "read_value"):
        step = step.read_value()
    step = convert_to_tensor(step)
    if step.dtype != _dtypes.int64:
        from tensorlite.ops.math_ops import cast
        step = cast(step, _dtypes.int64)
    data = convert_to_tensor(data)
    result = apply(WRITE_SUMMARY, [step, data, constant(_tag(name))],
                   {"writer": _state.writer._id, "kind": kind, "option": option,
                    "description": description or "", "metadata": metadata},
                   name="write_summary")
    if not _context.executing_eagerly():
        add_to_collection("_SUMMARY_V2", result.op)
    return result


def scalar(name, data, step=None, description=None):
    """Write a scalar; returns True if written (False without a default writer)."""
    return _write(name, data, step, "scalars", description=description)


def histogram(name, data, step=None, buckets=None, description=None):
    """Write a histogram of `data` in `buckets` (default 30) equal-width buckets."""
    return _write(name, data, step, "histograms", 30 if buckets is None else buckets,
                  description)


def image(name, data, step=None, max_outputs=3, description=None):
    """Write up to `max_outputs` images of a [k, h, w, c] tensor (floats in [0, 1])."""
    return _write(name, data, step, "images", max_outputs, description)


def text(name, data, step=None, description=None):
    """Write a string tensor for TensorBoard's text dashboard."""
    return _write(name, data, step, "text", description=description)


def write(tag, tensor, step=None, metadata=None, name=None):
    """Write `tensor` under `tag` with optional SummaryMetadata (bytes or a message)."""
    if metadata is not None and not isinstance(metadata, bytes):
        metadata = metadata.SerializeToString()
    return _write(tag, tensor, step, "tensor", metadata=metadata or b"")


_tracing = False


def trace_on(graph=True, profiler=False, profiler_outdir=None):
    """Accepted; tensorlite records no traces, so trace_export writes nothing."""
    global _tracing
    _tracing = True


def trace_off():
    global _tracing
    _tracing = False


def trace_export(name, step=None, profiler_outdir=None):
    trace_off()
