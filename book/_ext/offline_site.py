"""Everything a page loads comes from the site itself, so the book reads the same offline.

- MathJax: Sphinx loads it from a CDN by default; offline, every formula stays raw TeX. The
  PyPI package django-static-mathjax (pinned in requirements.txt; it needs no Django) carries
  MathJax 3's browser build. This extension copies the parts a page can load into
  _build/html/_static/mathjax/ and points Sphinx's mathjax_path at them.
- Thebe: Jupyter Book always adds sphinx-thebe, whose script fetches Thebe from unpkg.com to
  run cells on Binder. This book has no launch buttons, and Jupyter Book 1.0.4 declares
  Thebe's settings twice on every page (a console error). Its scripts are left out.
"""

from pathlib import Path

from sphinx.util.fileutil import copy_asset

# tex-chtml.js is the entry point; the folders hold what it loads on demand: TeX
# extensions (input), fonts (output/chtml), the context menu (ui) and accessibility (a11y, sre).
PARTS = ("tex-chtml.js", "input", "output", "ui", "a11y", "sre", "adaptors")


def _mathjax_source() -> Path:
    import mathjax  # the django-static-mathjax package

    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def _point_sphinx_at_local_copy(app, config):
    config.mathjax_path = "mathjax/tex-chtml.js"  # relative to _static/


def _copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    source, target = _mathjax_source(), Path(app.outdir) / "_static" / "mathjax"
    for part in PARTS:
        if (source / part).is_dir():
            copy_asset(str(source / part), str(target / part))
        else:
            target.mkdir(parents=True, exist_ok=True)
            copy_asset(str(source / part), str(target))


def _leave_out_thebe(app, pagename, templatename, context, doctree):
    def is_thebe(asset):
        return "thebe" in str(asset) or "THEBE" in getattr(asset, "attributes", {}).get("body", "")

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not is_thebe(asset)]


def setup(app):
    _mathjax_source()  # fail early, with an ImportError, if the package is missing
    app.connect("config-inited", _point_sphinx_at_local_copy)
    app.connect("build-finished", _copy_mathjax)
    app.connect("html-page-context", _leave_out_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
