r"""A minimal text progress bar for long simulations and parameter sweeps.

It writes one line to ``sys.stderr`` that it rewrites with a carriage
return, which works in a terminal and in a Jupyter notebook alike, without
an extra dependency.

Examples
--------
>>> import io
>>> out = io.StringIO()
>>> for _ in progress(range(3), desc="sweep", file=out):
...     pass
>>> out.getvalue().split("\r")[-1].split()[-2:]
['3/3', 'sweep']
"""

from __future__ import annotations

import sys
import time

__all__ = ["progress", "ProgressBar"]


class ProgressBar:
    """A progress bar over ``total`` units of work.

    Parameters
    ----------
    total : float
        Amount of work at completion (steps, items).
    desc : str
        Label after the counts.
    file : file-like, optional
        Where to write; default ``sys.stderr``.
    width : int
        Number of characters of the bar.
    min_interval : float
        Minimum time (s) between redraws.
    """

    def __init__(self, total, desc="", file=None, width=30, min_interval=0.2):
        self.total = max(total, 1)
        self.desc = desc
        self.file = file if file is not None else sys.stderr
        self.width = width
        self.min_interval = min_interval
        self.start = time.perf_counter()
        self._last = -float("inf")
        self.done = 0

    def update(self, done, force=False):
        """Set the amount of work done and redraw if enough time has passed."""
        self.done = done
        now = time.perf_counter()
        if not force and now - self._last < self.min_interval:
            return
        self._last = now
        frac = min(done / self.total, 1.0)
        filled = int(round(frac * self.width))
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = now - self.start
        self.file.write(
            f"\r[{bar}] {100 * frac:3.0f}% {elapsed:5.1f} s  {done:g}/{self.total:g} {self.desc}   "
        )
        self.file.flush()

    def close(self):
        """Draw the final state and end the line."""
        self.update(self.done, force=True)
        self.file.write("\n")
        self.file.flush()


def progress(iterable, desc="", total=None, file=None):
    """Iterate over ``iterable`` while drawing a :class:`ProgressBar`."""
    if total is None:
        total = len(iterable)
    bar = ProgressBar(total, desc=desc, file=file)
    try:
        for i, item in enumerate(iterable):
            yield item
            bar.update(i + 1)
    finally:
        bar.close()
