"""The package's layers: what each module may import, and what `import snncourse` loads.

engine -> science -> figures and widgets -> course machinery: a module imports
only from its own layer or the layers before it (imports inside functions
included), there is no import cycle, and neither ``import snncourse`` nor
any engine or science module loads matplotlib's pyplot or ipywidgets.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "snncourse"

#: Layer of every module (by dotted name below ``snncourse``); a package
#: prefix ending in "." covers its submodules.
LAYERS = {
    "base": ["_validation", "_io", "units", "progress", "parallel"],
    "engine": ["params", "presets", "inputs", "connectivity", "_lif", "neuron", "network",
               "results"],
    "science": ["analysis", "theory", "regimes", "stability", "sweep", "synapses"],
    "figures": ["plotting", "plotting.", "widgets", "widgets.", "report", "export", "export."],
    "course": ["course", "course.", "checks", "cli", "__main__", "__init__"],
}
ORDER = list(LAYERS)
NO_GUI = ("base", "engine", "science")  # may not import matplotlib or ipywidgets


def _module_name(path):
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _layer(name):
    for layer, names in LAYERS.items():
        for entry in names:
            if name == entry or (entry.endswith(".") and name.startswith(entry)):
                return layer
    raise AssertionError(f"snncourse.{name} has no layer: add it to LAYERS in {__file__}")


def _imports(path):
    """(snncourse modules, third-party top-level names) imported anywhere in ``path``."""
    tree = ast.parse(path.read_text())
    name = _module_name(path)
    is_pkg = path.name == "__init__.py"
    here = name.split(".") if is_pkg else name.split(".")[:-1]
    ours, theirs = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("snncourse"):
                    ours.add(alias.name.removeprefix("snncourse").lstrip("."))
                else:
                    theirs.add(alias.name.split(".")[0] if alias.name != "matplotlib.pyplot"
                               else "matplotlib.pyplot")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                target = ".".join(base + ([node.module] if node.module else []))
                targets = [target] if node.module else [f"{target}.{a.name}".strip(".")
                                                        for a in node.names]
                ours.update(t.strip(".") for t in targets)
            elif node.module and node.module.startswith("snncourse"):
                ours.add(node.module.removeprefix("snncourse").lstrip("."))
            elif node.module:
                top = node.module.split(".")[0]
                theirs.add("matplotlib.pyplot" if node.module == "matplotlib.pyplot" or (
                    node.module == "matplotlib" and any(a.name == "pyplot" for a in node.names))
                    else top)
    ours.discard("")
    return {_existing(m) for m in ours}, theirs


def _existing(name):
    """The module ``name`` names, or its package if ``name`` is an attribute of one."""
    parts = name.split(".")
    while parts:
        candidate = PACKAGE.joinpath(*parts)
        if candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists():
            return ".".join(parts)
        parts = parts[:-1]
    raise AssertionError(f"import of snncourse.{name}: no such module")


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p) or "__init__")
def test_module_imports_only_from_its_layer_or_below(path):
    name = _module_name(path) or "__init__"
    layer = ORDER.index(_layer(name))
    ours, theirs = _imports(path)
    for dep in sorted(ours):
        if dep == name or name.startswith(dep + ".") or dep == "":
            continue  # a package's own submodules, or its parent package's __init__
        assert ORDER.index(_layer(dep)) <= layer, (
            f"snncourse.{name} ({ORDER[layer]}) imports snncourse.{dep} ({_layer(dep)})")
    if ORDER[layer] in NO_GUI:
        assert not ({"matplotlib", "matplotlib.pyplot", "ipywidgets"} & theirs), (
            f"snncourse.{name} ({ORDER[layer]}) imports {theirs & {'matplotlib', 'ipywidgets'}}")


def test_no_import_cycles():
    graph = {}
    for path in MODULES:
        name = _module_name(path) or "__init__"
        if name == "__init__":
            continue
        ours, _ = _imports(path)
        graph[name] = {d for d in ours if d != name and not name.startswith(d + ".")}

    def visit(node, stack):
        if node in stack:
            raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(node):] + [node]))
        for dep in graph.get(node, ()):
            visit(dep, stack + [node])

    for node in graph:
        visit(node, [])


def _fresh_modules(statement):
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_import_snncourse_loads_neither_pyplot_nor_ipywidgets():
    loaded = _fresh_modules("import snncourse")
    assert "matplotlib.pyplot" not in loaded and "ipywidgets" not in loaded
    assert "snncourse.plotting" not in loaded and "snncourse.course" not in loaded


@pytest.mark.parametrize("module", [n for layer in NO_GUI for n in LAYERS[layer]
                                    if (PACKAGE / f"{n}.py").exists()])
def test_engine_and_science_modules_load_no_gui(module):
    loaded = _fresh_modules(f"import snncourse.{module}")
    assert not {"matplotlib", "matplotlib.pyplot", "ipywidgets"} & loaded, module


def test_flat_names_load_their_module_on_first_use():
    loaded = _fresh_modules("import snncourse as sc; sc.plot_raster; sc.report_table")
    assert "matplotlib.pyplot" in loaded and "ipywidgets" not in loaded
    import snncourse as sc

    for name in sc.__all__:
        assert getattr(sc, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        sc.nope  # noqa: B018
