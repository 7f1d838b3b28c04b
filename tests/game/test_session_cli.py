"""The session commands as a user runs them: real processes, one-line errors, kill -9 safety."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


def keci(db: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KECI_DB": db}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                            cwd=ROOT, env=env, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    if check:
        assert result.returncode == 0, result.stderr
    return result


def inproc(db: str, *args: str) -> str:
    """Run a command in this process (the same code path as the console script, minus start-up)."""
    import contextlib
    import io

    from game.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--db", db])
    assert code == 0, err.getvalue()
    return out.getvalue()


def error(db: str, *args: str) -> str:
    result = keci(db, *args, check=False)
    assert result.returncode != 0
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def test_a_whole_game_with_the_commands_alone(db: str) -> None:
    sid = json.loads(inproc(db, "new", "--scenario", "classroom", "--seed", "5", "--seat", "serbia=ai:random",
                          "--seat", "nato=ai:random", "--seat", "eu=ai:random", "--json"))["session"]
    for _ in range(400):
        inproc(db, "advance", str(sid))
        shown = json.loads(inproc(db, "show", str(sid), "--as", "kosovo", "--json"))
        for key in ("session", "turn", "phase", "waiting_for", "tracks", "keci_phase", "special_representative",
                    "commitments", "ending", "scores"):
            assert key in shown
        if shown["ending"]:
            break
        assert shown["waiting_for"] == ["kosovo"]
        legal = json.loads(inproc(db, "legal", str(sid), "--as", "kosovo", "--json"))
        assert all({"id", "label", "cost", "params"} <= set(t) for t in legal)
        ends = [t for t in legal if t["id"] in ("end_negotiation", "end_orders")]
        choice = ends[0] if ends else legal[-1]
        params = [f"{k}={v[0]}" for k, v in choice["params"].items()]
        out = json.loads(inproc(db, "act", str(sid), "--as", "kosovo", choice["id"],
                                *[p for kv in params for p in ("--param", kv)], "--json"))
        assert "events" in out
    assert shown["ending"] in ("escalation", "breakthrough", "stalemate")
    rows = json.loads(inproc(db, "sessions", "--json"))
    assert {"session", "name", "scenario", "turn", "phase", "status", "updated"} <= set(rows[0])
    assert "OK" in inproc(db, "replay", str(sid), "--verify")


def test_kill_9_during_advance_loses_nothing_committed(db: str) -> None:
    sid = keci(db, "new", "--seed", "17", *[x for r in ("kosovo", "serbia", "nato", "eu")
                                             for x in ("--seat", f"{r}=ai:normal")]).stdout.strip()
    env = {**os.environ, "KECI_DB": db}
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "advance", sid], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    entries = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.01)
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
            entries = conn.execute("SELECT count(*) FROM log_entries").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            continue
        if entries > 5:
            break
    assert proc.poll() is None, "advance finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert entries > 5
    assert "OK" in keci(db, "replay", sid, "--verify").stdout
    keci(db, "advance", sid)
    final = json.loads(keci(db, "show", sid, "--json").stdout)
    assert final["ending"] is not None
    assert "OK" in keci(db, "replay", sid, "--verify").stdout


def test_command_errors_are_one_clear_line(db: str) -> None:
    sid = keci(db, "new", "--seed", "1").stdout.strip()
    assert "no session 42" in error(db, "show", "42")
    assert "unknown role 'osce'" in error(db, "legal", sid, "--as", "osce")
    # Seed 1 opens with a crisis card: everyone must answer it before anything else.
    assert json.loads(keci(db, "show", sid, "--json").stdout)["phase"] == "crisis"
    assert "'end_orders' is not a legal action for serbia now (legal: respond)" in error(
        db, "act", sid, "--as", "serbia", "end_orders")
    msg = error(db, "act", sid, "--as", "kosovo", "kos_open_defence_budget")
    assert "can only be ordered in the actions phase (now: crisis)" in msg
    assert "not a legal action" in error(db, "act", sid, "--as", "kosovo", "conquer")
    game = json.loads(keci(db, "show", sid, "--json").stdout)
    mover = game["waiting_for"][0]
    legal = json.loads(keci(db, "legal", sid, "--as", mover, "--json").stdout)
    with_params = next(t for t in legal if t["params"])
    assert "missing parameter" in error(db, "act", sid, "--as", mover, with_params["id"])
    assert "unknown scenario" in error(db, "new", "--scenario", "atlantis")
    assert "controller must be" in error(db, "new", "--seat", "kosovo=robot")
    assert "no such seat" in error(db, "new", "--seat", "osce=human")
    assert "nothing to take back" in error(db, "undo", sid, "--as", "kosovo")
    assert "no session 7" in error(db, "delete", "7")


@pytest.mark.parametrize("content, expected", [
    ("{not json", "not valid JSON"),
    ("[" * 100000 + "]" * 100000, "nested too deeply"),
    ('{"format": "keci-session", "seed": 1' + "0" * 5000 + "}", "usable|not a valid"),
    (json.dumps({"format": "keci-session", "version": 1, "name": "x" * 10_000_000}), "not a valid"),
    (json.dumps({"format": "keci-session", "version": "one"}), "not a valid"),
    (json.dumps(["a", "list"]), "not a valid"),
])
def test_import_rejects_hostile_files(db: str, tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(content, encoding="utf-8")
    msg = error(db, "import", str(path))
    assert any(word in msg for word in expected.split("|")), msg
    assert json.loads(keci(db, "sessions", "--json").stdout) == []


def _exported(db: str, tmp_path: Path) -> dict:
    sid = keci(db, "new", "--scenario", "classroom", "--seed", "3", "--seat", "serbia=ai:random").stdout.strip()
    keci(db, "advance", sid)
    out = tmp_path / "game.json"
    keci(db, "export", sid, "--out", str(out), "--facilitator")
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["log"].append({"seq": len(d["log"]), "kind": "action", "role": "kosovo", "created_at":
                                d["created_at"], "payload": {"action": {"role": "kosovo", "id": "annex_serbia",
                                                                        "params": {}}}}), "not a legal move"),
    (lambda d: d.update(seed=10**30), "seed"),
    (lambda d: d["seats"].__setitem__(0, "kosovo=robot"), "controller"),
    (lambda d: d["log"][0].update(seq=5), "number entries"),
    (lambda d: d.update(scenario="atlantis"), "unknown scenario"),
])
def test_import_rejects_wrong_sessions(db: str, tmp_path: Path, mutate, expected: str) -> None:
    doc = _exported(db, tmp_path)
    mutate(doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert expected in error(db, "import", str(path))
    assert len(json.loads(keci(db, "sessions", "--json").stdout)) == 1


def test_export_import_export_is_identical(db: str, tmp_path: Path) -> None:
    first = _exported(db, tmp_path)
    new_id = json.loads(keci(db, "import", str(tmp_path / "game.json"), "--json").stdout)["session"]
    again = tmp_path / "again.json"
    keci(db, "export", str(new_id), "--out", str(again), "--facilitator")
    assert json.loads(again.read_text(encoding="utf-8")) == first


def test_log_shows_ai_reasons_and_causes(db: str) -> None:
    sid = keci(db, "new", "--scenario", "classroom", "--seed", "9", "--seat", "serbia=ai").stdout.strip()
    keci(db, "advance", sid)
    log = keci(db, "log", sid).stdout
    assert "Turn 1 of 8: 2025 H1" in log and "(" in log


def test_a_deal_is_called_by_its_proposals_number_from_offer_to_delivery(db: str) -> None:
    """One reference a player can follow: `show`, `legal`, `act` and the log use the proposal's number."""
    sid = json.loads(inproc(db, "new", "--scenario", "classroom", "--seed", "5", "--json"))["session"]

    def legal(role: str) -> list[dict]:
        return json.loads(inproc(db, "legal", str(sid), "--as", role, "--json"))

    def act(role: str, action: str, **params: object) -> str:
        pairs = [x for k, v in params.items() for x in ("--param", f"{k}={v}")]
        return inproc(db, "act", str(sid), action, "--as", role, *pairs)

    while json.loads(inproc(db, "show", str(sid), "--as", "kosovo", "--json"))["phase"] == "crisis":
        for role in ("kosovo", "nato"):
            options = legal(role)
            if options:
                act(role, options[0]["id"], **{k: v[0] for k, v in options[0]["params"].items()})
    give = "no_unilateral_police_action"
    act("kosovo", "propose", to="serbia", give=give, ask="dialogue_good_faith", deadline=1)  # proposal #1
    act("kosovo", "propose", to="nato", give=give, ask="kfor_reassurance", deadline=1)  # proposal #2
    act("serbia", "reject", proposal=1)
    accepted = act("nato", "accept", proposal=2)
    assert "Deal #2:" in accepted  # deals 1 and 2 come from proposal #2: players only ever see "#2"
    for role in ("kosovo", "serbia", "nato", "eu"):
        if any(o["id"] == "end_negotiation" for o in legal(role)):
            act(role, "end_negotiation")
    shown = inproc(db, "show", str(sid), "--as", "kosovo")
    assert "deal #2: Kosovo owes NATO Allies" in shown and "deal #1" not in shown
    deliver = [o for o in legal("kosovo") if o["id"] == "deliver"]
    assert [o["params"]["deal"] for o in deliver] == [[2]] and "deal #2" in deliver[0]["label"]
    with pytest.raises(AssertionError, match="you owe nothing under deal #1"):
        act("kosovo", "deliver", deal=1)
    act("kosovo", "deliver", deal=2)
    orders = json.loads(inproc(db, "show", str(sid), "--as", "kosovo", "--json"))
    assert orders["phase"] == "actions"
    assert not [o for o in legal("kosovo") if o["id"] == "deliver"]  # ordered: nothing left to deliver


def test_the_command_lines_deliver_is_the_rules_deliver() -> None:
    from game.cli_support import DELIVER
    from rules.orders import DELIVER as RULES_DELIVER

    assert DELIVER == RULES_DELIVER
