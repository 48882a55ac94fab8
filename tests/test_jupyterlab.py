"""JupyterLab as a learner gets it from `make lab`: a Korean interface, the book's MyST rendered
(glossary terms, admonitions), and a notebook run through the interface.

A JupyterLab server is started from this environment on a free local port, over a temporary
copy of the notebooks (autosave and checkpoints never touch steps/), with its own settings,
workspace and runtime folders; the settings are the ones `make lab` installs
(tools/jupyterlab-overrides.json → .venv/share/jupyter/lab/settings/overrides.json).
Without Chromium these tests skip; in CI (REQUIRE_BROWSER_TESTS=1) they fail instead.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import assert_hangul_is_drawn_with_a_korean_font, unavailable

ROOT = Path(__file__).resolve().parent.parent
STEPS = ROOT / "steps"
OVERRIDES = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
NOTEBOOKS = sorted(p.name for p in STEPS.glob("*.ipynb"))
RAW_MYST = ("{term}", "```{", "{note}", "{admonition}", ":class:")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not OVERRIDES.exists() or json.loads(OVERRIDES.read_text()) != json.loads(
        (ROOT / "tools" / "jupyterlab-overrides.json").read_text()
    ):
        unavailable(f"JupyterLab's settings are not installed in {OVERRIDES}: run `make test` or `make lab`")
    home = tmp_path_factory.mktemp("lab")
    notebooks = home / "notebooks"
    shutil.copytree(STEPS, notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    before = {p.name: p.stat().st_mtime_ns for p in STEPS.iterdir()}
    port = _free_port()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(home / "user-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTER_CONFIG_DIR": str(home / "config")}
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
               "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={notebooks}",
               "--LabApp.expose_app_in_browser=True"]  # lets a test open the next notebook without reloading JupyterLab
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")
    log = open(home / "server.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/api/status", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"JupyterLab did not start: {(home / 'server.log').read_text()[-2000:]}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert {p.name: p.stat().st_mtime_ns for p in STEPS.iterdir()} == before, "JupyterLab wrote into steps/"


@pytest.fixture
def lab_page(browser, lab):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside = []

    def only_this_machine(route):
        if route.request.url.startswith((lab, "data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_machine)
    yield page
    page.close()
    assert outside == [], f"JupyterLab asked for resources outside this machine: {outside}"


def open_notebook(page, lab, name):
    """Open a notebook: the first time by URL (a fresh workspace), then through JupyterLab's own
    command, as its file browser does, which is faster than reloading the whole application."""
    if page.url.startswith(f"{lab}/lab"):
        page.evaluate("path => { window.jupyterapp.commands.execute('docmanager:open', {path}); }", name)
    else:
        page.goto(f"{lab}/lab/tree/{name}?reset")  # ?reset: a clean workspace, only this notebook
    n_markdown = sum(c["cell_type"] == "markdown" for c in json.loads((STEPS / name).read_text())["cells"])
    page.wait_for_function(
        "([name, n]) => { const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');"
        " const tabs = [...document.querySelectorAll('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current')];"
        " return panel && tabs.some(t => t.textContent.includes(name))"
        " && panel.querySelectorAll('.jp-MarkdownCell .myst').length === n; }",
        arg=[name, n_markdown], timeout=60_000,
    )
    return n_markdown


def menu(page, title, item):
    """Click a menu of the menu bar, then one of its items, by their Korean labels."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{title}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).first.click()


def test_the_interface_is_korean(lab_page, lab):
    open_notebook(lab_page, lab, "step01.ipynb")
    menus = lab_page.evaluate("() => [...document.querySelectorAll('.lm-MenuBar-itemLabel')].map(e => e.textContent)")
    assert {"파일", "편집", "실행", "커널"} <= set(menus), menus
    assert_hangul_is_drawn_with_a_korean_font(lab_page, ".lm-MenuBar-itemLabel")
    assert_hangul_is_drawn_with_a_korean_font(lab_page, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell .myst p")


def test_myst_is_rendered_in_every_step_notebook(lab_page, lab):
    for name in NOTEBOOKS:
        open_notebook(lab_page, lab, name)
        rendered = lab_page.evaluate(
            "() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell .myst')]"
            ".map(e => e.textContent)"
        )
        raw = [(i, marker) for i, text in enumerate(rendered) for marker in RAW_MYST if marker in text]
        assert raw == [], f"{name}: raw MyST left in rendered Markdown cells: {raw}"
        source = (STEPS / name).read_text(encoding="utf-8")
        if "{term}" in source:  # glossary terms render as links
            assert lab_page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell .myst a").count() > 0, name
        if "```{note}" in source or "```{admonition}" in source:
            assert lab_page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .myst aside[class*=admonition]").count() > 0, name


def test_a_notebook_runs_through_the_interface(lab_page, lab):
    """Run → 모든 셀 실행 on 9.1, then read the seed's gradient from the output area."""
    open_notebook(lab_page, lab, "step09_1.ipynb")
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    lab_page.wait_for_selector(f"{panel} .jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    # clear the stored outputs first, so that what is read below comes from this run
    menu(lab_page, "편집", "모든 셀의 출력 지우기")
    assert lab_page.locator(f"{panel} .jp-OutputArea-output").count() == 0
    menu(lab_page, "실행", "모든 셀 실행")
    code_cells = sum(c["cell_type"] == "code" for c in json.loads((STEPS / "step09_1.ipynb").read_text())["cells"])
    lab_page.wait_for_function(  # every code cell of the notebook's model has an execution count: all ran
        "n => { const cells = window.jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === 'code');"
        " return cells.length === n && cells.every(c => c.model.executionCount !== null); }",
        arg=code_cells, timeout=120_000,
    )
    outputs = lab_page.evaluate(f"() => [...document.querySelectorAll('{panel} .jp-OutputArea-output')].map(e => e.textContent)")
    assert any(text.strip() == "3.297442541400256" for text in outputs), outputs
    assert not lab_page.locator(f"{panel} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
