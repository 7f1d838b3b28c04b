"""A command loads only what it uses: reading a session needs neither the AI, Alembic nor pygame."""

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

PROBE = """
import json, runpy, sys
sys.argv = ["main.py", *sys.argv[1:]]
try:
    runpy.run_path("main.py", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(db: str, *args: str) -> set[str]:
    env = {**os.environ, "KECI_DB": db}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT,
                            env=env, check=False)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


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
    assert "game.store" in modules  # the probe did run the command
    assert _heavy(modules) == []


def test_an_ai_turn_does_load_the_ai(db: str) -> None:
    """The other side of the rule: the AI is imported when an AI decides."""
    modules = _modules_after(db, "advance", "1")
    assert "game.ai.choose" in modules
