"""Property tests for scenario and content files: near-misses of the shipped YAML and plain noise.

``rules check`` and ``new --scenario`` either accept a file or report each problem on one line
naming the file; an accepted scenario starts a game that can be shown and played; a refused one
stores nothing.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from game.players import random_player
from game.store import Store
from rules.loader import CONTENT_DIR
from tests.game.fuzz_helpers import check_outcome, run_cli, stored
from tests.game.mutations import mutated

SCENARIO = yaml.safe_load((CONTENT_DIR / "scenarios" / "classroom.yaml").read_text(encoding="utf-8"))
SCENARIO["id"] = "fuzzed"
CONTENT_FILES = sorted(p.relative_to(CONTENT_DIR) for p in CONTENT_DIR.rglob("*.yaml"))
def bounded(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _dump(doc: Any) -> str:
    try:
        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return repr(doc)  # not representable as YAML: the file holds its text instead


def _play_a_little(db: Path, session: int) -> None:
    """An accepted scenario must also be playable: a few random moves through the store."""
    rng = random.Random(0)
    with Store(str(db)) as store:
        for _ in range(12):
            game = store.load(session)
            if game.over or not game.waiting_for():
                return
            store.act(session, random_player(game, game.waiting_for()[0], rng))


@bounded(30)
@given(data=st.data())
def test_a_damaged_scenario_file_is_reported_or_plays(data: st.DataObject, tmp_path: Path) -> None:
    where = Path(tempfile.mkdtemp(dir=tmp_path))
    path = where / "fuzzed.yaml"
    path.write_text(_dump(data.draw(mutated(SCENARIO))), encoding="utf-8")
    db = where / "keci.db"
    check = run_cli(["rules", "check", str(path)])
    check_outcome(check, ["rules", "check", str(path)], file_names=(str(path),))
    before = stored(db)
    argv = ["new", "--scenario", str(path), "--db", str(db), "--json"]
    created = run_cli(argv)
    check_outcome(created, argv, file_names=(str(path),))
    event("accepted" if created.code == 0 else "refused")
    assert (check.code == 0) == (created.code == 0), (check.err, created.err)
    if created.code != 0:
        assert stored(db) == before
        return
    session = int(created.out.split(":")[1].strip(" }\n"))
    assert run_cli(["show", str(session), "--db", str(db)]).code == 0
    _play_a_little(db, session)


@bounded(30)
@given(text=st.one_of(
    st.text(max_size=300),
    st.sampled_from(["id: x\n", "{", "- - -", "!!python/object:os.system {}", "id: &a [*a]", "a: *b",
                     "? [a]\n: 1", "%YAML 9.9\n---\n", "\ufeffid: x", "id: 1e999999", "turns: -1"]),
    st.lists(st.sampled_from(["id: fuzzed", "name: F", "turns: 3", "seats: [kosovo, serbia]", "deck: []",
                              "  - x", "tracks: {}", "&a x", "*a", "<<: *a", "---", "..."]), max_size=8)
    .map("\n".join),
))
def test_any_text_as_a_scenario_file_is_reported_in_lines_naming_it(text: str, tmp_path: Path) -> None:
    where = Path(tempfile.mkdtemp(dir=tmp_path))
    path = where / "noise.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    argv = ["rules", "check", str(path)]
    outcome = run_cli(argv)
    check_outcome(outcome, argv, file_names=(str(path),))


@pytest.fixture(scope="module")
def content_copy() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="keci-fuzz-content-")) / "content"
    shutil.copytree(CONTENT_DIR, folder)
    return folder


@bounded(20)
@given(data=st.data())
def test_a_damaged_content_folder_is_reported_file_by_file(data: st.DataObject, content_copy: Path,
                                                           tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path)) / "content"
    shutil.copytree(content_copy, folder)
    name = data.draw(st.sampled_from(CONTENT_FILES))
    target = folder / name
    target.write_text(_dump(data.draw(mutated(yaml.safe_load(target.read_text(encoding="utf-8"))))),
                      encoding="utf-8")
    argv = ["rules", "check", str(folder)]
    outcome = run_cli(argv)
    check_outcome(outcome, argv, file_names=(str(folder),))
    event("accepted" if outcome.code == 0 else "refused")
