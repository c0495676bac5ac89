"""The named runs of the course: one frozen record per preset.

A preset is everything needed to reproduce a run: the network, how long it
is simulated, how much of the start is left out as a transient, and the
seed. The command line (``--preset``), the report, the regimes notebook and
the tests all read them from here.

Contents
--------
Preset
    A named run: ``network``, ``duration`` (ms), ``t_start`` (ms), ``seed``.
PRESETS
    Name -> :class:`Preset`: ``seed_report``, ``brunel_ai``, ``brunel_sr``,
    ``brunel_si_fast``, ``brunel_si_slow``.
get_preset
    ``PRESETS[name]`` with an error message that lists the names.
SEED_REPORT_SEED
    The seed of the ``seed_report`` reference run (2024).

Brunel's four states themselves, ``(g, eta)`` by name, are
:data:`snncourse.params.BRUNEL_STATES`.

Examples
--------
>>> p = PRESETS["seed_report"]
>>> p.network.n_neurons, p.duration, p.t_start, p.seed
(200, 3000.0, 200.0, 2024)
>>> PRESETS["brunel_ai"].network.g, PRESETS["brunel_ai"].network.eta
(5.0, 2.0)
"""

from __future__ import annotations

from dataclasses import dataclass

from ._validation import check_choice
from .params import BRUNEL_STATES, NetworkParams, brunel2000, seed_report

__all__ = ["Preset", "PRESETS", "get_preset", "SEED_REPORT_SEED"]

#: Seed of the ``seed_report`` preset's reference run. Fixed before tuning,
#: not picked from many seeds: the preset was tuned on the mean over this
#: seed and seeds 1-5 (``benchmarks/tune_seed_report.py``).
SEED_REPORT_SEED = 2024


@dataclass(frozen=True)
class Preset:
    """A named run: the network, its duration, its transient and its seed.

    Attributes
    ----------
    name : str
        The name used on the command line (``--preset NAME``).
    network : NetworkParams
        The network simulated.
    duration : float
        Simulated time (ms).
    t_start : float
        Start of the analysis window (ms): earlier spikes are a transient.
    seed : int
        Seed of the reference run.
    description : str
        One line on what the run shows.
    """

    name: str
    network: NetworkParams
    duration: float
    t_start: float
    seed: int
    description: str = ""

    def __call__(self, **overrides) -> NetworkParams:
        """The network with ``overrides`` applied (any NetworkParams or LIFParams field)."""
        return self.network.replace(**overrides) if overrides else self.network


def _brunel(name, state, duration, description):
    g, eta = BRUNEL_STATES[state]
    return Preset(name, brunel2000(g, eta), duration, 100.0, 1, description)


PRESETS = {p.name: p for p in (
    Preset("seed_report", seed_report(), 3000.0, 200.0, SEED_REPORT_SEED,
           "the regime tuned to reproduce the report's Table 4.1 (200 neurons, mean-driven, "
           "368 Hz)"),
    _brunel("brunel_ai", "AI", 600.0,
            "Brunel (2000) asynchronous irregular state at full size (N = 12,500), 38 Hz"),
    _brunel("brunel_sr", "SR", 600.0, "Brunel (2000) synchronous regular state, full size"),
    _brunel("brunel_si_fast", "SI fast", 600.0,
            "Brunel (2000) synchronous irregular state with a fast rhythm, full size"),
    _brunel("brunel_si_slow", "SI slow", 600.0,
            "Brunel (2000) synchronous irregular state with a slow rhythm, full size"),
)}


def get_preset(name: str) -> Preset:
    """The preset called ``name``; ``ValueError`` listing the names if there is none."""
    return PRESETS[check_choice("preset", name, tuple(PRESETS))]
