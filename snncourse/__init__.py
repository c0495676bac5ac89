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
- theory (as a module: ``snncourse.theory.fi_curve`` is the closed form)

Units: ms, mV, Hz; currents in nA with ``r_m`` in MOhm.
"""

from . import theory
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
from .connectivity import Connectivity, bernoulli, build_connectivity, fixed_indegree
from .inputs import poisson_counts, poisson_spike_trains
from .network import SimulationResult, load_result, simulate_network
from .neuron import NeuronResult, fi_curve, simulate_neuron
from .params import PRESETS, LIFParams, NetworkParams, brunel2000, seed_report

__version__ = "0.1.0"

__all__ = [
    "LIFParams", "NetworkParams", "brunel2000", "seed_report", "PRESETS",
    "simulate_neuron", "fi_curve", "NeuronResult",
    "poisson_spike_trains", "poisson_counts",
    "Connectivity", "fixed_indegree", "bernoulli", "build_connectivity",
    "simulate_network", "SimulationResult", "load_result",
    "firing_rates", "isi_cv", "isi_intervals", "spike_counts", "fano_factor",
    "pairwise_correlations", "cross_correlogram", "population_cross_correlogram",
    "population_rate", "power_spectrum", "peak_frequency", "synchrony_chi",
    "theory",
]
