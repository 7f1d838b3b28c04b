"""The command line as a user runs it: real subprocesses, real output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=ROOT, check=False)


def test_demo_json_has_the_summary_fields() -> None:
    result = run("demo", "--seed", "4", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("seed", "scenario", "turns_played", "ending", "scores", "tracks", "keci_phase",
                "special_representative", "actions"):
        assert key in data
    assert data["seed"] == 4 and data["scenario"] == "standard"
    assert data["ending"] in ("escalation", "breakthrough", "stalemate")
    assert set(data["scores"]) == {"kosovo", "serbia", "nato", "eu"}


def test_demo_is_byte_identical_for_the_same_seed() -> None:
    first, second = run("demo", "--seed", "11"), run("demo", "--seed", "11")
    assert first.returncode == 0 and first.stdout == second.stdout
    assert "Turn 1 of 16: 2025 H1" in first.stdout
    assert run("demo", "--seed", "12").stdout != first.stdout


def test_demo_classroom_scenario_and_random_players() -> None:
    result = run("demo", "--seed", "2", "--scenario", "classroom", "--players", "random", "--json")
    data = json.loads(result.stdout)
    assert data["scenario"] == "classroom" and data["turns_played"] <= 8


def test_demo_log_never_shows_secret_orders() -> None:
    out = run("demo", "--seed", "5").stdout
    assert "Order given (secret)" not in out and "(confidential)" not in out


def test_unknown_scenario_is_one_clear_line() -> None:
    result = run("demo", "--scenario", "atlantis")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "unknown scenario 'atlantis'" in result.stderr


def test_rules_export_json() -> None:
    data = json.loads(run("rules", "export", "--json").stdout)
    for key in ("roles", "tracks", "actions", "cards", "commitments", "candidates", "phases", "scenarios"):
        assert data[key], key
    assert all(card["source"] for card in data["cards"])
