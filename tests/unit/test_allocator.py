"""The malloc settings tensorlite applies at import (tensorlite/framework/allocator.py)."""
import os
import subprocess
import sys

import pytest

from tensorlite.framework import allocator


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_settings_are_taken_on_linux():
    assert allocator.tune_malloc() is True


def test_opt_out_leaves_malloc_alone(monkeypatch):
    monkeypatch.setenv("TENSORLITE_TUNE_MALLOC", "0")
    assert allocator.tune_malloc() is False


def test_import_succeeds_with_the_opt_out():
    env = dict(os.environ, TENSORLITE_TUNE_MALLOC="0")
    code = "import tensorlite as tf; print(float(tf.reduce_sum(tf.ones([600, 600]))))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "360000.0"
