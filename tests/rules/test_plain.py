"""The plain records of the content: the rules read them exactly as they read the models."""

from __future__ import annotations

import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest

from game.players import greedy_player, random_player
from rules.content_cache import cached_content, plain_content
from rules.core.engine import Game
from rules.core.secrets import FACILITATOR, board
from rules.plain import Record, plain

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    cache = tmp_path_factory.mktemp("cache")
    return cached_content(cache_dir=cache), plain_content(cache_dir=cache)


def test_records_hold_the_same_values_as_the_models(both: tuple[object, object]) -> None:
    models, records = both
    assert records is not models
    assert records.actions == plain(models).actions  # type: ignore[arg-type, attr-defined]
    for action_id, action in models.actions.items():  # type: ignore[attr-defined]
        record = records.actions[action_id]  # type: ignore[attr-defined]
        assert isinstance(record, Record) and record.kind == "Action"
        for name in type(action).model_fields:
            value = getattr(action, name)
            if not hasattr(type(value), "model_fields") and not isinstance(value, dict | list):
                assert getattr(record, name) == value
        assert record.requires.keys() == action.requires.keys() and record.effects == action.effects
    assert [i.id for i in records.negotiation.items] == [i.id for i in models.negotiation.items]  # type: ignore[attr-defined]
    assert records.items_by_giver == models.items_by_giver  # type: ignore[attr-defined]


def test_a_record_is_frozen_and_pickles_by_value() -> None:
    record = Record("Track", {"id": "north_tension", "max": 10})
    with pytest.raises(AttributeError, match="frozen"):
        record.max = 11  # type: ignore[attr-defined]
    assert pickle.loads(pickle.dumps(record)) == record
    assert record != Record("Role", {"id": "north_tension", "max": 10})


@pytest.mark.parametrize("scenario, seed", [("standard", 1), ("standard", 7), ("classroom", 3)])
def test_whole_games_play_alike_on_records_and_on_models(both: tuple[object, object], scenario: str,
                                                         seed: int) -> None:
    """Same seed, same moves: the same events, legal moves, states and boards at every step."""
    models, records = both
    a, a_events = Game.new(models, scenario, seed)  # type: ignore[arg-type]
    b, b_events = Game.new(records, scenario, seed)  # type: ignore[arg-type]
    assert [e.to_json() for e in a_events] == [e.to_json() for e in b_events]
    rng = random.Random(seed)
    steps = 0
    while not a.over and steps < 3000:
        role = a.waiting_for()[0]
        assert b.waiting_for()[0] == role
        assert [t.to_json() for t in a.legal_actions(role)] == [t.to_json() for t in b.legal_actions(role)]
        player = greedy_player if steps % 3 else random_player
        action = player(a, role, rng)
        assert [e.to_json() for e in a.apply(action)] == [e.to_json() for e in b.apply(action)]
        assert a.state.to_json() == b.state.to_json()
        if steps % 25 == 0:
            for reader in (None, FACILITATOR, *a.state.seats):
                assert board(a, reader) == board(b, reader)
        steps += 1
    assert b.over and a.summary() == b.summary()


def test_reading_the_plain_cache_imports_no_pydantic(tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path; from rules.content_cache import plain_content; "
            f"c = plain_content(cache_dir=Path({str(tmp_path)!r})); "
            "print(len(c.actions), 'pydantic' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    again = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert first.stdout.split()[1] == "True"  # built from the validated models once
    assert again.stdout.split() == [first.stdout.split()[0], "False"]


def test_the_plain_cache_is_rebuilt_when_damaged(tmp_path: Path) -> None:
    plain_content(cache_dir=tmp_path)
    (path,) = tmp_path.glob("content-*.plain.pickle")
    data = path.read_bytes()
    damaged = data[:-100] + bytes(100)
    path.write_bytes(damaged)
    assert "standard" in plain_content(cache_dir=tmp_path).scenarios
    rebuilt = path.read_bytes()
    assert rebuilt != damaged and rebuilt[:84] == data[:84]  # rewritten whole, under the same key
    assert "standard" in plain_content(cache_dir=tmp_path).scenarios
    assert path.read_bytes() == rebuilt  # and used as it is
