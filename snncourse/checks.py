"""Deprecated location of the exercise checks: use ``snncourse.course``.

Exercise notebooks handed out before the course machinery moved to
``snncourse.course`` start with ``from snncourse.checks import check``; this
module keeps them working for one release.
"""

import warnings

from .course.checks import EXERCISES, NOTEBOOKS, check, exercise_ids  # noqa: F401

warnings.warn(
    "snncourse.checks has moved: use 'from snncourse.course import check'",
    DeprecationWarning, stacklevel=2,
)

__all__ = ["check", "EXERCISES", "NOTEBOOKS", "exercise_ids"]
