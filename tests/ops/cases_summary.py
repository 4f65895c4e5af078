"""Summary ops: each case checks the serialized Summary against the bytes event_file encodes
(the harness compares numbers, so the bytes are compared through tf.equal)."""
import numpy as np

from tensorlite import event_file, summary, summary_v1
from tests.ops.harness import Case, V

_X = np.array([1.0, -2.0, 3.5], np.float32)
_IMAGE = np.array([[[[0.0], [0.5], [1.0]]]], np.float32)


def _equals(tf, value, expected):
    return tf.cast(tf.equal(value, expected), tf.int32)


def _scalar_bytes(tag, value):
    return event_file.summary([event_file.summary_value(tag, simple_value=value)])


def _histogram_bytes(tag, values):
    return event_file.summary([event_file.summary_value(
        tag, histo=event_file.histogram_proto(values))])


def _image_bytes(tag, image):
    pixels = summary_v1.image_to_uint8(image[0])
    return event_file.summary([event_file.summary_value(
        f"{tag}/image", image=event_file.image_proto(1, 3, 1, event_file.encode_png(pixels)))])


def _tensor_bytes(tag, value):
    return event_file.summary([event_file.summary_value(
        tag, tensor=event_file.tensor_proto(value), metadata=event_file.summary_metadata(""))])


def _merged(tf, x):
    # TF allows MergeSummary only in graphs; eagerly the case checks the first input alone.
    first = summary_v1.scalar("a", x[0])
    if tf.executing_eagerly():
        return _equals(tf, first, _scalar_bytes("a", 1.0))
    merged = summary_v1.merge([first, summary_v1.scalar("b", x[2])])
    return _equals(tf, merged, _scalar_bytes("a", 1.0) + _scalar_bytes("b", 3.5))


def _write_without_writer(tf, x):
    # No default writer: WriteSummary runs and reports that nothing was written.
    return tf.cast(summary.scalar("s", tf.reduce_sum(x), step=1), tf.int32)


CASES = [
    Case("ScalarSummary", lambda tf, x: _equals(tf, summary_v1.scalar("s", tf.reduce_sum(x)),
                                                 _scalar_bytes("s", 2.5)),
         lambda x: np.int32(1), [V(_X)]),
    Case("HistogramSummary", lambda tf, x: _equals(tf, summary_v1.histogram("h", x),
                                                    _histogram_bytes("h", _X)),
         lambda x: np.int32(1), [V(_X)]),
    Case("ImageSummary", lambda tf, x: _equals(tf, summary_v1.image("i", x, max_outputs=1),
                                                _image_bytes("i", _IMAGE)),
         lambda x: np.int32(1), [V(_IMAGE)]),
    Case("TensorSummaryV2", lambda tf, x: _equals(tf, summary_v1.tensor_summary("t", x),
                                                   _tensor_bytes("t", _X)),
         lambda x: np.int32(1), [V(_X)]),
    Case("MergeSummary", _merged, lambda x: np.int32(1), [V(_X)]),
    Case("WriteSummary", _write_without_writer, lambda x: np.int32(0), [V(_X)]),
]
