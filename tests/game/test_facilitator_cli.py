"""The facilitator's session commands as a lecturer runs them: each act logged, replayed, seen."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "fac.db")


def run(db: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """A real process, as a lecturer runs it (slow to start: used for a few checks)."""
    env = {**os.environ, "KECI_DB": db}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                            cwd=ROOT, env=env, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    assert (result.returncode == 0) == ok, result.stderr + result.stdout
    return result


def keci(db: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """The same entry point as the console script, run in this process."""
    from game.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--db", db])
    assert (code == 0) == ok, err.getvalue() + out.getvalue()
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def as_json(db: str, *args: str) -> dict:
    return json.loads(keci(db, *args, "--json").stdout)


def kosovo_plays_on(db: str) -> None:
    """The facilitator finishes the (human) Kosovo seat's phase for it; the AI seats play on."""
    keci(db, "finish", "1", "kosovo")
    keci(db, "advance", "1")


def test_every_facilitator_act_from_the_command_line(db: str) -> None:
    keci(db, "new", "--scenario", "classroom", "--seed", "3", "--seat", "serbia=ai", "--seat", "nato=ai",
         "--seat", "eu=ai")
    keci(db, "advance", "1")
    out = as_json(db, "pause", "1", "--reason", "Coffee break: 10 minutes")
    assert out["events"][0]["text"] == "The facilitator pauses the game: Coffee break: 10 minutes"
    shown = keci(db, "show", "1", "--as", "kosovo").stdout
    assert "PAUSED by the facilitator: Coffee break: 10 minutes" in shown
    moved = run(db, "act", "1", "--as", "kosovo", "end_negotiation", ok=False)
    assert moved.stderr.strip() == "error: the game is paused by the facilitator: Coffee break: 10 minutes"
    assert "PAUSED" in keci(db, "advance", "1").stdout
    keci(db, "resume", "1")
    before = as_json(db, "show", "1")["tracks"]["north_tension"]
    ruling = as_json(db, "adjust", "1", "north_tension", "-1", "--reason", "KFOR patrols doubled")
    assert any(e["cause"] == "white cell ruling: KFOR patrols doubled" for e in ruling["events"])
    assert as_json(db, "show", "1")["tracks"]["north_tension"] == before - 1
    keci(db, "inject", "1", "flood", "--turn", "2")
    keci(db, "script", "1", "risk:kosovo.kos_police_operation_north", "fails", "--turn", "2")
    keci(db, "deadline", "1", "negotiation", "8", "--on-timeout", "ai")
    assert as_json(db, "timers", "1")["deadlines"] == {"negotiation": 8}
    while as_json(db, "show", "1")["turn"] == 1:
        kosovo_plays_on(db)
    keci(db, "handover", "1", "kosovo", "ai:easy")
    seats = {s["role"]: s for s in as_json(db, "sessions")[0]["seats"]}
    assert seats["kosovo"]["controller"] == "ai" and seats["kosovo"]["level"] == "easy"
    log = keci(db, "log", "1").stdout
    for line in ("facilitator: pause(reason=Coffee break: 10 minutes)", "facilitator: resume",
                 "facilitator: adjust(delta=-1, reason=KFOR patrols doubled, track=north_tension)",
                 "facilitator: handover(seat=kosovo, to=ai:easy)", "Crisis: Severe floods (the facilitator's scripted deck)"):
        assert line in log, line
    assert "Scripted for turn 2" not in log  # what is coming stays with control staff
    assert "facilitator: script" in log and "kos_police_operation_north" not in log
    assert "risk:kosovo.kos_police_operation_north fails" in keci(db, "log", "1", "--as", "facilitator").stdout
    assert as_json(db, "replay", "1", "--verify")["ok"]


def test_inject_now_and_hand_a_seat_back(db: str) -> None:
    keci(db, "new", "--scenario", "classroom", "--seed", "3", "--seat", "serbia=ai", "--seat", "nato=ai",
         "--seat", "eu=ai")
    keci(db, "advance", "1")
    while as_json(db, "show", "1")["phase"] != "negotiation":
        kosovo_plays_on(db)
    events = as_json(db, "inject", "1", "earthquake")["events"]
    assert events[0]["text"] == "The facilitator injects a crisis: Earthquake"
    assert as_json(db, "show", "1")["phase"] == "crisis"
    keci(db, "handover", "1", "serbia", "human")
    assert {s["role"]: s["controller"] for s in as_json(db, "sessions")[0]["seats"]}["serbia"] == "human"
    assert as_json(db, "replay", "1")["ok"]


def test_bad_facilitator_input_is_one_clear_line(db: str) -> None:
    keci(db, "new", "--scenario", "classroom", "--seed", "3")
    cases = [
        (("inject", "1", "alien_invasion"), "unknown crisis card 'alien_invasion'"),
        (("inject", "1", "flood", "--turn", "99"), "turn must be 0 (now) or a later turn"),
        (("adjust", "1", "moon", "2", "--reason", "x"), "unknown track 'moon'"),
        (("adjust", "1", "north_tension", "0", "--reason", "x"), "non-zero"),
        (("handover", "1", "kosovo", "ai:genius"), "unknown AI level 'genius'"),
        (("handover", "1", "atlantis", "human"), "'atlantis' has no seat"),
        (("deadline", "1", "negotiation", "999"), "minutes must be a whole number from 0"),
        (("resume", "1"), "the table is not paused"),
        (("pause", "1", "--reason", " "), "needs a reason"),
        (("script", "1", "weather:rain", "happens"), "names no roll"),
        (("script", "1", "recognition:atlantis", "fails"), "unknown Ally 'atlantis'"),
    ]
    assert "unknown crisis card" in run(db, "inject", "1", "alien_invasion", ok=False).stderr  # a real process
    for args, message in cases:
        result = keci(db, *args, ok=False)
        assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert as_json(db, "replay", "1")["log_entries"] == 0  # nothing was recorded
