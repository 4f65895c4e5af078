"""`tf.compat.v1.saved_model.signature_def_utils`: SignatureDefs of a serving graph."""
from tensorlite.saved_model import constants
from tensorlite.saved_model.proto import SignatureDef
from tensorlite.saved_model.utils import build_tensor_info


def build_signature_def(inputs=None, outputs=None, method_name=None, defaults=None):
    """A SignatureDef of name -> TensorInfo maps. Differs from TF: no `defaults`."""
    if defaults is not None:
        raise NotImplementedError("tensorlite's build_signature_def takes no `defaults` yet")
    return SignatureDef(inputs, outputs, method_name or "")


def predict_signature_def(inputs, outputs):
    """The Predict signature of {name: tensor} inputs and outputs."""
    if inputs is None or not inputs:
        raise ValueError("Prediction `inputs` cannot be None or empty.")
    if outputs is None or not outputs:
        raise ValueError("Prediction `outputs` cannot be None or empty.")
    return build_signature_def({key: build_tensor_info(t) for key, t in inputs.items()},
                               {key: build_tensor_info(t) for key, t in outputs.items()},
                               constants.PREDICT_METHOD_NAME)
