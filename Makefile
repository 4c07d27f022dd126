PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test venv venv-test bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

venv: $(BIN)/python
	$(BIN)/pip install -q -e .

venv-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

run: venv
	$(BIN)/aimaq run

test: venv-test
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) aimaq.db aimaq.db-wal aimaq.db-shm
