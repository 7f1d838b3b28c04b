"""Instructions a command executes, counted by valgrind's callgrind: a figure the machine's load
does not move, where a timing on a shared machine moves by more than the gaps it is meant to show.

Only the difference of two runs is a cost: :func:`per_unit` runs the same command doing the work
``low`` and ``high`` times and divides the difference by the extra units, so the interpreter's
start, the imports and the loading of the work cancel out. Both runs get ``PYTHONHASHSEED=0``
(a string's hash, and so a set's order, is then the same in both).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def available() -> bool:
    """Whether valgrind is on the PATH."""
    return shutil.which("valgrind") is not None


def instructions(argv: list[str]) -> int:
    """Instructions (callgrind's Ir, every instruction of the process) that ``argv`` executes;
    raises RuntimeError if it fails or callgrind prints no count."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                         capture_output=True, text=True, env=env, check=False)
    found = _COLLECTED.search(run.stderr)
    if run.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind failed ({run.returncode}) on {argv}: {run.stderr[-2000:]}")
    return int(found.group(1))


def per_unit(argv_doing: Callable[[int], list[str]], units: int, low: int = 1, high: int = 3) -> float:
    """Instructions per unit of work: ``argv_doing(n)`` is a command that does the same work (of
    ``units`` units) ``n`` times; the runs with ``high`` and ``low`` repeats differ by the work alone."""
    return (instructions(argv_doing(high)) - instructions(argv_doing(low))) / ((high - low) * units)
