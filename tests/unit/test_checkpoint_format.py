"""TF's V2 checkpoint format: CRC32C, tables, bundle round trips, damage, atomic writes."""
import os
import time

import numpy as np
import pytest

from tensorlite.framework import errors
from tensorlite.train import checkpoint_format as fmt
from tensorlite.train import checkpoint_utils as utils


def _reference_crc(data, crc=0):
    """Bit-at-a-time CRC32C, the definition itself."""
    crc ^= 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


# ---------------------------------------------------------------------- CRC32C

def test_crc32c_known_values():
    # RFC 3720 (iSCSI) test vectors and the classic check value.
    assert fmt.crc32c(b"123456789") == 0xE3069283
    assert fmt.crc32c(bytes(32)) == 0x8A9136AA
    assert fmt.crc32c(b"\xff" * 32) == 0x62A8AB43
    assert fmt.crc32c(bytes(range(32))) == 0x46DD794E
    assert fmt.crc32c(b"") == 0


@pytest.mark.parametrize("size", [1, 7, 511, 512, 513, 4096, 70001, 1 << 17, (1 << 20) + 3])
def test_crc32c_matches_the_definition_at_every_size(size):
    data = np.random.default_rng(size).integers(0, 256, size, dtype=np.uint8).tobytes()
    reference = _reference_crc(data[:2000])
    assert fmt.crc32c(data[:2000]) == reference
    # Extending equals computing over the concatenation, from any split point.
    split = size // 3
    assert fmt.crc32c(data[split:], fmt.crc32c(data[:split])) == fmt.crc32c(data)
    assert fmt.crc32c(data, 12345) == fmt._raw_crc_small(data, 12345 ^ 0xFFFFFFFF) ^ 0xFFFFFFFF


def test_crc32c_is_fast_on_tens_of_megabytes():
    data = np.random.default_rng(0).integers(0, 256, 32 << 20, dtype=np.uint8)
    fmt.crc32c(data[:1 << 20])          # builds the tables
    start = time.perf_counter()
    fmt.crc32c(data)
    assert time.perf_counter() - start < 2.0     # ~0.1 s here; 2 s leaves room for slow CI


def test_mask_round_trip():
    for crc in (0, 1, 0xFFFFFFFF, 0xE3069283):
        assert fmt.unmask(fmt.mask(crc)) == crc
    assert fmt.mask(0) == 0xA282EAD8


# ---------------------------------------------------------------------- tables

def test_table_round_trip_across_many_blocks():
    items = [(f"key/{i:06d}/{'x' * (i % 50)}".encode(), os.urandom(i % 300))
             for i in range(6000)]
    table = fmt.build_table(items)
    assert len(table) > 3 * fmt._BLOCK_SIZE        # several data blocks and index entries
    assert fmt.parse_table(table) == items


def test_slice_keys_encode_as_tensorflow_does():
    # Keys as TF 2.21 wrote them for a [5, 2] variable split in two along axis 0.
    assert fmt.slice_key("scope/p", [(0, 3), (0, 2)]) == \
        b"\x00scope/p\x00\x01\x01\x02\x80\x83\x80\x82"
    assert fmt.slice_key("scope/p", [(3, 2), (0, None)]) == \
        b"\x00scope/p\x00\x01\x01\x02\x83\x82\x80\x7f"
    # OrderedCode's signed numbers: lengths grow at +-64, +-8192, ...
    out = bytearray()
    for value in (63, 64, 8191, 8192, 0x424242, -0x800, 1 << 40):
        fmt._ordered_signed(out, value)
    assert bytes(out) == (b"\xbf" + b"\xc0\x40" + b"\xdf\xff" + b"\xe0\x20\x00" +
                          b"\xf0\x42\x42\x42" + b"\x38\x00" + b"\xfd" + bytes(5))


# ---------------------------------------------------------------------- bundles

_VALUES = {
    "f16": np.array([1.5, -2.0], np.float16),
    "f32": np.arange(12, dtype=np.float32).reshape(3, 4) / 7,
    "f64": np.array([[np.pi, -np.inf, np.nan]]),
    "i8": np.array([-128, 127], np.int8),
    "i16": np.array([-3, 300], np.int16),
    "i32": np.array(-7, np.int32),
    "i64": np.array([2 ** 40, -1], np.int64),
    "u8": np.array([0, 255], np.uint8),
    "u16": np.array([65535], np.uint16),
    "u32": np.array([2 ** 32 - 1], np.uint32),
    "u64": np.array([2 ** 64 - 1], np.uint64),
    "bool": np.array([[True, False], [False, True]]),
    "c64": np.array([1 + 2j, -3j], np.complex64),
    "c128": np.array([[1e300 + 1j]], np.complex128),
    "empty": np.zeros((0, 3), np.float32),
    "scalar": np.array(2.5, np.float32),
    "scope/nested/name": np.ones([2, 1, 2], np.float64),
}
_STRINGS = {
    "s": np.array([b"hello", b"", b"x" * 200, "\u00e9t\u00e9".encode()], object),
    "s_scalar": np.array(b"scalar", object),
    "s_empty": np.zeros((0,), object),
    "s_2d": np.array([[b"a", b"\x00\xff"], [b"", b"long" * 100]], object),
}


def _write(prefix, values):
    with fmt.BundleWriter(prefix) as writer:
        for name, value in values.items():
            writer.add(name, value)


@pytest.fixture
def checkpoint(tmp_path):
    prefix = str(tmp_path / "model")
    _write(prefix, {**_VALUES, **_STRINGS})
    return prefix


def test_every_dtype_round_trips(checkpoint):
    reader = fmt.BundleReader(checkpoint)
    assert sorted(reader.entries) == sorted({**_VALUES, **_STRINGS})
    for name, value in _VALUES.items():
        restored = reader.read(name)
        assert restored.dtype == value.dtype and restored.shape == value.shape, name
        np.testing.assert_array_equal(restored, value)
    for name, value in _STRINGS.items():
        restored = reader.read(name)
        assert restored.shape == value.shape and restored.dtype == object, name
        assert restored.tolist() == value.tolist()


def test_files_are_named_as_tensorflow_names_them(checkpoint, tmp_path):
    assert sorted(os.listdir(tmp_path)) == ["model.data-00000-of-00001", "model.index"]


def test_unicode_strings_are_stored_as_utf8(tmp_path):
    prefix = str(tmp_path / "u")
    _write(prefix, {"u": np.array(["caf\u00e9", "x"])})
    assert fmt.BundleReader(prefix).read("u").tolist() == ["caf\u00e9".encode(), b"x"]


def test_big_tensor_round_trips(tmp_path):
    prefix = str(tmp_path / "big")
    value = np.random.default_rng(1).standard_normal((1500, 2000)).astype(np.float32)  # 12 MB
    _write(prefix, {"big": value, "small": np.ones(3)})
    reader = fmt.BundleReader(prefix)
    np.testing.assert_array_equal(reader.read("big"), value)
    assert reader.read("big").flags.writeable


def test_slices_assemble_into_the_full_tensor(tmp_path):
    prefix = str(tmp_path / "sliced")
    full = np.arange(600, dtype=np.float32).reshape(300, 2)
    with fmt.BundleWriter(prefix) as writer:
        writer.add_slice("emb", (300, 2), (0, 0), full[:150])
        writer.add_slice("emb", (300, 2), (150, 0), full[150:])
        writer.add("other", np.int64(1))
    reader = fmt.BundleReader(prefix)
    assert sorted(reader.entries) == ["emb", "other"]
    assert reader.entries["emb"].shape == (300, 2)
    np.testing.assert_array_equal(reader.read("emb"), full)


def test_duplicate_keys_are_refused(tmp_path):
    with pytest.raises(ValueError, match="duplicate key"):
        with fmt.BundleWriter(str(tmp_path / "d")) as writer:
            writer.add("a", np.ones(2))
            writer.add("a", np.ones(2))
    assert os.listdir(tmp_path) == []


def test_missing_key_and_missing_checkpoint(checkpoint, tmp_path):
    with pytest.raises(errors.NotFoundError, match="Key nope not found in checkpoint"):
        fmt.BundleReader(checkpoint).read("nope")
    with pytest.raises(errors.NotFoundError, match="Failed to find any matching files"):
        fmt.BundleReader(str(tmp_path / "absent"))


# ---------------------------------------------------------------------- damage

def _read_all(prefix):
    reader = fmt.BundleReader(prefix)
    return {name: reader.read(name).tolist() for name in sorted(reader.entries)}


def _small_checkpoint(tmp_path):
    prefix = str(tmp_path / "small")
    _write(prefix, {"a": np.arange(6, dtype=np.float32).reshape(2, 3),
                    "s": np.array([b"ab", b"c"], object), "z": np.int64(9)})
    return prefix


def test_every_corrupted_index_byte_is_detected_or_harmless(tmp_path):
    prefix = _small_checkpoint(tmp_path)
    expected = _read_all(prefix)
    path = prefix + ".index"
    original = open(path, "rb").read()
    for i in range(len(original)):
        damaged = bytearray(original)
        damaged[i] ^= 0x55
        with open(path, "wb") as f:
            f.write(damaged)
        try:
            # Only the footer's zero padding is not checksummed.
            assert _read_all(prefix) == expected, i
        except errors.DataLossError as e:
            assert path in str(e)


def test_every_corrupted_data_byte_is_detected(tmp_path):
    prefix = _small_checkpoint(tmp_path)
    path = fmt.data_filename(prefix)
    original = open(path, "rb").read()
    for i in range(len(original)):
        damaged = bytearray(original)
        damaged[i] ^= 0x01
        with open(path, "wb") as f:
            f.write(damaged)
        with pytest.raises(errors.DataLossError, match=path):
            _read_all(prefix)


@pytest.mark.parametrize("suffix", [".index", ".data-00000-of-00001"])
def test_every_truncation_is_detected(tmp_path, suffix):
    prefix = _small_checkpoint(tmp_path)
    path = prefix + suffix
    original = open(path, "rb").read()
    for length in range(len(original)):
        with open(path, "wb") as f:
            f.write(original[:length])
        with pytest.raises(errors.DataLossError, match=path):
            _read_all(prefix)


def test_missing_data_file_is_not_found(tmp_path):
    prefix = _small_checkpoint(tmp_path)
    os.remove(fmt.data_filename(prefix))
    with pytest.raises(errors.NotFoundError, match="data-00000-of-00001"):
        fmt.BundleReader(prefix).read("a")


# ---------------------------------------------------------------------- atomic writes

def test_a_failed_write_leaves_the_previous_checkpoint_intact(tmp_path, monkeypatch):
    prefix = _small_checkpoint(tmp_path)
    before = _read_all(prefix)
    files_before = sorted(os.listdir(tmp_path))
    original_write = fmt.BundleWriter._write_tensor
    calls = []

    def failing_write(self, value, dtype):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original_write(self, value, dtype)

    monkeypatch.setattr(fmt.BundleWriter, "_write_tensor", failing_write)
    with pytest.raises(OSError):
        _write(prefix, {"a": np.zeros((2, 3), np.float32), "s": np.array([b"new"], object),
                        "z": np.int64(0)})
    assert _read_all(prefix) == before
    assert sorted(os.listdir(tmp_path)) == files_before      # no temporaries left


def test_a_crash_before_publishing_leaves_the_previous_checkpoint_intact(tmp_path,
                                                                         monkeypatch):
    prefix = _small_checkpoint(tmp_path)
    before = _read_all(prefix)
    real_replace = os.replace

    def crash(src, dst):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(fmt.os, "replace", crash)
    with pytest.raises(OSError):
        _write(prefix, {"a": np.zeros((2, 3), np.float32)})
    monkeypatch.setattr(fmt.os, "replace", real_replace)
    assert _read_all(prefix) == before
    assert not [name for name in os.listdir(tmp_path) if "tempstate" in name]


# ---------------------------------------------------------------------- the state file

def test_checkpoint_state_text_round_trip(tmp_path):
    state = utils.CheckpointState("m-2", ["m-1", 'we"ird\\path\n\u00e9', "m-2"])
    text = str(state)
    assert text.splitlines()[0] == 'model_checkpoint_path: "m-2"'
    assert 'all_model_checkpoint_paths: "we\\"ird\\\\path\\n\\303\\251"' in text
    assert utils._parse_state(text) == state
    utils.atomic_write_string_to_file(str(tmp_path / "checkpoint"), text)
    loaded = utils.get_checkpoint_state(str(tmp_path))
    assert loaded.model_checkpoint_path == os.path.join(str(tmp_path), "m-2")
    assert loaded.all_model_checkpoint_paths[1] == os.path.join(str(tmp_path),
                                                                'we"ird\\path\n\u00e9')


def test_unparseable_state_file_is_ignored(tmp_path):
    (tmp_path / "checkpoint").write_text("model_checkpoint_path: \"a\"\nbogus_field: 3\n")
    assert utils.get_checkpoint_state(str(tmp_path)) is None
    assert utils.latest_checkpoint(str(tmp_path)) is None


# ---------------------------------------------------------------------- Saver details

def test_variables_with_save_slice_info_are_saved_as_one_key(tmp_path):
    # TF marks each part of a partitioned variable with `_save_slice_info`; a Saver given the
    # parts (e.g. from GLOBAL_VARIABLES) saves them as slices of one tensor.
    from types import SimpleNamespace

    import tensorlite as tf
    from tensorlite.train.saver import Saver
    v1 = tf.compat.v1
    full = np.arange(10, dtype=np.float32).reshape(5, 2)
    with tf.Graph().as_default():
        parts = [v1.Variable(full[:3], name="p/part_0"), v1.Variable(full[3:], name="p/part_1")]
        for part, offset in zip(parts, ([0, 0], [3, 0])):
            part._save_slice_info = SimpleNamespace(full_name="p", full_shape=[5, 2],
                                                    var_offset=offset,
                                                    var_shape=part.shape.as_list())
        saver = Saver()
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            prefix = saver.save(sess, str(tmp_path / "m"))
            sess.run([p.assign(tf.zeros_like(p)) for p in parts])
            saver.restore(sess, prefix)
            np.testing.assert_array_equal(np.concatenate(sess.run(parts)), full)
    reader = fmt.BundleReader(prefix)
    assert list(reader.entries) == ["p"]
    assert reader.entries["p"].slices == [[(0, 3), (0, 2)], [(3, 2), (0, 2)]]
    np.testing.assert_array_equal(reader.read("p"), full)


def test_saver_works_with_a_finalized_graph(tmp_path):
    import tensorlite as tf
    from tensorlite.train.saver import Saver
    v1 = tf.compat.v1
    with tf.Graph().as_default() as graph:
        w = v1.Variable([1.0, 2.0], name="w")
        saver = Saver()
        init = v1.global_variables_initializer()
        graph.finalize()
        with v1.Session() as sess:
            sess.run(init)
            prefix = saver.save(sess, str(tmp_path / "m"))
        with v1.Session() as sess:
            saver.restore(sess, prefix)
            assert sess.run(w).tolist() == [1.0, 2.0]


def test_restore_into_variables_sharing_an_initial_value(tmp_path):
    import tensorlite as tf
    from tensorlite.train.saver import Saver
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        init = tf.zeros([2])
        a, b = v1.Variable(init, name="a"), v1.Variable(init, name="b")
        saver = Saver([a, b])
        with v1.Session() as sess:
            sess.run([a.assign([1.0, 2.0]), b.assign([3.0, 4.0])])
            prefix = saver.save(sess, str(tmp_path / "m"))
        with v1.Session() as sess:
            saver.restore(sess, prefix)
            assert sess.run([a, b])[0].tolist() == [1.0, 2.0]
            assert sess.run(b).tolist() == [3.0, 4.0]
