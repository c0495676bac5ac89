"""Checks of notebook 8, reproducing the report: ex-8.1 (Table 4.1), ex-8.2 (the CV of a
Poisson process with dead time), ex-8.3 (the mean correlation of the AI state).

Contents
--------
TABLE_KEYS
    The keys of Table 4.1 that ex-8.1 returns.
table_ref, table
    ex-8.1's reference (``analysis.report_table``), and Table 4.1 with one optional
    mistake (ex-8.1's diagnoses).
dead_time_cv, corr_first
    The references of ex-8.2 and ex-8.3.
EXERCISES
    The records of ex-8.1, ex-8.2 and ex-8.3.
"""

import numpy as np

from ... import analysis
from ...network import SimulationResult
from ._core import Failure, Mistake, call, check_number, close, exercise, \
    result_arg, to_float
from ._inputs import poisson_like

TABLE_KEYS = ("network_size", "mean_rate_hz", "exc_rate_hz", "inh_rate_hz", "isi_cv",
              "mean_pairwise_correlation")


# ---------------------------------------------------------------------------
# ex-8.1: Table 4.1
# ---------------------------------------------------------------------------
def _plain_mean(x):
    """The mean with NaN kept (NaN if empty): what the NaN-rule mistakes compute."""
    x = np.asarray(x, dtype=float)
    return float(x.mean()) if x.size else float("nan")


def table(result, t_start=200.0, bin_size=10.0, *, khz=False, transient=False, plain_mean=False,
          silent_corr=False, swap=False, size_exc=False):
    """Table 4.1 measured after ``t_start``, with one optional mistake (ex-8.1's diagnoses).

    Without a mistake it equals :func:`table_ref` (a test holds them together).
    """
    ts = 0.0 if transient else float(t_start)
    t, i, n = result.spike_times, result.spike_ids, result.n_neurons
    rates = analysis.firing_rates(t, i, n, t_start=ts, t_stop=result.duration)
    if khz:
        rates = rates / 1000.0
    keep = t >= ts
    cv = analysis.isi_cv(t[keep], i[keep], n)
    counts = analysis.spike_counts(t[keep], i[keep], n, bin_size, t_start=ts,
                                   t_stop=result.duration)
    if silent_corr:
        with np.errstate(all="ignore"):
            r = np.corrcoef(counts)[np.triu_indices(n, 1)]
    else:
        r = analysis.pairwise_correlations(counts)
    exc, inh = rates[:result.n_exc], rates[result.n_exc:]
    if swap:
        exc, inh = inh, exc
    return {
        "network_size": result.n_exc if size_exc else n,
        "mean_rate_hz": analysis.finite_mean(rates),
        "exc_rate_hz": analysis.finite_mean(exc),
        "inh_rate_hz": analysis.finite_mean(inh),
        "isi_cv": _plain_mean(cv) if plain_mean else analysis.finite_mean(cv),
        "mean_pairwise_correlation": _plain_mean(r) if silent_corr else analysis.finite_mean(r),
    }


def table_ref(result, t_start=200.0, bin_size=10.0):
    """ex-8.1 reference: Table 4.1 of the report (``analysis.report_table``) after ``t_start``."""
    full = analysis.report_table(result.spike_times, result.spike_ids, result.n_exc,
                                 result.n_inh, result.duration, t_start=t_start,
                                 bin_size=bin_size)
    return {key: full[key] for key in TABLE_KEYS}


def _table_variant(**kw):
    return lambda result, t_start=200.0, bin_size=10.0: table(result, t_start, bin_size, **kw)


_TABLE_MISTAKES = (
    Mistake("kHz", "units: rates in Hz (spikes per second), not in kHz (spikes per ms)",
            _table_variant(khz=True)),
    Mistake("transient", "leave out the spikes before t_start (the transient) from every "
            "quantity", _table_variant(transient=True)),
    Mistake("nanmean", "neurons with fewer than 3 spikes have CV NaN: average with np.nanmean",
            _table_variant(plain_mean=True)),
    Mistake("silent", "leave out silent neurons from the correlations (constant rows give NaN)",
            _table_variant(silent_corr=True)),
    Mistake("swapped", "excitatory neurons are ids 0 .. n_exc - 1, inhibitory the rest: E and I "
            "are swapped", _table_variant(swap=True)),
    Mistake("n_neurons", "the network size counts every neuron (result.n_neurons), E and I",
            _table_variant(size_exc=True)),
)


def _synthetic_result(rng, n_exc=40, n_inh=10, duration=1000.0):
    """A recording with a transient burst, silent neurons and a two-spike neuron."""
    n = n_exc + n_inh
    rates = rng.uniform(5, 40, n)
    rates[[3, n_exc + 2]] = 0.0
    t, i = poisson_like(rng, n, duration, rates)
    burst_t = rng.uniform(0, 80, 3 * n)
    burst_i = rng.integers(0, n, 3 * n)
    burst_i = burst_i[(burst_i != 3) & (burst_i != n_exc + 2)]
    burst_t = burst_t[: burst_i.size]
    t = np.concatenate([t[i != 7], burst_t, [400.0, 600.0]])
    i = np.concatenate([i[i != 7], burst_i, [7, 7]])
    order = np.argsort(t, kind="stable")
    return SimulationResult(spike_times=t[order], spike_ids=i[order], n_exc=n_exc, n_inh=n_inh,
                            duration=duration, dt=0.1)


def _table_dict(out, name):
    if not isinstance(out, dict):
        raise Failure(f"{name} must return a dict with keys {', '.join(TABLE_KEYS)}, got "
                      f"{type(out).__name__}")
    missing = [k for k in TABLE_KEYS if k not in out]
    if missing:
        raise Failure(f"{name} returned a dict without the key(s) {', '.join(missing)}")
    return {k: to_float(out[k], f"{name}[{k!r}]") for k in TABLE_KEYS}


def _table_cases():
    from ...network import simulate_network
    from ...params import NetworkParams

    small = simulate_network(NetworkParams(n_exc=40, n_inh=10, c_exc=4, c_inh=1, i_ext=2.2,
                                           noise_sigma=4.0, name="check"), duration=400.0, rng=8)
    synth = _synthetic_result(np.random.default_rng(81))
    return [
        ("a synthetic recording (40 E + 10 I, a transient burst, silent neurons), "
         "t_start = 200 ms, bin_size = 10 ms", (synth, 200.0, 10.0)),
        ("the same recording, t_start = 100 ms, bin_size = 5 ms", (synth, 100.0, 5.0)),
        ("a small simulated network, t_start = 100 ms, bin_size = 20 ms", (small, 100.0, 20.0)),
    ]


_TABLE_HINTS = ((Exception, "result is a SimulationResult: result.spike_times and "
                 "result.spike_ids are numpy arrays, result.n_exc, result.n_neurons and "
                 "result.duration numbers; some neurons are silent"),)


def _check_table(ex, fn):
    name = ex.name
    cases = _table_cases()
    for label, args in cases:
        expected = ex.reference(*args)
        got = _table_dict(call(fn, ex, args, _TABLE_HINTS), name)
        for key in TABLE_KEYS:
            if close(got[key], expected[key], 1e-6, 1e-9):
                continue
            for m in ex.mistakes:
                alt = m.wrong(*args)[key]
                if not close(alt, expected[key], 1e-6, 1e-9) and close(got[key], alt, 1e-6, 1e-9):
                    raise Failure(f"{name} is wrong on {label}: {key} = {got[key]:.6g}: {m.hint}")
            raise Failure(f"{name} is wrong on {label}: {key} = {got[key]:.6g}, expected "
                          f"{expected[key]:.6g}")
    return f"{name} agrees with the reference on {len(cases)} recordings."


# ---------------------------------------------------------------------------
# ex-8.2: the CV of a Poisson process with dead time
# ---------------------------------------------------------------------------
def _mean_rate(res, t_start):
    """Mean rate (Hz) over all neurons in [t_start, duration), as in Table 4.1."""
    return analysis.finite_mean(analysis.firing_rates(res.spike_times, res.spike_ids,
                                                      res.n_neurons, t_start=t_start,
                                                      t_stop=res.duration))


def dead_time_cv(res, t_start=200.0, *, ms=False):
    """ex-8.2 reference: CV of a Poisson process with dead time t_ref at the measured rate."""
    t_ref = res.params.neuron.t_ref
    return 1.0 - _mean_rate(res, t_start) * (t_ref if ms else t_ref / 1000.0)


def _measured_cv(res, t_start=200.0):
    keep = res.spike_times >= t_start
    return analysis.finite_mean(analysis.isi_cv(res.spike_times[keep], res.spike_ids[keep],
                                                res.n_neurons))


_DEAD_TIME_MISTAKES = (
    Mistake("units", "units: nu in Hz times t_ref in ms is 1000 times too large; use "
            "t_ref / 1000 (s)", lambda res: dead_time_cv(res, ms=True)),
    Mistake("dead time", "a Poisson process without dead time has CV 1; with a dead time t_ref "
            "the CV is 1 - nu t_ref", lambda res: (lambda x: abs(x - 1.0) < 1e-9), 1.0),
    Mistake("measured", "that is the measured ISI CV; the question asks for the prediction "
            "1 - nu t_ref of a Poisson process with dead time, to compare with it",
            _measured_cv),
    Mistake("transient", "measure the rate nu in [200, 1000) ms: leave out the transient",
            lambda res: dead_time_cv(res, 0.0)),
)


def _check_dead_time(ex, value, res):
    result_arg(res)
    if res.params is None:
        raise Failure("res has no parameters (res.params is None): pass the result of "
                      "simulate_network")
    # nu is a count over a fixed window, so a right answer is exact; the transient moves it
    # by a few parts in 1000
    x = check_number(value, ex.name, dead_time_cv(res), rtol=2e-4, mistakes=ex.mistakes,
                     context=(res,), match_rtol=2e-4)
    return f"a Poisson process with dead time would have CV {x:.3f}; the network's is " \
           f"{_measured_cv(res):.3f}."


# ---------------------------------------------------------------------------
# ex-8.3: correlations in the asynchronous irregular state
# ---------------------------------------------------------------------------
def corr_first(res, n_first=500, t_start=100.0, bin_size=10.0, *, diag=False, silent=False):
    """ex-8.3 reference: mean pairwise correlation of the first ``n_first`` neurons."""
    keep = (res.spike_times >= t_start) & (res.spike_ids < n_first)
    counts = analysis.spike_counts(res.spike_times[keep], res.spike_ids[keep], n_first, bin_size,
                                   t_start=t_start, t_stop=res.duration)
    if silent:
        with np.errstate(all="ignore"):
            return _plain_mean(np.corrcoef(counts)[np.triu_indices(n_first, 1)])
    if diag:
        active = counts[counts.max(axis=1) > counts.min(axis=1)]
        return float(np.corrcoef(active).mean())
    return analysis.finite_mean(analysis.pairwise_correlations(counts))


_CORR_AI_MISTAKES = (
    Mistake("diagonal", "exclude the diagonal (r_ii = 1): average over pairs i < j",
            lambda res: corr_first(res, diag=True)),
    Mistake("units", "units: bins of 10 ms, not 10 time steps (1 ms)",
            lambda res: corr_first(res, bin_size=1.0)),
    Mistake("100 ms", "bins of 10 ms, not 100 ms: the correlation of counts depends on the "
            "bin width", lambda res: corr_first(res, bin_size=100.0)),
    Mistake("transient", "leave out the first 100 ms (the transient)",
            lambda res: corr_first(res, t_start=0.0)),
    Mistake("first 500", "correlate the first 500 neurons (ids 0 .. 499), not all of them",
            lambda res: corr_first(res, n_first=res.n_neurons)),
)


def _check_corr_ai(ex, value, res):
    result_arg(res)
    if res.n_neurons < 500:
        raise Failure(f"res must have at least 500 neurons, got {res.n_neurons}")
    x = check_number(value, ex.name, corr_first(res), rtol=0.02, mistakes=ex.mistakes,
                     context=(res,), nan_hint="leave out silent neurons (constant rows) from "
                     "the correlations")
    return f"mean pairwise correlation {x:.4f} (10 ms bins); the report's Table 4.1 says 0.030."


EXERCISES = (
    exercise("ex-8.1", "return the quantities of Table 4.1 measured on a simulation result",
             "function", "table_4_1", 'check("ex-8.1", table_4_1)', table_ref, _check_table,
             _TABLE_MISTAKES),
    exercise("ex-8.2", "compute the ISI CV of a Poisson process with dead time t_ref at the "
             "network's mean rate", "number", "cv_dead_time",
             'check("ex-8.2", cv_dead_time, res)', dead_time_cv, _check_dead_time,
             _DEAD_TIME_MISTAKES, n_context=1),
    exercise("ex-8.3", "measure the mean pairwise correlation (10 ms bins) in the asynchronous "
             "irregular state", "number", "corr_ai", 'check("ex-8.3", corr_ai, res)', corr_first,
             _check_corr_ai, _CORR_AI_MISTAKES, n_context=1),
)
