"""The `tf` fixture: the same test file runs against tensorlite and real TensorFlow.

Choose the implementation with `--tf-impl=tensorlite` (default) or `--tf-impl=tensorflow`.
Tests here use only the public `tf.*` API that both provide.
"""
import importlib
import os
import subprocess
import sys
import textwrap

import pytest


def pytest_addoption(parser):
    parser.addoption("--tf-impl", default=os.environ.get("TF_IMPL", "tensorlite"),
                     choices=["tensorlite", "tensorflow"],
                     help="which implementation the conformance tests run against")


def pytest_report_header(config):
    return f"conformance implementation: {config.getoption('--tf-impl')}"


@pytest.fixture(scope="session")
def tf_impl(request):
    return request.config.getoption("--tf-impl")


@pytest.fixture
def tf(tf_impl):
    """The module under test, reset to a fresh default graph and eager mode for each test."""
    module = importlib.import_module(tf_impl)
    module.compat.v1.reset_default_graph()
    assert module.executing_eagerly(), "a previous test left eager execution disabled"
    yield module
    module.compat.v1.reset_default_graph()


@pytest.fixture
def run_program(tf_impl, tmp_path):
    """Run a snippet in a fresh interpreter with `tf` bound to the implementation under test.

    For behaviour that changes global state for good (disable_eager_execution,
    disable_v2_behavior). Returns the process's stdout; fails the test on a non-zero exit.
    """
    def run(source, expect_failure=False):
        script = tmp_path / "program.py"
        script.write_text(f"import {tf_impl} as tf\n" + textwrap.dedent(source))
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=os.pathsep.join(sys.path))
        result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                                env=env, timeout=300)
        if expect_failure:
            assert result.returncode != 0, result.stdout
            return result.stderr
        assert result.returncode == 0, result.stderr[-4000:]
        return result.stdout
    return run
