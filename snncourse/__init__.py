"""snncourse: a small numpy engine for a course on spiking neural networks.

``import snncourse as sc`` is the one import a learner needs: every public
name below is ``sc.<name>``. The package is layered, and each layer imports
only from the layers above it in this list:

engine
    params (:class:`LIFParams`, :class:`NetworkParams`, :func:`brunel2000`,
    :func:`seed_report`, ``BRUNEL_STATES``), presets (``PRESETS``: network,
    duration, transient and seed of each named run), inputs
    (:func:`poisson_spike_trains`, :func:`poisson_counts`), connectivity
    (:class:`Connectivity`, :func:`fixed_indegree`, :func:`bernoulli`,
    :func:`build_connectivity`), neuron (:func:`simulate_neuron`,
    :func:`simulate_fi_curve`, :class:`NeuronResult`), network
    (:func:`simulate_network`, :class:`SimulationResult`, :class:`NetworkState`,
    :func:`load_result`)
science
    analysis (spike-train statistics, ``report_table`` for Table 4.1),
    theory (closed-form F-I curve, Siegert, Brunel's mean field, Campbell;
    as a module: ``sc.theory.fi_curve`` is the closed form), regimes
    (``reduced_brunel``, ``regime_statistics``, ``classify_state``,
    ``phase_diagram``), stability (Brunel's instability lines of the
    asynchronous state: ``rate_susceptibility``, ``stationary_stability``,
    ``hopf_boundaries``)
figures and widgets
    plotting (one ``plot_*`` function per panel, ``figure_2_1``,
    ``figure_3_1``, ``plot_phase_diagram``), widgets (the callbacks behind
    the notebooks' sliders), report (``write_report``, ``REPORT_TABLE``)
course machinery
    :mod:`snncourse.course`: ``check`` for the self-checking exercises, their
    generation from ``solutions/``, grading, the nbval plugin

Neither matplotlib's pyplot nor ipywidgets is imported by ``import
snncourse``: the plotting, widget and report names load their module on
first use (PEP 562).

Units: ms, mV, Hz; currents in nA with ``r_m`` in MOhm.
"""

import importlib

from . import analysis, regimes, stability, sweep, synapses, theory
from .analysis import (
    count_correlations,
    cross_correlogram,
    fano_factor,
    finite_mean,
    firing_rates,
    isi_cv,
    isi_intervals,
    pairwise_correlations,
    peak_frequency,
    population_cross_correlogram,
    population_rate,
    power_spectrum,
    report_table,
    spike_counts,
    synchrony_chi,
)
from .connectivity import Connectivity, bernoulli, build_connectivity, fixed_indegree
from .inputs import poisson_counts, poisson_spike_trains
from .network import NetworkState, SimulationResult, load_result, simulate_network
from .neuron import NeuronResult, fi_curve, simulate_fi_curve, simulate_neuron
from .params import BRUNEL_STATES, LIFParams, NetworkParams, brunel2000, seed_report
from .presets import PRESETS, SEED_REPORT_SEED, Preset, get_preset
from .regimes import classify_state, phase_diagram, reduced_brunel, regime_statistics
from .stability import (
    HopfBoundaries,
    StationaryStability,
    characteristic_function,
    hopf_boundaries,
    rate_susceptibility,
    stationary_stability,
)

__version__ = "0.1.0"

# Names whose modules import matplotlib (or, for widgets, ipywidgets when a
# widget is built): loaded on first use by __getattr__ below.
_LAZY = {
    "plotting": ["E_COLOR", "I_COLOR", "STATE_COLORS", "plot_raster", "plot_population_rate",
                 "plot_rate_distribution", "plot_isi_distribution", "plot_cross_correlogram",
                 "plot_power_spectrum", "plot_spike_counts", "plot_membrane_traces",
                 "plot_ei_balance", "plot_fi_curve", "plot_correlations", "plot_connectivity",
                 "plot_phase_diagram", "plot_theory_and_simulation", "legend_theory_and_simulation",
                 "figure_2_1", "figure_3_1"],
    "report": ["REPORT_TABLE", "REPORT_TOLERANCES", "compare_to_report", "report_statistics",
               "run_preset", "write_report"],
}
_LAZY_NAMES = {name: module for module, names in _LAZY.items() for name in names}
_LAZY_MODULES = ("plotting", "widgets", "report", "course")


def __getattr__(name):
    """Load the figure, widget, report and course names on first use (PEP 562)."""
    if name in _LAZY_MODULES:
        return importlib.import_module(f".{name}", __name__)
    if name == "check":  # the first release's sc.check; the exercises use snncourse.course.check
        import warnings

        warnings.warn("snncourse.check has moved: use 'from snncourse.course import check'",
                      DeprecationWarning, stacklevel=2)
        return importlib.import_module(".course", __name__).check
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'snncourse' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY_NAMES) | set(_LAZY_MODULES))


__all__ = [
    "LIFParams", "NetworkParams", "BRUNEL_STATES", "brunel2000", "seed_report",
    "Preset", "PRESETS", "get_preset", "SEED_REPORT_SEED",
    "simulate_neuron", "simulate_fi_curve", "NeuronResult",
    "poisson_spike_trains", "poisson_counts",
    "Connectivity", "fixed_indegree", "bernoulli", "build_connectivity",
    "simulate_network", "SimulationResult", "NetworkState", "load_result",
    "firing_rates", "isi_cv", "isi_intervals", "spike_counts", "fano_factor",
    "pairwise_correlations", "cross_correlogram", "population_cross_correlogram",
    "population_rate", "power_spectrum", "peak_frequency", "synchrony_chi",
    "finite_mean", "count_correlations", "report_table",
    "classify_state", "phase_diagram", "reduced_brunel", "regime_statistics",
    "rate_susceptibility", "characteristic_function", "stationary_stability", "StationaryStability",
    "hopf_boundaries", "HopfBoundaries",
    "analysis", "theory", "regimes", "stability", "sweep", "synapses", "plotting", "widgets", "report", "course",
    *_LAZY_NAMES,
]
