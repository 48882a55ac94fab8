# The two commands of the README: `make book` builds the site, `make test` runs every test.
# Both create .venv and install requirements.txt into it on their own.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JB_BUILD := $(BIN)/jupyter-book build . --builder html -W -n --keep-going

.PHONY: book test test-thorough bench lab notebooks export clean

$(STAMP): requirements.txt book/requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	touch $@

## book: build the site into _build/html
book: $(STAMP)
	$(JB_BUILD)

## test: a full -W -n build of the site, then every test: engine, properties, nbval over
## every notebook, notebook/package sync, and the browser tests over the built site
test: $(STAMP)
	$(JB_BUILD) --all
	$(BIN)/python -m pytest

## test-thorough: the property tests against PyTorch with 10,000 cases per property
test-thorough: $(STAMP)
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest tests/test_properties.py --hypothesis-show-statistics

## bench: measure dezero_core against PyTorch and numpy; rewrites book/benchmark/
bench: $(STAMP)
	$(BIN)/python tools/benchmark.py

## notebooks: re-execute every notebook in steps/ in place (fresh kernel, no timestamps)
notebooks: $(STAMP)
	$(BIN)/python tools/run_notebooks.py

## export: regenerate dezero_core/step*.py from the `export` cells of steps/*.ipynb
export: $(STAMP)
	$(BIN)/python tools/export_steps.py

## lab: open the notebooks in JupyterLab, with dezero_core importable
lab: $(STAMP)
	$(BIN)/python -m pip install --quiet "jupyterlab>=4,<5"
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) steps/

clean:
	rm -rf _build
