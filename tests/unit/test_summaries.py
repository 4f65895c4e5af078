"""Summaries and event files: TF's graph names and tags, the record format, and real
TensorFlow reading our files (the oracle interpreter runs as a subprocess)."""
import glob
import json
import os
import struct
import subprocess
import zlib

import numpy as np
import pytest

import tensorlite as tf
from tensorlite import event_file, summary, summary_v1
from tensorlite.framework import errors

ORACLE_VENV = os.environ.get("TENSORLITE_ORACLE_VENV",
                             os.path.expanduser("~/.cache/tensorlite/oracle-venv"))
ORACLE_PYTHON = os.path.join(ORACLE_VENV, "bin", "python")


def test_crc32c_and_record_framing(tmp_path):
    assert event_file.crc32c(b"123456789") == 0xE3069283        # the standard check value
    path = tmp_path / "records"
    path.write_bytes(event_file.tfrecord(b"abc") + event_file.tfrecord(b""))
    assert event_file.read_tfrecords(str(path)) == [b"abc", b""]
    corrupted = bytearray(path.read_bytes())
    corrupted[13] ^= 1
    path.write_bytes(bytes(corrupted))
    with pytest.raises(ValueError, match="corrupted record at byte 0"):
        event_file.read_tfrecords(str(path))


def test_png_encoding_decodes_to_the_pixels():
    image = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3) * 10
    png = event_file.encode_png(image)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, color = struct.unpack(">IIBB", png[16:26])
    assert (width, height, depth, color) == (3, 2, 8, 2)
    (length,) = struct.unpack(">I", png[33:37])
    raw = np.frombuffer(zlib.decompress(png[41:41 + length]), np.uint8).reshape(2, 1 + 9)
    assert (raw[:, 0] == 0).all()
    np.testing.assert_array_equal(raw[:, 1:].reshape(2, 3, 3), image)


def test_image_normalisation_as_tf():
    positive = summary_v1.image_to_uint8(np.array([[[1.0], [2.0], [4.0]]]))
    np.testing.assert_array_equal(positive.ravel(), [63, 127, 255])
    signed = summary_v1.image_to_uint8(np.array([[[-1.0], [0.0], [0.5]]]))
    np.testing.assert_array_equal(signed.ravel(), [1, 128, 191])
    bad = summary_v1.image_to_uint8(np.array([[[np.nan, 0, 0], [1, 1, 1]]]))
    np.testing.assert_array_equal(bad[0, 0], [255, 0, 0])


def test_v1_graph_names_tags_and_collection():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3], name="x")
        loss = summary_v1.scalar("loss", tf.reduce_sum(x))
        again = summary_v1.scalar("loss", tf.reduce_sum(x))
        hist = summary_v1.histogram("hist", x)
        with tf.name_scope("train"):
            img = summary_v1.image("img", tf.reshape(x, [-1, 1, 3, 1]), family="pics")
        merged = summary_v1.merge_all()
        assert [(t.name, t.op.type) for t in (loss, again, hist, img, merged)] == [
            ("loss:0", "ScalarSummary"), ("loss_1:0", "ScalarSummary"),
            ("hist:0", "HistogramSummary"), ("train/pics/img:0", "ImageSummary"),
            ("Merge/MergeSummary:0", "MergeSummary")]
        assert [t.name for t in loss.op.inputs] == ["loss/tags:0", "Sum:0"]
        assert graph.get_collection("summaries") == [loss, again, hist, img]
        with tf.compat.v1.Session() as sess:
            value = sess.run(img, {x: [[0, 1, 2]]})
        assert b"pics/train/pics/img/image/0" in value
    with tf.Graph().as_default():
        assert summary_v1.merge_all() is None


def test_v1_errors():
    with pytest.raises(RuntimeError, match="not compatible with eager execution"):
        summary_v1.FileWriter("/tmp/never")
    with pytest.raises(RuntimeError, match="not compatible with eager execution"):
        summary_v1.merge_all()
    with pytest.raises(errors.InvalidArgumentError, match="Nan in summary histogram for: h"):
        summary_v1.histogram("h", tf.constant([1.0, np.nan]))
    with pytest.raises(errors.InvalidArgumentError, match="Tensor must be 4-D with last dim"):
        summary_v1.image("i", tf.zeros([1, 2, 2, 2]))
    graph = tf.Graph()
    with graph.as_default():
        a = summary_v1.scalar("a", 1.0)
        b = summary_v1.scalar("a", 2.0, collections=[])
        dup = summary_v1.merge([a, a])
        with tf.compat.v1.Session() as sess:
            with pytest.raises(errors.InvalidArgumentError, match="Duplicate tag a found"):
                sess.run(dup)
            assert len(sess.run(summary_v1.merge([a, b]))) > 0


def test_v2_recording_rules(tmp_path):
    assert not summary.scalar("x", 1.0, step=0).numpy()        # no default writer
    writer = summary.create_file_writer(str(tmp_path))
    with writer.as_default():
        assert summary.should_record_summaries()
        with pytest.raises(ValueError, match="No step set"):
            summary.scalar("x", 1.0)
        with summary.record_if(False):
            assert not summary.scalar("x", 1.0, step=1).numpy()
        assert summary.scalar("x", 1.0, step=1).numpy()
    with writer.as_default(step=4):
        assert summary.experimental.get_step() == 4
        assert summary.scalar("y", 2.0).numpy()
    assert summary.experimental.get_step() is None
    [path] = glob.glob(str(tmp_path / "events.out.tfevents.*.v2"))
    assert len(event_file.read_tfrecords(path)) == 3            # file_version + 2 summaries


def test_v2_histogram_buckets_as_tensorboard():
    buckets = summary.histogram_buckets([1.0, 2.0, 2.0, 5.0], 3)
    np.testing.assert_allclose(buckets, [[1, 7 / 3, 3], [7 / 3, 11 / 3, 0], [11 / 3, 5, 1]])
    np.testing.assert_array_equal(summary.histogram_buckets([2.0, 2.0], 2),
                                  [[2, 2, 2], [2, 2, 0]])
    assert summary.histogram_buckets([], 4).shape == (4, 3)


def _write_everything(logdir):
    """Event files from both APIs; returns what real TF should read back."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3], name="x")
        summary_v1.scalar("loss", tf.reduce_sum(x))
        summary_v1.histogram("hist", x)
        summary_v1.image("img", tf.reshape(x, [-1, 1, 3, 1]), max_outputs=2)
        summary_v1.text("txt", tf.constant("hi"))
        merged = summary_v1.merge_all()
        with tf.compat.v1.Session() as sess:
            serialized = sess.run(merged, {x: [[1, 2, 3], [0.5, -1, 2]]})
        writer = summary_v1.FileWriter(os.path.join(logdir, "v1"), graph)
        writer.add_summary(serialized, 7)
        writer.add_summary(summary_v1.Summary(value=[summary_v1.Summary.Value(
            tag="manual", simple_value=3.5)]), 8)
        writer.add_run_metadata(summary_v1.RunMetadata(), "step8", 8)
        writer.close()
    writer = summary.create_file_writer(os.path.join(logdir, "v2"))
    step = tf.Variable(5, dtype=tf.int64)

    @tf.function
    def log(values):
        summary.scalar("in_function", tf.reduce_sum(values), step=step)
        return values

    with writer.as_default():
        summary.scalar("a", 1.5, step=1)
        summary.histogram("h", [1.0, 2.0, 2.0, 5.0], step=1, buckets=3)
        summary.image("im", np.ones((1, 2, 2, 3), np.float32), step=1)
        summary.text("t", "hello", step=2)
        log(tf.constant([1.0, 2.0]))
    writer.close()


_ORACLE_READER = r"""
import glob, json, sys
import tensorflow as tf
out = {}
for path in sorted(glob.glob(sys.argv[1] + "/*/events.out.tfevents.*")):
    events = []
    for e in tf.compat.v1.train.summary_iterator(path):
        item = {"step": e.step, "file_version": e.file_version}
        if e.HasField("graph_def"):
            item["graph"] = [[n.name, n.op, list(n.input)]
                             for n in tf.compat.v1.GraphDef.FromString(e.graph_def).node]
        if e.HasField("tagged_run_metadata"):
            item["run_metadata_tag"] = e.tagged_run_metadata.tag
        values = []
        for v in e.summary.value:
            value = {"tag": v.tag, "plugin": v.metadata.plugin_data.plugin_name}
            kind = v.WhichOneof("value")
            if kind == "simple_value":
                value["simple_value"] = v.simple_value
            elif kind == "histo":
                value["histo"] = [v.histo.min, v.histo.max, v.histo.num, v.histo.sum,
                                  v.histo.sum_squares, list(v.histo.bucket_limit),
                                  list(v.histo.bucket)]
            elif kind == "image":
                value["image"] = [v.image.height, v.image.width, v.image.colorspace,
                                  tf.io.decode_png(v.image.encoded_image_string).numpy().ravel().tolist()]
            elif kind == "tensor":
                array = tf.make_ndarray(v.tensor)
                if v.metadata.plugin_data.plugin_name == "images":
                    value["tensor"] = [array[0].decode(), array[1].decode(),
                                       tf.io.decode_png(array[2]).numpy().shape]
                else:
                    value["tensor"] = array.tolist() if array.dtype != object else \
                        [s.decode() for s in array.ravel()]
            values.append(value)
        item["values"] = values
        events.append(item)
    out[path.split("/")[-2]] = events
print(json.dumps(out))
"""


def test_real_tensorflow_reads_our_event_files(tmp_path):
    if not os.path.exists(ORACLE_PYTHON):
        if os.environ.get("TENSORLITE_NO_ORACLE") == "1":
            pytest.skip("TENSORLITE_NO_ORACLE=1: not checked against real TensorFlow")
        pytest.fail(f"THE TENSORFLOW ORACLE IS MISSING ({ORACLE_PYTHON}): event files were NOT "
                    "checked against real TensorFlow (set TENSORLITE_NO_ORACLE=1 to skip)")
    _write_everything(str(tmp_path))
    script = tmp_path / "read.py"
    script.write_text(_ORACLE_READER)
    result = subprocess.run([ORACLE_PYTHON, str(script), str(tmp_path)], capture_output=True,
                            text=True, timeout=300, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    assert result.returncode == 0, result.stderr[-3000:]
    read = json.loads(result.stdout.strip().splitlines()[-1])
    v1, v2 = read["v1"], read["v2"]

    assert v1[0]["file_version"] == "brain.Event:2"
    graph = v1[1]["graph"]
    assert ["loss", "ScalarSummary", ["loss/tags", "Sum"]] in graph
    assert ["Sum", "Sum", ["x", "Const"]] in graph
    summary_event = v1[2]
    assert summary_event["step"] == 7
    loss, hist, img0, img1, txt = summary_event["values"]
    assert loss == {"tag": "loss", "plugin": "", "simple_value": 7.5}
    # TF's own HistogramSummary of these values (tensorflow 2.21).
    assert hist["histo"][:5] == [-1.0, 3.0, 6.0, 7.5, 19.25]
    np.testing.assert_allclose(hist["histo"][5], [
        -1.0089710279437536, -0.917246389039776, 0.47069243095356195, 0.51776167404891815,
        0.917246389039776, 1.0089710279437536, 1.9661990955585713, 2.1628190051144287,
        2.8787120958073054, 3.1665833053880363, 1.7976931348623157e+308], rtol=1e-15)
    assert hist["histo"][6] == [0, 1, 0, 1, 0, 1, 0, 2, 0, 1, 0]
    assert (img0["tag"], img1["tag"]) == ("img/image/0", "img/image/1")
    assert img0["image"] == [1, 3, 1, [85, 170, 255]]            # TF's scaling of [1, 2, 3]
    assert img1["image"][3] == [159, 64, 255]                     # [0.5, -1, 2]: signed
    assert txt == {"tag": "txt", "plugin": "text", "tensor": ["hi"]}
    assert v1[3]["values"] == [{"tag": "manual", "plugin": "", "simple_value": 3.5}]
    assert v1[4]["run_metadata_tag"] == "step8"

    by_tag = {value["tag"]: (event["step"], value) for event in v2 for value in event["values"]}
    assert by_tag["a"] == (1, {"tag": "a", "plugin": "scalars", "tensor": 1.5})
    np.testing.assert_allclose(by_tag["h"][1]["tensor"], [[1, 7 / 3, 3], [7 / 3, 11 / 3, 0],
                                                          [11 / 3, 5, 1]])
    assert by_tag["im"][1]["tensor"] == ["2", "2", [2, 2, 3]]
    assert by_tag["t"] == (2, {"tag": "t", "plugin": "text", "tensor": ["hello"]})
    assert by_tag["in_function"] == (5, {"tag": "in_function", "plugin": "scalars",
                                         "tensor": 3.0})
