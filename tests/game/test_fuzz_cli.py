"""Property tests for the command line: generated argv against a prepared database.

Every example runs ``main(argv)`` in this process on its own copy of a database holding a
human-only session (1) and a session with an AI seat (2); see :mod:`tests.game.fuzz_helpers` for
the invariant. Commands that open the window or play many AI games (``play``, ``simulate``) are
left to their own tests.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import build_parser, main
from tests.game.fuzz_helpers import check_outcome, fresh_copy, run_cli, stored

# serve runs until stopped (its bad input is tested in tests/game/server and below).
SLOW_OR_WINDOWED = {"play", "simulate", "serve"}


def _commands() -> list[str]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(set(sub.choices) - SLOW_OR_WINDOWED)


COMMANDS = _commands()
FLAGS = ["--json", "--as", "--seat", "--seed", "--scenario", "--name", "--param", "--out", "--players", "--help",
         "--verify", "--reason", "--turn", "--card", "--to", "--track", "--by", "--minutes", "-h", "--", "-"]
WORDS = ["kosovo", "serbia", "nato", "eu", "osce", "kosovo=human", "serbia=ai", "nato=ai:easy:hardliner",
         "eu=ai:random", "kosovo=robot", "x=y", "=", "standard", "classroom", "atlantis", "check", "export",
         "respond", "end_orders", "end_negotiation", "propose", "accept", "kos_open_defence_budget", "to=serbia",
         "deadline=2", "response=x", "1", "2", "3", "0", "-1", "007", "1e9", "99999999999999999999",
         str(2**63), str(-(2**63) - 1), "", " ", "ë ç č ć đ š ž", "🇽🇰", "'; DROP TABLE seats;--", "%s", "{}", "[]",
         "null", "out.json", "missing.json", "scenario.yaml", "/dev/null", "/nonexistent/x.json", "."]


def _safe_text(text: str) -> str:
    """Generated words stay inside the example's folder: no absolute, home or parent paths."""
    return text.lstrip("/~").replace("..", "_").replace("\x00", "")


TOKENS = st.one_of(
    st.sampled_from(FLAGS),
    st.sampled_from(WORDS),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=24).map(_safe_text),
)
ARGV = st.tuples(st.sampled_from(COMMANDS), st.lists(TOKENS, max_size=7))


@pytest.fixture(scope="module")
def template() -> Path:
    """A database with session 1 (everyone human, a few moves in) and session 2 (Serbia an AI)."""
    folder = Path(tempfile.mkdtemp(prefix="keci-fuzz-"))
    db = str(folder / "keci.db")
    for argv in (["new", "--scenario", "classroom", "--seed", "3", "--name", "Humans"],
                 ["new", "--scenario", "classroom", "--seed", "4", "--seat", "serbia=ai:random", "--name", "AI"],
                 ["act", "1", "--as", "kosovo", "respond", "--param", "response=x"]):
        main([*argv, "--db", db])  # the last one may be refused: the session is then untouched
    return folder / "keci.db"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(argv=ARGV)
def test_any_command_line_ends_cleanly(argv: tuple[str, list[str]], template: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    command, tokens = argv
    where = Path(tempfile.mkdtemp(dir=tmp_path))
    db = fresh_copy(template, where)
    monkeypatch.chdir(where)  # any file a command writes lands here
    monkeypatch.setenv("KECI_DB", str(db))
    args = [command, *tokens]
    before = stored(db)
    outcome = run_cli(args)
    check_outcome(outcome, args, file_names=tuple(t for t in tokens if t) + (str(where),))
    if outcome.code != 0:
        assert stored(db) == before, f"{args!r} was refused but changed the database"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(url=st.one_of(
    st.tuples(st.sampled_from(["sqlite", "sqlite+pysqlite", "postgresql", "postgres", "mysql", "foo", "",
                               "postgresql+asyncpg", "sqlite:"]),
              st.text(max_size=20).map(_safe_text)).map(lambda p: f"{p[0]}://{p[1]}"),
    st.text(max_size=300).map(_safe_text),
    st.integers(min_value=200, max_value=5000).map(lambda n: "d" * n),
))
def test_any_database_argument_ends_cleanly(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--db`` with any text: a database is opened, or one line says why not (never a traceback)."""
    where = Path(tempfile.mkdtemp(dir=tmp_path))
    monkeypatch.chdir(where)
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql://nobody@127.0.0.1:1/" + url.split("://", 1)[1].replace("@", "_")  # never a real server
    outcome = run_cli(["sessions", "--db", url])
    check_outcome(outcome, ["sessions", "--db", url])
