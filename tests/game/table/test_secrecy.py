"""The secrecy sweep: at every step of played games, no role can read another role's secrets.

For every reader (each role, and the public), after every move, each channel the reader can
reach — its board, its log, a catch-up from any sequence number, the session list, and at some
steps the command line (`show`, `log`, `log --json`, `legal`, `advance`) — is searched for what
others keep secret at that moment:
- the text of every event the reader may not see (secret orders, proposals and answers between
  others, others' defaults, others' review scores) unless the reader sees the identical text;
- other roles' pending orders and proposals between others (checked structurally too);
- other roles' secret objectives (before the end) and their full scores;
- AI temperaments and the seed.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from game import cli
from game.store import Store
from game.table.seat import Seat
from game.table.table import Table
from rules.core.log import EntryKind
from rules.core.secrets import FACILITATOR, Reader, sees

SEED = 918_273_645  # long enough that finding it by chance in a text is impossible
GAMES = [("classroom", ["kosovo=ai:normal:hardliner", "serbia=ai:normal:hardliner", "nato=ai:easy:cooperative",
                        "eu=ai:random:cooperative"]),
         # A game that lasts (97 moves): with a cooperative easy Kosovo, this seed's classroom game
         # escalates in its second turn (38 moves) since hardliners cooperate on their own aims (96e7d2a).
         ("classroom", ["kosovo=ai:easy:moderate", "serbia=ai:normal:moderate", "nato=ai:normal:hardliner",
                        "eu=ai:normal:hardliner"])]


def _secrets(table: Table, reader: Reader) -> set[str]:
    """Every string that reader may not know now."""
    out: set[str] = {str(SEED)}
    visible_texts = {ev.text for e in table.entries for ev in e.events if sees(ev, reader)}
    for e in table.entries:
        for ev in e.events:
            if not sees(ev, reader) and ev.text not in visible_texts:
                out.add(ev.text)
    content, st = table.game.content, table.game.state
    for role in st.seats:
        if role == reader:
            continue
        if st.ending is None:
            out |= {o.text for o in content.objectives(role, st.scenario) if o.secret}
    out |= {"hardliner", "cooperative", "temperament"}
    return out


def _assert_clean(what: str, text: str, secrets: set[str]) -> None:
    """No secret in ``text`` as a whole (a "proposal #2" is not found inside "proposal #23")."""
    if not secrets:
        return
    pattern = "|".join(re.escape(x) for x in sorted(secrets, key=len, reverse=True))
    found = re.search(rf"(?<![\w#])(?:{pattern})(?!\w)", text)
    assert found is None, f"{what} shows a secret: {found.group(0)!r}"


def _structural(table: Table, reader: Reader) -> None:
    """The board and the log hide others' orders and proposals by construction, not by luck."""
    st = table.game.state
    data = table.board(reader)
    for role, info in data["roles"].items():
        assert ("orders" in info) == (role == reader)
    assert all(reader in (p["sender"], p["recipient"]) for p in data["proposals"])
    if st.ending is None:
        from rules import endings

        for role, score in data["scores"].items():
            if role != reader:
                held = endings.objectives_met(table.game.content, st, role)
                public = sum(o.points for o in table.game.content.objectives(role, st.scenario)
                             if not o.secret and held[o.id])
                assert score == public
    for entry, seen in zip(table.entries, table.log(reader), strict=True):
        assert seen.seq == entry.seq
        secret_move = entry.kind == EntryKind.ACTION and entry.role != reader and entry.events and \
            not sees(entry.events[0], reader)
        if secret_move:
            assert seen.action is None and seen.role == "" and seen.reason == "" and seen.events == ()


def _cli(db: str, *args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main([*args, "--db", db]) == 0
    return out.getvalue()


@pytest.mark.parametrize("scenario, seats", GAMES)
def test_no_channel_shows_another_roles_secrets(tmp_path: Path, scenario: str, seats: list[str]) -> None:
    db = str(tmp_path / "sweep.db")
    with Store(db) as store:
        table = Table.open(store, scenario, SEED, [Seat.parse(s) for s in seats])
        readers: list[Reader] = [*table.roles, None]
        sessions = json.dumps([i.to_json() for i in store.sessions()])
        _assert_clean("sessions", sessions, {"hardliner", "cooperative", "moderate", str(SEED)})
        step = 0
        while not table.over:
            assert table.play_ai() is not None
            step += 1
            for reader in readers:
                secrets = _secrets(table, reader)
                _structural(table, reader)
                _assert_clean(f"board of {reader} at move {step}", json.dumps(table.board(reader)), secrets)
                since = max(0, table.seq - 3)  # the whole log is checked at the end of the game
                _assert_clean(f"catch-up of {reader} at move {step}",
                              json.dumps([e.to_json() for e in table.since(since, reader)]), secrets)
                if step % 25 == 0:
                    sid = str(table.id)
                    as_ = ["--as", reader] if reader else []
                    for args in (["show", sid, *as_, "--json"], ["show", sid, *as_], ["log", sid, *as_],
                                 ["log", sid, *as_, "--json"]):
                        _assert_clean(f"`{' '.join(args)}` at move {step}", _cli(db, *args), secrets)
                    if reader:
                        _assert_clean(f"`legal` of {reader} at move {step}",
                                      _cli(db, "legal", sid, "--as", reader, "--json"), secrets)
        assert step > 50
        for reader in readers:
            _assert_clean(f"whole log of {reader}", json.dumps([e.to_json() for e in table.log(reader)]),
                          _secrets(table, reader))
        # The facilitator sees everything, the seed excepted (it would tell the crisis deck).
        full = json.dumps([e.to_json() for e in table.log(FACILITATOR)], ensure_ascii=False)
        assert all(ev.text in full for e in table.entries for ev in e.events)


def test_advance_shows_an_ai_order_only_to_its_own_seat(tmp_path: Path) -> None:
    db = str(tmp_path / "adv.db")
    with Store(db) as store:
        table = Table.open(store, "classroom", SEED, [Seat.parse("kosovo=human"), Seat.parse("serbia=ai:normal"),
                                                     Seat.parse("nato=ai:normal"), Seat.parse("eu=ai:normal")])
        sid = str(table.id)
    public = _cli(db, "advance", sid)
    assert "Order given (secret)" not in public
    with Store(db) as store:
        table = Table(store, int(sid))
        while not table.over and table.game.state.phase != "actions":
            role = table.game.waiting_for()[0]
            if table.seats[role].is_ai:
                table.play_ai()
            else:
                from rules.core.actions import Action

                t = table.legal(role)[-1]  # finish negotiating / the free response
                table.act(Action(role, t.id, tuple(sorted((k, v[0]) for k, v in t.params.items()))))
    as_serbia = _cli(db, "advance", sid, "--as", "serbia")
    as_kosovo_log = _cli(db, "log", sid, "--as", "kosovo")
    serbia_orders = [ev.text for e in Table(Store(db), int(sid)).entries for ev in e.events
                     if ev.kind == "order" and ev.visible_to == ("serbia",)]
    assert serbia_orders, "Serbia's AI gave no order in the actions phase"
    assert all(o in as_serbia for o in serbia_orders)
    assert not any(o in as_kosovo_log for o in serbia_orders)


def test_export_of_a_running_game_is_the_facilitators(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    with Store(db) as store:
        sid = str(Table.open(store, "classroom", SEED).id)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert cli.main(["export", sid, "--out", str(tmp_path / "g.json"), "--db", db]) == 2
    assert "--facilitator" in err.getvalue() and not (tmp_path / "g.json").exists()
    _cli(db, "export", sid, "--out", str(tmp_path / "g.json"), "--facilitator")
    assert json.loads((tmp_path / "g.json").read_text())["seed"] == SEED
