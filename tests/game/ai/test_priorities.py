"""The flowcharts pursue what the rulebook's objectives ask for, not a copied number, and the EU
uses its own instruments where the paper's EU would."""

from __future__ import annotations

import random

from game.ai import Decision, choose
from game.ai.board import Board
from game.ai.persona import own
from game.ai.priorities import SERBIA
from game.ai.temperament import Temperament
from rules.core.engine import Game
from rules.quantities import get, trust_key
from tests.helpers import to_actions


def _eu_path_fires(game: Game, track: int) -> bool:
    game.state.tracks["serbia_eu_track"] = track
    step = next(p for p in SERBIA if p.id == "eu_path")
    return step.when(Board(game, own(game.content, "serbia", Temperament.MODERATE)))


def test_serbia_presses_its_eu_track_up_to_its_own_objective(game: Game) -> None:
    # Serbia's objective asks for the EU track at the rulebook's threshold (9): the flowchart keeps
    # ordering reforms one step short of it (a copied 7 stopped it two points short) and stops there.
    goal = next(o for o in game.content.roles["serbia"].objectives if o.id == "eu_path")
    target = int(goal.condition["serbia_eu_track"].min or 0)
    assert target > 7
    assert _eu_path_fires(game, target - 1)
    assert not _eu_path_fires(game, target)
    assert get(game.state, "serbia_eu_track") == target


# -- the EU: the facilitator's instruments, used as the paper's EU would -------------------------

def _eu_order(game: Game, temperament: str = "moderate", **tracks: int) -> Decision:
    """The normal EU's first order on a quiet board (tension 3, momentum 8, Serbia's EU track 5),
    with ``tracks`` set (a commitment as ``commitment__asm``)."""
    to_actions(game)
    st = game.state
    st.tracks.update(north_tension=3, dialogue_momentum=8, serbia_eu_track=5, malign_influence=3)
    st.trust[trust_key("eu", "serbia")] = 5
    for ref, value in tracks.items():
        if ref.startswith("commitment__"):
            st.normalization[ref.removeprefix("commitment__")] = value
        else:
            st.tracks[ref] = value
    return choose(game, "eu", "normal", temperament, random.Random(1))


def test_the_eu_presses_belgrade_only_once_prishtina_has_taken_its_statute_step(game: Game) -> None:
    # Conditionality under the Agreement: Belgrade's stated condition for de facto steps is the
    # Association's statute under Kosovo's constitutional framework. Before Prishtina has taken that
    # step the EU does not freeze Serbia's accession for lacking them; after it, a firm EU does.
    before = _eu_order(game.clone(), "hardliner", commitment__asm=1, commitment__serbia_de_facto=1)
    assert before.action.id != "eu_conditionality_serbia"
    after = _eu_order(game.clone(), "hardliner", commitment__asm=2, commitment__serbia_de_facto=1)
    assert after.action.id == "eu_conditionality_serbia"
    assert "Prishtina has put the Association's statute under its constitutional framework" in after.reason


def test_once_the_dialogue_has_delivered_the_eu_turns_to_the_councils_consent(game: Game) -> None:
    # KECI's last phase opens on a breakthrough through the dialogue (normalization at the level
    # keci.yaml asks for); with it reached, what still blocks NATO's standard programmes is the
    # non-recognizing Allies' consent, so the EU offers its status-neutral formula for the texts.
    need = next(int(b.min or 0) for alt in game.content.keci.phases[-1].unlock_any for ref, b in alt.items()
                if ref == "normalization_total")
    full = {f"commitment__{c}": 3 for c in ("asm", "police_integration", "north_coordination", "serbia_de_facto")}
    delivered = _eu_order(game.clone(), status_neutrality=2, **full)
    assert sum(full.values()) >= need
    assert delivered.action.id == "eu_status_neutral_formula"
    assert "will not consent to" in delivered.reason
    early = _eu_order(game.clone(), status_neutrality=2)
    assert early.action.id != "eu_status_neutral_formula"
