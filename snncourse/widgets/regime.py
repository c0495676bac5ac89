r"""The regime explorer of notebook 7: a reduced Brunel network at (g, eta).

Contents
--------
regime_explorer, regime_explorer_widget
    Raster, population rate against the mean-field rate, power spectrum;
    and its sliders ``g`` and ``eta``.
REGIME_G, REGIME_ETA
    Slider ranges ``(min, default, max, step, unit)``.
EXPLORER_DURATION, EXPLORER_T_START
    Length (ms) and analysis start (ms) of its runs.

Units: ms, mV, Hz.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import theory
from .._validation import check_int
from ..network import simulate_network
from ..plotting import plot_population_rate, plot_power_spectrum, plot_raster
from ..regimes import SPECTRUM_FMIN, classify_state, record_subset, reduced_brunel, regime_statistics
from ._core import THEORY_COLOR as _THEORY_COLOR
from ._core import Slider, interactive_figure

__all__ = ["REGIME_G", "REGIME_ETA", "EXPLORER_DURATION", "EXPLORER_T_START",
           "regime_explorer", "regime_explorer_widget"]

#: Widget sliders: relative inhibition g and external drive eta.
REGIME_G = Slider(2.0, 5.0, 8.0, 0.5, "")
REGIME_ETA = Slider(0.5, 2.0, 4.0, 0.1, "")
#: Widget run: simulated time and start of the analysis window (ms).
EXPLORER_DURATION = 200.0
EXPLORER_T_START = 50.0


def regime_explorer(g: float = REGIME_G.default, eta: float = REGIME_ETA.default, *,
                    n_exc: int = 800, c_exc: int = 160, duration: float = EXPLORER_DURATION,
                    t_start: float = EXPLORER_T_START, dt: float = 0.1, n_record: int = 100,
                    n_raster: int = 100, rng=0, axes=None):
    r"""A reduced Brunel network at (g, eta): raster, population rate, spectrum.

    Simulates :func:`reduced_brunel` (1000 neurons by default) and draws
    (1) a raster of ``n_raster`` excitatory (red) and ``n_raster // 4``
    inhibitory (blue) neurons (:func:`~snncourse.plotting.plot_raster`),
    (2) the population rate in 1 ms bins
    (:func:`~snncourse.plotting.plot_population_rate`) with the mean-field
    rate of :func:`snncourse.theory.brunel_rate` as a dash-dotted line,
    (3) the power spectrum of the population rate after ``t_start``, with its
    peak (:func:`~snncourse.plotting.plot_power_spectrum`). The title
    names the state found by :func:`classify_state`.

    Parameters
    ----------
    g : float
        Relative inhibition, slider :data:`REGIME_G`.
    eta : float
        External drive, slider :data:`REGIME_ETA`.
    n_exc, c_exc : int
        Size and in-degree of the reduced network (see :func:`reduced_brunel`).
    duration : float
        Simulated time (ms).
    t_start : float
        Start of the analysis window (ms).
    dt : float
        Time step (ms).
    n_record : int
        Neurons whose potentials give chi.
    n_raster : int
        Excitatory neurons in the raster.
    rng : numpy.random.Generator, int or None
        Randomness (a fixed seed by default, so that only the sliders change the picture).
    axes : sequence of three Axes, optional
        Where to draw; a new figure when None. The state is written in the
        figure's title, or in the raster's title when ``axes`` are given.

    Returns
    -------
    figure : matplotlib.figure.Figure
    stats : dict
        :func:`regime_statistics` plus ``state`` (str) and ``rate_theory``
        (Hz): the mean-field rate of :func:`snncourse.theory.brunel_rate`,
        its lowest stationary solution (0 Hz where the quiescent state is
        one, e.g. at small ``eta``, even if the run is active; NaN if the
        theory finds none).

    Notes
    -----
    About 0.15 s of CPU for the default (g, eta) = (5, 2): 2000 time steps
    of 1000 neurons, then three panels (the simulation is two thirds of it).
    The cost grows with the rate: SR near saturation (g <= 3) takes about
    twice as long. The window after ``t_start`` (150 ms by default) sets
    the resolution of the spectrum, about 7 Hz.

    Examples
    --------
    >>> fig, stats = regime_explorer(5.0, 2.0)
    >>> stats["state"], 30 < stats["mean_rate_hz"] < 80
    ('AI', True)
    >>> plt.close(fig)
    """
    net = reduced_brunel(g, eta, n_exc=n_exc, c_exc=c_exc)
    n_raster = check_int("n_raster", n_raster, minimum=1)
    n_record = check_int("n_record", n_record, minimum=2)
    res = simulate_network(net, duration=duration, dt=dt, rng=rng,
                           record_ids=record_subset(net.n_neurons, n_record))
    stats = regime_statistics(res, t_start=t_start)
    stats["state"] = classify_state(stats)
    try:
        rate_th = float(theory.brunel_rate(net))
    except (ValueError, ArithmeticError):
        rate_th = float("nan")
    stats["rate_theory"] = rate_th

    own_figure = axes is None
    if own_figure:
        fig, axes = plt.subplots(1, 3, figsize=(11.5, 3.3), layout="constrained",
                                 gridspec_kw={"width_ratios": [1.2, 1.2, 1.1]})
    else:
        axes = list(axes)
        if len(axes) != 3:
            raise ValueError(f"axes must hold 3 Axes, got {len(axes)}")
        fig = axes[0].figure
    ax_r, ax_p, ax_s = axes
    plot_raster(res, ax=ax_r, n_max=n_raster + n_raster // 4)
    plot_population_rate(res, ax=ax_p, bin_size=1.0)
    if np.isfinite(rate_th):
        ax_p.axhline(rate_th, color=_THEORY_COLOR, ls="-.", lw=1.3,
                     label=f"mean field {rate_th:.0f} Hz")
    ax_p.set_ylim(0, 1.45 * ax_p.get_ylim()[1])  # room for the legend above the trace
    ax_p.legend(loc="upper center", fontsize=7, ncol=3, framealpha=0.9)
    plot_power_spectrum(res, ax=ax_s, t_start=t_start, fmin=SPECTRUM_FMIN)
    summary = (f"g = {g:g}, eta = {eta:g}: {stats['state']}  (rate {stats['mean_rate_hz']:.1f} Hz, "
               f"CV {stats['isi_cv']:.2f}, chi {stats['chi']:.2f}")
    if own_figure:
        fig.suptitle(f"{summary}; N = {net.n_neurons}, C_E = {net.c_exc})", fontsize=10)
    else:
        ax_r.set_title(summary + ")", loc="left", fontsize=9)
    return fig, stats


def regime_explorer_widget(**fixed):
    """Sliders for :func:`regime_explorer` (``g``, ``eta``); ``fixed`` are passed through.

    The sliders update on release (``continuous_update=False``); ipywidgets
    is imported only here.
    """
    return interactive_figure(regime_explorer, {"g": REGIME_G, "eta": REGIME_ETA},
                        {"g": "inhibition g", "eta": "drive eta"}, **fixed)
