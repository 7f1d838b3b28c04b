"""The after-action review and the briefings, read back as a lecturer gets them: PDF text, pictures, CSV."""

from __future__ import annotations

import csv
import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from game.debrief.briefings import write_briefings
from game.debrief.csv_export import write_csv
from game.debrief.pdf import write_report
from game.debrief.record import build
from game.debrief.story import tell
from game.store import SeatSpec, Store
from game.table.table import Table
from rules.core.actions import Action
from rules.facilitator import FACILITATOR

SEATS = ("kosovo", "serbia", "nato", "eu")


def _play(store: Store, seed: int) -> int:
    sid = store.create("classroom", seed, [SeatSpec(r, "ai", "easy", "moderate") for r in SEATS], f"Group {seed}")
    store.act(sid, Action.make(FACILITATOR, "adjust", track="north_tension", delta=1, reason="riots in Mitrovica"))
    Table(store, sid).advance()  # the AI seats play to the end (the table's one AI rule)
    return sid


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[int]]:
    db = str(tmp_path_factory.mktemp("debrief") / "class.db")
    with Store(db) as store:
        ids = [_play(store, seed) for seed in (3, 4)]
    return db, ids


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(path).pages))


def test_the_report_names_the_ending_each_role_and_the_causes(played: tuple[str, list[int]], tmp_path: Path) -> None:
    db, ids = played
    with Store(db) as store:
        record = build(store, ids[0])
    out = tmp_path / "report.pdf"
    write_report([record], out)
    text = _text(out)
    story = tell(record)
    ending = record.content.endings[record.state.ending].name
    assert f"How it ended: {ending}" in text
    assert re.sub(r"\s+", " ", story.headline)[:60] in text
    for cause in story.causes[:3]:
        assert re.sub(r"\s+", " ", cause)[:50] in text
    for role in SEATS:
        assert record.content.roles[role].name in text
    for secret in (o for r in SEATS for o in record.content.roles[r].objectives if o.secret):
        assert re.sub(r"\s+", " ", secret.text)[:40] in text  # revealed in the review
    assert "riots in Mitrovica" in text and "Questions for discussion" in text
    assert "1995 Study" in text and "followed" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "2", str(out), str(tmp_path / "page")], check=True)
        pages = sorted(tmp_path.glob("page-*.png"))
        assert len(pages) == 2 and all(p.stat().st_size > 5000 for p in pages)


def test_the_class_comparison_and_the_csv_read_back(played: tuple[str, list[int]], tmp_path: Path) -> None:
    db, ids = played
    with Store(db) as store:
        records = [build(store, i) for i in ids]
    out = tmp_path / "class.pdf"
    write_report(records, out)
    text = _text(out)
    assert "Class comparison" in text and "Group 3" in text and "Group 4" in text
    moves, tracks, deals = write_csv(records, tmp_path / "csv")
    with moves.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {int(r["session"]) for r in rows} == set(ids)
    assert any(r["role"] == "facilitator" and r["action"] == "adjust" for r in rows)
    assert len([r for r in rows if r["session"] == str(ids[0])]) == len(records[0].log_actions)
    with tracks.open(encoding="utf-8") as f:
        points = list(csv.DictReader(f))
    last = [p for p in points if p["session"] == str(ids[0])][-1]
    assert int(last["north_tension"]) == records[0].state.tracks["north_tension"]
    assert int(last["score_kosovo"]) == records[0].game.scores()["kosovo"]
    with deals.open(encoding="utf-8") as f:
        assert len([d for d in csv.DictReader(f) if d["session"] == str(ids[1])]) == len(records[1].state.deals)


def test_score_steps_add_up_to_the_final_scores(played: tuple[str, list[int]]) -> None:
    db, ids = played
    with Store(db) as store:
        record = build(store, ids[0])
    for role in SEATS:
        moved = sum(d.score_delta[role] for d in record.decisions)
        assert record.points[0].scores[role] + moved == record.points[-1].scores[role]


def test_a_stalemate_after_a_recognition_does_not_say_recognition_stayed_gridlocked(
        played: tuple[str, list[int]]) -> None:
    db, ids = played
    with Store(db) as store:
        record = build(store, ids[0])
    game = record.game.clone()
    game.state.ending, game.state.recognized_by = "stalemate", ("greece",)
    story = tell(dataclasses.replace(record, game=game))
    assert "Greece recognized Kosovo" in story.headline
    assert "gridlock" not in story.headline and "no non-recognizing Ally" not in story.headline
    assert "gridlock" not in record.content.endings["stalemate"].explanation.lower()


def test_a_briefing_holds_no_other_roles_confidential_objective(played: tuple[str, list[int]], tmp_path: Path) -> None:
    db, ids = played
    with Store(db) as store:
        game = store.load(ids[0])
    files = write_briefings(game, tmp_path)
    assert [f.name for f in files] == ["primer.pdf", *[f"briefing_{r}.pdf" for r in SEATS]]
    assert len(PdfReader(files[0]).pages) == 1  # the public primer fits on one page
    c = game.content
    for role in SEATS:
        text = _text(tmp_path / f"briefing_{role}.pdf")
        assert f"Confidential briefing: {c.roles[role].name}" in text
        for other in SEATS:
            for o in c.roles[other].objectives:
                snippet = re.sub(r"\s+", " ", o.text)[:40]
                if o.secret:
                    assert (snippet in text) == (other == role), (role, o.text)
        for fact in ("4,700 troops", "Spain, Greece, Romania and Slovakia", "27 February 2023", "KECI"):
            assert fact in text
        assert c.actions_by_role[role][0].name[:30] in text
    primer = _text(files[0])
    assert all(not o.secret or re.sub(r"\s+", " ", o.text)[:40] not in primer
               for r in SEATS for o in c.roles[r].objectives)


def test_debrief_and_briefings_from_the_command_line(played: tuple[str, list[int]], tmp_path: Path) -> None:
    from game.cli import main

    db, ids = played
    assert main(["debrief", *map(str, ids), "--out", str(tmp_path / "r.pdf"), "--csv", str(tmp_path / "c"), "--db", db]) == 0
    assert (tmp_path / "r.pdf").stat().st_size > 50_000 and (tmp_path / "c" / "deals.csv").exists()
    assert main(["briefings", str(ids[0]), "--out", str(tmp_path / "b"), "--db", db]) == 0
    assert main(["debrief", "999", "--out", str(tmp_path / "x.pdf"), "--db", db]) == 2
    assert main(["debrief", str(ids[0]), "--out", str(tmp_path / "nope" / "x.pdf"), "--db", db]) == 2



def test_the_charts_of_a_neutral_session_say_kosovo_star(played: tuple[str, list[int]],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The review's pictures are worded as its text is: in the status-neutral mode a label that
    is the name alone says "Kosovo*" (as every seat label does), no text says "Republic of
    Kosovo" or a place in one language only; in the plain mode they keep the paper's words."""
    from matplotlib.text import Text

    from game.debrief import charts

    drawn: list[list[str]] = []
    word = charts._word

    def spy(fig: object, mode: str) -> None:
        word(fig, mode)  # type: ignore[arg-type]
        drawn.append([t.get_text() for t in fig.findobj(Text)])  # type: ignore[attr-defined]

    monkeypatch.setattr(charts, "_word", spy)
    db, ids = played
    with Store(db) as store:
        record = build(store, ids[0])
    one_language = re.compile(r"(?<![/\w])(Prishtina|Pristina|Prishtinë|Mitrovica|Banjska|Zvečan|Leposavić)(?![/\w])")
    for mode in ("neutral", "plain"):
        drawn.clear()
        worded = dataclasses.replace(record, wording=mode)
        for chart in (charts.tracks, charts.keci_timeline, charts.negotiation_timeline, charts.network):
            chart(worded)
        charts.class_comparison([worded])
        texts = [t for fig in drawn for t in fig]
        assert len(drawn) == 5
        names = [t.replace("\n", " ").strip() for t in texts]
        if mode == "neutral":
            assert "Kosovo*" in names and "Kosovo" not in names
            assert not [t for t in texts if "Republic of Kosovo" in t or one_language.search(t)]
        else:
            assert "Kosovo" in names and not any("Kosovo*" in t for t in texts)


def test_a_variants_judgement_of_an_ending_is_told_in_the_briefings_the_story_and_the_help(
        played: tuple[str, list[int]], tmp_path: Path) -> None:
    """À-la-carte judges the breakthrough on the breakthrough that would open phase 3 (its own
    condition and text): each team's briefing, the debrief's story and the window's help say so;
    the standard game's help still tells endings.yaml's."""
    from game.ui.guide import game_help
    from rules.core.engine import Game

    db, ids = played
    with Store(db) as store:
        record = build(store, ids[0])
    c = record.content
    game, _ = Game.new(c, "a_la_carte", 5)
    judged = c.ending("breakthrough", "a_la_carte").explanation
    assert judged != c.endings["breakthrough"].explanation
    write_briefings(game, tmp_path)
    for role in SEATS:
        text = _text(tmp_path / f"briefing_{role}.pdf")
        assert "Breakthrough in this variant:" in text and re.sub(r"\s+", " ", judged)[:60] in text
    game.state.ending = "breakthrough"
    assert judged in tell(dataclasses.replace(record, game=game)).headline
    helps = {name: " ".join(s.body for s in game_help(c, name)) for name in ("a_la_carte", "standard")}
    assert judged in helps["a_la_carte"] and judged not in helps["standard"]
    assert c.endings["breakthrough"].explanation in helps["standard"]
