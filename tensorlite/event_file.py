"""Event files as TensorBoard reads them, written without protobuf or TensorFlow.

A file is a sequence of TFRecords (length, masked CRC32C of the length, data, masked CRC32C of
the data); each record is a serialized `Event` proto. The few messages involved (Event,
Summary, HistogramProto, TensorProto, ...) are encoded here by hand from their field numbers in
tensorflow/core/framework/summary.proto and tensorflow/core/util/event.proto.
"""
import os
import struct
import threading
import time

import numpy as np


def _hostname():
    import socket   # only when an event file is named: keeps `import tensorlite` light
    return socket.gethostname()

# ---------------------------------------------------------------- CRC32C (Castagnoli)


def _crc32c_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC_TABLE = _crc32c_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    table = _CRC_TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data):
    """TFRecord's checksum: the CRC rotated right by 15 bits plus a constant."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def tfrecord(data):
    """One TFRecord framing `data`."""
    length = struct.pack("<Q", len(data))
    return (length + struct.pack("<I", masked_crc32c(length)) + data +
            struct.pack("<I", masked_crc32c(data)))


def read_tfrecords(path):
    """The records of a TFRecord file, checking both checksums (for tests and tools)."""
    with open(path, "rb") as handle:
        blob = handle.read()
    records, offset = [], 0
    while offset < len(blob):
        header = blob[offset:offset + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", blob[offset + 8:offset + 12])
        data = blob[offset + 12:offset + 12 + length]
        (data_crc,) = struct.unpack("<I", blob[offset + 12 + length:offset + 16 + length])
        if masked_crc32c(header) != length_crc or masked_crc32c(data) != data_crc:
            raise ValueError(f"corrupted record at byte {offset} of {path}")
        records.append(data)
        offset += 16 + length
    return records


# ---------------------------------------------------------------- protobuf wire format


def varint(value):
    value &= 0xFFFFFFFFFFFFFFFF          # negative int64s take ten bytes, as in protobuf
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _key(field, wire_type):
    return varint((field << 3) | wire_type)


def field_varint(field, value):
    return _key(field, 0) + varint(int(value))


def field_double(field, value):
    return _key(field, 1) + struct.pack("<d", value)


def field_float(field, value):
    return _key(field, 5) + struct.pack("<f", value)


def field_bytes(field, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return _key(field, 2) + varint(len(data)) + data


def field_packed_doubles(field, values):
    return field_bytes(field, np.asarray(values, dtype="<f8").tobytes())


# ---------------------------------------------------------------- messages

# DataType enum values (tensorflow/core/framework/types.proto).
DATA_TYPE_ENUM = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6,
                  "string": 7, "complex64": 8, "int64": 9, "bool": 10, "bfloat16": 14,
                  "uint16": 17, "complex128": 18, "float16": 19, "resource": 20,
                  "variant": 21, "uint32": 22, "uint64": 23}


def tensor_shape_proto(shape):
    """TensorShapeProto; None (unknown rank) sets unknown_rank, None dims are -1."""
    if shape is None:
        return field_varint(3, 1)
    return b"".join(field_bytes(2, field_varint(1, -1 if d is None else d) if d != 0 else b"")
                    for d in shape)


def tensor_proto(value, dtype_name=None):
    """TensorProto of a NumPy value: strings as string_val, numbers as tensor_content."""
    array = np.asarray(value)
    if dtype_name is None:
        dtype_name = "string" if array.dtype.kind in "SUO" else array.dtype.name
    out = field_varint(1, DATA_TYPE_ENUM[dtype_name]) + field_bytes(
        2, tensor_shape_proto(array.shape))
    if dtype_name == "string":
        for item in array.reshape(-1):
            out += field_bytes(8, item if isinstance(item, (bytes, str)) else str(item))
    else:
        out += field_bytes(4, np.ascontiguousarray(array).astype(
            array.dtype.newbyteorder("<")).tobytes())
    return out


def summary_metadata(plugin_name, content=b"", display_name=None, description=None,
                     data_class=0):
    """SummaryMetadata: plugin_data {plugin_name, content}, display_name, description, class."""
    out = field_bytes(1, field_bytes(1, plugin_name) + (field_bytes(2, content) if content
                                                        else b""))
    if display_name:
        out += field_bytes(2, display_name)
    if description:
        out += field_bytes(3, description)
    if data_class:
        out += field_varint(4, data_class)
    return out


def summary_value(tag, simple_value=None, histo=None, image=None, tensor=None, metadata=None):
    """One Summary.Value, with exactly one of the payloads."""
    out = field_bytes(1, tag)
    if simple_value is not None:
        out += field_float(2, simple_value)
    if image is not None:
        out += field_bytes(4, image)
    if histo is not None:
        out += field_bytes(5, histo)
    if tensor is not None:
        out += field_bytes(8, tensor)
    if metadata is not None:
        out += field_bytes(9, metadata)
    return out


def summary(values):
    """A serialized Summary from serialized Summary.Values."""
    return b"".join(field_bytes(1, value) for value in values)


def merge_summaries(serialized):
    """Concatenated Summary messages parse as one Summary holding all values (protobuf's
    merge of repeated fields), which is what MergeSummary's output is."""
    return b"".join(bytes(s) for s in serialized)


def image_proto(height, width, channels, png):
    return (field_varint(1, height) + field_varint(2, width) + field_varint(3, channels) +
            field_bytes(4, png))


# TF's default histogram buckets (tensorflow/core/lib/histogram/histogram.cc): limits at
# +-1e-12 * 1.1**k up to 1e20, zero, and +-DBL_MAX at the ends.
def _default_bucket_limits():
    positive = []
    value = 1e-12
    while value < 1e20:
        positive.append(value)
        value *= 1.1
    positive.append(np.finfo(np.float64).max)
    return np.array([-v for v in reversed(positive)] + [0.0] + positive)


_BUCKET_LIMITS = _default_bucket_limits()


def histogram_proto(values):
    """HistogramProto with TF's default buckets, empty runs collapsed as TF's EncodeToProto."""
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    counts = np.bincount(np.searchsorted(_BUCKET_LIMITS, values, side="right"),
                         minlength=len(_BUCKET_LIMITS))[:len(_BUCKET_LIMITS)]
    limits, buckets = [], []
    i = 0
    while i < len(counts):
        end, count = _BUCKET_LIMITS[i], counts[i]
        i += 1
        if count <= 0:
            while i < len(counts) and counts[i] <= 0:
                end, count = _BUCKET_LIMITS[i], counts[i]
                i += 1
        limits.append(end)
        buckets.append(float(count))
    if values.size:
        low, high = float(values.min()), float(values.max())
    else:
        low, high = np.finfo(np.float64).max, -np.finfo(np.float64).max
    return (field_double(1, low) + field_double(2, high) + field_double(3, values.size) +
            field_double(4, float(values.sum())) + field_double(5, float(np.sum(values ** 2))) +
            field_packed_doubles(6, limits) + field_packed_doubles(7, buckets))


def event(wall_time=None, step=0, file_version=None, graph_def=None, summary=None,
          tagged_run_metadata=None, source_writer=None):
    """A serialized Event proto."""
    out = field_double(1, time.time() if wall_time is None else wall_time)
    if step:
        out += field_varint(2, step)
    if file_version is not None:
        out += field_bytes(3, file_version)
    if graph_def is not None:
        out += field_bytes(4, graph_def)
    if summary is not None:
        out += field_bytes(5, summary)
    if tagged_run_metadata is not None:
        tag, run_metadata = tagged_run_metadata
        out += field_bytes(8, field_bytes(1, tag) + field_bytes(2, run_metadata))
    if source_writer is not None:
        out += field_bytes(10, field_bytes(1, source_writer))
    return out


# ---------------------------------------------------------------- PNG


def encode_png(image):
    """PNG bytes of a uint8 [height, width, channels] array (1, 2, 3 or 4 channels)."""
    import zlib
    image = np.asarray(image, dtype=np.uint8)
    height, width, channels = image.shape
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    rows = np.concatenate([np.zeros((height, 1), np.uint8),       # filter type 0 per row
                           image.reshape(height, width * channels)], axis=1)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------- the writer


class EventFileWriter:
    """Appends Events to `<logdir>/events.out.tfevents.<time>.<host><suffix>`.

    Records are buffered and written on `flush`/`close`, after `max_queue` events or when
    `flush_secs` have passed since the last write.
    """

    def __init__(self, logdir, max_queue=10, flush_secs=120, filename_suffix=""):
        from tensorlite import io_gfile
        io_gfile.makedirs(logdir)
        self.logdir = str(logdir)
        self.path = os.path.join(self.logdir, f"events.out.tfevents.{int(time.time())}."
                                 f"{_hostname()}{filename_suffix or ''}")
        self._max_queue = max_queue
        self._flush_secs = flush_secs
        self._pending = []
        self._last_flush = time.time()
        self._lock = threading.Lock()
        self.closed = False
        with open(self.path, "wb") as handle:
            handle.write(tfrecord(event(file_version="brain.Event:2",
                                        source_writer="tensorlite")))

    def get_logdir(self):
        return self.logdir

    def add_event(self, serialized_event):
        with self._lock:
            if self.closed:
                return
            self._pending.append(tfrecord(serialized_event))
            due = len(self._pending) >= self._max_queue or \
                time.time() - self._last_flush >= self._flush_secs
        if due:
            self.flush()

    def flush(self):
        with self._lock:
            if self._pending:
                with open(self.path, "ab") as handle:
                    handle.write(b"".join(self._pending))
                self._pending = []
            self._last_flush = time.time()

    def close(self):
        self.flush()
        self.closed = True

    def reopen(self):
        self.closed = False
