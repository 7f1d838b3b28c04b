"""Property tests for ``import``: near-misses of a real export (a field changed, a move removed,
an entry duplicated...). A file is refused in one line with nothing stored, or accepted as a
session that replays, exports and imports again: what the program reads, it can write back."""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from game.players import random_player
from game.store import SeatSpec, Store
from tests.game.fuzz_helpers import check_outcome, fresh_copy, run_cli, stored
from tests.game.mutations import mutated


@pytest.fixture(scope="module")
def exported() -> tuple[Path, dict[str, Any]]:
    """A database with one session played some way in (an undo included), and its export."""
    folder = Path(tempfile.mkdtemp(prefix="keci-fuzz-import-"))
    db = folder / "keci.db"
    with Store(str(db)) as store:
        sid = store.create("classroom", 17, [SeatSpec("serbia", "ai", "easy", "hardliner")], name="Fuzz ë")
        rng = random.Random(17)
        undone = False
        for _ in range(60):
            game = store.load(sid)
            if game.over or not game.waiting_for():
                break
            role = game.waiting_for()[0]
            store.act(sid, random_player(game, role, rng))
            if not undone:
                try:
                    store.undo(sid, role)
                    undone = True
                except ValueError:
                    pass  # that move closed its phase; try after the next one
        data = store.export(sid)
    assert undone and len(data["log"]) > 30
    return db, data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data())
def test_a_damaged_export_is_refused_cleanly_or_imports_whole(data: st.DataObject, exported: tuple[Path, Any],
                                                              tmp_path: Path) -> None:
    template, original = exported
    doc = data.draw(mutated(original))
    where = Path(tempfile.mkdtemp(dir=tmp_path))
    db = fresh_copy(template, where)
    path = where / "session.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = stored(db)
    argv = ["import", str(path), "--db", str(db), "--json"]
    outcome = run_cli(argv)
    check_outcome(outcome, argv)
    event("refused" if outcome.code else "accepted")
    if outcome.code != 0:
        assert stored(db) == before, "a refused import changed the database"
        return
    new_id = str(json.loads(outcome.out)["session"])
    for command in (["replay", new_id], ["log", new_id, "--json"], ["show", new_id, "--json"]):
        result = run_cli([*command, "--db", str(db)])
        check_outcome(result, command)
        assert result.code == 0, f"{command} on an imported session: {result.err}"
    again = where / "again.json"
    assert run_cli(["export", new_id, "--out", str(again), "--db", str(db), "--facilitator"]).code == 0
    reimport = run_cli(["import", str(again), "--db", str(db)])
    assert reimport.code == 0, f"the program cannot read back its own export: {reimport.err}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
                      st.sampled_from(["[" * 100_000, '{"a":' * 50_000, "1" * 100_000, "", "null", "[]"])))
def test_any_text_as_an_import_file_is_refused_in_one_line(text: str, tmp_path: Path) -> None:
    where = Path(tempfile.mkdtemp(dir=tmp_path))
    path = where / "session.json"
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    db = where / "keci.db"
    argv = ["import", str(path), "--db", str(db)]
    outcome = run_cli(argv)
    check_outcome(outcome, argv)
    assert outcome.code == 2
