"""The engine API every client uses: legal actions, apply, views, serialization."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest

from game.players import random_player
from rules.core.actions import Action, IllegalAction
from rules.core.engine import Game
from rules.core.state import GameState
from rules.core.view import view
from rules.loader import Content
from rules.values import Deal, is_value
from tests.helpers import order, to_actions


def test_every_listed_action_is_accepted(content: Content) -> None:
    """Whatever legal_actions offers, apply accepts (checked on a fresh game with no cache)."""
    rng = random.Random(3)
    game, _ = Game.new(content, "standard", 3)
    for _ in range(300):
        if game.over:
            break
        role = game.waiting_for()[0]
        action = random_player(game, role, rng)
        probe = Game(content, game.state.clone())
        assert probe.why_illegal(action) is None, action
        game.apply(action)


def test_view_hides_other_roles_secrets(game: Game) -> None:
    to_actions(game)
    order(game, "kosovo", "kos_open_defence_budget")
    serbia = view(game, "serbia")
    kosovo = view(game, "kosovo")
    assert all(not o["secret"] for o in serbia["roles"]["kosovo"]["objectives"])
    assert any(o["secret"] for o in kosovo["roles"]["kosovo"]["objectives"])
    assert "orders" not in serbia["roles"]["kosovo"]
    assert kosovo["roles"]["kosovo"]["orders"][0]["action"] == "kos_open_defence_budget"
    assert "seed" not in json.dumps(serbia)


def test_view_shows_proposals_only_to_the_parties(game: Game) -> None:
    from tests.helpers import calm
    calm(game)
    game.apply(Action.make("kosovo", "propose", to="serbia", give="police_rehiring",
                           ask="de_facto_recognition_step", deadline=2))
    assert view(game, "serbia")["proposals"] and view(game, "kosovo")["proposals"]
    assert view(game, "nato")["proposals"] == [] and view(game)["proposals"] == []


def test_state_json_round_trip(content: Content) -> None:
    rng = random.Random(9)
    game, _ = Game.new(content, "standard", 9)
    for _ in range(150):
        if game.over:
            break
        game.apply(random_player(game, game.waiting_for()[0], rng))
    assert game.state.moves > 20
    text = json.dumps(game.state.to_json())
    assert GameState.from_json(json.loads(text)).to_json() == game.state.to_json()


def _mutable_parts(obj: object, path: str, found: dict[int, str]) -> dict[int, str]:
    """Every mutable object reachable from ``obj`` (id -> where it is), frozen values looked inside too."""
    if isinstance(obj, (str, int, float, bool, type(None), Content)):
        return found  # immutable, or the rulebook that every copy shares on purpose
    if isinstance(obj, (dict, list, set)) or (dataclasses.is_dataclass(obj) and not is_value(obj)
                                              and not obj.__dataclass_params__.frozen):  # type: ignore[union-attr]
        if id(obj) in found:
            return found
        found[id(obj)] = path
    if isinstance(obj, dict):
        for key, value in obj.items():
            _mutable_parts(value, f"{path}[{key!r}]", found)
    elif isinstance(obj, (list, tuple, set)):
        for i, value in enumerate(obj):
            _mutable_parts(value, f"{path}[{i}]", found)
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            _mutable_parts(getattr(obj, f.name), f"{path}.{f.name}", found)
    elif isinstance(obj, Game):
        # A compiled Game (rules.native) has no __slots__: mypyc lists its attributes instead.
        for name in getattr(Game, "__slots__", None) or getattr(Game, "__mypyc_attrs__"):  # noqa: B009
            _mutable_parts(getattr(obj, name), f"{path}.{name}", found)
    return found


def test_a_state_copy_has_every_field_and_reads_the_same(game: Game) -> None:
    """GameState.clone sets each field by name: one left out would be missing from the copy
    (a search reading it would fail far from the cause) or, worse, read differently."""
    rng = random.Random(5)
    while game.state.turn < 3 and not game.over:
        game.apply(random_player(game, game.waiting_for()[0], rng))
    game.script_chance("crisis_draw", next(iter(game.content.crises)), game.state.last_turn)
    copy = game.state.clone()
    for f in dataclasses.fields(GameState):
        assert getattr(copy, f.name) == getattr(game.state, f.name), f.name
    assert copy.to_json() == game.state.to_json()


def test_clone_is_independent(game: Game) -> None:
    """A clone shares no mutable part with its original (an AI plays thousands of games ahead on
    clones: one shared dict would leak its imagined moves into the real game)."""
    rng = random.Random(11)
    while not (game.state.deals and game.state.proposals and game.log) and not game.over:
        game.apply(random_player(game, game.waiting_for()[0], rng))  # a game with deals, offers, orders
    assert game.state.deals and game.state.role_tracks and game.state.trust
    copy = game.clone()
    mine, theirs = _mutable_parts(game, "game", {}), _mutable_parts(copy, "copy", {})
    shared = sorted(mine[i] for i in set(mine) & set(theirs))
    assert not shared, f"shared between a game and its clone: {shared}"
    before = json.dumps(game.state.to_json(), sort_keys=True)
    log = list(game.log)
    while not copy.over:  # the copy plays on to the end: every part of its state changes
        copy.apply(random_player(copy, copy.waiting_for()[0], rng))
    assert json.dumps(game.state.to_json(), sort_keys=True) == before and game.log == log


def test_the_sharing_check_finds_a_shared_part(game: Game) -> None:
    """The check above is not blind: a clone that shared the role tracks would be caught."""
    copy = game.clone()
    copy.state.role_tracks = game.state.role_tracks
    shared = set(_mutable_parts(game, "game", {})) & set(_mutable_parts(copy, "copy", {}))
    assert id(game.state.role_tracks) in shared and id(game.state.role_tracks["kosovo"]) in shared


@pytest.mark.parametrize("bad, reason", [
    ({"role": "kosovo", "id": "end_orders", "params": {"x": [1]}}, "string or a whole number"),
    ({"role": 3, "id": "end_orders"}, "string 'role'"),
    ("end_orders", "JSON object"),
])
def test_malformed_action_json(bad, reason) -> None:
    with pytest.raises(IllegalAction, match=reason):
        Action.from_json(bad)


def test_wrong_phase_and_missing_parameter_messages(game: Game) -> None:
    to_actions(game)
    with pytest.raises(IllegalAction, match="missing parameter"):
        game.apply(Action.make("nato", "nato_propose_special_rep"))
    with pytest.raises(IllegalAction, match="not allowed"):
        game.apply(Action.make("nato", "nato_propose_special_rep", candidate="nobody"))
    with pytest.raises(IllegalAction, match="only be ordered in the actions phase|not a legal"):
        g, _ = Game.new(game.content, "standard", 1)
        from tests.helpers import calm
        calm(g)
        g.apply(Action.make("kosovo", "kos_open_defence_budget"))


def test_listing_orders_skips_closed_deals_without_missing_an_open_one(content: Content) -> None:
    """A game remembers how many of its deals were closed when it last listed orders and skips
    them: throughout random games its listings equal a fresh game's on the same board, and a deal
    added to the board afterwards is offered at once."""
    rng = random.Random(3)
    compared = 0
    for seed in range(6):
        game, _ = Game.new(content, "standard", seed)
        while not game.over:
            role = game.waiting_for()[0]
            if game.state.phase == "actions" and game.state.deals:
                assert game.legal_actions(role) == Game(content, game.state).legal_actions(role)
                compared += 1
            game.apply(random_player(game, role, rng))
    assert compared > 50
    game, _ = Game.new(content, "standard", 1)
    while game.state.phase != "actions" or not game.state.deals:
        game.apply(random_player(game, game.waiting_for()[0], rng))
    role = game.waiting_for()[0]
    game.legal_actions(role)
    st = game.state
    st.deals.append(Deal(len(st.deals) + 1, 1, role, "eu" if role != "eu" else "nato",
                         content.items_by_giver[role][0], st.turn))
    delivering = [t for t in game.legal_actions(role) if t.id == "deliver"]
    assert any(t.params["deal"] == [len(st.deals)] for t in delivering)
