"""The course machinery: self-checking exercises, their generation, grading.

This subpackage sits on top of the rest of ``snncourse`` (engine, science,
figures) and nothing below it imports from here.

Contents
--------
checks
    ``check(exercise_id, answer, *context)`` and the exercise registry
    (``EXERCISES``, ``exercise_ids``, ``NOTEBOOKS``).
exercisegen
    Exercise notebooks generated from ``solutions/`` (``python -m snncourse exercises``).
grading
    Grade students' exercise folders with nbval (``python -m snncourse grade``).
nbcheck
    The pytest plugin that gives nbval the expected output of checked cells.

Learners need one name from here, in the first cell of every exercise
notebook::

    from snncourse.course import check
"""

from .checks import EXERCISES, NOTEBOOKS, check, exercise_ids

__all__ = ["check", "EXERCISES", "NOTEBOOKS", "exercise_ids"]
