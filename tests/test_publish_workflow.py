"""The publishing workflows: GitHub Pages builds what `make book` builds, uploads it, and needs
no PyTorch; a version tag publishes the package to PyPI.

The workflow cannot run here, so these tests read it: its build command must be the
Makefile's (same flags, so a warning fails the publication too), it must upload _build/html
and deploy it, and it must install only book/requirements.txt and the package. The last
test runs the workflow's build command on a copy of the repository with every package that
the build requirements do not bring in made unimportable (PyTorch, pytest, ...): if a page
ever needed one of them, publishing would fail, and so does this test.
"""

import re
import shlex
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
BOOK_REQUIREMENTS = ROOT / "book" / "requirements.txt"


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps(workflow, job):
    return workflow["jobs"][job]["steps"]


def _run_lines(workflow, job):
    return [line.strip() for step in _steps(workflow, job) for line in step.get("run", "").splitlines() if line.strip()]


def _build_command(workflow):
    commands = [line for line in _run_lines(workflow, "build") if line.startswith("jupyter-book build")]
    assert len(commands) == 1, f"one jupyter-book build step expected, found {commands}"
    return shlex.split(commands[0])


def _makefile_build_command():
    match = re.search(r"^JB_BUILD\s*:=\s*\$\(BIN\)/(.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    return shlex.split(match.group(1))


def test_runs_on_every_push_to_main(workflow):
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as True
    assert "main" in triggers["push"]["branches"]
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"


def test_builds_with_the_same_command_as_make_book(workflow):
    command = _build_command(workflow)
    assert command == _makefile_build_command()
    assert {"-W", "-n", "--keep-going"} <= set(command)


def test_uploads_the_built_site_and_deploys_it(workflow):
    uploads = [s for s in _steps(workflow, "build") if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert len(uploads) == 1 and uploads[0]["with"]["path"].rstrip("/") == "_build/html"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_installs_only_the_build_requirements(workflow):
    installs = [line for line in _run_lines(workflow, "build") if "pip install" in line]
    assert installs == ["python -m pip install -r book/requirements.txt -e ."]
    names = {canonicalize_name(Requirement(r).name) for r in _requirement_lines(BOOK_REQUIREMENTS)}
    assert "torch" not in names
    # make book installs the same pins: requirements.txt includes the build requirements
    assert "-r book/requirements.txt" in (ROOT / "requirements.txt").read_text(encoding="utf-8")


def _requirement_lines(path):
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("-")]


def _dependency_closure(names):
    """Distributions that installing `names` brings in (as installed here)."""
    seen, todo = set(), [canonicalize_name(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue
        for text in requires:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(req.name))
    return seen


def _top_level_modules(dist):
    names = set()
    for file in dist.files or ():
        parts = Path(str(file)).parts
        if parts and not parts[0].endswith((".dist-info", ".data")) and parts[0] not in ("..", "__pycache__"):
            names.add(parts[0].removesuffix(".py") if len(parts) == 1 else parts[0])
    return {n for n in names if n.isidentifier()}


BLOCKER = """
import importlib.abc, sys
BLOCKED = set({blocked!r})
class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ImportError(f"{{name}} is not installed by book/requirements.txt")
sys.meta_path.insert(0, Blocked())
sys.argv = {argv!r}
from jupyter_book.cli.main import main
main()
"""


def test_the_site_builds_with_nothing_but_the_build_requirements(workflow, tmp_path):
    needed = _dependency_closure(Requirement(r).name for r in _requirement_lines(BOOK_REQUIREMENTS))
    needed |= {"dezero-core", "pip", "setuptools", "wheel"} | _dependency_closure(["dezero-core"])
    blocked = set()
    for dist in metadata.distributions():
        if canonicalize_name(dist.metadata["Name"]) not in needed:
            blocked |= _top_level_modules(dist)
    assert "torch" in blocked and "pytest" in blocked  # the check would mean nothing otherwise

    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv", "_build", ".pytest_cache",
                                                              ".hypothesis", "__pycache__", "*.egg-info"))
    command = _build_command(workflow)
    script = BLOCKER.format(blocked=sorted(blocked), argv=command)
    result = subprocess.run([sys.executable, "-c", script], cwd=copy, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"the site does not build without {sorted(blocked)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert (copy / "_build" / "html" / "index.html").exists()
    assert (copy / "_build" / "html" / "book" / "api.html").exists()  # autodoc imported dezero_core


PUBLISH = ROOT / ".github" / "workflows" / "publish.yml"


def test_a_version_tag_publishes_the_package_to_pypi():
    flow = yaml.safe_load(PUBLISH.read_text(encoding="utf-8"))
    triggers = flow[True] if True in flow else flow["on"]
    assert triggers["push"]["tags"] == ["v*"]
    build = _run_lines(flow, "build")
    assert "python -m build" in build
    assert any("GITHUB_REF_NAME" in line and "v$version" in line for line in build)  # tag == pyproject's version
    publish = flow["jobs"]["publish"]
    assert publish["needs"] == "build" and publish["permissions"]["id-token"] == "write"  # trusted publishing
    assert any(s.get("uses", "").startswith("pypa/gh-action-pypi-publish@") for s in publish["steps"])


def test_the_notebooks_install_the_version_a_tag_would_publish():
    from install_cell import cell_source

    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M).group(1)
    assert f'"dezero-core=={version}"' in cell_source()
