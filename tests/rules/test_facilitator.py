"""The facilitator's acts through the engine: each is a move in the log, replayed exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rules.core.actions import Action, IllegalAction
from rules.core.engine import END_NEGOTIATION, Game, replay
from rules.core.view import view
from rules.facilitator import FACILITATOR
from rules.loader import CONTENT_DIR, Content, load_content
from tests.helpers import calm, finish_orders, to_actions


def act(act_id: str, **params: object) -> Action:
    return Action.make(FACILITATOR, act_id, **params)


def test_pause_blocks_players_with_the_reason_and_resume_lets_them_play(game: Game) -> None:
    calm(game)
    events = game.apply(act("pause", reason="Press conference in the hall"))
    assert events[0].kind == "facilitator" and events[0].visible_to is None
    assert view(game, "kosovo")["table"]["paused"] == "Press conference in the hall"
    with pytest.raises(IllegalAction, match="paused by the facilitator: Press conference"):
        game.apply(Action.make("kosovo", END_NEGOTIATION))
    with pytest.raises(IllegalAction, match="already paused"):
        game.apply(act("pause", reason="again"))
    game.apply(act("resume"))
    game.apply(Action.make("kosovo", END_NEGOTIATION))
    assert "kosovo" in game.state.negotiation_done


def test_a_pause_needs_a_reason(game: Game) -> None:
    with pytest.raises(IllegalAction, match="needs a reason"):
        game.apply(act("pause", reason="  "))


def test_adjust_is_a_white_cell_ruling_with_its_reason(game: Game) -> None:
    before = game.state.tracks["north_tension"]
    events = game.apply(act("adjust", track="north_tension", delta=-2, reason="KFOR reinforced"))
    assert game.state.tracks["north_tension"] == max(0, before - 2)
    moved = [e for e in events if e.kind == "track"]
    assert moved and moved[0].cause == "white cell ruling: KFOR reinforced"
    assert "White cell ruling" in events[0].text
    with pytest.raises(IllegalAction, match="unknown track"):
        game.apply(act("adjust", track="moon", delta=1, reason="x"))
    game.apply(act("adjust", track="kosovo.domestic_support", delta=1, reason="a rally"))


def test_inject_now_sends_the_concerned_roles_back_to_answer_it(game: Game, content: Content) -> None:
    calm(game)
    assert game.state.phase == "negotiation"
    game.apply(Action.make("kosovo", END_NEGOTIATION))
    events = game.apply(act("inject", card="earthquake", turn=0))
    assert any(e.kind == "crisis" and e.data.get("card") == "earthquake" for e in events)
    assert game.state.phase == "crisis" and game.state.crisis == "earthquake"
    calm(game)
    assert game.state.phase == "negotiation"
    assert "kosovo" not in game.waiting_for()  # Kosovo had finished negotiating and stays finished


def test_inject_now_is_refused_while_a_crisis_is_answered(content: Content) -> None:
    for seed in range(1, 40):
        g, _ = Game.new(content, "standard", seed)
        if g.state.phase == "crisis":
            with pytest.raises(IllegalAction, match="later turn"):
                g.apply(act("inject", card="flood", turn=0))
            return
    pytest.fail("no seed started with a crisis")


def test_inject_for_a_later_turn_is_drawn_then_and_kept_from_players(game: Game) -> None:
    events = game.apply(act("inject", card="flood", turn=2))
    public = [e for e in events if e.visible_to is None]
    assert public and all("flood" not in e.text.lower() for e in public)
    assert "scripted_crises" not in view(game, "serbia")["table"]
    to_actions(game)
    finish_orders(game)
    assert game.state.turn == 2 and game.state.crisis == "flood"


def test_handover_is_recorded_for_every_seat_to_see(game: Game) -> None:
    events = game.apply(act("handover", seat="serbia", to="ai:hard"))
    assert "Serbia" in events[0].text and "computer" in events[0].text
    assert view(game, "kosovo")["table"]["controllers"] == {"serbia": "ai:hard"}
    with pytest.raises(IllegalAction, match="'human' or to 'ai:LEVEL'"):
        game.apply(act("handover", seat="serbia", to="robot"))


def test_timeout_finishes_a_seat_with_no_proposal_and_no_order(game: Game) -> None:
    calm(game)
    game.apply(act("deadline", phase="negotiation", minutes=8, on_timeout="finish"))
    assert game.state.deadlines == {"negotiation": 8}
    for role in list(game.waiting_for()):
        game.apply(act("timeout", seat=role))
    assert game.state.phase == "actions"
    assert not [p for p in game.state.proposals if p.turn == game.state.turn]
    for role in list(game.waiting_for()):
        game.apply(act("timeout", seat=role))
    assert game.state.turn == 2  # the turn resolved with no orders


def test_timeout_answers_a_crisis_with_the_free_response(content: Content) -> None:
    for seed in range(1, 40):
        g, _ = Game.new(content, "standard", seed)
        if g.state.phase == "crisis":
            role = g.waiting_for()[0]
            g.apply(act("timeout", seat=role))
            chosen = g.state.crisis_choices[role]
            response = next(r for r in content.crises[g.state.crisis].responses[role] if r.id == chosen)
            assert response.cost == 0
            return
    pytest.fail("no seed started with a crisis")


def test_facilitator_acts_replay_exactly(game: Game, content: Content) -> None:
    calm(game)
    game.apply(act("pause", reason="break"))
    game.apply(act("resume"))
    game.apply(act("adjust", track="malign_influence", delta=1, reason="a disinformation campaign"))
    game.apply(act("inject", card="cyber_interference", turn=3))
    game.apply(act("handover", seat="eu", to="ai:normal"))
    game.apply(act("deadline", phase="actions", minutes=5, on_timeout="ai"))
    game.apply(act("inject", card="earthquake", turn=0))
    calm(game)
    again = replay(content, "standard", 7, game.log)
    assert again.state.to_json() == game.state.to_json()


def test_a_scenario_file_scripts_the_whole_deck(tmp_path: Path) -> None:
    data = yaml.safe_load((CONTENT_DIR / "scenarios" / "classroom.yaml").read_text(encoding="utf-8"))
    data.update(id="scripted", scripted_crises={1: "earthquake", 2: "flood", 3: "cyber_interference"})
    path = tmp_path / "scripted.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    content = load_content(extra_scenarios=[path])
    drawn = []
    for seed in (1, 2):  # the script wins over the seed
        g, _ = Game.new(content, "scripted", seed)
        seen = [g.state.crisis]
        for _ in range(2):
            to_actions(g)
            finish_orders(g)
            seen.append(g.state.crisis)
        drawn.append(seen)
        assert replay(content, "scripted", seed, g.log).state.to_json() == g.state.to_json()
    assert drawn[0] == drawn[1] == ["earthquake", "flood", "cyber_interference"]


def test_a_scripted_deck_with_an_unknown_card_is_reported(tmp_path: Path) -> None:
    from rules.loader import ContentError

    data = yaml.safe_load((CONTENT_DIR / "scenarios" / "classroom.yaml").read_text(encoding="utf-8"))
    data.update(id="bad", scripted_crises={2: "alien_invasion", 30: "flood"})
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_content(extra_scenarios=[path])
    text = " ".join(str(i) for i in err.value.issues)
    assert "alien_invasion" in text and "outside 1..8" in text
