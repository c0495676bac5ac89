"""Checks of notebook 2, noise and irregular firing: ex-2.1 (ISI CV), ex-2.2 (Fano factor),
ex-2.3 (mean Fano factor of a noise-driven population).

Contents
--------
fano_ref, mean_ff
    The references of ex-2.2 and ex-2.3 (ex-2.1's is ``analysis.isi_cv``).
EXERCISES
    The records of ex-2.1, ex-2.2 and ex-2.3.
"""

import numpy as np

from ... import analysis
from ...network import SimulationResult
from ...neuron import NeuronResult
from ._core import Mistake, check_cases, check_number, exercise, result_arg
from ._inputs import SPIKE_HINT, poisson_like


# ---------------------------------------------------------------------------
# ex-2.1: the ISI CV of every neuron
# ---------------------------------------------------------------------------
def _cv_variant(*, ddof=0, sort=True, min_spikes=3, fill=np.nan, of_times=False, pooled=False,
                var=False, drop_silent=False):
    """ISI CV per neuron with one deliberate mistake."""
    def isi_cv(spike_times, spike_ids, n_neurons):
        t = np.asarray(spike_times, dtype=float)
        ids = np.asarray(spike_ids, dtype=int)
        out = np.full(n_neurons, np.nan)
        if pooled:
            isis = np.diff(np.sort(t))
            out[:] = isis.std(ddof=ddof) / isis.mean() if isis.size >= 2 else np.nan
            return out
        for i in range(n_neurons):
            ti = t[ids == i]
            if sort:
                ti = np.sort(ti)
            x = ti if of_times else np.diff(ti)
            if ti.size < min_spikes or x.mean() == 0:
                out[i] = fill if ti.size < 3 else np.nan
                continue
            spread = x.var(ddof=ddof) if var else x.std(ddof=ddof)
            out[i] = spread / x.mean()
        if drop_silent:
            out = out[np.bincount(ids, minlength=n_neurons) > 0]
        return out
    return isi_cv


_CV_MISTAKES = (
    Mistake("ddof", "ddof: use the population standard deviation np.std(isis) (ddof = 0, as "
            "Elephant's cv), not ddof = 1", _cv_variant(ddof=1)),
    Mistake("sort", "sort each neuron's spike times before np.diff: spikes may come in any "
            "order", _cv_variant(sort=False)),
    Mistake("intervals", "take the CV of the inter-spike intervals np.diff(times), not of the "
            "spike times", _cv_variant(of_times=True)),
    Mistake("NaN", "NaN rule: a neuron with fewer than 3 spikes (fewer than 2 intervals) gets "
            "NaN; one interval has no spread", _cv_variant(min_spikes=2)),
    Mistake("NaN", "NaN rule: silent neurons and neurons with fewer than 3 spikes get NaN, "
            "not 0", _cv_variant(fill=0.0)),
    Mistake("same neuron", "take intervals between spikes of the same neuron, not between "
            "consecutive spikes of the whole population", _cv_variant(pooled=True)),
    Mistake("silent", "silent neurons: return one value per neuron (n_neurons values), NaN for "
            "the silent ones", _cv_variant(drop_silent=True)),
    Mistake("standard deviation", "CV = standard deviation / mean, not variance / mean",
            _cv_variant(var=True)),
)


def _check_isi_cv(ex, fn):
    rng = np.random.default_rng(21)
    t, i = poisson_like(rng, 6, 1000.0, [20, 5, 0, 40, 10, 3])
    t = np.concatenate([t, [100.0, 350.0]])  # neuron 6: exactly two spikes
    i = np.concatenate([i, [6, 6]])
    order = np.argsort(t)
    t, i = t[order], i[order]
    shuffle = rng.permutation(t.size)
    cases = [
        ("the docstring example (regular, irregular, one spike)",
         (np.array([0.0, 10.0, 20.0, 30.0, 0.0, 10.0, 30.0, 5.0]),
          np.array([0, 0, 0, 0, 1, 1, 1, 2]), 3)),
        ("7 neurons sorted by time, one silent, one with two spikes", (t, i, 7)),
        ("the same spikes in random order", (t[shuffle], i[shuffle], 7)),
        ("n_neurons = 10 (neurons 7-9 silent)", (t, i, 10)),
        ("no spikes at all", (np.empty(0), np.empty(0, dtype=int), 3)),
    ]
    return check_cases(fn, ex, cases, error_hints=((Exception, SPIKE_HINT),))


# ---------------------------------------------------------------------------
# ex-2.2: the Fano factor
# ---------------------------------------------------------------------------
def _ff_variant(*, ddof=0, stat="var", axis=1, fill=np.nan, pooled=False):
    """Fano factor per row with one deliberate mistake."""
    def fano_factor(counts):
        c = np.asarray(counts, dtype=float)
        if pooled:
            c = c.sum(axis=0)
        mean = c.mean(axis=axis if c.ndim == 2 else 0)
        var = c.var(axis=axis if c.ndim == 2 else 0, ddof=ddof)
        with np.errstate(all="ignore"):
            value = {"var": var / mean, "std": np.sqrt(var) / mean, "inv": mean / var}[stat]
        out = np.where(mean > 0, value, fill)
        return float(out) if pooled else out
    return fano_factor


_FF_MISTAKES = (
    Mistake("ddof", "ddof: use np.var(counts, axis=1) (ddof = 0), not ddof = 1",
            _ff_variant(ddof=1)),
    Mistake("variance", "the Fano factor is variance / mean, not standard deviation / mean",
            _ff_variant(stat="std")),
    Mistake("variance", "the Fano factor is variance / mean, not mean / variance",
            _ff_variant(stat="inv")),
    Mistake("axis", "rows are neurons, columns are time bins: compute along axis=1 "
            "(one value per neuron)", _ff_variant(axis=0)),
    Mistake("silent", "a silent neuron (mean count 0) gets NaN, not 0", _ff_variant(fill=0.0)),
    Mistake("per neuron", "one Fano factor per neuron (row), not one for the summed population",
            _ff_variant(pooled=True)),
)


def fano_ref(counts):
    """ex-2.2 reference: the package's Fano factor, one value per row."""
    return np.atleast_1d(analysis.fano_factor(np.atleast_2d(np.asarray(counts, dtype=float))))


def _check_fano(ex, fn):
    rng = np.random.default_rng(22)
    rand = rng.poisson(rng.uniform(0.5, 6.0, (8, 1)), (8, 40))
    rand[3] = 0
    cases = [
        ("the docstring example [[1, 3, 1, 3], [2, 2, 2, 2], [0, 0, 0, 0]]",
         (np.array([[1, 3, 1, 3], [2, 2, 2, 2], [0, 0, 0, 0]]),)),
        ("Poisson counts of 8 neurons in 40 bins (neuron 3 silent)", (rand,)),
        ("one neuron, 25 bins", (rng.poisson(3.0, (1, 25)),)),
        ("a single bin per neuron", (np.array([[3], [0], [5]]),)),
    ]
    hints = ((Exception, "counts is a 2-D numpy int array, one row per neuron: "
              "counts.mean(axis=1) and counts.var(axis=1) give one value per neuron"),)
    return check_cases(fn, ex, cases, error_hints=hints)


# ---------------------------------------------------------------------------
# ex-2.3: the mean Fano factor of a noise-driven population
# ---------------------------------------------------------------------------
def _counts_of(res, bin_size):
    return analysis.spike_counts(res.spike_times, res.spike_ids, res.n_neurons, bin_size,
                                 t_stop=res.duration)


def mean_ff(res, bin_size=100.0):
    """ex-2.3 reference: mean Fano factor of the counts in ``bin_size`` windows."""
    return analysis.finite_mean(analysis.fano_factor(_counts_of(res, bin_size)))


def _bessel(n):
    """Factor n / (n - 1) between the ddof = 1 and ddof = 0 variances of n values."""
    return n / (n - 1)


def _mean_cv2(res):
    cv = analysis.isi_cv(res.spike_times, res.spike_ids, res.n_neurons)
    return analysis.finite_mean(cv**2)


_FF100_MISTAKES = (
    Mistake("ddof", "ddof: the Fano factor uses np.var with ddof = 0",
            lambda res: mean_ff(res) * _bessel(_counts_of(res, 100.0).shape[1])),
    Mistake("units", "units: bin_size is in ms, the windows are 100 ms long",
            lambda res: mean_ff(res, 0.1)),
    Mistake("units", "units: the windows are 100 ms long, not 100 time steps (10 ms)",
            lambda res: mean_ff(res, 10.0)),
    Mistake("per neuron", "compute one Fano factor per neuron, then average; not the Fano "
            "factor of the summed population count",
            lambda res: float(analysis.fano_factor(_counts_of(res, 100.0).sum(axis=0)))),
    Mistake("CV", "that is the mean squared ISI CV: close (for a renewal process F -> CV^2 in "
            "long windows), but the question asks for the Fano factor", _mean_cv2),
    Mistake("CV", "that is the mean ISI CV, not the Fano factor",
            lambda res: analysis.finite_mean(analysis.isi_cv(res.spike_times, res.spike_ids,
                                                             res.n_neurons))),
)


def _check_ff100(ex, value, res):
    result_arg(res, kinds=(NeuronResult, SimulationResult))
    x = check_number(value, ex.name, mean_ff(res), rtol=0.003, mistakes=ex.mistakes,
                     context=(res,), nan_hint="average with np.nanmean: a silent neuron's "
                     "Fano factor is NaN")
    return f"mean Fano factor {x:.3f} (100 ms windows); mean CV^2 = {_mean_cv2(res):.3f}."


EXERCISES = (
    exercise("ex-2.1", "return the ISI CV of every neuron (NaN with fewer than 3 spikes)",
             "function", "isi_cv", 'check("ex-2.1", isi_cv)', analysis.isi_cv, _check_isi_cv,
             _CV_MISTAKES),
    exercise("ex-2.2", "return the Fano factor of each row of a count matrix (NaN for a "
             "silent neuron)", "function", "fano_factor", 'check("ex-2.2", fano_factor)',
             fano_ref, _check_fano, _FF_MISTAKES),
    exercise("ex-2.3", "measure the mean Fano factor of spike counts in 100 ms windows",
             "number", "ff_mean", 'check("ex-2.3", ff_mean, res)', mean_ff, _check_ff100,
             _FF100_MISTAKES, n_context=1),
)
