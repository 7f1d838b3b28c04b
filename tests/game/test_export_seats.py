"""The export file writes seats in the one seat text form, and import reads it (and old files)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai import LEVELS, TEMPERAMENTS
from game.session_file import SeatDoc, parse_export, seat_form
from game.store import Store
from game.table.seat import Seat
from rules.core.actions import Action
from rules.facilitator import FACILITATOR, HANDOVER

SEATS = [Seat("kosovo", "human", display_name="Arbër Krasniqi"), Seat("serbia", "ai", "hard", "hardliner"),
         Seat("nato", "ai", "easy", "cooperative", "The Allies = 32"), Seat("eu", "human")]


def _exported(store: Store, sid: int) -> dict:
    # Through JSON text, as the file is written and read.
    return json.loads(json.dumps(store.export(sid), ensure_ascii=False))


def test_export_writes_the_seat_text_form_and_import_reads_it_back(db_url: str) -> None:
    with Store(db_url) as store:
        sid = store.create("standard", 7, SEATS, name="Seminar 3")
        data = _exported(store, sid)
        assert data["seats"] == ["kosovo=human=Arbër Krasniqi", "serbia=ai:hard:hardliner=Serbia",
                                 "nato=ai:easy:cooperative=The Allies = 32", "eu=human=European Union"]
        copy = store.import_session(data)
        assert store.info(copy).seats == store.info(sid).seats
        again = _exported(store, copy)
        assert again["seats"] == data["seats"]


def test_old_exports_with_seat_objects_still_import(db_url: str) -> None:
    with Store(db_url) as store:
        sid = store.create("standard", 7, SEATS)
        data = _exported(store, sid)
        data["seats"] = [Seat.parse(text).to_json() for text in data["seats"]]  # the form before the text one
        copy = store.import_session(data)
        assert store.info(copy).seats == store.info(sid).seats
        assert _exported(store, copy)["seats"] == _exported(store, sid)["seats"]


def test_a_human_seat_that_remembers_its_ai_keeps_it_through_export(db_url: str) -> None:
    """Handed from the computer to a person, a seat keeps the AI's level and temperament for a
    later hand-back; the text form cannot say that of a human seat, so the file keeps the object."""
    with Store(db_url) as store:
        sid = store.create("standard", 7, SEATS)
        store.act(sid, Action.make(FACILITATOR, HANDOVER, seat="serbia", to="human"))
        serbia = store.info(sid).seats[1]
        assert (serbia.controller, serbia.level, serbia.temperament) == ("human", "hard", "hardliner")
        data = _exported(store, sid)
        assert data["seats"][1] == serbia.to_json() and data["seats"][0] == "kosovo=human=Arbër Krasniqi"
        copy = store.import_session(data)
        assert store.info(copy).seats == store.info(sid).seats


def test_a_wrong_seat_text_is_refused_in_one_line(db_url: str) -> None:
    with Store(db_url) as store:
        sid = store.create("standard", 7, SEATS)
        data = _exported(store, sid)
    for bad, words in [("serbia=ai:godlike", "unknown level 'godlike'"), ("serbia=robot", "controller"),
                       ("serbia", "expected ROLE=human"), ("Serbia!=human", "seats.1.role"),
                       ("serbia=ai:hard:furious", "unknown temperament 'furious'")]:
        data["seats"][1] = bad
        try:
            parse_export(data)
        except Exception as exc:  # noqa: BLE001 - the message is what matters
            assert words in str(exc) and "\n" not in str(exc), (bad, str(exc))
        else:
            raise AssertionError(f"{bad!r} was accepted")


names = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)


@st.composite
def stored_seats(draw: st.DrawFn) -> Seat:
    """Seats as the store holds them: an AI seat always has a temperament; a human seat may keep
    the AI's after a hand-over."""
    role = draw(st.sampled_from(["kosovo", "serbia", "nato", "eu"]))
    if draw(st.booleans()):
        return Seat(role, "ai", draw(st.sampled_from(LEVELS)), draw(st.sampled_from(TEMPERAMENTS)), draw(names))
    remembered = draw(st.one_of(st.none(), st.sampled_from(LEVELS)))
    return Seat(role, "human", remembered, draw(st.sampled_from(TEMPERAMENTS)) if remembered else None, draw(names))


@settings(max_examples=300, deadline=None)
@given(stored_seats())
def test_every_stored_seat_round_trips_through_the_file(seat: Seat) -> None:
    form = seat_form(seat)
    read = SeatDoc.model_validate(json.loads(json.dumps(form))).seat()
    assert read == seat
    if not (seat.controller == "human" and seat.level) and seat.display_name == seat.display_name.strip():
        assert isinstance(form, str)  # the text form whenever it can hold the seat
