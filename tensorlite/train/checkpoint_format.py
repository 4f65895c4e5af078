"""TensorFlow's V2 checkpoint format (a "tensor bundle"), read and written without TensorFlow.

`<prefix>.index` is a LevelDB-style table (tensorflow/core/lib/io/table_builder.cc) mapping ""
to a BundleHeaderProto and each tensor name to a BundleEntryProto
(tensorflow/core/protobuf/tensor_bundle.proto); `<prefix>.data-00000-of-00001` holds the
tensors' little-endian bytes (tensorflow/core/util/tensor_bundle/tensor_bundle.cc). Every
table block and every tensor carries a masked CRC32C. Reads check them all, so a truncated or
damaged file raises `DataLossError` naming the file instead of returning wrong values.
"""
import os
import re
import sys
import threading
import uuid

import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors

# ---------------------------------------------------------------------- CRC32C (Castagnoli)
# Big inputs are cut into 8-byte words laid out as rows of `width` columns. Each column is
# an independent CRC stream, advanced a whole row at a time (one NumPy gather per 16 bits),
# and the column CRCs are folded pairwise at the end with "append n zero bytes" operators:
# crc(A + B) = shift(crc(A), len(B)) ^ crc(B) for the raw (zero-initialised) CRC.

_POLY = 0x82F63B78
_MASK_DELTA = 0xA282EAD8


def _byte_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ (_POLY if crc & 1 else 0)
        table.append(crc)
    return table


_TABLE = _byte_table()
_TABLE_NP = np.array(_TABLE, np.uint32)
_BIT_OF_BYTE = ((np.arange(256, dtype=np.uint32)[:, None] >> np.arange(8, dtype=np.uint32))
                & 1).astype(bool)


def _sixteen_bit_tables():
    """tables[k][v]: raw CRC of the two bytes of `v` (low first) followed by 2k zero bytes."""
    values = np.arange(65536, dtype=np.uint32)
    state = np.zeros(65536, np.uint32)
    for byte in (values & 0xFF, values >> 8):
        state = _TABLE_NP[(state ^ byte) & 0xFF] ^ (state >> 8)
    tables = [state]
    for _ in range(3):
        for _ in range(2):
            state = _TABLE_NP[state & 0xFF] ^ (state >> 8)
        tables.append(state)
    return tables


_WORD_TABLES = []   # built on first use (1 MB)
_TABLES_LOCK = threading.Lock()


class _ZeroShift:
    """The GF(2)-linear map "append n zero bytes" on a raw CRC state, as byte tables."""

    def __init__(self, columns):
        self.columns = np.asarray(columns, np.uint32)
        self.tables = [np.bitwise_xor.reduce(np.where(_BIT_OF_BYTE, self.columns[8 * k:8 * k + 8],
                                                      np.uint32(0)), axis=1).astype(np.uint32)
                       for k in range(4)]
        self._wide = None

    def __call__(self, state):
        t0, t1, t2, t3 = self.tables
        return t0[state & 0xFF] ^ t1[(state >> 8) & 0xFF] ^ t2[(state >> 16) & 0xFF] ^ \
            t3[state >> 24]

    def wide(self):
        """The same map as two 65536-entry tables (fewer gathers on long vectors)."""
        if self._wide is None:
            v = np.arange(65536, dtype=np.uint32)
            t0, t1, t2, t3 = self.tables
            self._wide = (t0[v & 0xFF] ^ t1[v >> 8], t2[v & 0xFF] ^ t3[v >> 8])
        return self._wide


_UNIT = np.uint32(1) << np.arange(32, dtype=np.uint32)
_SHIFTS = [_ZeroShift(_TABLE_NP[_UNIT & 0xFF] ^ (_UNIT >> 8))]   # _SHIFTS[k]: 2**k bytes


def _shift_pow2(k):
    if len(_SHIFTS) <= k:
        with _TABLES_LOCK:
            while len(_SHIFTS) <= k:
                _SHIFTS.append(_ZeroShift(_SHIFTS[-1](_SHIFTS[-1].columns)))
    return _SHIFTS[k]


def _shift(state, nbytes):
    state = np.uint32(state)
    k = 0
    while nbytes:
        if nbytes & 1:
            state = _shift_pow2(k)(state)
        nbytes >>= 1
        k += 1
    return int(state)


def _raw_crc_small(data, state=0):
    table = _TABLE
    for byte in data:
        state = table[(state ^ byte) & 0xFF] ^ (state >> 8)
    return state


def _raw_crc(data):
    """Raw CRC (zero initial state, no final xor) of a uint8 array."""
    size = data.size
    if size < 512:
        return _raw_crc_small(data.tobytes())
    if not _WORD_TABLES:
        with _TABLES_LOCK:
            if not _WORD_TABLES:
                _WORD_TABLES.extend(_sixteen_bit_tables())
    width = 1 << min(14, (size // 64).bit_length() - 1)     # columns of 8-byte words
    row_bytes = 8 * width
    body = (size // row_bytes) * row_bytes
    head = size - body
    words = data[head:].view("<u4").reshape(body // row_bytes, width, 2)
    next_row_lo, next_row_hi = _shift_pow2(row_bytes.bit_length() - 1).wide()
    w0, w1, w2, w3 = _WORD_TABLES
    state = np.zeros(width, np.uint32)
    for row in words:
        low, high = row[:, 0], row[:, 1]
        acc = next_row_lo[state & 0xFFFF]
        acc ^= next_row_hi[state >> 16]
        acc ^= w3[low & 0xFFFF]
        acc ^= w2[low >> 16]
        acc ^= w1[high & 0xFFFF]
        acc ^= w0[high >> 16]
        state = acc
    k = 3
    while state.size > 1:   # fold neighbouring columns: column c is 8 bytes before c + 1
        state = _shift_pow2(k)(state[0::2]) ^ state[1::2]
        k += 1
    crc = int(state[0])
    if head:
        crc ^= _shift(_raw_crc(data[:head]), body)
    return crc


def _as_bytes_array(data):
    if isinstance(data, np.ndarray):
        return np.ascontiguousarray(data.reshape(-1)).view(np.uint8)
    return np.frombuffer(data, np.uint8)


def crc32c(data, crc=0):
    """CRC32C of `data` (bytes-like or array), continuing from `crc` (crc32c::Extend)."""
    data = _as_bytes_array(data)
    return _shift(crc ^ 0xFFFFFFFF, data.size) ^ _raw_crc(data) ^ 0xFFFFFFFF


def mask(crc):
    """TF's masked CRC (crc32c::Mask): stored CRCs are rotated and offset."""
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF


def unmask(masked):
    rotated = (masked - _MASK_DELTA) & 0xFFFFFFFF
    return ((rotated >> 17) | (rotated << 15)) & 0xFFFFFFFF


# ---------------------------------------------------------------------- protobuf wire format

class _Corrupt(Exception):
    """A structural problem in a file; turned into DataLossError with the file's name."""


def _put_varint(out, value):
    value &= (1 << 64) - 1      # negative int64s take ten bytes, as in protobuf
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def _get_varint(buf, pos):
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise _Corrupt("truncated varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise _Corrupt("varint longer than 10 bytes")


def _fields(buf):
    """Yield (field number, value) of a serialized message; value is an int or bytes."""
    pos, end = 0, len(buf)
    while pos < end:
        key, pos = _get_varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _get_varint(buf, pos)
        elif wire == 1 or wire == 5:
            width = 8 if wire == 1 else 4
            value = int.from_bytes(buf[pos:pos + width], "little")
            pos += width
        elif wire == 2:
            length, pos = _get_varint(buf, pos)
            value = bytes(buf[pos:pos + length])
            pos += length
        else:
            raise _Corrupt(f"unknown protobuf wire type {wire}")
        if pos > end:
            raise _Corrupt("truncated protobuf field")
        yield number, value


def _int_field(value, signed=False):
    if not isinstance(value, int):
        raise _Corrupt("protobuf field has the wrong wire type")
    if signed and value >= 1 << 63:
        value -= 1 << 64
    return value


def _message_field(value):
    if not isinstance(value, bytes):
        raise _Corrupt("protobuf field has the wrong wire type")
    return value


def _put_tag(out, number, wire):
    _put_varint(out, number << 3 | wire)


def _put_int(out, number, value):
    if value:   # proto3: zero scalars are not written
        _put_tag(out, number, 0)
        _put_varint(out, value)


def _put_message(out, number, payload):
    _put_tag(out, number, 2)
    _put_varint(out, len(payload))
    out += payload


# ---------------------------------------------------------------------- bundle protos

TENSOR_BUNDLE_VERSION = 1      # BundleHeaderProto.version.producer, as TF writes it


class BundleEntry:
    """A BundleEntryProto: where one tensor's bytes are and how to check them.

    `slices` lists, for a tensor saved in parts, each part's extents as (start, length)
    pairs (length None: the whole dimension); such an entry has no bytes of its own.
    """

    __slots__ = ("dtype", "shape", "shard_id", "offset", "size", "crc32c", "slices")

    def __init__(self, dtype, shape, shard_id=0, offset=0, size=0, crc32c=0, slices=()):
        self.dtype = dtype
        self.shape = tuple(shape)
        self.shard_id = shard_id
        self.offset = offset
        self.size = size
        self.crc32c = crc32c
        self.slices = list(slices)

    def encode(self):
        out = bytearray()
        _put_int(out, 1, self.dtype)
        shape = bytearray()
        for dim in self.shape:
            size = bytearray()
            _put_int(size, 1, dim)
            _put_message(shape, 2, size)
        _put_message(out, 2, shape)
        _put_int(out, 3, self.shard_id)
        _put_int(out, 4, self.offset)
        _put_int(out, 5, self.size)
        if self.crc32c:
            _put_tag(out, 6, 5)
            out += self.crc32c.to_bytes(4, "little")
        for extents in self.slices:
            message = bytearray()
            for start, length in extents:
                extent = bytearray()
                _put_int(extent, 1, start)
                if length is not None:      # a oneof: written even when 0
                    _put_tag(extent, 2, 0)
                    _put_varint(extent, length)
                _put_message(message, 1, extent)
            _put_message(out, 7, message)
        return bytes(out)

    @classmethod
    def decode(cls, buf):
        entry = cls(0, ())
        for number, value in _fields(buf):
            if number == 1:
                entry.dtype = _int_field(value)
            elif number == 2:
                entry.shape = _decode_shape(_message_field(value))
            elif number == 3:
                entry.shard_id = _int_field(value)
            elif number == 4:
                entry.offset = _int_field(value, signed=True)
            elif number == 5:
                entry.size = _int_field(value, signed=True)
            elif number == 6:
                entry.crc32c = _int_field(value)
            elif number == 7:
                entry.slices.append(_decode_slice(_message_field(value)))
        if entry.offset < 0 or entry.size < 0:
            raise _Corrupt("negative offset or size in a tensor entry")
        return entry


def _decode_shape(buf):
    dims = []
    for number, value in _fields(buf):
        if number == 2:
            size = 0
            for dim_number, dim_value in _fields(_message_field(value)):
                if dim_number == 1:
                    size = _int_field(dim_value, signed=True)
            if size < 0:
                raise _Corrupt("a stored tensor has an unknown dimension")
            dims.append(size)
        elif number == 3 and value:
            raise _Corrupt("a stored tensor has an unknown rank")
    return tuple(dims)


def _decode_slice(buf):
    extents = []
    for number, value in _fields(buf):
        if number == 1:
            start, length = 0, None
            for extent_number, extent_value in _fields(_message_field(value)):
                if extent_number == 1:
                    start = _int_field(extent_value, signed=True)
                elif extent_number == 2:
                    length = _int_field(extent_value, signed=True)
            extents.append((start, length))
    return extents


def _encode_header(num_shards):
    out = bytearray()
    _put_int(out, 1, num_shards)
    version = bytearray()
    _put_int(version, 1, TENSOR_BUNDLE_VERSION)
    _put_message(out, 3, version)
    return bytes(out)


def _decode_header(buf):
    num_shards, endianness, min_consumer, bad_consumers = 0, 0, 0, []
    for number, value in _fields(buf):
        if number == 1:
            num_shards = _int_field(value)
        elif number == 2:
            endianness = _int_field(value)
        elif number == 3:
            for version_number, version_value in _fields(_message_field(value)):
                if version_number == 2:
                    min_consumer = _int_field(version_value)
                elif version_number == 3:
                    bad_consumers.append(_int_field(version_value))
    return num_shards, endianness, min_consumer, bad_consumers


# ---------------------------------------------------------------------- slice keys
# A part of a tensor saved in slices lives under an OrderedCode key
# (tensorflow/core/util/saved_tensor_slice_util.cc: EncodeTensorNameSlice).

_SIGNED_HEADER = ((0, 0), (0x80, 0), (0xC0, 0), (0xE0, 0), (0xF0, 0), (0xF8, 0), (0xFC, 0),
                  (0xFE, 0), (0xFF, 0), (0xFF, 0x80), (0xFF, 0xC0))


def _ordered_unsigned(out, value):
    payload = value.to_bytes((value.bit_length() + 7) // 8, "big")
    out.append(len(payload))
    out += payload


def _ordered_signed(out, value):
    magnitude = ~value if value < 0 else value
    if magnitude < 64:
        out.append((0x80 ^ value) & 0xFF)
        return
    length = magnitude.bit_length() // 7 + 1
    buf = bytearray((value & ((1 << 80) - 1)).to_bytes(10, "big"))   # sign-extended
    begin = 10 - length
    buf[begin] ^= _SIGNED_HEADER[length][0]
    buf[begin + 1] ^= _SIGNED_HEADER[length][1]
    out += buf[begin:]


def slice_key(name, extents):
    """The table key of one saved slice of tensor `name`; full extents have length None."""
    out = bytearray()
    _ordered_unsigned(out, 0)
    out += re.sub(rb"[\x00\xff]", lambda m: m.group() + (b"\xff" if m.group() == b"\x00"
                                                          else b"\x00"), _to_key(name))
    out += b"\x00\x01"
    _ordered_unsigned(out, len(extents))
    for start, length in extents:
        if length is None:      # TensorSlice::kFullExtent
            start, length = 0, -1
        _ordered_signed(out, start)
        _ordered_signed(out, length)
    return bytes(out)


def _to_key(name):
    return name.encode("utf-8", "surrogateescape") if isinstance(name, str) else bytes(name)


def _from_key(key):
    return key.decode("utf-8", "surrogateescape")


# ---------------------------------------------------------------------- tables (SSTables)

_TABLE_MAGIC = 0xDB4775248B80FB57
_FOOTER_SIZE = 48             # two BlockHandles padded to 40 bytes, then the magic number
_BLOCK_TRAILER_SIZE = 5       # compression type byte + masked CRC32C
_BLOCK_SIZE = 262144          # TF's table::Options defaults
_RESTART_INTERVAL = 16


class _BlockBuilder:
    def __init__(self, restart_interval):
        self._buffer = bytearray()
        self._restarts = [0]
        self._interval = restart_interval
        self._counter = 0
        self._last_key = b""

    def add(self, key, value):
        shared = 0
        if self._counter < self._interval:
            limit = min(len(key), len(self._last_key))
            while shared < limit and key[shared] == self._last_key[shared]:
                shared += 1
        else:
            self._restarts.append(len(self._buffer))
            self._counter = 0
        for number in (shared, len(key) - shared, len(value)):
            _put_varint(self._buffer, number)
        self._buffer += key[shared:]
        self._buffer += value
        self._last_key = key
        self._counter += 1

    def estimated_size(self):
        return len(self._buffer) + 4 * len(self._restarts) + 4

    def empty(self):
        return not self._buffer

    def finish(self):
        for restart in self._restarts:
            self._buffer += restart.to_bytes(4, "little")
        self._buffer += len(self._restarts).to_bytes(4, "little")
        return bytes(self._buffer)


def _shortest_separator(start, limit):
    """A short key k with start <= k < limit (leveldb's BytewiseComparator)."""
    common = 0
    while common < min(len(start), len(limit)) and start[common] == limit[common]:
        common += 1
    if common < min(len(start), len(limit)):
        byte = start[common]
        if byte < 0xFF and byte + 1 < limit[common]:
            return start[:common] + bytes([byte + 1])
    return start


def _short_successor(key):
    for i, byte in enumerate(key):
        if byte != 0xFF:
            return key[:i] + bytes([byte + 1])
    return key


def _encode_handle(offset, size):
    out = bytearray()
    _put_varint(out, offset)
    _put_varint(out, size)
    return bytes(out)


def build_table(items):
    """Serialize sorted (key, value) byte pairs as a table, laid out as TF's TableBuilder does."""
    out = bytearray()

    def write_block(contents):
        handle = _encode_handle(len(out), len(contents))
        out.extend(contents)
        out.append(0)       # kNoCompression
        out.extend(mask(crc32c(b"\x00", crc32c(contents))).to_bytes(4, "little"))
        return handle

    index = _BlockBuilder(1)
    block = _BlockBuilder(_RESTART_INTERVAL)
    pending, last_key = None, b""
    for key, value in items:
        if pending is not None:
            index.add(_shortest_separator(last_key, key), pending)
            pending = None
        block.add(key, value)
        last_key = key
        if block.estimated_size() >= _BLOCK_SIZE:
            pending = write_block(block.finish())
            block = _BlockBuilder(_RESTART_INTERVAL)
    if not block.empty():
        pending = write_block(block.finish())
    metaindex = write_block(_BlockBuilder(_RESTART_INTERVAL).finish())
    if pending is not None:
        index.add(_short_successor(last_key), pending)
    footer = bytearray(metaindex + write_block(index.finish()))
    footer += bytes(40 - len(footer))
    footer += _TABLE_MAGIC.to_bytes(8, "little")
    return bytes(out + footer)


def _read_block(data, handle):
    offset, pos = _get_varint(handle, 0)
    size, _ = _get_varint(handle, pos)
    end = offset + size
    if end + _BLOCK_TRAILER_SIZE > len(data) - _FOOTER_SIZE:
        raise _Corrupt("block extends past the end of the file (truncated?)")
    contents = data[offset:end]
    stored = int.from_bytes(data[end + 1:end + 5], "little")
    if unmask(stored) != crc32c(data[end:end + 1], crc32c(contents)):
        raise _Corrupt("block checksum mismatch")
    if data[end] != 0:
        raise _Corrupt(f"unsupported block compression type {data[end]}")
    return contents


def _block_items(block):
    if len(block) < 4:
        raise _Corrupt("bad block contents")
    num_restarts = int.from_bytes(block[-4:], "little")
    limit = len(block) - 4 - 4 * num_restarts
    if limit < 0:
        raise _Corrupt("bad block contents")
    pos, key = 0, b""
    while pos < limit:
        shared, pos = _get_varint(block, pos)
        unshared, pos = _get_varint(block, pos)
        value_size, pos = _get_varint(block, pos)
        if shared > len(key) or pos + unshared + value_size > limit:
            raise _Corrupt("bad entry in block")
        key = key[:shared] + bytes(block[pos:pos + unshared])
        pos += unshared
        yield key, block[pos:pos + value_size]
        pos += value_size


def parse_table(data):
    """All (key, value) pairs of a serialized table, every block checksum checked."""
    data = memoryview(data)
    if len(data) < _FOOTER_SIZE or \
            int.from_bytes(data[-8:], "little") != _TABLE_MAGIC:
        raise _Corrupt("not an sstable (bad magic number)")
    footer = data[-_FOOTER_SIZE:]
    _, pos = _get_varint(footer, 0)
    _, pos = _get_varint(footer, pos)          # metaindex handle (TF writes it empty)
    index_offset, pos2 = _get_varint(footer, pos)
    _, pos2 = _get_varint(footer, pos2)
    index = _read_block(data, footer[pos:pos2])
    items = []
    for _, handle in _block_items(index):
        items.extend((key, bytes(value)) for key, value in _block_items(_read_block(data, handle)))
    return items


# ---------------------------------------------------------------------- dtypes

_TF_TYPE_NAMES = {1: "float", 2: "double", 19: "half"}


def dtype_name(enum):
    """TF's DataTypeString for a DataType enum ("float", "double", "int32", ...)."""
    if enum in _TF_TYPE_NAMES:
        return _TF_TYPE_NAMES[enum]
    try:
        return _dtypes.DType(enum).name
    except TypeError:
        return f"<unknown type {enum}>"


_STRING = 7


def numpy_dtype(enum):
    """The little-endian NumPy dtype of a DataType enum (object for strings)."""
    if enum == _STRING:
        return np.dtype(object)
    try:
        dtype = _dtypes.DType(enum)
    except TypeError:
        dtype = None
    if dtype is None or not dtype.is_numpy_compatible or dtype.as_numpy_dtype is object:
        raise errors.UnimplementedError(
            None, None, f"Data type {dtype_name(enum)} (DataType {enum}) is not supported in "
                        "tensorlite checkpoints")
    return np.dtype(dtype.as_numpy_dtype).newbyteorder("<")


def _dtype_enum(value, dtype):
    if dtype is not None:
        return _dtypes.as_dtype(dtype).as_datatype_enum
    if value.dtype.kind in "OSUT":
        return _STRING
    return _dtypes.as_dtype(value.dtype).as_datatype_enum


# ---------------------------------------------------------------------- writing

def data_filename(prefix, shard=0, num_shards=1):
    return f"{prefix}.data-{shard:05d}-of-{num_shards:05d}"


def index_filename(prefix):
    return f"{prefix}.index"


def _string_bytes(element):
    if isinstance(element, str):
        return element.encode("utf-8")
    if isinstance(element, (bytes, bytearray, memoryview, np.bytes_)):
        return bytes(element)
    if isinstance(element, np.str_):
        return str(element).encode("utf-8")
    raise TypeError(f"A string tensor holds a {type(element).__name__}, not bytes or str")


class BundleWriter:
    """Writes one checkpoint: `add` tensors (or `add_slice` parts of one), then `finish`.

    Data goes to temporary files next to the prefix; `finish` syncs them and renames them
    into place, so a failure before that leaves any previous checkpoint at the prefix intact.
    Used as a context manager, it finishes on success and removes its temporaries on error.
    """

    def __init__(self, prefix):
        self._prefix = os.fspath(prefix)
        suffix = f".tempstate{uuid.uuid4().int % 10**19}"
        self._data_path = data_filename(self._prefix)
        self._temp_data = self._data_path + suffix
        self._temp_index = index_filename(self._prefix) + suffix
        self._entries = {}
        self._offset = 0
        self._file = open(self._temp_data, "wb")

    def add(self, key, value, dtype=None):
        """Save `value` (array-like) under `key`."""
        key = _to_key(key)
        if key in self._entries:
            raise ValueError(f"Adding duplicate key: {_from_key(key)}")
        self._entries[key] = self._write_tensor(value, dtype)

    def add_slice(self, full_name, full_shape, offset, value, dtype=None):
        """Save `value` as the part of tensor `full_name` (of `full_shape`) at `offset`."""
        value = np.asarray(value)
        full_shape = tuple(int(d) for d in full_shape)
        offset = tuple(int(o) for o in offset)
        if len(offset) != len(full_shape) or value.ndim != len(full_shape) or any(
                o < 0 or o + n > d for o, n, d in zip(offset, value.shape, full_shape)):
            raise ValueError(f"Slice at offset {list(offset)} of shape {list(value.shape)} "
                             f"does not fit in tensor '{full_name}' of shape {list(full_shape)}")
        key = _to_key(full_name)
        part = self._write_tensor(value, dtype)
        full = self._entries.get(key)
        if full is None:
            full = self._entries[key] = BundleEntry(part.dtype, full_shape)
        elif not full.slices or full.shape != full_shape or full.dtype != part.dtype:
            raise ValueError(f"Slices of '{full_name}' disagree with an earlier entry of that "
                             "name (shape, dtype or sliced-ness)")
        extents = list(zip(offset, value.shape))
        full.slices.append(extents)
        self._entries[slice_key(key, extents)] = part

    def _write_tensor(self, value, dtype):
        value = np.asarray(value)
        enum = _dtype_enum(value, dtype)
        if enum == _STRING:
            chunks, crc = _encode_strings(value)
        else:
            flat = np.ascontiguousarray(value.reshape(-1), dtype=numpy_dtype(enum))
            chunks = [flat.view(np.uint8)]
            crc = crc32c(chunks[0])
        size = 0
        for chunk in chunks:
            self._file.write(chunk)
            size += len(chunk) if isinstance(chunk, bytes) else chunk.nbytes
        entry = BundleEntry(enum, value.shape, 0, self._offset, size, mask(crc))
        self._offset += size
        return entry

    def finish(self):
        """Write the index and publish both files (data first, as TF's BundleWriter does)."""
        items = [(b"", _encode_header(1))]
        items += [(key, self._entries[key].encode()) for key in sorted(self._entries)]
        table = build_table(items)
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            with open(self._temp_index, "wb") as index:
                index.write(table)
                index.flush()
                os.fsync(index.fileno())
            os.replace(self._temp_data, self._data_path)
            os.replace(self._temp_index, index_filename(self._prefix))
            _sync_directory(os.path.dirname(self._prefix) or ".")
        except BaseException:
            self.abort()
            raise

    def abort(self):
        """Remove the temporary files; the checkpoint at the prefix is left as it was."""
        self._file.close()
        for path in (self._temp_data, self._temp_index):
            try:
                os.remove(path)
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.finish()
        else:
            self.abort()
        return False


def _sync_directory(path):
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return      # not possible on every platform; the renames are still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _length_words(lengths):
    """Lengths as TF checksums them: uint32 when they fit, else uint64 (little-endian)."""
    return b"".join(n.to_bytes(4 if n <= 0xFFFFFFFF else 8, "little") for n in lengths)


def _encode_strings(value):
    # Layout (tensor_bundle.cc WriteStringTensor): varint64 lengths, a masked checksum of
    # the lengths, then the bytes. The entry's CRC covers the lengths (as fixed-width
    # integers, not varints), the length checksum and the bytes.
    strings = [_string_bytes(s) for s in value.reshape(-1).tolist()]
    lengths = [len(s) for s in strings]
    header = bytearray()
    for n in lengths:
        _put_varint(header, n)
    crc = crc32c(_length_words(lengths))
    length_checksum = mask(crc).to_bytes(4, "little")
    crc = crc32c(length_checksum, crc)
    payload = b"".join(strings)
    crc = crc32c(payload, crc)
    return [bytes(header), length_checksum, payload], crc


# ---------------------------------------------------------------------- reading

def _data_loss(path, detail):
    return errors.DataLossError(
        None, None, f"Checkpoint file {path} is truncated or corrupted: {detail}")


class BundleReader:
    """Reads a V2 checkpoint: `entries` maps each tensor name to its BundleEntry."""

    def __init__(self, prefix):
        self.prefix = os.fspath(prefix)
        path = index_filename(self.prefix)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            raise errors.NotFoundError(
                None, None, f"Unsuccessful TensorSliceReader constructor: Failed to find "
                            f"any matching files for {self.prefix}") from None
        except OSError as e:
            raise errors.NotFoundError(None, None, f"Cannot read checkpoint index {path}: "
                                                   f"{e.strerror}") from None
        self.entries, self.slice_entries = {}, {}
        try:
            items = parse_table(data)
            if not items or items[0][0] != b"":
                raise _Corrupt("the header entry is missing")
            header = _decode_header(items[0][1])
            for key, value in items[1:]:
                entry = BundleEntry.decode(value)
                if key[:1] == b"\x00":
                    self.slice_entries[key] = entry
                else:
                    self.entries[_from_key(key)] = entry
        except _Corrupt as e:
            raise _data_loss(path, e) from None
        self.num_shards, endianness, min_consumer, bad_consumers = header
        if endianness != 0:
            raise errors.UnimplementedError(
                None, None, f"Checkpoint {path} was written on a big-endian machine; only "
                            "little-endian checkpoints are supported")
        if min_consumer > TENSOR_BUNDLE_VERSION or TENSOR_BUNDLE_VERSION in bad_consumers:
            raise errors.InvalidArgumentError(
                None, None, f"Checkpoint {path} needs tensor bundle version {min_consumer}; "
                            f"this reader is version {TENSOR_BUNDLE_VERSION}")
        for name, entry in self.entries.items():
            if entry.shard_id >= max(self.num_shards, 1) or not entry.slices and \
                    _fixed_size(entry) not in (None, entry.size):
                raise _data_loss(path, f"bad entry for tensor '{name}'")

    def read(self, name):
        """The tensor saved under `name` as a NumPy array (assembled if saved in slices)."""
        entry = self.entries.get(name)
        if entry is None:
            raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
        if not entry.slices:
            return self._read_entry(name, entry)
        result = np.empty(entry.shape, numpy_dtype(entry.dtype))
        covered = 0
        for extents in entry.slices:
            part = self.slice_entries.get(slice_key(name, extents))
            bounds = [(start, dim if length is None else start + length)
                      for (start, length), dim in zip(extents, entry.shape)]
            if part is None or len(extents) != len(entry.shape) or part.dtype != entry.dtype \
                    or part.shape != tuple(b - a for a, b in bounds) \
                    or any(a < 0 or b > dim for (a, b), dim in zip(bounds, entry.shape)):
                raise _data_loss(index_filename(self.prefix),
                                 f"a saved slice of tensor '{name}' is missing or malformed")
            result[tuple(slice(a, b) for a, b in bounds)] = self._read_entry(name, part)
            covered += int(np.prod(part.shape))
        if covered != result.size:
            raise _data_loss(index_filename(self.prefix),
                             f"the saved slices of tensor '{name}' do not cover it")
        return result

    def _read_entry(self, name, entry):
        path = data_filename(self.prefix, entry.shard_id, max(self.num_shards, 1))
        buf = bytearray(entry.size)
        try:
            with open(path, "rb") as f:
                f.seek(entry.offset)
                got = f.readinto(buf)
        except FileNotFoundError:
            raise errors.NotFoundError(None, None, f"Checkpoint data file {path} not found "
                                                   f"(needed for tensor '{name}')") from None
        if got != entry.size:
            raise _data_loss(path, f"tensor '{name}' needs bytes [{entry.offset}, "
                                   f"{entry.offset + entry.size}) but the file ends sooner")
        try:
            if entry.dtype == _STRING:
                value, crc = _decode_strings(buf, int(np.prod(entry.shape)))
                value = value.reshape(entry.shape)
            else:
                crc = crc32c(buf)
                dtype = numpy_dtype(entry.dtype)
                value = np.frombuffer(buf, dtype).reshape(entry.shape)
                if sys.byteorder != "little":
                    value = value.astype(dtype.newbyteorder("="))
        except _Corrupt as e:
            raise _data_loss(path, f"tensor '{name}': {e}") from None
        if crc != unmask(entry.crc32c):
            raise _data_loss(path, f"tensor '{name}' ({entry.size} bytes): checksum does not "
                                   f"match: stored {unmask(entry.crc32c)} vs. calculated on "
                                   f"the restored bytes {crc}")
        return value


def _fixed_size(entry):
    if entry.dtype == _STRING:
        return None
    try:
        return int(np.prod(entry.shape)) * numpy_dtype(entry.dtype).itemsize
    except errors.UnimplementedError:
        return None


def _decode_strings(buf, count):
    lengths, pos = [], 0
    for _ in range(count):
        n, pos = _get_varint(buf, pos)
        lengths.append(n)
    if pos + 4 + sum(lengths) != len(buf):
        raise _Corrupt("string lengths do not add up to the stored size")
    crc = crc32c(_length_words(lengths))
    stored = buf[pos:pos + 4]
    if int.from_bytes(stored, "little") != mask(crc):
        raise _Corrupt("string length checksum mismatch")
    crc = crc32c(bytes(stored), crc)
    pos += 4
    crc = crc32c(memoryview(buf)[pos:], crc)
    value = np.empty(count, object)
    for i, n in enumerate(lengths):
        value[i] = bytes(buf[pos:pos + n])
        pos += n
    return value, crc
