"""Thousands of seeded random games through the public API: no exception, tracks in bounds,
a valid ending within the scenario's turns, and each game's log replays to the same state."""

from __future__ import annotations

import json
import random

import pytest

from game.players import greedy_player, random_player
from rules.core.actions import Action
from rules.core.engine import Game, replay
from rules.loader import Content

GAMES = 1000


def _check_bounds(content: Content, game: Game) -> None:
    st = game.state
    for track_id, value in st.tracks.items():
        t = content.tracks[track_id]
        assert t.min <= value <= t.max, (track_id, value)
    for role, values in st.role_tracks.items():
        for track_id, value in values.items():
            rt = content.role_tracks[track_id]
            assert rt.min <= value <= rt.max, (role, track_id, value)
    for cid, level in st.normalization.items():
        assert 0 <= level < len(content.commitments[cid].levels)
    for value in st.trust.values():
        assert 0 <= value <= 10


@pytest.mark.parametrize("scenario", ["standard", "classroom"])
def test_random_games_keep_every_invariant(content: Content, scenario: str) -> None:
    endings = {}
    for seed in range(GAMES // 2):
        rng = random.Random(seed)
        game, _ = Game.new(content, scenario, seed)
        while not game.over:
            waiting = game.waiting_for()
            assert waiting, f"seed {seed}: nobody can move in phase {game.state.phase}"
            role = waiting[rng.randrange(len(waiting))]
            action = random_player(game, role, rng)
            game.apply(action)
            if seed % 50 == 0:
                _check_bounds(content, game)
        _check_bounds(content, game)
        st = game.state
        assert st.ending in content.endings
        assert st.turn <= st.last_turn
        if content.endings[st.ending].immediate is False:
            assert st.turn == st.last_turn
        endings[st.ending] = endings.get(st.ending, 0) + 1
        if seed % 5 == 0:
            again = replay(content, scenario, seed, [Action.from_json(a.to_json()) for a in game.log])
            assert again.state.to_json() == st.to_json(), f"seed {seed}: replay differs"
    assert sum(endings.values()) == GAMES // 2


def test_mixed_players_reach_the_late_game(content: Content) -> None:
    """Pure random play escalates early; mixing in effect-greedy moves reaches the later turns, so
    KECI phases, deadlines and the last-turn endings are exercised under the same invariants."""
    last_turns = 0
    for seed in range(300):
        rng = random.Random(seed)
        game, _ = Game.new(content, "standard", seed)
        while not game.over:
            role = game.waiting_for()[0]
            player = greedy_player if rng.random() < 0.9 else random_player
            game.apply(player(game, role, rng))
        _check_bounds(content, game)
        assert game.state.ending in content.endings and game.state.turn <= game.state.last_turn
        last_turns += game.state.turn == game.state.last_turn
        if seed % 10 == 0:
            again = replay(content, "standard", seed, game.log)
            assert again.state.to_json() == game.state.to_json()
    assert last_turns >= 5, "too few games reached the last turn to exercise the late game"


def test_replay_of_every_game_in_a_sample_is_exact(content: Content) -> None:
    """Replaying from the serialized log (through JSON text) rebuilds the identical state."""
    for seed in range(40):
        rng = random.Random(seed)
        game, _ = Game.new(content, "standard", seed)
        while not game.over:
            role = game.waiting_for()[0]
            game.apply(random_player(game, role, rng))
        text = json.dumps([a.to_json() for a in game.log])
        again = replay(content, "standard", seed, [Action.from_json(a) for a in json.loads(text)])
        assert json.dumps(again.state.to_json(), sort_keys=True) == json.dumps(game.state.to_json(), sort_keys=True)
