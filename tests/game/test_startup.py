"""A command loads only what it uses: reading a session needs neither the AI, Alembic nor pygame,
and reading a SQLite save needs neither SQLAlchemy nor pydantic (game.cli_fast)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Top-level packages (or package prefixes) that a command reading a session must not import.
HEAVY = ("alembic", "game.ai", "game.simulate", "game.server.app", "game.server.hub", "starlette", "uvicorn", "httpx",
         "websockets", "pygame", "tqdm", "yaml", "matplotlib")

#: What a command reading a SQLite save does not import either.
STORE_AND_VALIDATION = ("sqlalchemy", "pydantic", "pydantic_core", "game.store", "rules.schema", "rules.loader")

PROBE = """
import json, runpy, sys
sys.argv = ["main.py", *sys.argv[1:]]
code = 0
try:
    runpy.run_path("main.py", run_name="__main__")
except SystemExit as exc:
    code = exc.code
print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)
"""


def _modules_after(db: str, *args: str) -> set[str]:
    env = {**os.environ, "KECI_DB": db}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT,
                            env=env, check=False)
    code, modules = json.loads(result.stderr.strip().splitlines()[-1])
    assert code == 0 and result.stdout.strip(), result.stderr  # the command did answer
    return set(modules)


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("startup") / "keci.db")
    env = {**os.environ, "KECI_DB": path}
    subprocess.run([sys.executable, "main.py", "new", "--scenario", "classroom", "--seed", "4",
                    "--seat", "serbia=ai:easy"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "main.py", "show", "1"], cwd=ROOT, env=env, check=True, capture_output=True)
    return path


@pytest.mark.parametrize("args", [("show", "1", "--as", "kosovo"), ("legal", "1", "--as", "kosovo"),
                                  ("log", "1"), ("sessions",)])
def test_reading_a_session_loads_no_ai_alembic_or_window(db: str, args: tuple[str, ...]) -> None:
    modules = _modules_after(db, *args)
    assert _heavy(modules) == []
    assert sorted(m for m in modules if m.split(".")[0] in STORE_AND_VALIDATION or m in STORE_AND_VALIDATION) == []


def test_reading_a_postgresql_session_goes_through_the_store(postgres_url: str) -> None:
    """PostgreSQL keeps SQLAlchemy: the quick path is for SQLite files only."""
    subprocess.run([sys.executable, "main.py", "new", "--scenario", "classroom", "--seed", "4", "--db", postgres_url],
                   cwd=ROOT, check=True, capture_output=True)
    modules = _modules_after("", "show", "1", "--db", postgres_url)
    assert "game.store" in modules and _heavy(modules) == []


def test_an_ai_turn_does_load_the_ai(db: str) -> None:
    """The other side of the rule: the AI is imported when an AI decides."""
    modules = _modules_after(db, "advance", "1")
    assert "game.ai.choose" in modules


def test_a_move_on_a_sqlite_save_loads_no_store_or_validation(db: str) -> None:
    """``act`` commits through game.db.lite on SQLite: neither SQLAlchemy nor pydantic."""
    import random

    from game.players import greedy_player
    from game.store import Store

    with Store(db) as store:
        game = store.load(1)
        before = store.info(1).last_seq
    role = game.waiting_for()[0]
    action = greedy_player(game, role, random.Random(0))
    modules = _modules_after(db, "act", "1", "--as", role, action.id, *[f"--param={k}={v}" for k, v in action.params])
    assert _heavy(modules) == []
    assert sorted(m for m in modules if m.split(".")[0] in STORE_AND_VALIDATION or m in STORE_AND_VALIDATION) == []
    with Store(db) as store:  # the move is stored, and the game replays
        assert store.info(1).last_seq == before + 1 and store.verify(1)["ok"]
