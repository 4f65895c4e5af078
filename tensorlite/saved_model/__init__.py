"""The `tf.saved_model` namespace. tensorlite reads and writes TF1 SavedModels
(`tf.compat.v1.saved_model`); TF2's object-based `tf.saved_model.save`/`load` are not
provided and raise tensorlite's missing-API error."""
from tensorlite.saved_model.constants import (  # noqa: F401
    ASSETS_DIRECTORY, ASSETS_KEY, CLASSIFY_INPUTS, CLASSIFY_METHOD_NAME,
    CLASSIFY_OUTPUT_CLASSES, CLASSIFY_OUTPUT_SCORES, DEBUG_DIRECTORY, DEBUG_INFO_FILENAME_PB,
    DEFAULT_SERVING_SIGNATURE_DEF_KEY, GPU, PREDICT_INPUTS, PREDICT_METHOD_NAME,
    PREDICT_OUTPUTS, REGRESS_INPUTS, REGRESS_METHOD_NAME, REGRESS_OUTPUTS,
    SAVED_MODEL_FILENAME_PB, SAVED_MODEL_FILENAME_PBTXT, SAVED_MODEL_SCHEMA_VERSION, SERVING,
    TPU, TRAINING, VARIABLES_DIRECTORY, VARIABLES_FILENAME)
from tensorlite.saved_model.loader import contains_saved_model  # noqa: F401


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
