"""Checks of notebook 6, synchronization: ex-6.1 (spike counts), ex-6.2 (the mean pairwise
correlation), ex-6.3 (Golomb's chi), ex-6.4 (chi in the SI-fast state).

Contents
--------
counts_ref, mean_corr_ref, chi_after
    The references of ex-6.1, ex-6.2 and ex-6.4 (ex-6.3's is ``analysis.synchrony_chi``).
EXERCISES
    The records of ex-6.1 to ex-6.4.
"""

import numpy as np

from ... import analysis
from ._core import Mistake, array_compare, check_cases, check_number, exercise, \
    float_convert, result_arg
from ._inputs import SPIKE_HINT, poisson_like


# ---------------------------------------------------------------------------
# ex-6.1: spike counts
# ---------------------------------------------------------------------------
def counts_ref(spike_times, spike_ids, n_neurons, bin_size, t_stop):
    """ex-6.1 reference: spike counts in the bins [k bin_size, (k + 1) bin_size) before t_stop."""
    return analysis.spike_counts(spike_times, spike_ids, n_neurons, bin_size, t_start=0.0,
                                 t_stop=t_stop)


def _counts_variant(*, drop_silent=False, partial=False, transposed=False, closed=False,
                    digitize=False, fancy=False):
    def spike_counts(spike_times, spike_ids, n_neurons, bin_size, t_stop):
        t = np.asarray(spike_times, dtype=float)
        ids = np.asarray(spike_ids, dtype=int)
        n_bins = int(np.ceil(t_stop / bin_size)) if partial else int(np.floor(t_stop / bin_size))
        idx = np.floor(t / bin_size).astype(int) + (1 if digitize else 0)
        keep = (t >= 0) & (idx < n_bins)
        if closed:
            at_end = t == n_bins * bin_size
            idx = np.where(at_end, n_bins - 1, idx)
            keep |= at_end
        out = np.zeros((n_neurons, n_bins), dtype=int)
        if fancy:
            out[ids[keep], idx[keep]] += 1
        else:
            np.add.at(out, (ids[keep], idx[keep]), 1)
        if drop_silent:
            out = out[out.sum(axis=1) > 0]
        return out.T if transposed else out
    return spike_counts


_COUNTS_MISTAKES = (
    Mistake("np.add.at", "two spikes of a neuron in the same bin: counts[ids, bins] += 1 adds "
            "1 only once for a repeated (neuron, bin) pair; use np.add.at(counts, (ids, bins), "
            "1) or np.bincount", _counts_variant(fancy=True)),
    Mistake("silent", "silent neurons: return one row per neuron (n_neurons rows), zeros for "
            "the silent ones", _counts_variant(drop_silent=True)),
    Mistake("partial", "drop the trailing partial bin: n_bins = floor(t_stop / bin_size)",
            _counts_variant(partial=True)),
    Mistake("shape", "shape: (n_neurons, n_bins), one row per neuron", _counts_variant(
        transposed=True)),
    Mistake("half-open", "bins are half-open [k bin_size, (k + 1) bin_size): a spike at exactly "
            "t_stop is outside (np.histogram closes its last bin)", _counts_variant(closed=True)),
    Mistake("off by one", "off by one bin: a spike at t lies in bin floor(t / bin_size) "
            "(np.digitize returns that index + 1)", _counts_variant(digitize=True)),
)


def _check_counts(ex, fn):
    rng = np.random.default_rng(61)
    t, i = poisson_like(rng, 20, 500.0, rng.choice([0.0, 10.0, 30.0], 20))
    t3 = np.sort(rng.uniform(0, 23, 15))
    cases = [
        ("spikes [0.5, 1.2, 1.5, 1.7, 3.0] ms of neurons [0, 0, 0, 1, 1], bin 1 ms, t_stop 4 ms",
         (np.array([0.5, 1.2, 1.5, 1.7, 3.0]), np.array([0, 0, 0, 1, 1]), 2, 1.0, 4.0)),
        ("spikes on bin edges 0, 5, 10, 15, 20 ms, bin 5 ms, t_stop 20 ms, 3 neurons",
         (np.array([0.0, 5.0, 10.0, 15.0, 20.0]), np.zeros(5, dtype=int), 3, 5.0, 20.0)),
        ("t_stop = 23 ms, not a multiple of bin_size = 5 ms",
         (t3, np.zeros(15, int), 1, 5.0, 23.0)),
        ("20 random neurons (some silent), 500 ms, bin 10 ms", (t, i, 20, 10.0, 500.0)),
        ("no spikes", (np.empty(0), np.empty(0, dtype=int), 3, 10.0, 50.0)),
    ]
    hints = ((IndexError, "spikes at or after t_stop fall outside the bins: drop them"),
             (Exception, SPIKE_HINT))
    return check_cases(fn, ex, cases, compare=array_compare(0, 0), error_hints=hints)


# ---------------------------------------------------------------------------
# ex-6.2: the mean pairwise correlation
# ---------------------------------------------------------------------------
def mean_corr_ref(counts):
    """ex-6.2 reference: mean Pearson r over pairs of non-silent neurons (NaN if no pair)."""
    return analysis.finite_mean(analysis.pairwise_correlations(counts))


def _active(x):
    return x[x.max(axis=1) > x.min(axis=1)]


def _upper_mean(m):
    return float(m[np.triu_indices(len(m), 1)].mean())


def _corr_variant(kind):
    def mean_pairwise_correlation(counts):
        x = np.asarray(counts, dtype=float)
        if kind == "diag":
            active = _active(x)
            return float(np.corrcoef(active).mean()) if len(active) > 1 else float("nan")
        if kind == "silent_nan":
            return _upper_mean(np.corrcoef(x))
        if kind == "silent_zero":
            return _upper_mean(np.nan_to_num(np.corrcoef(x)))
        if kind == "transposed":
            return _upper_mean(np.corrcoef(_active(x).T))
        if kind == "cov":
            return _upper_mean(np.cov(_active(x)))
        raise ValueError(f"kind must name a mistake, got {kind!r}")
    return mean_pairwise_correlation


_CORR_MISTAKES = (
    Mistake("diagonal", "exclude the diagonal: a neuron's correlation with itself is 1; "
            "average over pairs i < j", _corr_variant("diag")),
    Mistake("silent", "leave out silent neurons (constant rows): their correlation is "
            "undefined (NaN) and makes the mean NaN", _corr_variant("silent_nan")),
    Mistake("silent", "leave out silent neurons (constant rows) instead of counting their "
            "correlation as 0", _corr_variant("silent_zero")),
    Mistake("rows", "rows are neurons: np.corrcoef(counts) correlates rows; you correlated "
            "time bins", _corr_variant("transposed")),
    Mistake("Pearson", "use the Pearson correlation coefficient (np.corrcoef), not the "
            "covariance", _corr_variant("cov")),
)


def _check_corr(ex, fn):
    rng = np.random.default_rng(62)
    shared = rng.poisson(2.0, 200)
    rand = rng.poisson(1.0, (25, 200)) + (rng.random((25, 1)) < 0.5) * shared
    rand[[4, 11, 17]] = 0
    cases = [
        ("counts [[1, 0, 2, 1], [2, 0, 4, 2], [0, 0, 0, 0], [1, 2, 0, 1]]",
         (np.array([[1, 0, 2, 1], [2, 0, 4, 2], [0, 0, 0, 0], [1, 2, 0, 1]]),)),
        ("25 neurons in 200 bins, half sharing input, 3 silent", (rand,)),
        ("two anti-correlated neurons", (np.array([[0, 2, 0, 2, 1], [2, 0, 2, 0, 1]]),)),
        ("only one active neuron", (np.array([[0, 1, 3, 0], [0, 0, 0, 0]]),)),
        ("all neurons silent", (np.zeros((3, 10)),)),
    ]
    hints = ((Exception, "counts is a 2-D numpy array, one row per neuron; fewer than two "
              "non-constant rows must give NaN"),)
    return check_cases(fn, ex, cases, convert=float_convert, error_hints=hints)


# ---------------------------------------------------------------------------
# ex-6.3: Golomb's synchrony measure
# ---------------------------------------------------------------------------
def _chi_variant(kind):
    def synchrony_chi(v):
        x = np.asarray(v, dtype=float)
        if kind == "constant":
            if np.all(x.max(axis=1) == x.min(axis=1)):
                return 0.0
            return analysis.synchrony_chi(x)
        if kind == "squared":
            return analysis.synchrony_chi(x) ** 2
        if kind == "axes":
            return float(np.sqrt(x.mean(axis=1).var() / x.var(axis=0).mean()))
        if kind == "inverted":
            return float(np.sqrt(x.var(axis=1).mean() / x.mean(axis=0).var()))
        raise ValueError(f"kind must name a mistake, got {kind!r}")
    return synchrony_chi


_CHI_MISTAKES = (
    Mistake("square root", "return chi, the square root of the variance ratio, not chi^2",
            _chi_variant("squared")),
    Mistake("axis", "rows are neurons, columns are times: average over neurons (axis=0), then "
            "take the variance over time", _chi_variant("axes")),
    Mistake("inverted", "inverted ratio: chi^2 = Var_t(population mean) / mean_i Var_t(V_i), "
            "which lies between 0 and 1", _chi_variant("inverted")),
    Mistake("NaN", "NaN rule: if every trace is constant, chi is 0 / 0: return NaN",
            _chi_variant("constant")),
)


def _check_chi(ex, fn):
    rng = np.random.default_rng(63)
    t = np.arange(400) * 0.5
    common = 3.0 * np.sin(2 * np.pi * t / 25.0)
    cases = [
        ("two identical traces", (np.array([[0.0, 2.0, 0.0, 2.0], [0.0, 2.0, 0.0, 2.0]]),)),
        ("two traces in anti-phase", (np.array([[0.0, 2.0, 0.0, 2.0], [2.0, 0.0, 2.0, 0.0]]),)),
        ("40 independent noisy traces of 500 samples", (rng.normal(10, 2, (40, 500)),)),
        ("30 traces sharing a sine wave, plus noise", (common + rng.normal(5, 2, (30, 400)),)),
        ("one neuron", (rng.normal(0, 1, (1, 100)),)),
        ("constant traces", (np.full((5, 20), 10.0),)),
    ]
    hints = ((Exception, "v is a 2-D numpy float array (n_neurons, n_times)"),)
    return check_cases(fn, ex, cases, convert=float_convert, error_hints=hints)


# ---------------------------------------------------------------------------
# ex-6.4: chi in the fast oscillating state
# ---------------------------------------------------------------------------
def chi_after(res, t_start=100.0, squared=False, inverted=False):
    """ex-6.4 reference: chi of the recorded traces after ``t_start``."""
    v = res.v[:, res.times >= t_start]
    if inverted:
        return float(np.sqrt(v.var(axis=1).mean() / v.mean(axis=0).var()))
    chi = analysis.synchrony_chi(v)
    return chi**2 if squared else chi


_CHI_SI_MISTAKES = (
    Mistake("square root", "that is chi^2: take the square root",
            lambda res: chi_after(res, squared=True)),
    Mistake("transient", "leave out the first 100 ms (the transient)",
            lambda res: chi_after(res, 0.0)),
    Mistake("inverted", "inverted ratio: chi^2 = Var_t(population mean) / mean_i Var_t(V_i)",
            lambda res: chi_after(res, inverted=True)),
)


def _check_chi_si(ex, value, res):
    result_arg(res, need_v=True)
    x = check_number(value, ex.name, chi_after(res), rtol=0.01, mistakes=ex.mistakes,
                     context=(res,))
    n = res.v.shape[0]
    return f"chi = {x:.3f} for {n} neurons; independent neurons would give about " \
           f"1/sqrt({n}) = {1 / np.sqrt(n):.3f}."


EXERCISES = (
    exercise("ex-6.1", "return the (n_neurons, n_bins) matrix of spike counts", "function",
             "spike_counts", 'check("ex-6.1", spike_counts)', counts_ref, _check_counts,
             _COUNTS_MISTAKES),
    exercise("ex-6.2", "return the mean pairwise correlation of the non-silent neurons' "
             "counts", "function", "mean_pairwise_correlation",
             'check("ex-6.2", mean_pairwise_correlation)', mean_corr_ref, _check_corr,
             _CORR_MISTAKES),
    exercise("ex-6.3", "return Golomb's synchrony measure chi of membrane traces", "function",
             "synchrony_chi", 'check("ex-6.3", synchrony_chi)', analysis.synchrony_chi,
             _check_chi, _CHI_MISTAKES),
    exercise("ex-6.4", "measure chi of the recorded neurons in the SI-fast state after 100 ms",
             "number", "chi_si_fast", 'check("ex-6.4", chi_si_fast, res)', chi_after,
             _check_chi_si, _CHI_SI_MISTAKES, n_context=1),
)
