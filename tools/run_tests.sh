#!/usr/bin/env bash
# The whole test suite: unit + conformance tests against tensorlite, then the conformance
# tests against real TensorFlow (the oracle) in its own virtual environment outside the
# checkout, created on first use and reused afterwards.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
ORACLE_VENV=${TENSORLITE_ORACLE_VENV:-$HOME/.cache/tensorlite/oracle-venv}
TF_VERSION=2.21.0

echo "== tensorlite: unit and conformance tests"
"$PY" -m pytest -q tests
status=$?

echo "== TensorFlow $TF_VERSION (the oracle): conformance tests"
if [ ! -f "$ORACLE_VENV/.tf-$TF_VERSION" ]; then
  echo "   installing tensorflow-cpu==$TF_VERSION into $ORACLE_VENV (first run only)"
  if python3 -m venv "$ORACLE_VENV" &&
     "$ORACLE_VENV/bin/python" -m pip install -q "tensorflow-cpu==$TF_VERSION" pytest; then
    touch "$ORACLE_VENV/.tf-$TF_VERSION"
  fi
fi
if [ -f "$ORACLE_VENV/.tf-$TF_VERSION" ]; then
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
