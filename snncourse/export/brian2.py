r"""Run an snncourse network in Brian2 and get a :class:`~snncourse.SimulationResult` back.

Contents
--------
run_brian2
    Build the network as a Brian2 ``NeuronGroup`` and ``Synapses``, run it,
    return the spikes.

How the model maps
------------------
Step for step as snncourse (see the module docstring of
``snncourse/export/_brian2_model.py`` for the schedule): exact integration
of the membrane equation, input added before the threshold, refractory
input dropped (``(unless refractory)``), spikes stamped at the end of the
step. The external Poisson drive is an exact Poisson count per neuron and
step (``poisson(c_ext nu_ext dt)``, not Brian2's binomial ``PoissonInput``)
and white noise is the exact Ornstein-Uhlenbeck step, so nothing is
approximated. Wiring: snncourse's synapses (``wiring="snncourse"``) or, with
``wiring="native"``, fixed in-degree drawn with numpy (Brian2 has no such
rule) or Bernoulli by Brian2's ``connect(p=c / n)``. The random streams are
Brian2's own: spikes agree with snncourse in statistics, not one by one.
"""

from __future__ import annotations

import time

from .._validation import check_choice, check_positive
from ..params import NetworkParams
from . import _brian2_model
from .._io import require
from ._common import check_exportable, run_exported

__all__ = ["run_brian2"]


def run_brian2(net: NetworkParams, *, duration: float, dt: float = 0.1, rng=None,
               target: str = "numpy", wiring: str = "snncourse", connectivity=None,
               return_timing: bool = False):
    """Simulate ``net`` in Brian2 and return the spikes as a :class:`~snncourse.SimulationResult`.

    Parameters
    ----------
    net : NetworkParams
        The network.
    duration : float
        Simulated time (ms).
    dt : float
        Time step (ms); the delay and refractory period must be multiples of it.
    rng : numpy.random.Generator, int or None
        Draws the initial potentials and wiring (``wiring="snncourse"``,
        exactly as :func:`snncourse.simulate_network` does) and Brian2's seed.
    target : {"numpy", "cython"}
        Brian2's code generation target (cython compiles once, about 30 s,
        then runs about twice as fast).
    wiring : {"snncourse", "native"}
        snncourse's initial state and synapses, or drawn by the exported
        model itself (as the standalone script does).
    connectivity : Connectivity, optional
        Wiring to use (``wiring="snncourse"`` only).
    return_timing : bool
        Also return ``{"build_s", "prepare_s", "run_s", "total_s", "cpu_s"}`` (wall-clock s).

    Returns
    -------
    SimulationResult
        Spikes (no recorded traces). With ``return_timing``, ``(result, timing)``.

    Raises
    ------
    ImportError
        If Brian2 is not installed (the snncourse[crosscheck] extra).
    ValueError, TypeError
        As :func:`~snncourse.export.check_exportable`, for bad settings.
    """
    t0, c0 = time.perf_counter(), time.process_time()
    check_exportable(net, "brian2", dt=dt)
    duration = check_positive("duration", duration, "ms")
    check_choice("target", target, ("numpy", "cython"))
    require("brian2", "crosscheck", purpose="run_brian2")
    return run_exported(net, _brian2_model.simulate, rng=rng, wiring=wiring,
                        connectivity=connectivity, duration=duration, dt=dt,
                        return_timing=return_timing, clock=(t0, c0), target=target)
