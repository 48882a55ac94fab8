# The two commands of the README: `make book` builds the site, `make test` runs every test.
# Both create .venv and install requirements.txt into it on their own.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab's default settings for `make lab` and the JupyterLab test: Korean interface, no update
# checks or news (they fetch from the internet), every cell rendered at once
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
JB_BUILD := $(BIN)/jupyter-book build . --builder html -W -n --keep-going

.PHONY: book test test-thorough bench lab notebooks export clean

$(STAMP): requirements.txt book/requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	touch $@

$(LAB_SETTINGS): tools/jupyterlab-overrides.json $(STAMP)
	mkdir -p $(dir $@)
	cp tools/jupyterlab-overrides.json $@

## book: build the site into _build/html
book: $(STAMP)
	$(JB_BUILD)

## test: a full -W -n build of the site, then every test: engine, properties, nbval over
## every notebook, notebook/package sync, the downloaded notebooks in a fresh environment,
## and the browser tests (the built site, JupyterLab); test files are spread over the cores
test: $(STAMP) $(LAB_SETTINGS)
	$(JB_BUILD) --all
	$(BIN)/python -m pytest -n auto --dist loadfile

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

## lab: open the book's notebooks in JupyterLab (Korean, MyST rendered), starting at Step 1
lab: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/jupyter lab --ServerApp.root_dir=steps --LabApp.default_url=/lab/tree/step01.ipynb \
		$(if $(filter 0,$(shell id -u)),--allow-root)

clean:
	rm -rf _build
