# Two commands do all set-up on a fresh machine:  make demo  and  make test.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(PY) examples/demo.py

test: $(VENV)/.installed
	PY=$(PY) tools/run_tests.sh

bench: $(VENV)/.installed
	$(PY) bench/run.py
	$(PY) bench/memory.py

clean:
	rm -rf $(VENV) *.egg-info
