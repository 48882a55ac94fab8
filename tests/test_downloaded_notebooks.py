"""A notebook taken with the site's download button runs outside this repository.

The package is built into a wheel, installed with its `notebooks` extra (kernel, plotting,
pytest, torch==2.13.0) into a fresh virtual environment in a temporary folder, and every step
notebook, exactly as the built site serves it for download, is re-executed there by nbval in
strict mode with that environment's kernel: every cell must run and every output must match.
The first cell of each notebook (tools/install_cell.py) is also run where the package is
missing (it installs the wheel) and where it is present (it does nothing).

These tests need the built site (`make test` builds it first). Without it they skip; with
REQUIRE_BROWSER_TESTS=1 (CI) they fail instead, like the browser tests.
"""

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import unavailable
from install_cell import cell_source, version

ROOT = Path(__file__).resolve().parent.parent
DOWNLOADS = ROOT / "_build" / "html" / "_sources" / "steps"  # what the download button serves
KERNEL = "dezero-book-downloaded"


def _clean_env(**extra):
    """The environment of a process that must not see this repository or its .venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def downloads():
    notebooks = sorted(DOWNLOADS.glob("*.ipynb"))
    if not notebooks:
        unavailable(f"the site is not built ({DOWNLOADS} holds no notebook): run `make book` first")
    assert {p.name for p in notebooks} == {p.name for p in (ROOT / "steps").glob("*.ipynb")}
    return notebooks


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel, built from a copy of the package's sources (a build in place would leave build/ here)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "dezero_core", source / "dezero_core", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, text=True)
    (built,) = out.glob("dezero_core-*.whl")
    assert built.name.startswith(f"dezero_core-{version()}-")
    return built


def _new_venv(path: Path) -> Path:
    venv.EnvBuilder(with_pip=True, clear=True).create(path)
    return path / "bin" / "python"


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory, wheel):
    """A virtual environment outside the repository with only the wheel and its notebooks extra."""
    python = _new_venv(tmp_path_factory.mktemp("fresh") / "venv")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"{wheel}[notebooks]"],
                   check=True, capture_output=True, text=True, env=_clean_env())
    return python


def test_the_wheel_holds_the_package_and_declares_the_notebooks_extra(fresh_python):
    where = subprocess.run(
        [str(fresh_python), "-c", "import dezero_core, torch, matplotlib; print(dezero_core.__file__, torch.__version__)"],
        check=True, capture_output=True, text=True, cwd=fresh_python.parent, env=_clean_env(),
    ).stdout.split()
    assert Path(where[0]).is_relative_to(fresh_python.parent.parent), where  # not this repository's copy
    assert where[1].startswith("2.13.0")


def test_every_downloaded_notebook_runs_and_matches_in_a_fresh_environment(downloads, fresh_python, tmp_path):
    work = tmp_path / "downloaded"
    work.mkdir()
    for notebook in downloads:
        shutil.copy(notebook, work / notebook.name)
    kernels = tmp_path / "jupyter" / "kernels" / KERNEL
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(fresh_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "dezero-core (downloaded)", "language": "python",
    }))
    (work / "pytest.ini").write_text("[pytest]\n")  # not this repository's options
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-kernel-name", KERNEL, "-p", "no:cacheprovider",
         "-c", str(work / "pytest.ini"), "-q", "-W", "error", str(work)],
        capture_output=True, text=True, cwd=work, env=_clean_env(JUPYTER_PATH=str(tmp_path / "jupyter")),
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1] and "failed" not in result.stdout.splitlines()[-1]


def test_the_first_cell_installs_the_package_only_where_it_is_missing(wheel, tmp_path):
    bare = _new_venv(tmp_path / "bare")
    install = _clean_env(PIP_FIND_LINKS=str(wheel.parent))  # numpy from the index, dezero-core from the wheel
    subprocess.run([str(bare), "-c", cell_source()], check=True, capture_output=True, text=True, cwd=tmp_path, env=install)
    installed = subprocess.run([str(bare), "-m", "pip", "show", "dezero-core"], check=True, capture_output=True,
                               text=True, env=_clean_env()).stdout
    assert f"Version: {version()}" in installed
    # present now: the cell must not call pip at all (with no index and no wheel it would fail)
    nothing = _clean_env(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(tmp_path / "nowhere"))
    subprocess.run([str(bare), "-c", cell_source()], check=True, capture_output=True, text=True, cwd=tmp_path, env=nothing)
