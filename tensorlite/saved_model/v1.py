"""The `tf.compat.v1.saved_model` namespace: TF1 SavedModels (builder, loader, signatures).
What it lacks raises tensorlite's missing-API error."""
from tensorlite.saved_model import (  # noqa: F401  (submodules TF exposes here)
    builder, loader, signature_constants, signature_def_utils, tag_constants, utils)
from tensorlite.saved_model import constants  # noqa: F401
from tensorlite.saved_model.builder import Builder, simple_save  # noqa: F401
from tensorlite.saved_model.constants import (  # noqa: F401
    ASSETS_DIRECTORY, ASSETS_KEY, CLASSIFY_INPUTS, CLASSIFY_METHOD_NAME,
    CLASSIFY_OUTPUT_CLASSES, CLASSIFY_OUTPUT_SCORES, DEBUG_DIRECTORY, DEBUG_INFO_FILENAME_PB,
    DEFAULT_SERVING_SIGNATURE_DEF_KEY, GPU, LEGACY_INIT_OP_KEY, MAIN_OP_KEY, PREDICT_INPUTS,
    PREDICT_METHOD_NAME, PREDICT_OUTPUTS, REGRESS_INPUTS, REGRESS_METHOD_NAME,
    REGRESS_OUTPUTS, SAVED_MODEL_FILENAME_PB, SAVED_MODEL_FILENAME_PBTXT,
    SAVED_MODEL_SCHEMA_VERSION, SERVING, TPU, TRAINING, VARIABLES_DIRECTORY,
    VARIABLES_FILENAME)
from tensorlite.saved_model.loader import load, maybe_saved_model_directory  # noqa: F401
from tensorlite.saved_model.loader import (  # noqa: F401
    maybe_saved_model_directory as contains_saved_model)
from tensorlite.saved_model.signature_def_utils import (  # noqa: F401
    build_signature_def, predict_signature_def)
from tensorlite.saved_model.utils import (  # noqa: F401
    build_tensor_info, get_tensor_from_tensor_info)


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
