"""`tf.compat.v1.summary`: summary ops that produce serialized `Summary` protos, and
`FileWriter`, which writes them to event files TensorBoard reads. Also TF1's `Summary`
message class and `RunOptions`/`RunMetadata`.

No protobuf is needed: messages are encoded by hand (tensorlite/event_file.py). Differs from
TF: `FileWriter` writes the graph (GraphDef) but not the MetaGraphDef; `RunMetadata` stays
empty (tensorlite collects no step statistics).
"""
import re

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.collections import add_to_collections, get_collection
from tensorlite.framework.convert import constant, convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite import event_file
from tensorlite.graph_def import graph_def_bytes

__all__ = ["FileWriter", "FileWriterCache", "Summary", "SummaryDescription", "all_v2_summary_ops",
           "get_summary_description", "histogram", "image", "merge", "merge_all", "scalar",
           "tensor_summary", "text"]

_REAL_TYPES = _dtypes.REAL_NUMBER_TYPES
_IMAGE_TYPES = (_dtypes.uint8, _dtypes.float16, _dtypes.float32, _dtypes.float64)


def _bytes(value):
    """A scalar string kernel input (bytes, or a 0-d object array holding bytes) as bytes."""
    if isinstance(value, np.ndarray):
        value = value.item()
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _text(value):
    return _bytes(value).decode("utf-8", "replace")


def _as_summary_bytes(data):
    return np.array(bytes(data), dtype=object)


def _scalar_shape(inputs, attrs):
    return TensorShape([])


# ---------------------------------------------------------------- ScalarSummary


def _scalar_summary_kernel(tags, values):
    tags, values = np.asarray(tags, dtype=object), np.asarray(values)
    if tags.shape != values.shape:
        raise errors.InvalidArgumentError(
            None, None, f"tags and values are not the same shape: [{','.join(map(str, tags.shape))}]"
            f" != [{','.join(map(str, values.shape))}]")
    return _as_summary_bytes(event_file.summary(
        event_file.summary_value(_text(tag), simple_value=float(value))
        for tag, value in zip(tags.reshape(-1), values.reshape(-1))))


SCALAR_SUMMARY = register(OpDef(
    "ScalarSummary", _scalar_summary_kernel, _scalar_shape,
    inputs=("tags: string", "values: T"), outputs=("string",),
    type_attrs={"T": _REAL_TYPES}))


# ---------------------------------------------------------------- HistogramSummary


def _histogram_summary_kernel(tag, values, _op_name="HistogramSummary"):
    values = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(values)):
        kind = "Nan" if np.any(np.isnan(values)) else "Infinity"
        raise errors.InvalidArgumentError(None, None,
                                          f"{kind} in summary histogram for: {_text(tag)}")
    return _as_summary_bytes(event_file.summary([event_file.summary_value(
        _text(tag), histo=event_file.histogram_proto(values))]))


HISTOGRAM_SUMMARY = register(OpDef(
    "HistogramSummary", _histogram_summary_kernel, _scalar_shape,
    inputs=("tag: string", "values: T"), outputs=("string",),
    type_attrs={"T": _REAL_TYPES}))


# ---------------------------------------------------------------- ImageSummary


def image_to_uint8(image, bad_color=(255, 0, 0, 255)):
    """TF's ImageSummary normalisation of one [h, w, c] image: non-negative floats scale
    so the largest is 255; otherwise the largest magnitude maps to 127 and zero to 128;
    non-finite pixels become `bad_color`."""
    image = np.asarray(image)
    if image.dtype == np.uint8:
        return image
    image = image.astype(np.float32)
    finite = np.isfinite(image)
    bad_pixels = ~np.all(finite, axis=-1)
    values = image[finite]
    low = float(values.min()) if values.size else 0.0
    high = float(values.max()) if values.size else 0.0
    if low < 0:
        largest = max(abs(low), abs(high))
        scale, offset = (127.0 / largest if largest >= 1e-6 else 0.0), 128.0
    else:
        scale, offset = (255.0 / high if high >= 1e-6 else 0.0), 0.0
    result = (np.where(finite, image, 0.0) * scale + offset).astype(np.uint8)
    if bad_pixels.any():
        result[bad_pixels] = np.asarray(bad_color, np.uint8)[:image.shape[-1]]
    return result


def _image_summary_kernel(tag, tensor, max_images=3, bad_color=(255, 0, 0, 255)):
    tensor = np.asarray(tensor)
    if tensor.ndim != 4 or tensor.shape[-1] not in (1, 3, 4):
        raise errors.InvalidArgumentError(
            None, None, "Tensor must be 4-D with last dim 1, 3, or 4, not "
            f"[{','.join(map(str, tensor.shape))}]")
    base = _text(tag)
    values = []
    for i, image in enumerate(tensor[:max_images]):
        pixels = image_to_uint8(image, bad_color)
        height, width, channels = pixels.shape
        # The tag depends on the number of requested images, not the number produced.
        name = f"{base}/image/{i}" if max_images > 1 else f"{base}/image"
        values.append(event_file.summary_value(name, image=event_file.image_proto(
            height, width, channels, event_file.encode_png(pixels))))
    return _as_summary_bytes(event_file.summary(values))


IMAGE_SUMMARY = register(OpDef(
    "ImageSummary", _image_summary_kernel, _scalar_shape,
    inputs=("tag: string", "tensor: T"), outputs=("string",),
    type_attrs={"T": _IMAGE_TYPES}, default_attrs={"max_images": 3,
                                                   "bad_color": (255, 0, 0, 255)}))


# ---------------------------------------------------------------- TensorSummaryV2, MergeSummary


def _tensor_summary_kernel(tag, tensor, serialized_summary_metadata):
    return _as_summary_bytes(event_file.summary([event_file.summary_value(
        _text(tag), tensor=event_file.tensor_proto(tensor),
        metadata=_bytes(serialized_summary_metadata))]))


TENSOR_SUMMARY_V2 = register(OpDef(
    "TensorSummaryV2", _tensor_summary_kernel, _scalar_shape,
    inputs=("tag: string", "tensor: T", "serialized_summary_metadata: string"),
    outputs=("string",), type_attrs={"T": None}))


def _merge_summary_kernel(*inputs):
    tags = set()
    for serialized in inputs:
        for tag in _tags_of(_bytes(serialized)):
            if tag in tags:
                raise errors.InvalidArgumentError(
                    None, None, f"Duplicate tag {tag} found in summary inputs ")
            tags.add(tag)
    return _as_summary_bytes(event_file.merge_summaries(_bytes(s) for s in inputs))


def _tags_of(serialized_summary):
    """The tags of a serialized Summary (field 1 of each Value, field 1 of the Summary)."""
    tags, offset = [], 0
    while offset < len(serialized_summary):
        offset += 1                                    # key of Summary.value (0x0a)
        length, offset = _read_varint(serialized_summary, offset)
        value = serialized_summary[offset:offset + length]
        offset += length
        if value[:1] == b"\x0a":
            tag_length, start = _read_varint(value, 1)
            tags.append(value[start:start + tag_length].decode("utf-8", "replace"))
    return tags


def _read_varint(data, offset):
    result = shift = 0
    while True:
        byte = data[offset]
        offset += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, offset


MERGE_SUMMARY = register(OpDef(
    "MergeSummary", _merge_summary_kernel, _scalar_shape,
    inputs=("inputs: N*string",), outputs=("string",)))

for _type in ("ScalarSummary", "HistogramSummary", "ImageSummary", "TensorSummaryV2",
              "MergeSummary"):
    not_differentiable(_type)


# ---------------------------------------------------------------- public functions

_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w\.]")


def _clean_tag(name):
    """TF's summary tag cleaning: illegal characters become '_', no leading '/'."""
    if name is None:
        return None
    cleaned = _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")
    return cleaned


class _SummaryScope:
    """TF's summary_scope: a name scope for the summary; the tag is the scope's name."""

    def __init__(self, name, family, values):
        name, family = _clean_tag(name), _clean_tag(family)
        self._family = family
        base = name if family is None else f"{family}/{name}"
        self._scope = name_scope(base, None, values, skip_on_eager=False)

    def __enter__(self):
        scope = self._scope.__enter__() or ""
        tag = scope.rstrip("/")
        if self._family is not None:
            tag = f"{self._family}/{tag}"
        return tag, scope

    def __exit__(self, *exc):
        return self._scope.__exit__(*exc)


def _collect(value, collections):
    if not _context.executing_eagerly():
        add_to_collections([GraphKeys.SUMMARIES] if collections is None else collections,
                           value)
    return value


def scalar(name, tensor, collections=None, family=None):
    """A scalar summary: `tensor` (one real number) as simple_value under tag `name`."""
    with _SummaryScope(name, family, [tensor]) as (tag, scope):
        value = apply(SCALAR_SUMMARY, [constant(tag, name="tags"), tensor], name=scope)
    return _collect(value, collections)


def histogram(name, values, collections=None, family=None):
    """A histogram summary of `values` with TF's default exponential buckets."""
    with _SummaryScope(name, family, [values]) as (tag, scope):
        value = apply(HISTOGRAM_SUMMARY, [constant(tag, name="tag"), values], name=scope)
    return _collect(value, collections)


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """Up to `max_outputs` images of a [batch, height, width, 1|3|4] tensor, PNG-encoded."""
    with _SummaryScope(name, family, [tensor]) as (tag, scope):
        value = apply(IMAGE_SUMMARY, [constant(tag, name="tag"), tensor],
                      {"max_images": max_outputs, "bad_color": (255, 0, 0, 255)}, name=scope)
    return _collect(value, collections)


def _plugin_metadata(plugin_name, display_name=None, description=None, data_class=0):
    return event_file.summary_metadata(plugin_name, display_name=display_name,
                                       description=description, data_class=data_class)


def tensor_summary(name, tensor, summary_description=None, collections=None,
                   summary_metadata=None, family=None, display_name=None):
    """A summary holding `tensor` itself (TensorSummaryV2)."""
    metadata = summary_metadata if isinstance(summary_metadata, bytes) else \
        event_file.summary_metadata("", display_name=display_name,
                                    description=summary_description)
    with _SummaryScope(name, family, [tensor]) as (tag, scope):
        value = apply(TENSOR_SUMMARY_V2, [constant(tag, name="tag"), tensor,
                                          constant(metadata, name="serialized_summary_metadata")],
                      name=scope)
    return _collect(value, collections)


def text(name, tensor, collections=None):
    """A string tensor for TensorBoard's text dashboard."""
    tensor = convert_to_tensor(tensor)
    if tensor.dtype != _dtypes.string:
        raise ValueError("Expected tensor %s to have dtype string, got %s" % (
            getattr(tensor, "name", tensor), tensor.dtype))
    return tensor_summary(name, tensor, collections=collections,
                          summary_metadata=_plugin_metadata("text"))


def merge(inputs, collections=None, name=None):
    """One Summary holding the values of every serialized Summary in `inputs`."""
    if _context.executing_eagerly():
        raise RuntimeError("Merging tf.summary.* ops is not compatible with eager execution. "
                           "Use tf.contrib.summary instead.")
    with name_scope(name, "Merge", inputs):
        value = apply(MERGE_SUMMARY, list(inputs), name=name)
    if collections:
        add_to_collections(collections, value)
    return value


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """Merge every summary in collection `key` (None when it is empty)."""
    if _context.executing_eagerly():
        raise RuntimeError("Merging tf.summary.* ops is not compatible with eager execution. "
                           "Use tf.contrib.summary instead.")
    summaries = get_collection(key, scope=scope)
    return merge(summaries, name=name) if summaries else None


def all_v2_summary_ops():
    return None if _context.executing_eagerly() else get_collection("_SUMMARY_V2")


class SummaryDescription:
    def __init__(self, type_hint=""):
        self.type_hint = type_hint


def get_summary_description(node_def):
    return SummaryDescription()


# ---------------------------------------------------------------- messages


class Summary:
    """TF1's `tf.compat.v1.Summary` message: `Summary(value=[Summary.Value(tag=, simple_value=)])`."""

    class Image:
        def __init__(self, height=0, width=0, colorspace=0, encoded_image_string=b""):
            self.height, self.width = height, width
            self.colorspace, self.encoded_image_string = colorspace, encoded_image_string

        def SerializeToString(self):
            return event_file.image_proto(self.height, self.width, self.colorspace,
                                          self.encoded_image_string)

    class Value:
        def __init__(self, tag="", simple_value=None, image=None, histo=None, tensor=None,
                     metadata=None, node_name=""):
            self.tag, self.simple_value, self.image, self.histo = tag, simple_value, image, histo
            self.tensor, self.metadata, self.node_name = tensor, metadata, node_name

        def SerializeToString(self):
            def raw(message):
                return message if message is None or isinstance(message, bytes) \
                    else message.SerializeToString()
            return event_file.summary_value(
                self.tag, simple_value=self.simple_value, image=raw(self.image),
                histo=raw(self.histo), tensor=raw(self.tensor), metadata=raw(self.metadata))

    def __init__(self, value=()):
        self.value = list(value)

    def SerializeToString(self):
        return event_file.summary(v.SerializeToString() for v in self.value)


class RunOptions:
    """TF's RunOptions message; `Session.run(options=...)` accepts it and tensorlite ignores
    the trace level (there is nothing to trace)."""

    NO_TRACE, SOFTWARE_TRACE, HARDWARE_TRACE, FULL_TRACE = range(4)

    class Experimental:
        def __init__(self, **fields):
            vars(self).update(fields)

    def __init__(self, trace_level=0, timeout_in_ms=0, inter_op_thread_pool=0,
                 output_partition_graphs=False, debug_options=None,
                 report_tensor_allocations_upon_oom=False, experimental=None):
        self.trace_level, self.timeout_in_ms = trace_level, timeout_in_ms
        self.inter_op_thread_pool = inter_op_thread_pool
        self.output_partition_graphs = output_partition_graphs
        self.debug_options = debug_options
        self.report_tensor_allocations_upon_oom = report_tensor_allocations_upon_oom
        self.experimental = experimental or RunOptions.Experimental()

    def SerializeToString(self):
        return event_file.field_varint(1, self.trace_level) if self.trace_level else b""


class RunMetadata:
    """TF's RunMetadata message: stays empty in tensorlite (no step stats are collected)."""

    def __init__(self):
        self.step_stats = None
        self.cost_graph = None
        self.partition_graphs = []
        self.function_graphs = []

    def HasField(self, name):
        return False

    def SerializeToString(self):
        return b""


# ---------------------------------------------------------------- FileWriter


class FileWriter:
    """Writes Summary protos and the graph to an event file in `logdir` for TensorBoard."""

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None,
                 filename_suffix=None, session=None):
        if _context.executing_eagerly():
            raise RuntimeError(
                "v1.summary.FileWriter is not compatible with eager execution. Use "
                "`tf.summary.create_file_writer`,or a `with v1.Graph().as_default():` context")
        self.event_writer = event_file.EventFileWriter(logdir, max_queue, flush_secs,
                                                       filename_suffix)
        self._seen_graph = False
        if graph is not None or graph_def is not None:
            self.add_graph(graph=graph, graph_def=graph_def)

    def get_logdir(self):
        return self.event_writer.get_logdir()

    def add_event(self, event):
        self.event_writer.add_event(event if isinstance(event, bytes)
                                    else event.SerializeToString())

    def _add(self, global_step=None, **fields):
        self.add_event(event_file.event(step=int(global_step or 0), **fields))

    def add_summary(self, summary, global_step=None):
        """Add a serialized Summary (what a summary op returns) or a `Summary` message."""
        if isinstance(summary, np.ndarray):
            summary = summary.item()
        if not isinstance(summary, bytes):
            summary = summary.SerializeToString()
        self._add(global_step, summary=summary)

    def add_graph(self, graph, global_step=None, graph_def=None):
        if graph is not None and graph_def is not None:
            raise ValueError("Please pass only graph, or graph_def (deprecated), but not both.")
        if graph is not None:
            serialized = graph_def_bytes(graph)
        elif isinstance(graph_def, bytes):
            serialized = graph_def
        else:
            serialized = graph_def.SerializeToString()
        self._add(global_step, graph_def=serialized)

    def add_run_metadata(self, run_metadata, tag, global_step=None):
        serialized = run_metadata if isinstance(run_metadata, bytes) \
            else run_metadata.SerializeToString()
        self._add(global_step, tagged_run_metadata=(tag, serialized))

    def add_session_log(self, session_log, global_step=None):
        pass  # SessionLog events only restart TensorBoard's charts; nothing to record

    def add_meta_graph(self, meta_graph_def, global_step=None):
        pass  # MetaGraphDef export is not supported; the graph itself is written

    def flush(self):
        self.event_writer.flush()

    def close(self):
        self.event_writer.close()

    def reopen(self):
        self.event_writer.reopen()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class FileWriterCache:
    """One FileWriter per logdir, shared (TF's FileWriterCache)."""

    _writers = {}

    @staticmethod
    def get(logdir):
        if logdir not in FileWriterCache._writers:
            from tensorlite.framework.modes import get_default_graph
            FileWriterCache._writers[logdir] = FileWriter(logdir, graph=get_default_graph())
        return FileWriterCache._writers[logdir]

    @staticmethod
    def clear():
        for writer in FileWriterCache._writers.values():
            writer.close()
        FileWriterCache._writers.clear()
