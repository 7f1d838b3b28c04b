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


def instructions(argv: list[str]) -> tuple[int, str]:
    """Instructions (callgrind's Ir, every instruction of the process) that ``argv`` executes,
    and what it printed; raises RuntimeError if it fails or callgrind prints no count."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                         capture_output=True, text=True, env=env, check=False)
    found = _COLLECTED.search(run.stderr)
    if run.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind failed ({run.returncode}) on {argv}: {run.stderr[-2000:]}")
    return int(found.group(1)), run.stdout


def per_unit(argv_doing: Callable[[int], list[str]], units: int, low: int = 1, high: int = 3) -> float:
    """Instructions per unit of work: ``argv_doing(n)`` is a command that does the same work (of
    ``units`` units) ``n`` times; the runs with ``high`` and ``low`` repeats differ by the work
    alone. The command prints what its fixed part depends on (which build ran, how much work it
    read): two runs that print differently (a source edited between them leaves the compiled
    build aside, rules.native) would not differ by the work alone, and raise RuntimeError."""
    many, said_many = instructions(argv_doing(high))
    few, said_few = instructions(argv_doing(low))
    if said_many != said_few or many <= few:
        raise RuntimeError(f"the two runs are not comparable: {said_few!r} ({few:,} instructions) against "
                           f"{said_many!r} ({many:,})")
    return (many - few) / ((high - low) * units)
