"""`tf.compat.v1.saved_model.loader`: load a TF1 SavedModel into a session, as TF's
SavedModelLoader does: import the MetaGraphDef with the requested tags (train/meta_graph.py),
restore its variables from variables/variables with the Saver that import returns, then run
its init op (the `__saved_model_init_op` signature, else the main op or legacy init op).

Differs from TF: saved_model.pbtxt and SavedModels with assets are not read
(NotImplementedError); the returned MetaGraphDef is tensorlite's (saved_model/proto.py).
"""
import os

from tensorlite.saved_model import constants
from tensorlite.saved_model.proto import SavedModel


def maybe_saved_model_directory(export_dir):
    """Whether `export_dir` holds a SavedModel file (it may still fail to load)."""
    export_dir = os.fspath(export_dir)
    return any(os.path.exists(os.path.join(export_dir, name)) for name in (
        constants.SAVED_MODEL_FILENAME_PBTXT, constants.SAVED_MODEL_FILENAME_PB,
        constants.SAVED_MODEL_FILENAME_CPB))


def contains_saved_model(export_dir):
    """`tf.saved_model.contains_saved_model`."""
    return maybe_saved_model_directory(export_dir)


def parse_saved_model(export_dir):
    """The SavedModel of `export_dir`/saved_model.pb."""
    export_dir = os.fspath(export_dir)
    path_pb = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB)
    path_pbtxt = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)
    if os.path.exists(path_pb):
        with open(path_pb, "rb") as f:
            data = f.read()
        saved_model = SavedModel()
        try:
            saved_model.ParseFromString(data)
        except (ValueError, IndexError, KeyError, TypeError, UnicodeDecodeError) as e:
            raise OSError(f"Cannot parse file {path_pb}: {e}.") from None
        return saved_model
    if os.path.exists(path_pbtxt):
        raise NotImplementedError(f"tensorlite reads binary SavedModels only "
                                  f"(saved_model.pb), not {path_pbtxt}")
    raise OSError(f"SavedModel file does not exist at: {export_dir}{os.path.sep}"
                  f"{{{constants.SAVED_MODEL_FILENAME_PBTXT}|"
                  f"{constants.SAVED_MODEL_FILENAME_PB}}}")


def _meta_graph_with_tags(saved_model, tags):
    available = []
    for meta in saved_model.meta_graphs:
        available.append(set(meta.meta_info_def.tags))
        if set(meta.meta_info_def.tags) == set(tags):
            return meta
    raise RuntimeError(
        f"MetaGraphDef associated with tags {str(tags).strip('[]')} could not be found in "
        f"SavedModel, with available tags '{available}'. To inspect available tag-sets in "
        "the SavedModel, please use the SavedModel CLI: `saved_model_cli`.")


def load(sess, tags, export_dir, import_scope=None, **saver_kwargs):
    """Import the MetaGraphDef tagged `tags` into `sess.graph`, restore its variables and
    run its init op; returns the MetaGraphDef."""
    from tensorlite.train import checkpoint_utils  # noqa: F401  (registers RestoreV2)
    from tensorlite.train import meta_graph
    if saver_kwargs:
        raise NotImplementedError(f"tensorlite's loader.load takes no Saver arguments "
                                  f"({', '.join(sorted(saver_kwargs))})")
    export_dir = os.fspath(export_dir)
    meta = _meta_graph_with_tags(parse_saved_model(export_dir), tags)
    if meta.has_assets:
        raise NotImplementedError("tensorlite does not load SavedModels with assets yet")
    graph = sess.graph
    with graph.as_default():
        saver = meta_graph.import_meta_graph(meta.SerializeToString(),
                                             import_scope=import_scope)
        if saver is not None:
            saver.restore(sess, os.path.join(export_dir, constants.VARIABLES_DIRECTORY,
                                             constants.VARIABLES_FILENAME))
        init_op = _init_op(meta, graph, import_scope)
        if init_op is not None:
            sess.run([init_op])
    return meta


def _init_op(meta, graph, import_scope):
    prefix = f"{import_scope}/" if import_scope else ""
    signature = meta.signature_def.get(constants.INIT_OP_SIGNATURE_KEY)
    if signature is not None:
        # TF stores the op as the signature's one output, named by the op's name.
        info = signature.outputs[constants.INIT_OP_SIGNATURE_KEY]
        return graph.get_operation_by_name(prefix + info.name)
    for key in (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY):
        names = meta.node_list(key)
        if names:
            if len(names) != 1:
                raise RuntimeError(f"Expected exactly one SavedModel init op. Found "
                                   f"{len(names)}: {names}.")
            return graph.get_collection(key)[0]
    return None
