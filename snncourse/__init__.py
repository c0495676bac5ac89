"""snncourse: a small numpy engine for a course on spiking neural networks.

The flat public API, by module:

- params: :class:`LIFParams`, :class:`NetworkParams`, :func:`brunel2000`,
  :func:`seed_report`, ``PRESETS``
- neuron: :func:`simulate_neuron`, :func:`fi_curve` (simulated), :class:`NeuronResult`
- inputs: :func:`poisson_spike_trains`, :func:`poisson_counts`
- connectivity: :class:`Connectivity`, :func:`fixed_indegree`, :func:`bernoulli`,
  :func:`build_connectivity`
- network: :func:`simulate_network`, :class:`SimulationResult`, :func:`load_result`
- analysis: firing_rates, isi_cv, isi_intervals, spike_counts, fano_factor,
  pairwise_correlations, cross_correlogram, population_cross_correlogram,
  population_rate, power_spectrum, peak_frequency, synchrony_chi
- plotting: one ``plot_*`` function per figure panel, ``figure_2_1``, ``figure_3_1``
- report: ``report_statistics``, ``write_report``, ``REPORT_TABLE``
- checks: ``check(exercise_id, answer)`` for the self-checking exercises
- regimes: ``reduced_brunel``, ``regime_statistics``, ``classify_state``,
  ``phase_diagram`` (Brunel's states; more in ``snncourse.regimes``)
- widgets (module): the callbacks behind the notebooks' sliders
- theory (as a module: ``snncourse.theory.fi_curve`` is the closed form)

Units: ms, mV, Hz; currents in nA with ``r_m`` in MOhm.
"""

from . import regimes, theory, widgets
from .analysis import (
    cross_correlogram,
    fano_factor,
    firing_rates,
    isi_cv,
    isi_intervals,
    pairwise_correlations,
    peak_frequency,
    population_cross_correlogram,
    population_rate,
    power_spectrum,
    spike_counts,
    synchrony_chi,
)
from .course.checks import check
from .connectivity import Connectivity, bernoulli, build_connectivity, fixed_indegree
from .inputs import poisson_counts, poisson_spike_trains
from .network import SimulationResult, load_result, simulate_network
from .neuron import NeuronResult, fi_curve, simulate_neuron
from .params import PRESETS, SEED_REPORT_SEED, LIFParams, NetworkParams, brunel2000, seed_report
from .plotting import (
    E_COLOR,
    I_COLOR,
    figure_2_1,
    figure_3_1,
    plot_connectivity,
    plot_correlations,
    plot_cross_correlogram,
    plot_ei_balance,
    plot_fi_curve,
    plot_isi_distribution,
    plot_membrane_traces,
    plot_population_rate,
    plot_power_spectrum,
    plot_raster,
    plot_rate_distribution,
    plot_spike_counts,
)
from .regimes import classify_state, phase_diagram, reduced_brunel, regime_statistics
from .report import REPORT_TABLE, REPORT_TOLERANCES, compare_to_report, report_statistics, run_preset, write_report

__version__ = "0.1.0"

__all__ = [
    "LIFParams", "NetworkParams", "brunel2000", "seed_report", "PRESETS", "SEED_REPORT_SEED",
    "simulate_neuron", "fi_curve", "NeuronResult",
    "poisson_spike_trains", "poisson_counts",
    "Connectivity", "fixed_indegree", "bernoulli", "build_connectivity",
    "simulate_network", "SimulationResult", "load_result",
    "firing_rates", "isi_cv", "isi_intervals", "spike_counts", "fano_factor",
    "pairwise_correlations", "cross_correlogram", "population_cross_correlogram",
    "population_rate", "power_spectrum", "peak_frequency", "synchrony_chi",
    "E_COLOR", "I_COLOR", "plot_raster", "plot_population_rate", "plot_rate_distribution",
    "plot_isi_distribution", "plot_cross_correlogram", "plot_power_spectrum",
    "plot_spike_counts", "plot_membrane_traces", "plot_ei_balance", "plot_fi_curve",
    "plot_correlations", "plot_connectivity", "figure_2_1", "figure_3_1",
    "REPORT_TABLE", "REPORT_TOLERANCES", "compare_to_report", "report_statistics",
    "run_preset", "write_report",
    "check",
    "classify_state", "phase_diagram", "reduced_brunel", "regime_statistics",
    "theory", "widgets", "regimes",
]
