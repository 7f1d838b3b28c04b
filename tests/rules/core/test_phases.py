"""The turn machine: declared once, documented from the same table."""

from __future__ import annotations

from pathlib import Path

from rules.core.phases import PLAYER_PHASES, TRANSITIONS, Phase, mermaid


def test_readme_diagram_is_the_machine() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    assert mermaid() in readme


def test_every_phase_is_reachable_and_only_ended_is_final() -> None:
    sources = {str(row["source"]) for row in TRANSITIONS}
    dests = {str(row["dest"]) for row in TRANSITIONS}
    assert {p.value for p in Phase} - {Phase.BRIEFING.value} <= dests
    assert {p.value for p in Phase} - sources == {Phase.ENDED.value}
    assert {Phase.CRISIS, Phase.NEGOTIATION, Phase.ACTIONS} == set(PLAYER_PHASES)
