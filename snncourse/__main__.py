"""``python -m snncourse``: see :mod:`snncourse.cli`."""
import sys

from .cli import main

sys.exit(main())
