"""TF1 SavedModels (`tf.compat.v1.saved_model`): write with simple_save / the Builder, load
back into a fresh graph and session, signatures, init ops and TF's errors."""
import os

import numpy as np
import pytest

XS = np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5
W = np.linspace(-1, 1, 6, dtype=np.float32).reshape(3, 2)


def _model(tf):
    """x -> relu(x @ w + b) with a resource and a ref variable; returns (x, y)."""
    v1 = tf.compat.v1
    x = v1.placeholder(tf.float32, [None, 3], name="x")
    w = v1.get_variable("w", initializer=W)
    with v1.variable_scope("ref", use_resource=False):
        b = v1.get_variable("b", initializer=np.array([0.5, -0.25], np.float32))
    return x, tf.nn.relu(tf.matmul(x, w) + b, name="y")


def _expected():
    return np.maximum(XS @ W + np.array([0.5, -0.25], np.float32), 0)


def test_simple_save_and_load_runs_the_signature(tf, tmp_path):
    v1 = tf.compat.v1
    export_dir = str(tmp_path / "model")
    with tf.Graph().as_default():
        x, y = _model(tf)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            v1.saved_model.simple_save(sess, export_dir, {"x": x}, {"y": y})
    assert sorted(os.listdir(export_dir)) == ["saved_model.pb", "variables"]
    assert sorted(os.listdir(os.path.join(export_dir, "variables"))) == [
        "variables.data-00000-of-00001", "variables.index"]
    assert tf.saved_model.contains_saved_model(export_dir)
    assert v1.saved_model.contains_saved_model(export_dir)
    assert not tf.saved_model.contains_saved_model(str(tmp_path))

    with tf.Graph().as_default() as graph, v1.Session(graph=graph) as sess:
        meta = v1.saved_model.loader.load(sess, [v1.saved_model.tag_constants.SERVING],
                                          export_dir)
        assert list(meta.meta_info_def.tags) == ["serve"]
        signature = meta.signature_def[
            v1.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]
        assert signature.method_name == "tensorflow/serving/predict"
        assert signature.inputs["x"].name == "x:0"
        assert signature.outputs["y"].name == "y:0"
        assert signature.inputs["x"].dtype == tf.float32.as_datatype_enum
        assert [d.size for d in signature.inputs["x"].tensor_shape.dim] == [-1, 3]
        out = sess.run(signature.outputs["y"].name, {signature.inputs["x"].name: XS})
        np.testing.assert_allclose(out, _expected(), rtol=1e-6)
        # The variables hold the saved values, not fresh initial ones.
        names = sorted(v.op.name for v in v1.global_variables())
        assert names == ["ref/b", "w"]
        tensor = v1.saved_model.utils.get_tensor_from_tensor_info(signature.outputs["y"])
        assert tensor.name == "y:0"


def test_builder_tags_main_op_and_import_scope(tf, tmp_path):
    v1 = tf.compat.v1
    export_dir = str(tmp_path / "built")
    with tf.Graph().as_default():
        x, y = _model(tf)
        counter = v1.get_variable("counter", initializer=0.0, trainable=False)
        # The main op runs after the restore: the loaded counter is 10, not the saved 3.
        main_op = v1.assign_add(counter, 7.0).op
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            sess.run(v1.assign(counter, 3.0))
            builder = v1.saved_model.Builder(export_dir)
            info = v1.saved_model.utils.build_tensor_info
            signature = v1.saved_model.signature_def_utils.build_signature_def(
                {"in": info(x)}, {"out": info(y)}, "custom/method")
            builder.add_meta_graph_and_variables(
                sess, ["train", "gpu"], signature_def_map={"sig": signature},
                main_op=main_op)
            builder.add_meta_graph(["serve"])
            builder.save()

    with tf.Graph().as_default() as graph, v1.Session(graph=graph) as sess:
        meta = v1.saved_model.load(sess, ["gpu", "train"], export_dir, import_scope="imp")
        signature = meta.signature_def["sig"]
        assert signature.method_name == "custom/method"
        # The returned MetaGraphDef keeps the names; the graph has them under the scope.
        assert signature.inputs["in"].name == "x:0"
        out = sess.run("imp/" + signature.outputs["out"].name,
                       {"imp/" + signature.inputs["in"].name: XS})
        np.testing.assert_allclose(out, _expected(), rtol=1e-6)
        counter, = [v for v in v1.global_variables() if v.op.name == "imp/counter"]
        assert sess.run(counter) == 10.0

    with tf.Graph().as_default() as graph, v1.Session(graph=graph) as sess:
        meta = v1.saved_model.loader.load(sess, ["serve"], export_dir)
        assert dict(meta.signature_def) == {}
        np.testing.assert_allclose(sess.run("y:0", {"x:0": XS}), _expected(), rtol=1e-6)


def test_load_errors(tf, tmp_path):
    v1 = tf.compat.v1
    missing = str(tmp_path / "missing")
    with tf.Graph().as_default(), v1.Session() as sess:
        with pytest.raises(OSError, match="SavedModel file does not exist at: .*missing"):
            v1.saved_model.loader.load(sess, ["serve"], missing)
    export_dir = str(tmp_path / "model")
    with tf.Graph().as_default():
        x, y = _model(tf)
        with v1.Session() as sess:
            sess.run(v1.global_variables_initializer())
            v1.saved_model.simple_save(sess, export_dir, {"x": x}, {"y": y})
    with tf.Graph().as_default(), v1.Session() as sess:
        with pytest.raises(RuntimeError, match="MetaGraphDef associated with tags 'train' "
                                               "could not be found in SavedModel, with "
                                               "available tags '\\[\\{'serve'\\}\\]'"):
            v1.saved_model.loader.load(sess, ["train"], export_dir)


def test_builder_errors(tf, tmp_path):
    v1 = tf.compat.v1
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "file").write_text("x")
    with pytest.raises(AssertionError, match="already exists, and isn't empty"):
        v1.saved_model.Builder(str(tmp_path / "full"))
    builder = v1.saved_model.builder.SavedModelBuilder(str(tmp_path / "empty"))
    assert os.path.isdir(tmp_path / "empty")
    with tf.Graph().as_default():
        with pytest.raises(AssertionError, match="Please invoke "
                                                 "`add_meta_graph_and_variables\\(\\)` first"):
            builder.add_meta_graph(["serve"])
        x = tf.compat.v1.placeholder(tf.float32, [2], name="x")
        with pytest.raises(ValueError, match="Prediction `inputs` cannot be None or empty"):
            v1.saved_model.predict_signature_def({}, {"x": x})
        with pytest.raises(ValueError, match="Prediction `outputs` cannot be None or empty"):
            v1.saved_model.signature_def_utils.predict_signature_def({"x": x}, None)
        signature = v1.saved_model.predict_signature_def({"x": x}, {"y": x * 2})
        with v1.Session() as sess:
            with pytest.raises(KeyError, match="is reserved for initialization"):
                builder.add_meta_graph_and_variables(
                    sess, ["serve"], signature_def_map={"__saved_model_init_op": signature})
            with pytest.raises(TypeError, match="to be an Operation"):
                builder.add_meta_graph_and_variables(sess, ["serve"], main_op="init")


def test_constants(tf):
    v1 = tf.compat.v1.saved_model
    assert (v1.SERVING, v1.TRAINING, v1.GPU, v1.TPU) == ("serve", "train", "gpu", "tpu")
    assert v1.tag_constants.SERVING == tf.saved_model.SERVING == "serve"
    assert v1.signature_constants.PREDICT_METHOD_NAME == "tensorflow/serving/predict"
    assert tf.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY == "serving_default"
    assert (v1.MAIN_OP_KEY, v1.LEGACY_INIT_OP_KEY) == ("saved_model_main_op", "legacy_init_op")
    assert (v1.VARIABLES_DIRECTORY, v1.VARIABLES_FILENAME,
            v1.SAVED_MODEL_FILENAME_PB) == ("variables", "variables", "saved_model.pb")
