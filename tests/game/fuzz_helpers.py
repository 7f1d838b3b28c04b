"""What every fuzz test checks: the CLI's ``main()`` run in this process on generated input.

The invariant (issue 8): the exit code is 0, 1 or 2; a failure says so on stderr in one line (or,
for a content file, one line per problem, each naming the file; argparse's usage text for a
malformed command line); no exception escapes ``main()``, so no traceback reaches a user; and an
input that is refused leaves every stored row as it was.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from game.cli import main

#: One CLI call should never take long on the inputs the fuzzers make; longer counts as a hang.
HANG_SECONDS = 120


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    usage: bool  # argparse refused the command line itself


def run_cli(argv: list[str]) -> Outcome:
    """``main(argv)`` with stdout and stderr captured; any exception other than argparse's exit fails."""
    out, err = io.StringIO(), io.StringIO()
    result: list[Outcome] = []
    failure: list[BaseException] = []

    def call() -> None:
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code, usage = main(argv), False
                except SystemExit as exc:  # argparse: --help (0) or a malformed command line (2)
                    code, usage = (exc.code if isinstance(exc.code, int) else 1), True
            result.append(Outcome(code, out.getvalue(), err.getvalue(), usage))
        except BaseException as exc:  # noqa: BLE001 - reported below as the failure it is
            failure.append(exc)

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(HANG_SECONDS)
    assert not worker.is_alive(), f"hang: {argv!r} ran for over {HANG_SECONDS} s"
    if failure:
        raise AssertionError(f"{argv!r} raised {type(failure[0]).__name__}: {failure[0]}") from failure[0]
    return result[0]


def check_outcome(o: Outcome, argv: list[str], file_names: tuple[str, ...] = ()) -> None:
    """The exit code and the error text follow the contract."""
    where = f"{argv!r} -> {o.code}\n{o.err}"
    assert o.code in (0, 1, 2), where
    assert "Traceback" not in o.err and "Traceback" not in o.out, where
    if o.code == 0:
        return
    lines = [line for line in o.err.split("\n") if line]  # a terminal breaks lines at newlines only
    assert lines, f"failed without saying why: {where}"
    if o.usage:
        assert "error:" in o.err, where
        return
    if len(lines) == 1 and lines[0].startswith("error: "):
        return
    named = [line for line in lines if any(line.startswith(name) for name in file_names)]
    summary = [line for line in lines if line.endswith("problem(s) found")]
    assert file_names and len(named) + len(summary) == len(lines), f"not one line per problem naming the file: {where}"


def stored(db: Path) -> list[tuple[object, ...]]:
    """Every row of every table, to show that a refused input changed nothing."""
    if not db.exists():
        return []
    with contextlib.closing(sqlite3.connect(db)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return [(t, *row) for t in tables for row in conn.execute(f"SELECT * FROM {t} ORDER BY 1")]


def fresh_copy(template: Path, where: Path) -> Path:
    """A private copy of a prepared database (WAL files included), so examples never see each other."""
    where.mkdir(parents=True, exist_ok=True)
    db = where / "keci.db"
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(template) + suffix)
        if source.exists():
            shutil.copyfile(source, Path(str(db) + suffix))
    return db
