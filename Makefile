# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test install model index lint clean

run: index
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then $(BIN)/cchc bot; else $(BIN)/cchc chat; fi

test: index
	$(BIN)/ruff check .
	$(BIN)/pytest -q

install: $(STAMP)

# torch first, from the CPU build on this machine: otherwise pip pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# Builds (or loads) the index of corpus/, converting the bundled embedding model on first use.
index: $(STAMP)
	@$(BIN)/cchc build

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info
