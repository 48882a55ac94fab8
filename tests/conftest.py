import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Test helpers (reference.py, states.py) and the tools (tools/) are plain modules, not packages.
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tools")]

# The browser tests (the site, JupyterLab) skip where Chromium is missing; in CI (.ci/run sets
# REQUIRE_BROWSER_TESTS=1) a skip would hide a broken page, so they fail instead.
REQUIRED = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic",
]


def unavailable(reason):
    if REQUIRED:
        pytest.fail(f"browser tests are required here (REQUIRE_BROWSER_TESTS=1) but {reason}")
    pytest.skip(reason)



@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        unavailable("no Chromium found (install Debian's `chromium` package, or set CHROMIUM=/path)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()




def korean_font_families() -> set[str]:
    """Font families installed here that cover Korean (fontconfig's view, which Chromium uses)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        unavailable("fontconfig's fc-list is not installed: cannot tell which fonts have Hangul")
    out = subprocess.run([fc_list, ":lang=ko", "family"], capture_output=True, text=True, check=True).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}


def assert_hangul_is_drawn_with_a_korean_font(page, selector: str) -> list[dict]:
    """Ask Chromium (DevTools protocol, CSS.getPlatformFontsForNode) which fonts drew the text of
    the first element matching `selector`, and check that its Hangul came from a font with Hangul
    glyphs (not the empty boxes of a fallback font). Returns the fonts, for the report."""
    families = korean_font_families()
    if not families:
        unavailable("no font with Hangul is installed (Debian: apt-get install fonts-noto-cjk)")
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts, text = [], ""
        for child in cdp.send("DOM.describeNode", {"nodeId": node, "depth": 1})["node"].get("children", []):
            if child.get("nodeType") == 3:  # the element's own text nodes: fonts are reported per text node
                text += child["nodeValue"]
                pushed = cdp.send("DOM.pushNodesByBackendIdsToFrontend", {"backendNodeIds": [child["backendNodeId"]]})
                fonts += cdp.send("CSS.getPlatformFontsForNode", {"nodeId": pushed["nodeIds"][0]})["fonts"]
    finally:
        cdp.detach()
    n_hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in text)
    assert n_hangul > 0, f"{selector} holds no Hangul of its own: {text!r}"
    korean_glyphs = sum(f["glyphCount"] for f in fonts if f["familyName"] in families)
    assert korean_glyphs >= n_hangul, (
        f"{selector}: {n_hangul} Hangul syllables but the fonts that drew it were {fonts}; "
        f"fonts with Hangul here: {sorted(families)} (Debian: apt-get install fonts-noto-cjk)"
    )
    return fonts
