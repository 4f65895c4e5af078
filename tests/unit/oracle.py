"""Running a program under the TensorFlow oracle (interop tests: what one implementation
writes, the other reads).

Without the oracle interpreter these tests FAIL, unless TENSORLITE_NO_ORACLE=1 says to skip
them: a silent skip would report interop as tested when it was not.
"""
import os
import subprocess
import textwrap

import pytest

ORACLE = os.environ.get("TENSORLITE_ORACLE_PYTHON") or os.path.expanduser(
    "~/.cache/tensorlite/oracle-venv/bin/python")


def oracle_python(what="interop"):
    """The oracle interpreter, or the test fails (skips with TENSORLITE_NO_ORACLE=1)."""
    if os.path.exists(ORACLE):
        return ORACLE
    if os.environ.get("TENSORLITE_NO_ORACLE") == "1":
        pytest.skip("TENSORLITE_NO_ORACLE=1: TensorFlow interop not checked")
    pytest.fail(f"The TensorFlow oracle interpreter {ORACLE} is missing: {what} with "
                "TensorFlow is NOT tested. Install it (tools/run_tests.sh does), point "
                "$TENSORLITE_ORACLE_PYTHON at one, or set TENSORLITE_NO_ORACLE=1 to skip.")


def run_tensorflow(source, workdir, what="interop"):
    """Run `source` (dedented) with real TensorFlow in `workdir`; its stdout."""
    script = os.path.join(workdir, "oracle_program.py")
    with open(script, "w") as f:
        f.write(textwrap.dedent(source))
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    result = subprocess.run([oracle_python(what), script], capture_output=True, text=True,
                            env=env, cwd=workdir, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    return result.stdout
