"""Cases for the op tf.compat.v1.nn's bidirectional RNNs add: ReverseSequence."""
import numpy as np

from tests.ops.harness import Case, F, V


def np_reverse_sequence(x, lengths, seq_axis, batch_axis):
    moved = np.moveaxis(x, (batch_axis, seq_axis), (0, 1)).copy()
    for b, n in enumerate(lengths):
        moved[b, :n] = moved[b, :n][::-1]
    return np.moveaxis(moved, (0, 1), (batch_axis, seq_axis))


CASES = [
    Case("ReverseSequence", lambda tf, x, n: tf.reverse_sequence(x, n, seq_axis=1, batch_axis=0),
         lambda x, n: np_reverse_sequence(x, n, 1, 0), [F(3, 4, 2), V([2, 4, 0], "int32")],
         grad=2),
    Case("ReverseSequence", lambda tf, x, n: tf.reverse_sequence(x, n, 0, 2),
         lambda x, n: np_reverse_sequence(x, n, 0, 2), [F(5, 2, 3), V([1, 5, 3], "int64")],
         grad=1, name="time-major-int64"),
    Case("ReverseSequence", lambda tf, x, n: tf.reverse_sequence(x, n, 1),
         lambda x, n: np_reverse_sequence(x, n, 1, 0), [V(np.arange(12).reshape(3, 4), "int32"),
                                                         V([3, 1, 4], "int32")], name="int32"),
]
