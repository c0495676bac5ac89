r"""Run an snncourse network in NEST 3 and get a :class:`~snncourse.SimulationResult` back.

Contents
--------
run_nest
    Build the network as NEST ``iaf_psc_delta`` neurons, run it, return the spikes.
neuron_params
    The ``iaf_psc_delta`` parameters of an snncourse neuron.

How the model maps (all exact)
------------------------------
- Neuron: ``iaf_psc_delta`` with ``E_L = v_rest``, ``V_th``, ``V_reset``,
  ``t_ref``, ``tau_m``, ``C_m = tau_m / r_m`` (pF) and ``I_e = i_ext``
  (pA), so that ``R I_e`` is snncourse's ``r_m * i_ext`` (mV). A delta
  synapse of weight ``w`` makes ``V`` jump by ``w`` mV, like snncourse.
  ``refractory_input=False`` (NEST's default, set explicitly): input
  arriving during the refractory period is dropped, as snncourse's clamp does.
  NEST stamps a spike at the end of its step, as snncourse does.
- Wiring: snncourse's own synapses (``wiring="snncourse"``, ``one_to_one``
  connections) or NEST's ``fixed_indegree`` (multapses allowed, autapses as
  ``net.autapses``) / ``pairwise_bernoulli`` with ``p = c / n``
  (``wiring="native"``, what the standalone script uses).
- External Poisson drive: one ``poisson_generator`` of rate
  ``c_ext * nu_ext``, which sends each neuron its own train (a Poisson count
  per step, as snncourse draws), weight ``j_ext``.
- White noise: a ``noise_generator`` (a current held constant over each
  step, independent per neuron) with the std that gives each step the same
  Gaussian jump as snncourse's exact Ornstein-Uhlenbeck step,
  :math:`\sigma\sqrt{(1-e^{-2dt/\tau})/2}`.
- Not shared: the random streams. With ``wiring="snncourse"`` the initial
  potentials and the synapses are those of ``simulate_network(net, rng=seed)``;
  the external input is NEST's own, so spikes agree in statistics, not one by one.

Threads give different random streams: NEST with 1 and 2 threads agree in
statistics, not spike by spike.
"""

from __future__ import annotations

import time

from .._validation import check_int, check_positive
from ..params import NetworkParams
from . import _nest_model
from .._io import require
from ._common import check_exportable, params_dict, run_exported

__all__ = ["run_nest", "neuron_params"]


def neuron_params(net: NetworkParams) -> dict:
    """``iaf_psc_delta`` parameters of ``net``'s neuron (ms, mV, pF, pA).

    Examples
    --------
    >>> from snncourse.params import brunel2000
    >>> p = neuron_params(brunel2000())
    >>> p["C_m"], p["refractory_input"], p["V_reset"]
    (2000.0, False, 10.0)
    """
    return _nest_model.neuron_params(params_dict(net))


def run_nest(net: NetworkParams, *, duration: float, dt: float = 0.1, rng=None,
             threads: int = 1, wiring: str = "snncourse", connectivity=None,
             return_timing: bool = False):
    """Simulate ``net`` in NEST and return the spikes as a :class:`~snncourse.SimulationResult`.

    Parameters
    ----------
    net : NetworkParams
        The network.
    duration : float
        Simulated time (ms).
    dt : float
        Resolution (ms); the delay and refractory period must be multiples of it.
    rng : numpy.random.Generator, int or None
        Draws the initial potentials and wiring (``wiring="snncourse"``,
        exactly as :func:`snncourse.simulate_network` does) and NEST's
        ``rng_seed``.
    threads : int
        OpenMP threads (``local_num_threads``), >= 1.
    wiring : {"snncourse", "native"}
        snncourse's initial state and synapses, or NEST's own rule and
        ``nest.random.uniform`` initial potentials.
    connectivity : Connectivity, optional
        Wiring to use (``wiring="snncourse"`` only).
    return_timing : bool
        Also return ``{"build_s", "run_s", "total_s", "cpu_s"}`` (wall-clock s).

    Returns
    -------
    SimulationResult
        Spikes (no recorded traces); ``connectivity`` is the wiring used
        (None for ``wiring="native"``). With ``return_timing``, a tuple
        ``(result, timing)``.

    Raises
    ------
    ImportError
        If NEST is not installed (``pip install nest-simulator``).
    ValueError, TypeError
        As :func:`~snncourse.export.check_exportable`, for bad settings.

    Examples
    --------
    >>> from snncourse.regimes import reduced_brunel
    >>> res = run_nest(reduced_brunel(5.0, 2.0), duration=100.0, rng=1)  # doctest: +SKIP
    >>> res.n_neurons  # doctest: +SKIP
    1000
    """
    t0, c0 = time.perf_counter(), time.process_time()
    check_exportable(net, "nest", dt=dt)
    duration = check_positive("duration", duration, "ms")
    threads = check_int("threads", threads, minimum=1)
    require("nest", "nest", purpose="run_nest")
    return run_exported(net, _nest_model.simulate, rng=rng, wiring=wiring,
                        connectivity=connectivity, duration=duration, dt=dt,
                        return_timing=return_timing, clock=(t0, c0), threads=threads)
