"""Checks of notebook 7, Brunel's regimes: ex-7.1 (the mean-field input), ex-7.2 (where firing
turns asynchronous irregular), ex-7.3 (the frequency of the SI-slow oscillation).

Contents
--------
brunel_input_ref, si_slow_frequency
    The references of ex-7.1 and ex-7.3.
EXERCISES
    The records of ex-7.1, ex-7.2 and ex-7.3.
"""

import numpy as np

from ... import analysis
from ._core import Failure, Mistake, check_cases, check_number, exercise, result_arg, short, \
    to_float, tuple_close


# ---------------------------------------------------------------------------
# ex-7.1: the input of a neuron in Brunel's network
# ---------------------------------------------------------------------------
def brunel_input_ref(nu, g, eta, j=0.1, c_e=1000, gamma=0.25, tau_m=20.0, theta=20.0):
    """ex-7.1 reference: Brunel (2000) eqs. 4-5, mean and std (mV) of the input."""
    tau = tau_m / 1000.0  # s, so that tau times a rate in Hz is dimensionless
    nu_ext = eta * theta / (j * c_e * tau)
    mu = c_e * j * tau * (nu_ext + nu * (1.0 - g * gamma))
    sigma = j * np.sqrt(c_e * tau * (nu_ext + nu * (1.0 + g**2 * gamma)))
    return float(mu), float(sigma)


def _brunel_input_variant(*, ms=False, variance=False, no_inh=False, minus=False, no_gamma=False):
    def brunel_input(nu, g, eta, j=0.1, c_e=1000, gamma=0.25, tau_m=20.0, theta=20.0):
        tau = tau_m if ms else tau_m / 1000.0
        gam = 1.0 if no_gamma else gamma
        nu_ext = eta * theta / (j * c_e * tau)
        inh_mu = 0.0 if no_inh else g * gam
        inh_var = 0.0 if no_inh else g**2 * gam
        mu = c_e * j * tau * (nu_ext + nu * (1.0 - inh_mu))
        var = j**2 * c_e * tau * (nu_ext + nu * (1.0 + (-inh_var if minus else inh_var)))
        return mu, (var if variance else np.sqrt(var))
    return brunel_input


_BRUNEL_INPUT_MISTAKES = (
    Mistake("units", "units: rates are in Hz, so tau_m must be in s (tau_m / 1000) in "
            "C_E J tau nu", _brunel_input_variant(ms=True)),
    Mistake("sigma", "return sigma, the square root of sigma^2", _brunel_input_variant(
        variance=True)),
    Mistake("inhibition", "inhibition: the recurrent term is nu (1 - g gamma) in mu and "
            "nu (1 + g^2 gamma) in sigma^2", _brunel_input_variant(no_inh=True)),
    Mistake("variances add", "variances add: sigma^2 has nu (1 + g^2 gamma); inhibition adds "
            "fluctuations", _brunel_input_variant(minus=True)),
    Mistake("gamma", "gamma = C_I / C_E: each neuron gets gamma C_E inhibitory inputs, so the "
            "inhibitory terms carry a factor gamma", _brunel_input_variant(no_gamma=True)),
)


def _pair_of_floats(out, name, expected):
    """``(mu, sigma)`` as two floats: a tuple, a list or an array of two numbers."""
    if isinstance(out, np.ndarray) and out.shape == (2,):
        out = tuple(out)
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise Failure(f"{name} must return two numbers (mu, sigma), got "
                      f"{type(out).__name__} {short(out)}")
    return (to_float(out[0], f"{name} (mu)"), to_float(out[1], f"{name} (sigma)"))


def _check_brunel_input(ex, fn):
    cases = [
        ("nu = 0 Hz, g = 5, eta = 2 (external input only)", (0.0, 5.0, 2.0)),
        ("nu = 38 Hz, g = 5, eta = 2 (the AI state)", (38.0, 5.0, 2.0)),
        ("nu = 10 Hz, g = 3, eta = 2", (10.0, 3.0, 2.0)),
        ("nu = 5 Hz, g = 4.5, eta = 0.9", (5.0, 4.5, 0.9)),
        ("nu = 20 Hz, g = 6, eta = 4, J = 0.2 mV, C_E = 500, gamma = 0.2, tau_m = 10 ms, "
         "theta = 15 mV", (20.0, 6.0, 4.0, 0.2, 500, 0.2, 10.0, 15.0)),
    ]
    hints = ((Exception, "every argument is a float (c_e an int): use np.sqrt or math.sqrt"),)
    return check_cases(fn, ex, cases, convert=_pair_of_floats, compare=tuple_close(),
                       error_hints=hints)


# ---------------------------------------------------------------------------
# ex-7.2: where does firing become asynchronous and irregular?
# ---------------------------------------------------------------------------
_G_ASYNC_MISTAKES = (
    Mistake("begins", "g = 5 is Brunel's AI example, well inside the asynchronous irregular "
            "region; the question asks for the smallest g of your sweep where it begins",
            lambda: (lambda x: 4.9 <= x <= 5.1), 5.0),
    Mistake("SR", "at this g excitation still dominates: firing is regular (CV well below "
            "0.5) and near saturation, the synchronous regular (SR) state",
            lambda: (lambda x: 2.9 <= x <= 3.6), 3.5),
    Mistake("CV, chi or rate", "g is the ratio of inhibitory to excitatory efficacy (3 to 6 "
            "here); you gave a CV, chi or rate?", lambda: (lambda x: x < 2.0 or x > 8.0), 0.6),
)


def _check_g_async(ex, value):
    x = check_number(value, ex.name, 4.0, lo=3.75, hi=4.5, mistakes=ex.mistakes)
    return f"firing becomes asynchronous and irregular at g = {x:g}, near the balance point " \
           "g gamma = 1 (g = 4)."


# ---------------------------------------------------------------------------
# ex-7.3: the SI-slow oscillation
# ---------------------------------------------------------------------------
def si_slow_frequency(res, t_start=100.0):
    """ex-7.3 reference: peak of the population-rate spectrum (1 ms bins) above 5 Hz."""
    _, rate = analysis.population_rate(res.spike_times, res.n_neurons, res.duration - t_start,
                                       1.0, t_start=t_start)
    f, p = analysis.power_spectrum(rate, 1.0, nperseg=min(512, rate.size))
    return analysis.peak_frequency(f, p, fmin=5.0)


_SI_SLOW_MISTAKES = (
    Mistake("firing rate", "that is the mean firing rate of single neurons; the question asks "
            "for the frequency of the population oscillation (the peak of the spectrum)",
            lambda res: res.mean_rate(100.0)),
    Mistake("transient", "leave out the first 100 ms (the transient): the spectrum of the "
            "population rate over [100, duration) ms peaks elsewhere",
            lambda res: si_slow_frequency(res, 0.0)),
    Mistake("period", "that is the period in ms; the frequency is 1000 / period (Hz)",
            lambda res: 1000.0 / si_slow_frequency(res)),
    Mistake("angular", "that is an angular frequency (rad/s); give f in Hz",
            lambda res: 2 * np.pi * si_slow_frequency(res)),
    Mistake("0 Hz", "0 Hz is the mean of the signal: look for the peak above a few Hz",
            lambda res: (lambda x: x < 1.0), 0.0),
)


def _check_si_slow(ex, value, res):
    result_arg(res)
    # the procedure is prescribed, so the answer is exact: the tolerance is below one
    # frequency bin (1000 / 512 Hz), and a spectrum with the transient is one bin off
    x = check_number(value, ex.name, si_slow_frequency(res), rtol=0.03, unit="Hz",
                     mistakes=ex.mistakes, context=(res,), match_rtol=0.01)
    return f"the population oscillates at about {x:.1f} Hz while single neurons fire at " \
           f"{res.mean_rate(100.0):.1f} Hz."


EXERCISES = (
    exercise("ex-7.1", "return the mean and standard deviation (mV) of the input in Brunel's "
             "network (eqs. 4-5)", "function", "brunel_input", 'check("ex-7.1", brunel_input)',
             brunel_input_ref, _check_brunel_input, _BRUNEL_INPUT_MISTAKES),
    exercise("ex-7.2", "find the smallest g of the sweep at which firing becomes asynchronous "
             "and irregular", "number", "g_async", 'check("ex-7.2", g_async)', lambda: 4.0,
             _check_g_async, _G_ASYNC_MISTAKES),
    exercise("ex-7.3", "measure the frequency (Hz) of the population oscillation in the "
             "SI-slow state", "number", "f_si_slow", 'check("ex-7.3", f_si_slow, res)',
             si_slow_frequency, _check_si_slow, _SI_SLOW_MISTAKES, n_context=1),
)
