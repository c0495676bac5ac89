r"""Progress bars for long simulations and parameter sweeps, drawn by tqdm.

A thin layer over :mod:`tqdm.auto`: in a terminal the bar is one line on
``sys.stderr``, in Jupyter it is a notebook widget. tqdm is imported when a
bar is made, so ``import snncourse`` does not load it (nor, in a notebook,
ipywidgets).

=====================  ===========================================================
:func:`progress`       iterate while drawing a bar (one tick per item)
:class:`ProgressBar`   a bar over an amount of work, set with ``update(done)``
=====================  ===========================================================

Examples
--------
>>> import io
>>> out = io.StringIO()
>>> for _ in progress(range(3), desc="sweep", file=out):
...     pass
>>> "3/3" in out.getvalue() and "sweep" in out.getvalue()
True
"""

from __future__ import annotations

__all__ = ["progress", "ProgressBar"]


def _tqdm(**kwargs):
    from tqdm.auto import tqdm

    return tqdm(**kwargs)


class ProgressBar:
    """A progress bar over ``total`` units of work (steps, ms, items).

    Unlike ``tqdm.update``, which adds an increment, :meth:`update` sets the
    amount done so far, as the simulators report it.

    Parameters
    ----------
    total : float
        Amount of work at completion.
    desc : str
        Label before the bar.
    file : file-like, optional
        Where a text bar is written; default ``sys.stderr`` (read when the bar
        is made). In Jupyter, tqdm draws a widget instead.
    min_interval : float
        Minimum time (s) between redraws.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> bar = ProgressBar(200.0, desc="ms simulated", file=out)
    >>> bar.update(100.0); bar.update(200.0); bar.close()
    >>> "100%" in out.getvalue() and "ms simulated" in out.getvalue()
    True
    """

    def __init__(self, total, desc="", file=None, min_interval=0.2):
        self.total = max(total, 1)
        self.done = 0
        self._bar = _tqdm(total=self.total, desc=desc or None, file=file,
                          mininterval=min_interval, dynamic_ncols=True)

    def update(self, done):
        """Set the amount of work done (not an increment)."""
        self._bar.update(done - self.done)
        self.done = done

    def close(self):
        """Draw the final state and end the line."""
        self._bar.close()


def progress(iterable, desc="", total=None, file=None):
    """Iterate over ``iterable`` while drawing a bar, one tick per item.

    Parameters
    ----------
    iterable : iterable
        What to iterate over.
    desc : str
        Label before the bar.
    total : int, optional
        Number of items; default ``len(iterable)`` when it has one.
    file : file-like, optional
        Where a text bar is written; default ``sys.stderr``.

    Yields
    ------
    object
        The items of ``iterable``.
    """
    if total is None and hasattr(iterable, "__len__"):
        total = len(iterable)
    from tqdm.auto import tqdm

    yield from tqdm(iterable, desc=desc or None, total=total, file=file, dynamic_ncols=True)
