"""Sphinx configuration of the course website (``make book``).

The source folder is ``book/``. The notebooks and exercises are copied into
``book/notebooks/`` and ``book/exercises/`` (git-ignored) when the build
starts, so that the site's pages sit at ``notebooks/NAME.html`` next to the
landing page ``index.html``; a copy is rewritten only when its source changed.
Everything the site loads comes from Python packages: the furo theme, and
MathJax 3 copied out of ``django-static-mathjax`` into ``_static/mathjax``
(no CDN at build or at view time).
"""

import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Notebook kernels inherit this environment: `make` exports MPLBACKEND=Agg for
# the tests, which would stop the inline backend from showing figures.
os.environ.pop("MPLBACKEND", None)

project = "snncourse"
author = "the snncourse maintainers"
copyright = "the snncourse maintainers"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "numpydoc",
    "sphinx.ext.mathjax",
]



def _mirror(folder):
    """Copy ROOT/folder/*.ipynb into book/folder/ (changed files only; stale ones removed)."""
    src, dest = ROOT / folder, ROOT / "book" / folder
    dest.mkdir(exist_ok=True)
    wanted = {p.name: p for p in src.glob("*.ipynb")}
    for old in dest.glob("*.ipynb"):
        if old.name not in wanted:
            old.unlink()
    for name, path in wanted.items():
        target = dest / name
        if not target.exists() or target.read_bytes() != path.read_bytes():
            shutil.copy2(path, target)


for _folder in ("notebooks", "exercises"):
    _mirror(_folder)

exclude_patterns = ["**/.ipynb_checkpoints", "_build"]
suppress_warnings = ["myst.header"]

# --- notebooks ---------------------------------------------------------------
# Executed once and cached (keyed by the code cells): a rebuild after a change
# of one notebook re-executes that notebook only.
nb_execution_mode = "cache"
nb_execution_cache_path = str(ROOT / "book" / "_build" / ".jupyter_cache")
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
# The exercises are shown, not run: their solution cells are stubs that raise.
nb_execution_excludepatterns = ["exercises/*"]
# No widget JavaScript (it would come from a CDN, and a static page has no
# kernel behind the sliders): widgets show their text form instead.
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "application/vnd.jupyter.widget-state+json", None),
]
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# --- API reference -----------------------------------------------------------
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
numpydoc_validation_checks = set()

# --- HTML --------------------------------------------------------------------
html_theme = "furo"
html_title = "snncourse"
html_static_path = []
html_copy_source = False
html_show_sourcelink = False
# MathJax 3 from _static/ (copied in at the end of the build, below).
mathjax_path = "mathjax/tex-mml-chtml.js"


def _copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    import mathjax  # the django-static-mathjax package: MathJax's files, nothing else

    src = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    dest = Path(app.outdir) / "_static" / "mathjax"
    if not (dest / "tex-mml-chtml.js").exists():
        shutil.copytree(src, dest, dirs_exist_ok=True)


_WIDGET_REPR = re.compile(r"^(VBox|HBox|GridBox|Tab|Accordion|interactive|Output)\(")
_WIDGET_NOTE = ("An interactive widget is here in the notebook: open the notebook in "
                "JupyterLab (make lab) or on Binder to move its sliders.")


def _replace_widget_reprs(app, doctree):
    """Replace the text form of a widget ("VBox(children=(FloatSlider(...") by a note."""
    from docutils import nodes

    for block in list(doctree.findall(nodes.literal_block)):
        if "text_plain" in block.get("classes", []) and _WIDGET_REPR.match(block.astext()):
            note = nodes.paragraph(classes=["widget-note"])
            note += nodes.emphasis(text=_WIDGET_NOTE)
            block.replace_self(note)


def setup(app):
    app.connect("doctree-read", _replace_widget_reprs)
    app.connect("build-finished", _copy_mathjax)
