"""Give every step notebook a first cell that installs this book's dezero_core where it is missing.

A notebook taken with the site's download button (or opened in Colab, or in any Jupyter outside
this repository) imports `dezero_core` for its drawings and earlier states. The first cell
installs the book's own version of the package from PyPI when it is missing, and does nothing
where it is present (in this repository it is installed, editable, by `make`). The cell is
tagged `remove-cell`: the site does not show it, the downloaded notebook keeps it.

    python tools/install_cell.py          # add or update the cell in every notebook in steps/
    python tools/install_cell.py --check  # exit 1 if a notebook lacks it or has an old version

The version is pyproject.toml's; tests/test_downloaded_notebooks.py runs the cell both ways.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
STEPS = ROOT / "steps"
TAG = "remove-cell"


def version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return re.search(r'^version = "([^"]+)"', text, re.M).group(1)


def cell_source() -> str:
    return (
        "# 이 책의 저장소 밖(내려받은 노트북, Colab 등)에서 열었다면 이 책의 패키지 dezero_core를 설치한다.\n"
        "# 저장소 안처럼 이미 설치된 곳에서는 아무 일도 하지 않는다.\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        'if importlib.util.find_spec("dezero_core") is None:\n'
        f'    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "dezero-core=={version()}"], check=True)'
    )


def _is_install_cell(cell) -> bool:
    return cell.cell_type == "code" and TAG in cell.metadata.get("tags", []) and "dezero-core==" in cell.source


def stale_notebooks() -> list[Path]:
    wanted = cell_source()
    stale = []
    for path in sorted(STEPS.glob("*.ipynb")):
        first = nbformat.read(path, as_version=4).cells[0]
        if not (_is_install_cell(first) and first.source == wanted):
            stale.append(path)
    return stale


def update(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    if _is_install_cell(notebook.cells[0]):
        notebook.cells[0].source = cell_source()
    else:
        cell = nbformat.v4.new_code_cell(cell_source())
        cell.metadata["tags"] = [TAG]
        notebook.cells.insert(0, cell)
    for i, cell in enumerate(notebook.cells):  # the ids the notebooks use: c00, c01, …
        cell["id"] = f"c{i:02d}"
    nbformat.write(notebook, path)


def main(argv: list[str]) -> int:
    stale = stale_notebooks()
    if argv == ["--check"]:
        for path in stale:
            print(f"{path.relative_to(ROOT)}: no install cell for dezero-core=={version()}: run tools/install_cell.py",
                  file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        update(path)
        print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
