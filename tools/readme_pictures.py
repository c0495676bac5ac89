"""Regenerate the README's pictures in docs/img/ (``make pictures``).

* ``figure_2_1.png``: the seed report's Figure 2.1, as ``python -m snncourse
  report`` draws it (the ``seed_report`` preset, seed 2024), downsampled.
* ``phase_diagram.png``: Brunel's phase diagram at full size as notebook 7
  draws it: the committed sweep (``data/phase_diagram_full.npz``) with the
  mean-field instability lines and rate contours (a few seconds).

PNG bytes differ between matplotlib and freetype versions, so staleness is
judged on the inputs instead: ``docs/img/pictures.sha256`` records the
SHA-256 of this script and of every ``snncourse`` module the pictures were
made with, and ``tests/test_environment.py`` fails when one of them changed
since (run ``make pictures`` and commit the result).

Usage: ``python tools/readme_pictures.py [--check]`` (``--check`` only
compares the recorded hashes with the files, exit status 1 when stale).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
STAMP = OUT / "pictures.sha256"
# loaded but without effect on a picture: re-exports, and the progress bar
NOT_INPUTS = {"snncourse/__init__.py", "snncourse/progress.py"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded() -> dict[str, str]:
    """The ``{relative path: sha256}`` recorded by the last ``make pictures``."""
    if not STAMP.exists():
        return {}
    pairs = (line.split(maxsplit=1) for line in STAMP.read_text().splitlines() if line.strip())
    return {path.strip(): digest for digest, path in pairs}


def stale() -> list[str]:
    """Inputs whose content differs from the recorded hash (or that are gone)."""
    old = recorded()
    if not old:
        return [f"{STAMP.relative_to(ROOT)} is missing"]
    bad = []
    for rel, digest in old.items():
        path = ROOT / rel
        if not path.exists() or sha256(path) != digest:
            bad.append(rel)
    return bad


def _inputs() -> list[Path]:
    """This script and the snncourse modules loaded to make the pictures."""
    files = {Path(__file__).resolve()}
    for mod in list(sys.modules.values()):
        f = getattr(mod, "__file__", None)
        if f and Path(f).resolve().is_relative_to(ROOT / "snncourse"):
            files.add(Path(f).resolve())
    files = {f for f in files if str(f.relative_to(ROOT)) not in NOT_INPUTS}
    return sorted(files)


def make() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sys.path.insert(0, str(ROOT))
    import snncourse as sc
    from snncourse import plotting
    from snncourse.presets import PRESETS
    from snncourse.report import run_preset

    OUT.mkdir(parents=True, exist_ok=True)
    # the run and the figure of `python -m snncourse report` (figure_2_1.png),
    # saved about 1000 px wide instead of at 150 dpi
    preset = PRESETS["seed_report"]
    fig = plotting.figure_2_1(run_preset("seed_report", preset.seed), t_start=preset.t_start)
    fig.savefig(OUT / "figure_2_1.png", dpi=1000 / fig.get_figwidth())
    plt.close(fig)

    # notebook 7's full-size figure: the committed sweep, Brunel's lines, rate contours
    diagram, _ = sc.sweep.load_phase_diagram(sc.sweep.PHASE_DIAGRAM_FILE)
    fig, ax = plt.subplots(figsize=(7.0, 4.3), layout="constrained")
    sc.plot_phase_diagram(diagram, ax=ax, boundaries=sc.hopf_boundaries(),
                          rate_levels=[10, 40, 150])
    ax.set_title("Brunel's network (N = 12,500): simulated states and the mean-field lines",
                 loc="left", fontsize=9)
    fig.savefig(OUT / "phase_diagram.png", dpi=110)
    plt.close(fig)

    lines = [f"{sha256(p)}  {p.relative_to(ROOT)}" for p in _inputs()]
    STAMP.write_text("\n".join(lines) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}/figure_2_1.png, phase_diagram.png, pictures.sha256")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report whether the pictures are stale")
    args = parser.parse_args(argv)
    if args.check:
        bad = stale()
        for rel in bad:
            print(f"changed since `make pictures`: {rel}")
        return 1 if bad else 0
    make()
    return 0


if __name__ == "__main__":
    sys.exit(main())
