"""The one seat grammar: every front-end reads and writes seats with Seat.parse / str(seat)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai import LEVELS, TEMPERAMENTS
from game.table.seat import Controller, Seat, SeatError


@pytest.mark.parametrize("text, seat", [
    ("kosovo=human", Seat("kosovo")),
    ("kosovo=human=Arbër Krasniqi", Seat("kosovo", display_name="Arbër Krasniqi")),
    ("serbia=ai", Seat("serbia", Controller.AI, "normal")),
    ("serbia=ai:hard:hardliner=Dušan", Seat("serbia", Controller.AI, "hard", "hardliner", "Dušan")),
    ("nato=easy", Seat("nato", Controller.AI, "easy")),
    ("nato=hard:cooperative", Seat("nato", Controller.AI, "hard", "cooperative")),
    ("eu=normal:mixed", Seat("eu", Controller.AI, "normal")),
])
def test_the_text_forms(text: str, seat: Seat) -> None:
    assert Seat.parse(text) == seat
    assert Seat.parse(str(seat)) == seat


@pytest.mark.parametrize("text, message", [
    ("kosovo", "ROLE=human"), ("kosovo=", "ROLE=human"), ("kosovo=robot", "unknown level 'robot'"),
    ("kosovo=ai:expert", "unknown level 'expert'"), ("kosovo=ai:hard:angry", "unknown temperament 'angry'"),
    ("kosovo=human:hard", "human seat takes no level"),
])
def test_wrong_seats_are_one_clear_line(text: str, message: str) -> None:
    with pytest.raises(SeatError, match=message) as info:
        Seat.parse(text)
    assert "\n" not in str(info.value)


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(str.strip)


@settings(max_examples=200, deadline=None)
@given(role=st.sampled_from(["kosovo", "serbia", "nato", "eu"]), ai=st.booleans(),
       level=st.sampled_from(LEVELS), temperament=st.sampled_from((None, *TEMPERAMENTS)), name=names)
def test_text_form_round_trips(role: str, ai: bool, level: str, temperament: str | None, name: str) -> None:
    seat = Seat(role, Controller.AI, level, temperament, name) if ai else Seat(role, display_name=name)
    assert Seat.parse(str(seat)) == seat


def test_a_new_session_gives_an_open_temperament_moderate() -> None:
    seat = Seat.parse("eu=ai:hard").with_defaults("European Union")
    assert (seat.temperament, seat.display_name) == ("moderate", "European Union")
    assert "temperament" not in seat.to_json(private=False)
    assert Seat.from_json(seat.to_json()) == seat
