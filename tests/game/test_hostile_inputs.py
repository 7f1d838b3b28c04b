"""The inputs an attacker (or a tired facilitator) tried, each once: every one ends in one clear
line and a known exit code, never a traceback or a hang, and refused input changes nothing stored.

Each test names the defect it pins down (issue 8); the property tests in ``test_fuzz_*`` then try
thousands of variations of the same boundaries.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from game import simulate
from game.cli import main
from game.db.models import SEED_MAX, SEED_MIN
from game.store import SeatSpec, Store, StoreError, UnknownSession
from game.table.seat import Seat
from rules.core.actions import Action

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The CLI in this process: (exit code, stdout, stderr); argparse's own exit counts as its code."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, err: str) -> str:
    assert code in (1, 2), (code, err)
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "keci.db")


def stored(db: str) -> list[tuple[object, ...]]:
    """Everything in the database, to show that a refused input changed nothing."""
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return [(t, *row) for t in tables for row in conn.execute(f"SELECT * FROM {t} ORDER BY 1")]


# -- integers beyond 64 bits --------------------------------------------------------------------

@pytest.mark.parametrize("argv, message", [
    (["new", "--seed", "100000000000000000000"], "seed must be a whole number"),
    (["new", "--seed", str(-(2**63) - 1)], "seed must be a whole number"),
    (["show", "99999999999999999999"], "no session 99999999999999999999"),
    (["show", "-3"], "no session -3"),
    (["log", str(2**31)], f"no session {2**31}"),
    (["delete", "0"], "no session 0"),
])
def test_ids_and_seeds_out_of_range_are_one_clear_line(capsys: pytest.CaptureFixture[str], db: str,
                                                        argv: list[str], message: str) -> None:
    assert run(capsys, "new", "--seed", "1", "--db", db)[0] == 0
    before = stored(db)
    code, _out, err = run(capsys, *argv, "--db", db)
    assert message in one_line_error(code, err)
    assert stored(db) == before


def test_the_widest_seeds_are_kept_and_re_imported(db_url: str) -> None:
    """A seed the program accepts, it stores, exports and reads back (SQLite and PostgreSQL)."""
    with Store(db_url) as store:
        for seed in (SEED_MIN, SEED_MAX, 2**62 + 1):
            sid = store.create("classroom", seed)
            again = store.import_session(json.loads(json.dumps(store.export(sid))))
            assert store.info(again).seed == seed
            assert store.load(again).state.to_json() == store.load(sid).state.to_json()
        with pytest.raises(StoreError, match="seed must be"):
            store.create("classroom", SEED_MAX + 1)
        with pytest.raises(UnknownSession):
            store.load(2**40)  # beyond PostgreSQL's integer column: still just "no such session"


def test_names_too_long_to_export_are_refused_at_creation(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _, err = run(capsys, "new", "--name", "x" * 201, "--db", db)
    assert "at most 200 characters" in one_line_error(code, err)
    assert run(capsys, "sessions", "--json", "--db", db)[1].strip() == "[]"
    with Store(db) as store, pytest.raises(StoreError, match="longer than 200"):
        store.create("classroom", 1, [SeatSpec("kosovo", display_name="y" * 201)])
    code, _out, _ = run(capsys, "new", "--name", "n" * 200, "--seed", "5", "--db", db)
    assert code == 0


# -- databases the program cannot use --------------------------------------------------------

@pytest.mark.parametrize("url, message", [
    ("mysql://user@localhost/keci", "cannot store sessions in 'mysql'"),
    ("foo://bar", "cannot store sessions in 'foo'"),
    ("postgresql+asyncpg://x/y", "cannot store sessions in 'postgresql+asyncpg'"),
    ("sqlite://", "keeps nothing"),
    ("://", "not a database URL"),
])
def test_unknown_database_kinds_are_one_clear_line(capsys: pytest.CaptureFixture[str], url: str,
                                                   message: str) -> None:
    code, _, err = run(capsys, "sessions", "--db", url)
    assert message in one_line_error(code, err)


@pytest.mark.parametrize("name", ["a" * 300 + ".db", "a/" * 3000 + "x.db"])
def test_paths_too_long_are_one_clear_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    code, _, err = run(capsys, "sessions", "--db", str(tmp_path / name))
    assert "File name too long" in one_line_error(code, err)
    assert len(err) < 300  # the path is shortened in the message


# -- a damaged log row -------------------------------------------------------------------------

def test_a_damaged_log_row_is_reported_and_the_rest_exported(capsys: pytest.CaptureFixture[str], db: str,
                                                            tmp_path: Path) -> None:
    sid = run(capsys, "new", "--scenario", "classroom", "--seed", "4", "--seat", "kosovo=ai", "--seat",
              "serbia=ai", "--seat", "nato=ai", "--seat", "eu=ai", "--db", db)[1].strip()
    assert run(capsys, "advance", sid, "--db", db)[0] == 0
    total = len(json.loads(run(capsys, "log", sid, "--json", "--db", db)[1]))
    assert total > 30
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE log_entries SET payload = '{\"action\": {broken' WHERE seq = 20")
        conn.execute("UPDATE log_entries SET payload = '[1, 2]' WHERE seq = 25")  # JSON, but not an entry

    code, out, err = run(capsys, "log", sid, "--db", db)
    assert code == 1 and "2 log entries could not be read" in err and "#20" in err and "#25" in err
    assert "#20 [damaged: cannot be read]" in out and "#21 " in out  # the readable rest is still shown
    code, out, err = run(capsys, "log", sid, "--json", "--db", db)
    entries = json.loads(out)
    assert len(entries) == total and [e["seq"] for e in entries if e["kind"] == "damaged"] == [20, 25]

    rescue = tmp_path / "rescue.json"
    code, out, err = run(capsys, "export", sid, "--out", str(rescue), "--db", db, "--facilitator")
    assert code == 1 and "up to move #19" in err and "not valid JSON" in err and err.count("\n") == 1
    data = json.loads(rescue.read_text(encoding="utf-8"))
    assert [e["seq"] for e in data["log"]] == list(range(20))
    assert [o["seq"] for o in data["omitted"]] == list(range(20, total))
    code, out, err = run(capsys, "import", str(rescue), "--db", db)
    assert code == 0, err
    assert "OK" in run(capsys, "replay", out.strip(), "--db", db)[1]


# -- YAML files ------------------------------------------------------------------------------

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))

HOSTILE_YAML = {
    "laughs": (LAUGHS, "aliases are expanded"),
    "recursive_alias": ("id: &a [*a]\n", "an alias inside itself"),
    "recursive_mapping": ("a: &x {b: &y {c: *x}}\n", "an alias inside itself"),
    "python_tag": ("id: x\nname: !!python/object/apply:os.system ['echo hacked']\n", "not valid YAML"),
    "deep_flow": ("id: " + "[" * 5000 + "]" * 5000 + "\n", "nest"),  # libyaml may refuse it first
    "deep_block": ("id:\n" + "".join("  " * i + "k:\n" for i in range(1, 300)), "nested more than 40 levels"),
    "huge_int": ("id: " + "9" * 6000 + "\n", "not usable YAML"),
    "complex_key": ("? [a, b]\n: 1\n", "unhashable key"),
    "binary": ("\x00\x01\x02", "not valid YAML"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_YAML))
def test_hostile_yaml_is_one_line_naming_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                  db: str, kind: str) -> None:
    text, message = HOSTILE_YAML[kind]
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8")
    done: list[tuple[int, str, str]] = []
    worker = threading.Thread(target=lambda: done.append(run(capsys, "rules", "check", str(path))), daemon=True)
    worker.start()
    worker.join(30)
    assert done, "rules check hung"
    code, _, err = done[0]
    assert code == 1 and err.splitlines()[0].startswith(str(path)) and message in err.splitlines()[0], err
    code, _, err = run(capsys, "new", "--scenario", str(path), "--db", db)
    assert code == 1 and err.startswith(str(path)) and message in err
    assert "Traceback" not in err


def test_content_files_over_the_size_limit_are_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from rules.loader import MAX_YAML_BYTES

    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * MAX_YAML_BYTES + "\nid: big\n", encoding="utf-8")
    code, _, err = run(capsys, "rules", "check", str(path))
    assert code == 1 and "a content file is at most" in err.splitlines()[0]


# -- simulate ----------------------------------------------------------------------------------

def test_simulate_starts_no_more_workers_than_useful(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[int] = []
    real = simulate.multiprocessing.get_context

    def spy(method: str | None = None):  # type: ignore[no-untyped-def]
        assert method in ("forkserver", "spawn"), f"simulate must not fork (asked for {method!r})"
        ctx = real(method)
        original = ctx.Pool

        def pool(n: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            pools.append(n)
            return original(n, *args, **kwargs)

        ctx.Pool = pool  # type: ignore[method-assign]
        return ctx

    monkeypatch.setattr(simulate.multiprocessing, "get_context", spy)
    code, out, err = run(capsys, "simulate", "--games", "1", "--workers", "999", "--json", "--quiet",
                         "--scenario", "classroom")
    assert code == 0 and json.loads(out)["workers"] == 1 and pools == []
    assert simulate.useful_workers(999, 1) == 1 and simulate.useful_workers(999, 10**6) >= 1
    assert simulate.useful_workers(2, 3) == min(2, simulate.os.cpu_count() or 1)
    code, _, err = run(capsys, "simulate", "--games", str(10**12))
    assert "at most 1,000,000" in one_line_error(code, err)


def test_simulate_workers_never_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking a process that has threads can hang the child on a lock a thread held; the pool
    must start its workers another way (this once hung the suite when a UI test ran first)."""
    asked: list[str | None] = []
    real = simulate.multiprocessing.get_context

    def spy(method: str | None = None):  # type: ignore[no-untyped-def]
        asked.append(method)
        return real(method)

    monkeypatch.setattr(simulate.multiprocessing, "get_context", spy)
    monkeypatch.setattr(simulate.os, "cpu_count", lambda: 2)
    held = threading.Lock()
    held.acquire()  # a thread of ours holds a lock while the pool starts
    try:
        results, _ = simulate.run(2, seed=3, scenario="classroom", workers=2, progress=False)
    finally:
        held.release()
    assert asked and all(m in ("forkserver", "spawn") for m in asked)
    assert [r.index for r in results] == [0, 1]


# -- import ------------------------------------------------------------------------------------

@pytest.mark.parametrize("field, value, message", [
    ("level", "godlike", "unknown AI level 'godlike'"),
    ("temperament", "furious", "unknown temperament 'furious'"),
    ("level", None, "unknown AI level None"),
])
def test_import_refuses_unknown_ai_levels(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path,
                                          field: str, value: str | None, message: str) -> None:
    sid = run(capsys, "new", "--scenario", "classroom", "--seat", "serbia=ai:easy", "--db", db)[1].strip()
    path = tmp_path / "s.json"
    assert run(capsys, "export", sid, "--out", str(path), "--db", db, "--facilitator")[0] == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    # In the object form older exports wrote (the text form cannot even say "no level").
    data["seats"] = [Seat.parse(text).to_json() for text in data["seats"]]
    seat = next(s for s in data["seats"] if s["controller"] == "ai")
    seat[field] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    before = stored(db)
    code, _, err = run(capsys, "import", str(path), "--db", db)
    assert message in one_line_error(code, err)
    assert stored(db) == before


# -- a closed pipe -----------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [["rules", "export", "--json"], ["log", "1", "--json"]])
def test_a_closed_pipe_ends_quietly(db: str, argv: list[str]) -> None:
    """``keci log 1 --json | head``: the reader stops early; the command ends without a word."""
    setup = [sys.executable, str(ROOT / "main.py"), "new", "--scenario", "classroom", "--seed", "2",
             "--seat", "kosovo=ai:random", "--seat", "serbia=ai:random", "--seat", "nato=ai:random",
             "--seat", "eu=ai:random", "--db", db]
    if argv[0] == "log":  # a whole game's log, far more than a pipe's buffer
        subprocess.run(setup, check=True, capture_output=True, cwd=ROOT)
        subprocess.run([*setup[:2], "advance", "1", "--db", db], check=True, capture_output=True, cwd=ROOT)
    command = [sys.executable, str(ROOT / "main.py"), *argv] + (["--db", db] if argv[0] == "log" else [])
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip() in (b"[", b"{")
    proc.stdout.close()  # like `head -1` exiting
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 1)
    assert err == "", err


# -- files that never end ----------------------------------------------------------------------

@pytest.mark.parametrize("argv, message", [
    (["import", "/dev/zero"], "not a file"),
    (["rules", "check", "/dev/zero"], "OK:"),  # not a content file: the shipped content is checked
    (["new", "--scenario", "/dev/zero"], "scenario file not found"),
])
def test_devices_are_not_read_forever(capsys: pytest.CaptureFixture[str], db: str, argv: list[str],
                                      message: str) -> None:
    done: list[tuple[int, str, str]] = []
    worker = threading.Thread(target=lambda: done.append(run(capsys, *argv, *(["--db", db] if argv[0] != "rules"
                                                                               else []))), daemon=True)
    worker.start()
    worker.join(60)
    assert done, f"{' '.join(argv)} hung"
    code, out, err = done[0]
    assert code in (0, 1, 2) and message in out + err and "Traceback" not in err


def test_a_facilitator_reason_too_long_to_import_is_refused(capsys: pytest.CaptureFixture[str], db: str,
                                                            tmp_path: Path) -> None:
    """What the program writes, it reads: a reason longer than an import accepts is refused when given."""
    sid = run(capsys, "new", "--scenario", "classroom", "--seed", "2", "--db", db)[1].strip()
    before = stored(db)
    code, _, err = run(capsys, "pause", sid, "--reason", "r" * 501, "--db", db)
    assert "at most 500 characters" in one_line_error(code, err)
    assert stored(db) == before
    assert run(capsys, "pause", sid, "--reason", "ë" * 500, "--db", db)[0] == 0
    path = tmp_path / "paused.json"
    assert run(capsys, "export", sid, "--out", str(path), "--db", db, "--facilitator")[0] == 0
    code, _, err = run(capsys, "import", str(path), "--db", db)
    assert code == 0, err


# -- an undone move is stored as written ---------------------------------------------------------

@pytest.mark.parametrize("field, value", [("turn", None), ("turn", "2"), ("phase", 3), ("after", [None, "crisis"])])
def test_an_undone_move_with_a_damaged_record_is_refused(capsys: pytest.CaptureFixture[str], db: str,
                                                         tmp_path: Path, field: str, value: object) -> None:
    """An import replays every move but stores an undone one as written, so a damaged turn, phase
    or 'after' in it was accepted and `log` then failed with a traceback (found by
    test_fuzz_import). The import now refuses it in one line and stores nothing."""
    with Store(f"sqlite:///{db}") as store:
        sid = store.create("standard", 3)
        game = store.load(sid)
        while game.state.phase != "actions":
            role = game.waiting_for()[0]
            store.act(sid, Action.make(role, "end_negotiation") if game.state.phase == "negotiation"
                      else Action.make(role, "respond", response=game.legal_actions(role)[0].params["response"][0]))
            game = store.load(sid)
        store.act(sid, Action.make("kosovo", "kos_open_defence_budget"))
        store.undo(sid, "kosovo")
    path = tmp_path / "s.json"
    assert run(capsys, "export", str(sid), "--out", str(path), "--db", db, "--facilitator")[0] == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    undone = next(e["payload"]["undo"] for e in data["log"] if e["kind"] == "undo")
    next(e for e in data["log"] if e["seq"] == undone)["payload"][field] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    before = stored(db)
    code, _, err = run(capsys, "import", str(path), "--db", db)
    one_line_error(code, err)
    assert stored(db) == before


@pytest.mark.parametrize("odd", ["\U00010000 Linear B", "emoji \U0001F54A", "\\u0085 next line \\x01 control"])
def test_a_scenario_whose_text_holds_any_character_yaml_allows_can_be_played(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, db: str, odd: str) -> None:
    """What `rules check` accepts, `new` stores and plays: the session's own scenario is kept as
    JSON, which writes a character beyond U+FFFF as a surrogate pair YAML refuses; it failed with
    an error naming a temporary file instead of being played."""
    text = (ROOT / "rules" / "content" / "scenarios" / "classroom.yaml").read_text(encoding="utf-8")
    text = text.replace("id: classroom", "id: odd_text", 1).replace('name: "Classroom game: 2025-2028"', f'name: "{odd}"', 1)
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    assert run(capsys, "rules", "check", str(path))[0] == 0
    code, out, err = run(capsys, "new", "--scenario", str(path), "--db", db)
    assert code == 0, err
    sid = out.strip()
    code, out, err = run(capsys, "show", sid, "--db", db)
    assert code == 0 and "Traceback" not in err
