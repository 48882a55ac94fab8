"""Re-execute step notebooks in place, top to bottom, each in a fresh kernel.

    python tools/run_notebooks.py                    # every notebook in steps/
    python tools/run_notebooks.py steps/step09_1.ipynb

The stored outputs are what nbval compares against and what the site shows, so they must
come from a clean run. Unlike `jupyter execute --inplace`, this records no execution
timestamps in the cell metadata: re-running an unchanged notebook changes nothing, except
the PNG of Step 8's timing plot, which is measured live (its text outputs do not change).
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def run(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    notebook.metadata["language_info"] = {"name": "python"}  # no interpreter version in the file
    nbformat.write(notebook, path)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "steps").glob("*.ipynb"))
    for path in paths:
        run(path)
        print(f"ran {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
