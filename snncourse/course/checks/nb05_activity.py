"""Checks of notebook 5, network activity: ex-5.1 (firing rates), ex-5.2 (the
cross-correlogram), ex-5.3 (the excitatory rate of Brunel's AI state).

Contents
--------
rates_ref, exc_rate
    The references of ex-5.1 and ex-5.3 (ex-5.2's is ``analysis.cross_correlogram``).
EXERCISES
    The records of ex-5.1, ex-5.2 and ex-5.3.
"""

import numpy as np

from ... import analysis
from ._core import Failure, Mistake, check_cases, check_number, exercise, result_arg, \
    to_array, tuple_close
from ._inputs import SPIKE_HINT, poisson_like


# ---------------------------------------------------------------------------
# ex-5.1: firing rates
# ---------------------------------------------------------------------------
def rates_ref(spike_times, spike_ids, n_neurons, t_start, t_stop):
    """ex-5.1 reference: the package's rates (Hz) in the window [t_start, t_stop) ms."""
    return analysis.firing_rates(spike_times, spike_ids, n_neurons, t_start=t_start,
                                 t_stop=t_stop)


def _rates_variant(*, khz=False, drop_silent=False, no_window=False, closed=False,
                   no_start=False, by_stop=False):
    def firing_rates(spike_times, spike_ids, n_neurons, t_start, t_stop):
        t = np.asarray(spike_times, dtype=float)
        ids = np.asarray(spike_ids, dtype=int)
        inside = (t >= (-np.inf if no_start else t_start)) & \
            ((t <= t_stop) if closed else (t < t_stop))
        if no_window:
            inside = np.ones(t.shape, dtype=bool)
        counts = np.bincount(ids[inside], minlength=n_neurons).astype(float)
        window = t_stop if by_stop else t_stop - t_start
        rates = counts / (window if khz else window / 1000.0)
        return rates[np.bincount(ids, minlength=n_neurons) > 0] if drop_silent else rates
    return firing_rates


_RATES_MISTAKES = (
    Mistake("kHz", "units: that is spikes per ms (kHz); rates are in Hz: divide by the window "
            "length in s, (t_stop - t_start) / 1000", _rates_variant(khz=True)),
    Mistake("silent", "silent neurons: return one rate per neuron (n_neurons values), 0 Hz for "
            "the silent ones", _rates_variant(drop_silent=True)),
    Mistake("window", "count only the spikes in the window [t_start, t_stop)",
            _rates_variant(no_window=True)),
    Mistake("t_start", "the window starts at t_start: leave out the spikes before it",
            _rates_variant(no_start=True)),
    Mistake("length", "divide by the length of the window, t_stop - t_start, not by t_stop",
            _rates_variant(by_stop=True)),
    Mistake("half-open", "the window is half-open: a spike at exactly t_stop is not counted",
            _rates_variant(closed=True)),
)


def _check_rates(ex, fn):
    rng = np.random.default_rng(51)
    t, i = poisson_like(rng, 12, 1000.0, rng.choice([0.0, 2.0, 15.0, 40.0], 12))
    cases = [
        ("the docstring example",
         (np.array([10.0, 20.0, 30.0, 250.0]), np.array([0, 0, 1, 1]), 3, 0.0, 200.0)),
        ("window [100, 300) ms with spikes before, on the edges of and after it",
         (np.array([50.0, 100.0, 150.0, 299.9, 300.0, 350.0]), np.array([0, 0, 0, 1, 1, 1]),
          2, 100.0, 300.0)),
        ("12 random Poisson neurons (some silent), window [200, 1000) ms",
         (t, i, 12, 200.0, 1000.0)),
        ("no spikes", (np.empty(0), np.empty(0, dtype=int), 4, 0.0, 500.0)),
    ]
    return check_cases(fn, ex, cases, error_hints=((Exception, SPIKE_HINT),))


# ---------------------------------------------------------------------------
# ex-5.2: the cross-correlogram
# ---------------------------------------------------------------------------
def _ccg_variant(*, reversed_=False, uncentred=False, left=False, seconds=False):
    def cross_correlogram(times_a, times_b, bin_size, max_lag):
        d = (np.asarray(times_b, float)[None, :] - np.asarray(times_a, float)[:, None]).ravel()
        k_max = int(np.floor(max_lag / bin_size))
        if uncentred:  # edges at -max_lag, ..., max_lag: 2 K bins centred between the lags
            edges = np.arange(-max_lag, max_lag + bin_size / 2, bin_size)
            counts, _ = np.histogram(d, edges)
            return edges[:-1] + bin_size / 2, counts
        if left:  # the right lags, but bin k is [k bin_size, (k + 1) bin_size)
            lags = np.arange(-k_max, k_max + 1) * bin_size
            counts, _ = np.histogram(d, np.append(lags, (k_max + 1) * bin_size))
            return lags, counts
        a, b = (times_b, times_a) if reversed_ else (times_a, times_b)
        lags, counts = analysis.cross_correlogram(a, b, bin_size, max_lag)
        return (lags / 1000.0 if seconds else lags), counts
    return cross_correlogram


_CENTRED_HINT = ("the bins are centred on the lags k * bin_size (edges at (k - 1/2) bin_size), "
                 "2 K + 1 of them with K = floor(max_lag / bin_size)")
_CCG_MISTAKES = (
    Mistake("sign", "sign: a positive lag means a spike of b after a spike of a; histogram "
            "t_b - t_a, not t_a - t_b", _ccg_variant(reversed_=True)),
    Mistake("centred", _CENTRED_HINT, _ccg_variant(uncentred=True)),
    Mistake("centred", _CENTRED_HINT + ": bin k is [(k - 1/2) bin_size, (k + 1/2) bin_size), "
            "not [k bin_size, (k + 1) bin_size)", _ccg_variant(left=True)),
    Mistake("units", "units: lags in ms, not s", _ccg_variant(seconds=True)),
)


def _ccg_convert(out, name, expected):
    """``(lags, counts)`` as arrays; a wrong number of bins is a centring mistake."""
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise Failure(f"{name} must return 2 values (lags, counts), got {type(out).__name__}")
    lags, counts = (to_array(o, f"{name} ({nm})") for o, nm in zip(out, ("lags", "counts")))
    n = expected[0].size
    if lags.shape == (n,) and counts.shape != (n,):
        raise Failure(f"{name} returned {counts.size} counts for {n} lags: {_CENTRED_HINT}")
    if lags.shape != (n,) and lags.shape == counts.shape and lags.ndim == 1:
        raise Failure(f"{name} returned {lags.size} bins, expected {n}: {_CENTRED_HINT}")
    return lags, counts


def _check_ccg(ex, fn):
    rng = np.random.default_rng(52)
    a = np.sort(rng.uniform(0, 500, 30))
    b = np.sort(np.concatenate([a[:15] + rng.normal(3.0, 1.0, 15), rng.uniform(0, 500, 25)]))
    cases = [
        ("the docstring example", (np.array([10.0, 50.0]), np.array([12.0, 52.0, 70.0]),
                                   2.0, 6.0)),
        ("two random trains where b often follows a by about 3 ms, bin 2 ms, max_lag 20 ms",
         (a, b, 2.0, 20.0)),
        ("an autocorrelogram (a twice), bin 1 ms, max_lag 10 ms", (a, a, 1.0, 10.0)),
        ("b in random order, bin 2.5 ms, max_lag 12.5 ms", (a, rng.permutation(b), 2.5, 12.5)),
        ("max_lag = 5 ms not a multiple of bin_size = 2 ms", (a, b, 2.0, 5.0)),
        ("an empty train b", (a, np.empty(0), 2.0, 10.0)),
    ]
    hints = ((Exception, "times_a and times_b are 1-D numpy float arrays (ms, maybe empty): "
              "times_b[None, :] - times_a[:, None] gives every difference"),)
    return check_cases(fn, ex, cases, convert=_ccg_convert, compare=tuple_close(),
                       error_hints=hints)


# ---------------------------------------------------------------------------
# ex-5.3: the rate of the asynchronous irregular state
# ---------------------------------------------------------------------------
def exc_rate(res, t_start=100.0, *, divide_all=False, which="exc"):
    """ex-5.3 reference: mean rate (Hz) of the excitatory neurons after ``t_start``."""
    rates = analysis.firing_rates(res.spike_times, res.spike_ids, res.n_neurons,
                                  t_start=t_start, t_stop=res.duration)
    if divide_all:
        rates = rates * (res.duration - t_start) / res.duration
    sel = {"exc": rates[:res.n_exc], "inh": rates[res.n_exc:], "all": rates}[which]
    return float(sel.mean())


_EXC_RATE_MISTAKES = (
    Mistake("kHz", "units: rates in Hz (spikes per second), not in kHz (spikes per ms)",
            lambda res: exc_rate(res) / 1000.0),
    Mistake("transient", "leave out the first 100 ms (the transient from the random initial "
            "potentials)", lambda res: exc_rate(res, 0.0)),
    Mistake("window", "you counted spikes after 100 ms but divided by the whole duration: "
            "divide by the length of the window", lambda res: exc_rate(res, divide_all=True)),
    Mistake("n_exc", "you divided the excitatory spike count by all n_neurons: average over "
            "the n_exc excitatory neurons only",
            lambda res: exc_rate(res) * res.n_exc / res.n_neurons),
    Mistake("inhibitory", "that is the inhibitory rate; excitatory neurons are ids "
            "0 .. n_exc - 1", lambda res: exc_rate(res, which="inh")),
    Mistake("all neurons", "that is the mean rate of all neurons; excitatory neurons are ids "
            "0 .. n_exc - 1", lambda res: exc_rate(res, which="all")),
)


def _exc_rate_open(res, t_start=100.0):
    """The excitatory rate with the window opened at t_start (spikes at exactly t_start out)."""
    late = (res.spike_times > t_start) & (res.spike_ids < res.n_exc)
    return float(np.count_nonzero(late) / res.n_exc / ((res.duration - t_start) / 1000.0))


def _check_exc_rate(ex, value, res):
    result_arg(res)
    ref = exc_rate(res)
    # "after the first 100 ms" read as t > 100 ms also passes: a network can fire tens of
    # spikes in the one step at 100.0 ms, more than the tolerance that tells the mistakes apart
    open_ref = _exc_rate_open(res)
    if value is not None and np.isscalar(value) and not isinstance(value, (bool, str)) \
            and abs(value - open_ref) < abs(value - ref):
        ref = open_ref
    x = check_number(value, ex.name, ref, rtol=1e-4, unit="Hz", mistakes=ex.mistakes,
                     context=(res,))
    return f"excitatory neurons fire at {x:.2f} Hz."


EXERCISES = (
    exercise("ex-5.1", "return the firing rate (Hz) of every neuron in a time window",
             "function", "firing_rates", 'check("ex-5.1", firing_rates)', rates_ref,
             _check_rates, _RATES_MISTAKES),
    exercise("ex-5.2", "return the cross-correlogram (lags in ms, counts of t_b - t_a) of two "
             "spike trains", "function", "cross_correlogram",
             'check("ex-5.2", cross_correlogram)', analysis.cross_correlogram, _check_ccg,
             _CCG_MISTAKES),
    exercise("ex-5.3", "measure the mean excitatory firing rate (Hz) after the first 100 ms",
             "number", "rate_exc", 'check("ex-5.3", rate_exc, res)', exc_rate,
             _check_exc_rate, _EXC_RATE_MISTAKES, n_context=1),
)
