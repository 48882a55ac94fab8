"""Export the code of each step notebook into the dezero_core package.

The notebooks in steps/ are the single source of the engine's code. Every code cell
tagged ``export`` is copied, in order, into ``dezero_core/<notebook stem>.py``; nothing
else is. So the module ``dezero_core.step09_1`` is exactly the code a reader runs in
``steps/step09_1.ipynb``.

    python tools/export_steps.py          # rewrite the modules from the notebooks
    python tools/export_steps.py --check  # exit 1 if a module differs from its notebook

``tests/test_notebooks_match_package.py`` runs the same comparison under pytest.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ROOT / "steps"
PACKAGE = ROOT / "dezero_core"
EXPORT_TAG = "export"


def _cell_text(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def notebook_title(notebook: dict) -> str:
    """The notebook's H1 heading: it becomes the module's docstring."""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            for line in _cell_text(cell).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError("a step notebook needs an H1 title")


def module_source(notebook_path: Path) -> str | None:
    """The module text for one notebook, or None if it has no exported cell."""
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    cells = [
        _cell_text(cell).strip()
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" and EXPORT_TAG in cell.get("metadata", {}).get("tags", [])
    ]
    if not cells:
        return None
    relative = notebook_path.relative_to(ROOT).as_posix()
    header = (  # the docstring is the notebook's Korean title (the API page shows it); the note is for maintainers
        f'"""{notebook_title(notebook)}"""\n\n'
        f"# Generated from the `{EXPORT_TAG}` cells of {relative}; do not edit by hand.\n"
        f"# Change the notebook, then run `make export`.\n\n"
    )
    return header + "\n\n\n".join(cells) + "\n"


def exported_notebooks() -> dict[Path, str]:
    """Map each module path to its expected text, for every notebook that exports code."""
    modules = {}
    for notebook_path in sorted(STEPS.glob("*.ipynb")):
        source = module_source(notebook_path)
        if source is not None:
            modules[PACKAGE / f"{notebook_path.stem}.py"] = source
    return modules


def stale_modules() -> list[str]:
    """Names of modules that are missing or differ from their notebooks."""
    return [
        path.relative_to(ROOT).as_posix()
        for path, source in exported_notebooks().items()
        if not path.exists() or path.read_text(encoding="utf-8") != source
    ]


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        stale = stale_modules()
        for name in stale:
            print(f"{name} differs from its notebook: run `make export`", file=sys.stderr)
        return 1 if stale else 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    for path, source in exported_notebooks().items():
        if not path.exists() or path.read_text(encoding="utf-8") != source:
            path.write_text(source, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT).as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
