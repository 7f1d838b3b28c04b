"""A move on a game the store holds (game.db.moves) stores what the full path stores, and
never a move on a game that moved on elsewhere: it is then made on the game as it now stands,
or refused as before."""

from __future__ import annotations

import random
import uuid
from typing import Any

import psycopg
import pytest
from sqlalchemy import Text, select, type_coerce

from game.db import moves
from game.db.lite import stored_time
from game.db.models import GameSession, LogEntry, Snapshot
from game.players import greedy_player, random_player
from game.store import StaleGame, Store
from rules.core.actions import Action, IllegalAction
from rules.core.engine import Game


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """What every held move's write returned (True: committed; False: the session had moved on)."""
    seen: list[bool] = []
    original = moves.MoveWriter.write

    def spy(self: moves.MoveWriter, move: moves.Move) -> bool:
        seen.append(original(self, move))
        return seen[-1]

    monkeypatch.setattr(moves.MoveWriter, "write", spy)
    return seen


def _rows(store: Store, sid: int) -> dict[str, Any]:
    """A session's rows, without its id and times (which differ between two sessions)."""
    with store.engine.connect() as conn:
        payload = type_coerce(LogEntry.payload, Text) if store.engine.dialect.name == "sqlite" else LogEntry.payload
        return {
            "log": [tuple(r) for r in conn.execute(select(LogEntry.seq, LogEntry.kind, LogEntry.role, payload)
                                                   .where(LogEntry.session_id == sid).order_by(LogEntry.seq))],
            "snapshots": [tuple(r) for r in conn.execute(select(Snapshot.seq, Snapshot.turn, Snapshot.state)
                                                         .where(Snapshot.session_id == sid).order_by(Snapshot.seq))],
            "session": tuple(conn.execute(select(GameSession.last_seq, GameSession.turn, GameSession.phase,
                                                 GameSession.status).where(GameSession.id == sid)).one()),
        }


def test_a_held_move_stores_what_the_full_path_stores(db_url: str, writes: list[bool],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The same game played twice: by a store that holds it, and by one that always takes the
    full path (which reads the session first). The rows are the same, to the byte on SQLite."""
    with Store(db_url) as held, Store(db_url) as full:
        monkeypatch.setattr(full, "_commit_held", lambda *_args: None)
        quick, slow = held.create("standard", 5), held.create("standard", 5)
        game = held.load(quick)
        rng = random.Random(5)
        moves_made = 0
        while not game.over:
            action = greedy_player(game, game.waiting_for()[0], rng)
            reason = "a reason" if moves_made % 7 == 0 else ""
            events = held.act(quick, action, reason=reason)
            assert full.act(slow, action, reason=reason) == events
            game.apply(action)
            moves_made += 1
        assert writes == [True] * moves_made  # every move of `held` took the held path
        assert _rows(held, quick) == _rows(held, slow)
        assert held.verify(quick)["ok"]
        assert held.entries(quick)[-1].created_at > held.entries(quick)[0].created_at
        if held.engine.dialect.name == "sqlite":  # times as SQLAlchemy writes them (the quick reader checks)
            with held.engine.connect() as conn:
                times = conn.exec_driver_sql("SELECT created_at FROM log_entries UNION ALL "
                                             "SELECT updated_at FROM game_sessions").scalars().all()
            assert len(times) == 2 * (moves_made + 1) + 2
            for text in times:
                stored_time(text)  # raises NotServed for any other form


def _respond(game: Game, role: str) -> Action:
    return random_player(game, role, random.Random(0))


def test_a_held_game_that_moved_on_elsewhere_is_read_again(db_url: str, writes: list[bool]) -> None:
    """Another program moves first: a move legal where the game now stands is made there, one
    made against the position the caller saw is refused, and no sequence number is used twice."""
    with Store(db_url) as first, Store(db_url) as second:
        sid = first.create("standard", 4)
        game = second.load(sid)  # `second` holds the game at its start
        role = game.waiting_for()[0]
        first.act(sid, _respond(game, role))
        with pytest.raises(StaleGame, match="moved on"):
            second.act(sid, _respond(game, game.waiting_for()[1]), expected_seq=0)
        assert writes == [True, False]  # the held game was behind: nothing written, then refused
        events = second.act(sid, _respond(game, game.waiting_for()[1]))
        assert events and second.info(sid).last_seq == 2
        assert [e.seq for e in first.entries(sid)] == [0, 1, 2]
        assert first.verify(sid)["ok"]


def test_a_move_illegal_on_a_stale_held_game_is_made_if_legal_now(db_url: str) -> None:
    """The held game is one response short of the negotiation; another program sends that
    response; a negotiation move (illegal in the held game) is then made, not refused."""
    with Store(db_url) as first, Store(db_url) as second:
        sid = first.create("standard", 4)
        game = first.load(sid)
        roles = game.waiting_for()
        for role in roles[:-1]:
            first.act(sid, _respond(first.load(sid), role))
        held = second.load(sid)
        first.act(sid, _respond(held, roles[-1]))
        now = first.load(sid)
        assert str(now.state.phase) == "negotiation"
        move = Action.make(roles[0], "end_negotiation")
        with pytest.raises(IllegalAction):
            held.clone().apply(move)
        second.act(sid, move)
        assert second.info(sid).last_seq == len(roles) + 1 and first.verify(sid)["ok"]


def test_an_illegal_move_writes_nothing_and_the_game_stays_held(db_url: str, writes: list[bool]) -> None:
    with Store(db_url) as store:
        sid = store.create("standard", 4)
        game = store.load(sid)
        with pytest.raises(IllegalAction):
            store.act(sid, Action.make(game.waiting_for()[0], "end_negotiation"))
        assert store.info(sid).last_seq == 0 and writes == []
        store.act(sid, _respond(game, game.waiting_for()[0]))
        assert writes == [True] and store.info(sid).last_seq == 1


def test_a_connection_unused_for_a_while_is_taken_from_the_pool_again(db_url: str, writes: list[bool],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(moves, "IDLE_SECONDS", 0.0)
    with Store(db_url) as store:
        sid = store.create("standard", 4)
        game = store.load(sid)
        for role in game.waiting_for():
            store.act(sid, _respond(game, role))
        assert writes == [True] * 3 and store.verify(sid)["ok"]


def _listener(url: str) -> psycopg.Connection[Any]:
    conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    conn.execute(f"LISTEN {moves.CHANNEL}")
    return conn


def test_postgres_announces_a_held_move_once_committed_and_nothing_else(postgres_url: str) -> None:
    with Store(postgres_url) as first, Store(postgres_url) as second, _listener(postgres_url) as listener:
        sid = first.create("standard", 4)
        game = second.load(sid)
        schema = listener.execute("SELECT current_database() || '.' || current_schema()").fetchone()
        assert schema is not None
        first.act(sid, _respond(game, game.waiting_for()[0]))
        with pytest.raises(StaleGame):
            second.act(sid, _respond(game, game.waiting_for()[1]), expected_seq=0)
        with pytest.raises(IllegalAction):
            first.act(sid, Action.make(game.waiting_for()[0], "end_negotiation"))
        # Only this test's schema: other test runs on the same server announce on the channel too.
        heard = [n.payload for n in listener.notifies(timeout=1.0) if n.payload.startswith(f"{schema[0]}:")]
        assert heard == [f"{schema[0]}:{sid}:1"]


def test_postgres_a_connection_lost_between_moves_costs_the_player_nothing(postgres_url: str) -> None:
    """The server ends the store's connection between two moves (a restart, a network cut): the
    next move finds the break, sees on a fresh connection that it did not commit, and is made
    once -- the player never reads "cannot save the move"."""
    # A name of this test's own: only its connection is ended, never another program's.
    name = f"keci_test_{uuid.uuid4().hex[:12]}"
    url = f"{postgres_url}&application_name={name}"
    with Store(url) as store, _listener(postgres_url) as admin:
        sid = store.create("standard", 4)
        game = store.load(sid)
        store.act(sid, _respond(game, game.waiting_for()[0]))
        ended = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE application_name = %s AND query LIKE 'WITH moved%%'", (name,)).fetchall()
        assert ended == [(True,)]
        store.act(sid, _respond(game, game.waiting_for()[1]))
        assert store.info(sid).last_seq == 2 and store.verify(sid)["ok"]
        store.act(sid, _respond(game, game.waiting_for()[2]))
        assert store.info(sid).last_seq == 3 and store.verify(sid)["ok"]


def test_postgres_a_move_whose_answer_is_lost_is_reported_saved_once(postgres_url: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The move commits and the connection breaks before its answer arrives: the store finds
    its own entry in the log and reports the move saved -- not an error the player would answer
    by moving again, and not a second copy of the move."""
    original = moves.MoveWriter._write_postgres
    broken: list[int] = []

    def commit_then_break(self: moves.MoveWriter, raw: Any, move: moves.Move) -> bool:
        done = original(self, raw, move)
        if not broken:
            broken.append(move.seq)
            raw.close()
            raise self._failed("WITH moved ...", {}, psycopg.OperationalError("server closed the connection"))
        return done

    monkeypatch.setattr(moves.MoveWriter, "_write_postgres", commit_then_break)
    with Store(postgres_url) as store:
        sid = store.create("standard", 4)
        game = store.load(sid)
        first = _respond(game, game.waiting_for()[0])
        events = store.act(sid, first)
        assert broken == [1] and events
        assert store.info(sid).last_seq == 1 and store.verify(sid)["ok"]
        assert [(e["seq"], e["role"]) for e in store.log(sid) if e["kind"] == "action"] == [(1, first.role)]
