"""The status-neutral wording on the command line: chosen with ``new --wording``, kept with the
session, honoured by every command that prints about it (the full commands and the quick path),
and never changing the game."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game.store import Store
from rules import wording
from tests.game.test_session_cli import inproc, keci

AI = ("--seat", "kosovo=ai", "--seat", "serbia=ai", "--seat", "nato=ai", "--seat", "eu=ai")
NOTE = wording.footnote("neutral")
#: A place name in only one language (not part of an "A/B" pair).
BARE = re.compile(r"(?<![/\w])(Prishtina|Pristina|Prishtinë|Mitrovica|Banjska|Zvečan|Leposavić)(?![/\w])")


def assert_neutral(text: str, footnote: bool = True) -> None:
    """What a player reads in the neutral mode: no 'Republic of Kosovo', no place name in one
    language only, Kosovo* and (for text output) the footnote exactly once."""
    assert "Republic of Kosovo" not in text
    assert not BARE.findall(text), BARE.findall(text)[:3]
    assert "Kosovo*" in text
    assert text.count(NOTE) == (1 if footnote else 0)


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int, int, str]:
    """The same classroom game (seed 11, AI everywhere) played in each mode, to its end, and
    what ``advance`` printed for the neutral one (in whatever order the tests run, the game
    is played here once: a later ``advance`` has nothing left to play)."""
    db = str(tmp_path_factory.mktemp("wording") / "w.db")
    plain = json.loads(inproc(db, "new", "--scenario", "classroom", "--seed", "11", *AI, "--json"))["session"]
    neutral = json.loads(inproc(db, "new", "--scenario", "classroom", "--seed", "11", *AI, "--wording",
                                "neutral", "--json"))["session"]
    inproc(db, "advance", str(plain))
    return db, plain, neutral, inproc(db, "advance", str(neutral))


@pytest.fixture(scope="module")
def games(played: tuple[str, int, int, str]) -> tuple[str, int, int]:
    return played[:3]


def test_the_mode_never_changes_the_game(played: tuple[str, int, int, str]) -> None:
    """Same seed and moves → the same game: the stored logs are equal, entry by entry, apart from
    their times; only the printed words differ."""
    db, plain, neutral, advanced = played
    assert_neutral(advanced)
    with Store(db) as store:
        a, b = store.export(plain), store.export(neutral)
        assert (a["wording"], b["wording"]) == ("plain", "neutral")
        strip = [{k: v for k, v in e.items() if k != "created_at"} for e in a["log"]]
        assert strip == [{k: v for k, v in e.items() if k != "created_at"} for e in b["log"]]
        assert store.load(plain).state.to_json() == store.load(neutral).state.to_json()
    plain_log = inproc(db, "log", str(plain), "--as", "facilitator")
    neutral_log = inproc(db, "log", str(neutral), "--as", "facilitator")
    assert "Prishtina" in plain_log and NOTE not in plain_log and "Kosovo*" not in plain_log
    assert_neutral(neutral_log)
    back = neutral_log.replace("\n" + NOTE + "\n", "").replace("Kosovo*", "Kosovo")
    assert back.replace("Pristina/Prishtinë", "Prishtina") == plain_log


@pytest.mark.parametrize("command", [("show", "--as", "kosovo"), ("show", "--as", "serbia"), ("show",),
                                     ("log",), ("log", "--as", "kosovo"), ("show", "--results", "--as", "kosovo"),
                                     ("show", "--results", "--turn", "2")])
def test_every_printing_command_words_the_session_neutrally(games: tuple[str, int, int],
                                                           command: tuple[str, ...]) -> None:
    db, plain, neutral = games
    inproc(db, "advance", str(neutral))
    out = inproc(db, command[0], str(neutral), *command[1:])
    assert "Republic of Kosovo" not in out and not BARE.findall(out)
    assert out.count(NOTE) == 1 and out.count("Kosovo*") >= 1
    shown = inproc(db, command[0], str(plain), *command[1:])
    assert NOTE not in shown and "Kosovo*" not in shown


def test_json_output_is_worded_and_stays_json(games: tuple[str, int, int]) -> None:
    db, _, neutral = games
    board = inproc(db, "show", str(neutral), "--as", "kosovo", "--json")
    data = json.loads(board)  # still valid JSON: no footnote line in it
    assert data["roles"]["kosovo"]["name"] == "Kosovo*"  # the seat's label is the denomination
    assert "Republic of Kosovo" not in board and NOTE not in board


def test_the_quick_path_honours_the_mode_too(games: tuple[str, int, int]) -> None:
    """``show`` and ``log`` on a SQLite save are answered without SQLAlchemy; they word the
    session the same way as the full command."""
    db, _, neutral = games
    inproc(db, "advance", str(neutral))
    for args in (("show", str(neutral), "--as", "kosovo"), ("log", str(neutral))):
        quick = keci(db, *args).stdout
        assert quick == inproc(db, *args)
        assert_neutral(quick)


def test_new_refuses_an_unknown_mode(tmp_path: Path) -> None:
    result = keci(str(tmp_path / "x.db"), "new", "--wording", "polite", check=False)
    assert result.returncode != 0 and "invalid choice: 'polite'" in result.stderr


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "") for page in PdfReader(str(path)).pages).split())


def test_the_review_briefings_and_csv_of_a_neutral_session(games: tuple[str, int, int], tmp_path: Path) -> None:
    """``debrief`` and ``briefings`` print Kosovo* with the footnote once (on the first page) and
    the place names in both languages; the CSV's texts are worded too."""
    db, plain, neutral = games
    inproc(db, "advance", str(neutral))
    inproc(db, "debrief", str(neutral), "--out", str(tmp_path / "review.pdf"), "--csv", str(tmp_path / "csv"))
    inproc(db, "briefings", str(neutral), "--out", str(tmp_path / "briefings"))
    for pdf in [tmp_path / "review.pdf", *sorted((tmp_path / "briefings").glob("*.pdf"))]:
        text = _pdf_text(pdf)
        assert "Republic of Kosovo" not in text and "Kosovo*" in text, pdf.name
        assert text.count("*This designation is without prejudice") == 1, pdf.name
        assert not BARE.findall(text), (pdf.name, BARE.findall(text)[:3])
    moves = (tmp_path / "csv" / "moves.csv").read_text(encoding="utf-8")
    assert "Republic of Kosovo" not in moves and not BARE.findall(moves)
    inproc(db, "debrief", str(plain), "--out", str(tmp_path / "plain.pdf"))
    assert "This designation" not in _pdf_text(tmp_path / "plain.pdf")
