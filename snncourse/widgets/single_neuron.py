"""Explorers of notebooks 1-3: one neuron, noise, shot noise from E and I inputs.

Contents
--------
lif_explorer, lif_explorer_widget
    Notebook 1: a current step into one LIF neuron; sliders ``current`` (nA)
    and ``tau_m`` (ms). Simulated rate next to the closed-form F-I curve.
noise_explorer, noise_explorer_widget
    Notebook 2: LIF neurons under white noise; sliders ``mu`` (mV) and
    ``sigma`` (mV), the diffusion approximation's pair of input statistics
    (the simulators call the same amplitude ``noise_sigma``). Simulated rate
    and ISI CV next to Siegert's formulas.
balance_explorer, balance_explorer_widget
    Notebook 3: the free membrane potential under excitatory and inhibitory
    Poisson input; sliders ``j_exc`` (mV), ``rate`` (Hz) and ``g``. Simulated
    mean and standard deviation next to Campbell's theorem.
NoiseView, BalanceView
    The figures of notebooks 2 and 3 as live views
    (:class:`~snncourse.widgets.LiveFigure`): one figure whose artists take
    new data when a slider moves, which is what their widgets draw with. A
    run is cached on its (rounded) parameters when the seed is an int, so a
    slider moved back to a value redraws without simulating.
LIF_CURRENT, LIF_TAU_M, NOISE_MU, NOISE_SIGMA, BALANCE_J, BALANCE_RATE, BALANCE_G
    The slider ranges.

Units: ms, mV, Hz; currents in nA with ``r_m`` in MOhm.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import theory
from .._validation import as_rng, check_int, check_nonnegative, check_positive
from ..analysis import isi_intervals
from ..neuron import simulate_neuron
from ..params import LIFParams
from ..theory import campbell
from ..units import counts_to_hz
from ._core import SIM_COLOR as _SIM_COLOR
from ._core import THEORY_COLOR as _THEORY_COLOR
from ._core import LiveFigure, Slider, interactive_figure
from ._core import new_axes as _new_axes
from .network import _cached, _message, _say, _set_legend

__all__ = [
    "LIF_CURRENT", "LIF_TAU_M",
    "NOISE_MU", "NOISE_SIGMA",
    "BALANCE_J", "BALANCE_RATE", "BALANCE_G",
    "SLIDERS", "NoiseView", "BalanceView",
    "lif_explorer", "lif_explorer_widget",
    "noise_explorer", "noise_explorer_widget",
    "balance_explorer", "balance_explorer_widget",
]

LIF_CURRENT = Slider(0.0, 2.5, 6.0, 0.1, "nA")
LIF_TAU_M = Slider(5.0, 20.0, 50.0, 1.0, "ms")
NOISE_MU = Slider(0.0, 15.0, 30.0, 0.5, "mV")
NOISE_SIGMA = Slider(0.0, 5.0, 10.0, 0.5, "mV")
BALANCE_J = Slider(0.0, 0.2, 0.5, 0.02, "mV")
BALANCE_RATE = Slider(0.0, 5.0, 20.0, 0.5, "Hz")
BALANCE_G = Slider(0.0, 4.0, 8.0, 0.25, "")

SLIDERS = {
    "lif_explorer": {"current": LIF_CURRENT, "tau_m": LIF_TAU_M},
    "noise_explorer": {"mu": NOISE_MU, "sigma": NOISE_SIGMA},
    "balance_explorer": {"j_exc": BALANCE_J, "rate": BALANCE_RATE, "g": BALANCE_G},
}


def _steady_rate(spike_times, t_start, t_stop):
    """Rate (Hz) from the interspike intervals, as :func:`snncourse.simulate_fi_curve`.

    ``(n - 1) / (t_last - t_first)`` for ``n >= 2`` spikes (free of the
    latency to the first spike), else ``n / (t_stop - t_start)``.
    """
    n = spike_times.size
    if n >= 2:
        return counts_to_hz(n - 1, spike_times[-1] - spike_times[0])
    return counts_to_hz(n, t_stop - t_start)


# -- notebook 1 ----------------------------------------------------------------
def lif_explorer(current=LIF_CURRENT.default, tau_m=LIF_TAU_M.default, *, params=None,
                 duration=300.0, t_on=20.0, dt=0.1, ax=None):
    r"""A current step into one LIF neuron: trace, closed-form rise, rate vs theory.

    The current is switched on at ``t_on`` and stays on. The plot shows the
    simulated membrane potential, the closed-form rise
    :math:`V_\mathrm{rest} + R_m I (1 - e^{-(t - t_\mathrm{on})/\tau_m})`
    up to the first spike, the threshold and the reset.

    Parameters
    ----------
    current : float
        Step current (nA), slider :data:`LIF_CURRENT`.
    tau_m : float
        Membrane time constant (ms), slider :data:`LIF_TAU_M`.
    params : LIFParams, optional
        The other neuron parameters; default ``LIFParams()``.
    duration : float
        Simulated time (ms).
    t_on : float
        Time the current is switched on (ms), in ``[0, duration)``.
    dt : float
        Time step (ms).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    figure : matplotlib.figure.Figure
    stats : dict
        ``rate_sim`` (Hz, from the interspike intervals as
        :func:`snncourse.simulate_fi_curve`; ``count / (duration - t_on)`` with fewer
        than two spikes), ``rate_theory`` (Hz, :func:`snncourse.theory.fi_curve`),
        ``n_spikes``, ``rheobase`` (nA).

    Examples
    --------
    >>> fig, stats = lif_explorer(2.5, 20.0)
    >>> round(stats["rate_theory"], 2), round(stats["rate_sim"], 2)  # intervals of 24.0 ms on the grid
    (41.71, 41.67)
    >>> plt.close(fig)
    """
    p = (params or LIFParams()).replace(tau_m=check_positive("tau_m", tau_m, "ms"))
    duration = check_positive("duration", duration, "ms")
    t_on = check_nonnegative("t_on", t_on, "ms")
    if t_on >= duration:
        raise ValueError(f"t_on must be < duration={duration:g} ms, got {t_on!r}")
    n_steps = int(round(duration / dt))
    i_t = np.where(np.arange(n_steps) * dt >= t_on - 1e-9, float(current), 0.0)
    res = simulate_neuron(p, i_t, duration=duration, dt=dt)
    spikes = res.spike_times
    rate_sim = _steady_rate(spikes, t_on, duration)
    rate_th = float(theory.fi_curve(p, float(current)))

    fig, (ax,) = _new_axes(ax, 1, (7.0, 3.4))
    ax.axvspan(t_on, duration, color="0.93", lw=0, label=f"I = {current:g} nA")
    ax.plot(res.times, res.v[0], color=_SIM_COLOR, lw=1.2, label="simulated")
    # closed-form solution from the step to the first spike
    t_end = spikes[0] if spikes.size else duration
    t = np.linspace(t_on, t_end, 200)
    v_inf = p.v_rest + p.r_m * float(current)
    ax.plot(t, v_inf + (p.v_rest - v_inf) * np.exp(-(t - t_on) / p.tau_m), "--",
            color=_THEORY_COLOR, lw=1.5, label="closed form (to 1st spike)")
    ax.axhline(p.v_th, color="0.4", ls=":", lw=1)
    ax.axhline(p.v_reset, color="0.6", ls="-.", lw=0.8)
    ax.text(duration, p.v_th, r" $V_\mathrm{th}$", va="center", fontsize=9)
    ax.text(duration, p.v_reset, r" $V_\mathrm{reset}$", va="center", fontsize=9)
    if spikes.size:
        top = p.v_th + 0.15 * (p.v_th - p.v_rest)
        ax.vlines(spikes, p.v_th, top, color=_SIM_COLOR, lw=1)
    ax.set_xlim(0, duration)
    ax.set_xlabel("Time (ms)")
    ax.set_ylabel("V (mV)")
    ax.set_title(
        rf"$\tau_m$ = {p.tau_m:g} ms: {rate_sim:.1f} Hz simulated, {rate_th:.1f} Hz closed form",
        fontsize=10,
    )
    ax.legend(loc="lower right", fontsize=8, framealpha=0.9)
    stats = {"rate_sim": float(rate_sim), "rate_theory": rate_th,
             "n_spikes": int(spikes.size), "rheobase": p.rheobase}
    return fig, stats


# -- notebook 2 ----------------------------------------------------------------
def noise_explorer(mu=NOISE_MU.default, sigma=NOISE_SIGMA.default, *, params=None,
                   n_neurons=40, duration=500.0, dt=0.1, rng=0, axes=None):
    r"""LIF neurons under white noise: a trace, the ISI histogram, rate and CV vs theory.

    ``n_neurons`` independent neurons receive the mean input ``mu`` (a
    constant current :math:`(\mu - V_\mathrm{rest}) / R_m`) plus white noise
    of amplitude ``sigma`` (Brunel's convention, so the free membrane
    potential has standard deviation :math:`\sigma/\sqrt{2}`). They start
    uniformly between reset and threshold.

    Parameters
    ----------
    mu : float
        Mean input :math:`\mu = V_\mathrm{rest} + R_m I` (mV), slider :data:`NOISE_MU`.
    sigma : float
        Noise amplitude (mV), slider :data:`NOISE_SIGMA`.
    params : LIFParams, optional
        Neuron parameters; default ``LIFParams()``.
    n_neurons : int
        Number of independent neurons (for the rate and the ISIs).
    duration : float
        Simulated time (ms).
    dt : float
        Time step (ms).
    rng : numpy.random.Generator, int or None
        Randomness (a fixed seed by default, so that the picture only changes
        with the sliders).
    axes : sequence of two Axes, optional
        Where to draw the trace and the ISI histogram; a new figure when None.

    Returns
    -------
    figure : matplotlib.figure.Figure
    stats : dict
        ``rate_sim`` (Hz, all spikes / (n_neurons * duration)),
        ``rate_theory`` (Hz, :func:`snncourse.theory.siegert_rate`),
        ``cv_sim`` (CV of the pooled ISIs; NaN with fewer than two ISIs),
        ``cv_theory`` (:func:`snncourse.theory.siegert_cv`), ``n_spikes``.

    Notes
    -----
    The simulation checks the threshold once per step, so it misses brief
    excursions above it: its rate is a few percent below Siegert's for large
    ``sigma`` at ``dt = 0.1`` ms (the error shrinks as :math:`\sqrt{dt}`).
    A window of ``duration`` ms cuts long intervals, so at low rates the
    simulated CV is biased low.

    Examples
    --------
    >>> fig, stats = noise_explorer(15.0, 5.0)
    >>> round(stats["rate_theory"], 1)
    9.5
    >>> plt.close(fig)
    """
    p, res, isis, stats = _noise_run(mu, sigma, params, n_neurons, duration, dt, rng)
    sigma = stats.pop("sigma")

    fig, (ax_v, ax_h) = _new_axes(axes, 2, (9.0, 3.2))
    ax_v.plot(res.times, res.v[0], color=_SIM_COLOR, lw=0.8)
    own = res.spikes_of(0)
    if own.size:
        ax_v.vlines(own, p.v_th, p.v_th + 5.0, color=_SIM_COLOR, lw=1)
    ax_v.axhline(p.v_th, color="0.4", ls=":", lw=1, label=r"$V_\mathrm{th}$")
    ax_v.axhline(mu, color=_THEORY_COLOR, ls="--", lw=1.2, label=r"$\mu$")
    ax_v.set_xlim(0, res.duration)
    ax_v.set_xlabel("Time (ms)")
    ax_v.set_ylabel("V (mV)")
    ax_v.set_title(rf"$\mu$ = {mu:g} mV, $\sigma$ = {sigma:g} mV (neuron 0)", fontsize=10)
    ax_v.legend(loc="lower right", fontsize=8)

    if isis.size:
        ax_h.hist(isis, bins=30, density=True, color=_SIM_COLOR, alpha=0.7,
                  histtype="stepfilled", label=f"{n_neurons} neurons")
        ax_h.legend(fontsize=8)
    else:
        ax_h.text(0.5, 0.5, "fewer than two spikes\nper neuron", ha="center",
                  va="center", transform=ax_h.transAxes)
    ax_h.set_xlabel("ISI (ms)")
    ax_h.set_ylabel("Density (1/ms)")
    ax_h.set_title(_noise_title(stats), fontsize=10)
    return fig, stats


def _noise_run(mu, sigma, params, n_neurons, duration, dt, rng):
    """``(params, result, isis, stats)`` of :func:`noise_explorer` (shared with :class:`NoiseView`)."""
    p = params or LIFParams()
    sigma = check_nonnegative("sigma", sigma, "mV")
    n_neurons = check_int("n_neurons", n_neurons, minimum=1)
    duration = check_positive("duration", duration, "ms")
    gen = as_rng(rng)
    v0 = gen.uniform(p.v_reset, p.v_th, size=n_neurons)
    res = simulate_neuron(p, (float(mu) - p.v_rest) / p.r_m, duration=duration, dt=dt,
                          n_neurons=n_neurons, noise_sigma=sigma, v0=v0, rng=gen)
    isis = isi_intervals(res.spike_times, res.spike_ids)
    rate_sim = counts_to_hz(res.spike_times.size / n_neurons, res.duration)
    cv_sim = float(np.std(isis) / np.mean(isis)) if isis.size >= 2 else float("nan")
    stats = {"rate_sim": float(rate_sim), "rate_theory": float(theory.siegert_rate(p, float(mu), sigma)),
             "cv_sim": cv_sim, "cv_theory": float(theory.siegert_cv(p, float(mu), sigma)),
             "n_spikes": int(res.spike_times.size), "sigma": sigma}
    return p, res, isis, stats


def _noise_title(stats):
    return (f"rate {stats['rate_sim']:.1f} Hz (theory {stats['rate_theory']:.1f}); "
            f"CV {stats['cv_sim']:.2f} (theory {stats['cv_theory']:.2f})")


def _spike_ticks(times, bottom, top):
    """``(x, y)`` of one line drawing a vertical tick from ``bottom`` to ``top`` at each time (NaN-separated)."""
    x = np.repeat(np.asarray(times, dtype=float), 3)
    y = np.tile([bottom, top, np.nan], times.size)
    x[2::3] = np.nan
    return x, y


@_cached
def _noise_data(mu, sigma, params, n_neurons, duration, dt, rng):
    """What :class:`NoiseView` draws, from one run (neuron 0's trace, the ISI histogram, the numbers)."""
    p, res, isis, stats = _noise_run(mu, sigma, params, n_neurons, duration, dt, rng)
    hist = np.histogram(isis, bins=30, density=True) if isis.size else None
    return {"params": p, "times": res.times, "v0": res.v[0].copy(), "own": res.spikes_of(0),
            "duration": res.duration, "hist": hist, "stats": stats}


class NoiseView(LiveFigure):
    """:func:`noise_explorer` as a live view: the trace and the ISI histogram take new data.

    ``view(mu=..., sigma=...)`` returns ``(figure, stats)`` as the explorer
    does (the same run), on the same figure each time.

    Examples
    --------
    >>> view = NoiseView()
    >>> fig, stats = view(mu=15.0, sigma=5.0)
    >>> stats == noise_explorer(15.0, 5.0)[1], view.png()[:4]
    (True, b'\\x89PNG')
    >>> plt.close("all")
    """

    figsize = (9.0, 3.2)

    def _build(self):
        ax_v, ax_h = self.axes
        (self._trace,) = ax_v.plot([], [], color=_SIM_COLOR, lw=0.8)
        (self._spikes,) = ax_v.plot([], [], color=_SIM_COLOR, lw=1)
        self._v_th = ax_v.axhline(0.0, color="0.4", ls=":", lw=1, label=r"$V_\mathrm{th}$")
        self._mu = ax_v.axhline(0.0, color=_THEORY_COLOR, ls="--", lw=1.2, label=r"$\mu$")
        ax_v.set(xlabel="Time (ms)", ylabel="V (mV)")
        ax_v.legend(loc="lower right", fontsize=8)
        self._hist = ax_h.stairs([0.0], [0.0, 1.0], fill=True, color=_SIM_COLOR, alpha=0.7, label="neurons")
        self._legend = ax_h.legend(fontsize=8)
        self._message = _message(ax_h)
        ax_h.set(xlabel="ISI (ms)", ylabel="Density (1/ms)")

    def _update(self, mu=NOISE_MU.default, sigma=NOISE_SIGMA.default, *, params=None, n_neurons=40,
                duration=500.0, dt=0.1, rng=0):
        d = _noise_data(float(mu), float(sigma), params, n_neurons, float(duration), float(dt), rng=rng)
        ax_v, ax_h = self.axes
        p, stats = d["params"], dict(d["stats"])
        self._trace.set_data(d["times"], d["v0"])
        self._spikes.set_data(*_spike_ticks(d["own"], p.v_th, p.v_th + 5.0))
        self._v_th.set_ydata([p.v_th] * 2)
        self._mu.set_ydata([mu] * 2)
        ax_v.relim()
        ax_v.autoscale_view(scalex=False)
        ax_v.set_xlim(0, d["duration"])
        ax_v.set_title(rf"$\mu$ = {mu:g} mV, $\sigma$ = {stats['sigma']:g} mV (neuron 0)", fontsize=10)
        has = d["hist"] is not None
        self._hist.set_visible(has)
        self._legend.set_visible(has)
        _say(self._message, "" if has else "fewer than two spikes\nper neuron")
        if has:
            self._hist.set_data(*d["hist"])
            _set_legend(self._legend, [f"{n_neurons} neurons"])
            ax_h.relim()
            ax_h.autoscale_view()
        else:  # an empty panel, as the explorer's
            ax_h.set(xlim=(0, 1), ylim=(0, 1))
            ax_h.set_autoscale_on(True)
        ax_h.set_title(_noise_title(stats), fontsize=10)
        del stats["sigma"]
        return stats



# -- notebook 3 ----------------------------------------------------------------
def balance_explorer(j_exc=BALANCE_J.default, rate=BALANCE_RATE.default, g=BALANCE_G.default, *,
                     c_exc=800, c_inh=200, params=None, n_neurons=20, duration=400.0,
                     dt=0.1, rng=0, axes=None):
    r"""Free membrane potential under E and I Poisson input, against Campbell's theorem.

    Each neuron receives ``c_exc`` excitatory Poisson trains (a spike is a
    jump of ``j_exc``) and ``c_inh`` inhibitory ones (a jump of
    ``-g * j_exc``), all at ``rate``. The threshold is removed (the "free"
    membrane potential), so the mean and the standard deviation can be
    compared with Campbell's theorem (:func:`campbell`):

    .. math::

        \mu = \tau_m \nu J (C_E - g C_I), \qquad
        \sigma_V^2 = \frac{\tau_m}{2} \nu J^2 (C_E + g^2 C_I).

    Neurons start at the theoretical mean, so there is no transient.

    Parameters
    ----------
    j_exc : float
        Excitatory efficacy J (mV), slider :data:`BALANCE_J`.
    rate : float
        Rate of each input train (Hz), slider :data:`BALANCE_RATE`.
    g : float
        Relative inhibitory strength, slider :data:`BALANCE_G`.
    c_exc, c_inh : int
        Number of excitatory and inhibitory inputs.
    params : LIFParams, optional
        Neuron parameters (``tau_m``, ``v_rest``, and ``v_th`` for the
        dashed line); default ``LIFParams()``.
    n_neurons : int
        Independent neurons pooled for the statistics.
    duration : float
        Simulated time (ms).
    dt : float
        Time step (ms).
    rng : numpy.random.Generator, int or None
        Randomness (fixed seed by default).
    axes : sequence of two Axes, optional
        Where to draw the trace and the histogram; a new figure when None.

    Returns
    -------
    figure : matplotlib.figure.Figure
    stats : dict
        ``mean_sim``, ``std_sim`` (mV, over neurons and time),
        ``mean_theory``, ``std_theory`` (mV, Campbell, ``v_rest`` included),
        ``frac_above`` (fraction of time the free potential is above
        ``v_th``).

    Examples
    --------
    >>> fig, stats = balance_explorer(0.2, 5.0, 4.0)
    >>> round(stats["mean_theory"], 6), round(stats["std_theory"], 3)
    (0.0, 2.828)
    >>> plt.close(fig)
    """
    p, res, v, stats = _balance_run(j_exc, rate, g, c_exc, c_inh, params, n_neurons, duration, dt, rng)
    j_exc, rate, g = (stats.pop(k) for k in ("j_exc", "rate", "g"))
    mean_sim, std_sim, mean_th, std_th = (stats[k] for k in ("mean_sim", "std_sim", "mean_theory", "std_theory"))

    fig, (ax_v, ax_h) = _new_axes(axes, 2, (9.0, 3.2))
    ax_v.plot(res.times, res.v[0], color=_SIM_COLOR, lw=0.7, label="simulated")
    ax_v.axhline(mean_th, color=_THEORY_COLOR, ls="--", lw=1.2, label="Campbell mean")
    ax_v.axhspan(mean_th - std_th, mean_th + std_th, color=_THEORY_COLOR, alpha=0.1, lw=0,
                 label=r"mean $\pm$ std")
    ax_v.axhline(p.v_th, color="0.4", ls=":", lw=1, label=r"$V_\mathrm{th}$ (removed)")
    ax_v.set_xlim(0, res.duration)
    ax_v.set_xlabel("Time (ms)")
    ax_v.set_ylabel("Free V (mV)")
    ax_v.set_title(rf"$J$ = {j_exc:g} mV, $\nu$ = {rate:g} Hz, $g$ = {g:g}", fontsize=10)
    ax_v.legend(loc="upper right", fontsize=7, ncol=2)

    lo, hi = _balance_range(v)
    ax_h.hist(v.ravel(), bins=50, range=(lo, hi), density=True, color=_SIM_COLOR,
              alpha=0.6, histtype="stepfilled", label="simulated")
    if std_th > 0:
        x = np.linspace(lo, hi, 300)
        ax_h.plot(x, np.exp(-0.5 * ((x - mean_th) / std_th) ** 2) / (std_th * np.sqrt(2 * np.pi)),
                  color=_THEORY_COLOR, lw=1.5, label="Gaussian, Campbell")
    else:
        ax_h.axvline(mean_th, color=_THEORY_COLOR, lw=1.5, label="Campbell mean")
    ax_h.set_xlabel("Free V (mV)")
    ax_h.set_ylabel("Density (1/mV)")
    ax_h.set_title(_balance_title(stats), fontsize=10)
    ax_h.legend(fontsize=8)
    return fig, stats


def _balance_run(j_exc, rate, g, c_exc, c_inh, params, n_neurons, duration, dt, rng):
    """``(params, result, v, stats)`` of :func:`balance_explorer` (shared with :class:`BalanceView`).

    ``v`` is the free potential after the first step (mV, neurons x steps);
    ``stats`` has the checked ``j_exc``, ``rate`` and ``g`` too.
    """
    p = params or LIFParams()
    j_exc = check_nonnegative("j_exc", j_exc, "mV")
    rate = check_nonnegative("rate", rate, "Hz")
    g = check_nonnegative("g", g)
    c_exc = check_int("c_exc", c_exc, minimum=0)
    c_inh = check_int("c_inh", c_inh, minimum=0)
    rates = [c_exc * rate, c_inh * rate]
    weights = [j_exc, -g * j_exc]
    mean_th, std_th = campbell(rates, weights, p.tau_m)
    mean_th += p.v_rest
    # the free membrane potential: a threshold that is never reached
    free = p.replace(v_th=1e9, v_reset=p.v_rest)
    res = simulate_neuron(free, 0.0, duration=duration, dt=dt, n_neurons=n_neurons,
                          poisson_input=list(zip(rates, weights)), v0=mean_th, rng=rng)
    v = res.v[:, 1:]
    stats = {"mean_sim": float(v.mean()), "std_sim": float(v.std()), "mean_theory": mean_th,
             "std_theory": std_th, "frac_above": float(np.mean(v >= p.v_th)),
             "j_exc": j_exc, "rate": rate, "g": g}
    return p, res, v, stats


def _balance_range(v):
    lo, hi = v.min(), v.max()
    if hi - lo < 1e-9:  # no input: a single value
        lo, hi = lo - 1.0, hi + 1.0
    return lo, hi


def _balance_title(stats):
    return (f"mean {stats['mean_sim']:.1f} (theory {stats['mean_theory']:.1f}) mV, "
            f"std {stats['std_sim']:.2f} (theory {stats['std_theory']:.2f}) mV")


@_cached
def _balance_data(j_exc, rate, g, c_exc, c_inh, params, n_neurons, duration, dt, rng):
    """What :class:`BalanceView` draws, from one run (neuron 0's trace, the histogram, the numbers)."""
    p, res, v, stats = _balance_run(j_exc, rate, g, c_exc, c_inh, params, n_neurons, duration, dt, rng)
    lo, hi = _balance_range(v)
    return {"params": p, "times": res.times, "v0": res.v[0].copy(), "duration": res.duration,
            "hist": np.histogram(v.ravel(), bins=50, range=(lo, hi), density=True), "stats": stats}


class BalanceView(LiveFigure):
    """:func:`balance_explorer` as a live view: the trace, the histogram and Campbell's Gaussian take new data.

    ``view(j_exc=..., rate=..., g=...)`` returns ``(figure, stats)`` as the
    explorer does (the same run), on the same figure each time.

    Examples
    --------
    >>> view = BalanceView()
    >>> fig, stats = view(j_exc=0.2, rate=5.0, g=4.0)
    >>> stats == balance_explorer(0.2, 5.0, 4.0)[1], view.png()[:4]
    (True, b'\\x89PNG')
    >>> plt.close("all")
    """

    figsize = (9.0, 3.2)

    def _build(self):
        ax_v, ax_h = self.axes
        (self._trace,) = ax_v.plot([], [], color=_SIM_COLOR, lw=0.7, label="simulated")
        self._mean = ax_v.axhline(0.0, color=_THEORY_COLOR, ls="--", lw=1.2, label="Campbell mean")
        self._band = ax_v.axhspan(-1.0, 1.0, color=_THEORY_COLOR, alpha=0.1, lw=0, label=r"mean $\pm$ std")
        self._v_th = ax_v.axhline(0.0, color="0.4", ls=":", lw=1, label=r"$V_\mathrm{th}$ (removed)")
        ax_v.set(xlabel="Time (ms)", ylabel="Free V (mV)")
        ax_v.legend(loc="upper right", fontsize=7, ncol=2)
        self._hist = ax_h.stairs([0.0], [0.0, 1.0], fill=True, color=_SIM_COLOR, alpha=0.6, label="simulated")
        (self._gauss,) = ax_h.plot([], [], color=_THEORY_COLOR, lw=1.5, label="Gaussian, Campbell")
        self._mean_h = ax_h.axvline(0.0, color=_THEORY_COLOR, lw=1.5)
        self._legend = ax_h.legend(fontsize=8)
        ax_h.set(xlabel="Free V (mV)", ylabel="Density (1/mV)")

    def _update(self, j_exc=BALANCE_J.default, rate=BALANCE_RATE.default, g=BALANCE_G.default, *,
                c_exc=800, c_inh=200, params=None, n_neurons=20, duration=400.0, dt=0.1, rng=0):
        d = _balance_data(float(j_exc), float(rate), float(g), c_exc, c_inh, params, n_neurons,
                          float(duration), float(dt), rng=rng)
        ax_v, ax_h = self.axes
        p, stats = d["params"], dict(d["stats"])
        j_exc, rate, g = (stats.pop(k) for k in ("j_exc", "rate", "g"))
        mean_th, std_th = stats["mean_theory"], stats["std_theory"]
        self._trace.set_data(d["times"], d["v0"])
        self._mean.set_ydata([mean_th] * 2)
        self._band.set_y(mean_th - std_th)
        self._band.set_height(2 * std_th)
        self._v_th.set_ydata([p.v_th] * 2)
        ax_v.relim()  # the limits the explorer's figure gets from its data (the band included)
        ax_v.autoscale_view(scalex=False)
        ax_v.set_xlim(0, d["duration"])
        ax_v.set_title(rf"$J$ = {j_exc:g} mV, $\nu$ = {rate:g} Hz, $g$ = {g:g}", fontsize=10)
        density, edges = d["hist"]
        self._hist.set_data(density, edges)
        gaussian = std_th > 0
        if gaussian:
            x = np.linspace(edges[0], edges[-1], 300)
            self._gauss.set_data(x, np.exp(-0.5 * ((x - mean_th) / std_th) ** 2) / (std_th * np.sqrt(2 * np.pi)))
        else:
            self._gauss.set_data([], [])
        self._mean_h.set_xdata([mean_th] * 2)
        self._mean_h.set_visible(not gaussian)
        _set_legend(self._legend, ["simulated", "Gaussian, Campbell" if gaussian else "Campbell mean"])
        ax_h.relim(visible_only=True)
        ax_h.autoscale_view()
        ax_h.set_title(_balance_title(stats), fontsize=10)
        return stats



# -- ipywidgets controls -------------------------------------------------------
def lif_explorer_widget(**fixed):
    """Sliders for :func:`lif_explorer` (``current``, ``tau_m``); ``fixed`` are passed through."""
    return interactive_figure(lif_explorer, SLIDERS["lif_explorer"],
                        {"current": "current I", "tau_m": "tau_m"}, **fixed)


def noise_explorer_widget(**fixed):
    """Sliders for :func:`noise_explorer` (``mu``, ``sigma``), drawn by a :class:`NoiseView`.

    ``fixed`` (``params``, ``n_neurons``, ``duration``, ``dt``, ``rng``) go to the view.
    """
    return interactive_figure(NoiseView(**fixed), SLIDERS["noise_explorer"],
                              {"mu": "mean input mu", "sigma": "noise sigma"})


def balance_explorer_widget(**fixed):
    """Sliders for :func:`balance_explorer` (``j_exc``, ``rate``, ``g``), drawn by a :class:`BalanceView`.

    ``fixed`` (``c_exc``, ``c_inh``, ``params``, ``n_neurons``, ``duration``, ``dt``, ``rng``) go to the view.
    """
    return interactive_figure(BalanceView(**fixed), SLIDERS["balance_explorer"],
                              {"j_exc": "J", "rate": "input rate nu", "g": "g"})
