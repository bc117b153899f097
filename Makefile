# Every target installs what it needs into .venv first, from nothing but Python.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,studio]'
	touch $(STAMP)

demo: install
	bash examples/demo.sh

test: install
	$(BIN)/python -m pytest -q quotes tests

bench: install
	$(BIN)/python bench/bench.py

lint: install
	$(BIN)/python -m pip install --quiet ruff
	$(BIN)/ruff check quotes tests bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
