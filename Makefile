# Two entry points for a fresh machine (see README): `make run` and `make test`.
# Both set up .venv once; later runs skip the install unless pyproject.toml changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# A CPU build of torch, installed before the project so pip never resolves the
# multi-GB CUDA build for `torch>=2.2`. Override for other platforms.
TORCH  ?= torch==2.13.0

.PHONY: run test check bench docs clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "$(TORCH)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@# checks the bundled course and caches it, so the first launch is a warm one
	$(BIN)/tutor validate
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/tutor

# Two workers: the suite is written to run in parallel (xdist), and CI has two cores.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2

# Static checks: style, formatting, types, layers, complexity and function length.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	@out=$$($(BIN)/radon cc -n D -s tutor); if [ -n "$$out" ]; then echo "$$out"; echo "complexity above grade C"; exit 1; fi
	$(BIN)/python .ci/long_functions.py tutor

# Every benchmark runs; the target fails at the end if any of them missed its target.
bench: $(STAMP)
	@failed=""; for b in bench/*.py; do case $$b in */synthetic.py) continue;; esac; \
	  echo "== $$b"; $(BIN)/python $$b || failed="$$failed $$b"; done; \
	  if [ -n "$$failed" ]; then echo "missed targets:$$failed"; exit 1; fi

docs: $(STAMP)
	$(BIN)/tutor schema > content/topic.schema.json
	$(BIN)/python -c "from pathlib import Path; from tutor.authoring.docs import update_authoring; update_authoring(Path('AUTHORING.md'))"

clean:
	rm -rf $(VENV) build *.egg-info
