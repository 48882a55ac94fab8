"""One source of truth: every dezero_core/step*.py is exactly the export cells of its notebook."""

import pytest

from export_steps import PACKAGE, ROOT, exported_notebooks

MODULES = exported_notebooks()


@pytest.mark.parametrize("module_path", list(MODULES), ids=lambda p: p.name)
def test_module_matches_its_notebook(module_path):
    assert module_path.exists(), f"{module_path.name} is missing: run `make export`"
    assert module_path.read_text(encoding="utf-8") == MODULES[module_path], (
        f"{module_path.relative_to(ROOT)} differs from the `export` cells of "
        f"steps/{module_path.stem}.ipynb: run `make export` (or undo the edit of the module)"
    )


def test_every_step_module_comes_from_a_notebook():
    orphans = sorted(p.name for p in PACKAGE.glob("step*.py") if p not in MODULES)
    assert not orphans, f"modules without a notebook in steps/: {orphans}"


def test_every_state_is_listed():
    import dezero_core

    assert set(dezero_core.STATES) == {p.stem for p in MODULES}


def test_every_step_notebook_is_titled_with_its_step():
    """steps/stepNN.ipynb opens with "# Step N: <title>" or "# Step N <title>" (the table of contents shows these)."""
    import json
    import re

    for path in sorted((ROOT / "steps").glob("step[0-9][0-9].ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        first = next(c for c in cells if c["cell_type"] == "markdown")  # after the install cell
        title = "".join(first["source"]).splitlines()[0]
        assert re.fullmatch(rf"# Step {int(path.stem[4:])}[: ].+", title), (path.name, title)


def test_every_notebook_opens_with_the_install_cell():
    from install_cell import stale_notebooks

    assert not stale_notebooks(), "run `python tools/install_cell.py`"
