"""The quick path (game.cli_fast over game.db.lite) answers exactly as the full command does.

Both read the same SQLite files here: every read command, for every reader, in text and JSON,
at many points of played games, must print the same bytes; and whenever something is not in
order (damage, another schema, a session with its own scenario) the quick path steps aside so
that the store reports it, and it writes nothing.
"""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import cli, cli_fast
from game.db.errors import BUSY
from game.db.lite import LiteMove, LiteReader, plainly_valid, sqlite_path
from game.players import greedy_player, random_player
from game.session_file import EntryDoc
from game.store import SeatSpec, Store
from rules.core.actions import Action, IllegalAction
from rules.facilitator import FACILITATOR, PAUSE, RESUME


def full(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, words: list[str]) -> tuple[int, str]:
    """The full command (through the store), in this process."""
    with monkeypatch.context() as m:
        m.setattr(cli_fast, "quick_answer", lambda _words: None)
        code = cli.main(words)
    return code, capsys.readouterr().out


def forms(sid: int, roles: list[str]) -> list[list[str]]:
    out: list[list[str]] = [["sessions"], ["sessions", "--json"]]
    for reader in [None, FACILITATOR, *roles]:
        who = [] if reader is None else ["--as", reader]
        out += [["show", str(sid), *who], ["show", str(sid), *who, "--json"], ["log", str(sid), *who],
                ["log", str(sid), "--json", *who]]
    for role in roles:
        out += [["legal", str(sid), "--as", role], ["legal", str(sid), f"--as={role}", "--json"]]
    return out


@pytest.fixture
def played(tmp_path: Path) -> tuple[str, int, int]:
    """Two sessions: one with AI seats, undos and a facilitator's pause, one still at its start."""
    db = str(tmp_path / "keci.db")
    with Store(db) as store:
        sid = store.create("classroom", 11, [SeatSpec("serbia", "ai", "easy", "hardliner")], name="Seminar 1")
        fresh = store.create("standard", 3, name="Untouched")
        rng = random.Random(11)
        for step in range(60):
            game = store.load(sid)
            if game.over:
                break
            role = game.waiting_for()[0]
            store.act(sid, random_player(game, role, rng) if step % 2 else greedy_player(game, role, rng))
            if step == 5:
                store.act(sid, Action.make(FACILITATOR, PAUSE, reason="a question from the floor"))
                store.act(sid, Action.make(FACILITATOR, RESUME))
            if step % 7 == 3:
                with contextlib.suppress(IllegalAction):  # not every move may be taken back
                    store.undo(sid, role)
    return db, sid, fresh


def test_every_read_command_prints_what_the_full_command_prints(played: tuple[str, int, int],
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    db, sid, fresh = played
    with Store(db) as store:
        roles = list(store.load(sid).state.seats)
    answered = 0
    for session in (sid, fresh):
        for words in forms(session, roles):
            words = [*words, "--db", db]
            quick = cli_fast.quick_answer(words)
            code, expected = full(capsys, monkeypatch, words)
            if quick is None:  # only a refusal of the full command may be left to it
                assert code != 0, words
                continue
            assert code == 0 and quick == expected, words
            answered += 1
    assert answered >= len(forms(sid, roles)) * 2 - 4  # nearly all answered quickly (not legal for idle roles)


def test_the_quick_path_answers_through_main_without_the_store(played: tuple[str, int, int],
                                                               capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db, sid, _ = played
    monkeypatch.setenv("KECI_DB", db)
    assert cli.main(["show", str(sid), "--as", "kosovo"]) == 0
    quick = capsys.readouterr().out
    assert quick == full(capsys, monkeypatch, ["show", str(sid), "--as", "kosovo"])[1]
    assert quick.startswith(f"Session {sid} — ")


@pytest.mark.parametrize("words", [["show", "1", "--results"], ["show", "1", "--as"], ["show", "-1"],
                                   ["show", "1", "2"], ["legal", "1"], ["log", "1", "--as", "x", "--as", "y"],
                                   ["sessions", "1"], ["show", "1", "--server", "http://x"], ["show", "--help"],
                                   ["show", "99999999999"], ["undo", "1", "--as", "kosovo"], ["act", "1", "--as", "kosovo"],
                                   ["show", "1", "--js"], ["show", "1", "--db", "postgresql://u@h/d"]])
def test_other_forms_are_left_to_the_full_command(played: tuple[str, int, int], words: list[str]) -> None:
    db, _, _ = played
    assert cli_fast.quick_answer([*words, "--db", db] if "--db" not in words else words) is None


def _damage(db: str, sql: str) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute(sql)
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all in the main file: a reader has nothing to move
    finally:
        conn.close()


@pytest.mark.parametrize("sql, reads", [
    ("UPDATE log_entries SET payload = '{not json' WHERE seq = 3", ["show", "log"]),
    ("UPDATE log_entries SET payload = '{\"action\": {\"role\": \"kosovo\"}}' WHERE seq = 2", ["show", "log"]),
    ("UPDATE log_entries SET created_at = 'yesterday' WHERE seq = 1", ["show", "log"]),
    ("UPDATE log_entries SET payload = '{\"events\": [{\"kind\": 3}]}' WHERE seq = 0", ["log"]),
    ("UPDATE snapshots SET state = '[]'", ["show", "legal"]),
    ("UPDATE alembic_version SET version_num = '0003'", ["show", "log", "legal", "sessions"]),
    ("UPDATE game_sessions SET scenario_data = '{\"id\": \"own\"}'", ["show", "legal"]),
    ("DROP TABLE seats", ["show", "log", "legal", "sessions"]),
])
def test_anything_out_of_order_is_left_to_the_store(played: tuple[str, int, int], sql: str, reads: list[str],
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db, sid, _ = played
    _damage(db, sql)
    before = Path(db).read_bytes()
    for words in (["show", str(sid)], ["log", str(sid)], ["legal", str(sid), "--as", "kosovo"], ["sessions"]):
        quick = cli_fast.quick_answer([*words, "--db", db])
        assert Path(db).read_bytes() == before  # the quick path writes nothing
        if words[0] in reads:
            assert quick is None, (sql, words)  # the store reports it (or repairs its reading)
        elif quick is not None:  # what does not touch the damage may be answered, and alike
            assert (0, quick) == full(capsys, monkeypatch, [*words, "--db", db]), (sql, words)


def test_a_file_that_is_not_a_database_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"my seminar notes, not a game\n" * 100)
    assert cli_fast.quick_answer(["show", "1", "--db", str(path)]) is None
    assert cli_fast.quick_answer(["sessions", "--db", str(tmp_path / "missing.db")]) is None
    assert not (tmp_path / "missing.db").exists()
    assert path.read_bytes() == b"my seminar notes, not a game\n" * 100


def test_the_reader_reads_what_the_store_reads(played: tuple[str, int, int]) -> None:
    db, sid, _ = played
    path = sqlite_path(db)
    assert path is not None
    with Store(db) as store, LiteReader(path) as lite:
        assert lite.sessions() == store.sessions()
        assert lite.info(sid) == store.info(sid)
        assert lite.log(sid) == store.log(sid)


def test_sqlite_path_follows_the_stores_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.db.connect import resolve_url

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KECI_DB", "from-env.db")
    for given_url in (None, "", "a.db", "~/b.db", "sub/../c.db", f"sqlite:///{tmp_path}/d.db"):
        assert f"sqlite:///{sqlite_path(given_url)}" == resolve_url(given_url)
    monkeypatch.delenv("KECI_DB")
    assert f"sqlite:///{sqlite_path(None)}" == resolve_url(None)
    assert sqlite_path("postgresql://u@h/d") is None


# -- the log check: nothing EntryDoc refuses is passed -------------------------------------------------

json_values = st.recursive(st.none() | st.booleans() | st.integers(-5, 3000) | st.floats(allow_nan=False)
                           | st.text(max_size=60),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                          max_size=4),
                           max_leaves=12)


def _entries(db: str, sid: int) -> list[dict]:
    with LiteReader(sqlite_path(db)) as lite:  # type: ignore[arg-type]
        return lite.log(sid)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_entry_passed_by_the_quick_check_is_one_the_store_accepts(played: tuple[str, int, int],
                                                                     data: st.DataObject) -> None:
    db, sid, _ = played
    entries = _entries(db, sid)
    entry = json.loads(json.dumps(data.draw(st.sampled_from(entries))))
    # Change one place: a top-level field, a payload key, or a field of one of its events.
    where = data.draw(st.sampled_from(["entry", "payload", "event"]))
    value = data.draw(json_values)
    if where == "entry":
        entry[data.draw(st.sampled_from(["seq", "kind", "role", "payload"]))] = value
    elif where == "payload" and isinstance(entry["payload"], dict):
        entry["payload"][data.draw(st.sampled_from(["action", "events", "turn", "phase", "after", "reason", "undo",
                                                    "extra"]))] = value
    elif entry["payload"].get("events"):
        event = data.draw(st.sampled_from(entry["payload"]["events"]))
        event[data.draw(st.sampled_from(["kind", "text", "cause", "turn", "phase", "data", "visible_to", "x"]))] = value
    if plainly_valid(entry):
        EntryDoc.model_validate(entry)  # raises if the quick check let a bad entry through


def test_every_stored_entry_passes_the_quick_check(played: tuple[str, int, int]) -> None:
    db, sid, _ = played
    entries = _entries(db, sid)
    assert entries and all(plainly_valid(e) for e in entries)


def test_a_copy_of_a_save_reads_the_same(played: tuple[str, int, int], tmp_path: Path) -> None:
    """A save carried to another machine (copied while closed) is read alike."""
    db, sid, _ = played
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    assert cli_fast.quick_answer(["log", str(sid), "--db", str(copy)]) == \
        cli_fast.quick_answer(["log", str(sid), "--db", db])


# -- act ----------------------------------------------------------------------------------------------

def _rows(db: str) -> dict[str, list[tuple[object, ...]]]:
    """Everything stored, without the times of day (the two copies are written moments apart)."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return {"sessions": conn.execute("SELECT id, name, scenario, scenario_data, seed, status, turn, phase, last_seq "
                                         "FROM game_sessions ORDER BY id").fetchall(),
                "log": conn.execute("SELECT id, session_id, seq, kind, role, payload, length(created_at) "
                                    "FROM log_entries ORDER BY id").fetchall(),
                "snapshots": conn.execute("SELECT * FROM snapshots ORDER BY id").fetchall(),
                "seats": conn.execute("SELECT * FROM seats ORDER BY id").fetchall()}


def _act_words(db: str, sid: int, rng: random.Random) -> list[str] | None:
    with Store(db) as store:
        game = store.load(sid)
    if game.over:
        return None
    role = game.waiting_for()[0]
    action = greedy_player(game, role, rng)
    from game.cli_support import game_deal_numbers

    numbers = game_deal_numbers(game, role)  # a deal is named by its proposal's number on the command line
    params = [f"--param={k}={numbers.get(v, v) if k == 'deal' else v}" for k, v in action.params]
    return ["act", str(sid), "--as", role, action.id, *params]


def test_a_quick_move_stores_exactly_what_the_store_stores(played: tuple[str, int, int], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The same moves, made quickly on one copy and through the store on another: the same
    rows, byte for byte (times of day aside), the same printed lines, and a game that replays."""
    db, sid, fresh = played
    quick_db, full_db = str(tmp_path / "quick.db"), str(tmp_path / "full.db")
    shutil.copy(db, quick_db)
    shutil.copy(db, full_db)
    rng = random.Random(5)
    quick_moves = 0
    for session in (fresh, sid):
        for step in range(45):
            words = _act_words(full_db, session, rng)
            if words is None:
                break
            if step % 2:
                words.append("--json")
            out = cli_fast.quick_answer([*words, "--db", quick_db])
            code, expected = full(capsys, monkeypatch, [*words, "--db", full_db])
            assert code == 0
            assert out == expected, words
            quick_moves += out is not None
    assert quick_moves >= 80
    assert _rows(quick_db) == _rows(full_db)
    with Store(quick_db) as store:
        assert store.verify(sid)["ok"] and store.verify(fresh)["ok"]


def test_a_refused_move_writes_nothing_and_is_left_to_the_full_command(played: tuple[str, int, int]) -> None:
    db, sid, _ = played
    with Store(db) as store:
        game = store.load(sid)
    _damage(db, "SELECT 1")  # checkpointed: the file holds everything
    before = Path(db).read_bytes()
    role = game.waiting_for()[0]
    for words in (["act", str(sid), "--as", role, "annex_serbia"],
                  ["act", str(sid), "--as", role, "respond", "--param", "response=nonsense"],
                  ["act", str(sid), "--as", "atlantis", "end_orders"], ["act", str(sid), "--as", role, "respond",
                                                                      "--param", "response"],
                  ["act", "999", "--as", role, "end_orders"]):
        assert cli_fast.quick_answer([*words, "--db", db]) is None, words
        assert Path(db).read_bytes() == before


def test_a_quick_move_that_meets_a_held_lock_waits_once_and_says_busy(played: tuple[str, int, int],
                                                                     capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer holds the lock for the whole wait: the quick path says so itself, in the
    store's words, instead of handing over to the full command (which would wait as long again)."""
    db, sid, _ = played
    words = _act_words(db, sid, random.Random(3))
    assert words is not None
    monkeypatch.setattr(LiteMove, "SETTINGS", ("PRAGMA busy_timeout=50", *LiteMove.SETTINGS[1:]))
    monkeypatch.setattr(Store, "__init__", lambda *_args: pytest.fail("the full command ran"))
    before = _rows(db)
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        assert cli.main([*words, "--db", db]) == 2
        other.execute("ROLLBACK")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"error: {BUSY}\n"
    assert _rows(db) == before
