"""Cases for the complex-number ops (see harness.py). Inputs are float pairs made complex
with tf.complex, so the gradient check differentiates real losses of real inputs through
the complex ops (TF's convention: the gradient of z = x + iy is dL/dx + i dL/dy)."""
import numpy as np

from tests.ops.harness import Case, F, V

CASES = [
    Case("Complex", lambda tf, x, y: tf.complex(x, y), lambda x, y: (x + 1j * y).astype(
        np.complex64), [F(2, 3), F(2, 3)]),
    Case("Complex", lambda tf, x, y: tf.complex(x, y), lambda x, y: (x + 1j * y).astype(
        np.complex64), [F(2, 1), F(3)], name="broadcast"),
    Case("Complex", lambda tf, x, y: tf.complex(x, y), lambda x, y: np.array(
        [complex(0, np.inf), complex(np.inf, 1)], np.complex64),
         [V(np.array([0.0, np.inf], np.float32)), V(np.array([np.inf, 1.0], np.float32))],
         name="infinite-parts"),
    Case("Real", lambda tf, x, y: [tf.math.real(tf.complex(x, y)),
                                   tf.math.imag(tf.complex(x, y))],
         lambda x, y: [np.broadcast_to(x, (2, 3)), np.broadcast_to(y, (2, 3))],
         [F(2, 3), F(3)], grad=2, name="with-imag-broadcast"),
    Case("Real", lambda tf, x: tf.math.real(x), np.real,
         [V(np.array([1 + 2j, -3j], np.complex128))]),
    Case("Imag", lambda tf, x: tf.math.imag(x), np.imag,
         [V(np.array([1 + 2j, -3j], np.complex64))]),
    Case("Imag", lambda tf, x, y: tf.math.imag(tf.complex(x, y)), lambda x, y: y,
         [F(2, 3), F(2, 3)], grad=2, name="of-complex"),
    Case("Angle", lambda tf, x, y: tf.math.angle(tf.complex(x, y)), lambda x, y: np.arctan2(y, x),
         [F(2, 3), F(2, 3, low=0.5, high=2)], grad=1, name="of-complex"),
    Case("Angle", lambda tf, x: tf.math.angle(x), np.angle,
         [V(np.array([1 + 1j, -1 + 0j, -2j, 0j], np.complex64))], name="fixed"),
    Case("ComplexAbs", lambda tf, x, y: tf.abs(tf.complex(x, y)), np.hypot,
         [F(2, 3, low=0.5, high=2), F(2, 3)], grad=1),
    Case("ComplexAbs", lambda tf, x: tf.abs(x), np.abs,
         [V(np.array([3 + 4j, 0j, -1j], np.complex128))], name="fixed"),
]
