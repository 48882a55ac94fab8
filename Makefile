# The two commands of the README: `make book` builds the site, `make test` runs every test.
# Both create .venv and install requirements.txt into it on their own.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JB_BUILD := $(BIN)/jupyter-book build . --builder html -W -n --keep-going

.PHONY: book test bench lab export clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	touch $@

## book: build the site into _build/html
book: $(STAMP)
	$(JB_BUILD)

## test: engine tests, nbval over every notebook, and a full -W -n build of the site
test: $(STAMP)
	$(BIN)/python -m pytest
	$(JB_BUILD) --all

## bench: measure dezero_core against PyTorch and numpy; rewrites book/benchmark/
bench: $(STAMP)
	$(BIN)/python tools/benchmark.py

## export: regenerate dezero_core/step*.py from the `export` cells of steps/*.ipynb
export: $(STAMP)
	$(BIN)/python tools/export_steps.py

## lab: open the notebooks in JupyterLab, with dezero_core importable
lab: $(STAMP)
	$(BIN)/python -m pip install --quiet "jupyterlab>=4,<5"
	$(BIN)/jupyter lab steps/

clean:
	rm -rf _build
