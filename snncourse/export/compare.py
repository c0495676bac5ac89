r"""snncourse, NEST and Brian2 on the same network: statistics side by side.

Contents
--------
SIMULATORS
    ``("snncourse", "nest", "brian2")``.
simulate_with
    One run of a network in one of the three simulators, with its wall time.
comparison_statistics
    E and I rates, mean ISI CV, population-rate spectrum and its peak of one run.
compare_simulators
    The same network (same initial potentials and synapses) in all three.
save_comparison, load_comparison
    Several comparisons in one small ``.npz`` (statistics, spectra, a short
    population rate and a raster excerpt; no full spike trains).
COMPARISON_FILE
    The committed comparison, ``data/simulator_comparison.npz``.
comparison_table
    The statistics of a comparison as rows of text.
comparison_explorer, comparison_explorer_widget
    One state in the three simulators: rasters, population rates, spectra;
    and a toggle between the states.
ComparisonView
    The same figure as a live view (:class:`~snncourse.widgets.LiveFigure`):
    the file is read once, and a move of the toggle gives the artists of one
    figure the other state's data; the widget draws with it.

``python -m snncourse.export.compare --out data/simulator_comparison.npz``
regenerates the committed file (Brunel's AI and SI-slow networks at full
size; about 2 minutes on 2 cores plus Brian2's compilation, NEST and Brian2 needed).
"""

from __future__ import annotations

import time

import numpy as np

from pathlib import Path

from ..analysis import firing_rates, isi_cv, peak_frequency, population_rate, power_spectrum
from ..network import SimulationResult, simulate_network
from ..params import NetworkParams
from ..widgets._core import LiveFigure, new_axes

__all__ = ["SIMULATORS", "COMPARISON_FILE", "simulate_with", "comparison_statistics",
           "compare_simulators", "save_comparison", "load_comparison", "comparison_table",
           "ComparisonView", "comparison_explorer", "comparison_explorer_widget"]

SIMULATORS = ("snncourse", "nest", "brian2")
#: The committed full-size comparison (see the module docstring for the command).
COMPARISON_FILE = Path(__file__).resolve().parents[2] / "data" / "simulator_comparison.npz"
#: Colour of each simulator in the figures (red and blue stay E and I).
SIM_COLORS = {"snncourse": "k", "nest": "tab:orange", "brian2": "tab:cyan"}


def simulate_with(simulator: str, net: NetworkParams, *, duration: float, dt: float = 0.1,
                  seed: int = 1, threads: int = 2, brian2_target: str = "cython"):
    """Run ``net`` in ``simulator``; returns ``(result, timing)`` (wall-clock s).

    All three start from the initial potentials and synapses that
    ``simulate_network(net, rng=seed)`` draws.
    """
    from . import run_brian2, run_nest

    t0, c0 = time.perf_counter(), time.process_time()
    if simulator == "snncourse":
        res = simulate_network(net, duration=duration, dt=dt, rng=seed)
        return res, {"total_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0,
                     "build_s": float("nan"), "run_s": float("nan")}
    if simulator == "nest":
        return run_nest(net, duration=duration, dt=dt, rng=seed, threads=threads,
                        return_timing=True)
    if simulator == "brian2":
        return run_brian2(net, duration=duration, dt=dt, rng=seed, target=brian2_target,
                          return_timing=True)
    raise ValueError(f"simulator must be one of {SIMULATORS}, got {simulator!r}")


def comparison_statistics(result: SimulationResult, *, t_start: float = 200.0,
                          bin_size: float = 1.0, nperseg: int = 512, fmin: float = 5.0) -> dict:
    """E and I rates (Hz), mean ISI CV, spectrum and peak (Hz) of ``result`` after ``t_start`` (ms).

    The CV is the mean over neurons with at least 3 spikes; the spectrum is
    Welch's of the population rate in ``bin_size`` ms bins, ``nperseg``
    bins a segment (resolution ``1000 / (nperseg * bin_size)`` Hz), the peak
    the largest power above ``fmin`` Hz.
    """
    if not isinstance(result, SimulationResult):
        raise TypeError(f"result must be a SimulationResult, got {type(result).__name__}")
    late = result.spike_times >= t_start
    times, ids = result.spike_times[late], result.spike_ids[late]
    window = result.duration - t_start
    rates = firing_rates(times, ids, result.n_neurons, t_start=t_start, t_stop=t_start + window)
    cvs = isi_cv(times, ids, result.n_neurons)
    cvs = cvs[np.isfinite(cvs)]
    _, pop = population_rate(times, result.n_neurons, window, bin_size, t_start=t_start)
    freqs, psd = power_spectrum(pop, bin_size, nperseg=min(nperseg, pop.size))
    return {"rate_e": float(rates[:result.n_exc].mean()),
            "rate_i": float(rates[result.n_exc:].mean()) if result.n_inh else float("nan"),
            "cv": float(cvs.mean()) if cvs.size else float("nan"),
            "f_peak": float(peak_frequency(freqs, psd, fmin=fmin)),
            "freqs": freqs, "psd": psd, "pop_rate": pop}


def compare_simulators(net: NetworkParams, *, duration: float = 1000.0, t_start: float = 200.0,
                       dt: float = 0.1, seed: int = 1, simulators=SIMULATORS, threads: int = 2,
                       brian2_target: str = "cython", raster_neurons: int = 100,
                       progress: bool = True) -> dict:
    """Simulate ``net`` in each of ``simulators``; statistics and excerpts of each.

    Returns
    -------
    dict
        ``{simulator: {"rate_e", "rate_i", "cv", "f_peak", "wall_s", "build_s",
        "run_s", "cpu_s", "freqs", "psd", "pop_rate", "raster_times", "raster_ids"}}``;
        the raster holds the spikes of the first ``raster_neurons`` E and
        I neurons after ``t_start``, ``pop_rate`` the population rate (Hz,
        1 ms bins) after ``t_start``.
    """
    import sys

    out = {}
    for sim in simulators:
        if progress:
            print(f"{net.name}: {sim} ...", file=sys.stderr, flush=True)
        res, tim = simulate_with(sim, net, duration=duration, dt=dt, seed=seed, threads=threads,
                                 brian2_target=brian2_target)
        stats = comparison_statistics(res, t_start=t_start)
        stats.update(wall_s=tim["total_s"], cpu_s=tim["cpu_s"],
                     build_s=tim.get("build_s", np.nan) + tim.get("prepare_s", 0.0),
                     run_s=tim.get("run_s", np.nan))
        keep = (res.spike_times >= t_start) & (
            (res.spike_ids < raster_neurons)
            | ((res.spike_ids >= net.n_exc) & (res.spike_ids < net.n_exc + raster_neurons)))
        stats["raster_times"] = res.spike_times[keep]
        stats["raster_ids"] = res.spike_ids[keep]
        out[sim] = stats
        if progress:
            print(f"  E {stats['rate_e']:.2f} Hz, I {stats['rate_i']:.2f} Hz, CV {stats['cv']:.3f}, "
                  f"peak {stats['f_peak']:.1f} Hz, {stats['wall_s']:.1f} s wall, "
                  f"{stats['cpu_s']:.1f} s CPU", file=sys.stderr,
                  flush=True)
    return out


def save_comparison(path, comparisons: dict, **metadata) -> None:
    """Write ``{label: compare_simulators(...)}`` to ``path`` (``.npz``, no pickle)."""
    data = {f"meta_{k}": np.asarray(v) for k, v in metadata.items()}
    data["labels"] = np.array(list(comparisons))
    for label, per_sim in comparisons.items():
        data[f"{label}/simulators"] = np.array(list(per_sim))
        for sim, stats in per_sim.items():
            for key, value in stats.items():
                data[f"{label}/{sim}/{key}"] = np.asarray(value)
    np.savez_compressed(path, **data)


def load_comparison(path):
    """Read a file of :func:`save_comparison`; returns ``(comparisons, metadata)``."""
    with np.load(path, allow_pickle=False) as f:
        meta = {k[5:]: f[k].item() for k in f.files if k.startswith("meta_")}
        comparisons = {}
        for label in f["labels"].tolist():
            comparisons[label] = {}
            for sim in f[f"{label}/simulators"].tolist():
                prefix = f"{label}/{sim}/"
                comparisons[label][sim] = {
                    k[len(prefix):]: (f[k].item() if f[k].ndim == 0 else f[k])
                    for k in f.files if k.startswith(prefix)}
    return comparisons, meta


def comparison_table(comparisons: dict) -> list:
    """Rows of text: state, simulator, E and I rates (Hz), ISI CV, peak (Hz), wall and CPU time (s)."""
    rows = [f"{'state':8s} {'simulator':10s} {'E (Hz)':>7s} {'I (Hz)':>7s} {'CV':>6s} "
            f"{'peak (Hz)':>9s} {'wall (s)':>8s} {'CPU (s)':>8s}"]
    for state, per_sim in comparisons.items():
        for sim, st in per_sim.items():
            rows.append(f"{state:8s} {sim:10s} {st['rate_e']:7.2f} {st['rate_i']:7.2f} "
                        f"{st['cv']:6.3f} {st['f_peak']:9.1f} {st['wall_s']:8.0f} {st['cpu_s']:8.0f}")
    return rows


def comparison_explorer(state: str = "AI", *, path=None, window: float = 300.0,
                        n_raster: int = 40, axes=None):
    """One state of a saved comparison in the three simulators: rasters, rates, spectra.

    Parameters
    ----------
    state : str
        A label of the comparison file (``"AI"`` or ``"SI slow"`` in the committed one).
    path : str or path-like, optional
        A file of :func:`save_comparison`; default :data:`COMPARISON_FILE`.
    window : float
        Length (ms) of the excerpt shown in the raster and the population rate.
    n_raster : int
        Excitatory neurons per simulator in the raster.
    axes : sequence of three Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    figure : matplotlib.figure.Figure
    stats : dict
        ``{simulator: {"rate_e", "rate_i", "cv", "f_peak"}}`` of ``state``.
    """
    comparisons, meta = load_comparison(COMPARISON_FILE if path is None else path)
    per_sim, t0 = _state(comparisons, meta, state)
    fig, (ax_r, ax_p, ax_s) = new_axes(axes, 3, (12, 3.4))
    stats = {}
    for k, (sim, st) in enumerate(per_sim.items()):
        color = SIM_COLORS.get(sim, f"C{k}")
        raster, rate = _excerpt(st, k, t0, window, n_raster)
        ax_r.plot(*raster, "|", color=color, ms=2, label=sim)
        ax_p.plot(*rate, color=color, lw=0.8, label=sim)
        ax_s.semilogy(st["freqs"], st["psd"], color=color, lw=1,
                      label=f"{sim}: peak {st['f_peak']:.0f} Hz")
        stats[sim] = _sim_stats(st)
    ax_r.set_yticks([k * (n_raster + 5) + n_raster / 2 for k in range(len(per_sim))],
                    labels=list(per_sim))
    ax_r.set(title=f"{state}: {n_raster} E neurons each", xlabel="Time (ms)")
    ax_p.set(title="population rate (1 ms bins)", xlabel="Time (ms)", ylabel="Rate (Hz)")
    ax_s.set(title="spectrum of the population rate", xlabel="Frequency (Hz)",
             ylabel="PSD (Hz$^2$/Hz)", xlim=(0, 300))
    ax_p.legend(fontsize=7, loc="upper right")
    ax_s.legend(fontsize=7, loc="upper right")
    return fig, stats


def _state(comparisons, meta, state):
    """``(per_sim, t0)``: the runs of ``state`` and the start (ms) of their excerpts."""
    if state not in comparisons:
        raise ValueError(f"state must be one of {list(comparisons)}, got {state!r}")
    return comparisons[state], float(meta.get("t_start", 0.0))


def _excerpt(st, k, t0, window, n_raster):
    """The raster (times, rows of the k-th simulator) and population rate (t, Hz) of ``window`` ms."""
    keep = (st["raster_ids"] < n_raster) & (st["raster_times"] < t0 + window)
    pop = st["pop_rate"]
    t = t0 + np.arange(pop.size) + 0.5
    show = t < t0 + window
    return (st["raster_times"][keep], st["raster_ids"][keep] + k * (n_raster + 5)), (t[show], pop[show])


def _sim_stats(st):
    return {key: float(st[key]) for key in ("rate_e", "rate_i", "cv", "f_peak")}


class ComparisonView(LiveFigure):
    """:func:`comparison_explorer` as a live view: one figure, the toggle gives its artists new data.

    The file is read once, when the view is made; ``view(state=...)``
    returns ``(figure, stats)`` as the explorer does, on the same figure
    each time. Parameters as :func:`comparison_explorer` (``path``,
    ``window``, ``n_raster``), given when the view is made.

    Examples
    --------
    >>> view = ComparisonView()
    >>> fig, stats = view(state="SI slow")
    >>> sorted(stats) == sorted(SIMULATORS), view.png()[:4]
    (True, b'\\x89PNG')
    """

    figsize = (12, 3.4)
    shape = (1, 3)

    def __init__(self, *, path=None, window: float = 300.0, n_raster: int = 40, **kwargs):
        self._data = load_comparison(COMPARISON_FILE if path is None else path)
        self._window, self._n_raster = float(window), int(n_raster)
        super().__init__(**kwargs)

    def _build(self):
        ax_r, ax_p, ax_s = self.axes
        comparisons, _ = self._data
        sims = list(next(iter(comparisons.values())))
        colors = [SIM_COLORS.get(sim, f"C{k}") for k, sim in enumerate(sims)]
        self._sims = sims
        self._raster = [ax_r.plot([], [], "|", color=c, ms=2, label=sim)[0] for sim, c in zip(sims, colors)]
        self._rates = [ax_p.plot([], [], color=c, lw=0.8, label=sim)[0] for sim, c in zip(sims, colors)]
        self._psd = [ax_s.plot([], [], color=c, lw=1, label=sim)[0] for sim, c in zip(sims, colors)]
        n = self._n_raster
        ax_r.set_yticks([k * (n + 5) + n / 2 for k in range(len(sims))], labels=sims)
        ax_r.set(xlabel="Time (ms)")
        ax_p.set(title="population rate (1 ms bins)", xlabel="Time (ms)", ylabel="Rate (Hz)")
        ax_s.set(title="spectrum of the population rate", xlabel="Frequency (Hz)",
                 ylabel="PSD (Hz$^2$/Hz)", yscale="log", xlim=(0, 300))
        ax_p.legend(fontsize=7, loc="upper right")
        self._legend = ax_s.legend(fontsize=7, loc="upper right")

    def _update(self, state="AI"):
        ax_r, ax_p, ax_s = self.axes
        per_sim, t0 = _state(*self._data, state)
        stats, sims = {}, list(per_sim)
        if sims != self._sims:
            raise ValueError(f"state {state!r} has the simulators {sims}, the view {self._sims}")
        for k, (sim, st) in enumerate(per_sim.items()):
            raster, rate = _excerpt(st, k, t0, self._window, self._n_raster)
            self._raster[k].set_data(*raster)
            self._rates[k].set_data(*rate)
            self._psd[k].set_data(st["freqs"], st["psd"])
            stats[sim] = _sim_stats(st)
        _set_texts(self._legend, [f"{sim}: peak {stats[sim]['f_peak']:.0f} Hz" for sim in sims])
        for ax in self.axes:  # the limits the explorer's figure gets from its data
            ax.relim()
            ax.autoscale_view(scalex=ax is not ax_s)  # the spectrum keeps 0-300 Hz
        ax_r.set_title(f"{state}: {self._n_raster} E neurons each")
        return stats


def _set_texts(legend, texts):
    for t, text in zip(legend.get_texts(), texts):
        t.set_text(text)


def comparison_explorer_widget(**fixed):
    """A toggle between the states of :func:`comparison_explorer`, drawn by a :class:`ComparisonView`.

    ``fixed`` (``path``, ``window``, ``n_raster``) go to the view; ipywidgets is imported only here.
    """
    from ..widgets import Choice, interactive_figure

    view = ComparisonView(**fixed)
    states = tuple(view._data[0])
    return interactive_figure(view, {"state": Choice(states, states[0])}, {"state": "state"})


def _main(argv=None) -> int:
    import argparse
    import shlex
    import sys

    from ..params import brunel2000

    parser = argparse.ArgumentParser(
        prog="python -m snncourse.export.compare",
        description="Brunel's AI and SI-slow networks in snncourse, NEST and Brian2.")
    parser.add_argument("--scale", type=float, default=1.0, help="size relative to N = 12,500")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2, help="NEST threads (default 2)")
    parser.add_argument("--brian2-target", default="cython", choices=("numpy", "cython"))
    parser.add_argument("--ai-duration", type=float, default=1000.0, help="ms (default 1000)")
    parser.add_argument("--si-duration", type=float, default=2000.0, help="ms (default 2000)")
    parser.add_argument("--t-start", type=float, default=200.0, help="ms (default 200)")
    parser.add_argument("--simulators", nargs="+", default=list(SIMULATORS), choices=SIMULATORS)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    comparisons = {}
    for label, (g, eta), duration in (("AI", (5.0, 2.0), args.ai_duration),
                                      ("SI slow", (4.5, 0.9), args.si_duration)):
        net = brunel2000(g, eta, scale=args.scale)
        comparisons[label] = compare_simulators(
            net, duration=duration, t_start=args.t_start, seed=args.seed,
            simulators=args.simulators, threads=args.threads, brian2_target=args.brian2_target)
    import brian2
    import nest

    command = "python -m snncourse.export.compare " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    save_comparison(args.out, comparisons, command=command, scale=args.scale, seed=args.seed,
                    n_neurons=brunel2000(scale=args.scale).n_neurons,
                    ai_duration=args.ai_duration, si_duration=args.si_duration,
                    t_start=args.t_start, threads=args.threads,
                    brian2_target=args.brian2_target, nest_version=str(nest.__version__),
                    brian2_version=str(brian2.__version__),
                    numpy_version=np.__version__)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
