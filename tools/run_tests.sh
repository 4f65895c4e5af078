#!/usr/bin/env bash
# The whole test suite. First the TensorFlow oracle's virtual environment (outside the
# checkout, created on first use and reused afterwards), since interop tests run it; then
# unit + conformance tests against tensorlite; then the conformance tests against real TF.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
ORACLE_VENV=${TENSORLITE_ORACLE_VENV:-$HOME/.cache/tensorlite/oracle-venv}
TF_VERSION=2.21.0
# tf_keras serves tf.compat.v1.layers in TF 2.21 (with TF_USE_LEGACY_KERAS=1).
ORACLE_PACKAGES="tensorflow-cpu==$TF_VERSION tf_keras==$TF_VERSION pytest"
ORACLE_MARK="$ORACLE_VENV/.oracle-tf-$TF_VERSION-keras"

if [ ! -f "$ORACLE_MARK" ]; then
  echo "== installing the oracle ($ORACLE_PACKAGES) into $ORACLE_VENV (first run only)"
  # shellcheck disable=SC2086
  if python3 -m venv "$ORACLE_VENV" &&
     "$ORACLE_VENV/bin/python" -m pip install -q $ORACLE_PACKAGES; then
    touch "$ORACLE_MARK"
  fi
fi
export TENSORLITE_ORACLE_PYTHON="$ORACLE_VENV/bin/python"

echo "== tensorlite: unit and conformance tests"
"$PY" -m pytest -q tests
status=$?

echo "== TensorFlow $TF_VERSION (the oracle): conformance tests"
if [ -f "$ORACLE_MARK" ]; then
  TF_CPP_MIN_LOG_LEVEL=3 "$ORACLE_VENV/bin/python" -m pytest -q tests/conformance \
    --tf-impl=tensorflow
  oracle=$?
else
  echo "############################################################################"
  echo "## THE TENSORFLOW ORACLE COULD NOT BE INSTALLED: the conformance tests did   "
  echo "## NOT run against real TensorFlow. This run does not count as passed.       "
  echo "############################################################################"
  oracle=1
fi
[ "$status" -eq 0 ] && [ "$oracle" -eq 0 ]
