"""The turn machine: declared once, documented from the same table."""

from __future__ import annotations

from pathlib import Path

from rules.core.phases import (
    ACTIONS,
    BRIEFING,
    CRISIS,
    ENDED,
    NEGOTIATION,
    PLAYER_PHASES,
    RESOLUTION,
    REVIEW,
    TRANSITIONS,
    Phase,
    mermaid,
)


def test_readme_diagram_is_the_machine() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    assert mermaid() in readme


def test_every_phase_is_reachable_and_only_ended_is_final() -> None:
    sources = {str(row["source"]) for row in TRANSITIONS}
    dests = {str(row["dest"]) for row in TRANSITIONS}
    assert {p.value for p in Phase} - {Phase.BRIEFING.value} <= dests
    assert {p.value for p in Phase} - sources == {Phase.ENDED.value}
    assert {Phase.CRISIS, Phase.NEGOTIATION, Phase.ACTIONS} == set(PLAYER_PHASES)


def test_the_engine_and_the_machine_agree_on_every_move() -> None:
    """``fire`` reads the table directly; the ``transitions`` machine built from the same table
    must make the same move for every phase, trigger and guard (and refuse the same ones)."""
    from types import SimpleNamespace

    from transitions import MachineError

    from rules.core.phases import fire, machine_fire

    checked = 0
    for phase, trigger, ending, pending in _cases():
        results = []
        for move in (fire, machine_fire):
            st = SimpleNamespace(phase=phase, ending=ending, crisis_pending=pending)
            try:
                results.append(move(st, trigger))
            except MachineError:
                results.append("refused")
        assert results[0] == results[1], (phase, trigger, ending, pending)
        checked += results[0] != "refused"
    assert checked >= len(TRANSITIONS)


def _cases() -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    """Every phase and trigger, with and without an ending and a crisis awaiting answers."""
    triggers = sorted({row["trigger"] for row in TRANSITIONS})
    return [(phase.value, trigger, ending, pending) for phase in Phase for trigger in triggers
            for ending in (None, "escalation") for pending in ((), ("kosovo",))]


def test_the_engine_fires_as_the_table_says() -> None:
    """The engine's compiled reading of the table moves a real game state as ``fire`` does."""
    from transitions import MachineError

    from rules.core.engine import _fire
    from rules.core.phases import fire
    from rules.core.state import GameState
    from rules.loader import shipped_content

    content = shipped_content()
    for phase, trigger, ending, pending in _cases():
        results = []
        for move in (fire, _fire):
            st = GameState.new(content, "standard", 1)
            st.phase, st.ending, st.crisis_pending = phase, ending, pending
            try:
                move(st, trigger)
                results.append(st.phase)
            except MachineError:
                results.append("refused")
        assert results[0] == results[1], (phase, trigger, ending, pending)


def test_the_phase_constants_are_the_phases_values() -> None:
    # The engine compares the state's phase with these literals (compiled code inlines them).
    assert [BRIEFING, CRISIS, NEGOTIATION, ACTIONS, RESOLUTION, REVIEW, ENDED] == [p.value for p in Phase]
