"""TF1 SavedModels cross between tensorlite and real TensorFlow 2.21: one tensorlite wrote
loads in TF (tf.compat.v1.saved_model.loader.load and TF2's tf.saved_model.load), runs its
signature with the same outputs and saves again through the SaverDef's ops; one TF's
simple_save wrote loads and runs in tensorlite.
Without the oracle these tests FAIL, unless TENSORLITE_NO_ORACLE=1 says to skip them.
"""

import numpy as np

import tensorlite as tf
from tests.unit.oracle import run_tensorflow as _oracle_run

XS = np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5
W = np.linspace(-1, 1, 6, dtype=np.float32).reshape(3, 2)
B = np.array([0.5, -0.25], np.float32)


def _expected():
    return np.maximum(XS @ W + B, 0)


def test_tensorflow_loads_a_tensorlite_saved_model(tmp_path):
    v1 = tf.compat.v1
    export_dir = str(tmp_path / "model")
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [None, 3], name="x")
        w = v1.get_variable("w", initializer=W)
        with v1.variable_scope("ref", use_resource=False):
            b = v1.get_variable("b", initializer=B)
        y = tf.nn.relu(tf.matmul(x, w) + b, name="y")
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            v1.saved_model.simple_save(sess, export_dir, {"x": x}, {"y": y})
    np.save(tmp_path / "xs.npy", XS)
    _run_tensorflow(f"""
        import numpy as np
        import tensorflow as tf
        v1 = tf.compat.v1
        xs = np.load("xs.npy")
        with tf.Graph().as_default(), v1.Session() as sess:
            meta = v1.saved_model.loader.load(sess, ["serve"], {export_dir!r})
            signature = meta.signature_def["serving_default"]
            assert signature.method_name == "tensorflow/serving/predict", signature
            shape = [d.size for d in signature.inputs["x"].tensor_shape.dim]
            assert shape == [-1, 3], shape
            np.save("v1.npy", sess.run(signature.outputs["y"].name,
                                       {{signature.inputs["x"].name: xs}}))
            # TF saves again through the ops the SaverDef names.
            saver_def = meta.saver_def
            sess.run(saver_def.save_tensor_name,
                     {{saver_def.filename_tensor_name: "resaved/ckpt"}})
        loaded = tf.saved_model.load({export_dir!r})
        np.save("v2.npy", loaded.signatures["serving_default"](x=tf.constant(xs))["y"])
    """, str(tmp_path))
    np.testing.assert_allclose(np.load(tmp_path / "v1.npy"), _expected(), rtol=1e-6)
    np.testing.assert_allclose(np.load(tmp_path / "v2.npy"), _expected(), rtol=1e-6)
    reader = tf.train.load_checkpoint(str(tmp_path / "resaved" / "ckpt"))
    np.testing.assert_array_equal(reader.get_tensor("w"), W)
    np.testing.assert_array_equal(reader.get_tensor("ref/b"), B)


def test_tensorlite_loads_a_tensorflow_saved_model(tmp_path):
    export_dir = str(tmp_path / "tf_model")
    np.save(tmp_path / "w.npy", W)
    _run_tensorflow(f"""
        import numpy as np
        import tensorflow as tf
        v1 = tf.compat.v1
        with tf.Graph().as_default():
            x = v1.placeholder(tf.float32, [None, 3], name="x")
            w = v1.get_variable("w", initializer=np.load("w.npy"))
            with v1.variable_scope("ref", use_resource=False):
                b = v1.get_variable("b", initializer=np.array({B.tolist()}, np.float32))
            steps = v1.get_variable("steps", initializer=0, trainable=False)
            y = tf.nn.relu(tf.matmul(x, w) + b, name="y")
            with v1.Session() as sess:
                sess.run(v1.global_variables_initializer())
                sess.run(v1.assign(steps, 5))
                v1.saved_model.simple_save(sess, {export_dir!r}, {{"x": x}}, {{"y": y}},
                                           legacy_init_op=v1.assign_add(steps, 1).op)
    """, str(tmp_path))
    v1 = tf.compat.v1
    with tf.Graph().as_default() as graph, v1.Session(graph=graph) as sess:
        meta = v1.saved_model.loader.load(sess, ["serve"], export_dir)
        assert meta.meta_info_def.tensorflow_version == "2.21.0"
        signature = meta.signature_def["serving_default"]
        out = sess.run(signature.outputs["y"].name, {signature.inputs["x"].name: XS})
        np.testing.assert_allclose(out, _expected(), rtol=1e-6)
        steps, = [v for v in v1.global_variables() if v.op.name == "steps"]
        assert sess.run(steps) == 6      # restored 5, then TF's legacy init op ran
        assert meta.saver_def.restore_op_name == "save/restore_all"


def test_tensorflow_runs_a_saved_model_holding_a_cond(tmp_path):
    # Function bodies go into the GraphDef's function library (tensorlite/function_def.py).
    v1 = tf.compat.v1
    export_dir = str(tmp_path / "m")
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [], name="x")
        scale = v1.get_variable("scale", initializer=2.0)
        y = tf.cond(x > 0, lambda: x * scale, lambda: -x)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            v1.saved_model.simple_save(sess, export_dir, {"x": x}, {"y": y})
    out = _run_tensorflow(f"""
        import tensorflow as tf
        v1 = tf.compat.v1
        with tf.Graph().as_default(), v1.Session() as sess:
            meta = v1.saved_model.loader.load(sess, ["serve"], {export_dir!r})
            sig = meta.signature_def["serving_default"]
            x, y = sig.inputs["x"].name, sig.outputs["y"].name
            print(sess.run(y, {{x: 3.0}}), sess.run(y, {{x: -4.0}}))
        """, str(tmp_path))
    assert out.split() == ["6.0", "4.0"]


def _run_tensorflow(source, workdir):
    return _oracle_run(source, workdir, "SavedModel interop")
