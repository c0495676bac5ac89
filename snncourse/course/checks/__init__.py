r"""Self-checking exercises: ``check("ex-2.1", isi_cv)`` tests a learner's answer.

Every exercise of the course has a stable id ``ex-N.M`` (notebook ``N``,
exercise ``M``) and one entry in :data:`EXERCISES`. An answer is either a
function (checked against a reference on fixed inputs, seeded random inputs
and edge cases, all given as the exercise text says: numpy arrays for spikes
and counts) or a number (checked against a known value or against the same
quantity computed by the package from the learner's own simulation).

Contents
--------
check
    Check an answer: prints one line when it is right, raises
    ``AssertionError`` with a diagnosis when it is not.
EXERCISES
    Exercise id -> :class:`Exercise` (notebook, one-line task, kind,
    reference, typical mistakes), read-only, in course order.
exercise_ids
    The ids, in course order, optionally of one notebook.
NOTEBOOKS
    Notebook number -> stem of its exercise notebook (``ex01_lif_neuron``, ...).
Exercise, Mistake
    The records.

Modules
-------
_core
    The records, the registry, ``check``, calling the learner's code, comparing answers.
_inputs
    Synthetic spike trains shared by several notebooks' checks.
nb01_lif ... nb09_cluster
    One module per notebook: its references, typical mistakes and checkers.

How a check fails
-----------------
The message is one sentence that starts with the exercise id. A function that
still raises ``NotImplementedError``, or a number still ``None``, gives
``"ex-N.M not attempted: ..."`` (the grader relies on these two words). A
wrong answer is compared with typical mistakes (units, ``ddof=1``, an
off-by-one step, unsorted spikes, silent neurons, a forgotten refractory
period, a transient left in, ...): when the answer matches one of them the
message names it. A function that crashes gets a sentence naming the input,
the learner's exception, the types and shapes of the inputs and the likely
cause; one that returns ``None`` or the wrong shape gets a sentence too, never
a traceback from inside the package.

Examples
--------
>>> import numpy as np
>>> def my_cv(spike_times, spike_ids, n_neurons):
...     out = np.full(n_neurons, np.nan)
...     for i in range(n_neurons):
...         isi = np.diff(np.sort(spike_times[spike_ids == i]))
...         if isi.size >= 2:
...             out[i] = isi.std(ddof=1) / isi.mean()
...     return out
>>> check("ex-2.1", my_cv)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
AssertionError: ex-2.1: isi_cv is wrong on ...: ddof: ...
"""

from . import nb01_lif, nb02_noise, nb03_synapses, nb04_network, nb05_activity, \
    nb06_synchrony, nb07_brunel, nb08_report, nb09_cluster
from ._core import NOTEBOOKS, Exercise, Mistake, Registry

_REGISTRY = Registry(
    nb01_lif.EXERCISES + nb02_noise.EXERCISES + nb03_synapses.EXERCISES
    + nb04_network.EXERCISES + nb05_activity.EXERCISES + nb06_synchrony.EXERCISES
    + nb07_brunel.EXERCISES + nb08_report.EXERCISES + nb09_cluster.EXERCISES
)

#: Exercise id -> :class:`Exercise`, read-only, in course order.
EXERCISES = _REGISTRY.exercises
check = _REGISTRY.check
exercise_ids = _REGISTRY.ids

__all__ = ["check", "EXERCISES", "Exercise", "Mistake", "exercise_ids", "NOTEBOOKS"]
