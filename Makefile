# Two commands on a fresh machine:  `make demo`  then  `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= $(if $(CORTEXLOG_DATA),$(CORTEXLOG_DATA),$(wildcard ../shared/data/mnist))

.PHONY: setup demo test lint typecheck docs bench clean

$(BIN)/cortexlog: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0 || $(BIN)/pip install -q "torch>=2.2"
	$(BIN)/pip install -q -e ".[dev]"
	touch $(BIN)/cortexlog

setup: $(BIN)/cortexlog

# The main job: MNIST addition (N=1) learned from sums only, on the MNIST found in $(DATA)
# (or $$CORTEXLOG_DATA): one epoch; without MNIST, on the bundled 8x8 digits: 20 short
# epochs (a few seconds), so the digits are learned there too.
DEMO_SCHEDULE = $(if $(DATA),--data-dir $(DATA) --epochs 1,--epochs 20 --batch-size 16 --lr 3e-3)
demo: setup
	$(BIN)/cortexlog train examples/mnist_addition.pl --task mnist-addition --digits 1 \
		--semantics probability --threads 1 --out runs/demo --overwrite $(DEMO_SCHEDULE)

test: setup
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: setup
	$(BIN)/ruff check src tests bench docs/tutorials

# Static types (settings in pyproject.toml [tool.mypy]); about 15 s from a cold cache.
typecheck: setup
	$(BIN)/mypy src/cortexlog

# The documentation site (mkdocs.yml) into site/; --strict: any warning fails the build.
$(BIN)/mkdocs: pyproject.toml $(BIN)/cortexlog
	$(BIN)/pip install -q -e ".[docs]"
	touch $(BIN)/mkdocs

docs: $(BIN)/mkdocs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) runs site .pytest_cache .mypy_cache
