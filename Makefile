# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= corpus

INDEX ?= index

.PHONY: run ingest test test-fast eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# torch is pinned in the `st` extra (a CPU build); installing it first keeps pip from
# ever resolving a CUDA build for sentence-transformers.
$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev,st]"
	touch $@ $(VENV)/.installed

# Build or update the index (only what changed), then serve on http://127.0.0.1:7860.
run: $(VENV)/.installed
	$(BIN)/assistant ingest $(CORPUS) --index $(INDEX)
	$(BIN)/assistant serve --index $(INDEX)

ingest: $(VENV)/.installed
	$(BIN)/assistant ingest $(CORPUS) --index $(INDEX)

test: $(VENV)/.dev-installed
	$(BIN)/ruff check assistant tests eval
	$(BIN)/mypy assistant
	$(BIN)/python -m pytest

# The quick loop while developing: everything but the tests marked slow.
test-fast: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -m "not slow"

# Retrieval quality against the baselines; writes eval/RESULTS.md.
eval: $(VENV)/.installed
	$(BIN)/python eval/evaluate.py

clean:
	rm -rf $(VENV) .pytest_cache
