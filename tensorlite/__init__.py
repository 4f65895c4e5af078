"""tensorlite: TensorFlow's programming model in pure Python on NumPy.

`import tensorlite as tf` gives TF 2.x's namespace; `tf.compat.v1` gives TF 1.x's.
"""
from tensorlite._api import *  # noqa: F401,F403
from tensorlite._api import dtypes, errors, newaxis  # noqa: F401
from tensorlite import _api as _all_names
from tensorlite import compat  # noqa: F401
from tensorlite import math  # noqa: F401
from tensorlite import nn, random, debugging, linalg  # noqa: F401

globals().update({name: value for name, value in vars(_all_names).items()
                  if not name.startswith("_")})

__version__ = "0.1.0"

from tensorlite.framework.allocator import tune_malloc as _tune_malloc  # noqa: E402
_tune_malloc()

# TF computes inf/nan silently (1/0, log(0)); NumPy's RuntimeWarnings raised inside
# tensorlite's kernels would only be noise, so silence them for our modules alone.
import warnings as _warnings  # noqa: E402
_warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"tensorlite(\.|$)")


# Namespaces loaded on first use: most programs never touch them, and import time counts.
_LAZY_SUBMODULES = {"train", "io", "summary", "config", "data", "image", "nest", "graph_util",
                    "signal", "sparse", "strings", "raw_ops", "saved_model"}
# Top-level names defined in such a namespace: name -> module.
_LAZY_NAMES = {"SparseTensor": "tensorlite.sparse"}


def __getattr__(name):
    if name in _LAZY_NAMES:
        import importlib
        value = globals()[name] = getattr(importlib.import_module(_LAZY_NAMES[name]), name)
        return value
    if name in _LAZY_SUBMODULES:
        import importlib
        module = importlib.import_module(f"tensorlite.{name}")
        globals()[name] = module
        return module
    # A TF name tensorlite lacks: one clear error naming it (tensorlite run prints it).
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
